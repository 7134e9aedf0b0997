"""Incremental rebuilds: render again only the pages whose inputs changed.

After each successful build a manifest, kept beside the output folder, records:
- `environment`: a hash of everything every page depends on (this code, the theme, the
  settings). When it changes, every page is rendered again;
- `inputs`: each record's key ("actor:hamas") with the hash of its file;
- `refs`: the keys each record points at. A page that lists what points at a record (an
  actor's mentions, a source's citing pages) must change when a pointer comes or goes;
- `pages`: for each page written, the record keys it read (`Page.deps`), the size and
  modification time of the file (a file changed by anything else is rendered again), and
  what the post-build check needs from it (title, ids, links), so unchanged pages are not
  parsed again.
Unchanged pages are hard-linked from the published site into the staging folder, so the
swap stays atomic and a failed build still leaves the published site as it was.

The manifest is JSON, never pickle: it sits in the repository's folder, where a pull
request could put one, and must not be able to run code.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..check.walk import refs_of
from ..model.records import Corpus
from .postcheck import PageSummary

FORMAT = 3
CODE = Path(__file__).parent.parent  # the whole package
# The page that lists what points at a record of each kind.
BACKLINK_PAGES = {"actor": "actors/{}/index.html", "article": "sources/{}/index.html",
                  "question": "questions/{}/index.html", "center": "center/index.html"}


@dataclass
class PageEntry:
    deps: list[str]
    size: int
    mtime: int
    summary: PageSummary  # what the post-build check read from the page


@dataclass
class Manifest:
    environment: str
    inputs: dict[str, str]
    refs: dict[str, list[str]]
    pages: dict[str, PageEntry] = field(default_factory=dict)


def manifest_path(output: Path) -> Path:
    return output.with_name(f".{output.name}.explainer-manifest.json")


def load_manifest(output: Path, remembered: tuple[tuple, Manifest] | None = None) -> Manifest | None:
    """The last build's manifest, or None (first build, other format, or a damaged file).
    `remembered`: what save_manifest returned in this process, used while the file is still the
    one it wrote (the dev server need not parse its own manifest again)."""
    if remembered is not None and remembered[0] == file_identity(manifest_path(output)):
        return remembered[1]
    try:
        data = json.loads(manifest_path(output).read_text("utf-8"))
        if data.pop("format") != FORMAT:
            return None
        data["pages"] = {path: PageEntry(**{**entry, "summary": PageSummary(**entry["summary"])})
                         for path, entry in data["pages"].items()}
        return Manifest(**data)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def save_manifest(output: Path, manifest: Manifest) -> tuple[tuple, Manifest]:
    """Write the manifest; what load_manifest may remember of it."""
    path = manifest_path(output)
    temporary = path.with_name(path.name + ".tmp")
    # Built by hand: dataclasses.asdict deep-copies every list (1.6 s at 1,000 articles).
    pages = {path: {"deps": entry.deps, "size": entry.size, "mtime": entry.mtime, "summary": vars(entry.summary)}
             for path, entry in manifest.pages.items()}
    data = {"format": FORMAT, "environment": manifest.environment, "inputs": manifest.inputs,
            "refs": manifest.refs, "pages": pages}
    temporary.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
    os.replace(temporary, path)
    return file_identity(path), manifest


def file_identity(path: Path) -> tuple:
    """What changes whenever the file is written or replaced; () if it is missing."""
    try:
        found = path.stat()
    except OSError:
        return ()
    return found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns


def environment_digest(settings: dict[str, Any], theme: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    for root in (CODE, theme):
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(f"{path.relative_to(root)}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def record_refs(corpus: Corpus) -> dict[str, list[str]]:
    refs: dict[str, list[str]] = {}
    for kind in ("actor", "question", "event", "disagreement"):
        for record_id, record in corpus.records(kind).items():
            found = {f"{use.kind}:{use.target}" for use in refs_of(record)}
            if kind == "disagreement" and record.center:
                found.add("center:center")  # its box is shown on the center's page
            refs[f"{kind}:{record_id}"] = sorted(found)
    if corpus.center is not None:
        refs["center:center"] = sorted({f"{use.kind}:{use.target}" for use in refs_of(corpus.center)})
    return refs


def pages_to_render(previous: Manifest | None, current: Manifest, outputs: Iterable[str], published: Path) -> set[str]:
    """The output files that must be rendered again; every other one is unchanged."""
    outputs = set(outputs)
    if previous is None or previous.environment != current.environment:
        return outputs
    changed = {key for key in previous.inputs.keys() | current.inputs.keys()
               if previous.inputs.get(key) != current.inputs.get(key)}
    added_or_removed = {key.split(":")[0] + ":*" for key in changed
                        if (key in previous.inputs) != (key in current.inputs)}
    touched = changed | added_or_removed
    render = {path for path, entry in previous.pages.items() if path in outputs and touched.intersection(entry.deps)}
    for key in changed:  # a pointer that came or went changes the page listing what points there
        for target in set(previous.refs.get(key, ())) ^ set(current.refs.get(key, ())):
            kind, _, record_id = target.partition(":")
            if kind in BACKLINK_PAGES:
                render.add(BACKLINK_PAGES[kind].format(record_id))
    render |= {path for path in outputs if not _unchanged_on_disk(previous.pages.get(path), published / path)}
    return render & outputs


def _unchanged_on_disk(entry: PageEntry | None, path: Path) -> bool:
    if entry is None:
        return False
    try:
        stat = path.stat()
    except OSError:
        return False
    return stat.st_size == entry.size and stat.st_mtime_ns == entry.mtime


def link_unchanged(published: Path, staging: Path, paths: Iterable[str]) -> None:
    """Unchanged pages enter the new site as hard links to the published files: no copy,
    and the published files are never written to."""
    made: set[Path] = set()
    for relative in paths:
        target = staging / relative
        if target.parent not in made:  # one mkdir per folder, not per file
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        os.link(published / relative, target)


def link_tree(source: Path, target: Path) -> None:
    link_unchanged(source, target, sorted(str(p.relative_to(source)) for p in source.rglob("*") if p.is_file()))
