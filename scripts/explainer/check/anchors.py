"""Element ids the theme writes, read from the theme itself: an event or disagreement id
becomes an anchor (#id) on pages that also carry these, so it must not repeat one.

A template's `id="…"` is an exact id when it is all literal text (`id="timeline-filter"`),
and a reserved prefix when literal text comes before an expression (`id="s-{{ s.slug }}"`).
One that starts with an expression is a record's own id. The theme's scripts add ids
too (`card.id = "cite-card"`). Reading them here means a new template id is covered
the day it is written, with no list to keep in step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .quotes import QUOTE_ANCHOR_PREFIX

_TEMPLATE_ID = re.compile(r"""(?<![\w-])id\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SCRIPT_ID = re.compile(r"""\.id\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_EXPRESSION = re.compile(r"\{[{%#]")
MAX_THEME_FILE_BYTES = 1_000_000  # a theme file, however hostile, is read only this far
# Ids written by Python rather than the theme: quoted passages (graph.anchor_id), the
# changelog's entries (render/index_pages.py) and the map's title (render/tiemap.py).
# tests/test_anchors.py checks every id of the built site against this module.
MADE_IN_PYTHON_PREFIXES = (QUOTE_ANCHOR_PREFIX, "u-")
MADE_IN_PYTHON_IDS = ("tiemap-title",)


@dataclass(frozen=True)
class Reserved:
    exact: frozenset[str]
    prefixes: tuple[str, ...]

    def clash(self, anchor: str) -> str | None:
        """The theme's id or prefix that `anchor` would repeat, if any."""
        if anchor in self.exact:
            return anchor
        return next((f"{prefix}…" for prefix in self.prefixes if anchor.startswith(prefix)), None)


def reserved_anchors(theme: Path) -> Reserved:
    exact, prefixes = set(MADE_IN_PYTHON_IDS), set(MADE_IN_PYTHON_PREFIXES)
    for path, pattern in [*((p, _TEMPLATE_ID) for p in _files(theme / "templates", "*.html")),
                          *((p, _SCRIPT_ID) for p in _files(theme / "static", "*.js"))]:
        for match in pattern.finditer(_read(path)):
            value = match.group(1) if match.group(1) is not None else match.group(2)
            literal = _EXPRESSION.split(value, maxsplit=1)[0]
            if literal == value:
                exact.add(value)
            elif literal:
                prefixes.add(literal)
    return Reserved(frozenset(exact), tuple(sorted(prefixes)))


def _files(folder: Path, pattern: str) -> list[Path]:
    # Links are refused by check_no_links; they are not followed here either.
    return sorted(p for p in folder.rglob(pattern) if p.is_file() and not p.is_symlink()) if folder.is_dir() else []


def _read(path: Path) -> str:
    with path.open("rb") as file:
        return file.read(MAX_THEME_FILE_BYTES).decode("utf-8", "replace")
