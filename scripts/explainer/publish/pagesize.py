"""The build's own page-budget check: the real bytes of each page written (its HTML and the
stylesheets and scripts it links), warned past WARN_SHARE of the budget, as `check` warns
from its estimates (render/budget.py)."""

from __future__ import annotations

import re
from pathlib import Path

from ..model.problems import Mark, Problems
from ..render.sizes import PAGE_BUDGET, WARN_SHARE

LINKED = re.compile(rb'<(?:link rel="stylesheet" href|script src)="([^"]+)"')


def page_bytes(site: Path, page: Path) -> int:
    """The page's HTML plus every stylesheet and script it links (what the browser test counts)."""
    html = page.read_bytes()
    total = len(html)
    for url in LINKED.findall(html):
        path = url.decode("utf-8", "replace").split("?")[0]
        asset = site / path.lstrip("/") if path.startswith("/") else (page.parent / path)
        if asset.is_file():
            total += asset.stat().st_size
    return total


def over_budget(site: Path, outputs: list[str], shown_as: str = "build") -> Problems:
    """A `page-budget` warning for each page of `outputs` past WARN_SHARE of its budget, at
    the page's file (`shown_as`: how the published folder is named to the editor)."""
    found = Problems()
    for output in sorted(outputs):
        size = page_bytes(site, site / output)
        if size > WARN_SHARE * PAGE_BUDGET:
            page = output.removesuffix("index.html") or "the home page"
            found.warning(Mark(f"{shown_as}/{output}"), "page-budget",
                          f"page {page} is {size:,} bytes of HTML, CSS and JS, {size / PAGE_BUDGET:.0%} of its "
                          f"{PAGE_BUDGET:,}-byte budget", "`explainer check` names what fills it")
    return found
