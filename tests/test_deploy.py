"""Safe to publish: previews differ from production only where they must, the post-build
check refuses a broken site, theme files are fingerprinted."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import REPO, tree_digest

PREVIEW_URL = "https://deploy-preview-42--explainer.netlify.app"


def build(project, output, **env):
    return subprocess.run([sys.executable, "-m", "explainer", "build", "--quiet", "--output", str(output)],
                          cwd=project, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO / "scripts"), **env})


def test_preview_differs_from_production_only_in_banner_robots_url_and_headers(project, tmp_path):
    prod = build(project, tmp_path / "prod", SITE_URL="https://explainer.example")
    prev = build(project, tmp_path / "prev", SITE_URL=PREVIEW_URL, EXPLAINER_PREVIEW="1", REVIEW_ID="42")
    assert prod.returncode == prev.returncode == 0, prod.stderr + prev.stderr
    production, preview = tree_digest(tmp_path / "prod"), tree_digest(tmp_path / "prev")
    assert set(preview) - set(production) == {"_headers"}
    assert (tmp_path / "prev/_headers").read_text() == "/*\n  X-Robots-Tag: noindex\n"
    for name in production:
        if production[name] == preview[name]:
            continue
        assert name.endswith((".html", ".xml", "robots.txt")), f"{name} differs"
        normalised = (tmp_path / "prev" / name).read_text().replace(PREVIEW_URL, "https://explainer.example")
        removed = ['<meta name="robots" content="noindex">',
                   '<p class="preview-banner" role="note">Preview of pull request #42: this is not the published explainer.</p>']
        for line in removed:
            normalised = normalised.replace(line, "")
        assert normalised == (tmp_path / "prod" / name).read_text(), name
    assert "Preview of pull request #42" in (tmp_path / "prev/index.html").read_text()
    assert "Disallow" not in (tmp_path / "prev/robots.txt").read_text()  # noindex must stay visible to crawlers


def test_post_build_check_refuses_a_broken_link_and_keeps_the_old_site(project, tmp_path):
    assert build(project, project / "build").returncode == 0
    before = tree_digest(project / "build")
    template = project / "theme/templates/about.html"
    template.write_text(template.read_text().replace("<h2>Sources</h2>", '<h2>Sources</h2><a href="../nowhere/">x</a>'))
    result = build(project, project / "build")
    assert result.returncode == 1
    assert "about/index.html: broken link: nowhere/index.html" in result.stderr
    assert tree_digest(project / "build") == before
    assert not list(project.glob("build.staging-*"))


def test_theme_files_are_fingerprinted_and_referenced_by_their_hashed_names(built_site, soups):
    css = list((built_site / "theme/css").glob("site.*.css"))
    assert len(css) == 1 and len(css[0].name.split(".")) == 3
    assert not (built_site / "theme/css/site.css").exists()
    link = soups["index.html"].find("link", rel="stylesheet")["href"]
    assert link.endswith("/theme/css/" + css[0].name)
