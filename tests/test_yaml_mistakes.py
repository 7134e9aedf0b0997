"""An editor's usual YAML mistakes are told in plain words, at the line and column of the
mistake (not where the parser got lost), with a fix that works when applied."""

from __future__ import annotations

import pytest
import yaml

from explainer.model.problems import Problems
from explainer.read.strict_yaml import load_yaml

RECORD = "name: Test Person\nkind: person\nrole:\n  text: A person.\n  cite:\n    - article: crossing-report\n"


def problem(text: str):
    problems = Problems()
    assert load_yaml(text.encode("utf-8"), "f.yaml", problems) is None
    [found] = problems.errors
    assert found.code == "yaml-syntax"
    return found


# (the file, its mistake's line:col, the message, the value the hint's fix must give `key`)
APPLIED_FIXES = {
    "an apostrophe in a single-quoted quote": (
        RECORD + "      quote: 'The center's staff watch the crossing'\n", "7:25",
        "the apostrophe in \"center's\" ends the quoted value early",
        "quote", "The center's staff watch the crossing"),
    "two apostrophes, one already doubled": (
        "name: 'It''s the army's man'\n", "1:22", "the apostrophe in \"army's\" ends the quoted value early",
        "name", "It's the army's man"),
    "a double quote inside double quotes": (
        RECORD + '      quote: "He said "no" to the plan"\n', "7:23",
        "the double quote before 'no' ends the quoted value early", "quote", 'He said "no" to the plan'),
    "an unquoted value holding ': '": (
        "name: X\nclaims:\n  - text: Rubio said: there is no Plan B.\n", "3:21",
        "the value of 'text' holds a colon, which YAML reads as the start of another field",
        "text", "Rubio said: there is no Plan B."),
}


@pytest.mark.parametrize("case", APPLIED_FIXES, ids=list(APPLIED_FIXES))
def test_a_quoting_mistake_is_located_and_its_fix_gives_the_meant_value(case):
    text, where, message, key, meant = APPLIED_FIXES[case]
    found = problem(text)
    assert f"{found.mark.line}:{found.mark.col}" == where
    assert found.message == message
    fixed_value = found.hint.split(": ", 1)[1]
    line = text.split("\n")[found.mark.line - 1]
    fixed_line = line[:line.index(f"{key}:") + len(key) + 2] + fixed_value
    assert yaml.safe_load(fixed_line.lstrip(" -")) == {key: meant}


def test_a_missing_space_after_a_colon_is_named_at_its_own_line():
    # The parser stops at the line after it ("could not find expected ':'").
    found = problem("name: Aid groups\nkind:organization\nrole:\n  text: Groups.\n")
    assert (found.mark.line, found.mark.col) == (2, 6)
    assert found.message == "'kind:' needs a space after the colon"
    assert found.hint == "add a space after the colon: kind: organization"


@pytest.mark.parametrize("text, where, message", [
    (RECORD.replace("  cite:", " cite:"), (5, 2), "'cite' starts in column 2, but 'text' above it in column 3"),
    (RECORD.replace("  cite:", "     cite:"), (5, 6), "'cite' starts in column 6, but 'text' above it in column 3"),
    (RECORD + "       quote: opened at dawn\n", (7, 8),
     "'quote' starts in column 8, but 'article' above it in column 7"),
], ids=["less than its group", "more than its group", "in a list item"])
def test_a_field_out_of_line_with_its_group_is_named_with_both_columns(text, where, message):
    found = problem(text)
    assert (found.mark.line, found.mark.col) == where
    assert found.message == message
    assert "the fields of one group start in the same column" in found.hint


def test_the_parsers_own_words_stay_beside_the_plain_ones():
    found = problem("name: 'The center's man'\n")
    assert found.detail.startswith("parser: while parsing a block mapping")
    assert "\n    parser: " in found.format()


@pytest.mark.parametrize("text", ["a: [1, 2\n", "name: 'unclosed\nkind: person\n"])
def test_another_mistake_keeps_the_parsers_words_and_the_general_hint(text):
    found = problem(text)
    assert found.message.startswith("YAML syntax: ")
    assert found.hint.startswith("check indentation")


def test_a_valid_quote_with_doubled_apostrophes_and_a_url_value_are_not_mistakes():
    problems = Problems()
    text = "name: 'It''s fine'\nurl: 'https://example.org/a:b'\nquote: \"He said 'no'\"\n"
    assert load_yaml(text.encode("utf-8"), "f.yaml", problems) is not None
    assert problems.errors == []


CUT_OFF = {
    "a title": ("name: X\nclaims:\n  - text: Ranked #1 by the monitors, it's said.\n", "3:18",
                "'#1 by the monitors, it's said.' is read as a comment: the value is 'Ranked', "
                "the words from '#' on are left out", "text", "Ranked #1 by the monitors, it's said."),
    "a value that would be empty": ("name: X\nkind: #person\n", "2:7",
                                    "'#person' is read as a comment: the value is nothing, the words from '#' on "
                                    "are left out", "kind", "#person"),
}


@pytest.mark.parametrize("case", CUT_OFF, ids=list(CUT_OFF))
def test_a_value_cut_short_by_a_hash_is_an_error_at_the_hash_and_its_fix_keeps_the_words(case):
    """YAML reads ` #1 by the monitors` as a comment, and `explainer format` would drop it."""
    text, where, message, key, meant = CUT_OFF[case]
    problems = Problems()
    assert load_yaml(text.encode("utf-8"), "f.yaml", problems) is not None  # its other problems are still checked
    [found] = problems.errors
    assert (found.code, f"{found.mark.line}:{found.mark.col}", found.message) == ("cut-off-value", where, message)
    fixed_value = found.hint.removeprefix("put the whole value in quotes: ")
    line = text.split("\n")[found.mark.line - 1]
    fixed_line = line[:line.index(f"{key}:") + len(key) + 2] + fixed_value
    assert yaml.safe_load(fixed_line.lstrip(" -")) == {key: meant}
    fixed = Problems()
    load_yaml(text.replace(line, fixed_line).encode("utf-8"), "f.yaml", fixed)
    assert fixed.errors == []


def test_a_comment_that_starts_with_a_space_is_a_comment():
    """As the `explainer new` templates write them: `kind: person   # person | state | organization`."""
    problems = Problems()
    node = load_yaml(b"name: X   # the usual name\nkind: person # person | state\nrole:  # one line\n  text: A.\n",
                     "f.yaml", problems)
    assert problems.errors == [] and node.get("name").value == "X"


QUESTION = ("title: Will the harbour stay open?\nstatus: open\nwhy:\n  - text: The boats depend on it.\n"
            "    cite:\n      - article: crossing-report\n        quote: 'a driver said'\n")
MISSING_COLONS = {  # the line left without its colon, and where the message puts it
    "a field and its value": ("status: open", "2:7"),
    "a field that opens a group": ("    cite:", "5:9"),
    "a field in a list item": ("      - article: crossing-report", "6:16"),
}


@pytest.mark.parametrize("case", MISSING_COLONS, ids=list(MISSING_COLONS))
def test_a_colon_left_out_is_named_at_its_own_line_and_its_fix_reads(case):
    """The parser reports the line after ("could not find expected ':'", "mapping values are
    not allowed in this context"), in its own words."""
    line, where = MISSING_COLONS[case]
    key = line.split(":")[0].strip(" -")
    found = problem(QUESTION.replace(line, line.replace(":", "", 1), 1))
    assert (f"{found.mark.line}:{found.mark.col}", found.message) == (where, f"'{key}' has no colon after it")
    assert found.hint == "write it with one: " + line.strip()  # the line as it was meant
