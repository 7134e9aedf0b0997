"""The search index after a rebuild: the published index is kept, and only the pages changed
since it was made are indexed, into a small second index; once a tenth of the pages have
changed, the whole site is indexed afresh. The dev server does the same in the background,
without holding up the next rebuild (publish/catchup.py). (What a reader finds: browser/test_search_after_rebuild.py.)"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import REPO, tree_digest, wait_for
from explainer.commands.build import build
from explainer.publish import search
from explainer.publish.catchup import catch_up
from explainer.publish.search import REBASE_SHARE
from fixture_content import add_filler_actors, fixture_project
from test_incremental import EVENT, EVENT_EDITED, EVENT_TEXT, actor_pages, built, edit, inodes, timeline_page_of

# With these, the fixture site has about 60 pages: the event's five are less than a tenth of them.
FILLERS = 43
# A full build's state: a site this small is indexed in one part, and nothing is superseded.
ONE_PART = {"parts": ["pagefind"], "delta": False, "superseded": []}


def event_pages(site: Path) -> list[str]:
    """The pages that show EVENT (test_incremental.py's): the timeline's and the actor's are found."""
    found = ["index.html", "sources/harbour-report/index.html",
             timeline_page_of(site, EVENT), *actor_pages(site, "harbour-fishermen")]
    return sorted(page.removesuffix("index.html") for page in found)


def search_state(site: Path) -> dict:
    return json.loads((site / "search/delta.json").read_text("utf-8"))


def file_inodes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def searchable(site: Path, urls: list[str]) -> list[str]:
    """The pages among `urls` that are marked for search."""
    return [url for url in urls if re.search(r"<main\b[^>]*\sdata-pagefind-body", (site / url / "index.html").read_text())]


@pytest.fixture
def project_built(tmp_path) -> Path:
    project = fixture_project(tmp_path)
    add_filler_actors(project, FILLERS)
    site = built(project)
    assert len(event_pages(site)) <= REBASE_SHARE * len(inodes(site))
    return project


def clean_index(project: Path) -> dict[str, str]:
    return tree_digest(built(project, "clean") / "pagefind")


def test_a_full_build_has_one_index_and_nothing_superseded(project_built):
    site = project_built / "build"
    assert search_state(site) == ONE_PART
    assert not (site / "pagefind-delta").exists()


def test_one_edit_indexes_only_the_pages_it_changed(project_built):
    base = file_inodes(project_built / "build/pagefind")
    edit(project_built, EVENT, EVENT_TEXT, EVENT_EDITED)
    site = built(project_built)
    assert file_inodes(site / "pagefind") == base  # the published index, linked: not indexed again
    assert search_state(site) == {**ONE_PART, "delta": True, "superseded": event_pages(site)}
    changed = searchable(site, event_pages(site))
    assert 0 < len(changed) < len(event_pages(site))  # the home page is not searched
    assert len(list((site / "pagefind-delta/fragment").iterdir())) == len(changed)


def test_changes_add_up_until_a_tenth_of_the_pages_then_all_is_indexed_again(project_built):
    edit(project_built, EVENT, EVENT_TEXT, EVENT_EDITED)
    built(project_built)
    edit(project_built, EVENT, "The fishing boats", "All the fishing boats")  # the same five pages again
    site = built(project_built)
    assert search_state(site) == {**ONE_PART, "delta": True, "superseded": event_pages(site)}
    # Then one filler actor after another, until the pages changed since the index was made
    # are more than a tenth of the site: that build indexes everything afresh.
    superseded, share = set(event_pages(site)), REBASE_SHARE * len(inodes(site))
    for number in range(1, FILLERS + 1):
        before = inodes(site)
        edit(project_built, f"content/actors/filler-{number:03}.yaml", "A bystander", "A passer-by")
        site = built(project_built)
        written = {page.removesuffix("index.html") for page, inode in inodes(site).items() if before[page] != inode}
        superseded |= written
        if len(superseded) > share:
            break
        assert search_state(site) == {**ONE_PART, "delta": True, "superseded": sorted(superseded)}
    assert len(written) <= share < len(superseded)  # this build alone was not enough: the changes added up
    assert search_state(site) == ONE_PART
    assert not (site / "pagefind-delta").exists()
    assert tree_digest(site / "pagefind") == clean_index(project_built)


def test_a_later_rebuild_indexes_again_the_pages_an_earlier_one_changed(project_built):
    """Each rebuild's delta holds every page changed since the base was made: those it wrote,
    and those an earlier rebuild wrote, which it reads from the site it is merged into."""
    edit(project_built, EVENT, EVENT_TEXT, EVENT_EDITED)
    folder = built(project_built).stat().st_ino
    edit(project_built, "content/articles/crossing-report.md", "according to the driver", "the driver said")
    site = built(project_built)
    assert site.stat().st_ino == folder  # merged into build/, where the event's pages are
    superseded = search_state(site)["superseded"]
    assert set(event_pages(site)) | {"sources/crossing-report/"} <= set(superseded)
    assert len(list((site / "pagefind-delta/fragment").iterdir())) == len(searchable(site, superseded))


@pytest.mark.parametrize("damage", ["not JSON {", '{"superseded": 7}', '{"superseded": [1]}', "[]", '{"delta": true}',
                                    '{"delta": false, "superseded": []}',  # an older build's: no parts
                                    '{"parts": ["pagefind", "elsewhere"], "delta": false, "superseded": []}'])
def test_a_damaged_search_state_means_the_whole_site_is_indexed(project_built, damage):
    """search/delta.json is in the build folder, where anything may replace it: then it is
    not trusted, and the index is made afresh."""
    (project_built / "build/search/delta.json").write_text(damage)
    edit(project_built, EVENT, EVENT_TEXT, EVENT_EDITED)
    site = built(project_built)
    assert search_state(site) == ONE_PART
    assert tree_digest(site / "pagefind") == clean_index(project_built)


def catch_up_now(site: Path) -> str:
    """The dev server's catch-up, with nothing else running (no lock to share)."""
    return catch_up(site, contextlib.nullcontext)


def dev_build(project: Path) -> Path:
    return Path(build(project / "pelicanconf.py", content=project / "content", output=project / "build",
                      quiet=True, dev_server=True))


def test_the_dev_server_catch_up_makes_the_delta_a_full_build_would(project_built):
    built(project_built, "cli")
    catch_up_now(dev_build(project_built))  # the server's first build and index (its settings differ: every page)
    edit(project_built, EVENT, EVENT_TEXT, EVENT_EDITED)
    site = dev_build(project_built)
    assert search_state(site) == {**ONE_PART, "superseded": event_pages(site)}
    assert "changed pages" in catch_up_now(site)
    assert search_state(site) == {**ONE_PART, "delta": True, "superseded": event_pages(site)}
    cli_site = built(project_built, "cli")  # the same edit, built as `explainer build` does
    assert sorted(file_inodes(site / "pagefind-delta/fragment")) == sorted(file_inodes(cli_site / "pagefind-delta/fragment"))
    assert not list(project_built.glob("build.search-*"))  # its work folder is gone


def test_a_dev_server_rebuild_marks_its_pages_stale_until_they_are_indexed(project_built):
    """The dev server shows an edit before it indexes it (`catch_up`): meanwhile the published
    base index is kept and the edited pages are listed as superseded, also by a server started
    again before the index was refreshed."""
    catch_up_now(dev_build(project_built))  # the server's first build and index (its settings differ: every page)
    base = file_inodes(project_built / "build/pagefind")
    edit(project_built, EVENT, EVENT_TEXT, EVENT_EDITED)
    site = dev_build(project_built)
    assert file_inodes(site / "pagefind") == base
    assert search_state(site) == {**ONE_PART, "superseded": event_pages(site)}
    site = dev_build(project_built)  # stopped before indexing, started again: nothing changed since
    assert search_state(site) == {**ONE_PART, "superseded": event_pages(site)}
    catch_up_now(site)
    assert search_state(site) == {**ONE_PART, "delta": True, "superseded": event_pages(site)}
    assert file_inodes(site / "pagefind") == base


def test_past_a_tenth_of_the_pages_the_catch_up_indexes_everything_afresh(project_built):
    site = dev_build(project_built)
    catch_up_now(site)
    for number in range(1, FILLERS + 1):
        edit(project_built, f"content/actors/filler-{number:03}.yaml", "A bystander", "A passer-by")
    site = dev_build(project_built)
    assert len(search_state(site)["superseded"]) > REBASE_SHARE * len(inodes(site))
    assert catch_up_now(site) == "search index rebuilt"
    assert search_state(site) == ONE_PART
    assert tree_digest(site / "pagefind") == clean_index(project_built)


class Paused:
    """Pagefind, held at its start until released: a rebuild can come meanwhile."""

    def __init__(self, monkeypatch) -> None:
        self.started, self.release = threading.Event(), threading.Event()
        real = search.run_pagefind

        def paused(*args, **kwargs):
            self.started.set()
            assert self.release.wait(timeout=300)
            return real(*args, **kwargs)

        monkeypatch.setattr(search, "run_pagefind", paused)


def catch_up_in_background(site: Path, paused: Paused) -> dict:
    done: dict = {}
    lock = threading.Lock()

    @contextlib.contextmanager
    def hold():
        with lock:
            yield

    thread = threading.Thread(target=lambda: done.setdefault("said", catch_up(site, hold)), daemon=True)
    thread.start()
    assert paused.started.wait(timeout=300)
    done["thread"] = thread
    return done


def test_a_rebuild_does_not_wait_for_the_catch_up_and_its_pages_stay_superseded(project_built, monkeypatch):
    site = dev_build(project_built)
    catch_up_now(site)
    edit(project_built, EVENT, EVENT_TEXT, EVENT_EDITED)
    dev_build(project_built)
    paused = Paused(monkeypatch)
    running = catch_up_in_background(site, paused)  # indexing the edit's pages, held
    edit(project_built, EVENT, "The fishing boats", "All the fishing boats")
    site = dev_build(project_built)  # done while the catch-up is still held
    assert running["thread"].is_alive() and "All the fishing boats" in (site / timeline_page_of(site, EVENT)).read_text()
    paused.release.set()
    running["thread"].join(timeout=300)
    assert running["said"].startswith("search index left for the next catch-up")
    assert search_state(site) == {**ONE_PART, "superseded": event_pages(site)}  # a delta of older pages: dropped
    catch_up_now(site)  # the one the rebuild asked for
    assert search_state(site) == {**ONE_PART, "delta": True, "superseded": event_pages(site)}


def test_a_whole_index_made_during_a_rebuild_is_kept_with_the_rebuilt_pages_superseded(project_built, monkeypatch):
    site = dev_build(project_built)  # no index yet: the catch-up makes a whole one
    paused = Paused(monkeypatch)
    running = catch_up_in_background(site, paused)
    edit(project_built, EVENT, EVENT_TEXT, EVENT_EDITED)
    site = dev_build(project_built)
    paused.release.set()
    running["thread"].join(timeout=300)
    assert running["said"].startswith("search index rebuilt")
    # It indexed every page as it was: the rebuilt ones are superseded until the next catch-up.
    assert search_state(site) == {**ONE_PART, "superseded": event_pages(site)}


STOPPED_BUILD = """
import sys
from pathlib import Path
from explainer.publish import search
search.get_executable = lambda: Path(sys.argv[1])  # the indexer: a stand-in that never ends
search.run_pagefind(Path(sys.argv[2]), Path(sys.argv[2]) / "pagefind")
"""


@pytest.mark.skipif(not shutil.which("setpriv"), reason="needs util-linux's setpriv (the parent-death signal)")
def test_a_build_killed_while_pagefind_runs_leaves_no_indexer_behind(tmp_path):
    """A stopped dev server or a killed build once left Pagefind running, holding its memory."""
    indexer = tmp_path / "pagefind"
    indexer.write_text(f"#!/bin/sh\necho $$ > {tmp_path}/indexer.pid\nexec sleep 600\n")
    indexer.chmod(0o755)
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts")}
    with subprocess.Popen([sys.executable, "-c", STOPPED_BUILD, str(indexer), str(tmp_path)], env=env) as build:
        assert wait_for(lambda: (tmp_path / "indexer.pid").is_file() and (tmp_path / "indexer.pid").read_text())
        pid = int((tmp_path / "indexer.pid").read_text())
        build.kill()
    assert wait_for(lambda: not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2])
