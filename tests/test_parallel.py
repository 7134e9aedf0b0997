"""Rendering on two cores: the forked child's share comes back in order, its errors fail the
build, and the site is byte-identical to one rendered in one process; a process too large to
fork twice renders in one. And the model made by loading is kept out of the cycle collector's
way."""

from __future__ import annotations

import logging
import os

import pytest

from conftest import REPO, tree_digest
from explainer.commands.build import build
from explainer.publish import parallel
from explainer.publish.staging import ErrorCounter

ITEMS = [f"page-{i:03}" for i in range(300)]


@pytest.fixture(autouse=True)
def forkable(monkeypatch):
    """Whatever the test process has grown to: the bound has a test of its own."""
    monkeypatch.setattr(parallel, "MAX_SHARED_BYTES", 1 << 62)


def test_half_the_items_run_in_a_child_and_results_keep_their_order():
    results = parallel.map_in_two(ITEMS, lambda item: [item, os.getpid()])
    assert [item for item, _ in results] == ITEMS
    pids = [pid for _, pid in results]
    assert pids[:150] == [os.getpid()] * 150 and len(set(pids[150:])) == 1 and pids[150] != os.getpid()


def test_a_few_items_or_a_caller_that_cannot_fork_stay_in_this_process():
    assert {pid for pid in parallel.map_in_two(ITEMS[:10], lambda item: os.getpid())} == {os.getpid()}
    assert {pid for pid in parallel.map_in_two(ITEMS, lambda item: os.getpid(), fork=False)} == {os.getpid()}


def test_a_process_over_the_bound_renders_everything_itself(monkeypatch):
    resident = parallel.resident_bytes()
    assert resident > 10_000_000  # a real figure: Python and the project are loaded
    monkeypatch.setattr(parallel, "MAX_SHARED_BYTES", resident // 2)
    assert {pid for pid in parallel.map_in_two(ITEMS, lambda item: os.getpid())} == {os.getpid()}
    monkeypatch.setattr(parallel, "MAX_SHARED_BYTES", resident * 2)
    assert len({pid for pid in parallel.map_in_two(ITEMS, lambda item: os.getpid())}) == 2


def test_an_exception_in_the_child_is_raised_here_with_its_traceback():
    def work(item: str) -> str:
        if item == "page-250":
            raise ValueError("no template for page-250")
        return item

    with pytest.raises(parallel.ChildFailed, match="ValueError: no template for page-250"):
        parallel.map_in_two(ITEMS, work)


def test_errors_the_child_logs_are_counted_by_the_build():
    counter = ErrorCounter()
    logging.getLogger().addHandler(counter)
    try:
        parallel.map_in_two(ITEMS, lambda item: logging.getLogger("t").error("bad %s", item) if item == "page-299" else 0)
    finally:
        logging.getLogger().removeHandler(counter)
    assert counter.messages == ["bad page-299"]


def test_the_site_rendered_on_two_cores_is_byte_identical(tmp_path, monkeypatch):
    build(REPO / "pelicanconf.py", output=tmp_path / "one", quiet=True)
    monkeypatch.setattr(parallel, "MIN_ITEMS", 10)  # the real content's ~90 pages, split in two
    build(REPO / "pelicanconf.py", output=tmp_path / "two", quiet=True)
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")


def test_loading_leaves_the_cycle_collector_on_with_the_model_frozen_out_of_its_way():
    import gc

    from explainer.site import check_content

    gc.unfreeze()
    try:
        check_content(REPO / "content")
        assert gc.isenabled() and gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
