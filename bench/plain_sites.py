"""The same articles as a plain Pelican site and a plain Hugo site: the yardsticks.

Each is the generator as it comes (Pelican's default theme, no plugins; Hugo with two
one-line layouts, since it ships no theme), building the same article texts as posts.
"""

from __future__ import annotations

from pathlib import Path

from synthetic_articles import SourceArticle

PELICAN_SETTINGS = '''"""Plain Pelican: default theme, no plugins. Written by bench/corpus.py."""
AUTHOR = "Benchmark"
SITENAME = "Benchmark corpus"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
'''

HUGO_CONFIG = '''# Plain Hugo: no theme, no modules. Written by bench/corpus.py.
baseURL = "http://localhost/"
title = "Benchmark corpus"
'''
HUGO_LAYOUTS = {
    "single.html": "<!doctype html><title>{{ .Title }}</title><h1>{{ .Title }}</h1>{{ .Content }}\n",
    "list.html": "<!doctype html><title>{{ .Title }}</title><ul>{{ range .Pages }}"
                 '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>\n',
}


def write_pelican(folder: Path, articles: list[SourceArticle]) -> None:
    """folder/pelicanconf.py and folder/content/<id>.md: build with `pelican content`."""
    (folder / "content").mkdir(parents=True, exist_ok=True)
    (folder / "pelicanconf.py").write_text(PELICAN_SETTINGS, encoding="utf-8")
    for article in articles:
        header = f"Title: {article.title}\nDate: {article.date}\nSlug: {article.id}\n\n"
        _write_post(folder / "content" / f"{article.id}.md", header, article)


def write_hugo(folder: Path, articles: list[SourceArticle]) -> None:
    """folder/hugo.toml, two layouts and folder/content/posts/<id>.md: build with `hugo`."""
    (folder / "content" / "posts").mkdir(parents=True, exist_ok=True)
    (folder / "layouts").mkdir(exist_ok=True)
    (folder / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, template in HUGO_LAYOUTS.items():
        (folder / "layouts" / name).write_text(template, encoding="utf-8")
    for article in articles:
        header = f"---\ntitle: {_yaml_text(article.title)}\ndate: {article.date}\nslug: {article.id}\n---\n\n"
        _write_post(folder / "content" / "posts" / f"{article.id}.md", header, article)


def _write_post(path: Path, header: str, article: SourceArticle) -> None:
    """Markdown paragraphs are separated by blank lines."""
    path.write_text(header + "\n\n".join(article.lines) + "\n", encoding="utf-8")


def _yaml_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
