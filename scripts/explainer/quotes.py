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
from dataclasses import dataclass

_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
})
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Normalised:
    """Normalised text and, for each of its characters, the offset in the original."""

    text: str
    offsets: array  # one per character of `text`, plus the original length (4 bytes each)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the normalised slice [start:end]."""
        return self.offsets[start], self.offsets[end - 1] + 1


def normalise(text: str, keep_newlines: bool = True) -> Normalised:
    chars: list[str] = []
    offsets = array("L")
    folded = text.translate(_FOLD)
    for index, char in enumerate(folded):
        if char == "\n" and keep_newlines:
            while chars and chars[-1] == " ":
                chars.pop(), offsets.pop()
            chars.append("\n"), offsets.append(index)
        elif char.isspace():
            if chars and chars[-1] not in " \n":
                chars.append(" "), offsets.append(index)
        else:
            chars.append(char), offsets.append(index)
    offsets.append(len(text))
    return Normalised("".join(chars), offsets)


def normalise_quote(quote: str) -> str:
    """normalise(quote, keep_newlines=False).text.strip(), without the offsets: it runs for
    every citation on every page."""
    return " ".join(quote.translate(_FOLD).split())


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
            for first in range(0, max(1, len(words) - size + 1)):
                window = words[first:first + size]
                matcher.set_seq1([w[2] for w in window])
                if not window or matcher.real_quick_ratio() <= best_score or matcher.quick_ratio() <= best_score:
                    continue
                score = matcher.ratio()
                if score > best_score:
                    best, best_score = paragraph[window[0][0]:window[-1][1]], score
    return best, best_score


def _bare(word: str) -> str:
    return "".join(c for c in word.translate(_FOLD).casefold() if c.isalnum())


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
