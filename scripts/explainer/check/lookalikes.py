"""Names and ids that look alike: one actor under two files, or an id that reads as another.

Two names that a reader cannot tell apart are one name to the checks. The key of a name is
close to Unicode's TR39 skeleton: NFKC (fullwidth and styled letters become plain ones),
case folded, then each character replaced by one representative of its class of
confusables (Cyrillic і and Latin i, Greek ο and Latin o, l and 1), white space collapsed.
The classes are those of Unicode's confusables.txt as the confusable-homoglyphs package
ships it: offline, pure Python, refreshed with its releases (we never call its update
command, which downloads). Names with characters that show nothing never get here: the
loader refuses them (model.schema.Visible).
"""

from __future__ import annotations

import difflib
import unicodedata
from functools import cache, lru_cache

from ..model.problems import Mark, Problems
from ..model.records import Corpus
from .quotes import FOLD, normalise_quote


@cache
def confusable_representatives() -> dict[str, str]:
    """Each confusable character -> the lowest character of its class (ASCII when the class
    has one). Classes join every pair the table lists; multi-character forms (m and rn) are
    left out, so a class never swallows a whole word."""
    from confusable_homoglyphs.confusables import confusables_data  # ~0.1 s: only when names are compared

    parent: dict[str, str] = {}

    def root(char: str) -> str:
        while parent.setdefault(char, char) != char:
            parent[char] = parent[parent[char]]
            char = parent[char]
        return char

    for char, glyphs in confusables_data.items():
        for glyph in (g["c"] for g in glyphs):
            if len(char) == 1 and len(glyph) == 1:
                low, high = sorted((root(char), root(glyph)))
                parent[high] = low
    return {char: root(char) for char in parent}


# What the table does to ASCII text, so that plain names never load it (~0.15 s a run);
# tests/test_lookalikes.py checks this against the table.
ASCII_LOOKALIKES = str.maketrans({"I": "1", "O": "0", "`": "'", "l": "1", "|": "1"})


@lru_cache(maxsize=1 << 18)  # every actor's name and every id, in each of the dev server's builds
def lookalike_key(text: str) -> str:
    """The same for two texts a reader cannot tell apart (case and white space included)."""
    if text.isascii():
        return normalise_quote(text.casefold().translate(ASCII_LOOKALIKES))
    representatives = confusable_representatives()
    folded = unicodedata.normalize("NFKC", text).casefold()
    return normalise_quote("".join(representatives.get(char, char) for char in folded))


def check_names(corpus: Corpus, problems: Problems) -> None:
    """Two files for one actor would split their claims between two pages; a lookalike name
    or id would also let a stranger's record pass for a known one."""
    first: dict[str, tuple[str, object]] = {}  # key -> (actor id, actor)
    for actor_id, actor in corpus.actors.items():
        key = lookalike_key(actor.name)
        if key not in first:
            first[key] = (actor_id, actor)
            continue
        other_id, other = first[key]  # their marks only now: a name's place is rarely needed
        mark, other_name, other_mark = actor.mark_of("name"), other.name, other.mark_of("name")
        if normalise_quote(actor.name).casefold() == normalise_quote(other_name).casefold():
            problems.error(mark, "duplicate-name", f"actor '{actor_id}' has the same name as '{other_id}' ({other_mark})",
                           "merge the two files into one; put other spellings under 'aliases'")
        else:
            problems.error(mark, "confusable-name", f"actor '{actor_id}' is named {actor.name!a}, which looks like "
                           f"the name of '{other_id}' ({other_mark}){_differences(actor.name, other_name)}",
                           "if it is the same actor, merge the two files; if not, spell the name in plain letters "
                           "as the articles do, or tell the two apart")
    for kind in ("actor", "question", "event", "disagreement"):
        _check_ids(kind, corpus, problems)


def _check_ids(kind: str, corpus: Corpus, problems: Problems) -> None:
    first: dict[str, str] = {}
    for record_id, record in sorted(corpus.records(kind).items()):
        other = first.setdefault(lookalike_key(record_id), record_id)
        if other != record_id:
            problems.error(Mark(record.mark.path), "confusable-name", f"{kind} id '{record_id}' looks like the id "
                           f"'{other}' ({corpus.records(kind)[other].mark.path})",
                           "rename the file so that the two ids are told apart at a glance (l and 1, for instance)")


def _differences(name: str, other: str) -> str:
    """The characters of `name` that are not plain letters of `other`, for the message."""
    odd = dict.fromkeys(char for char in name if not char.isascii() and char not in other)
    if not odd:
        return ""
    return ": " + ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed')}" for c in odd)


def lookalike_characters(found: str, quote: str) -> list[tuple[str, str]]:
    """(the quote's character, the article's) where a quoted word differs from the passage's
    only by characters that look alike (an acute accent for an apostrophe, a Cyrillic 'а'):
    a diff cannot show what the eye does not see."""
    pairs: list[tuple[str, str]] = []
    theirs, mine = found.split(), quote.split()
    a, b = [w.translate(FOLD) for w in theirs], [w.translate(FOLD) for w in mine]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag != "replace" or i2 - i1 != j2 - j1:
            continue
        for article_word, folded, word in zip(theirs[i1:i2], a[i1:i2], b[j1:j2]):
            if len(folded) != len(word) or not _look_alike(folded, word):
                continue
            pairs += [(q, t) for q, t, f in zip(word, article_word, folded) if q != f and (q, t) not in pairs]
    return pairs


def _look_alike(word: str, other: str) -> bool:
    """The same letters once lookalikes are folded, or the same letters and digits with
    different punctuation between them."""
    letters = lambda w: "".join(c for c in w.casefold() if c.isalnum())  # noqa: E731
    return lookalike_key(word) == lookalike_key(other) or letters(word) == letters(other)
