"""Rules that need the whole corpus: references, quotes, aliases, consistency.

Each rule yields located problems; `verify` runs them all, so one run reports everything.
Quote anchors found here are kept: the pages highlight exactly these passages.
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from ..model.problems import Mark, Problems
from ..model.records import Article, Citation, Corpus
from ..read.textcheck import describe
from .anchors import Reserved
from .lookalikes import check_names, lookalike_characters
from .quotes import Match, QuoteSearch, normalise_quote, word_diff
from .walk import RefUse, ref_keys, refs_of

RECORD_FOLDERS = {"actor": "actors", "question": "questions", "event": "events",
                  "disagreement": "disagreements", "article": "articles"}


@dataclass
class Anchors:
    """Where each citation's quote was found: (article id, normalised quote) -> match."""

    matches: dict[tuple[str, str], Match] = field(default_factory=dict)
    checked: Checked | None = None  # what the check saw, for a long-lived process's next (the dev server's)

    def get(self, citation: Citation) -> Match | None:
        return self.matches.get((citation.article, normalise_quote(citation.quote)))


def verify(corpus: Corpus, problems: Problems, reserved: Reserved, remember: bool = False,
           last: Checked | None = None) -> Anchors:
    """`remember`: the records outlive this build (the dev server's), and may keep what their
    quotes' check found for the next; `last`: what that build's last check saw (Anchors.checked),
    whose findings about the records that are the very same objects still hold."""
    shown = records_with_pages(corpus)  # listed once for the three rules that walk every record
    checked = Checked(shown, dict(corpus.articles), {f"{kind}:{record_id}" for kind in RECORD_FOLDERS
                                                     for record_id in corpus.records(kind)})
    same = checked.same_as(last) if remember else None
    as_before = same is not None and last.known == checked.known
    checked.unknown_refs = check_references(corpus, problems, shown, checked.known,
                                            _to_check_again(shown, last, same) if as_before else None)
    checked.references = reference_counts(shown, last, same)
    check_unreferenced_actors(corpus, problems, shown, checked.references)
    check_anchor_ids(corpus, problems, reserved)
    checked.actors = list(corpus.actors.values())
    _check_names_again(corpus, problems, checked, last if as_before else None)
    check_records(corpus, problems)
    anchors = check_quotes(corpus, problems, shown, remember, same if same is not None and same.articles else None,
                           last, checked)
    anchors.checked = checked if remember else None
    return anchors


Shown = list[tuple[str, object]]  # records_with_pages: each record with the page that shows it


@dataclass
class Checked:
    """What one check saw: each record with its page, the articles and the record keys."""

    shown: Shown
    articles: dict[str, Article]
    known: set[str]
    references: Counter | None = None  # reference_counts
    unknown_refs: list[object] | None = None  # the records check_references found pointing at no record
    actors: list[object] | None = None  # every actor, in order
    name_problems: Problems | None = None  # what check_names found of them and of every id
    results: list[QuotesChecked] | None = None  # each record's quotes' check, in page order
    matches: dict | None = None  # Anchors.matches, made from them
    quote_problems: Problems | None = None  # their problems, in that order

    def same_as(self, last: Checked | None) -> Same | None:
        """What is the same as in `last` (None: not comparable, the records not in the same order)."""
        if last is None or len(last.shown) != len(self.shown) or any(
                now[0] != before[0] for now, before in zip(self.shown, last.shown)):
            return None
        # Kept alive by `last`, so no id is reused.
        records = {id(now[1]) for now, before in zip(self.shown, last.shown) if now[1] is before[1]}
        return Same(records, not replaced(last.articles, self.articles))


@dataclass(frozen=True)
class Same:
    """Of a check, what is as it was in the last: the records (by id) that are the very same
    objects, and whether every article is."""

    records: set[int]
    articles: bool


def check_references(corpus: Corpus, problems: Problems, shown: Shown, known: set[str] | None = None,
                     only: list[object] | None = None) -> list[object]:
    """The records pointing at a record that does not exist. `known`: every record's key, if
    worked out already; `only`: the records to check, if not all of them."""
    if known is None:
        known = {f"{kind}:{record_id}" for kind in RECORD_FOLDERS for record_id in corpus.records(kind)}
    unknown = []
    for record in (record for _, record in shown) if only is None else only:
        if ref_keys(record) <= known:  # the usual case, in one set operation
            continue
        unknown.append(record)
        for use in refs_of(record):
            if use.target not in corpus.records(use.kind) and not corpus.failed_to_load(use.kind, use.target):
                _unknown_ref(use, corpus, problems)
    return unknown


def _to_check_again(shown: Shown, last: Checked, same: Same) -> list[object]:
    """With the same records known as in the last check: the records that are not the very same
    objects, and those the last check found pointing at no record (their problems are said
    again, or no longer: a file that failed to load). Every other still points only at records
    that exist."""
    again = [record for _, record in shown if id(record) not in same.records]
    return again + [record for record in last.unknown_refs if id(record) in same.records]


def _check_names_again(corpus: Corpus, problems: Problems, checked: Checked, last: Checked | None) -> None:
    """check_names, or what it found in the `last` check, when that check knew the same records
    and every actor (its name) is the very same object, in the same order."""
    if last is not None and last.name_problems is not None and same_objects(last.actors, checked.actors):
        checked.name_problems = last.name_problems
    else:
        checked.name_problems = Problems()
        check_names(corpus, checked.name_problems)
    problems.extend(checked.name_problems)


def _unknown_ref(use: RefUse, corpus: Corpus, problems: Problems) -> None:
    known = sorted(corpus.records(use.kind))
    nearest = _nearest(use.target, known)
    hint = ("did you mean " + " or ".join(f"'{n}'" for n in nearest) + "?") if nearest else \
        f"the {use.kind} ids are the file names in content/{RECORD_FOLDERS[use.kind]}/"
    problems.error(use.mark, "unknown-ref", f"no {use.kind} with id '{use.target}'", hint)


CLOSE = 0.8  # a match this close is a typo of it: the far ones would only distract


def _nearest(target: str, known: list[str]) -> list[str]:
    """The ids `target` may be a typo of: up to three near ones, or only the close ones if any."""
    nearest = difflib.get_close_matches(target, known, n=3, cutoff=0.5)
    close = [name for name in nearest if difflib.SequenceMatcher(None, name, target).ratio() >= CLOSE]
    return close or nearest


def check_unreferenced_actors(corpus: Corpus, problems: Problems, shown: Shown,
                              counts: Counter | None = None) -> None:
    """An actor no other record points at is reachable only from the index: say so (unless a
    record failed to load: it may be the one that points at it). `counts`: reference_counts'."""
    if corpus.unloaded:
        return
    counts = reference_counts(shown) if counts is None else counts
    for actor_id, actor in sorted(corpus.actors.items()):
        if counts[f"actor:{actor_id}"] <= 0:
            problems.warning(actor.mark, "unreferenced", f"no other record refers to actor '{actor_id}'",
                             "name it in the 'actors' of a claim, question or event it takes part in")


def check_anchor_ids(corpus: Corpus, problems: Problems, reserved: Reserved) -> None:
    """Event and disagreement ids become anchors (#id) on shared pages; they must not clash
    with an id the theme writes (check/anchors.py reads them from the theme) or each other."""
    for kind, records in (("event", corpus.events), ("disagreement", corpus.disagreements)):
        for record_id, record in sorted(records.items()):
            clash = reserved.clash(record_id)
            if clash is not None:
                problems.error(Mark(record.mark.path), "page-collision", f"{kind} id '{record_id}' would clash "
                               f"with an element the pages already use (id '{clash}')",
                               "rename the file, e.g. with a date in front")
    for record_id in sorted(corpus.events.keys() & corpus.disagreements.keys()):
        problems.error(Mark(corpus.disagreements[record_id].mark.path), "page-collision",
                       f"disagreement '{record_id}' has the same id as an event "
                       f"({corpus.events[record_id].mark.path}); both appear on actor pages",
                       "rename one of the two files")


def check_records(corpus: Corpus, problems: Problems) -> None:
    for question in corpus.questions.values():
        if question.status == "answered" and question.answer is None:
            problems.error(question.mark_of("status"), "missing-answer",
                           "status is 'answered' but there is no 'answer'",
                           "add an 'answer' claim with its citation, or change the status")
    for event in corpus.events.values():
        if event.date_precision == "approximate" and not event.date_note:
            problems.error(event.mark_of("date_precision"), "missing-date-note",
                           "an approximate date needs a 'date_note' saying how it was worked out",
                           "add 'date_note: …' quoting the weekday or relative date the article gives")
    for disagreement_id, disagreement in corpus.disagreements.items():
        shown = disagreement.actors or disagreement.questions or disagreement.events or disagreement.center
        if not shown and not any(e.disagreement == disagreement_id for e in corpus.events.values()):
            problems.warning(disagreement.mark, "unreferenced",
                             f"disagreement '{disagreement_id}' is not shown on any page but its own",
                             "list the actors, questions or events it concerns, or set 'center: true'")


def check_quotes(corpus: Corpus, problems: Problems, shown: Shown, remember: bool = False,
                 same: Same | None = None, last: Checked | None = None, keep: Checked | None = None) -> Anchors:
    """`same`: the records whose kept result the last check found sound, every article the same;
    `last`: that check, whose anchors are this one's if each record's result is as it was;
    `keep`: where this check keeps its results for the next."""
    anchors = Anchors()
    uses: dict[str, list[Use]] = defaultdict(list)
    checked: list[tuple[object, QuotesChecked]] = []  # in page order: the anchors' order
    sound = same.records if same is not None else ()
    for page, record in shown:
        result = record.__dict__.get(CHECKED)
        # What a record's quotes give depends on the record and the articles it cites alone:
        # the dev server's unchanged records keep it, while those articles are the same objects.
        if result is None or (id(record) not in sound
                              and not all(corpus.articles.get(a) is kept for a, kept in result.articles)):
            result = QuotesChecked(tuple((a, corpus.articles.get(a)) for a in cited_articles(record)), {}, Problems())
            for citation, statement in _citations(record):
                if citation.article in corpus.articles:
                    uses[citation.article].append(Use(citation, statement, page, result))
            if remember:
                record.__dict__[CHECKED] = result
        checked.append((record, result))
    for article_id, found in uses.items():
        article = corpus.articles[article_id]
        search = quote_search(article)
        for use in found:
            _anchor(use, article, search)
        search.release()  # one article's character offsets at a time
    results = [result for _, result in checked]
    if last is not None and last.results is not None and _found_as_before(results, last.results):
        anchors.matches, found = dict(last.matches), last.quote_problems
    else:
        found = Problems()
        for result in results:
            anchors.matches.update(result.matches)
            found.extend(result.problems)
    problems.extend(found)
    if keep is not None:
        keep.results, keep.matches, keep.quote_problems = results, anchors.matches, found
    _check_aliases(corpus, problems, remember, sound)
    return anchors


def _found_as_before(results: list[QuotesChecked], before: list[QuotesChecked]) -> bool:
    """Whether each record's quotes were found where, and with the problems, they were before
    (an edit elsewhere in a record checks its quotes again, to the same result): then so are
    all of them together, in the same order."""
    return len(results) == len(before) and all(
        now is then or (now.matches == then.matches and now.problems.same_as(then.problems))
        for now, then in zip(results, before))


def reference_counts(shown: Shown, last: Checked | None = None, same: Same | None = None) -> Counter:
    """How many records point at each key (an actor naming itself does not count); `last`'s
    counts with only the records that are not the very same objects (`same`) taken out and put
    in again, when it has them."""
    if last is None or same is None or last.references is None:
        counts: Counter = Counter()
        for page, record in shown:
            counts.update(_references(page, record))
        return counts
    counts = Counter(last.references)
    for (page, record), (_, before) in zip(shown, last.shown):
        if id(record) not in same.records:
            counts.subtract(_references(page, before))
            counts.update(_references(page, record))
    return counts


def _references(page: str, record: object) -> frozenset[str]:
    keys = ref_keys(record)
    return keys - {f"actor:{page.removeprefix('actors/').removesuffix('/')}"} if page.startswith("actors/") else keys


CHECKED = "_quotes_checked"  # on a record: its QuotesChecked, in the dev server


@dataclass
class QuotesChecked:
    """What checking a record's quotes found: the articles it cites (None: not loaded), where
    each quote is, and the problems."""

    articles: tuple[tuple[str, Article | None], ...]  # (id, the article) for each cited
    matches: dict[tuple[str, str], Match]
    problems: Problems


def cited_articles(record: object) -> tuple[str, ...]:
    """The ids of the articles the record cites, each once, in order."""
    found = record.__dict__.get("_cited_articles")
    if found is None:
        found = record.__dict__["_cited_articles"] = tuple(dict.fromkeys(c.article for c, _ in _citations(record)))
    return found


def same_objects(kept: Sequence, now: Sequence) -> bool:
    """Whether two sequences hold the very same objects (kept alive by `kept`: no id is reused)."""
    return len(kept) == len(now) and all(a is b for a, b in zip(kept, now))


def replaced(before: dict, now: dict) -> set[str]:
    """The keys whose value is not the very same object in both (came, went or replaced)."""
    return {key for key in before.keys() | now.keys() if before.get(key) is not now.get(key)}


def quote_search(article: Article) -> QuoteSearch:
    """The article's QuoteSearch, kept on the article: an article never changes once loaded,
    and the dev server keeps its articles between builds."""
    search = article.__dict__.get("_quotes")
    if search is None:
        search = article.__dict__["_quotes"] = QuoteSearch(article.text)
    return search


def records_with_pages(corpus: Corpus) -> list[tuple[str, object]]:
    """Each record with the page that shows it (for "which page loses this quote")."""
    found: list[tuple[str, object]] = [(f"actors/{k}/", v) for k, v in sorted(corpus.actors.items())]
    found += [(f"questions/{k}/", v) for k, v in sorted(corpus.questions.items())]
    found += [("timeline/", v) for _, v in sorted(corpus.events.items())]
    found += [(f"disagreements/#{k}", v) for k, v in sorted(corpus.disagreements.items())]
    if corpus.center is not None:
        found.append(("center/", corpus.center))
    return found


@dataclass(frozen=True)
class Use:
    """A citation, the statement it supports, the page that shows that statement, and what
    checking its record's quotes found."""

    citation: Citation
    statement: str
    page: str
    result: QuotesChecked


def _citations(record: object) -> list[tuple[Citation, str]]:
    """Every citation in the record with the statement it supports; found once per parsed
    record (the dev server's records outlive a build)."""
    found = record.__dict__.get("_citations")
    if found is None:
        found = record.__dict__["_citations"] = []
        _collect(record, "", found)
    return found


def _collect(value: object, statement: str, found: list[tuple[Citation, str]]) -> None:
    if isinstance(value, Citation):
        found.append((value, statement))
    elif isinstance(value, list):
        for item in value:
            if not isinstance(item, str):
                _collect(item, statement, found)
    elif hasattr(value, "__dataclass_fields__"):
        if isinstance(getattr(value, "text", None), str):
            statement = value.text
        elif hasattr(value, "relation"):
            statement = f"tie: {value.relation} {value.actor}"
        for name in _walked_fields(type(value)):
            item = getattr(value, name)
            if item is not None and not isinstance(item, str):  # a text holds no citation
                _collect(item, statement, found)


@cache
def _walked_fields(cls: type) -> tuple[str, ...]:
    return tuple(name for name in cls.__dataclass_fields__ if name not in ("mark", "marks"))


def _anchor(use: Use, article: Article, search: QuoteSearch) -> None:
    citation = use.citation  # its length was capped by the loader (records.Quote)
    key = (article.id, normalise_quote(citation.quote))
    match = search.find(citation.quote)
    problems = use.result.problems
    mark = citation.mark_of("quote")
    if match is None:
        _quote_not_found(use, article, search, mark, problems)
        return
    use.result.matches[key] = match
    if not match.exact:
        problems.note(mark, "quote-normalised", f"quote matches '{article.id}' only after normalising "
                      "spaces, quote marks or dashes (this is fine)")
    if match.occurrences > 1:
        problems.warning(mark, "ambiguous-quote", f"the quote occurs {match.occurrences} times in "
                         f"'{article.id}'; the first is highlighted", "quote a few more words so it is unique")


def _quote_not_found(use: Use, article: Article, search: QuoteSearch, mark: Mark, problems: Problems) -> None:
    quote = use.citation.quote
    lost = f"\nstatement: {use.statement}\nloses its source on: {use.page}"
    if search.spans_paragraphs(quote):
        problems.error(mark, "quote-spans-paragraphs", f"the quote runs across two paragraphs of '{article.id}'",
                       "cite each paragraph's words separately", lost.lstrip("\n"))
        return
    passage, score = search.passages.closest(quote)
    detail = f"quote:   {quote}"
    if passage and score >= 0.3:
        detail += f"\nclosest: {passage}\ndiff:    {word_diff(passage, quote)}"
        detail += "".join(f"\nnote:    the quote has {describe(mine)} where the article has {describe(theirs)}"
                          for mine, theirs in lookalike_characters(passage, quote))
    problems.error(mark, "quote-not-found", f"quote not found in article '{article.id}'",
                   "copy the words exactly from the article; only spaces, quote marks and dashes may differ",
                   detail + lost)


def _check_aliases(corpus: Corpus, problems: Problems, remember: bool = False, sound: Collection[int] = ()) -> None:
    """`sound`: the actors (by id) whose kept check the last check found sound, every article the same."""
    every_article = tuple(corpus.articles.values())
    everything = None  # every article's text, normalised: only when an alias is not where it is expected

    def text(article: Article) -> str:
        search = quote_search(article)
        found = search.text  # normalised only now: the quotes' lookups may all have come from the cache
        search.release()
        return found

    for actor in corpus.actors.values():
        if not actor.aliases:
            continue
        # An alias is almost always in an article the actor's own statements cite: look
        # there first, so that the search of every article stays the rare case.
        cited = tuple(corpus.articles[a] for a in cited_articles(actor) if a in corpus.articles)
        kept = actor.__dict__.get(ALIASES_CHECKED)  # (cited, every article or None, problems): the dev server's
        if kept is not None and (id(actor) in sound or (same_objects(kept[0], cited)
                                                        and (kept[1] is None or same_objects(kept[1], every_article)))):
            problems.extend(kept[2])
            continue
        found, read_everything = Problems(), False
        for index, alias in enumerate(actor.aliases):
            if _written_in(alias, cited):
                continue
            alias = normalise_quote(alias)
            if any(alias in text(article) for article in cited):
                continue
            read_everything = True
            if everything is None:
                everything = "\n".join(text(a) for a in every_article)
            if alias not in everything:
                found.warning(actor.marks.get(f"aliases[{index}]", actor.mark_of("aliases")), "alias-not-found",
                              f"alias '{actor.aliases[index]}' does not occur in any article",
                              "aliases are spellings the articles use; remove it or fix its spelling")
        problems.extend(found)
        if remember:
            actor.__dict__[ALIASES_CHECKED] = (cited, every_article if read_everything else None, found)


ALIASES_CHECKED = "_aliases_checked"


def _written_in(alias: str, articles: Iterable[Article]) -> bool:
    """Whether the alias is in one of the texts as written, which spares normalising them (a
    tenth of a second of every fresh check at 1,000 articles). Where it is, so is its
    normalised form in the normalised text, as long as its only white space is single spaces
    between words: those are the text's own single spaces, which normalising keeps."""
    return alias == " ".join(alias.split()) and any(alias in article.text for article in articles)
