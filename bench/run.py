"""Benchmark: `explainer check` and a full build on the real content.

Prints medians of several runs, wall-clock, including start-up (a fresh Python process,
as an editor runs them), plus the in-process time of the work itself. Machines here are
shared and noisy: read the figures as medians, and compare as ratios within one run.

    .venv/bin/python bench/run.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from engines import byte_compile_package

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))


def wall(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=REPO, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def in_process_check(runs: int) -> float:
    from explainer.site import check_content

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        problems = check_content(REPO / "content").problems
        times.append(time.perf_counter() - started)
        assert not problems.errors
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    byte_compile_package()
    python = [sys.executable]
    with tempfile.TemporaryDirectory() as scratch:
        output = str(Path(scratch) / "build")
        rows = [
            ("python start-up (baseline)", wall(python + ["-c", "pass"], runs)),
            ("explainer check, wall incl. start-up", wall(python + ["-m", "explainer", "check"], runs)),
            ("check, in process (load + verify)", in_process_check(runs)),
            ("explainer build, wall incl. start-up", wall(python + ["-m", "explainer", "build", "--quiet",
                                                                   "--output", output], runs)),
        ]
    print(f"Real content, median of {runs} runs:")
    for label, seconds in rows:
        print(f"  {label:<40} {seconds * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
