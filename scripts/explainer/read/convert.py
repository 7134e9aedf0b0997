"""YAML nodes -> typed records, by reading the model's annotations.

Each mistake is reported at the line and column of the node that holds it: unknown keys
(with a "did you mean"), missing fields, wrong kinds of value, empty text, values outside
a fixed list, malformed ids and dates. References between records are checked later, in
`verify.py`, once every record is loaded.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import Any

from ..model.problems import Mark, Problems
from ..model.records import Located
from ..model.schema import Shape, fields, required_fields
from ..model.templates import placeholder_in
from .strict_yaml import KIND_NAMES, MapNode, Node, ScalarNode, SeqNode

_NULL_WORDS = {"", "~", "null", "Null", "NULL"}
# What a YAML 1.2 tool (VS Code, check-jsonschema) reads as a number, boolean or null when
# unquoted. We keep every value as text, so we ask for quotes there: both then agree.
_NOT_TEXT_IN_YAML12 = re.compile(
    r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|true|True|TRUE|false|False|FALSE|~|null|Null|NULL)$")


@lru_cache(maxsize=1 << 12)
def _item_name(field_name: str, index: int) -> str:
    """"claims[2]": one string shared by every record, under which each list item keeps its
    mark (a new string for each was 2.4 MB at 1,000 articles)."""
    return f"{field_name}[{index}]"


class Converter:
    def __init__(self, path: str, problems: Problems) -> None:
        self.path = path
        self.problems = problems

    def record(self, node: MapNode, cls: type) -> Any | None:
        """Build one record of `cls` from a mapping node; None if any field is wrong."""
        specs = fields(cls)
        values: dict[str, Any] = {}
        marks: dict[str, Mark] = {}
        misspelt = self.unknown_keys(node, specs)
        ok = misspelt is None
        for key, value in node.items:
            if key.value not in specs:
                continue
            converted = self.value(value, specs[key.value].shape, key.value)
            marks[key.value] = value.mark
            if isinstance(value, SeqNode):  # list items keep their own place, for errors
                marks.update({_item_name(key.value, i): item.mark for i, item in enumerate(value.items)})
            if converted is _INVALID:
                ok = False
            elif converted is not None:
                values[key.value] = converted
        for name in required_fields(cls):
            if name not in node.keys:
                ok = False
                if name in (misspelt or ()):  # its misspelling's error says so: one mistake, one error
                    continue
                self.problems.error(node.mark, "missing-field", f"required field '{name}' is missing",
                                    f"add '{name}: …' ({specs[name].shape.describe()})")
        if not ok:
            return _INVALID
        record = cls(**values)
        if isinstance(record, Located):
            record.mark, record.marks = node.mark, marks
        return record

    def unknown_keys(self, node: MapNode, specs: dict) -> set[str] | None:
        """None if every key is a field; else the fields the unknown keys look like misspellings of."""
        meant: set[str] | None = None
        for key, _ in node.items:
            if key.value in specs:
                continue
            meant = meant if meant is not None else set()
            missing = [name for name in specs if name not in node.keys]
            guess = (difflib.get_close_matches(key.value, missing, n=1, cutoff=0.6)
                     or difflib.get_close_matches(key.value, list(specs), n=1, cutoff=0.6))
            if not guess:
                self.problems.error(key.mark, "unknown-key", f"unknown key '{key.value}'", "allowed: " + ", ".join(specs))
                continue
            meant.add(guess[0])
            required = " (a required field, and it is missing)" if guess[0] in missing and specs[guess[0]].required else ""
            self.problems.error(key.mark, "unknown-key", f"unknown key '{key.value}'",
                                f"did you mean '{guess[0]}'?{required}")
        return meant

    def value(self, node: Node, shape: Shape, name: str) -> Any:
        if shape.kind == "optional":
            if isinstance(node, ScalarNode) and node.plain and node.value in _NULL_WORDS:
                return None
            return self.value(node, shape.inner, name)
        if shape.kind == "list":
            return self.sequence(node, shape, name)
        if shape.kind == "record":
            if not self.expect(node, MapNode, name, shape):
                return _INVALID
            return self.record(node, shape.record)
        if not self.expect(node, ScalarNode, name, shape):
            return _INVALID
        return self.scalar(node, shape, name)

    def sequence(self, node: Node, shape: Shape, name: str) -> Any:
        if not self.expect(node, SeqNode, name, shape.inner, many=True):
            return _INVALID
        items = [self.value(item, shape.inner, name) for item in node.items]
        if any(item is _INVALID for item in items):
            return _INVALID
        return items if self.obeys(node, shape, items, name) else _INVALID

    def scalar(self, node: ScalarNode, shape: Shape, name: str) -> Any:
        text = node.value
        if not text.strip():
            self.problems.error(node.mark, "empty", f"'{name}' is empty", "write a value or remove the key")
            return _INVALID
        if (placeholder := placeholder_in(text)) is not None:
            self.problems.error(node.mark, "placeholder", f"'{name}' still holds the template's '{placeholder}'",
                                "replace the CAPITALISED words with what the articles support (docs/editing.md)")
            return _INVALID
        if shape.kind == "boolean":
            return self.boolean(node, name)
        if node.plain and _NOT_TEXT_IN_YAML12.fullmatch(text):
            self.problems.error(node.mark, "quote-needed", f"'{text}' would be read as a number, true/false or "
                                f"null by other YAML tools; '{name}' is text", f"put it in quotes: '{text}'")
            return _INVALID
        if shape.kind == "choice":
            return self.choice(node, shape.choices, name)
        return text if self.obeys(node, shape, text, name) else _INVALID

    def obeys(self, node: Node, shape: Shape, value: Any, name: str) -> bool:
        """Report the first of the shape's constraints that `value` breaks."""
        for constraint in shape.constraints:
            broken = constraint.violation(value, name)
            if broken is not None:
                self.problems.error(node.mark, broken.code, broken.message, broken.hint)
                return False
        return True

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

    def expect(self, node: Node, kind: type, name: str, shape: Shape, many: bool = False) -> bool:
        if isinstance(node, kind):
            return True
        wanted = "a list" if many else shape.describe()
        self.problems.error(node.mark, "wrong-type",
                            f"'{name}' must be {wanted}, found {KIND_NAMES[type(node)]}",
                            _TYPE_HINTS.get((kind, type(node)), "see docs/editing.md for the shape of this field"))
        return False


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
