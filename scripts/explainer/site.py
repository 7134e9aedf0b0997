"""The whole explainer, Pelican-free: load, verify, graph, pages. Used by build and check."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .graph import Graph, build_graph
from .load import check_no_links, load_content
from .pages import Page, page_plan
from .problems import ContentError, Problems
from .verify import Anchors, verify


@dataclass
class Checked:
    problems: Problems
    anchors: Anchors | None
    loaded: object


def check_content(content_dir: Path, theme_dir: Path | None = None, cache: dict | None = None) -> Checked:
    loaded = load_content(content_dir, cache)
    if theme_dir is not None:
        check_no_links(theme_dir, loaded.problems)
    anchors = None
    if not any(p.code == "no-content" for p in loaded.problems.errors):
        anchors = verify(loaded.corpus, loaded.problems)
    return Checked(loaded.problems, anchors, loaded)


@dataclass
class Site:
    """The verified explainer, ready to render: the page plan builds each page on demand."""

    graph: Graph
    plan: dict[str, Callable[[], Page]]  # output path -> builder
    problems: Problems
    digests: dict[str, str]  # record key -> hash of its file


def build_site(content_dir: Path, site_url: str = "", theme_dir: Path | None = None,
               cache: dict | None = None) -> Site:
    """Every page of the explainer, or ContentError with every problem found."""
    checked = check_content(content_dir, theme_dir, cache)
    if checked.problems.errors:
        raise ContentError(checked.problems)
    graph = build_graph(checked.loaded.corpus, checked.anchors)
    return Site(graph, page_plan(graph, site_url), checked.problems, checked.loaded.digests)
