"""The whole explainer, Pelican-free: load, verify, graph, pages. Used by build and check."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .graph import Graph, build_graph
from .load import check_no_links, load_content
from .pages import Page, build_pages
from .problems import ContentError, Problems
from .verify import Anchors, verify


@dataclass
class Checked:
    problems: Problems
    anchors: Anchors | None
    loaded: object


def check_content(content_dir: Path, theme_dir: Path | None = None) -> Checked:
    loaded = load_content(content_dir)
    if theme_dir is not None:
        check_no_links(theme_dir, loaded.problems)
    anchors = None
    if not any(p.code == "no-content" for p in loaded.problems.errors):
        anchors = verify(loaded.corpus, loaded.problems)
    return Checked(loaded.problems, anchors, loaded)


def build_site(content_dir: Path, site_url: str = "", theme_dir: Path | None = None) -> tuple[Graph, list[Page], Problems]:
    """Every page of the explainer, or ContentError with every problem found."""
    checked = check_content(content_dir, theme_dir)
    if checked.problems.errors:
        raise ContentError(checked.problems)
    graph = build_graph(checked.loaded.corpus, checked.anchors)
    return graph, build_pages(graph, site_url), checked.problems
