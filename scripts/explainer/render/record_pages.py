"""The pages of single records: an actor, the center, a question, a source article, and
the timeline and disagreements pages that show every event and disagreement in full."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..check.graph import Graph, actor_url
from ..check.walk import actor_statements, claim_statement, question_statements
from ..model.records import CENTER_SECTIONS
from .page import (
    Page,
    article_summary,
    disagreement_box,
    event_view,
    format_date,
    grouped_by_page,
    make_page,
    new_citer,
    question_link,
    updates_view,
)
from .sourcetext import render_paragraphs


def actor_page(graph: Graph, actor_id: str) -> Page:
    corpus = graph.corpus
    actor = corpus.actors[actor_id]
    citer = new_citer(corpus, f"actor:{actor_id}")
    statements = actor_statements(actor, graph.names)
    for tie in actor.affiliations:
        citer.name(tie.actor)
    sections = [citer.section(title, [s for s in statements if s.section == title])
                for title in ("Role", "Ties", "What the sources say")]
    mentions = grouped_by_page(graph.mentions.get(actor_id, []))
    citer.deps.update(p.record for p in graph.mentions.get(actor_id, []))
    questions = [question_link(q, corpus.questions[q]) for q in graph.questions_of.get(actor_id, [])]
    events = [event_view(citer, e, corpus.events[e]) for e in graph.events_of.get(actor_id, [])]
    citer.deps.update(f"question:{q}" for q in graph.questions_of.get(actor_id, []))
    citer.deps.update(f"event:{e}" for e in graph.events_of.get(actor_id, []))
    boxes = [disagreement_box(citer, d) for d in graph.disagreements_of.get(actor_id, [])]
    return make_page(citer, actor_url(actor_id), "actor", actor.name, f"{actor.name}: {actor.role.text}",
                 actor=actor, updates=updates_view(actor), kind=actor.kind, aliases=actor.aliases, sections=[s for s in sections if s.claims],
                 ties=[{"url": actor_url(t.actor), "name": corpus.actors[t.actor].name, "relation": t.relation}
                       for t in actor.affiliations],
                 mentions=mentions, questions=questions, events=events, disagreements=boxes)


def center_page(graph: Graph) -> Page:
    corpus = graph.corpus
    center = corpus.center
    citer = new_citer(corpus, "center:center")
    sections = [citer.section("At a glance", [claim_statement("", c) for c in center.summary])]
    for name, title in CENTER_SECTIONS.items():
        claims = getattr(center, name)
        if claims:
            sections.append(citer.section(title, [claim_statement(title, c) for c in claims]))
    boxes = [disagreement_box(citer, d_id) for d_id, d in sorted(corpus.disagreements.items()) if d.center]
    return make_page(citer, "center/", "center", center.name,
                 f"What the sources say about the {center.name}: purpose, location, staff, leadership and partners.",
                 center=center, updates=updates_view(center), sections=sections, disagreements=boxes, notes=list(citer.numbers.values()))


def question_page(graph: Graph, question_id: str) -> Page:
    corpus = graph.corpus
    question = corpus.questions[question_id]
    citer = new_citer(corpus, f"question:{question_id}")
    statements = question_statements(question)
    sections = [citer.section(title, [s for s in statements if s.section == title])
                for title in ("Answer", "Why it matters", "What the sources say so far")]
    boxes = [disagreement_box(citer, d_id) for d_id in graph.disagreements_of_question.get(question_id, [])]
    actors = [{"url": actor_url(a), "name": citer.name(a)} for a in question.actors]
    return make_page(citer, f"questions/{question_id}/", "question", question.title,
                 f"{question.title} Status: {question.status}. What the sources say so far.",
                 question=question, updates=updates_view(question), status=question.status, sections=[s for s in sections if s.claims],
                 actors=actors, disagreements=boxes, notes=list(citer.numbers.values()))


def timeline_page(graph: Graph) -> Page:
    corpus = graph.corpus
    citer = new_citer(corpus, "event:*", *(f"event:{e}" for e in corpus.events))
    months: dict[str, list] = defaultdict(list)
    for event_id, event in sorted(corpus.events.items(), key=lambda item: (item[1].date, item[0])):
        key = event.date[:7] if len(event.date) >= 7 else event.date
        months[key].append(event_view(citer, event_id, event))
    groups = [{"key": key, "label": format_date(key), "events": events, "notes": _notes(events)}
              for key, events in months.items()]
    return make_page(citer, "timeline/", "timeline", "Timeline",
                 "Dated events of the Gaza ceasefire and the coordination center, each with its source.",
                 months=groups)


def _notes(events: list[dict[str, Any]]) -> list:
    refs = {ref.number: ref for event in events for ref in event["claim"].refs}
    return [refs[n] for n in sorted(refs)]


def disagreements_page(graph: Graph) -> Page:
    corpus = graph.corpus
    citer = new_citer(corpus, "disagreement:*")
    boxes = [disagreement_box(citer, d) for d in sorted(corpus.disagreements)]
    return make_page(citer, "disagreements/", "disagreements", "Where the sources disagree",
                 "Dates, names and facts that the source articles give differently, side by side.",
                 disagreements=boxes)


def source_page(graph: Graph, article_id: str) -> Page:
    corpus = graph.corpus
    article = corpus.articles[article_id]
    citer = new_citer(corpus, f"article:{article_id}")
    spans = graph.spans.get(article_id, {})
    paragraphs = render_paragraphs(article, spans)
    citing = {}
    for anchor in spans:
        citing[anchor] = grouped_by_page(graph.cited_by.get((article_id, anchor), []))
        citer.deps.update(p.record for p in graph.cited_by.get((article_id, anchor), []))
    if article.meta.show == "excerpts":
        paragraphs = [p for p in paragraphs if p.passages]
    return make_page(citer, f"sources/{article_id}/", "source", article.meta.title,
                 f"The text of “{article.meta.title}” with every passage the explainer quotes highlighted.",
                 article=article_summary(article), paragraphs=paragraphs, citing=citing,
                 cited_count=len(spans))
