"""The one canonical form of a YAML record, which the browser editor writes too.

Every content file is in this form (`explainer format` rewrites them; a test keeps it so), and
the editor's own writer (theme/admin/canonical.js) produces the same bytes, so opening a record
in the browser and saving it unchanged leaves the file as it was. The form:

- the `# yaml-language-server` line first;
- keys in the schema's declaration order, at every depth; empty lists and empty text left out;
- a mapping's fields two spaces deeper; a list of mappings as `- ` items two spaces under its key;
  a list of plain values on one line, `[a, b]`;
- text plain when YAML cannot read it as anything else, else in single quotes; a `quote`
  always in single quotes (where the article's words start and end); text with a control
  character or line break in double quotes with escapes.
"""

from __future__ import annotations

from typing import Any

from ..model.jsonschema import RECORD_TYPES, schema_comment
from ..model.schema import Shape, fields
from .strict_yaml import MapNode, Node, ScalarNode, SeqNode

ALWAYS_QUOTED = "quote"
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`+.0123456789")
_FLOW_SPECIAL = set(",[]{}")
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


class NotCanonical(ValueError):
    """The record has a key the schema does not know: only `check` can say what is wrong."""

    def __init__(self, key: str) -> None:
        super().__init__(f"unknown key '{key}'")
        self.key = key


def canonical_text(node: MapNode, kind: str, depth: int) -> str:
    """The record `node` (as the strict loader read it) in canonical form."""
    lines = _mapping(plain(node), RECORD_TYPES[kind], 0)
    return schema_comment(kind, depth) + "".join(line + "\n" for line in lines)


def plain(node: Node) -> Any:
    if isinstance(node, ScalarNode):
        return node.value
    if isinstance(node, SeqNode):
        return [plain(item) for item in node.items]
    return {key.value: plain(value) for key, value in node.items}


def _mapping(data: dict[str, Any], cls: type, indent: int) -> list[str]:
    specs = fields(cls)
    unknown = [key for key in data if key not in specs]
    if unknown:
        raise NotCanonical(unknown[0])
    lines: list[str] = []
    for name, spec in specs.items():
        value = data.get(name)
        if value is None or value == "" or value == []:
            continue
        lines.extend(_entry(name, value, spec.shape.bare, indent))
    return lines


def _entry(name: str, value: Any, shape: Shape, indent: int) -> list[str]:
    key = " " * indent + name + ":"
    if shape.kind == "record":
        return [key, *_mapping(value, shape.record, indent + 2)]
    if shape.kind == "list" and shape.inner.bare.kind == "record":
        lines = [key]
        for item in value:
            item_lines = _mapping(item, shape.inner.bare.record, indent + 4)
            lines.append(" " * (indent + 2) + "- " + item_lines[0][indent + 4:])
            lines.extend(item_lines[1:])
        return lines
    if shape.kind == "list":
        return [key + " [" + ", ".join(scalar(item, flow=True) for item in value) + "]"]
    if shape.kind == "boolean":
        return [key + " " + ("true" if value in (True, "true") else "false")]
    return [key + " " + scalar(value, quoted=name == ALWAYS_QUOTED)]


def scalar(text: str, flow: bool = False, quoted: bool = False) -> str:
    if not quoted and _plain_ok(text, flow):
        return text
    if all(_printable(char) for char in text):
        return "'" + text.replace("'", "''") + "'"
    return '"' + "".join(_escape(char) for char in text) + '"'


def _plain_ok(text: str, flow: bool) -> bool:
    if not text or text != text.strip() or text[0] in _INDICATORS or text.lower() in _RESERVED:
        return False
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    if flow and any(char in _FLOW_SPECIAL for char in text):
        return False
    return all(_printable(char) for char in text)


def _printable(char: str) -> bool:
    code = ord(char)
    return not (code < 0x20 or 0x7F <= code <= 0x9F or code in (0x2028, 0x2029, 0xFEFF) or 0xD800 <= code <= 0xDFFF)


def _escape(char: str) -> str:
    if char in '"\\':
        return "\\" + char
    if char == "\n":
        return "\\n"
    if char == "\t":
        return "\\t"
    return char if _printable(char) else f"\\u{ord(char):04x}"
