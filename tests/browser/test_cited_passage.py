"""A citation lands on its passage: the passage is the page's target, highlighted apart from
the other cited passages, and shown below the top of the screen, not flush against it.

Every passage of every source page of the real site is followed, whatever the content holds,
and the tests' own explainer adds two quotes that cross, whose passages are merged into one
<mark> holding a <span> for the second id (render/sourcetext.py): landing on either, the
words of that quote alone are highlighted (explainer.js)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from browser.conftest import DESKTOP, built, served
from fixture_content import cite, fixture_project
from site_invariants import own_quote

# Each id, followed as a link does (the fragment of the address), once the page's script has
# seen the address change, then measured.
FOLLOW = """async ids => {
  const results = [];
  for (const id of ids) {
    if (location.hash !== '#' + id) {
      const changed = new Promise(done => addEventListener('hashchange', done, {once: true}));
      location.hash = id;
      await changed;
    }
    const target = document.getElementById(id), style = getComputedStyle(target);
    const other = [...document.querySelectorAll('.article-text mark')].find(m => !m.contains(target) && !target.contains(m));
    const box = target.getBoundingClientRect(), bottom = document.documentElement.scrollHeight - innerHeight;
    const own = CSS.highlights.get('quoted');
    results.push({id, target: target.matches(':target'), outline: style.outlineStyle, background: style.backgroundColor,
                  other: other ? getComputedStyle(other).backgroundColor : null, top: box.top, height: innerHeight,
                  atEnd: scrollY >= bottom - 1, merged: target.hasAttribute('data-quote'),
                  highlighted: own ? [...own].map(range => range.toString()) : []});
  }
  return results;
}"""
PHONE = {"width": 390, "height": 844}
CROSSING = "Officials said monitors from the coordination center"  # crosses the center's quote of the same line
CENTER_QUOTE = "monitors from the coordination center counted forty trucks"  # fixture_content: center.yaml


def passage_quotes(page: Path) -> dict[str, str]:
    """Each passage's id, and the words of its own quote (site_invariants.own_quote)."""
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    return {element["id"]: own_quote(element) for element in soup.select(".article-text mark[id], .article-text span[id]")}


def misplaced(results: list[dict], quotes: dict[str, str]) -> list[dict]:
    """The passages not shown as the highlighted target, below the top of the screen: the
    whole passage framed in a colour of its own, or, where two quotes cross, just the words
    of its own quote highlighted (explainer.js)."""
    return [r for r in results
            if not r["target"] or not (0 <= r["top"] < r["height"]) or (r["top"] < 0.2 * r["height"] and not r["atEnd"])
            or (r["highlighted"] != [quotes[r["id"]]] if r["merged"] else
                r["highlighted"] or r["outline"] == "none" or r["background"] in ("rgba(0, 0, 0, 0)", r["other"]))]


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
            quotes = passage_quotes(page)
            wrong[page.parent.name] = misplaced(tab.evaluate(FOLLOW, list(quotes)), quotes)
    context.close()
    assert {source: found for source, found in wrong.items() if found} == {}


def test_each_of_two_crossing_quotes_is_landed_on_with_its_own_words_highlighted(browser, crossing_site):
    page = crossing_site / "sources/crossing-report/index.html"
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    merged = soup.select(".article-text mark:has(> span[id])")
    assert len(merged) == 1, "the two crossing quotes were not merged into one mark"
    ids = [merged[0]["id"]] + [span["id"] for span in merged[0].select("span[id]")]
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    with served(crossing_site) as url:
        tab.goto(f"{url}/sources/crossing-report/")
        results = tab.evaluate(FOLLOW, ids)
    context.close()
    assert misplaced(results, passage_quotes(page)) == []
    assert sorted(text for r in results for text in r["highlighted"]) == sorted([CROSSING, CENTER_QUOTE])
    assert all(r["merged"] and r["outline"] == "none" for r in results)  # no frame around the words of both
