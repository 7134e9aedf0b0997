"""Names and ids as long as the schema allows do not widen a phone's screen: every page of the
tests' own explainer, with one actor given the longest name and id an editor may write, fits
320 CSS px (WCAG's reflow width) without scrolling sideways. The real content is checked the
same way by test_every_page.py, but its names are short today; one long name in a select
(the timeline's actor filter) once widened the page by its length."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser.conftest import built, served
from browser.page_checks import too_wide_on_a_phone
from explainer.model.records import Name
from explainer.model.schema import ID_MAX_CHARS, MaxLength
from fixture_content import cite, fixture_project

WORDS = "The Office of the Special Coordinator for the Humanitarian and Reconstruction Affairs of the Region"


NAME_LIMIT = next(rule.limit for rule in Name.__metadata__ if isinstance(rule, MaxLength))
LONG_NAME = ((WORDS + " ") * (NAME_LIMIT // len(WORDS) + 1))[:NAME_LIMIT].strip()
LONG_ID = ("office-of-the-special-coordinator-" * 3)[:ID_MAX_CHARS].rstrip("-")


@pytest.fixture(scope="module")
def long_named_site(tmp_path_factory) -> Path:
    project = fixture_project(tmp_path_factory.mktemp("long-names"))
    (project / "content/actors" / f"{LONG_ID}.yaml").write_text(
        f"name: {LONG_NAME}\nkind: organization\nrole:\n  text: An office of very long name.\n"
        + cite("crossing-report", "Officials said", 2), encoding="utf-8")
    event = project / "content/events/2025-10-21-trucks-cross.yaml"
    event.write_text(event.read_text("utf-8").replace("actors: [truck-driver]", f"actors: [truck-driver, {LONG_ID}]"),
                     encoding="utf-8")
    return built(project)


def test_no_page_scrolls_sideways_on_a_phone_with_the_longest_name(browser, long_named_site):
    pages = sorted(str(p.relative_to(long_named_site)) for p in long_named_site.rglob("*.html")
                   if p.relative_to(long_named_site).parts[0] != "admin")
    assert f"actors/{LONG_ID}/index.html" in pages
    context = browser.new_context()
    page = context.new_page()
    too_wide = []
    try:
        with served(long_named_site) as url:
            for path in pages:
                page.goto(f"{url}/{path}")
                too_wide += [f"{path}: {extra}" for extra in too_wide_on_a_phone(page)]
    finally:
        context.close()
    assert not too_wide, "\n".join(too_wide)
