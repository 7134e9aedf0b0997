"""Where our build process's memory goes, stage by stage.

    .venv/bin/python bench/stagemem.py --articles 2000 [--seed 0] [--top 12] [--keep DIR]
    .venv/bin/python bench/stagemem.py --content DIR [--output DIR]

Builds a synthetic corpus (bench/corpus.py; or --content) in this process, as `explainer
build --one-process` would (without it, the model is made in a child process), while a
thread reads this process's resident set (/proc/self/statm) every INTERVAL seconds. Stages
are the build's own ("reading content", ...: what it prints) and a few finer ones marked here
around the functions that do them (the graph, the layout, the plan, the manifest). For each
stage it prints the resident set when it began and its peak during it; then the process's
peak (the kernel's, as bench/own_peak.py reports it).

With --tracemalloc, the Python objects alive at the end of each stage, by the line that
allocated them (slower, and tracemalloc's own bookkeeping doubles the memory: read the
figures as shares, not as the build's size).

With --release, a what-if: once the pages and data/ are written, the model (records, graph,
layout, page plan, parsed files) is let go before the search index and the post-build check,
which do not read it. It gives little back to the system (at N=3,000, 488 -> 464 MB even with
glibc's malloc_trim): what is freed is too scattered. That is why `explainer build` makes
the model in a child process that has ended before the search index is built.

The forked renderer (publish/parallel.py) and Pagefind are other processes and not counted.
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

from explainer import plugin, site
from explainer.cli import main as explainer
from explainer.publish import incremental, progress

BENCH = Path(__file__).resolve().parent
INTERVAL = 0.01
PAGE = os.sysconf("SC_PAGE_SIZE")
# Finer stages than the build prints: (module, function name, label).
MARKED = [(site, "build_graph", "graph"), (site, "plan_layout", "layout"), (site, "page_plan", "plan"),
          (plugin, "export", "export (data/)"), (incremental, "save_manifest", "manifest saved"),
          (incremental, "load_manifest", "manifest loaded")]


def resident() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE


class Stages:
    """The stage now running, and each stage's resident set at its start and its peak."""

    def __init__(self, snapshots: bool, top: int) -> None:
        self.rows: list[list] = []  # [label, at start, peak]
        self.snapshots, self.top = snapshots, top
        self.stack: list[str] = []
        self.begin("start-up")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def begin(self, label: str) -> None:
        if self.snapshots and self.rows:
            self._objects(self.rows[-1][0])
        now = resident()
        self.rows.append([label, now, now])

    def _sample(self) -> None:
        while not self._stop.is_set():
            row = self.rows[-1]
            row[2] = max(row[2], resident())
            self._stop.wait(INTERVAL)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        self.begin("end")

    def _objects(self, label: str) -> None:
        snapshot = tracemalloc.take_snapshot().filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
        stats = snapshot.statistics("lineno")
        total = sum(s.size for s in stats)
        print(f"\n-- live Python objects at the end of '{label}': {total / 2**20:,.1f} MB", file=sys.stderr)
        for stat in stats[:self.top]:
            frame = stat.traceback[0]
            print(f"  {stat.size / 2**20:8.1f} MB {stat.count:>10,} blocks  {_short(frame.filename)}:{frame.lineno}",
                  file=sys.stderr)

    def report(self) -> str:
        lines = [f"{'stage':<44} {'at start':>10} {'peak in it':>11}"]
        for label, start, peak in self.rows[:-1]:
            lines.append(f"{label[:44]:<44} {start / 2**20:8,.0f} MB {peak / 2**20:8,.0f} MB")
        lines.append(f"{'end':<44} {self.rows[-1][1] / 2**20:8,.0f} MB")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        lines.append(f"peak of this process (kernel's max RSS): {peak / 2**20:,.0f} MB")
        return "\n".join(lines)


def _short(filename: str) -> str:
    for marker in ("/explainer/", "/site-packages/", "/lib/python"):
        if marker in filename:
            return filename[filename.index(marker) + 1:]
    return filename


def mark(stages: Stages) -> None:
    def stage(self, text: str, original=progress.Progress.stage) -> None:
        stages.begin(text)
        original(self, text)
    progress.Progress.stage = stage
    for module, name, label in MARKED:
        setattr(module, name, _marked(getattr(module, name), label, stages))


def _marked(function, label: str, stages: Stages):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        outer = stages.rows[-1][0]
        stages.begin(label)
        try:
            return function(*args, **kwargs)
        finally:
            stages.begin(f"{outer} (continued)")
    return wrapper


def release_after_rendering() -> None:
    """Let the model go once the pages are written (see --release)."""
    written = plugin.ExplainerGenerator.generate_output

    def generate_output(self, writer) -> None:
        written(self, writer)
        self.graph = self.plan = self.layout = None
        self.run.cache.clear()
        gc.unfreeze()  # site.py froze the model out of the collector's way
        gc.collect()
    plugin.ExplainerGenerator.generate_output = generate_output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--content", type=Path, help="build this content folder instead of a synthetic one")
    parser.add_argument("--output", type=Path, help="build into this folder (kept; an earlier build there "
                        "makes this an incremental rebuild)")
    parser.add_argument("--tracemalloc", action="store_true", help="list the live objects after each stage")
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--release", action="store_true", help="what-if: let the model go after rendering")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="explainer-stagemem-") as scratch:
        content = args.content
        if content is None:  # in another process, which leaves nothing in this one's memory
            subprocess.run([sys.executable, str(BENCH / "corpus.py"), f"{scratch}/corpus", "--articles",
                            str(args.articles), "--seed", str(args.seed)], check=True, stdout=sys.stderr)
            content = Path(scratch) / "corpus" / "content"
        os.environ.setdefault("EXPLAINER_CACHE_DIR", f"{scratch}/cache")  # cold: nothing parsed before
        output = args.output or Path(scratch) / "build"
        if args.tracemalloc:
            tracemalloc.start()
        stages = Stages(args.tracemalloc, args.top)
        mark(stages)
        if args.release:
            release_after_rendering()
        started = time.perf_counter()
        code = explainer(["build", "--one-process", "--content", str(content), "--output", str(output)])
        stages.stop()
        print(f"\nexit {code}, {time.perf_counter() - started:.1f} s; resident set of our process by stage:")
        print(stages.report())


if __name__ == "__main__":
    main()
