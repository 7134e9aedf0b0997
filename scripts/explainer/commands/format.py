"""`explainer format`: rewrite every YAML record in its canonical form (read/canonical.py), the
form the browser editor writes, so that a first save in the browser changes nothing else."""

from __future__ import annotations

from pathlib import Path

from ..model.problems import Problems
from ..read.canonical import NotCanonical, canonical_text
from ..read.load import CENTER_FILE, FOLDERS
from ..read.strict_yaml import load_yaml


def record_files(content: Path) -> list[tuple[Path, str, int]]:
    """(file, record kind, folder depth) of every YAML record of the content folder."""
    found = [(path, kind, 2) for folder, (kind, _cls) in FOLDERS.items()
             for path in sorted((content / folder).glob("*.yaml"))]
    return found + [(content / CENTER_FILE, "center", 1)] if (content / CENTER_FILE).exists() else found


def format_records(content: Path, write: bool) -> tuple[list[Path], Problems]:
    """The files not in canonical form (rewritten when `write`), and any that could not be read."""
    changed, problems = [], Problems()
    for path, kind, depth in record_files(content):
        data = path.read_bytes()
        errors = len(problems.errors)
        node = load_yaml(data, str(path), problems)
        if node is None or len(problems.errors) > errors:  # a value cut short, say: rewriting would lose it
            continue
        try:
            text = canonical_text(node, kind, depth)
        except NotCanonical as exc:
            key = node.keys.get(exc.key)  # a top-level key has its own place; a nested one, the record's
            problems.error(key.mark if key else node.mark, "unknown-key", str(exc),
                           "run `explainer check` for the details")
            continue
        if text.encode("utf-8") != data:
            changed.append(path)
            if write:
                path.write_text(text, encoding="utf-8")
    return changed, problems
