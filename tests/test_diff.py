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
    edit(content / "actors/steven-fagin.yaml", "text: \"U.S. ambassador to Yemen;", "text: \"The U.S. ambassador to Yemen;")
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


def commit_base(project):
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")


def test_diff_lists_articles_retitles_and_corrections_made_without_an_update(project):
    commit_base(project)
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
    edit(content / "actors/steven-fagin.yaml", "text: \"U.S. ambassador to Yemen;", "text: \"The U.S. ambassador to Yemen;")
    with (content / "actors/steven-fagin.yaml").open("a", encoding="utf-8") as file:
        file.write("updates:\n  - date: 2026-11-30\n    kind: correction\n    change: The role now says The.\n"
                   "    reason: A clearer sentence.\n")

    result = run_explainer(project, "diff")

    assert result.returncode == 0, result.stderr
    out = result.stdout
    records = out.split("### Records")[1].split("###")[0]
    assert "- Added article “A sixth report” (sources/a-sixth-report/)" in records
    assert "- Added article “Admiral" in records and "(sources/cooper-removed/)" in records
    assert "(sources/cooper-no-troops-in-gaza/)" in records and "- Removed article" in records
    assert ("- Retitled disagreement “When did Trump announce the deal?” → “On what day did Trump announce the deal?” "
            "(disagreements/#deal-announcement-date)") in records
    flagged = out.split("### Reworded without an `updates:` entry")[1].split("###")[0]
    assert "disagreement “On what day did Trump announce the deal?” (disagreements/#deal-announcement-date): retitled" in flagged
    assert "question “What role does Russia play?” (questions/russia-role/): reworded “Trump said Russian" in flagged
    assert "Steven Fagin" not in flagged and "actor Steven Fagin: reworded" in out
