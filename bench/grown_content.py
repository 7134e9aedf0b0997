"""Content at ten times today's records per page, written from nothing (no real record is read):
a center with 500 facts (half of them on one topic), a source article with 1,000 cited passages, an actor with 200
claims, a timeline of 1,000 events, an index of 500 actors, a disagreement with three sides,
300 questions and 200 more (short) source articles for the questions and sources indexes.

    python bench/grown_content.py OUT [--scale 10]

OUT gets content/, and the repository's theme/ and pelicanconf.py, ready for
`explainer build`. `--scale 1` gives a tenth of each figure (a quick look).
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import yaml

from explainer.read.articles import text_digest

ROOT = Path(__file__).resolve().parent.parent
LONG = "long-report"  # the article with every cited passage
MONTHS = [f"2025-{m:02d}" for m in range(1, 13)]
HEADER = """Title: {title}
Label: {label}
Date: 2025-10
Date-Precision: approximate
Date-Note: Synthetic: the date is made up for the test.
Outlet: unknown
Outlet-Note: Synthetic: no outlet.
Author: unknown
Kind: news report
Show: full
URL: unknown
Seed: {id}.txt
Received-SHA256: {digest}

"""


def sentence(number: int) -> str:
    """A sentence that occurs once in the long article: its number closes it off."""
    return f"Item {number} of the plan was discussed by the officials at the center."


def cite(number: int, passages: int) -> list[dict[str, str]]:
    return [{"article": LONG, "quote": sentence(number % passages + 1)}]


def claim(text: str, number: int, passages: int, actors: list[str] | None = None) -> dict:
    found = {"text": text, "cite": cite(number, passages)}
    if actors:
        found["actors"] = actors
    return found


def write(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def grow(out: Path, scale: int = 10, indexes: bool = True) -> Path:
    """Write the content into out/content; returns out. `indexes`: with the questions and short
    articles that fill the questions and sources indexes (else one of each)."""
    passages, facts, claims, events, actors = 100 * scale, 50 * scale, 20 * scale, 100 * scale, 50 * scale
    questions, shorts = (30 * scale, 20 * scale) if indexes else (1, 0)
    content = out / "content"
    articles = content / "articles"
    articles.mkdir(parents=True)
    lines = [" ".join(sentence(n) for n in range(first, min(first + 5, passages + 1)))
             for first in range(1, passages + 1, 5)]
    text = "\n".join(lines) + "\n"
    (articles / f"{LONG}.md").write_text(HEADER.format(title="A long report", label="Long report", id=LONG,
                                                       digest=text_digest(text)) + text, encoding="utf-8")
    actor_ids = [f"actor-{n:04d}" for n in range(1, actors + 1)]
    for n, actor_id in enumerate(actor_ids):
        many = claims if n == 0 else 1
        write(content / "actors" / f"{actor_id}.yaml", {
            "name": f"Actor {n + 1:04d}", "kind": ("person", "state", "organization")[n % 3],
            "role": claim(f"Actor {n + 1} has a role in the plan.", n, passages),
            "claims": [claim(f"Actor {n + 1} said thing {k + 1}.", n * 7 + k, passages) for k in range(many)]})
    sections = ["names", "purpose", "location", "staff", "leadership", "partners", "working_groups", "monitoring",
                "timing", "limits"]
    center = {"name": "The coordination center",
              "summary": [claim(f"The center at a glance, point {k + 1}.", k, passages) for k in range(3)]}
    for k in range(facts):  # half of them on what it monitors, as a real center's one busy topic
        center.setdefault(sections[-3 if k % 2 else k // 2 % len(sections)], []).append(
            claim(f"Fact {k + 1} about the center.", k * 3, passages, [actor_ids[k % actors]]))
    write(content / "center.yaml", center)
    for k in range(events):
        month = MONTHS[k % len(MONTHS)]
        # Half with an exact day and no date note (a field left out), half approximate.
        when = {"date": f"{month}-15"} if k % 2 else {"date": month, "date_precision": "approximate",
                                                      "date_note": "Synthetic: the month is made up."}
        write(content / "events" / f"{month}-event-{k + 1:04d}.yaml", {
            **when, "title": f"Event {k + 1}", "text": f"Event {k + 1} happened.", "cite": cite(k * 11, passages),
            "actors": [actor_ids[k % actors]], **({"disagreement": "three-sides"} if k == 0 else {})})
    write(content / "disagreements" / "three-sides.yaml", {
        "title": "Which item came first?", "about": "fact",
        "sides": [claim(f"One side says item {k + 1} came first.", k * 13, passages) for k in range(3)],
        "actors": [actor_ids[0]], "center": True})
    write(content / "questions" / "what-next.yaml", {
        "title": "What comes next?", "status": "open",
        "why": [claim("It matters what comes next.", 5, passages)],
        "so_far": [claim("Little is known so far.", 6, passages)], "actors": [actor_ids[0]]})
    for k in range(1, questions):  # what-next is the first; a third of them answered in part
        write(content / "questions" / f"question-{k:04d}.yaml", {
            "title": f"What about item {k}?", "status": ("open", "partly answered")[k % 3 == 0],
            "why": [claim(f"Item {k} matters.", k, passages)], "so_far": [claim(f"Item {k} is unclear.", k + 1, passages)]})
    for k in range(1, shorts + 1):
        short_id, short = f"short-{k:04d}", f"A short report, number {k}.\n"
        (articles / f"{short_id}.md").write_text(HEADER.format(
            title=f"Short report {k}", label=f"Short {k}", id=short_id, digest=text_digest(short)) + short, "utf-8")
    for name in ("theme", "pelicanconf.py"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, out / name)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=int, default=10)
    args = parser.parse_args()
    grow(args.out, args.scale)


if __name__ == "__main__":
    main()
