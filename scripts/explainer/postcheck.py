"""The last gate before publishing: a site with a broken internal link or anchor, a missing
asset, a file over 10 MB or a page without a title is refused (nothing is swapped in).

Uses the standard library's HTML parser: it runs on every build, so it stays light.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

MAX_FILE_BYTES = 10 * 1024 * 1024
LINK_ATTRIBUTES = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")}


class _PageReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if (tag, name) in LINK_ATTRIBUTES and value:
                self.links.append(value)
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


@dataclass
class PageSummary:
    """What the check needs from a page; kept between incremental builds."""

    title: str
    ids: list[str]
    links: list[str]


def check_site(root: Path, known: dict[str, PageSummary] | None = None,
               base_url: str = "http://site.invalid/") -> list[str]:
    """Every problem that should stop this site from being published. Pages in `known` (their
    summary from an earlier check) are not parsed again; `known` gains every page read."""
    known = {} if known is None else known
    problems = [f"{p.relative_to(root)}: {p.stat().st_size:,} bytes, over the 10 MB limit"
                for p in root.rglob("*") if p.is_file() and p.stat().st_size > MAX_FILE_BYTES]
    for path in sorted(root.rglob("*.html")):
        relative = str(path.relative_to(root))
        if relative not in known:
            known[relative] = _read(path)
    pages = {path: known[path] for path in sorted(known) if (root / path).is_file()}
    ids = {path: set(page.ids) for path, page in pages.items()}
    for path, page in pages.items():
        if not page.title.strip():
            problems.append(f"{path}: page has no title")
        page_url = base_url + (path.removesuffix("index.html") if path != "404.html" else "")
        for link in page.links:
            problem = _check_link(root, ids, urljoin(page_url, link), base_url)
            if problem:
                problems.append(f"{path}: {problem}: {link}")
    return problems


def _read(path: Path) -> PageSummary:
    reader = _PageReader()
    reader.feed(path.read_text("utf-8"))
    return PageSummary(reader.title, sorted(reader.ids), reader.links)


def _check_link(root: Path, ids: dict[str, set[str]], url: str, base_url: str) -> str:
    if not url.startswith(base_url):
        return ""  # another site, mailto: and the like: not ours to check
    parts = urlsplit(url)
    if parts.path.startswith("/__"):
        return ""  # the preview server's own endpoints (live reload)
    target = unquote(parts.path[len(urlsplit(base_url).path):])
    if target == "" or target.endswith("/"):
        target += "index.html"
    if not (root / target).is_file():
        return "broken link" if target.endswith(".html") else "missing file"
    if parts.fragment and target.endswith(".html") and parts.fragment not in ids[target]:
        return f"no element #{parts.fragment} on {target}"
    return ""
