"""What a reader does with JavaScript on: search, citation cards, the timeline filter."""

from __future__ import annotations

import functools
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from browser.conftest import built, served
from browser.samples import actor_in_some_events, actor_with_most_claims
from fixture_content import add_event_on_a_day, add_events_citing, fixture_project


def results(page) -> list[str]:
    page.wait_for_selector("#search-results li a")
    return [a.inner_text() for a in page.query_selector_all("#search-results li > a")]


def test_search_for_a_name_returns_its_actor_page_first(tab, fixture_url):
    tab.goto(fixture_url + "/search/?q=truck+driver")
    assert results(tab)[0] == "Truck driver"
    assert tab.query_selector("#search-results li > a").get_attribute("href") == "/actors/truck-driver/"


def test_search_filters_by_type(tab, fixture_url):
    """Filtered to sources, a search lists only source pages, among them the article whose
    text has the word."""
    tab.goto(fixture_url + "/search/?q=driver")
    everything = results(tab)
    tab.check('input[name="type"][value="Source article"]')
    # Wait for the filtered list itself (the status may still show the unfiltered count).
    expect(tab.locator("#search-results li > a:not([href^='/sources/'])")).to_have_count(0)
    expect(tab.locator("#search-status")).to_contain_text(re.compile(r"\b\d+ results?\b"))
    filtered = results(tab)
    assert "Trucks cross at dawn" in filtered and "Truck driver" in everything and "Truck driver" not in filtered


@pytest.fixture(scope="module")
def subfolder_url(fixture_site, tmp_path_factory):
    """The same site served from /explainer/, as on a host that puts it in a sub-folder."""
    root = tmp_path_factory.mktemp("host")
    (root / "explainer").symlink_to(fixture_site, target_is_directory=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SimpleHTTPRequestHandler, directory=str(root)))
    server.RequestHandlerClass.log_message = lambda *args: None
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/explainer"
    server.shutdown()
    server.server_close()


def test_search_works_from_a_subfolder(tab, subfolder_url):
    tab.goto(subfolder_url + "/search/?q=truck+driver")
    assert results(tab)[0] == "Truck driver"
    tab.click("#search-results li > a")
    expect(tab).to_have_url(subfolder_url + "/actors/truck-driver/")


def test_citation_card_shows_the_quote_on_focus(tab, site_url):
    tab.goto(f"{site_url}/actors/{actor_with_most_claims()}/")
    number = tab.locator("a.cite").first.text_content().removeprefix("source ")
    quote = tab.locator(f"ol.quotes > li[value='{number}'] q").first.inner_text()  # numbered per section
    card = tab.locator("#cite-card")
    expect(card).to_be_hidden()
    tab.focus("a.cite")
    expect(card).to_be_visible()
    expect(card).to_contain_text(quote)
    assert tab.get_attribute("a.cite", "aria-describedby") == "cite-card"
    tab.keyboard.press("Escape")
    expect(card).to_be_hidden()


def test_a_citation_marker_is_read_as_its_source_number_without_its_brackets(tab, site_url):
    """The brackets are drawn round the number, not read out: "source 1", not "[ source 1]"."""
    tab.goto(f"{site_url}/actors/{actor_with_most_claims()}/")
    marker = tab.locator("a.cite").first
    number = marker.text_content().removeprefix("source ")
    expect(marker).to_have_accessible_name(f"source {number}")
    assert tab.evaluate("() => getComputedStyle(document.querySelector('a.cite'), '::before').content").startswith('"["')


def _timeline_page_with(tab, site_url, actor_id):
    """The timeline's page that shows the actor's events: the timeline, or one of the month
    pages it links to when it is split (the content decides which)."""
    tab.goto(site_url + "/timeline/")
    pages = [tab.url, *tab.eval_on_selector_all("ul.months a, nav.pages a", "links => links.map(a => a.href)")]
    for url in pages:  # grows as the month pages name their own pages
        tab.goto(url)
        pages += [u for u in tab.eval_on_selector_all("nav.pages a", "links => links.map(a => a.href)") if u not in pages]
        if tab.locator(f"li.event[data-actors~='{actor_id}']").count() and tab.locator("li.event").count() > 1:
            return
    raise AssertionError(f"no timeline page shows {actor_id}'s events beside others")


def test_timeline_filters_by_actor(tab, site_url):
    actor = actor_in_some_events()
    _timeline_page_with(tab, site_url, actor)
    total = tab.locator("li.event").count()
    tab.select_option("#actor-filter", actor)
    visible = tab.locator("li.event:visible")
    assert 0 < visible.count() < total
    for index in range(visible.count()):
        assert actor in visible.nth(index).get_attribute("data-actors").split()
    expect(tab.locator("#timeline-filter [role=status]")).to_have_text(re.compile(r"^\d+ events? shown\."))


@pytest.fixture(scope="module")
def months_url(tmp_path_factory):
    """The tests' own explainer with 40 more events: a timeline split into month pages."""
    project = fixture_project(tmp_path_factory.mktemp("months"))
    add_events_citing(project, 40)
    with served(built(project)) as url:
        yield url


def test_on_a_months_page_the_filter_links_to_the_actors_page_with_all_their_events(tab, months_url):
    _timeline_page_with(tab, months_url, "truck-driver")
    assert "/timeline/2025-10/" in tab.url  # a month's page, not the whole timeline
    tab.select_option("#actor-filter", "truck-driver")
    status = tab.locator("#timeline-filter [role=status]")
    expect(status).to_have_text("1 event shown. The events of every month are listed on Truck driver’s page.")
    status.locator("a").click()
    expect(tab).to_have_url(months_url + "/actors/truck-driver/")


@pytest.fixture(scope="module")
def days_url(tmp_path_factory):
    """The tests' own explainer with one event dated to a day in a month of month-only events."""
    project = fixture_project(tmp_path_factory.mktemp("days"))
    add_event_on_a_day(project)
    with served(built(project)) as url:
        yield url


def test_the_filter_hides_the_heading_of_a_months_list_it_empties(tab, days_url):
    tab.goto(days_url + "/timeline/")
    rough, days = tab.locator(".list-note").nth(0), tab.get_by_text("Dated to the day:")
    expect(days).to_be_visible()
    tab.select_option("#actor-filter", "harbour-fishermen")  # in no event dated to a day
    expect(days).to_be_hidden()
    expect(rough).to_be_visible()
    tab.select_option("#actor-filter", "")
    expect(days).to_be_visible()


def test_the_main_navigation_is_one_line_on_a_desktop(tab, site_url):
    """No section's link left alone on a second line at 1280 pixels."""
    tab.goto(site_url + "/")
    tops = tab.eval_on_selector_all('nav[aria-label="Main"] li',
                                    "items => items.map(li => Math.round(li.getBoundingClientRect().top))")
    assert len(tops) == 8 and len(set(tops)) == 1, tops
