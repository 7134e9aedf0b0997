"""Builds say what they did: every warning and notice as `check` prints it, once per build
(later rebuilds of one process included), and the explainer's own summary instead of
Pelican's count of blog articles."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_explainer
from explainer.commands.build import Builder
from fixture_content import fixture_project

SUMMARY = re.compile(r"^Built (.+)/: ([\d,]+) pages \(([\d,]+) written, ([\d,]+) unchanged\) from ([\d,]+) articles? "
                     r"and ([\d,]+) records?; ([\d,]+) quotes? found in their articles; search index .+; "
                     r"([\d,]+) links? checked; [\d.]+ s$", re.MULTILINE)


@pytest.fixture
def project(tmp_path) -> Path:
    """The tests' own explainer: the problems these tests count are the ones they add."""
    return fixture_project(tmp_path)


def with_a_warning_and_a_notice(project: Path) -> None:
    """An actor nothing points at (a warning) and an editor's backup file (a notice)."""
    (project / "content/actors/truck-driver.yaml~").write_text("a backup\n", encoding="utf-8")
    actor = (project / "content/actors/truck-driver.yaml").read_text("utf-8")
    (project / "content/actors/zz-nobody.yaml").write_text(actor.replace("name: Truck driver", "name: Nobody at all"),
                                                           encoding="utf-8")


def problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if re.match(r"^\S+:\d+:\d+: (warning|notice)\[", line)]


def test_build_prints_warnings_and_notices_as_check_does(project):
    with_a_warning_and_a_notice(project)
    check = run_explainer(project, "check")
    expected = problem_lines(check.stderr)
    assert any("warning[unreferenced]" in line for line in expected)
    assert any("notice[ignored-file]" in line for line in expected)
    build = run_explainer(project, "build")
    assert build.returncode == 0, build.stderr
    assert problem_lines(build.stderr) == expected
    assert "0 error(s), 1 warning(s)" in build.stderr


def test_build_ends_with_its_own_summary_not_pelicans(project):
    build = run_explainer(project, "build")
    assert build.returncode == 0, build.stderr
    assert "Processed 0 articles" not in build.stdout + build.stderr
    summary = SUMMARY.search(build.stdout)
    assert summary, build.stdout
    pages = len(list((project / "build").rglob("*.html")))
    articles = len(list((project / "content/articles").glob("*.md")))
    assert (summary[1], int(summary[2].replace(",", "")), int(summary[5])) == ("build", pages, articles)
    again = SUMMARY.search(run_explainer(project, "build").stdout)
    assert (again[3], again[4]) == ("0", summary[2])  # nothing changed: every page kept


def test_a_long_build_reports_each_stage_on_its_own_line_in_a_log(project):
    stdout = run_explainer(project, "build").stdout  # captured, as in CI: not a terminal
    stages = [line for line in stdout.splitlines() if line.startswith("explainer: ")]
    assert [s.split("…")[0].split(" ")[1] for s in stages] == ["reading", "checking", "linking", "rendering", "indexing",
                                                                "checking", "publishing"]


def test_quiet_builds_print_problems_but_no_progress(project):
    with_a_warning_and_a_notice(project)
    build = run_explainer(project, "build", "--quiet")
    assert build.stdout == ""
    assert len(problem_lines(build.stderr)) == 2


def test_pelican_content_prints_the_same_problems_and_summary(project):
    with_a_warning_and_a_notice(project)
    expected = problem_lines(run_explainer(project, "check").stderr)
    pelican = Path(sys.executable).with_name("pelican")
    result = subprocess.run([str(pelican), "content", "-s", "pelicanconf.py"], cwd=project, capture_output=True,
                            text=True, timeout=300, env={"COLUMNS": "1000", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert problem_lines(result.stderr) == expected
    assert SUMMARY.search(result.stdout) and "Processed 0 articles" not in result.stdout


def test_every_rebuild_of_one_process_prints_its_problems_again(project, monkeypatch, capsys):
    """Pelican's log filter shows a message once per process; the dev server and autoreload
    rebuild in one process, and each rebuild must still list what is wrong."""
    with_a_warning_and_a_notice(project)
    monkeypatch.chdir(project)
    builder = Builder(Path("pelicanconf.py"), quiet=True)
    for _ in range(2):
        builder.run()
        assert len(problem_lines(capsys.readouterr().err)) == 2
