"""Live preview: an edit shows in the served page; a broken edit keeps the last good site."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import REPO


@pytest.fixture
def server(project):
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts"), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "explainer", "serve", "--quiet", "--port", "0"], cwd=project,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for line in process.stdout:
            if line.startswith("Serving "):
                yield line.split(" at ")[1].split(" ")[0], process
                break
        else:
            pytest.fail(process.stderr.read())
    finally:
        process.terminate()
        process.communicate(timeout=10)  # also closes the pipes


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_edit_rebuilds_and_bumps_the_reload_signal(server, project):
    url, _ = server
    page = url + "actors/steven-fagin/"
    assert "civilian lead at the coordination center" in fetch(page)
    assert '<script src="/__livereload.js" defer></script>' in fetch(page)
    build_id = fetch(url + "__build")
    record = project / "content/actors/steven-fagin.yaml"
    record.write_text(record.read_text().replace("civilian lead at the coordination center",
                                                 "civilian lead at the coordination centre (edited)"))
    assert wait_for(lambda: "centre (edited)" in fetch(page))
    assert wait_for(lambda: fetch(url + "__build") != build_id)  # the open page's cue to reload


def test_broken_edit_keeps_serving_the_last_good_site(server, project):
    url, process = server
    page = url + "actors/steven-fagin/"
    before = fetch(page)
    build_id = fetch(url + "__build")
    record = project / "content/actors/steven-fagin.yaml"
    record.write_text(record.read_text().replace("kind: person", "kind: persn"))
    time.sleep(2)
    assert fetch(page) == before and fetch(url + "__build") == build_id
    process.terminate()
    _, errors = process.communicate(timeout=10)
    assert "content/actors/steven-fagin.yaml:3:7: error[bad-value]: 'persn' is not a valid kind" in errors
    assert "still serving the last good site" in errors


def test_production_build_has_no_reload_script(built_site):
    assert "__livereload" not in (built_site / "index.html").read_text()
