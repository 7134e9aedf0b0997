"""The templates `explainer new` writes, and the placeholders they leave for editors.

They live on the ground floor, not in commands/, because the loader reads them too: any
placeholder still in a record or an article's metadata is an error (`placeholder`), and the
list of placeholders is taken from the templates themselves, so a new one is refused as
soon as a template uses it.
"""

from __future__ import annotations

import re
from functools import cache


def cite(indent: int) -> str:
    """A citation list at the given indentation, with a comment on each part."""
    pad = " " * indent
    return (f"{pad}cite:\n"
            f"{pad}  - article: ARTICLE-ID   # a file name in content/articles/, without .md\n"
            f"{pad}    quote: 'EXACT WORDS'  # copied from the article; only spaces, quote marks and dashes may differ\n")


# kind -> (folder under content/, the YAML template)
TEMPLATES = {
    "actor": ("actors", """\
name: NAME                       # the usual name, as the articles spell it
kind: person                     # person | state | organization
role:                            # one short line: who this is in the story
  text: ROLE IN OUR OWN WORDS.
""" + cite(2) + """\
aliases: []                      # other spellings the articles use, e.g. [Witthoff]
affiliations: []                 # ties to other actors: actor, relation, cite
claims:                          # what the articles say this actor did or said
  - text: A STATEMENT IN OUR OWN WORDS.
""" + cite(4)),
    "question": ("questions", """\
title: THE QUESTION?
status: open                     # open | partly answered | answered (answered needs an 'answer')
why:                             # why it matters
  - text: A STATEMENT IN OUR OWN WORDS.
""" + cite(4) + """\
so_far:                          # what the articles say so far
  - text: A STATEMENT IN OUR OWN WORDS.
""" + cite(4) + """\
actors: []                       # who is involved: actor ids
"""),
    "event": ("events", """\
date: 'YYYY-MM-DD'               # or 'YYYY-MM' or 'YYYY'; keep the quotes
date_precision: exact            # exact | approximate (approximate needs a date_note)
title: SHORT LABEL
text: WHAT HAPPENED, IN OUR OWN WORDS.
""" + cite(0) + """\
actors: []
"""),
    "disagreement": ("disagreements", """\
title: WHAT DO THE SOURCES DISAGREE ON?
about: fact                      # date | name | number | fact
sides:                           # each version, with its own source
  - text: ONE VERSION.
""" + cite(4) + """\
  - text: THE OTHER VERSION.
""" + cite(4) + """\
actors: []                       # shown on these actors' pages
questions: []                    # shown on these questions' pages
center: false                    # true: shown on the center page
"""),
}

# The metadata lines `explainer new article` writes that the editor must replace (the
# article's own text never says them). Metadata lines cannot carry comments, so each
# placeholder says what to write.
ARTICLE_PLACEHOLDERS = {
    "label": "A SHORT NAME FOR CITATIONS, E.G. KIRYAT GAT REPORT",
    "title": "A TITLE IN OUR OWN WORDS",
    "title_note": "SAY WHERE THE TITLE COMES FROM, E.G. THE FIRST SENTENCE",
    "kind": "NEWS REPORT OR ANALYSIS",
    "show": "FULL OR EXCERPTS",
    "date_note": "QUOTE WHAT IN THE TEXT DATES IT, OR SAY THAT NOTHING DOES",
    "outlet_note": "SAY WHETHER THE TEXT NAMES ITS OUTLET",
    "author_note": "SAY WHETHER THE TEXT NAMES ITS AUTHOR",
}

# A template value: after `key:` or `- `, without its quotes and its comment.
_VALUE = re.compile(r"^\s*(?:- )?(?:[A-Za-z_-]+:)?\s*(.*?)\s*(?:#.*)?$")


@cache
def placeholders() -> frozenset[str]:
    """Every value the templates leave for an editor to replace: written in capitals."""
    lines = [line for _, body in TEMPLATES.values() for line in body.splitlines()]
    values = [_VALUE.match(line).group(1).strip("'\"") for line in lines]
    found = {v for v in values + list(ARTICLE_PLACEHOLDERS.values()) if is_capitals(v)}
    return frozenset(found)


def is_capitals(value: str) -> bool:
    return bool(re.search(r"[A-Z]{2}", value)) and not re.search(r"[a-z]", value)


def placeholder_in(value: str) -> str | None:
    """The template placeholder `value` still holds: the whole value, or a phrase of several
    words inside it (a single word such as NAME may be real text, a phrase of them is not)."""
    stripped = value.strip()
    if stripped in placeholders():
        return stripped
    found = _phrases().search(value)
    return found.group() if found else None


@cache
def _phrases() -> re.Pattern[str]:
    phrases = sorted((p for p in placeholders() if " " in p), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, phrases)))
