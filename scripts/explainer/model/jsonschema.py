"""JSON Schema for each record type, generated from the schema's field descriptions.

The loader (`read/convert.py`) and these schemas read the same `FieldSpec`s, so a field
is declared once. Editors' tools (VS Code's YAML extension) use the committed schemas to
autocomplete and underline mistakes; `explainer schema` regenerates them.
"""

from __future__ import annotations

import json
from typing import Any

from .records import Actor, Center, Disagreement, Event, Question
from .schema import Shape, fields, required_fields

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
    properties = {name: _value(spec.shape, definitions) for name, spec in fields(cls).items()}
    schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    if required_fields(cls):
        schema["required"] = required_fields(cls)
    if cls.__doc__ and not cls.__doc__.startswith(cls.__name__ + "("):
        schema["description"] = " ".join(cls.__doc__.split())
    return schema


def _value(shape: Shape, definitions: dict[str, Any]) -> dict[str, Any]:
    described = {"description": shape.doc} if shape.doc else {}
    if shape.kind == "optional":
        return {"anyOf": [_value(shape.inner, definitions), {"type": "null"}], **described}
    if shape.kind == "list":
        return {"type": "array", "items": _value(shape.inner, definitions), **_constraints(shape), **described}
    if shape.kind == "record":
        definitions.setdefault(shape.record.__name__, _object(shape.record, definitions))
        return {"$ref": f"#/$defs/{shape.record.__name__}", **described}
    if shape.kind == "boolean":
        return {"type": "boolean", **described}
    if shape.kind == "choice":
        return {"enum": list(shape.choices), **described}
    return {"type": "string", "minLength": 1, "pattern": r"\S", **_constraints(shape), **described}


def _constraints(shape: Shape) -> dict[str, Any]:
    keywords: dict[str, Any] = {}
    for constraint in shape.constraints:
        keywords.update(constraint.json_schema())
    return keywords


def render(kind: str) -> str:
    return json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n"


def schema_comment(kind: str, depth: int) -> str:
    """The first line of a YAML record: tells editors' tools which schema to apply."""
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_DIR}/{kind}.schema.json\n"
