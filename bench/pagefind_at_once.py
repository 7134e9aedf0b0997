"""Pagefind over a built site's searchable pages: in one run, and cut into K runs at once.

    .venv/bin/python bench/pagefind_at_once.py SITE [--parts 2] [--runs 2]

Alternates one run of every page with K runs of the pages dealt out in turn (A B A B), each
from a folder of hard links, and prints wall time, CPU time (user + system) and the peak of
all the runs' memory at once (treemem.py): what publish/search.py's AT_ONCE rests on.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from pagefind_bin import get_executable
from treemem import TreeSampler

SEARCHABLE = b"data-pagefind-body"


def linked(site: Path, pages: list[Path], folder: Path) -> Path:
    for page in pages:
        target = folder / page.relative_to(site)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(page, target)
    return folder


def index(folders: list[Path], work: Path) -> tuple[float, float, int]:
    binary = str(get_executable())
    script = " & ".join(f'"{binary}" --site "{f}" --output-path "{work}/out-{n}" --quiet'
                        for n, f in enumerate(folders)) + " & wait"
    before, started = os.times(), time.perf_counter()
    shell = subprocess.Popen(["/bin/sh", "-c", script])
    with TreeSampler(shell.pid) as tree:
        shell.wait()
    after = os.times()
    cpu = after.children_user - before.children_user + after.children_system - before.children_system
    return time.perf_counter() - started, cpu, tree.peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--parts", type=int, default=2)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    pages = sorted(p for p in args.site.rglob("*.html") if SEARCHABLE in p.read_bytes())
    for number in range(1, args.runs + 1):
        for count in (1, args.parts):
            work = Path(tempfile.mkdtemp(prefix="pagefind-at-once-"))
            try:
                folders = [linked(args.site, pages[n::count], work / f"pages-{n}") for n in range(count)]
                wall, cpu, peak = index(folders, work)
            finally:
                shutil.rmtree(work, ignore_errors=True)
            print(f"run {number}: {len(pages):,} pages in {count} run(s) at once: {wall:6.2f} s wall, "
                  f"{cpu:6.2f} s CPU, {peak / 2**20:6,.0f} MB", flush=True)


if __name__ == "__main__":
    main()
