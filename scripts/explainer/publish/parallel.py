"""Rendering on both cores: half the pages in a forked child, half here.

Pages are independent once the model is built, and a forked child shares the built model
without pickling it. It does copy each memory page of the model it touches, though (reading
an object writes its reference count): at 3,000 articles 310 of 540 MB, so a fork nearly
doubles the model. Above MAX_SHARED_BYTES the pages are rendered in one process, slower but
within a build machine's memory (at 10,000 articles the fork took the build to 2.37 GB).

The child sends back only JSON (each item's result, the errors it logged, or its traceback)
and leaves with os._exit, so nothing of the parent's (open files, atexit handlers) runs twice.
Forking is skipped where it does not pay (a few items), where the system has no fork, and
where the caller says so: the dev server, whose other threads a fork would leave behind
mid-work.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import sys
import traceback
from collections.abc import Callable
from typing import TypeVar

from .staging import ErrorCounter

T = TypeVar("T")
MIN_ITEMS = 40  # below this a fork saves nothing measurable (17 pages: none; 105 pages: 70 ms of 0.72 s)
MAX_SHARED_BYTES = 1_000_000_000  # a larger process is not forked: it and its copy would pass 2 GB


class ChildFailed(Exception):
    """The child raised: its traceback is the message."""


def map_in_two(items: list[str], work: Callable[[str], T], fork: bool = True) -> list[T]:
    """[work(item) for item in items], the second half in a forked child when that pays.
    `work` must return JSON-ready values; errors the child logs count here too."""
    if not fork or len(items) < MIN_ITEMS or not hasattr(os, "fork") or resident_bytes() > MAX_SHARED_BYTES:
        return [work(item) for item in items]
    middle = len(items) // 2
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child; its results are checked in the parent
        os.close(reading)
        _child(items[middle:], work, writing)
    os.close(writing)
    try:
        mine = [work(item) for item in items[:middle]]
    finally:
        with os.fdopen(reading, "rb") as pipe:
            report = pipe.read()
        os.waitpid(pid, 0)
    return mine + _results(report)


def resident_bytes() -> int:
    """This process's resident memory now (Linux); elsewhere its peak so far, an upper bound."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024  # bytes on macOS, KiB elsewhere


def _child(items: list[str], work: Callable[[str], T], writing: int) -> None:
    logged = ErrorCounter()  # the child's own: the parent's copy here would never be read
    logging.getLogger().addHandler(logged)
    try:
        report = {"results": [work(item) for item in items], "logged": logged.messages}
        status = 0
    except BaseException:  # noqa: BLE001 - everything goes back to the parent
        report, status = {"failed": traceback.format_exc()}, 1
    try:
        with os.fdopen(writing, "wb") as pipe:
            pipe.write(json.dumps(report).encode("utf-8"))
    finally:
        os._exit(status)


def _results(report: bytes) -> list:
    if not report:
        raise ChildFailed("the rendering child ended without a report")
    data = json.loads(report)
    if "failed" in data:
        raise ChildFailed(data["failed"])
    for counter in [h for h in logging.getLogger().handlers if isinstance(h, ErrorCounter)]:
        counter.messages += data["logged"]  # the child printed them already; here they fail the build
    return data["results"]

