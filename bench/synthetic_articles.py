"""Source articles for the benchmark: the real ones, and synthetic ones made of their paragraphs.

A synthetic article is a random sample of the real articles' paragraphs, so every word is
real text that passes the same character checks as content/, plus a sentence of its own
(its "signature"), so no two articles are alike. Its length is a realistic 600-900 words.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

MIN_WORDS, MAX_WORDS = 600, 900
FALLBACK_DATE = "2025-10-01"  # Pelican and Hugo need a full date; some real articles have none
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class SourceArticle:
    id: str
    title: str
    label: str
    date: str  # YYYY-MM-DD
    paragraphs: tuple[str, ...]  # real text: what citations quote
    signature: str = ""  # a sentence only this article has; never quoted, so editing it is safe

    @property
    def lines(self) -> tuple[str, ...]:
        """The whole text, one paragraph per line."""
        return self.paragraphs + ((self.signature,) if self.signature else ())

    def words(self) -> int:
        return sum(len(line.split()) for line in self.lines)


def read_real_articles(content: Path) -> list[SourceArticle]:
    return [_read_article(path) for path in sorted((content / "articles").glob("*.md"))]


def _read_article(path: Path) -> SourceArticle:
    header, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    meta = dict(line.split(": ", 1) for line in header.splitlines())
    paragraphs = tuple(line for line in body.split("\n") if line.strip())
    return SourceArticle(path.stem, meta["Title"], meta["Label"], _full_date(meta["Date"]), paragraphs)


def _full_date(text: str) -> str:
    """'2025-10' -> '2025-10-01'; 'unknown' -> a fixed date."""
    if text == "unknown":
        return FALLBACK_DATE
    padded = (text + "-01-01")[:10] if len(text) < 10 else text
    return padded if _FULL_DATE.match(padded) else FALLBACK_DATE


def paragraph_pool(real: list[SourceArticle]) -> list[str]:
    """Every distinct real paragraph (no tabs: quotes are copied into YAML, which forbids them)."""
    return list(dict.fromkeys(p for article in real for p in article.paragraphs if "\t" not in p))


def synthetic_articles(real: list[SourceArticle], count: int, rng: random.Random) -> list[SourceArticle]:
    pool = paragraph_pool(real)
    return [_synthetic_article(index, real[index % len(real)], pool, rng) for index in range(count)]


def _synthetic_article(index: int, model: SourceArticle, pool: list[str], rng: random.Random) -> SourceArticle:
    number = index + 1
    signature = f"This is report {number} of the synthetic benchmark corpus."
    own = len(signature.split())
    paragraphs = _sample_paragraphs(pool, rng.randint(MIN_WORDS, MAX_WORDS) - own, MAX_WORDS - own, rng)
    day = date(2025, 1, 1) + timedelta(days=index % 300)
    return SourceArticle(f"report-{number:05d}", f"{model.title} (report {number})", f"Report {number}",
                         day.isoformat(), paragraphs, signature)


def _sample_paragraphs(pool: list[str], target: int, ceiling: int, rng: random.Random) -> tuple[str, ...]:
    """Distinct paragraphs in random order until `target` words, never past `ceiling`."""
    chosen: list[str] = []
    words = 0
    for paragraph in rng.sample(pool, len(pool)):
        size = len(paragraph.split())
        if words + size <= ceiling:
            chosen.append(paragraph)
            words += size
        if words >= target:
            break
    return tuple(chosen)
