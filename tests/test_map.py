"""The map of ties at scale: past MAP_DRAWN_MAX tied actors the drawing gives way to the text
list, and the list is split into pages that link to each other (at 10,000 articles the one
page was 24 MB, refused by the post-build check)."""

from __future__ import annotations

from bs4 import BeautifulSoup

from conftest import REPO
from explainer.commands.build import build
from explainer.render import map_pages


def test_many_ties_are_listed_on_linked_pages_without_the_drawing(tmp_path, monkeypatch):
    monkeypatch.setattr(map_pages, "TIES_PER_PAGE", 10)
    monkeypatch.setattr(map_pages, "MAP_DRAWN_MAX", 5)
    output = tmp_path / "site"
    build(REPO / "pelicanconf.py", output=output, quiet=True)  # the post-build check passes: every link lands

    soups = {}
    number = 1
    while (path := output / ("map/" if number == 1 else f"map/{number}/") / "index.html").is_file():
        soups[number] = BeautifulSoup(path.read_text(), "html.parser")
        number += 1
    ties = [li.get_text(" ", strip=True) for soup in soups.values() for li in soup.select(".ties-list > li")]
    assert len(soups) == -(-len(ties) // 10) > 3 and all(len(s.select(".ties-list > li")) <= 10 for s in soups.values())
    assert len(set(ties)) == len(ties)  # no tie twice

    first, last = soups[1], soups[len(soups)]
    assert first.find("svg") is None and "too many to draw" in first.select_one(".lede").get_text()
    assert first.h1.get_text() == f"Map of the actors' ties, page 1 of {len(soups)}"
    assert first.select_one('a[rel="next"]')["href"] == "../map/2/" and first.select_one('a[rel="prev"]') is None
    assert last.select_one('a[rel="prev"]') and last.select_one('a[rel="next"]') is None
    assert soups[2].select_one('nav.pages a[aria-current="page"]').get_text() == "2"


def test_the_real_content_has_its_map_drawn_on_the_first_page(soups):
    """The drawing counts against the first page's budget: the list may go on to more pages,
    each linked from the first. (An invariant: the number of pages is the content's.)"""
    page = soups["map/index.html"]
    assert page.find("svg") is not None
    pages = page.select("nav.pages ol a")
    assert page.h1.get_text().startswith("Map of the actors' ties")
    assert all(soups[a["href"].removeprefix("../") + "index.html"] for a in pages)
