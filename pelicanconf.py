"""Pelican settings for the explainer. `pelican content` and `explainer build` both read this."""

import os

from jinja2 import StrictUndefined

AUTHOR = "The explainer's editors"
SITENAME = "Gaza ceasefire explainer"
SITEURL = ""  # pages link relatively, so the site also works from a sub-folder
# The public address, for canonical links, the sitemap and the feed (the deploy sets it).
# Netlify gives production's address as URL; previews pass DEPLOY_PRIME_URL as SITE_URL. (Pelican's own
# SITEURL stays "": with RELATIVE_URLS Pelican replaces it on each page by the way back to the root.)
EXPLAINER_SITE_URL = (os.environ.get("SITE_URL") or os.environ.get("URL") or "http://127.0.0.1:8000").rstrip("/")
# A deploy preview or branch deploy: a banner on every page, and kept out of search engines.
EXPLAINER_PREVIEW = os.environ.get("EXPLAINER_PREVIEW", "") == "1"
EXPLAINER_PULL_REQUEST = os.environ.get("REVIEW_ID", "")  # Netlify's pull request number
# The browser editor at /admin/ (docs/editing.md): Decap CMS comes from npm (`npm ci --ignore-scripts`);
# without it the site is built without the editor, except on Netlify, where that is an error.
EXPLAINER_NODE_MODULES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "node_modules")
EXPLAINER_EDITOR_REQUIRED = os.environ.get("NETLIFY", "") == "true"
# "owner/name" of the GitHub repository the editor opens pull requests on: Netlify gives its address.
# A local build has none, and its editor uses the working tree (`explainer serve`) instead.
EXPLAINER_GITHUB_REPO = (os.environ.get("REPOSITORY_URL", "").removeprefix("https://github.com/").removesuffix(".git")
                         or "local/working-tree")
# Set by `explainer serve`: where its decap-server listens, which the editor uses on localhost.
EXPLAINER_EDITOR_PROXY = os.environ.get("EXPLAINER_EDITOR_PROXY", "")
PATH = "content"
OUTPUT_PATH = "build"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
THEME = "theme"

# The explainer plugin (scripts/explainer) writes every page; Pelican's own blog machinery
# has nothing to read.
PLUGINS = ["explainer"]
ARTICLE_PATHS: list[str] = []
PAGE_PATHS: list[str] = []
STATIC_PATHS: list[str] = []
DIRECT_TEMPLATES: list[str] = []
THEME_STATIC_DIR = "theme"

# No blog feeds: there are no blog posts. (The explainer's own feed of updates comes later.)
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Templates escape everything by default, and a misspelt variable fails the build.
JINJA_ENVIRONMENT = {
    "autoescape": True,
    "undefined": StrictUndefined,
    "trim_blocks": True,
    "lstrip_blocks": True,
}

RELATIVE_URLS = True
CACHE_CONTENT = False
