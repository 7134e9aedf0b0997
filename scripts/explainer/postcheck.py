"""The last gate before publishing: a site with a broken internal link or anchor, a missing
asset, a file over 10 MB or a page without a title is refused (nothing is swapped in).

Uses the standard library's HTML parser: it runs on every build, so it stays light.
"""

from __future__ import annotations

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


def check_site(root: Path, base_url: str = "http://site.invalid/") -> list[str]:
    """Every problem that should stop this site from being published."""
    problems = [f"{p.relative_to(root)}: {p.stat().st_size:,} bytes, over the 10 MB limit"
                for p in root.rglob("*") if p.is_file() and p.stat().st_size > MAX_FILE_BYTES]
    pages = {str(p.relative_to(root)): _read(p) for p in sorted(root.rglob("*.html"))}
    for path, page in pages.items():
        if not page.title.strip():
            problems.append(f"{path}: page has no title")
        page_url = base_url + (path.removesuffix("index.html") if path != "404.html" else "")
        for link in page.links:
            problem = _check_link(root, pages, path, urljoin(page_url, link), base_url)
            if problem:
                problems.append(f"{path}: {problem}: {link}")
    return problems


def _read(path: Path) -> _PageReader:
    reader = _PageReader()
    reader.feed(path.read_text("utf-8"))
    return reader


def _check_link(root: Path, pages: dict[str, _PageReader], source: str, url: str, base_url: str) -> str:
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
    if parts.fragment and target.endswith(".html") and parts.fragment not in pages[target].ids:
        return f"no element #{parts.fragment} on {target}"
    return ""
