/* The search page, on Pagefind's JavaScript API. Results are titled by the page, can be
   narrowed to one type of page, come fifteen at a time under a count of them all, keep the
   query in the address (for Back and for links), and link correctly when the site sits in a
   sub-folder. Without this script the form stays hidden: the page says what to browse instead.
   (Pagefind's own filter index is not byte-stable between builds, so the type is page
   metadata and the narrowing happens here.) A result on a page of many events or disagreements
   opens the one that matched best and names the others that match. Excerpts are rebuilt as
   text plus <mark> only: nothing from the index is inserted as HTML.
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
  var more = document.getElementById("search-more");
  var PAGE = 15;  // results shown at a time
  var indexes = null;
  var latest = 0;
  var current = null;  // the last query's ranked results, and how many of them were shown

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

  // A page of the timeline or of disagreements holds many records, each under a heading with an
  // id: Pagefind makes each record that matches a sub-result, and the result is the best of them.
  var HOLDS_MANY = { "Event": true, "Disagreement": true };
  var ALSO = 3;  // the page's other matching records named under it

  function score(sub) {
    return (sub.weighted_locations || []).reduce(function (sum, at) { return sum + at.balanced_score; }, 0) ||
      sub.locations.length;
  }

  function places(data) {
    if (!HOLDS_MANY[data.meta.type]) { return []; }
    return (data.sub_results || []).filter(function (sub) { return sub.url.indexOf("#") !== -1; })
      .sort(function (a, b) { return score(b) - score(a); });
  }

  function alsoOnThePage(others, data) {
    var also = document.createElement("p");
    also.className = "result-also";
    also.appendChild(document.createTextNode("Also on this page: "));
    others.slice(0, ALSO).forEach(function (sub, i) {
      var link = document.createElement("a");
      link.href = sub.url;
      link.textContent = sub.title;
      if (i) { also.appendChild(document.createTextNode(", ")); }
      also.appendChild(link);
    });
    var rest = others.length - ALSO;
    var page = document.createElement("a");
    page.href = data.url;
    page.textContent = rest > 0 ? rest + " more" : data.meta.title;
    also.appendChild(document.createTextNode(rest > 0 ? ", and " : "; the whole page: "));
    also.appendChild(page);
    return also;
  }

  function render(results) {  // appended: "Show more results" adds to the list; returns the places listed
    var listed = 0;
    results.forEach(function (data) {
      var found = places(data);
      listed += Math.max(found.length, 1);
      var best = found[0] || { url: data.url, title: data.meta.title, excerpt: data.excerpt };
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = best.url;
      link.textContent = best.title;
      var kind = document.createElement("span");
      kind.className = "result-type";
      kind.textContent = " · " + (data.meta.type || "Page") + (found.length ? " · " + data.meta.title : "");
      var excerpt = document.createElement("p");
      excerpt.appendChild(excerptNodes(best.excerpt));
      item.appendChild(link);
      item.appendChild(kind);
      item.appendChild(excerpt);
      if (found.length > 1) { item.appendChild(alsoOnThePage(found.slice(1), data)); }
      list.appendChild(item);
    });
    return listed;
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

  // Every result of every index, best first; a result's data (its page's title, type and
  // excerpt) is fetched only when it is about to be shown.
  async function ranked(query) {
    var opened = await indexes;
    var lists = await Promise.all(opened.map(async function (index) {
      var search = await index.pagefind.search(query);
      return search.results.map(function (result) { return { result: result, hidden: index.hidden }; });
    }));
    var all = [].concat.apply([], lists);
    all.sort(function (a, b) { return b.result.score - a.result.score; });
    return all;
  }

  // The data of the next results, until PAGE more of the chosen type are found or none are left.
  // (A result of the parts superseded by the delta is dropped, and no longer counted.)
  async function nextResults(state) {
    var found = [];
    while (found.length < PAGE && state.next < state.ranked.length) {
      var batch = state.ranked.slice(state.next, state.next + PAGE);
      state.next += batch.length;
      var data = await Promise.all(batch.map(function (r) { return r.result.data(); }));
      data.forEach(function (d, i) {
        if (batch[i].hidden.has(d.url)) { state.total -= 1; }
        else if (!state.type || d.meta.type === state.type) { found.push(d); }
      });
    }
    return found;
  }

  function plural(count, word) { return count + " " + word + (count === 1 ? "" : "s"); }

  function describe(state) {
    var of = plural(state.total, "result") + " for “" + state.query + "”";
    var done = state.next >= state.ranked.length;
    if (!state.type) {
      return done ? of + "." : "Showing " + state.shown + " of " + of + ".";
    }
    var label = form.querySelector('input[name="type"]:checked').parentNode.textContent.trim();
    // A page of the timeline or of the disagreements holds many: say how many, and on how many pages.
    var count = HOLDS_MANY[state.type] ? state.places + " on " + plural(state.shown, "page") : state.shown;
    return label.charAt(0).toUpperCase() + label.slice(1) + " among the " + of + ": " +
      (done ? count + "." : "the first " + count + ", more below.");
  }

  // The query in the address, so that Back from a result, a bookmark or a shared link shows it again.
  function remember(query, type) {
    var params = new URLSearchParams();
    if (query) { params.set("q", query); }
    if (type) { params.set("type", type); }
    var search = params.toString();
    history.replaceState(null, "", search ? "?" + search : location.pathname);
  }

  async function showMore(ticket) {
    var found = await nextResults(current);
    if (ticket !== latest) { return; }
    current.places += render(found);
    current.shown += found.length;
    more.hidden = current.next >= current.ranked.length;
    status.textContent = describe(current);
  }

  async function run() {
    var query = input.value.trim(), type = chosenType();
    var ticket = ++latest;
    remember(query, type);
    if (!query) { list.textContent = ""; status.textContent = ""; more.hidden = true; return; }
    if (!indexes) { indexes = openIndexes(); }  // once, even when keys come faster than it loads
    var results = await ranked(query);
    if (ticket !== latest) { return; }
    current = { query: query, type: type, ranked: results, next: 0, shown: 0, places: 0, total: results.length };
    list.textContent = "";
    await showMore(ticket);
  }

  more.addEventListener("click", function () { showMore(latest); });
  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  input.addEventListener("input", run);
  form.addEventListener("change", run);
  var asked = new URLSearchParams(location.search);
  var start = asked.get("q");
  form.querySelectorAll('input[name="type"]').forEach(function (radio) {
    if (radio.value === (asked.get("type") || "")) { radio.checked = true; }
  });
  form.hidden = false;  // hidden until now: without this script it could not search
  status.textContent = "";
  if (start) { input.value = start; run(); }
})();
