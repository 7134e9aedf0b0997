"""The page budget, before anything is rendered: each planned page's estimated size and what
fills it, and a `page-budget` warning for a page past WARN_SHARE of its budget.

`check` does not render, so it reads the layout's estimates (sizes.py): text lengths plus
the markup round them, rounded up, which tests/test_page_budget.py shows to bound the real
pages from above, on the real content and at ten times it. The build measures the pages it
wrote instead (publish/pagesize.py). The layout splits a page before its estimate reaches
the warning line (sizes.ONE_PAGE_BYTES), so the warning is left for what cannot be split:
one record, paragraph or statement that alone is too big, or the pages that are not split.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..check.walk import actor_statements, center_statements, question_statements
from ..model.problems import Mark, Problems
from . import sizes
from .assets import minify_css
from .layout import Layout, Part, actor_blocks

ASSETS = ("css/site.css", "js/explainer.js")  # what every page links (base.html)


@dataclass
class Estimate:
    bytes: int  # HTML + CSS + JS
    fillers: list[tuple[int, str, Mark]]  # (bytes, what, where), largest first


def asset_bytes(theme: Path | None) -> int:
    """What a reader downloads of ASSETS: the stylesheet as it is published, minified."""
    if theme is None or not (theme / "static").is_dir():
        return sizes.ASSETS_BYTES
    found = 0
    for name in ASSETS:
        path = theme / "static" / name
        if path.is_file():
            found += len(minify_css(path.read_text("utf-8")).encode()) if path.suffix == ".css" else path.stat().st_size
    return found


def page_estimates(layout: Layout, assets: int = sizes.ASSETS_BYTES) -> dict[str, Estimate]:
    """Output path -> estimate, for every page whose size grows with the content."""
    corpus = layout.corpus
    pieces: dict[str, list[tuple[int, str, Mark]]] = {}
    for part in layout.timeline:
        pieces[part.url] = [(sizes.event_bytes(corpus, e), f"event {e}", corpus.events[e].mark) for e in part.items]
    for part in layout.disagreements:
        pieces[part.url] = [_disagreement(layout, d) for d in part.items]
    for part in layout.actors_index:
        pieces[part.url] = [(sizes.link_bytes(a, corpus.actors[a].name, corpus.actors[a].role.text), f"actor {a}",
                             corpus.actors[a].mark) for a in part.items]
    for part in layout.questions_index:
        pieces[part.url] = [(sizes.question_entry_bytes(q, corpus.questions[q]), f"question {q}",
                             corpus.questions[q].mark) for q in part.items]
    for part in layout.sources_index:
        pieces[part.url] = [(sizes.source_entry_bytes(corpus.articles[a]), f"article {a}",
                             Mark(corpus.articles[a].path)) for a in part.items]
    _center(layout, pieces)
    for actor_id in corpus.actors:
        _actor(layout, actor_id, pieces)
    for question_id, question in corpus.questions.items():
        pieces[f"questions/{question_id}/"] = [_statement(layout, s, f"question {question_id}")
                                               for s in question_statements(question)] + [
            _disagreement(layout, d) for d in layout.graph.disagreements_of_question.get(question_id, [])]
    for article_id in corpus.articles:
        _source(layout, article_id, pieces)
    fixed = sizes.CHROME_BYTES + assets
    return {url + "index.html": Estimate(fixed + sum(b for b, _, _ in found), sorted(found, key=lambda f: -f[0]))
            for url, found in pieces.items()}


def _statement(layout: Layout, statement, label: str) -> tuple[int, str, Mark]:
    words = statement.text.split()
    shown = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
    return sizes.statement_bytes(layout.corpus, statement), f"{label}: “{shown}”", statement.source.mark


def _disagreement(layout: Layout, disagreement_id: str) -> tuple[int, str, Mark]:
    corpus = layout.corpus
    return (sizes.disagreement_bytes(corpus, disagreement_id), f"disagreement {disagreement_id}",
            corpus.disagreements[disagreement_id].mark)


def _center(layout: Layout, pieces: dict) -> None:
    corpus = layout.corpus
    if corpus.center is None:
        return
    statements = center_statements(corpus.center)
    boxes = [_disagreement(layout, d) for d, v in sorted(corpus.disagreements.items()) if v.center]
    updates = (sizes.updates_bytes(corpus.center), "center: its updates", corpus.center.mark)
    if not layout.center:
        pieces["center/"] = [_statement(layout, s, "center") for s in statements] + boxes + [updates]
        return
    pieces["center/"] = [_statement(layout, s, "center") for s in statements if s.section == "At a glance"]
    pieces["center/"] += [(sizes.link_bytes(b[1]), b[1], b[2]) for b in boxes] + [updates]
    pieces["center/"] += [(sizes.link_bytes(part.url, part.label, ", page 999 (999 statements)"),
                           f"center: the link to {part.label}", corpus.center.mark) for part in layout.center]
    for part in layout.center:
        pieces[part.url] = [_statement(layout, s, f"center, {part.label}") for s in part.items]


def _actor(layout: Layout, actor_id: str, pieces: dict) -> None:
    corpus = layout.corpus
    actor = corpus.actors[actor_id]
    statements = actor_statements(actor, layout.graph.names)

    def named(block, size: int) -> tuple[int, str, Mark]:
        kind, key = block
        if kind == "claim":
            return _statement(layout, statements[key], f"actor {actor_id}")
        if kind == "event":
            return size, f"event {key}", corpus.events[key].mark
        if kind == "box":
            return size, f"disagreement {key}", corpus.disagreements[key].mark
        return size, f"actor {actor_id}: role, ties, questions and mentions", actor.mark

    sized = dict(actor_blocks(layout, actor_id))
    for part in layout.actor_pages.get(actor_id) or [Part(f"actors/{actor_id}/", 1, 1, list(sized), 0)]:
        pieces[part.url] = [named(block, sized[block]) for block in part.items]


def _source(layout: Layout, article_id: str, pieces: dict) -> None:
    article = layout.corpus.articles[article_id]
    spans = layout.graph.spans.get(article_id, {})
    texts = {line: text for line, _, text in article.paragraphs()}
    marks = Counter(layout.anchor_lines.get(a) for a in spans)
    for part in layout.source_text[article_id]:
        found = [(sizes.paragraph_bytes(texts[line], marks[line]), f"article {article_id}, paragraph",
                  Mark(article.path, line, 1)) for line in part.items]
        rest = part.estimate - sum(f[0] for f in found)  # who cites each passage, or the links there
        pieces[part.url] = found + [(rest, f"article {article_id}, who cites its passages",
                                     Mark(article.path, article.body_line, 1))]
    for part in layout.source_cited[article_id]:
        pieces[part.url] = [(part.estimate // max(1, len(part.items)), f"article {article_id}, who cites a passage",
                             Mark(article.path, article.body_line, 1)) for _ in part.items]


def warn_over_budget(estimates: dict[str, Estimate], problems: Problems) -> None:
    """A `page-budget` warning for each page past WARN_SHARE of its budget, at the biggest
    thing on it, naming what fills it."""
    limit = sizes.WARN_SHARE * sizes.PAGE_BUDGET
    for output, estimate in sorted(estimates.items()):
        if estimate.bytes <= limit:
            continue
        page = output.removesuffix("index.html") or "the home page"
        biggest = ", ".join(f"{what} ({size:,} bytes)" for size, what, _ in estimate.fillers[:3])
        problems.warning(estimate.fillers[0][2] if estimate.fillers else Mark(""), "page-budget",
                         f"page {page} would be about {estimate.bytes:,} bytes of HTML, CSS and JS, "
                         f"{estimate.bytes / sizes.PAGE_BUDGET:.0%} of its {sizes.PAGE_BUDGET:,}-byte budget; "
                         f"most of it: {biggest}",
                         "shorten or split the biggest of these (a statement with fewer or shorter quotes, a "
                         "paragraph cited less densely); see docs/editing.md, “Page budget”")
