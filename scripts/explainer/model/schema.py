"""The record schema's one description: for each field of a record type, its shape, the
record kind it points at, its constraints and its documentation.

The record types (`records.py`) declare their fields with annotations; `fields()` reads
them once into `FieldSpec`s, which the loader (`read/convert.py`), the JSON Schema
(`jsonschema.py`) and the record walker (`check/walk.py`) all read. A constraint carries
both what the loader reports and what the JSON Schema says, so a new rule is written once,
here.
"""

from __future__ import annotations

import calendar
import dataclasses
import re
import types
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, ClassVar, Literal, Union, get_args, get_origin, get_type_hints

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DATE_PATTERN = r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$"
ID_MAX_CHARS = 100  # file names allow 255 bytes; no real id comes near 100 characters


@dataclass(frozen=True)
class Doc:
    """A short description for editors (shown in errors and the JSON Schema)."""

    text: str


@dataclass(frozen=True)
class Violation:
    code: str
    message: str
    hint: str


class Constraint:
    """A rule on a value: what the loader reports when it is broken (`violation`) and how
    the JSON Schema states it (`json_schema`)."""

    def violation(self, value: Any, name: str) -> Violation | None:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError


@dataclass(frozen=True)
class Ref(Constraint):
    """Marks a text field as the id of another record of `kind`."""

    kind: str

    def violation(self, value: str, name: str) -> Violation | None:
        if re.fullmatch(ID_PATTERN, value):
            return None
        # Most often a name written where its id belongs: ids are made from names.
        guess = id_from(value)
        return Violation("bad-id", f"'{value}' is not a valid {self.kind} id",
                         (f"write the {self.kind}'s id, not its name: perhaps '{guess}'; " if guess else "")
                         + "ids use lowercase letters, digits and single hyphens, e.g. 'steve-witkoff'")

    def json_schema(self) -> dict[str, Any]:
        return {"pattern": ID_PATTERN, "description": f"id of a{'n' if self.kind[0] in 'aeiou' else ''} {self.kind}"}


def id_from(text: str) -> str:
    """The id a name gives, as the browser editor makes one: 'US Central Command' -> 'us-central-command'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", plain.lower()))


@dataclass(frozen=True)
class Pattern(Constraint):
    """Text written in a fixed form, matched whole."""

    regex: str
    example: str

    def violation(self, value: str, name: str) -> Violation | None:
        if re.fullmatch(self.regex, value):
            return None
        return Violation("bad-format", f"'{value}' is not a valid {name}", f"write it like {self.example}")

    def json_schema(self) -> dict[str, Any]:
        return {"pattern": self.regex}


@dataclass(frozen=True)
class CalendarDate(Pattern):
    """A date in a fixed form (`regex`) that is also on the calendar: the pattern alone lets
    month 13 through as a bad format, and 30 February as a date the site would print."""

    def violation(self, value: str, name: str) -> Violation | None:
        shape = _DATE_SHAPE.fullmatch(value)
        problem = _off_calendar(*shape.groups()) if shape else None
        if problem is None:
            broken = super().violation(value, name)  # the browser editor's one hint says both
            return broken and dataclasses.replace(broken, hint=f"write a date on the calendar, like {self.example}")
        return Violation("bad-date", f"'{value}' is not a date on the calendar: {problem}",
                         f"check the date against the source, and write it like {self.example}")


    def json_schema(self) -> dict[str, Any]:
        """The pattern behind lookaheads refusing what is off the calendar, so that editors'
        schema checks and the browser editor (one pattern per field) refuse 30 February too."""
        return {"pattern": "^" + _ON_CALENDAR + self.regex.removeprefix("^")}


_DATE_SHAPE = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")
_LEAP_YEAR = r"(?:\d\d(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
# Not a 30th or 31st that February, April, June, September or November lack; not 29 February but in a leap year.
_ON_CALENDAR = rf"(?!\d{{4}}-(?:02-3[01]|(?:0[469]|11)-31)$)(?!(?!{_LEAP_YEAR})\d{{4}}-02-29$)"


def _off_calendar(year: str, month: str, day: str | None) -> str | None:
    """What makes year-month(-day) impossible, in words; None if it is a real date."""
    if not 1 <= int(month) <= 12:
        return f"there is no month {int(month)}"
    if day is None:
        return None
    days = calendar.monthrange(int(year), int(month))[1]
    if 1 <= int(day) <= days:
        return None
    if int(day) == 0:
        return "there is no day 0"
    return f"{calendar.month_name[int(month)]} {year} has {days} days"


@dataclass(frozen=True)
class MaxLength(Constraint):
    """Text of at most `limit` characters: no field can fill a page, a search index or a
    check with megabytes (the JSON Schema's maxLength counts characters too)."""

    limit: int

    def violation(self, value: str, name: str) -> Violation | None:
        if len(value) <= self.limit:
            return None
        return Violation("too-long", f"'{name}' is {len(value):,} characters; the limit is {self.limit:,}",
                         "shorten it; a long explanation belongs in a claim with its own source")

    def json_schema(self) -> dict[str, Any]:
        return {"maxLength": self.limit}


@dataclass(frozen=True)
class QuoteLength(MaxLength):
    """A quote's cap: a citation quotes the words that support a statement, not a page (it
    also bounds the search for the closest passage when a quote is not found)."""

    def violation(self, value: str, name: str) -> Violation | None:
        if len(value) <= self.limit:
            return None
        return Violation("quote-too-long", f"the quote is {len(value):,} characters; the limit is {self.limit:,}",
                         "quote only the words that support the statement; cite a second passage separately")


# Characters that show nothing: Unicode's Default_Ignorable_Code_Point (joiners, fillers such
# as U+3164, variation selectors, U+034F...) and every format character (category Cf, LRM
# included). In a name they make two names that look the same differ.
_IGNORABLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
                        "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")


def first_invisible(value: str) -> int | None:
    """The index of the first character of `value` that shows nothing, if any."""
    if value.isascii():  # the usual case: only the controls, which the file check refuses
        return None
    return next((i for i, char in enumerate(value) if unicodedata.category(char) == "Cf" or _IGNORABLE.match(char)),
                None)


@dataclass(frozen=True)
class Visible(Constraint):
    """A name made only of characters that show: no invisible joiner, mark or filler."""

    def violation(self, value: str, name: str) -> Violation | None:
        index = first_invisible(value)
        if index is None:
            return None
        char = value[index]
        label = unicodedata.name(char, "") or "unnamed"
        return Violation("invisible-character", f"'{name}' has the invisible character U+{ord(char):04X} "
                         f"({label}) at character {index + 1}",
                         "retype the name; an invisible character makes it differ from the name it looks like")

    def json_schema(self) -> dict[str, Any]:
        return {"not": {"pattern": _invisible_class()}}


@cache
def _invisible_class() -> str:
    """first_invisible's characters of the Basic Multilingual Plane as one regex class, for the
    JSON Schema (beyond it, ranges need ECMA-262's u flag, which not every validator sets; the
    loader covers them all by testing each character's category)."""
    codes = [c for c in range(0x10000) if _IGNORABLE.match(chr(c)) or unicodedata.category(chr(c)) == "Cf"]
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "[" + "".join(f"\\u{a:04x}" + (f"-\\u{b:04x}" if b > a else "") for a, b in ranges) + "]"


@dataclass(frozen=True)
class MinItems(Constraint):
    count: int

    def violation(self, value: list, name: str) -> Violation | None:
        if len(value) >= self.count:
            return None
        return Violation("too-few", f"'{name}' needs at least {self.count} item{'s' if self.count > 1 else ''}, "
                         f"has {len(value)}", "add the missing entries")

    def json_schema(self) -> dict[str, Any]:
        return {"minItems": self.count} if self.count else {}


@dataclass(frozen=True)
class Shape:
    """What a value must be. `kind` is text, boolean, choice, record, list or optional; a
    list's items and an optional's value have their own shape (`inner`)."""

    KINDS: ClassVar[tuple[str, ...]] = ("text", "boolean", "choice", "record", "list", "optional")

    kind: str
    constraints: tuple[Constraint, ...] = ()
    doc: str = ""
    choices: tuple[str, ...] = ()
    record: type | None = None
    inner: Shape | None = None

    @property
    def ref(self) -> Ref | None:
        """The record kind this value points at, if it is an id."""
        return next((c for c in self.constraints if isinstance(c, Ref)), None)

    @property
    def bare(self) -> Shape:
        """The shape without its `| None`."""
        return self.inner if self.kind == "optional" else self

    def describe(self) -> str:
        """For messages: what an editor should write."""
        shape = self.bare
        if shape.kind == "list":
            return "a list"
        if shape.kind == "record":
            return f"a mapping with {', '.join(required_fields(shape.record))}"
        if shape.kind == "choice":
            return "one of: " + ", ".join(shape.choices)
        return "text"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    shape: Shape
    required: bool


@cache
def fields(cls: type) -> dict[str, FieldSpec]:
    """Every field an editor may write in a record of `cls`, in declaration order."""
    hints = get_type_hints(cls, include_extras=True)
    return {f.name: FieldSpec(f.name, shape_of(hints[f.name]), _is_required(f))
            for f in dataclasses.fields(cls) if f.init}


def required_fields(cls: type) -> list[str]:
    return [name for name, spec in fields(cls).items() if spec.required]


def _is_required(field: dataclasses.Field) -> bool:
    return field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING


@cache
def shape_of(hint: Any) -> Shape:
    """The shape an annotation describes (`Annotated` layers give constraints and docs)."""
    extras: list[Any] = []
    while get_origin(hint) is Annotated:
        extras.extend(hint.__metadata__)
        hint = get_args(hint)[0]
    constraints = tuple(e for e in extras if isinstance(e, Constraint))
    docs = [e.text for e in extras if isinstance(e, Doc)]
    common = {"constraints": constraints, "doc": docs[0] if docs else ""}
    inner = _optional_inner(hint)
    if inner is not None:
        return Shape("optional", inner=shape_of(inner), **common)
    if get_origin(hint) is list:
        return Shape("list", inner=shape_of(get_args(hint)[0]), **common)
    if dataclasses.is_dataclass(hint):
        return Shape("record", record=hint, **common)
    if hint is bool:
        return Shape("boolean", **common)
    if get_origin(hint) is Literal:
        return Shape("choice", choices=get_args(hint), **common)
    return Shape("text", **common)


def _optional_inner(hint: Any) -> Any | None:
    """For `X | None` return X; otherwise None."""
    if get_origin(hint) in (Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return None
