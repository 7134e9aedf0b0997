"""`explainer new`: a commented template in the right place; never overwrites."""

from __future__ import annotations

import pytest

from conftest import run_explainer
from explainer.model.jsonschema import schema_comment

FOLDERS = {"actor": "actors", "question": "questions", "event": "events", "disagreement": "disagreements"}


@pytest.mark.parametrize("kind", FOLDERS)
def test_template_is_written_where_the_record_belongs(project, kind):
    result = run_explainer(project, "new", kind, "new-record")
    path = project / "content" / FOLDERS[kind] / "new-record.yaml"
    assert result.returncode == 0 and path.is_file()
    assert path.read_text().startswith(schema_comment(kind, 2))
    # The template is valid YAML of the right shape: only its placeholders are reported.
    check = run_explainer(project, "check")
    problems = [line for line in check.stderr.splitlines() if "error[" in line]
    assert problems and all(f"content/{FOLDERS[kind]}/new-record.yaml" in line for line in problems)
    assert all("error[bad-id]: 'ARTICLE-ID'" in line or "error[bad-format]: 'YYYY-MM-DD'" in line
               for line in problems), problems


def test_existing_file_is_never_overwritten(project):
    path = project / "content/actors/hamas.yaml"
    before = path.read_bytes()
    result = run_explainer(project, "new", "actor", "hamas")
    assert result.returncode == 1
    assert "already exists; nothing was written" in result.stderr
    assert path.read_bytes() == before


def test_invalid_id_is_refused(project):
    result = run_explainer(project, "new", "actor", "Steve Witkoff")
    assert result.returncode == 1 and "not a valid id" in result.stderr
