"""The incremental manifest's compact form (publish/incremental.py): a page that reads every
actor keeps one key for them, "actor:**", and the file holds each key and link once. It must
choose exactly the pages the keys written out one by one would, through saves and loads and
pages kept unchanged from build to build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explainer.publish.incremental import (
    Manifest,
    PageEntry,
    file_identity,
    load_manifest,
    manifest_path,
    pages_to_render,
    save_manifest,
)
from explainer.publish.postcheck import PageSummary
from fixture_content import add_filler_actors, fixture_project
from test_incremental import built, edit, rebuild_and_compare

ACTORS = [f"actor:a{n:02}" for n in range(20)]


def pages(actors: list[str]) -> dict[str, set[str]]:
    """Each page with the keys it reads, when the content has these actors."""
    return {"map/index.html": {"actor:*", *actors},  # every actor, and the list of them
            "every/index.html": {*actors, "article:x"},  # every actor, not the list
            "one/index.html": {"actor:a03", "article:x"}, "center/index.html": {"center:center"}}


def inputs(actors: list[str], changed: str = "") -> dict[str, str]:
    return {key: "edited" if key == changed else "digest" for key in [*actors, "article:x", "center:center"]}


class Site:
    """A published folder and the manifest of its last build, built as the plugin does:
    rendered pages get entries made now, pages kept unchanged keep the entries they had."""

    def __init__(self, folder: Path, compact: bool) -> None:
        self.folder, self.compact = folder, compact
        self.manifest: Manifest | None = None
        self.build(inputs(ACTORS))

    def build(self, new_inputs: dict[str, str], reload: bool = False) -> set[str]:
        current = Manifest("environment", new_inputs, {})
        output = self.folder / "build"
        # As the plugin has it: from the file, or what this process saved (the dev server's).
        if self.manifest is not None:
            remembered = save_manifest(output, self.manifest) if reload else (
                file_identity(manifest_path(output)), self.manifest)
            self.manifest = load_manifest(output, None if reload else remembered)
        reading = pages([key for key in new_inputs if key.startswith("actor:")])
        render = pages_to_render(self.manifest, current, reading, self.folder / "build")
        for path, deps in reading.items():
            if path not in render:
                current.pages[path] = self.manifest.pages[path]
                continue
            page = self.folder / "build" / path
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(path)
            keys = current.compact(deps) if self.compact else sorted(deps)
            current.pages[path] = PageEntry(keys, page.stat().st_size, page.stat().st_mtime_ns, PageSummary("t", [], []))
        self.manifest = current
        return render


# Each step: the next build's inputs. An actor added, then edited: the page that read every
# actor of its day (every/) was kept when the actor came, and must not read the newcomer.
STEPS = [inputs([*ACTORS, "actor:new"]), inputs([*ACTORS, "actor:new"], "actor:new"),
         inputs([*ACTORS, "actor:new"], "actor:a07"), inputs(ACTORS[1:]), inputs(ACTORS[1:], "article:x"),
         inputs(ACTORS[1:], "center:center"), inputs(ACTORS[1:], "actor:a05")]


@pytest.mark.parametrize("reload", [False, True], ids=["remembered", "saved and loaded"])
def test_compact_keys_render_the_same_pages_as_every_key(tmp_path, reload):
    compact, every_key = Site(tmp_path / "compact", compact=True), Site(tmp_path / "every", compact=False)
    rendered = [(compact.build(step, reload), every_key.build(step, reload)) for step in STEPS]
    assert [a for a, _ in rendered] == [b for _, b in rendered]
    assert [sorted(a) for a, _ in rendered][:2] == [["map/index.html"]] * 2  # the newcomer: the map reads it, every/ not


def test_a_page_reading_every_actor_keeps_one_key(tmp_path):
    site = Site(tmp_path, compact=True)
    assert site.manifest.pages["map/index.html"].deps == ["actor:*", "actor:**"]
    assert site.manifest.pages["one/index.html"].deps == ["actor:a03", "article:x"]


def test_the_file_holds_each_key_and_link_once(tmp_path):
    manifest = Manifest("environment", inputs(ACTORS), {})
    link = "sources/x/index.html#q-1"
    for number in range(3):
        manifest.pages[f"p{number}/index.html"] = PageEntry(["article:x"], 1, 2, PageSummary("t", ["q"], [link, link]))
    save_manifest(tmp_path / "build", manifest)
    text = (tmp_path / ".build.explainer-manifest.json").read_text("utf-8")
    assert text.count(link) == 1 and text.count('"article:x"') == 2  # the table's, and the inputs'
    loaded = load_manifest(tmp_path / "build")
    assert loaded.pages == manifest.pages
    json.loads(text)


@pytest.mark.parametrize("damage", [
    '{"format": 4, "environment": "e", "inputs": {}, "refs": {}, "strings": [], "pages": {"a.html": [[0], 1, 2, "t", [], []]}}',
    '{"format": 4, "environment": "e", "inputs": {}, "refs": {}, "strings": [7], "pages": {}}',
    '{"format": 4, "environment": "e", "inputs": {}, "refs": {}, "strings": ["k"], "pages": {"a.html": [["0"], 1]}}',
    '{"format": 4, "environment": "e", "inputs": 5, "refs": {}, "strings": [], "pages": {}}',
])
def test_a_damaged_manifest_of_this_format_is_no_manifest(tmp_path, damage):
    (tmp_path / ".build.explainer-manifest.json").write_text(damage)
    assert load_manifest(tmp_path / "build") is None


def test_a_site_whose_map_reads_many_actors_rebuilds_exactly(tmp_path):
    project = fixture_project(tmp_path)
    fillers = add_filler_actors(project, 20)
    built(project)
    manifest = json.loads((project / ".build.explainer-manifest.json").read_text("utf-8"))
    strings = manifest["strings"]
    assert [strings[i] for i in manifest["pages"]["map/index.html"][0] if strings[i].startswith("actor:")] == [
        "actor:*", "actor:**"]
    edit(project, f"content/actors/{fillers[3]}.yaml", f"name: Filler {fillers[3][-3:]}", "name: Renamed filler")
    assert {"map/index.html", "actors/index.html", f"actors/{fillers[3]}/index.html"} <= rebuild_and_compare(project)
    (project / f"content/actors/{fillers[5]}.yaml").unlink()
    assert "map/index.html" in rebuild_and_compare(project)
