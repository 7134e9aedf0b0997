"""A process that checks the content again and again (the dev server) keeps, on each record it
keeps, what it worked out from it: where its quotes are and what their check found, its
statements, the statements' places in the graph, the sizes of an actor's page, the map. Each is kept
only while what it read of other records is the same. It also keeps its last layout, and patches
the next graph from that one's (only the edited records' edges change) and the articles' plans
the edit did not reach. After every kind of edit that changes what one of them read, the
long-lived check must find exactly what a fresh check finds.

On the tests' own small explainer (fixture_content.py), in this process."""

from __future__ import annotations

from pathlib import Path

import pytest

from explainer.check.walk import actor_statements
from explainer.render.layout import actor_blocks
from explainer.render.map_pages import map_plan
from explainer.site import check_content
from fixture_content import add_events_citing, article, cite, fixture_project
from test_incremental import edit

FISHERMEN = "content/actors/harbour-fishermen.yaml"
DRIVER = "content/actors/truck-driver.yaml"
HARBOUR = "content/articles/harbour-report.md"
QUESTION = "content/questions/will-the-harbour-stay-open.yaml"
NETS = "content/articles/nets-report.md"

# The fishermen tie to the driver (their page shows the driver's name), and the driver has an
# alias found only in an article that none of the driver's statements cites.
TIE = "affiliations:\n  - actor: truck-driver\n    relation: negotiates-with\n" + cite(
    "harbour-report", "the mood was hopeful", 4)
ALIAS = "aliases: [A spokesman]\n"
# An actor whose page reads, besides its own record, only the driver's name and the label of
# an article nothing else cites.
MASTER = ("name: Harbour master\nkind: person\nrole:\n  text: The master of the harbour.\n"
          + cite("nets-report", "the harbour master said", 2) + "claims:\n  - text: The nets are mended.\n"
          + cite("nets-report", "the nets were mended", 4) + "    actors: [truck-driver]\n")
NETS_TEXT = "Nets\n\nThe nets were dry again, the harbour master said, and the nets were mended.\n"

# Each edit changes a file that the kept results of other, unchanged records read.
EDITS = [
    # an article's words: a quote an unchanged record cites is no longer in it (an error) ...
    (HARBOUR, "the catch was small", "the catch was tiny"),
    # ... and is again
    (HARBOUR, "the catch was tiny", "the catch was small"),
    # a quoted passage now occurs twice: the unchanged event's quote is ambiguous
    (HARBOUR, "The fishermen said", "Fishing boats returned to the harbour. The fishermen said"),
    # ... and the event quoting it moves down two lines: the same quote where it was, its warning not
    ("content/events/2025-10-20-boats-return.yaml", "text: Fishing boats returned to the harbour.",
     "text: >-\n  Fishing boats returned\n  to the harbour."),
    # the alias is no longer in any article
    (HARBOUR, "A spokesman for", "The spokesman for"),
    # a tied actor's name: the fishermen's "Ties" statement
    (DRIVER, "name: Truck driver", "name: Driver of the first truck"),
    # a question's title: the size of the head of its actors' pages
    (QUESTION, "title: Will the harbour stay open?", "title: Will the harbour stay open for the whole winter?"),
    # an article's label: the size of every citation of it
    (HARBOUR, "Label: harbour-report", "Label: harbour-report, as received"),
    (NETS, "Label: nets-report", "Label: nets-report, as received"),
]
BOATS = "content/events/2025-10-20-boats-return.yaml"
TRUCKS = "content/events/2025-10-21-trucks-cross.yaml"
MASTER_FILE = "content/actors/harbour-master.yaml"
# Each edit changes one record's statements: the graph is patched, not made again.
PATCHED_EDITS = [
    # an event now cites a passage that an actor cites too: it joins that passage's list, after the actor
    (BOATS, "quote: 'Fishing boats returned to the harbour'", "quote: 'the mood was hopeful'"),
    # ... and its title, which that list shows
    (BOATS, "title: Boats return", "title: Boats return to the harbour"),
    # an event cites another article: one article's passage loses it, the other's gains it
    (TRUCKS, "article: crossing-report\n    quote: 'The crossing opened at dawn'",
     "article: harbour-report\n    quote: 'for the first time in weeks'"),
    # a claim mentions one more actor, listed among that actor's mentions
    (MASTER_FILE, "actors: [truck-driver]", "actors: [harbour-fishermen, truck-driver]"),
    # ... and its role is longer: its entry in the actors index too
    (MASTER_FILE, "text: The master of the harbour.", "text: The master of the harbour, who keeps its log."),
    # ... and no longer cites the article nothing else cites
    (MASTER_FILE, "article: nets-report\n        quote: 'the nets were mended'",
     "article: crossing-report\n        quote: 'closed before noon'"),
    # an event names one more actor: listed on that actor's page too
    (BOATS, "actors: [harbour-fishermen]", "actors: [harbour-fishermen, truck-driver]"),
    # an event names the harbour master, whom no other record named: no longer "unreferenced"
    (TRUCKS, "actors: [truck-driver]", "actors: [truck-driver, harbour-master]"),
    (TRUCKS, "actors: [truck-driver, harbour-master]", "actors: [truck-driver]"),  # ... and is again
    # a disagreement's title: the size of its box on the driver's page
    ("content/disagreements/how-long-the-crossing-opened.yaml", "title: How long was the crossing open?",
     "title: How long was the crossing open, by each account?"),
]
# This one changes the records' order: the graph is made whole again, and the next is patched from it.
REORDERED = (TRUCKS, "date: '2025-10'", "date: '2025-09'")  # before the boats now
AFTER_REORDERED = (BOATS, "title: Boats return to the harbour", "title: Boats return")


def found(checked) -> dict:
    """What a check found, in terms a fresh process can compare: its problems, where each quote
    is, who cites each passage and what each actor's page shows, with its sizes."""
    result = {"problems": [problem.format() for problem in checked.problems.sorted()]}
    if checked.anchors is not None:
        result["anchors"] = sorted((key, (m.start, m.end, m.occurrences)) for key, m in checked.anchors.matches.items())
    if checked.graph is None:
        return result
    graph, layout, corpus = checked.graph, checked.layout, checked.graph.corpus

    def placed(found: list) -> list:
        return [(p.url, p.page_title, p.record, p.statement.section, p.statement.text) for p in found]

    result["cited_by"] = {key: placed(found) for key, found in graph.cited_by.items()}
    result["mentions"] = {key: placed(found) for key, found in graph.mentions.items()}
    result["spans"] = {article_id: spans for article_id, spans in graph.spans.items()}
    result["links"] = [dict(graph.questions_of), dict(graph.events_of), dict(graph.disagreements_of)]
    result["urls"], result["lines"], result["digests"] = layout.urls, layout.anchor_lines, layout.digests()
    result["parts"] = {name: [(p.url, p.items, p.estimate) for p in found] for name, found in (
        ("timeline", layout.timeline), ("disagreements", layout.disagreements), ("center", layout.center),
        ("actors", layout.actors_index), ("questions", layout.questions_index), ("sources", layout.sources_index),
        *layout.actor_pages.items())}
    result["home questions"] = layout.home_questions
    result["statements"] = {actor_id: [(s.section, s.text) for s in actor_statements(actor, graph.names)]
                            for actor_id, actor in corpus.actors.items()}
    result["blocks"] = {actor_id: actor_blocks(layout, actor_id) for actor_id in corpus.actors}
    result["sources"] = {article_id: [(part.url, part.items, part.estimate) for part in
                                      layout.source_text[article_id] + layout.source_cited[article_id]]
                         for article_id in corpus.articles}
    plan = map_plan(layout)
    result["map"] = (str(plan.drawing), plan.tied, [[(a, t.actor, t.relation) for a, t in run] for run in plan.runs])
    return result


@pytest.fixture
def project(tmp_path) -> Path:
    folder = fixture_project(tmp_path)
    (folder / FISHERMEN).write_text((folder / FISHERMEN).read_text("utf-8") + TIE, encoding="utf-8")
    (folder / DRIVER).write_text((folder / DRIVER).read_text("utf-8") + ALIAS, encoding="utf-8")
    (folder / "content/actors/harbour-master.yaml").write_text(MASTER, encoding="utf-8")
    (folder / NETS).write_text(article("Nets mended", "nets-report", NETS_TEXT), encoding="utf-8")
    return folder


def test_a_long_lived_check_finds_what_a_fresh_check_finds_after_each_edit(project):
    content, theme = project / "content", project / "theme"
    parsed: dict = {}  # the dev server's parsed files: unchanged files keep their records
    kept: dict = {}  # and its last layout

    def long_lived():
        return found(check_content(content, theme, cache=parsed, deferred={}, kept=kept))

    first = long_lived()
    assert first == found(check_content(content, theme))
    assert not any("error[" in line for line in first["problems"])
    seen = set()
    for relative, old, new in EDITS:
        edit(project, relative, old, new)
        now = long_lived()
        assert now == found(check_content(content, theme)), (relative, new)
        seen.update(code for line in now["problems"] for code in ("quote-not-found", "ambiguous-quote",
                                                                  "alias-not-found") if f"[{code}]" in line)
    # the edits did reach what the kept results hold
    assert seen == {"quote-not-found", "ambiguous-quote", "alias-not-found"}
    assert any("Driver of the first truck" in text for _, text in now["statements"]["harbour-fishermen"])


def test_a_patched_graph_and_layout_are_what_a_fresh_check_makes(project):
    content, theme = project / "content", project / "theme"
    parsed, kept = {}, {}
    check_content(content, theme, cache=parsed, deferred={}, kept=kept)
    for relative, old, new in [*PATCHED_EDITS, REORDERED, AFTER_REORDERED]:
        edit(project, relative, old, new)
        checked = check_content(content, theme, cache=parsed, deferred={}, kept=kept)
        assert found(checked) == found(check_content(content, theme)), (relative, new)
        assert (checked.graph.patched is None) == ((relative, old, new) == REORDERED), (relative, new)
        assert kept["layout"] is checked.layout


def test_a_long_lived_check_follows_statements_that_moved_to_another_page(tmp_path):
    """A new event early in a month split into pages pushes the events after it to later pages:
    the "cited by" list of the passage they cite links them there, though none of them changed."""
    project = fixture_project(tmp_path)
    add_events_citing(project, 80)
    content, theme, parsed, kept = project / "content", project / "theme", {}, {}
    check_content(content, theme, cache=parsed, deferred={}, kept=kept)
    # 2025-10-01-event-number-1008, near the month's start, citing another article
    add_events_citing(project, 1, "The crossing opened at dawn", first=1008, article_id="crossing-report")
    assert found(check_content(content, theme, cache=parsed, deferred={}, kept=kept)) == found(
        check_content(content, theme))
    # the last event of the timeline's first page now cites that other article ...
    last_on_first = check_content(content, theme, cache=parsed, deferred={}, kept=kept).layout.timeline[0].items[-1]
    edit(project, f"content/events/{last_on_first}.yaml", "article: harbour-report\n    quote: 'the mood was hopeful'",
         "article: crossing-report\n    quote: 'closed before noon'")
    check_content(content, theme, cache=parsed, deferred={}, kept=kept)
    # ... and the first event gets longer: the events after it move, that one to the next page,
    # though no record but the first event changed
    edit(project, "content/events/2025-10-01-event-number-0.yaml", "text: The mood was hopeful.",
         "text: The mood was hopeful. " + "The boats stayed in the harbour all day. " * 40)
    checked = check_content(content, theme, cache=parsed, deferred={}, kept=kept)
    assert checked.graph.patched is not None
    assert last_on_first not in checked.layout.timeline[0].items
    assert found(checked) == found(check_content(content, theme))


# Each edit changes what a rule over every record finds, or one record while another's problem
# from such a rule must still be said.
WHOLE_CORPUS_EDITS = [
    (BOATS, "actors: [harbour-fishermen]", "actors: [harbour-fishermen, harbour-mayor]"),  # no such actor
    (TRUCKS, "title: Trucks cross", "title: Trucks cross again"),  # ... still said
    (QUESTION, "actors: [harbour-fishermen]", "actors: [harbour-fishermen, harbour-mayor]"),  # twice now
    (BOATS, "actors: [harbour-fishermen, harbour-mayor]", "actors: [harbour-fishermen]"),  # once
    (QUESTION, "actors: [harbour-fishermen, harbour-mayor]", "actors: [harbour-fishermen]"),  # gone
    (MASTER_FILE, "name: Harbour master", "name: Harbour fishermen"),  # the name of another actor
    (TRUCKS, "title: Trucks cross again", "title: Trucks cross"),  # ... still said
    (MASTER_FILE, "name: Harbour fishermen", "name: Harbour master"),  # gone
]


def test_a_long_lived_check_says_again_what_the_rules_over_every_record_found(project):
    """Unknown references and lookalike names are checked again only for the records that
    changed, while the same records are known: what the others gave is said again."""
    content, theme = project / "content", project / "theme"
    parsed, kept = {}, {}
    check_content(content, theme, cache=parsed, deferred={}, kept=kept)
    codes = set()
    for relative, old, new in WHOLE_CORPUS_EDITS:
        edit(project, relative, old, new)
        checked = check_content(content, theme, cache=parsed, deferred={}, kept=kept)
        assert found(checked) == found(check_content(content, theme)), (relative, new)
        codes.update(p.code for p in checked.problems.errors)
    nets = (project / NETS).read_text("utf-8")
    for change in (lambda: (project / NETS).unlink(), lambda: (project / NETS).write_text(nets, "utf-8")):
        change()  # an article that an unchanged record cites goes, and comes back
        checked = check_content(content, theme, cache=parsed, deferred={}, kept=kept)
        assert found(checked) == found(check_content(content, theme))
        codes.update(p.code for p in checked.problems.errors)
    assert codes == {"unknown-ref", "duplicate-name"}
