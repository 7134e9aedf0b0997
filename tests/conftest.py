"""Shared fixtures: the real site built once per run, and scratch projects to break."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent

# The disk cache of parsed files (read/diskcache.py) is off unless a test turns it on
# (tests/test_disk_cache.py), and even then never in the real ~/.cache: set before any build,
# in this process and in every command it starts.
_CACHE_ROOT = tempfile.mkdtemp(prefix="explainer-test-cache-")
os.environ["EXPLAINER_CACHE_DIR"] = _CACHE_ROOT
os.environ["EXPLAINER_DISK_CACHE"] = "0"


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_CACHE_ROOT, ignore_errors=True)


def alive(pid: int) -> bool:
    """Whether a process of that id runs now (an ended child that was waited for does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_for(predicate, seconds: float = 120.0) -> bool:
    """Poll until the condition holds; the deadline is generous, for a loaded machine."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return bool(predicate())


def run_explainer(project: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the CLI as an editor would, from the project's root."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts")}
    return subprocess.run([sys.executable, "-m", "explainer", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=120)


_SITE = pytest.StashKey[tuple[Path, subprocess.CompletedProcess]]()


def build_site_once(config: pytest.Config) -> tuple[Path, subprocess.CompletedProcess]:
    """The real site, built once per run: at collection when tests are parametrized over its
    pages (tests/browser), else when built_site is first used. Removed when the run ends."""
    if _SITE not in config.stash:
        folder = Path(tempfile.mkdtemp(prefix="explainer-site-"))
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
        output = folder / "build"
        config.stash[_SITE] = output, run_explainer(REPO, "build", "--quiet", "--output", str(output))
    return config.stash[_SITE]


@pytest.fixture(scope="session")
def built_site(request) -> Path:
    output, result = build_site_once(request.config)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


EDITOR = "admin"  # the browser editor's pages: not reader pages (tests/browser/test_editor.py covers them)


def reader_pages(site: Path) -> list[Path]:
    """Every built HTML page a reader may open: all but the editor's."""
    return [p for p in sorted(site.rglob("*.html")) if p.relative_to(site).parts[0] != EDITOR]


@pytest.fixture(scope="session")
def real_corpus():
    """The real content, loaded and checked: (Corpus, Anchors), for invariants over whatever it holds."""
    from explainer.site import check_content

    checked = check_content(REPO / "content")
    assert not checked.problems.errors, [p.format() for p in checked.problems.errors]
    return checked.loaded.corpus, checked.anchors


@pytest.fixture(scope="session")
def soups(built_site) -> dict[str, BeautifulSoup]:
    """Every built reader page, parsed, by its path relative to the site root."""
    return {str(p.relative_to(built_site)): BeautifulSoup(p.read_text("utf-8"), "html.parser")
            for p in reader_pages(built_site)}


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the repository's content, theme and settings, safe to break."""
    return copy_project(tmp_path)


def copy_project(folder: Path) -> Path:
    for name in ("content", "theme"):
        shutil.copytree(REPO / name, folder / name)
    shutil.copy(REPO / "pelicanconf.py", folder / "pelicanconf.py")
    return folder


def tree_digest(root: Path) -> dict[str, str]:
    """Every file under root with the hash of its bytes: to prove a folder did not change."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}
