"""Benchmark: misquotes against a 2 MB article of long paragraphs (issue 15, hole 2).

Writes a copy of the real content plus one article just under the 2,000,000-byte limit,
made of 19 paragraphs of about 100,000 characters each (real paragraphs of the real
articles, joined), and one actor whose 100 claims cite it with quotes that are not in it:
960-character passages of the article with one word changed, one dropped or one added,
and shuffled words that are nowhere. Then it times `check` over that content, times the
closest-passage search of each misquote alone, and says how often the suggestion is the
passage the misquote was made from.

    .venv/bin/python bench/closest_passage.py [--old]

--old also times the first version of the search (every window of the paragraph) on one
misquote against one 100,000-character paragraph: about 20 s on the machines here.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO / "bench"))

from synthetic_articles import paragraph_pool, read_real_articles  # noqa: E402

from explainer.check.quotes import FOLD, Passages, normalise_quote  # noqa: E402
from explainer.site import check_content  # noqa: E402

ARTICLE_ID = "bench-long-paragraphs"
PARAGRAPHS, PARAGRAPH_CHARS, QUOTE_CHARS, MISQUOTES = 19, 100_000, 960, 100
HEADER = ("Title: A very long article\nLabel: Long article\nDate: 2025-10\nOutlet: unknown\nAuthor: unknown\n"
          "Kind: news report\nShow: full\nURL: unknown\nSeed: bench.txt\n\n")


def long_paragraphs(rng: random.Random) -> list[str]:
    pool = paragraph_pool(read_real_articles(REPO / "content"))
    paragraphs = []
    for _ in range(PARAGRAPHS):
        words: list[str] = []
        while sum(map(len, words)) + len(words) < PARAGRAPH_CHARS:
            words += rng.choice(pool).split()
        paragraphs.append(" ".join(words))
    return paragraphs


def misquote(paragraphs: list[str], rng: random.Random, kind: str) -> tuple[str, str]:
    """(the misquote, the passage it was made from; "" for words that are nowhere)."""
    words = rng.choice(paragraphs).split(" ")
    first = rng.randrange(max(1, len(words) - 400))
    last = first
    while len(" ".join(words[first:last + 1])) < QUOTE_CHARS:
        last += 1
    passage = words[first:last]
    changed = list(passage)
    middle = len(changed) // 2
    if kind == "changed":
        changed[middle] = "Zyxwvut"
    elif kind == "dropped":
        del changed[middle]
    elif kind == "added":
        changed.insert(middle, "Zyxwvut")
    else:
        rng.shuffle(changed)
        return " ".join(changed), ""
    return " ".join(changed), " ".join(passage)


def single_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def write_content(folder: Path, paragraphs: list[str], quotes: list[str]) -> Path:
    content = folder / "content"
    shutil.copytree(REPO / "content", content)
    (content / "articles" / f"{ARTICLE_ID}.md").write_text(HEADER + "\n".join(paragraphs) + "\n", encoding="utf-8")
    claims = "".join(f"  - text: Claim {i}.\n    cite:\n      - article: {ARTICLE_ID}\n        quote: {single_quoted(q)}\n"
                     for i, q in enumerate(quotes))
    role = (f"role:\n  text: A reader of long articles.\n  cite:\n    - article: {ARTICLE_ID}\n"
            f"      quote: {single_quoted(paragraphs[0][:60].rsplit(' ', 1)[0])}\n")
    (content / "actors" / "bench-misquoter.yaml").write_text(
        f"name: Bench Misquoter\nkind: person\n{role}claims:\n{claims}", encoding="utf-8")
    return content


_WORD = re.compile(r"\S+")


def _bare(word: str) -> str:
    return "".join(c for c in word.translate(FOLD).casefold() if c.isalnum())


def old_closest_passage(original: str, quote: str) -> tuple[str, float]:
    """The first version: every window of every paragraph (for the comparison only)."""
    wanted = [_bare(w) for w in normalise_quote(quote).split(" ")]
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted)
    best, best_score = "", 0.0
    for paragraph in original.split("\n"):
        words = [(m.start(), m.end(), _bare(m.group())) for m in _WORD.finditer(paragraph)]
        for size in (len(wanted), len(wanted) + 1):
            for first in range(max(1, len(words) - size + 1)):
                window = words[first:first + size]
                matcher.set_seq1([w[2] for w in window])
                if not window or matcher.real_quick_ratio() <= best_score or matcher.quick_ratio() <= best_score:
                    continue
                score = matcher.ratio()
                if score > best_score:
                    best, best_score = paragraph[window[0][0]:window[-1][1]], score
    return best, best_score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--old", action="store_true", help="also time the first version on one misquote")
    args = parser.parse_args()
    rng = random.Random(15)
    paragraphs = long_paragraphs(rng)
    kinds = ["changed", "dropped", "added", "nowhere"]
    made = [misquote(paragraphs, rng, kinds[i % 4]) for i in range(MISQUOTES)]
    article = "\n".join(paragraphs)
    print(f"article: {len((HEADER + article).encode()):,} bytes, {PARAGRAPHS} paragraphs of ~{PARAGRAPH_CHARS:,} "
          f"characters; {MISQUOTES} misquotes of ~{QUOTE_CHARS} characters ({', '.join(kinds)})")

    with tempfile.TemporaryDirectory(prefix="bench-closest-") as folder:
        content = write_content(Path(folder), paragraphs, [q for q, _ in made])
        started = time.perf_counter()
        problems = check_content(content).problems
        elapsed = time.perf_counter() - started
    not_found = [p for p in problems.errors if p.code == "quote-not-found"]
    print(f"check: {elapsed:.2f} s for the whole content, {len(not_found)} quote-not-found errors")

    started = time.perf_counter()
    passages = Passages(article)
    print(f"word index of the article: {time.perf_counter() - started:.2f} s (once per article)")
    times: list[float] = []
    right = dict.fromkeys(kinds[:3], 0)
    gc.disable()  # as in `check`, which pauses the cycle collector while it works (site.py)
    for i, (quote, source) in enumerate(made):
        started = time.perf_counter()
        found, _ = passages.closest(quote)
        times.append(time.perf_counter() - started)
        if kinds[i % 4] in right:
            # An added word: the window is one word longer than the passage, as in the first version.
            right[kinds[i % 4]] += found == source if kinds[i % 4] != "added" else source in found
    gc.enable()
    print(f"closest passage per misquote: median {statistics.median(times) * 1000:.1f} ms, "
          f"max {max(times) * 1000:.1f} ms")
    print(f"suggestion is the passage the misquote was made from: changed word {right['changed']} of 25, "
          f"dropped word {right['dropped']} of 25; holds it (and one word more) for an added word: "
          f"{right['added']} of 25")

    if args.old:
        compare_with_first_version(paragraphs, rng, kinds)


def compare_with_first_version(paragraphs: list[str], rng: random.Random, kinds: list[str]) -> None:
    quote, source = misquote(paragraphs[:1], rng, "changed")
    started = time.perf_counter()
    found, _ = old_closest_passage(paragraphs[0], quote)
    print(f"first version, one misquote against one {len(paragraphs[0]):,}-character paragraph: "
          f"{time.perf_counter() - started:.1f} s (suggestion is the source: {found == source})")
    short = [paragraph[:5_000].rsplit(" ", 1)[0] for paragraph in paragraphs[:4]]
    text, passages = "\n".join(short), Passages("\n".join(short))
    same: dict[str, int] = {}
    for i in range(16):
        quote = misquote(short, rng, kinds[i % 4])[0]
        new, old = passages.closest(quote), old_closest_passage(text, quote)
        # Below 0.3 no suggestion is shown (verify.py): shuffled words only have to stay there.
        agree = new == old if kinds[i % 4] != "nowhere" else max(new[1], old[1]) < 0.3
        same[kinds[i % 4]] = same.get(kinds[i % 4], 0) + agree
    print("as the first version, 16 misquotes against 4 paragraphs of 5,000 characters: same suggestion and score "
          f"for {same['changed'] + same['dropped'] + same['added']} of 12 changed, dropped or added words; "
          f"no suggestion shown (score below 0.3) for {same['nowhere']} of 4 shuffled")

if __name__ == "__main__":
    main()
