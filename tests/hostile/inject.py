"""A copy of content/ with one payload in every field (fields.py) at once.

The hostile records are written line by line, so the file and lines of each field are
known: a checker's error there means that field's payload was refused. The article carries
the payload in every metadata line and as a paragraph of its text, which the quote fields
then quote: a quote holding the payload is found whenever the text is accepted. A record's
id (its file name) is attacked by a second file named after the payload.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .fields import (
    ARTICLE_FILE,
    ARTICLE_META,
    BODY,
    FOLDERS,
    IDS,
    RECORDS,
    REPO,
    SAFE_BODY,
    SHAPES,
    Field,
    Leaf,
    Mapping,
    Sequence,
)
from .payloads import Payload


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
    """`Key: value` lines, a blank line, the paragraphs; the payload (if any) last. The
    recorded digest is the text's own, unless the digest itself is the field attacked."""
    paragraphs = [*SAFE_BODY, *([] if body is None else [body])]
    digest = hashlib.sha256("".join(p + "\n" for p in paragraphs).encode("utf-8", "surrogatepass")).hexdigest()
    text = Text()
    for key, leaf in meta.items:
        value = value_of(leaf.field)
        if key == "received_sha256" and value == leaf.field.safe:
            value = digest
        text.add(f"{'-'.join(w.capitalize() for w in key.split('_'))}: {value}", leaf.field)
    text.add("")
    for paragraph in SAFE_BODY:
        text.add(paragraph)
    if body is not None:
        text.add(body, BODY)
    return text


@dataclass
class Written:
    """Where each attacked field ended up: file, and first and last line (None for a file
    name: any problem about that file is about the field)."""

    places: dict[Field, tuple[Path, int | None, int | None]]


def applicable(field: Field, payload: Payload) -> bool:
    """A file name cannot hold '/', NUL or an unpaired surrogate, nor (with its suffix) be
    longer than 255 bytes: such payloads cannot reach an id."""
    if field.path != "id":
        return True
    try:
        name = os.fsencode(payload.text)
    except UnicodeEncodeError:
        return False
    return b"/" not in name and b"\0" not in name and len(name) + len(".yaml") <= 255


def write_content(folder: Path, payload: Payload | None, refused: set[Field]) -> Written:
    """content/ of the repository plus the hostile records, into folder/content."""
    content = folder / "content"
    _reset(content)

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


def _reset(content: Path) -> None:
    """A copy of the repository's content/ (made once), without files written since."""
    if not content.exists():
        shutil.copytree(REPO / "content", content)
        return
    for folder in FOLDERS.values():
        for path in (content / folder).iterdir():
            if not (REPO / "content" / folder / path.name).exists():
                path.unlink()  # a hostile record or a file named after a payload


def _save(path: Path, text: Text, places: dict) -> None:
    path.write_bytes(text.value().encode("utf-8", "surrogatepass"))
    places.update({field: (path, first, last) for field, (first, last) in text.spans.items()})


def _write_id_file(content: Path, field: Field, name: str) -> Path:
    """A second, safe copy of the hostile record, under the payload as its file name."""
    if field.kind == "article":
        text, suffix = write_article(ARTICLE_META, _safe, None), ".md"
    else:
        text, suffix = write_yaml(SHAPES[field.kind], _safe, "raw"), ".yaml"
    target = content / FOLDERS[field.kind] / (name + suffix)
    target.write_bytes(text.value().encode())
    return target


def _safe(field: Field) -> Any:
    return field.safe


def located_at(problem, place: tuple[Path, int | None, int | None]) -> bool:
    path, first, last = place
    if _absolute(problem.mark.path) != str(path):
        return False
    return first is None or first <= problem.mark.line <= last


@functools.cache
def _absolute(shown: str) -> str:
    """A problem's path (relative to the working folder when under it) made absolute."""
    return os.path.abspath(shown)
