"""The browser editor's configuration: generated from the model (render/cms_config.py), committed
(theme/admin/config.json), and saying what the loader says about every field."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated

import pytest

from conftest import REPO
from explainer.model.jsonschema import RECORD_TYPES
from explainer.model.schema import Doc, MinItems, Pattern, Ref, fields, shape_of
from explainer.render import cms_config

CONFIG = cms_config.config()


def test_committed_configuration_is_the_generated_one():
    committed = (REPO / cms_config.CONFIG_PATH).read_text("utf-8")
    assert committed == cms_config.render(), "run: .venv/bin/explainer schema"


def _collection(kind: str) -> dict:
    return next(c for c in CONFIG["collections"] if c["format"] == cms_config.FORMAT_PREFIX + kind)


def _fields_of(kind: str) -> list[dict]:
    collection = _collection(kind)
    return collection.get("fields") or collection["files"][0]["fields"]


def _walk(fields_: list[dict], cls: type, in_optional_group: bool = False):
    """(configured field, its FieldSpec, whether the editor must require it) for every field
    at every depth. The fields of an optional group (a question's answer) are never required
    by the editor, which would then refuse the group left empty (decaporg/decap-cms#7748)."""
    specs = fields(cls)
    assert [f["name"] for f in fields_] == list(specs)  # every field, in the schema's order
    for field in fields_:
        spec = specs[field["name"]]
        required = spec.required and spec.shape.kind != "optional"
        yield field, spec, required and not in_optional_group
        bare = spec.shape.bare
        inner = bare.inner.bare if bare.kind == "list" else bare
        if inner.kind == "record":
            yield from _walk(field.get("fields") or field["field"]["fields"], inner.record,
                             bare.kind == "record" and not required)


@pytest.mark.parametrize("kind", RECORD_TYPES)
def test_every_field_has_its_label_hint_requirement_and_picker(kind):
    for field, spec, required in _walk(_fields_of(kind), RECORD_TYPES[kind]):
        shape = spec.shape.bare
        assert field["label"] and field.get("hint", "") == (spec.shape.doc or shape.doc)
        assert field.get("required", True) == required
        if shape.kind == "choice":
            assert field["widget"] == "select" and field["options"] == list(shape.choices)
        target = shape.inner.bare.ref if shape.kind == "list" else shape.ref
        if target is not None and target.kind != "article":
            assert field["widget"] == "relation" and field["collection"] == target.kind + "s"
            assert field.get("multiple", False) == (shape.kind == "list")
        if target is not None and target.kind == "article":  # picked with its quote, and checked
            assert field["widget"] == "string" and Ref("article").json_schema()["pattern"] in field["pattern"][0]


def test_every_citation_list_is_the_quote_checking_widget_with_its_minimum():
    role = next(f for f in _fields_of("actor") if f["name"] == "role")
    cite = next(f for f in role["fields"] if f["name"] == "cite")
    assert cite["widget"] == cms_config.CITATIONS_WIDGET and cite["min"] == 1
    assert [f["name"] for f in cite["fields"]] == ["article", "quote"]
    sides = next(f for f in _fields_of("disagreement") if f["name"] == "sides")
    assert sides["min"] == 2


def test_a_pattern_carries_the_loaders_hint():
    updates = next(f for f in _fields_of("actor") if f["name"] == "updates")
    date = next(f for f in updates["fields"] if f["name"] == "date")
    assert date["pattern"][1].startswith("write a date on the calendar, like 2026-11-21")  # and its length cap


class MaxLength(MinItems):  # a stand-in: any constraint whose JSON Schema says maxLength
    def json_schema(self):
        return {"maxLength": self.count}

    def violation(self, value, name):
        return None


@dataclass
class Sample:
    title: Annotated[str, MaxLength(80), Doc("short")]
    items: Annotated[list[str], MinItems(2)]
    when: Annotated[str, Pattern(r"^\d{4}$", "2025")]
    code: Annotated[str, Pattern(r"^[a-z]+$", "abc"), MaxLength(5)]


def test_constraints_are_translated_from_their_json_schema_keywords():
    """A constraint the generator has not seen before is still stated, through its keywords."""
    built = {f["name"]: f for f in cms_config._fields(Sample)}
    assert built["title"]["pattern"] == ["^[\\s\\S]{0,80}$", "at most 80 characters"]
    assert built["items"]["min"] == 2
    assert built["when"]["pattern"] == [r"^\d{4}$", "write it like 2025"]
    assert built["code"]["pattern"] == ["(?=^[\\s\\S]{0,5}$)^[a-z]+$", "write it like abc; at most 5 characters"]
    assert shape_of(Annotated[str, MaxLength(80)]).constraints


def test_a_length_and_a_pattern_together_hold_in_javascript():
    """The combined pattern, as Decap runs it (new RegExp in the browser)."""
    import subprocess

    pattern = cms_config._fields(Sample)[3]["pattern"][0]
    script = f"const r = new RegExp({json.dumps(pattern)}); console.log([r.test('abcde'), r.test('abcdef'), r.test('ab1')])"
    assert subprocess.run(["node", "-e", script], capture_output=True, text=True).stdout.strip() == "[ true, false, false ]"


def test_the_configuration_is_plain_json_for_the_browser():
    assert json.loads((REPO / cms_config.CONFIG_PATH).read_text("utf-8"))["publish_mode"] == "editorial_workflow"
