"""The real content, built once: every page a reader needs exists and every citation
lands on the highlighted words it quotes."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest

from explainer.check.quotes import normalise_quote

ACTORS_REQUIRED = [
    "Donald Trump", "Benjamin Netanyahu", "Brad Cooper", "Steve Witkoff", "Jared Kushner", "Marco Rubio",
    "JD Vance", "Patrick Frank", "Steven Fagin", "Adam Boehler", "Vladimir Putin", "Ron Dermer",
    "Israel Katz", "Gideon Saar", "Yoav Gallant", "Benny Gantz", "Gadi Eisenkot", "Ronen Bar", "Eyal Zamir",
    "Daniel Hagari", "Ehud Olmert", "Ahmed al-Shara'a", "Hamas", "Israel", "United States",
    "Central Command", "Army Central", "State Department", "Qatar", "Egypt", "Turkey", "United Arab Emirates",
    "Indonesia", "Azerbaijan", "Russia", "Germany", "France", "Greece", "Cyprus", "United Kingdom",
    "Australia", "Canada", "World Food Program", "stabilization force", "Shin Bet", "Mossad",
    "Syrian Democratic Forces", "Iran", "Hezbollah", "Ansarallah", "IAEA",
]
PAGES_REQUIRED = ["index.html", "actors/index.html", "center/index.html", "questions/index.html",
                  "timeline/index.html", "sources/index.html", "about/index.html", "disagreements/index.html"]


def page_url(path: str) -> str:
    return "/" + path.removesuffix("index.html")


def test_every_page_type_exists(soups):
    for path in PAGES_REQUIRED:
        assert path in soups, f"missing {path}"
    assert len([p for p in soups if re.fullmatch(r"sources/[a-z0-9-]+/index.html", p)]) == 5
    assert len([p for p in soups if p.startswith("questions/") and p != "questions/index.html"]) >= 12


def test_every_named_actor_has_a_page(soups):
    titles = {soup.h1.get_text(strip=True): path for path, soup in soups.items() if path.startswith("actors/")}
    for name in ACTORS_REQUIRED:
        wanted = normalise_quote(name).casefold()
        found = [t for t in titles if wanted in normalise_quote(t).casefold()]
        assert found, f"no actor page for {name}"


def test_every_page_has_a_unique_title(soups):
    titles = [soup.title.get_text() for soup in soups.values()]
    assert len(titles) == len(set(titles))


def _internal_links(soups):
    for path, soup in soups.items():
        for link in soup.find_all("a", href=True):
            href = link["href"]
            if urlsplit(href).scheme or href.startswith("mailto:"):
                continue
            yield path, link, urljoin(page_url(path), href)


def test_every_internal_link_resolves(soups, built_site):
    for path, link, target in _internal_links(soups):
        parts = urlsplit(target)
        file = parts.path.lstrip("/")
        file = file + "index.html" if file == "" or file.endswith("/") else file
        assert file in soups or (built_site / file).is_file(), f"{path}: link {link['href']} -> missing {file}"
        if parts.fragment:
            assert soups[file].find(id=parts.fragment), f"{path}: link {link['href']} -> no #{parts.fragment}"


def _citations(soups):
    """Every citation marker and quote-list link, with the quote it stands for."""
    for path, soup in soups.items():
        quotes_by_number = {}
        for item in soup.select("ol.quotes > li"):
            quotes_by_number[item["value"]] = item.q.get_text()
            yield path, item.find("a")["href"], item.q.get_text()
        for box_quote in soup.select(".disagreement blockquote"):  # each side shows its quote in full
            yield path, box_quote.footer.a["href"], box_quote.p.get_text()
        for marker in soup.select("a.cite"):
            number = marker.get_text().removeprefix("source ")
            if number in quotes_by_number:
                yield path, marker["href"], quotes_by_number[number]


def test_every_citation_lands_on_the_quoted_words(soups):
    seen = 0
    for path, href, quote in _citations(soups):
        target = urlsplit(urljoin(page_url(path), href))
        assert target.path.startswith("/sources/"), f"{path}: citation {href} is not a source page"
        element = soups[target.path.lstrip("/") + "index.html"].find(id=target.fragment)
        assert element is not None, f"{path}: {href} has no target"
        assert element.find_parent("mark") or element.name == "mark", f"{href} is not highlighted"
        assert normalise_quote(quote) in normalise_quote(element.get_text()), f"{path}: {href}"
        seen += 1
    assert seen > 500  # the real content has hundreds of citations; zero would mean a broken selector


def test_every_claim_on_an_explainer_page_has_a_citation(soups):
    for path, soup in soups.items():
        for claim in soup.select("section.claims > ul > li"):
            assert claim.select("a.cite"), f"{path}: uncited statement {claim.get_text()[:60]!r}"


def test_source_page_highlights_equal_the_quotes_that_cite_them(soups):
    quotes_for: dict[tuple[str, str], set[str]] = {}
    for path, href, quote in _citations(soups):
        target = urlsplit(urljoin(page_url(path), href))
        quotes_for.setdefault((target.path, target.fragment), set()).add(normalise_quote(quote))
    for path, soup in soups.items():
        if not re.fullmatch(r"sources/[a-z0-9-]+/index.html", path):
            continue
        marks = soup.select("section.article-text mark[id]")
        assert marks, f"{path}: no highlighted passage"
        for mark in marks:
            ids = [mark["id"]] + [span["id"] for span in mark.find_all("span", id=True, recursive=False)]
            quotes = set().union(*(quotes_for.get(("/" + path.removesuffix("index.html"), i), set()) for i in ids))
            assert quotes, f"{path}#{mark['id']}: highlighted but cited by nothing"
            text = normalise_quote(mark.get_text())
            if len(ids) == 1:
                assert text in quotes, f"{path}#{mark['id']}: {text!r} is not one of its quotes"
            else:  # passages that cross are merged: the mark spans them all
                assert all(q in text for q in quotes)


def test_source_page_lists_the_statements_citing_each_passage(soups):
    soup = soups["sources/kiryat-gat-headquarters/index.html"]
    mark = soup.find("mark", string=re.compile("Steven Fagin"))
    assert mark is not None
    listing = _cited_by_listing(soups, "sources/kiryat-gat-headquarters/index.html", mark)
    assert "Steven Fagin" in listing.get_text()
    assert listing.find("a", href=re.compile(r"actors/steven-fagin/$"))


def _cited_by_listing(soups, path, mark):
    """The line naming the statements that cite a passage: below its paragraph, or on the
    article's cited-by page that the paragraph links to, when the article is long."""
    soup = soups[path]
    inline = soup.find("a", href="#" + mark["id"])
    if inline is not None:
        return inline.find_parent("li")
    link = mark.find_parent("p").find_next_sibling("div", class_="cited-by").a
    target = urlsplit(urljoin(page_url(path), link["href"]))
    return soups[target.path.lstrip("/") + "index.html"].find(id=target.fragment)


@pytest.mark.parametrize("article", ["coordination-center-report", "realist-english-200-personnel",
                                     "cooper-no-troops-in-gaza", "kiryat-gat-headquarters",
                                     "trump-hamas-negotiations-analysis"])
def test_source_page_shows_the_text_as_received(soups, article):
    from conftest import REPO

    body = (REPO / "content/articles" / f"{article}.md").read_text("utf-8").split("\n\n", 1)[1]
    expected = [line for line in body.split("\n") if line.strip()]
    parts = sorted((p for p in soups if re.fullmatch(rf"sources/{article}/(\d+/)?index.html", p)),
                   key=lambda p: int(p.split("/")[2]) if p.count("/") == 3 else 1)
    shown = [p.get_text() for part in parts
             for p in soups[part].find("section", class_="article-text").find_all("p", recursive=False)]
    assert shown == expected


def test_actor_page_cross_links_questions_and_events(soups):
    soup = soups["actors/marco-rubio/index.html"]
    assert soup.find("a", href=re.compile(r"questions/stabilization-force/$"))
    assert soup.select("li.event time[datetime]")


def test_question_page_shows_status_in_text_and_its_actors(soups):
    soup = soups["questions/us-troops-in-gaza/index.html"]
    assert "Status: answered" in soup.get_text()
    assert soup.find("a", href=re.compile(r"actors/"))


def test_disagreements_show_each_side_with_its_source(soups):
    soup = soups["disagreements/index.html"]
    for box_id in ("deal-announcement-date", "center-name", "envoy-name"):
        box = soup.find(id=box_id)
        sides = box.select(".side")
        assert len(sides) >= 2
        sources = {side.find("a", class_="cite")["href"].split("#")[0] for side in sides}
        assert len(sources) >= 2, f"{box_id}: both sides cite the same article"


def test_timeline_is_an_ordered_list_of_dated_events(soups):
    def in_order(path):  # timeline/<month>/<page>/index.html: by month, then page
        parts = path.split("/")[1:-1]
        return (parts[:1], int(parts[1]) if len(parts) > 1 else 1)
    timeline = sorted((p for p in soups if p.startswith("timeline/")), key=in_order)  # one page, or by month
    dates = [t["datetime"] for p in timeline for t in soups[p].select("ol.timeline time.event-date")]
    assert len(dates) >= 10
    assert dates == sorted(dates)


def test_no_page_contains_raw_template_or_undefined_output(soups):
    for path, soup in soups.items():
        text = soup.get_text()
        assert "{{" not in text and "{%" not in text and "Undefined" not in text, path
