"""The browser editor at /admin/, driven in Chromium against `explainer serve` and its local
decap-server: what an editor saves lands in the working tree in canonical form, passes
`explainer check --strict` and shows up in the live preview; the quote check answers as one types."""

from __future__ import annotations

import functools
import os
import re
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from browser.conftest import DESKTOP, NetlifyLikeHandler, header_rules
from conftest import REPO, copy_project, run_explainer, wait_for
from explainer.check.quotes import closest_passage, find, normalise
from explainer.model.problems import Problems
from explainer.read.articles import load_article

SERIOUS = ("serious", "critical")
# A quote the new actor can cite as it is, with no character that YAML would have to escape.
PLAIN_QUOTE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ,.-]+")
# The records edited in the browser: each collection's longest file (the most kinds of field
# between them), of those whose name or title is one plain line, so that the edited line is known.
EDITED = [("events", "Title"), ("actors", "Name"), ("disagreements", "Title"), ("questions", "Title")]


def longest_plain_record(folder: str, field: str) -> str:
    """The id of the longest record in content/`folder` whose `field` line is a plain scalar."""
    key = field.lower()

    def plain(path: Path) -> bool:
        line = next((text for text in path.read_text("utf-8").splitlines() if text.startswith(f"{key}: ")), "")
        value = line.removeprefix(f"{key}: ")
        return bool(value) and value[0] not in "'\"|>" and yaml.safe_load(line) == {key: value}

    files = [path for path in (REPO / "content" / folder).glob("*.yaml") if plain(path)]
    return max(files, key=lambda path: (len(path.read_text("utf-8").splitlines()), path.name)).stem


def first_plain_citation(project: Path) -> tuple[str, str]:
    """(article id, quote) of the first citation in the content, in file order, whose quote is
    plain (PLAIN_QUOTE) and at least six words long."""
    def citations(value):
        if isinstance(value, dict):
            if isinstance(value.get("article"), str) and isinstance(value.get("quote"), str):
                yield value["article"], value["quote"]
            for inner in value.values():
                yield from citations(inner)
        elif isinstance(value, list):
            for inner in value:
                yield from citations(inner)

    for path in sorted((project / "content").rglob("*.yaml")):
        for article_id, quote in citations(yaml.safe_load(path.read_text("utf-8"))):
            if PLAIN_QUOTE.fullmatch(quote) and len(quote.split()) >= 6:
                return article_id, quote
    raise AssertionError("the content cites no plain quote of six words or more")


@pytest.fixture(scope="module")
def citation(editor) -> tuple[str, str, str, str]:
    """(article id, a quote found in it, a misquote of it, the closest passage to the misquote,
    by the build's own rule: the browser's quote check must show the same)."""
    article_id, quote = first_plain_citation(editor[0])
    path = editor[0] / "content/articles" / f"{article_id}.md"
    text = load_article(path.read_bytes(), str(path), article_id, Problems()).text
    words = quote.split()
    wrong = " ".join(words[:1] + words[2:])  # its second word left out
    assert find(normalise(text), text, wrong) is None, "the misquote is in the article after all"
    closest, score = closest_passage(text, wrong)
    assert score >= 0.3, "the misquote is too far from the article for a closest passage"
    return article_id, quote, wrong, closest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]



def page_text(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return ""


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    """A project copy served by `explainer serve`, with decap-server on the working tree."""
    project = copy_project(tmp_path_factory.mktemp("editor"))
    (project / "node_modules").symlink_to(REPO / "node_modules")
    port, proxy = free_port(), free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts"), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "explainer", "serve", "--quiet", "--port", str(port),
                                "--editor-port", str(proxy)], cwd=project, env=env, stdout=subprocess.PIPE, text=True)
    try:
        for line in process.stdout:
            if line.startswith("Serving "):
                break
        url = f"http://127.0.0.1:{port}"
        assert wait_for(lambda: "local_fs" in _proxy_info(proxy)), "decap-server did not start"
        yield project, url
    finally:
        process.terminate()
        process.communicate(timeout=20)


def _proxy_info(port: int) -> str:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1", data=b'{"action":"info"}',
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return ""


@pytest.fixture(scope="module")
def admin(browser, editor):
    """One tab on the editor, signed in to the local backend; console errors collected."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(f"{m.text} {m.location}"))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda dialog: dialog.accept())  # "leave with unsaved changes?": yes
    page.goto(editor[1] + "/admin/")
    page.get_by_role("button", name="Login").click()
    expect(page.get_by_text("Collections")).to_be_visible(timeout=30_000)
    yield page, errors
    context.close()


def open_admin(page, url: str, route: str) -> None:
    """Load the editor afresh at `route` (a hash change alone keeps Decap on the open entry)."""
    page.goto("about:blank")
    page.goto(f"{url}/admin/#{route}")
    login = page.get_by_role("button", name="Login")
    expect(login.or_(page.get_by_role("button", name="Publish")).first).to_be_visible(timeout=30_000)
    if login.is_visible():
        login.click()


def publish(page) -> None:
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()


def test_a_new_actor_saved_in_the_browser_is_checked_and_previewed(admin, editor, citation):
    page, errors = admin
    project, url = editor
    article_id, quote, wrong, closest = citation
    open_admin(page, url, "/collections/actors/new")
    page.get_by_label("Name", exact=True).fill("Test Envoy")
    page.get_by_label("Kind", exact=True).click()
    page.get_by_text("person", exact=True).click()
    page.get_by_label("Text", exact=True).fill("A test envoy in the talks.")
    page.get_by_role("button", name="Add a source").first.click()
    page.locator(".explainer-citation select").first.select_option(article_id)
    page.locator(".explainer-citation textarea").first.fill(quote)
    status = page.locator(".explainer-quote-check").first
    expect(status).to_have_attribute("data-status", "found")
    expect(status).to_contain_text("Found in")
    publish(page)

    saved = project / "content/actors/test-envoy.yaml"
    assert wait_for(saved.exists), "the editor did not write the record into the working tree"
    assert saved.read_text("utf-8") == (
        "# yaml-language-server: $schema=../../schemas/actor.schema.json\n"
        "name: Test Envoy\n"
        "kind: person\n"
        "role:\n"
        "  text: A test envoy in the talks.\n"
        "  cite:\n"
        f"    - article: {article_id}\n"
        f"      quote: '{quote}'\n")
    result = run_explainer(project, "check")  # --strict would add: no other record refers to it yet
    assert result.returncode == 0, result.stdout + result.stderr
    assert wait_for(lambda: "Test Envoy" in page_text(url + "/actors/test-envoy/")), "the live preview lacks the page"

    page.locator(".explainer-citation textarea").first.fill(wrong)
    expect(status).to_have_attribute("data-status", "not-found")
    expect(status).to_contain_text(f"Closest passage: “{closest}”")
    assert errors == []
    saved.unlink()  # the other tests check the project with --strict, where a lone actor is a warning


def test_the_center_page_edited_in_the_browser_changes_one_line(admin, editor):
    page, errors = admin
    project, url = editor
    center = project / "content/center.yaml"
    before = center.read_text("utf-8").splitlines()
    name_line = next(line for line in before if line.startswith("name: "))
    current = yaml.safe_load(name_line)["name"]
    open_admin(page, url, "/collections/center/entries/center")
    name = page.get_by_label("Name", exact=True)
    expect(name).to_have_value(current)
    name.fill(current + " (CMCC)")
    publish(page)
    assert wait_for(lambda: "(CMCC)" in center.read_text("utf-8"))
    after = center.read_text("utf-8").splitlines()
    changed = [(old, new) for old, new in zip(before, after) if old != new]
    assert len(before) == len(after) and len(changed) == 1
    assert yaml.safe_load(changed[0][1]) == {"name": current + " (CMCC)"}
    result = run_explainer(project, "check", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert errors == []


@pytest.mark.parametrize("folder,field", EDITED, ids=[folder for folder, _ in EDITED])
def test_a_record_edited_in_the_browser_changes_only_the_edited_line(admin, editor, folder, field):
    """The rest of the file, nested lists, flow lists, quotes and all, is written back byte for byte."""
    page, errors = admin
    project, url = editor
    record_id = longest_plain_record(folder, field)
    route = f"/collections/{folder}/entries/{record_id}"
    record = project / "content" / folder / f"{record_id}.yaml"
    before = record.read_text("utf-8").splitlines()
    open_admin(page, url, route)
    box = page.get_by_label(field, exact=True)
    expect(box).not_to_have_value("")
    old = box.input_value()
    box.fill(old + " edited")
    publish(page)
    assert wait_for(lambda: " edited" in record.read_text("utf-8")), "the editor did not save"
    after = record.read_text("utf-8").splitlines()
    key = field.lower()
    assert [(a, b) for a, b in zip(before, after) if a != b] == [(f"{key}: {old}", f"{key}: {old} edited")]
    assert len(after) == len(before)
    result = run_explainer(project, "check", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert errors == []


def test_an_open_question_with_no_answer_is_saved_without_one(admin, editor, citation):
    """Decap refuses an optional group left empty when its fields are required
    (decaporg/decap-cms#7748): the answer's fields are not required in the editor, and a
    blank answer is left out of the file, not written as an empty key."""
    page, errors = admin
    project, url = editor
    article_id, quote, _, _ = citation
    record = project / "content/questions/an-open-question-from-the-test.yaml"
    cite = f"    cite:\n      - article: {article_id}\n        quote: '{quote}'\n"
    actor = longest_plain_record("actors", "Name")
    record.write_text("# yaml-language-server: $schema=../../schemas/question.schema.json\n"
                      f"title: An open question from the test\nstatus: open\nwhy:\n  - text: It matters.\n{cite}"
                      f"so_far:\n  - text: Nothing is known.\n{cite}actors: [{actor}]\n", "utf-8")
    before = record.read_text("utf-8")
    try:
        assert run_explainer(project, "check", "--strict").returncode == 0
        open_admin(page, url, f"/collections/questions/entries/{record.stem}")
        box = page.get_by_label("Title", exact=True)
        expect(box).to_have_value("An open question from the test")
        box.fill("An open question from the test, edited")
        publish(page)
        assert wait_for(lambda: "edited" in record.read_text("utf-8")), "the editor did not save"
        assert record.read_text("utf-8") == before.replace("from the test\n", "from the test, edited\n", 1)
        assert errors == []
    finally:
        record.unlink()  # the other tests check the whole project


def test_a_date_off_the_calendar_is_refused_in_the_editor_as_by_the_check(admin, editor):
    """30 February has the shape of a date: the editor's field refuses it, with the hint
    `check` gives, and the file is not written."""
    page, errors = admin
    project, url = editor
    event_id = longest_plain_record("events", "Title")
    record = project / "content/events" / f"{event_id}.yaml"
    before = record.read_text("utf-8")
    open_admin(page, url, f"/collections/events/entries/{event_id}")
    box = page.get_by_label("Date", exact=True).first  # the event's own; its updates have dates too
    expect(box).not_to_have_value("")
    box.fill("2025-02-30")
    publish(page)
    expect(page.get_by_text("write a date on the calendar").first).to_be_visible(timeout=30_000)
    assert record.read_text("utf-8") == before
    # Decap turns down a save that fails validation with a bare `Promise.reject()`
    # (decap-cms-core src/actions/entries.ts, persistEntry), which the page reports as "undefined".
    assert errors in ([], ["undefined"]), errors
    errors.clear()
    box.fill("2025-02-28")  # a real date clears the field's error
    expect(page.get_by_text("write a date on the calendar")).to_have_count(0, timeout=30_000)
    assert record.read_text("utf-8") == before  # nothing saved without Publish
    assert errors == []


def test_our_parts_of_the_editor_have_no_serious_accessibility_problems(admin, editor):
    page, _ = admin
    open_admin(page, editor[1], f"/collections/actors/entries/{longest_plain_record('actors', 'Name')}")
    expect(page.locator(".explainer-citations").first).to_be_visible(timeout=30_000)
    violations = Axe().run(page, options={"resultTypes": ["violations"]}).response["violations"]
    ours = [(v["id"], n["target"]) for v in violations if v["impact"] in SERIOUS
            for n in v["nodes"] if "explainer-" in n["html"]]
    assert ours == []


def test_the_editor_pages_are_not_reader_pages(editor):
    project, url = editor
    site = Path(project / "build")
    assert "noindex" in (site / "admin/index.html").read_text("utf-8")
    assert "/admin/" not in (site / "sitemap.xml").read_text("utf-8")
    assert "admin" not in (site / "feeds/updates.atom.xml").read_text("utf-8")
    # Pagefind indexes only the pages marked data-pagefind-body once any page is (publish/search.py)
    assert "data-pagefind-body" not in (site / "admin/index.html").read_text("utf-8")


def test_under_the_production_headers_the_editor_loads_and_offers_github_sign_in(browser, built_site):
    """netlify.toml's /admin/* policy is enough for Decap CMS: its sign-in screen, no violation (but
    the local-proxy probe, which only happens on localhost: as here, where the test serves the site)."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    handler = type("Handler", (NetlifyLikeHandler,), {"rules": header_rules(built_site)})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(built_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        answer = page.goto(f"http://127.0.0.1:{server.server_port}/admin/")
        assert "'unsafe-eval'" in answer.headers["content-security-policy"]
        expect(page.get_by_role("button", name="Login with GitHub")).to_be_visible(timeout=30_000)
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    assert [e for e in errors if ":8081/api/v1" not in e] == []
