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
    assert headings[:2] == ["What this change does to the explainer", "Statements"]
    assert [re.fullmatch(r"Pages changed \(\d+\)", heading) is not None for heading in headings[2:]] == [True]
    assert not ACTIVE & set(inline) - {"link_open"} and not ACTIVE & set(blocks) - {"heading_open"}
    links = [t.attrs["href"] for t in GFM.parse(result.stdout) for t in t.children or [] if t.type == "link_open"]
    assert links and all(href.startswith("https://preview.example/") for href in links)
    assert not any("@" in text or "evil" in text for text in plain)
