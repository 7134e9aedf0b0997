"""JSON Schema for each record type, generated from the model's annotations.

The loader (`convert.py`) and these schemas read the same dataclasses, so a field is
declared once. Editors' tools (VS Code's YAML extension) use the committed schemas to
autocomplete and underline mistakes; `explainer schema` regenerates them.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from .convert import _fields, optional_inner, required_fields, unwrap
from .model import ID_PATTERN, Actor, Center, Disagreement, Doc, Event, MinItems, Pattern, Question, Ref

RECORD_TYPES: dict[str, type] = {"actor": Actor, "center": Center, "question": Question,
                                 "event": Event, "disagreement": Disagreement}
SCHEMA_DIR = "schemas"


def schema_for(kind: str) -> dict[str, Any]:
    cls = RECORD_TYPES[kind]
    definitions: dict[str, Any] = {}
    root = _object(cls, definitions)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{kind}.schema.json", "title": f"Explainer {kind}",
            **root, **({"$defs": definitions} if definitions else {})}


def _object(cls: type, definitions: dict[str, Any]) -> dict[str, Any]:
    properties = {name: _value(hint, definitions) for name, (hint, _) in _fields(cls).items()}
    schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    if required_fields(cls):
        schema["required"] = required_fields(cls)
    if cls.__doc__ and not cls.__doc__.startswith(cls.__name__ + "("):
        schema["description"] = " ".join(cls.__doc__.split())
    return schema


def _value(hint: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    bare, extras = unwrap(hint)
    inner = optional_inner(bare)
    if inner is not None:
        return {"anyOf": [_value(inner, definitions), {"type": "null"}], **_describe(extras)}
    if get_origin(bare) is list:
        schema = {"type": "array", "items": _value(get_args(bare)[0], definitions)}
        minimum = next((e.count for e in extras if isinstance(e, MinItems)), 0)
        return {**schema, **({"minItems": minimum} if minimum else {}), **_describe(extras)}
    if dataclasses.is_dataclass(bare):
        definitions.setdefault(bare.__name__, _object(bare, definitions))
        return {"$ref": f"#/$defs/{bare.__name__}", **_describe(extras)}
    if bare is bool:
        return {"type": "boolean", **_describe(extras)}
    if get_origin(bare) is Literal:
        return {"enum": list(get_args(bare)), **_describe(extras)}
    return _text(extras)


def _text(extras: list) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "minLength": 1, "pattern": r"\S"}
    for extra in extras:
        if isinstance(extra, Ref):
            schema["pattern"] = ID_PATTERN
            schema["description"] = f"id of a{'n' if extra.kind[0] in 'aeiou' else ''} {extra.kind}"
        elif isinstance(extra, Pattern):
            schema["pattern"] = extra.regex
    return {**schema, **_describe(extras)}


def _describe(extras: list) -> dict[str, str]:
    docs = [e.text for e in extras if isinstance(e, Doc)]
    return {"description": docs[0]} if docs else {}


def render(kind: str) -> str:
    return json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n"


def write_schemas(root: Path) -> list[Path]:
    folder = root / SCHEMA_DIR
    folder.mkdir(exist_ok=True)
    written = []
    for kind in RECORD_TYPES:
        path = folder / f"{kind}.schema.json"
        path.write_text(render(kind), encoding="utf-8")
        written.append(path)
    return written


def schema_comment(kind: str, depth: int) -> str:
    """The first line of a YAML record: tells editors' tools which schema to apply."""
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_DIR}/{kind}.schema.json\n"
