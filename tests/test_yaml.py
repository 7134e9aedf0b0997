"""Strict YAML: what PyYAML's safe_load gets wrong is an error here, at its line and column."""

from __future__ import annotations

import pytest

from explainer.model.problems import Problems
from explainer.read.strict_yaml import MapNode, ScalarNode, load_yaml


def load(text: str | bytes):
    problems = Problems()
    data = text.encode("utf-8") if isinstance(text, str) else text
    return load_yaml(data, "f.yaml", problems), [p.format().split("\n")[0] for p in problems.sorted()]


@pytest.mark.parametrize("text, expected", [
    ("a: 1\nb: 2\na: 3\n", "f.yaml:3:1: error[duplicate-key]: key 'a' appears twice: first at line 1, again here"),
    ("a: &x 1\nb: *x\n", "f.yaml:1:4: error[yaml-anchor]: anchor '&x' is not allowed"),
    ("a: !!str 1\n", "f.yaml:1:4: error[yaml-tag]: explicit tag 'tag:yaml.org,2002:str' is not allowed"),
    ("a: 1\n---\nb: 2\n", "f.yaml:2:1: error[multiple-documents]: the file holds more than one YAML document"),
    ("a:\n\t- b\n", "f.yaml:2:1: error[tab]: tab character; YAML needs spaces"),
    ("", "f.yaml:1:1: error[empty-file]: file is empty"),
    ("# only a comment\n", "f.yaml:1:1: error[empty-file]: file is empty"),
    ("- a\n- b\n", "f.yaml:1:1: error[not-a-mapping]: the file must hold a mapping of fields, found a list"),
    ("a: ok\nb: caf\xe9\n".encode("latin-1"), "f.yaml:2:7: error[not-utf8]: byte 0xe9 is not valid UTF-8"),
    ("a: x\u202ey\n", "f.yaml:1:5: error[bad-character]: invisible character RIGHT-TO-LEFT OVERRIDE (U+202E) is not allowed"),
    ("a: x\x07\n", "f.yaml:1:5: error[bad-character]: invisible character U+0007 is not allowed"),
    ("a: [1, 2\n", "f.yaml:2:1: error[yaml-syntax]: YAML syntax: while parsing a flow sequence; did not find expected ',' or ']'"),
    ("<<: {a: 1}\n", "f.yaml:1:1: error[yaml-merge]: merge keys ('<<') are not allowed"),
    ("a: x\u200by\n", "f.yaml:1:5: error[bad-character]: invisible character ZERO WIDTH SPACE (U+200B) is not allowed"),
    # Escapes in double quotes decode to the same characters: they are refused at the value.
    ('a: "x\\u202ey"\n', "f.yaml:1:4: error[bad-character]: the value contains the invisible character "
                          "RIGHT-TO-LEFT OVERRIDE (U+202E)"),
    ('a: ok\nb: "\\x00"\n', "f.yaml:2:4: error[bad-character]: the value contains the invisible character U+0000"),
    ('a: "\\ud800"\n', "f.yaml:1:7: error[yaml-syntax]: YAML syntax: while parsing a quoted scalar; "
                      "found invalid Unicode character escape code"),  # a lone surrogate
])
def test_refused_with_location(text, expected):
    root, found = load(text)
    assert root is None
    assert expected in found


def test_alias_bomb_is_refused_without_expanding():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8))
    root, found = load(bomb)
    assert root is None and found[0].startswith("f.yaml:1:4: error[yaml-anchor]")


def test_deep_nesting_is_refused():
    root, found = load("a: " + "[" * 40 + "]" * 40 + "\n")
    assert root is None and "error[too-complex]" in found[0]


@pytest.mark.parametrize("value", ["NO", "on", "1:20", "0123", "2025-10-08", "null", "1e3"])
def test_yaml_1_1_surprises_stay_the_text_typed(value):
    root, found = load(f"a: {value}\n")
    assert found == []
    assert isinstance(root, MapNode)
    node = root.get("a")
    assert isinstance(node, ScalarNode) and node.value == value


def test_bom_is_accepted_and_positions_keep_counting_from_one():
    root, found = load("\ufeffa: 1\nb: 2\n")
    assert found == [] and root.get("b").mark.line == 2 and root.get("b").mark.col == 4
