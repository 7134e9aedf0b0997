"""Hostile and broken files: what the loader reads, refuses and skips, and the caps that stop
work before it explodes. Each case is an error at its path (or a notice for a skipped
backup file), never a crash, a hang or a silently skipped file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, run_explainer, tree_digest
from explainer.read import load
from explainer.site import check_content
from fixture_content import fixture_project

# Root reads any file whatever its mode; without these two capabilities it obeys the mode
# like any editor's account would.
AS_AN_EDITOR = (["setpriv", "--bounding-set=-dac_override,-dac_read_search",
                 "--inh-caps=-dac_override,-dac_read_search"] if os.geteuid() == 0 else [])


def check_as_an_editor(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*AS_AN_EDITOR, sys.executable, "-m", "explainer", "check"], cwd=project,
                          env={**os.environ, "PYTHONPATH": str(REPO / "scripts")},
                          capture_output=True, text=True, timeout=60)


def problems_in(project: Path, monkeypatch) -> list[str]:
    monkeypatch.chdir(project)
    return [p.format().split("\n")[0] for p in check_content(Path("content")).problems.shown()]


@pytest.mark.parametrize("relative, expected", [  # the tests' own: other records name the actor, cite the article
    ("content/actors/harbour-fishermen.yaml",
     "content/actors/harbour-fishermen.yaml:1:1: error[unreadable]: cannot read file: Permission denied"),
    ("content/questions", "content/questions:1:1: error[unreadable]: cannot read folder: Permission denied"),
    ("content/articles/harbour-report.md",
     "content/articles/harbour-report.md:1:1: error[unreadable]: cannot read file: Permission denied"),
])
def test_unreadable_files_and_folders_are_errors_not_skipped(tmp_path, relative, expected):
    project = fixture_project(tmp_path)
    (project / relative).chmod(0)
    result = check_as_an_editor(project)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": error[" in line]
    assert errors == [expected]  # and nothing else: records that point at it are not reported too


def test_unreadable_file_fails_the_build_and_publishes_nothing(tmp_path):
    project = fixture_project(tmp_path)
    assert run_explainer(project, "build", "--quiet").returncode == 0
    before = tree_digest(project / "build")
    (project / "content/actors/harbour-fishermen.yaml").chmod(0)
    result = subprocess.run([*AS_AN_EDITOR, sys.executable, "-m", "explainer", "build"], cwd=project,
                            env={**os.environ, "PYTHONPATH": str(REPO / "scripts")},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "content/actors/harbour-fishermen.yaml:1:1: error[unreadable]" in result.stderr
    assert tree_digest(project / "build") == before


@pytest.mark.parametrize("name", ["hamas.yaml~", ".hamas.yaml.swp", "hamas.yaml.bak", "#hamas.yaml#", ".DS_Store",
                                  "hamas.yaml.orig"])
def test_editor_backup_files_are_skipped_with_a_notice(project, monkeypatch, name):
    (project / "content/actors" / name).write_bytes(b"\xff not YAML, not UTF-8: never read\n")
    found = problems_in(project, monkeypatch)
    assert found == [f"content/actors/{name}:1:1: notice[ignored-file]: skipped: an editor's backup, temporary "
                     "or hidden file"]
    result = run_explainer(project, "check")
    assert result.returncode == 0 and "notice[ignored-file]" in result.stderr


def test_a_hidden_symlink_is_refused_not_skipped(project, monkeypatch):
    (project / "content/actors/.env").symlink_to("/proc/self/environ")
    assert problems_in(project, monkeypatch) == [
        "content/actors/.env:1:1: error[symlink]: symbolic links are not allowed in content/"]


def test_dangling_symlink_is_an_error(project, monkeypatch):
    (project / "content/events/gone.yaml").symlink_to(project / "nowhere.yaml")
    assert problems_in(project, monkeypatch) == [
        "content/events/gone.yaml:1:1: error[symlink]: symbolic links are not allowed in content/"]


@pytest.mark.parametrize("existing, added", [
    ("content/actors/truck-driver.yaml", "content/actors/Truck-driver.yaml"),
    ("content/articles/harbour-report.md", "content/articles/HARBOUR-REPORT.md"),
    ("content/actors/truck-driver.yaml", "content/actors/\uff54ruck-driver.yaml"),  # a fullwidth t: equal after NFKC
])
def test_names_that_collide_after_case_folding_or_normalisation_are_errors(tmp_path, monkeypatch, existing, added):
    project = fixture_project(tmp_path)
    (project / added).write_bytes((project / existing).read_bytes())
    found = problems_in(project, monkeypatch)
    collision = [line for line in found if "error[name-collision]" in line]
    assert len(collision) == 1
    assert Path(existing).name in collision[0] and Path(added).name in collision[0]
    assert any(f"{added}:1:1: error[bad-id]" in line for line in found)  # and the odd name is refused as an id


def test_yml_next_to_yaml_is_an_error(tmp_path, monkeypatch):
    project = fixture_project(tmp_path)
    actors = project / "content/actors"
    (actors / "truck-driver.yml").write_bytes((actors / "truck-driver.yaml").read_bytes())
    assert problems_in(project, monkeypatch) == [
        "content/actors/truck-driver.yml:1:1: error[duplicate-id]: id 'truck-driver' is defined twice: here and in "
        "content/actors/truck-driver.yaml"]


def test_a_pipe_is_refused_without_blocking(project):
    os.mkfifo(project / "content/actors/pipe.yaml")
    result = run_explainer(project, "check")  # a blocking read would hit the helper's timeout
    assert result.returncode == 1
    assert "content/actors/pipe.yaml:1:1: error[unexpected-file]: unexpected file 'pipe.yaml'" in result.stderr


def test_a_50_mb_yaml_file_is_refused_without_being_read(project, monkeypatch):
    big = project / "content/actors/big.yaml"
    with big.open("w") as file:
        file.write("name: Big\n# " + "x" * 50_000_000 + "\n")
    read_sizes = []

    def recording_open(path, *args, **kwargs):
        handle = open(path, *args, **kwargs)
        if os.path.basename(path) == "big.yaml":
            real_read = handle.read
            handle.read = lambda size=-1: read_sizes.append(size) or real_read(size)  # type: ignore[method-assign]
        return handle

    monkeypatch.setattr(load, "open", recording_open, raising=False)  # the loader's reads
    assert problems_in(project, monkeypatch) == [
        "content/actors/big.yaml:1:1: error[file-too-large]: file is 50,000,013 bytes; the limit is 1,000,000"]
    assert read_sizes == [load.MAX_FILE_BYTES + 1]  # read up to the limit, then stopped


def test_a_quote_over_the_limit_is_refused(tmp_path, monkeypatch):
    project = fixture_project(tmp_path)
    path = project / "content/actors/harbour-fishermen.yaml"
    text = path.read_text()
    first_quote = text.index("quote: ")
    line = text.count("\n", 0, first_quote) + 1
    col = first_quote - text.rfind("\n", 0, first_quote)
    end = text.index("\n", first_quote)
    path.write_text(text[:first_quote] + "quote: '" + "word " * 250 + "'" + text[end:])
    found = problems_in(project, monkeypatch)
    assert found == [f"content/actors/harbour-fishermen.yaml:{line}:{col + 7}: error[quote-too-long]: the quote is "
                     "1,250 characters; the limit is 1,000"]


def test_a_folder_with_too_many_entries_is_refused_before_reading(project, monkeypatch):
    monkeypatch.setattr(load, "MAX_ENTRIES", 10)  # the real cap, 100,000, is the same code path
    entries = len(list((project / "content/actors").iterdir()))
    assert entries > 10
    found = problems_in(project, monkeypatch)
    assert f"content/actors:1:1: error[too-many-files]: the folder holds {entries} entries; the limit is 10" in found
    assert not any("unknown-ref" in line for line in found)  # what it holds is not reported as missing


def test_new_never_overwrites(tmp_path):
    project = fixture_project(tmp_path)
    before = (project / "content/actors/truck-driver.yaml").read_bytes()
    result = run_explainer(project, "new", "actor", "truck-driver")
    assert result.returncode == 1 and "already exists" in result.stderr
    assert (project / "content/actors/truck-driver.yaml").read_bytes() == before
