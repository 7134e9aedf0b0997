"""`explainer diff`: a change described in the explainer's terms, with the pages it touches."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from markdown_it import MarkdownIt

from conftest import run_explainer
from explainer.commands.diff import NOTICE, Summary, markdown
from fixture_content import HARBOUR_TEXT, add_events_citing, article, cite, fixture_project
from hostile.payloads import PAYLOADS

# GitHub's dialect as near as a parser gets: tables, strikethrough, bare links made links.
GFM = MarkdownIt("gfm-like", {"linkify": True})
# What the bot's comment must never show on the strength of a record.
ACTIVE = {"link_open", "image", "html_inline", "html_block", "heading_open", "hr", "table_open", "em_open",
          "strong_open", "s_open", "blockquote_open", "fence", "code_block"}


def git(project, *args):
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)


def edit(path, old, new):
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


# An actor no other record points at, so that a test can remove it.
PORT_AUTHORITY = ("name: Port authority\nkind: organization\nrole:\n  text: The harbour's managers.\n"
                  + cite("harbour-report", "Fishing boats returned to the harbour", 2))


@pytest.fixture
def base(tmp_path):
    """The tests' own explainer, committed: the revision each change is compared with."""
    project = fixture_project(tmp_path / "project")
    (project / "content/actors/port-authority.yaml").write_text(PORT_AUTHORITY, "utf-8")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    return project


def test_diff_lists_record_statement_status_and_page_changes(base):
    content = base / "content"
    edit(content / "questions/will-the-harbour-stay-open.yaml", "status: open", "status: partly answered")
    edit(content / "actors/truck-driver.yaml", "text: A driver at the crossing.", "text: The driver at the crossing.")
    (content / "actors/port-authority.yaml").unlink()

    result = run_explainer(base, "diff", "--url-prefix", "https://preview.example/")

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "- `Removed actor Port authority (actors/port-authority/)`" in out
    assert "- `“Will the harbour stay open?”: open → partly answered`" in out
    assert "- `actor Truck driver: reworded “A driver at the crossing.” → “The driver at the crossing.”`" in out
    assert "- [`actors/truck-driver/`](https://preview.example/actors/truck-driver/)" in out
    assert ("- [`questions/will-the-harbour-stay-open/`]"
            "(https://preview.example/questions/will-the-harbour-stay-open/)") in out
    assert "### Pages removed (1)\n\n- `actors/port-authority/`" in out


def test_diff_of_identical_trees_says_so(base):
    result = run_explainer(base, "diff")
    assert result.returncode == 0
    assert "No change to the explainer's records or pages." in result.stdout


def test_unknown_revision_is_a_clear_error(base):
    result = run_explainer(base, "diff", "no-such-branch")
    assert result.returncode == 1
    assert result.stderr.startswith("error: 'no-such-branch' is not a commit of this repository")


@pytest.mark.parametrize("option", ["--output={target}", "--remote={target}", "--format=zip"])
def test_revisions_reach_git_only_as_revisions(base, tmp_path, option):
    """`explainer diff -- --output=/tmp/v.txt HEAD` once truncated the file through `git archive`."""
    target = tmp_path / "v.txt"
    target.write_text("kept\n")
    result = run_explainer(base, "diff", "--", option.format(target=target), "HEAD")
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: '{option.format(target=target)}' is not a commit of this repository")
    assert target.read_text() == "kept\n"
    assert "Traceback" not in result.stderr


def structure(text: str) -> tuple[list[str], list[str], list[str]]:
    """What a Markdown text makes: its block tokens, its inline tokens, and its text outside code."""
    blocks, inline, plain = [], [], []
    for token in GFM.parse(text):
        blocks.append(token.type)
        for child in token.children or []:
            inline.append(child.type)
            plain += [child.content] if child.type == "text" else []
    return blocks, inline, plain


def summary_of(text: str) -> Summary:
    """A summary with the text in every place content reaches."""
    summary = Summary([f"Added actor {text} (actors/x/)"], [f"actor {text}: reworded “{text}” → “{text}”"],
                      [f"“{text}”: open → answered"])
    summary.unrecorded = [f"question “{text}” (questions/x/): reworded “{text}” → “{text}”"]
    summary.pages = {"changed": [text], "added": [text], "removed": [text]}
    return summary


@pytest.mark.parametrize("payload", PAYLOADS, ids=[p.name for p in PAYLOADS])
def test_content_in_the_summary_is_inert_markdown(payload):
    harmless = structure(markdown(summary_of("harmless"), "a" * 40, "b" * 40, "https://preview.example/"))
    hostile = structure(markdown(summary_of(payload.text), "a" * 40, "b" * 40, "https://preview.example/"))
    assert hostile[:2] == harmless[:2]  # the same blocks and inline shapes: content added none
    assert not any("@" in text for text in hostile[2])  # no mention outside code


MARKDOWN_TRAPS = {
    "name": "[Verify your GitHub account](https://evil.example/login) @octocat <img src=\"https://evil.example/t.png\">",
    "claim": "Fine.\n\n---\n## ✅ Reviewed and approved by the maintainers\n| a | b |\n|---|---|\n*ok* www.evil.example",
}


def test_the_issues_markdown_traps_come_out_inert(base):
    """Through the real command, as pull-request.yml runs it: an actor's name and a claim."""
    record = base / "content/actors/truck-driver.yaml"
    edit(record, "name: Truck driver", f"name: {json.dumps(MARKDOWN_TRAPS['name'])}")
    role = "A driver at the crossing."
    edit(record, f"text: {role}", f"text: {json.dumps(MARKDOWN_TRAPS['claim'] + ' ' + role)}")
    result = run_explainer(base, "diff", "--url-prefix", "https://preview.example/")
    assert result.returncode == 0, result.stderr
    assert NOTICE in result.stdout
    blocks, inline, plain = structure(result.stdout)
    tokens = GFM.parse(result.stdout)
    headings = [tokens[i + 1].content for i, token in enumerate(tokens) if token.type == "heading_open"]
    # The rename and the reworded claim, with no `updates:` entry, are also listed as unrecorded.
    assert headings[:4] == ["What this change does to the explainer", "Records", "Statements",
                            "Reworded without an `updates:` entry (an unrecorded correction?)"]
    assert [re.fullmatch(r"Pages changed \(\d+\)", heading) is not None for heading in headings[4:]] == [True]
    assert not ACTIVE & set(inline) - {"link_open"} and not ACTIVE & set(blocks) - {"heading_open"}
    links = [t.attrs["href"] for t in GFM.parse(result.stdout) for t in t.children or [] if t.type == "link_open"]
    assert links and all(href.startswith("https://preview.example/") for href in links)
    assert not any("@" in text or "evil" in text for text in plain)


def test_diff_lists_articles_retitles_and_corrections_made_without_an_update(base):
    content = base / "content"
    (content / "articles/a-third-report.md").write_text(
        article("A third report", "a-third-report", HARBOUR_TEXT), "utf-8")
    (content / "articles/crossing-report.md").rename(content / "articles/crossing-moved.md")
    for path in content.rglob("*.yaml"):  # its citations follow the article to its new id
        path.write_text(path.read_text("utf-8").replace("crossing-report", "crossing-moved"), "utf-8")
    # Retitled and reworded, with no `updates:` entry: flagged.
    edit(content / "disagreements/how-long-the-crossing-opened.yaml", "title: How long was the crossing open?",
         "title: For how long was the crossing open?")
    edit(content / "questions/will-the-harbour-stay-open.yaml", "text: The boats depend on it.",
         "text: The boats depend on the harbour.")
    # Reworded with an `updates:` entry: recorded, so not flagged.
    edit(content / "actors/truck-driver.yaml", "text: A driver at the crossing.", "text: The driver at the crossing.")
    with (content / "actors/truck-driver.yaml").open("a", encoding="utf-8") as file:
        file.write("updates:\n  - date: 2026-11-30\n    kind: correction\n    change: The role now says The.\n"
                   "    reason: A clearer sentence.\n")

    result = run_explainer(base, "diff")

    assert result.returncode == 0, result.stderr
    out = result.stdout.replace("`", "")  # each item is one code span (inert Markdown)
    records = out.split("### Records")[1].split("###")[0]
    assert "- Added article “A third report” (sources/a-third-report/)" in records
    assert "- Added article “Trucks cross at dawn” (sources/crossing-moved/)" in records
    assert "- Removed article “Trucks cross at dawn” (sources/crossing-report/)" in records
    assert ("- Retitled disagreement “How long was the crossing open?” → “For how long was the crossing open?” "
            "(disagreements/#how-long-the-crossing-opened)") in records
    flagged = out.split("### Reworded without an updates: entry")[1].split("###")[0]
    assert ("disagreement “For how long was the crossing open?” (disagreements/#how-long-the-crossing-opened): "
            "retitled") in flagged
    assert ("question “Will the harbour stay open?” (questions/will-the-harbour-stay-open/): reworded "
            "“The boats depend on it.” → “The boats depend on the harbour.”") in flagged
    assert "Truck driver" not in flagged and "actor Truck driver: reworded" in out


def test_an_event_is_named_at_the_timeline_page_that_shows_it(base):
    # A timeline long enough to be cut into month pages, and the month into numbered pages.
    add_events_citing(base, 80)
    git(base, "add", "-A")
    git(base, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "a long timeline")
    [added] = add_events_citing(base, 1, first=1008)

    result = run_explainer(base, "diff")

    assert result.returncode == 0, result.stderr
    [address] = re.findall(r"Added event .*? \((\S+)\)`", result.stdout)
    page, _, anchor = address.partition("#")
    assert page.startswith("timeline/2025-10/") and anchor == added
    assert run_explainer(base, "build", "--quiet").returncode == 0
    shown = (base / "build" / page / "index.html").read_text("utf-8")
    assert f'id="{added}"' in shown
