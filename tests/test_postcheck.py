"""The post-build check: each kind of broken site is refused, with the file named."""

from __future__ import annotations

from explainer.postcheck import check_site

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
