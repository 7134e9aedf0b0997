"""A corpus ready for the three generators, and the one-file edits the rebuild rows make.

Each edit toggles a word at the end of a line, so every run really changes the file and
quotes stay valid: the record edit changes the text of a statement (not a quote); the
article edit changes its last paragraph, in our copy and in Pelican's and Hugo's alike.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from corpus import REAL_CONTENT, Counts, count, write_corpus
from plain_sites import write_hugo, write_pelican
from synthetic_articles import read_real_articles

from explainer.read.articles import restamped

REAL_SIZE = 5  # N=5 means the real content/, as it is
EDIT = " Edited."
_TEXT_LINE = re.compile(r"^\s*-?\s*text: (.+)$", re.MULTILINE)


@dataclass(frozen=True)
class Site:
    root: Path
    counts: Counts
    origin: str  # "the real content/" or "synthetic, seed 0"

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def first_article(self) -> str:
        """The id of the article the rebuild row edits, and whose page proves a build read it."""
        return min(self.content.glob("articles/*.md")).stem

    def article_files(self) -> list[Path]:
        """The article the rebuild row edits, in each generator's copy."""
        article_id = self.first_article
        return [self.content / "articles" / f"{article_id}.md", self.root / "pelican" / "content" / f"{article_id}.md",
                self.root / "hugo" / "content" / "posts" / f"{article_id}.md"]

    def record_file(self) -> Path:
        return min(self.content.glob("actors/*.yaml"))

    def edit_article(self) -> None:
        for path in self.article_files():
            _toggle_last_line(path)
        ours = self.article_files()[0]  # a synthetic text, so its proof of receipt is rewritten with it
        ours.write_text(restamped(ours.read_text("utf-8")), encoding="utf-8")

    def edit_record(self) -> None:
        path = self.record_file()
        text = path.read_text("utf-8")
        match = _TEXT_LINE.search(text)
        if match is None:
            raise ValueError(f"{path}: no 'text:' line to edit")
        path.write_text(text[:match.start(1)] + _toggled_value(match.group(1)) + text[match.end(1):], encoding="utf-8")


def _toggle_last_line(path: Path) -> None:
    lines = path.read_text("utf-8").rstrip("\n").split("\n")
    lines[-1] = _toggled(lines[-1])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _toggled_value(value: str) -> str:
    """The same for a YAML scalar on one line, inside its quotes if it has them."""
    quote = value[0]
    if quote in "'\"" and len(value) > 1 and value.endswith(quote):
        return quote + _toggled(value[1:-1]) + quote
    return _toggled(value)


def _toggled(line: str) -> str:
    return line.removesuffix(EDIT) if line.endswith(EDIT) else line + EDIT


def make_site(root: Path, articles: int, seed: int) -> Site:
    """N=5: a copy of the real content/; otherwise a synthetic corpus of `articles` articles."""
    if articles != REAL_SIZE:
        return Site(root, write_corpus(root, articles, seed), f"synthetic, seed {seed}")
    shutil.copytree(REAL_CONTENT, root / "content")
    real = read_real_articles(REAL_CONTENT)
    write_pelican(root / "pelican", real)
    write_hugo(root / "hugo", real)
    return Site(root, count(root / "content"), "the real content/")
