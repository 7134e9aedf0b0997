"""The suite's counts, printed at the end of the run."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Tally:
    payloads: int
    fields: int
    tried: int = 0
    rejected: int = 0
    inert: int = 0
    executed: int = 0
    done: int = 0  # payloads counted so far

    def add(self, tried: int, rejected: int, inert: int, executed: int) -> None:
        self.done += 1
        self.tried += tried
        self.rejected += rejected
        self.inert += inert
        self.executed += executed

    def summary(self) -> str:
        possible = self.payloads * self.fields
        left_out = f", {possible - self.tried:,} file names no file system can hold left out" \
            if self.done == self.payloads and possible != self.tried else ""
        partial = "" if self.done == self.payloads else f" (only {self.done} of {self.payloads} payloads ran)"
        return (f"payload suite: {self.payloads} payloads × {self.fields} fields = {possible:,}{left_out}; "
                f"{self.tried:,} tried: {self.rejected:,} rejected with a location, {self.inert:,} rendered inert, "
                f"{self.executed:,} executed{partial}")
