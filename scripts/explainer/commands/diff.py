"""`explainer diff`: what a change does to the explainer, in its own terms, as Markdown.

Both revisions are loaded and built from clean copies (`git archive`), so the summary
shows records and statements added, removed or reworded, citations changed, question
statuses changed, and every output page that differs.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from ..check.walk import (
    actor_statements,
    center_statements,
    disagreement_statements,
    event_statement,
    question_statements,
)
from ..model.problems import printable
from ..model.records import Corpus
from ..read import diskcache
from ..site import Checked, check_content

TREE = ("content", "theme", "pelicanconf.py")
WORKTREE = "WORKTREE"
# The bot posts this as the project; the pull request wrote what follows it.
NOTICE = ("Generated automatically by `explainer diff` from this pull request's own content: not written, "
          "reviewed or approved by the maintainers. Text from records is shown as code, exactly as written.")


class DiffError(Exception):
    pass


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
    if result.returncode != 0:
        raise DiffError(f"git {' '.join(args)}: {result.stderr.strip()}")
    return result.stdout.strip()


def commit(repo: Path, revision: str) -> str:
    """The commit a revision names, refusing anything git could read as an option
    (`--output=…` would make `git archive` write a file)."""
    result = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"],
                            cwd=repo, capture_output=True, text=True)
    if result.returncode != 0:
        raise DiffError(f"{revision!r} is not a commit of this repository "
                        "(give a branch, tag or commit, e.g. main or HEAD~1)")
    return result.stdout.strip()


def default_base(repo: Path) -> str:
    for branch in ("origin/main", "main"):
        try:
            return git(repo, "merge-base", "--end-of-options", "HEAD", branch)
        except DiffError:
            continue
    return commit(repo, "HEAD")


def materialise(repo: Path, revision: str, into: Path) -> Path:
    """A copy of the revision's content, theme and settings (the working tree as it is)."""
    into.mkdir(parents=True)
    if revision == WORKTREE:
        import shutil

        for name in TREE:
            source = repo / name
            (shutil.copytree if source.is_dir() else shutil.copy)(source, into / name)
        return into
    archive = subprocess.run(["git", "archive", "--format=tar", "--end-of-options", revision, *TREE], cwd=repo,
                             capture_output=True)
    if archive.returncode != 0:
        raise DiffError(f"cannot read revision {revision}: {archive.stderr.decode().strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into


@dataclass
class Summary:
    records: list[str] = field(default_factory=list)
    statements: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    unrecorded: list[str] = field(default_factory=list)  # rewordings of a published record with no new `updates:`
    pages: dict[str, list[str]] = field(default_factory=lambda: {"changed": [], "added": [], "removed": []})


@dataclass
class Described:
    """A record as the summary names it: its label, page, title and statements."""

    label: str
    page: str
    title: str
    statements: list
    updates: int  # how many `updates:` entries it has


def record_statements(corpus: Corpus, urls: dict[str, str]) -> dict[str, Described]:
    """"kind:id" -> the record described, for every record and article. `urls`: where the
    layout put the records shown on a shared page (an event on its month's timeline page)."""
    names = {a: actor.name for a, actor in corpus.actors.items()}
    found: dict[str, Described] = {}
    for actor_id, actor in corpus.actors.items():
        found[f"actor:{actor_id}"] = Described(f"actor {actor.name}", f"actors/{actor_id}/", actor.name,
                                               actor_statements(actor, names), len(actor.updates))
    for question_id, question in corpus.questions.items():
        found[f"question:{question_id}"] = Described(f"question “{question.title}”", f"questions/{question_id}/",
                                                     question.title, question_statements(question),
                                                     len(question.updates))
    for event_id, event in corpus.events.items():
        found[f"event:{event_id}"] = Described(f"event {event.title}",
                                               urls.get(f"event:{event_id}", f"timeline/#{event_id}"), event.title,
                                               [event_statement(event)], len(event.updates))
    for d_id, disagreement in corpus.disagreements.items():
        found[f"disagreement:{d_id}"] = Described(f"disagreement “{disagreement.title}”",
                                                  urls.get(f"disagreement:{d_id}", f"disagreements/#{d_id}"),
                                                  disagreement.title, disagreement_statements(disagreement),
                                                  len(disagreement.updates))
    if corpus.center is not None:
        found["center:center"] = Described("the center", "center/", corpus.center.name,
                                           center_statements(corpus.center), len(corpus.center.updates))
    for article_id, article in corpus.articles.items():
        found[f"article:{article_id}"] = Described(f"article “{article.meta.title}”", f"sources/{article_id}/",
                                                   article.meta.title, [], 0)
    return found


def compare_records(old: Checked, new: Checked, summary: Summary) -> None:
    before = record_statements(old.loaded.corpus, old.layout.urls)
    after = record_statements(new.loaded.corpus, new.layout.urls)
    for key in sorted(after.keys() - before.keys(), key=lambda k: after[k].page):
        summary.records.append(f"Added {after[key].label} ({after[key].page})")
    for key in sorted(before.keys() - after.keys(), key=lambda k: before[k].page):
        summary.records.append(f"Removed {before[key].label} ({before[key].page})")
    for key in sorted(before.keys() & after.keys(), key=lambda k: after[k].page):
        was, now = before[key], after[key]
        if was.title != now.title:
            summary.records.append(f"Retitled {key.partition(':')[0]} “{was.title}” → “{now.title}” ({now.page})")
        changes = compare_statements(was.statements, now.statements)
        summary.statements += [f"{now.label}: {change}" for change in changes]
        if not key.startswith("article:") and now.updates <= was.updates:  # no `updates:` entry came with it
            reworded = [c for c in changes if c.startswith("reworded ")]
            if was.title != now.title:
                reworded.insert(0, f"retitled “{was.title}” → “{now.title}”")
            summary.unrecorded += [f"{now.label} ({now.page}): {change}" for change in reworded]
    _compare_statuses(old.loaded.corpus, new.loaded.corpus, summary)


def _compare_statuses(old: Corpus, new: Corpus, summary: Summary) -> None:
    for question_id in sorted(old.questions.keys() & new.questions.keys()):
        was, now = old.questions[question_id].status, new.questions[question_id].status
        if was != now:
            summary.statuses.append(f"“{new.questions[question_id].title}”: {was} → {now}")


def _cites(statement) -> list[tuple[str, str]]:
    return [(c.article, " ".join(c.quote.split())) for c in statement.cite]


def compare_statements(old: list, new: list) -> list[str]:
    changes = []
    matcher = difflib.SequenceMatcher(a=[s.text for s in old], b=[s.text for s in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            changes += [f"citation changed for “{n.text}”" for o, n in zip(old[i1:i2], new[j1:j2])
                        if _cites(o) != _cites(n)]
            continue
        pairs = list(zip(old[i1:i2], new[j1:j2])) if tag == "replace" else []
        for o, n in pairs:
            changes.append(f"reworded “{o.text}” → “{n.text}”")
        changes += [f"removed “{o.text}”" for o in old[i1 + len(pairs):i2]]
        changes += [f"added “{n.text}”" for n in new[j1 + len(pairs):j2]]
    return changes


def compare_sites(old: Path, new: Path, summary: Summary) -> None:
    before, after = _pages(old), _pages(new)
    summary.pages["added"] = sorted(after.keys() - before.keys())
    summary.pages["removed"] = sorted(before.keys() - after.keys())
    summary.pages["changed"] = sorted(p for p in before.keys() & after.keys() if before[p] != after[p])


def _pages(root: Path) -> dict[str, str]:
    pages = {}
    for path in root.rglob("*.html"):
        url = str(path.relative_to(root)).removesuffix("index.html")
        pages[url] = hashlib.sha256(path.read_bytes()).hexdigest()
    return pages


def build_copy(tree: Path) -> Path:
    output = tree / "build"
    result = subprocess.run([sys.executable, "-m", "explainer", "build", "--quiet", "--output", str(output)],
                            cwd=tree, capture_output=True, text=True)
    if result.returncode != 0:
        raise DiffError(f"the revision in {tree.name} does not build:\n{result.stderr}")
    return output


def load(tree: Path) -> Checked:
    checked = check_content(tree / "content")
    if checked.problems.errors:
        raise DiffError("content has errors:\n" + "\n".join(p.format() for p in checked.problems.errors))
    return checked


def summarise(repo: Path, base: str, head: str) -> Summary:
    summary = Summary()
    with tempfile.TemporaryDirectory(prefix="explainer-diff-") as scratch, _no_disk_cache():
        old_tree = materialise(repo, base, Path(scratch) / "base")
        new_tree = materialise(repo, head, Path(scratch) / "head")
        compare_records(load(old_tree), load(new_tree), summary)
        compare_sites(build_copy(old_tree), build_copy(new_tree), summary)
    return summary


@contextmanager
def _no_disk_cache() -> Iterator[None]:
    """The revisions are throwaway copies: their parsed files, cached under paths never seen
    again, would only fill the cache folder (read/diskcache.py). For the builds it runs too."""
    saved = os.environ.get(diskcache.SWITCH)
    os.environ[diskcache.SWITCH] = "0"
    try:
        yield
    finally:
        if saved is None:
            del os.environ[diskcache.SWITCH]
        else:
            os.environ[diskcache.SWITCH] = saved


def inert(text: str) -> str:
    """Text from content as one Markdown code span: shown exactly as written, it can never be a
    link, image, @mention, HTML, heading, rule, table or emphasis, nor start a line of its own."""
    text = printable(text)  # a line break in content would start a new Markdown block
    if not text:
        return ""
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)  # longer than any run inside
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else ""  # one space each side is dropped
    return f"{fence}{pad}{text}{pad}{fence}"


def _page_link(page: str, url_prefix: str) -> str:
    return f"[{inert(page or 'home')}]({url_prefix + quote(page, safe='/#', errors='backslashreplace') or './'})"


def markdown(summary: Summary, base: str, head: str, url_prefix: str = "") -> str:
    """Every piece of content goes through `inert` here, as it is printed."""
    lines = ["## What this change does to the explainer", "", NOTICE, "", f"Compared `{base[:12]}` with "
             f"{'the working tree' if head == WORKTREE else f'`{head[:12]}`'}.", ""]
    sections = [("Records", summary.records), ("Statements", summary.statements),
                ("Question status", summary.statuses),
                ("Reworded without an `updates:` entry (an unrecorded correction?)", summary.unrecorded)]
    for title, items in sections:
        if items:
            lines += [f"### {title}", "", *[f"- {inert(item)}" for item in items], ""]
    for kind in ("changed", "added", "removed"):
        pages = summary.pages[kind]
        if pages:
            lines += [f"### Pages {kind} ({len(pages)})", ""]
            lines += [f"- {_page_link(page, url_prefix)}" if kind != "removed" else f"- {inert(page or 'home')}"
                      for page in pages]
            lines.append("")
    if not any(items for _, items in sections) and not any(summary.pages.values()):
        lines += ["No change to the explainer's records or pages.", ""]
    return "\n".join(lines)
