"""Chromium watching pages for anything a page of ours never does: call a dialog (alert,
confirm, prompt, print, window.open), break the Content-Security-Policy, ask another origin
for anything, navigate away, open a window, throw or log an error. Also what the browser's
own parser made of the page: its risky elements, attributes and addresses (risky.js).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

HOOKS = Path(__file__).with_name("hooks.js")
RISKY = Path(__file__).with_name("risky.js").read_text()


@dataclass
class Seen:
    executed: list[str] = field(default_factory=list)  # a hook fired: script ran
    csp: list[str] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)  # requests to other origins, navigations, windows
    errors: list[str] = field(default_factory=list)
    dom: dict[str, set[str]] = field(default_factory=dict)  # page -> risky things the browser sees
    texts: dict[tuple[str, str], str] = field(default_factory=dict)  # (page, selector) -> its text
    results: int = 0  # search results shown

    def on_console(self, message) -> None:
        text = message.text
        if text.startswith("hostile-hook: "):
            self.executed.append(text)
        elif text.startswith("hostile-csp: ") or "Content Security Policy" in text:
            self.csp.append(text)
        elif message.type == "error":
            self.errors.append(f"console: {text}")


class Watcher:
    """One fresh context per visit (no cache shared between builds), with every listener."""

    def __init__(self, browser: Browser, origin: str) -> None:
        self.browser = browser
        self.origin = origin

    def visit(self, paths: list[str], probe: str, selectors: dict[str, list[str]]) -> Seen:
        """Load each page, read the text of its `selectors`, then search for `probe`."""
        seen = Seen()
        context = self.browser.new_context()
        context.add_init_script(path=HOOKS)
        # Every request to another origin is stopped and counted (the pattern is matched by
        # Playwright's driver, so the site's own requests never wait for Python).
        context.route(re.compile(f"^(?!{re.escape(self.origin)}/)"), lambda route: self._refuse(route, seen))
        page = context.new_page()
        page.on("popup", lambda popup: seen.elsewhere.append(f"opened a window: {popup.url}"))
        page.on("console", seen.on_console)
        page.on("pageerror", lambda error: seen.errors.append(f"uncaught: {error}"))
        page.on("dialog", lambda dialog: (seen.executed.append(f"dialog: {dialog.type} {dialog.message}"),
                                          dialog.dismiss()))
        try:
            for path in paths:
                self._load(page, path, seen, selectors.get(path, []))
            self._search(page, probe, seen)
        finally:
            context.close()
        return seen

    def _refuse(self, route, seen: Seen) -> None:
        seen.elsewhere.append(f"request to {route.request.url}")
        route.abort()

    def _load(self, page: Page, path: str, seen: Seen, selectors: list[str]) -> None:
        address = self.origin + "/" + path.removesuffix("index.html")
        page.goto(address)
        if page.url != address:
            seen.elsewhere.append(f"{address} navigated to {page.url}")
        seen.dom[path] = set(page.evaluate(RISKY))
        for selector in selectors:
            seen.texts[path, selector] = page.evaluate("s => s === 'title' ? document.title : "
                                                       "document.querySelector(s).textContent", selector)

    def _search(self, page: Page, probe: str, seen: Seen) -> None:
        page.goto(self.origin + "/search/")
        page.fill("#search-input", probe)
        expect(page.locator("#search-status")).to_contain_text(f"for “{probe}”")
        seen.dom["search/index.html"] = set(page.evaluate(RISKY))
        seen.results = page.locator("#search-results li").count()
