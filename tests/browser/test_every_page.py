"""Every built page, loaded in Chromium: no errors, no axe violations, no sideways scroll on a
phone, and small enough to read quickly on a slow connection."""

from __future__ import annotations

from browser.page_checks import axe_report, axe_violations, over_budget, requests, too_wide_on_a_phone, weight

MAX_REQUESTS_BEFORE_RENDER = 4


def test_no_console_or_page_errors(open_page, page_path):
    errors: list[str] = []
    open_page(page_path, errors=errors)
    assert errors == [], "\n".join(errors)


def test_no_accessibility_violations(open_page, page_path):
    """Every rule axe runs for WCAG 2.2 AA and best practice (all its default rules, plus the
    WCAG 2.2 ones it leaves off by default); then the colour rules again in the dark scheme."""
    violations = axe_violations(open_page(page_path))
    assert violations == [], axe_report(violations)


def test_no_horizontal_scroll_on_a_phone(open_page, page_path):
    too_wide = too_wide_on_a_phone(open_page(page_path))
    assert not too_wide, ", ".join(too_wide)


def test_page_is_within_its_budget(open_page, page_path, built_site):
    requested = requests(open_page(page_path))
    problem = over_budget(weight(requested, built_site))
    assert not problem, problem
    blocking = [r["url"] for r in requested if r["blocking"]]
    assert len(blocking) <= MAX_REQUESTS_BEFORE_RENDER, f"requests before first render: {blocking}"
