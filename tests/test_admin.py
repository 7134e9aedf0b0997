"""/admin/ in the build: Decap CMS's files from node_modules, our own, the configuration with what only
the build knows, and the articles the quote check reads; or, without Decap CMS, no editor (an error
on Netlify, where the editor must never silently disappear)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import REPO, run_explainer


def test_the_built_editor_has_decap_our_modules_the_configuration_and_the_articles(built_site):
    admin = built_site / "admin"
    assert (admin / "decap/decap-cms.js").is_file() and not list(admin.rglob("*.map"))
    assert (admin / "yaml/index.js").is_file()
    for name in ("index.html", "admin.js", "canonical.js", "quotes.js", "manual-init.js", "admin.css"):
        assert (admin / name).read_bytes() == (REPO / "theme/admin" / name).read_bytes()
    config = json.loads((admin / "config.json").read_text("utf-8"))
    committed = json.loads((REPO / "theme/admin/config.json").read_text("utf-8"))
    assert config["collections"] == committed["collections"] and config["backend"]["repo"]
    articles = json.loads((admin / "articles.json").read_text("utf-8"))
    ids = sorted(p.stem for p in (REPO / "content/articles").glob("*.md"))
    assert [a["id"] for a in articles["articles"]] == ids and all(a["text"] and a["label"] for a in articles["articles"])


def _build_without_decap(project: Path):
    (project / "node_modules").mkdir()  # an empty one: Decap CMS not installed
    return run_explainer(project, "build", "--quiet")


def test_without_decap_the_site_is_built_without_an_editor(project, monkeypatch):
    monkeypatch.delenv("NETLIFY", raising=False)
    result = _build_without_decap(project)
    assert result.returncode == 0, result.stderr
    assert (project / "build/index.html").exists() and not (project / "build/admin").exists()


def test_on_netlify_a_missing_editor_fails_the_build_and_publishes_nothing(project, monkeypatch):
    monkeypatch.setenv("NETLIFY", "true")
    result = _build_without_decap(project)
    assert result.returncode == 1
    assert "decap-cms/dist is missing: run `npm ci --ignore-scripts`" in result.stderr
    assert not (project / "build").exists()


def test_the_repository_comes_from_netlify_and_the_proxy_from_explainer_serve(project, monkeypatch):
    (project / "node_modules").symlink_to(REPO / "node_modules")
    monkeypatch.setenv("REPOSITORY_URL", "https://github.com/owner/explainer")
    monkeypatch.setenv("EXPLAINER_EDITOR_PROXY", "http://127.0.0.1:9/api/v1")
    result = run_explainer(project, "build", "--quiet")
    assert result.returncode == 0, result.stderr
    config = json.loads((project / "build/admin/config.json").read_text("utf-8"))
    assert config["backend"]["repo"] == "owner/explainer"
    assert config["local_backend"] == {"url": "http://127.0.0.1:9/api/v1"}
