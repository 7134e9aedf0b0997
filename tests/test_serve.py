"""Live preview: an edit shows in the served page; a broken edit keeps the last good site."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from conftest import REPO, wait_for
from fixture_content import fixture_project


class Output:
    """A running process's output, read line by line as it comes (an unread pipe would stall
    the process), so that a test can wait for the line it expects instead of a fixed time."""

    def __init__(self, stream) -> None:
        self.lines: list[str] = []
        self.stream = stream
        self.reader = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.reader.start()

    def close(self) -> None:
        """Once the process has ended: every line read, the pipe closed."""
        self.reader.join(timeout=30)
        self.stream.close()

    def _read(self, stream) -> None:
        for line in stream:
            self.lines.append(line)

    @property
    def text(self) -> str:
        return "".join(self.lines)


@pytest.fixture
def project(tmp_path):
    """The tests' own small explainer (fixture_content.py): no editorial change moves these tests."""
    return fixture_project(tmp_path)


ACTOR = "content/actors/truck-driver.yaml"  # fixture_content.py's; "kind: person" is its line 2
ROLE = "A driver at the crossing."


@pytest.fixture
def server(project):
    """The dev server's address, and what it prints on stderr."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts"), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "explainer", "serve", "--quiet", "--port", "0"], cwd=project,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    errors, output = Output(process.stderr), None
    try:
        for line in process.stdout:
            if line.startswith("Serving "):
                output = Output(process.stdout)
                yield line.split(" at ")[1].split(" ")[0], errors
                break
        else:
            process.wait(timeout=60)
            errors.close()
            pytest.fail(errors.text)
    finally:
        process.terminate()
        process.wait(timeout=30)
        for stream in (errors, output or Output(process.stdout)):
            stream.close()


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def status(url: str, method: str = "GET") -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code



def test_edit_rebuilds_and_bumps_the_reload_signal(server, project):
    url, _ = server
    page = url + "actors/truck-driver/"
    assert ROLE in fetch(page)
    assert '<script src="/__livereload.js" defer></script>' in fetch(page)
    build_id = fetch(url + "__build")
    record = project / ACTOR
    record.write_text(record.read_text().replace(ROLE, "A driver at the crossing (edited)."))
    assert wait_for(lambda: "crossing (edited)" in fetch(page))
    assert wait_for(lambda: fetch(url + "__build") != build_id)  # the open page's cue to reload


# The dev server, its first build held once the content is loaded until the test says go (a line).
HELD_FIRST_BUILD = """
import sys
from pathlib import Path
import explainer.site as site
loaded = Path(sys.argv[1])
plan = site._plan_pages
def held(*args, **kwargs):
    site._plan_pages = plan  # only the first build is held
    loaded.touch()
    sys.stdin.readline()  # the test's edit is saved meanwhile
    return plan(*args, **kwargs)
site._plan_pages = held
sys.argv = ["explainer", "serve", "--quiet", "--port", "0"]
from explainer.cli import run
run()
"""


def test_a_save_made_during_the_first_build_is_served_without_another(project, tmp_path_factory):
    """The watcher is watching before the first build reads the content: a save the first
    build's load missed is the next rebuild's, not lost until the editor saves again."""
    loaded = tmp_path_factory.mktemp("signals") / "loaded"
    record = project / "content/actors/truck-driver.yaml"  # the fixture's "name: Truck driver"
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts"), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-c", HELD_FIRST_BUILD, str(loaded)], cwd=project, env=env,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    errors, output = Output(process.stderr), None
    try:
        assert wait_for(loaded.exists), errors.text
        text = record.read_text("utf-8")
        assert "name: Truck driver\n" in text
        record.write_text(text.replace("name: Truck driver", "name: Truck driver Saved During The First Build"),
                          encoding="utf-8")
        process.stdin.write("go\n")
        process.stdin.close()
        serving = next((line for line in process.stdout if line.startswith("Serving ")), "")
        assert serving, errors.text
        output = Output(process.stdout)
        page = f"{serving.split(' at ')[1].split(' ')[0]}actors/{record.stem}/"
        assert wait_for(lambda: "Saved During The First Build" in fetch(page)), errors.text
        assert wait_for(lambda: "Rebuilt in" in output.text)  # its own rebuild: the first build read the record before
    finally:
        process.terminate()
        process.wait(timeout=30)
        for stream in (errors, output or Output(process.stdout)):
            stream.close()


def test_a_watch_that_cannot_begin_says_so_at_once(tmp_path, capsys):
    """The first build does not wait for a watcher that failed, and the editor is told that
    saves will not be rebuilt."""
    from explainer.commands.serve import BuildState, Watcher

    watcher = Watcher([tmp_path / "gone"], lambda changes: True, BuildState())
    started = time.monotonic()
    try:
        assert watcher.start(deadline=600) is False
    finally:
        watcher.close()
    assert time.monotonic() - started < 300  # not the deadline: the watch failed, and start saw it
    said = capsys.readouterr().err
    assert "The file watcher stopped:" in said and "start it again" in said


def test_broken_edit_keeps_serving_the_last_good_site(server, project):
    url, errors = server
    page = url + "actors/truck-driver/"
    before = fetch(page)
    build_id = fetch(url + "__build")
    record = project / ACTOR
    record.write_text(record.read_text().replace("kind: person", "kind: persn"))
    assert wait_for(lambda: "still serving the last good site" in errors.text), errors.text  # the rebuild ended
    problem = f"{ACTOR}:2:7: error[bad-value]: 'persn' is not a valid kind"
    assert fetch(page) == before and problem in errors.text
    # The open page's cue: the same build, and the problems for it to show over the page.
    first, *problems = fetch(url + "__build").split("\n")
    assert first == build_id and problem in problems
    record.write_text(record.read_text().replace("kind: persn", "kind: person"))
    assert wait_for(lambda: fetch(url + "__build") not in (build_id, "\n".join([first, *problems])))
    assert "\n" not in fetch(url + "__build")  # built: no problems left to show


def test_only_regular_files_inside_the_site_are_served(server, project, tmp_path_factory):
    """A link planted in build/ once served /etc/passwd: links are never followed, folders never listed."""
    url, _ = server
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.txt").write_text("secret", encoding="utf-8")
    (outside / "index.html").write_text("secret", encoding="utf-8")
    site = project / "build"
    (site / "leak.txt").symlink_to(outside / "secret.txt")
    (site / "leak").symlink_to(outside, target_is_directory=True)
    (site / "actors/leak").symlink_to(outside, target_is_directory=True)
    (site / "actors/index-link").mkdir()
    (site / "actors/index-link/index.html").symlink_to(outside / "index.html")
    (site / "actors/no-index").mkdir()
    for path in ("leak.txt", "leak", "leak/", "leak/secret.txt", "actors/leak/", "actors/leak/secret.txt",
                 "actors/index-link/", "actors/index-link/index.html", "actors/no-index/", "%2e%2e/etc/passwd"):
        assert (path, status(url + path), status(url + path, "HEAD")) == (path, 404, 404)
    assert status(url + "actors/") == 200 and status(url + "actors/truck-driver/index.html", "HEAD") == 200
    assert status(url + "actors") == 200  # a folder without its slash is still redirected to it


def test_production_build_has_no_reload_script(built_site):
    assert "__livereload" not in (built_site / "index.html").read_text()


def test_search_is_indexed_after_the_first_build_and_catches_up_after_an_edit(server, project):
    """The dev server indexes in the background: the first site's search works without an edit,
    and an edit's words reach the index soon after the page reloads."""
    url, errors = server
    assert wait_for(lambda: status(url + "pagefind/pagefind-entry.json") == 200, seconds=300), errors.text
    record = sorted((project / "content/actors").glob("*.yaml"))[0]
    text = record.read_text()
    line = next(line for line in text.split("\n") if line.lstrip(" -").startswith("text: "))
    record.write_text(text.replace(line, edited_text_line(line), 1))
    page = f"actors/{record.stem}/"
    assert wait_for(lambda: EDITED in fetch(url + page), seconds=300), errors.text

    def caught_up() -> bool:  # the page's current version is in the index the search page reads it from
        state = json.loads(fetch(url + "search/delta.json"))
        if page in state["superseded"]:  # hidden from the base: it must be in the delta
            return state["delta"] and EDITED in indexed_text(project / "build/pagefind-delta", page)
        return EDITED in indexed_text(project / "build/pagefind", page)

    assert wait_for(caught_up, seconds=300), errors.text


EDITED = "Edited for the search test"


def edited_text_line(line: str) -> str:
    """A statement's `text:` line with words added at its end, inside its quotes if it has them."""
    value = line.rstrip()
    if value[-1] in "'\"":
        return value[:-1] + f" {EDITED}." + value[-1]
    return value + f" {EDITED}."


def indexed_text(index, page: str) -> str:
    """What a Pagefind index holds of `page` (its fragments: gzipped JSON)."""
    found = []
    for fragment in index.glob("fragment/*"):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        if data["url"] == "/" + page:
            found.append(data["content"])
    return "\n".join(found)


def test_the_background_work_runs_again_if_asked_meanwhile_never_twice_at_once_and_below_the_server():
    """The search index's catch-up: a save during a catch-up asks for another, run after it;
    Pagefind, which it starts, runs at a lower priority than the rebuilds (it would take both cores)."""
    from explainer.commands.serve import Background

    running, runs, niceness, release = [], [], [], threading.Event()

    def work() -> None:
        running.append(1)
        assert len(running) == 1  # never two at once
        niceness.append(int(subprocess.run(["sh", "-c", "ps -o ni= -p $$"], capture_output=True, text=True).stdout))
        release.wait(timeout=120)
        runs.append(1)
        running.pop()

    background = Background(work)
    background.request()
    assert wait_for(lambda: running)
    background.request()
    background.request()  # saves during the first run: another after it
    release.set()
    assert wait_for(lambda: len(runs) == 2)
    assert niceness and all(n > os.getpriority(os.PRIO_PROCESS, 0) for n in niceness)


def test_a_page_is_never_answered_from_the_browsers_cache(server, project):
    """Last-Modified counts whole seconds: a page rebuilt within the second it was built
    would be "304 Not Modified" to a reload, and the browser would show the old page."""
    url, _ = server
    page = url + "actors/truck-driver/"
    with urllib.request.urlopen(page, timeout=30) as response:
        assert response.headers["Cache-Control"] == "no-store"
        stamp = response.headers["Last-Modified"]
    request = urllib.request.Request(page, headers={"If-Modified-Since": stamp})
    with urllib.request.urlopen(request, timeout=30) as response:  # a 304 would raise HTTPError
        assert response.status == 200 and ROLE in response.read().decode("utf-8")
