"""The post-build check: each kind of broken site is refused, with the file named."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest

from explainer.publish.postcheck import BASE_URL, LINK_ATTRIBUTES, check_site, read_page, resolve, site_path

PAGE = '<!doctype html><html><head><title>{title}</title><link rel="stylesheet" href="{css}"></head>' \
       '<body><a href="{link}">x</a><p id="here"></p></body></html>'


def site(tmp_path, title="T", css="style.css", link="#here"):
    (tmp_path / "style.css").write_text("p{}")
    (tmp_path / "index.html").write_text(PAGE.format(title=title, css=css, link=link))
    return tmp_path


def test_a_sound_site_passes(tmp_path):
    assert check_site(site(tmp_path)) == []


def test_missing_asset(tmp_path):
    assert check_site(site(tmp_path, css="gone.css")) == ["index.html: missing file: gone.css"]


def test_broken_anchor(tmp_path):
    assert check_site(site(tmp_path, link="#nowhere")) == ["index.html: no element #nowhere on index.html"]


def test_page_without_title(tmp_path):
    assert check_site(site(tmp_path, title=" ")) == ["index.html: page has no title"]


def test_file_over_10_mb(tmp_path):
    root = site(tmp_path)
    (root / "huge.bin").write_bytes(b"\0" * (10 * 1024 * 1024 + 1))
    assert check_site(root) == ["huge.bin: 10,485,761 bytes, over the 10 MB limit"]


def test_other_sites_are_not_ours_to_check(tmp_path):
    assert check_site(site(tmp_path, link="https://example.org/missing")) == []


class _Reference(HTMLParser):
    """The standard library's HTML parser, reading what the post-build check reads."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.title, self._in_title, self._titles = "", False, 0

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if (tag, name) in LINK_ATTRIBUTES and value:
                self.links.append(value)
        self._in_title = tag == "title" and self._titles == 0  # the document's; an SVG's <title> is not
        self._titles += tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        self.title += data if self._in_title else ""


def test_the_fast_reader_reads_every_real_page_as_the_html_parser_does(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        text = page.read_text()
        reference = _Reference()
        reference.feed(text)
        title, ids, links = read_page(text)
        assert (title, set(ids), links) == (reference.title, reference.ids, reference.links), page


def test_the_fast_reader_skips_comments_and_script_bodies_and_decodes_entities():
    text = ('<title>A &amp; B</title><!-- <a href="gone/"> --><script src="s.js">var a = \'<a href="x/">\';</script>'
            "<p id='one' data-id=\"no\">id=\"no\"</p><a class=\"c\" href=\"x/?a=1&amp;b=2\">x</a>")
    assert read_page(text) == ("A & B", ["one"], ["s.js", "x/?a=1&b=2"])


@pytest.mark.parametrize("folder", ["", "sources/a/", "actors/x/", "map/2/"])
@pytest.mark.parametrize("link", [
    "", "#q-1", "../", "../../", "../../../../", "../../actors/b/", "../../actors/b/#s-1", "./", ".", "..",
    "x", "x/", "x/./y", "x/../y", "x/..", "x/.", "/", "/about/", "/about/#a", "/__livereload.js",
    "../__x", "a//b/", "//other.example/x", "https://example.org/", "mailto:a@example.org", "x?y=1", "a%20b/",
    "../theme/css/site.1234567890.css", "#",
])
def test_link_resolution_matches_urljoin(folder, link):
    expected = site_path(urljoin(BASE_URL + folder, link))
    assert resolve(folder, link) == expected
    climb = "../" * folder.count("/")
    if link.startswith(climb):  # the check resolves these once for all pages, from the root
        assert resolve("", link[len(climb):]) == expected
