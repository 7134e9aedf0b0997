"""A full disk (or any other write error) fails the build with one located message: no
traceback, no staging folder left to fill the disk, the published site as it was."""

from __future__ import annotations

import builtins
import errno
import os
from pathlib import Path

import pytest

from conftest import tree_digest
from explainer import cli
from fixture_content import fixture_project


def failing_writes(monkeypatch, code: int, where) -> None:
    """Every write into a file of the staging folder that `where` picks fails with `code`."""
    def refused(path) -> OSError:
        return OSError(code, os.strerror(code), str(path))

    real_write_text, real_open = Path.write_text, builtins.open

    def write_text(self, *args, **kwargs):
        if ".staging-" in str(self) and where(str(self)):
            raise refused(self)
        return real_write_text(self, *args, **kwargs)

    def open_(file, mode="r", *args, **kwargs):
        if any(m in mode for m in "wax") and ".staging-" in str(file) and where(str(file)):
            raise refused(file)
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", write_text)
    monkeypatch.setattr(builtins, "open", open_)


@pytest.fixture
def built_once(tmp_path, monkeypatch):
    project = fixture_project(tmp_path)  # the tests' own content: the actor edited is always there
    monkeypatch.chdir(project)
    assert cli.main(["build", "--quiet"]) == 0
    actor = project / "content/actors/truck-driver.yaml"  # an edit, so that pages are written again
    actor.write_text(actor.read_text("utf-8").replace("kind: person", "kind: person  # edited"), "utf-8")
    return project


@pytest.mark.parametrize("code, reason", [(errno.ENOSPC, "No space left on device"),
                                          (errno.EACCES, "Permission denied")])
@pytest.mark.parametrize("where, shown", [
    (lambda path: path.endswith("data/actors.json"), "build/data/actors.json"),  # render/export.py, as in the issue
    (lambda path: path.endswith("actors/truck-driver/index.html"), "build/actors/truck-driver/index.html"),  # Pelican
], ids=["export", "page"])
def test_a_write_error_fails_the_build_with_one_located_message(built_once, monkeypatch, capsys, code, reason, where,
                                                                 shown):
    site = built_once / "build"
    before = tree_digest(site)
    failing_writes(monkeypatch, code, where)
    assert cli.main(["build", "--quiet"]) == 1
    errors = capsys.readouterr().err
    assert "Traceback" not in errors
    failure = [line for line in errors.splitlines() if line.startswith("Build failed: ")]
    assert len(failure) == 1
    assert f"{site.parent / shown}: {reason} (errno {code})" in failure[0] and "Hint: " in failure[0]
    assert not list(built_once.glob("build.staging-*"))
    assert tree_digest(site) == before
