"""Pages of the real site to sample, chosen from whatever the content holds (never named):
tests that cannot visit every page visit these, so an editor's change never removes them."""

from __future__ import annotations

from functools import cache

from conftest import REPO
from explainer.read.load import load_content


@cache
def _corpus():
    return load_content(REPO / "content").corpus


def actor_with_most_claims() -> str:
    actors = _corpus().actors
    return min(actors, key=lambda actor_id: (-len(actors[actor_id].claims), actor_id))


def actor_in_some_events() -> str:
    """The actor in the most events, but not in all of them (a filter that hides some)."""
    events = list(_corpus().events.values())
    counts = {a: sum(a in e.actors for e in events) for a in {a for e in events for a in e.actors}}
    return min((a for a, n in counts.items() if n < len(events)), key=lambda a: (-counts[a], a))


def first_question() -> str:
    return min(_corpus().questions)


def first_source() -> str:
    return min(_corpus().articles)


def name_of_actor(actor_id: str) -> str:
    return _corpus().actors[actor_id].name
