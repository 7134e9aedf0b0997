"""Where each quote was found, kept between processes beside the parsed files
(check/quotecache.py): a second `check` looks up no quote again, an edited article's quotes
are looked up afresh, and a damaged or forged shard only means looking them up again.

On the tests' own small explainer (fixture_content.py)."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

import pytest

from explainer.check import quotes
from explainer.read.articles import restamped
from explainer.site import check_content
from fixture_content import fixture_project


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("EXPLAINER_DISK_CACHE", "1")
    monkeypatch.setenv("EXPLAINER_CACHE_DIR", str(tmp_path / "cache"))
    return fixture_project(tmp_path / "project")


def checked(project: Path, monkeypatch) -> tuple[dict, int]:
    """What a fresh process's check finds (each run loads new objects from the disk cache):
    where each quote is, and how many quotes it looked up in their articles."""
    lookups = []

    def counting(*args, _find=quotes.find):
        lookups.append(args)
        return _find(*args)

    monkeypatch.setattr(quotes, "find", counting)
    result = check_content(project / "content", project / "theme")
    assert not result.problems.errors, result.problems.errors
    return result.anchors.matches, len(lookups)


def uncached(project: Path, monkeypatch) -> dict:
    monkeypatch.setenv("EXPLAINER_DISK_CACHE", "0")
    matches, _ = checked(project, monkeypatch)
    monkeypatch.setenv("EXPLAINER_DISK_CACHE", "1")
    return matches


def shards(project: Path) -> list[Path]:
    return sorted((project.parent / "cache").rglob("quotes-*"))


def test_a_second_check_looks_up_no_quote_again(project, monkeypatch):
    first, looked_up = checked(project, monkeypatch)
    assert looked_up > 0 and shards(project)
    again, looked_up_again = checked(project, monkeypatch)
    assert looked_up_again == 0
    assert again == first == uncached(project, monkeypatch)


def test_an_edited_article_has_its_quotes_looked_up_afresh(project, monkeypatch):
    _, everything = checked(project, monkeypatch)
    path = project / "content/articles/crossing-report.md"
    text = path.read_text("utf-8")
    # A sentence before its quotes: every passage after it moves.
    path.write_text(restamped(text.replace("\n\n", "\n\nA new first sentence.\n", 1)), encoding="utf-8")
    matches, looked_up = checked(project, monkeypatch)
    assert 0 < looked_up < everything  # its own quotes only
    assert matches == uncached(project, monkeypatch)


@pytest.mark.parametrize("damage", ["garbage", "another key"])
def test_a_damaged_or_forged_shard_means_the_quotes_are_looked_up_again(project, monkeypatch, damage):
    first, everything = checked(project, monkeypatch)
    for shard in shards(project):
        if damage == "garbage":
            shard.write_bytes(b"not a signed shard")
        else:  # every passage at offset 0, signed with a key that is not the machine's
            forged = json.dumps({digest: {quote: [0, 1, 1, True] for quote in found}
                                 for digest, found in json.loads(shard.read_bytes()[32:]).items()}).encode()
            shard.write_bytes(hmac.new(b"k" * 32, forged, hashlib.sha256).digest() + forged)
    matches, looked_up = checked(project, monkeypatch)
    assert looked_up == everything
    assert matches == first
