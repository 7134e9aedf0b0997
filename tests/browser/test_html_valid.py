"""Every built page is valid HTML, by the Nu HTML Checker (the W3C validator's engine)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import REPO

VNU = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"


def test_every_page_is_valid_html(built_site):
    if not VNU.exists() or not shutil.which("java"):
        pytest.fail("vnu.jar or java is missing: `make test` installs both")
    pages = sorted(built_site.rglob("*.html"))
    # One JVM for every page: it takes seconds to start.
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr)["messages"]  # vnu writes its report to stderr
    report = [f"{m.get('url', '').removeprefix('file:' + str(built_site))}:{m.get('lastLine', '?')}: "
              f"{m['type']}: {m['message']}" for m in messages]
    assert report == [], "\n".join(report)
    assert result.returncode == 0, result.stderr
