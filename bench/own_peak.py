"""`python bench/own_peak.py FILE ARGS…` runs `explainer ARGS…` in this process, then writes
our own peak resident memory in bytes to FILE: the largest of this process and the child
that `explainer build` makes the model in (commands/apart.py).

The scale benchmark's "peak memory" row is the largest process the build waited for, which
is Pagefind's indexer; this is the build's own (its forked renderer, a copy-on-write twin
that renders half the pages, and Pagefind are not counted).
"""

from __future__ import annotations

import resource
import sys
from pathlib import Path

from explainer.cli import main
from explainer.commands.apart import child_peaks

if __name__ == "__main__":
    try:
        code = main(sys.argv[2:])
    finally:
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        Path(sys.argv[1]).write_text(str(max([own, *child_peaks])))
    sys.exit(code)
