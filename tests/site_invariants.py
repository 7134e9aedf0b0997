"""Checks of a whole built site that hold for any content passing `check --strict`: every
record and article has its page, every citation lands on the highlighted words it quotes,
every link resolves... Run on the real site (test_site.py) and on a grown copy of the
content (browser/test_growth.py).

Each check takes the site's parsed pages (path -> soup), its output folder and
`corpus`: (the loaded Corpus, the quote anchors found by the check)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from explainer.check.quotes import normalise_quote

PAGES_REQUIRED = ["index.html", "actors/index.html", "center/index.html", "questions/index.html",
                  "timeline/index.html", "sources/index.html", "about/index.html", "disagreements/index.html"]


def page_url(path: str) -> str:
    return "/" + path.removesuffix("index.html")


def record_pages(soups, folder: str) -> set[str]:
    """The ids that have a page of their own under `folder`/ (its first page, if it has several)."""
    return {p.split("/")[1] for p in soups if re.fullmatch(rf"{folder}/[a-z0-9-]+/index\.html", p)}


def first_page_title(name: str, title: str) -> bool:
    """The title of a record's (first) page: its name, or its name with the page of a long one."""
    return re.fullmatch(re.escape(name) + r"(, page 1 of \d+)?", title) is not None


def check_every_page_type_exists(soups, built_site, corpus):
    for path in PAGES_REQUIRED:
        assert path in soups, f"missing {path}"


def check_every_article_actor_and_question_has_its_page(soups, built_site, corpus):
    records, _ = corpus
    assert set(records.articles) - record_pages(soups, "sources") == set()
    assert set(records.actors) - record_pages(soups, "actors") == set()
    assert set(records.questions) - record_pages(soups, "questions") == set()
    for actor_id, actor in records.actors.items():  # a long actor's first page says "…, page 1 of N"
        assert first_page_title(actor.name, soups[f"actors/{actor_id}/index.html"].h1.get_text(strip=True)), actor_id
    for article_id, article in records.articles.items():
        assert soups[f"sources/{article_id}/index.html"].h1.get_text(strip=True) == article.meta.title


def check_every_page_has_a_unique_title(soups, built_site, corpus):
    titles = [soup.title.get_text() for soup in soups.values()]
    assert len(titles) == len(set(titles))


def _internal_links(soups):
    for path, soup in soups.items():
        for link in soup.find_all("a", href=True):
            href = link["href"]
            if urlsplit(href).scheme or href.startswith("mailto:"):
                continue
            yield path, link, urljoin(page_url(path), href)


def check_every_internal_link_resolves(soups, built_site, corpus):
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


def check_every_citation_lands_on_the_quoted_words(soups, built_site, corpus):
    seen = 0
    for path, href, quote in _citations(soups):
        target = urlsplit(urljoin(page_url(path), href))
        assert target.path.startswith("/sources/"), f"{path}: citation {href} is not a source page"
        element = soups[target.path.lstrip("/") + "index.html"].find(id=target.fragment)
        assert element is not None, f"{path}: {href} has no target"
        assert element.find_parent("mark") or element.name == "mark", f"{href} is not highlighted"
        assert normalise_quote(quote) in normalise_quote(element.get_text()), f"{path}: {href}"
        seen += 1
    # Every quote found in an article is cited at least once: fewer links would mean a broken selector.
    assert seen >= len(corpus[1].matches) > 0


def check_every_citation_marker_has_its_quote_listed_on_its_page(soups, built_site, corpus):
    """For its card on hover and focus, and for print: a disagreement's side shows its quotes in full instead."""
    for path, soup in soups.items():
        listed = {item["value"] for item in soup.select("ol.quotes > li")}
        for marker in soup.select("a.cite"):
            number = marker.get_text().removeprefix("source ")
            assert number in listed or marker.find_parent(class_="side"), f"{path}: marker {number} lists no quote"


def check_every_claim_on_an_explainer_page_has_a_citation(soups, built_site, corpus):
    for path, soup in soups.items():
        for claim in soup.select("section.claims > ul > li"):
            assert claim.select("a.cite"), f"{path}: uncited statement {claim.get_text()[:60]!r}"


def check_source_page_highlights_equal_the_quotes_that_cite_them(soups, built_site, corpus):
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
            else:  # passages that cross are merged: the mark spans them all, and each id says where its quote is
                assert all(q in text for q in quotes)
                for element in [mark, *mark.find_all("span", id=True, recursive=False)]:
                    own = normalise_quote(own_quote(element))
                    mine = quotes_for.get(("/" + path.removesuffix("index.html"), element["id"]), set())
                    assert own in mine, f"{path}#{element['id']}: its own words {own!r} are none of its quotes"


def own_quote(element) -> str:
    """The words of the element's own quote: its text between the UTF-16 offsets of its
    `data-quote` (as the page's script highlights them), or all of it."""
    text = element.get_text()
    if not element.get("data-quote"):
        return text
    first, last = map(int, element["data-quote"].split())
    return text.encode("utf-16-le")[2 * first:2 * last].decode("utf-16-le")


def source_parts(soups, article_id: str) -> list[str]:
    """The pages of one article's text, in order: one page, or parts 2, 3... after the first."""
    parts = [p for p in soups if re.fullmatch(rf"sources/{article_id}/(\d+/)?index\.html", p)]
    return sorted(parts, key=lambda p: int(p.split("/")[2]) if p.count("/") == 3 else 1)


def cited_by_listing(soups, path, mark):
    """The line naming the statements that cite a passage: below its paragraph, or on the
    article's cited-by page that the paragraph links to, when the article is long."""
    inline = soups[path].find("a", href="#" + mark["id"])
    if inline is not None:
        return inline.find_parent("li")
    link = mark.find_parent("p").find_next_sibling("div", class_="cited-by").a
    target = urlsplit(urljoin(page_url(path), link["href"]))
    return soups[target.path.lstrip("/") + "index.html"].find(id=target.fragment)


def check_source_page_lists_the_statements_citing_each_passage(soups, built_site, corpus):
    """Each highlighted passage is listed with a link to a page whose statements cite it."""
    for article_id in corpus[0].articles:
        for path in source_parts(soups, article_id):
            for mark in soups[path].select("section.article-text mark[id]"):
                listing = cited_by_listing(soups, path, mark)
                assert listing is not None, f"{path}#{mark['id']}: listed nowhere"
                assert any(not urlsplit(a["href"]).path.rstrip("/").endswith(f"sources/{article_id}")
                           and not a["href"].startswith("#") for a in listing.find_all("a", href=True)), mark["id"]


def check_source_page_shows_the_text_as_received(soups, built_site, corpus):
    for article_id, article in corpus[0].articles.items():
        body = Path(article.path).read_bytes().decode("utf-8").split("\n\n", 1)[1]
        expected = [line for line in body.split("\n") if line.strip()]
        shown = [p.get_text() for part in source_parts(soups, article_id)
                 for p in soups[part].find("section", class_="article-text").find_all("p", recursive=False)]
        assert shown == expected, article_id


def pages_under(soups, folder: str) -> list:
    return [soup for path, soup in soups.items() if path.startswith(folder)]


def check_actor_page_cross_links_questions_and_events(soups, built_site, corpus):
    records, _ = corpus
    for question_id, question in records.questions.items():
        for actor_id in question.actors:
            assert any(soup.find("a", href=re.compile(rf"questions/{question_id}/$"))
                       for soup in pages_under(soups, f"actors/{actor_id}/")), (actor_id, question_id)
    for event_id, event in records.events.items():
        for actor_id in event.actors:
            assert any(soup.find("li", class_="event", id=event_id) or soup.find("a", href=re.compile(rf"#{event_id}$"))
                       for soup in pages_under(soups, f"actors/{actor_id}/")), (actor_id, event_id)


def check_question_page_shows_status_in_text_and_its_actors(soups, built_site, corpus):
    for question_id, question in corpus[0].questions.items():
        soup = soups[f"questions/{question_id}/index.html"]
        assert f"Status: {question.status}" in soup.get_text(), question_id
        for actor_id in question.actors:
            assert soup.find("a", href=re.compile(rf"actors/{actor_id}/$")), (question_id, actor_id)


def check_disagreements_show_each_side_with_its_source(soups, built_site, corpus):
    for disagreement_id, disagreement in corpus[0].disagreements.items():
        boxes = [box for soup in pages_under(soups, "disagreements/") if (box := soup.find(id=disagreement_id))]
        assert boxes, disagreement_id
        sides = boxes[0].select(".side")
        assert len(sides) == len(disagreement.sides) >= 2, disagreement_id
        assert all(side.find("a", class_="cite") for side in sides), f"{disagreement_id}: a side without its source"


def check_timeline_is_an_ordered_list_of_every_dated_event(soups, built_site, corpus):
    def in_order(path):  # timeline/<month>/<page>/index.html: by month, then page
        parts = path.split("/")[1:-1]
        return (parts[:1], int(parts[1]) if len(parts) > 1 else 1)
    pages = sorted((p for p in soups if p.startswith("timeline/")), key=in_order)  # one page, or by month
    found = [item["id"] for p in pages for item in soups[p].select(".timeline > li.event")]
    assert sorted(found) == sorted(corpus[0].events)  # each event once
    dates = [t["datetime"] for p in pages for t in soups[p].select(".timeline time.event-date")]
    assert dates == sorted(dates)


def check_no_page_contains_raw_template_or_undefined_output(soups, built_site, corpus):
    for path, soup in soups.items():
        text = soup.get_text()
        assert "{{" not in text and "{%" not in text and "Undefined" not in text, path


def check_the_main_navigation_marks_the_section_a_page_is_in(soups, built_site, corpus):
    """On a page under a section's folder (a month of the timeline, a topic of the center, a
    second page of disagreements), the section's link says it is the current one."""
    for path, soup in soups.items():
        sections = {urlsplit(urljoin(page_url(path), a["href"])).path: a for a in soup.select('nav[aria-label="Main"] a')}
        here = [a for url, a in sections.items() if page_url(path).startswith(url)]
        assert [a.get("aria-current") for a in here] in ([], ["page"]), path
        assert [a for a in sections.values() if a.get("aria-current")] == here, path


CHECKS = [
    check_every_page_type_exists,
    check_every_article_actor_and_question_has_its_page,
    check_every_page_has_a_unique_title,
    check_every_internal_link_resolves,
    check_every_citation_lands_on_the_quoted_words,
    check_every_citation_marker_has_its_quote_listed_on_its_page,
    check_every_claim_on_an_explainer_page_has_a_citation,
    check_source_page_highlights_equal_the_quotes_that_cite_them,
    check_source_page_lists_the_statements_citing_each_passage,
    check_source_page_shows_the_text_as_received,
    check_actor_page_cross_links_questions_and_events,
    check_question_page_shows_status_in_text_and_its_actors,
    check_disagreements_show_each_side_with_its_source,
    check_timeline_is_an_ordered_list_of_every_dated_event,
    check_no_page_contains_raw_template_or_undefined_output,
    check_the_main_navigation_marks_the_section_a_page_is_in,
]
