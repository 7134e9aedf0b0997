"""What every page is made of: the `Page` itself, and the pieces several pages share
(question links, event and disagreement views, dates, the record's updates). No Pelican here.

Every page is a `Page`: its output file, template, title, view data and its dependencies:
record keys such as "actor:hamas" or "article:kiryat-gat-headquarters", and "actor:*" for
a page that lists every actor (it changes when one is added or removed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..check.walk import disagreement_statements, event_statement
from ..model.records import Article, Corpus
from ..read.articles import link_host
from .layout import Layout, shown_at, split_key
from .views import Citer

KIND_LABELS = {"person": "People", "state": "States", "organization": "Organizations"}

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


@dataclass
class Page:
    url: str  # site-relative, '' for the home page
    template: str
    title: str
    description: str
    view: dict[str, Any]
    deps: frozenset[str] = field(default_factory=frozenset)
    entity: dict[str, Any] | None = None  # schema.org description of what the page is about
    search_type: str = ""  # the search filter this page is found under; "" keeps it out of search
    json_ld: Any = None  # filled in once the page is built (it needs the site's address)

    @property
    def output(self) -> str:
        return self.url + "index.html" if not self.url.endswith(".html") else self.url


def new_citer(layout: Layout, *deps: str) -> Citer:
    return Citer(layout.corpus, set(deps), layout.urls)


def make_page(citer: Citer, url: str, template: str, title: str, description: str, **view: Any) -> Page:
    return Page(url, template, title, description, view, frozenset(citer.deps))


def pager(parts: list, number: int) -> dict[str, Any]:
    """The links between the pages of a split collection: previous, next and each page."""
    pages = [{"number": p.number, "url": p.url} for p in parts]
    return {"number": number, "count": len(pages), "pages": pages,
            "prev": pages[number - 2]["url"] if number > 1 else "",
            "next": pages[number]["url"] if number < len(pages) else ""}


def format_date(date: str, precision: str = "exact") -> str:
    if date == "unknown":
        return "date unknown"
    parts = date.split("-")
    text = parts[0]
    if len(parts) >= 2:
        text = f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 3:
        text = f"{int(parts[2])} {text}"
    return ("about " + text) if precision == "approximate" else text


def counted(number: int, noun: str) -> str:
    """'1 news article', '6 news articles': a count from the content, never a word typed in."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def question_link(question_id: str, question) -> dict[str, str]:
    return {"url": f"questions/{question_id}/", "title": question.title, "status": question.status}


def event_view(citer: Citer, event_id: str, event) -> dict[str, Any]:
    if event.disagreement:  # the count of its sides
        citer.deps.add(f"disagreement:{event.disagreement}")
    return {"id": event_id, "date": event.date, "when": format_date(event.date, event.date_precision),
            "approximate": event.date_precision == "approximate", "date_note": event.date_note,
            "title": event.title, "claim": citer.claim(event_statement(event)),
            "disagreement": event.disagreement, "updates": updates_view(event),
            "disagreement_url": citer.url_of(f"disagreement:{event.disagreement}",
                                             f"disagreements/#{event.disagreement}"),
            "disagreement_sides": _sides(citer.corpus, event.disagreement), "actor_ids": " ".join(event.actors)}


def event_notes(events: list[dict[str, Any]]) -> list:
    """The quotes of a list of events' markers, in their numbers' order, each once."""
    refs = {ref.number: ref for event in events for ref in event["claim"].refs}
    return [refs[n] for n in sorted(refs)]


def _sides(corpus: Corpus, disagreement_id: str | None) -> int:
    return len(corpus.disagreements[disagreement_id].sides) if disagreement_id else 0


def grouped_by_page(layout: Layout, placed: list, deps: set[str]) -> list[dict[str, Any]]:
    """Statements elsewhere, as one link per page (an event: to its place on the timeline)
    with the sections they are in; `deps` gains the splits that place them."""
    pages: dict[str, dict[str, Any]] = {}
    for p in placed:
        url, title = shown_at(layout, p)
        if (split := split_key(p.record)) is not None:
            deps.add(split)
        entry = pages.setdefault(url, {"url": url, "page": title, "sections": []})
        # A section the link's own words name (the timeline, a page or topic's title) is not said again.
        if p.statement.section not in entry["sections"] and p.statement.section not in title:
            entry["sections"].append(p.statement.section)
    return list(pages.values())


def disagreement_box(citer: Citer, disagreement_id: str) -> dict[str, Any]:
    disagreement = citer.corpus.disagreements[disagreement_id]
    citer.deps.add(f"disagreement:{disagreement_id}")
    sides = [citer.claim(s) for s in disagreement_statements(disagreement)]
    return {"id": disagreement_id, "title": disagreement.title, "about": disagreement.about, "sides": sides,
            "updates": updates_view(disagreement)}


def updates_view(record) -> list[dict[str, str]]:
    return [{"date": u.date, "when": format_date(u.date), "kind": u.kind, "change": u.change, "reason": u.reason}
            for u in sorted(record.updates, key=lambda u: u.date, reverse=True)]


def article_summary(article: Article) -> dict[str, Any]:
    meta = article.meta
    return {"id": article.id, "url": f"sources/{article.id}/", "title": meta.title, "meta": meta,
            "when": format_date(meta.date, meta.date_precision), "host": link_host(meta.url)}
