"""The actors and their ties as an SVG drawn at build time (no script, no library).

Actors with at least one tie sit on a circle, grouped by kind; each tie is a line titled
with its relation; every node is a link to the actor's page. The page also lists every
tie as text, which is the map's accessible alternative.
"""

from __future__ import annotations

import math

from markupsafe import Markup, escape

from ..check.walk import RELATION_PHRASES
from ..model.records import Corpus

SIZE = 1000
RADIUS = 330
KIND_ORDER = {"state": 0, "organization": 1, "person": 2}


def tied_actors(corpus: Corpus) -> list[str]:
    tied = {a for a, actor in corpus.actors.items() if actor.affiliations}
    tied |= {t.actor for actor in corpus.actors.values() for t in actor.affiliations}
    return sorted(tied, key=lambda a: (KIND_ORDER[corpus.actors[a].kind], corpus.actors[a].name.casefold()))


def positions(actor_ids: list[str]) -> dict[str, tuple[float, float, float]]:
    """(x, y, angle) for each actor, evenly round the circle."""
    count = max(1, len(actor_ids))
    found = {}
    for index, actor_id in enumerate(actor_ids):
        angle = 2 * math.pi * index / count - math.pi / 2
        found[actor_id] = (SIZE / 2 + RADIUS * math.cos(angle), SIZE / 2 + RADIUS * math.sin(angle), angle)
    return found


def draw(corpus: Corpus, link_prefix: str) -> Markup:
    place = positions(tied_actors(corpus))
    lines = [_edge(corpus, a, t, place) for a, actor in sorted(corpus.actors.items()) for t in actor.affiliations]
    nodes = [_node(corpus, a, place[a], link_prefix) for a in place]
    return Markup(f'<svg class="tiemap" viewBox="0 0 {SIZE} {SIZE}" aria-labelledby="tiemap-title" '
                  f'xmlns="http://www.w3.org/2000/svg"><title id="tiemap-title">Map of the ties between '
                  f'{len(place)} actors</title><g class="edges">{"".join(lines)}</g>'
                  f'<g class="nodes">{"".join(nodes)}</g></svg>')


def _edge(corpus: Corpus, actor_id: str, tie, place) -> str:
    x1, y1, _ = place[actor_id]
    x2, y2, _ = place[tie.actor]
    label = f"{corpus.actors[actor_id].name} {RELATION_PHRASES[tie.relation]} {corpus.actors[tie.actor].name}"
    return (f'<line class="tie tie-{tie.relation}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}">'
            f"<title>{escape(label)}</title></line>")


def _node(corpus: Corpus, actor_id: str, where: tuple[float, float, float], link_prefix: str) -> str:
    x, y, angle = where
    actor = corpus.actors[actor_id]
    right = math.cos(angle) >= 0
    tx = x + (10 if right else -10)
    degrees = math.degrees(angle) if right else math.degrees(angle) + 180
    return (f'<a href="{escape(link_prefix)}actors/{actor_id}/" class="node node-{actor.kind}">'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6"/>'
            f'<text x="{tx:.1f}" y="{y:.1f}" text-anchor="{"start" if right else "end"}" dominant-baseline="middle" '
            f'transform="rotate({degrees:.1f} {x:.1f} {y:.1f})">{escape(actor.name)}</text></a>')
