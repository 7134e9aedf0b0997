"""Where each quote was found in its article, kept between processes beside the parsed files
(read/diskcache.py, signed with its key, never in the repository).

A fresh `check` or `build` would otherwise normalise every article and look up every quote
again: half of verifying at 1,000 articles. What is kept is what QuoteSearch.find returned
(the passage's offsets, its number of occurrences, whether it matched exactly, or that it is
not there), by the digest of the article's file: an article never changes once loaded, so
a new text has a new digest and its quotes are looked up afresh. A shard that is missing,
damaged or not ours is ignored: the quotes are looked up again.
"""

from __future__ import annotations

import json

from ..model.records import Corpus
from ..read.signed import DiskCache, read_signed, write_signed
from .quotes import Match
from .verify import quote_search

SHARDS = 16  # a new quote rewrites one shard
KEPT = "_quotes_kept"  # on an article: how many of its lookups the cache holds


def remember(disk: DiskCache, corpus: Corpus, digests: dict[str, str]) -> None:
    """Give each article loaded in this process the lookups earlier processes made in it."""
    fresh = {article_id: article for article_id, article in corpus.articles.items() if KEPT not in article.__dict__}
    if not fresh:  # the dev server's articles remember their own
        return
    kept: dict[str, dict] = {}
    for index in {_shard(digests[f"article:{article_id}"]) for article_id in fresh}:
        kept.update(_read(disk, index))
    for article_id, article in fresh.items():
        search = quote_search(article)
        search.found.update(kept.get(digests[f"article:{article_id}"], {}))
        article.__dict__[KEPT] = len(search.found)


def keep(disk: DiskCache, corpus: Corpus, digests: dict[str, str]) -> None:
    """Write the shards of the articles in which quotes were looked up anew."""
    changed = {_shard(digests[f"article:{article_id}"]) for article_id, article in corpus.articles.items()
               if len(quote_search(article).found) != article.__dict__.get(KEPT)}
    for index in changed:
        shard = {digests[f"article:{article_id}"]: _encoded(quote_search(article).found)
                 for article_id, article in corpus.articles.items()
                 if _shard(digests[f"article:{article_id}"]) == index}
        write_signed(disk, _name(index), json.dumps(shard, separators=(",", ":")).encode())
    for article in corpus.articles.values():
        article.__dict__[KEPT] = len(quote_search(article).found)


def _shard(digest: str) -> int:
    return int(digest[:8], 16) % SHARDS


def _name(index: int) -> str:
    return f"quotes-{index:02d}"


def _encoded(found: dict[str, Match | None]) -> dict[str, list | None]:
    return {quote: None if match is None else [match.start, match.end, match.occurrences, match.exact]
            for quote, match in found.items()}


def _read(disk: DiskCache, index: int) -> dict[str, dict[str, Match | None]]:
    payload = read_signed(disk, _name(index))
    if payload is None:
        return {}
    try:
        return {digest: {quote: None if value is None else Match(*value) for quote, value in found.items()}
                for digest, found in json.loads(payload).items()}
    except (ValueError, TypeError, AttributeError):  # ours but unreadable (a bug): looked up again
        return {}
