"""What the browser tests measure on a page, shared by the real site's tests (test_every_page.py,
test_html_valid.py) and the grown site's (test_growth.py): its weight against the budget, its
axe violations, how much wider than a phone's screen it is, and the Nu HTML Checker's report
on a set of pages."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import REPO

AXE = Axe()  # axe-core's script ships inside the wheel: nothing is fetched
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
COLOUR_RULES = ["color-contrast", "link-in-text-block"]  # what changes between light and dark
BUDGET_BYTES = 50_000  # HTML + CSS + JS, uncompressed
VNU = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"
PHONE_WIDTHS = [320, 390]  # WCAG reflow is judged at 320 CSS px; 390 is a common phone

# What the page asked for, as Chromium's Resource Timing saw it, and whether each request held
# back the first render (stylesheets, and scripts in <head> without defer or async). Sizes come
# from the built files: the browser reports 0 bytes for what it took from its cache.
REQUESTS = """() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
  .map(e => ({url: e.name, type: e.contentType,
              blocking: e.entryType === 'navigation' || e.renderBlockingStatus === 'blocking'}))"""


def requests(page) -> list[dict]:
    return page.evaluate(REQUESTS)


def too_wide_on_a_phone(page) -> list[str]:
    """How far the loaded page scrolls sideways at each phone width, where it does: with the
    browser's text size, and with text twice as large (a phone's large-text setting)."""
    too_wide = []
    for text_size in ("", "200%"):
        page.evaluate("size => { document.documentElement.style.fontSize = size; }", text_size)
        for width in PHONE_WIDTHS:
            page.set_viewport_size({"width": width, "height": 844})
            extra = page.evaluate("() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth")
            if extra > 0:
                too_wide.append(f"{extra}px wider than a {width}px screen" + (" with text at 200%" if text_size else ""))
    page.evaluate("() => { document.documentElement.style.fontSize = ''; }")
    return too_wide


def is_html_css_or_js(content_type: str) -> bool:
    return content_type in ("text/html", "text/css") or "javascript" in content_type


def file_size(site: Path, url: str) -> int:
    path = site / urlsplit(url).path.lstrip("/")
    return (path / "index.html" if path.is_dir() else path).stat().st_size


def weight(requested: list[dict], site: Path) -> dict[str, int]:
    """The HTML, CSS and JS a loaded page needed: url -> bytes."""
    return {r["url"]: file_size(site, r["url"]) for r in requested if is_html_css_or_js(r["type"])}


def over_budget(needed: dict[str, int]) -> str:
    """Why the page is over its budget, or '' when it is within it."""
    total = sum(needed.values())
    if total < BUDGET_BYTES:
        return ""
    return (f"{total:,} bytes of HTML, CSS and JS, {total - BUDGET_BYTES:,} over the budget of {BUDGET_BYTES:,}:\n"
            + "\n".join(f"{n:>8,} {url}" for url, n in needed.items()))


def axe_report(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n" +
                     "\n".join(f"    {', '.join(n['target'])}: {n['failureSummary']}" for n in v["nodes"])
                     for v in violations)


def _axe(page, run_only: dict) -> list[dict]:
    # Details of violations only: those of every pass on every node are slow to pass back.
    return AXE.run(page, options={"runOnly": run_only, "resultTypes": ["violations"]}).response["violations"]


def axe_violations(page) -> list[dict]:
    """Every rule axe runs for WCAG 2.2 AA and best practice (all its default rules, plus the
    WCAG 2.2 ones it leaves off by default); then the colour rules again in the dark scheme."""
    violations = _axe(page, {"type": "tag", "values": WCAG_22_AA})
    page.emulate_media(color_scheme="dark")
    dark = _axe(page, {"type": "rule", "values": COLOUR_RULES})
    page.emulate_media(color_scheme="light")
    return violations + [{**v, "id": v["id"] + " in dark mode"} for v in dark]


def nu_report(site: Path, pages: list[Path]) -> list[str]:
    """The Nu HTML Checker's errors on `pages`, one line each ('' lines: none)."""
    if not VNU.exists() or not shutil.which("java"):
        pytest.fail("vnu.jar or java is missing: `make test` installs both")
    # One JVM for every page: it takes seconds to start.
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
                            capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr)["messages"]  # vnu writes its report to stderr
    report = [f"{m.get('url', '').removeprefix('file:' + str(site))}:{m.get('lastLine', '?')}: "
              f"{m['type']}: {m['message']}" for m in messages]
    if not report and result.returncode != 0:
        report.append(result.stderr)
    return report
