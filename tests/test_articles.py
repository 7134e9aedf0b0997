"""The source articles: text exactly as received, metadata only what the text supports.

Invariants over the real articles, whatever they are and however many; exact results on
articles the tests write themselves (tests/test_new.py adds one as an editor would)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import REPO, run_explainer
from explainer.read.articles import is_web_url
from explainer.site import check_content

ARTICLE_FILES = sorted((REPO / "content/articles").glob("*.md"))


def load():
    checked = check_content(REPO / "content")
    assert not checked.problems.errors, [p.format() for p in checked.problems.errors]
    return checked.loaded.corpus.articles


@pytest.mark.parametrize("path", ARTICLE_FILES, ids=[p.stem for p in ARTICLE_FILES])
def test_each_article_text_is_the_text_received(path):
    """The bytes after the header's blank line hash to the digest recorded when the text
    arrived (computed here from the file, independently of the loader)."""
    header, _, text = path.read_bytes().partition(b"\n\n")
    recorded = [line.split(b": ", 1)[1].decode() for line in header.split(b"\n") if line.startswith(b"Received-SHA256: ")]
    assert recorded == [hashlib.sha256(text).hexdigest()]


def test_every_article_file_is_loaded():
    assert sorted(load()) == [p.stem for p in ARTICLE_FILES]


def test_no_address_is_invented_and_unknowns_are_explained():
    for article in load().values():
        meta = article.meta
        assert meta.url == "unknown" or is_web_url(meta.url), article.id
        if meta.outlet == "unknown":
            assert meta.outlet_note, article.id
        if meta.date_precision == "approximate" or meta.date == "unknown":
            assert meta.date_note, article.id
        if meta.title_source == "editors":
            assert meta.title_note, article.id


def test_content_has_no_problems_at_all():
    checked = check_content(Path(REPO / "content"))
    assert [p.format() for p in checked.problems.shown()] == []


TEXT = "One paragraph as received.\nAnother, with  two spaces.\n"
HEADER = ("Title: T\nLabel: L\nDate: 2025\nOutlet: unknown\nOutlet-Note: None named.\nAuthor: unknown\n"
          "Kind: analysis\nShow: full\nURL: unknown\nSeed: t.txt\nReceived-SHA256: "
          + hashlib.sha256(TEXT.encode()).hexdigest() + "\n")


@pytest.mark.parametrize("change, refused", [
    (lambda text: text, False),
    (lambda text: text.replace("  ", " "), True),  # one space less
    (lambda text: text.rstrip("\n"), True),  # the last line break
    (lambda text: text.replace("\n", "\r\n"), True),  # line endings
])
def test_the_digest_binds_every_byte_of_the_text_and_nothing_else(project, change, refused):
    path = project / "content/articles/test-article.md"
    path.write_bytes((HEADER.replace("Label: L", "Label: Any label") + "\n" + change(TEXT)).encode())
    result = run_explainer(project, "check")
    changed = [line for line in result.stderr.splitlines() if "error[text-changed]" in line]
    assert changed == (["content/articles/test-article.md:11:18: error[text-changed]: the article's text is not "
                        "the text received: its SHA-256 is now "
                        + hashlib.sha256(change(TEXT).encode()).hexdigest()] if refused else [])


def test_an_article_without_its_digest_is_refused(project):
    path = project / "content/articles/test-article.md"
    path.write_text(HEADER.split("Received-SHA256")[0] + "\n" + TEXT)
    result = run_explainer(project, "check")
    assert "content/articles/test-article.md:1:1: error[missing-field]: required field 'received_sha256' is " \
           "missing" in result.stderr


@pytest.mark.parametrize("lines, expected", [
    (("Date: 2025", "Date: unknown"), "content/articles/test-article.md:3:7: error[missing-note]: the date is unknown "
                                      "or approximate, but there is no 'Date-Note'"),
    (("Outlet-Note: None named.\n", ""), "content/articles/test-article.md:4:9: error[missing-note]: the outlet is "
                                          "unknown, but there is no 'Outlet-Note'"),
    (("Label: L\n", "Label: L\nTitle-Source: editors\n"),
     "content/articles/test-article.md:3:15: error[missing-note]: the title is the editors' own, but there is no "
     "'Title-Note'"),
])
def test_what_the_text_leaves_open_needs_its_note(project, lines, expected):
    (project / "content/articles/test-article.md").write_text(HEADER.replace(*lines) + "\n" + TEXT)
    result = run_explainer(project, "check")
    assert [line for line in result.stderr.splitlines() if "error[" in line] == [expected]
