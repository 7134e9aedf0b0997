"""The quote check in the browser (theme/admin/quotes.js) says what `explainer check` says: the same
normalisation, the same search and the same closest passage, on a shared table of cases
(tests/quote_cases.json) and on generated text (node runs the JavaScript)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO
from explainer.check.quotes import FOLD, closest_passage, find, normalise, normalise_quote, spans_paragraphs
from js_harness import node_runner

CASES = json.loads((REPO / "tests/quote_cases.json").read_text("utf-8"))["cases"]
# Text as editors and articles have it, with every character normalisation treats specially.
SPECIAL = "".join(map(chr, FOLD)) + " \t\n\r\v\f\u00a0\u1680\u2000\u2009\u200a\u2028\u2029\u202f\u205f\u3000\x1c\x85"
TEXT = st.text(alphabet=st.sampled_from(list(SPECIAL) + list("aAbB.,'\"-ß")) | st.characters(), max_size=60)
WORDS = st.lists(st.sampled_from(["peace", "plan", "Peace,", "the", "The", "center", "war", "Hamas", "Israel", "—"]),
                 max_size=14).map(" ".join)


@pytest.fixture(scope="module")
def node():
    yield from node_runner()


def python_verdict(article: str, quote: str) -> dict:
    """What `explainer check` decides (check/verify.py), in the shape the table states."""
    if not normalise_quote(quote):
        return {"status": "empty"}
    text = normalise(article)
    match = find(text, article, quote)
    if match is not None:
        return {"status": "found", "occurrences": match.occurrences}
    if spans_paragraphs(text, quote):
        return {"status": "spans-paragraphs"}
    passage, score = closest_passage(article, quote)
    return {"status": "not-found", "closest": passage, "score": round(score, 4)}


def js_verdict(node, article: str, quote: str) -> dict:
    answer = node("checkQuote", article, quote)
    if answer["status"] == "not-found":
        return {"status": "not-found", "closest": answer["passage"], "score": round(answer["score"], 4)}
    return answer


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_python_and_the_browser_agree_with_the_table(node, case):
    assert python_verdict(case["article"], case["quote"]) == case["expect"]
    assert js_verdict(node, case["article"], case["quote"]) == case["expect"]


@settings(max_examples=400, deadline=None)
@given(text=TEXT)
def test_both_normalise_a_quote_alike(node, text):
    assert node("normaliseQuote", text) == normalise_quote(text)


@settings(max_examples=400, deadline=None)
@given(text=TEXT)
def test_both_normalise_an_article_alike(node, text):
    assert node("normalise", text) == normalise(text).text


LETTERS = st.characters(codec="latin-1") | st.sampled_from(list("ßæœøİ’“—"))


@settings(max_examples=300, deadline=None)
@given(article=st.text(alphabet=LETTERS, max_size=24), quote=st.text(alphabet=LETTERS, min_size=1, max_size=24))
def test_both_compare_words_alike_without_case_or_punctuation(node, article, quote):
    """Closest passages of Latin-1 text (case folding and letters as Python's casefold and isalnum)."""
    passage, score = closest_passage(article, quote)
    assert node("closestPassage", article, quote) == [passage, pytest.approx(score)]


@settings(max_examples=300, deadline=None)
@given(paragraphs=st.lists(WORDS, min_size=1, max_size=3), quote=WORDS)
def test_both_find_the_same_quote_or_closest_passage(node, paragraphs, quote):
    article = "\n".join(paragraphs)
    assert js_verdict(node, article, quote) == python_verdict(article, quote)
