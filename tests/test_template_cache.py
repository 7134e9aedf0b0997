"""Compiled templates kept between builds in the cache folder (commands/build.py
SignedTemplates): a second fresh build compiles none, an edited template is compiled anew,
and a compiled template that this machine did not sign is never run. On the tests' own small
explainer, with the cache on in a folder of the test's own (conftest.py turns it off elsewhere)."""

from __future__ import annotations

import hmac
import marshal
import os
import pickle
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from jinja2.bccache import bc_magic

from conftest import REPO
from fixture_content import fixture_project
from test_incremental import site_digest

# A fresh `explainer build` that counts the templates Jinja compiles, in a file that the child
# it forks (commands/apart.py) writes to as well.
COUNTING_CLI = """
import os, sys, tempfile
import jinja2.environment
counted = tempfile.TemporaryFile()
def counting(self, *args, _compile=jinja2.environment.Environment.compile, **kwargs):
    os.write(counted.fileno(), b".")
    return _compile(self, *args, **kwargs)
jinja2.environment.Environment.compile = counting
from explainer.cli import main
code = main(sys.argv[1:])
print(f"compiled {os.fstat(counted.fileno()).st_size} templates", file=sys.stderr)
sys.exit(code)
"""


@pytest.fixture
def project(tmp_path) -> Path:
    return fixture_project(tmp_path / "project")


@pytest.fixture
def cache_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("explainer-cache")


def build(project: Path, cache_dir: Path, output: str = "build", must_pass: bool = True, **env: str) -> int:
    """Build in a fresh process with the cache on; how many templates it compiled."""
    environment = {**os.environ, "PYTHONPATH": str(REPO / "scripts"), "EXPLAINER_DISK_CACHE": "1",
                   "EXPLAINER_CACHE_DIR": str(cache_dir), **env}
    result = subprocess.run([sys.executable, "-c", COUNTING_CLI, "build", "--quiet", "--output", output],
                            cwd=project, env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 or not must_pass, result.stderr
    counted = re.search(r"^compiled (\d+) templates$", result.stderr, re.MULTILINE)
    assert counted or not must_pass, result.stderr
    return int(counted.group(1)) if counted else -1


def clean_site(project: Path, cache_dir: Path) -> dict[str, str]:
    build(project, cache_dir, "clean", EXPLAINER_DISK_CACHE="0")
    return site_digest(project / "clean")


def compiled_files(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("*/template-*"))


def test_a_second_build_compiles_no_template_again(project, cache_dir):
    assert build(project, cache_dir) > 0
    assert compiled_files(cache_dir)
    (project / "build/about/index.html").unlink()  # a page to write again, with its templates
    assert build(project, cache_dir) == 0
    assert site_digest(project / "build") == clean_site(project, cache_dir)


def test_an_edited_template_is_compiled_anew(project, cache_dir):
    build(project, cache_dir)
    base = project / "theme/templates/base.html"
    base.write_text(base.read_text("utf-8").replace("</footer>", "<!-- edited --></footer>"), encoding="utf-8")
    assert build(project, cache_dir) > 0
    assert "<!-- edited -->" in (project / "build/about/index.html").read_text("utf-8")
    assert site_digest(project / "build") == clean_site(project, cache_dir)


def test_no_template_is_kept_with_the_cache_off(project, cache_dir):
    build(project, cache_dir, EXPLAINER_DISK_CACHE="0")
    assert not compiled_files(cache_dir)


def forged(path: Path, marker: Path, key: bytes | None) -> None:
    """Replace a compiled template with code that creates `marker` when run, for the same
    template source (Jinja would load it), signed with `key` (None: no valid signature)."""
    payload = path.read_bytes()[32:]
    checksum = pickle.loads(payload[len(bc_magic):])  # pickle stops at its own end
    code = compile(f"open({str(marker)!r}, 'w').close()", "<forged>", "exec")
    payload = bc_magic + pickle.dumps(checksum, 2) + marshal.dumps(code)
    mac = hmac.new(key, payload, "sha256").digest() if key is not None else secrets.token_bytes(32)
    path.write_bytes(mac + payload)


@pytest.mark.parametrize("signed_with", ["nothing", "another key", "the machine's key"])
def test_a_compiled_template_this_machine_did_not_sign_is_never_run(project, cache_dir, tmp_path, signed_with):
    build(project, cache_dir)
    marker = tmp_path / "ran"
    key = {"nothing": None, "another key": secrets.token_bytes(32),
           "the machine's key": (cache_dir / "key").read_bytes()}[signed_with]
    for path in compiled_files(cache_dir):
        forged(path, marker, key)
    (project / "build/about/index.html").unlink()
    build(project, cache_dir, must_pass=False)  # the forged code is no template: it fails once run
    # Signed with the machine's key, the forged code does run: the check above it is what stops it.
    assert marker.exists() == (signed_with == "the machine's key")
    if not marker.exists():
        assert site_digest(project / "build") == clean_site(project, cache_dir)
