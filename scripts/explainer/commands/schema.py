"""`explainer schema`: write the JSON Schemas of schemas/ from the model, for editors' tools."""

from __future__ import annotations

from pathlib import Path

from ..model.jsonschema import RECORD_TYPES, SCHEMA_DIR, render


def write_schemas(root: Path) -> list[Path]:
    folder = root / SCHEMA_DIR
    folder.mkdir(exist_ok=True)
    written = []
    for kind in RECORD_TYPES:
        path = folder / f"{kind}.schema.json"
        path.write_text(render(kind), encoding="utf-8")
        written.append(path)
    return written
