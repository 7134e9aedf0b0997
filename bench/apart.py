"""What making the model in a child process (commands/apart.py) costs and saves: full builds of
one synthetic corpus, `explainer build` and `explainer build --one-process` in turn (A B A B),
each from an empty output folder and no cache, in a fresh process.

    .venv/bin/python bench/apart.py [--articles 1000] [--runs 3] [--keep DIR]

Prints each run's wall and CPU time and the peak of all the build's processes at once
(treemem.py: ours, the forked renderer, Pagefind), then the medians and their ratios.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from engines import Explainer
from measure import Sample, run

BENCH = Path(__file__).resolve().parent
WAYS = {"apart": [], "one process": ["--one-process"]}


def build(content: Path, output: Path, cache: Path, options: list[str], env: dict[str, str]) -> Sample:
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    return run([sys.executable, "-m", "explainer", "build", *options, "--content", str(content),
                "--output", str(output)], BENCH.parent, {**env, "EXPLAINER_CACHE_DIR": str(cache)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="make the corpus here (and keep it; reused if there)")
    args = parser.parse_args()
    scratch = tempfile.TemporaryDirectory(prefix="explainer-apart-")
    root = args.keep or Path(scratch.name) / "corpus"  # corpus.py makes the folder
    if not (root / "content").is_dir():
        subprocess.run([sys.executable, str(BENCH / "corpus.py"), str(root), "--articles", str(args.articles)],
                       check=True, stdout=subprocess.DEVNULL)
    env = Explainer().env
    samples: dict[str, list[Sample]] = {way: [] for way in WAYS}
    for number in range(1, args.runs + 1):
        for way, options in WAYS.items():
            sample = build(root / "content", Path(scratch.name) / "build", Path(scratch.name) / "cache", options, env)
            if sample.error:
                sys.exit(f"{way}: {sample.error}")
            samples[way].append(sample)
            print(f"run {number} {way:<12} {sample.wall:7.2f} s wall {sample.cpu:7.2f} s CPU "
                  f"{sample.tree_rss / 2**20:7,.0f} MB all processes", flush=True)
    medians = {way: (statistics.median(s.wall for s in runs), statistics.median(s.cpu for s in runs),
                     statistics.median(s.tree_rss for s in runs)) for way, runs in samples.items()}
    print(f"\nN={args.articles:,}, medians of {args.runs}:")
    for way, (wall, cpu, peak) in medians.items():
        print(f"  {way:<12} {wall:7.2f} s wall {cpu:7.2f} s CPU {peak / 2**20:7,.0f} MB all processes")
    (wall_a, cpu_a, peak_a), (wall_b, cpu_b, peak_b) = medians.values()
    print(f"  apart / one process: wall {wall_a / wall_b:.3f}, CPU {cpu_a / cpu_b:.3f}, peak {peak_a / peak_b:.3f}")
    scratch.cleanup()


if __name__ == "__main__":
    main()
