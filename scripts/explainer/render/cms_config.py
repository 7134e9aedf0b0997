"""The browser editor's configuration (Decap CMS), generated from the schema's field descriptions.

The loader, the JSON Schemas and this configuration read the same `FieldSpec`s, so a field is
declared once: labels come from field names, hints from the model's `Doc`s, selects from its
choices, relation pickers from its `Ref`s, limits and patterns from each constraint's JSON
Schema keywords, with the loader's own hint as the message. `explainer schema` writes it to
theme/admin/config.json; tests/test_cms_config.py fails when the committed file drifts.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from ..model.jsonschema import RECORD_TYPES
from ..model.schema import Shape, fields
from ..read.load import CENTER_FILE, FOLDERS

CONFIG_PATH = "theme/admin/config.json"
FORMAT_PREFIX = "explainer-"  # one custom YAML format per record type (theme/admin/canonical.js)
CITATIONS_WIDGET = "citations"  # sources: article picker and live quote check (theme/admin/admin.js)
ONE_LINE = ("name", "title")  # the records' identifier fields: a one-line input; other text a text area
IDENTIFIER = {"actor": "name", "question": "title", "event": "title", "disagreement": "title", "center": "name"}
COLLECTION_OF = {kind: folder for folder, (kind, _cls) in FOLDERS.items()}


def config() -> dict[str, Any]:
    """The whole configuration, except what the build adds (the repository, the proxy's address)."""
    return {
        "backend": {"name": "github", "branch": "main", "base_url": "https://api.netlify.com",
                    "auth_endpoint": "auth", "squash_merges": True},
        "publish_mode": "editorial_workflow",  # every save opens a pull request
        "local_backend": True,  # on localhost: decap-server writes the working tree (`explainer serve --editor`)
        "load_config_file": False,
        "media_folder": "content/media",  # required by Decap; no field takes a file
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [_folder_collection(folder, kind) for folder, (kind, _cls) in FOLDERS.items()]
        + [_center_collection()],
    }


def render() -> str:
    return json.dumps(config(), indent=2, ensure_ascii=False) + "\n"


def _folder_collection(folder: str, kind: str) -> dict[str, Any]:
    return {"name": folder, "label": _label(folder), "label_singular": _label(kind), "folder": f"content/{folder}",
            "extension": "yaml", "format": FORMAT_PREFIX + kind, "create": True, "delete": False,
            "identifier_field": IDENTIFIER[kind], "slug": "{{slug}}", "editor": {"preview": False},
            "fields": _fields(RECORD_TYPES[kind])}


def _center_collection() -> dict[str, Any]:
    return {"name": "center", "label": "Coordination center", "extension": "yaml", "format": FORMAT_PREFIX + "center",
            "delete": False, "editor": {"preview": False},
            "files": [{"name": "center", "label": "The coordination center", "file": f"content/{CENTER_FILE}",
                       "fields": _fields(RECORD_TYPES["center"])}]}


def _fields(cls: type) -> list[dict[str, Any]]:
    defaults = {f.name: f.default for f in dataclasses.fields(cls) if f.default is not dataclasses.MISSING}
    return [_field(name, spec.shape, spec.required, defaults.get(name)) for name, spec in fields(cls).items()]


def _field(name: str, shape: Shape, required: bool, default: Any) -> dict[str, Any]:
    described = {"label": _label(name), "name": name}
    doc = shape.doc or shape.bare.doc
    if doc:
        described["hint"] = doc
    if not required or shape.kind == "optional":
        described["required"] = False
    if isinstance(default, str):
        described["default"] = default
    if shape.kind == "list" and not required:  # else Decap starts the list with one item of its defaults
        described["default"] = []
    widget = _widget(name, shape.bare)
    if described.get("required") is False and widget["widget"] == "object":
        # Decap refuses to save an optional object left empty when its fields are required
        # (decaporg/decap-cms#7748: no open question could be saved); `explainer check`
        # still refuses one that is begun and not finished, at its line.
        widget["fields"] = [_not_required(inner) for inner in widget["fields"]]
    return {**described, **widget}


def _not_required(field: dict[str, Any]) -> dict[str, Any]:
    return {**{key: value for key, value in field.items() if key != "min"}, "required": False}


def _widget(name: str, shape: Shape) -> dict[str, Any]:
    if shape.kind == "list":
        return _list(name, shape)
    if shape.kind == "record":
        if _is_citation(shape.record):
            raise ValueError("a single citation outside a list: the editor has no widget for it")
        return {"widget": "object", "collapsed": False, "fields": _fields(shape.record)}
    if shape.kind == "boolean":
        return {"widget": "boolean", "default": False}
    if shape.kind == "choice":
        return {"widget": "select", "options": list(shape.choices)}
    if shape.ref is not None and shape.ref.kind in COLLECTION_OF:
        return _relation(shape.ref.kind)
    return {"widget": "string" if name in ONE_LINE or _keywords(shape).get("pattern") else "text",
            **_text_rules(shape)}


def _list(name: str, shape: Shape) -> dict[str, Any]:
    inner, limits = shape.inner, _list_limits(shape)
    if inner.ref is not None:  # no list of article ids exists: an article is picked with its quote
        return {**_relation(inner.ref.kind), "multiple": True, **limits}
    if inner.kind == "record":
        if _is_citation(inner.record):
            return {"widget": CITATIONS_WIDGET, "fields": _fields(inner.record), **limits}
        first = next(iter(fields(inner.record)))
        return {"widget": "list", "label_singular": _label(name).lower().removesuffix("s"),
                "summary": "{{fields." + first + "}}", "collapsed": True, "fields": _fields(inner.record), **limits}
    return {"widget": "list", "field": {"label": _label(name), "name": name, "widget": "string",
                                        **_text_rules(inner)}, **limits}


def _relation(kind: str) -> dict[str, Any]:
    if kind not in COLLECTION_OF:
        raise ValueError(f"no collection for {kind} ids: the editor cannot offer a picker")
    label = IDENTIFIER[kind]
    return {"widget": "relation", "collection": COLLECTION_OF[kind], "value_field": "{{slug}}",
            "search_fields": [label], "display_fields": [label], "options_length": 1000}


def _is_citation(cls: type) -> bool:
    """A record pointing at an article with the words it quotes: edited with the quote check."""
    specs = fields(cls)
    return "quote" in specs and any(s.shape.ref is not None and s.shape.ref.kind == "article" for s in specs.values())


def _keywords(shape: Shape) -> dict[str, Any]:
    """The constraints' JSON Schema keywords (pattern, minItems, maxItems, maxLength, ...)."""
    merged: dict[str, Any] = {}
    for constraint in shape.constraints:
        merged.update(constraint.json_schema())
    return merged


def _hint(shape: Shape, name: str) -> str:
    """The loader's own hint for a value breaking the constraints, so the editor and `check` agree."""
    for constraint in shape.constraints:
        broken = constraint.violation("\x00", name)
        if broken is not None:
            return broken.hint
    return ""


def _text_rules(shape: Shape) -> dict[str, Any]:
    keywords = _keywords(shape)
    pattern, longest = keywords.get("pattern"), keywords.get("maxLength")
    if not longest:
        return {"pattern": [pattern, _hint(shape, "value") or "not in the expected form"]} if pattern else {}
    # Decap has no length option and one pattern per field: a lookahead states the length
    limit = f"at most {longest} characters"
    if pattern:
        return {"pattern": [f"(?=^[\\s\\S]{{0,{longest}}}$){pattern}", f"{_hint(shape, 'value')}; {limit}"]}
    return {"pattern": [f"^[\\s\\S]{{0,{longest}}}$", limit]}


def _list_limits(shape: Shape) -> dict[str, Any]:
    keywords = _keywords(shape)
    return {option: keywords[keyword] for keyword, option in (("minItems", "min"), ("maxItems", "max"))
            if keyword in keywords}


def _label(name: str) -> str:
    return name.replace("_", " ").replace("-", " ").capitalize()
