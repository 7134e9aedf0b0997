"""The dev server's rebuilds are merged into the site it serves (publish/inplace.py): the pages
an edit changed are moved in, the pages it removed are deleted, and the result is, file for
file, the site a clean build of the same content makes. Its manifest is written between
rebuilds (when the search index catches up, or when the server stops); a build that comes
first, in another process, still makes the right site.

On the tests' own small explainer (fixture_content.py)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, run_explainer, tree_digest
from explainer.commands.build import Builder
from explainer.model.problems import ContentError, Mark
from explainer.publish import incremental
from explainer.publish.catchup import catch_up
from explainer.publish.staging import BuildFailed
from explainer.read import load as load_module
from explainer.read.load import Folders, load_content
from explainer.read.strict_yaml import MAX_FILE_BYTES
from fixture_content import add_events_citing, add_filler_actors, article, fixture_project
from test_disk_cache import COUNTING_CLI
from test_incremental import EVENT, EVENT_EDITED, EVENT_TEXT, edit, inodes, site_digest
from test_search_index import FILLERS, file_inodes

NEW_ACTOR = ("name: Test Person\nkind: person\nrole:\n  text: A person in the story.\n  cite:\n"
             "    - article: harbour-report\n      quote: \"the mood was hopeful\"\n  actors: [truck-driver]\n")


def dev_builder(project: Path, output: str = "build") -> Builder:
    return Builder(project / "pelicanconf.py", project / "content", project / output, quiet=True, dev_server=True)


def clean_dev_site(project: Path) -> dict[str, str]:
    """What the dev server's first build makes of the content as it is now."""
    shutil.rmtree(project / "clean", ignore_errors=True)
    (project / ".clean.explainer-manifest.json").unlink(missing_ok=True)
    dev_builder(project, "clean").run()
    return site_digest(project / "clean")


def folder_id(folder: Path) -> int:
    return folder.stat().st_ino  # a swap puts another folder in its place


@pytest.fixture
def serving(tmp_path) -> tuple[Path, Builder]:
    project = fixture_project(tmp_path)
    builder = dev_builder(project)
    builder.run()  # the server's first build: swapped in, as any build
    return project, builder


def test_each_rebuild_is_merged_into_the_served_folder_and_is_the_clean_site(serving):
    project, builder = serving
    site = project / "build"
    served = folder_id(site)
    steps = [lambda: edit(project, EVENT, EVENT_TEXT, EVENT_EDITED),
             lambda: (project / "content/actors/test-person.yaml").write_text(NEW_ACTOR, encoding="utf-8"),
             lambda: (project / "content/actors/test-person.yaml").unlink()]
    for step in steps:
        before = inodes(site)
        step()
        builder.run()
        assert folder_id(site) == served  # merged, not swapped
        assert site_digest(site) == clean_dev_site(project)
        written = {page for page, inode in inodes(site).items() if before.get(page) != inode}
        assert 0 < len(written) < len(before) / 2  # only what the edit changed was written
        # the index of who reads what, handed from build to build, is the one its pages make
        manifest = builder.pelican.explainer_memory["manifest"][1]
        assert ({key: sorted(pages) for key, pages in manifest.readers.items() if pages}
                == {key: sorted(pages) for key, pages in incremental.readers_of(manifest.pages).items()})
    assert not (site / "actors/test-person").exists()  # the removed record's page and its folder went
    assert not list(project.glob("build.staging-*"))


def test_a_template_edited_while_serving_writes_every_page_again(serving):
    """The server's process keeps the hash of its code and theme while their files are as they were."""
    project, builder = serving
    site = project / "build"
    builder.run()
    before = inodes(site)
    edit(project, "theme/templates/base.html", "</footer>", "<!-- changed --></footer>")
    builder.run({project / "theme/templates/base.html"})
    assert {page for page, inode in inodes(site).items() if before.get(page) != inode} == set(before)
    assert "<!-- changed -->" in (site / "about/index.html").read_text("utf-8")
    assert site_digest(site) == clean_dev_site(project)


def test_a_page_that_reads_every_actor_is_written_again_for_an_edit_to_one(tmp_path):
    """The actors index reads every actor, one key for them all in its manifest entry ("actor:**"):
    the server's index of who reads what finds it through that key."""
    project = fixture_project(tmp_path)
    add_filler_actors(project, 20)  # enough actors for one key for them all (incremental.GROUP_MIN)
    builder = dev_builder(project)
    builder.run()
    before = inodes(project / "build")
    edit(project, "content/actors/filler-010.yaml", "A bystander, number 010.", "A passer-by, number 010.")
    builder.run({project / "content/actors/filler-010.yaml"})
    written = {page for page, inode in inodes(project / "build").items() if before.get(page) != inode}
    assert {"actors/index.html", "actors/filler-010/index.html"} <= written
    assert "A passer-by, number 010." in (project / "build/actors/index.html").read_text("utf-8")
    assert site_digest(project / "build") == clean_dev_site(project)


LONG_TEXT = "".join(f"Paragraph {n} reports that" + " the talks went on" * 30 + f" until number {n}.\n"
                    for n in range(1, 81))  # some 50 KB: its text and its "cited by" lists are split into pages

# Edits that change what the pages of a long article show, or where its passages are, in one
# server: its plan is kept from one rebuild to the next only while nothing it reads changed.
CITING_EDITS = [
    # a citation of a passage on a later page: the link to it, and the marks of that page
    ("content/actors/truck-driver.yaml", "article: crossing-report\n      quote: 'a driver said'",
     "article: long-report\n      quote: 'Paragraph 75 reports that'"),
    # a citing record's title: the "cited by" lines of the passages it quotes
    ("content/questions/will-the-harbour-stay-open.yaml", "title: Will the harbour stay open?",
     "title: Will the harbour stay open for good?"),
    # a second record citing a passage already cited: that passage's "cited by" list
    ("content/actors/harbour-fishermen.yaml", "        quote: 'the catch was small'\n",
     "        quote: 'the catch was small'\n      - article: long-report\n        quote: 'Paragraph 3 reports that'\n"),
    # and back: the plan of the first build again
    ("content/actors/truck-driver.yaml", "article: long-report\n      quote: 'Paragraph 75 reports that'",
     "article: crossing-report\n      quote: 'a driver said'"),
    # an event citing a passage, then a second event citing it: the same page of the same
    # section, but the passage's "cited by" list now links to both events
    ("content/events/2025-10-20-boats-return.yaml", "    quote: 'Fishing boats returned to the harbour'\n",
     "    quote: 'Fishing boats returned to the harbour'\n  - article: long-report\n"
     "    quote: 'Paragraph 40 reports that'\n"),
    ("content/events/2025-10-21-trucks-cross.yaml", "    quote: 'The crossing opened at dawn'\n",
     "    quote: 'The crossing opened at dawn'\n  - article: long-report\n    quote: 'Paragraph 40 reports that'\n"),
    # the article's own title: a new article, cited from every page that quotes it
    ("content/articles/long-report.md", "Title: The long report", "Title: The long report, again"),
]


def test_rebuilds_after_edits_to_who_cites_a_long_article_are_the_clean_site(tmp_path):
    project = fixture_project(tmp_path)
    (project / "content/articles/long-report.md").write_text(article("The long report", "long-report", LONG_TEXT),
                                                             encoding="utf-8")
    edit(project, "content/questions/will-the-harbour-stay-open.yaml",
         "article: harbour-report\n        quote: 'for the first time in weeks'",
         "article: long-report\n        quote: 'Paragraph 3 reports that'")
    builder = dev_builder(project)
    builder.run()
    assert (project / "build/sources/long-report/2/index.html").is_file()  # the text is split
    for relative, old, new in CITING_EDITS:
        edit(project, relative, old, new)
        builder.run()
        assert site_digest(project / "build") == clean_dev_site(project), (relative, new)


def test_a_rebuild_that_moves_unchanged_events_to_another_page_of_the_timeline_is_the_clean_site(tmp_path):
    """A new event early in a month split into pages pushes the events after it along: the
    passage they cite links them on their new pages, though none of them changed."""
    project = fixture_project(tmp_path)
    add_events_citing(project, 80)
    builder = dev_builder(project)
    builder.run()
    assert (project / "build/timeline/2025-10/2/index.html").is_file()  # the month is split
    # 2025-10-01-event-number-1008, near the month's start, citing another article
    add_events_citing(project, 1, "The crossing opened at dawn", first=1008, article_id="crossing-report")
    builder.run()
    assert site_digest(project / "build") == clean_dev_site(project)


def test_a_failed_rebuild_leaves_the_served_site_as_it_was(serving):
    project, builder = serving
    edit(project, EVENT, EVENT_TEXT, EVENT_EDITED)
    builder.run()
    before = tree_digest(project / "build")
    edit(project, EVENT, "date: '2025-10'", "date: 'October'")
    with pytest.raises(ContentError):
        builder.run()
    assert tree_digest(project / "build") == before
    edit(project, EVENT, "date: 'October'", "date: '2025-10'")
    builder.run()
    assert site_digest(project / "build") == clean_dev_site(project)


def test_the_manifest_waits_for_the_server_and_a_build_meanwhile_is_still_right(serving):
    project, builder = serving
    manifest = project / ".build.explainer-manifest.json"
    first = manifest.read_bytes()
    (project / "content/actors/test-person.yaml").write_text(NEW_ACTOR, encoding="utf-8")
    builder.run()
    assert manifest.read_bytes() == first  # not yet: the editor does not wait for it
    builder.save_manifest()
    assert "actors/test-person/index.html" in manifest.read_text("utf-8")

    # Another rebuild, then `explainer build` in another process before the manifest is
    # written: it reads the older manifest, and still makes the site a clean build makes.
    edit(project, EVENT, EVENT_TEXT, EVENT_EDITED)
    builder.run()
    assert run_explainer(project, "build", "--quiet").returncode == 0
    clean = project / "clean-cli"
    assert run_explainer(project, "build", "--quiet", "--output", "clean-cli").returncode == 0
    assert site_digest(project / "build") == site_digest(clean)
    theirs = manifest.read_bytes()
    builder.save_manifest()  # the server's manifest describes a site that is gone: not written
    assert manifest.read_bytes() == theirs

    # The server's next rebuild is swapped in: the site is no longer the one it published.
    served = folder_id(project / "build")
    edit(project, EVENT, EVENT_EDITED, EVENT_TEXT)
    builder.run()
    assert folder_id(project / "build") != served
    assert site_digest(project / "build") == clean_dev_site(project)


def test_a_rebuild_keeps_the_search_index_in_place_until_it_catches_up(tmp_path):
    project = fixture_project(tmp_path)
    add_filler_actors(project, FILLERS)  # enough pages for a delta (publish/search.py, REBASE_SHARE)
    builder = dev_builder(project)
    site = Path(builder.run())
    catch_up(site, contextlib.nullcontext)  # the server's first index
    edit(project, EVENT, EVENT_TEXT, EVENT_EDITED)
    builder.run()
    catch_up(site, contextlib.nullcontext)  # a delta of the edited pages
    base = file_inodes(site / "pagefind")
    assert (site / "pagefind-delta").is_dir()
    edit(project, EVENT, EVENT_EDITED, EVENT_TEXT)
    builder.run()
    assert file_inodes(site / "pagefind") == base  # every file of the base index left where it was
    assert not (site / "pagefind-delta").exists()  # older versions of the pages just changed: gone
    state = json.loads((site / "search/delta.json").read_text("utf-8"))
    assert state["parts"] == ["pagefind"] and state["superseded"] and state["delta"] is False
    assert catch_up(site, contextlib.nullcontext).startswith("search index updated")


def test_a_served_folder_replaced_by_a_link_is_never_written_through(serving, tmp_path):
    project, builder = serving
    elsewhere = tmp_path / "elsewhere"
    shutil.move(project / "build", elsewhere)
    (project / "build").symlink_to(elsewhere)  # the manifest still says the site is this process's
    before = tree_digest(elsewhere)
    edit(project, EVENT, EVENT_TEXT, EVENT_EDITED)
    builder.run()
    assert tree_digest(elsewhere) == before
    assert not (project / "build").is_symlink()  # a new folder was swapped in
    assert site_digest(project / "build") == clean_dev_site(project)


def test_the_cache_of_parsed_files_is_written_between_saves(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLAINER_DISK_CACHE", "1")
    monkeypatch.setenv("EXPLAINER_CACHE_DIR", str(tmp_path / "cache"))
    project = fixture_project(tmp_path / "project")
    monkeypatch.chdir(project)  # as the check below runs: the cache is the working folder's
    builder = dev_builder(project)
    builder.run()
    assert not list((tmp_path / "cache").rglob("[0-9][0-9]-*"))  # the editor does not wait for it
    builder.save_manifest()
    shards = sorted((tmp_path / "cache").rglob("[0-9][0-9]-*")) + sorted((tmp_path / "cache").rglob("quotes-*"))
    assert shards
    # A fresh process (`explainer check`) parses nothing: every file is in the cache.
    result = subprocess.run([sys.executable, "-c", COUNTING_CLI, "check"], cwd=project, capture_output=True,
                            text=True, env={**os.environ, "PYTHONPATH": str(REPO / "scripts")}, timeout=120)
    assert result.returncode == 0 and "parsed 0 files" in result.stderr, result.stderr


def only_rendering(monkeypatch, pages: set[str]) -> None:
    """A dependency bug, simulated: the rebuild writes only `pages`, whatever changed."""
    monkeypatch.setattr(incremental, "pages_to_render", lambda *args: set(pages))


def test_a_page_that_should_have_been_written_again_still_stops_the_merge(serving, monkeypatch):
    """The post-build check follows the links of unchanged pages again whenever a page went or
    a written page lost an id: it stays the net for a page the rebuild missed."""
    project, builder = serving
    (project / "content/actors/test-person.yaml").write_text(NEW_ACTOR, encoding="utf-8")
    builder.run()
    before = tree_digest(project / "build")
    (project / "content/actors/test-person.yaml").unlink()
    only_rendering(monkeypatch, set())  # the pages listing the removed actor are not written again
    with pytest.raises(BuildFailed, match="broken link: actors/test-person/index.html"):
        builder.run()
    assert tree_digest(project / "build") == before

    # A quote that changes: its passage's id on the source page goes, and the page citing it
    # is (wrongly) left as it was.
    monkeypatch.undo()
    (project / "content/actors/test-person.yaml").write_text(NEW_ACTOR, encoding="utf-8")
    builder.run()
    before = tree_digest(project / "build")
    edit(project, "content/actors/test-person.yaml", "the mood was hopeful", "mood was hopeful")
    only_rendering(monkeypatch, {"sources/harbour-report/index.html"})
    with pytest.raises(BuildFailed, match="no element #"):
        builder.run()
    assert tree_digest(project / "build") == before


def test_an_unchanged_collection_is_linked_and_one_changed_on_disk_is_written_again(serving):
    """The export's files of a collection whose records did not change are the served ones,
    linked, not written again; one changed on disk since is written again."""
    project, builder = serving
    site = project / "build"
    edit(project, EVENT, EVENT_TEXT, EVENT_EDITED)
    builder.run()  # the first rebuild merged in place: the export's files are now its own
    before = inodes_of(site / "data")
    edit(project, EVENT, EVENT_EDITED, EVENT_TEXT)
    builder.run()
    after = inodes_of(site / "data")
    assert after["articles.json"] == before["articles.json"] and after["actors.json"] == before["actors.json"]
    assert after["events.json"] != before["events.json"]
    (site / "data/articles.json").write_text("[]\n", encoding="utf-8")  # changed by something else
    edit(project, EVENT, EVENT_TEXT, EVENT_EDITED)
    builder.run()
    assert site_digest(site) == clean_dev_site(project)


def test_an_export_file_that_cannot_be_linked_is_written_again(serving, monkeypatch):
    project, builder = serving
    edit(project, EVENT, EVENT_TEXT, EVENT_EDITED)
    builder.run()  # merged in place: the next save would link the unchanged collections

    real_link = os.link

    def link(source, target, **options):  # the export's files are gone when linked, as if deleted meanwhile
        if Path(target).parent.name == "data":
            raise FileNotFoundError(2, "No such file or directory", str(source))
        return real_link(source, target, **options)

    monkeypatch.setattr(os, "link", link)
    edit(project, EVENT, EVENT_EDITED, EVENT_TEXT)
    builder.run()
    monkeypatch.undo()
    assert site_digest(project / "build") == clean_dev_site(project)


def inodes_of(folder: Path) -> dict[str, int]:
    return {path.name: path.stat().st_ino for path in folder.iterdir()}


def test_rebuilds_told_what_changed_read_only_those_folders_and_are_the_clean_site(serving, monkeypatch):
    """The dev server hands each rebuild the files its watcher saw change (Builder.run): a content
    folder holding none of them is taken as the last build loaded it, without listing it again,
    and so is one where only records' files were written: only those are read again."""
    project, builder = serving
    content = project / "content"
    actor, notes = content / "actors/test-person.yaml", content / "events/.notes.yaml.swp"
    report = article("A second report", "second-report", "A second report said the crossing stayed open.\n")
    every = {"actors", "articles", "events", "questions", "disagreements"}
    steps = [  # what the editor does, the paths the watcher reports, the folders read again
        (lambda: edit(project, EVENT, EVENT_TEXT, EVENT_EDITED), [content / EVENT.removeprefix("content/")],
         set()),  # a record's file written: that file alone is read again
        (lambda: actor.write_text(NEW_ACTOR, encoding="utf-8"), [actor], {"actors"}),  # a file added
        (lambda: (notes.write_text("x", encoding="utf-8"), notes.unlink()), [notes], {"events"}),  # a swap file
        (lambda: ((content / "articles/second-report.md").write_text(report, encoding="utf-8"),
                  edit(project, "content/actors/test-person.yaml", "article: harbour-report\n      quote: \"the mood",
                       "article: second-report\n      quote: \"the crossing stayed open\"\n    - article: "
                       "harbour-report\n      quote: \"the mood")),
         [content / "articles/second-report.md", actor], {"articles"}),  # two folders at once
        (lambda: actor.unlink(), [actor], {"actors"}),  # a file removed: its citation of the new report goes with it
        # content/ itself (moved away and back, say): every folder
        (lambda: edit(project, "content/questions/will-the-harbour-stay-open.yaml", "title: Will the harbour stay open?",
                      "title: Will the harbour stay open for good?"), [content], every),
    ]
    builder.run()  # the first build after the watcher started reads everything (cli.py)
    listed: list[str] = []
    scandir = os.scandir

    def counting_scandir(path="."):
        if not isinstance(path, int):  # a folder's descriptor: shutil's, deleting the staging folder
            listed.append(os.path.relpath(os.fspath(path), content))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", counting_scandir)
    for change, reported, read in steps:
        listed.clear()
        change()
        builder.run(set(reported))
        assert {name for name in listed if not name.startswith("..")} == {".", *read}, reported
        monkeypatch.setattr(os, "scandir", scandir)
        assert site_digest(project / "build") == clean_dev_site(project), reported
        monkeypatch.setattr(os, "scandir", counting_scandir)
    # a rebuild told nothing of what changed reads every folder again
    edit(project, EVENT, EVENT_EDITED, EVENT_TEXT)
    listed.clear()
    builder.run()
    assert every <= set(listed)
    monkeypatch.setattr(os, "scandir", scandir)
    assert site_digest(project / "build") == clean_dev_site(project)


def test_a_merge_lists_only_what_may_have_changed_and_still_restores_files_deleted_by_hand(serving, monkeypatch):
    """After its first merge the server knows the files it published, and lists again only the
    folders the search index's catch-up writes to; a page or file deleted by hand in between is
    still noticed (each unchanged page is compared with the manifest) and written again."""
    project, builder = serving
    site = project / "build"
    edit(project, EVENT, EVENT_TEXT, EVENT_EDITED)
    builder.run()  # the first merge
    listed: list[str] = []
    scandir = os.scandir

    def counting_scandir(path="."):
        if not isinstance(path, int):
            listed.append(os.path.relpath(os.fspath(path), site))
        return scandir(path)

    (site / "questions/will-the-harbour-stay-open/index.html").unlink()  # by hand, between two saves
    (site / "sitemap.xml").unlink()
    edit(project, EVENT, EVENT_EDITED, EVENT_TEXT)
    monkeypatch.setattr(os, "scandir", counting_scandir)
    builder.run()
    monkeypatch.setattr(os, "scandir", scandir)
    published = {folder for folder in listed if not folder.startswith("..")}
    assert published <= {".", "search"} | {f for f in published if f.startswith("pagefind")}, published
    assert site_digest(site) == clean_dev_site(project)


def test_the_sitemap_and_the_feed_are_linked_while_what_they_list_is_the_same(serving):
    """They list every page and every update: written again only when that list changed, or
    when the published file is no longer the one written."""
    project, builder = serving
    site = project / "build"
    edit(project, EVENT, EVENT_TEXT, EVENT_EDITED)
    builder.run()  # the first merge
    before = {name: (site / name).stat().st_ino for name in ("sitemap.xml", "feeds/updates.atom.xml")}
    edit(project, EVENT, EVENT_EDITED, EVENT_TEXT)  # no page comes or goes, no update changes
    builder.run()
    assert {name: (site / name).stat().st_ino for name in before} == before
    (project / "content/actors/test-person.yaml").write_text(NEW_ACTOR, encoding="utf-8")  # a page comes
    builder.run()
    assert "actors/test-person/" in (site / "sitemap.xml").read_text("utf-8")
    assert site_digest(site) == clean_dev_site(project)
    edit(project, EVENT, EVENT_TEXT, EVENT_EDITED)
    (site / "sitemap.xml").write_text("<urlset/>\n", encoding="utf-8")  # the list is the same, the file is not
    builder.run()
    assert site_digest(site) == clean_dev_site(project)


def test_an_error_in_a_folder_not_read_again_still_fails_the_rebuild(serving):
    """A folder taken as the last load left it brings its problems with it: the broken file's
    error, with its place, until the file is fixed."""
    project, builder = serving
    content = project / "content"
    actor = content / "actors/test-person.yaml"
    builder.run()  # the first build after the watcher started reads everything
    before = tree_digest(project / "build")
    actor.write_text(NEW_ACTOR.replace("kind: person", "kind: persn"), encoding="utf-8")
    with pytest.raises(ContentError, match="test-person.yaml:2:7"):
        builder.run({actor})
    edit(project, EVENT, EVENT_TEXT, EVENT_EDITED)  # only the events' folder is read again
    with pytest.raises(ContentError, match="test-person.yaml:2:7"):
        builder.run({content / EVENT.removeprefix("content/")})
    assert tree_digest(project / "build") == before
    actor.write_text(NEW_ACTOR, encoding="utf-8")
    builder.run({actor})
    assert site_digest(project / "build") == clean_dev_site(project)
    # a record's file broken where only that file is read again: its error, and the site as it was
    before = tree_digest(project / "build")
    edit(project, EVENT, "title: Boats return", "title: [Boats return")
    with pytest.raises(ContentError, match=r"2025-10-20-boats-return\.yaml:\d+:\d+: error\[yaml-syntax\]"):
        builder.run({content / EVENT.removeprefix("content/")})
    assert tree_digest(project / "build") == before


def test_a_folder_where_only_records_files_were_written_loads_as_a_fresh_load_would(tmp_path, monkeypatch):
    """Only the files written are read again, and what the load gives (records in their order,
    problems with their places, files, digests, the records that failed to load) is what
    loading everything afresh gives: through an error, a file that must be read with the whole
    folder again (broken, a link, an editor's backup), and an article."""
    project = fixture_project(tmp_path)
    monkeypatch.chdir(project)
    content = Path("content")
    event, other = content / EVENT.removeprefix("content/"), content / "events/2025-10-21-trucks-cross.yaml"
    report = content / "articles/harbour-report.md"
    event_text = event.read_text("utf-8")
    steps = [  # what the editor does, the paths the watcher reports, whether the events' folder is listed
        (lambda: edit(project, EVENT, EVENT_TEXT, EVENT_EDITED), [event], False),
        (lambda: event.write_text(event_text.replace("title: Boats return", "title: [Boats"), "utf-8"), [event], False),
        (lambda: event.write_text(event_text, "utf-8"), [event], True),  # it had failed to load: read with its folder
        (lambda: (content / "events/notes.bak").write_text("x", "utf-8"), [content / "events/notes.bak"], True),
        (lambda: edit(project, "content/events/2025-10-21-trucks-cross.yaml", "title: Trucks cross", "title: Trucks go"),
         [other], False),  # the backup's notice stays
        (lambda: (event.unlink(), event.symlink_to(other.resolve())), [event], True),  # a link: refused
        (lambda: (event.unlink(), event.symlink_to(tmp_path / "pelicanconf.py")), [event], True),  # one out
        (lambda: (event.unlink(), event.write_text(event_text, "utf-8")), [event], True),
        (lambda: event.write_text(event_text + "#" * MAX_FILE_BYTES, "utf-8"), [event], False),  # over the limit
        (lambda: event.write_text(event_text, "utf-8"), [event], True),
        (lambda: edit(project, "content/articles/harbour-report.md", "Fishing boats", "Fishing boats"), [report], False),
        (lambda: edit(project, "content/events/2025-10-21-trucks-cross.yaml", "title:", "# note\ntitle:"), [other], False),
        (lambda: edit(project, "content/events/2025-10-21-trucks-cross.yaml", "# note\n", ""), [other], False),
        (lambda: edit(project, EVENT, EVENT_TEXT, EVENT_EDITED), [content / "events"], True),  # the folder itself
    ]
    record = load_module._record

    def noting(cls, shown, data, problems):  # no parser warns of a record it loads yet: one that would
        if b"# note" in data:
            problems.notice(Mark(shown, 1, 1), "test-note", "a note of the parser's")
        return record(cls, shown, data, problems)

    monkeypatch.setattr(load_module, "_record", noting)
    cache: dict = {}
    folders = Folders()
    folders.report(None)
    load_content(content, cache, folders)
    listed: list[str] = []
    scandir = os.scandir
    monkeypatch.setattr(os, "scandir", lambda path=".": listed.append(os.fspath(path)) or scandir(path))
    for change, reported, lists_events in steps:
        change()
        folders.report([project / path for path in reported])
        listed.clear()
        loaded = load_content(content, cache, folders)
        assert (os.path.join("content", "events") in listed) == lists_events, reported
        fresh = load_content(content, {})
        for kind in ("article", "actor", "question", "event", "disagreement"):
            assert list(loaded.corpus.records(kind).items()) == list(fresh.corpus.records(kind).items()), reported
        assert loaded.problems.sorted() == fresh.problems.sorted(), reported
        assert (loaded.files, loaded.digests, loaded.corpus.unloaded) == (fresh.files, fresh.digests,
                                                                          fresh.corpus.unloaded), reported
    assert any(p.code == "ignored-file" for p in loaded.problems.sorted())


def test_a_content_folder_reached_through_a_link_is_read_whole_when_it_is_reported(tmp_path, monkeypatch):
    project = fixture_project(tmp_path)
    (project / "content").rename(project / "real-content")
    (project / "content").symlink_to(project / "real-content")
    monkeypatch.chdir(project)
    cache: dict = {}
    folders = Folders()
    folders.report(None)
    load_content(Path("content"), cache, folders)
    edit(project, EVENT, EVENT_TEXT, EVENT_EDITED)
    folders.report([project / "content"])  # moved away and back, say
    assert folders.touched(Path("content")) is None  # every folder is read again
    assert EVENT_EDITED.removeprefix("text: ") in load_content(Path("content"), cache, folders).corpus.events[
        Path(EVENT).stem].text
