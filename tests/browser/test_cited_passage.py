"""A citation lands on its passage: the passage is the page's target, highlighted apart from
the other cited passages, and shown below the top of the screen, not flush against it.

Every passage of every source page of the real site is followed, whatever the content holds,
and the tests' own explainer adds two quotes that cross, whose passages are merged into one
<mark> holding a <span> for the second id (render/sourcetext.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from browser.conftest import DESKTOP, built, served
from fixture_content import cite, fixture_project

# Each id, followed as a link does (the fragment of the address), then measured.
FOLLOW = """ids => ids.map(id => {
  location.hash = id;
  const target = document.getElementById(id), style = getComputedStyle(target);
  const other = [...document.querySelectorAll('.article-text mark')].find(m => !m.contains(target) && !target.contains(m));
  const box = target.getBoundingClientRect(), bottom = document.documentElement.scrollHeight - innerHeight;
  return {id, target: target.matches(':target'), outline: style.outlineStyle, background: style.backgroundColor,
          other: other ? getComputedStyle(other).backgroundColor : null, top: box.top, height: innerHeight,
          atEnd: scrollY >= bottom - 1};
})"""
PHONE = {"width": 390, "height": 844}
CROSSING = "Officials said monitors from the coordination center"  # crosses the center's quote of the same line


def passage_ids(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    return [element["id"] for element in soup.select(".article-text mark[id], .article-text span[id]")]


def misplaced(results: list[dict]) -> list[dict]:
    """The passages not shown as the highlighted target, below the top of the screen."""
    return [r for r in results
            if not r["target"] or r["outline"] == "none" or r["background"] in ("rgba(0, 0, 0, 0)", r["other"])
            or not (0 <= r["top"] < r["height"]) or (r["top"] < 0.2 * r["height"] and not r["atEnd"])]


@pytest.fixture(scope="module")
def crossing_site(tmp_path_factory) -> Path:
    project = fixture_project(tmp_path_factory.mktemp("crossing"))
    (project / "content/actors/officials.yaml").write_text(
        "name: Officials\nkind: organization\nrole:\n  text: Officials who speak of the monitors.\n"
        + cite("crossing-report", CROSSING, 2), encoding="utf-8")
    return built(project)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_passage_of_the_real_site_is_landed_on_highlighted(browser, built_site, viewport):
    context = browser.new_context(viewport=viewport)
    tab = context.new_page()
    pages = sorted(built_site.glob("sources/*/index.html"))
    assert pages
    wrong = {}
    with served(built_site) as url:
        for page in pages:
            tab.goto(f"{url}/{page.parent.relative_to(built_site)}/")
            wrong[page.parent.name] = misplaced(tab.evaluate(FOLLOW, passage_ids(page)))
    context.close()
    assert {source: found for source, found in wrong.items() if found} == {}


def test_the_second_of_two_crossing_quotes_is_landed_on_highlighted(browser, crossing_site):
    page = crossing_site / "sources/crossing-report/index.html"
    spans = BeautifulSoup(page.read_text("utf-8"), "html.parser").select(".article-text mark > span[id]")
    assert spans, "the two crossing quotes were not merged into one mark"
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    with served(crossing_site) as url:
        tab.goto(f"{url}/sources/crossing-report/")
        results = tab.evaluate(FOLLOW, [span["id"] for span in spans])
    context.close()
    assert misplaced(results) == [] and all(r["target"] for r in results)
