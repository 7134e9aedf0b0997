"""Edit to preview: how long after an editor saves a record the dev server serves the new page.

Starts `explainer serve` on a copy of the real content (or, with --articles N, on the
synthetic corpus of bench/corpus.py), then edits one event's title several times and
measures, for each save, the time until the server answers with the edited page and a new
build id (what the open page's live-reload script waits for). The page then reloads on the
script's next poll: at most 100 ms later, 50 ms on average.

Each save waits until the search index has caught up with the one before (the server
indexes in the background, publish/catchup.py; after the first build that is the whole site,
some ten seconds at 1,000 articles), so that every save is measured alike, as an editor's
saves come, seconds apart, not while both cores index.

    .venv/bin/python bench/serve_latency.py [--edits 9] [--articles 1000]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import markupsafe
from corpus import write_corpus

REPO = Path(__file__).resolve().parent.parent


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
        time.sleep(0.01)  # polled, not hammered: each request takes Python time (the GIL) from the rebuild
    return time.perf_counter() - started


def search_caught_up(site: Path) -> bool:
    """Whether the served site's search index holds every page as it is (search/delta.json:
    each changed page is in the delta, or none changed since the base was made)."""
    try:
        state = json.loads((site / "search/delta.json").read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return bool(state.get("parts")) and (state.get("delta") or not state.get("superseded"))


def retitled(text: str, marker: str) -> str:
    """The event with `marker` at the end of its title (inside its quotes, if it has them)."""
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("title: "))
    title = lines[index].removeprefix("title: ")
    quote = title[0] if title[:1] in "'\"" and title.endswith(title[0]) else ""
    lines[index] = "title: " + (title[:-1] + f" {marker}{quote}" if quote else f"{title} {marker}")
    return "\n".join(lines)


def page_showing(site: Path, words: str) -> str:
    """The address of the first page (in file order) whose HTML holds `words`."""
    shown = str(markupsafe.escape(words))  # as the templates write it ("Jerusalem&#39;s")
    for page in sorted(site.rglob("*.html")):
        if shown in page.read_text("utf-8"):
            return str(page.relative_to(site)).removesuffix("index.html")
    raise LookupError(f"no page shows {words!r}")


def measure(project: Path, edits: int, said: Path) -> list[float]:
    """Each save's time to the served page; `said`: where the server's output goes."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    with open(said, "wb") as output:
        server = subprocess.Popen([sys.executable, "-m", "explainer", "serve", "--port", str(port), "--quiet"],
                                  cwd=project, stdout=output, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: fetch(base + "__build") != "", timeout=1800)
        event = sorted((project / "content/events").glob("*.yaml"))[-1]
        original = event.read_text("utf-8")
        page = page_showing(project / "build", retitled(original, "").split("title: ")[1].split("\n")[0].strip(" '\""))
        times = []
        for number in range(edits):
            marker = f"edit number {number} of the benchmark"
            build_id = fetch(base + "__build")
            wait_for(lambda: search_caught_up(project / "build"), timeout=1800)
            started = time.perf_counter()
            event.write_text(retitled(original, marker), encoding="utf-8")
            wait_for(lambda: marker in fetch(base + page) and fetch(base + "__build") != build_id, timeout=600)
            times.append(time.perf_counter() - started)
        return times
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=9)
    parser.add_argument("--articles", type=int, default=0, help="a synthetic corpus of N articles (0: the real content)")
    args = parser.parse_args()
    edits = args.edits
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch)
        if args.articles:
            described = f"a synthetic corpus of {write_corpus(project, args.articles)}"
        else:
            shutil.copytree(REPO / "content", project / "content")
            described = "the real content"
        shutil.copytree(REPO / "theme", project / "theme")
        shutil.copy(REPO / "pelicanconf.py", project)
        said = Path(scratch) / "server.log"  # in the scratch folder, not in the watched content
        times = measure(project, edits, said)
        rebuilds = rebuild_times(said.read_text("utf-8", errors="replace"))
    print(f"Edit to preview on {described}, {edits} saves of one event's title:")
    print(f"  save -> server serves the edited page and a new build id: median {statistics.median(times) * 1000:.0f} ms "
          f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f})")
    print(f"  each save, in order (the first follows the server's start): {', '.join(f'{t * 1000:.0f}' for t in times)} ms")
    if len(rebuilds) == len(times):
        rest = [whole - rebuild for whole, rebuild in zip(times, rebuilds)]
        print(f"  of which the rebuild, by the server's own clock: median {statistics.median(rebuilds) * 1000:.0f} ms; "
              f"noticing the save and serving the page: median {statistics.median(rest) * 1000:.0f} ms")
    print("  the open page reloads on its next poll: add at most 100 ms (50 ms on average)")


def rebuild_times(said: str) -> list[float]:
    """The server's "Rebuilt in 0.84 s" lines, one for each save."""
    return [float(found) for found in re.findall(r"^Rebuilt in ([0-9.]+) s$", said, re.MULTILINE)]


if __name__ == "__main__":
    main()
