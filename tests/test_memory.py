"""What one process keeps between builds (the dev server, `pelican --autoreload`): parsed
records, walked references and found quotes. A kept result must never hide an edit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from explainer.commands.build import Builder
from explainer.model.problems import ContentError
from fixture_content import fixture_project

EVENT = "content/events/2025-10-20-boats-return.yaml"
ARTICLE = "content/articles/harbour-report.md"
QUOTED = "Fishing boats returned to the harbour"  # the event's quote


@pytest.fixture
def project(tmp_path) -> Path:
    """The tests' own content: which record and quote they edit is theirs, not today's content's."""
    return fixture_project(tmp_path)


@pytest.fixture
def builder(project, monkeypatch) -> Builder:
    monkeypatch.chdir(project)
    builder = Builder(Path("pelicanconf.py"), quiet=True)
    builder.run()
    return builder


def timeline(project: Path) -> str:
    """Every page of the timeline (one page, or one a month), as one text."""
    return "".join(page.read_text("utf-8") for page in sorted((project / "build/timeline").rglob("index.html")))


def test_an_edit_that_keeps_the_size_and_the_time_is_still_seen(builder, project):
    event = project / EVENT
    before = os.stat(event)
    text = event.read_text("utf-8")
    assert "text: Fishing boats returned" in text
    event.write_text(text.replace("text: Fishing boats returned", "text: Fishing boats RETURNED"),
                     encoding="utf-8")  # same length
    os.utime(event, ns=(before.st_atime_ns, before.st_mtime_ns))  # as a tool restoring times would
    builder.run()
    assert "Fishing boats RETURNED" in timeline(project)


def test_a_quote_removed_from_its_article_fails_the_next_build(builder, project):
    article = project / ARTICLE
    text = article.read_text("utf-8")
    assert QUOTED in text
    article.write_text(text.replace(QUOTED, "Fishing boats came to the harbour"), encoding="utf-8")
    with pytest.raises(ContentError) as failed:
        builder.run()
    assert any(p.code == "quote-not-found" for p in failed.value.problems.errors)
    article.write_text(text, encoding="utf-8")
    builder.run()  # and put back, it is found again
    assert QUOTED in timeline(project)


def test_a_reference_edited_away_is_an_error_at_the_next_build(builder, project):
    event = project / EVENT
    text = event.read_text("utf-8")
    assert "actors: [harbour-fishermen]" in text
    event.write_text(text.replace("actors: [harbour-fishermen]", "actors: [harbour-fishermenn]"), encoding="utf-8")
    with pytest.raises(ContentError) as failed:
        builder.run()
    assert [p.code for p in failed.value.problems.errors] == ["unknown-ref"]
