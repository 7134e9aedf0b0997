"""The pages of single records: an actor, the center, a question, a source article, and
the timeline and disagreements pages that show every event and disagreement in full.
Where the layout split a page (layout.py), each builder makes one of its parts."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..check.graph import actor_url
from ..check.walk import actor_statements, claim_statement, question_statements
from ..model.records import CENTER_SECTIONS
from .layout import CLAIMS, Layout, Part, actor_blocks, numbered
from .page import (
    Page,
    article_summary,
    disagreement_box,
    event_notes,
    event_view,
    format_date,
    grouped_by_page,
    make_page,
    new_citer,
    pager,
    question_link,
    updates_view,
)
from .sourcetext import render_paragraphs


def actor_page(layout: Layout, actor_id: str, number: int = 1) -> Page:
    graph, corpus = layout.graph, layout.corpus
    actor = corpus.actors[actor_id]
    citer = new_citer(layout, f"actor:{actor_id}", f"layout:actor:{actor_id}")
    statements = actor_statements(actor, graph.names)
    for tie in actor.affiliations:
        citer.name(tie.actor)
    split = layout.actor_pages.get(actor_id)
    every = [block for block, _ in actor_blocks(layout, actor_id)]
    blocks = split[number - 1].items if split else every
    # Which page each block falls on depends on the sizes of them all.
    citer.deps.update(f"{'event' if kind == 'event' else 'disagreement'}:{key}" for kind, key in every
                      if kind in ("event", "box"))
    shown = {i for kind, i in blocks if kind == "claim"}
    kept = [s for i, s in enumerate(statements) if (s.section != CLAIMS or i in shown) and (number == 1 or i in shown)]
    sections = [citer.section(title, [s for s in kept if s.section == title]) for title in ("Role", "Ties", CLAIMS)]
    events = [event_view(citer, e, corpus.events[e]) for kind, e in blocks if kind == "event"]
    boxes = [disagreement_box(citer, d) for kind, d in blocks if kind == "box"]
    title = actor.name + (f", page {number} of {len(split)}" if split else "")
    view = {"actor": actor, "kind": actor.kind, "sections": [s for s in sections if s.claims], "events": events,
            "event_notes": event_notes(events),
            "disagreements": boxes, "pager": pager(split, number) if split else None,
            "updates": [], "aliases": [], "ties": [], "mentions": [], "questions": []}
    if number == 1:
        view.update(_actor_head(layout, citer, actor_id))
    return make_page(citer, numbered(actor_url(actor_id), number), "actor", title,
                     f"{actor.name}: {actor.role.text}", **view)


def _actor_head(layout: Layout, citer, actor_id: str) -> dict[str, Any]:
    """What only an actor's first page shows: aliases, ties, questions, mentions, updates."""
    graph, corpus = layout.graph, layout.corpus
    actor = corpus.actors[actor_id]
    citer.deps.update(p.record for p in graph.mentions.get(actor_id, []))
    citer.deps.update(f"question:{q}" for q in graph.questions_of.get(actor_id, []))
    return {"updates": updates_view(actor), "aliases": actor.aliases,
            "ties": [{"url": actor_url(t.actor), "name": corpus.actors[t.actor].name, "relation": t.relation}
                     for t in actor.affiliations],
            "mentions": grouped_by_page(layout, graph.mentions.get(actor_id, []), citer.deps),
            "questions": [question_link(q, corpus.questions[q]) for q in graph.questions_of.get(actor_id, [])]}


def center_page(layout: Layout) -> Page:
    corpus = layout.corpus
    center = corpus.center
    citer = new_citer(layout, "center:center")
    sections = [citer.section("At a glance", [claim_statement("", c) for c in center.summary])]
    if not layout.center:
        for name, title in CENTER_SECTIONS.items():
            claims = getattr(center, name)
            if claims:
                sections.append(citer.section(title, [claim_statement(title, c) for c in claims]))
    ids = [d_id for d_id, d in sorted(corpus.disagreements.items()) if d.center]
    boxes = [] if layout.center else [disagreement_box(citer, d_id) for d_id in ids]
    linked = [{"url": citer.url_of(f"disagreement:{d}", f"disagreements/#{d}"), "title": corpus.disagreements[d].title}
              for d in ids] if layout.center else []
    return make_page(citer, "center/", "center", center.name,
                     f"What the sources say about the {center.name}: purpose, location, staff, leadership and partners.",
                     center=center, updates=updates_view(center), sections=sections, disagreements=boxes,
                     section_pages=_section_pages(layout), linked_disagreements=linked)


def _section_pages(layout: Layout) -> list[dict[str, Any]]:
    return [{"url": p.url, "title": p.label + (f", page {p.number}" if p.count > 1 else ""), "claims": len(p.items)}
            for p in layout.center]


def center_section_page(layout: Layout, part: Part) -> Page:
    center = layout.corpus.center
    citer = new_citer(layout, "center:center")
    section = citer.section(part.label, part.items)
    pages = [p for p in layout.center if p.key == part.key]
    title = f"{center.name}: {part.label}" + (f", page {part.number} of {part.count}" if part.count > 1 else "")
    return make_page(citer, part.url, "center_section", title,
                     f"What the sources say about the {center.name}: {part.label.lower()}.",
                     section=section, center_name=center.name,
                     pager=pager(pages, part.number) if part.count > 1 else None)


def question_page(layout: Layout, question_id: str) -> Page:
    graph, corpus = layout.graph, layout.corpus
    question = corpus.questions[question_id]
    citer = new_citer(layout, f"question:{question_id}")
    statements = question_statements(question)
    sections = [citer.section(title, [s for s in statements if s.section == title])
                for title in ("Answer", "Why it matters", "What the sources say so far")]
    boxes = [disagreement_box(citer, d_id) for d_id in graph.disagreements_of_question.get(question_id, [])]
    actors = [{"url": actor_url(a), "name": citer.name(a)} for a in question.actors]
    return make_page(citer, f"questions/{question_id}/", "question", question.title,
                     f"{question.title} Status: {question.status}. What the sources say so far.",
                     question=question, updates=updates_view(question), status=question.status,
                     sections=[s for s in sections if s.claims], actors=actors, disagreements=boxes)


def timeline_page(layout: Layout, part: Part) -> Page:
    corpus = layout.corpus
    # Its own events; which events fall on it is the layout's (it changes when one moves).
    citer = new_citer(layout, "event:*", "layout:timeline", *(f"event:{e}" for e in part.items))
    months: dict[str, list] = defaultdict(list)
    for event_id in part.items:
        event = corpus.events[event_id]
        key = event.date[:7] if len(event.date) >= 7 else event.date
        months[key].append(event_view(citer, event_id, event))
    groups = [{"key": key, "label": format_date(key), "events": events, "notes": event_notes(events),
               # Those dated only as finely as the month (or year) itself: where they fall among the rest is not known.
               "rough": [e for e in events if e["date"] == key], "dated": [e for e in events if e["date"] != key]}
              for key, events in months.items()]
    title = "Timeline"
    if layout.timeline_split:
        title = f"Timeline: {format_date(part.key)}"
        title += f", page {part.number} of {part.count}" if part.count > 1 else ""
    same_month = [p for p in layout.timeline if p.key == part.key]
    return make_page(citer, part.url, "timeline", title,
                     "Dated events of the Gaza ceasefire and the coordination center, each with its source.",
                     months=groups, index=[], split=layout.timeline_split,
                     pager=pager(same_month, part.number) if part.count > 1 else None)


def timeline_index(layout: Layout) -> Page:
    """When the timeline is split: its months, each linking to its first page."""
    citer = new_citer(layout, "event:*", "layout:timeline")
    index: dict[str, dict[str, Any]] = {}
    for part in layout.timeline:
        entry = index.setdefault(part.key, {"url": part.url, "label": format_date(part.key), "events": 0})
        entry["events"] += len(part.items)
    return make_page(citer, "timeline/", "timeline", "Timeline",
                     "Dated events of the Gaza ceasefire and the coordination center, month by month.",
                     months=[], index=list(index.values()), split=True, pager=None)


def disagreements_page(layout: Layout, number: int = 1) -> Page:
    citer = new_citer(layout, "disagreement:*", *(f"disagreement:{d}" for d in layout.corpus.disagreements))
    part = layout.disagreements[number - 1]
    boxes = [disagreement_box(citer, d) for d in part.items]
    title = "Where the sources disagree" + (f", page {number} of {part.count}" if part.count > 1 else "")
    return make_page(citer, part.url, "disagreements", title,
                     "Dates, names and facts that the source articles give differently, side by side.",
                     disagreements=boxes, pager=pager(layout.disagreements, number) if part.count > 1 else None)


def source_page(layout: Layout, article_id: str, number: int = 1) -> Page:
    graph, corpus = layout.graph, layout.corpus
    article = corpus.articles[article_id]
    citer = new_citer(layout, f"article:{article_id}", f"cited:article:{article_id}", "layout:timeline",
                      "layout:disagreements")
    spans = graph.spans.get(article_id, {})
    text_parts, cited_parts = layout.source_text[article_id], layout.source_cited[article_id]
    lines = set(text_parts[number - 1].items)
    paragraphs = [p for p in render_paragraphs(article, spans) if p.line in lines]
    citing = {} if cited_parts else _citing(layout, citer, article_id, spans)
    cited_page = {a: p.url for p in cited_parts for a in p.items}
    title = article.meta.title + (f", part {number} of {len(text_parts)}" if len(text_parts) > 1 else "")
    return make_page(citer, text_parts[number - 1].url, "source", title,
                     f"The text of “{article.meta.title}” with every passage the explainer quotes highlighted.",
                     article=article_summary(article), paragraphs=paragraphs, citing=citing, cited_page=cited_page,
                     cited_count=len(spans), first=number == 1,
                     pager=pager(text_parts, number) if len(text_parts) > 1 else None)


def _citing(layout: Layout, citer, article_id: str, anchors) -> dict[str, list]:
    graph = layout.graph
    found = {}
    for anchor in anchors:
        found[anchor] = grouped_by_page(layout, graph.cited_by.get((article_id, anchor), []), citer.deps)
        citer.deps.update(p.record for p in graph.cited_by.get((article_id, anchor), []))
    return found


def source_cited_page(layout: Layout, article_id: str, number: int) -> Page:
    """Who cites each passage of a long article, a page of passages at a time."""
    article = layout.corpus.articles[article_id]
    citer = new_citer(layout, f"article:{article_id}", f"cited:article:{article_id}", "layout:timeline",
                      "layout:disagreements")
    parts = layout.source_cited[article_id]
    part = parts[number - 1]
    spans = layout.graph.spans.get(article_id, {})
    passages = [{"anchor": a, "url": layout.urls[a], "text": article.text[spans[a][0]:spans[a][1]]} for a in part.items]
    title = f"Who cites “{article.meta.title}”" + (f", page {number} of {len(parts)}" if len(parts) > 1 else "")
    return make_page(citer, part.url, "source_cited", title,
                     f"Every passage of “{article.meta.title}” the explainer quotes, with the pages that cite it.",
                     article=article_summary(article), passages=passages,
                     citing=_citing(layout, citer, article_id, part.items),
                     pager=pager(parts, number) if len(parts) > 1 else None)


