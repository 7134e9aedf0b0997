"""`explainer schema`: write the JSON Schemas of schemas/ and the browser editor's configuration
(theme/admin/config.json) from the model, for editors' tools."""

from __future__ import annotations

from pathlib import Path

from ..model.jsonschema import RECORD_TYPES, SCHEMA_DIR, render
from ..render import cms_config


def write_schemas(root: Path) -> list[Path]:
    folder = root / SCHEMA_DIR
    folder.mkdir(exist_ok=True)
    written = []
    for kind in RECORD_TYPES:
        path = folder / f"{kind}.schema.json"
        path.write_text(render(kind), encoding="utf-8")
        written.append(path)
    editor = root / cms_config.CONFIG_PATH
    editor.parent.mkdir(parents=True, exist_ok=True)
    editor.write_text(cms_config.render(), encoding="utf-8")
    return [*written, editor]
