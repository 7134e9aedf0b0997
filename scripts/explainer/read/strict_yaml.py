"""Strict YAML: a tree of nodes that keep their line and column, every value text.

PyYAML's `safe_load` lets duplicate keys win silently, turns `NO` into False and `1:20`
into 80, expands aliases (a tiny file can explode) and loses positions. We read the event
stream instead and build our own small tree: no anchors, aliases, tags or second
documents; every scalar stays the text the editor typed, and the schema decides its type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from ..model.problems import Mark, Problems
from .textcheck import check_characters, decode_utf8, describe, first_forbidden
from .yaml_mistakes import diagnose

try:  # libyaml's parser is several times faster and gives the same marks
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the wheel
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 12
MAX_NODES = 50_000
# A comment whose '#' touches the next word ('#1', '#Gaza') is a value's words cut off by
# mistake: the templates' comments all start '# '.
_WORD_AFTER_HASH = re.compile(r"[ \t]#\S")
_YAML_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # YAML 1.1's, which libyaml follows


@dataclass
class ScalarNode:
    value: str
    mark: Mark
    plain: bool = True  # written without quotes (null-like words matter only then)


@dataclass
class SeqNode:
    items: list["Node"]
    mark: Mark


@dataclass
class MapNode:
    items: list[tuple[ScalarNode, "Node"]]
    mark: Mark
    keys: dict[str, ScalarNode] = field(default_factory=dict)

    def get(self, key: str) -> "Node | None":
        for k, v in self.items:
            if k.value == key:
                return v
        return None


Node = ScalarNode | SeqNode | MapNode

KIND_NAMES = {ScalarNode: "a text value", SeqNode: "a list", MapNode: "a mapping (key: value)"}


def load_yaml(data: bytes, path: str, problems: Problems) -> MapNode | None:
    """Parse one YAML file into a mapping node, or report why not and return None."""
    if len(data) > MAX_FILE_BYTES:
        problems.error(Mark(path), "file-too-large",
                       f"file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,}",
                       "split the record or remove pasted material")
        return None
    text = decode_utf8(data, path, problems)
    if text is None or not check_characters(text, path, problems, allow_tabs=False):
        return None
    if not text.strip() or all(_is_comment_or_blank(line) for line in text.splitlines()):
        problems.error(Mark(path), "empty-file", "file is empty",
                       "add the record's fields, or delete the file")
        return None
    try:
        root = _TreeBuilder(path, problems).build(text)
    except yaml.MarkedYAMLError as exc:
        mistake = diagnose(text, exc)
        if mistake is not None:
            problems.error(Mark(path, mistake.line, mistake.col), "yaml-syntax", mistake.message, mistake.hint,
                           detail=f"parser: {_syntax_message(exc).removeprefix('YAML syntax: ')}")
        else:
            problems.error(_mark_of(exc, path), "yaml-syntax", _syntax_message(exc),
                           "check indentation (two spaces per level) and quote values that "
                           "contain ': ' or start with a special character")
        return None
    if root is None:
        return None
    if not isinstance(root, MapNode):
        problems.error(root.mark, "not-a-mapping",
                       f"the file must hold a mapping of fields, found {KIND_NAMES[type(root)]}",
                       "start with 'name: …' style lines, one field per line")
        return None
    return root


def _is_comment_or_blank(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#") or stripped in ("---", "...")


def _mark_of(exc: yaml.MarkedYAMLError, path: str) -> Mark:
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return Mark(path)
    return Mark(path, mark.line + 1, mark.column + 1)


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    parts = [exc.context, exc.problem]
    return "YAML syntax: " + "; ".join(p for p in parts if p)


class _Abort(Exception):
    """Stops the walk of a file that exceeds a limit; the problem is already reported."""


class _TreeBuilder:
    """Turns PyYAML events into our node tree, refusing what we do not allow."""

    def __init__(self, path: str, problems: Problems) -> None:
        self.path = path
        self.problems = problems
        self.count = 0
        self.ok = True
        self.lines: list[str] | None = None  # the file's lines, when one may hold a word cut off as a comment

    def mark(self, event: yaml.Event) -> Mark:
        return Mark(self.path, event.start_mark.line + 1, event.start_mark.column + 1)

    def refuse(self, event: yaml.Event, code: str, message: str, hint: str) -> None:
        self.problems.error(self.mark(event), code, message, hint)
        self.ok = False

    def build(self, text: str) -> Node | None:
        if _WORD_AFTER_HASH.search(text):
            self.lines = _YAML_LINE_BREAK.split(text)  # as the parser counts lines, for its marks
        try:
            return self.walk(yaml.parse(text, Loader=_Loader))
        except _Abort:
            return None

    def walk(self, events) -> Node | None:
        root: Node | None = None
        documents = 0
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self.refuse(event, "multiple-documents", "the file holds more than one YAML document",
                                "keep one record per file; remove the '---' line")
                    return None
            elif isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.AliasEvent)):
                root = self.node(event, events, depth=1)
        return root if self.ok else None

    def node(self, event: yaml.Event, events, depth: int) -> Node | None:
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            what = "nested too deeply" if depth > MAX_DEPTH else "has too many values"
            self.refuse(event, "too-complex", f"the file {what} (limits: depth {MAX_DEPTH}, {MAX_NODES:,} values)",
                        "records are small; check for pasted or generated content")
            raise _Abort()
        self.check_features(event)
        if isinstance(event, yaml.ScalarEvent):
            self.check_escapes(event)
            if self.lines is not None and not event.style:
                self.check_cut_off(event)
            return ScalarNode(event.value, self.mark(event), plain=not event.style)  # libyaml says '', PyYAML None
        if isinstance(event, yaml.SequenceStartEvent):
            return self.sequence(event, events, depth)
        if isinstance(event, yaml.MappingStartEvent):
            return self.mapping(event, events, depth)
        return None  # an alias, already refused

    def check_features(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.AliasEvent):
            self.refuse(event, "yaml-alias", f"alias '*{event.anchor}' is not allowed",
                        "write the value out in full")
        elif getattr(event, "anchor", None):
            self.refuse(event, "yaml-anchor", f"anchor '&{event.anchor}' is not allowed",
                        "remove the anchor; write repeated values out in full")
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            self.refuse(event, "yaml-tag", f"explicit tag '{tag}' is not allowed",
                        "remove the tag; every value is read as text and the schema decides its type")

    def check_escapes(self, event: yaml.ScalarEvent) -> None:
        """The file's characters were checked; escapes in double quotes ("\\u202e") were not."""
        char = first_forbidden(event.value)
        if char is not None:
            self.refuse(event, "bad-character", f"the value contains the invisible character {describe(char)}",
                        "remove the escape sequence (a backslash code such as \\u202e) from the quoted text")

    def check_cut_off(self, event: yaml.ScalarEvent) -> None:
        """`text: Ranked #1 by them` is `Ranked` to YAML, the rest a comment, and `format`
        would drop it for good. An error, not a refusal: the file's other problems are still
        reported."""
        end = event.end_mark
        rest = self.lines[end.line][end.column:]
        cut = re.match(r"[ \t]+(#\S.*)", rest)
        if cut is None:
            return
        start = event.start_mark
        hint = "put the whole value in quotes"
        if start.line == end.line:
            whole = self.lines[end.line][start.column:].strip()
            hint += ": '" + whole.replace("'", "''") + "'"
        left = f"'{event.value}'" if event.value else "nothing"
        self.problems.error(Mark(self.path, end.line + 1, end.column + len(rest) - len(rest.lstrip()) + 1),
                            "cut-off-value", f"'{cut.group(1)}' is read as a comment: the value is {left}, "
                            "the words from '#' on are left out", hint)

    def sequence(self, start: yaml.Event, events, depth: int) -> SeqNode:
        node = SeqNode([], self.mark(start))
        for event in events:
            if isinstance(event, yaml.SequenceEndEvent):
                return node
            child = self.node(event, events, depth + 1)
            if child is not None:
                node.items.append(child)
        return node

    def mapping(self, start: yaml.Event, events, depth: int) -> MapNode:
        node = MapNode([], self.mark(start))
        for event in events:
            if isinstance(event, yaml.MappingEndEvent):
                return node
            key = self.node(event, events, depth + 1)
            value = self.node(next(events), events, depth + 1)
            self.add_item(node, key, value)
        return node

    def add_item(self, node: MapNode, key: Node | None, value: Node | None) -> None:
        if key is None or value is None:
            return
        if not isinstance(key, ScalarNode):
            self.problems.error(key.mark, "complex-key", "a key must be a plain word",
                                "write keys as 'name: value'")
            self.ok = False
            return
        if key.value == "<<":
            self.problems.error(key.mark, "yaml-merge", "merge keys ('<<') are not allowed",
                                "write the fields out in full")
            self.ok = False
            return
        first = node.keys.get(key.value)
        if first is not None:
            self.problems.error(key.mark, "duplicate-key",
                                f"key '{key.value}' appears twice: first at line {first.mark.line}, again here",
                                "keep one of them; a later key would silently replace the first")
            self.ok = False
            return
        node.keys[key.value] = key
        node.items.append((key, value))
