"""Incremental rebuilds: after an edit, only the pages that read the edited record are
written again, and the site is byte-for-byte the one a clean build makes.

On the tests' own small explainer (fixture_content.py): the exact pages an edit writes are
those of records the tests wrote, which no editorial change to content/ can move."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest

from conftest import run_explainer, tree_digest
from explainer.commands.build import build
from explainer.read.articles import restamped
from explainer.render import map_pages
from fixture_content import add_events_citing, add_filler_actors, cite, fixture_project

EVENT = "content/events/2025-10-20-boats-return.yaml"
EVENT_TEXT = "text: Fishing boats returned to the harbour."
EVENT_EDITED = "text: The fishing boats returned to the harbour."
SEARCH_INDEX = ("pagefind", "search/delta.json")  # pagefind/, pagefind-part-N/, pagefind-delta/


def inodes(site: Path) -> dict[str, int]:
    return {str(p.relative_to(site)): p.stat().st_ino for p in site.rglob("*.html")}


def built(project: Path, output: str = "build") -> Path:
    result = run_explainer(project, "build", "--quiet", "--output", output)
    assert result.returncode == 0, result.stderr
    return project / output


def site_digest(site: Path) -> dict[str, str]:
    """Every file but the search index's, which a rebuild may extend with a second index of
    the changed pages instead of making it again (test_search_index.py)."""
    return {path: digest for path, digest in tree_digest(site).items() if not path.startswith(SEARCH_INDEX)}


def rebuild_and_compare(project: Path) -> set[str]:
    """Rebuild incrementally; check it against a clean build of the same content; return the
    pages written (a page linked unchanged keeps its file, and so its inode)."""
    before = inodes(project / "build")
    site = built(project)
    clean = project / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    (project / ".clean.explainer-manifest.json").unlink(missing_ok=True)
    assert site_digest(site) == site_digest(built(project, "clean"))
    return {page for page, inode in inodes(site).items() if before.get(page) != inode}


@pytest.fixture
def project_built(tmp_path) -> Path:
    project = fixture_project(tmp_path)
    built(project)
    return project


def edit(project: Path, relative: str, old: str, new: str) -> None:
    path = project / relative
    text = path.read_text("utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    if path.suffix == ".md":  # an article's text received anew comes with its new digest, or check refuses it
        text = restamped(text)
    path.write_text(text, encoding="utf-8")


def test_nothing_changed_nothing_written(project_built):
    assert rebuild_and_compare(project_built) == set()


def timeline_page_of(site: Path, event_file: str) -> str:
    """The timeline page that holds the event: the timeline, or its month's page of it."""
    anchor = f'id="{Path(event_file).stem}"'
    found = [str(p.relative_to(site)) for p in (site / "timeline").rglob("index.html") if anchor in p.read_text("utf-8")]
    assert len(found) == 1, found
    return found[0]


def actor_pages(site: Path, *actor_ids: str) -> list[str]:
    return [str(p.relative_to(site)) for a in actor_ids for p in (site / "actors" / a).rglob("index.html")]


def test_editing_one_event_writes_exactly_the_pages_that_show_it(project_built):
    edit(project_built, EVENT, EVENT_TEXT, EVENT_EDITED)
    assert rebuild_and_compare(project_built) == {
        timeline_page_of(project_built / "build", EVENT),  # the timeline's page that shows it (its month's)
        "index.html",  # the latest events
        # the event's actor lists it on its pages (each page of a long one: it moves the split):
        *actor_pages(project_built / "build", "harbour-fishermen"),
        # the article it quotes: its highlighted passages are the quotes of the records citing it
        "sources/harbour-report/index.html",
    }


def test_the_changes_page_is_written_again_only_when_what_it_shows_changed(project_built):
    """It lists every update: an edit to a record without one leaves it as it is (the
    test above); an update added, or the title of a record that has one, writes it again."""
    changes = "changes/index.html"
    edit(project_built, EVENT, "title: Boats return\n", "title: Boats return\nupdates:\n  - date: '2025-10-22'\n"
         "    change: The time of day is now given.\n    reason: The report says when.\n")
    assert changes in rebuild_and_compare(project_built)
    assert "The time of day is now given." in (project_built / "build" / changes).read_text("utf-8")
    edit(project_built, EVENT, "title: Boats return", "title: The boats return")
    assert changes in rebuild_and_compare(project_built)
    assert "The boats return" in (project_built / "build" / changes).read_text("utf-8")
    edit(project_built, "content/events/2025-10-21-trucks-cross.yaml", "title: Trucks cross", "title: Trucks go")
    assert changes not in rebuild_and_compare(project_built)


def test_the_home_page_is_written_again_only_for_an_edit_to_its_latest_events(project_built):
    """It shows the five latest events: an older one's edit leaves it as it is, until a new date
    makes that event one of the five."""
    add_events_citing(project_built, 6)  # 2025-10-01-event-number-0 ... -5: older than the two others
    assert "index.html" in rebuild_and_compare(project_built)
    oldest = "content/events/2025-10-01-event-number-0.yaml"
    edit(project_built, oldest, "title: The mood", "title: Again, the mood")
    written = rebuild_and_compare(project_built)
    assert "index.html" not in written and timeline_page_of(project_built / "build", oldest) in written
    edit(project_built, oldest, "date: '2025-10'", "date: '2025-11'")  # now the latest
    assert "index.html" in rebuild_and_compare(project_built)
    assert "Again, the mood" in (project_built / "build/index.html").read_text("utf-8")


def test_an_event_linked_to_a_disagreement_is_shown_again_when_the_disagreement_gains_a_side(project_built):
    """The event shows how many sides its disagreement has, on the timeline and the home page."""
    edit(project_built, "content/events/2025-10-21-trucks-cross.yaml", "actors: [truck-driver]\n",
         "actors: [truck-driver]\ndisagreement: how-long-the-crossing-opened\n")
    rebuild_and_compare(project_built)
    edit(project_built, "content/disagreements/how-long-the-crossing-opened.yaml", "actors: [truck-driver]\n",
         "  - text: It stayed open all day.\n" + cite("crossing-report", "The crossing opened at dawn", 4)
         + "actors: [truck-driver]\n")
    written = rebuild_and_compare(project_built)
    assert {"index.html", timeline_page_of(project_built / "build", "content/events/2025-10-21-trucks-cross.yaml")} <= written


@pytest.mark.parametrize("relative, old, new", [
    # an actor renamed: every page that names it
    ("content/actors/harbour-fishermen.yaml", "name: Harbour fishermen", "name: The harbour fishermen"),
    # a claim that starts naming an actor: that actor's page gains a mention
    ("content/actors/harbour-fishermen.yaml", "  - text: They describe a small catch.\n",
     "  - text: They describe a small catch.\n    actors: [truck-driver]\n"),
    # an article's text outside every quote: its source page
    ("content/articles/crossing-report.md", "according to the driver", "the driver said"),
    # an article's title: its source page, and the pages citing it
    ("content/articles/crossing-report.md", "Title: Trucks cross at dawn", "Title: Trucks cross the line at dawn"),
    # a question's status: the lists of questions
    ("content/questions/will-the-harbour-stay-open.yaml", "status: open", "status: partly answered"),
])
def test_edits_rebuild_to_the_same_site_as_a_clean_build(project_built, relative, old, new):
    edit(project_built, relative, old, new)
    assert rebuild_and_compare(project_built)


def citing_pages(site: Path, article_id: str) -> set[str]:
    return {str(p.relative_to(site)) for p in site.rglob("*.html")
            if f'sources/{article_id}/#' in p.read_text("utf-8") and not str(p).startswith(str(site / "sources"))}


def test_an_article_edited_outside_its_quotes_writes_its_own_pages_not_the_pages_citing_it(project_built):
    citing = citing_pages(project_built / "build", "crossing-report")
    assert citing  # the fixture's records cite it
    edit(project_built, "content/articles/crossing-report.md", "according to the driver", "the driver said")
    written = rebuild_and_compare(project_built)
    assert "sources/crossing-report/index.html" in written
    assert not written & citing
    edit(project_built, "content/articles/crossing-report.md", "Title: Trucks cross at dawn", "Title: Trucks at dawn")
    assert citing <= rebuild_and_compare(project_built)  # its title is on every citation of it


def test_adding_and_removing_a_record(project_built):
    new_actor = project_built / "content/actors/test-person.yaml"
    new_actor.write_text("name: Test Person\nkind: person\nrole:\n  text: A person in the story.\n  cite:\n"
                         "    - article: harbour-report\n      quote: \"the mood was hopeful\"\n"
                         "  actors: [truck-driver]\n", encoding="utf-8")
    written = rebuild_and_compare(project_built)
    assert {"actors/test-person/index.html", "actors/index.html", "actors/truck-driver/index.html",
            "sources/harbour-report/index.html"} <= written
    new_actor.unlink()
    written = rebuild_and_compare(project_built)
    assert not (project_built / "build/actors/test-person").exists()
    assert {"actors/index.html", "actors/truck-driver/index.html"} <= written


def test_an_event_added_to_an_actor_split_over_pages_moves_the_events_after_it(tmp_path):
    """The actor's record did not change, but its list of events did: its later pages, where
    the events after the new one moved, are written again."""
    project = fixture_project(tmp_path)
    add_events_citing(project, 80)
    built(project)
    assert (project / "build/actors/harbour-fishermen/3/index.html").is_file()  # split over pages
    add_events_citing(project, 1, first=1008)  # 2025-10-01-event-number-1008: near the list's start
    written = rebuild_and_compare(project)
    assert {"actors/harbour-fishermen/2/index.html", "actors/harbour-fishermen/3/index.html"} <= written


def test_the_previous_site_is_removed_after_the_swap(project_built):
    """In the background (the editor does not wait for it), but always. A template edited
    writes every page, and so makes a new search index: that site is swapped in whole."""
    folder = (project_built / "build").stat().st_ino
    edit(project_built, "theme/templates/base.html", "</footer>", "<!-- changed --></footer>")
    built(project_built)
    assert (project_built / "build").stat().st_ino != folder  # swapped, not merged
    deadline = time.monotonic() + 60
    while list(project_built.glob("build.*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(p.name for p in project_built.iterdir() if p.name.startswith("build")) == ["build"]


@pytest.fixture
def merged_project(tmp_path) -> Path:
    """A built project where an event's edit is merged into build/: its pages are under a
    tenth of the site, so the search index is kept (a new one is swapped in with the site)."""
    project = fixture_project(tmp_path)
    add_filler_actors(project, 43)
    built(project)
    return project


def test_a_rebuild_is_merged_into_the_published_folder(merged_project):
    """A shell or a server opened in build/ before a rebuild sees the rebuilt pages (a swap
    would leave it in the old folder, deleted), and no old site is left to delete."""
    project_built, site = merged_project, merged_project / "build"
    held = os.open(site, os.O_RDONLY)  # what `cd build` holds
    try:
        edit(project_built, EVENT, EVENT_TEXT, EVENT_EDITED)
        rebuild_and_compare(project_built)
        with os.fdopen(os.open(timeline_page_of(site, EVENT), os.O_RDONLY, dir_fd=held), encoding="utf-8") as page:
            assert "The fishing boats returned" in page.read()
    finally:
        os.close(held)
    assert not list(project_built.glob("build.*"))


def test_a_link_planted_in_the_published_site_is_never_written_through(merged_project, tmp_path):
    """A folder of build/ replaced by a link to one elsewhere: the rebuild that writes a page
    in it leaves the folder linked to as it was, and publishes a site of real folders."""
    project_built = merged_project
    site, outside = project_built / "build", tmp_path / "outside"
    shutil.copytree(site / "actors/harbour-fishermen", outside)
    shutil.rmtree(site / "actors/harbour-fishermen")
    (site / "actors/harbour-fishermen").symlink_to(outside, target_is_directory=True)
    before = tree_digest(outside)
    edit(project_built, EVENT, EVENT_TEXT, EVENT_EDITED)
    rebuild_and_compare(project_built)
    assert tree_digest(outside) == before
    assert not (site / "actors/harbour-fishermen").is_symlink()
    assert "The fishing boats returned" in (site / "actors/harbour-fishermen/index.html").read_text("utf-8")


def test_a_changed_template_rebuilds_every_page(project_built):
    edit(project_built, "theme/templates/base.html", "</footer>", "<!-- changed --></footer>")
    assert rebuild_and_compare(project_built) == set(inodes(project_built / "build"))


def test_a_page_changed_by_hand_is_written_again(project_built):
    page = project_built / "build/about/index.html"
    page.write_text(page.read_text() + "<!-- edited by hand -->")
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 1_000_000_000))
    assert rebuild_and_compare(project_built) == {"about/index.html"}


def test_a_failed_build_keeps_the_manifest_and_the_site(project_built):
    manifest = project_built / ".build.explainer-manifest.json"
    before, site = manifest.read_bytes(), tree_digest(project_built / "build")
    edit(project_built, EVENT, "date: '2025-10'", "date: 'October'")
    assert run_explainer(project_built, "build", "--quiet").returncode == 1
    assert manifest.read_bytes() == before and tree_digest(project_built / "build") == site


def data_inodes(site: Path) -> dict[str, int]:
    return {path.name: path.stat().st_ino for path in (site / "data").iterdir()}


def test_an_edit_writes_only_its_own_data_collection_again(project_built):
    """data/: the collections of records that did not change keep their files (a one-shot
    build reads from its manifest what each was made from)."""
    before = data_inodes(project_built / "build")
    edit(project_built, EVENT, EVENT_TEXT, EVENT_EDITED)
    rebuild_and_compare(project_built)
    after = data_inodes(project_built / "build")
    assert {name for name in after if before.get(name) != after[name]} == {"events.json", "center.json", "index.json"}


def test_a_data_file_changed_by_hand_is_written_again(project_built):
    data = project_built / "build/data/questions.json"
    data.write_text(data.read_text("utf-8").replace("harbour", "HARBOUR"), encoding="utf-8")
    os.utime(data, ns=(data.stat().st_atime_ns, data.stat().st_mtime_ns + 1_000_000_000))
    rebuild_and_compare(project_built)  # the same site as a clean build: the file written anew


def stamp_of(path: Path) -> list[int]:
    found = path.stat()
    return [found.st_ino, found.st_size, found.st_mtime_ns]


FORGED_EXPORTS = {
    "not a table": lambda project, real: 7,
    "not an entry": lambda project, real: {"events": 7},
    "no files": lambda project, real: {"events": [real["events"][0]]},
    "not a file name": lambda project, real: {"events": [real["events"][0], [["x", [1]]]]},
    "a stamp not of numbers": lambda project, real: {"events": [real["events"][0], [["events.json", ["1"]]]]},
    # a file outside data/, or another collection's, with its true stamp and the events' true digest
    "outside data/": lambda project, real: {**real, "events": [real["events"][0], [
        ["../../secret.json", stamp_of(project / "secret.json")]]]},
    "another collection's": lambda project, real: {**real, "events": [real["events"][0], [
        ["actors.json", stamp_of(project / "build/data/actors.json")]]]},
}


@pytest.mark.parametrize("forged", FORGED_EXPORTS)
def test_a_forged_list_of_data_files_in_the_manifest_is_never_trusted(project_built, forged):
    """The manifest may come from a pull request: a data/ file it names is only ever one of
    its collection's own files in data/, and anything else in its place means a full build."""
    (project_built / "secret.json").write_text("[]\n", encoding="utf-8")
    path = project_built / ".build.explainer-manifest.json"
    manifest = json.loads(path.read_text("utf-8"))
    manifest["exports"] = FORGED_EXPORTS[forged](project_built, manifest["exports"])
    path.write_text(json.dumps(manifest), encoding="utf-8")
    assert rebuild_and_compare(project_built) == set(inodes(project_built / "build"))


@pytest.mark.parametrize("linked", ["about/index.html", "about"])
def test_a_link_in_build_to_a_file_like_a_page_is_never_published(project_built, tmp_path, linked):
    """A build folder committed in a pull request, with a page (or its folder) linked to a file
    of the machine that has the size and time the manifest gives: nothing of it is kept."""
    site, outside = project_built / "build", tmp_path / "outside"
    page = site / "about/index.html"
    original, stamp = page.read_bytes(), page.stat()
    shutil.copytree(site / "about", outside)
    at = original.index(b"<title>") + len(b"<title>")
    forged = outside / "index.html"
    forged.write_bytes(original[:at] + b"X" + original[at + 1:])  # the same size
    os.utime(forged, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # and time
    if linked == "about":
        shutil.rmtree(site / "about")
        (site / "about").symlink_to(outside, target_is_directory=True)
    else:
        page.unlink()
        page.symlink_to(forged)
    assert (page.stat().st_size, page.stat().st_mtime_ns) == (stamp.st_size, stamp.st_mtime_ns)
    rebuild_and_compare(project_built)  # the clean build's page, not the file linked to
    assert not (site / linked).is_symlink() and page.read_bytes() == original


@pytest.mark.parametrize("damage", ["not JSON {", '{"format": 3, "pages": 7}', '{"format": 99}', "[]"])
def test_a_damaged_manifest_means_a_full_build(project_built, damage):
    """The manifest sits in the repository folder, where anything may replace it: a damaged
    one is ignored (every page is rendered again), never trusted and never a crash."""
    (project_built / ".build.explainer-manifest.json").write_text(damage)
    assert rebuild_and_compare(project_built) == set(inodes(project_built / "build"))


def tied_fillers(project: Path, count: int) -> None:
    """`count` filler actors (actors/ index pages of their own), each tied to the truck driver."""
    for actor_id in add_filler_actors(project, count):
        path = project / "content/actors" / f"{actor_id}.yaml"
        path.write_text(path.read_text("utf-8") + "affiliations:\n  - actor: truck-driver\n    relation: supports\n"
                        + cite("crossing-report", "a driver said", 4), encoding="utf-8")


def test_editing_one_actor_writes_only_the_index_and_map_pages_that_list_it(tmp_path, monkeypatch):
    """The actors index and the map are split into pages; an edit that moves no split writes
    the pages showing the edited actor, not every page of both (at 10,000 articles, 1,100)."""
    monkeypatch.setattr(map_pages, "TIES_PER_PAGE", 20)
    project = fixture_project(tmp_path)
    tied_fillers(project, 400)
    site = Path(build(project / "pelicanconf.py", project / "content", project / "build", quiet=True))
    index_pages = sorted(str(p.relative_to(site)) for p in site.glob("actors/[0-9]*/index.html"))
    map_pages_built = sorted(str(p.relative_to(site)) for p in site.glob("map/[0-9]*/index.html"))
    assert len(index_pages) >= 2 and len(map_pages_built) >= 10  # split, or the test shows nothing
    before = inodes(site)
    edit(project, "content/actors/filler-200.yaml", "A bystander, number 200.", "A passer-by, number 200.")
    build(project / "pelicanconf.py", project / "content", project / "build", quiet=True)
    written = {page for page, inode in inodes(site).items() if before[page] != inode}
    listing = {page for page in written if re.fullmatch(r"(actors|map)/([0-9]+/)?index\.html", page)}
    assert len([p for p in listing if p.startswith("actors/")]) == 1  # the index page that lists it
    assert len([p for p in listing if p.startswith("map/")]) == 1  # the map's page with its tie
    assert "filler-200" in (site / next(p for p in listing if p.startswith("map/"))).read_text("utf-8")
    clean = project / "clean"
    build(project / "pelicanconf.py", project / "content", clean, quiet=True)
    assert site_digest(site) == site_digest(clean)


def add_filler_questions(project: Path, count: int) -> list[str]:
    """`count` more open questions (filler-question-001...): the questions index's first pages."""
    ids = [f"filler-question-{number:03}" for number in range(1, count + 1)]
    for question_id in ids:
        (project / "content/questions" / f"{question_id}.yaml").write_text(
            f"title: What about filler {question_id[-3:]}?\nstatus: open\nwhy:\n  - text: It matters.\n"
            + cite("harbour-report", "for the first time in weeks", 4) + "so_far:\n  - text: Little is known.\n"
            + cite("harbour-report", "visit the harbour every morning", 4), encoding="utf-8")
    return ids


def question_index_pages(site: Path) -> set[str]:
    return {str(p.relative_to(site)) for p in site.glob("questions/**/index.html")
            if re.fullmatch(r"questions/([0-9]+/)?index\.html", str(p.relative_to(site)))}


def test_a_question_edit_writes_the_index_page_listing_it_and_a_new_status_moves_it(tmp_path):
    """The questions index is split into pages (render/layout.py); the home page shows its
    first questions. A new title writes the one index page listing the question (and the home
    page only if it shows it); a new status moves the question, and the pages after it."""
    project = fixture_project(tmp_path)
    add_filler_questions(project, 300)
    site = built(project)
    assert len(question_index_pages(site)) >= 3  # split, or the test shows nothing
    edit(project, "content/questions/filler-question-150.yaml", "filler 150?", "filler 150, again?")
    written = rebuild_and_compare(project)
    assert len(question_index_pages(site) & written) == 1 and "index.html" not in written
    edit(project, "content/questions/filler-question-005.yaml", "filler 005?", "filler 005, again?")
    assert "index.html" in rebuild_and_compare(project)  # the home page shows the first twelve
    edit(project, "content/questions/filler-question-001.yaml", "status: open", "status: partly answered")
    written = rebuild_and_compare(project)
    assert question_index_pages(site) <= written and "index.html" in written
    home = (site / "index.html").read_text("utf-8")
    assert "filler 013" in home and "filler 001" not in home and "All 301 questions" in home
    edit(project, "content/questions/filler-question-001.yaml", "status: partly answered", "status: open")
    assert "index.html" in rebuild_and_compare(project)  # back among the first: a page it was not on reads it
    assert "filler 001" in (site / "index.html").read_text("utf-8")
