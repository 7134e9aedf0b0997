"""/admin/ in the build: Decap CMS's files from node_modules, our own, the configuration with what only
the build knows, and the articles the quote check reads; or, without Decap CMS, no editor (an error
on Netlify, where the editor must never silently disappear)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import REPO, run_explainer
from explainer.read.load import load_content
from explainer.render import export
from explainer.render.admin import write_articles


def test_the_built_editor_has_decap_our_modules_the_configuration_and_the_articles(built_site):
    admin = built_site / "admin"
    assert (admin / "decap/decap-cms.js").is_file() and not list(admin.rglob("*.map"))
    assert (admin / "yaml/index.js").is_file()
    for name in ("index.html", "admin.js", "canonical.js", "quotes.js", "manual-init.js", "admin.css"):
        assert (admin / name).read_bytes() == (REPO / "theme/admin" / name).read_bytes()
    config = json.loads((admin / "config.json").read_text("utf-8"))
    committed = json.loads((REPO / "theme/admin/config.json").read_text("utf-8"))
    assert config["collections"] == committed["collections"] and config["backend"]["repo"]
    articles = editor_articles(admin)
    ids = sorted(p.stem for p in (REPO / "content/articles").glob("*.md"))
    assert [a["id"] for a in articles] == ids and all(a["text"] and a["label"] for a in articles)


def editor_articles(admin: Path) -> list[dict]:
    """The articles the editor's quote check reads: the files articles.json lists, in order."""
    listed = json.loads((admin / "articles.json").read_text("utf-8"))
    assert listed["max_quote_chars"] > 0
    return [a for name in listed["files"] for a in json.loads((admin / name).read_text("utf-8"))]


def test_the_editor_articles_come_in_files_of_bounded_size(tmp_path, monkeypatch):
    """One file of every text was 51 MB at 10,000 articles: the post-build check refused the site."""
    corpus = load_content(REPO / "content").corpus
    monkeypatch.setattr(export, "PART_MAX_BYTES", 20_000)
    write_articles(tmp_path, corpus)
    files = json.loads((tmp_path / "articles.json").read_text("utf-8"))["files"]
    assert len(files) > 1
    for name in files:
        items = json.loads((tmp_path / name).read_text("utf-8"))
        assert len(items) == 1 or (tmp_path / name).stat().st_size <= 20_000
    assert [a["id"] for a in editor_articles(tmp_path)] == sorted(corpus.articles)
    assert [a["text"] for a in editor_articles(tmp_path)] == [corpus.articles[i].text for i in sorted(corpus.articles)]


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
