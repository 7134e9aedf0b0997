"""Hostile strings, each named for the trick it tries.

Every one is written into every field of every record type and into an article's metadata
and text. `spelling` says how a YAML file carries it: "raw" puts the characters in the file
as they are (only quote, backslash, newline and carriage return are escaped, to keep the
value exact and on one line); "escaped" writes every character outside printable ASCII as
a backslash code inside the double quotes ("\\u202e"), which the file-level character check
cannot see. Articles have no escapes, so they always carry the raw characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Payload:
    name: str
    text: str
    spelling: str = "raw"  # or "escaped"

    @property
    def probe(self) -> str:
        """A word of the payload to type into the search box ("hostile" when it has none:
        the suite's own records use that word, so their pages are found either way)."""
        words = re.findall(r"[A-Za-z]{4,}", self.text)
        return words[0].lower() if words else "hostile"


_ALERT = "<script>alert(1)</script>"
_ENTITY_BOMB = ('<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><x>&c;&c;&c;&c;&c;&c;&c;&c;</x>')

PAYLOADS: tuple[Payload, ...] = (
    # Elements that run script, or load or frame something.
    Payload("script-tag", _ALERT),
    Payload("script-src", '<script src="https://evil.example/x.js"></script>'),
    Payload("img-onerror", "<img src=x onerror=alert(1)><details open ontoggle=alert(1)>"),
    Payload("svg-onload", "<svg onload=alert(1)>"),
    Payload("frames", '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>'
            '<object data="javascript:alert(1)"></object><embed src="data:text/html,x">'),
    Payload("form-action", '<form action="javascript:alert(1)"><button formaction=javascript:alert(1)>x</button></form>'),
    Payload("style-import", "<style>@import '//evil.example/x.css';</style><link rel=stylesheet href=//evil.example/x.css>"
            "<p style=\"background:url(javascript:alert(1))\">"),
    Payload("base-href", '<base href="https://evil.example/">'),
    Payload("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'),
    # Breaking out of the element or attribute a value lands in.
    Payload("title-breakout", "</title>" + _ALERT),
    Payload("script-breakout", '"}]}</script>' + _ALERT),  # out of the JSON-LD block
    Payload("textarea-style-breakout", "</textarea></style></noscript>" + _ALERT),
    Payload("attribute-double-quote", '" onmouseover="alert(1)" x="'),
    Payload("attribute-single-quote", "' onfocus='alert(1)' autofocus x='"),
    Payload("attribute-unquoted", "x onfocus=alert(1) autofocus"),
    Payload("comment", "<!-- x -->" + _ALERT + "<!--"),  # and one left open
    Payload("cdata", "<![CDATA[" + _ALERT + "]]>"),
    Payload("xml-stylesheet", '<?xml-stylesheet type="text/xsl" href="javascript:alert(1)"?>'),
    # SVG and MathML.
    Payload("svg-script", "<svg><script>alert(1)</script></svg>"),
    Payload("svg-animate-href", "<svg><a><animate attributeName=href values=javascript:alert(1) /><text y=20>x</text></a>"
            '<a xlink:href="javascript:alert(1)"><text y="40">y</text></a></svg>'),
    Payload("mathml", '<math><mi href="javascript:alert(1)">x</mi><mtext><table><mglyph><style>'
            "<img src=x onerror=alert(1)>"),
    Payload("noscript-mutation", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'),
    # Unsafe addresses, in every spelling a browser accepts.
    Payload("javascript-url", "javascript:alert(1)"),
    Payload("javascript-mixed-case", "JaVaScRiPt:alert(document.domain)"),
    Payload("javascript-entities", "&#106;&#x61;vascript&colon;alert(1)"),
    Payload("javascript-tab-newline", "java\tscr\nipt:alert(1)"),
    Payload("javascript-leading-space", "  javascript:alert(1)"),
    Payload("javascript-control-prefix", "\x01javascript:alert(1)"),
    Payload("javascript-percent", "%6A%61vascript%3Aalert(1)"),
    Payload("javascript-zero-width", "java\u200bscript:alert(1)"),
    Payload("data-html", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
    Payload("data-svg", "data:image/svg+xml,<svg onload=alert(1)>"),
    Payload("vbscript-url", "vbscript:msgbox(1)"),
    Payload("protocol-relative", "//evil.example/x.js"),
    Payload("backslash-relative", "/\\evil.example/x.js"),
    Payload("url-breakout", 'https://evil.example/"><script>alert(1)</script>'),
    # Markdown and template syntax: nothing here is Markdown or a template.
    Payload("markdown-link", "[x](javascript:alert(1)) <javascript:alert(1)>"),
    Payload("markdown-image", '![x](x" onerror="alert(1))'),
    Payload("jinja-expression", "{{ 7*7 }}"),
    Payload("jinja-statement", "{% include 'base.html' %}{% raw %}"),
    Payload("jinja-escape-hatch", "{{ SITEURL }}{{ config }}{{ ''.__class__.__mro__[1].__subclasses__() }}{{ x|safe }}"),
    Payload("pelican-link-syntax", "{filename}/x.md {static}/x.png |filename|x"),
    # Already encoded: must stay as written, never decoded into markup.
    Payload("percent-encoded-tag", "%3Cscript%3Ealert(1)%3C/script%3E"),
    Payload("pre-escaped-tag", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    Payload("js-escaped-tag", "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"),
    Payload("entity-bomb", _ENTITY_BOMB),
    Payload("huge-entity-string", "&#60;script&#62;" * 400),
    # Invisible and control characters, as characters in the file and as YAML escapes.
    Payload("crlf-header", "x\r\nContent-Type: text/html\r\n\r\n" + _ALERT),
    Payload("nul", "a\x00" + _ALERT),
    Payload("nul-escaped", "a\x00" + _ALERT, "escaped"),
    Payload("ansi-escape", "\x1b[31mred\x1b[0m"),
    Payload("form-feed-vertical-tab", "a\x0cb\x0bc"),
    Payload("c1-control", "a\x85b\x9bc"),
    Payload("c1-control-escaped", "a\x85b\x9bc", "escaped"),
    Payload("bidi-override", "\u202egnp.exe"),
    Payload("bidi-override-escaped", "\u202egnp.exe", "escaped"),
    Payload("bidi-isolate-escaped", "\u2067" + _ALERT + "\u2069", "escaped"),
    Payload("zero-width-space", "Ha\u200bmas"),
    Payload("zero-width-space-escaped", "Ha\u200bmas", "escaped"),
    Payload("line-separator", "a\u2028b\u2029c"),
    Payload("line-separator-escaped", "a\u2028b\u2029c", "escaped"),
    Payload("lone-surrogate", "a\ud800b"),
    Payload("lone-surrogate-escaped", "a\ud800b", "escaped"),
)
