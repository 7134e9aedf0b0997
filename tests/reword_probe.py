"""A probe for tests that depend on today's content: in a clone of the repository, make the
editorial changes an editor makes every week, which must never turn the suite red.

    git clone -q . /tmp/probe && .venv/bin/python tests/reword_probe.py [--rename] /tmp/probe
    cd /tmp/probe && git add -A && git commit -qm probe && .ci/run

It rewords every name, title and statement of content/ (a word added at the end), and adds
an actor whose id is the first actor's id with "-office" added (a near id, which changes
"did you mean" hints), named in the first event. With --rename it also gives every article
and record a new id (RENAMED added to its file's name and to every reference to it), as an
editor who renames or removes a record changes the ids the content holds. The content stays
valid: it then runs `explainer check --strict` and `explainer format --check` on the clone
and fails if either does. A test the suite then fails is a test of today's content, not of
the product.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

VALUE = re.compile(r"^(\s*(?:- )?(?:text|title|name|summary): )(.*)$")
ADDED = " Reworded"
ACTOR_LIST = re.compile(r"^actors: \[(.+)\]$", re.MULTILINE)
RENAMED = "-renamed"
RECORD_FOLDERS = ("actors", "questions", "events", "disagreements")


def reworded_line(line: str) -> str:
    """The line with ADDED at the end of its value, inside its quotes; block and flow values left alone."""
    match = VALUE.match(line)
    if not match or not match[2] or match[2][0] in "|>[{&*!#":
        return line
    value = match[2]
    if value[0] in "'\"":
        closed = len(value) > 1 and value[-1] == value[0]
        return match[1] + value[:-1] + ADDED + value[-1] if closed else line
    return match[1] + value + ADDED


def reword(content: Path) -> int:
    """Reword every record under `content`; how many values changed."""
    changed = 0
    for path in sorted(content.rglob("*.yaml")):
        lines = path.read_text("utf-8").split("\n")
        new = [reworded_line(line) for line in lines]
        changed += sum(old != line for old, line in zip(lines, new))
        path.write_text("\n".join(new), "utf-8")
    return changed


def add_near_actor(content: Path) -> str:
    """A new actor citing what the first actor's role cites, named in the first event with an
    `actors: [...]` line: its id."""
    first = sorted((content / "actors").glob("*.yaml"))[0]
    cite = first.read_text("utf-8").split("\nrole:\n", 1)[1].split("\n  cite:\n", 1)[1]
    cite = "\n".join(line for line in cite.split("\n")[:2])  # its first article and quote
    actor_id = f"{first.stem}-office"
    (content / "actors" / f"{actor_id}.yaml").write_text(
        "# yaml-language-server: $schema=../../schemas/actor.schema.json\n"
        f"name: The office of {actor_id}\nkind: organization\nrole:\n  text: Its staff.\n  cite:\n{cite}\n", "utf-8")
    for event in sorted((content / "events").glob("*.yaml")):
        text = event.read_text("utf-8")
        if ACTOR_LIST.search(text):
            event.write_text(ACTOR_LIST.sub(lambda m: f"actors: [{m[1]}, {actor_id}]", text, count=1), "utf-8")
            return actor_id
    raise SystemExit("no event with an `actors: [...]` line to name the new actor in")


def rename_ids(clone: Path) -> int:
    """Give every article and record under the clone's content/ a new id: RENAMED added to
    its file's name and, at the line and column the loader records, to each reference to it.
    How many references changed."""
    sys.path.insert(0, str(clone / "scripts"))
    from explainer.check.walk import iter_refs
    from explainer.read.load import load_content

    here = os.getcwd()
    os.chdir(clone)  # the loader's marks are relative to where it runs
    try:
        loaded = load_content(Path("content"))
    finally:
        os.chdir(here)
    corpus = loaded.corpus
    places: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    records = [*corpus.actors.values(), *corpus.questions.values(), *corpus.events.values(),
               *corpus.disagreements.values(), *corpus.articles.values(), corpus.center]
    for record in filter(None, records):
        for use in iter_refs(record):
            places[use.mark.path].append((use.mark.line, use.mark.col, use.target))
    for path, found in places.items():
        _add_at(clone / path, found)
    for folder in (*RECORD_FOLDERS, "articles"):
        for path in sorted((clone / "content" / folder).iterdir()):
            path.rename(path.with_name(path.stem + RENAMED + path.suffix))
    return sum(len(found) for found in places.values())


def _add_at(path: Path, places: list[tuple[int, int, str]]) -> None:
    """RENAMED added after each id at (line, col) in the file, right to left along each line."""
    lines = path.read_text("utf-8").split("\n")
    for line, col, target in sorted(places, reverse=True):
        text, start = lines[line - 1], col - 1
        start += text[start:start + 1] in "'\""  # a quoted id's mark is at its quote
        if not text.startswith(target, start):
            raise SystemExit(f"{path}:{line}:{col}: expected the id {target!r} there: fix the probe")
        end = start + len(target)
        lines[line - 1] = text[:end] + RENAMED + text[end:]
    path.write_text("\n".join(lines), "utf-8")


def main(clone: Path, rename: bool) -> int:
    content = clone / "content"
    if rename:
        print(f"every id renamed: {rename_ids(clone)} references changed")
    print(f"{reword(content)} values reworded; actor {add_near_actor(content)} added")
    env = {**os.environ, "PYTHONPATH": str(clone / "scripts")}  # the clone's code, not an installed copy
    for command in (["check", "--strict"], ["format", "--check"]):
        result = subprocess.run([sys.executable, "-m", "explainer", *command], cwd=clone, env=env)
        if result.returncode != 0:
            print(f"the probe made content that fails `explainer {' '.join(command)}`: fix the probe", file=sys.stderr)
            return 1
    print("the reworded content passes check --strict and format --check")
    return 0


if __name__ == "__main__":
    arguments = sys.argv[1:]
    renaming = "--rename" in arguments
    arguments = [a for a in arguments if a != "--rename"]
    if len(arguments) != 1:
        raise SystemExit(__doc__)
    raise SystemExit(main(Path(arguments[0]), renaming))
