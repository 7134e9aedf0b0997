"""Records -> pages: what each page shows and which records it reads. No Pelican here.

Every page is a `Page`: its output file, template, title, view data and its dependencies:
record keys such as "actor:hamas" or "article:kiryat-gat-headquarters", and "actor:*" for
a page that lists every actor (it changes when one is added or removed).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable

from .graph import Graph, actor_url
from .model import CENTER_SECTIONS, Article, Corpus
from .seo import actor_entity, article_entity, page_json_ld
from .sourcetext import render_paragraphs
from .views import Citer
from .tiemap import draw, tied_actors
from .walk import (RELATION_PHRASES, Statement, actor_statements, claim_statement, disagreement_statements, event_statement,
                   question_statements)

KIND_LABELS = {"person": "People", "state": "States", "organization": "Organizations"}
STATUS_ORDER = {"open": 0, "partly answered": 1, "answered": 2}
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


def page_plan(graph: Graph, site_url: str = "") -> dict[str, Callable[[], Page]]:
    """Every page's output path, with the function that builds it. Only the ids are read
    here, so an incremental build can list the site and build just the pages it needs."""
    corpus = graph.corpus
    builders: dict[str, Callable[[], Page]] = {
        "index.html": lambda: home_page(graph), "actors/index.html": lambda: actors_index(corpus),
        "center/index.html": lambda: center_page(graph), "questions/index.html": lambda: questions_index(corpus),
        "timeline/index.html": lambda: timeline_page(graph), "disagreements/index.html": lambda: disagreements_page(graph),
        "sources/index.html": lambda: sources_index(corpus), "about/index.html": lambda: about_page(corpus),
        "404.html": lambda: not_found_page(corpus), "changes/index.html": lambda: changes_page(corpus),
        "search/index.html": lambda: search_page(corpus),
    }
    for number in range(1, map_page_count(corpus) + 1):
        builders[map_url(number) + "index.html"] = partial(map_page, corpus, number)
    for actor_id in sorted(corpus.actors):
        builders[f"actors/{actor_id}/index.html"] = partial(actor_page, graph, actor_id)
    for question_id in sorted(corpus.questions):
        builders[f"questions/{question_id}/index.html"] = partial(question_page, graph, question_id)
    for article_id in sorted(corpus.articles):
        builders[f"sources/{article_id}/index.html"] = partial(source_page, graph, article_id)
    return {output: partial(_finished, build, corpus, site_url) for output, build in builders.items()}


def _finished(build: Callable[[], Page], corpus: Corpus, site_url: str) -> Page:
    page = build()
    page.search_type = SEARCH_TYPES.get(page.template, "")
    if page.template == "actor":
        page.entity = actor_entity(corpus.actors[page.url.split("/")[1]], f"{site_url}/{page.url}")
    elif page.template == "source":
        page.entity = article_entity(corpus.articles[page.url.split("/")[1]], f"{site_url}/{page.url}")
    page.json_ld = page_json_ld(site_url, page.url, page.title, page.description, page.entity)
    return page


def _citer(corpus: Corpus, *deps: str) -> Citer:
    return Citer(corpus, set(deps))


def _page(citer: Citer, url: str, template: str, title: str, description: str, **view: Any) -> Page:
    return Page(url, template, title, description, view, frozenset(citer.deps))


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


def home_page(graph: Graph) -> Page:
    corpus = graph.corpus
    citer = _citer(corpus, "center:center", "actor:*", "question:*", "event:*", "article:*",
                   *(f"question:{q}" for q in corpus.questions), *(f"event:{e}" for e in corpus.events))
    center = corpus.center
    glance = citer.section("The center at a glance", [claim_statement("", c) for c in center.summary])
    questions = sorted(corpus.questions.items(), key=lambda item: (STATUS_ORDER[item[1].status], item[0]))
    events = sorted(corpus.events.items(), key=lambda item: (item[1].date, item[0]), reverse=True)[:5]
    return _page(citer, "", "home", "Gaza ceasefire and the Civil-Military Coordination Center",
                 "What five news articles say about the Gaza ceasefire and the US-led coordination center "
                 "in Israel, every statement linked to the exact words of its source.",
                 center_name=center.name, glance=glance,
                 questions=[_question_link(q_id, q) for q_id, q in questions],
                 events=[_event_view(citer, e_id, e) for e_id, e in events],
                 counts={"actors": len(corpus.actors), "questions": len(corpus.questions),
                         "events": len(corpus.events), "articles": len(corpus.articles)})


def _question_link(question_id: str, question) -> dict[str, str]:
    return {"url": f"questions/{question_id}/", "title": question.title, "status": question.status}


def _event_view(citer: Citer, event_id: str, event) -> dict[str, Any]:
    return {"id": event_id, "date": event.date, "when": format_date(event.date, event.date_precision),
            "approximate": event.date_precision == "approximate", "date_note": event.date_note,
            "title": event.title, "claim": citer.claim(event_statement(event)),
            "disagreement": event.disagreement, "updates": _updates(event),
            "actor_ids": " ".join(event.actors)}


def actors_index(corpus: Corpus) -> Page:
    citer = _citer(corpus, "actor:*", *(f"actor:{a}" for a in corpus.actors))
    groups = defaultdict(list)
    for actor_id, actor in sorted(corpus.actors.items(), key=lambda item: item[1].name.casefold()):
        groups[actor.kind].append({"url": actor_url(actor_id), "name": actor.name, "role": actor.role.text})
    return _page(citer, "actors/", "actors", "Actors",
                 "The people, states and organizations in the story of the Gaza ceasefire and the coordination center.",
                 groups=[(KIND_LABELS[k], groups[k]) for k in KIND_LABELS if groups[k]])


def actor_page(graph: Graph, actor_id: str) -> Page:
    corpus = graph.corpus
    actor = corpus.actors[actor_id]
    citer = _citer(corpus, f"actor:{actor_id}")
    statements = actor_statements(actor, graph.names)
    for tie in actor.affiliations:
        citer.name(tie.actor)
    sections = [citer.section(title, [s for s in statements if s.section == title])
                for title in ("Role", "Ties", "What the sources say")]
    mentions = _grouped_by_page(graph.mentions.get(actor_id, []))
    citer.deps.update(p.record for p in graph.mentions.get(actor_id, []))
    questions = [_question_link(q, corpus.questions[q]) for q in graph.questions_of.get(actor_id, [])]
    events = [_event_view(citer, e, corpus.events[e]) for e in graph.events_of.get(actor_id, [])]
    citer.deps.update(f"question:{q}" for q in graph.questions_of.get(actor_id, []))
    citer.deps.update(f"event:{e}" for e in graph.events_of.get(actor_id, []))
    boxes = [_disagreement_box(citer, d) for d in graph.disagreements_of.get(actor_id, [])]
    return _page(citer, actor_url(actor_id), "actor", actor.name, f"{actor.name}: {actor.role.text}",
                 actor=actor, updates=_updates(actor), kind=actor.kind, aliases=actor.aliases, sections=[s for s in sections if s.claims],
                 ties=[{"url": actor_url(t.actor), "name": corpus.actors[t.actor].name, "relation": t.relation}
                       for t in actor.affiliations],
                 mentions=mentions, questions=questions, events=events, disagreements=boxes)


def _grouped_by_page(placed: list) -> list[dict[str, Any]]:
    """Statements elsewhere, as one link per page with the sections they are in."""
    pages: dict[str, dict[str, Any]] = {}
    for p in placed:
        entry = pages.setdefault(p.url, {"url": p.url, "page": p.page_title, "sections": []})
        if p.statement.section not in entry["sections"] and p.statement.section != "Timeline":
            entry["sections"].append(p.statement.section)
    return list(pages.values())


def _disagreement_box(citer: Citer, disagreement_id: str) -> dict[str, Any]:
    disagreement = citer.corpus.disagreements[disagreement_id]
    citer.deps.add(f"disagreement:{disagreement_id}")
    sides = [citer.claim(s) for s in disagreement_statements(disagreement)]
    return {"id": disagreement_id, "title": disagreement.title, "about": disagreement.about, "sides": sides,
            "updates": _updates(disagreement)}


def _updates(record) -> list[dict[str, str]]:
    return [{"date": u.date, "when": format_date(u.date), "kind": u.kind, "change": u.change, "reason": u.reason}
            for u in sorted(record.updates, key=lambda u: u.date, reverse=True)]


def center_page(graph: Graph) -> Page:
    corpus = graph.corpus
    center = corpus.center
    citer = _citer(corpus, "center:center")
    sections = [citer.section("At a glance", [claim_statement("", c) for c in center.summary])]
    for name, title in CENTER_SECTIONS.items():
        claims = getattr(center, name)
        if claims:
            sections.append(citer.section(title, [claim_statement(title, c) for c in claims]))
    boxes = [_disagreement_box(citer, d_id) for d_id, d in sorted(corpus.disagreements.items()) if d.center]
    return _page(citer, "center/", "center", center.name,
                 f"What the sources say about the {center.name}: purpose, location, staff, leadership and partners.",
                 center=center, updates=_updates(center), sections=sections, disagreements=boxes, notes=list(citer.numbers.values()))


def questions_index(corpus: Corpus) -> Page:
    citer = _citer(corpus, "question:*", *(f"question:{q}" for q in corpus.questions))
    questions = sorted(corpus.questions.items(), key=lambda item: (STATUS_ORDER[item[1].status], item[0]))
    return _page(citer, "questions/", "questions", "Open questions",
                 "What is still unknown about the Gaza ceasefire and the coordination center, and what the sources say so far.",
                 questions=[_question_link(q_id, q) for q_id, q in questions])


def question_page(graph: Graph, question_id: str) -> Page:
    corpus = graph.corpus
    question = corpus.questions[question_id]
    citer = _citer(corpus, f"question:{question_id}")
    statements = question_statements(question)
    sections = [citer.section(title, [s for s in statements if s.section == title])
                for title in ("Answer", "Why it matters", "What the sources say so far")]
    boxes = [_disagreement_box(citer, d_id) for d_id in graph.disagreements_of_question.get(question_id, [])]
    actors = [{"url": actor_url(a), "name": citer.name(a)} for a in question.actors]
    return _page(citer, f"questions/{question_id}/", "question", question.title,
                 f"{question.title} Status: {question.status}. What the sources say so far.",
                 question=question, updates=_updates(question), status=question.status, sections=[s for s in sections if s.claims],
                 actors=actors, disagreements=boxes, notes=list(citer.numbers.values()))


def timeline_page(graph: Graph) -> Page:
    corpus = graph.corpus
    citer = _citer(corpus, "event:*", *(f"event:{e}" for e in corpus.events))
    months: dict[str, list] = defaultdict(list)
    for event_id, event in sorted(corpus.events.items(), key=lambda item: (item[1].date, item[0])):
        key = event.date[:7] if len(event.date) >= 7 else event.date
        months[key].append(_event_view(citer, event_id, event))
    groups = [{"key": key, "label": format_date(key), "events": events, "notes": _notes(events)}
              for key, events in months.items()]
    return _page(citer, "timeline/", "timeline", "Timeline",
                 "Dated events of the Gaza ceasefire and the coordination center, each with its source.",
                 months=groups)


def _notes(events: list[dict[str, Any]]) -> list:
    refs = {ref.number: ref for event in events for ref in event["claim"].refs}
    return [refs[n] for n in sorted(refs)]


def disagreements_page(graph: Graph) -> Page:
    corpus = graph.corpus
    citer = _citer(corpus, "disagreement:*")
    boxes = [_disagreement_box(citer, d) for d in sorted(corpus.disagreements)]
    return _page(citer, "disagreements/", "disagreements", "Where the sources disagree",
                 "Dates, names and facts that the source articles give differently, side by side.",
                 disagreements=boxes)


def sources_index(corpus: Corpus) -> Page:
    citer = _citer(corpus, "article:*", *(f"article:{a}" for a in corpus.articles))
    articles = sorted(corpus.articles.values(), key=lambda a: (a.meta.date == "unknown", a.meta.date, a.id))
    return _page(citer, "sources/", "sources", "Sources",
                 "The five news articles this explainer is built from, with what is known about each.",
                 articles=[_article_summary(a) for a in articles])


def _article_summary(article: Article) -> dict[str, Any]:
    meta = article.meta
    return {"id": article.id, "url": f"sources/{article.id}/", "title": meta.title, "meta": meta,
            "when": format_date(meta.date, meta.date_precision)}


def source_page(graph: Graph, article_id: str) -> Page:
    corpus = graph.corpus
    article = corpus.articles[article_id]
    citer = _citer(corpus, f"article:{article_id}")
    spans = graph.spans.get(article_id, {})
    paragraphs = render_paragraphs(article, spans)
    citing = {}
    for anchor in spans:
        citing[anchor] = _grouped_by_page(graph.cited_by.get((article_id, anchor), []))
        citer.deps.update(p.record for p in graph.cited_by.get((article_id, anchor), []))
    if article.meta.show == "excerpts":
        paragraphs = [p for p in paragraphs if p.passages]
    return _page(citer, f"sources/{article_id}/", "source", article.meta.title,
                 f"The text of “{article.meta.title}” with every passage the explainer quotes highlighted.",
                 article=_article_summary(article), paragraphs=paragraphs, citing=citing,
                 cited_count=len(spans))


def all_updates(corpus: Corpus) -> list[dict[str, Any]]:
    """Every update of every record, newest first."""
    found = []
    owners = [(f"actors/{k}/", v.name, v) for k, v in corpus.actors.items()]
    owners += [(f"questions/{k}/", v.title, v) for k, v in corpus.questions.items()]
    owners += [(f"timeline/#{k}", v.title, v) for k, v in corpus.events.items()]
    owners += [(f"disagreements/#{k}", v.title, v) for k, v in corpus.disagreements.items()]
    if corpus.center is not None:
        owners.append(("center/", corpus.center.name, corpus.center))
    for url, label, record in owners:
        slug = url.strip("/#").replace("/#", "-").replace("/", "-")
        found += [{"url": url, "record": label, "date": u.date, "when": format_date(u.date), "kind": u.kind,
                   "change": u.change, "reason": u.reason, "anchor": f"u-{u.date}-{slug}-{i}"}
                  for i, u in enumerate(record.updates, start=1)]
    return sorted(found, key=lambda u: (u["date"], u["url"], u["change"]), reverse=True)


def changes_page(corpus: Corpus) -> Page:
    # Lists every record's updates: it reads them all.
    citer = _citer(corpus, "center:center", *(f"{kind}:{record_id}" for kind in ("actor", "question", "event", "disagreement")
                                              for record_id in corpus.records(kind)))
    return _page(citer, "changes/", "changes", "Updates and corrections",
                 "Every change and correction made to the explainer, newest first.", updates=all_updates(corpus))


SEARCH_TYPES = {"actor": "Actor", "question": "Question", "center": "Coordination center",
                "timeline": "Event", "disagreements": "Disagreement", "source": "Source article"}


MAP_DRAWN_MAX = 150  # tied actors: beyond this the circle's labels overlap, and the text list is the map
TIES_PER_PAGE = 500  # keeps each page of the list light (10,000 articles give some 30,000 ties)


def _all_ties(corpus: Corpus) -> list[tuple[str, Any]]:
    return [(a, t) for a, actor in sorted(corpus.actors.items(), key=lambda item: item[1].name.casefold())
            for t in actor.affiliations]


def map_page_count(corpus: Corpus) -> int:
    ties = sum(len(actor.affiliations) for actor in corpus.actors.values())
    return max(1, -(-ties // TIES_PER_PAGE))


def map_url(number: int) -> str:
    return "map/" if number == 1 else f"map/{number}/"


def map_page(corpus: Corpus, number: int = 1) -> Page:
    # Every page reads every actor: which ties fall on which page depends on them all.
    citer = _citer(corpus, "actor:*", *(f"actor:{a}" for a in corpus.actors))
    first = (number - 1) * TIES_PER_PAGE
    ties = [{"from": corpus.actors[a].name, "from_url": actor_url(a), "relation": RELATION_PHRASES[t.relation],
             "to": corpus.actors[t.actor].name, "to_url": actor_url(t.actor),
             "claim": citer.claim(Statement("Ties", "", tuple(t.cite), (), t))}
            for a, t in _all_ties(corpus)[first:first + TIES_PER_PAGE]]
    tied = len(tied_actors(corpus))
    count = map_page_count(corpus)
    title = "Map of the actors' ties" + (f", page {number} of {count}" if count > 1 else "")
    return _page(citer, map_url(number), "map", title,
                 "A map of who leads, serves, mediates or negotiates with whom, with every tie listed as text.",
                 svg=draw(corpus, "../") if number == 1 and tied <= MAP_DRAWN_MAX else None, tied=tied,
                 drawn_max=MAP_DRAWN_MAX, ties=ties, notes=list(citer.numbers.values()),
                 pages=[{"number": n, "url": map_url(n)} for n in range(1, count + 1)] if count > 1 else [],
                 number=number)


def search_page(corpus: Corpus) -> Page:
    return _page(_citer(corpus), "search/", "search", "Search",
                 "Search the explainer's actors, questions, events and source articles.")


def not_found_page(corpus: Corpus) -> Page:
    return _page(_citer(corpus), "404.html", "404", "Page not found",
                 "There is no page at this address; links to the explainer's main pages.")


def about_page(corpus: Corpus) -> Page:
    citer = _citer(corpus, "article:*")
    return _page(citer, "about/", "about", "About this explainer",
                 "How this explainer is made: sources, quotes, normalisation and corrections.",
                 articles=len(corpus.articles))
