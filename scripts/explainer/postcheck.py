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
BASE_URL = "http://site.invalid/"  # any address: links are resolved against it, then made relative
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
    """What the check needs from a page; kept between incremental builds. Links are resolved
    to site paths ("sources/a/index.html#q-1"), so a kept page is checked without parsing."""

    title: str
    ids: list[str]
    links: list[str]


def check_site(root: Path, known: dict[str, PageSummary] | None = None) -> list[str]:
    """Every problem that should stop this site from being published. Pages in `known` (their
    summary from an earlier check) are not parsed again; `known` gains every page read."""
    known = {} if known is None else known
    files = {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}
    problems = [f"{name}: {path.stat().st_size:,} bytes, over the 10 MB limit"
                for name, path in sorted(files.items()) if path.stat().st_size > MAX_FILE_BYTES]
    for name in sorted(files):
        if name.endswith(".html") and name not in known:
            known[name] = _read(files[name], name)
    pages = {name: known[name] for name in sorted(known) if name in files}
    ids = {name: set(page.ids) for name, page in pages.items()}
    for name, page in pages.items():
        if not page.title.strip():
            problems.append(f"{name}: page has no title")
        for link in page.links:
            target, _, fragment = link.partition("#")
            if target not in files:
                problems.append(f"{name}: {'broken link' if target.endswith('.html') else 'missing file'}: {target}")
            elif fragment and target.endswith(".html") and fragment not in ids[target]:
                problems.append(f"{name}: no element #{fragment} on {target}")
    return problems


def _read(path: Path, name: str) -> PageSummary:
    reader = _PageReader()
    reader.feed(path.read_text("utf-8"))
    page_url = BASE_URL + (name.removesuffix("index.html") if name != "404.html" else "")
    links = [target for link in reader.links if (target := _site_path(urljoin(page_url, link)))]
    return PageSummary(reader.title, sorted(reader.ids), links)


def _site_path(url: str) -> str:
    """The site file (and #fragment) a link points at; "" for other sites, mailto: and the
    preview server's own endpoints (/__livereload.js)."""
    if not url.startswith(BASE_URL):
        return ""
    parts = urlsplit(url)
    if parts.path.startswith("/__"):
        return ""
    target = unquote(parts.path[1:])
    if target == "" or target.endswith("/"):
        target += "index.html"
    return f"{target}#{parts.fragment}" if parts.fragment else target
