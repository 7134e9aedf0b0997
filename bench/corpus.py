"""Synthetic corpora with the shape of content/, for measuring how the build scales.

    .venv/bin/python bench/corpus.py OUT --articles 1000 [--seed 0]

writes OUT/content/ (N articles of 600-900 words made of the real articles' paragraphs,
5×N records, 20×N citations, one center.yaml; `explainer check --strict` passes) and the
same article texts as a plain Pelican site in OUT/pelican/ and a plain Hugo site in
OUT/hugo/. The same seed gives the same files, byte for byte.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from plain_sites import write_hugo, write_pelican
from synthetic_articles import SourceArticle, read_real_articles, synthetic_articles
from synthetic_records import Records, iter_citations, make_records

from explainer.read.articles import text_digest

REPO = Path(__file__).resolve().parent.parent
REAL_CONTENT = REPO / "content"
RECORD_FOLDERS = ("actors", "questions", "events", "disagreements")
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's, when the wheel has it: many times faster
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Counts:
    articles: int
    records: int
    citations: int

    def __str__(self) -> str:
        return f"{self.articles:,} articles, {self.records:,} records, {self.citations:,} citations"


def write_corpus(folder: Path, articles: int, seed: int = 0) -> Counts:
    rng = random.Random(seed)
    made = synthetic_articles(read_real_articles(REAL_CONTENT), articles, rng)
    records = make_records(made, REAL_CONTENT, rng)
    write_content(folder / "content", made, records)
    write_pelican(folder / "pelican", made)
    write_hugo(folder / "hugo", made)
    return count(folder / "content")


def write_content(content: Path, articles: list[SourceArticle], records: Records) -> None:
    (content / "articles").mkdir(parents=True)
    for article in articles:
        (content / "articles" / f"{article.id}.md").write_text(_article_file(article), encoding="utf-8")
    for name, folder in records.folders.items():
        (content / name).mkdir()
        for record_id, record in folder.items():
            _write_yaml(content / name / f"{record_id}.yaml", record)
    _write_yaml(content / "center.yaml", records.center)


def _article_file(article: SourceArticle) -> str:
    text = "\n".join(article.lines) + "\n"
    header = {"Title": article.title, "Label": article.label, "Date": article.date, "Outlet": "unknown",
              "Outlet-Note": "A synthetic text: it names no outlet.", "Author": "unknown", "Kind": "news report", "Show": "full", "URL": "unknown",
              "Seed": f"{article.id}.txt", "Received-SHA256": text_digest(text)}
    return "".join(f"{key}: {value}\n" for key, value in header.items()) + "\n" + text


def _write_yaml(path: Path, record: dict[str, Any]) -> None:
    text = yaml.dump(record, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000)
    path.write_text(text, encoding="utf-8")


def count(content: Path) -> Counts:
    """Articles, records (center excluded) and citations (center included) of a content folder."""
    files = [p for name in RECORD_FOLDERS for p in (content / name).glob("*.yaml")]
    citations = sum(len(list(iter_citations(yaml.load(p.read_bytes(), Loader=_Loader))))
                    for p in [*files, content / "center.yaml"])
    return Counts(len(list((content / "articles").glob("*.md"))), len(files), citations)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to create (must not exist)")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.out.exists():
        parser.error(f"{args.out} already exists")
    print(f"Wrote {write_corpus(args.out, args.articles, args.seed)} into {args.out}/")


if __name__ == "__main__":
    main()
