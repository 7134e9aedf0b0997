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
from typing import TypeVar

from ..model.problems import ContentError
from ..publish.staging import BuildFailed

T = TypeVar("T")
# What the command reports as it always has (its message, no traceback): raised again here.
EXPECTED = (ContentError, BuildFailed, KeyboardInterrupt)
# The largest resident set of each child that ended, in bytes (bench/own_peak.py reports it).
child_peaks: list[int] = []


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
