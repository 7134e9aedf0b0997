"""Search on a site rebuilt after an edit, which carries the published index and a second
index of the changed pages (scripts/explainer/publish/search.py): a reader finds the page as it is
now, once, and never the words the edit removed."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from browser.conftest import search_results, served
from fixture_content import add_filler_actors, fixture_project
from test_incremental import EVENT, EVENT_TEXT, built, edit
from test_search_index import FILLERS


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> Path:
    """Built with the word "quokkaword" in one event, then rebuilt with "zebraword" instead."""
    project = fixture_project(tmp_path_factory.mktemp("rebuilt"))
    add_filler_actors(project, FILLERS)  # enough pages that the edit's are indexed on their own
    edit(project, EVENT, EVENT_TEXT, EVENT_TEXT + " quokkaword")
    built(project)
    edit(project, EVENT, "quokkaword", "zebraword")
    site = built(project)
    assert (site / "pagefind-delta").is_dir()
    return site


@pytest.fixture(scope="module")
def rebuilt_url(rebuilt):
    with served(rebuilt) as url:
        yield url


def pages_saying(site: Path, word: str) -> set[str]:
    """The searchable pages whose main text has `word`: the results a reader should get."""
    found = set()
    for page in site.rglob("*.html"):
        main = re.search(r"<main\b[^>]*\sdata-pagefind-body[^>]*>(.*)</main>", page.read_text("utf-8"), re.DOTALL)
        if main and word in main.group(1):
            found.add("/" + str(page.relative_to(site)).removesuffix("index.html"))
    return found


def test_the_edited_words_are_found_on_every_page_showing_them_once(tab, rebuilt, rebuilt_url):
    expected = pages_saying(rebuilt, "zebraword")
    assert expected  # the event's actors and its source show it
    found = search_results(tab, rebuilt_url, "zebraword")
    assert sorted(urlsplit(url).path for url in found) == sorted(expected)  # an event's result opens at the event


def test_the_words_an_edit_removed_are_not_found(tab, rebuilt, rebuilt_url):
    assert not pages_saying(rebuilt, "quokkaword")
    assert search_results(tab, rebuilt_url, "quokkaword") == []
    expect(tab.locator("#search-status")).to_have_text("0 results for “quokkaword”.")


def test_pages_the_edit_left_alone_are_still_found_once(tab, rebuilt_url):
    found = search_results(tab, rebuilt_url, "driver")
    assert "/actors/truck-driver/" in found
    assert len(found) == len(set(found))
