"""`explainer serve` runs decap-server, the browser editor's link to the working tree, on 127.0.0.1,
and stops it when it stops: no process is left listening."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys

from conftest import REPO, wait_for


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0



def test_serve_starts_the_editor_proxy_and_stops_it_on_terminate(project):
    (project / "node_modules").symlink_to(REPO / "node_modules")
    proxy = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts")}
    server = subprocess.Popen([sys.executable, "-m", "explainer", "serve", "--quiet", "--port", "0",
                               "--editor-port", str(proxy)], cwd=project, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for(lambda: listening(proxy)), "decap-server did not start"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    assert wait_for(lambda: not listening(proxy), 10), "decap-server was left running"


def test_serve_without_the_editor_does_not_start_it(project):
    (project / "node_modules").symlink_to(REPO / "node_modules")
    proxy = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts"), "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen([sys.executable, "-m", "explainer", "serve", "--quiet", "--port", "0", "--no-editor",
                               "--editor-port", str(proxy)], cwd=project, env=env, stdout=subprocess.PIPE, text=True)
    try:
        for line in server.stdout:
            if line.startswith("Serving "):
                break
        assert not listening(proxy)
    finally:
        server.terminate()
        server.communicate(timeout=30)
