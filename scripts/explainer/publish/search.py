"""The search index: Pagefind's, built into the site in parts of bounded size, and brought up
to date after an edit without indexing every page again.

Pagefind holds everything it indexes in memory at once (about 35 bytes per byte of `<main>`;
it has no option to limit this, Pagefind/pagefind#842), so a full index is made in parts: the
searchable pages, in the order of their paths, are cut into consecutive runs of at most
PART_BYTES of `<main>`, and each run is indexed by its own Pagefind process, AT_ONCE at a
time, into `pagefind/` (the first), `pagefind-part-2/`, `pagefind-part-3/`... The search page
merges them (theme/static/js/search.js). A site of up to AT_ONCE runs' bytes is one part,
indexed as it always was.

Pagefind cannot update an index (it has no incremental mode), so a rebuild that changed only
a few pages links the base parts unchanged from the published site and indexes just the pages
changed since the base was made into `pagefind-delta/`. `search/delta.json` lists the parts
and those pages' addresses: the search page drops the base's older versions of them. Once
more than REBASE_SHARE of the pages have changed since the base, the build indexes everything
again, so the delta, and what it costs, stay small.

Every full index is written into fresh folders, so a deploy's index is always the same bytes
for the same pages; only local rebuilds carry a delta.
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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pagefind_bin import get_executable

from .incremental import link_tree, link_unchanged
from .staging import BuildFailed

BASE, DELTA, STATE = "pagefind", "pagefind-delta", "search/delta.json"
REBASE_SHARE = 0.1
# Pagefind holds 25-47 bytes per byte of <main> (actor pages, much markup; source pages, nearly
# all text: 298 and 526 MB for 12 MB parts of N=1,000, 870 MB for its 24.8 MB as one index).
# One run uses about 1.4 of 2 cores, so two runs of half the pages at once take a quarter less
# time and hold what one did (N=1,000: 8.2 s and 833 MB against 10.9 s and 838 MB). A site of
# up to AT_ONCE parts' bytes is one index, which ranks as one index does (N=1,000 is one);
# a larger one is cut into parts of PART_BYTES, indexed AT_ONCE at a time: together about
# 1.3 GB (16 MB parts took 740 MB each at N=10,000).
PART_BYTES = 14_000_000
AT_ONCE = 2
PART_BYTES_VARIABLE = "EXPLAINER_SEARCH_PART_BYTES"  # a smaller bound, to test parts on small content
SEARCHABLE = re.compile(rb"<main\b[^>]*\sdata-pagefind-body\b")
PART_FOLDER = re.compile(r"pagefind(-part-[1-9][0-9]*)?")


@dataclass(frozen=True)
class SearchState:
    parts: list[str]  # the base index's folders, the first one first
    superseded: set[str]  # the pages whose versions in the base are out of date (paths)


def index_site(site: Path, published: Path, changed: Iterable[str], pages: Iterable[str],
               meanwhile: Callable[[], None] = lambda: None, in_place: bool = False) -> list[str]:
    """Index `site` (the staged build) for search; the base parts it has. `changed` are the
    pages written or removed since `published` was built; `pages` every page of the new site.
    `in_place`: `site` holds only the pages written, and will be merged into `published`
    (inplace.py), where the base parts and the other pages stay; it must keep the base."""
    pages = set(pages)
    state = pending_state(published, set(changed), len(pages))
    if state is None:
        if in_place:
            raise ValueError("a new search index is made of a whole staged site")
        state = SearchState(index_whole(site, sorted(pages), meanwhile), set())
    else:
        if not in_place:
            for part in state.parts:
                link_tree(published / part, site / part)
        index_delta(site, sorted(state.superseded & pages), meanwhile, published if in_place else None)
    write_state(site, state)
    return state.parts


def keeps_base(published: Path, changed: Iterable[str], page_count: int) -> bool:
    """Whether index_site will keep the published base parts (and index only a delta)."""
    return pending_state(published, set(changed), page_count) is not None


def keep_published_index(site: Path, published: Path, changed: Iterable[str], link: bool = True) -> list[str]:
    """The dev server shows an edit first and indexes it in the background (publish/catchup.py):
    until then search answers from the published base parts, with the changed pages listed as
    superseded, so that a build which comes first (the server was stopped) indexes them. The
    published delta is left behind: it may hold older versions of the pages just changed.
    The base parts kept, linked into `site` unless it is merged into `published` (inplace.py)."""
    state = read_state(published) or SearchState(part_folders(published), set())
    kept = [name for name in state.parts if (published / name).is_dir()]
    if link:
        for name in kept:
            link_tree(published / name, site / name)
    write_state(site, SearchState(state.parts, state.superseded | set(changed)))
    return kept


def is_index_file(name: str) -> bool:
    """Whether a site path is in a search index's folder (which no page links to)."""
    folder = name.split("/", 1)[0]
    return folder == DELTA or PART_FOLDER.fullmatch(folder) is not None


def run_pagefind(site: Path, output: Path, meanwhile: Callable[[], None] = lambda: None) -> None:
    """Pagefind's index of `site`'s pages, written to `output`. A failure fails the build: no
    site without its search.

    `meanwhile` runs while Pagefind works: it is a separate process, so the build can use the
    second core for its own reading (the post-build check's) instead of waiting."""
    indexer = Indexer(site, output)
    try:
        meanwhile()
    finally:
        indexer.finish()


class Indexer:
    """One Pagefind run, started when made; `finish` waits for it and fails the build if it
    failed, `stop` ends it early. Its output goes to a file, not a pipe: nobody drains a
    pipe meanwhile."""

    def __init__(self, site: Path, output: Path, cleanup: Callable[[], None] = lambda: None) -> None:
        self.log = tempfile.TemporaryFile("w+")
        self.cleanup = cleanup  # once it ended, however it ended
        self.process = subprocess.Popen([*_indexer(), "--site", str(site), "--output-path", str(output), "--quiet"],
                                        stdout=self.log, stderr=subprocess.STDOUT, text=True)

    def finish(self) -> None:
        try:
            if self.process.wait() != 0:
                self.log.seek(0)
                raise BuildFailed(f"search indexing failed:\n{self.log.read()}")
        finally:
            self._ended()

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()
        self._ended()

    def _ended(self) -> None:
        self.log.close()
        self.cleanup()


@cache
def _indexer() -> tuple[str, ...]:
    """Pagefind's own binary (its Python wrapper costs a start-up per run), stopped if the
    thread that started it ends: a dev server or build that is stopped or killed leaves no
    indexer behind (setpriv's parent-death signal, where util-linux has it)."""
    binary = get_executable()
    command = (str(binary),) if binary is not None else (sys.executable, "-m", "pagefind")
    setpriv = shutil.which("setpriv")
    return ((setpriv, "--pdeathsig", "TERM") if setpriv else ()) + command


def cut_into_parts(site: Path, pages: Iterable[str]) -> list[list[str]]:
    """The searchable ones of `pages`, in their order: one part if they hold at most AT_ONCE
    times part_bytes() of `<main>`, else cut into consecutive runs of at most part_bytes()
    each (a longer page is a part of its own).

    Pagefind ranks the results of each part with that part's own word statistics, and the
    search page sorts them together by score. Consecutive paths keep the pages of one folder
    together, and those are the pages that compete for the same words, so their order among
    themselves is mostly the one index's (only the part's average page length differs): at
    N=1,000 in three parts, the first result matched one index's for 12 of 20 queries,
    against 9 of 20 with the pages shared out in turn."""
    weights = [(path, weight) for path in pages
               if path.endswith(".html") and (weight := _indexed_bytes(site / path)) is not None]
    bound = part_bytes()
    if sum(weight for _, weight in weights) <= AT_ONCE * bound:
        return [[path for path, _ in weights]] if weights else []
    parts, size = [], 0
    for path, weight in weights:
        if not parts or size + weight > bound:
            parts.append([])
            size = 0
        parts[-1].append(path)
        size += weight
    return parts


def part_bytes() -> int:
    """PART_BYTES, unless the environment sets a bound (a positive whole number of bytes)."""
    value = os.environ.get(PART_BYTES_VARIABLE, "")
    if not value:
        return PART_BYTES
    if not value.isdigit() or int(value) <= 0:
        raise BuildFailed(f"{PART_BYTES_VARIABLE}={value!r}: expected a positive whole number of bytes")
    return int(value)


def part_names(count: int) -> list[str]:
    return [BASE, *(f"{BASE}-part-{number}" for number in range(2, count + 1))]


def index_whole(site: Path, pages: list[str], meanwhile: Callable[[], None] = lambda: None) -> list[str]:
    """Index every page, in parts, AT_ONCE Pagefind runs at a time (their memory together is
    what the bound limits); `meanwhile` runs meanwhile. The parts' folders."""
    parts = cut_into_parts(site, pages)
    if len(parts) <= 1:  # one part (or none marked for search): Pagefind reads the site itself
        run_pagefind(site, site / BASE, meanwhile)
        return [BASE]
    names = part_names(len(parts))
    with ThreadPoolExecutor(max_workers=1) as beside:  # so that a part starts as soon as another ends
        meanwhile_done = beside.submit(meanwhile)
        _index_parts(site, list(zip(names, parts)))
    meanwhile_done.result()  # what it raised, raised here
    return names


def _index_parts(site: Path, parts: list[tuple[str, list[str]]]) -> None:
    """Each (folder, pages) indexed, AT_ONCE runs at a time."""
    waiting, running = list(parts), []
    try:
        while waiting or running:
            while waiting and len(running) < AT_ONCE:
                name, paths = waiting.pop(0)
                running.append(_start_part(site, paths, site / name))
            running.pop(0).finish()  # the parts are alike in size: the oldest ends first
    finally:
        for indexer in running:  # one failed, or the build was stopped: so are the others
            indexer.stop()


def index_delta(site: Path, paths: list[str], meanwhile: Callable[[], None] = lambda: None,
                beside: Path | None = None) -> None:
    """The pages among `paths` marked for search, indexed into `site`'s delta folder. `beside`:
    where the pages that are not in `site` are (the published site a rebuild is merged into)."""
    searchable = [path for path in paths if _indexed_bytes(_page_file(site, beside, path)) is not None]
    if not searchable:  # Pagefind would index whole pages if none is marked for search
        meanwhile()
        return
    _index_pages(site, searchable, site / DELTA, meanwhile, beside)


def _page_file(site: Path, beside: Path | None, path: str) -> Path:
    staged = site / path
    return staged if beside is None or staged.exists() else beside / path


def _index_pages(site: Path, paths: list[str], output: Path, meanwhile: Callable[[], None],
                 beside: Path | None = None) -> None:
    """Index only `paths` (all marked for search), from a folder of hard links to them."""
    source = _linked(site, paths, beside)
    try:
        run_pagefind(source, output, meanwhile)
    finally:
        shutil.rmtree(source, ignore_errors=True)


def _start_part(site: Path, paths: list[str], output: Path) -> Indexer:
    """A Pagefind run over `paths` only, started; its folder of links goes once it ends."""
    source = _linked(site, paths)
    try:
        return Indexer(source, output, cleanup=lambda: shutil.rmtree(source, ignore_errors=True))
    except BaseException:
        shutil.rmtree(source, ignore_errors=True)
        raise


def _linked(site: Path, paths: list[str], beside: Path | None = None) -> Path:
    """A new folder of hard links to `paths` (in `site`, else in `beside`): what one Pagefind run reads."""
    # Beside the staging folder, so that the links work and a killed build's leftovers go
    # with the staging folder's (publish.remove_stale).
    source = Path(tempfile.mkdtemp(prefix=f"{site.name}-search-", dir=site.parent))
    try:
        staged = [path for path in paths if beside is None or (site / path).exists()]
        link_unchanged(site, source, staged)
        if beside is not None:
            link_unchanged(beside, source, sorted(set(paths) - set(staged)))
    except BaseException:
        shutil.rmtree(source, ignore_errors=True)
        raise
    return source


def _indexed_bytes(page: Path) -> int | None:
    """The bytes of the page's `<main>`, what Pagefind indexes (its markup included: a cheap
    measure of the text, read without parsing); None if the page is not marked for search."""
    html = page.read_bytes()
    start = SEARCHABLE.search(html)
    if start is None:
        return None
    end = html.rfind(b"</main>")
    return max(end, start.end()) - start.start()


def part_folders(site: Path) -> list[str]:
    """The base parts found in a site, whatever its state file says, in order."""
    found = {path.name for path in site.glob(f"{BASE}*") if path.is_dir() and PART_FOLDER.fullmatch(path.name)}
    names = part_names(len(found))
    return names if set(names) == found else sorted(found)


def pending_state(published: Path, changed: set[str], page_count: int) -> SearchState | None:
    """The published base parts, and the pages they have older versions of (or no longer
    have), after this build; None when the base must be made again."""
    previous = read_state(published)
    if previous is None or not all((published / part / "pagefind-entry.json").is_file() for part in previous.parts):
        return None
    pending = previous.superseded | changed
    return SearchState(previous.parts, pending) if len(pending) <= REBASE_SHARE * page_count else None


def read_state(site: Path) -> SearchState | None:
    """A site's search/delta.json; None if it is missing or not ours (the build folder is not
    trusted: anything may have replaced it)."""
    try:
        data = json.loads((site / STATE).read_text("utf-8"))
        urls, parts = data["superseded"], data["parts"]
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if not isinstance(urls, list) or not all(isinstance(url, str) for url in urls):
        return None
    if not isinstance(parts, list) or not parts or parts != part_names(len(parts)):
        return None
    return SearchState(parts, {_page_path(url) for url in urls})


def write_state(site: Path, state: SearchState) -> None:
    path = site / STATE
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"parts": state.parts, "delta": (site / DELTA).is_dir(),
            "superseded": sorted(_page_url(page) for page in state.superseded)}
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    os.replace(temporary, path)  # never written through: it may be a link to a published file


def _page_url(path: str) -> str:
    """An output file's address relative to the site root, as Pagefind gives it."""
    return path.removesuffix("index.html")


def _page_path(url: str) -> str:
    return url + "index.html" if url == "" or url.endswith("/") else url
