"""Broken content: every kind of mistake is an error at its file:line:col with a hint,
all of them in one run, a non-zero exit, and the previous build/ left exactly as it was."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest

from conftest import run_explainer, tree_digest
from explainer.site import check_content
from fixture_content import fixture_project

ACTOR = """\
name: Test Person
kind: person
role:
  text: A person in the story.
  cite:
    - article: crossing-report
      quote: "Officials said monitors from the coordination center"
"""
SIDES = ("sides:\n  - text: One.\n    cite:\n      - article: crossing-report\n        quote: opened at dawn\n"
         "  - text: Two.\n    cite:\n      - article: crossing-report\n        quote: closed before noon\n")


@pytest.fixture
def project(tmp_path) -> Path:
    """The tests' own explainer (fixture_content.py): the mistakes are made in it."""
    return fixture_project(tmp_path / "project")


def errors(project: Path, monkeypatch) -> list[str]:
    monkeypatch.chdir(project)
    return [p.format() for p in check_content(Path("content")).problems.errors]


def write(project: Path, relative: str, text: str) -> None:
    (project / relative).write_text(text, encoding="utf-8")


CASES = {
    "duplicate key": (
        "content/actors/test-person.yaml", ACTOR + "kind: state\n",
        "content/actors/test-person.yaml:8:1: error[duplicate-key]: key 'kind' appears twice: "
        "first at line 2, again here"),
    "misspelled key": (
        "content/actors/test-person.yaml", ACTOR + "alias:\n  - Tester\n",
        "content/actors/test-person.yaml:8:1: error[unknown-key]: unknown key 'alias'\n"
        "    hint: did you mean 'aliases'?"),
    "wrong type": (
        "content/actors/test-person.yaml", ACTOR + "aliases: Tester\n",
        "content/actors/test-person.yaml:8:10: error[wrong-type]: 'aliases' must be a list, found a text value"),
    "missing field": (
        "content/actors/test-person.yaml", ACTOR.replace("kind: person\n", ""),
        "content/actors/test-person.yaml:1:1: error[missing-field]: required field 'kind' is missing"),
    "value outside the list": (
        "content/actors/test-person.yaml", ACTOR.replace("kind: person", "kind: persn"),
        "content/actors/test-person.yaml:2:7: error[bad-value]: 'persn' is not a valid kind\n"
        "    hint: did you mean 'person'? allowed: person, state, organization"),
    "unknown actor": (
        "content/actors/test-person.yaml", ACTOR + "affiliations:\n  - actor: truck-drivr\n    relation: serves\n"
        "    cite:\n      - article: crossing-report\n        quote: a driver said\n",
        "content/actors/test-person.yaml:9:12: error[unknown-ref]: no actor with id 'truck-drivr'\n"
        "    hint: did you mean 'truck-driver'?"),
    "unknown article": (
        "content/actors/test-person.yaml", ACTOR.replace("article: crossing-report", "article: crossing-reprot"),
        "content/actors/test-person.yaml:6:16: error[unknown-ref]: no article with id 'crossing-reprot'\n"
        "    hint: did you mean 'crossing-report'?"),  # not also the far 'harbour-report'
    "unknown actor, no close match": (
        "content/actors/test-person.yaml", ACTOR + "affiliations:\n  - actor: drivers\n    relation: serves\n"
        "    cite:\n      - article: crossing-report\n        quote: a driver said\n",
        "content/actors/test-person.yaml:9:12: error[unknown-ref]: no actor with id 'drivers'\n"
        "    hint: did you mean 'truck-driver'?"),
    "unknown question": (
        "content/disagreements/test-box.yaml",
        "title: A test\nabout: fact\nquestions: [will-it-hold]\n" + SIDES,
        "content/disagreements/test-box.yaml:3:13: error[unknown-ref]: no question with id 'will-it-hold'"),
    "quote not in the article": (
        "content/actors/test-person.yaml", ACTOR.replace("monitors from the", "monitors of the"),
        "content/actors/test-person.yaml:7:14: error[quote-not-found]: quote not found in article "
        "'crossing-report'\n"
        "    quote:   Officials said monitors of the coordination center\n"
        "    closest: Officials said monitors from the coordination center\n"
        "    diff:    Officials said monitors [-from-] {+of+} the coordination center"),
    "duplicate id": (
        "content/actors/truck-driver.yml", ACTOR,
        "content/actors/truck-driver.yml:1:1: error[duplicate-id]: id 'truck-driver' is defined twice: "
        "here and in content/actors/truck-driver.yaml"),
    "duplicate name": (
        "content/actors/trucker.yaml", ACTOR.replace("Test Person", "Truck driver"),  # named after the first
        "content/actors/trucker.yaml:1:7: error[duplicate-name]: actor 'trucker' has the same name as 'truck-driver'"),
    "malformed id": (
        "content/actors/Test_Person.yaml", ACTOR,
        "content/actors/Test_Person.yaml:1:1: error[bad-id]: file name 'Test_Person' is not a valid id"),
    "empty text": (
        "content/actors/test-person.yaml", ACTOR.replace("text: A person in the story.", "text: ''"),
        "content/actors/test-person.yaml:4:9: error[empty]: 'text' is empty"),
    "unquoted number as text": (
        "content/actors/test-person.yaml", ACTOR.replace("name: Test Person", "name: 1984"),
        "content/actors/test-person.yaml:1:7: error[quote-needed]: '1984' would be read as a number"),
    "id clashing with a page element": (
        "content/disagreements/main.yaml",
        "title: A test\nabout: fact\ncenter: true\n" + SIDES,
        "content/disagreements/main.yaml:1:1: error[page-collision]: disagreement id 'main' would clash"),
    "file too large": (
        "content/actors/test-person.yaml", ACTOR + "# " + "x" * 1_100_000 + "\n",
        "content/actors/test-person.yaml:1:1: error[file-too-large]: file is 1,100,"),
    "malformed update date": (
        "content/actors/test-person.yaml", ACTOR + "updates:\n  - date: 21 November 2026\n    change: C.\n    reason: R.\n",
        "content/actors/test-person.yaml:9:11: error[bad-format]: '21 November 2026' is not a valid date"),
    "update dated a day February does not have": (
        "content/actors/test-person.yaml", ACTOR + "updates:\n  - date: '2026-02-29'\n    change: C.\n    reason: R.\n",
        "content/actors/test-person.yaml:9:11: error[bad-date]: '2026-02-29' is not a date on the calendar: "
        "February 2026 has 28 days\n    hint: check the date against the source"),
    "yaml syntax": (
        "content/actors/test-person.yaml", ACTOR + "claims: [unclosed\n",
        "content/actors/test-person.yaml:9:1: error[yaml-syntax]: YAML syntax:"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_each_mistake_is_located_with_a_hint(project, monkeypatch, case):
    relative, text, expected = CASES[case]
    write(project, relative, text)
    found = errors(project, monkeypatch)
    assert any(message.startswith(expected) for message in found), "\n".join(found)
    assert all("hint: " in message for message in found)


def test_an_actor_nothing_refers_to_is_a_warning(project, monkeypatch):
    write(project, "content/actors/test-person.yaml", ACTOR)
    monkeypatch.chdir(project)
    problems = check_content(Path("content")).problems
    assert [p.format().split("\n")[0] for p in problems.warnings] == [
        "content/actors/test-person.yaml:1:1: warning[unreferenced]: no other record refers to actor 'test-person'"]
    assert problems.errors == []


RECEIVED = "Received-SHA256: " + hashlib.sha256(b"Text.\n").hexdigest()  # the digest of the cases' text
ARTICLE_CASES = {
    "missing metadata": ("Title: T\nDate: 2025-10\n\nText.\n",
                         "content/articles/test-article.md:1:1: error[missing-field]: required field 'outlet' is missing"),
    "invalid date": ("Title: T\nLabel: L\nDate: 10/9/2025\nOutlet: unknown\nAuthor: unknown\nKind: news report\nShow: full\n"
                     "URL: unknown\nSeed: x.txt\n" + RECEIVED + "\n\nText.\n",
                     "content/articles/test-article.md:3:7: error[bad-format]: '10/9/2025' is not a valid date"),
    "impossible date": ("Title: T\nLabel: L\nDate: 2025-04-31\nOutlet: unknown\nAuthor: unknown\nKind: news report\n"
                        "Show: full\nURL: unknown\nSeed: x.txt\n" + RECEIVED + "\n\nText.\n",
                        "content/articles/test-article.md:3:7: error[bad-date]: '2025-04-31' is not a date on the "
                        "calendar: April 2025 has 30 days"),
    "duplicate metadata line": ("Title: T\nTitle: U\n\nText.\n",
                                "content/articles/test-article.md:2:1: error[duplicate-key]: metadata 'Title' "
                                "appears twice: first at line 1, again here"),
    "invented url": ("Title: T\nLabel: L\nDate: 2025\nOutlet: unknown\nAuthor: unknown\nKind: analysis\nShow: full\n"
                     "URL: javascript:alert(1)\nSeed: x.txt\n" + RECEIVED + "\n\nText.\n",
                     "content/articles/test-article.md:8:6: error[bad-url]: 'javascript:alert(1)' is not a web address"),
    "unknown metadata": ("Title: T\nPublisher: X\n\nText.\n",
                         "content/articles/test-article.md:2:1: error[unknown-key]: unknown key 'publisher'"),
}


@pytest.mark.parametrize("case", ARTICLE_CASES, ids=list(ARTICLE_CASES))
def test_article_metadata_mistakes_are_located(project, monkeypatch, case):
    text, expected = ARTICLE_CASES[case]
    write(project, "content/articles/test-article.md", text)
    found = errors(project, monkeypatch)
    assert any(message.startswith(expected) for message in found), "\n".join(found)


def test_article_not_utf8_is_located(project, monkeypatch):
    (project / "content/articles/test-article.md").write_bytes(b"Title: Caf\xe9\n\nText.\n")
    found = errors(project, monkeypatch)
    assert found[0].startswith("content/articles/test-article.md:1:11: error[not-utf8]: byte 0xe9 is not valid UTF-8")


@pytest.fixture
def previous_build(project) -> tuple[Path, dict[str, str]]:
    """A project with a successful build in build/, and that build's exact bytes."""
    result = run_explainer(project, "build", "--quiet")
    assert result.returncode == 0, result.stderr
    return project / "build", tree_digest(project / "build")


def test_failed_build_reports_every_error_and_leaves_build_untouched(project, previous_build):
    build, before = previous_build
    write(project, "content/actors/test-person.yaml", ACTOR + "kind: state\n")
    question = (project / "content/questions/will-the-harbour-stay-open.yaml").read_text()
    status_line = next(i for i, line in enumerate(question.split("\n"), start=1) if line.startswith("status: "))
    write(project, "content/questions/will-the-harbour-stay-open.yaml", re.sub("(?m)^status: .*$", "status: maybe", question))
    article = project / "content/articles/crossing-report.md"  # the center cites "…counted forty trucks"
    article.write_text(article.read_text().replace("counted forty trucks", "counted 40 trucks"))
    event = project / "content/events/2025-10-20-boats-return.yaml"
    event.write_text(event.read_text().replace("date: '2025-10'", "date: '2025-02-30'"))
    write(project, "content/actors/test-apostrophe.yaml", ACTOR.replace(
        "name: Test Person", "name: 'The driver's mate'"))
    write(project, "content/actors/test-hash.yaml", ACTOR.replace("name: Test Person", "name: Test Person #2"))

    result = run_explainer(project, "build")

    assert result.returncode == 1
    assert "content/actors/test-person.yaml:8:1: error[duplicate-key]" in result.stderr
    assert (f"content/questions/will-the-harbour-stay-open.yaml:{status_line}:9: error[bad-value]: 'maybe' is not a "
            "valid status") in result.stderr
    assert "error[quote-not-found]" in result.stderr  # the edited article no longer holds a cited quote
    assert "content/events/2025-10-20-boats-return.yaml:1:7: error[bad-date]: '2025-02-30'" in result.stderr
    assert ("content/actors/test-apostrophe.yaml:1:18: error[yaml-syntax]: the apostrophe in \"driver's\" ends "
            "the quoted value early") in result.stderr
    assert "content/actors/test-hash.yaml:1:19: error[cut-off-value]: '#2' is read as a comment" in result.stderr
    assert "Build failed; the previous site was left as it was." in result.stderr
    assert tree_digest(build) == before
    assert not list(project.glob("build.staging-*"))


def test_pelican_command_fails_too_and_leaves_build_untouched(project, previous_build):
    import subprocess
    import sys

    build, before = previous_build
    write(project, "content/actors/test-person.yaml", ACTOR.replace("kind: person", "kind: persn"))
    result = subprocess.run([sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py"],
                            cwd=project, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "COLUMNS": "300"})  # Pelican's log wraps at the terminal width
    assert result.returncode != 0
    assert "content/actors/test-person.yaml:2:7: error[bad-value]" in result.stdout + result.stderr
    assert tree_digest(build) == before


def test_successful_build_replaces_the_site_whole(project, previous_build):
    build, before = previous_build
    (build / "stale.html").write_text("left over from an old build")
    result = run_explainer(project, "build", "--quiet")
    assert result.returncode == 0, result.stderr
    assert not (build / "stale.html").exists()
    assert tree_digest(build) == before


@pytest.mark.parametrize("where", ["content/actors/leak.yaml", "theme/static/leak.txt", "theme/templates/loop"])
def test_symlinks_are_refused_and_nothing_is_published(project, previous_build, where):
    build, before = previous_build
    link = project / where
    link.symlink_to("/etc/hostname" if "loop" not in where else link)  # outside the repository, or a loop
    result = run_explainer(project, "build")
    assert result.returncode == 1
    assert f"{where}:1:1: error[symlink]: symbolic links are not allowed" in result.stderr
    assert tree_digest(build) == before
