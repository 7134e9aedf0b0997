"""Article files: a `Key: value` metadata header, a blank line, then the text as received.

The text is never interpreted as Markdown: it is reproduced exactly, one paragraph per
line, so no character of a source can change meaning or inject markup.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

from ..model.problems import Mark, Problems
from ..model.records import Article, ArticleMeta
from .convert import convert
from .strict_yaml import MapNode, ScalarNode
from .textcheck import check_characters, decode_utf8

MAX_ARTICLE_BYTES = 2_000_000
_META_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9-]*):[ \t]*(.*?)\s*$")


def load_article(data: bytes, path: str, article_id: str, problems: Problems) -> Article | None:
    if len(data) > MAX_ARTICLE_BYTES:
        problems.error(Mark(path), "file-too-large", f"file is {len(data):,} bytes; the limit is "
                       f"{MAX_ARTICLE_BYTES:,}", "is this really one article?")
        return None
    text = decode_utf8(data, path, problems)
    if text is None or not check_characters(text, path, problems, allow_tabs=True):
        return None
    header, separator, body = text.partition("\n\n")
    if not separator:
        problems.error(Mark(path), "no-body", "no blank line between the metadata and the text",
                       "put the metadata lines first, then one empty line, then the article text")
        return None
    node = _header_node(header, path, problems)
    if node is None:
        return None
    meta = convert(node, ArticleMeta, path, problems)
    if meta is None or not _check_url(meta, path, problems):
        return None
    # Still loaded after these: its quotes are checked in the same run.
    _check_unchanged(meta, body, path, problems)
    _check_notes(meta, problems)
    return Article(article_id, path, meta, body, body_line=header.count("\n") + 3)


def text_digest(text: str) -> str:
    """The SHA-256 of an article's text (everything after the header's blank line), as bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def restamped(file_text: str) -> str:
    """An article file with its Received-SHA256 set to its text's digest: for tools that write
    article files themselves (the benchmark's corpora, tests), never for an editor's article."""
    header, _, body = file_text.partition("\n\n")
    line = f"Received-SHA256: {text_digest(body)}"
    header, count = _DIGEST_LINE.subn(line, header)
    return f"{header if count else header + chr(10) + line}\n\n{body}"


_DIGEST_LINE = re.compile(r"^Received-SHA256:.*$", re.MULTILINE)

# What the text leaves open is explained beside it, on the source page: (the note, the field
# whose line the error names, when the note is needed, the metadata key as written).
_NOTES = (
    ("title_note", "title_source", lambda meta: meta.title_source == "editors", "Title-Note",
     "the title is the editors' own"),
    ("date_note", "date", lambda meta: meta.date == "unknown" or meta.date_precision == "approximate", "Date-Note",
     "the date is unknown or approximate"),
    ("outlet_note", "outlet", lambda meta: meta.outlet == "unknown", "Outlet-Note", "the outlet is unknown"),
)


def _check_notes(meta: ArticleMeta, problems: Problems) -> None:
    for note, field, needed, key, why in _NOTES:
        if needed(meta) and getattr(meta, note) is None:
            problems.error(meta.mark_of(field), "missing-note", f"{why}, but there is no '{key}'",
                           f"add '{key}: …' saying what the text gives (a weekday, a dateline, no headline) "
                           "or that it gives nothing")


def _check_unchanged(meta: ArticleMeta, body: str, path: str, problems: Problems) -> None:
    """The text is reproduced as received: its hash is the one recorded when it arrived."""
    digest = text_digest(body)
    if digest == meta.received_sha256:
        return
    problems.error(meta.mark_of("received_sha256"), "text-changed",
                   "the article's text is not the text received: its SHA-256 is now "
                   f"{digest}", "the text must stay exactly as received, character for character: undo the "
                   f"edit (git checkout -- {path}); a corrected text from the source is a new article "
                   "(explainer new article ID --from FILE), never an edit of this one")


def _header_node(header: str, path: str, problems: Problems) -> MapNode | None:
    node, ok = MapNode([], Mark(path)), True
    for number, line in enumerate(header.split("\n"), start=1):
        match = _META_LINE.match(line)
        if not match:
            ok = False
            problems.error(Mark(path, number), "bad-metadata", f"not a metadata line: {line[:60]!r}",
                           "write metadata as 'Key: value', one per line, before the first blank line")
            continue
        key = match.group(1).lower().replace("-", "_")
        key_node = ScalarNode(key, Mark(path, number, 1))
        value_node = ScalarNode(match.group(2), Mark(path, number, match.start(2) + 1), plain=False)
        if key in node.keys:
            ok = False
            problems.error(key_node.mark, "duplicate-key", f"metadata '{match.group(1)}' appears twice: "
                           f"first at line {node.keys[key].mark.line}, again here", "keep one of them")
            continue
        node.keys[key] = key_node
        node.items.append((key_node, value_node))
    return node if ok else None


def _check_url(meta: ArticleMeta, path: str, problems: Problems) -> bool:
    if meta.url == "unknown":
        return True
    wrong = url_problem(meta.url)
    if wrong is None:
        return True
    message, hint = wrong
    problems.error(meta.mark_of("url"), "bad-url", f"{meta.url!r} {message}", hint)
    return False


_NOT_IN_URLS = set(' "<>\\^`{|}')  # never valid unencoded in a URL (RFC 3986)
_HOST_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")  # letters, digits, hyphens: what DNS names are made of


def url_problem(value: str) -> tuple[str, str] | None:
    """Why `value` is not an address we publish, as (message, hint); None when it is one.

    Beyond the form of a web address, an address must go where it seems to: no user-info
    (`https://abcnews.go.com@evil.example/` goes to evil.example) and a host in plain ASCII
    letters, so that a Cyrillic `а` cannot pass for a Latin one. A real international
    domain name is written as punycode (`xn--…`), which shows what it is."""
    parts = urlsplit(value)
    try:
        parts.port  # noqa: B018 (reading it validates it)
    except ValueError:
        return "has a port that is not a number", "remove the ':' and what follows the host, or fix the port"
    if (parts.scheme not in ("http", "https") or not parts.hostname or not value.isprintable()
            or any(char in _NOT_IN_URLS for char in value)):
        return "is not a web address", "give the full https:// address of the original article, or 'unknown'"
    if "@" in parts.netloc:
        return (f"hides its real host: the browser goes to '{parts.hostname}', after the '@'",
                "give the article's own address, with nothing between '//' and the host name")
    if not parts.hostname.isascii():
        return ("has a host name with non-ASCII letters, which can pass for others (a Cyrillic 'а' for 'a')",
                "type the host name in plain letters; a real international domain name is written as punycode (xn--…)")
    if not all(_HOST_LABEL.fullmatch(label) and _valid_punycode(label) for label in parts.hostname.split(".")):
        return "has a host name that is not a domain name", "copy the address from the browser's address bar"
    return None


def _valid_punycode(label: str) -> bool:
    if not label.startswith("xn--"):
        return True
    try:
        label.encode("ascii").decode("idna")
    except UnicodeError:
        return False
    return True


def is_web_url(value: str) -> bool:
    return url_problem(value) is None


def link_host(url: str) -> str:
    """The host a link goes to, shown beside it on the page ("" when the address is unknown)."""
    return "" if url == "unknown" else urlsplit(url).hostname or ""
