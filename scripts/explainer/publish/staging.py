"""Atomic publishing: build into a staging folder beside the output, swap on success.

Pelican writes into its output folder as it goes, so a failure half way leaves a half
site. We point Pelican at `<output>.staging-<pid>` when it starts and move that into
place only when every generator has finished and no error was logged; on any failure the
previous output stays exactly as it was.
"""

from __future__ import annotations

import ctypes
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path


class ErrorCounter(logging.Handler):
    """Counts errors Pelican logs but does not raise (it would otherwise exit 0)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class BuildFailed(Exception):
    exitcode = 1


def staging_path(output: Path) -> Path:
    return output.with_name(f"{output.name}.staging-{os.getpid()}")


def remove_stale(output: Path) -> None:
    """Staging and old folders left behind by a build that was killed."""
    for pattern in (f"{output.name}.staging-*", f"{output.name}.old-*"):
        for stale in output.parent.glob(pattern):
            shutil.rmtree(stale, ignore_errors=True)


def start(output: Path) -> Path:
    remove_stale(output)
    staging = staging_path(output)
    staging.mkdir(parents=True)
    return staging


def swap(staging: Path, output: Path) -> None:
    """Put the staged site in place. Where the system can, the two folders trade places in one
    step, so a server reading `output` (the dev server) never finds it missing."""
    old = output.with_name(f"{output.name}.old-{os.getpid()}")
    if output.exists() and _exchange(staging, output):
        os.rename(staging, old)  # now the previous site
    else:
        if output.exists():
            os.rename(output, old)
        os.rename(staging, output)
    if old.exists():
        _remove_in_background(old)


def _remove_in_background(folder: Path) -> None:
    """Delete the previous site without keeping the editor waiting (thousands of files take
    most of a second). The shell starts the deletion in the background and exits at once, so
    no child is left for us to wait for, in the CLI or the dev server. If the deletion is
    interrupted, the next build's remove_stale finishes it."""
    remove = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"
    subprocess.run(["/bin/sh", "-c", '"$0" -c "$1" "$2" </dev/null >/dev/null 2>&1 &', sys.executable, remove,
                    str(folder)], check=False)


def _exchange(first: Path, second: Path) -> bool:
    """Linux's renameat2(RENAME_EXCHANGE); False where it is missing or refused."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_cwd, rename_exchange = -100, 2
    return renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), rename_exchange) == 0


def abandon(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
