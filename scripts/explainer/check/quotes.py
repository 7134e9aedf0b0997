"""Finding quotes in article text.

Normalisation (documented in docs/editing.md) makes typing easier without loosening what
counts as "the article's words": white space runs become one space, curly quotes and
apostrophes become straight ones, and every kind of dash becomes '-'. Nothing else: case,
spelling and punctuation must match. Paragraph breaks are kept, so a quote never spans two
paragraphs.
"""

from __future__ import annotations

import difflib
import re
from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
})
_WORD = re.compile(r"\S+")
QUOTE_ANCHOR_PREFIX = "q-"  # the id of a quoted passage on its source page (graph.anchor_id)
_FOLDED = [(chr(code), folded) for code, folded in FOLD.items()]


def fold(text: str) -> str:
    """text.translate(FOLD), some ten times faster on article-length text: str.translate
    looks up every character, and these characters are rare."""
    for char, folded in _FOLDED:
        if char in text:
            text = text.replace(char, folded)
    return text


@dataclass(frozen=True)
class Normalised:
    """Normalised text, and where each of its characters was in the original.

    The map is kept sparse: normalisation changes only white space, so between two changed
    runs the text is a straight copy. `starts[k]` is where the k-th copied stretch begins in
    the normalised text and `origins[k]` where it began in the original."""

    text: str
    starts: array
    origins: array

    def original(self, index: int) -> int:
        """Offset in the original text of the normalised character at `index`."""
        k = bisect_right(self.starts, index) - 1
        return self.origins[k] + index - self.starts[k]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the normalised slice [start:end]."""
        return self.original(start), self.original(end - 1) + 1


# The white space runs normalisation changes: a leading run, two or more characters, and
# any single one that is not a plain space (or newline, which paragraphs keep).
_CHANGED = {True: re.compile(r"^\s+|\s{2,}|[^\S \n]"), False: re.compile(r"^\s+|\s{2,}|[^\S ]")}


def normalise(text: str, keep_newlines: bool = True) -> Normalised:
    """White space runs become one space (none at the start); with `keep_newlines` a run
    holding newlines becomes just those newlines, so paragraphs stay apart."""
    folded = fold(text)  # one character for one: offsets are unchanged
    pieces: list[str] = []
    starts, origins = array("q", [0]), array("q", [0])
    length = copied_from = 0

    def copy_from(origin: int) -> None:
        if length - starts[-1] != origin - origins[-1]:  # the straight copy broke here
            starts.append(length), origins.append(origin)

    for run in _CHANGED[keep_newlines].finditer(folded):
        first, last = run.span()
        pieces.append(folded[copied_from:first])
        length += first - copied_from
        if keep_newlines and "\n" in run.group():
            for index in (first + i for i, char in enumerate(run.group()) if char == "\n"):
                copy_from(index)
                pieces.append("\n")
                length += 1
        elif length:  # not at the start
            copy_from(first)
            pieces.append(" ")
            length += 1
        copied_from = last
        copy_from(last)
    pieces.append(folded[copied_from:])
    return Normalised("".join(pieces), starts, origins)


@lru_cache(maxsize=1 << 20)  # the same quotes for the check, the graph, the anchors and each page
def normalise_quote(quote: str) -> str:
    """normalise(quote, keep_newlines=False).text.strip(), without the offsets: it runs for
    every citation on every page."""
    return " ".join(quote.translate(FOLD).split())


@dataclass(frozen=True)
class Match:
    start: int  # offsets in the original article text
    end: int
    occurrences: int
    exact: bool  # found without normalisation


def find(article: Normalised, original: str, quote: str) -> Match | None:
    wanted = normalise_quote(quote)
    if not wanted:
        return None
    first = article.text.find(wanted)
    if first < 0:
        return None
    occurrences = article.text.count(wanted)
    start, end = article.span(first, first + len(wanted))
    return Match(start, end, occurrences, exact=original[start:end] == quote)


def spans_paragraphs(article: Normalised, quote: str) -> bool:
    return normalise_quote(quote) in _flat(article)


def _flat(article: Normalised) -> str:
    return re.sub(r"\n+", " ", article.text)  # blank lines between paragraphs count as one break


class QuoteSearch:
    """An article's text as the quote checks read it: normalised at the first quote to find;
    flattened and word-indexed at the first quote that is not found, and kept for the others
    (a 2 MB article takes 0.4 s to index, then each misquote milliseconds). Where each quote
    was found is remembered (`find`): a process that checks the same article again (the dev
    server keeps its articles between builds) looks up only the quotes that are new."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.found: dict[str, Match | None] = {}

    @cached_property
    def normalised(self) -> Normalised:
        return normalise(self.original)

    @cached_property
    def text(self) -> str:
        """The normalised text alone, which outlives `release`."""
        return self.normalised.text

    def find(self, quote: str) -> Match | None:
        if quote not in self.found:
            self.found[quote] = find(self.normalised, self.original, quote)
        return self.found[quote]

    def release(self) -> None:
        """Drop the offsets and indexes (memory: kept for every article they would take
        gigabytes at 10,000 articles); the found quotes and the normalised text stay."""
        if "normalised" in self.__dict__:  # not when every quote's place came from the cache
            self.text  # noqa: B018 - computed before the offsets it comes from go
        for name in ("normalised", "flat", "passages"):
            self.__dict__.pop(name, None)

    @cached_property
    def flat(self) -> str:
        return _flat(self.normalised)

    @cached_property
    def passages(self) -> Passages:
        return Passages(self.original)

    def spans_paragraphs(self, quote: str) -> bool:
        return normalise_quote(quote) in self.flat


def closest_passage(original: str, quote: str) -> tuple[str, float]:
    """The run of the article's words most like the quote, and how alike (0..1)."""
    return Passages(original).closest(quote)


class Passages:
    """An article's words, indexed once, for the passage closest to each misquote.

    Words are compared without case or punctuation, so "Yemen," matches "Yemen"; a window
    has the quote's number of words or one more (a word the editor dropped), and never
    crosses a paragraph. (One fewer would often win by leaving out the word the editor
    changed, which is the word the diff must show.)

    Scoring every window, as the first version did, cost the length of the paragraph for
    each misquote: 20 s for one 960-character quote against a paragraph of 100,000
    characters, 451 s at 1.9 MB. But a window that shares no word with the quote scores 0,
    so only windows around the quote's own words can win: occurrences of its words, looked
    up in the index, vote for where the quote would start, and only the best-voted starts
    are scored, with difflib as before (rapidfuzz would score faster, but on a different
    scale, and scoring is no longer the cost). VOTES and CANDIDATES bound the work per
    misquote, whatever the length of the article (bench/closest_passage.py).
    """

    VOTES = 2_000  # occurrences of the quote's words looked at
    SEGMENTS = 16
    CANDIDATES = 4  # best-voted starts scored (a word added or dropped moves the start of the
    # quote's words after it by one: both starts are among the best-voted)

    def __init__(self, original: str) -> None:
        self.original = original
        self.starts, self.ends = array("q"), array("q")  # where each word is in the text
        self.bare: list[str] = []  # each word without case or punctuation
        self.paragraph_of = array("q")  # each word's paragraph
        self.paragraph_starts = array("q")  # each paragraph's first word, then the number of words
        self.where: dict[str, array] = {}  # bare word -> its occurrences (word numbers)
        offset = 0
        for paragraph in original.split("\n"):
            self.paragraph_starts.append(len(self.bare))
            for match in _WORD.finditer(paragraph):
                word = _bare_cached(match.group())
                self.where.setdefault(word, array("q")).append(len(self.bare))
                self.starts.append(offset + match.start())
                self.ends.append(offset + match.end())
                self.bare.append(word)
                self.paragraph_of.append(len(self.paragraph_starts) - 1)
            offset += len(paragraph) + 1
        self.paragraph_starts.append(len(self.bare))

    def closest(self, quote: str) -> tuple[str, float]:
        wanted = [_bare(w) for w in normalise_quote(quote).split(" ")]
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(wanted)
        best, best_score = (0, 0), 0.0
        for first, size in self._windows(wanted):
            matcher.set_seq1(self.bare[first:first + size])
            if matcher.real_quick_ratio() <= best_score or matcher.quick_ratio() <= best_score:
                continue
            score = matcher.ratio()
            if score > best_score:
                best, best_score = (first, first + size - 1), score
        if not best_score:
            return "", 0.0
        return self.original[self.starts[best[0]]:self.ends[best[1]]], best_score

    def _windows(self, wanted: list[str]) -> list[tuple[int, int]]:
        """(first word, number of words) of each window worth scoring, in reading order."""
        votes = Counter((self.paragraph_of[occurrence], occurrence - index)
                        for occurrence, index in self._occurrences(wanted))
        return sorted({self._clip(paragraph, start, size) for (paragraph, start), _ in votes.most_common(self.CANDIDATES)
                       for size in (len(wanted), len(wanted) + 1)})

    def _occurrences(self, wanted: list[str]) -> Iterator[tuple[int, int]]:
        """(where in the article, where in the quote) for occurrences of the quote's words
        until VOTES have been given. The quote is cut into SEGMENTS, and each round takes
        the rarest word not yet taken from every segment: the right place gets a vote from
        all along the quote, where a repeated phrase elsewhere gets only its own part's."""
        present = [(len(self.where[word]), index, word) for index, word in enumerate(wanted) if word in self.where]
        size = -(-len(present) // self.SEGMENTS) or 1
        segments = [sorted(present[k:k + size]) for k in range(0, len(present), size)]
        budget = self.VOTES
        for rank in range(size):
            for segment in segments:
                if rank < len(segment):
                    count, index, word = segment[rank]
                    for occurrence in self.where[word][:budget]:
                        yield occurrence, index
                    budget -= count
                    if budget <= 0:
                        return

    def _clip(self, paragraph: int, first: int, size: int) -> tuple[int, int]:
        """The window of `size` words from `first`, moved inside the paragraph (all of it
        when the paragraph is shorter)."""
        start, end = self.paragraph_starts[paragraph], self.paragraph_starts[paragraph + 1]
        first = max(start, min(first, end - size))
        return first, min(size, end - first)


@lru_cache(maxsize=65_536)
def _bare_cached(word: str) -> str:
    """_bare for an article's words: an article repeats a few thousand words many times."""
    return _bare(word)


def _bare(word: str) -> str:
    return "".join(c for c in word.translate(FOLD).casefold() if c.isalnum())


_END_PUNCTUATION = ".,;:!?"


def word_diff(found: str, quote: str) -> str:
    """Word-level difference: [-article's word-] {+quote's word+}, each side in its own
    characters. Words are compared as the check compares them (quote marks and dashes folded),
    and a full stop the quote leaves off the passage's last word is no difference."""
    a_words, b_words = found.split(), quote.split()
    a, b = [w.translate(FOLD) for w in a_words], [w.translate(FOLD) for w in b_words]
    if a and b and a[-1] != b[-1] and a[-1].rstrip(_END_PUNCTUATION) == b[-1]:
        a[-1] = b[-1]
    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.extend(a_words[i1:i2])
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a_words[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b_words[j1:j2]) + "+}")
    return " ".join(out)
