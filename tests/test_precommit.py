"""The pre-commit hook runs `explainer check` on commits that touch content."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO, run_explainer
from fixture_content import fixture_project


def precommit(project: Path, *args: str, activated: bool = True) -> subprocess.CompletedProcess:
    """pre-commit run as an editor with the project's .venv active, or (`activated=False`)
    with a PATH whose python is not the project's: the hook must find .venv itself."""
    bin_dir = str(Path(sys.executable).parent)
    path = [bin_dir] if activated else []
    path += [folder for folder in os.environ["PATH"].split(os.pathsep) if folder != bin_dir]
    env = {**os.environ, "PATH": os.pathsep.join(path), "PRE_COMMIT_HOME": str(project.parent / "pre-commit-home")}
    env.pop("VIRTUAL_ENV", None)
    if activated:
        env["PYTHONPATH"] = str(REPO / "scripts")
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


def test_hook_runs_the_projects_environment_without_it_being_activated(tmp_path):
    project = fixture_project(tmp_path / "project")
    assert run_explainer(project, "format").returncode == 0
    shutil.copy(REPO / ".pre-commit-config.yaml", project)
    (project / ".venv").symlink_to(Path(sys.executable).parent.parent)  # the project's own, as `make site` makes it
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    record = project / "content/actors/harbour-fishermen.yaml"
    record.write_text(record.read_text().replace("kind: organization", "kind: organisation"))
    subprocess.run(["git", "add", "-A"], cwd=project, check=True)

    result = precommit(project, "run", "--files", str(record.relative_to(project)), activated=False)

    assert result.returncode == 1
    assert "error[bad-value]: 'organisation' is not a valid kind" in result.stdout, result.stdout
    assert "No module named" not in result.stdout
