"""Where a build's time goes, read from what it prints: off a terminal, `explainer build`
writes one line as each stage begins ("explainer: rendering 83 pages of 83… (0.1 s)", the
time since the build began) and ends with its summary ("…; 0.70 s"). Start-up before the
first stage is not counted in any stage."""

from __future__ import annotations

import re

# The build's own words for each stage, and the stage's name in the benchmark.
STAGES = {"reading content": "load", "checking": "verify", "linking records": "graph", "rendering": "render",
          "indexing for search": "search", "checking the links": "post-build check", "publishing": "publish"}
_STAGE = re.compile(r"^explainer: (.+?)… \(([\d.]+) s\)$", re.MULTILINE)
_TOTAL = re.compile(r"^Built .*; ([\d.]+) s$", re.MULTILINE)


def stage_times(stdout: str) -> dict[str, float]:
    """Seconds spent in each stage of a build whose output is `stdout`; {} if it printed none."""
    starts = [(_name(text), float(at)) for text, at in _STAGE.findall(stdout)]
    total = _TOTAL.search(stdout)
    if not starts or total is None:
        return {}
    ends = [at for _, at in starts[1:]] + [float(total.group(1))]
    times: dict[str, float] = {}
    for (name, start), end in zip(starts, ends):
        times[name] = times.get(name, 0.0) + end - start
    return times


def _name(text: str) -> str:
    # "checking the links" must win over "checking": the longest matching prefix does.
    return next(STAGES[p] for p in sorted(STAGES, key=len, reverse=True) if text.startswith(p))
