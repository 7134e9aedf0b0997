"""`explainer new KIND ID`: a commented template in the right place; `explainer new article
ID --from FILE`: a received text, byte for byte, under a metadata header to fill in. Never
overwrites."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..model.jsonschema import schema_comment
from ..model.problems import Mark, Problems
from ..model.schema import ID_PATTERN
from ..model.templates import ARTICLE_PLACEHOLDERS as TODO
from ..model.templates import TEMPLATES
from ..read.articles import MAX_ARTICLE_BYTES, text_digest
from ..read.load import ARTICLES, display_path
from ..read.textcheck import check_characters, decode_utf8

HEADLINE_MAX_CHARS = 150


class ScaffoldError(Exception):
    def __init__(self, message: str, problems: Problems | None = None) -> None:
        super().__init__(message)
        self.problems = problems


def new_record(content: Path, kind: str, record_id: str) -> Path:
    _check_id(record_id)
    folder, body = TEMPLATES[kind]
    return _write_new(content / folder / f"{record_id}.yaml", (schema_comment(kind, depth=2) + body).encode("utf-8"))


@dataclass
class NewArticle:
    path: Path
    digest: str
    headline: str | None  # the first line, taken as the title because it looks like a headline
    placeholders: list[str]  # the metadata keys left for the editor


def new_article(content: Path, article_id: str, source: Path) -> NewArticle:
    """content/articles/ID.md: a header marking unknown all the text does not say, then the
    received text exactly (only a leading byte-order mark, which is not text, is dropped)."""
    _check_id(article_id)
    if not source.name.isprintable():
        raise ScaffoldError(f"rename {display_path(source)}: its name cannot be written on a metadata line")
    text = _received_text(source)
    headline = _headline(text)
    digest = text_digest(text)
    header = _article_header(source.name, headline, digest)
    path = _write_new(content / ARTICLES / f"{article_id}.md", (header + "\n\n" + text).encode("utf-8"))
    keys = [line.split(":")[0] for line in header.splitlines() if line.split(": ", 1)[1] in TODO.values()]
    return NewArticle(path, digest, headline, keys)


def _check_id(record_id: str) -> None:
    if not re.fullmatch(ID_PATTERN, record_id):
        # repr: an id ending in a newline or holding an invisible character shows as such
        raise ScaffoldError(f"{record_id!r} is not a valid id: use lowercase letters, digits and single hyphens")


def _received_text(source: Path) -> str:
    """The file's text, refused with the loader's own located errors if the loader would refuse it."""
    shown, problems = display_path(source), Problems()
    try:
        with source.open("rb") as file:
            data = file.read(MAX_ARTICLE_BYTES + 1)
    except OSError as exc:
        raise ScaffoldError(f"cannot read {shown}: {exc.strerror}") from None
    if len(data) > MAX_ARTICLE_BYTES:
        raise ScaffoldError(f"{shown} is over {MAX_ARTICLE_BYTES:,} bytes, the limit for one article")
    text = decode_utf8(data, shown, problems)
    if text is not None:
        check_characters(text, shown, problems, allow_tabs=True)
    if problems.errors:
        raise ScaffoldError(f"{shown} cannot be published as received; nothing was written", problems)
    if not text.strip():
        problems.error(Mark(shown), "no-body", "the file holds no text", "check that this is the article you received")
        raise ScaffoldError(f"{shown} is empty; nothing was written", problems)
    return text


def _headline(text: str) -> str | None:
    """The first line, when it stands alone, short and without a final full stop, as headlines do."""
    lines = text.lstrip("\n").split("\n")
    first = lines[0].strip()
    alone = len(lines) > 1 and not lines[1].strip()
    if alone and 0 < len(first) <= HEADLINE_MAX_CHARS and not first.endswith("."):
        return first
    return None


def _article_header(seed: str, headline: str | None, digest: str) -> str:
    title = [f"Title: {headline}", "Title-Source: headline"] if headline else \
        [f"Title: {TODO['title']}", "Title-Source: editors", f"Title-Note: {TODO['title_note']}"]
    lines = [title[0], f"Label: {TODO['label']}", *title[1:],
             "Date: unknown", f"Date-Note: {TODO['date_note']}",
             "Outlet: unknown", f"Outlet-Note: {TODO['outlet_note']}",
             "Author: unknown", f"Author-Note: {TODO['author_note']}",
             f"Kind: {TODO['kind']}", f"Show: {TODO['show']}",
             "URL: unknown", f"Seed: {seed}", f"Received-SHA256: {digest}"]
    return "\n".join(lines)


def _write_new(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("xb") as file:  # "x": refuse to overwrite an editor's file
            file.write(data)
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists; nothing was written") from None
    return path

