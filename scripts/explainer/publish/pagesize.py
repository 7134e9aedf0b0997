"""The build's own page-budget check: the real bytes of each page written (its HTML and the
stylesheets and scripts it links), warned past WARN_SHARE of the budget, as `check` warns
from its estimates (render/budget.py)."""

from __future__ import annotations

import re
from pathlib import Path

from ..render.sizes import PAGE_BUDGET, WARN_SHARE

LINKED = re.compile(rb'<(?:link rel="stylesheet" href|script src)="([^"]+)"')


def page_bytes(site: Path, page: Path, prefix: str = "") -> int:
    """The page's HTML plus every stylesheet and script it links (what the browser test counts)."""
    html = page.read_bytes()
    total = len(html)
    for url in LINKED.findall(html):
        path = url.decode("utf-8", "replace").split("?")[0].removeprefix(prefix)
        asset = site / path.lstrip("/") if path.startswith("/") else (page.parent / path)
        if asset.is_file():
            total += asset.stat().st_size
    return total


def over_budget(site: Path, outputs: list[str], prefix: str = "") -> list[str]:
    """A warning for each page of `outputs` past WARN_SHARE of its budget."""
    found = []
    for output in sorted(outputs):
        size = page_bytes(site, site / output, prefix)
        if size > WARN_SHARE * PAGE_BUDGET:
            page = output.removesuffix("index.html") or "the home page"
            found.append(f"{output}: warning[page-budget]: page {page} is {size:,} bytes of HTML, CSS and JS, "
                         f"{size / PAGE_BUDGET:.0%} of its {PAGE_BUDGET:,}-byte budget (see `explainer check` "
                         "for what fills it)")
    return found
