"""The source articles: text exactly as received, metadata only what the text supports."""

from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import REPO
from explainer.site import check_content

SEEDS = dict(reversed(line.split()) for line in (REPO / "tests/seeds.sha256").read_text().splitlines())


def load():
    checked = check_content(REPO / "content")
    assert not checked.problems.errors, [p.format() for p in checked.problems.errors]
    return checked.loaded.corpus.articles


def test_each_article_text_is_byte_identical_to_the_seed_received():
    articles = load()
    assert len(articles) == 5
    for article in articles.values():
        digest = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
        assert SEEDS[article.meta.seed] == digest, article.id


def test_no_url_is_invented_and_unknowns_are_explained():
    for article in load().values():
        meta = article.meta
        assert meta.url == "unknown"
        if meta.outlet == "unknown":
            assert meta.outlet_note, article.id
        if meta.date_precision == "approximate" or meta.date == "unknown":
            assert meta.date_note, article.id
        if meta.title_source == "editors":
            assert meta.title_note, article.id


def test_content_has_no_problems_at_all():
    checked = check_content(Path(REPO / "content"))
    assert [p.format() for p in checked.problems.shown()] == []
