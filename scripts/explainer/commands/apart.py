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
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ..model.collector import collector_paused
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
    however it ended (it may clean up what a killed child left).

    The child writes what it sends back into a temporary file, pickled as it goes, and this
    process reads it once the child has ended: neither holds the pickled bytes whole (100 MB at
    10,000 articles), and this process's copy of the result is made only after the child's
    memory, the model's, is the system's again."""
    sys.stdout.flush()  # or what is buffered would be printed twice, by both processes
    sys.stderr.flush()
    with tempfile.TemporaryFile(prefix="explainer-child-") as report:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child; its report is checked here
            _child(work, report)
        status = None
        try:
            _, status, usage = os.wait4(pid, 0)
            child_peaks.append(usage.ru_maxrss * 1024)
        finally:
            if status is None:  # interrupted here: the child must not go on alone
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
            on_exit(pid)
        return _result(report, status)


def _child(work: Callable[[], T], report) -> None:
    try:
        outcome, code = ("done", work()), 0
    except EXPECTED as exc:
        outcome, code = ("raised", exc), 1
    except BaseException:  # noqa: BLE001 - everything goes back to the parent
        outcome, code = ("failed", traceback.format_exc()), 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
        _write(report, outcome)
    finally:
        os._exit(code)


def _write(report, outcome: tuple) -> None:
    """The outcome pickled into `report`; what cannot be pickled (a result, an exception that
    cannot travel) goes back as the crash it is, in words."""
    try:
        pickle.dump(outcome, report, pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - what was written so far is dropped
        report.seek(0)
        report.truncate()
        kind, value = outcome
        crash = "".join(traceback.format_exception(value)) if kind == "raised" else traceback.format_exc()
        pickle.dump(("failed", crash), report)
    report.flush()


def _result(report, status: int):
    code = os.waitstatus_to_exitcode(status)
    report.seek(0)
    if code < 0 or not report.read(1):  # killed, perhaps while it wrote: nothing it wrote is read
        died = f"was killed (signal {-code}: {signal.strsignal(-code)})" if code < 0 else f"exited {code}"
        raise BuildFailed(f"the build's process {died} before it finished (out of memory?); nothing was published")
    report.seek(0)
    try:
        with collector_paused():  # the result's many objects all live on
            outcome, value = pickle.load(report)
    except Exception as exc:  # noqa: BLE001 - cut short (a full disk): a failed build, not a wrong one
        raise BuildFailed(f"the build's process sent back an unreadable result ({exc}); nothing was published")
    if outcome == "raised":
        raise value
    if outcome == "failed":
        raise ChildFailed(value)
    return value
