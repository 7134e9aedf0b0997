"""The search page counts every result, shows them fifteen at a time, keeps the query in the
address (Back from a result shows it again), opens an event or a disagreement found on a page
of many at its own place, and hides a form it cannot serve without JavaScript. On the tests'
own explainer with 30 more actors, each on its own page, and 40 more events in one month."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from browser.conftest import built, served
from fixture_content import add_events_citing, add_filler_actors, fixture_project

FILLERS = 30  # each page says "bystander"; nothing else in the explainer does
EVENTS = 40  # each says "mood", as one of the explainer's own events does


@pytest.fixture(scope="module")
def many_url(tmp_path_factory):
    project = fixture_project(tmp_path_factory.mktemp("many"))
    add_filler_actors(project, FILLERS)
    add_events_citing(project, EVENTS)
    with served(built(project)) as url:
        yield url


def test_results_come_fifteen_at_a_time_under_a_count_of_them_all(tab, many_url):
    tab.goto(many_url + "/search/?q=bystander")
    status, found, more = tab.locator("#search-status"), tab.locator("#search-results li"), tab.locator("#search-more")
    expect(status).to_have_text(f"Showing 15 of {FILLERS} results for “bystander”.")
    expect(found).to_have_count(15)
    more.click()
    expect(found).to_have_count(30)
    expect(status).to_have_text(f"{FILLERS} results for “bystander”.")
    expect(more).to_be_hidden()
    hrefs = [a.get_attribute("href") for a in tab.query_selector_all("#search-results li > a")]
    assert len(set(hrefs)) == FILLERS and all(h.startswith("/actors/filler-") for h in hrefs)


def test_a_narrowed_search_says_how_many_of_all_the_results_it_shows(tab, many_url):
    tab.goto(many_url + "/search/?q=driver")
    expect(tab.locator("#search-status")).to_contain_text("for “driver”")
    everything = int(re.search(r"(\d+) results?", tab.inner_text("#search-status"))[1])
    tab.check('input[name="type"][value="Source article"]')
    expect(tab.locator("#search-status")).to_have_text(f"Source articles among the {everything} results for “driver”: 1.")
    expect(tab.locator("#search-results li > a")).to_have_text(["Trucks cross at dawn"])


def test_the_query_stays_in_the_address_and_comes_back_with_back(tab, many_url):
    tab.goto(many_url + "/search/")
    tab.fill("#search-input", "truck driver")
    tab.check('input[name="type"][value="Actor"]')
    expect(tab).to_have_url(re.compile(r"/search/\?q=truck\+driver&type=Actor$"))
    expect(tab.locator("#search-results li > a").first).to_have_text("Truck driver")
    tab.click("#search-results li > a")
    expect(tab).to_have_url(many_url + "/actors/truck-driver/")
    tab.go_back()
    expect(tab.locator("#search-input")).to_have_value("truck driver")
    expect(tab.locator('input[name="type"][value="Actor"]')).to_be_checked()
    expect(tab.locator("#search-results li > a").first).to_have_text("Truck driver")


def test_without_javascript_the_form_is_hidden_and_the_page_says_what_to_browse(browser, many_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(many_url + "/search/")
    assert not page.is_visible("#search-form")
    assert page.inner_text("#search-status").startswith("Search needs JavaScript.")
    assert page.is_visible("#search-status a[href$='/actors/']")
    context.close()


def test_a_page_is_not_found_by_the_label_of_a_source_it_only_cites(tab, many_url):
    # Every filler cites the source labelled "crossing-report"; the source's own page says it.
    tab.goto(many_url + "/search/?q=report")
    expect(tab.locator("#search-status")).to_contain_text("for “report”")
    while tab.is_visible("#search-more"):
        shown = tab.locator("#search-results li").count()
        tab.click("#search-more")
        expect(tab.locator("#search-results li")).not_to_have_count(shown)
    hrefs = [a.get_attribute("href") for a in tab.query_selector_all("#search-results li > a")]
    assert "/sources/crossing-report/" in hrefs
    assert not [href for href in hrefs if href.startswith("/actors/filler-")]  # they say "report" nowhere else


def test_an_event_found_opens_at_the_event_on_its_timeline_page(tab, many_url):
    tab.goto(many_url + "/search/?q=dawn&type=Event")
    found = tab.locator("#search-results li > a")
    expect(found).to_have_text(["Trucks cross"])  # the event's title, not its month's
    assert re.fullmatch(r"/timeline/(\S+/)?#e-2025-10-21-trucks-cross", found.first.get_attribute("href"))
    expect(tab.locator("#search-results .result-type")).to_contain_text("Event · Timeline")
    found.first.click()
    expect(tab.locator("#e-2025-10-21-trucks-cross")).to_be_in_viewport()
    assert tab.evaluate("window.scrollY") > 0  # the month's page is long: the reader was taken down to it


def test_the_other_events_found_on_the_same_page_are_named_under_the_best(tab, many_url):
    tab.goto(many_url + "/search/?q=mood&type=Event")
    first = tab.locator("#search-results > li").first
    expect(first.locator(".result-also a")).to_have_count(4)  # three events, then "N more" to the page
    also = [a.get_attribute("href") for a in first.locator(".result-also a").all()]
    best = first.locator("> a").get_attribute("href")
    assert len(set(also[:3] + [best])) == 4 and all("#e-2025-10-" in href for href in also[:3] + [best])
    assert "#" not in also[3] and re.fullmatch(r"\d+ more", first.locator(".result-also a").last.inner_text())
    pages = tab.locator("#search-results > li").count()
    status = tab.locator("#search-status")  # the events, every one that says it, and the pages that hold them
    expect(status).to_have_text(re.compile(rf"^Events among the \d+ results for “mood”: {EVENTS} on {pages} pages?\.$"))


def test_a_disagreement_found_opens_at_its_box(tab, many_url):
    tab.goto(many_url + "/search/?q=noon&type=Disagreement")
    found = tab.locator("#search-results li > a")
    expect(found).to_have_text(["Sources disagree: How long was the crossing open?"])
    assert found.first.get_attribute("href") == "/disagreements/#d-how-long-the-crossing-opened"
