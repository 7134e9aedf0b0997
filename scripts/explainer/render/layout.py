"""Which page shows what. A page that would grow past its budget is split, by size, not by
today's counts: the timeline by month and then into pages, the center into a page per
section, a source article into parts of its text and pages of who cites it, long lists
into numbered pages. Every citation link then points at the page that holds its passage.

The layout reads only the records' text (sizes.py estimates), so `check` can plan it
without rendering; `digests()` lets an incremental build rebuild the pages that link into
a collection when its split moves.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable, Sequence, TypeVar

from ..check.graph import Entry, Graph, Patched
from ..check.verify import replaced
from ..check.walk import actor_statements, center_statements
from ..model.records import CENTER_SECTIONS, STATUS_ORDER
from . import sizes

T = TypeVar("T")


def split_by_size(items: Sequence[T], size: Callable[[T], int], limit: int = sizes.CONTENT_BYTES,
                  last_pair: int = sizes.ONE_PAGE_BYTES) -> list[list[T]]:
    """Consecutive runs of `items`, each as long as fits in `limit` (at least one item); the last
    run joins the one before when the two fit in `last_pair`."""
    pages: list[list[T]] = [[]]
    used = [0]
    for item in items:
        cost = size(item)
        if pages[-1] and used[-1] + cost > limit:
            pages.append([])
            used.append(0)
        pages[-1].append(item)
        used[-1] += cost
    if len(pages) > 1 and used[-2] + used[-1] <= last_pair:
        pages[-2:] = [pages[-2] + pages[-1]]
    return pages


def numbered(base: str, number: int) -> str:
    return base if number == 1 else f"{base}{number}/"


def shown_at(layout: "Layout", placed) -> tuple[str, str]:
    """Where a list of statements elsewhere ("cited by", an actor's mentions) links a statement,
    and the name of the page it shows: an event's place on the timeline and its title, a
    topic's page of the center and the topic."""
    url = layout.statement_pages.get(id(placed.statement.source), placed.url)
    if placed.record.startswith("event:"):
        return url, f"Timeline: {placed.statement.source.title}"
    if (topic := layout.center_topics.get(url)) is not None:  # the center, split: say which page
        return url, f"{placed.page_title}: {topic}"
    return url, placed.page_title


SPLIT_BY = {"event": "layout:timeline", "disagreement": "layout:disagreements", "center": "layout:center"}


def split_key(record: str) -> str | None:
    """The digest (Layout.digests) of the split that decides on which page the record's
    statements are: a page linking to them reads it."""
    kind = record.partition(":")[0]
    return f"layout:{record}" if kind == "actor" else SPLIT_BY.get(kind)


@dataclass
class Part:
    """One page of a split collection."""

    url: str
    number: int
    count: int  # pages in its collection
    items: list
    estimate: int  # bytes, from sizes.py
    key: str = ""  # the month, the section, ...
    label: str = ""


def parts(base: str, items: Sequence[T], size: Callable[[T], int], key: str = "", label: str = "") -> list[Part]:
    runs = split_by_size(items, size)
    return [Part(numbered(base, n), n, len(runs), run, sum(size(i) for i in run), key, label)
            for n, run in enumerate(runs, start=1)]


@dataclass
class Layout:
    graph: Graph
    timeline: list[Part] = field(default_factory=list)  # one part "timeline/", or the month pages
    disagreements: list[Part] = field(default_factory=list)
    center: list[Part] = field(default_factory=list)  # the section pages; empty: all on center/
    actors_index: list[Part] = field(default_factory=list)
    questions_index: list[Part] = field(default_factory=list)  # items: question ids, open ones first
    sources_index: list[Part] = field(default_factory=list)  # items: article ids, oldest first
    actor_pages: dict[str, list[Part]] = field(default_factory=dict)  # items: the claims' indexes
    source_text: dict[str, list[Part]] = field(default_factory=dict)  # items: paragraph lines
    source_cited: dict[str, list[Part]] = field(default_factory=dict)  # items: anchors; empty: inline
    urls: dict[str, str] = field(default_factory=dict)  # "event:ID", anchor id -> the page (#anchor) that shows it
    statement_pages: dict[int, str] = field(default_factory=dict)  # id(a statement's source) -> its page
    center_topics: dict[str, str] = field(default_factory=dict)  # a center page's url -> "What it monitors, page 2"
    anchor_lines: dict[str, int] = field(default_factory=dict)  # a passage's anchor -> its paragraph's line
    blocks: dict[str, list] = field(default_factory=dict)  # actor -> actor_blocks(), made once
    collisions: list[tuple[str, str]] = field(default_factory=list)  # (kind, id): a record whose page is an index's
    map_plan: object = None  # the map's pages, made once by map_pages.map_plan
    event_sizes: dict[str, int] = field(default_factory=dict)  # sizes.event_bytes, made once per event
    box_sizes: dict[str, int] = field(default_factory=dict)  # sizes.disagreement_bytes, likewise
    remember: bool = False  # keep each article's plan on it for the next build (the dev server's)
    updates: list | None = None  # index_pages.layout_updates: the feed's and the changes page's, made once
    kept_sources: set[str] = field(default_factory=set)  # articles cited as in the last build: their plans kept
    latest_events: list[str] = field(default_factory=list)  # the newest first: the home page's LATEST_EVENTS
    home_questions: list[str] = field(default_factory=list)  # the questions index's first HOME_QUESTIONS
    source_plans: dict[str, tuple] = field(default_factory=dict)  # article -> _source_parts(), for the next build
    # name -> (what was hashed, its digest): this layout's, and the last layout's (the dev server's),
    # whose digest of an equal value is this one's
    made_digests: dict[str, tuple[object, str]] = field(default_factory=dict)
    last_digests: dict[str, tuple[object, str]] = field(default_factory=dict)

    def event_size(self, event_id: str) -> int:
        if event_id not in self.event_sizes:
            self.event_sizes[event_id] = sizes.event_bytes(self.corpus, event_id)
        return self.event_sizes[event_id]

    def box_size(self, disagreement_id: str) -> int:
        if disagreement_id not in self.box_sizes:
            self.box_sizes[disagreement_id] = sizes.disagreement_bytes(self.corpus, disagreement_id)
        return self.box_sizes[disagreement_id]

    @property
    def corpus(self):
        return self.graph.corpus

    @property
    def timeline_split(self) -> bool:
        return self.timeline[0].url != "timeline/"

    def url_of(self, key: str, default: str) -> str:
        return self.urls.get(key, default)

    def digests(self) -> dict[str, str]:
        """A hash of each collection's split: a page linking into one depends on it. An actor's
        split moves with the records naming it too (an event added to its list), and the
        center's with the disagreements shown on it, not only with their own records."""
        found = {"layout:timeline": self.digest("layout:timeline", [(p.url, p.items) for p in self.timeline]),
                 "layout:disagreements": self.digest("layout:disagreements",
                                                     [(p.url, p.items) for p in self.disagreements]),
                 "layout:actors": self.digest("layout:actors", [(p.url, p.items) for p in self.actors_index]),
                 "layout:questions": self.digest("layout:questions", [(p.url, p.items) for p in self.questions_index]),
                 "layout:sources": self.digest("layout:sources", [(p.url, p.items) for p in self.sources_index]),
                 "layout:center": self.digest("layout:center",
                                              [(p.url, [s.text for s in p.items]) for p in self.center]),
                 "layout:latest-events": self.digest("layout:latest-events", self.latest_events),
                 "layout:home-questions": self.digest("layout:home-questions", self.home_questions)}
        found.update((key, self.digest(key, [(p.url, p.items) for p in pages]))
                     for key, pages in ((f"layout:actor:{a}", pages) for a, pages in self.actor_pages.items()))
        for article_id, article in self.corpus.articles.items():  # what a citation of it shows (views.Citer)
            found[f"cite:article:{article_id}"] = _remembered(article, "_cite_digest", lambda a: digest_of(
                [a.meta.title, a.meta.label, a.meta.url]))
        found.update(self._all_source_digests())
        return found

    def digest(self, name: str, value) -> str:
        """digest_of(value), or the last layout's digest of `name` if it hashed an equal value."""
        kept = self.last_digests.get(name)
        made = kept if kept is not None and kept[0] == value else (value, digest_of(value))
        self.made_digests[name] = made
        return made[1]

    def _all_source_digests(self) -> dict[str, str]:
        """Each article's digests of its split and of who cites it: those of the last build
        where its plan was kept whole, else made from who cites each passage."""
        kept = {a: memo for a in self.kept_sources if (memo := self._kept_digests(a)) is not None}
        citing: dict[str, list] = defaultdict(list)  # who cites each passage: what the article's pages list
        cited_by = self.graph.cited_by
        for article_id in self.source_text.keys() - kept.keys():  # each cited passage has its span
            for anchor in self.graph.spans.get(article_id, ()):
                if (placed := cited_by.get((article_id, anchor))) is not None:
                    citing[article_id].append((anchor, sorted({p.record for p in placed})))
        found = {}
        for article_id in self.source_text:
            split, cited = (kept[article_id][3:] if article_id in kept
                            else self._source_digests(article_id, sorted(citing[article_id])))
            found[f"layout:article:{article_id}"], found[f"cited:article:{article_id}"] = split, cited
        return found

    def _kept_digests(self, article_id: str) -> tuple | None:
        """The digests of the last build, when the article's plan was kept whole: its parts the
        same objects and cited by the very same statements."""
        memo = self.corpus.articles[article_id].__dict__.get("_digests")
        if memo is None or memo[0] is not self.source_text[article_id] or memo[1] is not self.source_cited[article_id]:
            return None
        return memo

    def _source_digests(self, article_id: str, citing: list) -> tuple[str, str]:
        """The digests of an article's split and of who cites it; made again only when its plan
        (_plan_source, which keeps an unchanged plan's parts) or who cites it changed."""
        article = self.corpus.articles[article_id]
        text, cited = self.source_text[article_id], self.source_cited[article_id]
        memo = article.__dict__.get("_digests")
        if memo is None or memo[0] is not text or memo[1] is not cited or memo[2] != citing:
            memo = (text, cited, citing, digest_of([(p.url, p.items) for p in text]),
                    digest_of([[(p.url, p.items) for p in cited], citing]))
            if self.remember:
                article.__dict__["_digests"] = memo
        return memo[3], memo[4]


def _remembered(article, name: str, make: Callable):
    """make(article), kept on the article: an article never changes once loaded."""
    if name not in article.__dict__:
        article.__dict__[name] = make(article)
    return article.__dict__[name]


def digest_of(value) -> str:
    return hashlib.blake2b(json.dumps(value, default=str).encode(), digest_size=12).hexdigest()


def plan_layout(graph: Graph, remember: bool = False, last: Layout | None = None) -> Layout:
    """`remember`: the articles outlive this build (the dev server's), and so may keep their plans;
    `last`: that build's last layout. When the graph was patched from its graph, the actors and
    articles the edit did not reach keep their plans from it, as long as no statement but the
    edited records' own moved to another page (else everything is planned again)."""
    digests = last.made_digests if last is not None else {}
    patched = graph.patched if last is not None else None
    if patched is None or patched.base() is not last.graph:
        return _plan(Layout(graph, remember=remember, last_digests=digests), None, None)
    layout = _plan(Layout(graph, remember=remember, last_digests=digests), patched, last)
    if _moved_only_edited(layout, last, patched):
        return layout
    return _plan(Layout(graph, remember=remember, last_digests=digests), None, None)


def _plan(layout: Layout, patched: Patched | None, last: Layout | None) -> Layout:
    reach = _reach(layout, patched, last) if patched is not None else None
    if reach is not None:  # the sizes of the records the edit did not reach
        layout.event_sizes.update((e, size) for e, size in last.event_sizes.items()
                                  if f"event:{e}" not in reach.records)
        layout.box_sizes.update((d, size) for d, size in last.box_sizes.items()
                                if f"disagreement:{d}" not in reach.records)
    _plan_timeline(layout)
    _plan_disagreements(layout)
    _plan_center(layout)
    _plan_actors(layout, reach, last)
    _plan_questions_index(layout, last)
    _plan_sources_index(layout, last)
    _plan_sources(layout, patched, last)
    return layout


@dataclass(frozen=True)
class Reach:
    """The records an edit reached (graph.Patched's) and the actors whose pages read them."""

    records: frozenset[str]
    actors: frozenset[str]


def _reach(layout: Layout, patched: Patched, last: Layout) -> Reach | None:
    """What the edit reached; None when that is every actor: a name changed (every statement
    naming that actor shows it) or an article did (every citation of it shows its label)."""
    graph, before = layout.graph, last.graph
    if graph.names != before.names or replaced(before.corpus.articles, graph.corpus.articles):
        return None
    actors = set(patched.actors)  # their mentions changed
    for entry in _edited(layout, last, patched):  # as it was, and as it is
        kind, _, record_id = entry.key.partition(":")
        # an actor's own page; a question's, an event's or a box's actors
        actors.update([record_id] if kind == "actor" else getattr(entry.record, "actors", ()))
    return Reach(patched.records, frozenset(actors))


def _edited(layout: Layout, last: Layout, patched: Patched) -> list[Entry]:
    """The edited records (graph.records' entries), as the last layout had them and as they are now."""
    return [entry for entry in (*last.graph.records, *layout.graph.records) if entry.key in patched.records]


def _moved_only_edited(layout: Layout, last: Layout, patched: Patched) -> bool:
    """Whether every statement shown on another page than in `last` is one of the edited records':
    then what the kept plans read of where statements are is what they read then."""
    moved = layout.statement_pages.items() ^ last.statement_pages.items()
    if not moved:
        return True
    edited = _edited(layout, last, patched)
    own = {id(entry.record) for entry in edited} | {id(s.source) for entry in edited for s in entry.statements}
    return all(source in own for source, _ in moved)


def _plan_timeline(layout: Layout) -> None:
    corpus = layout.corpus
    events = [e for e, _ in sorted(corpus.events.items(), key=lambda item: (item[1].date, item[0]))]
    layout.latest_events = sorted(events, key=lambda e: (latest_day(corpus.events[e].date), e), reverse=True)[:LATEST_EVENTS]
    size = layout.event_size
    if sum(map(size, events)) <= sizes.ONE_PAGE_BYTES:
        layout.timeline = parts("timeline/", events, size)
    else:
        months: dict[str, list[str]] = defaultdict(list)
        for event_id in events:
            months[month_key(corpus.events[event_id].date)].append(event_id)
        layout.timeline = [part for key, ids in months.items() for part in parts(f"timeline/{key}/", ids, size, key)]
    for part in layout.timeline:
        for event_id in part.items:
            layout.urls[f"event:{event_id}"] = f"{part.url}#{event_id}"
            layout.statement_pages[id(corpus.events[event_id])] = f"{part.url}#{event_id}"


LATEST_EVENTS = 5  # on the home page
HOME_QUESTIONS = 12  # the first questions of the questions index, on the home page


def latest_day(date: str) -> str:
    """The end of the date's range, for ordering by what may have happened last: an event known
    only to be in October may be later than one on 8 October ('2025-10' -> '2025-10-99')."""
    return date + "-99" * (2 - date.count("-"))


def month_key(date: str) -> str:
    return date[:7] if len(date) >= 7 else date


def _plan_disagreements(layout: Layout) -> None:
    corpus = layout.corpus
    layout.disagreements = parts("disagreements/", sorted(corpus.disagreements),
                                 layout.box_size)
    for part in layout.disagreements:
        for disagreement_id in part.items:
            url = f"{part.url}#{disagreement_id}"
            layout.urls[f"disagreement:{disagreement_id}"] = url
            for side in corpus.disagreements[disagreement_id].sides:
                layout.statement_pages[id(side)] = url


def _plan_center(layout: Layout) -> None:
    corpus = layout.corpus
    if corpus.center is None:
        return
    statements = center_statements(corpus.center)
    size = lambda s: sizes.statement_bytes(corpus, s)  # noqa: E731
    boxes = sum(layout.box_size(d) for d, v in corpus.disagreements.items() if v.center)
    if sum(map(size, statements)) + boxes <= sizes.ONE_PAGE_BYTES:
        return
    for name, title in CENTER_SECTIONS.items():
        section = [s for s in statements if s.section == title]
        for part in parts(f"center/{name.replace('_', '-')}/", section, size, name, title):
            layout.center.append(part)
            layout.statement_pages.update((id(s.source), part.url) for s in part.items)
            layout.center_topics[part.url] = title + (f", page {part.number}" if part.number > 1 else "")


def _plan_actors(layout: Layout, reach: Reach | None = None, last: Layout | None = None) -> None:
    """The actors index and each actor's pages; those of `last` for what the edit did not `reach`."""
    corpus = layout.corpus
    if reach is not None and not any(key.startswith("actor:") for key in reach.records):
        layout.actors_index = last.actors_index
        layout.collisions += [(kind, record_id) for kind, record_id in last.collisions if kind == "actor"]
    else:
        _plan_actors_index(layout)
    for actor_id, actor in corpus.actors.items():
        if reach is not None and actor_id not in reach.actors and actor_id in last.blocks:
            layout.blocks[actor_id] = last.blocks[actor_id]
            pages = last.actor_pages.get(actor_id)
        else:
            blocks = dict(actor_blocks(layout, actor_id))
            if sum(blocks.values()) <= sizes.ONE_PAGE_BYTES:
                continue
            pages = parts(f"actors/{actor_id}/", list(blocks), blocks.__getitem__)
        if pages is None:
            continue
        layout.actor_pages[actor_id] = pages
        statements = actor_statements(actor, layout.graph.names)
        for part in pages:
            layout.statement_pages.update((id(statements[i].source), part.url)
                                          for kind, i in part.items if kind == "claim")


def _plan_actors_index(layout: Layout) -> None:
    corpus = layout.corpus
    by_kind = sorted(corpus.actors, key=lambda a: (corpus.actors[a].kind, corpus.actors[a].name.casefold()))
    entry = {a: sizes.link_bytes(a, corpus.actors[a].name, corpus.actors[a].role.text) for a in by_kind}
    layout.actors_index = parts("actors/", by_kind, entry.__getitem__)
    _collide(layout, "actor", layout.actors_index, corpus.actors)


def _plan_questions_index(layout: Layout, last: Layout | None = None) -> None:
    """The questions index, and the home page's first questions; those of `last` while every
    question is the very same object (the dev server's: none was edited)."""
    questions = layout.corpus.questions
    if last is not None and not replaced(last.corpus.questions, questions):
        layout.questions_index, layout.home_questions = last.questions_index, last.home_questions
    else:
        ordered = sorted(questions, key=lambda q: (STATUS_ORDER[questions[q].status], q))
        entry = {q: sizes.question_entry_bytes(q, questions[q]) for q in ordered}
        layout.questions_index = parts("questions/", ordered, entry.__getitem__)
        layout.home_questions = ordered[:HOME_QUESTIONS]
    _collide(layout, "question", layout.questions_index, questions)


def _plan_sources_index(layout: Layout, last: Layout | None = None) -> None:
    """The sources index; that of `last` while every article is the very same object."""
    articles = layout.corpus.articles
    if last is not None and not replaced(last.corpus.articles, articles):
        layout.sources_index = last.sources_index
    else:
        ordered = sorted(articles, key=lambda a: (articles[a].meta.date == "unknown", articles[a].meta.date, a))
        entry = {a: sizes.source_entry_bytes(articles[a]) for a in ordered}
        layout.sources_index = parts("sources/", ordered, entry.__getitem__)
    _collide(layout, "article", layout.sources_index, articles)


def _collide(layout: Layout, kind: str, index: list[Part], records: dict) -> None:
    """The records whose own page is at the address of a later page of `index`
    (actors/2/: the index's second page, or actor "2"'s)."""
    layout.collisions += [(kind, part.url.split("/")[1]) for part in index[1:] if part.url.split("/")[1] in records]


def actor_blocks(layout: Layout, actor_id: str) -> list[tuple[tuple[str, object], int]]:
    """What an actor's page shows, in order, with sizes: ("head", None) (its role, ties,
    questions and mentions: the first page's), then each claim, event and disagreement."""
    if actor_id in layout.blocks:
        return layout.blocks[actor_id]
    graph = layout.graph
    actor = graph.corpus.actors[actor_id]
    statements = actor_statements(actor, graph.names)
    questions = graph.questions_of.get(actor_id, [])
    mentions = [(*shown_at(layout, p), p.statement.section) for p in graph.mentions.get(actor_id, [])]
    events = [(e, layout.event_size(e)) for e in graph.events_of.get(actor_id, [])]
    boxes = [(d, layout.box_size(d)) for d in graph.disagreements_of.get(actor_id, [])]
    layout.blocks[actor_id] = _kept_blocks(layout, actor, statements, (questions, mentions, events, boxes))
    return layout.blocks[actor_id]


def _kept_blocks(layout: Layout, actor, statements: list, others: tuple) -> list:
    """The actor's blocks, kept on it while its statements are the same list and what the sizes read
    besides them is the same: the names and articles they show, the titles of its questions,
    where its mentions link and their titles, and its events' and disagreements' sizes (the dev server's)."""
    corpus = layout.corpus
    memo = actor.__dict__.get("_blocks")
    if memo is None or memo[0] is not statements:
        named = [a for s in statements for a in s.actors]
        cited = [c.article for s in statements for c in s.cite]
    else:
        named, cited = memo[1], memo[2]
    reads = (list(map(layout.graph.names.get, named)), list(map(corpus.articles.get, cited)),
             [corpus.questions[q].title for q in others[0]], *others[1:])
    if memo is not None and memo[0] is statements and _same_reads(memo[3], reads):
        return memo[4]
    blocks = _actor_blocks(corpus, actor, statements, *others)
    if layout.remember:
        actor.__dict__["_blocks"] = (statements, named, cited, reads, blocks)
    return blocks


def _same_reads(kept: tuple, now: tuple) -> bool:
    """The names and the other records' sizes equal, the articles the very same objects."""
    names, articles, *rest = now
    return (kept[0] == names and len(kept[1]) == len(articles) and all(a is b for a, b in zip(kept[1], articles))
            and list(kept[2:]) == rest)


def _actor_blocks(corpus, actor, statements, questions, mentions, events,
                  boxes) -> list[tuple[tuple[str, object], int]]:
    head = (sum(sizes.statement_bytes(corpus, s) for s in statements if s.section != CLAIMS)
            + sum(sizes.link_bytes(q, corpus.questions[q].title) for q in questions)
            + sizes.mentions_bytes(mentions)
            + sizes.updates_bytes(actor))
    blocks: list[tuple[tuple[str, object], int]] = [(("head", None), head)]
    blocks += [(("claim", i), sizes.statement_bytes(corpus, s))
               for i, s in enumerate(statements) if s.section == CLAIMS]
    blocks += [(("event", e), size) for e, size in events]
    blocks += [(("box", d), size) for d, size in boxes]
    return blocks


CLAIMS = "What the sources say"


ANCHOR_WORDS = "x" * 60  # what a "cited by" list shows of the passage


def _plan_sources(layout: Layout, patched: Patched | None = None, last: Layout | None = None) -> None:
    """Each article's plan: `last`'s, for an article the edit did not reach (`patched`: nothing
    it is cited by changed, nor where those statements are shown)."""
    for article_id in layout.corpus.articles:
        plan = None
        if patched is not None and article_id not in patched.articles:
            plan = last.source_plans.get(article_id)
        if plan is None:
            _plan_source(layout, article_id)
        else:
            layout.kept_sources.add(article_id)
            _place_source(layout, article_id, plan)


def _plan_source(layout: Layout, article_id: str) -> None:
    graph = layout.graph
    article = graph.corpus.articles[article_id]
    spans = graph.spans.get(article_id, {})
    placed = [graph.cited_by.get((article_id, anchor), ()) for anchor in spans]
    pages = [layout.statement_pages.get(id(p.statement.source), p.url) for found in placed for p in found]
    # What the plan reads besides the article itself, which never changes once loaded: the
    # dev server keeps its articles between builds, and plans again only those whose
    # passages or citing pages changed. (A one-shot build does not keep 200,000 such keys.)
    memo = article.__dict__.get("_layout")
    if memo is not None and memo[0] == spans and memo[3] == placed and memo[4] == pages:  # the same Placed first
        layout.kept_sources.add(article_id)
    else:
        cited = {anchor: frozenset((*shown_at(layout, p), p.statement.section) for p in found)
                 for anchor, found in zip(spans, placed)}
        if memo is None or memo[0] != spans or memo[1] != cited:
            memo = (dict(spans), cited, _source_parts(article, article_id, spans, cited), placed, pages)
        else:
            memo = (*memo[:3], placed, pages)
        if layout.remember:
            article.__dict__["_layout"] = memo
    _place_source(layout, article_id, memo[2])


def _place_source(layout: Layout, article_id: str, plan: tuple) -> None:
    text, cited_parts, urls, line_of = plan
    layout.source_plans[article_id] = plan
    layout.source_text[article_id] = text
    layout.source_cited[article_id] = cited_parts
    layout.urls.update(urls)
    layout.anchor_lines.update(line_of)


def _source_parts(article, article_id: str, spans: dict[str, tuple[int, int]],
                  cited: dict[str, frozenset]) -> tuple[list[Part], list[Part], dict[str, str], dict[str, int]]:
    """An article's pages of text and of who cites it, the page (#anchor) of each passage, and
    the line of the paragraph holding it."""
    base = f"sources/{article_id}/"
    paragraphs = article.paragraphs()
    starts = [offset for _, offset, _ in paragraphs]
    line_of = {}  # anchor -> the line of the paragraph holding its passage
    for anchor, span in spans.items():
        index = bisect_right(starts, span[0]) - 1
        if index >= 0 and _inside(span, paragraphs[index]):
            line_of[anchor] = paragraphs[index][0]
    marks = Counter(line_of.values())
    if article.meta.show == "excerpts":
        paragraphs = [p for p in paragraphs if marks[p[0]]]
    text_size = {line: sizes.paragraph_bytes(text, marks[line]) for line, _, text in paragraphs}
    anchors = sorted(spans, key=lambda a: spans[a])
    cited_size = {anchor: sizes.link_bytes(anchor, anchor, ANCHOR_WORDS) + sum(
        sizes.cited_by_bytes(*line) for line in cited[anchor]) for anchor in anchors}
    lines = [line for line, _, _ in paragraphs]
    if sum(text_size.values()) + sum(cited_size.values()) <= sizes.ONE_PAGE_BYTES:
        text = parts(base, lines, text_size.__getitem__)
        text[0].estimate += sum(cited_size.values())  # the lists are inline
        cited_parts = []
    else:
        text = parts(base, lines, lambda line: text_size[line] + 120 * bool(marks[line]))
        cited_parts = parts(f"{base}cited/", anchors, cited_size.__getitem__)
    line_page = {line: part.url for part in text for line in part.items}
    urls = {anchor: f"{line_page.get(line_of.get(anchor), base)}#{anchor}" for anchor in spans}
    return text, cited_parts, urls, line_of


def _inside(span: tuple[int, int], paragraph: tuple[int, int, str]) -> bool:
    _, offset, text = paragraph
    return offset <= span[0] and span[1] <= offset + len(text)
