"""The screenshots of docs/editing.md ("Edit in the browser"), made from the real editor.

Run `.venv/bin/python docs/screenshots.py` after `npm ci --ignore-scripts` whenever the editor
changes: it copies the project into a temporary folder, starts `explainer serve` there (with its
decap-server), drives Debian's Chromium through /admin/ and writes docs/images/editor-*.png.
Nothing in the repository's content is touched.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

REPO = Path(__file__).resolve().parent.parent
IMAGES = REPO / "docs/images"
QUOTE = "Israel and Hamas have reached an initial agreement on a peace plan"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def copy_project(folder: Path) -> Path:
    for name in ("content", "theme", "schemas"):
        shutil.copytree(REPO / name, folder / name)
    shutil.copy(REPO / "pelicanconf.py", folder / "pelicanconf.py")
    (folder / "node_modules").symlink_to(REPO / "node_modules")
    return folder


def wait_until_serving(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/admin/", timeout=2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"explainer serve did not answer at {url}")


def shoot(url: str) -> list[Path]:
    shots = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(url + "/admin/")
        page.get_by_role("button", name="Login").click()
        expect(page.get_by_text("Collections")).to_be_visible(timeout=30_000)
        shots.append(_save(page, "editor-collections"))
        page.goto(url + "/admin/#/collections/actors/new")
        page.get_by_label("Name", exact=True).fill("New Envoy")
        page.get_by_label("Text", exact=True).fill("A new envoy to the talks.")
        page.get_by_role("button", name="Add a source").first.click()
        page.locator(".explainer-citation select").first.select_option("coordination-center-report")
        quote = page.locator(".explainer-citation textarea").first
        quote.fill(QUOTE)
        check = page.locator(".explainer-quote-check").first
        expect(check).to_have_attribute("data-status", "found")
        check.scroll_into_view_if_needed()
        shots.append(_save(page, "editor-quote-found"))
        quote.fill(QUOTE.replace("have reached an initial", "reached a first"))
        expect(check).to_have_attribute("data-status", "not-found")
        shots.append(_save(page, "editor-quote-not-found"))
        browser.close()
    return shots


def _save(page, name: str) -> Path:
    path = IMAGES / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def main() -> int:
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="explainer-screenshots-") as folder:
        project = copy_project(Path(folder))
        port = free_port()
        env = {**os.environ, "PYTHONPATH": str(REPO / "scripts")}
        server = subprocess.Popen([sys.executable, "-m", "explainer", "serve", "--quiet", "--port", str(port),
                                   "--editor-port", str(free_port())], cwd=project, env=env,
                                  stdout=subprocess.DEVNULL)
        try:
            wait_until_serving(f"http://127.0.0.1:{port}")
            for path in shoot(f"http://127.0.0.1:{port}"):
                print(f"Wrote {path.relative_to(REPO)}")
        finally:
            server.terminate()
            server.wait(timeout=20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
