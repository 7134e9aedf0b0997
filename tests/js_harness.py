"""The browser editor's JavaScript run in node (tests/js/harness.mjs), for the tests that prove it
agrees with the Python it mirrors; and the editor's field list per record type."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import REPO
from explainer.render.cms_config import config


class Node:
    """One node process answering one JSON request per line: fast enough for property tests."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(["node", str(REPO / "tests/js/harness.mjs")], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, encoding="utf-8", cwd=REPO)

    def __call__(self, op: str, *args):
        self.process.stdin.write(json.dumps({"op": op, "args": list(args)}) + "\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline())
        if "error" in answer:
            raise AssertionError(answer["error"])
        return answer["ok"]

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=10)
        self.process.stdout.close()


def node_runner():
    """For a module's `node` fixture: the harness, started once, stopped at the end."""
    if shutil.which("node") is None or not (REPO / "node_modules/yaml").is_dir():
        pytest.fail("node and `npm ci --ignore-scripts` are needed (make test installs them)")
    runner = Node()
    yield runner
    runner.close()


def editor_fields(kind: str) -> list[dict]:
    """The editor's configured fields for a record type, as its writer reads them."""
    for collection in config()["collections"]:
        if collection["format"] == f"explainer-{kind}":
            return collection.get("fields") or collection["files"][0]["fields"]
    raise KeyError(kind)
