"""Atomic publishing: build into a staging folder beside the output, swap on success.

Pelican writes into its output folder as it goes, so a failure half way leaves a half
site. We point Pelican at `<output>.staging-<pid>` when it starts and move that into
place only when every generator has finished and no error was logged; on any failure the
previous output stays exactly as it was. (A rebuild merges its staged files into the
published site instead, once it passed every check: inplace.py.)

Builds of one output folder exclude each other: `start` takes a lock beside the output (a dev
server rebuilding on save while someone runs `make site` would otherwise swap half sites and
delete each other's staging folders), `finish` gives it back once the site is swapped in and its
manifest saved, or the build failed.
"""

from __future__ import annotations

import ctypes
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout


class ErrorCounter(logging.Handler):
    """Counts errors Pelican logs but does not raise (it would otherwise exit 0)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def __reduce__(self):  # handed to another process with what it counted (commands/apart.py)
        return _counted, (self.messages,)


def _counted(messages: list[str]) -> ErrorCounter:
    counter = ErrorCounter()
    counter.messages = messages
    return counter


class BuildFailed(Exception):
    exitcode = 1


def staging_path(output: Path, pid: int | None = None) -> Path:
    """Where the build in process `pid` (this one's) stages its site."""
    return output.with_name(f"{output.name}.staging-{pid or os.getpid()}")


def lock_path(output: Path) -> Path:
    return Path(os.path.abspath(output.with_name(f".{output.name}.explainer-lock")))


# The locks this process holds, by output folder: a lock nobody refers to is let go, and the
# build that took it (Pelican's get_generators) is not the code that gives it back.
_held: dict[Path, FileLock | _HeldByParent] = {}


def _write_pid(descriptor: int) -> None:
    os.ftruncate(descriptor, 0)
    os.pwrite(descriptor, str(os.getpid()).encode(), 0)


def _holder(output: Path) -> str:
    try:
        return lock_path(output).read_text(encoding="ascii").strip() or "unknown"
    except (OSError, UnicodeDecodeError):
        return "unknown"


def acquire(output: Path) -> None:
    """Wait for any other build of this output folder to finish, saying so once."""
    path = lock_path(output)
    if path in _held:  # a build of this process that failed before giving it back (pelican --autoreload)
        return
    lock = FileLock(path, thread_local=False, on_acquired=_write_pid)  # any thread of ours may give it back
    try:
        lock.acquire(blocking=False)
    except Timeout:
        print(f"waiting for another build of {output.name}/ (pid {_holder(output)}) to finish...", file=sys.stderr,
              flush=True)
        lock.acquire()
    _held[path] = lock


@contextmanager
def build_lock(output: Path) -> Iterator[None]:
    """Hold the output folder's lock for work outside a build (the dev server's search index)."""
    acquire(output)
    try:
        yield
    finally:
        finish(output)


class _HeldByParent:
    """A lock as a forked child sees it (commands/apart.py): its parent took it and gives it
    back. A file lock belongs to the open file both processes share, so the child's release
    would free it for everyone while the parent still publishes."""

    def release(self, force: bool = False) -> None:
        pass


def leave_locks_to_parent() -> None:
    """In a forked child: the locks this process holds are its parent's to give back."""
    for path in _held:
        _held[path] = _HeldByParent()


def finish(output: Path) -> None:
    """The end of this process's build of `output`, however it went: its staging folder, if
    still there (the build failed), is removed, and the next build may start."""
    lock = _held.pop(lock_path(output), None)
    if lock is not None:
        shutil.rmtree(staging_path(output), ignore_errors=True)
        lock.release(force=True)


def write_failed(error: OSError, output: Path, staged: Path | None = None) -> BuildFailed:
    """A file that could not be written (a full disk, a permission), as one located message.
    `staged`: the staging folder, if not this process's."""
    where = error.filename or "a file"
    shown = str(where).replace(str(staged or staging_path(output)), str(output))  # the staging folder is gone
    return BuildFailed(f"{shown}: {error.strerror or error} (errno {error.errno}); nothing was published and "
                       f"{output.name}/ was left as it was. Hint: free some disk space or fix the folder's "
                       "permissions, then build again")


def remove_stale(output: Path) -> None:
    """Staging, old and search folders left behind by a build (or the dev server's search index)
    that was killed or failed. Only under the lock, and never one whose process is still running
    (its pid is in the name). This process's own search folder is in use while it indexes
    beside its builds (publish/catchup.py), and an old site being deleted bears the pid of this
    process or of the one deleting it (swap): neither is touched here."""
    owner = re.compile(rf"{re.escape(output.name)}\.(staging|old|search)-(\d+)")
    for pattern in (f"{output.name}.staging-*", f"{output.name}.old-*", f"{output.name}.search-*"):
        for stale in output.parent.glob(pattern):
            found = owner.match(stale.name)
            pid = int(found.group(2)) if found else None
            mine = pid == os.getpid()
            if found is None or (mine and found.group(1) == "staging") or (not mine and not _running(pid)):
                shutil.rmtree(stale, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def start(output: Path) -> Path:
    """Take the output folder's lock, then a fresh staging folder beside it."""
    acquire(output)
    try:
        remove_stale(output)
        staging = staging_path(output)
        staging.mkdir(parents=True)
    except BaseException:
        finish(output)
        raise
    return staging


def swap(staging: Path, output: Path) -> None:
    """Put the staged site in place. Where the system can, the two folders trade places in one
    step, so a server reading `output` (the dev server) never finds it missing."""
    # One name per swap: the dev server's last old site may still be being deleted.
    old = output.with_name(f"{output.name}.old-{os.getpid()}-{time.monotonic_ns()}")
    if output.exists() and _exchange(staging, output):
        os.rename(staging, old)  # now the previous site
    else:
        if output.exists():
            os.rename(output, old)
        os.rename(staging, output)
    if old.exists():
        _remove_in_background(old)


# The deletion first renames the folder after its own process: a build started meanwhile
# (remove_stale) leaves it to that process instead of deleting it again itself, which took
# ten seconds at 10,000 articles. If the deletion is killed, its pid is gone and the next
# build finishes it.
REMOVE_SCRIPT = """import os, shutil, sys
folder = sys.argv[1]
base, _, rest = folder.rpartition(".old-")
mine = f"{base}.old-{os.getpid()}-{rest.rpartition('-')[2]}"
try:
    os.rename(folder, mine)
except OSError:
    mine = folder
shutil.rmtree(mine, ignore_errors=True)
"""


def _remove_in_background(folder: Path) -> None:
    """Delete the previous site without keeping the editor waiting (thousands of files take
    most of a second). The shell starts the deletion in the background and exits at once, so
    no child is left for us to wait for, in the CLI or the dev server."""
    subprocess.run(["/bin/sh", "-c", '"$0" -c "$1" "$2" </dev/null >/dev/null 2>&1 &', sys.executable,
                    REMOVE_SCRIPT, str(folder)], check=False)


def replace_folder(new: Path, target: Path) -> None:
    """`new` takes `target`'s place (in one step where the system can), and the folder it
    replaced is deleted."""
    if not target.exists():
        os.rename(new, target)
    elif _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # now the replaced folder
    else:
        old = target.with_name(target.name + ".replaced")
        shutil.rmtree(old, ignore_errors=True)
        os.rename(target, old)
        os.rename(new, target)
        shutil.rmtree(old, ignore_errors=True)


def search_work_path(output: Path) -> Path:
    """Where this process indexes the published site for search, beside it (remove_stale)."""
    return output.with_name(f"{output.name}.search-{os.getpid()}")


def _exchange(first: Path, second: Path) -> bool:
    """Linux's renameat2(RENAME_EXCHANGE); False where it is missing or refused."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_cwd, rename_exchange = -100, 2
    return renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), rename_exchange) == 0


def abandon(staging: Path) -> None:
    """A failed build: its staging folder goes, and the next build of its output may start."""
    shutil.rmtree(staging, ignore_errors=True)  # perhaps another process's: a child's, handed over
    finish(staging.with_name(staging.name.rsplit(".staging-", 1)[0]))
