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
    NOTICE = "notice"  # always shown; never fails a build (e.g. a file deliberately skipped)
    NOTE = "note"  # shown only with --verbose; never fails a build


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


def github_annotation(problem: Problem) -> str:
    """One problem as a GitHub Actions workflow command, shown on the pull request's line."""
    level = {"error": "error", "warning": "warning", "notice": "notice", "note": "notice"}[problem.severity.value]
    text = problem.message + (f". Hint: {problem.hint}" if problem.hint else "")
    if problem.detail:
        text += "\n" + problem.detail
    return (f"::{level} file={_escape(problem.mark.path, True)},line={problem.mark.line},col={problem.mark.col},"
            f"title={_escape(problem.code, True)}::{_escape(text)}")


def _escape(value: str, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if property_value else value


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

    def notice(self, mark: Mark, code: str, message: str, hint: str = "") -> None:
        self._items.append(Problem(mark, Severity.NOTICE, code, message, hint))

    def note(self, mark: Mark, code: str, message: str) -> None:
        self._items.append(Problem(mark, Severity.NOTE, code, message))

    def extend(self, other: "Problems") -> None:
        self._items.extend(other._items)

    def sorted(self) -> list[Problem]:
        order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTICE: 2, Severity.NOTE: 3}
        return sorted(self._items, key=lambda p: (p.mark, order[p.severity], p.code))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity is Severity.WARNING]

    @property
    def notices(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity is Severity.NOTICE]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity is Severity.NOTE]

    def shown(self, verbose: bool = False) -> list[Problem]:
        return [p for p in self.sorted() if verbose or p.severity is not Severity.NOTE]


class ContentError(Exception):
    """Raised by the build when content has errors; carries every problem found."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        super().__init__(self.report())

    def report(self) -> str:
        lines = [p.format() for p in self.problems.shown()]
        count = len(self.problems.errors)
        lines.append(f"{count} error{'s' if count != 1 else ''} in content; nothing was published.")
        return "\n".join(lines)
