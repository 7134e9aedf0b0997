"""`explainer check`: every problem located, exit codes as yamllint, GitHub annotations."""

from __future__ import annotations

import pytest

from conftest import run_explainer
from fixture_content import HARBOUR_TEXT, fixture_project

BROKEN_ROLE = "kind: persn"
AMBIGUOUS = """\
name: Test Person
kind: person
role:
  text: Mentioned by the analysis.
  cite:
    - article: harbour-report
      quote: the harbour
"""


def test_clean_content_exits_0_and_prints_nothing(project):
    result = run_explainer(project, "check")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_errors_exit_1_sorted_by_file_and_position(tmp_path):
    project = fixture_project(tmp_path)
    (project / "content/actors/b-person.yaml").write_text(AMBIGUOUS.replace("kind: person", BROKEN_ROLE))
    (project / "content/actors/a-person.yaml").write_text(AMBIGUOUS.replace("Test Person", "A Person") + "colour: red\n")
    result = run_explainer(project, "check")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if not line.startswith(" ")]
    assert lines == [
        "content/actors/a-person.yaml:8:1: error[unknown-key]: unknown key 'colour'",
        "content/actors/b-person.yaml:2:7: error[bad-value]: 'persn' is not a valid kind",
        "2 error(s), 0 warning(s)",
    ]


def test_warnings_exit_0_or_2_with_strict(tmp_path):
    project = fixture_project(tmp_path)
    (project / "content/actors/test-person.yaml").write_text(AMBIGUOUS)
    relaxed = run_explainer(project, "check")
    strict = run_explainer(project, "check", "--strict")
    assert relaxed.returncode == 0 and strict.returncode == 2
    assert (
        f"content/actors/test-person.yaml:7:14: warning[ambiguous-quote]: the quote occurs "
        f"{HARBOUR_TEXT.count('the harbour')} times in 'harbour-report'; the first is highlighted\n"
        "    hint: quote a few more words so it is unique\n") in strict.stderr


NORMALISED = """\
name: Quoted With Two Spaces
kind: person
role:
  text: A fisherman of the harbour.
  cite:
    - article: harbour-report
      quote: 'local  fishermen said'
"""


def test_verbose_lists_quotes_found_only_after_normalising(tmp_path):
    project = fixture_project(tmp_path)  # the article says "local fishermen said", with one space
    (project / "content/actors/quoted-with-two-spaces.yaml").write_text(NORMALISED, encoding="utf-8")
    quiet = run_explainer(project, "check")
    verbose = run_explainer(project, "check", "--verbose")
    assert "quote-normalised" not in quiet.stderr
    assert ("content/actors/quoted-with-two-spaces.yaml:7:14: note[quote-normalised]: quote matches "
            "'harbour-report' only after normalising spaces, quote marks or dashes") in verbose.stderr
    assert verbose.returncode == 0


def test_github_format_verbatim(tmp_path):
    project = fixture_project(tmp_path)
    (project / "content/actors/test-person.yaml").write_text(AMBIGUOUS.replace("kind: person", BROKEN_ROLE))
    result = run_explainer(project, "check", "--format", "github")
    assert result.returncode == 1
    assert result.stdout == (
        "::error file=content/actors/test-person.yaml,line=2,col=7,title=bad-value::'persn' is not a valid kind. "
        "Hint: did you mean 'person'? allowed: person, state, organization\n")


def test_edited_article_lists_every_quote_that_no_longer_anchors_and_the_page_that_loses_it(tmp_path):
    project = fixture_project(tmp_path)
    article = project / "content/articles/harbour-report.md"
    article.write_text(article.read_text().replace("local fishermen said", "local fishermen told us")
                       .replace("monitors would visit", "monitors will visit"))
    result = run_explainer(project, "check")
    assert result.returncode == 1
    assert "error[quote-not-found]: quote not found in article 'harbour-report'" in result.stderr
    assert "loses its source on: actors/harbour-fishermen/" in result.stderr
    assert "loses its source on: center/" in result.stderr
    assert "diff:" in result.stderr and "{+would+}" in result.stderr


def test_an_alias_is_found_as_written_or_normalised_in_any_article(tmp_path):
    """An alias is looked for in the articles the actor cites, as written and then with
    spaces, quote marks and dashes normalised, then in every article; one that is in none,
    or only across two of an article's lines, is warned of at its line."""
    project = fixture_project(tmp_path)
    actor = project / "content/actors/harbour-fishermen.yaml"
    # as written; two spaces; a line break (YAML's "\\n"); only in an article it does not cite; nowhere;
    # across the article's line break, as written
    aliases = ['"local fishermen"', '"local  fishermen"', '"local\\nfishermen said"', '"the driver"', '"Harbour people"',
               '"morning.\\nThe fishermen"']
    actor.write_text(actor.read_text("utf-8") + "aliases:\n" + "".join(f"  - {alias}\n" for alias in aliases),
                     encoding="utf-8")
    result = run_explainer(project, "check")
    warned = [line for line in result.stderr.splitlines() if "[alias-not-found]" in line]
    assert [line.split(": ", 1)[1] for line in warned] == [
        "warning[alias-not-found]: alias 'Harbour people' does not occur in any article",
        "warning[alias-not-found]: alias 'morning.\\nThe fishermen' does not occur in any article"], result.stderr
    assert all(line.startswith("content/actors/harbour-fishermen.yaml:") for line in warned)


@pytest.mark.parametrize("half, missing", [
    ("  text: It stays open.\n", "cite"),
    ("  cite:\n    - article: harbour-report\n      quote: the catch was small\n", "text"),
])
def test_an_answer_begun_and_not_finished_is_refused_at_its_line(tmp_path, half, missing):
    """The browser editor lets an answer's fields be left empty (an open question has none,
    render/cms_config.py): one half filled in is the check's to refuse, where it begins."""
    project = fixture_project(tmp_path)
    question = project / "content/questions/will-the-harbour-stay-open.yaml"
    text = question.read_text("utf-8")
    question.write_text(text + "answer:\n" + half, encoding="utf-8")
    line = len(text.splitlines()) + 2  # the answer's first field
    result = run_explainer(project, "check")
    assert result.returncode == 1
    assert result.stderr.startswith(f"content/questions/will-the-harbour-stay-open.yaml:{line}:3: "
                                    f"error[missing-field]: required field '{missing}' is missing\n")


def test_format_leaves_a_value_cut_short_by_a_hash_as_the_editor_wrote_it(tmp_path):
    """Rewriting the file from what YAML read would drop ` #2` and the words after it for good."""
    project = fixture_project(tmp_path)
    event = project / "content/events/2025-10-20-boats-return.yaml"
    event.write_text(event.read_text("utf-8").replace("title: Boats return", "title: Boats return #2 of the week"),
                     encoding="utf-8")
    before = event.read_bytes()
    result = run_explainer(project, "format")
    assert result.returncode == 1
    assert f"{event.relative_to(project)}:4:21: error[cut-off-value]" in result.stdout + result.stderr
    assert event.read_bytes() == before


def test_a_misspelt_required_field_is_one_error_that_names_the_field_meant(tmp_path):
    """Not also "required field 'status' is missing": adding it, as that hint says, and then
    correcting the spelling would leave the field twice."""
    project, question, result = _checked_with(tmp_path, QUESTION, "status: open", "staus: open")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{question.relative_to(project)}:2:1: error[unknown-key]: unknown key 'staus'",
        "    hint: did you mean 'status'? (a required field, and it is missing)",
        "1 error(s), 0 warning(s)"]
    question.write_text(question.read_text("utf-8").replace("staus: open", "status: open"), encoding="utf-8")
    assert run_explainer(project, "check").returncode == 0  # the hint, applied, is the whole fix


def test_a_quote_with_a_lookalike_character_names_it(tmp_path):
    """The diff shows 'cаtch' against 'catch', which look the same: the note says which character differs."""
    _, _, result = _checked_with(tmp_path, "content/actors/harbour-fishermen.yaml", "'the catch was small'",
                                 "'the c\u0430tch was small'")
    assert result.returncode == 1
    assert ("    note:    the quote has CYRILLIC SMALL LETTER A (U+0430) where the article has "
            "LATIN SMALL LETTER A (U+0061)\n") in result.stderr


def test_a_name_written_where_an_id_belongs_is_answered_with_the_id_it_makes(tmp_path):
    project, question, result = _checked_with(tmp_path, QUESTION, "actors: [harbour-fishermen]",
                                              "actors: [Harbour Fishermen]")
    assert f"{question.relative_to(project)}:13:10: error[bad-id]: 'Harbour Fishermen' is not a valid actor id" \
        in result.stderr
    assert "hint: write the actor's id, not its name: perhaps 'harbour-fishermen';" in result.stderr


QUESTION = "content/questions/will-the-harbour-stay-open.yaml"


def _checked_with(tmp_path, relative: str, old: str, new: str):
    """The fixture project with `old` replaced by `new` in one file, checked: (project, file, result)."""
    project = fixture_project(tmp_path)
    path = project / relative
    path.write_text(path.read_text("utf-8").replace(old, new), encoding="utf-8")
    return project, path, run_explainer(project, "check")
