"""The live preview (`explainer serve`) in a browser: a save that cannot be built shows its
problems over the open page, which keeps the last version that built, and a save that
fixes them reloads the page without them."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from conftest import REPO
from fixture_content import fixture_project

ACTOR = "content/actors/truck-driver.yaml"  # fixture_content.py's; "kind: person" is its line 2


@pytest.fixture
def preview(tmp_path):
    """The tests' own explainer served by `explainer serve`: (project, address)."""
    project = fixture_project(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts"), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "explainer", "serve", "--quiet", "--no-editor", "--port", "0"],
                               cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = next((line for line in process.stdout if line.startswith("Serving ")), "")
        assert line, "the preview did not start"
        yield project, line.split(" at ")[1].split(" ")[0].rstrip("/")
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stdout.close()


def test_a_save_that_cannot_be_built_shows_its_problems_over_the_page_until_fixed(tab, preview):
    project, url = preview
    tab.goto(url + "/actors/truck-driver/")
    record = project / ACTOR
    good = record.read_text("utf-8")
    record.write_text(good.replace("kind: person", "kind: <b>persn</b>"), encoding="utf-8")
    alert = tab.get_by_role("alert")
    expect(alert).to_contain_text("The last save was not built", timeout=30_000)
    expect(alert).to_contain_text(f"{ACTOR}:2:7: error[bad-value]: '<b>persn</b>' is not a valid kind")  # as text
    expect(tab.locator("#explainer-rebuild-failed b")).to_have_count(0)
    expect(tab.locator("h1")).to_have_text("Truck driver")  # the last version that built
    record.write_text(good.replace("A driver at the crossing.", "A driver at the crossing, fixed."), encoding="utf-8")
    expect(tab.get_by_text("A driver at the crossing, fixed.")).to_be_visible(timeout=30_000)  # reloaded
    expect(tab.get_by_role("alert")).to_have_count(0)
