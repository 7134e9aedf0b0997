"""Quote matching: the documented normalisation and nothing more."""

from hypothesis import given, settings
from hypothesis import strategies as st

from explainer.check.lookalikes import lookalike_characters
from explainer.check.quotes import FOLD, closest_passage, find, normalise, spans_paragraphs, word_diff

TEXT = "He said “no plan — none”  today.\nRubio’s next\tparagraph."


def test_curly_quotes_dashes_and_spaces_are_normalised_and_offsets_map_back():
    match = find(normalise(TEXT), TEXT, 'said "no plan - none" today')
    assert match is not None and not match.exact
    assert TEXT[match.start:match.end] == "said “no plan — none”  today"


def test_exact_copy_is_marked_exact():
    match = find(normalise(TEXT), TEXT, "Rubio’s next")
    assert match is not None and match.exact


def test_case_and_spelling_must_match():
    assert find(normalise(TEXT), TEXT, "he said") is None
    assert find(normalise(TEXT), TEXT, "Rubios next") is None


def test_a_quote_never_spans_two_paragraphs():
    assert find(normalise(TEXT), TEXT, "today. Rubio's") is None
    assert spans_paragraphs(normalise(TEXT), "today. Rubio's")
    spaced = TEXT.replace("\n", "\n\n")  # articles with blank lines between paragraphs
    assert spans_paragraphs(normalise(spaced), "today. Rubio's")


def test_repeated_quote_counts_occurrences():
    text = "a b a b a"
    assert find(normalise(text), text, "a b").occurrences == 2


def test_closest_passage_and_word_diff():
    passage, score = closest_passage(TEXT, "Rubio's next paragraphs")
    assert passage == "Rubio’s next\tparagraph." and score > 0.5
    assert word_diff(passage, "Rubio's next paragraphs") == "Rubio’s next [-paragraph.-] {+paragraphs+}"


def test_the_diff_shows_the_articles_own_characters_and_no_full_stop_left_off():
    """Only what would make the quote match: the article's curly apostrophe is no difference,
    nor the full stop the quote leaves off the passage's last word."""
    passage = "about 40 countries now have the group’s representatives there."
    assert word_diff(passage, "about 40 nations now have the group's representatives there") == (
        "about 40 [-countries-] {+nations+} now have the group’s representatives there.")


def test_a_lookalike_of_an_apostrophe_is_named_beside_the_diff():
    passage = "the group’s alignment with US objectives."
    quote = "the group´s alignment with US objectives"
    assert word_diff(passage, quote) == "the [-group’s-] {+group´s+} alignment with US objectives."
    assert lookalike_characters(passage, quote) == [("´", "’")]
    assert lookalike_characters(passage, "the group’s аlignment with US objectives") == [("а", "a")]  # Cyrillic
    assert lookalike_characters(passage, "the groups alignment with US objectives") == []  # one missing is none
    assert lookalike_characters(passage, "the group’s assignment with US objectives") == []  # another word


def _normalise_by_character(text: str, keep_newlines: bool) -> tuple[str, list[int]]:
    """The rule as first written, a character at a time: the reference for the fast version."""
    chars: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text.translate(FOLD)):
        if char == "\n" and keep_newlines:
            while chars and chars[-1] == " ":
                chars.pop(), offsets.pop()
            chars.append("\n"), offsets.append(index)
        elif char.isspace():
            if chars and chars[-1] not in " \n":
                chars.append(" "), offsets.append(index)
        else:
            chars.append(char), offsets.append(index)
    return "".join(chars), offsets


@settings(max_examples=500, deadline=None)
@given(text=st.text(st.sampled_from("ab’—\u201c \n\t\r\u00a0\u2028\u3000\x1c"), max_size=40), keep=st.booleans())
def test_normalisation_and_its_offset_map_match_the_rule_character_by_character(text, keep):
    expected_text, expected_offsets = _normalise_by_character(text, keep)
    found = normalise(text, keep_newlines=keep)
    assert found.text == expected_text
    assert [found.original(i) for i in range(len(found.text))] == expected_offsets


def _long_paragraph(words: int, seed: int) -> str:
    """Words of a made-up language with a natural spread: a few very common, most rare."""
    import random

    rng = random.Random(seed)
    vocabulary = ["".join(rng.choice("abcdefghiklmnoprstuvwy") for _ in range(rng.randint(2, 9)))
                  for _ in range(5_000)]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    return " ".join(rng.choices(vocabulary, weights, k=words))


def test_the_closest_passage_in_a_long_paragraph_is_the_one_misquoted():
    """Issue 15, hole 2: the search is bounded by the quote, not the paragraph; the
    suggestion is the passage the editor misquoted, wherever it sits."""
    paragraph = _long_paragraph(40_000, seed=2)  # some 250,000 characters
    words = paragraph.split(" ")
    for first in (0, 17_003, len(words) - 160):
        passage = " ".join(words[first:first + 160])
        changed = words[first:first + 160]
        changed[80] = "Misquoted"
        dropped = words[first:first + 80] + words[first + 81:first + 160]
        text = "Opening line.\n" + paragraph + "\nClosing line."
        assert closest_passage(text, " ".join(changed))[0] == passage
        assert closest_passage(text, " ".join(dropped))[0] == passage
        assert word_diff(passage, " ".join(changed)) == " ".join(
            words[first:first + 80] + [f"[-{words[first + 80]}-]", "{+Misquoted+}"] + words[first + 81:first + 160])


def test_a_quote_of_one_repeated_word_against_a_paragraph_of_it_still_finishes():
    paragraph = "the " * 200_000
    passage, score = closest_passage(paragraph, "the " * 150 + "end")
    assert passage == " ".join(["the"] * 151) and score > 0.9
