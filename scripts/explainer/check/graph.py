"""Who cites what: statements per page, back-links, quote anchors and page dependencies.

Built once per build from the verified corpus. Every page declares the records it reads
(`Page.deps`), which is what an incremental rebuild needs to know.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from ..model.records import Corpus
from .quotes import QUOTE_ANCHOR_PREFIX, normalise_quote
from .verify import Anchors
from .walk import (
    Statement,
    actor_statements,
    center_statements,
    disagreement_statements,
    event_statements,
    question_statements,
)


@lru_cache(maxsize=1 << 20)  # asked for every citation by the graph, every page and the export (200,000 at N=10,000)
def anchor_id(article_id: str, quote: str) -> str:
    """A stable id for a quoted passage: it survives edits elsewhere in the article."""
    digest = hashlib.sha1(f"{article_id}\n{normalise_quote(quote)}".encode()).hexdigest()
    return QUOTE_ANCHOR_PREFIX + digest[:10]


@dataclass(frozen=True)
class Placed:
    """A statement, the page (site-relative URL) that shows it, and the record it is from."""

    statement: Statement
    url: str
    page_title: str
    record: str  # its key, e.g. "event:2025-10-08-deal-announced": what a page citing it reads


@dataclass
class Graph:
    corpus: Corpus
    anchors: Anchors
    names: dict[str, str]
    cited_by: dict[tuple[str, str], list[Placed]] = field(default_factory=lambda: defaultdict(list))
    mentions: dict[str, list[Placed]] = field(default_factory=lambda: defaultdict(list))  # actor -> statements elsewhere
    questions_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    events_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    disagreements_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    disagreements_of_question: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    spans: dict[str, dict[str, tuple[int, int]]] = field(default_factory=lambda: defaultdict(dict))  # article -> anchor -> span


def build_graph(corpus: Corpus, anchors: Anchors, remember: bool = False) -> Graph:
    """`remember`: the records outlive this build (the dev server's), and may keep their edges."""
    names = {actor_id: actor.name for actor_id, actor in corpus.actors.items()}
    graph = Graph(corpus, anchors, names)
    for url, title, key, record, statements in _records_with_statements(corpus, names):
        cited, mentioned = _edges(url, title, key, record, statements, remember)
        for passage, placed in cited:
            graph.cited_by[passage].append(placed)
        for actor_id, placed in mentioned:
            graph.mentions[actor_id].append(placed)
    _link_actors(corpus, graph)
    for (article_id, quote), match in anchors.matches.items():
        graph.spans[article_id][anchor_id(article_id, quote)] = (match.start, match.end)
    return graph


def actor_url(actor_id: str) -> str:
    return f"actors/{actor_id}/"


Edges = tuple[list[tuple[tuple[str, str], Placed]], list[tuple[str, Placed]]]


def _edges(url: str, title: str, key: str, record: object, statements: list[Statement],
           remember: bool) -> Edges:
    """The passages the record's statements cite and the actors they mention elsewhere, each
    with its Placed statement; kept on the record while its statements are the same list (the
    record's own, walk.kept_statements), so that the dev server's builds place only new ones."""
    memo = record.__dict__.get("_edges")
    if memo is not None and memo[0] is statements and memo[1] == (url, title, key):
        return memo[2]
    cited: list[tuple[tuple[str, str], Placed]] = []
    mentioned: list[tuple[str, Placed]] = []
    for statement in statements:
        placed = Placed(statement, url, title, key)
        for citation in statement.cite:
            cited.append(((citation.article, anchor_id(citation.article, citation.quote)), placed))
        for actor_id in statement.actors:
            if url != actor_url(actor_id):
                mentioned.append((actor_id, placed))
    if remember:
        record.__dict__["_edges"] = (statements, (url, title, key), (cited, mentioned))
    return cited, mentioned


def _records_with_statements(corpus: Corpus, names: dict[str, str]):
    """(page URL, page title, record key, record, statements) for every record, in page order."""
    for actor_id, actor in sorted(corpus.actors.items()):
        yield actor_url(actor_id), actor.name, f"actor:{actor_id}", actor, actor_statements(actor, names)
    if corpus.center is not None:
        yield "center/", corpus.center.name, "center:center", corpus.center, center_statements(corpus.center)
    for question_id, question in sorted(corpus.questions.items()):
        yield (f"questions/{question_id}/", question.title, f"question:{question_id}", question,
               question_statements(question))
    for event_id, event in sorted(corpus.events.items(), key=lambda item: (item[1].date, item[0])):
        yield "timeline/", "Timeline", f"event:{event_id}", event, event_statements(event)
    for disagreement_id, disagreement in sorted(corpus.disagreements.items()):
        yield (f"disagreements/#{disagreement_id}", disagreement.title, f"disagreement:{disagreement_id}",
               disagreement, disagreement_statements(disagreement))


def _link_actors(corpus: Corpus, graph: Graph) -> None:
    for question_id, question in sorted(corpus.questions.items()):
        for actor_id in question.actors:
            graph.questions_of[actor_id].append(question_id)
    for event_id, event in sorted(corpus.events.items(), key=lambda item: (item[1].date, item[0])):
        for actor_id in event.actors:
            graph.events_of[actor_id].append(event_id)
    for disagreement_id, disagreement in sorted(corpus.disagreements.items()):
        for actor_id in disagreement.actors:
            graph.disagreements_of[actor_id].append(disagreement_id)
        for question_id in disagreement.questions:
            graph.disagreements_of_question[question_id].append(disagreement_id)
