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
from dataclasses import dataclass

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
    flat = re.sub(r"\n+", " ", article.text)  # blank lines between paragraphs count as one break
    return normalise_quote(quote) in flat


def closest_passage(original: str, quote: str) -> tuple[str, float]:
    """The run of the article's words most like the quote, and how alike (0..1).

    Words are compared without case or punctuation, so "Yemen," matches "Yemen"; windows
    one word longer than the quote are tried too (an extra word the editor dropped).
    """
    wanted = [_bare(w) for w in normalise_quote(quote).split(" ")]
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted)
    best, best_score = "", 0.0
    for paragraph in original.split("\n"):
        words = [(m.start(), m.end(), _bare(m.group())) for m in _WORD.finditer(paragraph)]
        for size in (len(wanted), len(wanted) + 1):
            for first in range(max(1, len(words) - size + 1)):
                window = words[first:first + size]
                matcher.set_seq1([w[2] for w in window])
                if not window or matcher.real_quick_ratio() <= best_score or matcher.quick_ratio() <= best_score:
                    continue
                score = matcher.ratio()
                if score > best_score:
                    best, best_score = paragraph[window[0][0]:window[-1][1]], score
    return best, best_score


def _bare(word: str) -> str:
    return "".join(c for c in word.translate(FOLD).casefold() if c.isalnum())


def word_diff(found: str, quote: str) -> str:
    """Word-level difference: [-article's word-] {+quote's word+}."""
    a = normalise_quote(found).split(" ")
    b = normalise_quote(quote).split(" ")
    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.extend(a[i1:i2])
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)
