"""The timeline does not pass off an order it does not know: in a month, the events dated
only to that month are listed apart from those dated to a day, and the home page's latest
events are those that may have happened last."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import run_explainer
from fixture_content import add_event_on_a_day, fixture_project


def built(project: Path) -> dict[str, BeautifulSoup]:
    result = run_explainer(project, "build", "--quiet", "--output", "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return {page: BeautifulSoup((project / "build" / page).read_text("utf-8"), "html.parser")
            for page in ("index.html", "timeline/index.html")}


@pytest.fixture
def project(tmp_path) -> Path:
    return fixture_project(tmp_path)


def test_a_month_of_month_only_events_is_one_list(project):
    october = built(project)["timeline/index.html"].find(id="m-2025-10").parent
    assert [len(lst.select("li.event")) for lst in october.select(".timeline")] == [2]
    assert october.select(".list-note") == []


def test_events_dated_only_to_the_month_are_listed_apart_before_those_dated_to_a_day(project):
    add_event_on_a_day(project)
    october = built(project)["timeline/index.html"].find(id="m-2025-10").parent
    notes = [note.get_text() for note in october.select(".list-note")]
    assert notes == ["Dated only to October 2025; where each falls among the days below is not known:",
                     "Dated to the day:"]
    rough, days = october.select(".timeline")
    assert (rough.name, rough["aria-labelledby"]) == ("ul", "m-2025-10-rough")  # no order claimed
    assert (days.name, days["aria-labelledby"]) == ("ol", "m-2025-10-days")
    assert sorted(li["id"] for li in rough.select("li.event")) == ["2025-10-20-boats-return", "2025-10-21-trucks-cross"]
    assert [li["id"] for li in days.select("li.event")] == ["2025-10-05-a-crossing-on-a-known-day"]


def test_the_home_pages_latest_events_put_an_event_known_only_to_its_month_after_its_days(project):
    """'October 2025' may be the 31st: it is not older than 5 October."""
    add_event_on_a_day(project)
    add_event_on_a_day(project, "2025-09-30", "The day before")
    home = built(project)["index.html"]
    latest = [li["id"] for li in home.select("#s-latest-events ~ ul.timeline > li.event")]
    assert latest == ["2025-10-21-trucks-cross", "2025-10-20-boats-return", "2025-10-05-a-crossing-on-a-known-day",
                      "2025-09-30-the-day-before"]
