"""Problems found in content: each one located at path:line:col, with a code and a hint.

Every stage (YAML, schema, references, quotes) reports into a `Problems` collector so that
an editor sees all of them in one run; the build fails once, at the end, if any is an error.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from enum import Enum

# Characters that end a line, move the cursor or reorder text where a message is shown (a terminal,
# a CI log that executes `::` commands): C0 and C1 controls, DEL, Unicode line separators, bidi controls.
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# What GitHub's runner executes when a line starts with it, leading spaces aside.
_COMMAND = re.compile(r"\s*(?=::|##\[)")
# The detail's own lines are `label: value`; a line break inside a value is content.
_DETAIL_LABEL = re.compile(r"[a-z][a-z ]*:(?: |$)")


def printable(text: str) -> str:
    """Text from content, made safe to print on one line: each hidden character shown as its
    escape (`\\n`, `\\x1b`, `\\u202e`), so content can neither start a line nor send a terminal
    sequence."""
    return _HIDDEN.sub(_escape_char, text)


def _escape_char(match: re.Match) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def printable_lines(text: str) -> str:
    """A message of several lines of ours (a build failure, git's answer) with content inside:
    each line escaped, none able to start a workflow command."""
    return "\n".join(_not_a_command(printable(line)) for line in text.split("\n"))


def _not_a_command(line: str) -> str:
    found = _COMMAND.match(line)
    if found is None:
        return line
    start = found.end()  # the command's first character, shown as its escape
    return f"{line[:start]}\\x{ord(line[start]):02x}{line[start + 1:]}"


def detail_lines(detail: str) -> list[str]:
    """The detail's own lines (`quote:   …`, `closest: …`), each escaped whole: a line break
    inside a value, which cannot start with a label, stays escaped in its line."""
    lines: list[str] = []
    for line in detail.split("\n"):
        if lines and not _DETAIL_LABEL.match(line):
            lines[-1] += "\n" + line
        else:
            lines.append(line)
    return [printable(line) for line in lines]


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"  # always shown; never fails a build (e.g. a file deliberately skipped)
    NOTE = "note"  # shown only with --verbose; never fails a build


@dataclass(frozen=True, order=True, slots=True)
class Mark:
    """A place in a file; line and col count from 1, as editors see them. Every field and
    list item of every record keeps one (3 million at 10,000 articles): with slots it takes
    64 bytes, not 104, and pickling it (read/diskcache.py) does not give it a dict (64 more)."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"

    def __reduce__(self) -> tuple:
        # Remade by one call: the __setstate__ dataclasses gives a frozen class with slots sets
        # each field from Python, for each of some 300,000 marks at 1,000 articles.
        return (Mark, (self.path, self.line, self.col))


@dataclass(frozen=True, order=True)
class Problem:
    mark: Mark
    severity: Severity
    code: str
    message: str
    hint: str = field(default="", compare=False)
    detail: str = field(default="", compare=False)  # extra lines: closest passage, diff

    def format(self) -> str:
        """Plain text for a terminal or a CI log; everything that came from content is escaped."""
        text = _not_a_command(f"{printable(str(self.mark))}: {self.severity.value}[{self.code}]: "
                              f"{printable(self.message)}")
        for line in detail_lines(self.detail) if self.detail else []:
            text += "\n    " + line
        if self.hint:
            text += f"\n    hint: {printable(self.hint)}"
        return text


def github_annotation(problem: Problem) -> str:
    """One problem as a GitHub Actions workflow command, shown on the pull request's line."""
    level = {"error": "error", "warning": "warning", "notice": "notice", "note": "notice"}[problem.severity.value]
    text = printable(problem.message) + (f". Hint: {printable(problem.hint)}" if problem.hint else "")
    if problem.detail:
        text += "\n" + "\n".join(detail_lines(problem.detail))
    return (f"::{level} file={_escape(printable(problem.mark.path), True)},line={problem.mark.line},col={problem.mark.col},"
            f"title={_escape(problem.code, True)}::{_escape(text)}")


def _escape(value: str, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if property_value else value


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

    def without(self, paths: Collection[str]) -> "Problems":
        """A copy without the problems located in the files `paths`."""
        kept = Problems()
        kept._items = [p for p in self._items if p.mark.path not in paths]
        return kept

    def same_as(self, other: "Problems") -> bool:
        """The same problems, in the same order."""
        return self._items == other._items

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

    def __reduce__(self):  # pickled with its problems (commands/apart.py), not its message
        return type(self), (self.problems,)

    def report(self) -> str:
        lines = [p.format() for p in self.problems.shown()]
        count = len(self.problems.errors)
        lines.append(f"{count} error{'s' if count != 1 else ''} in content; nothing was published.")
        return "\n".join(lines)
