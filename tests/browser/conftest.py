"""The built site in a real browser: served on 127.0.0.1 and opened in Debian's Chromium,
driven by Playwright (which is never allowed to download a browser of its own)."""

from __future__ import annotations

import contextlib
import fnmatch
import functools
import threading
import tomllib
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, expect, sync_playwright

from conftest import REPO, build_site_once, reader_pages, run_explainer
from fixture_content import fixture_project
from hostile.tally import Tally

CHROMIUM = Path("/usr/bin/chromium")
# Playwright adds --headless and a fresh temporary --user-data-dir to every launch.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 720}
PAYLOAD_TALLY = pytest.StashKey[Tally]()  # filled by test_payloads.py


def site_pages(config: pytest.Config) -> list[str]:
    """Every HTML page of the build, relative to the site root; none if the build failed
    (then built_site fails, and says why)."""
    output, result = build_site_once(config)
    return [str(p.relative_to(output)) for p in reader_pages(output)] if result.returncode == 0 else []


def pytest_generate_tests(metafunc):
    if "page_path" in metafunc.fixturenames:  # tests over every page; samples name theirs `path`
        pages = site_pages(metafunc.config)
        metafunc.parametrize("page_path", pages, ids=pages)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if PAYLOAD_TALLY in config.stash:
        terminalreporter.write_line(config.stash[PAYLOAD_TALLY].summary())


def url_path(page_path: str) -> str:
    """The address a reader uses: folders, not index.html."""
    return "/" + page_path.removesuffix("index.html")


def header_rules(site: Path) -> list[tuple[str, dict[str, str]]]:
    """netlify.toml's [[headers]] rules, then those of the site's own _headers file (a preview's)."""
    rules = [(rule["for"], rule["values"]) for rule in tomllib.loads((REPO / "netlify.toml").read_text())["headers"]]
    extra = site / "_headers"
    if extra.exists():  # the preview's own file: a path line, then indented "Name: value" lines
        for line in extra.read_text().splitlines():
            if line and not line[0].isspace():
                rules.append((line.strip(), {}))
            elif line.strip():
                name, value = line.strip().split(":", 1)
                rules[-1][1][name] = value.strip()
    return rules


class NetlifyLikeHandler(SimpleHTTPRequestHandler):
    rules: list[tuple[str, dict[str, str]]] = []

    def site_path(self) -> str:
        """The address within the site, which the rules' patterns match."""
        return self.path.split("?")[0]

    def end_headers(self) -> None:
        path = self.site_path()
        served = path + "index.html" if path.endswith("/") else path
        headers: dict[str, str] = {}
        for pattern, values in self.rules:  # as Netlify: a later matching rule overrides a header
            if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(served, pattern):
                headers.update(values)
        for name, value in headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args) -> None:
        pass


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def served(folder: Path, netlify_headers: bool = False) -> Iterator[str]:
    """`folder` over HTTP on a free port, as a static host serves it (with the headers netlify.toml
    and the site's _headers give, if asked): its address."""
    handler = type("Handler", (NetlifyLikeHandler,), {"rules": header_rules(folder)}) if netlify_headers else _QuietHandler
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextlib.contextmanager
def watched_page(browser) -> Iterator[tuple]:
    """A fresh page, and the list of every CSP violation and console error it meets."""
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.add_init_script("document.addEventListener('securitypolicyviolation',"
                         " e => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))")
    try:
        yield page, problems
    finally:
        context.close()


def search_results(page, url: str, query: str) -> list[str]:
    """The addresses of the search page's results for `query`, once it says how many it found."""
    page.goto(f"{url}/search/?q={query}")
    expect(page.locator("#search-status")).to_contain_text(f"for “{query}”")
    return [a.get_attribute("href") for a in page.query_selector_all("#search-results li > a")]


@pytest.fixture(scope="session")
def site_url(built_site):
    with served(built_site) as url:
        yield url


def built(project: Path) -> Path:
    """The project built into its build/ folder, which is returned; the build must succeed."""
    result = run_explainer(project, "build", "--quiet")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "build"


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The tests' own explainer (fixture_content.py), built: a site whose pages and search
    results a test can name, whatever content/ holds."""
    return built(fixture_project(tmp_path_factory.mktemp("fixture-site")))


@pytest.fixture(scope="session")
def fixture_url(fixture_site):
    with served(fixture_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def tab(browser):
    """One tab reused by every test: a new one costs more than loading a page into it."""
    context = browser.new_context(viewport=DESKTOP)
    yield context.new_page()
    context.close()


def _console_problem(message: ConsoleMessage) -> str | None:
    if message.type != "error":
        return None
    return f"console: {message.text} ({message.location.get('url')}:{message.location.get('lineNumber')})"


@pytest.fixture
def open_page(browser, tab, site_url):
    """open_page(page_path, errors=None, **context_options) -> a Playwright Page, loaded.

    Without options the page loads into the shared tab, put back to desktop size and light
    colours after the test; with options (java_script_enabled=False, say) into a new context.
    Console errors and uncaught exceptions are appended to `errors` when it is given."""
    contexts, listeners = [], []

    def open_(page_path: str, errors: list[str] | None = None, **options):
        page = tab
        if options:
            contexts.append(browser.new_context(**options))
            page = contexts[-1].new_page()
        if errors is not None:
            def on_console(message):
                if problem := _console_problem(message):
                    errors.append(problem)

            for event, listener in (("console", on_console), ("pageerror", lambda e: errors.append(f"uncaught: {e}"))):
                page.on(event, listener)
                listeners.append((page, event, listener))
        page.goto(site_url + url_path(page_path))
        return page

    yield open_
    for page, event, listener in listeners:
        page.remove_listener(event, listener)
    for context in contexts:
        context.close()
    tab.set_viewport_size(DESKTOP)
    tab.emulate_media(color_scheme="light")
