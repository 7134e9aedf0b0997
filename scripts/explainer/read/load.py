"""content/ -> Corpus, every problem located.

The layout is fixed so that an editor finds a record without reading code; the file name
is the record's id. Symbolic links are refused (a link could publish any file on the
machine), and so is anything we would otherwise silently skip.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Callable

from ..model.problems import Mark, Problems
from ..model.records import Actor, Center, Corpus, Disagreement, Event, Question
from ..model.schema import ID_MAX_CHARS, ID_PATTERN
from .articles import MAX_ARTICLE_BYTES, load_article
from .convert import convert
from .strict_yaml import MAX_FILE_BYTES, load_yaml
from .twocores import map_on_two_cores

FOLDERS: dict[str, tuple[str, type]] = {
    "actors": ("actor", Actor),
    "questions": ("question", Question),
    "events": ("event", Event),
    "disagreements": ("disagreement", Disagreement),
}
CENTER_FILE = "center.yaml"
ARTICLES = "articles"
_ID = re.compile(ID_PATTERN)
MAX_ENTRIES = 100_000  # per folder; the benchmark's largest corpus has 10,000 articles
# \Z, not $: "$" also matches before a final newline, and "x.tmp\n" is no temporary file.
Entry = Path | os.DirEntry  # a path, or an entry of a folder's listing (cheaper: it knows its kind)
Job = tuple[str, Entry, int, Callable[[str, bytes, Problems], Any], str]  # Loaded.load's arguments
# From this many files of one folder to parse, the second half is parsed in a forked child:
# the 5,000 records of 1,000 articles took 1.00 s in one process (twocores.py).
PARSE_IN_TWO_FROM = 200
_IGNORED = re.compile(r"(^\.|~\Z|\.sw[a-p]\Z|\.tmp\Z|\.bak\Z|\.orig\Z|\.rej\Z|^#.*#\Z|^Thumbs\.db\Z|^desktop\.ini\Z)")


@dataclass(frozen=True)
class Parsed:
    """A file as last read: its stamp (size, times, inode), digest, record and problems."""

    stamp: tuple[int, ...]
    digest: str
    record: Any
    problems: Problems


@dataclass
class Loaded:
    corpus: Corpus
    problems: Problems
    files: dict[str, str]  # display path -> record key ("actor:hamas"), for the dependency graph
    digests: dict[str, str] = field(default_factory=dict)  # record key -> hash of its file's bytes
    # Kept by a long-running process (the dev server, autoreload) between loads: display path ->
    # Parsed. A file whose stamp did not change is not read again; one whose bytes did not
    # change is not parsed again.
    cache: dict[str, Parsed] | None = None
    fork: bool = False  # a one-shot command's load, which may parse on both cores (load_all)
    # display path -> the file parsed by load_all for load, or why it could not be read
    ahead: dict[str, Parsed | Problems] = field(default_factory=dict)

    def load(self, key: str, path: os.DirEntry, limit: int, parser: Callable[[str, bytes, Problems], Any],
             shown: str | None = None) -> Any:
        """The record in the file (None if it has errors), reporting its problems. `parser`
        is given the file's display path (`shown`, if known), its bytes and where to report."""
        shown = shown or display_path(path)
        self.files[shown] = key
        found = self.ahead.pop(shown, None) or self._known_or_read(path, limit, shown, self.problems)
        if isinstance(found, Problems):  # it could not be read ahead: why
            self.problems.extend(found)
            return None
        if found is None:
            return None
        parsed = found.parsed(parser, shown) if isinstance(found, _Read) else found
        if self.cache is not None:
            self.cache[shown] = parsed
        self.digests[key] = parsed.digest
        self.problems.extend(parsed.problems)
        return parsed.record

    def load_all(self, jobs: list[Job]) -> list[Any]:
        """[self.load(*job) for job in jobs]; in a one-shot command (`fork`), the files to be
        parsed anew are parsed first, the second half in a child when there are many."""
        if self.fork:
            self._parse_ahead(jobs)
        return [self.load(*job) for job in jobs]

    def _parse_ahead(self, jobs: list[Job]) -> None:
        todo = []
        for _, path, limit, parser, shown in jobs:
            unread = Problems()
            found = self._known_or_read(path, limit, shown, unread)
            if isinstance(found, _Read):
                todo.append((found, parser, shown))
            else:  # never read twice (a 50 MB paste is refused after its first megabyte)
                self.ahead[shown] = unread if found is None else found
        parsed = map_on_two_cores(todo, _parse) if len(todo) >= PARSE_IN_TWO_FROM else list(map(_parse, todo))
        self.ahead.update((shown, done) for (_, _, shown), done in zip(todo, parsed))

    def _known_or_read(self, path: Entry, limit: int, shown: str, problems: Problems) -> Parsed | _Read | None:
        """The cache's Parsed of the file while its stamp, or else its bytes, are the same; else
        the bytes to parse (None: they cannot be read, reported into `problems`)."""
        cached = self.cache.get(shown) if self.cache is not None else None
        stamp = _stamp(path)
        if cached is not None and stamp is not None and cached.stamp == stamp:
            return cached
        data = _read(path, problems, limit)
        if data is None:
            return None
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        if cached is not None and cached.digest == digest:
            return Parsed(stamp or (), digest, cached.record, cached.problems)
        return _Read(stamp or (), digest, data)


def _parse(job: tuple[_Read, Callable[[str, bytes, Problems], Any], str]) -> Parsed:
    read, parser, shown = job
    return read.parsed(parser, shown)


@dataclass(frozen=True)
class _Read:
    """A file's bytes, read to be parsed."""

    stamp: tuple[int, ...]
    digest: str
    data: bytes

    def parsed(self, parser: Callable[[str, bytes, Problems], Any], shown: str) -> Parsed:
        problems = Problems()
        return Parsed(self.stamp, self.digest, parser(shown, self.data, problems), problems)


def _stamp(path: Entry) -> tuple[int, ...] | None:
    """What changes whenever a file is written, renamed over or has its rights changed."""
    try:
        stat = path.stat(follow_symlinks=False)  # a folder's listing's entry: its one system call
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev)


def display_path(path: Path) -> str:
    """The path as the editor knows it: relative to where they run the command. Never
    follows links (a link may loop or point anywhere)."""
    absolute, here = os.path.abspath(path), os.getcwd()
    if absolute.startswith(here + os.sep):  # the usual case, without relpath's cost (11,000 files a build)
        return absolute[len(here) + 1:]
    relative = os.path.relpath(absolute, here)
    return absolute if relative.startswith("..") else relative


def display_in(folder: str, name: str) -> str:
    """display_path of the entry `name` of the folder shown as `folder`, without working it out
    again for each of its thousands of files."""
    return name if folder == "." else f"{folder}{os.sep}{name}"


def load_content(content_dir: Path, cache: dict | None = None, folders: Folders | None = None,
                 fork: bool = False) -> Loaded:
    """Every file of content/, each problem located. `folders`: a long-lived process's last load,
    whose folders with no change reported since are taken as they were, not listed again.
    `fork`: a one-shot command's load, which may parse on both cores (a long-lived process has
    other threads, which a fork would leave behind mid-work)."""
    loaded = Loaded(Corpus(), Problems(), {}, cache=cache)
    if not content_dir.is_dir():
        loaded.problems.error(Mark(display_path(content_dir)), "no-content",
                              "content folder not found", "run the command from the repository root")
        return loaded
    touched = folders.touched(content_dir) if folders is not None else None
    loads: dict[str, Loaded] = {}
    for entry in _entries(content_dir, loaded.problems) or []:
        if entry.is_dir():
            last = folders.loads.get(entry.name) if touched is not None else None
            part = _folder_load(entry, last, touched, cache, fork)
            _merge(loaded, part)
            loads[entry.name] = part
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
    if folders is not None:
        folders.loaded(loads)
    return loaded


@dataclass
class Folders:
    """The dev server's last load, folder by folder, and the paths its file watcher reported
    changed since (None: not known). A folder holding none of them is taken as it was loaded,
    and one where only records' files were written has only those read again: the watcher
    (inotify and its kin) reports every file written, added, renamed or removed, so its 6,000
    files at 1,000 articles need not be listed and stat'ed again at each save."""

    loads: dict[str, Loaded] = field(default_factory=dict)  # folder name -> what loading it gave
    changed: set[str] | None = None
    told: bool = False  # whether this load was told what changed: else every folder is read

    def report(self, paths: Collection[Path] | None) -> None:
        """The paths changed since the last build (None: not known, as before the watcher ran)."""
        if paths is None:
            self.changed = None
        elif self.changed is not None:
            for path in paths:  # through its folder (a file replaced by a link is itself changed), and whole
                self.changed.add(os.path.join(os.path.realpath(os.path.dirname(path)), os.path.basename(path)))
                self.changed.add(os.path.realpath(path))  # content/ itself as a link, say
        self.told = True

    def touched(self, content_dir: Path) -> dict[str, set[str] | None] | None:
        """The folders of content/ that a reported path is in, each with the names of the files
        reported in it (None: the folder itself); None: every folder may have changed (content/
        itself or a folder above it was reported, or nothing is known)."""
        if self.changed is None or not self.told:
            return None
        root = os.path.realpath(content_dir)
        found: dict[str, set[str] | None] = {}
        for path in self.changed:
            if path == root or root.startswith(path.rstrip(os.sep) + os.sep):
                return None
            if path.startswith(root + os.sep):
                folder, _, name = path[len(root) + 1:].partition(os.sep)
                names = found.setdefault(folder, set())
                if names is not None and name:
                    names.add(name)  # deeper ("sub/x.yaml") holds no record: the folder is read whole
                else:
                    found[folder] = None
        return found

    def loaded(self, loads: dict[str, Loaded]) -> None:
        """A load completed: what it gave, and nothing changed since (until the next report)."""
        self.loads, self.changed, self.told = loads, set(), False


def _folder_load(folder: os.DirEntry, last: Loaded | None, touched: dict[str, set[str] | None] | None,
                 cache: dict | None, fork: bool = False) -> Loaded:
    """The folder's load: the last one (`last`, given when `touched` says what changed since), as it
    was or with only its reported files read again; else the folder read whole."""
    if last is not None:
        if folder.name not in touched:
            return last
        again = _with_files_read_again(last, folder, touched[folder.name])
        if again is not None:
            return again
    part = Loaded(Corpus(), Problems(), {}, cache=cache, fork=fork)
    _load_folder(folder, part)
    return part


def _with_files_read_again(last: Loaded, folder: os.DirEntry, names: set[str] | None) -> Loaded | None:
    """The folder's last load with only the files `names` read again, when each held one of its
    records then and is still a plain file: the folder's listing is as it was, and so are its
    problems. None when the folder must be read whole: a file came, went or became something
    else (its listing's problems may change too), or a file that had failed to load is back
    (its record's place among the others is the listing's)."""
    if names is None or last.cache is None or folder.name not in (ARTICLES, *FOLDERS):
        return None
    shown_folder = display_path(folder)
    files = {display_in(shown_folder, name): name for name in sorted(names)}
    kind = "article" if folder.name == ARTICLES else FOLDERS[folder.name][0]
    keys = {shown: last.files.get(shown) for shown in files}  # display path -> "kind:id"
    for shown, name in files.items():
        key = keys[shown]
        if key is None or key.partition(":")[2] not in last.corpus.records(kind) or not _plain_file(folder, name):
            return None
    corpus = Corpus(unloaded=set(last.corpus.unloaded))
    records = corpus.records(kind)
    records.update(last.corpus.records(kind))
    again = Loaded(corpus, last.problems.without(files.keys()), dict(last.files), dict(last.digests), last.cache)
    for shown, name in files.items():
        record_id = keys[shown].partition(":")[2]
        again.digests.pop(keys[shown])  # a file that cannot be read has none
        record = again.load(keys[shown], Path(folder.path, name), *_reader(folder.name, record_id), shown)
        if record is None:  # its place stays out of the listing's order, as a full load leaves it
            del records[record_id]
            corpus.unloaded.add(f"{kind}:{record_id}")
        else:
            records[record_id] = record
    return again


def _reader(folder: str, record_id: str) -> tuple[int, Callable[[str, bytes, Problems], Any]]:
    """The size limit and the parser of a file of the folder."""
    if folder == ARTICLES:
        return MAX_ARTICLE_BYTES, partial(_article, record_id)
    return MAX_FILE_BYTES, partial(_record, FOLDERS[folder][1])


def _plain_file(folder: os.DirEntry, name: str) -> bool:
    try:
        return stat.S_ISREG(os.lstat(os.path.join(folder.path, name)).st_mode)
    except OSError:
        return False


def _merge(loaded: Loaded, part: Loaded) -> None:
    """One folder's load into the whole: in the order the folders are read, as if read into it."""
    for kind in ("article", *(kind for kind, _ in FOLDERS.values())):
        loaded.corpus.records(kind).update(part.corpus.records(kind))
    loaded.corpus.unloaded |= part.corpus.unloaded
    loaded.problems.extend(part.problems)
    loaded.files.update(part.files)
    loaded.digests.update(part.digests)


def check_no_links(root: Path, problems: Problems) -> None:
    """Refuse symbolic links anywhere under `root` (the theme): Pelican would copy whatever a
    link points at, /proc/self/environ included, into the published site."""
    for folder, dirs, files in os.walk(root):  # os.walk does not follow links
        for name in sorted(dirs + files):
            path = Path(folder) / name
            if path.is_symlink():
                problems.error(Mark(display_path(path)), "symlink", "symbolic links are not allowed in the theme",
                               "replace the link with the file itself")


def _entries(folder: Entry, problems: Problems) -> list[os.DirEntry] | None:
    """The folder's entries in a stable order, refusing links, unreadable entries and names
    that differ only in case or Unicode form (one would overwrite the other on macOS or
    Windows, and the site's addresses could not tell them apart). os.scandir's entries know
    whether they are links, files or folders without a system call each (60,000 files at
    N=10,000)."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as exc:
        problems.error(Mark(display_path(folder)), "unreadable", f"cannot read folder: {exc.strerror}",
                       "check the folder's permissions")
        return None
    if len(entries) > MAX_ENTRIES:
        problems.error(Mark(display_path(folder)), "too-many-files",
                       f"the folder holds {len(entries):,} entries; the limit is {MAX_ENTRIES:,}",
                       "check for generated or copied files")
        return None
    found, folded = [], {}
    for path in entries:
        name = path.name
        if path.is_symlink():
            problems.error(Mark(display_path(path)), "symlink", "symbolic links are not allowed in content/",
                           "replace the link with the file itself")
        elif _IGNORED.search(name):
            problems.notice(Mark(display_path(path)), "ignored-file",
                            "skipped: an editor's backup, temporary or hidden file",
                            "nothing to do; it is never read or published (delete it if you do not need it)")
        else:
            key = unicodedata.normalize("NFKC", name).casefold()
            if key in folded:
                problems.error(Mark(display_path(path)), "name-collision",
                               f"'{name}' differs from '{folded[key]}' only in case or Unicode form",
                               "keep one of the two files; file names are lowercase ids")
            folded.setdefault(key, name)
            found.append(path)
    return found


def _unexpected(path: Entry, problems: Problems, hint: str) -> None:
    problems.error(Mark(display_path(path)), "unexpected-file", f"unexpected {'folder' if path.is_dir() else 'file'} "
                   f"'{path.name}'", hint)


def _read(path: Entry, problems: Problems, limit: int) -> bytes | None:
    """The file's bytes, reading no more than the size limit allows (a 50 MB paste is refused
    at once, not parsed)."""
    try:
        with open(path, "rb") as file:
            data = file.read(limit + 1)
    except OSError as exc:
        problems.error(Mark(display_path(path)), "unreadable", f"cannot read file: {exc.strerror}",
                       "check the file's permissions")
        return None
    if len(data) > limit:
        problems.error(Mark(display_path(path)), "file-too-large",
                       f"file is {os.stat(path).st_size:,} bytes; the limit is {limit:,}",
                       "split the record or remove pasted material")
        return None
    return data


def _load_folder(folder: Entry, loaded: Loaded) -> None:
    if folder.name == ARTICLES:
        _load_articles(folder, loaded)
    elif folder.name in FOLDERS:
        _load_records(folder, FOLDERS[folder.name][0], loaded)
    else:
        _unexpected(folder, loaded.problems, f"expected one of: {', '.join([ARTICLES, *FOLDERS])}")


def _record_id(path: os.DirEntry, suffix: str, problems: Problems, seen: dict[str, os.DirEntry]) -> str | None:
    stem, found_suffix = _split_name(path.name)
    if not path.is_file() or found_suffix not in (suffix, ".yml" if suffix == ".yaml" else suffix):
        _unexpected(path, problems, f"records here are '<id>{suffix}' files")
        return None
    if found_suffix == ".yml":
        if stem in seen:
            problems.error(Mark(display_path(path)), "duplicate-id", f"id '{stem}' is defined twice: "
                           f"here and in {display_path(seen[stem])}", "keep one file and delete the other")
        else:
            problems.error(Mark(display_path(path)), "wrong-extension", "YAML files must end in '.yaml'",
                           f"rename it to {stem}.yaml")
        return None
    if len(stem) > ID_MAX_CHARS or not _ID.fullmatch(stem):
        problems.error(Mark(display_path(path)), "bad-id", f"file name '{stem}' is not a valid id",
                       "ids use lowercase letters, digits and single hyphens, e.g. 'steve-witkoff'")
        return None
    seen[stem] = path
    return stem


def _split_name(name: str) -> tuple[str, str]:
    """(stem, suffix) as pathlib splits a file name: "a.b.yaml" -> ("a.b", ".yaml"), ".x" -> (".x", "")."""
    dot = name.rfind(".")
    return (name[:dot], name[dot:]) if 0 < dot < len(name) - 1 else (name, "")


def _load_records(folder: Entry, kind: str, loaded: Loaded) -> None:
    records = loaded.corpus.records(kind)
    for record_id, record in _load_each(folder, kind, ".yaml", loaded):
        if record is not None:
            records[record_id] = record
        else:
            loaded.corpus.unloaded.add(f"{kind}:{record_id}")


def _load_articles(folder: Entry, loaded: Loaded) -> None:
    for article_id, article in _load_each(folder, "article", ".md", loaded):
        if article is not None:
            loaded.corpus.articles[article_id] = article
        else:
            loaded.corpus.unloaded.add(f"article:{article_id}")


def _load_each(folder: Entry, kind: str, suffix: str, loaded: Loaded) -> list[tuple[str, Any]]:
    """(id, what its file holds, None if it failed to load) of each file of the folder that
    is named as a record; the folder's listing and its names' problems reported."""
    seen: dict[str, Path] = {}
    entries = _entries(folder, loaded.problems)
    if entries is None:
        loaded.corpus.unloaded.add(f"{kind}:*")
    shown = display_path(folder)
    jobs = []
    for path in entries or []:
        record_id = _record_id(path, suffix, loaded.problems, seen)
        if record_id is not None:
            jobs.append((f"{kind}:{record_id}", path, *_reader(folder.name, record_id), display_in(shown, path.name)))
    return [(key.partition(":")[2], found) for (key, *_), found in zip(jobs, loaded.load_all(jobs))]


def _load_center(path: os.DirEntry, loaded: Loaded) -> None:
    if not path.is_file():  # a folder, or a pipe that would block the read forever
        _unexpected(path, loaded.problems, f"{CENTER_FILE} must be a plain file")
        return
    loaded.corpus.center = loaded.load("center:center", path, MAX_FILE_BYTES, partial(_record, Center))


def _article(article_id: str, shown: str, data: bytes, problems: Problems) -> Any:
    return load_article(data, shown, article_id, problems)


def _record(cls: type, shown: str, data: bytes, problems: Problems) -> Any:
    node = load_yaml(data, shown, problems)
    return convert(node, cls, shown, problems) if node else None
