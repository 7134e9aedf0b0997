"""Parsed files kept on disk between processes, where no pull request can forge them.

A fresh `explainer build` or `check` would parse every record and article again. This
keeps `load.py`'s `{display path: Parsed}` in the user's cache folder, never in the
repository: a pull request can write files there, and a cached record is trusted without
being validated again. Each shard is signed (signed.py: an HMAC-SHA256 made with a random
key that never leaves that folder), checked before anything is unpickled. Whatever is wrong with a
shard or the key makes the build slower, never wrong, and never fails it: the part is
ignored (and removed). Entries come back without their file stamps, so every file is
read and its digest compared before a cached record is used.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import shutil
import sys
import zlib
from functools import cache
from pathlib import Path

import yaml

from ..model.collector import collector_paused
from .load import Parsed
from .signed import DiskCache, machine_key, private_folder, read_signed, remove, write_signed

SWITCH = "EXPLAINER_DISK_CACHE"  # "0" turns the cache off, "1" on (also on Netlify)
FOLDER = "EXPLAINER_CACHE_DIR"
SHARDS = 32  # an edit rewrites one shard: 1/32 of the pickling
KEY_FILE = "key"
KEEP_FOLDERS = 16  # caches of other content folders or code versions; the least recently used go
_SHARD = re.compile(r"\A(\d\d)-([0-9a-f]{16})\Z")
_FOLDER_NAME = re.compile(r"\A[0-9a-f]{32}\Z")


def open_cache(content_dir: Path) -> DiskCache | None:
    """The cache of this content folder, or None: turned off, inside the project, or no key."""
    if not _turned_on():
        return None
    base = cache_root()
    if base is None or _inside_project(base, content_dir):
        return None
    try:
        private_folder(base)
        key = machine_key(base / KEY_FILE)
        folder = base / _folder_name(content_dir)
        private_folder(folder)
        os.utime(folder)  # recently used: kept by _prune
    except OSError:
        return None
    return DiskCache(folder, key) if key is not None else None


def _turned_on() -> bool:
    """On unless turned off; off by default on Netlify, whose builders run pull requests' code
    (the deploy previews' `make site`) and keep a build cache between deploys: code that runs
    can read the key, so there the cache could be forged for the production build."""
    default = "0" if os.environ.get("NETLIFY") == "true" else "1"
    return (os.environ.get(SWITCH) or default) != "0"


def cache_root() -> Path | None:
    """$EXPLAINER_CACHE_DIR, else $XDG_CACHE_HOME/explainer, else ~/.cache/explainer (None
    without a home)."""
    if os.environ.get(FOLDER):
        return Path(os.environ[FOLDER]).absolute()
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):  # a relative one is ignored, as the XDG specification says
        return Path(xdg) / "explainer"
    try:
        return Path.home() / ".cache" / "explainer"
    except RuntimeError:
        return None


def load_entries(disk: DiskCache) -> dict[str, Parsed]:
    """Every entry of every sound shard; the others are removed."""
    entries: dict[str, Parsed] = {}
    for name in _shard_names(disk.folder):
        shard = _read_shard(disk, disk.folder / name)
        if shard is None:
            remove(disk.folder / name)
        else:
            entries.update(shard)
    return entries


def save_entries(disk: DiskCache, entries: dict[str, Parsed]) -> None:
    """Write the shards whose entries changed since they were written (new, removed or
    re-parsed files); remove those left empty. A shard's name is a digest of its entries."""
    groups: dict[int, dict[str, Parsed]] = {}
    for path, parsed in entries.items():
        groups.setdefault(_shard_of(path), {})[path] = Parsed((), parsed.digest, parsed.record, parsed.problems)
    present = _shard_names(disk.folder)
    for index in range(SHARDS):
        group = groups.get(index)
        wanted = _shard_name(index, group) if group else None
        if wanted is not None and wanted not in present:
            _write_shard(disk, wanted, group)
        for name in present:
            if name.startswith(f"{index:02d}-") and name != wanted:
                remove(disk.folder / name)
    _prune(disk.folder.parent, keep=disk.folder.name)


@cache
def code_version() -> str:
    """A digest of this package's code, Python's and PyYAML's versions: records made by other
    code are never reused."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.blake2b(f"{sys.version}\0{yaml.__version__}\0{pickle.HIGHEST_PROTOCOL}".encode())
    for source in sorted(package.rglob("*.py")):
        digest.update(str(source.relative_to(package)).encode() + b"\0" + source.read_bytes() + b"\0")
    return digest.hexdigest()


def _folder_name(content_dir: Path) -> str:
    what = f"{content_dir.resolve()}\0{os.getcwd()}\0{code_version()}"
    return hashlib.blake2b(what.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def _inside_project(base: Path, content_dir: Path) -> bool:
    """True if the cache would sit in the working directory or the content's project, where a
    pull request could plant both a key and shards signed with it."""
    where = base.resolve()
    for project in (Path.cwd().resolve(), content_dir.resolve().parent):
        if where == project or project in where.parents:
            return True
    return False


def _shard_of(path: str) -> int:
    return zlib.crc32(path.encode("utf-8", "surrogateescape")) % SHARDS


def _shard_name(index: int, group: dict[str, Parsed]) -> str:
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(group):
        digest.update(f"{path}\0{group[path].digest}\0".encode("utf-8", "surrogateescape"))
    return f"{index:02d}-{digest.hexdigest()}"


def _shard_names(folder: Path) -> set[str]:
    try:
        return {name for name in os.listdir(folder) if _SHARD.match(name)}
    except OSError:
        return set()


def _read_shard(disk: DiskCache, path: Path) -> dict[str, Parsed] | None:
    """The shard's entries if its HMAC is right (checked before unpickling) and it holds
    what we write; else None."""
    payload = read_signed(disk, path.name)
    if payload is None:
        return None
    try:
        with collector_paused():
            shard = pickle.loads(payload)
    except Exception:  # authentic but unreadable (a bug of ours): the slower build, never a failed one
        return None
    if not isinstance(shard, dict) or not all(isinstance(k, str) and isinstance(v, Parsed) for k, v in shard.items()):
        return None
    return shard


def _write_shard(disk: DiskCache, name: str, group: dict[str, Parsed]) -> None:
    try:
        payload = pickle.dumps(group, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a record that cannot be pickled: that shard stays uncached
        return
    write_signed(disk, name, payload)


def _prune(base: Path, keep: str) -> None:
    """Remove the least recently used caches beyond KEEP_FOLDERS (other content folders and
    older code: each new code version starts its own)."""
    try:
        folders = [entry for entry in os.scandir(base) if _FOLDER_NAME.match(entry.name)
                   and entry.is_dir(follow_symlinks=False)]
    except OSError:
        return
    folders.sort(key=lambda entry: entry.stat(follow_symlinks=False).st_mtime_ns, reverse=True)
    for entry in folders[KEEP_FOLDERS:]:
        if entry.name != keep:
            shutil.rmtree(entry.path, ignore_errors=True)
