"""Edit to preview: how long after an editor saves a record the dev server serves the new page.

Starts `explainer serve` on a copy of the real content, then edits one event several times
and measures, for each save, the time until the server answers with the edited page and
a new build id (what the open page's live-reload script waits for). The page then reloads
on the script's next poll: at most 100 ms later, 50 ms on average.

    .venv/bin/python bench/serve_latency.py [--edits 9]
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EVENT = "content/events/2025-10-old-city-walls-images.yaml"
PAGE = "timeline/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(condition, timeout: float = 30.0) -> float:
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > timeout:
            raise TimeoutError("the server did not show the edit")
        time.sleep(0.002)
    return time.perf_counter() - started


def measure(project: Path, edits: int) -> list[float]:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen([sys.executable, "-m", "explainer", "serve", "--port", str(port), "--quiet"],
                              cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: fetch(base + "__build") != "", timeout=60)
        event = project / EVENT
        original = event.read_text("utf-8")
        times = []
        for number in range(edits):
            marker = f"edit number {number} of the benchmark"
            build_id = fetch(base + "__build")
            time.sleep(1.0)  # let the search index of the previous edit finish, as between real saves
            started = time.perf_counter()
            event.write_text(original.replace("side by side", f"side by side, {marker},", 1), encoding="utf-8")  # the text, not the quote
            wait_for(lambda: marker in fetch(base + PAGE) and fetch(base + "__build") != build_id)
            times.append(time.perf_counter() - started)
        return times
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=9)
    edits = parser.parse_args().edits
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch)
        for name in ("content", "theme"):
            shutil.copytree(REPO / name, project / name)
        shutil.copy(REPO / "pelicanconf.py", project)
        times = measure(project, edits)
    print(f"Edit to preview on the real content, {edits} saves of one event:")
    print(f"  save -> server serves the edited page and a new build id: median {statistics.median(times) * 1000:.0f} ms "
          f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f})")
    print("  the open page reloads on its next poll: add at most 100 ms (50 ms on average)")


if __name__ == "__main__":
    main()
