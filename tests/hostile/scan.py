"""Every output file read as a browser, a feed reader or a script would, for anything that
could run or lead away from the site: script elements, event-handler attributes, unsafe
addresses, <base>, <meta http-equiv>, frames, objects, forms, styles.

`features(site, file)` describes each such thing as a short string, independent of the
page's depth (addresses are resolved against the page). A file's findings are the features
it has that the same file of a safe build does not: our own scripts and links are in both.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

from bs4 import BeautifulSoup

SITE = "http://site.invalid/"  # a stand-in origin to resolve relative addresses against
PAGEFIND_PREFIX = b"pagefind_dcd"
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "cite", "longdesc",
                  "codebase", "xlink:href", "ping", "srcset", "manifest", "lowsrc", "dynsrc", "icon", "profile",
                  "archive", "classid", "usemap", "itemtype", "values", "to", "from", "by"}
RISKY_ELEMENTS = {"script", "base", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "style",
                  "link", "meta", "portal", "template", "noscript", "math", "animate", "set", "use", "foreignobject"}
SAFE_SCHEMES = {"http", "https", "mailto"}
ATOM_TEXT = {"title", "subtitle", "summary", "content", "rights"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def unsafe_url(value: str) -> bool:
    """As a browser reads an address: tabs and newlines dropped, controls and spaces trimmed,
    backslashes as slashes. Safe: relative paths and fragments, http(s) and mailto."""
    cleaned = re.sub(r"[\t\n\r]", "", value).strip("".join(map(chr, range(33)))).replace("\\", "/")
    if cleaned.startswith("//"):
        return True
    scheme = _SCHEME.match(cleaned)
    return bool(scheme) and scheme.group(1).lower() not in SAFE_SCHEMES


def _urls(name: str, value: str) -> list[str]:
    if name == "srcset":
        return [part.split()[0] for part in value.split(",") if part.split()]
    if name == "values":  # SVG <animate values="a;b">
        return value.split(";")
    return [value]


# ---- HTML ----------------------------------------------------------------------------

def html_features(markup: str, page_url: str = SITE) -> set[str]:
    return soup_features(BeautifulSoup(markup, "html.parser"), page_url)


def soup_features(soup: BeautifulSoup, page_url: str) -> set[str]:
    found: set[str] = set()
    for element in soup.find_all(True):
        found |= _element_features(element, page_url)
    return found


def _element_features(element, page_url: str) -> set[str]:
    tag = element.name.lower()
    found = set()
    if tag in RISKY_ELEMENTS:
        found.add(_describe(element, page_url))
    if tag == "script" and element.get("type") == "application/ld+json" and not _is_json(element.string or ""):
        found.add("<script type=application/ld+json> that is not JSON")
    for name, value in element.attrs.items():
        name, value = name.lower(), " ".join(value) if isinstance(value, list) else value
        if name.startswith("on") or name in ("srcdoc", "style"):
            found.add(f"<{tag} {name}=…>")
        if name in URL_ATTRIBUTES and any(unsafe_url(url) for url in _urls(name, value)):
            found.add(f"<{tag} {name}={value!r}>")
        if name in ("src", "data", "srcset") and _off_site(value, page_url):
            found.add(f"<{tag} {name}={value!r}> (off the site)")
    return found


def _describe(element, page_url: str) -> str:
    """A risky element by what makes it ours: where it loads from, its type, its name."""
    keys = []
    for name in ("src", "href", "type", "rel", "name", "property", "http-equiv", "charset", "id"):
        value = element.get(name)
        if value is None:
            continue
        value = " ".join(value) if isinstance(value, list) else value
        keys.append(f"{name}={_where(value, page_url) if name in ('src', 'href') else value}")
    return f"<{element.name.lower()} {' '.join(keys)}>"


def _where(value: str, page_url: str) -> str:
    """A link on the site by its path (the same from any page); elsewhere by its origin
    (a canonical link names each page's own public address)."""
    address = urljoin(page_url, value.strip())
    if address.startswith(SITE):
        return address
    parts = urlsplit(address)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else address


def _off_site(value: str, page_url: str) -> bool:
    return not urljoin(page_url, value.strip()).startswith(SITE)


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def page_url(relative: str) -> str:
    return SITE + relative


def html_page(site: Path, relative: str) -> tuple[set[str], str]:
    """A page's features, and what a reader sees of it (with its <title>), white space collapsed."""
    try:
        soup = BeautifulSoup((site / relative).read_bytes().decode("utf-8"), "html.parser")
    except UnicodeDecodeError as exc:
        return {f"not UTF-8: {exc}"}, ""
    return soup_features(soup, page_url(relative)), squeeze(soup.get_text(" "))


def squeeze(text: str) -> str:
    return " ".join(text.split())


# ---- feeds, sitemap, robots ----------------------------------------------------------

def feed_features(data: bytes) -> set[str]:
    """The Atom feed as XML, and every text element as HTML too: some readers render a
    title or summary as HTML whatever its type says."""
    found = _xml_trouble(data)
    root = _parse_xml(data, found)
    if root is None:
        return found
    for element in root.iter():
        tag = element.tag.split("}")[-1]
        found.add(f"xml <{tag} {' '.join(sorted(element.attrib))}>")
        for name, value in element.attrib.items():
            if name in ("href", "src") and unsafe_url(value):
                found.add(f"xml <{tag} {name}={value!r}>")
        if tag in ATOM_TEXT and element.text:
            found |= {f"in feed <{tag}>: {f}" for f in html_features(element.text)}
    return found


def sitemap_features(data: bytes, site_url: str) -> set[str]:
    found = _xml_trouble(data)
    root = _parse_xml(data, found)
    for element in (root.iter() if root is not None else []):
        tag = element.tag.split("}")[-1]
        found.add(f"xml <{tag}>")
        if tag == "loc" and not (element.text or "").startswith(site_url + "/"):
            found.add(f"sitemap address off the site: {element.text!r}")
    return found


def _xml_trouble(data: bytes) -> set[str]:
    text = data.decode("utf-8", "replace")
    return {f"XML declares {word}" for word in ("<!DOCTYPE", "<!ENTITY", "<?xml-stylesheet") if word in text}


def _parse_xml(data: bytes, found: set[str]):
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        found.add(f"not well-formed XML: {exc}")
        return None


def robots_features(data: bytes, site_url: str) -> set[str]:
    found = set()
    for line in data.decode("utf-8", "replace").splitlines():
        if line.lower().startswith("sitemap:") and not line.split(":", 1)[1].strip().startswith(site_url + "/"):
            found.add(f"robots.txt points off the site: {line!r}")
    return found


# ---- data/*.json and the search index ------------------------------------------------

def json_features(data: bytes) -> set[str]:
    """Valid JSON, and every "url" a safe address (the rest is text for others to escape)."""
    try:
        value = json.loads(data.decode("utf-8"))
    except ValueError as exc:
        return {f"not valid JSON: {exc}"}
    return {f'"url": {url!r}' for url in _json_urls(value) if unsafe_url(url)}


def _json_urls(value) -> list[str]:
    if isinstance(value, dict):
        return [u for k, v in value.items() for u in ([v] if k == "url" and isinstance(v, str) else _json_urls(v))]
    if isinstance(value, list):
        return [u for item in value for u in _json_urls(item)]
    return []


def pagefind_fragment(data: bytes) -> dict:
    """A fragment of the search index: gzip, then 'pagefind_dcd', then JSON."""
    raw = gzip.decompress(data)
    if not raw.startswith(PAGEFIND_PREFIX):
        raise ValueError("no pagefind_dcd prefix")
    return json.loads(raw[len(PAGEFIND_PREFIX):])


def fragment_features(data: bytes) -> set[str]:
    """A fragment of the search index. Pagefind keeps the page's text raw and escapes '<' and
    '>' when it cuts an excerpt, which its UI then inserts as HTML: so the text is read that
    way. Titles and other metadata are shown as text; their keys must be ours (Pagefind
    would take an <img> in the page as the result's image), and the address on the site."""
    try:
        fragment = pagefind_fragment(data)
    except (OSError, ValueError) as exc:
        return {f"unreadable search fragment: {exc}"}
    found = {f"search metadata key {key!r}" for key in fragment["meta"]}
    if unsafe_url(fragment["url"]) or not fragment["url"].startswith("/"):
        found.add(f"search result address {fragment['url']!r}")
    excerpt = fragment["content"].replace("<", "&lt;").replace(">", "&gt;")
    found |= {f"in search excerpt: {f}" for f in html_features(excerpt)}
    return found


def gzip_features(data: bytes) -> set[str]:
    """The other index files are binary (CBOR); they must at least be Pagefind's."""
    try:
        raw = gzip.decompress(data)
    except OSError as exc:
        return {f"unreadable search index file: {exc}"}
    return set() if raw.startswith(PAGEFIND_PREFIX) else {"search index file without its prefix"}


# ---- any file ------------------------------------------------------------------------

def features(site: Path, relative: str, site_url: str) -> set[str]:
    if relative.endswith(".html"):
        return html_page(site, relative)[0]
    data = (site / relative).read_bytes()
    if relative.endswith(".atom.xml"):
        return feed_features(data)
    if relative == "sitemap.xml":
        return sitemap_features(data, site_url)
    if relative == "robots.txt":
        return robots_features(data, site_url)
    if relative.endswith(".json"):
        return json_features(data)
    if relative.endswith(".pf_fragment"):
        return fragment_features(data)
    if relative.endswith((".pf_index", ".pf_meta", ".pagefind")):
        return gzip_features(data)
    return set()
