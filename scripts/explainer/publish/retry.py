"""After a failed build, the next one waits for an edit.

Pelican's autoreload runs the build again at once when a run raised, without waiting for
a change (its wait comes after a successful run only), so a content error would rebuild in
a loop and keep a core busy until the editor fixes it. The build that follows a failure
therefore starts only once a watched file has changed since the failed one began; the dev
server, which rebuilds only after a change, never waits here.
"""

from __future__ import annotations

import os
from pathlib import Path

import watchfiles


def wait_for_an_edit(paths: list[Path], since: float) -> None:
    """Return once a file under `paths` was modified after `since` (a time.time())."""
    if _changed_since(paths, since):
        return
    # The check above and the watch can miss an edit made between them: the watch times out
    # every second and looks again.
    for changes in watchfiles.watch(*paths, rust_timeout=1000, yield_on_timeout=True):
        if changes or _changed_since(paths, since):
            return


def _changed_since(paths: list[Path], since: float) -> bool:
    for root in paths:
        for folder, _, files in os.walk(root) if root.is_dir() else [(str(root.parent), [], [root.name])]:
            for name in files:
                try:
                    if os.stat(os.path.join(folder, name)).st_mtime > since:
                        return True
                except OSError:
                    continue
    return False
