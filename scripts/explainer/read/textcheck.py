"""Decoding and character checks shared by YAML records and articles."""

from __future__ import annotations

import re
import unicodedata

from ..model.problems import Mark, Problems

BOM = "\ufeff"
# Controls other than newline, carriage return and tab; bidi overrides/isolates, which can
# make text display differently from what it says ("Trojan Source"); and invisible characters
# that make two equal-looking names differ (zero-width space, word joiner, soft hyphen, a BOM
# inside the text). Zero-width (non-)joiners and LRM/RLM stay: some scripts need them.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u200b\u2028-\u202e\u2060-\u2064"
                        "\u2066-\u2069\ufeff\ufff9-\ufffb\ud800-\udfff]")


def decode_utf8(data: bytes, path: str, problems: Problems) -> str | None:
    """UTF-8 text without its BOM, or an error at the first bad byte's line and column."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        col = len(data[line_start:exc.start].decode("utf-8", "replace")) + 1
        problems.error(Mark(path, line, col), "not-utf8",
                       f"byte 0x{data[exc.start]:02x} is not valid UTF-8",
                       "save the file as UTF-8 (in most editors: 'Save with encoding' > UTF-8)")
        return None
    return text[1:] if text.startswith(BOM) else text


def check_characters(text: str, path: str, problems: Problems, allow_tabs: bool) -> bool:
    """Report control, bidi-override and (optionally) tab characters; True when clean."""
    clean = True
    for number, line in enumerate(text.split("\n"), start=1):
        for match in _FORBIDDEN.finditer(line):
            clean = False
            problems.error(Mark(path, number, match.start() + 1), "bad-character",
                           f"invisible character {describe(match.group())} is not allowed",
                           "delete it; it usually comes from copying text out of another program")
        if not allow_tabs and "\t" in line:
            clean = False
            problems.error(Mark(path, number, line.index("\t") + 1), "tab",
                           "tab character; YAML needs spaces",
                           "replace the tab with spaces (two per indentation level)")
    return clean


def first_forbidden(value: str) -> str | None:
    """The first character check_characters refuses, for values decoded from escapes."""
    match = _FORBIDDEN.search(value)
    return match.group() if match else None


def describe(char: str) -> str:
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    return f"{name} ({code})" if name else code
