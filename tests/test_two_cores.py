"""Parsing on two cores: the child's half comes back in order; a child that fails has its half
parsed here; and content loaded on two cores is loaded exactly as in one process, its broken
files' problems included, while a long-lived process never forks to load."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import tree_digest
from explainer import cli
from explainer.read import load
from explainer.read.load import load_content
from explainer.read.twocores import map_on_two_cores
from explainer.site import check_content
from fixture_content import add_filler_actors, fixture_project

ITEMS = list(range(301))


def test_the_second_half_is_worked_in_a_child_and_the_results_keep_their_order():
    results = map_on_two_cores(ITEMS, lambda item: (item, os.getpid()))
    assert [item for item, _ in results] == ITEMS
    pids = [pid for _, pid in results]
    assert pids[:150] == [os.getpid()] * 150
    assert len(set(pids[150:])) == 1 and pids[150] != os.getpid()


@pytest.mark.parametrize("failure", ["killed", "raised"])
def test_a_child_that_fails_has_its_half_worked_here(failure):
    parent = os.getpid()

    def work(item: int) -> int:
        if os.getpid() != parent and item == 200:
            if failure == "killed":
                os._exit(9)
            raise RuntimeError("only the child fails")
        return item * 2

    assert map_on_two_cores(ITEMS, work) == [item * 2 for item in ITEMS]


def test_an_error_of_the_work_itself_is_raised_here():
    def work(item: int) -> int:
        if item == 250:
            raise ValueError("item 250 cannot be worked")
        return item

    with pytest.raises(ValueError, match="item 250 cannot be worked"):
        map_on_two_cores(ITEMS, work)


def _project_with_broken_files(tmp_path: Path) -> Path:
    project = fixture_project(tmp_path)
    ids = add_filler_actors(project, 30)
    actors = project / "content/actors"
    (actors / f"{ids[-2]}.yaml").write_text("name: [unclosed\n", encoding="utf-8")  # in the child's half
    (actors / f"{ids[-1]}.yaml").write_text("name: Filler\nkind: planet\n", encoding="utf-8")
    (actors / "Not An Id.yaml").write_text("name: x\n", encoding="utf-8")
    return project


def _as_loaded(loaded: load.Loaded) -> tuple:
    return (loaded.corpus, sorted(loaded.corpus.unloaded), [p.format() for p in loaded.problems.sorted()],
            loaded.files, loaded.digests)


def test_content_loaded_on_two_cores_is_loaded_as_in_one(tmp_path, monkeypatch):
    content = _project_with_broken_files(tmp_path) / "content"
    monkeypatch.setattr(load, "PARSE_IN_TWO_FROM", 4)
    forks = []
    monkeypatch.setattr(load, "map_on_two_cores", lambda items, work: forks.append(len(items))
                        or map_on_two_cores(items, work))
    one_cache, two_cache = {}, {}
    in_one = load_content(content, one_cache)
    in_two = load_content(content, two_cache, fork=True)
    assert forks and max(forks) > 30  # the actors' folder was parsed on two cores
    assert _as_loaded(in_two) == _as_loaded(in_one)
    assert {path: (p.digest, p.record, [q.format() for q in p.problems.sorted()]) for path, p in two_cache.items()} == {
        path: (p.digest, p.record, [q.format() for q in p.problems.sorted()]) for path, p in one_cache.items()}
    messages = "\n".join(p.format() for p in in_two.problems.sorted())
    assert "filler-029.yaml:2:1: error[yaml-syntax]" in messages and "filler-030.yaml:2:7: error[bad-value]" in messages and "Not An Id" in messages


def test_files_cached_are_not_parsed_again_on_two_cores(tmp_path, monkeypatch):
    content = _project_with_broken_files(tmp_path) / "content"
    monkeypatch.setattr(load, "PARSE_IN_TWO_FROM", 4)
    cache: dict = {}
    first = load_content(content, cache, fork=True)
    parsed = []
    monkeypatch.setattr(load, "map_on_two_cores", lambda items, work: parsed.extend(items) or [])
    again = load_content(content, cache, fork=True)
    assert parsed == [] and _as_loaded(again) == _as_loaded(first)


def test_a_long_lived_check_never_forks_to_load(tmp_path, monkeypatch):
    content = _project_with_broken_files(tmp_path) / "content"
    monkeypatch.setattr(load, "PARSE_IN_TWO_FROM", 4)
    forks = []
    monkeypatch.setattr(load, "map_on_two_cores", lambda items, work: forks.append(len(items)) or list(map(work, items)))
    check_content(content, deferred={})
    assert forks == []
    check_content(content)
    assert forks


def test_a_build_with_broken_files_parsed_on_two_cores_fails_located_and_leaves_build_as_it_was(
        tmp_path, monkeypatch, capsys):
    project = fixture_project(tmp_path)
    monkeypatch.chdir(project)
    assert cli.main(["build", "--quiet"]) == 0
    before = tree_digest(project / "build")
    ids = add_filler_actors(project, 30)
    (project / "content/actors" / f"{ids[-1]}.yaml").write_text("name: Filler\nkind: planet\n", encoding="utf-8")
    monkeypatch.setattr(load, "PARSE_IN_TWO_FROM", 4)
    assert cli.main(["build", "--quiet"]) == 1
    assert f"content/actors/{ids[-1]}.yaml:2:7: error[bad-value]: 'planet' is not a valid kind" in capsys.readouterr().err
    assert tree_digest(project / "build") == before
