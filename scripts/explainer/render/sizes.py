"""How many bytes of HTML a piece of a page will take, estimated from its text before
anything is rendered.

Each estimate is the text's length once escaped for HTML, plus the markup that goes round
it, rounded up: a quote counts in the quote list, in the link to the original page (URL-
encoded in its text fragment) and, in a disagreement, in the side's blockquote. The
estimates are meant to bound the real size from above; tests/test_page_budget.py checks
that they do, page by page, on the real content and at ten times it.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote as quote_url

from ..check.walk import Statement, disagreement_statements, event_statement
from ..model.records import Citation, Corpus

PAGE_BUDGET = 50_000  # bytes of HTML + CSS + JS a reader downloads for one page (uncompressed)
WARN_SHARE = 0.8  # past this share of its budget a page is worth a warning
CHROME_BYTES = 4_000  # a page's HTML outside its content: head, JSON-LD, navigation, footer
ASSETS_BYTES = 12_000  # the stylesheet and script every page links, at most (test_page_budget.py checks the theme's)
CONTENT_BYTES = 22_000  # each page of a split collection holds at most this much content, estimated
# A collection up to this estimate stays on one page, and so does a split's last page with the one
# before it: a page under the warning line, rather than a second page holding a single record.
ONE_PAGE_BYTES = int(PAGE_BUDGET * WARN_SHARE) - CHROME_BYTES - ASSETS_BYTES
CITATION_MARKUP = 250  # the marker and the quote list's line, without their text: at most 213 measured
STATEMENT_MARKUP = 60
EVENT_MARKUP = 460
STATUS_MARKUP = 80  # a question's status beside its link
MENTION_MARKUP = 50  # a line of an actor's "Also on" list, without its texts: 35 measured
SOURCE_MARKUP = 120  # a source's kind, date and the words "outlet:" and "author:" beside its link


@lru_cache(maxsize=1 << 20)  # the same strings again and again, and again in each of the dev server's builds
def text_bytes(text: str | None) -> int:
    """Its UTF-8 bytes once escaped for HTML, as the templates escape it (each of & < > " '
    becomes five bytes). None (a field left out): 0."""
    if not text:
        return 0
    escaped = text.count("&") + text.count("<") + text.count(">") + text.count('"') + text.count("'")
    return len(text.encode("utf-8")) + 4 * escaped


@lru_cache(maxsize=1 << 18)
def _text_fragment_bytes(quote: str) -> int:
    """The quote in the link's text fragment (#:~:text=...), URL-encoded."""
    return len(quote_url(" ".join(quote.split()), safe=""))


def citation_bytes(corpus: Corpus, citation: Citation, shown_in_full: bool = False) -> int:
    """A citation: its marker and its line in the quote list; `shown_in_full`: a
    disagreement's side also shows the quote in a blockquote. Worked out once per citation and
    article: the dev server's records and articles outlive a build."""
    meta = corpus.articles[citation.article].meta
    memo = citation.__dict__.get("_bytes")
    if memo is None or memo[0] is not meta:
        memo = citation.__dict__["_bytes"] = (meta, _citation_bytes(citation, meta, False),
                                              _citation_bytes(citation, meta, True))
    return memo[2] if shown_in_full else memo[1]


def _citation_bytes(citation: Citation, meta, shown_in_full: bool) -> int:
    found = (CITATION_MARKUP + 2 * text_bytes(citation.article) + text_bytes(meta.label)
             + text_bytes(citation.quote))
    if meta.url != "unknown":  # the link to the quote on the original page
        found += text_bytes(meta.url) + _text_fragment_bytes(citation.quote)
    if shown_in_full:
        found += 80 + text_bytes(citation.quote) + text_bytes(meta.label) + 2 * text_bytes(citation.article)
    return found


def statement_bytes(corpus: Corpus, statement: Statement, shown_in_full: bool = False) -> int:
    # Loops, not sums of generators: the layout asks for every statement of every page at each build.
    found = STATEMENT_MARKUP + text_bytes(statement.text)
    for actor_id in statement.actors:
        found += 40 + text_bytes(actor_id) + text_bytes(corpus.actors[actor_id].name)
    for citation in statement.cite:
        found += citation_bytes(corpus, citation, shown_in_full)
    return found


def updates_bytes(record) -> int:
    return sum(120 + text_bytes(u.change) + text_bytes(u.reason) for u in record.updates)


def event_bytes(corpus: Corpus, event_id: str) -> int:
    """An event on the timeline, the home page or an actor's page, its quotes listed."""
    event = corpus.events[event_id]
    return (EVENT_MARKUP + 3 * text_bytes(event_id) + text_bytes(event.title) + text_bytes(event.date_note)
            + updates_bytes(event) + statement_bytes(corpus, event_statement(event)))


def disagreement_bytes(corpus: Corpus, disagreement_id: str) -> int:
    disagreement = corpus.disagreements[disagreement_id]
    sides = disagreement_statements(disagreement)
    return (300 + 2 * text_bytes(disagreement_id) + text_bytes(disagreement.title)
            + sum(statement_bytes(corpus, s, shown_in_full=True) for s in sides))


def paragraph_bytes(text: str, marks: int) -> int:
    """A paragraph of an article: its text, escaped, and the mark round each cited passage."""
    return 20 + text_bytes(text) + 50 * marks


def link_bytes(*texts: str) -> int:
    """A list item holding a link and a few words (an index entry, a cited-by line)."""
    found = 80
    for text in texts:
        found += text_bytes(text)
    return found


def question_entry_bytes(question_id: str, question) -> int:
    """A line of the questions index: the question's link and its status."""
    return STATUS_MARKUP + link_bytes(question_id, question.title, question.status)


def source_entry_bytes(article) -> int:
    """A line of the sources index: the article's link, then its kind, date, outlet and author."""
    meta = article.meta
    return SOURCE_MARKUP + link_bytes(article.id, meta.title, meta.kind, meta.outlet, meta.author)


def mentions_bytes(mentions: list[tuple[str, str, str]]) -> int:
    """An actor's "Also on" list from (url, page title, section) triples: one line per page,
    naming each section once (render/page.py grouped_by_page)."""
    pages: dict[str, tuple[str, set[str]]] = {}
    for url, title, section in mentions:
        pages.setdefault(url, (title, set()))[1].add(section)
    return sum(MENTION_MARKUP + text_bytes(url) + text_bytes(title) + sum(2 + text_bytes(s) for s in sections)
               for url, (title, sections) in pages.items())


@lru_cache(maxsize=1 << 18)
def cited_by_bytes(url: str, title: str, section: str) -> int:
    """A line of a source's "cited by" list: the page citing a passage, and the section."""
    return link_bytes(url, title, section)
