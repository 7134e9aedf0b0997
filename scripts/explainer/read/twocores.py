"""Parsing on both cores: the second half of the files parsed in a forked child, sent back
pickled, while this process parses the first.

Parsing thousands of YAML records is CPU work with nothing shared between files, and before
the model is built the process is small, so a fork costs little. A child that fails in any
way (raised, killed, sent back nothing) has its half parsed here: a slower load, never a
different one. A bug that makes parsing raise raises here too, with its own traceback.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def map_on_two_cores(items: list[T], work: Callable[[T], R]) -> list[R]:
    """[work(item) for item in items], the second half in a forked child where the system forks.
    What `work` returns must pickle."""
    if not hasattr(os, "fork") or len(items) < 2:
        return [work(item) for item in items]
    middle = len(items) // 2
    sys.stdout.flush()  # or what is buffered would be printed twice, by both processes
    sys.stderr.flush()
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child; what it sends is checked here
        os.close(reading)
        _child(items[middle:], work, writing)
    os.close(writing)
    ended = False
    try:
        mine = [work(item) for item in items[:middle]]
        with os.fdopen(reading, "rb") as pipe:
            report = pipe.read()
        os.waitpid(pid, 0)
        ended = True
    finally:
        if not ended:  # this process failed or was interrupted: the child must not go on alone
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    theirs = _theirs(report, len(items) - middle)
    return mine + (theirs if theirs is not None else [work(item) for item in items[middle:]])


def _child(items: list[T], work: Callable[[T], R], writing: int) -> None:
    code = 1
    try:
        report = pickle.dumps([work(item) for item in items], pickle.HIGHEST_PROTOCOL)
        with os.fdopen(writing, "wb") as pipe:
            pipe.write(report)
        code = 0
    finally:
        os._exit(code)  # nothing of the parent's (atexit handlers, buffered output) runs twice


def _theirs(report: bytes, count: int) -> list | None:
    """The child's results, or None if it sent back none that can be used."""
    if not report:
        return None
    try:
        theirs = pickle.loads(report)
    except Exception:  # noqa: BLE001 - cut short: the child was killed while writing
        return None
    return theirs if isinstance(theirs, list) and len(theirs) == count else None
