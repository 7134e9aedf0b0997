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
from .map_pages import map_page, map_page_count, map_url
from .page import Page
from .record_pages import actor_page, center_page, disagreements_page, question_page, source_page, timeline_page
from .seo import actor_entity, article_entity, page_json_ld


def page_plan(graph: Graph, site_url: str = "") -> dict[str, Callable[[], Page]]:
    """Every page's output path, with the function that builds it. Only the ids are read
    here, so an incremental build can list the site and build just the pages it needs."""
    corpus = graph.corpus
    builders: dict[str, Callable[[], Page]] = {
        "index.html": lambda: home_page(graph), "actors/index.html": lambda: actors_index(corpus),
        "center/index.html": lambda: center_page(graph), "questions/index.html": lambda: questions_index(corpus),
        "timeline/index.html": lambda: timeline_page(graph), "disagreements/index.html": lambda: disagreements_page(graph),
        "sources/index.html": lambda: sources_index(corpus), "about/index.html": lambda: about_page(corpus),
        "404.html": lambda: not_found_page(corpus), "changes/index.html": lambda: changes_page(corpus),
        "search/index.html": lambda: search_page(corpus),
    }
    for number in range(1, map_page_count(corpus) + 1):
        builders[map_url(number) + "index.html"] = partial(map_page, corpus, number)
    for actor_id in sorted(corpus.actors):
        builders[f"actors/{actor_id}/index.html"] = partial(actor_page, graph, actor_id)
    for question_id in sorted(corpus.questions):
        builders[f"questions/{question_id}/index.html"] = partial(question_page, graph, question_id)
    for article_id in sorted(corpus.articles):
        builders[f"sources/{article_id}/index.html"] = partial(source_page, graph, article_id)
    return {output: partial(_finished, build, corpus, site_url) for output, build in builders.items()}


def _finished(build: Callable[[], Page], corpus: Corpus, site_url: str) -> Page:
    page = build()
    page.search_type = SEARCH_TYPES.get(page.template, "")
    if page.template == "actor":
        page.entity = actor_entity(corpus.actors[page.url.split("/")[1]], f"{site_url}/{page.url}")
    elif page.template == "source":
        page.entity = article_entity(corpus.articles[page.url.split("/")[1]], f"{site_url}/{page.url}")
    page.json_ld = page_json_ld(site_url, page.url, page.title, page.description, page.entity)
    return page


SEARCH_TYPES = {"actor": "Actor", "question": "Question", "center": "Coordination center",
                "timeline": "Event", "disagreements": "Disagreement", "source": "Source article"}
