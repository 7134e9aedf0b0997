"""The Pelican side: one generator that writes the explainer's pages, and atomic output.

`register()` only lists connections. Per-build state lives on the generator, on the
Pelican instance and in the `Run` that start_staging puts in the settings (the one object
the generator and the finalized signal both see), never in module globals, so the dev
server can rebuild in one process.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from .model.problems import ContentError
from .publish import incremental, staging
from .publish.incremental import Manifest, PageEntry
from .publish.pagesize import over_budget
from .publish.parallel import map_in_two
from .publish.postcheck import PageSummary, check_site, read_pages
from .publish.search import index_site, keep_published_index
from .render.assets import fingerprints, rename_assets
from .render.export import export
from .render.index_pages import all_updates
from .site import build_site

logger = logging.getLogger(__name__)
RUN = "EXPLAINER_RUN"
PARSE_CACHE = "EXPLAINER_PARSE_CACHE"  # given by the dev server, which keeps parsed records in memory


@dataclass
class Run:
    """One build: where it publishes, and what the incremental rebuild learnt on the way."""

    published: Path
    staging: Path
    previous: Manifest | None = None
    current: Manifest | None = None
    rendered: dict[str, list[str]] = field(default_factory=dict)  # output path -> deps
    linked: set[str] = field(default_factory=set)


class ExplainerGenerator(Generator):
    """Writes the explainer's pages through Pelican's own templates and writer; only the
    pages whose inputs changed since the last build (see incremental.py)."""

    def generate_context(self) -> None:
        content = Path(self.settings.get("EXPLAINER_CONTENT", self.path))
        run: Run = self.settings[RUN]
        try:
            site = build_site(content, self.settings["SITE_URL"], Path(self.theme), self.settings.get(PARSE_CACHE))
        except ContentError:
            staging.abandon(run.staging)  # nothing of this run is kept
            raise
        for problem in site.problems.warnings:
            logger.warning(problem.format())
        for problem in site.problems.notices:
            logger.info(problem.format())
        self.graph, self.plan, self.layout = site.graph, site.plan, site.layout
        settings = {k: v for k, v in self.settings.items() if k not in (RUN, PARSE_CACHE)}
        run.current = Manifest(incremental.environment_digest(settings, Path(self.theme)), site.digests,
                               incremental.record_refs(site.graph.corpus))
        if self.settings.get("EXPLAINER_INCREMENTAL", True):
            run.previous = incremental.load_manifest(run.published)
        self.render = incremental.pages_to_render(run.previous, run.current, self.plan, run.published)
        self.context["ASSET"] = fingerprints(Path(self.theme) / "static")

    def generate_output(self, writer) -> None:
        run: Run = self.settings[RUN]
        outputs = [output for output in self.plan if output in self.render]
        in_dev_server = self.settings.get(PARSE_CACHE) is not None  # threaded: no fork there
        for output, deps in zip(outputs, map_in_two(outputs, partial(self.write_page, writer), fork=not in_dev_server)):
            run.rendered[output] = deps
        run.linked = set(self.plan) - self.render
        incremental.link_unchanged(run.published, run.staging, sorted(run.linked))
        listed = [{"url": output.removesuffix("index.html")} for output in self.plan if output != "404.html"]
        for name in ("sitemap.xml", "robots.txt"):
            writer.write_file(name, self.env.get_template(name), self.context, pages=listed)
        writer.write_file("feeds/updates.atom.xml", self.env.get_template("updates.atom.xml"), self.context,
                          updates=all_updates(self.graph.corpus, self.layout.urls))
        export(self.graph.corpus, run.staging)
        if self.settings.get("EXPLAINER_PREVIEW"):
            # Netlify cannot scope [[headers]] by deploy context, so the preview ships its own.
            (run.staging / "_headers").write_text("/*\n  X-Robots-Tag: noindex\n", encoding="utf-8")


    def write_page(self, writer, output: str) -> list[str]:
        """Build and write one page; its dependencies, for the manifest."""
        page = self.plan[output]()
        # The 404 page is served at any missing address, so its links start from the root.
        writer.write_file(output, self.get_template(page.template), self.context,
                          relative_urls=output != "404.html", page=page, view=page.view, url=page.url)
        return sorted(page.deps)


def get_generators(pelican) -> type[Generator]:
    return ExplainerGenerator


def start_staging(pelican) -> None:
    """Redirect this run's output into a staging folder and watch for logged errors."""
    output = Path(pelican.output_path)
    run = Run(output, staging.start(output))
    pelican.settings[RUN] = run
    pelican.output_path = str(run.staging)
    root = logging.getLogger()
    for stale in [h for h in root.handlers if isinstance(h, staging.ErrorCounter)]:
        root.removeHandler(stale)  # left by a failed run in the same process (the dev server)
    pelican.explainer_errors = staging.ErrorCounter()
    root.addHandler(pelican.explainer_errors)


def finish_staging(pelican) -> None:
    logging.getLogger().removeHandler(pelican.explainer_errors)
    run: Run = pelican.settings.pop(RUN)
    if pelican.explainer_errors.messages:
        staging.abandon(run.staging)
        raise staging.BuildFailed(f"{len(pelican.explainer_errors.messages)} error(s) logged during the build; "
                                  "nothing was published")
    summaries = _known_summaries(run)
    try:
        rename_assets(run.staging / pelican.settings["THEME_STATIC_DIR"], fingerprints(Path(pelican.theme) / "static"))
        for warning in over_budget(run.staging, sorted(run.rendered)):  # the pages' real sizes, as check estimates them
            logger.warning(warning)
        search = pelican.settings.get("EXPLAINER_SEARCH", True)
        if search == "later":
            keep_published_index(run.staging, run.published, _changed_pages(run))
        elif search:
            index_site(run.staging, run.published, _changed_pages(run), run.rendered.keys() | run.linked,
                       meanwhile=lambda: read_pages(run.staging, summaries))
        problems = check_site(run.staging, summaries)
        if problems:
            raise staging.BuildFailed("the built site is broken; nothing was published:\n  " + "\n  ".join(problems))
    except staging.BuildFailed:
        staging.abandon(run.staging)
        raise
    staging.swap(run.staging, run.published)
    pelican.output_path = str(run.published)
    _save_manifest(run, summaries)


def _changed_pages(run: Run) -> set[str]:
    """The pages written or removed since the published site was built."""
    previous = run.previous.pages.keys() if run.previous else set()
    return set(run.rendered) | (previous - run.linked - run.rendered.keys())


def _known_summaries(run: Run) -> dict[str, PageSummary]:
    """The post-build check's summaries of the pages linked unchanged from the last build."""
    pages = run.previous.pages if run.previous else {}
    return {path: pages[path].summary for path in run.linked}


def _save_manifest(run: Run, summaries: dict[str, PageSummary]) -> None:
    previous = run.previous.pages if run.previous else {}
    for path in sorted(run.rendered.keys() | run.linked):
        deps = run.rendered[path] if path in run.rendered else previous[path].deps
        stat = (run.published / path).stat()
        run.current.pages[path] = PageEntry(deps, stat.st_size, stat.st_mtime_ns, summaries[path])
    incremental.save_manifest(run.published, run.current)


def register() -> None:
    signals.initialized.connect(start_staging)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(finish_staging)
