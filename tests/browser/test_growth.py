"""The explainer grows: a copy of the content with one more article, added as an editor adds
it (`explainer new article`, then records citing it), and the benchmark's synthetic corpus
(bench/corpus.py, a few dozen articles with their records), passes `check --strict` and
builds into a site on which every whole-site check holds: each record and article has its
page, every quote is found and highlighted, every link resolves, every page is within its
budget, valid HTML and free of axe violations.

Nothing here depends on what content/ holds today: the real content is only the starting
point, and the grown part is written by the test."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from browser.conftest import served
from browser.page_checks import axe_report, axe_violations, nu_report, over_budget, requests, weight
from conftest import REPO, copy_project, run_explainer
from explainer.publish.postcheck import check_site
from explainer.site import check_content
from site_invariants import CHECKS

SYNTHETIC_ARTICLES = 36
RECORD_FOLDERS = ("actors", "questions", "events", "disagreements")
ARTICLE_ID = "grown-harbour-report"
RECEIVED = """\
Fishing boats return to the harbour as the ceasefire holds

Fishing boats returned to the harbour on Monday for the first time in weeks, local fishermen said.
A spokesman for the coordination center said monitors would visit the harbour every morning.
The fishermen said the catch was small but the mood was hopeful.
"""
HEADER = {"Label": "Harbour report", "Kind": "news report", "Show": "full",
          "Date-Note": "The text gives only a weekday, Monday, and no date.",
          "Outlet-Note": "The text does not name its outlet.", "Author-Note": "The text names no author."}
RECORDS = {
    "actors/harbour-fishermen.yaml": """\
name: Harbour fishermen
kind: organization
role:
  text: Fishermen of the harbour, quoted on the return of the boats.
  cite:
    - article: grown-harbour-report
      quote: local fishermen said
claims:
  - text: They describe a small catch and a hopeful mood.
    cite:
      - article: grown-harbour-report
        quote: the catch was small but the mood was hopeful
""",
    "events/2025-10-20-boats-return.yaml": """\
date: '2025-10'
date_precision: approximate
date_note: The report gives only a weekday, Monday.
title: Fishing boats return
text: Fishing boats returned to the harbour for the first time in weeks.
cite:
  - article: grown-harbour-report
    quote: Fishing boats returned to the harbour on Monday for the first time in weeks
actors: [harbour-fishermen]
""",
    "questions/will-the-harbour-stay-open.yaml": """\
title: Will the harbour stay open?
status: open
why:
  - text: The fishermen's return depends on the ceasefire holding.
    cite:
      - article: grown-harbour-report
        quote: Fishing boats returned to the harbour
so_far:
  - text: The coordination center says monitors will visit the harbour every morning.
    cite:
      - article: grown-harbour-report
        quote: monitors would visit the harbour every morning
actors: [harbour-fishermen]
""",
}
CENTER_FACT = {"text": "Its monitors are to visit the harbour every morning, according to one report.",
               "cite": [{"article": ARTICLE_ID, "quote": "monitors would visit the harbour every morning"}]}


@dataclass
class Grown:
    root: Path
    site: Path
    soups: dict[str, BeautifulSoup]
    corpus: tuple  # (Corpus, Anchors), as site_invariants' checks take it
    check: subprocess.CompletedProcess


def add_article_as_an_editor(root: Path) -> None:
    received = root / "inbox" / "harbour.txt"
    received.parent.mkdir()
    received.write_text(RECEIVED, encoding="utf-8")
    added = run_explainer(root, "new", "article", ARTICLE_ID, "--from", str(received))
    assert added.returncode == 0, added.stderr
    path = root / "content/articles" / f"{ARTICLE_ID}.md"
    text = path.read_bytes().decode("utf-8")
    for key, value in HEADER.items():
        text = re.sub(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.M)
    path.write_bytes(text.encode("utf-8"))
    for relative, record in RECORDS.items():
        (root / "content" / relative).write_text(record, encoding="utf-8")


def add_synthetic_corpus(root: Path) -> None:
    """bench/corpus.py's articles and records beside the real ones (its ids are its own), and
    its center's statements added to the real center's sections."""
    made = subprocess.run([sys.executable, str(REPO / "bench/corpus.py"), str(root / "synthetic"),
                           "--articles", str(SYNTHETIC_ARTICLES)], capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    synthetic, content = root / "synthetic/content", root / "content"
    for folder in ("articles", *RECORD_FOLDERS):
        for path in sorted((synthetic / folder).iterdir()):
            target = content / folder / path.name
            assert not target.exists(), f"the synthetic corpus reuses the id of {target}"
            target.write_bytes(path.read_bytes())
    center = yaml.safe_load((content / "center.yaml").read_text("utf-8"))
    for section, statements in yaml.safe_load((synthetic / "center.yaml").read_text("utf-8")).items():
        if isinstance(statements, list):
            center.setdefault(section, []).extend(statements)
    center["limits"].append(CENTER_FACT)
    (content / "center.yaml").write_text(yaml.safe_dump(center, allow_unicode=True, sort_keys=False, width=10**6),
                                         encoding="utf-8")


@pytest.fixture(scope="module")
def grown(tmp_path_factory) -> Grown:
    root = copy_project(tmp_path_factory.mktemp("grown"))
    add_article_as_an_editor(root)
    add_synthetic_corpus(root)
    check = run_explainer(root, "check", "--strict")
    built = run_explainer(root, "build", "--quiet", "--output", "build")
    assert built.returncode == 0, built.stdout + built.stderr
    site = root / "build"
    soups = {str(p.relative_to(site)): BeautifulSoup(p.read_text("utf-8"), "html.parser")
             for p in sorted(site.rglob("*.html"))}
    checked = check_content(root / "content")
    return Grown(root, site, soups, (checked.loaded.corpus, checked.anchors), check)


def test_grown_content_passes_the_strict_check(grown):
    assert grown.check.returncode == 0, grown.check.stderr
    articles = grown.corpus[0].articles
    assert ARTICLE_ID in articles and len(articles) > SYNTHETIC_ARTICLES  # it did grow
    assert f"sources/{ARTICLE_ID}/index.html" in grown.soups


@pytest.mark.parametrize("check", CHECKS, ids=[c.__name__.removeprefix("check_") for c in CHECKS])
def test_grown_site(check, grown):
    check(grown.soups, grown.site, grown.corpus)


def test_the_new_article_is_cited_and_highlighted(grown):
    marks = grown.soups[f"sources/{ARTICLE_ID}/index.html"].select("section.article-text mark[id]")
    quoted = " ".join(mark.get_text() for mark in marks)
    assert "monitors would visit the harbour every morning" in quoted
    assert "the catch was small but the mood was hopeful" in quoted


def test_every_link_and_asset_of_the_grown_site_resolves(grown):
    assert check_site(grown.site) == []


@pytest.fixture(scope="module")
def page_weights(grown, browser) -> dict[str, dict[str, int]]:
    """Every page of the grown site, loaded in Chromium: the HTML, CSS and JS it needed."""
    context = browser.new_context()
    tab = context.new_page()
    weights = {}
    with served(grown.site) as url:
        for path in grown.soups:
            tab.goto(url + "/" + path.removesuffix("index.html"))
            weights[path] = weight(requests(tab), grown.site)
    context.close()
    return weights


def test_every_page_is_within_its_budget(page_weights):
    over = {path: over_budget(needed) for path, needed in page_weights.items()}
    assert {path: why for path, why in over.items() if why} == {}


def one_page_of_each_kind(site: Path) -> list[str]:
    """The largest page of each kind (the home page, a folder's index, or one of its records' pages)."""
    kinds: dict[tuple, str] = {}
    for page in sorted(site.rglob("*.html"), key=lambda p: -p.stat().st_size):
        path = str(page.relative_to(site))
        parts = path.split("/")
        kind = (parts[0] if len(parts) > 1 else "", len(parts))
        kinds.setdefault(kind, path)
    return sorted(kinds.values())


def test_one_page_of_each_kind_has_no_accessibility_violations(grown, browser):
    context = browser.new_context()
    tab = context.new_page()
    found = {}
    with served(grown.site) as url:
        for path in one_page_of_each_kind(grown.site):
            tab.goto(url + "/" + path.removesuffix("index.html"))
            if violations := axe_violations(tab):
                found[path] = axe_report(violations)
    context.close()
    assert found == {}


def test_every_page_of_the_grown_site_is_valid_html(grown):
    report = nu_report(grown.site, sorted(grown.site.rglob("*.html")))
    assert report == [], "\n".join(report)


def test_who_cites_a_paragraphs_passages_lands_on_the_first_of_them_outlined(grown, browser):
    links = [(path, a["href"]) for path, soup in grown.soups.items() if path.startswith("sources/")
             for a in soup.select("div.cited-by > a[href*='#c-']")]
    assert links, "no article of the grown site has its passages' citers on a page of their own"
    path, href = links[0]
    context = browser.new_context()
    tab = context.new_page()
    with served(grown.site) as url:
        tab.goto(f"{url}/{path.removesuffix('index.html')}")
        tab.click(f"div.cited-by > a[href='{href}']")
        target = tab.locator(":target")
        expect(target).to_have_attribute("id", href.split("#")[1])
        expect(target).to_be_in_viewport()
        assert target.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    context.close()
