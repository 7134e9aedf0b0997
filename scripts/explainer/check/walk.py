"""Walking records: every reference and every claim, wherever it sits in a record."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Callable

from ..model.problems import Mark
from ..model.records import CENTER_SECTIONS, Actor, Affiliation, Center, Citation, Claim, Disagreement, Event, Question
from ..model.schema import Ref, fields


@dataclass(frozen=True)
class RefUse:
    kind: str
    target: str
    mark: Mark


def iter_refs(record: Any) -> list[RefUse]:
    """Every id that `record` (or anything inside it) points at."""
    found: list[RefUse] = []
    _add_refs(record, found)
    return found


def _add_refs(record: Any, found: list[RefUse]) -> None:
    # Appending, not generators within generators: a fresh process walks every record (60,000 at N=10,000).
    for name, is_list, ref in _ref_fields(type(record)):
        value = getattr(record, name)
        if value is None:
            continue
        if is_list:
            for index, item in enumerate(value):
                if ref is not None:
                    found.append(RefUse(ref.kind, item, _item_mark(record, name, index)))
                elif hasattr(item, "__dataclass_fields__"):
                    _add_refs(item, found)
        elif ref is not None:
            found.append(RefUse(ref.kind, value, record.mark_of(name)))
        elif hasattr(value, "__dataclass_fields__"):
            _add_refs(value, found)


def refs_of(record: Any) -> tuple[RefUse, ...]:
    """iter_refs(record), kept on the record itself: a record never changes once loaded, and
    the dev server keeps its records between builds, so each is walked once, not on every
    rule and every rebuild."""
    found = record.__dict__.get("_refs")
    if found is None:
        found = record.__dict__["_refs"] = tuple(iter_refs(record))
    return found


def ref_keys(record: Any) -> frozenset[str]:
    """The keys ("actor:hamas") of what the record points at, kept on it like refs_of."""
    found = record.__dict__.get("_ref_keys")
    if found is None:
        found = record.__dict__["_ref_keys"] = frozenset(f"{use.kind}:{use.target}" for use in refs_of(record))
    return found


@cache
def _ref_fields(cls: type) -> list[tuple[str, bool, Ref | None]]:
    """(field name, is a list, the Ref of the field or of its items) for each field of cls."""
    found = []
    for name, spec in fields(cls).items():
        shape = spec.shape.bare
        is_list = shape.kind == "list"
        found.append((name, is_list, (shape.inner.bare if is_list else shape).ref))
    return found


def _item_mark(record: Any, name: str, index: int) -> Mark:
    return record.marks.get(f"{name}[{index}]", record.mark_of(name))


@dataclass(frozen=True)
class Statement:
    """A cited statement and where it appears: the section of its record's page."""

    section: str
    text: str
    cite: tuple[Citation, ...]
    actors: tuple[str, ...]
    source: Any  # the Claim, Event or Affiliation it came from


def claim_statement(section: str, claim: Claim) -> Statement:
    return Statement(section, claim.text, tuple(claim.cite), tuple(claim.actors), claim)


def kept_statements(record: Any, make: Callable[[], list[Statement]], reads: tuple = ()) -> list[Statement]:
    """make(), kept on the record while `reads` (what it reads of other records) is the same:
    a record never changes once loaded, and the graph, the layout and the pages all ask for
    its statements, in each of the dev server's builds. Callers must not change the list."""
    memo = record.__dict__.get("_statements")
    if memo is None or memo[0] != reads:
        memo = record.__dict__["_statements"] = (reads, make())
    return memo[1]


def actor_statements(actor: Actor, names: dict[str, str]) -> list[Statement]:
    return kept_statements(actor, lambda: _actor_statements(actor, names),
                           tuple(names.get(tie.actor, tie.actor) for tie in actor.affiliations))


def _actor_statements(actor: Actor, names: dict[str, str]) -> list[Statement]:
    found = [claim_statement("Role", actor.role)]
    for tie in actor.affiliations:
        found.append(Statement("Ties", affiliation_text(actor.name, tie, names), tuple(tie.cite), (tie.actor,), tie))
    found += [claim_statement("What the sources say", c) for c in actor.claims]
    return found


RELATION_PHRASES = {
    "leads": "leads", "member-of": "is a member of", "part-of": "is part of", "serves": "serves",
    "commands": "commands", "oversees": "oversees", "negotiates-with": "negotiates with",
    "mediates": "mediates with", "supports": "supports", "opposes": "opposes", "allied-with": "is allied with",
    "led": "led", "was-member-of": "was a member of", "was-part-of": "was part of", "served": "served",
    "commanded": "commanded",
}


def affiliation_text(name: str, tie: Affiliation, names: dict[str, str]) -> str:
    return f"{name} {RELATION_PHRASES[tie.relation]} {names.get(tie.actor, tie.actor)}."


def center_statements(center: Center) -> list[Statement]:
    return kept_statements(center, lambda: _center_statements(center))


def _center_statements(center: Center) -> list[Statement]:
    found = [claim_statement("At a glance", c) for c in center.summary]
    for name, title in CENTER_SECTIONS.items():
        found += [claim_statement(title, c) for c in getattr(center, name)]
    return found


def question_statements(question: Question) -> list[Statement]:
    return kept_statements(question, lambda: _question_statements(question))


def _question_statements(question: Question) -> list[Statement]:
    found = []
    if question.answer is not None:
        found.append(claim_statement("Answer", question.answer))
    found += [claim_statement("Why it matters", c) for c in question.why]
    found += [claim_statement("What the sources say so far", c) for c in question.so_far]
    return found


def event_statement(event: Event) -> Statement:
    return event_statements(event)[0]


def event_statements(event: Event) -> list[Statement]:
    return kept_statements(event, lambda: [Statement("Timeline", event.text, tuple(event.cite),
                                                     tuple(event.actors), event)])


def disagreement_statements(disagreement: Disagreement) -> list[Statement]:
    return kept_statements(disagreement, lambda: [claim_statement(disagreement.title, side)
                                                  for side in disagreement.sides])
