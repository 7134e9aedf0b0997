"""A copy of content/ with one payload in every field of every record type.

The fields are read from the model's dataclasses, so a field added there is attacked
without a change here. One hostile record of each kind is added (the center is replaced),
with every optional field present and one item in every list (two where the model asks
for two); their references point at each other, so the rest of the site's pages stay as
they were. An article, also added, carries the payload in every metadata line and as a
paragraph of its text; citations quote that paragraph, so a quote field holding the
payload is found in its article whenever the text is accepted. Each record's id (its file
name) is attacked too, by a second file named after the payload.

Every field has a safe value, written wherever the payload is not (or no longer) wanted:
with safe values only, the content checks clean.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from explainer.convert import _fields, optional_inner, unwrap
from explainer.model import (Actor, ArticleMeta, Center, Citation, Disagreement, Event, MinItems, Pattern, Question,
                             Ref)

from .payloads import Payload

REPO = Path(__file__).resolve().parents[2]
RECORDS: dict[str, tuple[str, type]] = {  # kind -> (file under content/, class)
    "actor": ("actors/hostile-actor.yaml", Actor),
    "question": ("questions/hostile-question.yaml", Question),
    "event": ("events/hostile-event.yaml", Event),
    "disagreement": ("disagreements/hostile-disagreement.yaml", Disagreement),
    "center": ("center.yaml", Center),
}
ARTICLE_FILE = "articles/hostile-source.md"
ARTICLE_ID = "hostile-source"
SAFE_IDS = {"actor": "hostile-actor", "question": "hostile-question", "event": "hostile-event",
            "disagreement": "hostile-disagreement", "article": ARTICLE_ID}
QUOTE = "This sentence is quoted by every hostile record."
SAFE_BODY = ("Hostile source: a plain paragraph that the suite's records cite. " + QUOTE,
             "A second paragraph, never quoted.")
SAFE_SPECIAL: dict[tuple[type, str], str] = {
    (Citation, "quote"): QUOTE,
    (ArticleMeta, "url"): "https://example.org/hostile-source",
}


@dataclass(frozen=True)
class Field:
    """One place a payload can go: a leaf of a record (`role.cite[0].quote`), the article's
    text (`body`), or a record's file name (`id`)."""

    kind: str  # actor, question, event, disagreement, center, article
    path: str
    safe: Any = None  # str or bool; None for ids (the payload file is simply not written)

    def __str__(self) -> str:
        return f"{self.kind}.{self.path}"


# ---- the shape of a record, from its dataclass ----------------------------------------

@dataclass
class Leaf:
    field: Field


@dataclass
class Mapping:
    items: list[tuple[str, Any]]  # (key, Leaf | Mapping | Sequence)


@dataclass
class Sequence:
    items: list[Any]


def shape(kind: str, cls: type, prefix: str = "") -> Mapping:
    """The record with every field present, as a tree whose leaves are Fields."""
    return Mapping([(name, _node(kind, f"{prefix}{name}", hint, cls, name))
                    for name, (hint, _) in _fields(cls).items()])


def _node(kind: str, path: str, hint: Any, owner: type, name: str) -> Any:
    bare, extras = _bare(hint)
    if get_origin(bare) is list:
        count = max([1] + [e.count for e in extras if isinstance(e, MinItems)])
        return Sequence([_node(kind, f"{path}[{i}]", get_args(bare)[0], owner, name) for i in range(count)])
    if dataclasses.is_dataclass(bare):
        return shape(kind, bare, path + ".")
    return Leaf(Field(kind, path, safe_value(owner, name, bare, extras)))


def _bare(hint: Any) -> tuple[Any, list]:
    """The type without Annotated layers or `| None`, and every layer's metadata."""
    bare, extras = unwrap(hint)
    inner = optional_inner(bare)
    if inner is not None:
        bare, more = unwrap(inner)
        extras = extras + more
    return bare, extras


def safe_value(owner: type, name: str, bare: Any, extras: list) -> Any:
    if (owner, name) in SAFE_SPECIAL:
        return SAFE_SPECIAL[owner, name]
    if bare is bool:
        return True
    if get_origin(bare) is Literal:
        return get_args(bare)[0]
    for extra in extras:
        if isinstance(extra, Ref):
            return SAFE_IDS[extra.kind]
        if isinstance(extra, Pattern):
            return extra.example.split(",")[0].strip()
    return f"Hostile test {name.replace('_', ' ')}"


def leaves(node: Any) -> list[Field]:
    if isinstance(node, Leaf):
        return [node.field]
    children = node.items if isinstance(node, Sequence) else [child for _, child in node.items]
    return [f for child in children for f in leaves(child)]


# ---- writing values ------------------------------------------------------------------

def yaml_scalar(value: Any, spelling: str) -> str:
    """A double-quoted YAML scalar holding exactly `value` (bools stay plain words)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return '"' + "".join(_yaml_char(c, spelling) for c in value) + '"'


_ALWAYS_ESCAPED = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _yaml_char(char: str, spelling: str) -> str:
    if char in _ALWAYS_ESCAPED:
        return _ALWAYS_ESCAPED[char]
    if spelling == "escaped" and not " " <= char <= "~":
        return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"
    return char


class Text:
    """A file being written line by line, remembering which lines hold which field."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.line = 1
        self.spans: dict[Field, tuple[int, int]] = {}

    def add(self, text: str, field: Field | None = None) -> None:
        last = self.line + text.count("\n")
        if field is not None:
            self.spans[field] = (self.line, last)
        self.parts.append(text + "\n")
        self.line = last + 1

    def value(self) -> str:
        return "".join(self.parts)


def write_yaml(node: Mapping, value_of, spelling: str) -> Text:
    text = Text()
    _write_mapping(text, node, value_of, spelling, indent="", first="")
    return text


def _write_mapping(text: Text, node: Mapping, value_of, spelling: str, indent: str, first: str) -> None:
    for index, (key, child) in enumerate(node.items):
        lead = first if index == 0 else indent
        if isinstance(child, Leaf):
            text.add(f"{lead}{key}: {yaml_scalar(value_of(child.field), spelling)}", child.field)
            continue
        text.add(f"{lead}{key}:")
        for item in (child.items if isinstance(child, Sequence) else [child]):
            _write_child(text, item, value_of, spelling, indent + "  ", in_list=isinstance(child, Sequence))


def _write_child(text: Text, node: Any, value_of, spelling: str, indent: str, in_list: bool) -> None:
    if isinstance(node, Leaf):
        text.add(f"{indent}- {yaml_scalar(value_of(node.field), spelling)}", node.field)
    elif in_list:
        _write_mapping(text, node, value_of, spelling, indent + "  ", first=indent + "- ")
    else:
        _write_mapping(text, node, value_of, spelling, indent, first=indent)


def write_article(meta: Mapping, value_of, body: str | None) -> Text:
    """`Key: value` lines, a blank line, the paragraphs; the payload (if any) last."""
    text = Text()
    for key, leaf in meta.items:
        text.add(f"{'-'.join(w.capitalize() for w in key.split('_'))}: {value_of(leaf.field)}", leaf.field)
    text.add("")
    for paragraph in SAFE_BODY:
        text.add(paragraph)
    if body is not None:
        text.add(body, BODY)
    return text


BODY = Field("article", "body")
ARTICLE_META = shape("article", ArticleMeta)
SHAPES = {kind: shape(kind, cls) for kind, (_, cls) in RECORDS.items()}
IDS = [Field(kind, "id") for kind in ("actor", "question", "event", "disagreement", "article")]
FIELDS: list[Field] = [f for node in SHAPES.values() for f in leaves(node)] + leaves(ARTICLE_META) + [BODY] + IDS
_FOLDERS = {"actor": "actors", "question": "questions", "event": "events", "disagreement": "disagreements",
            "article": "articles"}


# ---- a copy of content/ with a payload in it -----------------------------------------

@dataclass
class Written:
    """Where each attacked field ended up: file, and first and last line (None for a file
    name: any problem about that file is about the field)."""

    places: dict[Field, tuple[Path, int | None, int | None]]


def applicable(field: Field, payload: Payload) -> bool:
    """A file name cannot hold '/', NUL or an unpaired surrogate, nor be longer than 255 bytes."""
    if field.path != "id":
        return True
    try:
        name = os.fsencode(payload.text)
    except UnicodeEncodeError:
        return False
    return b"/" not in name and b"\0" not in name and len(name) <= 250 and payload.text not in (".", "..")


def write_content(folder: Path, payload: Payload | None, refused: set[Field]) -> Written:
    """content/ of the repository plus the hostile records, into folder/content (replaced)."""
    content = folder / "content"
    shutil.rmtree(content, ignore_errors=True)
    shutil.copytree(REPO / "content", content)

    def value_of(field: Field) -> Any:
        return payload.text if payload is not None and field not in refused else field.safe

    spelling = payload.spelling if payload is not None else "raw"
    places: dict[Field, tuple[Path, int | None, int | None]] = {}
    for kind, (name, _) in RECORDS.items():
        _save(content / name, write_yaml(SHAPES[kind], value_of, spelling), places)
    body = payload.text if payload is not None and BODY not in refused else None
    _save(content / ARTICLE_FILE, write_article(ARTICLE_META, value_of, body), places)
    if payload is not None:
        for field in IDS:
            if field not in refused and applicable(field, payload):
                places[field] = (_write_id_file(content, field, payload.text), None, None)
    return Written(places)


def _save(path: Path, text: Text, places: dict) -> None:
    path.write_bytes(text.value().encode("utf-8", "surrogatepass"))
    places.update({field: (path, first, last) for field, (first, last) in text.spans.items()})


def _write_id_file(content: Path, field: Field, name: str) -> Path:
    """A second, safe copy of the hostile record, under the payload as its file name."""
    if field.kind == "article":
        text, suffix = write_article(ARTICLE_META, _safe, None), ".md"
    else:
        text, suffix = write_yaml(SHAPES[field.kind], _safe, "raw"), ".yaml"
    target = content / _FOLDERS[field.kind] / (name + suffix)
    target.write_bytes(text.value().encode())
    return target


def _safe(field: Field) -> Any:
    return field.safe


def located_at(problem, place: tuple[Path, int | None, int | None]) -> bool:
    path, first, last = place
    if Path(problem.mark.path).resolve() != path.resolve():
        return False
    return first is None or first <= problem.mark.line <= last
