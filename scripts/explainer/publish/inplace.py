"""Publishing a rebuild in place: the files it wrote are moved into the published site one by
one, and the files it no longer has are deleted, instead of a whole new site being made of
hard links and swapped in. At 1,000 articles, linking the 5,000 unchanged pages and the
search index's files took a second of every rebuild: making 5,000 folders.

The result is the site a swap would have published, file for file: the staged files, the
unchanged pages, the published search index's base parts, and nothing else. It is only done
where nothing can go wrong half way for a reason the build could have seen first:
- after the whole result (`Merge.files`) passed the post-build check;
- on a site the manifest describes, in a real folder holding nothing but plain files and
  folders (`plan_merge` finds no symbolic link, so none planted there is written through);
  the dev server merges only into a site it published itself;
- never for a new search index, whose thousands of files are swapped in with the site.
A rebuild killed while moving leaves some pages new and some old. The manifest on disk still
describes the old ones, so the next build renders again every page whose file differs, and
indexes them for search again.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from .postcheck import site_files


@dataclass
class Merge:
    staged: dict[str, int]  # site path -> size: moved into the published site
    kept: dict[str, int]  # left where they are
    removed: list[str]  # deleted

    @property
    def files(self) -> dict[str, int]:
        """The published site's files once merged, with their sizes (for the post-build check)."""
        return {**self.kept, **self.staged}


def plan_merge(staging: Path, published: Path, keep: Callable[[str], bool], kept_folders: Collection[str] = (),
               last: PublishedFiles | None = None) -> Merge | None:
    """What merging `staging` into `published` does; `keep`: whether a published file that
    was not staged stays (an unchanged page). `kept_folders`: top-level folders that stay
    whole unless staged (the search index's parts), whose subfolders are not even listed.
    `last`: the published site's files as this process's last merge left them (then only what
    may have changed since is listed again). None if the published site holds a symbolic link
    or anything else that is neither a plain file nor a folder: it is then swapped, not merged."""
    staged = site_files(staging)
    kept: dict[str, int] = {}
    removed: list[str] = []
    shallow = set(kept_folders) - {n.split("/", 1)[0] for n in staged}
    odd: list[str] = []
    listed = site_files(published, shallow, odd=odd) if last is None else last.now(published, shallow, odd)
    if odd:
        return None
    for name, size in listed.items():
        if name in staged:
            continue
        if keep(name):
            kept[name] = size
        else:
            removed.append(name)
    return Merge(staged, kept, sorted(removed))


@dataclass
class PublishedFiles:
    """The published site's files as a merge left them, with their sizes. Between two rebuilds
    only the search index's background catch-up writes to the site (under the same lock as the
    rebuilds), into the top-level folders `volatile` names, and those are listed again; every
    other file is as merged. Listing the whole site (4,000 folders at 1,000 articles) took a
    tenth of a second of every save. A page changed or deleted by hand is still noticed: every
    unchanged page's file is compared with the manifest before it is kept (incremental.py)."""

    files: dict[str, int]
    volatile: Callable[[str], bool]

    def now(self, published: Path, shallow: Collection[str], odd: list[str] | None = None) -> dict[str, int]:
        folders = {name.partition("/")[0] for name in self.files if "/" in name}
        stable = {folder for folder in folders if not self.volatile(folder)}  # asked once per folder
        found = {name: size for name, size in self.files.items() if "/" in name and name.partition("/")[0] in stable}
        found.update(site_files(published, shallow, only=self.volatile, odd=odd))
        return found


def plain_files(published: Path) -> dict[str, int] | None:
    """The published site's files with their sizes (none if there is no such folder); None if
    it is or holds a symbolic link, or anything else that is neither a plain file nor a folder.
    A build folder is not trusted (a pull request can commit one): a link in it to a file
    of the machine whose size and time a forged manifest gives would be published as a page
    unchanged, so a build that finds one keeps nothing of the published site."""
    if published.is_symlink():
        return None
    if not published.is_dir():
        return {}
    odd: list[str] = []
    found = site_files(published, odd=odd)
    return None if odd else found


def merge(staging: Path, published: Path, plan: Merge) -> None:
    """Delete what goes, then move each staged file into place (each move is atomic: a
    reader sees the old file or the new one)."""
    for name in plan.removed:
        (published / name).unlink(missing_ok=True)
    _remove_empty_folders(published, plan.removed)
    made: set[Path] = set()
    for name in sorted(plan.staged):
        target = published / name
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        os.replace(staging / name, target)


def _remove_empty_folders(root: Path, removed: list[str]) -> None:
    """The folders that held only deleted files (a removed record's page), deepest first."""
    folders = {parent for name in removed for parent in Path(name).parents if parent != Path(".")}
    for folder in sorted(folders, key=lambda path: len(path.parts), reverse=True):
        try:
            (root / folder).rmdir()
        except OSError:  # not empty: it holds pages that stay
            pass
