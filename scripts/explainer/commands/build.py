"""Running Pelican with the project's settings: the one build both `explainer build` and
`pelican content` perform (the CLI only adds clear messages and exit codes)."""

from __future__ import annotations

import logging
from pathlib import Path

from ..publish.staging import BuildFailed

__all__ = ["BuildFailed", "build", "build_settings"]


def build_settings(settings_file: Path, content: Path | None, output: Path | None, live_reload: bool = False,
                   cache: dict | None = None) -> dict:
    from pelican.settings import read_settings

    override: dict = {"EXPLAINER_LIVE_RELOAD": live_reload}
    if cache is not None:  # the dev server: records stay parsed, and search is indexed after the reload
        override["EXPLAINER_PARSE_CACHE"] = cache
        override["EXPLAINER_SEARCH"] = "later"
    if content is not None:
        override["PATH"] = str(content.resolve())
    if output is not None:
        override["OUTPUT_PATH"] = str(output.resolve())
    return read_settings(str(settings_file), override=override)


def build(settings_file: Path, content: Path | None = None, output: Path | None = None, quiet: bool = False,
          live_reload: bool = False, cache: dict | None = None) -> str:
    """Build the site; `cache` (kept by the dev server) lets unchanged files skip parsing."""
    from pelican import Pelican

    settings = build_settings(settings_file, content, output, live_reload, cache)
    logging.getLogger("pelican").setLevel(logging.WARNING if quiet else logging.INFO)
    Pelican(settings).run()
    return settings["OUTPUT_PATH"]
