"""The Pelican side: one generator that writes the explainer's pages, and atomic output.

`register()` only lists connections. Pelican asks for its generators once per `run()`
(`get_generators`): that is where a build begins, with its own staging folder, error
counter and `Run`, kept on the Pelican instance and on the generator class made for that
run; `finalized` publishes it. Nothing of a build lives in the settings or in module
globals, so `pelican --autoreload` and the dev server can run one Pelican object again and
again, and the records it parsed stay cached on that object between runs.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from pelican import signals
from pelican.generators import Generator
from pelican.log import console as pelican_console

from .model.problems import ContentError
from .publish import incremental, inplace, staging
from .publish.incremental import ExportEntry, Manifest, PageEntry
from .publish.pagesize import over_budget
from .publish.parallel import map_in_two
from .publish.postcheck import PageSummary, check_site, read_pages, site_files
from .publish.progress import Progress, plural, print_problems
from .publish.retry import wait_for_an_edit
from .publish.search import DELTA, STATE, index_site, is_index_file, keep_published_index, keeps_base
from .read.load import Folders, display_path
from .render.admin import EditorMissing, write_admin
from .render.assets import fingerprints, rename_assets
from .render.export import KINDS, export, file_stamp
from .render.index_pages import layout_updates
from .site import build_site

logger = logging.getLogger(__name__)


@dataclass
class Run:
    """One build: where it publishes, and what the incremental rebuild learnt on the way."""

    published: Path
    staging: Path
    cache: dict  # parsed records, kept on the Pelican object between its runs
    memory: dict  # the last manifest saved, kept there too
    progress: Progress
    dev_server: bool = False  # EXPLAINER_IN_PLACE: a long-lived process (the dev server)
    errors: staging.ErrorCounter = field(default_factory=staging.ErrorCounter)
    previous: Manifest | None = None
    current: Manifest | None = None
    rendered: dict[str, list[str]] = field(default_factory=dict)  # output path -> deps
    linked: set[str] = field(default_factory=set)
    articles: int = 0
    records: int = 0
    quotes: int = 0  # distinct quotes found in their articles
    search: str = "not indexed"
    in_place: bool = False  # merged into the published site, not swapped (publish/inplace.py)
    kept_parts: list[str] = field(default_factory=list)  # the published search parts it keeps
    changed: set[Path] | None = None  # the files the dev server's watcher saw change since the last build
    published_files: dict[str, int] | None = None  # the published site's, listed before a manifest read from disk is used
    started_at: float = field(default_factory=time.time)
    failed: bool = False


class ExplainerGenerator(Generator):
    """Writes the explainer's pages through Pelican's own templates and writer; only the
    pages whose inputs changed since the last build (see publish/incremental.py). Each
    build uses a subclass made for it, whose `run` is that build's state."""

    run: Run

    def generate_context(self) -> None:
        content = Path(self.settings.get("EXPLAINER_CONTENT", self.path))
        run = self.run
        try:
            # The dev server writes the cache between saves (save_remembered_manifest).
            deferred = run.memory.setdefault("deferred", {}) if run.dev_server else None
            kept = run.memory.setdefault("kept", {}) if run.dev_server else None  # the last load and layout
            if kept is not None:  # what the file watcher saw change since the last build
                kept.setdefault("folders", Folders()).report(run.changed)
            site = build_site(content, self.settings["EXPLAINER_SITE_URL"], Path(self.theme), run.cache,
                              run.progress.stage, deferred, kept)
        except ContentError:
            run.progress.clear()
            staging.abandon(run.staging)  # nothing of this run is kept
            run.failed = True
            raise
        run.progress.clear()
        print_problems(site.problems)
        self.graph, self.plan, self.layout = site.graph, site.plan, site.layout
        corpus = site.graph.corpus
        run.articles, run.records = len(corpus.articles), corpus.record_count()
        run.quotes = len(site.graph.anchors.matches)
        run.current = Manifest(incremental.environment_digest(self.settings, Path(self.theme)), site.digests,
                               incremental.record_refs(site.graph.corpus))
        if self.settings.get("EXPLAINER_INCREMENTAL", True):
            remembered = run.memory.get("manifest")
            run.previous = incremental.load_manifest(run.published, remembered)
            if run.previous is not None and (remembered is None or run.previous is not remembered[1]):
                run.published_files = inplace.plain_files(run.published)
                if run.published_files is None:  # a link in build/: nothing in it is kept
                    run.previous = None
            run.in_place = _merges_in_place(run, remembered)
        self.render = incremental.pages_to_render(run.previous, run.current, self.plan, run.published)
        self.context["ASSET"] = fingerprints(Path(self.theme) / "static")

    def generate_output(self, writer) -> None:
        run = self.run
        outputs = [output for output in self.plan if output in self.render]
        run.progress.stage(f"rendering {plural(len(outputs), 'page')} of {len(self.plan):,}")
        fork = self.settings.get("EXPLAINER_FORK", True)
        for output, deps in zip(outputs, map_in_two(outputs, partial(self.write_page, writer), fork=fork)):
            run.rendered[output] = deps
        run.linked = set(self.plan) - self.render
        if not run.in_place:
            incremental.link_unchanged(run.published, run.staging, sorted(run.linked))
        listed = [{"url": output.removesuffix("index.html")} for output in self.plan if output != "404.html"]
        for name in ("sitemap.xml", "robots.txt"):
            self._write_or_link(writer, name, name, pages=listed)
        self._write_or_link(writer, "feeds/updates.atom.xml", "updates.atom.xml", updates=layout_updates(self.layout))
        if run.dev_server:  # each record's JSON kept on it; a collection unchanged linked from its last site
            export(self.graph.corpus, run.staging, published=run.published)
        else:  # the collections its manifest says are unchanged linked; what each was made from recorded
            digests = incremental.kind_digests(run.current)
            kept = partial(_unchanged_export, run, digests) if run.previous else lambda name: []
            listed = export(self.graph.corpus, run.staging, remember=False, kept=kept)
            run.current.exports = _exports_made(run.staging / "data", digests, listed)
        try:
            write_admin(run.staging, Path(self.theme), Path(self.settings.get("EXPLAINER_NODE_MODULES", "node_modules")),
                        self.graph.corpus, self.settings)
        except EditorMissing as exc:  # on Netlify: never publish a site that lost its editor
            staging.abandon(run.staging)
            run.failed = True
            raise staging.BuildFailed(str(exc)) from None
        if self.settings.get("EXPLAINER_PREVIEW"):
            # Netlify cannot scope [[headers]] by deploy context, so the preview ships its own.
            (run.staging / "_headers").write_text("/*\n  X-Robots-Tag: noindex\n", encoding="utf-8")

    def _write_or_link(self, writer, name: str, template: str, **values) -> None:
        """Write a file of the whole site (the sitemap, the feed); in the dev server, link the
        published one instead when it was written from the same values with the same code and
        theme, and is still that file (at 1,000 articles the sitemap lists 4,957 pages)."""
        run = self.run
        made = (run.current.environment, values)
        kept = run.memory.setdefault("whole-site files", {}).get(name) if run.in_place else None
        if kept is not None and kept[0] == made and file_stamp(run.published / name) == kept[1]:
            try:
                (run.staging / name).parent.mkdir(parents=True, exist_ok=True)
                os.link(run.published / name, run.staging / name)
                return
            except OSError:  # gone meanwhile: written anew
                (run.staging / name).unlink(missing_ok=True)
        writer.write_file(name, self.env.get_template(template), self.context, **values)
        if run.dev_server:
            run.memory.setdefault("whole-site files", {})[name] = (made, file_stamp(run.staging / name))

    def write_page(self, writer, output: str) -> list[str]:
        """Build and write one page; its dependencies, for the manifest (Manifest.compact)."""
        page = self.plan[output]()
        # The 404 page is served at any missing address, so its links start from the root.
        writer.write_file(output, self.get_template(page.template), self.context,
                          relative_urls=output != "404.html", page=page, view=page.view, url=page.url)
        return self.run.current.compact(page.deps)  # a page reading every actor keeps one key, not each


def _unchanged_export(run: Run, digests: dict[str, str], name: str) -> list[Path]:
    """The published files of a data/ collection, if they are still those the last build wrote
    from the same records with the same code; else none."""
    entry = run.previous.exports.get(name)
    if entry is None or entry.digest != digests.get(KINDS[name], ""):
        return []
    files = [run.published / "data" / file for file, _ in entry.files]
    if any(list(file_stamp(path) or ()) != stamp for path, (_, stamp) in zip(files, entry.files)):
        return []
    return files


def _exports_made(folder: Path, digests: dict[str, str], listed: dict[str, list[str]]) -> dict[str, ExportEntry]:
    """For the manifest: each collection's digest, and its files with their stamps."""
    return {name: ExportEntry(digests.get(KINDS[name], ""), [(file, list(file_stamp(folder / file))) for file in files])
            for name, files in listed.items() if name in KINDS}


def _merges_in_place(run: Run, remembered: tuple | None) -> bool:
    """Whether the rebuild is merged into the published site (publish/inplace.py) rather than
    staged whole and swapped in: when a manifest describes that site, in a real folder. The
    dev server merges only into a site this process published itself."""
    if run.previous is None or run.published.is_symlink() or not run.published.is_dir():
        return False
    return not run.dev_server or (remembered is not None and run.previous is remembered[1])


def begin_run(pelican) -> type[Generator]:
    """A build begins: its staging folder becomes Pelican's output for this run, and errors
    Pelican logs (without raising) are counted so that they fail it."""
    pelican_console.quiet = False  # silenced at the end of the last run (see finish_run)
    last: Run | None = pelican.__dict__.get("explainer_run")
    if last is not None and last.failed:
        wait_for_an_edit([Path(pelican.settings["PATH"]), Path(pelican.theme)], last.started_at)
    # `explainer build --quiet` says so on the object; `pelican -q` by its log level.
    quiet = getattr(pelican, "explainer_quiet", logging.getLogger("pelican").getEffectiveLevel() > logging.WARNING)
    published = Path(pelican.settings["OUTPUT_PATH"])
    run = Run(published, staging.start(published), cache=pelican.__dict__.setdefault("explainer_cache", {}),
              memory=pelican.__dict__.setdefault("explainer_memory", {}), progress=Progress(quiet),
              dev_server=bool(pelican.settings.get("EXPLAINER_IN_PLACE")),
              changed=pelican.__dict__.pop("explainer_changed", None))  # commands/build.py Builder.run
    pelican.explainer_run = run
    pelican.output_path = str(run.staging)  # read by Pelican right after this signal
    root = logging.getLogger()
    for stale in [h for h in root.handlers if isinstance(h, staging.ErrorCounter)]:
        root.removeHandler(stale)  # left by a run of this process that failed half way
    root.addHandler(run.errors)
    return type("ExplainerGenerator", (ExplainerGenerator,), {"run": run})


def finish_run(pelican) -> None:
    """Index, check and publish the staged site, or abandon it; then say what was done. In a
    build made apart (commands/build.py), hand the staged site to the process that publishes."""
    run: Run = pelican.explainer_run
    pelican.output_path = str(run.published)
    if getattr(pelican, "explainer_hand_off", False):
        logging.getLogger().removeHandler(run.errors)
        pelican.explainer_handed_off = replace(run, cache={}, memory={})  # what publishing needs, not the model
        pelican_console.quiet = True  # Pelican's closing line: the publishing process prints ours
        return
    try:
        publish(run, pelican.settings, Path(pelican.theme))
    finally:
        staging.finish(run.published)  # the next build of this output folder may start


def publish(run: Run, settings: dict, theme: Path) -> None:
    """Index the staged site for search, check it, and put it in place."""
    logging.getLogger().removeHandler(run.errors)
    summaries = _known_summaries(run)
    try:
        if run.errors.messages:
            raise staging.BuildFailed(f"{len(run.errors.messages)} error(s) logged during the build; "
                                      "nothing was published")
        rename_assets(run.staging / settings["THEME_STATIC_DIR"], fingerprints(theme / "static"))
        _warn_over_budget(run)
        _index(run, settings.get("EXPLAINER_SEARCH", True), summaries)
        run.progress.stage(f"checking the links of {plural(len(run.rendered) + len(run.linked), 'page')}")
        merge = _merge_plan(run) if run.in_place else None
        # The dev server's swapped site is listed once: for the check, and for its next merge.
        files = merge.files if merge else site_files(run.staging) if run.dev_server else None
        problems = check_site(run.staging, summaries, files, _still_sound(run, merge, summaries))
        if problems:
            raise staging.BuildFailed("the built site is broken; nothing was published:\n  " + "\n  ".join(problems))
    except staging.BuildFailed:
        run.progress.clear()
        staging.abandon(run.staging)
        run.failed = True
        raise
    run.progress.stage("publishing")
    run.memory.pop("published files", None)  # known again only once published whole
    if merge is not None:
        inplace.merge(run.staging, run.published, merge)
    else:
        staging.swap(run.staging, run.published)
    if run.dev_server:  # for the next merge, which then lists only what may have changed since
        run.memory["published files"] = inplace.PublishedFiles(files, _volatile)
    _save_manifest(run, summaries)
    run.progress.finish(_summary(run, summaries))
    # Pelican's own closing line counts its blog articles (always 0 here); ours replaced it.
    pelican_console.quiet = True


def _merge_plan(run: Run) -> inplace.Merge | None:
    """How the staged site is merged into the published one; None if it cannot be (a link in
    the published site), and then the staged site is made whole, to be swapped in."""
    last = run.memory.get("published files")
    if last is None and run.published_files is not None:  # listed when the manifest was read; nothing wrote since
        last = inplace.PublishedFiles(run.published_files, volatile=lambda folder: False)
    merge = inplace.plan_merge(run.staging, run.published, partial(_kept, run), run.kept_parts, last)
    if merge is None:
        _stage_whole(run)
    return merge


def _stage_whole(run: Run) -> None:
    """A rebuild that was to be merged in place is swapped in instead: the unchanged pages and
    the kept search parts are linked into the staged site too."""
    incremental.link_unchanged(run.published, run.staging, sorted(run.linked))
    for part in run.kept_parts:
        incremental.link_tree(run.published / part, run.staging / part)
    run.kept_parts = []
    run.in_place = False


def _still_sound(run: Run, merge: inplace.Merge | None, summaries: dict[str, PageSummary]) -> set[str]:
    """The unchanged pages whose links the post-build check need not follow again: in the dev
    server's merge, when no page or asset went and every page written kept its ids, each link
    of an unchanged page still lands where it did in the site this process published (which
    passed the check). Anything else is checked whole: the check is the net for a page that
    should have been written again and was not. A one-shot build checks everything: its
    manifest was read from disk, and the site may have changed since."""
    if merge is None or not run.dev_server or any(not is_index_file(name) for name in merge.removed):
        return set()
    read_pages(run.staging, summaries, merge.staged)
    previous = run.previous.pages
    if any(path in previous and summaries[path].ids != previous[path].summary.ids for path in run.rendered):
        return set()
    return run.linked


def _volatile(folder: str) -> bool:
    """A top-level folder the search index's catch-up writes to between rebuilds (catchup.py)."""
    return is_index_file(folder) or folder == STATE.split("/", 1)[0]


def _kept(run: Run, name: str) -> bool:
    """Whether a published file that this rebuild did not write stays, merged in place."""
    return name in run.linked or name.split("/", 1)[0] in run.kept_parts


def _warn_over_budget(run: Run) -> None:
    """The written pages' real sizes, warned as `check` warns from its estimates."""
    problems = over_budget(run.staging, sorted(run.rendered), display_path(run.published))
    if problems.warnings:
        run.progress.clear()
        print_problems(problems)


def _index(run: Run, search: bool | str, summaries: dict[str, PageSummary]) -> None:
    if search == "later":
        run.kept_parts = keep_published_index(run.staging, run.published, _changed_pages(run), link=not run.in_place)
        run.search = "kept (refreshed after the reload)"
    elif search:
        run.progress.stage("indexing for search")
        changed, pages = _changed_pages(run), run.rendered.keys() | run.linked
        if run.in_place and not keeps_base(run.published, changed, len(pages)):
            _stage_whole(run)  # a new index is made of the whole site, and swapped in with it
        parts = index_site(run.staging, run.published, changed, pages,
                           meanwhile=lambda: read_pages(run.staging, summaries), in_place=run.in_place)
        run.kept_parts = parts if run.in_place else []
        if (run.staging / DELTA).is_dir():
            run.search = "updated with the changed pages"
        else:
            run.search = "built" if changed or run.previous is None else "unchanged"


def _summary(run: Run, summaries: dict[str, PageSummary]) -> str:
    links = sum(len(page.links) for page in summaries.values())
    pages = len(run.rendered) + len(run.linked)
    return (f"Built {display_path(run.published)}/: {plural(pages, 'page')} ({len(run.rendered):,} written, "
            f"{len(run.linked):,} unchanged) from {plural(run.articles, 'article')} and "
            f"{plural(run.records, 'record')}; {plural(run.quotes, 'quote')} found in their articles; "
            f"search index {run.search}; {plural(links, 'link')} checked; {run.progress.elapsed:.2f} s")


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
        if path in run.linked:  # a link to the very file the last build recorded
            run.current.pages[path] = previous[path]
            continue
        stat = (run.published / path).stat()
        run.current.pages[path] = PageEntry(run.rendered[path], stat.st_size, stat.st_mtime_ns, summaries[path])
    if run.dev_server:  # the next save looks up the pages its edit touched
        incremental.pass_readers(run.previous, run.current)
    if run.in_place and run.dev_server:  # written when the search index catches up, or when the server stops
        run.memory["manifest"] = (run.memory["manifest"][0], run.current)
        run.memory["unsaved"] = True
    else:
        run.memory["manifest"] = incremental.save_manifest(run.published, run.current)
        run.memory.pop("unsaved", None)


def save_remembered_manifest(pelican) -> None:
    """Write what the dev server's last rebuild left for later: the cache of parsed files and
    quotes (site.py), and its manifest, unless another build of the output folder wrote its own
    since (then this one describes a site that is gone).

    Until then the file on disk is an older build's. That is safe: each entry names a page's
    inputs with the size and time of the file made from them, so a build that reads it
    renders again every page whose file or inputs changed since, only more of them."""
    memory = pelican.__dict__.get("explainer_memory", {})
    for write in memory.pop("deferred", {}).values():  # the cache of parsed files and quotes (site.py)
        write()
    if not memory.pop("unsaved", False):
        return
    identity, manifest = memory["manifest"]
    output = Path(pelican.settings["OUTPUT_PATH"])
    if incremental.file_identity(incremental.manifest_path(output)) == identity:
        memory["manifest"] = incremental.save_manifest(output, manifest)


def register() -> None:
    signals.get_generators.connect(begin_run)
    signals.finalized.connect(finish_run)
