"""The search index in parts of bounded size (scripts/explainer/publish/search.py): each part
is made by its own Pagefind run, two at a time, every searchable page is in exactly one, the
state file lists them, and a rebuild after a small edit still links them and indexes only the
delta.
(What a reader finds in them: browser/test_search_in_parts.py.)"""

from __future__ import annotations

import contextlib
import gzip
import json
import sys
from pathlib import Path

import pytest

from conftest import REPO, alive, run_explainer, wait_for
from explainer.publish import search
from explainer.publish.catchup import catch_up
from explainer.publish.search import (
    PART_BYTES_VARIABLE,
    SEARCHABLE,
    cut_into_parts,
    index_site,
    keep_published_index,
)
from explainer.publish.staging import BuildFailed
from fixture_content import add_filler_actors, fixture_project
from test_incremental import EVENT, EVENT_EDITED, EVENT_TEXT, built, edit
from test_search_index import FILLERS, event_pages, file_inodes, search_state

TINY = 20_000  # bytes of <main> per part: a few pages each


def page(main: str, searchable: bool = True) -> str:
    mark = " data-pagefind-body" if searchable else ""
    return f"<!doctype html><html lang=en><head><title>t</title></head><body><main{mark}>{main}</main></body></html>"


def write_pages(site: Path, pages: dict[str, str]) -> None:
    for relative, html in pages.items():
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text(html)


def indexed_urls(part: Path) -> list[str]:
    """The addresses of the pages a Pagefind index holds, read from its fragments."""
    return [json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))["url"]
            for f in (part / "fragment").iterdir()]


def page_count(part: Path) -> int:
    return json.loads((part / "pagefind-entry.json").read_text())["languages"]["en"]["page_count"]


def searchable_urls(site: Path) -> list[str]:
    return sorted("/" + str(p.relative_to(site)).removesuffix("index.html")
                  for p in site.rglob("*.html") if SEARCHABLE.search(p.read_bytes()))


def test_pages_are_cut_into_consecutive_parts_under_the_bound(tmp_path, monkeypatch):
    sizes = [3000, 500, 7000, 2500, 4000, 1000, 12000, 2000]  # bytes of text in each page's <main>
    write_pages(tmp_path, {f"p{n}/index.html": page("x" * size) for n, size in enumerate(sizes)})
    write_pages(tmp_path, {"plain/index.html": page("x" * 900, searchable=False), "feed.xml": "<main>"})
    monkeypatch.setenv(PART_BYTES_VARIABLE, "10000")
    pages = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.*"))
    # The measure counts <main ...>'s own tag too; a page over the bound is a part of its own.
    assert cut_into_parts(tmp_path, pages) == [["p0/index.html", "p1/index.html"], ["p2/index.html", "p3/index.html"],
                                               ["p4/index.html", "p5/index.html"], ["p6/index.html"], ["p7/index.html"]]


def test_a_site_of_up_to_two_parts_bytes_is_one_index(tmp_path, monkeypatch):
    write_pages(tmp_path, {f"p{n}/index.html": page("x" * 4000) for n in range(4)})
    monkeypatch.setenv(PART_BYTES_VARIABLE, "10000")
    pages = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.html"))
    assert cut_into_parts(tmp_path, pages) == [pages]  # 16,000 bytes and the tags: under 2 x 10,000


# A stand-in for Pagefind: it says when it starts and ends, in files beside the parts. Each run
# waits (with a generous deadline) until TOGETHER runs have started, so that runs made one
# after another fail; then the run of FAILING fails, and while one is set to fail the others
# wait until they are stopped.
FAKE_INDEXER = """
import os, signal, sys, time
output = sys.argv[sys.argv.index("--output-path") + 1]
log = os.path.join(os.path.dirname(output), "runs")
os.makedirs(log, exist_ok=True)
name = os.path.basename(output)
open(os.path.join(log, f"{name}.started"), "w").write(str(os.getpid()))
deadline = time.monotonic() + 120
while sum(f.endswith(".started") for f in os.listdir(log)) < int(os.environ["TOGETHER"]):
    if time.monotonic() > deadline:
        sys.exit(3)
    time.sleep(0.01)
if name == os.environ["FAILING"]:
    print("pagefind: a failure", flush=True)
    sys.exit(1)
if os.environ["FAILING"]:
    signal.pause()  # until the build stops it
os.makedirs(output, exist_ok=True)
open(os.path.join(log, f"{name}.ended"), "w").close()
"""


@pytest.fixture
def fake_indexer(tmp_path, monkeypatch):
    script = tmp_path / "fake_pagefind.py"
    script.write_text(FAKE_INDEXER)
    monkeypatch.setattr(search, "_indexer", lambda: (sys.executable, str(script)))
    monkeypatch.setenv(PART_BYTES_VARIABLE, "5000")
    site = tmp_path / "site"
    write_pages(site, {f"p{n}/index.html": page(f"word{n} " * 400) for n in range(8)})  # 4 parts
    return site, [f"p{n}/index.html" for n in range(8)], site / "runs"


def test_parts_are_indexed_two_at_a_time_never_more(fake_indexer, monkeypatch):
    site, pages, runs = fake_indexer
    monkeypatch.setenv("TOGETHER", "2")  # each run waits for a second one
    monkeypatch.setenv("FAILING", "")
    live, most = [0], [0]

    class Counted(search.Indexer):  # the runs started and not yet ended, as the build sees them
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            live[0] += 1
            most[0] = max(most[0], live[0])

        def _ended(self) -> None:
            live[0] -= 1
            super()._ended()

    monkeypatch.setattr(search, "Indexer", Counted)
    index_site(site, site.parent / "none", [], pages)
    parts = search_state(site)["parts"]
    assert len(parts) == 4 and all((runs / f"{part}.ended").is_file() for part in parts)
    assert most == [2] and live == [0]
    assert not list(site.parent.glob("site-search-*"))  # each run's folder of links went with it


def test_the_parts_do_not_wait_for_what_the_build_does_meanwhile(fake_indexer, monkeypatch):
    site, pages, runs = fake_indexer
    monkeypatch.setenv("TOGETHER", "2")
    monkeypatch.setenv("FAILING", "")
    seen = []

    def meanwhile() -> None:  # the post-build check's reading, if it took longer than all the runs
        seen.append(wait_for(lambda: len(list(runs.glob("*.ended"))) == 4))

    index_site(site, site.parent / "none", [], pages, meanwhile=meanwhile)
    assert seen == [True]


def test_a_failed_part_stops_the_build_and_the_runs_beside_it(fake_indexer, monkeypatch):
    site, pages, runs = fake_indexer
    monkeypatch.setenv("TOGETHER", "2")
    monkeypatch.setenv("FAILING", "pagefind")  # the first part, once the second has started
    with pytest.raises(BuildFailed, match="search indexing failed:\npagefind: a failure"):
        index_site(site, site.parent / "none", [], pages)
    others = [int(f.read_text()) for f in runs.glob("*.started") if f.name != "pagefind.started"]
    assert others and not any(alive(pid) for pid in others)
    assert not list(site.parent.glob("site-search-*"))



def test_a_bound_that_is_not_a_number_fails_the_build_with_its_name(tmp_path, monkeypatch):
    monkeypatch.setenv(PART_BYTES_VARIABLE, "12MB")
    result = run_explainer(REPO, "build", "--quiet", "--output", str(tmp_path / "build"))
    assert result.returncode != 0
    assert f"{PART_BYTES_VARIABLE}='12MB'" in result.stderr
    assert not (tmp_path / "build").exists()


def test_meanwhile_runs_once_however_many_parts(tmp_path, monkeypatch):
    site, published = tmp_path / "site", tmp_path / "published"
    write_pages(site, {f"p{n}/index.html": page(f"word{n} " * 400) for n in range(6)})
    monkeypatch.setenv(PART_BYTES_VARIABLE, "5000")
    calls = []
    index_site(site, published, [], [f"p{n}/index.html" for n in range(6)], meanwhile=lambda: calls.append(1))
    assert len(search_state(site)["parts"]) == 3
    assert calls == [1]


def test_the_dev_server_keeps_every_published_part_until_it_indexes(tmp_path, monkeypatch):
    published, site = tmp_path / "published", tmp_path / "site"
    write_pages(published, {f"p{n}/index.html": page(f"word{n} " * 400) for n in range(6)})
    monkeypatch.setenv(PART_BYTES_VARIABLE, "5000")
    index_site(published, tmp_path / "none", [], [f"p{n}/index.html" for n in range(6)])
    parts = search_state(published)["parts"]
    keep_published_index(site, published, ["p1/index.html"])
    assert search_state(site) == {"parts": parts, "delta": False, "superseded": ["p1/"]}
    assert {part: file_inodes(site / part) for part in parts} == {part: file_inodes(published / part) for part in parts}


@pytest.fixture(scope="module")
def real_in_parts(tmp_path_factory) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(PART_BYTES_VARIABLE, str(TINY))
        output = tmp_path_factory.mktemp("parts") / "build"
        result = run_explainer(REPO, "build", "--quiet", "--output", str(output))
    assert result.returncode == 0, result.stderr
    return output


def test_the_real_content_in_parts_has_every_searchable_page_in_exactly_one(real_in_parts):
    state = search_state(real_in_parts)
    assert len(state["parts"]) >= 3
    assert state["parts"] == ["pagefind", *(f"pagefind-part-{n}" for n in range(2, len(state["parts"]) + 1))]
    assert state["delta"] is False and state["superseded"] == []
    found = [url for part in state["parts"] for url in indexed_urls(real_in_parts / part)]
    assert sorted(found) == searchable_urls(real_in_parts)  # each once: no page left out, none twice
    assert sorted(p.name for p in real_in_parts.glob("pagefind*")) == sorted(state["parts"])


def test_the_dev_server_catch_up_makes_parts_too(real_in_parts, monkeypatch):
    monkeypatch.setenv(PART_BYTES_VARIABLE, str(TINY * 2))  # fewer parts: the extra folders go
    before = search_state(real_in_parts)["parts"]
    (real_in_parts / "search/delta.json").unlink()  # no state: the catch-up indexes the whole site
    assert catch_up(real_in_parts, contextlib.nullcontext) == "search index rebuilt"
    after = search_state(real_in_parts)["parts"]
    assert 1 < len(after) < len(before)
    assert sorted(p.name for p in real_in_parts.glob("pagefind*")) == sorted(after)
    assert sum(page_count(real_in_parts / part) for part in after) == len(searchable_urls(real_in_parts))


def test_one_edit_links_every_part_and_indexes_only_the_delta(tmp_path, monkeypatch):
    monkeypatch.setenv(PART_BYTES_VARIABLE, str(TINY))
    project = fixture_project(tmp_path)
    add_filler_actors(project, FILLERS)
    site = built(project)
    parts = search_state(site)["parts"]
    assert len(parts) >= 2
    before = {part: file_inodes(site / part) for part in parts}
    edit(project, EVENT, EVENT_TEXT, EVENT_EDITED)
    site = built(project)
    assert search_state(site) == {"parts": parts, "delta": True, "superseded": event_pages(site)}
    assert {part: file_inodes(site / part) for part in parts} == before  # linked, not indexed again
    assert (site / "pagefind-delta/pagefind-entry.json").is_file()
