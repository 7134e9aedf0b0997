"""The editors' guide, docs/editing.md, shows what the checker really does.

Every ```yaml block in the guide is marked on the line before it:
  <!-- example: KIND ID valid -->       saved as that record, it passes the check;
  <!-- example: KIND ID error CODE -->  saved as that record, the check reports CODE in it
                                        (an error, or a warning or note for those codes);
  <!-- example: KIND ID error CODE, also saved as ID2 -->
                                        the same, with the block saved as record ID2 too (an
                                        example of two records alike, whatever content/ holds);
  <!-- fragment -->                     part of a record: it only has to be YAML.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from explainer.site import check_content

GUIDE = (REPO / "docs/editing.md").read_text("utf-8")
FOLDERS = {"actor": "actors", "question": "questions", "event": "events", "disagreement": "disagreements"}
EXAMPLE = re.compile(r"<!-- example: (actor|question|event|disagreement|center) ([a-z0-9-]+) "
                     r"(?:valid|error ([a-z0-9-]+))(?:, also saved as ([a-z0-9-]+))? -->")
FRAGMENT = "<!-- fragment -->"


def yaml_blocks(text: str) -> list[tuple[str, str]]:
    """(the line before the fence, the block's text) for every block fenced as ```yaml."""
    lines = text.splitlines()
    return [(lines[i - 1], "\n".join(lines[i + 1:lines.index("```", i + 1)]) + "\n")
            for i, line in enumerate(lines) if line == "```yaml"]


BLOCKS = yaml_blocks(GUIDE)
EXAMPLES = [(m[1], m[2], m[3], m[4], block) for comment, block in BLOCKS if (m := EXAMPLE.fullmatch(comment))]
FRAGMENTS = [block for comment, block in BLOCKS if comment == FRAGMENT]


def problem_codes_in_source() -> set[str]:
    """The code of every problem the explainer reports: `problems.error(mark, "code", …)` and the like,
    and the schema's `Violation("code", …)`."""
    codes = set()
    for source in (REPO / "scripts/explainer").rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("error", "warning", "notice", "note", "refuse")
                    and len(node.args) > 1 and isinstance(node.args[1], ast.Constant)):
                codes.add(node.args[1].value)
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Violation"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                codes.add(node.args[0].value)
    return codes


def test_every_yaml_block_is_marked_and_there_are_enough_examples():
    unmarked = [block for comment, block in BLOCKS if comment != FRAGMENT and not EXAMPLE.fullmatch(comment)]
    assert unmarked == []
    assert len(EXAMPLES) >= 25


def test_every_problem_code_has_a_heading_and_a_table_row():
    codes = problem_codes_in_source()
    assert {"quote-not-found", "yaml-syntax", "tab", "unreferenced"} <= codes  # the search works
    headings = set(re.findall(r"^#+ `([a-z0-9-]+)`$", GUIDE, re.M))
    table_rows = set(re.findall(r"^\| \[?`([a-z0-9-]+)`", GUIDE, re.M))
    assert codes - headings == set() and codes - table_rows == set()
    assert headings - codes == set(), "the guide documents codes the explainer no longer reports"


@pytest.mark.parametrize("fragment", FRAGMENTS)
def test_fragment_is_yaml(fragment):
    yaml.safe_load(fragment)


@pytest.mark.parametrize("kind, record_id, code, twin, snippet", EXAMPLES,
                         ids=[f"{kind}-{record_id}-{code or 'valid'}" for kind, record_id, code, _, _ in EXAMPLES])
def test_example(project, monkeypatch, kind, record_id, code, twin, snippet):
    monkeypatch.chdir(project)
    path = Path("content/center.yaml") if kind == "center" else Path("content", FOLDERS[kind], f"{record_id}.yaml")
    path.write_text(snippet, encoding="utf-8")
    if twin:
        path.with_stem(twin).write_text(snippet, encoding="utf-8")
    problems = check_content(Path("content")).problems
    here = [p for p in problems.sorted() if p.mark.path == str(path)]
    report = "\n".join(p.format() for p in problems.shown())
    if code is None:
        assert not problems.errors and not [p for p in here if p.severity.value == "warning"], report
    else:
        assert code in {p.code for p in here}, report
