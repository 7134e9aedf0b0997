"""Fingerprinted theme files: `css/site.css` is published as `css/site.<hash>.css`, so
browsers and Netlify may cache it for a year (`immutable`); a changed file gets a new name.

Templates ask for `ASSET['css/site.css']`; after Pelican has copied the theme's static
files, `rename_assets` gives each its fingerprinted name.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import rcssmin


def fingerprints(static_dir: Path) -> dict[str, str]:
    """Relative path -> fingerprinted relative path, for every file of the theme's static folder."""
    names = {}
    for path in sorted(p for p in static_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(static_dir).as_posix()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
        stem, dot, suffix = relative.rpartition(".")
        names[relative] = f"{stem}.{digest}.{suffix}" if dot else f"{relative}.{digest}"
    return names


def rename_assets(published: Path, names: dict[str, str]) -> None:
    for plain, hashed in names.items():
        source = published / plain
        if source.is_file():
            if source.suffix == ".css":
                source.write_text(minify_css(source.read_text("utf-8")), encoding="utf-8")
            os.replace(source, published / hashed)


def minify_css(css: str) -> str:
    """Comments and layout white space out (every page loads this file before it renders),
    by rcssmin, which knows CSS's strings, escapes and comments."""
    return rcssmin.cssmin(css).strip() + "\n"
