"""Messages print what came from content escaped: it can start neither a line of its own (a
GitHub workflow command such as `::error` or `::add-mask`) nor a terminal escape sequence."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from conftest import run_explainer
from explainer.model.problems import Mark, Problem, Severity, github_annotation, printable_lines
from fixture_content import fixture_project

INJECTED_KEY = "x\n::error file=README.md,line=1::Injected\n::add-mask::Build"
TERMINAL_NAME = "a\x1b]0;t\x07\x1b[2J"
OUR_ANNOTATION = re.compile(r"::(error|warning|notice) file=content/")


@pytest.fixture
def hostile_project(tmp_path):
    project = fixture_project(tmp_path)
    record = project / "content/actors/truck-driver.yaml"
    record.write_text(record.read_text("utf-8") + f"{json.dumps(INJECTED_KEY)}: 1\n", "utf-8")
    shutil.copy(project / "content/actors/harbour-fishermen.yaml", project / f"content/actors/{TERMINAL_NAME}.yaml")
    return project


def commands_in(output: str) -> list[str]:
    """The lines GitHub's runner would execute (it ignores leading spaces)."""
    return [line for line in output.split("\n") if line.lstrip().startswith(("::", "##["))]


@pytest.mark.parametrize("command, annotations", [(["check"], 0), (["check", "--format", "github"], 2),
                                                  (["build", "--quiet"], 0)])
def test_content_in_messages_cannot_start_a_line_or_a_terminal_sequence(hostile_project, command, annotations):
    result = run_explainer(hostile_project, *command)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "\x1b" not in output and "\x07" not in output
    lines = commands_in(output)
    assert len(lines) == annotations and all(OUR_ANNOTATION.match(line) for line in lines)
    assert r"unknown key 'x\n::error file=README.md,line=1::Injected\n::add-mask::Build'" in output
    assert r"content/actors/a\x1b]0;t\x07\x1b[2J.yaml:1:1: error[bad-id]" in output or annotations


def test_detail_lines_keep_their_shape_and_escape_what_is_inside():
    problem = Problem(Mark("content/actors/x.yaml", 3, 5), Severity.ERROR, "quote-not-found", "quote not found",
                      "copy the words\n::warning::exactly", "quote:   a\n::error::b\u202e\nclosest: c\r\nstatement: d")
    assert problem.format().split("\n") == [
        "content/actors/x.yaml:3:5: error[quote-not-found]: quote not found",
        r"    quote:   a\n::error::b\u202e",
        r"    closest: c\r",
        "    statement: d",
        r"    hint: copy the words\n::warning::exactly",
    ]
    assert not commands_in(github_annotation(problem).removeprefix("::error"))


@pytest.mark.parametrize("text", ["::error::x", "  ::add-mask::y", "##[error]z"])
def test_no_message_line_is_a_workflow_command(text):
    shown = printable_lines(f"Build failed:\n{text}\x1b[2J")
    assert not commands_in(shown) and "\x1b" not in shown
