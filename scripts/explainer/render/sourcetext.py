"""An article's text as HTML, every cited passage wrapped in an anchored <mark>.

The text is escaped character by character; the only markup is ours. Passages that nest
are nested marks; two passages that cross are merged into one mark carrying both ids, so
every link still lands on an element that contains the whole quote. Such an element also
says where its own quote lies in it (`data-quote`: the first and last UTF-16 offsets of its
text, as a browser counts), and the page's script highlights just those words on landing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape

from ..model.records import Article


@dataclass
class Passage:
    start: int  # offsets within the paragraph
    end: int
    ids: list[str]
    children: list["Passage"] = field(default_factory=list)
    own: dict[str, tuple[int, int]] = field(default_factory=dict)  # id -> its own quote's (start, end)


@dataclass
class ParagraphView:
    line: int
    html: Markup
    passages: list[tuple[str, str]]  # (anchor id, passage text), in reading order


def render_paragraphs(article: Article, spans: dict[str, tuple[int, int]]) -> list[ParagraphView]:
    """`spans`: anchor id -> (start, end) in the article text."""
    views = []
    for line, offset, text in article.paragraphs():
        inside = [Passage(s - offset, e - offset, [anchor], own={anchor: (s - offset, e - offset)})
                  for anchor, (s, e) in spans.items() if offset <= s and e <= offset + len(text)]
        roots = _nest(_merge_crossing(inside))
        passages = [(p.ids[0], text[p.start:p.end]) for p in _in_order(roots)]
        views.append(ParagraphView(line, _html(text, 0, len(text), roots), passages))
    return views


def _merge_crossing(passages: list[Passage]) -> list[Passage]:
    """Merge passages that share a range or cross; the rest nest or lie apart."""
    merged = True
    while merged:
        merged = False
        passages.sort(key=lambda p: (p.start, -p.end, p.ids))
        for i, a in enumerate(passages):
            for b in passages[i + 1:]:
                if b.start >= a.end:
                    break
                if (a.start, a.end) == (b.start, b.end) or b.end > a.end:  # same range, or crossing
                    a.end, a.ids = max(a.end, b.end), a.ids + [x for x in b.ids if x not in a.ids]
                    a.own = {**b.own, **a.own}
                    passages.remove(b)
                    merged = True
                    break
            if merged:
                break
    return passages


def _nest(passages: list[Passage]) -> list[Passage]:
    roots: list[Passage] = []
    stack: list[Passage] = []
    for passage in sorted(passages, key=lambda p: (p.start, -p.end)):
        while stack and stack[-1].end <= passage.start:
            stack.pop()
        (stack[-1].children if stack else roots).append(passage)
        stack.append(passage)
    return roots


def _in_order(passages: list[Passage]):
    for passage in passages:
        yield passage
        yield from _in_order(passage.children)


def _html(text: str, start: int, end: int, passages: list[Passage]) -> Markup:
    out, position = [], start
    for passage in passages:
        out.append(escape(text[position:passage.start]))
        inner = _html(text, passage.start, passage.end, passage.children)
        for extra in passage.ids[1:]:
            inner = Markup('<span id="{}"{}>{}</span>').format(extra, _own_quote(text, passage, extra), inner)
        first = passage.ids[0]
        out.append(Markup('<mark id="{}"{}>{}</mark>').format(first, _own_quote(text, passage, first), inner))
        position = passage.end
    out.append(escape(text[position:end]))
    return Markup("").join(out)


def _own_quote(text: str, passage: Passage, anchor: str) -> Markup:
    """` data-quote="FIRST LAST"` when the anchor's own quote is less than the merged passage."""
    start, end = passage.own.get(anchor, (passage.start, passage.end))
    if (start, end) == (passage.start, passage.end):
        return Markup("")
    return Markup(' data-quote="{} {}"').format(_utf16_length(text[passage.start:start]),
                                               _utf16_length(text[passage.start:end]))


def _utf16_length(text: str) -> int:
    """The length of `text` as a browser's string counts it (a character past U+FFFF is two)."""
    return len(text.encode("utf-16-le")) // 2
