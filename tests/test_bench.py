"""bench/corpus.py: a synthetic corpus that our check accepts and plain Pelican builds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, run_explainer, tree_digest, wait_for
from explainer.model.records import Citation
from explainer.read.load import load_content

ARTICLES = 12


def write_corpus(out: Path, seed: int = 0) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts")}
    return subprocess.run([sys.executable, str(REPO / "bench/corpus.py"), str(out), "--articles", str(ARTICLES),
                           "--seed", str(seed)], env=env, capture_output=True, text=True, timeout=120,
                          check=False)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "corpus"
    result = write_corpus(out)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Wrote 12 articles, 60 records, 240 citations into {out}/\n"
    return out


def test_check_accepts_the_corpus_without_a_warning(corpus):
    result = run_explainer(REPO, "check", "--strict", "--content", str(corpus / "content"))
    assert (result.returncode, result.stderr) == (0, "")


def test_counts_are_as_requested(corpus):
    loaded = load_content(corpus / "content")
    records = [*loaded.corpus.actors.values(), *loaded.corpus.questions.values(),
               *loaded.corpus.events.values(), *loaded.corpus.disagreements.values()]
    citations = [c for r in [*records, loaded.corpus.center] for c in _citations(r)]
    assert (len(loaded.corpus.articles), len(records), len(citations)) == (ARTICLES, 5 * ARTICLES, 20 * ARTICLES)
    assert len(loaded.corpus.actors) > len(loaded.corpus.events) > len(loaded.corpus.questions) \
        > len(loaded.corpus.disagreements) > 0  # the real content's mix
    words = [len(a.text.split()) for a in loaded.corpus.articles.values()]
    assert 600 <= min(words) and max(words) <= 900
    assert len({a.text for a in loaded.corpus.articles.values()}) == ARTICLES


def _citations(value):
    """Every Citation inside a loaded record."""
    if isinstance(value, Citation):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _citations(item)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            yield from _citations(getattr(value, name))


def test_plain_pelican_builds_the_same_articles(corpus, tmp_path):
    result = subprocess.run([str(Path(sys.executable).parent / "pelican"), "content", "-s", "pelicanconf.py",
                             "-o", str(tmp_path / "out")], cwd=corpus / "pelican", capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Processed {ARTICLES} articles" in result.stdout
    own_sentence = (corpus / "content/articles/report-00012.md").read_text("utf-8").splitlines()[-1]
    assert own_sentence == "This is report 12 of the synthetic benchmark corpus."
    assert own_sentence in (tmp_path / "out/report-00012.html").read_text("utf-8")


def test_same_seed_same_files_another_seed_other_files(tmp_path):
    for name, seed in (("first", 0), ("again", 0), ("other", 1)):
        assert write_corpus(tmp_path / name, seed).returncode == 0
    assert tree_digest(tmp_path / "first") == tree_digest(tmp_path / "again")
    assert tree_digest(tmp_path / "first") != tree_digest(tmp_path / "other")


def test_the_benchmark_reads_where_a_build_spends_its_time(project):
    """bench/stages.py reads the stage lines a build prints off a terminal; a change to those
    lines that the benchmark no longer understands fails here, not in a long bench run."""
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from stages import STAGES, stage_times
    finally:
        sys.path.remove(str(REPO / "bench"))
    result = run_explainer(project, "build")
    assert result.returncode == 0, result.stderr
    times = stage_times(result.stdout)
    assert list(times) == list(STAGES.values())
    total = float(result.stdout.rstrip().rsplit("; ", 1)[1].removesuffix(" s"))
    assert all(seconds >= 0 for seconds in times.values()) and sum(times.values()) <= total + 0.01


def test_the_latency_benchmark_reads_how_long_the_server_took_to_rebuild(tmp_path, capsys):
    """bench/serve_latency.py splits each save's time by the line the server prints after each
    rebuild; a change to that line fails here."""
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from serve_latency import rebuild_times
    finally:
        sys.path.remove(str(REPO / "bench"))
    from explainer.commands.serve import BuildState, Watcher

    printed = []
    watcher = Watcher([tmp_path], lambda changes: True, BuildState())
    try:
        assert watcher.start()
        (tmp_path / "record.yaml").write_text("saved: 1\n", encoding="utf-8")  # seen: the watch has begun

        def rebuilt() -> bool:
            printed.append(capsys.readouterr().out)
            return bool(rebuild_times("".join(printed)))

        assert wait_for(rebuilt)
    finally:
        watcher.close()
    assert all(seconds >= 0 for seconds in rebuild_times("".join(printed)))


HOLD = """
import subprocess, sys
held = bytearray(100 * 2**20)  # resident: bytearray writes its zeros
child = subprocess.Popen([sys.executable, "-c", "import sys; held = bytearray(100 * 2**20); print('ready', flush=True); sys.stdin.read()"], stdin=subprocess.PIPE, stdout=sys.stdout)
sys.stdin.read()
child.communicate()
"""


def test_the_memory_of_a_whole_process_tree_is_the_sum_of_its_processes():
    """A build's processes run side by side (ours, the forked renderer, Pagefind): a build machine
    must hold their sum, which the benchmark reports beside the largest one."""
    sys.path.insert(0, str(REPO / "bench"))
    from treemem import tree_rss

    with subprocess.Popen([sys.executable, "-c", HOLD], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          text=True) as parent:
        try:
            assert parent.stdout.readline() == "ready\n"  # the child holds its 100 MB, and so does the parent
            assert 200 * 2**20 <= tree_rss(parent.pid) < 300 * 2**20
        finally:
            parent.stdin.close()
            parent.wait(timeout=60)


def test_the_memory_benchmark_names_each_stage_of_a_build(project):
    """bench/stagemem.py marks stages by the build's own progress lines and by the functions it
    wraps: a renamed function or a changed line fails here, not in a long bench run."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts"), "EXPLAINER_CACHE_DIR": str(project / "cache")}
    result = subprocess.run([sys.executable, str(REPO / "bench/stagemem.py"), "--content", str(project / "content"),
                             "--output", str(project / "out")], cwd=project, env=env, capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    report = result.stdout[result.stdout.index("resident set of our process by stage"):]
    stages = [line.split("  ")[0] for line in report.splitlines()[2:-2]]
    for stage in ("reading content", "graph", "layout", "plan", "manifest loaded", "export (data/)",
                  "indexing for search", "manifest saved"):
        assert stage in stages, report
    assert report.splitlines()[-1].startswith("peak of this process (kernel's max RSS): ")
