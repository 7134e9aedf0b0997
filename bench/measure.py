"""One timed run of a command in a fresh process: wall time, CPU time and peak memory.

CPU time and peak memory come from the kernel (`os.wait4`), for the child and every process
it waited for (Pagefind's indexer, for our build): the runner's own memory is not counted.
That peak memory is the largest of those processes' resident sets, not their sum; the sum
of the tree's processes running at once is sampled beside it (treemem.py).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from stages import stage_times
from treemem import TreeSampler


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds
    cpu: float  # seconds, user + system
    max_rss: int  # bytes
    error: str = ""  # why the command failed ("" when it exited 0)
    own_rss: int = 0  # bytes: the command's own process alone, where it reports it (bench/own_peak.py)
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage, where the command reports them
    tree_rss: int = 0  # bytes: the peak of all its processes' resident sets at once, sampled (treemem.py)


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Sample:
    with tempfile.TemporaryFile() as stderr, tempfile.TemporaryFile() as stdout:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr)
        with TreeSampler(child.pid) as tree:
            _, status, usage = os.wait4(child.pid, 0)
            wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here: keep Popen from waiting again
        error = "" if child.returncode == 0 else _failure(child.returncode, stderr)
        stdout.seek(0)
        stages = stage_times(stdout.read().decode("utf-8", "replace"))
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, error, stages=stages,
                  tree_rss=tree.peak)


def _failure(code: int, stderr) -> str:
    stderr.seek(0)
    lines = stderr.read().decode("utf-8", "replace").strip().splitlines()
    # A build that fails prints its warnings first: the error is what matters here.
    lines = [line for line in lines if "warning[" not in line and not line.strip().startswith("hint:")] or lines
    shown = [line.strip() for line in lines[:4]] + (["..."] if len(lines) > 4 else [])
    return f"exit {code}: " + (" / ".join(shown) if lines else "no message")


def median(samples: list[Sample]) -> Sample:
    """Each figure's median over the runs; failed if any run failed."""
    errors = [s.error for s in samples if s.error]
    stages = {name: statistics.median(s.stages.get(name, 0.0) for s in samples)
              for name in dict.fromkeys(name for s in samples for name in s.stages)}
    return Sample(statistics.median(s.wall for s in samples), statistics.median(s.cpu for s in samples),
                  int(statistics.median(s.max_rss for s in samples)), errors[0] if errors else "",
                  int(statistics.median(s.own_rss for s in samples)), stages,
                  int(statistics.median(s.tree_rss for s in samples)))
