"""The whole explainer, Pelican-free: load, verify, graph, pages. Used by build and check."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .check import quotecache
from .check.anchors import reserved_anchors
from .check.graph import Graph, build_graph
from .check.verify import Anchors, verify
from .model.problems import ContentError, Mark, Problems
from .read import diskcache
from .read.load import Folders, Loaded, check_no_links, load_content
from .render.budget import asset_bytes, page_estimates, warn_over_budget
from .render.index_pages import updates_digest
from .render.layout import Layout, plan_layout
from .render.map_pages import map_digests
from .render.page import Page
from .render.plan import page_plan


@dataclass
class Checked:
    problems: Problems
    anchors: Anchors | None
    loaded: object
    graph: Graph | None = None  # with the layout, only when the content has no error
    layout: Layout | None = None


def _silent(text: str) -> None:
    pass


def check_content(content_dir: Path, theme_dir: Path | None = None, cache: dict | None = None,
                  stage: Callable[[str], None] = _silent, estimate_budget: bool = True,
                  deferred: dict[str, Callable[[], None]] | None = None, kept: dict | None = None) -> Checked:
    """Every record loaded and verified; `stage` hears what is being done (progress).
    `theme_dir`: the theme to build with, whose links are refused; without one (`check`),
    the theme beside content/ still gives the element ids that records must not repeat.
    `estimate_budget`: warn of pages near their budget from their estimated sizes (`check`
    does; a build measures the pages it wrote instead, publish/pagesize.py).
    `deferred`: where to leave the cache's writes for later instead of doing them now (the dev
    server does them between saves); a later build's replace an earlier one's. `kept`: where a
    long-lived process keeps its last load (read/load.py Folders) and layout between checks, for
    the next to be patched from them."""
    later = deferred if deferred is not None else _Now()
    long_lived = deferred is not None  # a build that defers its cache's writes runs again in this process
    with _cycle_collector_paused():
        stage("reading content")
        disk = diskcache.open_cache(content_dir)
        folders = kept.setdefault("folders", Folders()) if kept is not None and long_lived else None
        loaded = _load_cached(content_dir, cache, disk, later, folders, fork=not long_lived)
        if theme_dir is not None:
            check_no_links(theme_dir, loaded.problems)
        anchors = None
        if not any(p.code == "no-content" for p in loaded.problems.errors):
            corpus = loaded.corpus
            stage(f"checking {len(corpus.articles):,} articles and {corpus.record_count():,} records")
            reserved = reserved_anchors(theme_dir if theme_dir is not None else content_dir.parent / "theme")
            if disk is not None:
                quotecache.remember(disk, corpus, loaded.digests)
            last = kept.get("verify") if kept is not None and long_lived else None
            anchors = verify(corpus, loaded.problems, reserved, remember=long_lived, last=last)
            if kept is not None and long_lived:
                kept["verify"] = anchors.checked
            if disk is not None:
                later["quotes"] = partial(quotecache.keep, disk, corpus, loaded.digests)
        checked = Checked(loaded.problems, anchors, loaded)
        if anchors is not None and not loaded.problems.errors:
            stage("linking records and planning pages")
            _plan_pages(checked, theme_dir or content_dir.parent / "theme", estimate_budget, long_lived, kept)
    return checked


class _Now(dict):
    """Writes that are not deferred: done as they are handed over."""

    def __setitem__(self, name: str, write: Callable[[], None]) -> None:
        write()


def _load_cached(content_dir: Path, cache: dict | None, disk: diskcache.DiskCache | None,
                 later: dict[str, Callable[[], None]], folders: Folders | None = None, fork: bool = False) -> Loaded:
    """load_content, with the parsed files of an earlier process when this one has none
    (read/diskcache.py); the files parsed anew are saved for the next."""
    if disk is None:
        return load_content(content_dir, cache, folders, fork)
    if cache is None:
        cache = {}
    if not cache:
        cache.update(diskcache.load_entries(disk))
    loaded = load_content(content_dir, cache, folders, fork)
    if not any(p.code == "no-content" for p in loaded.problems.errors):
        later["parsed files"] = partial(diskcache.save_entries, disk,
                                        {path: cache[path] for path in loaded.files if path in cache})
    return loaded


def _plan_pages(checked: Checked, theme: Path, estimate_budget: bool, long_lived: bool,
                kept: dict | None = None) -> None:
    """Which page shows what, and a warning for each page near its budget (render/budget.py).
    `long_lived`: the records outlive this build, and may keep their plans for the next;
    `kept`: holds the last layout (and its graph), which this one is patched from."""
    last = kept.get("layout") if kept is not None and long_lived else None
    checked.graph = build_graph(checked.loaded.corpus, checked.anchors, remember=long_lived,
                                last=last.graph if last is not None else None)
    checked.layout = plan_layout(checked.graph, remember=long_lived, last=last)
    if kept is not None and long_lived:
        kept["layout"] = checked.layout
    _report_collisions(checked)
    if estimate_budget:
        warn_over_budget(page_estimates(checked.layout, asset_bytes(theme)), checked.problems)


# kind -> the index whose later pages are at INDEX/2/, ..., and the fix
COLLIDING = {"actor": ("actors", "give the actor an id made from its name"),
             "question": ("questions", "give the question an id made from its title"),
             "article": ("sources", "rename the article's file (its name is its id) after its title")}


def _report_collisions(checked: Checked) -> None:
    corpus = checked.loaded.corpus
    for kind, record_id in checked.layout.collisions:
        index, hint = COLLIDING[kind]
        mark = (Mark(corpus.articles[record_id].path) if kind == "article"
                else getattr(corpus, f"{kind}s")[record_id].mark)
        checked.problems.error(mark, "page-collision", f"{kind} id '{record_id}' is also the address of page "
                               f"{record_id} of the {index} index ({index}/{record_id}/)", hint)


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Loading makes hundreds of thousands of objects that live as long as the build, and
    Python's cycle collector walks them all again on every full collection: a third of
    `check` at 1,000 articles, and more than linear beyond. It is paused while they are made,
    and they are then frozen out of its way (which also spares the forked renderer's
    copy-on-write memory). The dev server's next build unfreezes them, so they can go."""
    gc.unfreeze()
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


@dataclass
class Site:
    """The verified explainer, ready to render: the page plan builds each page on demand."""

    graph: Graph
    plan: dict[str, Callable[[], Page]]  # output path -> builder
    problems: Problems
    digests: dict[str, str]  # record key -> hash of its file (and "layout:..." -> hash of a split)
    layout: Layout | None = None  # which page shows what (render/layout.py)


def build_site(content_dir: Path, site_url: str = "", theme_dir: Path | None = None,
               cache: dict | None = None, stage: Callable[[str], None] = _silent,
               deferred: dict[str, Callable[[], None]] | None = None, kept: dict | None = None) -> Site:
    """Every page of the explainer, or ContentError with every problem found."""
    checked = check_content(content_dir, theme_dir, cache, stage, estimate_budget=False, deferred=deferred,
                            kept=kept)
    if checked.problems.errors:
        raise ContentError(checked.problems)
    graph, layout = checked.graph, checked.layout
    # The splits are inputs too: a page linking into a split collection changes when it moves.
    digests = {**checked.loaded.digests, **layout.digests(), **map_digests(layout), **updates_digest(layout)}
    return Site(graph, page_plan(graph, site_url, layout), checked.problems, digests, layout)
