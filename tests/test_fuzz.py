"""Fuzzing the loader and the checker: any bytes as a YAML record or an article give either
a record or located errors, never an uncaught exception, a hang or output written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO
from explainer.commands.build import build
from explainer.model.problems import ContentError, Problems
from explainer.model.records import Actor, Affiliation, Citation, Claim, Disagreement, Event, Question, Update
from explainer.model.schema import fields
from explainer.read.articles import load_article
from explainer.read.convert import convert
from explainer.read.strict_yaml import load_yaml
from explainer.site import check_content
from fixture_content import FILES

FUZZ = settings(max_examples=400, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
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


# The checker, end to end: fuzzed records in a small content tree (the tests' own articles and
# center, tests/fixture_content.py) go through loading, references, names and quotes. Records are
# YAML trees built from the model's own field names and the tree's ids and words, so that many
# get past the loader into the checks.
TREE = ("articles/harbour-report.md", "articles/crossing-report.md", "center.yaml")
WORDS = ["Harbour fishermen", "local fishermen said", "harbour-fishermen", "harbour-report", "person", "answered",
         "2025-10", "exact", "approximate", "leads", "", " ", "\u00e9", "<script>", "{{ x }}", "null", "1e3"]
KEYS = sorted({name for cls in (Actor, Event, Question, Disagreement, Claim, Citation, Affiliation, Update)
               for name in fields(cls)} | {"unknown"})
VALUES = st.recursive(st.sampled_from(WORDS) | st.text(max_size=20),
                      lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=6),
                      max_leaves=30)
RECORDS = st.dictionaries(st.sampled_from(KEYS), VALUES, min_size=1, max_size=8)


@pytest.fixture(scope="module")
def small_tree(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("fuzz") / "content"
    for folder in ("articles", "actors", "questions", "events", "disagreements"):
        (content / folder).mkdir(parents=True)
    for relative in TREE:
        (content / relative).write_text(FILES[relative], encoding="utf-8")
    return content


@FUZZ
@given(folder=st.sampled_from(["actors", "questions", "events", "disagreements"]), record=RECORDS)
def test_any_record_through_the_whole_checker(small_tree, folder, record):
    path = small_tree / folder / "fuzzed.yaml"
    path.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8", errors="surrogatepass")
    try:
        problems = check_content(small_tree).problems
    finally:
        path.unlink()
    assert all(p.mark.line >= 1 and p.mark.col >= 1 and p.mark.path.startswith(str(small_tree))
               for p in problems.sorted())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300))
def test_a_failed_build_writes_nothing(tmp_path, data):
    content = tmp_path / "content"
    if not content.exists():
        shutil.copytree(REPO / "content", content)
    (content / "events/fuzzed.yaml").write_bytes(data)
    output = tmp_path / "build"
    try:
        build(REPO / "pelicanconf.py", content, output, quiet=True)
    except ContentError as failure:
        assert failure.problems.errors
        assert not output.exists() and not list(tmp_path.glob("build.staging-*"))
    else:  # the bytes happened to be a valid event: then the site is whole
        assert (output / "timeline/index.html").exists()
        shutil.rmtree(output)
