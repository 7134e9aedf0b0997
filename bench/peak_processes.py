"""Which processes make a command's peak memory: the tree's Pss at its largest sample, process
by process, and the largest sample while three processes ran (a build's model, its forked
renderer and the command's parent; or two search runs and the parent).

    .venv/bin/python bench/peak_processes.py -- .venv/bin/python -m explainer build --content C --output O

(from the project's root, as any command there).

Samples every INTERVAL seconds, as treemem.py does (so the same lower bound of the true
peak); the command's own output goes to a file in the temporary folder, named at the end.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from treemem import children_of, pss

INTERVAL = 0.05


def sample(root: int) -> list[tuple[int, int, str]]:
    """(pid, Pss bytes, command line) of `root` and every process below it."""
    children, found, pending = children_of(), [], [root]
    while pending:
        pid = pending.pop()
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            command = "?"
        found.append((pid, pss(pid), command[:70]))
        pending += children.get(pid, [])
    return found


def show(title: str, processes: list[tuple[int, int, str]]) -> None:
    print(f"{title}: {sum(p for _, p, _ in processes) / 2**20:,.0f} MB")
    for pid, held, command in processes:
        print(f"  {pid:>7} {held / 2**20:8,.0f} MB  {command}")


def main() -> None:
    command = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else sys.argv[1:]
    log = Path(tempfile.mkstemp(prefix="peak-processes-", suffix=".log")[1])
    with open(log, "w") as output:
        child = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        started, peak, three = time.monotonic(), (0, [], 0.0), (0, [], 0.0)
        while child.poll() is None:
            now = sample(child.pid)
            total, at = sum(p for _, p, _ in now), time.monotonic() - started
            peak = max(peak, (total, now, at), key=lambda s: s[0])
            if len(now) == 3:
                three = max(three, (total, now, at), key=lambda s: s[0])
            time.sleep(INTERVAL)
    show(f"peak at {peak[2]:.1f} s", peak[1])
    show(f"largest with three processes, at {three[2]:.1f} s", three[1])
    print(f"exit {child.returncode}; the command's output: {log}")


if __name__ == "__main__":
    main()
