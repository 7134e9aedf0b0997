"""The search page counts every result, shows them fifteen at a time, keeps the query in the
address (Back from a result shows it again), and hides a form it cannot serve without
JavaScript. On the tests' own explainer with 30 more actors, each on its own page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from browser.conftest import served
from conftest import run_explainer
from fixture_content import add_filler_actors, fixture_project

FILLERS = 30  # each page says "bystander"; nothing else in the explainer does


@pytest.fixture(scope="module")
def many_url(tmp_path_factory):
    project = fixture_project(tmp_path_factory.mktemp("many"))
    add_filler_actors(project, FILLERS)
    result = run_explainer(project, "build", "--quiet")
    assert result.returncode == 0, result.stdout + result.stderr
    with served(project / "build") as url:
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
