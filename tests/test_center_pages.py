"""A center too long for one page becomes a page per topic, and a link to one of them names
its topic: an actor's "Also on" list does not read "the center" five times over."""

from __future__ import annotations

from bs4 import BeautifulSoup

from conftest import run_explainer
from fixture_content import cite, fixture_project

STATEMENTS = 80  # of about 300 bytes each: past the page's content budget (render/sizes.py)


def test_each_link_to_a_topic_page_of_the_center_names_the_topic(tmp_path):
    project = fixture_project(tmp_path / "project")
    statement = ("  - text: Its monitors counted the trucks at the crossing, statement {n}, as the report on the crossing "
                 "says in its last line, where the officials speak of the monitors and of what they counted.\n"
                 + cite("crossing-report", "monitors from the coordination center counted forty trucks", 4)
                 + "    actors: [truck-driver]\n")
    (project / "content/center.yaml").write_text(
        "name: The coordination center\nsummary:\n  - text: Its monitors visit the harbour.\n"
        + cite("harbour-report", "monitors would visit the harbour every morning", 4) + "names:\n  - text: It is called the coordination center.\n"
        + cite("crossing-report", "the coordination center", 4) + "    actors: [truck-driver]\n"
        + "monitoring:\n" + "".join(statement.format(n=n) for n in range(STATEMENTS)), encoding="utf-8")
    result = run_explainer(project, "build", "--quiet")
    assert result.returncode == 0, result.stdout + result.stderr

    page = BeautifulSoup((project / "build/actors/truck-driver/index.html").read_text("utf-8"), "html.parser")
    links = [(a.get_text(), a["href"]) for a in page.find(id="s-mentions").parent.find_all("a")]
    center = [(text, href.split("center/")[1]) for text, href in links if "center/" in href]
    assert center[:3] == [("The coordination center: Names", "names/"),
                          ("The coordination center: What it monitors", "monitoring/"),
                          ("The coordination center: What it monitors, page 2", "monitoring/2/")]
    assert len({text for text, _ in center}) == len(center) > 3  # each link says which page it is
