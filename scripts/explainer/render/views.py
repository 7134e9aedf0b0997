"""Small view objects the templates read: statements with numbered citations.

Numbers run through a page in the order citations first appear; a citation used twice
on one page keeps its number. Each section lists the passages it cites.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote as quote_url

from ..check.graph import anchor_id
from ..check.quotes import normalise_quote
from ..check.walk import Statement
from ..model.records import Citation, Corpus
from ..read.articles import link_host


@dataclass(frozen=True)
class CiteRef:
    number: int
    article_id: str
    article_title: str
    article_label: str
    quote: str
    url: str  # site-relative link to the highlighted passage
    original: str = ""  # the quote on the original page (a text fragment), where its address is known
    original_host: str = ""  # where that link goes, shown beside it


@dataclass(frozen=True)
class ClaimView:
    text: str
    refs: tuple[CiteRef, ...]
    actors: tuple[tuple[str, str], ...] = ()  # (url, name) of actors involved


@dataclass
class Section:
    title: str
    claims: list[ClaimView]
    notes: list[CiteRef]
    slug: str = ""


@dataclass
class Citer:
    """Numbers the citations of one page and records which articles it reads."""

    corpus: Corpus
    deps: set[str]
    urls: dict[str, str] = field(default_factory=dict)  # the layout's: where each passage and record is shown
    numbers: dict[tuple[str, str], CiteRef] = field(default_factory=dict)

    def ref(self, citation: Citation) -> CiteRef:
        key = (citation.article, normalise_quote(citation.quote))
        if key not in self.numbers:
            article = self.corpus.articles[citation.article]
            # What a citation shows of its article (not the text: only the source's own pages show that).
            self.deps.update((f"cite:article:{citation.article}", f"layout:article:{citation.article}"))
            anchor = anchor_id(citation.article, citation.quote)
            url = self.urls.get(anchor, f"sources/{citation.article}/#{anchor}")
            self.numbers[key] = CiteRef(len(self.numbers) + 1, citation.article, article.meta.title,
                                        article.meta.label, citation.quote, url, text_fragment(article, citation.quote),
                                        link_host(article.meta.url))
        return self.numbers[key]

    def claim(self, statement: Statement) -> ClaimView:
        refs = tuple(self.ref(c) for c in statement.cite)
        actors = tuple((f"actors/{a}/", self.name(a)) for a in statement.actors)
        return ClaimView(statement.text, refs, actors)

    def url_of(self, key: str, default: str) -> str:
        """Where a record is shown ("event:ID" -> its timeline page and anchor)."""
        kind = key.partition(":")[0]
        if kind in ("event", "disagreement"):
            self.deps.add(f"layout:{'timeline' if kind == 'event' else 'disagreements'}")
        return self.urls.get(key, default)

    def name(self, actor_id: str) -> str:
        self.deps.add(f"actor:{actor_id}")
        return self.corpus.actors[actor_id].name

    def section(self, title: str, statements: list[Statement], slug: str = "") -> Section:
        claims = [self.claim(s) for s in statements]
        notes: dict[int, CiteRef] = {}
        for claim in claims:
            for ref in claim.refs:
                notes.setdefault(ref.number, ref)
        return Section(title, claims, sorted(notes.values(), key=lambda r: r.number), slug or _slug(title))


def text_fragment(article, quote: str) -> str:
    """A link that opens the original article scrolled to the quote (#:~:text=…), if known."""
    if article.meta.url == "unknown":
        return ""
    return f"{article.meta.url.split('#')[0]}#:~:text={quote_url(' '.join(quote.split()), safe='')}"


def _slug(title: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in title.lower()).split())
