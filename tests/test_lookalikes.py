"""Lookalike names and ids are errors naming both records (issue 15, hole 7: a second
"Steve Witkoff" spelled with a Cyrillic і, a Greek ο, fullwidth letters or an invisible
character passed `duplicate-name`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from explainer.check.lookalikes import ASCII_LOOKALIKES, confusable_representatives, lookalike_key
from explainer.site import check_content
from fixture_content import FILES, fixture_project

ACTOR = """\
name: "{name}"
kind: person
role:
  text: A spokesman.
  cite:
    - article: harbour-report
      quote: 'A spokesman for the coordination center'
"""
ORIGINAL = "content/actors/steve-witkoff.yaml:1:7"  # where the test writes the first name
SECOND = "content/actors/witkoff.yaml"


@pytest.fixture
def project(tmp_path) -> Path:
    """The tests' own explainer, with one actor named Steve Witkoff."""
    folder = fixture_project(tmp_path / "project")
    (folder / ORIGINAL.split(":")[0]).write_text(ACTOR.format(name="Steve Witkoff"), encoding="utf-8")
    return folder


def add_second(project: Path, name: str) -> None:
    (project / SECOND).write_text(ACTOR.format(name=name), encoding="utf-8")


def errors(project: Path, monkeypatch) -> list[str]:
    monkeypatch.chdir(project)
    return [p.format().split("\n")[0] for p in check_content(Path("content")).problems.errors]


LOOKALIKES = {
    "Cyrillic і": "Steve W\u0456tkoff",
    "Greek ο": "Steve Witk\u03bfff",
    "Cyrillic е and о": "St\u0435ve Witk\u043eff",
    "fullwidth letters": "\uff33\uff54\uff45\uff56\uff45 \uff37\uff49\uff54\uff4b\uff4f\uff46\uff46",
    "mathematical letters": "\U0001d412teve Witkoff",
    "ideographic space": "Steve\u3000Witkoff",
}


@pytest.mark.parametrize("name", LOOKALIKES.values(), ids=list(LOOKALIKES))
def test_a_lookalike_of_an_existing_name_is_an_error_naming_both(project, monkeypatch, name):
    add_second(project, name)
    found = errors(project, monkeypatch)
    assert len(found) == 1, found
    assert found[0].startswith("content/actors/witkoff.yaml:1:7: error[")
    assert "actor 'witkoff'" in found[0] and f"'steve-witkoff' ({ORIGINAL})" in found[0]
    assert "error[confusable-name]" in found[0] or "error[duplicate-name]" in found[0]


@pytest.mark.parametrize("char", ["\u200e", "\u200d", "\u200c", "\u034f", "\u3164"])
def test_a_name_with_an_invisible_character_is_an_error(project, monkeypatch, char):
    add_second(project, f"Steve Wit{char}koff")
    assert errors(project, monkeypatch) == [
        f"content/actors/witkoff.yaml:1:7: error[invisible-character]: 'name' has the invisible character "
        f"U+{ord(char):04X} ({__import__('unicodedata').name(char)}) at character 10"]


def test_the_message_names_the_lookalike_character(project, monkeypatch):
    add_second(project, LOOKALIKES["Cyrillic і"])
    assert errors(project, monkeypatch) == [
        "content/actors/witkoff.yaml:1:7: error[confusable-name]: actor 'witkoff' is named 'Steve W\\u0456tkoff', "
        f"which looks like the name of 'steve-witkoff' ({ORIGINAL}): U+0456 CYRILLIC SMALL LETTER "
        "BYELORUSSIAN-UKRAINIAN I"]


def test_a_lookalike_id_is_an_error_naming_both(project, monkeypatch):
    event = FILES["events/2025-10-20-boats-return.yaml"]
    (project / "content/events/2025-10-20-boats-return-1.yaml").write_text(event, encoding="utf-8")
    (project / "content/events/2025-10-20-boats-return-l.yaml").write_text(event, encoding="utf-8")
    assert [line for line in errors(project, monkeypatch) if "confusable-name" in line] == [
        "content/events/2025-10-20-boats-return-l.yaml:1:1: error[confusable-name]: event id "
        "'2025-10-20-boats-return-l' looks like the id '2025-10-20-boats-return-1' "
        "(content/events/2025-10-20-boats-return-1.yaml)"]


def test_different_names_keep_different_keys():
    names = ["Steve Witkoff", "Steven Fagin", "Stephen Witthoff", "Ron Dermer", "Ronen Bar", "Israel", "Iran"]
    assert len({lookalike_key(name) for name in names}) == len(names)
    assert lookalike_key("STEVE  witkoff") == lookalike_key("Steve Witkoff")  # case and spaces, as before


def test_the_ascii_shortcut_is_what_the_table_says():
    assert lookalike_key("\u00e9") == "\u00e9"  # a non-ASCII name goes through the table
    representatives = confusable_representatives()
    for char in map(chr, range(32, 127)):
        assert char.translate(ASCII_LOOKALIKES) == representatives.get(char, char), char
