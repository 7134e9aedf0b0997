"""The payload suite: every hostile string of tests/hostile/payloads.py in every field of
every record type, and in an article's metadata and text.

For each payload, either the checker refuses a field with an error on that field's own
lines, or the build accepts it and then: no output file (pages, feed, sitemap, robots.txt,
data/*.json, the search index) has a script, event handler, unsafe address or other risky
thing that the same file of the safe build does not have; Chromium, loading every page the
payload changed under the site's real headers and searching for a word of it, sees no
script run, no policy violation, no request elsewhere and nothing risky in the live DOM;
and the payload reads as the very text that was written. The counts are printed at the
end of the run (pytest_terminal_summary in conftest.py).
"""

from __future__ import annotations

import re
import shutil
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from browser.conftest import PAYLOAD_TALLY, NetlifyLikeHandler, header_rules
from conftest import REPO
from explainer.commands.build import build_settings
from hostile.attack import Outcome, Reference, safe_build
from hostile.expected import SHOWN, export_mismatches, shown_at, squeeze, stored
from hostile.fields import FIELDS, Field
from hostile.payloads import PAYLOADS
from hostile.pipeline import Pipeline
from hostile.tally import Tally
from hostile.watch import SEARCH_PAGE, Seen, Watcher


@pytest.fixture(scope="module")
def settings() -> dict:
    return build_settings(REPO / "pelicanconf.py", None, None)


@pytest.fixture(scope="module")
def safe(tmp_path_factory, settings) -> Reference:
    return safe_build(tmp_path_factory.mktemp("safe"), settings["EXPLAINER_SITE_URL"])


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory, safe):
    pipeline = Pipeline(tmp_path_factory.mktemp("payloads"), safe)
    yield pipeline
    pipeline.close()


class _SitesHandler(NetlifyLikeHandler):
    """`/<name>/…` is the build registered under that name, with netlify.toml's headers."""

    def translate_path(self, path: str) -> str:
        name, _, rest = path.lstrip("/").partition("/")
        self.directory = str(self.server.sites.get(name, "/nonexistent"))
        return super().translate_path("/" + rest)

    def site_path(self) -> str:
        return "/" + super().site_path().lstrip("/").partition("/")[2]


class SitesServer(ThreadingHTTPServer):
    sites: dict[str, Path]

    def handle_error(self, request, address) -> None:
        pass  # a tab left a page while a file was sent: not the site's fault


@pytest.fixture(scope="module")
def server(safe):
    server = SitesServer(("127.0.0.1", 0), type("Handler", (_SitesHandler,), {"rules": header_rules(safe.site)}))
    server.sites = {"safe": safe.site}
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def watcher(browser, server):
    watcher = Watcher(browser, f"http://127.0.0.1:{server.server_port}")
    yield watcher
    watcher.close()


class SafeDom:
    """What the browser sees in the safe build's pages, loaded when first needed."""

    def __init__(self, watcher: Watcher, site: Path) -> None:
        self.watcher = watcher
        self.site = site
        self.dom: dict[str, set[str]] = {}

    def allowed(self, pages: list[str]) -> dict[str, set[str]]:
        """A page the payload's build adds (a long value splits a page in two, center/ into
        center/leadership/…) is compared with the nearest page above it in the safe build."""
        pages = [self.nearest(page) for page in pages]
        missing = [page for page in pages if page not in self.dom]
        if missing or SEARCH_PAGE not in self.dom:
            seen = self.watcher.visit("safe", missing, "hostile", {})
            assert (seen.executed, seen.csp, seen.elsewhere, seen.errors) == ([], [], [], [])
            self.dom.update(seen.dom)
        return self.dom

    def nearest(self, page: str) -> str:
        parts = page.split("/")[:-1]
        while parts and not (self.site / "/".join(parts) / "index.html").is_file():
            parts.pop()
        return page if (self.site / page).is_file() else "/".join([*parts, "index.html"])

    def allowed_on(self, allowed: dict[str, set[str]], page: str) -> set[str]:
        """What may be seen on `page`: as on its safe twin, with links climbing from its own depth."""
        twin = self.nearest(page)
        return allowed[twin] if twin == page else {_from_root(feature) for feature in allowed[twin]}


def _from_root(feature: str) -> str:
    """A feature with its page's own place taken out: the climb of relative links and the
    path of its own address (canonical, og:url)."""
    return re.sub(r"(https?://[^/\s>]+/)[^\s>]*", r"\1", feature.replace("../", ""))


@pytest.fixture(scope="module")
def safe_dom(watcher, safe) -> SafeDom:
    return SafeDom(watcher, safe.site)


@pytest.fixture(scope="module")
def tally(request) -> Tally:
    request.config.stash[PAYLOAD_TALLY] = Tally(len(PAYLOADS), len(FIELDS))
    return request.config.stash[PAYLOAD_TALLY]


def test_the_safe_build_has_nothing_that_is_not_ours(safe, built_site, settings):
    """The hostile records with safe values add pages, but nothing risky to any file."""
    baseline = Reference(built_site, settings["EXPLAINER_SITE_URL"])
    findings = {name: safe.features(name) - baseline.allowed(name) for name in safe.digests}
    assert {name: found for name, found in findings.items() if found} == {}


def test_the_instruments_see_a_planted_attack(safe, server, watcher, tmp_path):
    """The scan and the browser are not blind: a site with markup planted after the build
    shows every kind of finding."""
    site = shutil.copytree(safe.site, tmp_path / "site")
    (site / "theme/planted.js").write_text("alert('planted')")
    _plant(site / "actors/hostile-actor/index.html", "</main>", '<script src="../../theme/planted.js"></script>'
           '<img src="x" onerror="alert(2)"><a href="javascript:alert(3)">x</a></main>')
    _plant(site / "feeds/updates.atom.xml", "</entry>", '<content type="html">&lt;base href="//evil.example/"&gt;'
           "</content></entry>")
    _plant(site / "data/events.json", '"url": "', '"url": "java\\tscript:alert(4)#')
    planted = Reference(site, safe.site_url)
    found = {name: planted.features(name) - safe.allowed(name) for name in
             ("actors/hostile-actor/index.html", "feeds/updates.atom.xml", "data/events.json")}
    assert found["actors/hostile-actor/index.html"] == {
        "<script src=http://site.invalid/theme/planted.js>", "<img onerror=…>", "<a href='javascript:alert(3)'>"}
    assert "in feed <content>: <base href='//evil.example/'>" in found["feeds/updates.atom.xml"]
    assert len(found["data/events.json"]) == 1
    server.sites["planted"] = site
    seen = watcher.visit("planted", ["actors/hostile-actor/index.html"], "hostile", {})
    assert seen.executed == ["hostile-hook: alert(planted)"]
    assert any("script-src-attr" in violation for violation in seen.csp)
    assert "<img onerror=…>" in seen.dom["actors/hostile-actor/index.html"]


@pytest.mark.parametrize("payload", PAYLOADS, ids=[p.name for p in PAYLOADS])
def test_payload_is_refused_or_inert(payload, pipeline, server, watcher, safe_dom, tally, settings):
    outcome = pipeline.take(payload)
    seen, dom = Seen(), {}
    if outcome.site is not None:
        pages = [name for name in outcome.changed if name.endswith(".html")]
        allowed = safe_dom.allowed(pages)
        server.sites[payload.name] = outcome.site
        seen = watcher.visit(payload.name, pages, payload.probe, _selectors(outcome.accepted, outcome.site))
        dom = {page: risky for page, found in seen.dom.items()
               if (risky := {f for f in found if _from_root(f) not in safe_dom.allowed_on(allowed, page)}
                   if page != safe_dom.nearest(page) else found - allowed[page])}
    problems = _problems(outcome, seen, dom, settings["SITENAME"])
    accepted = len(outcome.accepted)
    tally.add(len(outcome.tried), len(outcome.refused), 0 if problems or seen.executed else accepted,
              accepted if seen.executed else 0)
    pipeline.discard(payload)
    server.sites.pop(payload.name, None)
    assert seen.executed == []
    assert problems == []


def test_the_counts_add_up(tally):
    assert len(PAYLOADS) >= 40
    if tally.done < len(PAYLOADS):
        pytest.skip("only some payloads ran")
    assert tally.executed == 0
    assert tally.rejected + tally.inert == tally.tried


def _selectors(accepted: list[Field], site: Path) -> dict[str, list[str]]:
    wanted: dict[str, list[str]] = {}
    for field in accepted:
        if str(field) in SHOWN:
            page, selector = shown_at(field, site)
            wanted.setdefault(page, []).append(selector)
            if selector == "h1":
                wanted[page].append("title")
    return wanted


def _problems(outcome: Outcome, seen: Seen, dom: dict[str, set[str]], site_name: str) -> list[str]:
    problems = [f"{name}: {sorted(found)}" for name, found in outcome.findings.items()]
    problems += [f"in the browser, {page}: {sorted(found)}" for page, found in dom.items()]
    problems += seen.csp + seen.elsewhere + seen.errors
    problems += export_mismatches(outcome.payload, outcome.accepted, outcome.data)
    problems += _not_shown_as_text(outcome, seen, site_name)
    return problems


def _without_part(title: str) -> str:
    """A page split in parts titles each part "<name>, page 1 of 2"."""
    return re.sub(r", page \d+ of \d+$", "", title)


def _not_shown_as_text(outcome: Outcome, seen: Seen, site_name: str) -> list[str]:
    """Accepted text reads exactly as written: escaped, never interpreted ({{ 7*7 }} stays)."""
    wrong = []
    for field in outcome.accepted:
        if str(field) not in SHOWN:
            continue
        page, selector = shown_at(field, outcome.site)
        want = squeeze(stored(outcome.payload, field))
        if _without_part(squeeze(seen.texts[page, selector])) != want:
            wrong.append(f"{field} shows as {seen.texts[page, selector]!r} on {page}")
        title = seen.texts[page, "title"] if selector == "h1" else ""
        if selector == "h1" and not (title.endswith(f" · {site_name}")
                                     and _without_part(title.removesuffix(f" · {site_name}")) == want):
            wrong.append(f"{field}: the tab's title is {seen.texts[page, 'title']!r}")
    if any(f.kind != "article" and f.path != "id" for f in outcome.accepted):
        if squeeze(outcome.payload.text) not in outcome.text:
            wrong.append("the payload is not among the words of the pages it changed")
        if seen.results == 0:
            wrong.append(f"searching for {outcome.payload.probe!r} showed no results")
    return wrong


def _plant(path: Path, before: str, markup: str) -> None:
    text = path.read_text("utf-8")
    path.write_text(text.replace(before, markup, 1), "utf-8")
