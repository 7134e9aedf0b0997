"""Payloads attacked in another process, one ahead of the test that takes them, so the next
build runs while the browser looks at this one. A process, not a thread: a build holding
the GIL would slow every step of the browser."""

from __future__ import annotations

import multiprocessing
import shutil
import warnings
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from .attack import Outcome, Reference, attack
from .payloads import PAYLOADS, Payload


class Pipeline:
    def __init__(self, folder: Path, safe: Reference) -> None:
        safe.scan_all()  # once, before the reference is sent to the worker
        self.folder, self.safe = folder, safe
        # Warnings are errors there too, as pyproject.toml makes them in the tests.
        self.pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=warnings.simplefilter, initargs=("error",))
        self.started: dict[str, Future] = {}
        self.start(PAYLOADS[0])

    def start(self, payload: Payload) -> None:
        if payload.name not in self.started:
            self.started[payload.name] = self.pool.submit(attack, payload, self.folder / payload.name, self.safe)

    def take(self, payload: Payload) -> Outcome:
        """The payload's outcome (a crash in the checker or the build is raised here)."""
        index = PAYLOADS.index(payload)
        for ahead in PAYLOADS[index:index + 2]:
            self.start(ahead)
        return self.started[payload.name].result()

    def discard(self, payload: Payload) -> None:
        shutil.rmtree(self.folder / payload.name, ignore_errors=True)

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)
