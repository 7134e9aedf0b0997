"""`explainer serve`: build, serve on localhost, rebuild on every change, reload the page.

The server reads the output folder afresh on every request, so the atomic swap of a
rebuild is picked up at once; when a rebuild fails, the terminal shows each problem with
its place and the last good site keeps being served. Pages built for the preview load
`/__livereload.js`, which polls `/__build` and reloads when a rebuild finished, or shows
the problems of a rebuild that failed over the page (the terminal lists them too).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

import watchfiles

from ..model.problems import printable_lines

# /__build answers the last good build's id, then the problems of a failed rebuild since, if any.
RELOAD_SCRIPT = b"""(function () {
  var seen = null, shown = "";
  function show(problems) {
    var box = document.getElementById("explainer-rebuild-failed");
    if (!problems) { if (box) { box.remove(); } shown = ""; return; }
    if (problems === shown) { return; }
    shown = problems;
    if (!box) {
      box = document.createElement("div");
      box.id = "explainer-rebuild-failed";
      box.setAttribute("role", "alert");
      Object.assign(box.style, {position: "fixed", left: "0", right: "0", bottom: "0", zIndex: "100",
        maxHeight: "45vh", overflow: "auto", padding: ".75rem 1rem", background: "#fff4d6", color: "#1a1a1a",
        borderTop: "3px solid #b35c00", font: "14px/1.4 system-ui, sans-serif"});
      document.body.appendChild(box);
    }
    var title = document.createElement("p");
    title.style.margin = "0 0 .5rem";
    title.textContent = "The last save was not built: this page is the last version that was. " +
      "Fix these problems and save again.";
    var list = document.createElement("pre");
    list.style.cssText = "margin: 0; white-space: pre-wrap; font: 13px/1.4 ui-monospace, monospace";
    list.textContent = problems;
    box.replaceChildren(title, list);
  }
  function poll() {
    fetch('/__build', {cache: 'no-store'}).then(function (r) { return r.text(); }).then(function (text) {
      var lines = text.split("\\n"), id = lines[0];
      if (seen !== null && id !== seen) { location.reload(); return; }
      seen = id;
      show(lines.slice(1).join("\\n"));
    }).catch(function () {}).finally(function () { setTimeout(poll, 100); });
  }
  poll();
})();
"""
SHOWN_PROBLEMS = 8_000  # characters of a failed rebuild's problems sent to the page; the terminal has them all


# watchfiles looks for changes every QUIET_MS and yields them once a look finds no new one,
# so a save waits 1.5 times this on average before its rebuild starts (75 ms at watchfiles'
# default of 50). An editor's save (a swap file, a rename, the write) takes a few ms; each look
# costs the idle server a little CPU (bench/serve_idle.py: 1.3% of a core at 50, 1.8% at 20).
QUIET_MS = 20


class BuildState:
    """The id of the last good build, and the problems of a rebuild that failed since, shared
    between the watcher and the server threads."""

    def __init__(self) -> None:
        self.build_id = 0
        self.problems = ""
        self.lock = threading.Lock()

    def bump(self) -> None:
        with self.lock:
            self.build_id += 1
            self.problems = ""

    def failed(self, problems: str) -> None:
        with self.lock:
            self.problems = problems[:SHOWN_PROBLEMS] or "The rebuild failed; the terminal says why."

    def answer(self) -> bytes:
        """What /__build answers: the id, then the problems on the lines after it, if any."""
        with self.lock:
            return (f"{self.build_id}\n{self.problems}" if self.problems else str(self.build_id)).encode()


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site and nothing else: only regular files inside its folder, never
    through a symbolic link (the build makes none, but anything may be planted in build/),
    and no folder listings."""

    state: BuildState

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        if self.path == "/__build":
            return self._send(self.state.answer(), "text/plain; charset=utf-8")
        if self.path == "/__livereload.js":
            return self._send(RELOAD_SCRIPT, "text/javascript")
        if not inside_without_links(Path(self.directory), Path(self.translate_path(self.path))):
            return self.send_error(404, "Not found")
        del self.headers["If-Modified-Since"]  # see end_headers
        return super().do_GET()

    def do_HEAD(self) -> None:  # noqa: N802
        if not inside_without_links(Path(self.directory), Path(self.translate_path(self.path))):
            return self.send_error(404, "Not found")
        del self.headers["If-Modified-Since"]
        return super().do_HEAD()

    def end_headers(self) -> None:
        # Never from the browser's cache: a page rebuilt within the second it was first built has
        # the same Last-Modified, and a reload would get "304 Not Modified" and show the old page.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # keep the terminal for build messages
        pass


def inside_without_links(root: Path, path: Path) -> bool:
    """Whether `path` (a folder's index.html for a folder) is a regular file under `root`,
    reached through no symbolic link on the way down."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return False
    current = root
    for part in (*parts, "index.html") if path.is_dir() else parts:
        current = current / part
        if current.is_symlink():
            return False
    return current.is_file()


def start_editor_proxy(project: Path, node_modules: Path, port: int) -> subprocess.Popen | None:
    """decap-server, which lets the browser editor at /admin/ read and write the working tree (on
    127.0.0.1 only; it has no authentication). None when node or decap-server is not installed."""
    server = node_modules / "decap-server" / "dist" / "index.js"
    node = shutil.which("node")
    if node is None or not server.is_file():
        print("The browser editor needs node and `npm ci --ignore-scripts`; serving without it.", file=sys.stderr)
        return None
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "MODE": "fs",
           "GIT_REPO_DIRECTORY": str(project.resolve()), "LOG_LEVEL": "warn"}
    os.environ["EXPLAINER_EDITOR_PROXY"] = f"http://127.0.0.1:{port}/api/v1"  # read by pelicanconf.py
    # Not on our stdout: whoever reads it (a test, a pipe) sees it end when the server stops.
    return subprocess.Popen([node, str(server)], cwd=project, env=env, stdout=subprocess.DEVNULL)


def stop_editor_proxy(process: subprocess.Popen | None) -> None:
    if process is not None:
        process.terminate()
        process.wait(timeout=10)


class Background:
    """Runs `work` in a thread of its own whenever asked: once more if asked while it runs,
    never twice at a time, and never in the way of the next rebuild (the search index). The
    thread runs at a lower priority, and so do the processes it starts (Pagefind, which would
    otherwise take both cores from the editor's next rebuild)."""

    def __init__(self, work: Callable[[], None]) -> None:
        self._work = work
        self._wanted = threading.Event()
        threading.Thread(target=self._loop, daemon=True).start()

    def request(self) -> None:
        self._wanted.set()

    def _loop(self) -> None:
        _lower_priority()
        while True:
            self._wanted.wait()
            self._wanted.clear()
            self._work()


def _lower_priority() -> None:
    """This thread's nice value, inherited by the processes it starts (Linux: one per thread)."""
    if hasattr(os, "setpriority") and hasattr(threading, "get_native_id"):
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
        except OSError:
            pass


class Watcher:
    """Rebuilds when a watched file changes, in a thread of its own; `after` runs once the
    browser was told to reload (it asks for the search index, which the edited page need not
    wait for). The system reports changes (inotify and its kin, through watchfiles, as
    Pelican's own autoreload does), so nothing is polled: what an idle server costs does not
    grow with the files it watches. A burst of saves is one rebuild: changes are gathered until
    none has come for QUIET_MS."""

    def __init__(self, paths: list[Path], rebuild: Callable[[set[Path]], bool], state: BuildState,
                 after: Callable[[], None] = lambda: None) -> None:
        self.rebuild, self.state, self.after = rebuild, state, after
        # A folder of its own, outside the project, where `start` writes until a change is seen.
        self.probe = Path(tempfile.mkdtemp(prefix="explainer-watch-")).resolve()
        self.paths = [*paths, self.probe]
        self.live = threading.Event()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def start(self, deadline: float = 30.0) -> bool:
        """Watch; True once the system reports changes, so every save from then on is seen:
        the first build can begin after this, and a save during it is the next rebuild's (no
        need to read every file again). False if no change was seen by `deadline` seconds, or
        the watch failed (the system's error is printed)."""
        self.thread.start()
        started = time.monotonic()
        writes = 0
        while not self.live.is_set():
            if time.monotonic() - started > deadline or not self.thread.is_alive():
                return False
            writes += 1
            (self.probe / "probe").write_text(f"{writes}\n", encoding="utf-8")
            self.live.wait(0.05)  # the watch takes a few ms to begin; a write before it is not seen
        return True

    def stop(self) -> None:
        """No rebuild begins after this (one waiting for the build lock gives up)."""
        self.stopping.set()

    def close(self) -> None:
        self.stop()
        self.thread.join(timeout=30)
        shutil.rmtree(self.probe, ignore_errors=True)

    def _watch(self) -> None:
        try:
            for changes in watchfiles.watch(*self.paths, stop_event=self.stopping, step=QUIET_MS, debounce=1600):
                changed = {Path(path) for _, path in changes}
                edits = {path for path in changed if path.parent != self.probe}
                if len(edits) < len(changed):
                    self.live.set()
                if edits:
                    self._rebuild(edits)
        except OSError as exc:  # a watched folder gone, the system's limit of watches reached
            print(printable_lines(f"The file watcher stopped: {exc}. Saves are no longer rebuilt; "
                                  "stop the server and start it again."), file=sys.stderr, flush=True)

    def _rebuild(self, edits: set[Path]) -> None:
        started = time.perf_counter()
        built = self.rebuild(edits)
        if self.stopping.is_set():
            return
        if built:
            self.state.bump()
            print(f"Rebuilt in {time.perf_counter() - started:.2f} s", flush=True)
            self.after()
        else:
            print("Rebuild failed; still serving the last good site.", file=sys.stderr, flush=True)


def serve(root: Path, port: int, state: BuildState) -> int:
    """Serve `root` until interrupted; `state`: the build id the watcher bumps."""
    handler = type("Handler", (PreviewHandler,), {"state": state})
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(root))) as server:
        print(f"Serving {root}/ at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0
