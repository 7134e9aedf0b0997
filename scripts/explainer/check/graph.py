"""Who cites what: statements per page, back-links, quote anchors and page dependencies.

Built once per build from the verified corpus. Every page declares the records it reads
(`Page.deps`), which is what an incremental rebuild needs to know.
"""

from __future__ import annotations

import hashlib
import weakref
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, partial
from typing import NamedTuple

from ..model.records import Corpus
from .quotes import QUOTE_ANCHOR_PREFIX, normalise_quote
from .verify import Anchors, replaced
from .walk import (
    Statement,
    actor_statements,
    center_statements,
    disagreement_statements,
    event_statements,
    question_statements,
)


@cache  # asked for every citation by the graph, every page and the export (200,000 at N=10,000)
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


class Entry(NamedTuple):
    """A record as the graph places it: the page that shows it, its title, its key, the record
    and its statements."""

    url: str
    title: str
    key: str
    record: object
    statements: list[Statement]


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
    # Kept only by a long-lived build (the dev server's), for its next graph to be patched from this one:
    records: list[Entry] = field(default_factory=list)  # _records_with_statements, in page order
    edges: list[Edges] = field(default_factory=list)  # each record's, in the same order
    patched: Patched | None = None  # what differs from the graph this one was patched from


@dataclass(frozen=True)
class Patched:
    """What a patched graph changed of the graph it was made from (`base`, weakly: a chain of
    graphs would keep every build alive); everything else in it is the very same objects: the
    lists of who cites a passage not in `passages`, the spans of an article not in `articles`."""

    base: weakref.ref
    records: frozenset[str]  # the keys of the records whose statements are new
    passages: frozenset[tuple[str, str]]  # (article, anchor) cited by them, before or now
    actors: frozenset[str]  # the actors they mention, before or now
    articles: frozenset[str]  # whose spans may have changed: cited by them, or new objects


def build_graph(corpus: Corpus, anchors: Anchors, remember: bool = False, last: Graph | None = None) -> Graph:
    """`remember`: the records outlive this build (the dev server's), and may keep their edges;
    `last`: that build's last graph, which this one is patched from when the records are the same
    in the same order but for the ones edited."""
    names = {actor_id: actor.name for actor_id, actor in corpus.actors.items()}
    # The last graph's entries of the records it had, the very same objects: their statements
    # are the same too while no actor's name changed (walk.kept_statements).
    patching = remember and last is not None
    same = {entry.key: entry for entry in last.records} if patching and last.names == names else {}
    records = list(_records_with_statements(corpus, names, same))
    if patching and last.records and [e.key for e in records] == [e.key for e in last.records]:
        return _patch(last, corpus, anchors, names, records)
    graph = Graph(corpus, anchors, names)
    for url, title, key, record, statements in records:
        cited, mentioned = _edges(url, title, key, record, statements, remember)
        for passage, placed in cited:
            graph.cited_by[passage].append(placed)
        for actor_id, placed in mentioned:
            graph.mentions[actor_id].append(placed)
        if remember:
            graph.edges.append((cited, mentioned))
    if remember:
        graph.records = records
    _link_actors(corpus, graph)
    for (article_id, quote), match in anchors.matches.items():
        graph.spans[article_id][anchor_id(article_id, quote)] = (match.start, match.end)
    return graph


def _patch(last: Graph, corpus: Corpus, anchors: Anchors, names: dict[str, str], records: list[Entry]) -> Graph:
    """The graph of `records`, made from `last` by taking out the edges of the records whose
    statements are new and putting in their new ones: a save costs what it changed, not a walk
    of every citation. The lists it changes are new lists, kept in page order."""
    changed = [i for i, (now, before) in enumerate(zip(records, last.records))
               if now.statements is not before.statements or now.record is not before.record]
    edges = list(last.edges)
    for i in changed:
        edges[i] = _edges(*records[i], remember=True)
    keys = frozenset(records[i].key for i in changed)
    order = {entry.key: i for i, entry in enumerate(records)} if changed else {}
    cited_by = _patched_lists(last.cited_by, [edges[i][0] for i in changed], [last.edges[i][0] for i in changed],
                              keys, order)
    mentions = _patched_lists(last.mentions, [edges[i][1] for i in changed], [last.edges[i][1] for i in changed],
                              keys, order)
    articles = {article_id for article_id, _ in cited_by.changed}
    articles |= replaced(last.corpus.articles, corpus.articles)
    graph = Graph(corpus, anchors, names, cited_by.lists, mentions.lists, records=records, edges=edges,
                  patched=Patched(weakref.ref(last), keys, frozenset(cited_by.changed), frozenset(mentions.changed),
                                  frozenset(articles)))
    if all(_same_links(last.records[i].record, records[i].record) for i in changed):  # the very same lists
        graph.questions_of, graph.events_of = last.questions_of, last.events_of
        graph.disagreements_of, graph.disagreements_of_question = last.disagreements_of, last.disagreements_of_question
    else:
        _link_actors(corpus, graph)
    graph.spans.update((a, spans) for a, spans in last.spans.items() if a not in articles)
    for (article_id, quote), match in anchors.matches.items() if articles else ():
        if article_id in articles:
            graph.spans[article_id][anchor_id(article_id, quote)] = (match.start, match.end)
    return graph


def _same_links(before: object, now: object) -> bool:
    """Whether an edited record links the same actors and questions (_link_actors); its place in
    page order, where the events' lists keep them, is the same when the patch is made."""
    return (getattr(before, "actors", None) == getattr(now, "actors", None)
            and getattr(before, "questions", None) == getattr(now, "questions", None))


@dataclass
class _Lists:
    lists: defaultdict
    changed: set


def _patched_lists(before: dict, added: list[list], removed: list[list], keys: frozenset[str],
                   order: dict[str, int]) -> _Lists:
    """`before`'s lists of Placed with the `removed` edges' keys taken out and the `added` ones
    put in; only those keys get new lists (what a fresh build would make: page order, and no
    key without a statement)."""
    changed = {key for found in (*added, *removed) for key, _ in found}
    lists = defaultdict(list, before)
    for key in changed:
        fresh = [placed for placed in before.get(key, ()) if placed.record not in keys]
        fresh += [placed for found in added for at, placed in found if at == key]
        fresh.sort(key=lambda placed: order[placed.record])  # stable: a record's statements stay in order
        if fresh:
            lists[key] = fresh
        else:
            lists.pop(key, None)
    return _Lists(lists, changed)


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


def _records_with_statements(corpus: Corpus, names: dict[str, str], same: dict[str, Entry] | None = None):
    """(page URL, page title, record key, record, statements) for every record, in page order;
    `same`'s entry for a record that is the very same object."""
    same = same or {}
    for key, record, entry in _records_in_page_order(corpus):
        kept = same.get(key)
        if kept is not None and kept.record is record:
            yield kept
        else:
            yield entry(names)


def _records_in_page_order(corpus: Corpus):
    """(record key, record, its entry made from the actors' names) for every record, in page order."""
    for actor_id, actor in sorted(corpus.actors.items()):
        yield f"actor:{actor_id}", actor, partial(_actor_entry, actor_id, actor)
    if corpus.center is not None:
        center = corpus.center
        yield "center:center", center, partial(_entry, "center/", center.name, "center:center", center,
                                               center_statements)
    for question_id, question in sorted(corpus.questions.items()):
        yield f"question:{question_id}", question, partial(_entry, f"questions/{question_id}/", question.title,
                                                           f"question:{question_id}", question, question_statements)
    for event_id, event in sorted(corpus.events.items(), key=lambda item: (item[1].date, item[0])):
        yield f"event:{event_id}", event, partial(_entry, "timeline/", "Timeline", f"event:{event_id}", event,
                                                  event_statements)
    for disagreement_id, disagreement in sorted(corpus.disagreements.items()):
        key = f"disagreement:{disagreement_id}"
        yield key, disagreement, partial(_entry, f"disagreements/#{disagreement_id}", disagreement.title, key,
                                         disagreement, disagreement_statements)


def _actor_entry(actor_id: str, actor, names: dict[str, str]) -> Entry:
    return Entry(actor_url(actor_id), actor.name, f"actor:{actor_id}", actor, actor_statements(actor, names))


def _entry(url: str, title: str, key: str, record, statements, names: dict[str, str]) -> Entry:
    return Entry(url, title, key, record, statements(record))


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
