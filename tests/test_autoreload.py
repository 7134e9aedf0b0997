"""Pelican's own lifecycle: `pelican content --autoreload` runs one Pelican object again and
again, and each run is a whole build of its own: staged, checked, then merged into build/ or
swapped in; a failed run publishes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import tree_digest
from fixture_content import fixture_project

EVENT = "content/events/2025-10-20-boats-return.yaml"  # fixture_content.py's
TEXT = "text: Fishing boats returned"


@pytest.fixture
def project(tmp_path):
    """The tests' own small explainer: no editorial change moves this test."""
    return fixture_project(tmp_path)


def wait_for(condition, seconds: float = 120.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def timeline_says(project: Path, words: str) -> bool:
    """Whether a page of the timeline (one page, or one a month) shows `words`."""
    try:
        return any(words in page.read_text("utf-8") for page in (project / "build/timeline").rglob("index.html"))
    except OSError:  # the site is being swapped
        return False


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith("build."))


def edit_until(path: Path, text: str, condition, log: Path, seconds: float = 120.0) -> bool:
    """Save `text` until `condition` holds: Pelican's autoreload starts watching only once a
    run is over, so a save made as a run finishes can go unseen; saving again is what an
    editor would do. Only a save no run began after is made again: a second save seen would
    start a run more, which could still be running when the test stops Pelican."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        begun = builds_begun(log)
        path.write_text(text, encoding="utf-8")
        while time.monotonic() < deadline:
            if wait_for(condition, seconds=3):
                return True
            if builds_begun(log) == begun:
                break  # unseen: saved again
    return False


def builds_begun(log: Path) -> int:
    return log.read_text().count("explainer: reading content")


def builds_ended(log: Path) -> int:
    """Runs that published (their summary) or failed (Pelican's autoreload logs what they raised)."""
    text = log.read_text()
    return text.count("\nBuilt ") + text.count("Caught exception")


def html_pages(site: Path) -> dict[str, str]:
    return {name: digest for name, digest in tree_digest(site).items() if name.endswith(".html")}


def test_autoreload_rebuilds_after_every_edit_and_a_failed_run_publishes_nothing(project):
    pelican = Path(sys.executable).with_name("pelican")
    log_path = project / "pelican.log"
    event = project / EVENT
    original = event.read_text("utf-8")
    with log_path.open("w") as log:
        process = subprocess.Popen([str(pelican), "content", "-s", "pelicanconf.py", "--autoreload"], cwd=project,
                                   stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "COLUMNS": "1000"})
        try:
            assert wait_for(lambda: timeline_says(project, "Fishing boats returned")), log_path.read_text()
            for number in (1, 2, 3):
                assert edit_until(event, original.replace(TEXT, f"text: Edit {number}, boats returned"),
                                  lambda: timeline_says(project, f"Edit {number}, boats returned"), log_path), \
                    log_path.read_text()
            good = tree_digest(project / "build")
            assert edit_until(event, original.replace("date: '2025-10'", "date: 'October'"),
                              lambda: "is not a valid date" in log_path.read_text(), log_path), log_path.read_text()
            assert tree_digest(project / "build") == good  # the failed run published nothing
            failed = builds_begun(log_path)
            assert edit_until(event, original.replace(TEXT, "text: Fixed, boats returned"),
                              lambda: timeline_says(project, "Fixed, boats returned"), log_path), log_path.read_text()
            # A failed run waits for the next edit instead of running again at once, in a loop.
            assert builds_begun(log_path) - failed <= 3, log_path.read_text()[-2000:]
            # The page shows the words once it is merged into build/: the run goes on to remove its staging folder.
            assert wait_for(lambda: builds_ended(log_path) == builds_begun(log_path)), log_path.read_text()[-2000:]
            # Looked at while Pelican runs: a run that begins just before it is stopped is killed half
            # way, and leaves its staging folder to the next build (staging.py), as a crash would.
            assert wait_for(lambda: leftovers(project) == [], seconds=30), leftovers(project)
        finally:
            process.terminate()
            process.wait(timeout=30)
    clean = subprocess.run([sys.executable, "-m", "explainer", "build", "--quiet", "--output", "clean"],
                           cwd=project, capture_output=True, text=True)
    assert clean.returncode == 0, clean.stderr
    assert html_pages(project / "build") == html_pages(project / "clean")  # the last run made the right site
