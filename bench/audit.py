"""Lighthouse scores (performance, accessibility, best practices, SEO) for each page type.

A benchmark, not a test: scores depend on the machine. `make audit` installs Lighthouse
from npm into .cache/lighthouse and runs it against Debian's Chromium (CHROME_PATH); it
never downloads a browser.

    .venv/bin/python bench/audit.py [--site build]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE = REPO / ".cache/lighthouse/node_modules/.bin/lighthouse"
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
                "--disable-component-update --disable-sync")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def pages(site: Path) -> dict[str, str]:
    """One page of each type: the first record of each kind the site's data export lists
    (whatever the content holds, named nowhere here)."""
    def first(collection: str, folder: str) -> str:
        records = json.loads((site / "data" / f"{collection}.json").read_text("utf-8"))
        return f"/{folder}/{min(record['id'] for record in records)}/"

    return {"home": "/", "actor": first("actors", "actors"), "question": first("questions", "questions"),
            "timeline": "/timeline/", "source": first("articles", "sources")}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def audit(url: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output", "json", "--output-path", str(report),
                        f"--chrome-flags={CHROME_FLAGS}"], check=True,
                       env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}, timeout=300)
        categories = json.loads(report.read_text())["categories"]
    return {name: categories[name]["score"] * 100 for name in CATEGORIES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=REPO / "build")
    site = parser.parse_args().site
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"{'page':<10}" + "".join(f"{c:>16}" for c in CATEGORIES))
    for name, path in pages(site).items():
        scores = audit(f"http://127.0.0.1:{server.server_port}{path}")
        print(f"{name:<10}" + "".join(f"{scores[c]:>16.0f}" for c in CATEGORIES), flush=True)
    server.shutdown()


if __name__ == "__main__":
    main()
