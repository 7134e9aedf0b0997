"""Synthetic YAML records that cite synthetic articles: the real content's shape, at any scale.

For N articles: 5×N records, in the real content's mix of actors, questions, events and
disagreements, one center, and 20×N citations in all (center included), each article cited
exactly 20 times. Every quote is an exact passage that occurs once in its article, every
reference points at a record that exists, and every actor is named by another record, so
`explainer check --strict` passes.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from synthetic_articles import SourceArticle

from explainer.check.quotes import normalise, normalise_quote
from explainer.model.records import CENTER_SECTIONS, RELATIONS

RECORDS_PER_ARTICLE = 5
CITATIONS_PER_ARTICLE = 20
MIX = {"actor": 54, "question": 12, "event": 17, "disagreement": 5}  # record counts of the real content
# Citations each kind needs at the least, and its real average beyond that (real ones have more).
MINIMUM = {"actor": 2, "question": 2, "event": 1, "disagreement": 2}
EXTRA = {"actor": 4.15, "question": 4.83, "event": 0.53, "disagreement": 0.6}
CENTER_CITATIONS = 75  # the real center.yaml's; small corpora get fewer
CENTER_SHARE = 75 / 528  # the center's share of the real content's citations
STATUSES = ("open", "partly answered", "answered")
_WORD = re.compile(r"\S+")


@dataclass
class Records:
    """Record id -> the record as plain data, by folder; and the center."""

    folders: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    center: dict[str, Any] = field(default_factory=dict)


class Quoter:
    """Hands out citations: each article `CITATIONS_PER_ARTICLE` times, in a shuffled order."""

    def __init__(self, articles: list[SourceArticle], rng: random.Random) -> None:
        self.rng = rng
        self.deck = [a for a in articles for _ in range(CITATIONS_PER_ARTICLE)]
        rng.shuffle(self.deck)
        self.texts = {a.id: normalise("\n".join(a.lines)).text for a in articles}

    def cite(self) -> dict[str, str]:
        article = self.deck.pop()
        return {"article": article.id, "quote": self._quote(article)}

    def _quote(self, article: SourceArticle) -> str:
        """6-18 consecutive words of one paragraph that occur nowhere else in the article."""
        for attempt in range(100):
            words = list(_WORD.finditer(self.rng.choice(article.paragraphs)))
            size = min(len(words), self.rng.randint(6, 18) + attempt // 10)
            first = self.rng.randint(0, len(words) - size)
            quote = words[first].string[words[first].start():words[first + size - 1].end()]
            if self.texts[article.id].count(normalise_quote(quote)) == 1:
                return quote
        raise RuntimeError(f"no unique quote found in {article.id}")


def citation_budgets(articles: int) -> tuple[int, dict[str, list[int]]]:
    """Citations of the center, and of each record by kind, adding up to 20×N."""
    counts = _record_counts(articles * RECORDS_PER_ARTICLE)
    total = articles * CITATIONS_PER_ARTICLE
    center = max(1, min(CENTER_CITATIONS, round(total * CENTER_SHARE)))
    kinds = [kind for kind, count in counts.items() for _ in range(count)]
    extra = total - center - sum(MINIMUM[kind] for kind in kinds)
    weight = sum(EXTRA[kind] for kind in kinds)
    shares = [extra * EXTRA[kind] / weight for kind in kinds]
    budgets = [MINIMUM[kind] + int(share) for kind, share in zip(kinds, shares)]
    by_remainder = sorted(range(len(kinds)), key=lambda i: (-(shares[i] % 1), i))
    for index in by_remainder[:total - center - sum(budgets)]:
        budgets[index] += 1
    found: dict[str, list[int]] = {kind: [] for kind in counts}
    for kind, budget in zip(kinds, budgets):
        found[kind].append(budget)
    return center, found


def _record_counts(records: int) -> dict[str, int]:
    """The real mix scaled to `records`, rounded so that the counts add up."""
    counts = {kind: round(records * share / sum(MIX.values())) for kind, share in MIX.items()}
    counts["actor"] += records - sum(counts.values())
    return counts


def make_records(articles: list[SourceArticle], real_content: Path, rng: random.Random) -> Records:
    quoter = Quoter(articles, rng)
    center_budget, budgets = citation_budgets(len(articles))
    names = Names.read(real_content)
    ids = {"actor": [names.actor_id(i) for i in range(len(budgets["actor"]))],
           "question": [f"question-{i + 1:05d}" for i in range(len(budgets["question"]))],
           "disagreement": [f"disagreement-{i + 1:05d}" for i in range(len(budgets["disagreement"]))]}
    maker = RecordMaker(quoter, names, ids, {a.id: a for a in articles})
    records = Records(center=maker.center(center_budget))
    records.folders["actors"] = {ids["actor"][i]: maker.actor(i, n) for i, n in enumerate(budgets["actor"])}
    records.folders["questions"] = {ids["question"][i]: maker.question(i, n) for i, n in enumerate(budgets["question"])}
    events = [maker.event(i, n) for i, n in enumerate(budgets["event"])]
    records.folders["events"] = {f"{e['date']}-event-{i + 1:05d}": e for i, e in enumerate(events)}
    records.folders["disagreements"] = {ids["disagreement"][i]: maker.disagreement(i, n)
                                        for i, n in enumerate(budgets["disagreement"])}
    assert not quoter.deck, "every citation handed out"
    return records


@dataclass
class Names:
    """Real names and titles, numbered so that each is unique."""

    actors: list[tuple[str, str]]  # (name, kind)
    titles: dict[str, list[str]]  # folder -> real titles

    @classmethod
    def read(cls, content: Path) -> Names:
        def load(folder: str) -> list[dict[str, Any]]:
            return [yaml.safe_load(p.read_text("utf-8")) for p in sorted((content / folder).glob("*.yaml"))]
        actors = [(a["name"], a["kind"]) for a in load("actors")]
        return cls(actors, {f: [r["title"] for r in load(f)] for f in ("questions", "events", "disagreements")})

    def actor(self, index: int) -> tuple[str, str]:
        name, kind = self.actors[index % len(self.actors)]
        return f"{name} {index // len(self.actors) + 1}", kind

    def actor_id(self, index: int) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.actor(index)[0].lower()).strip("-")

    def title(self, folder: str, index: int) -> str:
        titles = self.titles[folder]
        return f"{titles[index % len(titles)]} ({index + 1})"


@dataclass
class RecordMaker:
    quoter: Quoter
    names: Names
    ids: dict[str, list[str]]
    articles: dict[str, SourceArticle]

    @property
    def rng(self) -> random.Random:
        return self.quoter.rng

    def claims(self, citations: int, with_actors: bool = True) -> list[dict[str, Any]]:
        """`citations` split into claims of one or two citations each."""
        found = []
        while citations > 0:
            size = min(citations, self.rng.choice((1, 1, 2)))
            found.append(self.claim(size, with_actors))
            citations -= size
        return found

    def claim(self, citations: int, with_actors: bool = True) -> dict[str, Any]:
        cite = [self.quoter.cite() for _ in range(citations)]
        label = self.articles[cite[0]["article"]].label
        claim: dict[str, Any] = {"text": f"According to {label}, {cite[0]['quote'].rstrip('.')}.", "cite": cite}
        if with_actors and self.rng.random() < 0.5:
            claim["actors"] = self.some_actors(1)
        return claim

    def some_actors(self, most: int) -> list[str]:
        return self.rng.sample(self.ids["actor"], self.rng.randint(1, most))

    def center(self, citations: int) -> dict[str, Any]:
        claims = self.claims(citations)
        center: dict[str, Any] = {"name": "Civil-Military Coordination Center", "summary": claims[:3]}
        for index, claim in enumerate(claims[3:]):
            center.setdefault(list(CENTER_SECTIONS)[index % len(CENTER_SECTIONS)], []).append(claim)
        return center

    def actor(self, index: int, citations: int) -> dict[str, Any]:
        name, kind = self.names.actor(index)
        actors = self.ids["actor"]
        role = self.claim(1, with_actors=False)
        role["text"] = f"{name} appears in the reports on the ceasefire."  # plain, for the rebuild benchmark's edit
        actor: dict[str, Any] = {"name": name, "kind": kind, "role": role}
        tie = {"actor": actors[(index + 1) % len(actors)], "relation": self.rng.choice(RELATIONS),
               "cite": [self.quoter.cite()]}  # a ring: every actor is named by the one before it
        actor["affiliations"] = [tie]
        actor["claims"] = self.claims(citations - 2)
        if self.rng.random() < 0.4:
            actor["aliases"] = [" ".join(role["cite"][0]["quote"].split()[:2])]
        return {key: value for key, value in actor.items() if value}

    def question(self, index: int, citations: int) -> dict[str, Any]:
        status = STATUSES[index % len(STATUSES)] if citations >= 3 else "open"
        question: dict[str, Any] = {"title": self.names.title("questions", index), "status": status}
        if status == "answered":
            question["answer"] = self.claim(1)
            citations -= 1
        question["why"] = [self.claim(1)]
        question["so_far"] = self.claims(citations - 1)
        question["actors"] = self.some_actors(3)
        return question

    def event(self, index: int, citations: int) -> dict[str, Any]:
        cite = [self.quoter.cite() for _ in range(citations)]
        event: dict[str, Any] = {"date": self.articles[cite[0]["article"]].date,
                                 "title": self.names.title("events", index),
                                 "text": f"The reports describe this: {cite[0]['quote']}.", "cite": cite,
                                 "actors": self.some_actors(2)}
        disagreements = self.ids["disagreement"]
        if disagreements and self.rng.random() < 0.12:
            event["disagreement"] = self.rng.choice(disagreements)
        return event

    def disagreement(self, index: int, citations: int) -> dict[str, Any]:
        disagreement: dict[str, Any] = {"title": self.names.title("disagreements", index),
                                        "about": ("date", "name", "number", "fact")[index % 4],
                                        "sides": self._sides(citations), "actors": self.some_actors(3)}
        if self.ids["question"] and self.rng.random() < 0.5:
            disagreement["questions"] = [self.rng.choice(self.ids["question"])]
        disagreement["center"] = index < 3  # the center page shows a few, as in the real content
        return disagreement

    def _sides(self, citations: int) -> list[dict[str, Any]]:
        sides = [self.claim(1), self.claim(1)]
        for _ in range(citations - 2):
            sides[self.rng.randint(0, 1)]["cite"].append(self.quoter.cite())
        return sides


def iter_citations(value: Any) -> Iterator[dict[str, str]]:
    """Every {article, quote} mapping in a record read from YAML."""
    if isinstance(value, dict):
        if "article" in value and "quote" in value:
            yield value
        for item in value.values():
            yield from iter_citations(item)
    elif isinstance(value, list):
        for item in value:
            yield from iter_citations(item)
