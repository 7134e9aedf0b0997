"""The pages that list records: home, the actors, questions and sources indexes, the
changes page, and the pages that read little (search, about, 404)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..check.graph import actor_url
from ..check.walk import claim_statement
from ..model.records import Corpus
from .layout import Layout
from .page import (
    KIND_LABELS,
    Page,
    article_summary,
    counted,
    event_notes,
    event_view,
    format_date,
    make_page,
    new_citer,
    pager,
    question_link,
)


def home_page(layout: Layout) -> Page:
    corpus = layout.corpus
    # The latest events and the first questions, and which they are (an edited date or status can
    # bring another in): not every event or question.
    citer = new_citer(layout, "center:center", "actor:*", "question:*", "event:*", "article:*", "layout:latest-events",
                      "layout:home-questions", *(f"question:{q}" for q in layout.home_questions),
                      *(f"event:{e}" for e in layout.latest_events))
    center = corpus.center
    glance = citer.section("The center at a glance", [claim_statement("", c) for c in center.summary])
    events = [event_view(citer, event_id, corpus.events[event_id]) for event_id in layout.latest_events]
    say = "says" if len(corpus.articles) == 1 else "say"
    return make_page(citer, "", "home", "Gaza ceasefire and the Civil-Military Coordination Center",
                 f"What {counted(len(corpus.articles), 'news article')} {say} about the Gaza ceasefire and the US-led "
                 "coordination center in Israel, every statement linked to the exact words of its source.",
                 center_name=center.name, glance=glance,
                 questions=[question_link(q, corpus.questions[q]) for q in layout.home_questions],
                 events=events, event_notes=event_notes(events),
                 counts={"actors": len(corpus.actors), "questions": len(corpus.questions),
                         "events": len(corpus.events), "articles": len(corpus.articles)})


def actors_index(layout: Layout, number: int = 1) -> Page:
    corpus = layout.corpus
    part = layout.actors_index[number - 1]
    # Its actors, and the index's split (which page lists whom: the pager, and a renamed actor moves).
    citer = new_citer(layout, "actor:*", "layout:actors", *(f"actor:{a}" for a in part.items))
    groups = defaultdict(list)
    for actor_id in part.items:
        actor = corpus.actors[actor_id]
        groups[actor.kind].append({"url": actor_url(actor_id), "name": actor.name, "role": actor.role.text})
    return make_page(citer, part.url, "actors", "Actors" + _page_of(part),
                 "The people, states and organizations in the story of the Gaza ceasefire and the coordination center.",
                 groups=[(KIND_LABELS[k], groups[k]) for k in KIND_LABELS if groups[k]],
                 pager=pager(layout.actors_index, number) if part.count > 1 else None)


def questions_index(layout: Layout, number: int = 1) -> Page:
    corpus = layout.corpus
    part = layout.questions_index[number - 1]
    # Its questions, and the index's split (which page lists which: the pager; a new status moves one).
    citer = new_citer(layout, "question:*", "layout:questions", *(f"question:{q}" for q in part.items))
    return make_page(citer, part.url, "questions", "Open questions" + _page_of(part),
                 "What is still unknown about the Gaza ceasefire and the coordination center, and what the sources say so far.",
                 questions=[question_link(q, corpus.questions[q]) for q in part.items],
                 pager=pager(layout.questions_index, number) if part.count > 1 else None)


def sources_index(layout: Layout, number: int = 1) -> Page:
    corpus = layout.corpus
    part = layout.sources_index[number - 1]
    citer = new_citer(layout, "article:*", "layout:sources", *(f"article:{a}" for a in part.items))
    return make_page(citer, part.url, "sources", "Sources" + _page_of(part),
                 f"The {counted(len(corpus.articles), 'news article')} this explainer is built from, "
                 "with what is known about each.",
                 articles=[article_summary(corpus.articles[a]) for a in part.items],
                 pager=pager(layout.sources_index, number) if part.count > 1 else None)


def _page_of(part) -> str:
    """", page 2 of 3" in the title of a split index's page."""
    return f", page {part.number} of {part.count}" if part.count > 1 else ""


def layout_updates(layout: Layout) -> list[dict[str, Any]]:
    """all_updates of the layout's corpus, where its pages show them; made once a build."""
    if layout.updates is None:
        layout.updates = all_updates(layout.corpus, layout.urls)
    return layout.updates


def all_updates(corpus: Corpus, urls: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Every update of every record, newest first. `urls`: the layout's, where each event and
    disagreement is shown."""
    found = []
    urls = urls or {}
    # Only the records that have updates: most have none (5,000 records at 1,000 articles, each save).
    owners = [(f"actors/{k}/", v.name, v) for k, v in corpus.actors.items() if v.updates]
    owners += [(f"questions/{k}/", v.title, v) for k, v in corpus.questions.items() if v.updates]
    owners += [(f"timeline/#{k}", v.title, v) for k, v in corpus.events.items() if v.updates]
    owners += [(f"disagreements/#{k}", v.title, v) for k, v in corpus.disagreements.items() if v.updates]
    if corpus.center is not None and corpus.center.updates:
        owners.append(("center/", corpus.center.name, corpus.center))
    for home, label, record in owners:
        slug = home.strip("/#").replace("/#", "-").replace("/", "-")  # from the record, not the split: stable
        key = {"timeline/": "event:", "disagreements/": "disagreement:"}.get(home.partition("#")[0], "")
        url = urls.get(key + home.partition("#")[2], home) if key else home
        found += [{"url": url, "record": label, "date": u.date, "when": format_date(u.date), "kind": u.kind,
                   "change": u.change, "reason": u.reason, "anchor": f"u-{u.date}-{slug}-{i}"}
                  for i, u in enumerate(record.updates, start=1)]
    return sorted(found, key=lambda u: (u["date"], u["url"], u["change"]), reverse=True)


def updates_digest(layout: Layout) -> dict[str, str]:
    """A hash of every update as the changes page shows it (where, whose, when, what): the page
    depends on it alone, not on each of the thousands of records that might gain one."""
    return {"layout:updates": layout.digest("layout:updates", layout_updates(layout))}


def changes_page(layout: Layout) -> Page:
    citer = new_citer(layout, "layout:updates")  # all it shows (updates_digest)
    return make_page(citer, "changes/", "changes", "Updates and corrections",
                 "Every change and correction made to the explainer, newest first.",
                 updates=layout_updates(layout))


def search_page(layout: Layout) -> Page:
    return make_page(new_citer(layout), "search/", "search", "Search",
                 "Search the explainer's actors, questions, events and source articles.")


def not_found_page(layout: Layout) -> Page:
    return make_page(new_citer(layout), "404.html", "404", "Page not found",
                 "There is no page at this address; links to the explainer's main pages.")


def about_page(layout: Layout) -> Page:
    corpus = layout.corpus
    citer = new_citer(layout, "article:*")
    return make_page(citer, "about/", "about", "About this explainer",
                 "How this explainer is made: sources, quotes, normalisation and corrections.",
                 articles=len(corpus.articles))
