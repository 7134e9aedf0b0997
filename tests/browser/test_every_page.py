"""Every built page, loaded in Chromium: no errors, no axe violations, no sideways scroll on a
phone, and small enough to read quickly on a slow connection."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

AXE = Axe()  # axe-core's script ships inside the wheel: nothing is fetched
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
PHONE_WIDTHS = [320, 390]  # WCAG reflow is judged at 320 CSS px; 390 is a common phone
COLOUR_RULES = ["color-contrast", "link-in-text-block"]  # what changes between light and dark
BUDGET_BYTES = 50_000  # HTML + CSS + JS, uncompressed
MAX_REQUESTS_BEFORE_RENDER = 4


def test_no_console_or_page_errors(open_page, page_path):
    errors: list[str] = []
    open_page(page_path, errors=errors)
    assert errors == [], "\n".join(errors)


def _axe_report(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n" +
                     "\n".join(f"    {', '.join(n['target'])}: {n['failureSummary']}" for n in v["nodes"])
                     for v in violations)


def _axe(page, run_only: dict) -> list[dict]:
    # Details of violations only: those of every pass on every node are slow to pass back.
    return AXE.run(page, options={"runOnly": run_only, "resultTypes": ["violations"]}).response["violations"]


def test_no_accessibility_violations(open_page, page_path):
    """Every rule axe runs for WCAG 2.2 AA and best practice (all its default rules, plus the
    WCAG 2.2 ones it leaves off by default); then the colour rules again in the dark scheme."""
    page = open_page(page_path)
    violations = _axe(page, {"type": "tag", "values": WCAG_22_AA})
    page.emulate_media(color_scheme="dark")
    dark = _axe(page, {"type": "rule", "values": COLOUR_RULES})
    violations += [{**v, "id": v["id"] + " in dark mode"} for v in dark]
    assert violations == [], _axe_report(violations)


def test_no_horizontal_scroll_on_a_phone(open_page, page_path):
    page = open_page(page_path)
    too_wide = {}
    for width in PHONE_WIDTHS:
        page.set_viewport_size({"width": width, "height": 844})
        scroll_width, client_width = page.evaluate(
            "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]")
        if scroll_width > client_width:
            too_wide[width] = scroll_width - client_width
    assert not too_wide, ", ".join(f"{extra}px wider than a {width}px screen" for width, extra in too_wide.items())


# What the page asked for, as Chromium's Resource Timing saw it, and whether each request held
# back the first render (stylesheets, and scripts in <head> without defer or async). Sizes come
# from the built files: the browser reports 0 bytes for what it took from its cache.
REQUESTS = """() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
  .map(e => ({url: e.name, type: e.contentType,
              blocking: e.entryType === 'navigation' || e.renderBlockingStatus === 'blocking'}))"""


def _is_html_css_or_js(content_type: str) -> bool:
    return content_type in ("text/html", "text/css") or "javascript" in content_type


def _file_size(site: Path, url: str) -> int:
    path = site / urlsplit(url).path.lstrip("/")
    return (path / "index.html" if path.is_dir() else path).stat().st_size


def test_page_is_within_its_budget(open_page, page_path, built_site):
    requests = open_page(page_path).evaluate(REQUESTS)
    needed = {r["url"]: _file_size(built_site, r["url"]) for r in requests if _is_html_css_or_js(r["type"])}
    total = sum(needed.values())
    assert total < BUDGET_BYTES, (f"{total:,} bytes of HTML, CSS and JS, {total - BUDGET_BYTES:,} over the budget "
                                  f"of {BUDGET_BYTES:,}:\n" + "\n".join(f"{n:>8,} {url}" for url, n in needed.items()))
    blocking = [r["url"] for r in requests if r["blocking"]]
    assert len(blocking) <= MAX_REQUESTS_BEFORE_RENDER, f"requests before first render: {blocking}"
