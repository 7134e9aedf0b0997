"""What the build writes beside the pages: metadata, sitemap, feed, data, search index."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from conftest import REPO, run_explainer, tree_digest
from fixture_content import fixture_project
from site_invariants import first_page_title

SITE = "http://127.0.0.1:8000"


def test_every_page_has_description_canonical_and_open_graph(soups):
    for path, soup in soups.items():
        assert soup.find("meta", attrs={"name": "description"})["content"], path
        canonical = soup.find("link", rel="canonical")["href"]
        assert canonical.startswith(SITE + "/"), path
        assert soup.find("meta", property="og:title")["content"] == soup.h1.get_text(strip=True) or path == "index.html"
        assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"
        assert soup.find("link", rel="icon")


def _json_ld(soup):
    return json.loads(soup.find("script", type="application/ld+json").string)["@graph"]


def test_json_ld_describes_actors_and_articles_with_what_is_known(soups, real_corpus):
    corpus = real_corpus[0]
    for actor_id, actor in corpus.actors.items():
        crumbs, entity = _json_ld(soups[f"actors/{actor_id}/index.html"])[:2]
        assert crumbs["@type"] == "BreadcrumbList"
        *trail, last = [i["name"] for i in crumbs["itemListElement"]]
        assert trail == ["Home", "Actors"] and first_page_title(actor.name, last)
        assert entity["@type"] == ("Person" if actor.kind == "person" else "Organization") and entity["name"] == actor.name
    for article_id, article in corpus.articles.items():
        meta, entity = article.meta, _json_ld(soups[f"sources/{article_id}/index.html"])[1]
        assert entity["@type"] == ("NewsArticle" if meta.kind == "news report" else "AnalysisNewsArticle")
        # What is unknown is left out, not guessed.
        assert entity.get("author") == (None if meta.author == "unknown" else {"@type": "Person", "name": meta.author})
        assert entity.get("publisher", {}).get("name") == (None if meta.outlet == "unknown" else meta.outlet)
        exact = meta.date != "unknown" and meta.date_precision == "exact"
        assert entity.get("datePublished") == (meta.date if exact else None), article_id


def test_json_ld_cannot_be_closed_by_content(soups):
    for path, soup in soups.items():
        assert "</" not in soup.find("script", type="application/ld+json").string, path


def test_sitemap_lists_every_page_but_the_404(built_site, soups):
    root = ET.parse(built_site / "sitemap.xml").getroot()
    locations = {loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    expected = {f"{SITE}/{path.removesuffix('index.html')}" for path in soups if path != "404.html"}
    assert locations == expected


def test_robots_allows_crawling_and_names_the_sitemap(built_site):
    text = (built_site / "robots.txt").read_text()
    assert "Disallow" not in text and f"Sitemap: {SITE}/sitemap.xml" in text


def test_feed_lists_updates_newest_first(built_site, soups, real_corpus):
    corpus = real_corpus[0]
    records = [*corpus.actors.values(), *corpus.questions.values(), *corpus.events.values(),
               *corpus.disagreements.values(), corpus.center]
    updates = [u for record in records for u in record.updates]
    feed = ET.parse(built_site / "feeds/updates.atom.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    entries = feed.findall(f"{atom}entry")
    assert len(entries) == len(updates)  # every update and correction of every record
    dates = [e.find(f"{atom}updated").text for e in entries]
    assert dates == sorted(dates, reverse=True)
    assert not updates or dates[0] == f"{max(u.date for u in updates)}T00:00:00Z"
    changes = soups["changes/index.html"]
    for entry in entries:
        assert changes.find(id=entry.find(f"{atom}id").text.split("#")[1])
        assert entry.find(f"{atom}title").text.split(": ", 1)[0] in ("Update", "Correction")


def test_404_page_links_from_the_site_root(soups):
    soup = soups["404.html"]
    assert soup.h1.get_text() == "Page not found"
    assert all(a["href"].startswith("/") for a in soup.select("main a"))


def test_data_export_has_every_record_with_citation_links(built_site, soups, real_corpus):
    index = json.loads((built_site / "data/index.json").read_text())
    assert index["format_version"] == 2
    parts = index["collections"]["actors"]  # one part or several, as the size requires
    actors = [a for name in parts for a in json.loads((built_site / "data" / name).read_text())]
    assert sorted(a["id"] for a in actors) == sorted(real_corpus[0].actors)
    for actor in actors:
        page, anchor = actor["role"]["cite"][0]["url"].split("#")
        assert soups[page + "index.html"].find(id=anchor), actor["id"]
    for name in ("questions", "events", "disagreements", "articles"):
        assert json.loads((built_site / f"data/{name}.json").read_text())


def test_a_large_collection_is_split_into_parts_listed_in_the_index(tmp_path, monkeypatch):
    from explainer.read.load import load_content
    from explainer.render import export as export_module

    corpus = load_content(REPO / "content").corpus
    monkeypatch.setattr(export_module, "PART_MAX_BYTES", 2_000)  # a few actors per part
    export_module.export(corpus, tmp_path)
    index = json.loads((tmp_path / "data/index.json").read_text())
    parts = index["collections"]["actors"]
    assert len(parts) > 3 and parts[0] == "actors-1.json" and not (tmp_path / "data/actors.json").exists()
    actors = [a for name in parts for a in json.loads((tmp_path / "data" / name).read_text())]
    assert [a["id"] for a in actors] == sorted(corpus.actors)
    for name in parts:  # each file within the limit, unless one actor alone is larger
        records = json.loads((tmp_path / "data" / name).read_text())
        assert len(records) == 1 or (tmp_path / "data" / name).stat().st_size <= 2_000
    assert sorted(index["files"]) == sorted(p.name for p in (tmp_path / "data").iterdir() if p.name != "index.json")


def test_a_one_shot_export_keeps_no_json_on_the_records_and_writes_the_same_files(tmp_path):
    """Only the dev server's records outlive a build: a one-shot build keeps no record's JSON
    (every record's, held to the end of the build) and writes the same data/."""
    from explainer.read.load import load_content
    from explainer.render import export as export_module

    corpus = load_content(REPO / "content").corpus
    export_module.export(corpus, tmp_path / "one-shot", remember=False)
    assert not any("_exported" in vars(r) for r in [*corpus.actors.values(), *corpus.articles.values()])
    export_module.export(corpus, tmp_path / "remembered")
    assert all("_exported" in vars(r) for r in corpus.actors.values())
    assert tree_digest(tmp_path / "one-shot") == tree_digest(tmp_path / "remembered")


def test_search_index_is_built_into_the_site(built_site):
    assert (built_site / "pagefind/pagefind.js").is_file()
    assert (built_site / "pagefind/pagefind-entry.json").is_file()


def test_two_builds_of_the_same_content_are_byte_identical(project, tmp_path):
    first = run_explainer(project, "build", "--quiet", "--output", str(tmp_path / "one"))
    second = run_explainer(project, "build", "--quiet", "--output", str(tmp_path / "two"))
    assert first.returncode == second.returncode == 0
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")


def test_where_an_articles_address_is_known_citations_also_link_to_the_quote_there(tmp_path):
    project = fixture_project(tmp_path / "project")
    article = project / "content/articles/harbour-report.md"
    article.write_bytes(article.read_bytes().replace(b"URL: unknown", b"URL: https://news.example/harbour"))
    assert run_explainer(project, "build", "--quiet", "--output", str(tmp_path / "site")).returncode == 0
    page = (tmp_path / "site/actors/harbour-fishermen/index.html").read_text()
    assert 'href="https://news.example/harbour#:~:text=local%20fishermen%20said"' in page


def test_no_inline_script_or_style_so_the_policy_needs_no_unsafe_inline(soups):
    for path, soup in soups.items():
        assert not soup.find(style=True), f"{path}: style attribute"
        assert not soup.find("style"), f"{path}: <style> element"
        for script in soup.find_all("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", f"{path}: inline script"
        assert not any(name.startswith("on") for tag in soup.find_all(True) for name in tag.attrs), path


def test_the_about_page_says_how_to_report_an_error_where_the_repository_is_known(tmp_path, monkeypatch):
    project = fixture_project(tmp_path)
    monkeypatch.setenv("REPOSITORY_URL", "https://github.com/owner/explainer")
    assert run_explainer(project, "build", "--quiet", "--output", "netlify").returncode == 0
    monkeypatch.delenv("REPOSITORY_URL")
    assert run_explainer(project, "build", "--quiet", "--output", "local").returncode == 0
    on_netlify, local = ((project / folder / "about/index.html").read_text("utf-8") for folder in ("netlify", "local"))
    assert '<a href="https://github.com/owner/explainer/issues">open an issue' in on_netlify
    assert 'href="../changes/">updates and corrections</a>' in on_netlify and "changes/" in local
    assert "github.com" not in local  # a local build knows no repository: no link that goes nowhere
