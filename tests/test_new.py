"""`explainer new`: a commented template in the right place, every placeholder it leaves
refused at its line until replaced; `explainer new article`: the text received, byte for
byte, with its proof of receipt. Never overwrites."""

from __future__ import annotations

import hashlib
import re

import pytest

from conftest import run_explainer
from explainer.model.jsonschema import schema_comment
from fixture_content import fixture_project

FOLDERS = {"actor": "actors", "question": "questions", "event": "events", "disagreement": "disagreements"}
RECEIVED = "Aid convoy crosses at dawn\n\nTrucks crossed at dawn on Tuesday, officials said.\r\nA second paragraph.\n"
FILLED = {"Label": "Convoy report", "Date-Note": "The text gives only a weekday.",
          "Outlet-Note": "The text does not name its outlet.", "Author-Note": "The text names no author.",
          "Kind": "news report", "Show": "full"}


def errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if ": error[" in line]


def capitalised_lines(text: str) -> list[int]:
    """Lines of a template holding words in capitals outside its comments: the placeholders."""
    return [n for n, line in enumerate(text.splitlines(), 1) if re.search(r"[A-Z]{2}", line.split("#")[0])]


@pytest.mark.parametrize("kind", FOLDERS)
def test_template_is_written_where_the_record_belongs_and_each_placeholder_is_an_error(project, kind):
    result = run_explainer(project, "new", kind, "new-record")
    path = project / "content" / FOLDERS[kind] / "new-record.yaml"
    assert result.returncode == 0 and path.is_file()
    assert path.read_text().startswith(schema_comment(kind, 2))
    check = run_explainer(project, "check")
    assert check.returncode == 1
    # Valid YAML of the right shape: only its placeholders are reported, each at its line.
    found = errors(check)
    assert found and all(f"content/{FOLDERS[kind]}/new-record.yaml:" in line and "error[placeholder]" in line
                         for line in found), found
    assert sorted({int(line.split(":")[1]) for line in found}) == capitalised_lines(path.read_text())


def test_a_placeholder_left_inside_a_longer_text_is_an_error_and_capitals_alone_are_not(tmp_path):
    project = fixture_project(tmp_path)  # its harbour report holds the quote the event cites
    event = run_explainer(project, "new", "event", "2025-10-10-test")
    assert event.returncode == 0
    path = project / "content/events/2025-10-10-test.yaml"
    real = path.read_text().replace("'YYYY-MM-DD'", "'2025-10-10'").replace("SHORT LABEL", "NATO talks") \
        .replace("ARTICLE-ID", "harbour-report").replace("'EXACT WORDS'", "the mood was hopeful")
    path.write_text(real.replace("text: WHAT HAPPENED, IN OUR OWN WORDS.",
                                 "text: WHAT HAPPENED, IN OUR OWN WORDS. The boats returned."))
    line = real.splitlines().index("text: WHAT HAPPENED, IN OUR OWN WORDS.") + 1
    found = errors(run_explainer(project, "check"))
    assert found == [f"content/events/2025-10-10-test.yaml:{line}:7: error[placeholder]: 'text' still holds the "
                     "template's 'WHAT HAPPENED, IN OUR OWN WORDS.'"]
    path.write_text(real.replace("text: WHAT HAPPENED, IN OUR OWN WORDS.", "text: The boats returned."))
    assert errors(run_explainer(project, "check")) == []  # "NATO" in the title is not a placeholder


def test_existing_file_is_never_overwritten(tmp_path):
    project = fixture_project(tmp_path)
    path = project / "content/actors/truck-driver.yaml"
    before = path.read_bytes()
    result = run_explainer(project, "new", "actor", "truck-driver")
    assert result.returncode == 1
    assert "already exists; nothing was written" in result.stderr
    assert path.read_bytes() == before


def test_invalid_id_is_refused(project):
    result = run_explainer(project, "new", "actor", "Steve Witkoff")
    assert result.returncode == 1 and "not a valid id" in result.stderr


def received(tmp_path, data: bytes, name: str = "seed-0042.txt"):
    path = tmp_path / "inbox" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return path


def test_new_article_keeps_the_text_byte_for_byte_and_says_what_to_do_next(project, tmp_path):
    source = received(tmp_path, b"\xef\xbb\xbf" + RECEIVED.encode())  # the byte-order mark is not text
    result = run_explainer(project, "new", "article", "convoy-report", "--from", str(source))
    assert result.returncode == 0, result.stderr
    written = (project / "content/articles/convoy-report.md").read_bytes()
    header, _, text = written.partition(b"\n\n")
    assert text == RECEIVED.encode()
    assert f"Received-SHA256: {hashlib.sha256(RECEIVED.encode()).hexdigest()}".encode() in header.split(b"\n")
    assert b"Seed: seed-0042.txt" in header.split(b"\n")
    assert b"Title: Aid convoy crosses at dawn" in header.split(b"\n")  # the first line stands alone: a headline
    for key in ("Date", "Outlet", "Author", "URL"):
        assert f"{key}: unknown".encode() in header.split(b"\n")
    assert "Replace the CAPITALISED metadata: Label, Date-Note, Outlet-Note, Author-Note, Kind, Show." in result.stdout
    assert "Never change a character below the blank line" in result.stdout
    assert "article: convoy-report" in result.stdout


def test_new_article_metadata_is_refused_until_filled_in_then_checks_clean(project, tmp_path):
    source = received(tmp_path, RECEIVED.encode())
    assert run_explainer(project, "new", "article", "convoy-report", "--from", str(source)).returncode == 0
    path = project / "content/articles/convoy-report.md"
    header = path.read_bytes().decode().split("\n\n")[0].split("\n")
    check = run_explainer(project, "check")
    assert check.returncode == 1
    assert [(int(line.split(":")[1]), line.split(": ")[1]) for line in errors(check)] == [
        (header.index(f"{key}: {value}") + 1, "error[placeholder]") for key, value in
        ((k, next(line.split(": ", 1)[1] for line in header if line.startswith(k + ": "))) for k in FILLED)]
    text = path.read_bytes().decode()  # bytes: read_text would turn the text's \r\n into \n
    for key, value in FILLED.items():
        text = re.sub(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.M)
    path.write_bytes(text.encode())
    (project / "content/events/2025-10-14-convoy.yaml").write_text(
        "date: '2025-10-14'\ntitle: Convoy crosses\ntext: Trucks crossed at dawn.\ncite:\n"
        "  - article: convoy-report\n    quote: Trucks crossed at dawn on Tuesday\n")
    check = run_explainer(project, "check", "--strict")
    assert check.returncode == 0, check.stderr


def test_new_article_without_a_standalone_first_line_gets_a_title_to_write(project, tmp_path):
    source = received(tmp_path, b"Trucks crossed at dawn on Tuesday, officials said.\nA second paragraph.\n")
    assert run_explainer(project, "new", "article", "convoy-report", "--from", str(source)).returncode == 0
    header = (project / "content/articles/convoy-report.md").read_text().split("\n\n")[0].split("\n")
    assert header[0] == "Title: A TITLE IN OUR OWN WORDS"
    assert "Title-Source: editors" in header and any(line.startswith("Title-Note: ") for line in header)
    found = errors(run_explainer(project, "check"))
    assert any(line.startswith("content/articles/convoy-report.md:1:8: error[placeholder]") for line in found)


@pytest.mark.parametrize("data, expected", [
    (b"Caf\xe9 news\n", "seed-0042.txt:1:4: error[not-utf8]: byte 0xe9 is not valid UTF-8"),
    (b"Line one\nA \xe2\x80\xae reversed line\n",
     "seed-0042.txt:2:3: error[bad-character]: invisible character RIGHT-TO-LEFT OVERRIDE (U+202E) is not allowed"),
])
def test_new_article_refuses_what_the_loader_refuses_at_the_same_place(project, tmp_path, data, expected):
    source = received(tmp_path, data)
    result = run_explainer(project, "new", "article", "convoy-report", "--from", str(source))
    assert result.returncode == 1
    assert any(line.endswith(expected) for line in result.stderr.splitlines()), result.stderr
    assert "nothing was written" in result.stderr
    assert not (project / "content/articles/convoy-report.md").exists()


def test_new_article_never_overwrites_and_needs_its_file(tmp_path):
    project = fixture_project(tmp_path / "project")
    path = project / "content/articles/harbour-report.md"
    before = path.read_bytes()
    source = received(tmp_path, RECEIVED.encode())
    result = run_explainer(project, "new", "article", "harbour-report", "--from", str(source))
    assert result.returncode == 1 and "already exists; nothing was written" in result.stderr
    assert path.read_bytes() == before
    assert run_explainer(project, "new", "article", "convoy-report").returncode == 1
    assert run_explainer(project, "new", "actor", "someone", "--from", str(source)).returncode == 1


def test_a_changed_character_in_an_article_text_is_refused_at_its_recorded_digest(tmp_path):
    project = fixture_project(tmp_path)
    path = project / "content/articles/harbour-report.md"
    header, _, text = path.read_text().partition("\n\n")
    digest_line = next(n for n, line in enumerate(header.split("\n"), 1) if line.startswith("Received-SHA256: "))
    path.write_text(header + "\n\n" + text.replace("harbour", "harbor", 1))
    found = errors(run_explainer(project, "check"))
    assert f"content/articles/harbour-report.md:{digest_line}:18: error[text-changed]: the article's text " \
           "is not the text received: its SHA-256 is now " in "\n".join(found)
