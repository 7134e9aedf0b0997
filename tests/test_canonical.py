"""The canonical form of a YAML record (scripts/explainer/read/canonical.py): every content file is
already in it, and the browser editor's writer (theme/admin/canonical.js) gives the same bytes, so a
record opened and saved unchanged in the browser stays byte-identical."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO, run_explainer
from explainer.commands.format import record_files
from explainer.model.problems import Problems
from explainer.read.canonical import canonical_text, scalar
from explainer.read.strict_yaml import load_yaml
from fixture_content import fixture_project
from js_harness import editor_fields, node_runner

RECORDS = record_files(REPO / "content")


@pytest.fixture(scope="module")
def node():
    yield from node_runner()


def _canonical(path: Path, kind: str, depth: int, text: str) -> str:
    return canonical_text(load_yaml(text.encode("utf-8"), str(path), Problems()), kind, depth)


@pytest.mark.parametrize("path,kind,depth", RECORDS, ids=[p.name for p, _, _ in RECORDS])
def test_the_editor_writes_every_record_as_explainer_format_does(node, path, kind, depth):
    """Whatever form a file is in, opened and saved in the browser it becomes what `explainer format`
    makes of it; and a file in that form (all of content/ is, kept so by the pre-commit hook) stays
    byte-identical."""
    text = path.read_text("utf-8")
    canonical = _canonical(path, kind, depth, text)
    assert node("resave", text, editor_fields(kind), kind, depth) == canonical
    assert _canonical(path, kind, depth, canonical) == canonical
    assert node("resave", canonical, editor_fields(kind), kind, depth) == canonical


def test_format_rewrites_a_record_in_schema_order_and_drops_empty_lists(project):
    path = project / "content/events/2023-10-07-reference-date.yaml"
    path.write_text("# yaml-language-server: $schema=../../schemas/event.schema.json\n"
                    "date_precision: exact\ndate: '2023-10-07'\ntitle: \"Day\"\ntext: It happened.\n"
                    "cite:\n- article: trump-hamas-negotiations-analysis\n  quote: directly following October 7, 2023\n"
                    "actors: []\n", encoding="utf-8")
    result = run_explainer(project, "format")
    assert result.returncode == 0, result.stderr
    assert path.read_text("utf-8") == (
        "# yaml-language-server: $schema=../../schemas/event.schema.json\n"
        "date: '2023-10-07'\ndate_precision: exact\ntitle: Day\ntext: It happened.\n"
        "cite:\n  - article: trump-hamas-negotiations-analysis\n    quote: 'directly following October 7, 2023'\n")
    assert run_explainer(project, "format", "--check").returncode == 0


def test_format_check_names_the_files_to_rewrite(tmp_path):
    project = fixture_project(tmp_path / "project")
    assert run_explainer(project, "format").returncode == 0  # every record in the editor's form
    path = project / "content/actors/truck-driver.yaml"
    text = path.read_text("utf-8")
    assert "\nname: Truck driver\n" in "\n" + text
    path.write_text(text.replace("name: Truck driver", 'name: "Truck driver"'), encoding="utf-8")
    result = run_explainer(project, "format", "--check")
    assert result.returncode == 1
    named = [line for line in result.stdout.splitlines() if "content/" in line]
    assert named == ["Not canonical: content/actors/truck-driver.yaml"], result.stdout  # that file, and only it


@settings(max_examples=300, deadline=None)
@given(text=st.text(min_size=1, max_size=40), flow=st.booleans(), quoted=st.booleans())
def test_both_writers_quote_text_alike_and_the_loader_reads_it_back(node, text, flow, quoted):
    written = scalar(text, flow=flow, quoted=quoted)
    assert node("scalar", text, flow, quoted) == written
    kind_line = "name: " + written if not flow else "aliases: " + "[" + written + "]"
    problems = Problems()
    root = load_yaml(("name: x\n" + kind_line + "\n").encode("utf-8") if flow else (kind_line + "\n").encode("utf-8"),
                     "t.yaml", problems)
    if problems.errors:  # text the loader refuses anywhere (a control character): nothing to read back
        return
    value = root.get("aliases").items[0].value if flow else root.get("name").value
    assert value == text




def test_format_refuses_a_record_with_a_key_the_schema_does_not_know(tmp_path):
    project = fixture_project(tmp_path / "project")
    path = project / "content/actors/truck-driver.yaml"
    text = path.read_text("utf-8")
    line = len(text.splitlines()) + 1  # the key added at the end, however long the record grows
    path.write_text(text + "nickname: H\n", encoding="utf-8")
    result = run_explainer(project, "format")
    assert result.returncode == 1
    assert f"content/actors/truck-driver.yaml:{line}:1: error[unknown-key]: unknown key 'nickname'" \
        in result.stdout + result.stderr
    assert path.read_text("utf-8").endswith("nickname: H\n")  # left as written


MESSY_ACTOR = """# yaml-language-server: $schema=../../schemas/actor.schema.json
# a comment the canonical form does not keep
kind: person
name: "Test Person"
aliases:
  - "T. Person"
  - 'Person, T.'
role:
  cite:
  - quote: "Steven Fagin, the U.S. ambassador to Yemen"
    article: kiryat-gat-headquarters
  text: >-
    A person in the story: a test.
affiliations: []
claims:
  - text: 'It''s 200 of them.'
    actors:
      - steven-fagin
    cite:
      - {article: kiryat-gat-headquarters, quote: "Steven Fagin"}
"""


def test_both_writers_turn_a_hand_written_record_into_the_same_canonical_text(node):
    canonical = _canonical(Path("messy.yaml"), "actor", 2, MESSY_ACTOR)
    assert canonical == (
        "# yaml-language-server: $schema=../../schemas/actor.schema.json\n"
        "name: Test Person\nkind: person\nrole:\n  text: 'A person in the story: a test.'\n  cite:\n"
        "    - article: kiryat-gat-headquarters\n      quote: 'Steven Fagin, the U.S. ambassador to Yemen'\n"
        "aliases: [T. Person, 'Person, T.']\n"
        "claims:\n  - text: It's 200 of them.\n    cite:\n      - article: kiryat-gat-headquarters\n"
        "        quote: 'Steven Fagin'\n    actors: [steven-fagin]\n")
    assert node("resave", MESSY_ACTOR, editor_fields("actor"), "actor", 2) == canonical


def test_an_answer_left_blank_in_the_editor_is_left_out_of_the_file(node):
    """Decap hands the writer an open question's untouched answer as a group of empty fields; the
    file must not get an `answer:` key (the loader would refuse it, half filled)."""
    blank = {"title": "Who runs the crossing?", "status": "open", "answer": {"text": "", "cite": []}}
    written = node("toFile", blank, editor_fields("question"), "question", 2)
    assert "answer" not in written
    assert written == _canonical(Path("open.yaml"), "question", 2,
                                 "title: Who runs the crossing?\nstatus: open\n")
