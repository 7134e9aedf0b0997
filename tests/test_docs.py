"""The editors' guide, docs/editing.md, shows what the checker really does.

Every ```yaml block in the guide is marked on the line before it:
  <!-- example: KIND ID valid -->       saved as that record, it passes the check;
  <!-- example: KIND ID error CODE -->  saved as that record, the check reports CODE in it
                                        (an error, or a warning or note for those codes);
  <!-- example: KIND ID error CODE, also saved as ID2 -->
                                        the same, with the block saved as record ID2 too (an
                                        example of two records alike, whatever content/ holds);
  <!-- fragment -->                     part of a record: it only has to be YAML.

The examples are written for editors, in the story content/ tells (Brad Cooper, the Kiryat Gat
report), but they are not run against content/: an editor may rename, reword or remove any of
those records any week. They run against the tests' own explainer (tests/fixture_content.py)
with the guide's world added by `guide_project`: the passages of the five articles the examples
quote, word for word, and a record under every id they name. An example that quotes words not
given here, or names an id not written here, fails: add the passage or the record here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from explainer.site import check_content
from fixture_content import article, cite, fixture_project

GUIDE = (REPO / "docs/editing.md").read_text("utf-8")
FOLDERS = {"actor": "actors", "question": "questions", "event": "events", "disagreement": "disagreements"}
EXAMPLE = re.compile(r"<!-- example: (actor|question|event|disagreement|center) ([a-z0-9-]+) "
                     r"(?:valid|error ([a-z0-9-]+))(?:, also saved as ([a-z0-9-]+))? -->")
FRAGMENT = "<!-- fragment -->"


def yaml_blocks(text: str) -> list[tuple[str, str]]:
    """(the line before the fence, the block's text) for every block fenced as ```yaml."""
    lines = text.splitlines()
    return [(lines[i - 1], "\n".join(lines[i + 1:lines.index("```", i + 1)]) + "\n")
            for i, line in enumerate(lines) if line == "```yaml"]


BLOCKS = yaml_blocks(GUIDE)
EXAMPLES = [(m[1], m[2], m[3], m[4], block) for comment, block in BLOCKS if (m := EXAMPLE.fullmatch(comment))]
FRAGMENTS = [block for comment, block in BLOCKS if comment == FRAGMENT]

# The guide's world. Its articles: the paragraphs the examples quote, one a line (of a long paragraph,
# the sentences quoted), word for word as content/ had them when the examples were written. The
# paragraph break, the curly apostrophe and the twice-said "U.S. officials say" are the ones the
# examples of quote-spans-paragraphs, quote-normalised and ambiguous-quote are about.
GUIDE_ARTICLES = {
    "cooper-no-troops-in-gaza": [
        "Admiral Brad Cooper, the head of the US Central Command (CENTCOM), has officially confirmed that there are"
        " no current plans to deploy US military personnel into the Gaza Strip.",
        "This statement, released by CENTCOM on the social media platform X, comes amid ongoing discussions about the"
        " US role in the region following the recent conflict.",
        "The admiral’s remarks underscore a shift in US strategy from direct military intervention to a more"
        " diplomatic and logistical approach.",
        "According to Fox News journalist Jennifer Griffin, Special Envoy Stephen Witthoff, who represents the"
        " President of the United States, accompanied Admiral Cooper on a recent trip to an Israeli military base"
        " in Gaza.",
        "The purpose of the visit, as reported by Griffin, was to monitor the implementation of a troop withdrawal"
        " agreement between Israel and the US.",
    ],
    "kiryat-gat-headquarters": [
        "KIRYAT GAT, Israel—On the edge of a small city in southern Israel, a cavernous warehouse is being remade"
        " into the headquarters of President Trump’s Gaza peace plan.",
        "It will monitor the fragile cease-fire between Israel and Hamas and coordinate the flow of aid and security"
        " assistance to Gaza, which lies roughly 20 miles away.",
        "Top Trump emissaries—including Secretary of State Marco Rubio, Vice President JD Vance, special envoy"
        " Steve Witkoff, and Trump son-in-law Jared Kushner—have cycled in and out of Israel in recent days.",
        "U.S. officials say the hub is a tangible symbol of Washington’s commitment to the Gaza peace deal, which"
        " hangs on Trump’s guarantee that Israel won’t resume the war as long as Hamas adheres to the deal’s"
        " terms.",
        "Military officers from partner countries milled about the new center in small clusters Friday, the flags on"
        " their sleeves—including those of Germany, France, Greece, Cyprus, the U.K., Australia and Canada—"
        "meant to underscore the international effort to keep the Gaza cease-fire from unraveling.",
        "The State Department is dispatching more diplomats to aid the effort. It said Friday that Steven Fagin, the"
        " U.S. ambassador to Yemen, will serve as the civilian lead at the center.",
        "While U.S. officials have emphasized there will be no American soldiers on the ground in Gaza, it is"
        " assembling an international stabilization force of partner countries.",
        "U.S. officials say the coordination effort is bringing together a mix of international and humanitarian"
        " organizations, including the World Food Program, to deliver aid.",
        "The efforts, which are being overseen by Lt. Gen. Patrick Frank, the commander of the U.S. Army Central"
        " Command, are still in the early stages. Before Trump announced the deal on Oct. 8, U.S. Central Command chief"
        " Adm. Brad Cooper met with Witkoff and Kushner in Egypt and assured them he could have a command center"
        " operational within 2½ weeks, a senior administration official said.",
    ],
    "trump-hamas-negotiations-analysis": [
        "The Gaza ceasefire, implemented on January 19, was almost word-for-word the same exact proposal that Israeli"
        " Prime Minister Benjamin Netanyahu rejected nearly a year prior.",
        "When it comes to Gaza, there is a reason that the war has not re-opened yet, despite Israel imposing a full"
        " siege on the territory, comparable to what they inflicted on the civilian population directly following"
        " October 7, 2023. This has triggered an immediate response from Yemen’s Ansarallah, who moved to"
        " re-impose their blockade in the Red Sea.",
    ],
    "coordination-center-report": [
        "This agreement was confirmed by Donald Trump, the US president, who announced the news late on October 9.",
        "Interestingly, Trump has also highlighted that Russian President Vladimir Putin is supporting the ceasefire in"
        " Gaza.",
        "This claim adds a new dimension to the geopolitical landscape, as Putin has historically maintained a complex"
        " relationship with both Israel and Hamas.",
        "This alignment with the ceasefire effort could signal a shift in Russia’s diplomatic priorities,"
        " particularly as it navigates its own challenges with Western nations.",
    ],
    "realist-english-200-personnel": [
        "WASHINGTON (Realist English). The United States will send about 200 military personnel to Israel to assist in"
        " implementing and monitoring the Gaza ceasefire, U.S. officials said Thursday, describing it as part of a"
        " broader international effort involving partner nations, aid organizations and private-sector entities.",
        "The center will be staffed by 200 U.S. service members with expertise in logistics, transportation, security,"
        " engineering and planning, the official said, adding that no American troops will enter Gaza itself.",
        "Some have already begun arriving in Israel, with the remainder expected over the weekend to start setting up"
        " the coordination hub.",
    ],
}
# Every actor the examples name (not jennifer-griffin: the guide's unreferenced example is that no
# record names her), and the event whose id the page-collision example repeats, which names them all.
GUIDE_ACTORS = ["ansarallah", "australia", "brad-cooper", "canada", "cyprus", "donald-trump", "france", "germany",
                "greece", "hamas", "israel", "patrick-frank", "russia", "state-department", "steve-witkoff",
                "steven-fagin", "united-kingdom", "united-states", "us-army-central", "us-central-command",
                "vladimir-putin"]
GUIDE_EVENT = "2025-10-08-deal-announced"
DEAL_QUOTE = "Before Trump announced the deal on Oct. 8"


@pytest.fixture
def guide_project(tmp_path) -> Path:
    """The tests' own explainer (real theme and settings) with the guide's world added: the same
    world whatever content/ holds today."""
    content = fixture_project(tmp_path) / "content"
    for article_id, paragraphs in GUIDE_ARTICLES.items():
        (content / "articles" / f"{article_id}.md").write_text(
            article(article_id, article_id, "\n".join(paragraphs) + "\n"), encoding="utf-8")
    for actor_id in GUIDE_ACTORS:
        (content / "actors" / f"{actor_id}.yaml").write_text(
            f"name: {actor_id.replace('-', ' ').title()}\nkind: person\nrole:\n  text: Named in the guide.\n"
            + cite("kiryat-gat-headquarters", DEAL_QUOTE, 2), encoding="utf-8")
    (content / "events" / f"{GUIDE_EVENT}.yaml").write_text(
        "date: '2025-10-08'\ntitle: Trump announces the deal\ntext: Trump announced the deal.\n"
        + cite("kiryat-gat-headquarters", DEAL_QUOTE, 0) + f"actors: [{', '.join(GUIDE_ACTORS)}]\n", encoding="utf-8")
    return tmp_path


def problem_codes_in_source() -> set[str]:
    """The code of every problem the explainer reports: `problems.error(mark, "code", …)` and the like,
    and the schema's `Violation("code", …)`."""
    codes = set()
    for source in (REPO / "scripts/explainer").rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("error", "warning", "notice", "note", "refuse")
                    and len(node.args) > 1 and isinstance(node.args[1], ast.Constant)):
                codes.add(node.args[1].value)
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Violation"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                codes.add(node.args[0].value)
    return codes


def test_every_yaml_block_is_marked_and_there_are_enough_examples():
    unmarked = [block for comment, block in BLOCKS if comment != FRAGMENT and not EXAMPLE.fullmatch(comment)]
    assert unmarked == []
    assert len(EXAMPLES) >= 25


def test_every_problem_code_has_a_heading_and_a_table_row():
    codes = problem_codes_in_source()
    assert {"quote-not-found", "yaml-syntax", "tab", "unreferenced"} <= codes  # the search works
    headings = set(re.findall(r"^#+ `([a-z0-9-]+)`$", GUIDE, re.M))
    table_rows = set(re.findall(r"^\| \[?`([a-z0-9-]+)`", GUIDE, re.M))
    assert codes - headings == set() and codes - table_rows == set()
    assert headings - codes == set(), "the guide documents codes the explainer no longer reports"


def test_the_guides_world_is_clean(guide_project, monkeypatch):
    """So that a valid example's check means something, and a code an example must produce comes from it."""
    monkeypatch.chdir(guide_project)
    problems = check_content(Path("content")).problems
    assert [p.format() for p in problems.sorted() if p.severity.value in ("error", "warning")] == []


@pytest.mark.parametrize("fragment", FRAGMENTS)
def test_fragment_is_yaml(fragment):
    yaml.safe_load(fragment)


@pytest.mark.parametrize("kind, record_id, code, twin, snippet", EXAMPLES,
                         ids=[f"{kind}-{record_id}-{code or 'valid'}" for kind, record_id, code, _, _ in EXAMPLES])
def test_example(guide_project, monkeypatch, kind, record_id, code, twin, snippet):
    monkeypatch.chdir(guide_project)
    path = Path("content/center.yaml") if kind == "center" else Path("content", FOLDERS[kind], f"{record_id}.yaml")
    path.write_text(snippet, encoding="utf-8")
    if twin:
        path.with_stem(twin).write_text(snippet, encoding="utf-8")
    problems = check_content(Path("content")).problems
    here = [p for p in problems.sorted() if p.mark.path == str(path)]
    report = "\n".join(["checked in the guide's world (tests/test_docs.py: guide_project):",
                        *(p.format() for p in problems.shown())])
    if code is None:
        assert not problems.errors and not [p for p in here if p.severity.value == "warning"], report
    else:
        assert code in {p.code for p in here}, report
