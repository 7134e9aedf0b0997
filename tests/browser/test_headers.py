"""The site under its real headers: a small server applies netlify.toml's [[headers]] (and a
preview's _headers file) the way Netlify does, and Chromium must render, search and show
citation cards with zero Content-Security-Policy violations."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from browser.conftest import served, watched_page
from browser.samples import actor_with_most_claims, first_source, name_of_actor


@pytest.fixture(scope="module")
def secure_url(built_site):
    with served(built_site, netlify_headers=True) as url:
        yield url


@pytest.fixture
def watched(browser):
    """A fresh page recording every CSP violation and console error."""
    with watched_page(browser) as found:
        yield found


def test_headers_are_served(secure_url, watched):
    page, _ = watched
    response = page.goto(secure_url + "/")
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    css = page.evaluate("() => document.querySelector('link[rel=stylesheet]').href")
    assert page.request.get(css).headers["cache-control"] == "public, max-age=31536000, immutable"


def test_pages_render_search_and_cards_work_under_the_policy(secure_url, watched):
    page, problems = watched
    for path in ("/", "/center/", "/timeline/", "/map/", f"/sources/{first_source()}/"):
        page.goto(secure_url + path)
        expect(page.locator("h1")).to_be_visible()
    actor = actor_with_most_claims()
    page.goto(f"{secure_url}/actors/{actor}/")
    page.focus("a.cite")
    expect(page.locator("#cite-card")).to_be_visible()
    page.goto(f"{secure_url}/search/?q={quote(name_of_actor(actor))}")  # its own page has the name
    expect(page.locator("#search-results li a").first).to_be_visible()
    links = page.locator("#search-results li a").evaluate_all("links => links.map(link => link.href)")
    assert links and all(link.startswith(secure_url + "/") for link in links)
    assert problems == []
