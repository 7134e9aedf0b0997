"""Problems found in content: each one located at path:line:col, with a code and a hint.

Every stage (YAML, schema, references, quotes) reports into a `Problems` collector so that
an editor sees all of them in one run; the build fails once, at the end, if any is an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Mark:
    """A place in a file; line and col count from 1, as editors see them."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True)
class Problem:
    mark: Mark
    severity: Severity
    code: str
    message: str
    hint: str = field(default="", compare=False)
    detail: str = field(default="", compare=False)  # extra lines: closest passage, diff

    def format(self) -> str:
        text = f"{self.mark}: {self.severity.value}[{self.code}]: {self.message}"
        if self.detail:
            text += "\n" + _indent(self.detail)
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


class Problems:
    """Collects problems; sorted by file and position when read."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def error(self, mark: Mark, code: str, message: str, hint: str = "", detail: str = "") -> None:
        self._items.append(Problem(mark, Severity.ERROR, code, message, hint, detail))

    def warning(self, mark: Mark, code: str, message: str, hint: str = "", detail: str = "") -> None:
        self._items.append(Problem(mark, Severity.WARNING, code, message, hint, detail))

    def extend(self, other: "Problems") -> None:
        self._items.extend(other._items)

    def sorted(self) -> list[Problem]:
        return sorted(self._items, key=lambda p: (p.mark, p.severity != Severity.ERROR, p.code))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity is Severity.WARNING]

    def __len__(self) -> int:
        return len(self._items)


class ContentError(Exception):
    """Raised by the build when content has errors; carries every problem found."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        super().__init__(self.report())

    def report(self) -> str:
        lines = [p.format() for p in self.problems.sorted()]
        count = len(self.problems.errors)
        lines.append(f"{count} error{'s' if count != 1 else ''} in content; nothing was published.")
        return "\n".join(lines)
