"""Fuzzing the loader: any bytes as a YAML record or an article give either a record or
located errors, never an uncaught exception or a hang."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explainer.articles import load_article
from explainer.convert import convert
from explainer.model import Actor, Event
from explainer.problems import Problems
from explainer.yamlload import load_yaml

FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
YAMLISH = st.text(alphabet=st.sampled_from(list("abc:- \n\t'\"[]{}&*!#|>%@`,?~\\0123456789\u202e\x00é")), max_size=300)


def located(problems: Problems) -> bool:
    return all(p.mark.path == "f.yaml" or p.mark.path == "a.md" for p in problems.sorted()) and \
        all(p.mark.line >= 1 and p.mark.col >= 1 for p in problems.sorted())


def load_record(data: bytes, cls) -> tuple[object, Problems]:
    problems = Problems()
    node = load_yaml(data, "f.yaml", problems)
    return (convert(node, cls, "f.yaml", problems) if node else None), problems


@FUZZ
@given(st.binary(max_size=400))
def test_any_bytes_as_yaml(data):
    record, problems = load_record(data, Actor)
    assert (record is not None) or problems.errors
    assert located(problems)


@FUZZ
@given(YAMLISH)
def test_yaml_like_text(text):
    for cls in (Actor, Event):
        record, problems = load_record(text.encode("utf-8", "surrogatepass"), cls)
        assert (record is not None) or problems.errors
        assert located(problems)


@FUZZ
@given(st.binary(max_size=400))
def test_any_bytes_as_an_article(data):
    problems = Problems()
    article = load_article(data, "a.md", "a", problems)
    assert (article is not None) or problems.errors
    assert located(problems)
