"""The JSON Schemas: generated from the loader's model, committed, referenced by every
YAML file, and in agreement with the loader, as judged by an independent validator."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, get_args

import pytest

from conftest import REPO
from explainer.check.walk import RELATION_PHRASES, RefUse, iter_refs
from explainer.model.jsonschema import RECORD_TYPES, render, schema_comment, schema_for
from explainer.model.problems import Mark, Problems
from explainer.model.records import ActorId, Located, Relation
from explainer.model.schema import Constraint, Violation
from explainer.read.convert import convert
from explainer.read.strict_yaml import load_yaml

FOLDERS = {"actor": "content/actors", "question": "content/questions", "event": "content/events",
           "disagreement": "content/disagreements"}


def validate(schema: Path, *files: Path) -> subprocess.CompletedProcess:
    checker = Path(sys.executable).with_name("check-jsonschema")
    return subprocess.run([str(checker), "--schemafile", str(schema), *map(str, files)],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("kind", RECORD_TYPES)
def test_committed_schema_is_the_generated_one(kind):
    committed = (REPO / "schemas" / f"{kind}.schema.json").read_text("utf-8")
    assert committed == render(kind), "run: .venv/bin/explainer schema"


def _content_files():
    for kind, folder in FOLDERS.items():
        for path in sorted((REPO / folder).glob("*.yaml")):
            yield kind, path, 2
    yield "center", REPO / "content/center.yaml", 1


def test_every_yaml_file_points_at_its_schema():
    for kind, path, depth in _content_files():
        assert path.read_text("utf-8").startswith(schema_comment(kind, depth)), path


@pytest.mark.parametrize("kind", RECORD_TYPES)
def test_every_content_file_passes_the_independent_validator(kind):
    files = [path for k, path, _ in _content_files() if k == kind]
    result = validate(REPO / "schemas" / f"{kind}.schema.json", *files)
    assert result.returncode == 0, result.stdout + result.stderr


CITE = "cite:\n  - article: kiryat-gat-headquarters\n    quote: There is no Plan B\n"
EVENT = "date: '2025-10'\ntitle: T\ntext: Something happened.\n" + CITE
AGREEMENT = {
    "good event": (EVENT, True),
    "good event, unquoted full date": (EVENT.replace("'2025-10'", "2025-10-08"), True),
    "year unquoted (a number to YAML 1.2)": (EVENT.replace("'2025-10'", "2025"), False),
    "unknown key": (EVENT + "colour: red\n", False),
    "missing text": (EVENT.replace("text: Something happened.\n", ""), False),
    "empty title": (EVENT.replace("title: T", "title: ''"), False),
    "blank title": (EVENT.replace("title: T", "title: '  '"), False),
    "bad date": (EVENT.replace("'2025-10'", "'2025-13'"), False),
    "30 February": (EVENT.replace("'2025-10'", "2025-02-30"), False),
    "31 April": (EVENT.replace("'2025-10'", "2025-04-31"), False),
    "31 October": (EVENT.replace("'2025-10'", "2025-10-31"), True),
    "29 February of a leap year": (EVENT.replace("'2025-10'", "2024-02-29"), True),
    "29 February of 2000, a leap year": (EVENT.replace("'2025-10'", "2000-02-29"), True),
    "29 February of 2025": (EVENT.replace("'2025-10'", "2025-02-29"), False),
    "29 February of 2100, not a leap year": (EVENT.replace("'2025-10'", "2100-02-29"), False),
    "bad precision": (EVENT + "date_precision: roughly\n", False),
    "no citation": (EVENT.replace(CITE, "cite: []\n"), False),
    "citation not a list": (EVENT.replace(CITE, "cite: kiryat-gat-headquarters\n"), False),
    "malformed id": (EVENT + "actors: [Steve Witkoff]\n", False),
    "title a number": (EVENT.replace("title: T", "title: 1984"), False),
    "title null": (EVENT.replace("title: T", "title: null"), False),
    "title quoted number": (EVENT.replace("title: T", "title: '1984'"), True),
    "title over its length cap": (EVENT.replace("title: T", "title: " + "T" * 301), False),
    "title at its length cap": (EVENT.replace("title: T", "title: " + "T" * 300), True),
    "date ending in a newline": (EVENT.replace("'2025-10'", '"2025-10\\n"'), False),
    "actor id ending in a newline": (EVENT + 'actors: ["hamas\\n"]\n', False),
    "optional note null": (EVENT + "date_note: null\n", True),
    "boolean quoted": ("title: T\nabout: date\ncenter: 'true'\nsides:\n  - text: A\n    " + CITE.replace("\n  ", "\n      ").replace("\n    quote", "\n        quote")
                       + "  - text: B\n    " + CITE.replace("\n  ", "\n      ").replace("\n    quote", "\n        quote"), False),
    "boolean plain": ("title: T\nabout: date\ncenter: true\nsides:\n  - text: A\n    " + CITE.replace("\n  ", "\n      ").replace("\n    quote", "\n        quote")
                      + "  - text: B\n    " + CITE.replace("\n  ", "\n      ").replace("\n    quote", "\n        quote"), True),
}


@pytest.mark.parametrize("case", AGREEMENT, ids=list(AGREEMENT))
def test_schema_and_loader_agree(tmp_path, case):
    text, valid = AGREEMENT[case]
    kind = "disagreement" if text.startswith("title: T\nabout") else "event"
    path = tmp_path / "record.yaml"
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    node = load_yaml(text.encode(), "record.yaml", problems)
    loader_ok = node is not None and convert(node, RECORD_TYPES[kind], "record.yaml", problems) is not None
    schema_ok = validate(REPO / "schemas" / f"{kind}.schema.json", path).returncode == 0
    assert (loader_ok, schema_ok) == (valid, valid), [p.format() for p in problems.sorted()]


@dataclass(frozen=True)
class NoShouting(Constraint):
    """A rule the model does not have: defined here, it must reach every reader of the schema."""

    def violation(self, value: str, name: str) -> Violation | None:
        if not value.isupper():
            return None
        return Violation("shouting", f"'{name}' is all capitals", "write it in sentence case")

    def json_schema(self) -> dict[str, Any]:
        return {"pattern": "[^A-Z]"}


@dataclass
class Probe(Located):
    title: Annotated[str, NoShouting()]
    friend: ActorId
    friends: list[ActorId] = field(default_factory=list)


def test_a_new_constraint_is_one_change_in_one_place(monkeypatch):
    """Declared once on a field, a constraint is enforced by the loader at its line, stated in
    the JSON Schema, and the field's Ref is followed by the walker: no other code changes."""
    text = "title: LOUD\nfriend: hamas\nfriends: [israel, qatar]\n"
    problems = Problems()
    assert convert(load_yaml(text.encode(), "probe.yaml", problems), Probe, "probe.yaml", problems) is None
    assert [p.format() for p in problems.errors] == [
        "probe.yaml:1:8: error[shouting]: 'title' is all capitals\n    hint: write it in sentence case"]

    monkeypatch.setitem(RECORD_TYPES, "probe", Probe)
    properties = schema_for("probe")["properties"]
    assert properties["title"]["pattern"] == "[^A-Z]"
    assert properties["friend"]["pattern"] == properties["friends"]["items"]["pattern"] != "[^A-Z]"

    record = convert(load_yaml(text.replace("LOUD", "Quiet").encode(), "probe.yaml", problems), Probe,
                     "probe.yaml", Problems())
    assert list(iter_refs(record)) == [RefUse("actor", "hamas", Mark("probe.yaml", 2, 9)),
                                       RefUse("actor", "israel", Mark("probe.yaml", 3, 11)),
                                       RefUse("actor", "qatar", Mark("probe.yaml", 3, 19))]


def test_every_text_field_has_a_length_cap_in_the_json_schema():
    def uncapped(value: Any, path: str) -> list[str]:
        if isinstance(value, dict):
            if value.get("type") == "string" and "maxLength" not in value:
                return [path]
            return [p for key, inner in value.items() for p in uncapped(inner, f"{path}/{key}")]
        if isinstance(value, list):
            return [p for i, inner in enumerate(value) for p in uncapped(inner, f"{path}/{i}")]
        return []

    assert {kind: uncapped(schema_for(kind), kind) for kind in RECORD_TYPES} == {kind: [] for kind in RECORD_TYPES}


def test_every_relation_reads_as_a_sentence():
    """Each tie is published as "<actor> <phrase> <actor>.": a relation without a phrase could not be shown."""
    assert set(get_args(Relation)) == set(RELATION_PHRASES)
