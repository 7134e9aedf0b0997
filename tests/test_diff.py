"""`explainer diff`: a change described in the explainer's terms, with the pages it touches."""

from __future__ import annotations

import subprocess

from conftest import run_explainer


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
    assert "- Removed actor IAEA (actors/iaea/)" in out
    assert "- “What role does Russia play?”: partly answered → open" in out
    assert "- actor Steven Fagin: reworded “U.S. ambassador to Yemen; civilian lead at the coordination center.” → “The U.S. ambassador" in out
    assert "- [actors/steven-fagin/](https://preview.example/actors/steven-fagin/)" in out
    assert "- [questions/russia-role/](https://preview.example/questions/russia-role/)" in out
    assert "### Pages removed (1)\n\n- actors/iaea/" in out


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
    assert result.stderr.startswith("error: git rev-parse no-such-branch:")
