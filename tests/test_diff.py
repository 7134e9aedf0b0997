"""`explainer diff`: a change described in the explainer's terms, with the pages it touches."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from markdown_it import MarkdownIt

from conftest import run_explainer
from explainer.commands.diff import NOTICE, Summary, markdown
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


def test_diff_lists_record_statement_status_and_page_changes(project):
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    content = project / "content"
    edit(content / "questions/russia-role.yaml", "status: partly answered", "status: open")
    edit(content / "actors/steven-fagin.yaml", "text: U.S. ambassador to Yemen;", "text: The U.S. ambassador to Yemen;")
    (content / "actors/iaea.yaml").unlink()
    for path in content.rglob("*.yaml"):  # nothing may point at the removed actor
        text = path.read_text("utf-8")
        if "iaea" in text and path.name != "iaea.yaml":
            path.write_text(text.replace(", iaea,", ",").replace(", iaea]", "]").replace("[iaea, ", "[").replace("[iaea]", "[]"), "utf-8")

    result = run_explainer(project, "diff", "--url-prefix", "https://preview.example/")

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "- `Removed actor IAEA (actors/iaea/)`" in out
    assert "- `“What role does Russia play?”: partly answered → open`" in out
    assert "- `actor Steven Fagin: reworded “U.S. ambassador to Yemen; civilian lead at the coordination center.” → “The U.S. ambassador" in out
    assert "- [`actors/steven-fagin/`](https://preview.example/actors/steven-fagin/)" in out
    assert "- [`questions/russia-role/`](https://preview.example/questions/russia-role/)" in out
    assert "### Pages removed (1)\n\n- `actors/iaea/`" in out


def test_diff_of_identical_trees_says_so(project):
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    result = run_explainer(project, "diff")
    assert result.returncode == 0
    assert "No change to the explainer's records or pages." in result.stdout


def test_unknown_revision_is_a_clear_error(project):
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    result = run_explainer(project, "diff", "no-such-branch")
    assert result.returncode == 1
    assert result.stderr.startswith("error: 'no-such-branch' is not a commit of this repository")


def committed(project):
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    return project


@pytest.mark.parametrize("option", ["--output={target}", "--remote={target}", "--format=zip"])
def test_revisions_reach_git_only_as_revisions(project, tmp_path, option):
    """`explainer diff -- --output=/tmp/v.txt HEAD` once truncated the file through `git archive`."""
    target = tmp_path / "v.txt"
    target.write_text("kept\n")
    result = run_explainer(committed(project), "diff", "--", option.format(target=target), "HEAD")
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


def test_the_issues_markdown_traps_come_out_inert(project):
    """Through the real command, as pull-request.yml runs it: an actor's name and a claim."""
    committed(project)
    record = project / "content/actors/steven-fagin.yaml"
    edit(record, 'name: Steven Fagin', f"name: {json.dumps(MARKDOWN_TRAPS['name'])}")
    role = "U.S. ambassador to Yemen; civilian lead at the coordination center."
    edit(record, f"text: {role}", f"text: {json.dumps(MARKDOWN_TRAPS['claim'] + ' ' + role)}")
    result = run_explainer(project, "diff", "--url-prefix", "https://preview.example/")
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


def test_diff_lists_articles_retitles_and_corrections_made_without_an_update(project):
    committed(project)
    content = project / "content"
    source = (content / "articles/realist-english-200-personnel.md").read_text("utf-8")
    (content / "articles/a-sixth-report.md").write_text(
        source.replace("Title: The United States will send about 200 military personnel to Israel",
                       "Title: A sixth report"), "utf-8")
    (content / "articles/cooper-no-troops-in-gaza.md").rename(content / "articles/cooper-removed.md")
    for path in content.rglob("*.yaml"):  # its citations follow the article to its new id
        path.write_text(path.read_text("utf-8").replace("cooper-no-troops-in-gaza", "cooper-removed"), "utf-8")
    # Retitled and reworded, with no `updates:` entry: flagged.
    edit(content / "disagreements/deal-announcement-date.yaml", "title: When did Trump announce the deal?",
         "title: On what day did Trump announce the deal?")
    edit(content / "questions/russia-role.yaml", "Trump said Russian President Vladimir Putin supports",
         "Trump said that Russian President Vladimir Putin supports")
    # Reworded with an `updates:` entry: recorded, so not flagged.
    edit(content / "actors/steven-fagin.yaml", "text: U.S. ambassador to Yemen;", "text: The U.S. ambassador to Yemen;")
    with (content / "actors/steven-fagin.yaml").open("a", encoding="utf-8") as file:
        file.write("updates:\n  - date: 2026-11-30\n    kind: correction\n    change: The role now says The.\n"
                   "    reason: A clearer sentence.\n")

    result = run_explainer(project, "diff")

    assert result.returncode == 0, result.stderr
    out = result.stdout.replace("`", "")  # each item is one code span (inert Markdown)
    records = out.split("### Records")[1].split("###")[0]
    assert "- Added article “A sixth report” (sources/a-sixth-report/)" in records
    assert "- Added article “Admiral" in records and "(sources/cooper-removed/)" in records
    assert "(sources/cooper-no-troops-in-gaza/)" in records and "- Removed article" in records
    assert ("- Retitled disagreement “When did Trump announce the deal?” → “On what day did Trump announce the deal?” "
            "(disagreements/#deal-announcement-date)") in records
    flagged = out.split("### Reworded without an updates: entry")[1].split("###")[0]
    assert "disagreement “On what day did Trump announce the deal?” (disagreements/#deal-announcement-date): retitled" in flagged
    assert "question “What role does Russia play?” (questions/russia-role/): reworded “Trump said Russian" in flagged
    assert "Steven Fagin" not in flagged and "actor Steven Fagin: reworded" in out
