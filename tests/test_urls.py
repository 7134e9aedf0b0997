"""Article addresses go where they seem to (issue 15, hole 8: `https://abcnews.go.com@evil.example/x`
and `https://аbcnews.go.com/story` with a Cyrillic а were accepted and published)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import run_explainer
from explainer.site import check_content
from fixture_content import fixture_project

ARTICLE = "content/articles/crossing-report.md"  # the truck driver's role cites it


@pytest.fixture
def project(tmp_path) -> Path:
    """The tests' own content: the article and the record citing it are always there."""
    return fixture_project(tmp_path)


def set_url(project: Path, url: str) -> int:
    """Give the article an address; the line of its URL header."""
    path = project / ARTICLE
    lines = path.read_text("utf-8").split("\n")
    line = next(i for i, text in enumerate(lines) if text.startswith("URL: "))
    lines[line] = f"URL: {url}"
    path.write_text("\n".join(lines), encoding="utf-8")
    return line + 1


def url_errors(project: Path, monkeypatch) -> list[str]:
    monkeypatch.chdir(project)
    return [p.format() for p in check_content(Path("content")).problems.errors if p.code == "bad-url"]


@pytest.mark.parametrize("url, message", [
    ("https://abcnews.go.com@evil.example/x",
     "'https://abcnews.go.com@evil.example/x' hides its real host: the browser goes to 'evil.example', after the '@'"),
    ("https://user:secret@abcnews.go.com/x",
     "'https://user:secret@abcnews.go.com/x' hides its real host: the browser goes to 'abcnews.go.com', after the '@'"),
    ("https://\u0430bcnews.go.com/story",
     "'https://\u0430bcnews.go.com/story' has a host name with non-ASCII letters, which can pass for others "
     "(a Cyrillic '\u0430' for 'a')"),
    ("https://m\u00fcnchen.de/x",
     "'https://m\u00fcnchen.de/x' has a host name with non-ASCII letters, which can pass for others "
     "(a Cyrillic '\u0430' for 'a')"),
    ("https://abc%6eews.go.com/x", "'https://abc%6eews.go.com/x' has a host name that is not a domain name"),
])
def test_a_deceptive_address_is_refused_at_its_line(project, monkeypatch, url, message):
    line = set_url(project, url)
    found = url_errors(project, monkeypatch)
    assert [f.split("\n")[0] for f in found] == [f"{ARTICLE}:{line}:6: error[bad-url]: {message}"]
    assert "\n    hint: " in found[0]


@pytest.mark.parametrize("url", ["https://abcnews.go.com/story", "https://xn--mnchen-3ya.de/x", "http://127.0.0.1/x"])
def test_a_plain_or_punycode_address_is_accepted(project, monkeypatch, url):
    set_url(project, url)
    assert url_errors(project, monkeypatch) == []


def test_the_host_a_link_goes_to_is_shown_beside_it(project):
    set_url(project, "https://xn--bcnews-2nf.go.com/story")
    result = run_explainer(project, "build", "--quiet", "--output", "out")
    assert result.returncode == 0, result.stderr
    source = BeautifulSoup((project / "out/sources/crossing-report/index.html").read_text("utf-8"),
                           "html.parser")
    link = source.find("a", href="https://xn--bcnews-2nf.go.com/story")
    assert link.find_next_sibling("span", class_="host").get_text() == "(goes to xn--bcnews-2nf.go.com)"
    record = BeautifulSoup((project / "out/actors/truck-driver/index.html").read_text("utf-8"), "html.parser")
    original = record.find("a", string="original")
    assert original["href"].startswith("https://xn--bcnews-2nf.go.com/story#:~:text=")
    assert original.find_next_sibling("span", class_="host").get_text() == "xn--bcnews-2nf.go.com"
