"""Every field a payload can go into, read from the model's dataclasses: a field added
there is attacked without a change here.

One hostile record of each kind (the center replaces the real one) has every optional
field present and one item in every list (two where the model asks for two). Each field
has a safe value, used wherever the payload is not (or no longer) wanted: references point
at the other hostile records, quotes at a sentence of the hostile article, enums, dates and
flags take their first allowed value. With safe values only, the content checks clean.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from explainer.model.records import Actor, ArticleMeta, Center, Citation, Disagreement, Event, Question
from explainer.model.schema import MinItems, Pattern, Ref, Shape, fields

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
    return Mapping([(name, _node(kind, f"{prefix}{name}", spec.shape, cls, name))
                    for name, spec in fields(cls).items()])


def _node(kind: str, path: str, value: Shape, owner: type, name: str) -> Any:
    bare = value.bare
    if bare.kind == "list":
        count = max([1] + [c.count for c in bare.constraints if isinstance(c, MinItems)])
        return Sequence([_node(kind, f"{path}[{i}]", bare.inner, owner, name) for i in range(count)])
    if bare.kind == "record":
        return shape(kind, bare.record, path + ".")
    return Leaf(Field(kind, path, safe_value(owner, name, bare)))


def safe_value(owner: type, name: str, value: Shape) -> Any:
    if (owner, name) in SAFE_SPECIAL:
        return SAFE_SPECIAL[owner, name]
    if value.kind == "boolean":
        return True
    if value.kind == "choice":
        return value.choices[0]
    for constraint in value.constraints:
        if isinstance(constraint, Ref):
            return SAFE_IDS[constraint.kind]
        if isinstance(constraint, Pattern):
            return constraint.example.split(",")[0].strip()
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
