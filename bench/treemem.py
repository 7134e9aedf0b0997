"""The peak memory of a whole process tree, all its processes at once: the kernel reports only
each process's own peak (os.wait4 gives the largest of them), but a build's processes run side
by side (ours, its forked renderer, Pagefind's indexer), and a build machine must hold their sum.

The tree's memory is read from /proc every INTERVAL seconds while the command runs, as each
process's proportional set size (Pss: a page shared by several processes, as the forked
renderer shares its parent's, is divided between them, so the sum counts it once). The figure
is a sampled lower bound of the true peak: a spike shorter than INTERVAL can be missed.
Linux only; elsewhere it reports 0.
"""

from __future__ import annotations

import threading
from pathlib import Path

INTERVAL = 0.02


class TreeSampler:
    def __init__(self, root_pid: int) -> None:
        self.root = root_pid
        self.peak = 0  # bytes
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.root))
            self._stop.wait(INTERVAL)


def tree_rss(root: int) -> int:
    """The bytes `root` and every process below it hold now (their Pss)."""
    children = children_of()
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        total += pss(pid)
        pending += children.get(pid, [])
    return total


def children_of() -> dict[int, list[int]]:
    """Each running process's children, by its pid."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else ():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # the process ended meanwhile
        parent = int(stat[stat.rindex(")") + 2:].split()[1])  # after "pid (name) state"
        children.setdefault(parent, []).append(int(entry.name))
    return children


def pss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0
