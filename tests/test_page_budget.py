"""Pages stay within their budget by design: at ten times today's records per page (content
the test writes itself: bench/grown_content.py) every page is under 50 KB of HTML + CSS + JS,
every citation still lands on its highlighted passage, and every split page links to the
rest of its collection. `check` warns, before anything is built, when a page passes 80%."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import REPO, run_explainer
from explainer.check.quotes import normalise_quote
from explainer.publish.pagesize import over_budget, page_bytes
from explainer.render.budget import asset_bytes, page_estimates
from explainer.render.layout import actor_blocks
from explainer.render.sizes import ASSETS_BYTES, CONTENT_BYTES, ONE_PAGE_BYTES, PAGE_BUDGET
from explainer.site import check_content
from fixture_content import add_events_citing, cite, fixture_project

sys.path.insert(0, str(REPO / "bench"))
from grown_content import grow, sentence  # noqa: E402


@pytest.fixture(scope="module")
def grown(tmp_path_factory) -> Path:
    project = grow(tmp_path_factory.mktemp("grown") / "project", scale=10)
    result = run_explainer(project, "build", "--quiet", "--output", "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


@pytest.fixture(scope="module")
def grown_soups(grown) -> dict[str, BeautifulSoup]:
    site = grown / "build"
    return {str(p.relative_to(site)): BeautifulSoup(p.read_text("utf-8"), "html.parser")
            for p in sorted(site.rglob("*.html")) if not p.relative_to(site).parts[0].startswith("pagefind")}


def test_the_grown_content_is_ten_times_todays(grown):
    corpus = check_content(grown / "content").loaded.corpus
    assert len(corpus.actors) == 500 and len(corpus.events) == 1000
    assert len(corpus.actors["actor-0001"].claims) == 200
    assert sum(len(v) for k, v in vars(corpus.center).items() if isinstance(v, list) and k != "updates") >= 500
    assert len(check_content(grown / "content").anchors.matches) >= 1000


def test_every_page_is_within_its_budget(grown):
    site = grown / "build"
    sizes = {str(p.relative_to(site)): page_bytes(site, p) for p in site.rglob("*.html")}
    over = {page: size for page, size in sizes.items() if size >= PAGE_BUDGET}
    assert len(sizes) > 500 and not over, over


def _page_of(path: str, href: str) -> tuple[str, str]:
    target = urlsplit(urljoin("/" + path.removesuffix("index.html"), href))
    return target.path.lstrip("/") + "index.html", target.fragment


def test_every_citation_lands_on_its_highlighted_passage(grown_soups):
    seen = 0
    for path, soup in grown_soups.items():
        quotes = {item["value"]: item.q.get_text() for item in soup.select("ol.quotes > li")}
        for marker in soup.select("a.cite"):
            number = marker.get_text().removeprefix("source ")
            page, anchor = _page_of(path, marker["href"])
            element = grown_soups[page].find(id=anchor)
            assert element is not None and (element.name == "mark" or element.find_parent("mark")), marker["href"]
            if number in quotes:
                assert normalise_quote(quotes[number]) in normalise_quote(element.get_text()), (path, marker["href"])
            seen += 1
    assert seen > 3000  # 500 facts, 1,000 events, 700 actor claims, ...


def test_every_passage_leads_to_who_cites_it_and_back(grown_soups):
    text_pages = [p for p in grown_soups if re.fullmatch(r"sources/long-report/(\d+/)?index.html", p)]
    marks = {m["id"]: path for path in text_pages for m in grown_soups[path].select("section.article-text mark[id]")}
    assert len(text_pages) > 1 and len(marks) == 1000
    for path in text_pages:
        for link in grown_soups[path].select("div.cited-by a"):
            page, anchor = _page_of(path, link["href"])
            line = grown_soups[page].find(id=anchor)
            assert line is not None and line.select('a[href*="/actors/"], a[href*="/center/"], a[href*="/timeline/"]')
            back_page, back_anchor = _page_of(page, line.a["href"])
            assert marks[back_anchor] == back_page


def test_split_pages_link_to_each_other(grown_soups):
    """From the first page of each split collection, "next" visits every page its list names."""
    firsts = [p for p, s in grown_soups.items() if s.select_one("nav.pages") and not s.select_one('a[rel="prev"]')]
    assert {"actors/index.html", "actors/actor-0001/index.html", "sources/long-report/index.html",
            "sources/long-report/cited/index.html", "questions/index.html", "sources/index.html"} <= set(firsts)
    assert any(p.startswith("timeline/2025-") for p in firsts) and any(p.startswith("center/") for p in firsts)
    for first in firsts:
        listed = {_page_of(first, a["href"])[0] for a in grown_soups[first].select("nav.pages ol a")}
        visited, page = [first], first
        while (after := grown_soups[page].select_one('nav.pages a[rel="next"]')) is not None:
            page = _page_of(page, after["href"])[0]
            visited.append(page)
        assert set(visited) == listed and len(visited) == len(listed) > 1, first


def _listed(soups: dict[str, BeautifulSoup], first: str, items: str) -> list[str]:
    """The pages `items` link to on a split index's pages, from its first page on, following "next"."""
    found, page = [], first
    while page is not None:
        found += [_page_of(page, a["href"])[0] for a in soups[page].select(items)]
        after = soups[page].select_one('nav.pages a[rel="next"]')
        page = _page_of(page, after["href"])[0] if after is not None else None
    return found


def test_the_questions_and_sources_indexes_list_each_record_once_in_order(grown, grown_soups):
    """Split into pages of bounded size: the open questions first, then by id; the oldest articles
    first, then by id (every grown article has the same date)."""
    content = grown / "content"
    statuses = {p.stem: yaml.safe_load(p.read_text("utf-8"))["status"] for p in (content / "questions").glob("*.yaml")}
    questions = sorted(statuses, key=lambda q: (statuses[q] != "open", q))
    articles = sorted(p.stem for p in (content / "articles").glob("*.md"))
    assert _listed(grown_soups, "questions/index.html", "ul.questions a") == [f"questions/{q}/index.html"
                                                                             for q in questions]
    assert _listed(grown_soups, "sources/index.html", "ul.sources a") == [f"sources/{a}/index.html" for a in articles]
    second = grown_soups["questions/2/index.html"]
    assert second.h1.get_text() == "Open questions, page 2 of 3" and "page 2 of 3" in second.title.get_text()


def test_the_home_page_lists_the_first_questions_and_links_them_all(grown_soups):
    home = grown_soups["index.html"]
    first = [_page_of("questions/index.html", a["href"]) for a in grown_soups["questions/index.html"].select(
        "ul.questions a")]
    assert [_page_of("index.html", a["href"]) for a in home.select("ul.questions a")] == first[:12]
    assert _page_of("index.html", home.find("a", string="All 300 questions")["href"]) == ("questions/index.html", "")


def test_the_timeline_index_links_every_month(grown_soups):
    months = grown_soups["timeline/index.html"].select("ul.months a")
    assert len(months) == 12
    events = sum(len(s.select("li.event")) for p, s in grown_soups.items() if p.startswith("timeline/2025-"))
    assert events == 1000


@pytest.mark.parametrize("which", ["real", "grown"])
def test_the_estimates_bound_the_real_pages(which, request):
    """`check` warns from estimates (render/budget.py); they must not be below the pages built."""
    project = REPO if which == "real" else request.getfixturevalue("grown")
    site = request.getfixturevalue("built_site") if which == "real" else project / "build"
    checked = check_content(project / "content", project / "theme")
    estimates = page_estimates(checked.layout, asset_bytes(project / "theme"))
    assert len(estimates) > 50
    under = {page: (page_bytes(site, site / page), e.bytes) for page, e in estimates.items()
             if page_bytes(site, site / page) > e.bytes}
    assert not under, under


def test_the_estimates_bound_a_source_cited_by_many_events(tmp_path):
    """Each event citing a passage is a line of its own in the "cited by" list (a link to its
    place on the timeline, with its title), and so is each in its actors' mentions."""
    project = fixture_project(tmp_path)
    add_events_citing(project, 80)
    result = run_explainer(project, "build", "--quiet", "--output", "build")
    assert result.returncode == 0, result.stdout + result.stderr
    estimates = page_estimates(check_content(project / "content", project / "theme").layout,
                               asset_bytes(project / "theme"))
    site = project / "build"
    source, actor = "sources/harbour-report/index.html", "actors/harbour-fishermen/index.html"
    page = BeautifulSoup((site / source).read_text("utf-8"), "html.parser")
    assert len(page.select('a[href*="#2025-10-"]')) >= 80  # each event citing the passage: a line of its own
    under = {page: (page_bytes(site, site / page), e.bytes) for page, e in estimates.items()
             if page_bytes(site, site / page) > e.bytes}
    assert not under and source in estimates and actor in estimates, under


def _actor_content(project: Path, actor_id: str) -> int:
    layout = check_content(project / "content", project / "theme").layout
    return sum(size for _, size in actor_blocks(layout, actor_id))


def test_the_layout_leaves_room_for_the_themes_stylesheet_and_script():
    """A page kept whole up to ONE_PAGE_BYTES stays under the warning line only while they fit."""
    assert asset_bytes(REPO / "theme") <= ASSETS_BYTES


def test_an_actor_a_little_past_a_split_pages_size_stays_on_one_page(tmp_path):
    """A second page holding one event is no help to a reader: content that fits under the
    warning line stays on one page, and only more than that is split."""
    project = fixture_project(tmp_path)
    added = 0
    while _actor_content(project, "harbour-fishermen") <= CONTENT_BYTES:
        add_events_citing(project, 1, first=added)
        added += 1
    assert _actor_content(project, "harbour-fishermen") <= ONE_PAGE_BYTES  # one event is far smaller than the margin

    checked = run_explainer(project, "check", "--strict")  # no warning: the page is under the line
    assert checked.returncode == 0, checked.stdout + checked.stderr
    result = run_explainer(project, "build", "--output", "build")
    assert result.returncode == 0, result.stdout + result.stderr
    page = BeautifulSoup((project / "build/actors/harbour-fishermen/index.html").read_text("utf-8"), "html.parser")
    assert page.h1.get_text(strip=True) == "Harbour fishermen" and page.select_one("nav.pages") is None
    assert len(page.select("li.event")) == added + 1  # its own event and every added one
    assert not (project / "build/actors/harbour-fishermen/2").exists()
    assert "page-budget" not in result.stderr

    while _actor_content(project, "harbour-fishermen") <= ONE_PAGE_BYTES:  # past one page: split
        add_events_citing(project, 1, first=added)
        added += 1
    result = run_explainer(project, "build", "--output", "build")
    assert result.returncode == 0, result.stdout + result.stderr
    first = BeautifulSoup((project / "build/actors/harbour-fishermen/index.html").read_text("utf-8"), "html.parser")
    second = BeautifulSoup((project / "build/actors/harbour-fishermen/2/index.html").read_text("utf-8"), "html.parser")
    assert first.h1.get_text(strip=True) == "Harbour fishermen, page 1 of 2"
    assert first.find(id="s-questions").get_text() == "Open questions involving Harbour fishermen"  # the actor, not the page
    assert len(first.select("li.event")) + len(second.select("li.event")) == added + 1


def test_an_actor_named_again_and_again_on_one_page_is_one_line_there_and_in_its_estimate(tmp_path):
    """The "Also on" list has one line per page that names the actor, however many of its
    statements do; the layout's estimate, which decides the split, counts it the same way."""
    project = fixture_project(tmp_path)
    before = _actor_content(project, "truck-driver")
    claims = "".join("  - text: The fishermen spoke with the driver, time number %d.\n" % n
                     + cite("harbour-report", "local fishermen said", 4) + "    actors: [truck-driver]\n"
                     for n in range(40))
    actor = project / "content/actors/harbour-fishermen.yaml"
    actor.write_text(actor.read_text("utf-8") + claims, encoding="utf-8")
    grown_by = _actor_content(project, "truck-driver") - before
    assert 0 < grown_by < 200  # one line, not forty

    result = run_explainer(project, "build", "--quiet", "--output", "build")
    assert result.returncode == 0, result.stdout + result.stderr
    page = BeautifulSoup((project / "build/actors/truck-driver/index.html").read_text("utf-8"), "html.parser")
    lines = page.select("#s-mentions + ul > li")
    assert [li.a.get_text() for li in lines].count("Harbour fishermen") == 1, lines


def _claim_citing(count: int) -> dict:
    return {"text": "A statement that cites far too many passages.",
            "cite": [{"article": "long-report", "quote": sentence(n)} for n in range(1, count + 1)]}


def test_check_warns_when_a_page_passes_80_percent_of_its_budget(tmp_path):
    project = grow(tmp_path / "project", scale=2)
    path = project / "content/actors/actor-0002.yaml"
    actor = yaml.safe_load(path.read_text("utf-8"))
    actor["claims"].append(_claim_citing(150))  # one statement: it cannot be split
    path.write_text(yaml.safe_dump(actor, sort_keys=False), encoding="utf-8")
    line = next(n for n, text in enumerate(path.read_text("utf-8").splitlines(), 1) if "far too many" in text)

    result = run_explainer(project, "check", "--strict")
    assert result.returncode == 2, result.stdout + result.stderr
    output = result.stdout + result.stderr
    warning = re.search(r"content/actors/actor-0002.yaml:(\d+):\d+: warning\[page-budget\]: page actors/actor-0002/(\d+/)? "
                        r"would be about ([\d,]+) bytes.*most of it: actor actor-0002: “A statement", output)
    assert warning, output
    assert int(warning.group(1)) in (line, line - 1) and int(warning.group(3).replace(",", "")) > 40_000

    # The build measures the pages it wrote, and warns the same page.
    built = run_explainer(project, "build", "--output", "build")
    assert built.returncode == 0, built.stderr
    outputs = [str(p.relative_to(project / "build")) for p in (project / "build").rglob("index.html")]
    page = "actors/actor-0002/" + (warning.group(2) or "")
    assert [p.mark.path for p in over_budget(project / "build", outputs).warnings] == ["build/" + page + "index.html"]
    assert f"build/{page}index.html:1:1: warning[page-budget]: page {page} is " in built.stderr



def test_counts_and_sides_come_from_the_content(grown, grown_soups):
    """Nothing is tuned to today's content: its articles counted, a disagreement with three sides."""
    articles = len(list((grown / "content/articles").glob("*.md")))
    home = grown_soups["index.html"]
    assert home.find("meta", attrs={"name": "description"})["content"].startswith(
        f"What {articles} news articles say about")
    assert f"The {articles} news articles this explainer" in grown_soups["sources/index.html"].find(
        "meta", attrs={"name": "description"})["content"]
    assert f'"description":"What {articles} news articles say' in home.find("script", type="application/ld+json").string
    event = next(s for p, s in grown_soups.items() if p.startswith("timeline/2025-01/")
                 and s.find(id="2025-01-event-0001")).find(id="2025-01-event-0001")
    link = event.select_one("p.disputed a")
    assert link.get_text() == "see all 3 versions"


def test_a_source_names_the_timeline_events_citing_it_and_links_their_place(grown_soups):
    cited = [p for p in grown_soups if p.startswith("sources/long-report/cited/")]
    links = [(p, a) for p in cited for a in grown_soups[p].select('li[id^="c-"] a[href*="/timeline/"]')]
    assert len(links) >= 1000  # every event cites the article
    for path, link in links[:50]:
        assert re.fullmatch(r"Timeline: Event \d+", link.get_text()), link.get_text()
        page, anchor = _page_of(path, link["href"])
        assert anchor and grown_soups[page].find(id=anchor).name == "li"


def test_one_article_is_counted_in_the_singular(tmp_path):
    project = grow(tmp_path / "project", scale=1, indexes=False)
    result = run_explainer(project, "build", "--quiet", "--output", "build")
    assert result.returncode == 0, result.stdout + result.stderr
    home = BeautifulSoup((project / "build/index.html").read_text("utf-8"), "html.parser")
    sources = BeautifulSoup((project / "build/sources/index.html").read_text("utf-8"), "html.parser")
    assert home.find("meta", attrs={"name": "description"})["content"].startswith("What 1 news article says about")
    assert "The 1 news article this explainer" in sources.find("meta", attrs={"name": "description"})["content"]
    assert '"description":"What 1 news article says' in home.find("script", type="application/ld+json").string
    assert home.find("a", string=re.compile("^All .* questions$")) is None  # one question: all on the home page


@pytest.mark.parametrize("kind, old, new, where", [
    ("actor", "actors/actor-0500.yaml", "actors/2.yaml", "actors"),
    ("question", "questions/question-0299.yaml", "questions/2.yaml", "questions"),
    ("article", "articles/short-0200.md", "articles/2.md", "sources"),
])
def test_a_record_id_that_is_a_page_of_its_index_is_an_error(tmp_path, kind, old, new, where):
    project = grow(tmp_path / "project", scale=10)
    content = project / "content"
    (content / old).rename(content / new)
    if kind == "actor":
        for path in content.rglob("*.yaml"):
            path.write_text(path.read_text("utf-8").replace("actor-0500", "'2'"), "utf-8")
    result = run_explainer(project, "check")
    assert result.returncode == 1
    assert re.search(rf"content/{new}:1:1: error\[page-collision\]: {kind} id '2' is also the address of page 2 "
                     rf"of the {where} index \({where}/2/\)", result.stdout + result.stderr), result.stdout + result.stderr
