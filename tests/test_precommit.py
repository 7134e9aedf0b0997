"""The pre-commit hook runs `explainer check` on commits that touch content."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO, run_explainer
from fixture_content import fixture_project


def precommit(project: Path, *args: str) -> subprocess.CompletedProcess:
    bin_dir = str(Path(sys.executable).parent)  # as an editor with the project's .venv active
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ["PATH"], "PYTHONPATH": str(REPO / "scripts"),
           "PRE_COMMIT_HOME": str(project.parent / "pre-commit-home")}
    return subprocess.run([str(Path(bin_dir) / "pre-commit"), *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


def test_config_is_valid():
    assert precommit(REPO, "validate-config", ".pre-commit-config.yaml").returncode == 0


def test_hook_blocks_broken_content_with_its_location(tmp_path):
    project = fixture_project(tmp_path / "project")
    assert run_explainer(project, "format").returncode == 0  # every record in the editor's form
    shutil.copy(REPO / ".pre-commit-config.yaml", project)
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(["git", "add", "-A"], cwd=project, check=True)
    record = project / "content/actors/harbour-fishermen.yaml"

    clean = precommit(project, "run", "--files", str(record.relative_to(project)))
    record.write_text(record.read_text().replace("kind: organization", "kind: organisation"))
    broken = precommit(project, "run", "--files", str(record.relative_to(project)))

    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert broken.returncode == 1
    line = record.read_text().split("\n").index("kind: organisation") + 1
    assert f"content/actors/harbour-fishermen.yaml:{line}:7: error[bad-value]: 'organisation' is not a valid kind" \
        in broken.stdout


def test_hook_rewrites_a_hand_written_record_in_the_editors_form(tmp_path):
    project = fixture_project(tmp_path / "project")
    assert run_explainer(project, "format").returncode == 0  # every record in the editor's form
    shutil.copy(REPO / ".pre-commit-config.yaml", project)
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    record = project / "content/actors/truck-driver.yaml"
    text = record.read_text()
    assert "\nname: Truck driver\n" in text
    record.write_text(text.replace("name: Truck driver", 'name: "Truck driver"'))
    subprocess.run(["git", "add", "-A"], cwd=project, check=True)

    result = precommit(project, "run", "--files", str(record.relative_to(project)))

    assert result.returncode == 1  # pre-commit's way of saying: a hook changed files, add them again
    assert "files were modified by this hook" in result.stdout
    assert record.read_text() == text
