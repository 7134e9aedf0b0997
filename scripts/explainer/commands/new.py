"""`explainer new KIND ID`: a commented template in the right place. Never overwrites."""

from __future__ import annotations

import re
from pathlib import Path

from ..model.jsonschema import schema_comment
from ..model.schema import ID_PATTERN


def cite(indent: int) -> str:
    """A citation list at the given indentation, with a comment on each part."""
    pad = " " * indent
    return (f"{pad}cite:\n"
            f"{pad}  - article: ARTICLE-ID   # a file name in content/articles/, without .md\n"
            f"{pad}    quote: 'EXACT WORDS'  # copied from the article; only spaces, quote marks and dashes may differ\n")


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


class ScaffoldError(Exception):
    pass


def new_record(content: Path, kind: str, record_id: str) -> Path:
    if not re.fullmatch(ID_PATTERN, record_id):
        # repr: an id ending in a newline or holding an invisible character shows as such
        raise ScaffoldError(f"{record_id!r} is not a valid id: use lowercase letters, digits and single hyphens")
    folder, body = TEMPLATES[kind]
    path = content / folder / f"{record_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as file:  # "x": refuse to overwrite an editor's file
            file.write(schema_comment(kind, depth=2) + body)
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists; nothing was written") from None
    return path
