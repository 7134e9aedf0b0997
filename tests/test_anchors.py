"""Reserved anchors come from the theme itself (issue 15, hole 10: an event with id
`timeline-filter` gave the timeline two elements with that id, and `check` was clean)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO
from explainer.check.anchors import reserved_anchors
from explainer.site import check_content
from fixture_content import FILES, fixture_project

EVENT = FILES["events/2025-10-20-boats-return.yaml"]  # a valid event, to copy under other ids


@pytest.fixture
def project(tmp_path) -> Path:
    return fixture_project(tmp_path / "project")


def collisions(project: Path, monkeypatch) -> list[str]:
    monkeypatch.chdir(project)
    return [p.format().split("\n")[0] for p in check_content(Path("content")).problems.errors
            if p.code == "page-collision"]


def add_event(project: Path, record_id: str) -> None:
    (project / f"content/events/{record_id}.yaml").write_text(EVENT, encoding="utf-8")


@pytest.mark.parametrize("record_id, clash", [("timeline-filter", "timeline-filter"), ("main", "main"),
                                              ("cite-card", "cite-card"), ("s-text", "s-text"),
                                              ("m-2025-10", "m-…"), ("q-1234567890", "q-…")])
def test_an_event_id_the_theme_already_uses_is_refused(project, monkeypatch, record_id, clash):
    add_event(project, record_id)
    assert collisions(project, monkeypatch) == [
        f"content/events/{record_id}.yaml:1:1: error[page-collision]: event id '{record_id}' would clash with an "
        f"element the pages already use (id '{clash}')"]


def test_a_new_template_id_is_covered_without_touching_the_checks(project, monkeypatch):
    add_event(project, "brand-new-box")
    add_event(project, "zz-top")
    assert collisions(project, monkeypatch) == []
    timeline = project / "theme/templates/timeline.html"
    timeline.write_text(timeline.read_text("utf-8") + '<div id="brand-new-box"></div>\n'
                        "<p id='zz-{{ loop.index }}'></p>\n", encoding="utf-8")
    assert collisions(project, monkeypatch) == [
        "content/events/brand-new-box.yaml:1:1: error[page-collision]: event id 'brand-new-box' would clash with "
        "an element the pages already use (id 'brand-new-box')",
        "content/events/zz-top.yaml:1:1: error[page-collision]: event id 'zz-top' would clash with "
        "an element the pages already use (id 'zz-…')"]


def test_a_new_script_id_is_covered_too(project, monkeypatch):
    add_event(project, "new-widget")
    script = project / "theme/static/js/explainer.js"
    script.write_text(script.read_text("utf-8") + '\nwidget.id = "new-widget";\n', encoding="utf-8")
    assert len(collisions(project, monkeypatch)) == 1


def test_every_id_on_the_built_site_is_a_record_id_or_reserved(built_site):
    """Drift guard: an id written anywhere (template, script or Python) that the rule does not
    know fails here."""
    reserved = reserved_anchors(REPO / "theme")
    records = {p.stem for folder in ("events", "disagreements") for p in (REPO / "content" / folder).glob("*.yaml")}
    unknown = {match for page in built_site.rglob("*.html")
               for match in re.findall(r'\sid="([^"]*)"', page.read_text("utf-8"))
               if match not in records and reserved.clash(match) is None}
    assert unknown == set()
