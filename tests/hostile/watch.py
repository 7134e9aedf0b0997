"""Chromium watching pages for anything a page of ours never does: call a dialog (alert,
confirm, prompt, print, window.open), break the Content-Security-Policy, ask another origin
for anything, navigate away, open a window, throw or log an error. Also what the browser's
own parser made of the page: its risky elements, attributes and addresses (risky.js).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, expect

HOOKS = Path(__file__).with_name("hooks.js")
RISKY = Path(__file__).with_name("risky.js").read_text()
SEARCH_PAGE = "search/index.html"


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
            self.errors.append(f"console: {text} ({message.location.get('url', '')})")


class Watcher:
    """One tab for every visit. Each build is served at its own address (`/<name>/`), so
    nothing cached from one build is shown for another, and no tab is started twice."""

    def __init__(self, browser: Browser, origin: str) -> None:
        self.origin = origin
        self.seen = Seen()
        self.context = browser.new_context()
        self.context.add_init_script(path=HOOKS)
        # Every request to another origin is stopped and counted (the pattern is matched by
        # Playwright's driver, so the site's own requests never wait for Python).
        self.context.route(re.compile(f"^(?!{re.escape(origin)}/)"), self._refuse)
        self.page = self.context.new_page()
        self.page.on("popup", lambda popup: self.seen.elsewhere.append(f"opened a window: {popup.url}"))
        self.page.on("console", lambda message: self.seen.on_console(message))
        self.page.on("pageerror", lambda error: self.seen.errors.append(f"uncaught: {error}"))
        self.page.on("dialog", self._dialog)

    def visit(self, site: str, paths: list[str], probe: str, selectors: dict[str, list[str]]) -> Seen:
        """Load each page of the build served as `site`, read the text of its `selectors`,
        then search it for `probe`."""
        self.seen = seen = Seen()
        for path in paths:
            self._load(f"{self.origin}/{site}/", path, selectors.get(path, []))
        self._search(f"{self.origin}/{site}/", probe)
        self.page.goto("about:blank")  # nothing late from these pages lands in the next visit
        return seen

    def close(self) -> None:
        self.context.close()

    def _refuse(self, route) -> None:
        self.seen.elsewhere.append(f"request to {route.request.url}")
        route.abort()

    def _dialog(self, dialog) -> None:
        self.seen.executed.append(f"dialog: {dialog.type} {dialog.message}")
        dialog.dismiss()

    def _load(self, root: str, path: str, selectors: list[str]) -> None:
        address = root + path.removesuffix("index.html")
        self.page.goto(address)
        if self.page.url != address:
            self.seen.elsewhere.append(f"{address} navigated to {self.page.url}")
        self.seen.dom[path] = set(self.page.evaluate(RISKY))
        for selector in selectors:
            self.seen.texts[path, selector] = self.page.evaluate(
                "s => s === 'title' ? document.title : document.querySelector(s).textContent", selector)

    def _search(self, root: str, probe: str) -> None:
        self.page.goto(root + "search/")
        self.page.fill("#search-input", probe)
        expect(self.page.locator("#search-status")).to_contain_text(f"for “{probe}”")
        self.seen.dom[SEARCH_PAGE] = set(self.page.evaluate(RISKY))
        self.seen.results = self.page.locator("#search-results li").count()
