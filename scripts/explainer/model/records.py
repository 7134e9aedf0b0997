"""Typed records of the explainer: the ground floor, no I/O and no Pelican.

The annotations are the schema: `schema.py` reads them into one description of every
field, which the loader, the JSON Schema and the record walker share; a field is declared
once, here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cache
from typing import Annotated, Literal

from .problems import Mark
from .schema import (
    DATE_PATTERN,
    ID_MAX_CHARS,
    CalendarDate,
    Doc,
    MaxLength,
    MinItems,
    Pattern,
    QuoteLength,
    Ref,
    Visible,
)

# Length caps, far above any real value (the longest name is 34 characters, title 107,
# statement 241, note 416, quote 240) and far below what would strain a page or the checks.
# A cap comes before a pattern, so that a message never repeats a megabyte of text.
Name = Annotated[str, MaxLength(200), Visible()]  # actors, outlets, authors, labels: compared for lookalikes
Title = Annotated[str, MaxLength(300)]
Text = Annotated[str, MaxLength(2_000)]  # statements, notes, reasons
MAX_QUOTE_CHARS = 1_000  # also the browser editor's limit (render/admin.py)
Quote = Annotated[str, QuoteLength(MAX_QUOTE_CHARS)]
URL = Annotated[str, MaxLength(2_000)]

ActorId = Annotated[str, MaxLength(ID_MAX_CHARS), Ref("actor")]
ArticleId = Annotated[str, MaxLength(ID_MAX_CHARS), Ref("article")]
QuestionId = Annotated[str, MaxLength(ID_MAX_CHARS), Ref("question")]
EventId = Annotated[str, MaxLength(ID_MAX_CHARS), Ref("event")]
DisagreementId = Annotated[str, MaxLength(ID_MAX_CHARS), Ref("disagreement")]
DateText = Annotated[str, MaxLength(20), CalendarDate(DATE_PATTERN, "2025-10-08, 2025-10 or 2025")]

RELATIONS = ("leads", "member-of", "part-of", "serves", "commands", "oversees",
             "negotiates-with", "mediates", "supports", "opposes", "allied-with")
# The last five: ties the articles give as past ("its former spokesperson", "left it").
Relation = Literal["leads", "member-of", "part-of", "serves", "commands", "oversees",
                   "negotiates-with", "mediates", "supports", "opposes", "allied-with",
                   "led", "was-member-of", "was-part-of", "served", "commanded"]


@dataclass
class Located:
    """Where a record and each of its fields were written (filled in by the loader)."""

    mark: Mark = field(default=Mark(""), init=False, repr=False, compare=False)
    marks: dict[str, Mark] = field(default_factory=dict, init=False, repr=False, compare=False)

    def mark_of(self, name: str) -> Mark:
        return self.marks.get(name, self.mark)

    # Pickled (read/diskcache.py) as a tuple of its fields: by default pickling asks for the
    # object's __dict__, which Python 3.11 then makes and keeps (with Mark's slots, 43,000
    # dicts at 1,000 articles), and unpickling fills one in. Memos are not written to disk.
    def __getstate__(self) -> tuple:
        return tuple(getattr(self, name) for name in _field_names(type(self)))

    def __setstate__(self, state: tuple) -> None:
        for name, value in zip(_field_names(type(self)), state, strict=True):
            object.__setattr__(self, name, value)


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


@dataclass
class Citation(Located):
    article: Annotated[ArticleId, Doc("id of the source article (its file name in content/articles/)")]
    quote: Annotated[Quote, Doc("the article's exact words that support the statement")]


Citations = Annotated[list[Citation], MinItems(1), Doc("at least one source with an exact quote")]


@dataclass
class Claim(Located):
    text: Annotated[Text, Doc("the statement, in our own neutral words")]
    cite: Citations
    actors: Annotated[list[ActorId], Doc("other actors this statement involves")] = field(default_factory=list)


Claims = Annotated[list[Claim], MinItems(1)]


@dataclass
class Update(Located):
    """A dated change to a record, shown on its page, the changelog and the feed."""

    date: Annotated[str, MaxLength(20), CalendarDate(r"^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$", "2026-11-21")]
    change: Annotated[Text, Doc("what changed, in a sentence")]
    reason: Annotated[Text, Doc("why: a correction, a new source, a clarification")]
    kind: Literal["update", "correction"] = "update"


Updates = Annotated[list[Update], Doc("changes and corrections, newest last")]


@dataclass
class Affiliation(Located):
    actor: ActorId
    relation: Relation
    cite: Citations


@dataclass
class Actor(Located):
    name: Annotated[Name, Doc("the usual name, as the articles spell it")]
    kind: Literal["person", "state", "organization"]
    role: Annotated[Claim, Doc("one short line: who this is in the story")]
    aliases: Annotated[list[Name], Doc("other spellings the articles use")] = field(default_factory=list)
    affiliations: list[Affiliation] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    updates: Updates = field(default_factory=list)


@dataclass
class Center(Located):
    name: Name
    summary: Annotated[Claims, Doc("the center at a glance")]
    names: Annotated[list[Claim], Doc("what each source calls it")] = field(default_factory=list)
    purpose: list[Claim] = field(default_factory=list)
    location: list[Claim] = field(default_factory=list)
    staff: list[Claim] = field(default_factory=list)
    leadership: list[Claim] = field(default_factory=list)
    partners: list[Claim] = field(default_factory=list)
    working_groups: list[Claim] = field(default_factory=list)
    monitoring: list[Claim] = field(default_factory=list)
    timing: list[Claim] = field(default_factory=list)
    limits: list[Claim] = field(default_factory=list)
    updates: Updates = field(default_factory=list)


CENTER_SECTIONS = {
    "names": "Names",
    "purpose": "Purpose",
    "location": "Location",
    "staff": "Staff",
    "leadership": "Leadership",
    "partners": "Partners",
    "working_groups": "Working groups",
    "monitoring": "What it monitors",
    "timing": "Timing",
    "limits": "Limits",
}


STATUS_ORDER = {"open": 0, "partly answered": 1, "answered": 2}  # a question's statuses, as lists show them


@dataclass
class Question(Located):
    title: Title
    status: Literal["open", "partly answered", "answered"]
    why: Annotated[Claims, Doc("why the question matters")]
    so_far: Annotated[Claims, Doc("what the articles say so far")]
    answer: Annotated[Claim | None, Doc("required when the status is 'answered'")] = None
    actors: list[ActorId] = field(default_factory=list)
    updates: Updates = field(default_factory=list)


@dataclass
class Event(Located):
    date: DateText
    # Beside the date they qualify, in files and in the browser editor's form (keyword-only:
    # a field with a default may then come before those without).
    date_precision: Literal["exact", "approximate"] = field(default="exact", kw_only=True)
    date_note: Annotated[Text | None, Doc("how the date was worked out; required when approximate")] = field(
        default=None, kw_only=True)
    title: Annotated[Title, Doc("a short label, in our words")]
    text: Text
    cite: Citations
    actors: list[ActorId] = field(default_factory=list)
    disagreement: DisagreementId | None = None
    updates: Updates = field(default_factory=list)


@dataclass
class Disagreement(Located):
    title: Title
    about: Literal["date", "name", "number", "fact"]
    sides: Annotated[list[Claim], MinItems(2), Doc("each version, with its own source")]
    actors: list[ActorId] = field(default_factory=list)
    questions: list[QuestionId] = field(default_factory=list)
    events: list[EventId] = field(default_factory=list)
    center: bool = False
    updates: Updates = field(default_factory=list)


@dataclass
class ArticleMeta(Located):
    """The metadata header of an article file (`Key: value` lines, as Pelican reads them)."""

    title: Title
    label: Annotated[Name, Doc("a short name for citations, e.g. 'Kiryat Gat report'")]
    date: Annotated[str, MaxLength(20), CalendarDate(r"^(unknown|" + DATE_PATTERN[1:-1] + r")$",
                                                     "2025-10-08, 2025-10, 2025 or unknown")]
    outlet: Annotated[Name, Doc("the publisher, or 'unknown'")]
    author: Annotated[Name, Doc("the author, or 'unknown'")]
    kind: Literal["news report", "analysis"]
    show: Literal["full", "excerpts"]
    url: Annotated[URL, Doc("the original address, or 'unknown'; never guessed")]
    seed: Annotated[Name, Doc("the file name the text was received as")]
    received_sha256: Annotated[str, Pattern(r"^[0-9a-f]{64}$", "the 64 hexadecimal digits `explainer new article` "
                                            "wrote"), Doc("SHA-256 of the text as received: proof it is unchanged")]
    title_source: Literal["headline", "editors"] = "headline"
    title_note: Text | None = None
    date_precision: Literal["exact", "approximate"] = "exact"
    date_note: Text | None = None
    outlet_note: Text | None = None
    author_note: Text | None = None


@dataclass
class Article:
    """A source article: its metadata and the text as received, one paragraph per line."""

    id: str
    path: str
    meta: ArticleMeta
    text: str
    body_line: int  # line of the file where the text starts

    def paragraphs(self) -> tuple[tuple[int, int, str], ...]:
        """(file line, offset in text, paragraph) for every non-blank line. Where they are is
        worked out once (an article never changes once loaded: a new text is a new Article);
        the paragraphs' text is cut anew at each call, not kept: a second copy of every
        article's text for the whole build (8 MB at 1,000 articles)."""
        found = self.__dict__.get("_paragraphs")
        if found is None or found[0] is not self.text:
            spans, offset = [], 0
            for number, line in enumerate(self.text.split("\n")):
                if line.strip():
                    spans.append((self.body_line + number, offset, offset + len(line)))
                offset += len(line) + 1
            found = self.__dict__["_paragraphs"] = (self.text, tuple(spans))
        text = self.text
        return tuple((line, start, text[start:end]) for line, start, end in found[1])

    def __reduce__(self) -> tuple:
        """Pickled (read/diskcache.py) with its text as UTF-8 bytes: pickling a str that is not
        ASCII leaves a UTF-8 copy of it cached inside the str for its life (5 MB at 1,000
        articles); and unpickled through __init__, which makes it no __dict__."""
        text = self.text.encode("utf-8", "surrogatepass")
        return (_unpickled_article, (self.id, self.path, self.meta, text, self.body_line))


def _unpickled_article(article_id: str, path: str, meta: ArticleMeta, text: bytes, body_line: int) -> Article:
    return Article(article_id, path, meta, text.decode("utf-8", "surrogatepass"), body_line)


@dataclass
class Corpus:
    """Everything the explainer is made of, loaded and typed."""

    articles: dict[str, Article] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    disagreements: dict[str, Disagreement] = field(default_factory=dict)
    center: Center | None = None
    # "kind:id" of records whose file exists but did not load ("kind:*": a folder that could
    # not be read). Their own errors are reported, so references to them are not errors too.
    unloaded: set[str] = field(default_factory=set)

    def failed_to_load(self, kind: str, record_id: str) -> bool:
        return f"{kind}:{record_id}" in self.unloaded or f"{kind}:*" in self.unloaded

    def record_count(self) -> int:
        """The editors' records: actors, questions, events, disagreements and the center."""
        return (len(self.actors) + len(self.questions) + len(self.events) + len(self.disagreements)
                + (self.center is not None))

    def records(self, kind: str) -> dict[str, object]:
        return {"article": self.articles, "actor": self.actors, "question": self.questions,
                "event": self.events, "disagreement": self.disagreements}[kind]
