"""What an idle dev server costs: CPU used by `explainer serve` while nothing changes.

Writes the synthetic corpus (bench/corpus.py) at N articles, starts `explainer serve` on
it, waits for the first build, then reads the server's CPU time from /proc over an idle
window. Beside it, the same run times one poll of the watcher this server had before
watchfiles (the size and time of every watched file, every 50 ms), as a yardstick.

    .venv/bin/python bench/serve_idle.py [--articles 1000] [--seconds 10]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from corpus import write_corpus
from serve_latency import search_caught_up

REPO = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process (its own, not its children's)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def served(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5):
            return True
    except OSError:
        return False


def polling_cost(paths: list[Path]) -> float:
    """Seconds one poll of the old watcher took: stat every watched file."""
    started = time.perf_counter()
    for root in paths:
        for path in ([root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())):
            path.stat()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="explainer-idle-") as scratch:
        project = Path(scratch)
        counts = write_corpus(project, args.articles)
        for name in ("theme", "pelicanconf.py"):
            os.symlink(REPO / name, project / name)
        watched = [project / "content", REPO / "theme", REPO / "pelicanconf.py"]
        files = sum(1 for root in watched for p in ([root] if root.is_file() else root.rglob("*")) if p.is_file())
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "explainer", "serve", "--quiet", "--port", str(port)],
                                  cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 1800
            while not served(f"http://127.0.0.1:{port}/__build"):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("the server did not start")
                time.sleep(0.2)
            # the first build's last work, the search index made in the background, is not idling
            while not search_caught_up(project / "build"):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("the server's search index did not catch up")
                time.sleep(0.2)
            before, started = cpu_seconds(server.pid), time.perf_counter()
            time.sleep(args.seconds)
            used, elapsed = cpu_seconds(server.pid) - before, time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=60)
        poll = min(polling_cost(watched) for _ in range(3))
    print(f"corpus: {counts}; {files:,} watched files")
    print(f"idle dev server (watchfiles): {used:.2f} s CPU in {elapsed:.1f} s = {100 * used / elapsed:.1f}% of a core")
    print(f"old watcher, one poll of every file: {poll * 1000:.0f} ms; every 50 ms that is "
          f"{100 * poll / (poll + 0.05):.0f}% of a core")


if __name__ == "__main__":
    main()
