"""One payload through the checker, the build and the scan.

The payload goes into every field at once. A field is refused when the checker reports an
error on that field's own lines (or, for a file name, about that file); refused fields get
their safe value back and the content is checked again, since a record that now loads may
show errors of its own (a quote is looked for only once its record converts). When a check
finds nothing more to pin on a field, the content must build; then every output file whose
bytes differ from the safe build's is scanned.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from explainer.commands.build import build
from explainer.model.problems import ContentError
from explainer.site import check_content

from . import scan
from .fields import FIELDS, REPO, Field
from .inject import applicable, located_at, write_content
from .payloads import Payload

SETTINGS = REPO / "pelicanconf.py"


class Unattributed(Exception):
    """The checker refused the content, but not on any attacked field's lines."""


@dataclass
class Reference:
    """A finished build and, lazily, what the scan sees in each of its files."""

    site: Path
    site_url: str
    digests: dict[str, str] = field(init=False)
    _features: dict[str, set[str]] = field(init=False, default_factory=dict)
    _by_suffix: dict[str, set[str]] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.digests = digests(self.site)

    def features(self, relative: str) -> set[str]:
        if relative not in self._features:
            self._features[relative] = scan.features(self.site, relative, self.site_url)
        return self._features[relative]

    def allowed(self, relative: str) -> set[str]:
        """What the same file has here; for a file named by its content hash (the search
        index), what any file of its kind has."""
        if relative in self.digests:
            return self.features(relative)
        return self.scan_all()[Path(relative).suffix]

    def scan_all(self) -> dict[str, set[str]]:
        """Every file's features, by kind of file (computed once)."""
        if self._by_suffix is None:
            self._by_suffix = defaultdict(set)
            for name in self.digests:
                self._by_suffix[Path(name).suffix] |= self.features(name)
        return self._by_suffix


def digests(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


@dataclass
class Outcome:
    """What became of one payload: the fields tried and refused, and the build it left."""

    payload: Payload
    tried: list[Field]
    refused: set[Field]
    site: Path | None = None  # None when every field was refused: the safe build stands for it
    changed: list[str] = field(default_factory=list)
    findings: dict[str, set[str]] = field(default_factory=dict)
    text: str = ""  # what a reader sees of the changed pages, white space collapsed
    data: dict[str, Any] = field(default_factory=dict)  # data/*.json, parsed

    @property
    def accepted(self) -> list[Field]:
        return [f for f in self.tried if f not in self.refused]


def safe_build(folder: Path, site_url: str) -> Reference:
    """The hostile records with their safe values only: every attack is compared with it."""
    write_content(folder, None, set())
    build(SETTINGS, folder / "content", folder / "site", quiet=True)
    return Reference(folder / "site", site_url)


def attack(payload: Payload, folder: Path, safe: Reference) -> Outcome:
    tried = [f for f in FIELDS if applicable(f, payload)]
    outcome = Outcome(payload, tried, refuse(payload, folder))
    if outcome.refused == set(tried):
        return outcome  # nothing of the payload is left: the content is the safe build's
    outcome.site = _build(folder)
    _scan(outcome, safe)
    return outcome


def _scan(outcome: Outcome, safe: Reference) -> None:
    """Every file the payload changed: what is risky there and not in the safe build."""
    outcome.changed = [name for name, digest in digests(outcome.site).items() if safe.digests.get(name) != digest]
    texts = []
    for name in outcome.changed:
        if name.endswith(".html"):
            found, text = scan.html_page(outcome.site, name)
            texts.append(text)
        else:
            found = scan.features(outcome.site, name, safe.site_url)
        if found - safe.allowed(name):
            outcome.findings[name] = found - safe.allowed(name)
    outcome.text = " ".join(texts)
    outcome.data = {p.name: json.loads(p.read_text("utf-8")) for p in (outcome.site / "data").glob("*.json")}


def refuse(payload: Payload, folder: Path) -> set[Field]:
    """The fields whose payload the checker refuses; grows until a check finds nothing new."""
    refused: set[Field] = set()
    while True:
        written = write_content(folder, payload, refused)
        errors = check_content(folder / "content").problems.errors
        hits = _refused_now(written, errors)
        if not hits:
            return refused
        refused |= hits


def _refused_now(written, errors) -> set[Field]:
    return {f for f, place in written.places.items() if any(located_at(p, place) for p in errors)}


def _build(folder: Path) -> Path:
    output = folder / "site"
    shutil.rmtree(output, ignore_errors=True)
    try:
        build(SETTINGS, folder / "content", output, quiet=True)
    except ContentError as error:  # the check found nothing it could pin on a field
        raise Unattributed(error.report()) from None
    return output
