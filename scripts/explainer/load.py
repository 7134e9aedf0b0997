"""content/ -> Corpus, every problem located.

The layout is fixed so that an editor finds a record without reading code; the file name
is the record's id. Symbolic links are refused (a link could publish any file on the
machine), and so is anything we would otherwise silently skip.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .articles import load_article
from .convert import convert
from .model import ID_PATTERN, Actor, Center, Corpus, Disagreement, Event, Question
from .problems import Mark, Problems
from .yamlload import load_yaml

FOLDERS: dict[str, tuple[str, type]] = {
    "actors": ("actor", Actor),
    "questions": ("question", Question),
    "events": ("event", Event),
    "disagreements": ("disagreement", Disagreement),
}
CENTER_FILE = "center.yaml"
ARTICLES = "articles"
_ID = re.compile(ID_PATTERN)
_IGNORED = re.compile(r"(^\.|~$|\.swp$|\.swo$|\.tmp$|\.bak$|^#.*#$)")


@dataclass
class Loaded:
    corpus: Corpus
    problems: Problems
    files: dict[str, str]  # display path -> record key ("actor:hamas"), for the dependency graph


def display_path(path: Path) -> str:
    """The path as the editor knows it: relative to where they run the command. Never
    follows links (a link may loop or point anywhere)."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute, os.getcwd())
    return absolute if relative.startswith("..") else relative


def load_content(content_dir: Path) -> Loaded:
    loaded = Loaded(Corpus(), Problems(), {})
    if not content_dir.is_dir():
        loaded.problems.error(Mark(display_path(content_dir)), "no-content",
                              "content folder not found", "run the command from the repository root")
        return loaded
    for entry in _entries(content_dir, loaded.problems):
        if entry.is_dir():
            _load_folder(entry, loaded)
        elif entry.name == CENTER_FILE:
            _load_center(entry, loaded)
        else:
            _unexpected(entry, loaded.problems, "content/ holds only the folders "
                        f"{', '.join([ARTICLES, *FOLDERS])} and {CENTER_FILE}")
    if loaded.corpus.center is None and not any(p.code == "no-content" for p in loaded.problems.errors):
        if not (content_dir / CENTER_FILE).exists():
            loaded.problems.error(Mark(display_path(content_dir / CENTER_FILE)), "missing-file",
                                  "the coordination center's file is missing",
                                  "create content/center.yaml (see docs/editing.md)")
    return loaded


def check_no_links(root: Path, problems: Problems) -> None:
    """Refuse symbolic links anywhere under `root` (the theme): Pelican would copy whatever a
    link points at, /proc/self/environ included, into the published site."""
    for folder, dirs, files in os.walk(root):  # os.walk does not follow links
        for name in sorted(dirs + files):
            path = Path(folder) / name
            if path.is_symlink():
                problems.error(Mark(display_path(path)), "symlink", "symbolic links are not allowed in the theme",
                               "replace the link with the file itself")


def _entries(folder: Path, problems: Problems) -> list[Path]:
    """The folder's entries in a stable order, refusing links and unreadable entries."""
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        problems.error(Mark(display_path(folder)), "unreadable", f"cannot read folder: {exc.strerror}",
                       "check the folder's permissions")
        return []
    found = []
    for name in names:
        path = folder / name
        if _IGNORED.search(name):
            continue
        if path.is_symlink():
            problems.error(Mark(display_path(path)), "symlink", "symbolic links are not allowed in content/",
                           "replace the link with the file itself")
            continue
        found.append(path)
    return found


def _unexpected(path: Path, problems: Problems, hint: str) -> None:
    problems.error(Mark(display_path(path)), "unexpected-file", f"unexpected {'folder' if path.is_dir() else 'file'} "
                   f"'{path.name}'", hint)


def _read(path: Path, problems: Problems) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError as exc:
        problems.error(Mark(display_path(path)), "unreadable", f"cannot read file: {exc.strerror}",
                       "check the file's permissions")
        return None


def _load_folder(folder: Path, loaded: Loaded) -> None:
    if folder.name == ARTICLES:
        _load_articles(folder, loaded)
    elif folder.name in FOLDERS:
        _load_records(folder, *FOLDERS[folder.name], loaded)
    else:
        _unexpected(folder, loaded.problems, f"expected one of: {', '.join([ARTICLES, *FOLDERS])}")


def _record_id(path: Path, suffix: str, problems: Problems, seen: dict[str, Path]) -> str | None:
    if path.is_dir() or path.suffix not in (suffix, ".yml" if suffix == ".yaml" else suffix):
        _unexpected(path, problems, f"records here are '<id>{suffix}' files")
        return None
    if path.suffix == ".yml":
        if path.stem in seen:
            problems.error(Mark(display_path(path)), "duplicate-id", f"id '{path.stem}' is defined twice: "
                           f"here and in {display_path(seen[path.stem])}", "keep one file and delete the other")
        else:
            problems.error(Mark(display_path(path)), "wrong-extension", "YAML files must end in '.yaml'",
                           f"rename it to {path.stem}.yaml")
        return None
    if not _ID.match(path.stem):
        problems.error(Mark(display_path(path)), "bad-id", f"file name '{path.stem}' is not a valid id",
                       "ids use lowercase letters, digits and single hyphens, e.g. 'steve-witkoff'")
        return None
    seen[path.stem] = path
    return path.stem


def _load_records(folder: Path, kind: str, cls: type, loaded: Loaded) -> None:
    seen: dict[str, Path] = {}
    records = loaded.corpus.records(kind)
    for path in _entries(folder, loaded.problems):
        record_id = _record_id(path, ".yaml", loaded.problems, seen)
        data = _read(path, loaded.problems) if record_id else None
        if data is None:
            continue
        shown = display_path(path)
        loaded.files[shown] = f"{kind}:{record_id}"
        node = load_yaml(data, shown, loaded.problems)
        record = convert(node, cls, shown, loaded.problems) if node else None
        if record is not None:
            records[record_id] = record


def _load_articles(folder: Path, loaded: Loaded) -> None:
    seen: dict[str, Path] = {}
    for path in _entries(folder, loaded.problems):
        article_id = _record_id(path, ".md", loaded.problems, seen)
        data = _read(path, loaded.problems) if article_id else None
        if data is None:
            continue
        shown = display_path(path)
        loaded.files[shown] = f"article:{article_id}"
        article = load_article(data, shown, article_id, loaded.problems)
        if article is not None:
            loaded.corpus.articles[article_id] = article


def _load_center(path: Path, loaded: Loaded) -> None:
    data = _read(path, loaded.problems)
    if data is None:
        return
    shown = display_path(path)
    loaded.files[shown] = "center:center"
    node = load_yaml(data, shown, loaded.problems)
    loaded.corpus.center = convert(node, Center, shown, loaded.problems) if node else None
