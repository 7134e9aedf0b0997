"""Ids, dates and fixed values are matched whole: a trailing newline or an invisible character
is a located error (issue 15, hole 3: `re.match(r"…$")` accepted "zz-nl\\n", which published a
folder whose name ends in a newline)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_explainer
from explainer.site import check_content
from fixture_content import fixture_project

EVENT = "content/events/2025-10-20-boats-return.yaml"
ACTOR = "content/actors/truck-driver.yaml"


@pytest.fixture
def project(tmp_path) -> Path:
    """The tests' own explainer (fixture_content.py), whose records these tests edit."""
    return fixture_project(tmp_path / "project")


def errors(project: Path, monkeypatch) -> list[str]:
    monkeypatch.chdir(project)
    return [p.format().split("\n")[0] for p in check_content(Path("content")).problems.errors]


def edit(project: Path, relative: str, old: str, new: str) -> int:
    """Replace `old` once; the line it was on."""
    path = project / relative
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text.count("\n", 0, text.index(old)) + 1


def test_new_refuses_an_id_ending_in_a_newline_and_writes_nothing(project):
    before = sorted((project / "content/actors").iterdir())
    result = run_explainer(project, "new", "actor", "zz-nl\n")
    assert result.returncode == 1
    assert result.stderr.startswith("error: 'zz-nl\\n' is not a valid id")  # the newline is shown, not printed
    assert sorted((project / "content/actors").iterdir()) == before


@pytest.mark.parametrize("reference", ['"harbour-fishermen\\n"', '"harbour-fishermen\\u200d"', '"harbour-fishermen "'])
def test_a_reference_that_is_not_exactly_an_id_is_located(project, monkeypatch, reference):
    line = edit(project, EVENT, "actors: [harbour-fishermen]", f"actors: [{reference}]")
    found = errors(project, monkeypatch)
    assert len(found) == 1 and found[0].startswith(f"{EVENT}:{line}:10: error[bad-id]: "), found


def test_a_date_ending_in_a_newline_is_located(project, monkeypatch):
    line = edit(project, EVENT, "date: '2025-10'", 'date: "2025-10\\n"')
    found = errors(project, monkeypatch)
    assert len(found) == 1 and found[0].startswith(f"{EVENT}:{line}:7: error[bad-format]: "), found


@pytest.mark.parametrize("date, why", [("2025-13", "there is no month 13"), ("2025-00-10", "there is no month 0"),
                                       ("2025-02-29", "February 2025 has 28 days"),
                                       ("2025-11-31", "November 2025 has 30 days"), ("2025-10-00", "there is no day 0")])
def test_a_date_that_is_not_on_the_calendar_is_located_and_explained(project, monkeypatch, date, why):
    line = edit(project, EVENT, "date: '2025-10'", f"date: '{date}'")
    found = errors(project, monkeypatch)
    assert found == [f"{EVENT}:{line}:7: error[bad-date]: '{date}' is not a date on the calendar: {why}"]


def test_the_29th_of_february_of_a_leap_year_is_a_date(project, monkeypatch):
    edit(project, EVENT, "date: '2025-10'", "date: '2024-02-29'")
    assert errors(project, monkeypatch) == []


def test_an_update_date_ending_in_a_newline_is_located(project, monkeypatch):
    line = edit(project, EVENT, "actors: [harbour-fishermen]",
                'actors: [harbour-fishermen]\nupdates:\n  - date: "2026-11-21\\n"\n    change: C.\n    reason: R.')
    found = errors(project, monkeypatch)
    assert len(found) == 1 and found[0].startswith(f"{EVENT}:{line + 2}:11: error[bad-format]: "), found


def test_a_fixed_value_ending_in_a_newline_is_located(project, monkeypatch):
    line = edit(project, ACTOR, "kind: person", 'kind: "person\\n"')
    found = errors(project, monkeypatch)
    assert len(found) == 1 and found[0].startswith(f"{ACTOR}:{line}:7: error[bad-value]: "), found


@pytest.mark.parametrize("char", ["\u200e", "\u200d", "\u200c", "\u034f", "\u3164", "\u2063", "\ufe0f"])
def test_a_name_with_an_invisible_character_is_located(project, monkeypatch, char):
    line = edit(project, ACTOR, 'name: Truck driver', f'name: "Truck dri{char}ver"')
    found = errors(project, monkeypatch)
    assert len(found) == 1, found
    assert found[0].startswith(f"{ACTOR}:{line}:") and f"U+{ord(char):04X}" in found[0], found


def test_a_file_name_ending_in_a_newline_is_not_skipped_as_a_backup(project, monkeypatch):
    (project / "content/actors/truck-driver.yaml~\n").write_text("name: x\n")
    monkeypatch.chdir(project)
    found = [(p.mark.path, p.code) for p in check_content(Path("content")).problems.errors]
    assert found == [("content/actors/truck-driver.yaml~\n", "unexpected-file")]
