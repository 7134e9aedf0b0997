"""Every field a payload can go into, read from the model's dataclasses: a field added
there is attacked without a change here.

One hostile record of each kind (the center replaces the real one) has every optional
field present and one item in every list (two where the model asks for two). Each field
has a safe value, used wherever the payload is not (or no longer) wanted: references point
at the other hostile records, quotes at a sentence of the hostile article, enums, dates and
flags take their first allowed value. With safe values only, the content checks clean.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from explainer.convert import _fields, optional_inner, unwrap
from explainer.model import Actor, ArticleMeta, Center, Citation, Disagreement, Event, MinItems, Pattern, Question, Ref

REPO = Path(__file__).resolve().parents[2]
RECORDS: dict[str, tuple[str, type]] = {  # kind -> (file under content/, class)
    "actor": ("actors/hostile-actor.yaml", Actor),
    "question": ("questions/hostile-question.yaml", Question),
    "event": ("events/hostile-event.yaml", Event),
    "disagreement": ("disagreements/hostile-disagreement.yaml", Disagreement),
    "center": ("center.yaml", Center),
}
ARTICLE_FILE = "articles/hostile-source.md"
ARTICLE_ID = "hostile-source"
SAFE_IDS = {"actor": "hostile-actor", "question": "hostile-question", "event": "hostile-event",
            "disagreement": "hostile-disagreement", "article": ARTICLE_ID}
QUOTE = "This sentence is quoted by every hostile record."
SAFE_BODY = ("Hostile source: a plain paragraph that the suite's records cite. " + QUOTE,
             "A second paragraph, never quoted.")
SAFE_SPECIAL: dict[tuple[type, str], str] = {
    (Citation, "quote"): QUOTE,
    (ArticleMeta, "url"): "https://example.org/hostile-source",
}


@dataclass(frozen=True)
class Field:
    """One place a payload can go: a leaf of a record (`role.cite[0].quote`), the article's
    text (`body`), or a record's file name (`id`)."""

    kind: str  # actor, question, event, disagreement, center, article
    path: str
    safe: Any = None  # str or bool; None for ids (the payload file is simply not written)

    def __str__(self) -> str:
        return f"{self.kind}.{self.path}"


@dataclass
class Leaf:
    field: Field


@dataclass
class Mapping:
    items: list[tuple[str, Any]]  # (key, Leaf | Mapping | Sequence)


@dataclass
class Sequence:
    items: list[Any]


def shape(kind: str, cls: type, prefix: str = "") -> Mapping:
    """The record with every field present, as a tree whose leaves are Fields."""
    return Mapping([(name, _node(kind, f"{prefix}{name}", hint, cls, name))
                    for name, (hint, _) in _fields(cls).items()])


def _node(kind: str, path: str, hint: Any, owner: type, name: str) -> Any:
    bare, extras = _bare(hint)
    if get_origin(bare) is list:
        count = max([1] + [e.count for e in extras if isinstance(e, MinItems)])
        return Sequence([_node(kind, f"{path}[{i}]", get_args(bare)[0], owner, name) for i in range(count)])
    if dataclasses.is_dataclass(bare):
        return shape(kind, bare, path + ".")
    return Leaf(Field(kind, path, safe_value(owner, name, bare, extras)))


def _bare(hint: Any) -> tuple[Any, list]:
    """The type without Annotated layers or `| None`, and every layer's metadata."""
    bare, extras = unwrap(hint)
    inner = optional_inner(bare)
    if inner is not None:
        bare, more = unwrap(inner)
        extras = extras + more
    return bare, extras


def safe_value(owner: type, name: str, bare: Any, extras: list) -> Any:
    if (owner, name) in SAFE_SPECIAL:
        return SAFE_SPECIAL[owner, name]
    if bare is bool:
        return True
    if get_origin(bare) is Literal:
        return get_args(bare)[0]
    for extra in extras:
        if isinstance(extra, Ref):
            return SAFE_IDS[extra.kind]
        if isinstance(extra, Pattern):
            return extra.example.split(",")[0].strip()
    return f"Hostile test {name.replace('_', ' ')}"


def leaves(node: Any) -> list[Field]:
    if isinstance(node, Leaf):
        return [node.field]
    children = node.items if isinstance(node, Sequence) else [child for _, child in node.items]
    return [f for child in children for f in leaves(child)]


BODY = Field("article", "body")
ARTICLE_META = shape("article", ArticleMeta)
SHAPES = {kind: shape(kind, cls) for kind, (_, cls) in RECORDS.items()}
IDS = [Field(kind, "id") for kind in ("actor", "question", "event", "disagreement", "article")]
FIELDS: list[Field] = [f for node in SHAPES.values() for f in leaves(node)] + leaves(ARTICLE_META) + [BODY] + IDS
FOLDERS = {"actor": "actors", "question": "questions", "event": "events", "disagreement": "disagreements",
           "article": "articles"}
