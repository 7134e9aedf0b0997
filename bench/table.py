"""The scale benchmark's table: for each row, each generator's median and our ratio to it."""

from __future__ import annotations

from measure import Sample

ROWS = {
    "full": "full build",
    "check": "explainer check",
    "record": "rebuild, 1 YAML record edited",
    "article": "rebuild, 1 article edited",
    "tree memory": "peak memory, all processes",
    "memory": "  largest one process (max RSS)",
    "own memory": "  our build process alone",
}
LABEL_WIDTH, CELL_WIDTH, RATIO_WIDTH = 34, 29, 17
OURS = "explainer"


def format_table(results: dict[tuple[str, str], Sample], names: list[str]) -> str:
    """`results`: (row, generator name) -> median sample; a missing pair prints as '-'."""
    header = "".join(f"{name:>{CELL_WIDTH}}" + (f"{'ours/' + name:>{RATIO_WIDTH}}" if name != OURS else "")
                     for name in names)
    lines = [" " * LABEL_WIDTH + header]
    for row, label in ROWS.items():
        cells = "".join(_cell(row, results.get((row, name)), results.get((row, OURS)), name) for name in names)
        lines.append(f"{label:<{LABEL_WIDTH}}{cells}")
    return "\n".join(lines)


def _cell(row: str, sample: Sample | None, ours: Sample | None, name: str) -> str:
    text = _figure(row, sample)
    if name == OURS:
        return f"{text:>{CELL_WIDTH}}"
    return f"{text:>{CELL_WIDTH}}{_ratio(row, ours, sample):>{RATIO_WIDTH}}"


def _figure(row: str, sample: Sample | None) -> str:
    if sample is None:
        return "-"
    failed = "FAILED " if sample.error else ""  # a failed run's figures still show what it cost
    if row == "memory":
        return f"{failed}{sample.max_rss / 2**20:,.0f} MB"
    if row == "tree memory":
        return f"{failed}{sample.tree_rss / 2**20:,.0f} MB"
    if row == "own memory":
        return f"{failed}{sample.own_rss / 2**20:,.0f} MB" if sample.own_rss else "-"
    return f"{failed}{sample.wall:,.2f} s ({sample.cpu:,.2f} CPU)"


def _ratio(row: str, ours: Sample | None, other: Sample | None) -> str:
    """Wall-time ratio, with the CPU-time ratio in brackets (steadier on a busy machine)."""
    if ours is None or other is None or ours.error or other.error:
        return "-"
    if row == "own memory":
        return "-"
    if row == "memory":
        return f"{ours.max_rss / other.max_rss:,.1f}×"
    if row == "tree memory":
        return f"{ours.tree_rss / max(other.tree_rss, 1):,.1f}×"
    return f"{ours.wall / other.wall:,.1f}× ({ours.cpu / max(other.cpu, 0.001):,.1f}×)"


STAGE_ROWS = ("full", "record", "article")


def format_stages(results: dict[tuple[str, str], Sample]) -> str:
    """Our build's seconds per stage, for each build row (wall time, medians of the runs)."""
    rows = [(ROWS[row], results[(row, OURS)].stages) for row in STAGE_ROWS
            if (row, OURS) in results and results[(row, OURS)].stages]
    if not rows:
        return ""
    names = list(dict.fromkeys(name for _, stages in rows for name in stages))
    lines = ["Where our build's time goes (seconds per stage; start-up not included):",
             " " * LABEL_WIDTH + "".join(f"{name:>{len(name) + 3}}" for name in names)]
    for label, stages in rows:
        lines.append(f"{label:<{LABEL_WIDTH}}" + "".join(f"{stages.get(name, 0.0):>{len(name) + 3}.2f}"
                                                          for name in names))
    return "\n".join(lines)


GROWTH_ROWS = ("full", "check", "record", "article", "tree memory")


def format_growth(small: dict[tuple[str, str], Sample], large: dict[tuple[str, str], Sample],
                  sizes: tuple[int, int]) -> str:
    """How each of our rows grows from the smaller synthetic size to the larger, beside the
    growth of the content itself (10× more articles: a linear build grows 10×)."""
    lines = [f"Growth of our build from N={sizes[0]:,} to N={sizes[1]:,} ({sizes[1] / sizes[0]:,.0f}× the articles):"]
    for row in GROWTH_ROWS:
        before, after = small.get((row, OURS)), large.get((row, OURS))
        if before is None or after is None or before.error or after.error:
            lines.append(f"  {ROWS[row]:<{LABEL_WIDTH}}-")
            continue
        if row == "tree memory":
            lines.append(f"  {ROWS[row]:<{LABEL_WIDTH}}{after.tree_rss / max(before.tree_rss, 1):,.1f}×")
        else:
            lines.append(f"  {ROWS[row]:<{LABEL_WIDTH}}{after.wall / before.wall:,.1f}× "
                         f"({after.cpu / max(before.cpu, 0.001):,.1f}× CPU)")
    return "\n".join(lines)
