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
A page that reads every record of a kind (the map's and the actors index's pages read every
actor) holds one key for them, "actor:**": every actor key of its manifest's `inputs`.
Written out, those pages held 3.2 million of the 3.5 million keys at 3,000 articles (87 MB of
a 120 MB manifest, and as many strings in memory), growing with the square of the content.
In the file, every key and link is an index into one `strings` table.
A rebuild's pages are merged into the published site (inplace.py), or, where it cannot be,
the unchanged pages are hard-linked into the staging folder and the whole is swapped in;
either way a failed build leaves the published site as it was.

The manifest is JSON, never pickle: it sits in the repository's folder, where a pull
request could put one, and must not be able to run code.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from pathlib import Path
from typing import Any, NamedTuple

from ..check.walk import ref_keys
from ..model.collector import collector_paused
from ..model.records import Corpus
from .postcheck import PageSummary

FORMAT = 4
ROWS_AT_ONCE = 512  # pages written with one json.dumps: never the whole manifest as one string
EVERY = ":**"  # "actor:**": every actor key of the inputs (ids never hold "*": model/schema.py)
GROUP_MIN = 16  # a kind with fewer keys is not worth a group
CODE = Path(__file__).parent.parent  # the whole package
# The page that lists what points at a record of each kind.
BACKLINK_PAGES = {"actor": "actors/{}/index.html", "article": "sources/{}/index.html",
                  "question": "questions/{}/index.html", "center": "center/index.html"}


@dataclass
class PageEntry:
    deps: list[str]  # sorted; "kind:**" stands for every key of that kind in `kinds`
    size: int
    mtime: int
    summary: PageSummary  # what the post-build check read from the page
    # The keys of each kind that its "kind:**" stand for: those of the manifest it was made
    # with (None: the manifest it is in). An unchanged page's entry moves to the next one.
    kinds: dict[str, frozenset[str]] | None = field(default=None, repr=False, compare=False)


class ExportEntry(NamedTuple):
    digest: str
    files: list[tuple[str, list[int]]]  # each file's name and stamp


def kind_digests(manifest: Manifest) -> dict[str, str]:
    """Each kind of record's digest: of the code, and of the files of its records. A data/
    collection is made of nothing else (a record's JSON is its own file's fields)."""
    digests: dict[str, Any] = {}
    for key in sorted(manifest.inputs):
        kind = key.partition(":")[0]
        if kind not in digests:
            digests[kind] = hashlib.sha256(manifest.environment.encode())
        digests[kind].update(f"\0{key}\0{manifest.inputs[key]}".encode())
    return {kind: digest.hexdigest() for kind, digest in digests.items()}


@dataclass
class Manifest:
    environment: str
    inputs: dict[str, str]
    refs: dict[str, list[str]]
    pages: dict[str, PageEntry] = field(default_factory=dict)
    # Each key of the pages' deps with the pages that hold it: the dev server's, handed from one
    # manifest to the next (pass_readers), so a save looks up what its edit touched instead of
    # going through 142,000 keys of 4,957 pages at 1,000 articles. None: not made. Lists, not
    # sets: 2.5 MB there, not 11.5 (most keys have a few pages), and a save changes a few pages.
    readers: dict[str, list[str]] | None = field(default=None, repr=False, compare=False)
    # Each collection of data/ (render/export.py): the digest of what it was made from, and its
    # files with the stamp each had once written (file_stamp), so an unchanged one is linked.
    exports: dict[str, ExportEntry] = field(default_factory=dict)

    @cached_property
    def kinds(self) -> dict[str, frozenset[str]]:
        """The input keys of each kind with enough of them to be worth a group."""
        found: dict[str, set[str]] = {}
        for key in self.inputs:
            found.setdefault(key.partition(":")[0], set()).add(key)
        return {kind: frozenset(keys) for kind, keys in found.items() if len(keys) >= GROUP_MIN}

    def compact(self, deps: Collection[str]) -> list[str]:
        """A page's deps as its entry keeps them: sorted, every kind it reads whole as one key,
        each other key the inputs' own string (a page's are made anew by each page)."""
        deps = deps if isinstance(deps, (set, frozenset)) else set(deps)
        whole = [kind for kind, keys in self.kinds.items() if len(keys) <= len(deps) and keys <= deps]
        covered = frozenset().union(*(self.kinds[kind] for kind in whole))
        canonical = self._keys
        return sorted([canonical.get(key, key) for key in deps if key not in covered] + [k + EVERY for k in whole])

    @cached_property
    def _keys(self) -> dict[str, str]:
        return {key: key for key in self.inputs}


def readers_of(pages: dict[str, PageEntry]) -> dict[str, list[str]]:
    """Each key of the pages' deps, with the pages that hold it."""
    found: dict[str, list[str]] = {}
    for path, entry in pages.items():
        for key in entry.deps:
            found.setdefault(key, []).append(path)
    return found


def pass_readers(previous: Manifest | None, current: Manifest) -> None:
    """Give `current` its readers: `previous`'s (which it no longer has), with the pages whose
    entry is not the very same object taken out and put in again; made whole if it had none."""
    if previous is None or previous.readers is None:
        current.readers = readers_of(current.pages)
        return
    readers, previous.readers = previous.readers, None
    for path, entry in previous.pages.items():
        if current.pages.get(path) is not entry:
            for key in entry.deps:
                readers[key].remove(path)
    for path, entry in current.pages.items():
        if previous.pages.get(path) is not entry:
            for key in entry.deps:
                readers.setdefault(key, []).append(path)
    current.readers = readers


def _reading(previous: Manifest, touched: set[str]) -> set[str]:
    """The pages that read any of the `touched` keys, from previous.readers: what _reads_any
    finds of every page."""
    readers = previous.readers
    found = set().union(*(readers.get(key, ()) for key in touched))
    for kind in {key.partition(":")[0] for key in touched}:
        for path in readers.get(kind + EVERY, ()):
            entry = previous.pages[path]
            groups = entry.kinds if entry.kinds is not None else previous.kinds
            if not touched.isdisjoint(groups.get(kind, ())):
                found.add(path)
    return found


def _reads_any(entry: PageEntry, touched: set[str], kinds: dict[str, frozenset[str]],
               groups_touched: dict[int, set[str]]) -> bool:
    """Whether the page read any of the `touched` keys. `groups_touched`: for each `kinds` seen
    (by id), its "kind:**" that hold a touched key, worked out once, not for each of every
    page's keys (an unchanged page keeps the groups of the build that rendered it)."""
    if not touched.isdisjoint(entry.deps):
        return True
    groups = entry.kinds if entry.kinds is not None else kinds
    found = groups_touched.get(id(groups))  # alive for as long as the entries that hold it
    if found is None:
        found = groups_touched[id(groups)] = {kind + EVERY for kind, keys in groups.items()
                                              if not touched.isdisjoint(keys)}
    return not found.isdisjoint(entry.deps)


def manifest_path(output: Path) -> Path:
    return output.with_name(f".{output.name}.explainer-manifest.json")


def load_manifest(output: Path, remembered: tuple[tuple, Manifest] | None = None) -> Manifest | None:
    """The last build's manifest, or None (first build, other format, or a damaged file).
    `remembered`: what save_manifest returned in this process, used while the file is still the
    one it wrote (the dev server need not parse its own manifest again)."""
    if remembered is not None and remembered[0] == file_identity(manifest_path(output)):
        manifest = remembered[1]
        for entry in manifest.pages.values():  # the pages it rendered: their groups are its own
            if entry.kinds is None:
                entry.kinds = manifest.kinds
        return manifest
    try:
        with collector_paused():  # a page's entry a few dozen objects: 49,365 pages at 10,000 articles
            data = json.loads(manifest_path(output).read_text("utf-8"))
            return _parsed(data) if isinstance(data, dict) and data.get("format") == FORMAT else None
    except (OSError, ValueError, TypeError, KeyError, AttributeError, IndexError):
        return None


def _parsed(data: dict) -> Manifest:
    strings = data["strings"]
    if not isinstance(strings, list) or not all(isinstance(s, str) for s in strings):
        raise TypeError("strings")
    manifest = Manifest(data["environment"], data["inputs"], data["refs"], exports=_exports(data.get("exports", {})))
    kinds = manifest.kinds
    string = strings.__getitem__
    for path, (deps, size, mtime, title, ids, links) in data["pages"].items():
        summary = PageSummary(title, ids, list(map(string, links)))
        manifest.pages[path] = PageEntry(list(map(string, deps)), size, mtime, summary, kinds)
    return manifest


def _exports(data: Any) -> dict[str, ExportEntry]:
    """The manifest's exports, checked (the build folder is not trusted: TypeError if not ours;
    a file is only ever one of its collection's own names in data/)."""
    if not isinstance(data, dict):
        raise TypeError("exports")
    found = {}
    for name, (digest, files) in data.items():
        if not (isinstance(digest, str) and isinstance(files, list) and all(
                _collection_file(name, f) and isinstance(stamp, list) and all(type(n) is int for n in stamp)
                for f, stamp in files)):
            raise TypeError("exports")
        found[name] = ExportEntry(digest, [(f, stamp) for f, stamp in files])
    return found


def _collection_file(name: str, file: Any) -> bool:
    """Whether `file` is one of collection `name`'s own names in data/: name.json, name-2.json…"""
    return (re.fullmatch("[a-z]+", name) is not None and isinstance(file, str)
            and re.fullmatch(rf"{name}(-[1-9][0-9]*)?\.json", file) is not None)


def save_manifest(output: Path, manifest: Manifest) -> tuple[tuple, Manifest]:
    """Write the manifest; what load_manifest may remember of it. Written a page at a time:
    the whole as one JSON string would be the largest thing the build holds."""
    path = manifest_path(output)
    temporary = path.with_name(path.name + ".tmp")
    same: dict[tuple[int, str], bool] = {}
    names = sorted(manifest.pages)
    deps = {name: _deps_written(manifest.pages[name], manifest.kinds, same) for name in names}
    strings = list(dict.fromkeys(chain.from_iterable(chain(deps[name], manifest.pages[name].summary.links)
                                                     for name in names)))
    table = dict(zip(strings, range(len(strings))))
    with open(temporary, "w", encoding="utf-8") as file:
        file.write(f'{{"format": {FORMAT}, "environment": {json.dumps(manifest.environment)}, '
                   f'"inputs": {json.dumps(manifest.inputs)}, "refs": {json.dumps(manifest.refs)}, '
                   f'"exports": {json.dumps(manifest.exports)}, '
                   f'"strings": {json.dumps(strings)}, "pages": {{')
        for start in range(0, len(names), ROWS_AT_ONCE):  # one json.dumps (in C) for each batch of pages
            rows = {name: _row(manifest.pages[name], deps[name], table) for name in names[start:start + ROWS_AT_ONCE]}
            file.write(f'{", " if start else ""}{json.dumps(rows)[1:-1]}')
        file.write("}}\n")
    os.replace(temporary, path)
    return file_identity(path), manifest


def _row(entry: PageEntry, deps: list[str], table: dict[str, int]) -> list:
    """A page's entry as the file holds it: its keys and links as numbers into `strings`."""
    return [list(map(table.__getitem__, deps)), entry.size, entry.mtime, entry.summary.title, entry.summary.ids,
            list(map(table.__getitem__, entry.summary.links))]


def _deps_written(entry: PageEntry, kinds: dict[str, frozenset[str]], same: dict[tuple[int, str], bool]) -> list[str]:
    """The entry's deps in terms of the manifest's own groups: a kept page's "actor:**" that
    meant other actors than this build's (an actor added since) is written out key by key."""
    if entry.kinds is None or entry.kinds is kinds:
        return entry.deps
    found: list[str] = []
    for key in entry.deps:
        kind = key[:-len(EVERY)] if key.endswith(EVERY) else ""
        if kind and (id(entry.kinds), kind) not in same:
            same[(id(entry.kinds), kind)] = entry.kinds.get(kind) == kinds.get(kind)
        if not kind or same[(id(entry.kinds), kind)]:
            found.append(key)
        else:
            found += entry.kinds.get(kind, ())
    return sorted(found)


def file_identity(path: Path) -> tuple:
    """What changes whenever the file is written or replaced; () if it is missing."""
    try:
        found = path.stat()
    except OSError:
        return ()
    return found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns


def environment_digest(settings: dict[str, Any], theme: Path) -> str:
    """A hash of the settings and of every file of this code and of the theme; the last one
    while no file's stamp changed (as the dev server trusts a content file's: read/load.py)."""
    files = [(root, relative) for root in (CODE, theme) for relative in _files_under(root)]
    stamps = (json.dumps(settings, sort_keys=True, default=str),
              [(str(root), relative, _stamp(os.path.join(root, relative))) for root, relative in files])
    if _environment.get("stamps") == stamps:
        return _environment["digest"]
    digest = hashlib.blake2b(digest_size=16)
    digest.update(stamps[0].encode())
    for root, relative in files:
        digest.update(f"{relative}\0".encode())
        digest.update((root / relative).read_bytes())
    _environment.update(stamps=stamps, digest=digest.hexdigest())
    return _environment["digest"]


_environment: dict[str, Any] = {}  # the last environment_digest, and the stamps of what it read


def _stamp(path: str) -> tuple[int, ...]:
    found = os.stat(path)
    return found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino


def _files_under(root: Path) -> list[str]:
    """The files under `root`, relative to it and sorted, leaving out Python's caches; listed by
    os.walk, which need not go into them (Path.rglob took 4 of each save's 5 ms here)."""
    found = []
    for folder, folders, names in os.walk(root):
        folders[:] = [name for name in folders if name != "__pycache__"]
        relative = os.path.relpath(folder, root)
        found += [name if relative == "." else os.path.join(relative, name) for name in names
                  if os.path.isfile(os.path.join(folder, name))]
    return sorted(found)


def record_refs(corpus: Corpus) -> dict[str, list[str]]:
    refs: dict[str, list[str]] = {}
    for kind in ("actor", "question", "event", "disagreement"):
        for record_id, record in corpus.records(kind).items():
            refs[f"{kind}:{record_id}"] = _ref_keys(record, kind == "disagreement" and record.center)
    if corpus.center is not None:
        refs["center:center"] = _ref_keys(corpus.center)
    return refs


def _ref_keys(record: Any, on_center: bool = False) -> list[str]:
    """The sorted keys the record points at, kept on it (the dev server's records outlive a
    build; the manifest holds the same list)."""
    found = record.__dict__.get("_sorted_ref_keys")
    if found is None:
        keys = ref_keys(record) | {"center:center"} if on_center else ref_keys(record)  # its box is on the center's page
        found = record.__dict__["_sorted_ref_keys"] = sorted(keys)
    return found


def pages_to_render(previous: Manifest | None, current: Manifest, outputs: Iterable[str], published: Path) -> set[str]:
    """The output files that must be rendered again; every other one is unchanged."""
    outputs = set(outputs)
    if previous is None or previous.environment != current.environment:
        return outputs
    changed = {key for key, _ in previous.inputs.items() ^ current.inputs.items()}  # came, went or differ
    if previous.inputs.keys() == current.inputs.keys():  # the same keys: the same groups, not worked out again
        current.__dict__.setdefault("kinds", previous.kinds)
        current.__dict__.setdefault("_keys", previous._keys)
    added_or_removed = {key.split(":")[0] + ":*" for key in changed
                        if (key in previous.inputs) != (key in current.inputs)}
    touched = changed | added_or_removed
    if previous.readers is not None:
        render = _reading(previous, touched) & outputs
    else:
        groups_touched: dict[int, set[str]] = {}
        render = {path for path, entry in previous.pages.items()
                  if path in outputs and _reads_any(entry, touched, previous.kinds, groups_touched)}
    for key in changed:  # a pointer that came or went changes the page listing what points there
        for target in set(previous.refs.get(key, ())) ^ set(current.refs.get(key, ())):
            kind, _, record_id = target.partition(":")
            if kind in BACKLINK_PAGES:
                render.add(BACKLINK_PAGES[kind].format(record_id))
    root = os.path.join(os.fspath(published), "")  # joined as text: a Path, or os.path.join, costs more than the stat
    pages = previous.pages
    render |= {path for path in outputs if not _unchanged_on_disk(pages.get(path), root + path)}
    return render & outputs


def _unchanged_on_disk(entry: PageEntry | None, path: str) -> bool:
    if entry is None:
        return False
    try:
        found = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(found.st_mode) and found.st_size == entry.size and found.st_mtime_ns == entry.mtime


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
