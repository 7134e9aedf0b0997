"""The bytes a reader downloads for each page (HTML + the CSS and JS it links), the largest
page of each type, and the layout's estimate beside it (render/layout.py).

    .venv/bin/python bench/page_sizes.py [BUILT_SITE] [CONTENT]

Defaults: build/ and content/. Prints one line per page type; --all prints every page.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from explainer.publish.pagesize import page_bytes  # noqa: E402
from explainer.render.sizes import CHROME_BYTES, PAGE_BUDGET  # noqa: E402


def page_type(relative: str) -> str:
    parts = relative.removesuffix("index.html").strip("/").split("/")
    if parts == [""]:
        return "home"
    kind = parts[0]
    if kind == "sources" and len(parts) > 1:
        return "source (cited-by page)" if "cited" in parts else "source (text)"
    if kind in ("actors", "questions") and len(parts) > 1 and not parts[1].isdigit():
        return kind[:-1]
    if kind == "center" and len(parts) > 1:
        return "center (section)"
    if kind == "timeline" and len(parts) > 1:
        return "timeline (month)"
    return kind + (" index" if kind in ("actors", "questions", "sources") else "")


NOT_READER_PAGES = ("pagefind", "admin/")  # the search index's files; the editors' own tool (not budgeted)


def sizes(site: Path) -> dict[str, int]:
    return {str(p.relative_to(site)): page_bytes(site, p) for p in sorted(site.rglob("*.html"))
            if not str(p.relative_to(site)).startswith(NOT_READER_PAGES)}


def largest_by_type(found: dict[str, int]) -> dict[str, tuple[str, int]]:
    largest: dict[str, tuple[str, int]] = {}
    for path, size in found.items():
        kind = page_type(path)
        if kind not in largest or size > largest[kind][1]:
            largest[kind] = (path, size)
    return largest


def main(argv: list[str]) -> int:
    show_all = "--all" in argv
    args = [a for a in argv if a != "--all"]
    site = Path(args[0]) if args else ROOT / "build"
    found = sizes(site)
    rows = found.items() if show_all else [(f"{kind}: {path}", size) for kind, (path, size)
                                          in sorted(largest_by_type(found).items())]
    for label, size in rows:
        flag = "  OVER" if size >= PAGE_BUDGET else ("  >80%" if size > 0.8 * PAGE_BUDGET else "")
        print(f"{size:>8,}  {label}{flag}")
    print(f"{len(found)} pages; budget {PAGE_BUDGET:,} bytes each (chrome estimate {CHROME_BYTES:,})")
    return 1 if not found or max(found.values()) >= PAGE_BUDGET else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
