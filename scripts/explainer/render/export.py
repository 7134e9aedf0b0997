"""The machine-readable export under data/: every record with its citations, as JSON.

The shape is the YAML records' shape (documented by the JSON Schemas in schemas/ and in
docs/data.md), plus each record's `id` and each citation's `url`: the site-relative link
to the highlighted passage. Keys are sorted and files end with a newline, so the output is
byte-stable between builds.

A collection too large for one file (over PART_MAX_BYTES) is split into numbered parts,
`actors-1.json`, `actors-2.json`…; `index.json` lists each collection's files in order.
"""

from __future__ import annotations

import dataclasses
import json
import os
import stat
from functools import cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, NamedTuple

from ..check.graph import anchor_id
from ..check.verify import same_objects
from ..model.records import Citation, Corpus

FORMAT_VERSION = 2
# The collections made of one kind of record, and that kind (as keys name it: "actor:ID").
KINDS = {"actors": "actor", "questions": "question", "events": "event", "disagreements": "disagreement",
         "articles": "article"}
PART_MAX_BYTES = 4_000_000  # well under the post-build check's 10 MB per file


def to_data(value: Any) -> Any:
    if isinstance(value, Citation):
        return {"article": value.article, "quote": value.quote,
                "url": f"sources/{value.article}/#{anchor_id(value.article, value.quote)}"}
    if isinstance(value, list):
        return [to_data(item) for item in value]
    names = _exported_fields(type(value))
    if names is not None:
        return {name: to_data(getattr(value, name)) for name in names}
    return value


@cache
def _exported_fields(cls: type) -> tuple[str, ...] | None:
    """A record class's fields as the export shows them (not where they were written); None
    for anything else. Worked out once per class: the export walks every value of every record."""
    if not dataclasses.is_dataclass(cls):
        return None
    return tuple(f.name for f in dataclasses.fields(cls) if f.init and f.name not in ("mark", "marks"))


def _records(records: dict[str, Any], remember: bool) -> Iterator[str]:
    return (_exported(record, record_id, lambda r, i: {"id": i, **to_data(r)}, remember)
            for record_id, record in sorted(records.items()))


def _articles(corpus: Corpus, remember: bool) -> Iterator[str]:
    return (_exported(a, a.id, lambda r, i: {"id": i, **to_data(r.meta), "text": r.text}, remember)
            for a in sorted(corpus.articles.values(), key=lambda a: a.id))


def _exported(record: Any, record_id: str, data: Callable[[Any, str], dict[str, Any]], remember: bool) -> str:
    """The record as JSON; with `remember`, made once per parsed record: the dev server's
    records outlive a build, and a rebuild after one edit need not dump thousands of
    unchanged ones again. A one-shot build does not keep them (every record's JSON, 65 MB
    at 3,000 articles, held to the end of the build for nothing)."""
    if not remember:
        return dumps(data(record, record_id))
    found = record.__dict__.get("_exported")
    if found is None or found[0] != record_id:
        found = record.__dict__["_exported"] = (record_id, dumps(data(record, record_id)))
    return found[1]


def export(corpus: Corpus, output: Path, remember: bool = True, published: Path | None = None,
           kept: Callable[[str], list[Path]] = lambda name: []) -> dict[str, list[str]]:
    """Write data/; each collection's files. `remember`: keep each record's JSON on it for the
    next build of this process (the dev server's). `published`: the site this process
    published last, where a collection whose records' JSON is all as it was then is linked
    from, not written again. `kept`: a collection's published files that are still what it
    would write (a rebuild's, read from its manifest), linked instead of written."""
    collections = {
        "actors": (corpus.actors, _records(corpus.actors, remember)),
        "questions": (corpus.questions, _records(corpus.questions, remember)),
        "events": (corpus.events, _records(corpus.events, remember)),
        "disagreements": (corpus.disagreements, _records(corpus.disagreements, remember)),
        "center": ({}, iter([_exported(corpus.center, "center", lambda r, _: to_data(r), remember)])),
        "articles": (corpus.articles, _articles(corpus, remember)),
    }
    folder = output / "data"
    folder.mkdir(parents=True, exist_ok=True)
    listed: dict[str, list[str]] = {}
    for name, (records, items) in collections.items():
        if name == "center":  # one record, not a list
            (folder / "center.json").write_text(next(items) + "\n", encoding="utf-8")
            listed[name] = ["center.json"]
        elif linked := _linked(kept(name), folder):
            listed[name] = linked
        elif published is None:
            listed[name] = _write_parts(folder, name, json_parts(items))
        else:
            listed[name] = _written_or_linked(folder, published / "data", name, records, items)
    _write(folder / "index.json", {"format_version": FORMAT_VERSION, "collections": listed,
                                   "files": sorted(f for files in listed.values() for f in files),
                                   "documentation": "docs/data.md in the explainer's repository"})
    return listed


def _linked(files: list[Path], folder: Path) -> list[str]:
    """`files` linked into `folder`; their names, or none if one could not be (gone meanwhile)."""
    try:
        for file in files:
            os.link(file, folder / file.name)
    except OSError:
        for file in files:
            (folder / file.name).unlink(missing_ok=True)
        return []
    return [file.name for file in files]


class Exported(NamedTuple):
    """The dev server's last export of a collection."""

    items: list[str]  # its records' JSON
    files: list[str]
    stamps: list  # each file's file_stamp once written, which the published file keeps
    ids: list[str]  # the records it was made from
    records: list[object]  # the very objects


_last: dict[str, Exported] = {}


def _written_or_linked(folder: Path, published: Path, name: str, records: dict[str, object],
                       made: Iterator[str]) -> list[str]:
    """The collection's files: hard links to the published ones when its records' JSON is as
    when they were written (the very same records need not even be asked for it) and they are
    still those files; else written anew."""
    last = _last.get(name)
    same = last is not None and last.ids == list(records) and same_objects(last.records, list(records.values()))
    items = last.items if same else list(made)
    if last is not None and last.items == items and [file_stamp(published / f) for f in last.files] == last.stamps:
        try:
            for file in last.files:
                os.link(published / file, folder / file)
            _last[name] = last._replace(ids=list(records), records=list(records.values()))  # the same JSON
            return last.files
        except OSError:  # gone or replaced meanwhile: written anew
            for file in last.files:
                (folder / file).unlink(missing_ok=True)
    names = _write_parts(folder, name, json_parts(items))
    _last[name] = Exported(items, names, [file_stamp(folder / file) for file in names], list(records),
                           list(records.values()))
    return names


def file_stamp(path: Path) -> tuple[int, int, int] | None:
    """What a file keeps when it is moved or linked into the published site, and loses when it
    is written again (its inode, size and modification time); None if it is missing or is not
    a plain file (a link is never taken for the file it points to)."""
    try:
        found = path.lstat()
    except OSError:
        return None
    return (found.st_ino, found.st_size, found.st_mtime_ns) if stat.S_ISREG(found.st_mode) else None


def _write_parts(folder: Path, name: str, parts: Iterable[str]) -> list[str]:
    """Each part written once the next is made (a collection's whole JSON is never held, at
    most two parts of it): one part alone is `name`.json, several `name`-1.json, `name`-2.json…"""
    names: list[str] = []
    held: str | None = None
    for part in parts:
        if held is not None:
            names.append(f"{name}-{len(names) + 1}.json")
            (folder / names[-1]).write_text(held, encoding="utf-8")
        held = part
    names.append(f"{name}-{len(names) + 1}.json" if names else f"{name}.json")
    (folder / names[-1]).write_text(held or "[]\n", encoding="utf-8")
    return names


def json_parts(items: Iterable[str]) -> Iterator[str]:
    """The items as JSON lists, each file at most PART_MAX_BYTES unless one item alone is
    larger (an article is at most 2 MB, so every file stays under the 10 MB check). The text
    is what json.dumps(part) writes, assembled from each item's own JSON; at least one part."""
    part: list[str] = []
    size = 0
    for text in items:
        item_size = len(text.encode("utf-8")) + 2  # and its ", "
        if part and size + item_size > PART_MAX_BYTES:
            yield "[" + ", ".join(part) + "]\n"
            part, size = [], 0
        part.append(text)
        size += item_size
    yield "[" + ", ".join(part) + "]\n"


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)  # no indent: only then is json's C encoder used


def _write(path: Path, data: Any) -> None:
    path.write_text(dumps(data) + "\n", encoding="utf-8")
