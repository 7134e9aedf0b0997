"""The usual YAML mistakes of an editor, told in plain words.

PyYAML says where it got lost, in a parser's terms ("expected <block end>, but found
'<scalar>'"), and often on the line after the mistake. When a file cannot be parsed, the
lines around the place it names are read for the mistakes editors make most: an apostrophe
(or a double quote) that ends a quoted value early, a colon with no space after it, a colon
inside an unquoted value, and a field that does not start in the column of its group. The
mistake found is located where it is, with the fix; anything else keeps the parser's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import yaml

from ..model.jsonschema import RECORD_TYPES
from ..model.schema import fields

# What comes before a value on its line: the indentation, then a list dash, a key and its colon, or both.
_LEAD = r"^(?P<lead>\s*(?:-\s+(?:[A-Za-z_][\w-]*:\s+)?|[A-Za-z_][\w-]*:\s+))"
# A quoted value that ends before the line does, directly followed by more words.
_CLOSED_EARLY = {
    "'": re.compile(_LEAD + r"'(?P<body>(?:[^']|'')*)'(?P<rest>[^\s#,\]}].*)$"),
    '"': re.compile(_LEAD + r'"(?P<body>(?:[^"\\]|\\.)*)"(?P<rest>[^\s#,\]}].*)$'),
}
_NO_SPACE = re.compile(r"^(?P<lead>\s*(?:-\s+)?)(?P<key>[A-Za-z_][\w-]*):(?P<value>[^\s:/].*)$")
_KEY = re.compile(r"^(?P<lead>\s*(?:-\s+)?)(?P<key>[A-Za-z_][\w-]*):(?:\s|$)")
_NO_COLON = re.compile(r"^(?P<lead>\s*(?:-\s+)?)(?P<key>[A-Za-z_][\w-]*)(?:\s+(?P<value>[^:#\s][^#]*?))?\s*$")
_LOOK_BACK = 3  # lines before the parser's place that may hold the mistake


@dataclass(frozen=True)
class Mistake:
    line: int  # from 1
    col: int  # from 1
    message: str
    hint: str


def diagnose(text: str, error: yaml.MarkedYAMLError) -> Mistake | None:
    """The editor's mistake that made `error`, if it is one of the usual ones."""
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return None
    lines = text.split("\n")
    lowest = max(mark.line - _LOOK_BACK, error.context_mark.line if error.context_mark else 0, 0)
    nearby = range(min(mark.line, len(lines) - 1), lowest - 1, -1)
    for find in (_quote_closed_early, _missing_space, _missing_colon):
        for number in nearby:
            mistake = find(lines[number], number + 1)
            if mistake is not None:
                return mistake
    if mark.line < len(lines):
        return _colon_in_value(lines[mark.line], mark) or _misaligned(lines, mark.line)
    return None


def _quote_closed_early(line: str, number: int) -> Mistake | None:
    for quote, pattern in _CLOSED_EARLY.items():
        found = pattern.match(line)
        if found is None:
            continue
        closing = found.end("body") + 1  # the column (from 1) of the quote that ended the value
        body, rest = found["body"], found["rest"]
        fixed = _in_single_quotes(body, rest, quote)
        if quote == "'":
            word = _last_word(body) + quote + _first_word(rest)
            return Mistake(number, closing, f"the apostrophe in \"{word}\" ends the quoted value early",
                           f"inside '…' write an apostrophe twice: {fixed}" if fixed else
                           "inside '…' write an apostrophe twice ('')")
        return Mistake(number, closing, f"the double quote before '{_first_word(rest)}' ends the quoted value early",
                       f"put the value in single quotes instead: {fixed}" if fixed else
                       "put the value in single quotes instead")
    return None


def _in_single_quotes(body: str, rest: str, quote: str) -> str | None:
    """The value meant, written in '…' with each apostrophe doubled; None unless the line ends
    with the quote that was meant to close it (after a comment, say, it cannot be told)."""
    if not rest.endswith(quote):
        return None
    meant = (body.replace("''", "'") if quote == "'" else body) + quote + rest[:-1]
    return "'" + meant.replace("'", "''") + "'"


def _missing_space(line: str, number: int) -> Mistake | None:
    found = _NO_SPACE.match(line)
    if found is None:
        return None
    return Mistake(number, found.end("key") + 2, f"'{found['key']}:' needs a space after the colon",
                   f"add a space after the colon: {found['key']}: {found['value']}")


def _missing_colon(line: str, number: int) -> Mistake | None:
    """A field's name with no colon after it (`status open`, `cite`): the parser reports the
    line after it, as a key it could not find."""
    found = _NO_COLON.match(line)
    if found is None or found["key"] not in _field_names() or ": " in line:
        return None
    key, value = found["key"], found["value"]
    fixed = f"{found['lead'].strip()} {key}:".lstrip() + (f" {value}" if value else "")
    return Mistake(number, found.end("key") + 1, f"'{key}' has no colon after it", f"write it with one: {fixed}")


@cache
def _field_names() -> frozenset[str]:
    """Every field of every kind of record, nested ones too."""
    names: set[str] = set()
    records = list(RECORD_TYPES.values())
    while records:
        for name, spec in fields(records.pop()).items():
            names.add(name)
            shape = spec.shape.bare
            while shape.kind == "list":
                shape = shape.inner.bare
            if shape.kind == "record" and shape.record not in records:
                records.append(shape.record)
    return frozenset(names)


def _colon_in_value(line: str, mark: yaml.Mark) -> Mistake | None:
    """A value with ': ' in it, unquoted: the parser takes the words before it for a key."""
    found = _KEY.match(line)
    if found is None or mark.column <= found.end("key") or line[mark.column:mark.column + 1] != ":":
        return None
    key, value = found["key"], line[found.end():].strip()
    return Mistake(mark.line + 1, mark.column + 1, f"the value of '{key}' holds a colon, which YAML reads as "
                   "the start of another field",
                   f"put the whole value in quotes: '{value.replace(chr(39), chr(39) * 2)}'")


def _misaligned(lines: list[str], index: int) -> Mistake | None:
    """A field that starts in another column than the field above it, in the same group. A
    list item's line is left to the parser: where its dash belongs depends on the list."""
    here = _KEY.match(lines[index])
    above = next((line for line in reversed(lines[:index]) if line.strip() and not line.lstrip().startswith("#")),
                 None)
    if here is None or here["lead"].strip() or above is None or (there := _KEY.match(above)) is None:
        return None
    column, above_column = here.start("key"), there.start("key")
    deeper_with_no_parent = column > above_column and not above.rstrip().endswith(":")
    between_levels = column < above_column and not _is_level(lines[:index], column)
    if not (deeper_with_no_parent or between_levels):
        return None
    return Mistake(index + 1, column + 1, f"'{here['key']}' starts in column {column + 1}, but '{there['key']}' "
                   f"above it in column {above_column + 1}",
                   f"if '{here['key']}' belongs with '{there['key']}', start it in column {above_column + 1} too: "
                   "the fields of one group start in the same column")


def _is_level(lines: list[str], column: int) -> bool:
    """Whether some field above starts in `column` (a line may end a group and go back to it)."""
    return any((found := _KEY.match(line)) is not None and found.start("key") == column for line in lines)


def _last_word(text: str) -> str:
    return re.split(r"\s", text)[-1]


def _first_word(text: str) -> str:
    return re.split(r"[\s'\"]", text)[0]
