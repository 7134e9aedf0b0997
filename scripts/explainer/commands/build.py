"""Running Pelican with the project's settings: the one build both `explainer build` and
`pelican content` perform (the CLI only adds clear messages and exit codes)."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from ..publish import staging
from ..publish.staging import BuildFailed
from ..read import diskcache
from ..read.signed import DiskCache, read_signed, write_signed
from .apart import in_child, pays

__all__ = ["BuildFailed", "Builder", "build", "build_settings"]


def build_settings(settings_file: Path, content: Path | None, output: Path | None, live_reload: bool = False,
                   dev_server: bool = False) -> dict:
    from pelican.settings import read_settings

    override: dict = {"EXPLAINER_LIVE_RELOAD": live_reload}
    if dev_server:  # search is indexed after the reload; no forked renderer beside the server's threads;
        override["EXPLAINER_SEARCH"] = "later"  # a rebuild merged into the served site (publish/inplace.py)
        override["EXPLAINER_FORK"] = False
        override["EXPLAINER_IN_PLACE"] = True
    if content is not None:
        override["PATH"] = str(content.resolve())
    if output is not None:
        override["OUTPUT_PATH"] = str(output.resolve())
    settings = read_settings(str(settings_file), override=override)
    # Pelican makes a new Jinja environment for every build: its compiled templates stay in the
    # dev server's memory, or in the cache folder between one-shot builds.
    disk = None if dev_server else diskcache.open_cache(Path(settings["PATH"]))
    compiled = TemplatesInMemory() if dev_server else SignedTemplates(disk) if disk is not None else None
    if compiled is not None:
        settings["JINJA_ENVIRONMENT"] = {**settings["JINJA_ENVIRONMENT"], "bytecode_cache": compiled}
    return settings


class TemplatesInMemory(BytecodeCache):
    """The templates compiled by this process's earlier builds (Jinja compares each with its
    source, so an edited template is compiled again): a tenth of a second of every rebuild."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()

    def __repr__(self) -> str:  # the settings' digest (publish/incremental.py) reads it
        return f"{type(self).__name__}()"


class Builder:
    """Builds the site again and again with one Pelican object, as `pelican --autoreload`
    does: the records it parsed stay in memory (on that object), so a rebuild reads only the
    files that changed. A new Builder is needed when the settings file changes."""

    def __init__(self, settings_file: Path, content: Path | None = None, output: Path | None = None,
                 quiet: bool = False, live_reload: bool = False, dev_server: bool = False,
                 apart: bool = False) -> None:
        self.settings = build_settings(settings_file, content, output, live_reload, dev_server)
        self.quiet = quiet
        self.apart = apart and hasattr(os, "fork") and pays(Path(self.settings["PATH"]))
        self.pelican = None

    @property
    def output(self) -> str:
        return self.settings["OUTPUT_PATH"]

    def run(self, changed: set[Path] | None = None) -> str:
        """Build; `changed`: every file changed since the last build, as the dev server's watcher
        reported them (None: not known). Content folders with none of them are not read again."""
        if self.apart:
            return self._run_apart()
        try:
            self._run_pelican(changed=changed)
        finally:
            staging.finish(Path(self.output))  # however the build stopped: no staging folder left, lock given back
        return self.output

    def _run_pelican(self, hand_off: bool = False, changed: set[Path] | None = None) -> None:
        from pelican import Pelican

        logging.getLogger("pelican").setLevel(logging.WARNING if self.quiet else logging.INFO)
        if self.pelican is None:
            self.pelican = Pelican(self.settings)
            self.pelican.explainer_quiet = self.quiet  # no progress or summary (problems are still shown)
        self.pelican.explainer_hand_off = hand_off  # the staged site is published by another process (plugin.py)
        self.pelican.explainer_changed = changed
        try:
            self.pelican.run()
        except OSError as error:  # a full disk, a permission: one located message, no traceback
            raise staging.write_failed(error, Path(self.output)) from None

    def _run_apart(self) -> str:
        """Build once, the model made and rendered in a forked child (commands/apart.py) that
        ends before the search index is made: Pagefind's indexer, the largest process of a
        build, then runs beside this small one instead of beside the model. This process
        holds the output folder's lock throughout."""
        from ..plugin import publish

        output = Path(self.output)
        children: list[int] = []
        staging.acquire(output)
        try:
            run = in_child(self._render_apart, on_exit=children.append)
            try:
                publish(run, self.settings, Path(self.settings["THEME"]))
            except OSError as error:
                raise staging.write_failed(error, output, run.staging) from None
        finally:
            for pid in children:  # what a failed or killed child left (a published site was moved away)
                shutil.rmtree(staging.staging_path(output, pid), ignore_errors=True)
            staging.finish(output)
        return self.output

    def _render_apart(self):
        """In the child: everything up to the staged pages; the plugin's Run, to publish them."""
        staging.leave_locks_to_parent()
        try:
            self._run_pelican(hand_off=True)
            return self.pelican.explainer_handed_off
        except BaseException:
            staging.finish(Path(self.output))  # this child's staging folder (the lock is the parent's)
            raise

    def save_manifest(self) -> None:
        """The dev server's last rebuild's manifest, written (before the search index reads it)."""
        from ..plugin import save_remembered_manifest

        if self.pelican is not None:
            save_remembered_manifest(self.pelican)


class SignedTemplates(BytecodeCache):
    """The templates compiled by earlier builds, kept in the cache folder (read/diskcache.py),
    each signed: Jinja runs the code it loads, so a file that is not this machine's (its HMAC
    is wrong) is never loaded, and the template is compiled again. Jinja compares each with
    its source and its Python version. Compiling them took a tenth of a second of every build."""

    def __init__(self, disk: DiskCache) -> None:
        self.disk = disk

    def load_bytecode(self, bucket: Bucket) -> None:
        compiled = read_signed(self.disk, self._name(bucket))
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: Bucket) -> None:
        write_signed(self.disk, self._name(bucket), bucket.bytecode_to_string())

    @staticmethod
    def _name(bucket: Bucket) -> str:
        return f"template-{bucket.key}"  # a sha1 of the template's name and file: hex digits

    def __repr__(self) -> str:  # the settings' digest (publish/incremental.py) reads it
        return f"{type(self).__name__}()"


def build(settings_file: Path, content: Path | None = None, output: Path | None = None, quiet: bool = False,
          live_reload: bool = False, dev_server: bool = False) -> str:
    """Build the site once; the output folder's path."""
    return Builder(settings_file, content, output, quiet, live_reload, dev_server).run()
