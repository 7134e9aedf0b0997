"""Search over an index made in parts (scripts/explainer/publish/search.py) finds what one
index finds: the real content is built twice, once as one index and once forced into three
or four parts, and the search page of each is asked, under the site's real headers (no
Content-Security-Policy violation, no console error), for a distinctive word of each part's
titles: the same first result, and every page one index finds, each once.

What is not compared, and why: the order after the first result. Pagefind's mergeIndex
(1.5.2) searches each part on its own, scoring with that part's word statistics, and sorts
all the results by score, so the order differs from one index's (measured on the real
content in 3 parts with 8 title words: the first 5 in the same order for 1 query, the
first result the same for all 8). And a part without the word answers with Pagefind's
fallback matches, as one index does for a word it lacks: the parts show those after the
real ones.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from browser.conftest import search_results, served, watched_page
from conftest import REPO, run_explainer
from explainer.publish.search import PART_BYTES_VARIABLE, SEARCHABLE, cut_into_parts

COMPARED = 5  # the first results, which a reader looks at


def built_into(folder: Path, part_bytes: int | None = None) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        if part_bytes is not None:
            patch.setenv(PART_BYTES_VARIABLE, str(part_bytes))
        result = run_explainer(REPO, "build", "--quiet", "--output", str(folder))
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


def searchable_pages(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html") if SEARCHABLE.search(p.read_bytes()))


@pytest.fixture(scope="module")
def one_index(tmp_path_factory) -> Path:
    site = built_into(tmp_path_factory.mktemp("one") / "build")
    assert json.loads((site / "search/delta.json").read_text())["parts"] == ["pagefind"]  # the default bound
    return site


@pytest.fixture(scope="module")
def part_bound(one_index) -> int:
    """A third of the bytes the search reads: three parts or four."""
    return sum(len(_main(one_index / page)) for page in searchable_pages(one_index)) // 3 + 1


@pytest.fixture(scope="module")
def in_parts(tmp_path_factory, part_bound) -> Path:
    site = built_into(tmp_path_factory.mktemp("parts") / "build", part_bound)
    assert len(json.loads((site / "search/delta.json").read_text())["parts"]) >= 3
    return site


def _main(page: Path) -> str:
    match = re.search(r"<main\b.*?</main>", page.read_text("utf-8"), re.DOTALL)
    return match.group(0) if match else ""


def titles(site: Path, pages: list[str]) -> list[str]:
    return [re.search(r"<title>(.*?)</title>", (site / page).read_text("utf-8"), re.DOTALL).group(1) for page in pages]


def distinctive_words(site: Path, part_bytes: int) -> list[str]:
    """For each part, the word of its pages' titles that the fewest pages' main text has
    (found on one to COMPARED pages, so that one index's whole answer is its first results)."""
    texts = [_main(site / page).lower() for page in searchable_pages(site)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(PART_BYTES_VARIABLE, str(part_bytes))
        parts = cut_into_parts(site, searchable_pages(site))
    chosen = []
    for part in parts:
        words = {word.lower() for title in titles(site, part) for word in re.findall(r"[A-Za-z]{6,}", title)}
        counted = sorted((sum(word in text for text in texts), word) for word in words)
        chosen += [word for count, word in counted if 1 <= count <= COMPARED][:1]
    return chosen


@pytest.fixture(scope="module")
def watched(browser):
    with watched_page(browser) as found:
        yield found


def test_a_distinctive_word_of_each_part_finds_what_one_index_finds(one_index, in_parts, part_bound, watched):
    page, problems = watched
    queries = distinctive_words(one_index, part_bound)
    assert len(queries) >= 3  # one for each part
    with served(one_index, netlify_headers=True) as one_url, served(in_parts, netlify_headers=True) as parts_url:
        for query in queries:
            expected, found = search_results(page, one_url, query), search_results(page, parts_url, query)
            assert expected, query
            assert found[0] == expected[0], query
            assert set(expected) <= set(found), query
            assert len(found) == len(set(found)), query
    assert problems == []


def test_every_part_links_right_from_a_subfolder(one_index, in_parts, part_bound, tab, tmp_path):
    """Served from /explainer/: each merged part's results point into the sub-folder."""
    (tmp_path / "explainer").symlink_to(in_parts, target_is_directory=True)
    last = distinctive_words(one_index, part_bound)[-1]  # a word of the last part's titles
    with served(tmp_path) as url, served(one_index, netlify_headers=True) as one_url:
        expected = search_results(tab, one_url, last)
        found = search_results(tab, url + "/explainer", last)
    assert found[0] == "/explainer" + expected[0]
