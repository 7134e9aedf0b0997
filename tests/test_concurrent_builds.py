"""Builds of one checkout exclude each other: a second build waits for the first, saying so,
and no build touches another's staging folder, so the published site is always complete
(a dev server rebuilding on save while someone runs `make site` once left 12 of 189 files)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, copy_project, run_explainer
from explainer.publish import staging

DEADLINE = 120  # seconds: generous, for a loaded machine


def start_build(project: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts")}
    return subprocess.Popen([sys.executable, "-m", "explainer", "build", "--quiet", *args], cwd=project, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finished(process: subprocess.Popen) -> tuple[int, str]:
    _, errors = process.communicate(timeout=DEADLINE)
    return process.returncode, errors


def files(site: Path) -> set[str]:
    return {str(path.relative_to(site)) for path in site.rglob("*") if path.is_file()}


def wait_for(predicate) -> bool:
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return False


def dead_pid() -> int:
    """The pid of a process that has ended."""
    return int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True).stdout)


def staging_folders(project: Path) -> list[Path]:
    return list(project.glob("build.staging-*"))


@pytest.fixture(scope="module")
def clean_files(tmp_path_factory) -> set[str]:
    """The files of a clean build of the real content, built alone."""
    project = copy_project(tmp_path_factory.mktemp("clean"))
    result = run_explainer(project, "build", "--quiet")
    assert result.returncode == 0, result.stderr
    return files(project / "build")


@pytest.fixture
def with_broken_theme(project) -> Path:
    """The project, and `broken.py`: its settings with a theme whose footer links nowhere, so that
    the build fails late, at the post-build check, publishing into the same folder; and
    `bad-content/`, a copy of the content with an error."""
    shutil.copytree(project / "theme", project / "broken-theme")
    base = project / "broken-theme/templates/base.html"
    base.write_text(base.read_text("utf-8").replace("</footer>", '<a href="no-such-page/">x</a></footer>'), "utf-8")
    settings = (project / "pelicanconf.py").read_text("utf-8")
    (project / "broken.py").write_text(settings.replace('THEME = "theme"', 'THEME = "broken-theme"'), "utf-8")
    shutil.copytree(project / "content", project / "bad-content")  # and content with an error, which fails early
    record = next(path for path in sorted((project / "bad-content/actors").glob("*.yaml"))
                  if "\nkind: person\n" in path.read_text("utf-8"))  # whichever person the content holds
    record.write_text(record.read_text("utf-8").replace("\nkind: person\n", "\nkind: persn\n"), "utf-8")
    return project


BROKEN = ("--settings", "broken.py")


def test_a_failing_build_started_during_another_waits_and_deletes_nothing(with_broken_theme, clean_files):
    project = with_broken_theme
    good = start_build(project)  # a first build: every page is rendered, a long window
    assert wait_for(lambda: staging_folders(project) or good.poll() is not None)
    bad = start_build(project, *BROKEN)
    bad_code, bad_errors = finished(bad)
    good_code, good_errors = finished(good)
    assert good_code == 0, good_errors
    assert bad_code == 1 and "broken link" in bad_errors and "Traceback" not in bad_errors
    assert f"waiting for another build of build/ (pid {good.pid}) to finish..." in bad_errors
    assert files(project / "build") == clean_files
    assert staging_folders(project) == []


def test_a_good_build_waits_for_a_failing_one_then_publishes(with_broken_theme, clean_files):
    project = with_broken_theme
    bad = start_build(project, *BROKEN)
    assert wait_for(lambda: staging_folders(project) or bad.poll() is not None)
    good = start_build(project)
    good_code, good_errors = finished(good)
    bad_code, _ = finished(bad)
    assert bad_code == 1 and good_code == 0, good_errors
    assert f"waiting for another build of build/ (pid {bad.pid}) to finish..." in good_errors
    assert files(project / "build") == clean_files
    assert staging_folders(project) == []


def test_builds_started_together_publish_a_complete_site(with_broken_theme, clean_files):
    project = with_broken_theme
    builds = [start_build(project), start_build(project, *BROKEN), start_build(project),
              start_build(project, "--content", "bad-content"), start_build(project, *BROKEN)]
    results = [finished(build) for build in builds]
    assert [code for code, _ in results] == [0, 1, 0, 1, 1], results
    assert "'persn' is not a valid kind" in results[3][1]
    assert not any("Traceback" in errors for _, errors in results)
    assert files(project / "build") == clean_files
    assert staging_folders(project) == []


def test_a_killed_builds_staging_folder_is_removed_by_the_next(project):
    """Only a dead build's: a live one holds the lock, and its pid is in its folder's name."""
    left = project / f"build.staging-{dead_pid()}"
    (left / "actors").mkdir(parents=True)
    assert run_explainer(project, "build", "--quiet").returncode == 0
    assert not left.exists()


def test_the_previous_site_is_deleted_under_the_name_of_the_process_deleting_it(tmp_path):
    """So that a build started meanwhile leaves it to that process (next test)."""
    folder = tmp_path / "build.old-1-77"
    (folder / "actors").mkdir(parents=True)
    not_deleting = "import shutil\nshutil.rmtree = lambda path, **_: print(path)\n"  # to see where it would
    deleter = subprocess.Popen([sys.executable, "-c", not_deleting + staging.REMOVE_SCRIPT, str(folder)],
                               stdout=subprocess.PIPE, text=True)
    deleted, _ = deleter.communicate(timeout=DEADLINE)
    assert Path(deleted.strip()) == tmp_path / f"build.old-{deleter.pid}-77"
    assert (tmp_path / f"build.old-{deleter.pid}-77" / "actors").is_dir() and not folder.exists()


def test_a_build_leaves_an_old_site_to_the_live_process_deleting_it_and_finishes_a_dead_ones(project):
    deleting = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:  # a live process, until its input is closed
        busy = project / f"build.old-{deleting.pid}-1"
        abandoned = project / f"build.old-{dead_pid()}-2"
        for folder in (busy, abandoned):
            (folder / "actors").mkdir(parents=True)
        assert run_explainer(project, "build", "--quiet").returncode == 0
        assert busy.is_dir() and not abandoned.exists()
    finally:
        deleting.stdin.close()
        deleting.wait(timeout=DEADLINE)
