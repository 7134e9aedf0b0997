"""The page plan: every page's output path with the function that builds it."""

from __future__ import annotations

from functools import partial
from typing import Callable

from ..check.graph import Graph
from ..model.records import Corpus
from .index_pages import (
    about_page,
    actors_index,
    changes_page,
    home_page,
    not_found_page,
    questions_index,
    search_page,
    sources_index,
)
from .layout import Layout, plan_layout
from .map_pages import map_page, map_page_count, map_url
from .page import Page
from .record_pages import (
    actor_page,
    center_page,
    center_section_page,
    disagreements_page,
    question_page,
    source_cited_page,
    source_page,
    timeline_index,
    timeline_page,
)
from .seo import actor_entity, article_entity, page_json_ld


def page_plan(graph: Graph, site_url: str = "", layout: Layout | None = None) -> dict[str, Callable[[], Page]]:
    """Every page's output path, with the function that builds it. Only the records' text is
    read here (to split pages that would grow past their budget: layout.py), so an
    incremental build can list the site and build just the pages it needs."""
    layout = layout or plan_layout(graph)
    corpus = graph.corpus
    page = partial(partial, _finished, corpus, site_url)  # page(build, *args): one object per page, not two
    builders: dict[str, Callable[[], Page]] = {
        "index.html": page(home_page, layout), "center/index.html": page(center_page, layout),
        "about/index.html": page(about_page, layout), "404.html": page(not_found_page, layout),
        "changes/index.html": page(changes_page, layout), "search/index.html": page(search_page, layout),
    }
    for index, build in ((layout.actors_index, actors_index), (layout.questions_index, questions_index),
                         (layout.sources_index, sources_index)):
        for part in index:
            builders[part.url + "index.html"] = page(build, layout, part.number)
    for part in layout.disagreements:
        builders[part.url + "index.html"] = page(disagreements_page, layout, part.number)
    for part in layout.timeline:
        builders[part.url + "index.html"] = page(timeline_page, layout, part)
    if layout.timeline_split:
        builders["timeline/index.html"] = page(timeline_index, layout)
    for part in layout.center:
        builders[part.url + "index.html"] = page(center_section_page, layout, part)
    for number in range(1, map_page_count(layout) + 1):
        builders[map_url(number) + "index.html"] = page(map_page, layout, number)
    for actor_id in sorted(corpus.actors):
        for number in range(1, len(layout.actor_pages.get(actor_id, [None])) + 1):
            builders[_numbered(f"actors/{actor_id}/", number)] = page(actor_page, layout, actor_id, number)
    for question_id in sorted(corpus.questions):
        builders[f"questions/{question_id}/index.html"] = page(question_page, layout, question_id)
    for article_id in sorted(corpus.articles):
        for part in layout.source_text[article_id]:
            builders[part.url + "index.html"] = page(source_page, layout, article_id, part.number)
        for part in layout.source_cited[article_id]:
            builders[part.url + "index.html"] = page(source_cited_page, layout, article_id, part.number)
    return builders


def _numbered(base: str, number: int) -> str:
    return base + ("" if number == 1 else f"{number}/") + "index.html"


def _finished(corpus: Corpus, site_url: str, build: Callable[..., Page], *args) -> Page:
    page = build(*args)
    page.search_type = SEARCH_TYPES.get(page.template, "")
    if page.template == "actor":
        page.entity = actor_entity(corpus.actors[page.url.split("/")[1]], f"{site_url}/{page.url}")
    elif page.template == "source":
        page.entity = article_entity(corpus.articles[page.url.split("/")[1]], f"{site_url}/{page.url}")
    page.json_ld = page_json_ld(site_url, page.url, page.title, page.description, page.entity)
    return page


SEARCH_TYPES = {"actor": "Actor", "question": "Question", "center": "Coordination center",
                "center_section": "Coordination center", "timeline": "Event", "disagreements": "Disagreement",
                "source": "Source article"}
