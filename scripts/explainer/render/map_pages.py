"""The map of the actors' ties: the drawing (tiemap.py) and every tie as text, split into
pages of TIES_PER_PAGE."""

from __future__ import annotations

from typing import Any

from ..check.graph import actor_url
from ..check.walk import RELATION_PHRASES, Statement
from ..model.records import Corpus
from .page import Page, make_page, new_citer
from .tiemap import draw, tied_actors

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
    citer = new_citer(corpus, "actor:*", *(f"actor:{a}" for a in corpus.actors))
    first = (number - 1) * TIES_PER_PAGE
    ties = [{"from": corpus.actors[a].name, "from_url": actor_url(a), "relation": RELATION_PHRASES[t.relation],
             "to": corpus.actors[t.actor].name, "to_url": actor_url(t.actor),
             "claim": citer.claim(Statement("Ties", "", tuple(t.cite), (), t))}
            for a, t in _all_ties(corpus)[first:first + TIES_PER_PAGE]]
    tied = len(tied_actors(corpus))
    count = map_page_count(corpus)
    title = "Map of the actors' ties" + (f", page {number} of {count}" if count > 1 else "")
    return make_page(citer, map_url(number), "map", title,
                 "A map of who leads, serves, mediates or negotiates with whom, with every tie listed as text.",
                 svg=draw(corpus, "../") if number == 1 and tied <= MAP_DRAWN_MAX else None, tied=tied,
                 drawn_max=MAP_DRAWN_MAX, ties=ties, notes=list(citer.numbers.values()),
                 pages=[{"number": n, "url": map_url(n)} for n in range(1, count + 1)] if count > 1 else [],
                 number=number)
