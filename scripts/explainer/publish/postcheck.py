"""The last gate before publishing: a site with a broken internal link or anchor, a missing
asset, a file over 10 MB or a page without a title is refused (nothing is swapped in).

It runs on every build over every page (6,000 at 1,000 articles), so it reads only what it
checks: the title, the ids and the link attributes, found by regular expressions over the
page once scripts, styles and comments are set aside. That is sound for our own output:
every attribute value is quoted and escaped (Jinja and markupsafe escape < > & ' "), so
` id="` cannot occur inside text or another value. tests/test_postcheck.py compares this
reader with the standard library's HTML parser on every page of the real site.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

MAX_FILE_BYTES = 10 * 1024 * 1024
BASE_URL = "http://site.invalid/"  # any address: links are resolved against it, then made relative
LINK_ATTRIBUTES = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")}


_HIDDEN = re.compile(r"<!--.*?-->|(<(?:script|style)\b[^>]*>).*?</(?:script|style)\s*>", re.DOTALL | re.IGNORECASE)
_VALUE = r"""\s*=\s*(?:"([^"]*)"|'([^']*)')"""
_ID = re.compile(r"\sid" + _VALUE)
_LINK = re.compile(r"<(?:a|link)\s[^>]*?(?<=\s)href" + _VALUE + r"|<(?:script|img)\s[^>]*?(?<=\s)src" + _VALUE, re.IGNORECASE)
_TITLE = re.compile(r"<title(?:\s[^>]*)?>(.*?)</title\s*>", re.DOTALL | re.IGNORECASE)


def read_page(html_text: str) -> tuple[str, list[str], list[str]]:
    """(title, ids, link attribute values) of one of our pages, entities decoded."""
    title = _TITLE.search(html_text)
    visible = _HIDDEN.sub(lambda m: m.group(1) or "", html_text)  # a script keeps its tag, for src
    ids = [_decode(a or b) for a, b in _ID.findall(visible) if a or b]
    links = [_decode(next(v for v in groups if v)) for groups in _LINK.findall(visible) if any(groups)]
    return _decode(title.group(1)) if title else "", ids, links


def _decode(value: str) -> str:
    return html.unescape(value) if "&" in value else value


@dataclass
class PageSummary:
    """What the check needs from a page; kept between incremental builds. Links are resolved
    to site paths ("sources/a/index.html#q-1"), so a kept page is checked without parsing."""

    title: str
    ids: list[str]
    links: list[str]


def check_site(root: Path, known: dict[str, PageSummary] | None = None,
               files: dict[str, int] | None = None, still_sound: Collection[str] = ()) -> list[str]:
    """Every problem that should stop this site from being published. Pages in `known` (their
    summary from an earlier check) are not parsed again; `known` gains every page read.
    `files`: the site's files with their sizes, when they are not all under `root` (the dev
    server's rebuild, publish/inplace.py); every page not in `known` is read from `root`.
    `still_sound`: pages the caller knows passed this check before and still do (unchanged,
    and so is every page and file they could link to)."""
    known = {} if known is None else known
    files = site_files(root) if files is None else files
    problems = [f"{name}: {size:,} bytes, over the 10 MB limit"
                for name, size in sorted((n, size) for n, size in files.items() if size > MAX_FILE_BYTES)]
    read_pages(root, known, files)
    pages = known  # every page of `files` is in it now; only those are looked at
    ids: dict[str, set[str]] = {}  # made for the pages linked to, as they are
    for name in sorted(name for name in known if name in files and name not in still_sound):
        page = pages[name]
        if not page.title.strip():
            problems.append(f"{name}: page has no title")
        for link in page.links:
            target, _, fragment = link.partition("#")
            if target not in files:
                problems.append(f"{name}: {'broken link' if target.endswith('.html') else 'missing file'}: {target}")
            elif fragment and target.endswith(".html") and fragment not in (
                    ids[target] if target in ids else ids.setdefault(target, set(pages[target].ids))):
                problems.append(f"{name}: no element #{fragment} on {target}")
    return problems


def site_files(root: Path, shallow: Collection[str] = (), only: Callable[[str], bool] | None = None,
               odd: list[str] | None = None) -> dict[str, int]:
    """Every file under `root` by its site path ("sources/a/index.html"), with its size. Through
    os.scandir, one stat a file: a build lists some 10,000 files at 1,000 articles. Of the
    top-level folders in `shallow`, only the files directly inside are listed (a search
    index's: pages link to its scripts, never to its thousands of fragments). `only`: which
    top-level folders to list at all (the files directly in `root` always are). `odd`: where
    to note, instead of listing them, the entries that are neither a plain file nor a folder
    (a symbolic link, a socket)."""
    found: dict[str, int] = {}
    folders = [(str(root), "", True)]
    while folders:
        folder, prefix, deeper = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if odd is not None and (entry.is_symlink() or not (entry.is_dir() or entry.is_file())):
                    odd.append(prefix + entry.name)
                elif entry.is_dir(follow_symlinks=False):
                    if deeper and (prefix or only is None or only(entry.name)):
                        folders.append((entry.path, f"{prefix}{entry.name}/", not (prefix == "" and entry.name in shallow)))
                elif entry.is_file():
                    found[prefix + entry.name] = entry.stat().st_size
    return found


def read_pages(root: Path, known: dict[str, PageSummary], files: dict[str, int] | None = None) -> None:
    """Add the summary of every page under `root` (listed in `files`) not yet in `known` (the
    costly part of the check, which the build runs while Pagefind indexes)."""
    resolved: dict[str, str] = {}  # links climbing to the root resolve alike from every page
    targets: dict[str, str] = {}  # one string per target: at 3,000 articles 697,696 links, 92,315 targets
    listed = site_files(root) if files is None else files
    for name in sorted(name for name in listed if name.endswith(".html") and name not in known):
        known[name] = _read(root / name, name, resolved, targets)


def _read(path: Path, name: str, resolved: dict[str, str], shared: dict[str, str]) -> PageSummary:
    title, ids, links = read_page(path.read_text("utf-8"))
    folder = name.removesuffix("index.html") if name != "404.html" else ""
    climb = "../" * folder.count("/")  # from this folder to the root
    targets = []
    for link in links:
        if link.startswith(climb):
            from_root = link[len(climb):]
            if from_root not in resolved:
                resolved[from_root] = resolve("", from_root)
            target = resolved[from_root]
        else:
            target = resolve(folder, link)
        if target:
            targets.append(shared.setdefault(target, target))
    return PageSummary(title, sorted(set(ids)), targets)


_PLAIN_LINK = re.compile(r"[^:?\\%]*")  # a path (and #fragment) with nothing urljoin treats specially


def resolve(folder: str, link: str) -> str:
    """The site path of `link` on a page in `folder` ("sources/a/"): what site_path(urljoin())
    gives, without urljoin's cost for the plain relative links that make up nearly all."""
    if link.startswith("//") or "//" in link.partition("#")[0] or not _PLAIN_LINK.fullmatch(link):
        return site_path(urljoin(BASE_URL + folder, link))
    path, _, fragment = link.partition("#")
    if not path.startswith("/"):
        path = "/" + folder + path
    segments = path.split("/")[1:]
    parts: list[str] = []
    for segment in segments:  # RFC 3986's removal of dot segments, as urljoin does it
        if segment == "..":
            if parts:
                parts.pop()
        elif segment != ".":
            parts.append(segment)
    if segments[-1] in (".", ".."):
        parts.append("")
    target = "/".join(parts)
    if target.startswith("__"):  # the preview server's own endpoints
        return ""
    if target == "" or target.endswith("/"):
        target += "index.html"
    return f"{target}#{fragment}" if fragment else target


def site_path(url: str) -> str:
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
