"""The map of the actors' ties: the drawing (tiemap.py) and every tie as text, split into
pages of at most TIES_PER_PAGE ties and of the content budget (sizes.py), the drawing
counting against the first page's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..check.graph import actor_url
from ..check.walk import RELATION_PHRASES, Statement
from ..model.records import Corpus
from . import sizes
from .layout import Layout
from .page import Page, make_page, new_citer
from .tiemap import draw, tied_actors

MAP_DRAWN_MAX = 150  # tied actors: beyond this the circle's labels overlap, and the text list is the map
DRAWING_MAX_BYTES = 20_000  # beyond this the drawing alone would fill most of the page's budget


TIES_PER_PAGE = 500  # keeps each page of the list light (10,000 articles give some 30,000 ties)


def _all_ties(corpus: Corpus) -> list[tuple[str, Any]]:
    return [(a, t) for a, actor in sorted(corpus.actors.items(), key=lambda item: item[1].name.casefold())
            for t in actor.affiliations]


@dataclass
class MapPlan:
    """The map's pages, worked out once per build: every page reads them all."""

    drawing: Markup | None
    tied: int  # actors with at least one tie
    runs: list[list[tuple[str, Any]]]  # the ties on each page of the list


# The dev server's last plan, with what it read: every actor (by id) and every article (the
# citations' sizes). A save that changed neither, most saves, plans the map again for nothing.
_kept: dict[str, tuple[tuple[list, list], MapPlan]] = {}


def map_plan(layout: Layout) -> MapPlan:
    if layout.map_plan is None:
        corpus = layout.corpus
        reads = (list(corpus.actors.items()), list(corpus.articles.values()))  # the same objects: compared by identity
        kept = _kept.get("plan") if layout.remember else None
        if kept is not None and kept[0] == reads:
            layout.map_plan = kept[1]
        else:
            tied = len(tied_actors(corpus))
            svg = drawing(corpus, tied)
            layout.map_plan = MapPlan(svg, tied, _runs(corpus, len(svg or "")))
        if layout.remember:
            _kept["plan"] = (reads, layout.map_plan)
    return layout.map_plan


def drawing(corpus: Corpus, tied: int) -> Markup | None:
    """The map as a drawing, when it is legible and light enough for its page; else the
    text list alone is the map."""
    if tied > MAP_DRAWN_MAX:
        return None
    svg = draw(corpus, "../")
    return svg if len(svg) <= DRAWING_MAX_BYTES else None


def _runs(corpus: Corpus, used: int) -> list[list[tuple[str, Any]]]:
    runs: list[list[tuple[str, Any]]] = [[]]
    for actor_id, tie in _all_ties(corpus):
        cost = _tie_bytes(corpus, actor_id, tie)
        if runs[-1] and (used + cost > sizes.CONTENT_BYTES or len(runs[-1]) >= TIES_PER_PAGE):
            runs.append([])
            used = 0
        runs[-1].append((actor_id, tie))
        used += cost
    return runs


def _tie_bytes(corpus: Corpus, actor_id: str, tie) -> int:
    return (sizes.link_bytes(actor_id, tie.actor, corpus.actors[actor_id].name, corpus.actors[tie.actor].name) * 2
            + sum(sizes.citation_bytes(corpus, c) for c in tie.cite))


def map_digests(layout: Layout) -> dict[str, str]:
    """A hash of which ties fall on which page (and of the count every page shows): with the
    actors of its own ties, all a page of the list depends on."""
    plan = map_plan(layout)
    return {"layout:map": layout.digest("layout:map", [plan.tied, [[(a, t.actor, t.relation) for a, t in run]
                                                                   for run in plan.runs]])}


def map_page_count(layout: Layout) -> int:
    return len(map_plan(layout).runs)


def map_url(number: int) -> str:
    return "map/" if number == 1 else f"map/{number}/"


def map_page(layout: Layout, number: int = 1) -> Page:
    corpus = layout.corpus
    plan = map_plan(layout)
    runs = plan.runs
    drawn = number == 1 and plan.drawing is not None
    shown = corpus.actors if drawn else {end for a, t in runs[number - 1] for end in (a, t.actor)}
    citer = new_citer(layout, "actor:*", "layout:map", *(f"actor:{a}" for a in shown))
    ties = [{"from": corpus.actors[a].name, "from_url": actor_url(a), "relation": RELATION_PHRASES[t.relation],
             "to": corpus.actors[t.actor].name, "to_url": actor_url(t.actor),
             "claim": citer.claim(Statement("Ties", "", tuple(t.cite), (), t))}
            for a, t in runs[number - 1]]
    count = len(runs)
    title = "Map of the actors' ties" + (f", page {number} of {count}" if count > 1 else "")
    return make_page(citer, map_url(number), "map", title,
                 "A map of who leads, serves, mediates or negotiates with whom, with every tie listed as text.",
                 svg=plan.drawing if number == 1 else None, tied=plan.tied, drawn_max=MAP_DRAWN_MAX, ties=ties, notes=list(citer.numbers.values()),
                 pages=[{"number": n, "url": map_url(n)} for n in range(1, count + 1)] if count > 1 else [],
                 number=number)
