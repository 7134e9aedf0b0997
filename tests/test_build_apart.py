"""`explainer build`, for content of FROM_ARTICLES articles or more, makes the model and the
pages in a child process that has ended before the search index is built (commands/apart.py),
so Pagefind's indexer, the largest process of a build, never runs beside the model. The site
is the same; the output folder stays locked until it is published; a child that fails or is
killed publishes nothing. Here the threshold is lowered to the real content's size."""

from __future__ import annotations

import os
import pickle
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import alive, tree_digest
from explainer import cli, plugin
from explainer.commands import apart
from explainer.commands.apart import ChildFailed
from explainer.commands.build import Builder
from explainer.publish import search, staging


@pytest.fixture(autouse=True)
def apart_for_any_content(monkeypatch):
    monkeypatch.setattr(apart, "FROM_ARTICLES", 1)


def test_content_of_fewer_articles_is_built_in_one_process(project, monkeypatch, tmp_path):
    """Below the threshold the model and the indexer fit side by side, and a child costs time."""
    articles = len(list((project / "content/articles").glob("*.md")))
    settings = project / "pelicanconf.py"
    monkeypatch.setattr(apart, "FROM_ARTICLES", articles + 1)
    assert not Builder(settings, project / "content", apart=True).apart
    monkeypatch.setattr(apart, "FROM_ARTICLES", articles)
    assert Builder(settings, project / "content", apart=True).apart
    assert not Builder(settings, project / "content", apart=False).apart  # --one-process
    assert not apart.pays(tmp_path / "no-content")


def _locked(output: Path) -> bool:
    """Whether another process could take the output folder's lock now."""
    probe = ("import fcntl, sys\nwith open(sys.argv[1], 'a') as f:\n"
             "    try: fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\n    except OSError: sys.exit(3)\n")
    return subprocess.run([sys.executable, "-c", probe, str(staging.lock_path(output))]).returncode == 3


@pytest.fixture
def watched(project, monkeypatch):
    """The project, with the process that made the model and what held when Pagefind started."""
    monkeypatch.chdir(project)
    seen: dict = {"indexed": []}
    record = project.parent / "model-pid"
    make_model, index = plugin.build_site, search.run_pagefind

    def build_site(*args, **kwargs):
        record.write_text(str(os.getpid()))  # perhaps in another process: through a file
        return make_model(*args, **kwargs)

    def run_pagefind(*args, **kwargs):
        seen["model"] = int(record.read_text())
        seen["indexed"].append({"by": os.getpid(), "model alive": alive(seen["model"]),
                                "locked": _locked(project / "build")})
        return index(*args, **kwargs)

    monkeypatch.setattr(plugin, "build_site", build_site)
    monkeypatch.setattr(search, "run_pagefind", run_pagefind)
    return project, seen


def test_the_search_index_is_built_once_the_process_that_made_the_model_has_ended(watched):
    project, seen = watched
    assert cli.main(["build", "--quiet"]) == 0
    assert seen["model"] != os.getpid()
    assert seen["indexed"] and all(run == {"by": os.getpid(), "model alive": False, "locked": True}
                                   for run in seen["indexed"])
    assert (project / "build/index.html").is_file() and (project / "build/pagefind/pagefind.js").is_file()
    assert not _locked(project / "build")


def test_one_process_builds_the_same_site_in_this_process(watched, tmp_path):
    project, seen = watched
    assert cli.main(["build", "--quiet"]) == 0
    apart = tree_digest(project / "build")
    assert cli.main(["build", "--quiet", "--one-process", "--output", str(tmp_path / "one")]) == 0
    assert seen["model"] == os.getpid() and seen["indexed"][-1]["model alive"]
    one = tree_digest(tmp_path / "one")
    assert {p: d for p, d in one.items() if not p.startswith("admin/")} == \
           {p: d for p, d in apart.items() if not p.startswith("admin/")}


def _an_actor(project: Path) -> Path:
    """An actor's file, whichever the content holds."""
    return min((project / "content/actors").glob("*.yaml"))


def test_content_errors_found_apart_are_printed_once_with_their_place(project, monkeypatch, capfd):
    monkeypatch.chdir(project)
    assert cli.main(["build", "--quiet"]) == 0
    before = tree_digest(project / "build")
    actor = _an_actor(project)
    actor.write_text(re.sub(r"^kind:", "kind: nonsense\nkindd:", actor.read_text("utf-8"), count=1, flags=re.M),
                     "utf-8")
    assert cli.main(["build", "--quiet"]) == 1
    errors = [line for line in capfd.readouterr().err.splitlines() if ": error[" in line]
    assert errors and len(errors) == len(set(errors))
    assert all(line.startswith(f"content/actors/{actor.name}:") for line in errors)
    assert tree_digest(project / "build") == before
    assert not list(project.glob("build.staging-*")) and not _locked(project / "build")


def _built_then_broken(project: Path, monkeypatch, break_it) -> dict[str, str]:
    monkeypatch.chdir(project)
    assert cli.main(["build", "--quiet"]) == 0
    before = tree_digest(project / "build")
    actor = _an_actor(project)  # an edit, so that the child has pages to write
    actor.write_text(actor.read_text("utf-8") + "# edited\n", "utf-8")
    monkeypatch.setattr(plugin, "export", break_it)
    return before


def test_a_crash_in_the_child_publishes_nothing_and_shows_its_traceback(project, monkeypatch):
    def export(*args, **kwargs):
        raise RuntimeError("a bug in the export")

    before = _built_then_broken(project, monkeypatch, export)
    with pytest.raises(ChildFailed, match=r"(?s)Traceback.*RuntimeError: a bug in the export"):
        cli.main(["build", "--quiet"])
    assert tree_digest(project / "build") == before
    assert not list(project.glob("build.staging-*")) and not _locked(project / "build")


def test_a_killed_child_publishes_nothing_and_says_so(project, monkeypatch, capsys):
    def export(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would

    before = _built_then_broken(project, monkeypatch, export)
    assert cli.main(["build", "--quiet"]) == 1
    failure = [line for line in capsys.readouterr().err.splitlines() if line.startswith("Build failed: ")]
    assert len(failure) == 1 and "was killed (signal 9" in failure[0] and "nothing was published" in failure[0]
    assert tree_digest(project / "build") == before
    assert not list(project.glob("build.staging-*")) and not _locked(project / "build")
    assert cli.main(["build", "--quiet"]) == 1  # still broken: the next build is not blocked by the last


class _Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("this exception cannot travel")


def _raise_unpicklable():
    raise _Unpicklable("a content error of a kind that cannot be pickled")


def test_what_the_child_cannot_send_back_comes_back_as_its_crash():
    with pytest.raises(ChildFailed, match=r"(?s)Traceback.*TypeError: cannot pickle 'generator' object"):
        apart.in_child(lambda: (n for n in range(3)))
    with pytest.raises(ChildFailed, match=r"(?s)Traceback.*_Unpicklable: a content error of a kind that cannot"):
        apart.in_child(_raise_unpicklable)
    assert apart.in_child(lambda: {"pages": ["a/", "b/"] * 1000}) == {"pages": ["a/", "b/"] * 1000}


def test_a_result_cut_short_fails_the_build_and_is_never_read_as_a_whole(tmp_path):
    """Once the child has ended its report is read; a report cut short (a full disk) or a child
    killed while it wrote is a failed build with nothing published, not a wrong one."""
    whole = pickle.dumps(("done", list(range(10_000))), pickle.HIGHEST_PROTOCOL)
    with open(tmp_path / "report", "w+b") as report:
        report.write(whole[: len(whole) // 2])
        with pytest.raises(staging.BuildFailed, match="sent back an unreadable result"):
            apart._result(report, 0)
        with pytest.raises(staging.BuildFailed, match=r"was killed \(signal 9"):
            apart._result(report, signal.SIGKILL)  # a wait status: killed by that signal
        report.seek(0)
        report.truncate()
        report.write(whole)
        assert apart._result(report, 0) == list(range(10_000))
