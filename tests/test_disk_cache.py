"""Parsed files cached on disk between processes (read/diskcache.py): a second fresh process
parses nothing again, and a forged, damaged or stale cache makes a slower build, never a
wrong one. On the tests' own small explainer (fixture_content.py), with the cache turned on
in a folder of the test's own (conftest.py turns it off everywhere else)."""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, tree_digest
from explainer.model.problems import Mark
from explainer.read import diskcache, load
from explainer.site import check_content
from fixture_content import FILES, fixture_project

EVENT = "content/events/2025-10-20-boats-return.yaml"
EVENT_TEXT = "text: Fishing boats returned to the harbour."
PARSED_FILES = len(FILES)

# A fresh process that counts the files it parses (YAML records and articles), then runs the CLI
# (or Pelican's, given "pelican" first). The count is kept in a file, which the child that
# `explainer build` forks (commands/apart.py) writes to as well.
COUNTING_CLI = """
import os, sys, tempfile
from explainer.read import load
parsed = tempfile.TemporaryFile()
for name in ("load_yaml", "load_article"):
    def counting(*args, _parse=getattr(load, name), **kwargs):
        os.write(parsed.fileno(), b".")
        return _parse(*args, **kwargs)
    setattr(load, name, counting)
from explainer.cli import main
if sys.argv[1:2] == ["pelican"]:
    from pelican import main as pelican
    try:
        code = pelican(sys.argv[2:])
    except SystemExit as exit:
        code = exit.code
else:
    code = main(sys.argv[1:])
print(f"parsed {os.fstat(parsed.fileno()).st_size} files", file=sys.stderr)
sys.exit(code)
"""


class Marker:
    """Unpickling this creates the file: proof that a shard was unpickled."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self):
        return (open, (str(self.path), "w"))


@pytest.fixture
def cache_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("explainer-cache")


@pytest.fixture
def project(tmp_path) -> Path:
    return fixture_project(tmp_path / "project")


def run(project: Path, cache_dir: Path, *args: str, **env: str) -> tuple[subprocess.CompletedProcess, int]:
    """The CLI in a fresh process with the cache on; its result and how many files it parsed."""
    environment = {**os.environ, "PYTHONPATH": str(REPO / "scripts"), "EXPLAINER_DISK_CACHE": "1",
                   "EXPLAINER_CACHE_DIR": str(cache_dir), **env}
    result = subprocess.run([sys.executable, "-c", COUNTING_CLI, *args], cwd=project, env=environment,
                            capture_output=True, text=True, timeout=120)
    counted = re.search(r"^parsed (\d+) files$", result.stderr, re.MULTILINE)
    assert counted, result.stderr
    return result, int(counted.group(1))


def built(project: Path, cache_dir: Path, output: str = "build", **env: str) -> dict[str, str]:
    result, _ = run(project, cache_dir, "build", "--quiet", "--output", output, **env)
    assert result.returncode == 0, result.stderr
    return tree_digest(project / output)


def clean_build(project: Path, cache_dir: Path) -> dict[str, str]:
    return built(project, cache_dir, "clean", EXPLAINER_DISK_CACHE="0")


def shards(cache_dir: Path) -> list[Path]:
    found = [path for path in cache_dir.glob("*/*") if re.fullmatch(r"\d\d-[0-9a-f]{16}", path.name)]
    assert found, f"no shard in {cache_dir}"
    return sorted(found)


def test_a_second_fresh_process_parses_nothing_again(project, cache_dir):
    first, parsed_first = run(project, cache_dir, "check")
    second, parsed_second = run(project, cache_dir, "check")
    assert (parsed_first, parsed_second) == (PARSED_FILES, 0)
    assert first.returncode == second.returncode == 0
    assert first.stdout + first.stderr.replace(f"parsed {PARSED_FILES}", "") == \
        second.stdout + second.stderr.replace("parsed 0", "")
    edit(project, EVENT, EVENT_TEXT, "text: The fishing boats returned to the harbour.")
    assert run(project, cache_dir, "check")[1] == 1  # the edited file only


def test_the_cache_off_parses_everything_and_writes_nothing(project, cache_dir):
    run(project, cache_dir, "check", EXPLAINER_DISK_CACHE="0")
    assert run(project, cache_dir, "check", EXPLAINER_DISK_CACHE="0")[1] == PARSED_FILES
    assert list(cache_dir.iterdir()) == []


def test_off_by_default_on_netlify_whose_builders_run_pull_requests_code(project, cache_dir):
    run(project, cache_dir, "check", EXPLAINER_DISK_CACHE="", NETLIFY="true")
    assert run(project, cache_dir, "check", EXPLAINER_DISK_CACHE="", NETLIFY="true")[1] == PARSED_FILES
    assert list(cache_dir.iterdir()) == []
    run(project, cache_dir, "check", EXPLAINER_DISK_CACHE="", NETLIFY="")
    assert run(project, cache_dir, "check", EXPLAINER_DISK_CACHE="", NETLIFY="")[1] == 0


def test_a_build_fills_and_uses_the_cache_too(project, cache_dir):
    clean = clean_build(project, cache_dir)
    assert built(project, cache_dir) == clean
    result, parsed = run(project, cache_dir, "build", "--quiet", "--output", "again")
    assert (result.returncode, parsed) == (0, 0)
    assert tree_digest(project / "again") == clean


def test_pelican_content_fills_and_uses_the_cache_too(project, cache_dir):
    for parsed_files in (PARSED_FILES, 0):
        result, parsed = run(project, cache_dir, "pelican", "content", "-s", "pelicanconf.py", "-o", "out", "-q")
        assert (result.returncode, parsed) == (0, parsed_files), result.stderr
    assert (project / "out" / "index.html").is_file()


def forged(shard: Path, how: str, marker: Path, key: bytes) -> bytes:
    payload = pickle.dumps({"content/center.yaml": Marker(marker)})
    old = shard.read_bytes()
    macs = {"old mac": old[:32], "another key": hmac.new(b"k" * 32, payload, "sha256").digest(), "no mac": b"",
            "right key": hmac.new(key, payload, "sha256").digest()}
    return macs[how] + payload


@pytest.mark.parametrize("how", ["old mac", "another key", "no mac"])
def test_a_forged_shard_is_never_unpickled(project, cache_dir, tmp_path, how):
    clean = clean_build(project, cache_dir)
    built(project, cache_dir)
    marker = tmp_path / "unpickled"
    key = (cache_dir / "key").read_bytes()
    for shard in shards(cache_dir):
        shard.write_bytes(forged(shard, how, marker, key))
    assert built(project, cache_dir, "forged") == clean
    assert not marker.exists()


def test_the_forgery_would_run_if_it_were_signed_with_the_machines_key(project, cache_dir, tmp_path):
    """The test above can fail: the same payload with the right HMAC is unpickled (and then
    refused as not ours: the build is still right)."""
    clean = clean_build(project, cache_dir)
    built(project, cache_dir)
    marker = tmp_path / "unpickled"
    shard = shards(cache_dir)[0]
    shard.write_bytes(forged(shard, "right key", marker, (cache_dir / "key").read_bytes()))
    assert built(project, cache_dir, "forged") == clean
    assert marker.exists()


DAMAGE = {
    "truncated": lambda path: path.write_bytes(path.read_bytes()[:40]),
    "random bytes": lambda path: path.write_bytes(os.urandom(4096)),
    "empty": lambda path: path.write_bytes(b""),
    "a flipped byte": lambda path: path.write_bytes(path.read_bytes()[:-1] + bytes([path.read_bytes()[-1] ^ 1])),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_shard_means_a_slower_build_never_a_wrong_one(project, cache_dir, damage):
    clean = clean_build(project, cache_dir)
    built(project, cache_dir)
    for shard in shards(cache_dir):
        DAMAGE[damage](shard)
    result, parsed = run(project, cache_dir, "build", "--quiet", "--output", "damaged")
    assert (result.returncode, parsed) == (0, PARSED_FILES), result.stderr
    assert tree_digest(project / "damaged") == clean
    assert run(project, cache_dir, "check")[1] == 0  # the damaged shards were replaced


KEY_DAMAGE = {  # and how many files the run after the damaged one parses: a new key, or none readable
    "removed": (lambda path: path.unlink(), 0),
    "garbled": (lambda path: path.write_bytes(os.urandom(32)), 0),
    "short": (lambda path: path.write_bytes(b"x"), 0),
    "a folder": (lambda path: (path.unlink(), path.mkdir()), PARSED_FILES),
}


@pytest.mark.parametrize("damage", KEY_DAMAGE)
def test_a_damaged_key_means_a_slower_build_never_a_wrong_one(project, cache_dir, damage):
    clean = clean_build(project, cache_dir)
    built(project, cache_dir)
    spoil, parsed_next = KEY_DAMAGE[damage]
    spoil(cache_dir / "key")
    result, parsed = run(project, cache_dir, "build", "--quiet", "--output", "damaged")
    assert (result.returncode, parsed) == (0, PARSED_FILES), result.stderr
    assert tree_digest(project / "damaged") == clean
    assert run(project, cache_dir, "check")[1] == parsed_next


def test_an_edit_after_caching_is_seen_and_a_broken_one_reported_at_its_place(project, cache_dir):
    built(project, cache_dir)
    edit(project, EVENT, EVENT_TEXT, "text: Fishing boats came back to the harbour.")
    built(project, cache_dir)
    page = (project / "build" / "timeline" / "index.html").read_text("utf-8")
    assert "Fishing boats came back to the harbour." in page
    edit(project, EVENT, "title: Boats return", "title: [Boats return")
    result, parsed = run(project, cache_dir, "check")
    assert (result.returncode, parsed) == (1, 1)
    assert f"{EVENT}:5:5: error[yaml-syntax]" in result.stderr


def test_a_cached_files_errors_are_still_reported(project, cache_dir):
    edit(project, EVENT, "title: Boats return", "title: [Boats return")
    first, _ = run(project, cache_dir, "check")
    second, parsed = run(project, cache_dir, "check")
    assert (first.returncode, second.returncode, parsed) == (1, 1, 0)
    assert f"{EVENT}:5:5: error[yaml-syntax]" in second.stderr
    assert second.stderr.replace("parsed 0 files", "") == first.stderr.replace(f"parsed {PARSED_FILES} files", "")


def test_a_cached_files_warnings_are_still_reported(project, cache_dir, monkeypatch):
    """No parser warns today; one that does is heard from the cache as from the parser."""
    monkeypatch.setenv("EXPLAINER_DISK_CACHE", "1")
    monkeypatch.setenv("EXPLAINER_CACHE_DIR", str(cache_dir))
    monkeypatch.chdir(project)
    parse = load.load_yaml

    def warning_parse(data, shown, problems):
        problems.warning(Mark(shown, 1, 1), "test-warning", "a warning of the parser")
        return parse(data, shown, problems)

    monkeypatch.setattr(load, "load_yaml", warning_parse)
    first = [p.format() for p in check_content(Path("content")).problems.warnings]
    monkeypatch.setattr(load, "load_yaml", never_called)
    monkeypatch.setattr(load, "load_article", never_called)
    assert [p.format() for p in check_content(Path("content")).problems.warnings] == first
    assert any(p.startswith(f"{EVENT}:1:1") for p in first)


def never_called(*args, **kwargs):
    raise AssertionError("a file was parsed again")


@pytest.mark.parametrize("inside", ["project", "content"])
def test_the_cache_is_never_written_inside_the_project(project, tmp_path_factory, inside):
    folder = project / "cache" if inside == "project" else project / "content" / ".cache"
    before = tree_digest(project)
    assert run(project, folder, "check")[1] == PARSED_FILES
    assert run(project, folder, "check")[1] == PARSED_FILES
    assert not folder.exists() and tree_digest(project) == before


def test_the_default_place_is_the_users_cache_folder(project, tmp_path):
    home, xdg = tmp_path / "home", tmp_path / "xdg"
    run(project, Path(), "check", EXPLAINER_CACHE_DIR="", HOME=str(home), XDG_CACHE_HOME=str(xdg))
    run(project, Path(), "check", EXPLAINER_CACHE_DIR="", HOME=str(home), XDG_CACHE_HOME="")
    for root in (xdg / "explainer", home / ".cache" / "explainer"):
        assert shards(root) and oct(root.stat().st_mode & 0o777) == "0o700"
        assert oct((root / "key").stat().st_mode & 0o777) == "0o600"
        assert all(shard.stat().st_mode & 0o077 == 0 for shard in shards(root))


def test_a_changed_shard_only_is_written_again(project, cache_dir):
    run(project, cache_dir, "check")
    before = {path.name: path.stat().st_ino for path in shards(cache_dir)}
    edit(project, EVENT, EVENT_TEXT, "text: The fishing boats returned to the harbour.")
    run(project, cache_dir, "check")
    after = {path.name: path.stat().st_ino for path in shards(cache_dir)}
    assert len(set(before) ^ set(after)) == 2  # one shard's old name gone, its new name there
    assert all(after[name] == inode for name, inode in before.items() if name in after)


def test_a_long_running_process_reads_the_disk_only_while_it_has_nothing(project, cache_dir, monkeypatch):
    """The dev server keeps its records in memory: its rebuilds only save the changed shard."""
    monkeypatch.setenv("EXPLAINER_CACHE_DIR", str(cache_dir))
    monkeypatch.setenv("EXPLAINER_DISK_CACHE", "1")
    monkeypatch.chdir(project)
    reads, load_entries = [], diskcache.load_entries
    monkeypatch.setattr(diskcache, "load_entries", lambda disk: reads.append(disk) or load_entries(disk))
    kept: dict = {}
    for _ in range(3):
        assert not check_content(Path("content"), cache=kept).problems.errors
    assert len(reads) == 1 and len(kept) == PARSED_FILES
    edit(project, EVENT, EVENT_TEXT, "text: The fishing boats returned to the harbour.")
    check_content(Path("content"), cache=kept)
    assert len(reads) == 1
    assert "The fishing boats" in str(diskcache.load_entries(diskcache.open_cache(Path("content")))[EVENT].record)


def test_a_deleted_file_leaves_the_cache(project, cache_dir, monkeypatch):
    run(project, cache_dir, "check")
    (project / EVENT).unlink()
    run(project, cache_dir, "check")
    monkeypatch.setenv("EXPLAINER_CACHE_DIR", str(cache_dir))
    monkeypatch.setenv("EXPLAINER_DISK_CACHE", "1")
    monkeypatch.chdir(project)
    entries = diskcache.load_entries(diskcache.open_cache(Path("content")))
    assert len(entries) == PARSED_FILES - 1 and EVENT not in entries


def test_another_code_version_starts_a_cache_of_its_own(project, cache_dir, monkeypatch):
    run(project, cache_dir, "check")
    monkeypatch.setenv("EXPLAINER_CACHE_DIR", str(cache_dir))
    monkeypatch.setenv("EXPLAINER_DISK_CACHE", "1")
    monkeypatch.chdir(project)
    assert len(diskcache.load_entries(diskcache.open_cache(Path("content")))) == PARSED_FILES
    monkeypatch.setattr(diskcache, "code_version", lambda: hashlib.sha256(b"other code").hexdigest())
    assert diskcache.load_entries(diskcache.open_cache(Path("content"))) == {}


def edit(project: Path, relative: str, old: str, new: str) -> None:
    path = project / relative
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_what_a_build_works_out_from_a_record_is_not_cached_with_it(tmp_path):
    """The dev server's records carry their citations, JSON and sizes (`__dict__["_..."]`)
    when their shard is written again: the cache keeps them as loaded."""
    from explainer.check.walk import refs_of
    from explainer.read.load import load_content

    loaded = load_content(REPO / "content")
    actor = next(iter(loaded.corpus.actors.values()))
    article = next(iter(loaded.corpus.articles.values()))
    refs_of(actor), article.paragraphs()
    assert "_refs" in actor.__dict__ and "_paragraphs" in article.__dict__
    for record in (actor, article):
        copy = pickle.loads(pickle.dumps(record))
        assert copy == record and not [name for name in vars(copy) if name.startswith("_")]
