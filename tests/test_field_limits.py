"""Every text field has a length cap from the model, enforced by `check` at the field's line
(issue 15, hole 9: a 900,000-character actor name passed and made a 9 MB page)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_explainer
from explainer.site import check_content
from fixture_content import fixture_project


@pytest.fixture
def project(tmp_path) -> Path:
    """The tests' own content, so that the records they stretch are always there."""
    return fixture_project(tmp_path)


def errors(project: Path, monkeypatch) -> list[str]:
    monkeypatch.chdir(project)
    return [p.format().split("\n")[0] for p in check_content(Path("content")).problems.errors]


def test_a_900000_character_actor_name_is_refused_at_its_line(project, monkeypatch):
    path = project / "content/actors/truck-driver.yaml"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    line = next(i for i, text in enumerate(lines, start=1) if text.startswith("name: "))
    lines[line - 1] = "name: " + "Truck " * 150_000 + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    assert errors(project, monkeypatch) == [
        f"content/actors/truck-driver.yaml:{line}:7: error[too-long]: 'name' is 899,999 characters; the limit is 200"]


def test_a_long_statement_is_refused_and_nothing_is_built(project):
    path = project / "content/events/2025-10-20-boats-return.yaml"
    text = path.read_text("utf-8")
    start = text.index("text: ") + len("text: ")
    path.write_text(text[:start] + "'" + "word " * 500 + "'" + text[text.index("\n", start):], encoding="utf-8")
    result = run_explainer(project, "build", "--output", "out")
    assert result.returncode == 1
    line = text.count("\n", 0, start) + 1
    assert (f"content/events/2025-10-20-boats-return.yaml:{line}:7: error[too-long]: 'text' is 2,500 characters; "
            "the limit is 2,000") in result.stderr
    assert not (project / "out").exists()


def test_a_long_file_name_id_is_refused(project, monkeypatch):
    name = "a" * 101
    (project / "content/actors/truck-driver.yaml").rename(project / f"content/actors/{name}.yaml")
    assert f"content/actors/{name}.yaml:1:1: error[bad-id]: file name '{name}' is not a valid id" in \
        errors(project, monkeypatch)
