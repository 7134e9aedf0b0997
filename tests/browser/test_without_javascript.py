"""With JavaScript off, pages still show everything and citations still lead to the quoted words."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from browser.samples import actor_with_most_claims


def _citation_targets(page) -> dict[str, list[str]]:
    """The ids the page's citations point to, by the path of the page that must hold them."""
    targets: dict[str, list[str]] = {}
    for href in page.eval_on_selector_all("a.cite", "links => links.map(a => a.href)"):
        parts = urlsplit(href)
        targets.setdefault(parts.path, []).append(parts.fragment)
    return targets


@pytest.mark.parametrize("path", ["index.html", f"actors/{actor_with_most_claims()}/index.html"])
def test_content_and_citations_work_without_javascript(open_page, path):
    page = open_page(path, java_script_enabled=False)
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("section.claims li").first).to_be_visible()
    expect(page.locator("ol.quotes").first).to_be_visible()  # the quotes are shown, not folded away
    targets = _citation_targets(page)
    assert targets

    # The first citation, followed as a reader would: the quoted words are on screen.
    page.locator("a.cite").first.click()
    expect(page.locator(f"[id='{urlsplit(page.url).fragment}']")).to_be_in_viewport()

    for target, ids in targets.items():
        source = open_page(target.lstrip("/"), java_script_enabled=False)
        missing = source.evaluate("ids => ids.filter(id => !document.getElementById(id))", ids)
        assert missing == [], f"{target} has no element with these ids"
