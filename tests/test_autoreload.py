"""Pelican's own lifecycle: `pelican content --autoreload` runs one Pelican object again and
again, and each run is a whole build of its own, staged and swapped in atomically."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from conftest import tree_digest

EVENT = "content/events/2025-10-old-city-walls-images.yaml"
TEXT = "text: Images projected"


def wait_for(condition, seconds: float = 120.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def timeline_says(project: Path, words: str) -> bool:
    try:
        return words in (project / "build/timeline/index.html").read_text("utf-8")
    except OSError:
        return False


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith("build."))


def html_pages(site: Path) -> dict[str, str]:
    return {name: digest for name, digest in tree_digest(site).items() if name.endswith(".html")}


def test_autoreload_rebuilds_atomically_after_every_edit(project):
    pelican = Path(sys.executable).with_name("pelican")
    log_path = project / "pelican.log"
    event = project / EVENT
    original = event.read_text("utf-8")
    with log_path.open("w") as log:
        process = subprocess.Popen([str(pelican), "content", "-s", "pelicanconf.py", "--autoreload"], cwd=project,
                                   stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "COLUMNS": "1000"})
        try:
            assert wait_for(lambda: timeline_says(project, "Images projected")), log_path.read_text()
            for number in (1, 2, 3):
                event.write_text(original.replace(TEXT, f"text: Edit {number}, images projected"), encoding="utf-8")
                assert wait_for(lambda: timeline_says(project, f"Edit {number}, images projected")), \
                    log_path.read_text()
            good = tree_digest(project / "build")
            event.write_text(original.replace("date: '2025-10'", "date: 'October'"), encoding="utf-8")
            assert wait_for(lambda: "is not a valid date" in log_path.read_text()), log_path.read_text()
            assert tree_digest(project / "build") == good  # the failed run published nothing
            event.write_text(original.replace(TEXT, "text: Fixed, images projected"), encoding="utf-8")
            assert wait_for(lambda: timeline_says(project, "Fixed, images projected")), log_path.read_text()
        finally:
            process.terminate()
            process.wait(timeout=30)
    assert wait_for(lambda: leftovers(project) == [], seconds=30), leftovers(project)
    clean = subprocess.run([sys.executable, "-m", "explainer", "build", "--quiet", "--output", "clean"],
                           cwd=project, capture_output=True, text=True)
    assert clean.returncode == 0, clean.stderr
    assert html_pages(project / "build") == html_pages(project / "clean")  # the last run made the right site
