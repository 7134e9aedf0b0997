"""Work done in a forked child process, so that the memory it used is the system's again the
moment it ends: `explainer build` makes and renders the model there, then publishes from its
own small process (commands/build.py). A process cannot give back a heap of millions of freed
objects (what is left is too fragmented); a process that ends gives back everything.

The child sends back pickled what `work` returns, or the exception it raised, and leaves with
os._exit, so nothing of the parent's (open files, atexit handlers) runs twice.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ..model.problems import ContentError
from ..publish.staging import BuildFailed
from ..read.load import ARTICLES

T = TypeVar("T")
# What the command reports as it always has (its message, no traceback): raised again here.
EXPECTED = (ContentError, BuildFailed, KeyboardInterrupt)
# The largest resident set of each child that ended, in bytes (bench/own_peak.py reports it).
child_peaks: list[int] = []
# From this many articles the model is made in a child: at 2,000 that build is faster and its
# peak lower (23.0 s and 1.15 GB, against 27.9 s and 1.48 GB in one process). Below it both fit
# side by side, and handing the child's manifest back costs more than it saves: 0.2 s of a
# 2.3 s rebuild at 1,000 articles, 20 ms of 0.58 s for the real content (bench/apart.py).
FROM_ARTICLES = 2_000


def pays(content: Path) -> bool:
    """Whether the content holds enough articles for the model to be made in a child."""
    try:
        with os.scandir(content / ARTICLES) as entries:
            return sum(entry.name.endswith(".md") for entry in entries) >= FROM_ARTICLES
    except OSError:  # no articles folder: the build reports what is missing
        return False


class ChildFailed(Exception):
    """The child raised something unexpected: its traceback is the message."""


def in_child(work: Callable[[], T], on_exit: Callable[[int], None] = lambda pid: None) -> T:
    """work(), run in a forked child. `on_exit(pid)` runs here once the child has ended
    however it ended (it may clean up what a killed child left)."""
    sys.stdout.flush()  # or what is buffered would be printed twice, by both processes
    sys.stderr.flush()
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child; its report is checked here
        os.close(reading)
        _child(work, writing)
    os.close(writing)
    status = None
    try:
        with os.fdopen(reading, "rb") as pipe:
            report = pipe.read()
        _, status, usage = os.wait4(pid, 0)
        child_peaks.append(usage.ru_maxrss * 1024)
    finally:
        if status is None:  # interrupted here: the child must not go on alone
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
        on_exit(pid)
    return _result(report, status)


def _child(work: Callable[[], T], writing: int) -> None:
    try:
        report, code = pickle.dumps(("done", work()), pickle.HIGHEST_PROTOCOL), 0
    except EXPECTED as exc:
        report, code = _pickled_or_traceback(exc), 1
    except BaseException:  # noqa: BLE001 - everything goes back to the parent
        report, code = pickle.dumps(("failed", traceback.format_exc())), 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
        with os.fdopen(writing, "wb") as pipe:
            pipe.write(report)
    finally:
        os._exit(code)


def _pickled_or_traceback(exc: BaseException) -> bytes:
    try:
        return pickle.dumps(("raised", exc), pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - an exception that cannot travel is reported as a crash
        return pickle.dumps(("failed", "".join(traceback.format_exception(exc))))


def _result(report: bytes, status: int):
    if not report:
        code = os.waitstatus_to_exitcode(status)
        died = f"was killed (signal {-code}: {signal.strsignal(-code)})" if code < 0 else f"exited {code}"
        raise BuildFailed(f"the build's process {died} before it finished (out of memory?); nothing was published")
    outcome, value = pickle.loads(report)
    if outcome == "raised":
        raise value
    if outcome == "failed":
        raise ChildFailed(value)
    return value
