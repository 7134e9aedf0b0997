"""Every built page is valid HTML, by the Nu HTML Checker (the W3C validator's engine)."""

from __future__ import annotations

from browser.page_checks import nu_report


def test_every_page_is_valid_html(built_site):
    report = nu_report(built_site, sorted(built_site.rglob("*.html")))
    assert report == [], "\n".join(report)
