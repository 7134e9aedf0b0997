"""The search index: Pagefind's, built into the site, and brought up to date after an edit
without indexing every page again.

A full build indexes every page into `pagefind/`, the base. Pagefind cannot update an
index (it has no incremental mode), so a rebuild that changed only a few pages links the
base unchanged from the published site and indexes just the pages changed since the base
was made into `pagefind-delta/`. `search/delta.json` lists those pages' addresses: the
search page searches both and drops the base's older versions of them
(theme/static/js/search.js). Once more than REBASE_SHARE of the pages have changed since
the base, the build indexes everything again, so the delta, and what it costs, stay small.

Every full index is written into a fresh folder, so a deploy's index is always the same
bytes for the same pages; only local rebuilds carry a delta.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from .incremental import link_tree, link_unchanged
from .staging import BuildFailed

BASE, DELTA, STATE = "pagefind", "pagefind-delta", "search/delta.json"
REBASE_SHARE = 0.1
SEARCHABLE = re.compile(rb"<main\b[^>]*\sdata-pagefind-body\b")


def index_site(site: Path, published: Path, changed: Iterable[str], pages: Iterable[str],
               meanwhile: Callable[[], None] = lambda: None) -> None:
    """Index `site` (the staged build) for search. `changed` are the pages written or removed
    since `published` was built; `pages` every page of the new site."""
    pages = set(pages)
    pending = pending_pages(published, set(changed), len(pages))
    if pending is None:
        run_pagefind(site, site / BASE, meanwhile)
        pending = set()
    else:
        link_tree(published / BASE, site / BASE)
        index_delta(site, sorted(pending & pages), meanwhile)
    write_state(site, pending)


def keep_published_index(site: Path, published: Path, changed: Iterable[str]) -> None:
    """The dev server shows an edit first and indexes it in the background (publish/catchup.py):
    until then search answers from the published base index, with the changed pages listed as
    superseded, so that a build which comes first (the server was stopped) indexes them. The
    published delta is left behind: it may hold older versions of the pages just changed."""
    if (published / BASE).is_dir():
        link_tree(published / BASE, site / BASE)
    write_state(site, (read_state(published) or set()) | set(changed))


def run_pagefind(site: Path, output: Path, meanwhile: Callable[[], None] = lambda: None) -> None:
    """Pagefind's index of `site`'s pages, written to `output`. A failure fails the build: no
    site without its search.

    `meanwhile` runs while Pagefind works: it is a separate process, so the build can use the
    second core for its own reading (the post-build check's) instead of waiting."""
    with tempfile.TemporaryFile("w+") as log:  # a file, not a pipe: nobody drains a pipe meanwhile
        indexer = subprocess.Popen([sys.executable, "-m", "pagefind", "--site", str(site),
                                    "--output-path", str(output), "--quiet"],
                                   stdout=log, stderr=subprocess.STDOUT, text=True)
        try:
            meanwhile()
        finally:
            returncode = indexer.wait()
        if returncode != 0:
            log.seek(0)
            raise BuildFailed(f"search indexing failed:\n{log.read()}")


def pending_pages(published: Path, changed: set[str], page_count: int) -> set[str] | None:
    """The pages the published base index has older versions of (or no longer has), after
    this build; None when the base must be made again."""
    previous = read_state(published)
    if previous is None or not (published / BASE / "pagefind-entry.json").is_file():
        return None
    pending = previous | changed
    return pending if len(pending) <= REBASE_SHARE * page_count else None


def index_delta(site: Path, paths: list[str], meanwhile: Callable[[], None] = lambda: None) -> None:
    """The pages among `paths` marked for search, indexed into `site`'s delta folder."""
    searchable = [path for path in paths if SEARCHABLE.search((site / path).read_bytes())]
    if not searchable:  # Pagefind would index whole pages if none is marked for search
        meanwhile()
        return
    # Beside the staging folder, so that the links work and a killed build's leftovers go
    # with the staging folder's (publish.remove_stale).
    source = Path(tempfile.mkdtemp(prefix=f"{site.name}-search-", dir=site.parent))
    try:
        link_unchanged(site, source, searchable)
        run_pagefind(source, site / DELTA, meanwhile)
    finally:
        shutil.rmtree(source, ignore_errors=True)


def read_state(site: Path) -> set[str] | None:
    """The pages listed in a site's search/delta.json; None if it is missing or not ours
    (the build folder is not trusted: anything may have replaced it)."""
    try:
        data = json.loads((site / STATE).read_text("utf-8"))
        urls = data["superseded"]
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if not isinstance(urls, list) or not all(isinstance(url, str) for url in urls):
        return None
    return {_page_path(url) for url in urls}


def write_state(site: Path, pending: set[str]) -> None:
    state = site / STATE
    state.parent.mkdir(parents=True, exist_ok=True)
    data = {"delta": (site / DELTA).is_dir(), "superseded": sorted(_page_url(path) for path in pending)}
    temporary = state.with_name(state.name + ".tmp")
    temporary.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    os.replace(temporary, state)  # never written through: it may be a link to a published file


def _page_url(path: str) -> str:
    """An output file's address relative to the site root, as Pagefind gives it."""
    return path.removesuffix("index.html")


def _page_path(url: str) -> str:
    return url + "index.html" if url == "" or url.endswith("/") else url
