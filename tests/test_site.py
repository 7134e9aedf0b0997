"""The real content, built once: every page a reader needs exists and every citation
lands on the highlighted words it quotes.

Only invariants (site_invariants.py): they hold for any content that passes `check --strict`,
so a correct editorial change (a new article, a new record) never turns them red."""

from __future__ import annotations

import pytest

from explainer.check.quotes import normalise_quote
from site_invariants import CHECKS

# The people and bodies the explainer was asked to cover: content only ever adds to them.
ACTORS_REQUIRED = [
    "Donald Trump", "Benjamin Netanyahu", "Brad Cooper", "Steve Witkoff", "Jared Kushner", "Marco Rubio",
    "JD Vance", "Patrick Frank", "Steven Fagin", "Adam Boehler", "Vladimir Putin", "Ron Dermer",
    "Israel Katz", "Gideon Saar", "Yoav Gallant", "Benny Gantz", "Gadi Eisenkot", "Ronen Bar", "Eyal Zamir",
    "Daniel Hagari", "Ehud Olmert", "Ahmed al-Shara'a", "Hamas", "Israel", "United States",
    "Central Command", "Army Central", "State Department", "Qatar", "Egypt", "Turkey", "United Arab Emirates",
    "Indonesia", "Azerbaijan", "Russia", "Germany", "France", "Greece", "Cyprus", "United Kingdom",
    "Australia", "Canada", "World Food Program", "stabilization force", "Shin Bet", "Mossad",
    "Syrian Democratic Forces", "Iran", "Hezbollah", "Ansarallah", "IAEA",
]


@pytest.mark.parametrize("check", CHECKS, ids=[c.__name__.removeprefix("check_") for c in CHECKS])
def test_real_site(check, soups, built_site, real_corpus):
    check(soups, built_site, real_corpus)


def test_every_named_actor_has_a_page(soups):
    titles = {soup.h1.get_text(strip=True): path for path, soup in soups.items() if path.startswith("actors/")}
    for name in ACTORS_REQUIRED:
        wanted = normalise_quote(name).casefold()
        found = [t for t in titles if wanted in normalise_quote(t).casefold()]
        assert found, f"no actor page for {name}"
