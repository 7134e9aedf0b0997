"""YAML nodes -> typed records, by reading the model's annotations.

Each mistake is reported at the line and column of the node that holds it: unknown keys
(with a "did you mean"), missing fields, wrong kinds of value, empty text, values outside
a fixed list, malformed ids and dates. References between records are checked later, in
`verify.py`, once every record is loaded.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import types
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

from .model import ID_PATTERN, Located, MinItems, Pattern, Ref
from .problems import Mark, Problems
from .yamlload import KIND_NAMES, MapNode, Node, ScalarNode, SeqNode

_ID = re.compile(ID_PATTERN)
_NULL_WORDS = {"", "~", "null", "Null", "NULL"}
# What a YAML 1.2 tool (VS Code, check-jsonschema) reads as a number, boolean or null when
# unquoted. We keep every value as text, so we ask for quotes there: both then agree.
_NOT_TEXT_IN_YAML12 = re.compile(
    r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|true|True|TRUE|false|False|FALSE|~|null|Null|NULL)$")


@cache
def _fields(cls: type) -> dict[str, tuple[Any, dataclasses.Field]]:
    hints = get_type_hints(cls, include_extras=True)
    return {f.name: (hints[f.name], f) for f in dataclasses.fields(cls) if f.init}


def required_fields(cls: type) -> list[str]:
    return [name for name, (_, f) in _fields(cls).items()
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]


def unwrap(hint: Any) -> tuple[Any, list[Any]]:
    """Strip `Annotated`, returning the bare type and the metadata of every layer."""
    extras: list[Any] = []
    while get_origin(hint) is Annotated:
        extras.extend(hint.__metadata__)
        hint = get_args(hint)[0]
    return hint, extras


def optional_inner(hint: Any) -> Any | None:
    """For `X | None` return X; otherwise None."""
    if get_origin(hint) in (Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return None


class Converter:
    def __init__(self, path: str, problems: Problems) -> None:
        self.path = path
        self.problems = problems

    def record(self, node: MapNode, cls: type) -> Any | None:
        """Build one record of `cls` from a mapping node; None if any field is wrong."""
        fields = _fields(cls)
        values: dict[str, Any] = {}
        marks: dict[str, Mark] = {}
        ok = self.unknown_keys(node, fields)
        for key, value in node.items:
            if key.value not in fields:
                continue
            converted = self.value(value, fields[key.value][0], key.value)
            marks[key.value] = value.mark
            if isinstance(value, SeqNode):  # list items keep their own place, for errors
                marks.update({f"{key.value}[{i}]": item.mark for i, item in enumerate(value.items)})
            if converted is _INVALID:
                ok = False
            elif converted is not None:
                values[key.value] = converted
        for name in required_fields(cls):
            if name not in node.keys:
                ok = False
                self.problems.error(node.mark, "missing-field", f"required field '{name}' is missing",
                                    f"add '{name}: …' ({self.describe(fields[name][0])})")
        if not ok:
            return _INVALID
        record = cls(**values)
        if isinstance(record, Located):
            record.mark, record.marks = node.mark, marks
        return record

    def unknown_keys(self, node: MapNode, fields: dict) -> bool:
        ok = True
        for key, _ in node.items:
            if key.value in fields:
                continue
            ok = False
            guess = difflib.get_close_matches(key.value, list(fields), n=1, cutoff=0.6)
            hint = f"did you mean '{guess[0]}'?" if guess else "allowed: " + ", ".join(fields)
            self.problems.error(key.mark, "unknown-key", f"unknown key '{key.value}'", hint)
        return ok

    def value(self, node: Node, hint: Any, name: str) -> Any:
        bare, extras = unwrap(hint)
        inner = optional_inner(bare)
        if inner is not None:
            if isinstance(node, ScalarNode) and node.plain and node.value in _NULL_WORDS:
                return None
            return self.value(node, inner, name)
        if get_origin(bare) is list:
            return self.sequence(node, get_args(bare)[0], extras, name)
        if dataclasses.is_dataclass(bare):
            if not self.expect(node, MapNode, name, bare):
                return _INVALID
            return self.record(node, bare)
        if not self.expect(node, ScalarNode, name, hint):
            return _INVALID
        return self.scalar(node, bare, extras, name)

    def sequence(self, node: Node, item_hint: Any, extras: list, name: str) -> Any:
        if not self.expect(node, SeqNode, name, item_hint, many=True):
            return _INVALID
        items = [self.value(item, item_hint, name) for item in node.items]
        if any(item is _INVALID for item in items):
            return _INVALID
        minimum = next((e.count for e in extras if isinstance(e, MinItems)), 0)
        if len(items) < minimum:
            self.problems.error(node.mark, "too-few", f"'{name}' needs at least {minimum} "
                                f"item{'s' if minimum > 1 else ''}, has {len(items)}",
                                "add the missing entries")
            return _INVALID
        return items

    def scalar(self, node: ScalarNode, bare: Any, extras: list, name: str) -> Any:
        text = node.value
        if not text.strip():
            self.problems.error(node.mark, "empty", f"'{name}' is empty", "write a value or remove the key")
            return _INVALID
        if bare is bool:
            return self.boolean(node, name)
        if node.plain and _NOT_TEXT_IN_YAML12.match(text):
            self.problems.error(node.mark, "quote-needed", f"'{text}' would be read as a number, true/false or "
                                f"null by other YAML tools; '{name}' is text", f"put it in quotes: '{text}'")
            return _INVALID
        if get_origin(bare) is Literal:
            return self.choice(node, get_args(bare), name)
        for extra in extras:
            if isinstance(extra, Ref) and not _ID.match(text):
                self.problems.error(node.mark, "bad-id", f"'{text}' is not a valid {extra.kind} id",
                                    "ids use lowercase letters, digits and single hyphens, e.g. 'steve-witkoff'")
                return _INVALID
            if isinstance(extra, Pattern) and not re.match(extra.regex, text):
                self.problems.error(node.mark, "bad-format", f"'{text}' is not a valid {name}",
                                    f"write it like {extra.example}")
                return _INVALID
        return text

    def boolean(self, node: ScalarNode, name: str) -> Any:
        if node.plain and node.value in ("true", "false"):
            return node.value == "true"
        self.problems.error(node.mark, "bad-value", f"'{name}' must be true or false, not '{node.value}'",
                            "write true or false in lowercase, without quotes")
        return _INVALID

    def choice(self, node: ScalarNode, allowed: tuple, name: str) -> Any:
        if node.value in allowed:
            return node.value
        guess = difflib.get_close_matches(node.value, allowed, n=1, cutoff=0.5)
        hint = f"did you mean '{guess[0]}'? " if guess else ""
        self.problems.error(node.mark, "bad-value", f"'{node.value}' is not a valid {name}",
                            hint + "allowed: " + ", ".join(allowed))
        return _INVALID

    def expect(self, node: Node, kind: type, name: str, hint: Any, many: bool = False) -> bool:
        if isinstance(node, kind):
            return True
        wanted = "a list" if many else self.describe(hint)
        self.problems.error(node.mark, "wrong-type",
                            f"'{name}' must be {wanted}, found {KIND_NAMES[type(node)]}",
                            _TYPE_HINTS.get((kind, type(node)), "see docs/editing.md for the shape of this field"))
        return False

    @staticmethod
    def describe(hint: Any) -> str:
        bare, _ = unwrap(hint)
        bare = optional_inner(bare) or bare
        if get_origin(bare) is list:
            return "a list"
        if dataclasses.is_dataclass(bare):
            return f"a mapping with {', '.join(required_fields(bare))}"
        if get_origin(bare) is Literal:
            return "one of: " + ", ".join(get_args(bare))
        return "text"


_TYPE_HINTS = {
    (SeqNode, ScalarNode): "write each item on its own line starting with '- ', or as [a, b]",
    (SeqNode, MapNode): "start each item with '- '",
    (ScalarNode, SeqNode): "give a single value, not a list",
    (MapNode, ScalarNode): "give the fields on the lines below, indented by two spaces",
}


class _Invalid:
    def __repr__(self) -> str:
        return "<invalid>"


_INVALID = _Invalid()


def convert(node: MapNode, cls: type, path: str, problems: Problems) -> Any | None:
    result = Converter(path, problems).record(node, cls)
    return None if result is _INVALID else result
