"""The machine-readable export under data/: every record with its citations, as JSON.

The shape is the YAML records' shape (documented by the JSON Schemas in schemas/ and in
docs/data.md), plus each record's `id` and each citation's `url`: the site-relative link
to the highlighted passage. Keys are sorted and files end with a newline, so the output is
byte-stable between builds.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from .graph import anchor_id
from .model import Citation, Corpus

FORMAT_VERSION = 1


def to_data(value: Any) -> Any:
    if isinstance(value, Citation):
        return {"article": value.article, "quote": value.quote,
                "url": f"sources/{value.article}/#{anchor_id(value.article, value.quote)}"}
    if dataclasses.is_dataclass(value):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.init and f.name not in ("mark", "marks")}
    if isinstance(value, list):
        return [to_data(item) for item in value]
    return value


def _records(records: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"id": record_id, **to_data(record)} for record_id, record in sorted(records.items())]


def _articles(corpus: Corpus) -> list[dict[str, Any]]:
    return [{"id": a.id, **to_data(a.meta), "text": a.text}
            for a in sorted(corpus.articles.values(), key=lambda a: a.id)]


def export(corpus: Corpus, output: Path) -> None:
    files = {
        "actors.json": _records(corpus.actors),
        "questions.json": _records(corpus.questions),
        "events.json": _records(corpus.events),
        "disagreements.json": _records(corpus.disagreements),
        "center.json": to_data(corpus.center),
        "articles.json": _articles(corpus),
    }
    folder = output / "data"
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        _write(folder / name, data)
    _write(folder / "index.json", {"format_version": FORMAT_VERSION, "files": sorted(files),
                                   "documentation": "docs/data.md in the explainer's repository"})


def _write(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
