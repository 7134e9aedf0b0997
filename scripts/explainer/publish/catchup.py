"""The dev server's search index, brought up to date in the background after each reload.

A dev-server build publishes an edit at once and keeps the published base index, listing
the pages it changed as superseded (search.keep_published_index). `catch_up` then indexes
what a full build would, away from the published site: the superseded pages into a small
delta or, once they are more than REBASE_SHARE of the site, every page afresh (in parts).

Only its two short steps hold the build lock (`hold`): linking the pages it will index, and
putting the new index in place. Pagefind runs between them, so the next rebuild never waits
for it. If a rebuild published in the meantime, a delta is thrown away (that rebuild asked
for another catch-up, which indexes its pages too); a whole new index is kept, with the pages
that rebuild changed listed as superseded until that next catch-up.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from .incremental import file_identity, link_unchanged, load_manifest
from .search import DELTA, STATE, SearchState, index_delta, index_whole, part_folders, pending_state, write_state
from .staging import replace_folder, search_work_path


@dataclass(frozen=True)
class Snapshot:
    """What the published site was when a catch-up began."""

    state: tuple  # identity of its search state file: every build writes a new one
    pages: list[str]  # the pages linked for indexing
    whole: bool  # every page, into new base parts; else the superseded pages, into a delta
    search: SearchState | None  # the published base parts and superseded pages (a delta only)


def catch_up(output: Path, hold: Callable[[], AbstractContextManager]) -> str:
    """Index the published site `output` until its search is current; what was done, in words."""
    work = search_work_path(output)
    shutil.rmtree(work, ignore_errors=True)
    try:
        with hold():
            snapshot = _snapshot(output)
            if snapshot is None:
                return "search index already up to date"
            link_unchanged(output, work, snapshot.pages)
        if snapshot.whole:
            parts = index_whole(work, snapshot.pages)
        else:
            parts = snapshot.search.parts
            index_delta(work, snapshot.pages)
        with hold():
            return _install(work, output, snapshot, parts)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _snapshot(output: Path) -> Snapshot | None:
    pages = _published_pages(output)
    search = pending_state(output, set(), len(pages))
    if search is None:
        return Snapshot(file_identity(output / STATE), pages, True, None)
    if not search.superseded:
        return None
    return Snapshot(file_identity(output / STATE), sorted(search.superseded & set(pages)), False, search)


def _published_pages(output: Path) -> list[str]:
    manifest = load_manifest(output)
    if manifest is not None and manifest.pages:
        return sorted(path for path in manifest.pages if (output / path).is_file())
    return sorted(str(path.relative_to(output)) for path in output.rglob("*.html"))


def _install(work: Path, output: Path, snapshot: Snapshot, parts: list[str]) -> str:
    if snapshot.whole:
        stale = _changed_since(work, output, snapshot.pages)
        for name in parts:
            replace_folder(work / name, output / name)
        for name in set(part_folders(output)) - set(parts):  # a smaller site has fewer parts
            shutil.rmtree(output / name, ignore_errors=True)
        shutil.rmtree(output / DELTA, ignore_errors=True)
        write_state(output, SearchState(parts, stale))
        return "search index rebuilt" + (f"; {len(stale):,} pages changed meanwhile" if stale else "")
    if file_identity(output / STATE) != snapshot.state:
        return "search index left for the next catch-up: the site was rebuilt meanwhile"
    if (work / DELTA).is_dir():
        replace_folder(work / DELTA, output / DELTA)
    else:  # none of the superseded pages is searched
        shutil.rmtree(output / DELTA, ignore_errors=True)
    write_state(output, snapshot.search)
    return f"search index updated with {len(snapshot.pages):,} changed pages"


def _changed_since(work: Path, output: Path, pages: list[str]) -> set[str]:
    """The pages indexed from `work` that `output` no longer has as they were (its files are
    hard links to the published ones, so an unchanged page is the same file)."""
    changed = set()
    for page in pages:
        try:
            same = os.path.samefile(work / page, output / page)
        except OSError:
            same = False
        if not same:
            changed.add(page)
    return changed
