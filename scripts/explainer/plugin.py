"""The Pelican side: one generator that writes the explainer's pages, and atomic output.

`register()` only lists connections. Per-build state lives on the generator and on the
Pelican instance, never in module globals, so the dev server can rebuild in one process.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from . import publish
from .assets import fingerprints, rename_assets
from .postcheck import check_site
from .export import export
from .pages import all_updates
from .problems import ContentError
from .site import build_site

logger = logging.getLogger(__name__)


class ExplainerGenerator(Generator):
    """Writes every explainer page through Pelican's own templates and writer."""

    def generate_context(self) -> None:
        content = Path(self.settings.get("EXPLAINER_CONTENT", self.path))
        try:
            self.graph, self.pages, self.problems = build_site(content, self.settings["SITE_URL"], Path(self.theme))
        except ContentError:
            publish.abandon(Path(self.output_path))  # nothing of this run is kept
            raise
        for problem in self.problems.warnings:
            logger.warning(problem.format())
        for problem in self.problems.notices:
            logger.info(problem.format())
        self.context["ASSET"] = fingerprints(Path(self.theme) / "static")

    def generate_output(self, writer) -> None:
        for page in self.pages:
            # The 404 page is served at any missing address, so its links start from the root.
            relative = page.output != "404.html"
            writer.write_file(page.output, self.get_template(page.template), self.context,
                              relative_urls=relative, page=page, view=page.view, url=page.url)
        listed = [page for page in self.pages if page.output != "404.html"]
        for name in ("sitemap.xml", "robots.txt"):
            writer.write_file(name, self.env.get_template(name), self.context, pages=listed)
        writer.write_file("feeds/updates.atom.xml", self.env.get_template("updates.atom.xml"), self.context,
                          updates=all_updates(self.graph.corpus))
        export(self.graph.corpus, Path(self.output_path))
        if self.settings.get("EXPLAINER_PREVIEW"):
            # Netlify cannot scope [[headers]] by deploy context, so the preview ships its own.
            (Path(self.output_path) / "_headers").write_text("/*\n  X-Robots-Tag: noindex\n", encoding="utf-8")


def get_generators(pelican) -> type[Generator]:
    return ExplainerGenerator


def start_staging(pelican) -> None:
    """Redirect this run's output into a staging folder and watch for logged errors."""
    output = Path(pelican.output_path)
    pelican.explainer_output = output
    pelican.explainer_staging = publish.start(output)
    pelican.output_path = str(pelican.explainer_staging)
    root = logging.getLogger()
    for stale in [h for h in root.handlers if isinstance(h, publish.ErrorCounter)]:
        root.removeHandler(stale)  # left by a failed run in the same process (the dev server)
    pelican.explainer_errors = publish.ErrorCounter()
    root.addHandler(pelican.explainer_errors)


def finish_staging(pelican) -> None:
    logging.getLogger().removeHandler(pelican.explainer_errors)
    if pelican.explainer_errors.messages:
        publish.abandon(pelican.explainer_staging)
        raise publish.BuildFailed(f"{len(pelican.explainer_errors.messages)} error(s) logged during the build; "
                                  "nothing was published")
    staging = pelican.explainer_staging
    try:
        rename_assets(staging / pelican.settings["THEME_STATIC_DIR"], fingerprints(Path(pelican.theme) / "static"))
        if pelican.settings.get("EXPLAINER_SEARCH", True):
            publish.index_for_search(staging)
        problems = check_site(staging)
        if problems:
            raise publish.BuildFailed("the built site is broken; nothing was published:\n  " + "\n  ".join(problems))
    except publish.BuildFailed:
        publish.abandon(staging)
        raise
    publish.swap(staging, pelican.explainer_output)
    pelican.output_path = str(pelican.explainer_output)


def register() -> None:
    signals.initialized.connect(start_staging)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(finish_staging)
