/* The search page, on Pagefind's JavaScript API. Results are titled by the page, can be
   narrowed to one type of page, and link correctly when the site sits in a sub-folder.
   (Pagefind's own filter index is not byte-stable between builds, so the type is page
   metadata and the narrowing happens here.) Excerpts are rebuilt as text plus <mark>
   only: nothing from the index is inserted as HTML.
   The index may be in several parts (scripts/explainer/publish/search.py), named with the
   superseded pages in search/delta.json: the first part's Pagefind opens the others with
   mergeIndex, which searches each part and sorts their results together by score. After a
   local rebuild a second, small index of the pages changed since the parts were made is
   searched beside them as its own instance, and the parts' older versions of those pages
   are left out: merged into the same instance, a result could not say which part it came
   from, and the old and new versions of a page share their address. */
(function () {
  "use strict";
  var script = document.currentScript;
  var siteRoot = new URL("../../", script.src);
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var indexes = null;
  var latest = 0;

  function chosenType() {
    var checked = form.querySelector('input[name="type"]:checked');
    return checked ? checked.value : "";
  }

  function excerptNodes(html) {
    var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html").body.firstChild;
    var out = document.createDocumentFragment();
    parsed.childNodes.forEach(function (node) {
      var text = document.createTextNode(node.textContent);
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.appendChild(text);
        out.appendChild(mark);
      } else {
        out.appendChild(text);
      }
    });
    return out;
  }

  function render(results) {
    list.textContent = "";
    results.forEach(function (data) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = data.url;
      link.textContent = data.meta.title;
      var kind = document.createElement("span");
      kind.className = "result-type";
      kind.textContent = " · " + (data.meta.type || "Page");
      var excerpt = document.createElement("p");
      excerpt.appendChild(excerptNodes(data.excerpt));
      item.appendChild(link);
      item.appendChild(kind);
      item.appendChild(excerpt);
      list.appendChild(item);
    });
  }

  var PART = /^pagefind(-part-[1-9][0-9]*)?$/;  // nothing else is ever loaded as an index

  async function openParts(parts, hidden) {
    var options = { baseUrl: siteRoot.pathname };
    var pagefind = await import(new URL(parts[0] + "/pagefind.js", siteRoot).href);
    await pagefind.options(options);
    await Promise.all(parts.slice(1).map(function (part) {  // fetched side by side, not one after another
      return pagefind.mergeIndex(new URL(part + "/", siteRoot).pathname, options);
    }));
    return { pagefind: pagefind, hidden: hidden };
  }

  async function openIndexes() {
    var state = { parts: ["pagefind"], delta: false, superseded: [] };
    try {
      var response = await fetch(new URL("search/delta.json", siteRoot));
      if (response.ok) { state = await response.json(); }
    } catch (error) { /* no state: the main index alone */ }
    var parts = (state.parts || []).filter(function (name) { return PART.test(name); });
    if (!parts.length) { parts = ["pagefind"]; }
    var superseded = new Set(state.superseded.map(function (url) { return siteRoot.pathname + url; }));
    var opened = [openParts(parts, superseded)];
    if (state.delta) { opened.push(openParts(["pagefind-delta"], new Set())); }
    return Promise.all(opened);
  }

  async function searchIn(index, query) {
    var search = await index.pagefind.search(query);
    var found = await Promise.all(search.results.slice(0, 30).map(async function (result) {
      return { score: result.score, data: await result.data() };
    }));
    return found.filter(function (f) { return !index.hidden.has(f.data.url); });
  }

  async function run() {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) { list.textContent = ""; status.textContent = ""; return; }
    if (!indexes) { indexes = openIndexes(); }  // once, even when keys come faster than it loads
    var opened = await indexes;
    var found = [].concat.apply([], await Promise.all(opened.map(function (index) { return searchIn(index, query); })));
    if (ticket !== latest) { return; }
    found.sort(function (a, b) { return b.score - a.score; });
    var type = chosenType();
    var shown = found.map(function (f) { return f.data; })
      .filter(function (d) { return !type || d.meta.type === type; }).slice(0, 15);
    render(shown);
    status.textContent = shown.length + (shown.length === 1 ? " result" : " results") + " for “" + query + "”.";
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  input.addEventListener("input", run);
  form.addEventListener("change", run);
  var start = new URLSearchParams(location.search).get("q");
  status.textContent = "";
  if (start) { input.value = start; run(); }
})();
