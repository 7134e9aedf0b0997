"""A small explainer the tests own: two articles and a few records, written into a scratch
project, so that tests can assert exact pages and counts that no editorial change to
content/ can move. Every record kind is here once; `check --strict` finds nothing."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from conftest import REPO

HARBOUR_TEXT = """\
Fishing boats return to the harbour as the ceasefire holds

Fishing boats returned to the harbour on Monday for the first time in weeks, local fishermen said.
A spokesman for the coordination center said monitors would visit the harbour every morning.
The fishermen said the catch was small but the mood was hopeful.
"""
CROSSING_TEXT = """\
Trucks crossed into the territory on Tuesday, a driver said.
The crossing opened at dawn and closed before noon, according to the driver.
Officials said monitors from the coordination center counted forty trucks.
"""


def article(title: str, label: str, text: str) -> str:
    return (f"Title: {title}\nLabel: {label}\nTitle-Source: editors\nTitle-Note: Written by the test.\n"
            "Date: 2025-10\nDate-Precision: approximate\nDate-Note: The text gives only a weekday.\n"
            "Outlet: unknown\nOutlet-Note: The text does not name its outlet.\nAuthor: unknown\nKind: news report\n"
            f"Show: full\nURL: unknown\nSeed: {label}.txt\nReceived-SHA256: "
            f"{hashlib.sha256(text.encode()).hexdigest()}\n\n{text}")


def cite(article_id: str, quote: str, indent: int) -> str:
    pad = " " * indent
    return f"{pad}cite:\n{pad}  - article: {article_id}\n{pad}    quote: '{quote}'\n"


FILES = {
    "articles/harbour-report.md": article("Boats return to the harbour", "harbour-report", HARBOUR_TEXT),
    "articles/crossing-report.md": article("Trucks cross at dawn", "crossing-report", CROSSING_TEXT),
    "center.yaml": "name: The coordination center\nsummary:\n  - text: Its monitors visit the harbour.\n"
                   + cite("harbour-report", "monitors would visit the harbour every morning", 4)
                   + "monitoring:\n  - text: Its monitors counted the trucks.\n"
                   + cite("crossing-report", "monitors from the coordination center counted forty trucks", 4),
    "actors/harbour-fishermen.yaml": "name: Harbour fishermen\nkind: organization\nrole:\n"
                                     "  text: Fishermen of the harbour.\n" + cite("harbour-report", "local fishermen said", 2)
                                     + "claims:\n  - text: They describe a small catch.\n"
                                     + cite("harbour-report", "the catch was small", 4),
    "actors/truck-driver.yaml": "name: Truck driver\nkind: person\nrole:\n  text: A driver at the crossing.\n"
                                + cite("crossing-report", "a driver said", 2),
    "events/2025-10-20-boats-return.yaml": "date: '2025-10'\ndate_precision: approximate\n"
                                           "date_note: The report gives only a weekday.\ntitle: Boats return\n"
                                           "text: Fishing boats returned to the harbour.\n"
                                           + cite("harbour-report", "Fishing boats returned to the harbour", 0)
                                           + "actors: [harbour-fishermen]\n",
    "events/2025-10-21-trucks-cross.yaml": "date: '2025-10'\ndate_precision: approximate\n"
                                           "date_note: The report gives only a weekday.\ntitle: Trucks cross\n"
                                           "text: Trucks crossed at dawn.\n"
                                           + cite("crossing-report", "The crossing opened at dawn", 0)
                                           + "actors: [truck-driver]\n",
    "questions/will-the-harbour-stay-open.yaml": "title: Will the harbour stay open?\nstatus: open\nwhy:\n"
                                                 "  - text: The boats depend on it.\n"
                                                 + cite("harbour-report", "for the first time in weeks", 4)
                                                 + "so_far:\n  - text: Monitors visit it.\n"
                                                 + cite("harbour-report", "visit the harbour every morning", 4)
                                                 + "actors: [harbour-fishermen]\n",
    "disagreements/how-long-the-crossing-opened.yaml": "title: How long was the crossing open?\nabout: fact\nsides:\n"
                                                       "  - text: It opened at dawn.\n"
                                                       + cite("crossing-report", "opened at dawn", 4)
                                                       + "  - text: It closed before noon.\n"
                                                       + cite("crossing-report", "closed before noon", 4)
                                                       + "actors: [truck-driver]\n",
}
ARTICLES = ["crossing-report", "harbour-report"]
ACTORS = ["harbour-fishermen", "truck-driver"]
QUESTIONS = ["will-the-harbour-stay-open"]
EVENTS = ["2025-10-20-boats-return", "2025-10-21-trucks-cross"]


def fixture_project(folder: Path) -> Path:
    """The repository's theme and settings with the fixture content: a project to build."""
    shutil.copytree(REPO / "theme", folder / "theme")
    shutil.copy(REPO / "pelicanconf.py", folder / "pelicanconf.py")
    for relative, text in FILES.items():
        path = folder / "content" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def add_filler_actors(project: Path, count: int) -> list[str]:
    """`count` more actors, each with its own page, citing the crossing report: a site with
    enough pages for the search index's share of changed pages (publish/search.py)."""
    ids = [f"filler-{number:03}" for number in range(1, count + 1)]
    for actor_id in ids:
        (project / "content/actors" / f"{actor_id}.yaml").write_text(
            f"name: Filler {actor_id[-3:]}\nkind: person\nrole:\n  text: A bystander, number {actor_id[-3:]}.\n"
            + cite("crossing-report", "a driver said", 2) + "  actors: [truck-driver]\n", encoding="utf-8")
    return ids


def add_events_citing(project: Path, count: int, quote: str = "the mood was hopeful", first: int = 0,
                      article_id: str = "harbour-report") -> list[str]:
    """`count` more events in October 2025, each citing the same passage (of the harbour report):
    a passage whose "cited by" list is long, and a timeline split into pages."""
    ids = [f"2025-10-{number % 28 + 1:02d}-event-number-{number}" for number in range(first, first + count)]
    for number, event_id in zip(range(first, first + count), ids):
        (project / "content/events" / f"{event_id}.yaml").write_text(
            "date: '2025-10'\ndate_precision: approximate\ndate_note: The report gives only a weekday.\n"
            f"title: The mood at the harbour, as the event number {number} of many reports it\n"
            "text: The mood was hopeful.\n" + cite(article_id, quote, 0) + "actors: [harbour-fishermen]\n",
            encoding="utf-8")
    return ids


def add_event_on_a_day(project: Path, date: str = "2025-10-05", title: str = "A crossing on a known day") -> str:
    """An event of the truck driver's dated to a day (the fixture's own are dated to the month)."""
    event_id = f"{date}-{title.lower().replace(' ', '-')}"
    (project / "content/events" / f"{event_id}.yaml").write_text(
        f"date: '{date}'\ntitle: {title}\ntext: The crossing opened at dawn.\n"
        + cite("crossing-report", "The crossing opened at dawn", 0) + "actors: [truck-driver]\n", encoding="utf-8")
    return event_id
