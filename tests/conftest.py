"""Shared fixtures: the real site built once per run, and scratch projects to break."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent


def run_explainer(project: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the CLI as an editor would, from the project's root."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts")}
    return subprocess.run([sys.executable, "-m", "explainer", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("site") / "build"
    result = run_explainer(REPO, "build", "--quiet", "--output", str(output))
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@pytest.fixture(scope="session")
def soups(built_site) -> dict[str, BeautifulSoup]:
    """Every built HTML page, parsed, by its path relative to the site root."""
    return {str(p.relative_to(built_site)): BeautifulSoup(p.read_text("utf-8"), "html.parser")
            for p in sorted(built_site.rglob("*.html"))}


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the repository's content, theme and settings, safe to break."""
    for name in ("content", "theme"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "pelicanconf.py", tmp_path / "pelicanconf.py")
    return tmp_path


def tree_digest(root: Path) -> dict[str, str]:
    """Every file under root with the hash of its bytes: to prove a folder did not change."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}
