"""What an accepted payload must look like in the output: the exact text that was written,
in the data export, and as text (never markup) where a page shows that field."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .fields import BODY, SAFE_IDS, Field
from .payloads import Payload

DATA_FILES = {"actor": "actors.json", "question": "questions.json", "event": "events.json",
              "disagreement": "disagreements.json", "center": "center.json", "article": "articles.json"}
TIMELINE = "timeline/"  # the timeline's page that holds the event: one page, or its month's
# Fields a page shows as the whole text of one element: (page, CSS selector).
SHOWN: dict[str, tuple[str, str]] = {
    "actor.name": ("actors/hostile-actor/index.html", "h1"),
    "question.title": ("questions/hostile-question/index.html", "h1"),
    "center.name": ("center/index.html", "h1"),
    "article.title": ("sources/hostile-source/index.html", "h1"),
    "event.title": (TIMELINE, "#e-hostile-event"),
}
_STEP = re.compile(r"(\w+)(?:\[(\d+)\])?")


def shown_at(field: Field, site: Path) -> tuple[str, str]:
    """SHOWN's (page, selector) for the field, the timeline's page found in the built site
    (it splits by month once it grows)."""
    page, selector = SHOWN[str(field)]
    if page == TIMELINE:
        anchor = f'id="{SAFE_IDS["event"]}"'
        page = next(str(p.relative_to(site)) for p in sorted((site / "timeline").rglob("index.html"))
                    if anchor in p.read_text("utf-8"))
    return page, selector


def stored(payload: Payload, field: Field) -> str:
    """The value the loader keeps: an article's `Key: value` line loses surrounding blanks."""
    if field.kind == "article" and field != BODY:
        return re.sub(r"\s+$", "", payload.text.lstrip(" \t"))
    return payload.text


def exported(data: dict[str, Any], field: Field) -> Any:
    """The field's value in data/*.json (the article's text for its body)."""
    records = data[DATA_FILES[field.kind]]
    value = records if field.kind == "center" else next(r for r in records if r["id"] == SAFE_IDS[field.kind])
    if field == BODY:
        return value["text"]
    for name, index in _STEP.findall(field.path):
        value = value[name] if not index else value[name][int(index)]
    return value


def export_mismatches(payload: Payload, accepted: list[Field], data: dict[str, Any]) -> list[str]:
    wrong = []
    for field in accepted:
        if field.path == "id":
            wrong.append(f"{field}: a file named after the payload was accepted")
            continue
        value, want = exported(data, field), stored(payload, field)
        if (field == BODY and want not in value) or (field != BODY and value != want):
            wrong.append(f"{field}: exported as {value!r}")
    return wrong


def squeeze(text: str) -> str:
    return " ".join(text.split())
