"""What search engines and link previews read: JSON-LD, breadcrumbs, sitemap entries.

JSON-LD is a data block, never executed; it is still escaped so that no text can close
the <script> element it sits in.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from ..model.records import Actor, Article

SECTION_TITLES = {"actors/": "Actors", "questions/": "Questions", "sources/": "Sources"}


def json_ld(data: dict[str, Any]) -> Markup:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def breadcrumbs(url: str, title: str) -> list[tuple[str, str]]:
    """(name, site-relative url) from the home page down to this page."""
    trail = [("Home", "")]
    for prefix, name in SECTION_TITLES.items():
        if url.startswith(prefix) and url != prefix:
            trail.append((name, prefix))
    if url:
        trail.append((title, url))
    return trail


def breadcrumb_list(site_url: str, trail: list[tuple[str, str]]) -> dict[str, Any]:
    return {"@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": i, "name": name, "item": f"{site_url}/{url}"}
        for i, (name, url) in enumerate(trail, start=1)]}


def actor_entity(actor: Actor, url: str) -> dict[str, Any]:
    entity = {"@type": "Person" if actor.kind == "person" else "Organization", "name": actor.name,
              "description": actor.role.text, "url": url}
    if actor.aliases:
        entity["alternateName"] = list(actor.aliases)
    return entity


def article_entity(article: Article, url: str) -> dict[str, Any]:
    """Only what is known: unknown outlet, author and dates are left out, not guessed."""
    meta = article.meta
    entity: dict[str, Any] = {"@type": "NewsArticle" if meta.kind == "news report" else "AnalysisNewsArticle",
                              "headline": meta.title, "url": url, "isBasedOn": meta.url if meta.url != "unknown" else None}
    if meta.author != "unknown":
        entity["author"] = {"@type": "Person", "name": meta.author}
    if meta.outlet != "unknown":
        entity["publisher"] = {"@type": "Organization", "name": meta.outlet}
    if meta.date != "unknown" and meta.date_precision == "exact":
        entity["datePublished"] = meta.date
    return {k: v for k, v in entity.items() if v is not None}


def page_json_ld(site_url: str, url: str, title: str, description: str, entity: dict | None) -> Markup:
    graph: list[dict[str, Any]] = [breadcrumb_list(site_url, breadcrumbs(url, title))]
    if entity:
        graph.append(entity)
    else:
        graph.append({"@type": "WebPage", "name": title, "description": description, "url": f"{site_url}/{url}"})
    return json_ld({"@context": "https://schema.org", "@graph": graph})
