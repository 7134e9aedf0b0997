"""What a build says while it works, and what it did.

On a terminal the current stage is one line, rewritten as the build moves on and cleared at
the end, so that only the summary stays; in a log (CI) each stage is a line of its own, so a
long build is never silent. Problems are printed as `explainer check` prints them, by the
build itself and not through Pelican's log, whose filter drops a message it has already
shown once in the process (the dev server's and autoreload's later rebuilds).
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from ..model.problems import Problems


class Progress:
    def __init__(self, quiet: bool = False, stream: TextIO | None = None) -> None:
        self.quiet = quiet
        self.stream = stream or sys.stdout
        self.started = time.perf_counter()
        self.live = self.stream.isatty()
        self.shown = 0  # length of the line on a terminal

    def __getstate__(self) -> dict:  # handed to another process (commands/apart.py): not the stream
        return {**self.__dict__, "stream": None}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, stream=sys.stdout)

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def stage(self, text: str) -> None:
        if self.quiet:
            return
        if self.live:
            line = f"explainer: {text}…"
            self.stream.write("\r" + line.ljust(self.shown))
            self.shown = len(line)
        else:
            self.stream.write(f"explainer: {text}… ({self.elapsed:.2f} s)\n")
        self.stream.flush()

    def finish(self, summary: str) -> None:
        self.clear()
        if not self.quiet:
            self.stream.write(summary + "\n")
            self.stream.flush()

    def clear(self) -> None:
        if self.live and self.shown:
            self.stream.write("\r" + " " * self.shown + "\r")
            self.stream.flush()
            self.shown = 0


def print_problems(problems: Problems, verbose: bool = False, stream: TextIO | None = None) -> None:
    """Every problem with its place, then the count of errors and warnings (as `check`)."""
    stream = stream or sys.stderr
    for problem in problems.shown(verbose):
        print(problem.format(), file=stream)
    errors, warnings = len(problems.errors), len(problems.warnings)
    if errors or warnings:
        print(f"{errors} error(s), {warnings} warning(s)", file=stream)
    stream.flush()


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else many or word + 's'}"
