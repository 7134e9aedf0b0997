"""The browser editor at /admin/: Decap CMS's files (from npm, as package-lock.json locks them),
our own modules (theme/admin/), the generated configuration and the articles the quote check reads.

Nothing comes from a CDN. The editor's pages are not reader pages: noindex, not in the sitemap,
the search index or the feed (they have no `data-pagefind-body` and are not in the page plan).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from ..model.records import MAX_QUOTE_CHARS, Corpus
from . import cms_config
from .export import dumps, json_parts

ADMIN = "admin"
DECAP = Path("decap-cms/dist")  # under node_modules: the bundle and the chunks it loads on demand
YAML = Path("yaml/browser/dist")  # the YAML parser our format uses (the bundle keeps its own private)
OWN_FILES = ("index.html", "manual-init.js", "admin.js", "canonical.js", "quotes.js", "admin.css")


class EditorMissing(RuntimeError):
    """Decap CMS is not installed (`npm ci --ignore-scripts`) where the build requires the editor."""


def editor_available(node_modules: Path) -> bool:
    return (node_modules / DECAP / "decap-cms.js").is_file()


def write_admin(site: Path, theme: Path, node_modules: Path, corpus: Corpus, settings: dict[str, Any]) -> bool:
    """Write /admin/ into the site; False when Decap CMS is not installed (then no editor is published)."""
    if not editor_available(node_modules):
        if settings.get("EXPLAINER_EDITOR_REQUIRED"):
            raise EditorMissing(f"{node_modules / DECAP} is missing: run `npm ci --ignore-scripts`")
        return False
    folder = site / ADMIN
    _copy_tree(node_modules / DECAP, folder / "decap", keep=_decap_file)
    _copy_tree(node_modules / YAML, folder / "yaml", keep=lambda name: name.endswith(".js"))
    for name in OWN_FILES:
        shutil.copyfile(theme / ADMIN / name, folder / name)
    (folder / "config.json").write_text(json.dumps(site_config(settings), ensure_ascii=False), encoding="utf-8")
    write_articles(folder, corpus)
    return True


def site_config(settings: dict[str, Any]) -> dict[str, Any]:
    """The committed configuration, with what only the build knows: the repository and the local proxy."""
    config = json.loads((Path(settings["THEME"]) / ADMIN / "config.json").read_text("utf-8"))
    if settings.get("EXPLAINER_GITHUB_REPO"):
        config["backend"]["repo"] = settings["EXPLAINER_GITHUB_REPO"]
    if settings.get("EXPLAINER_EDITOR_PROXY"):
        config["local_backend"] = {"url": settings["EXPLAINER_EDITOR_PROXY"]}
    return config


def write_articles(folder: Path, corpus: Corpus) -> None:
    """Every article's id, label and text, as `check` reads them, for the quote check: in files
    of at most export.PART_MAX_BYTES (one file of every text was 51 MB at 10,000 articles, over
    the post-build check's limit), listed in `articles.json` with the limits the check applies."""
    items = (dumps({"id": a.id, "label": a.meta.label, "title": a.meta.title, "text": a.text})
             for a in sorted(corpus.articles.values(), key=lambda a: a.id))  # made as each file is written
    names = []
    for number, text in enumerate(json_parts(items), start=1):
        names.append(f"articles-{number}.json")
        (folder / names[-1]).write_text(text, encoding="utf-8")
    (folder / "articles.json").write_text(dumps({"max_quote_chars": MAX_QUOTE_CHARS, "files": names}) + "\n",
                                          encoding="utf-8")


def _decap_file(name: str) -> bool:
    """decap-cms.js, the chunks it loads (N.decap-cms.js), its WebAssembly and licences; not the
    second copy under the old name (cms.js) nor the source maps."""
    return name.endswith(("decap-cms.js", ".wasm", ".LICENSE.txt")) and not name.startswith("cms.")


def _copy_tree(source: Path, target: Path, keep) -> None:
    for path in sorted(source.rglob("*")):
        if path.is_file() and keep(path.name):
            destination = target / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(path, destination)


def _link_or_copy(source: Path, destination: Path) -> None:
    """A hard link: 7 MB on every rebuild of the dev server costs nothing then. Nothing writes
    into a published file, and removing the old site only unlinks it."""
    try:
        os.link(source, destination)
    except OSError:  # another file system
        shutil.copyfile(source, destination)


__all__ = ["ADMIN", "EditorMissing", "cms_config", "editor_available", "write_admin"]
