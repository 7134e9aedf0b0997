/* Progressive enhancement only: every page works without this file.
   1. Citation cards: a source marker shows its quote on hover and on keyboard focus.
   2. Timeline filter: show only the events of one actor (on a month's page, with a link to
      the actor's page, which lists them all).
   3. Crossing quotes: landing on one highlights only its words. */
(function () {
  "use strict";

  function noteFor(marker) {
    var number = marker.textContent.replace(/\D/g, "");
    var section = marker.closest("section");
    var scopes = section ? [section, document] : [document];
    for (var i = 0; i < scopes.length; i++) {
      var note = scopes[i].querySelector('ol.quotes li[value="' + number + '"]');
      if (note) { return note; }
    }
    return null;
  }

  function setUpCards() {
    var card = document.createElement("div");
    card.className = "cite-card";
    card.id = "cite-card";
    card.setAttribute("role", "tooltip");
    card.hidden = true;
    document.body.appendChild(card);

    function show(event) {
      var marker = event.currentTarget;
      var note = noteFor(marker);
      if (!note) { return; }
      card.textContent = "";
      var quote = document.createElement("q");
      quote.textContent = note.querySelector("q").textContent;
      var source = document.createElement("span");
      source.className = "cite-card-source";
      source.textContent = " " + note.querySelector("a").textContent;
      card.appendChild(quote);
      card.appendChild(source);
      card.hidden = false;
      var box = marker.getBoundingClientRect();
      card.style.top = (window.scrollY + box.bottom + 6) + "px";
      card.style.left = Math.max(8, Math.min(window.scrollX + box.left - 40,
        document.documentElement.clientWidth - card.offsetWidth - 8)) + "px";
      marker.setAttribute("aria-describedby", "cite-card");
    }

    function hide(event) {
      card.hidden = true;
      event.currentTarget.removeAttribute("aria-describedby");
    }

    document.querySelectorAll("a.cite").forEach(function (marker) {
      marker.addEventListener("mouseenter", show);
      marker.addEventListener("focus", show);
      marker.addEventListener("mouseleave", hide);
      marker.addEventListener("blur", hide);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { card.hidden = true; }
    });
  }

  function setUpTimelineFilter() {
    var holder = document.getElementById("timeline-filter");
    if (!holder) { return; }
    var names = {}, pages = {};
    document.querySelectorAll("li.event .actors a").forEach(function (link) {
      var id = link.getAttribute("href").replace(/\/$/, "").split("/").pop();
      names[id] = link.textContent;
      pages[id] = link.href;
    });
    var label = document.createElement("label");
    label.htmlFor = "actor-filter";
    label.textContent = "Show events of ";
    var select = document.createElement("select");
    select.id = "actor-filter";
    select.add(new Option("all actors", ""));
    Object.keys(names).sort(function (a, b) { return names[a].localeCompare(names[b]); })
      .forEach(function (id) { select.add(new Option(names[id], id)); });
    var status = document.createElement("p");
    status.setAttribute("role", "status");
    select.addEventListener("change", function () {
      var shown = 0;
      document.querySelectorAll("li.event").forEach(function (event) {
        var match = !select.value || event.dataset.actors.split(" ").indexOf(select.value) >= 0;
        event.hidden = !match;
        if (match) { shown += 1; }
      });
      document.querySelectorAll("section.month").forEach(function (month) {
        month.hidden = !month.querySelector("li.event:not([hidden])");
      });
      document.querySelectorAll(".list-note").forEach(function (note) {  // "Dated to the day:" over no event
        note.hidden = !note.nextElementSibling.querySelector("li.event:not([hidden])");
      });
      status.textContent = select.value ? shown + (shown === 1 ? " event" : " events") + " shown." : "";
      if (select.value && holder.hasAttribute("data-part")) {  // one month's page: the actor's lists them all
        var all = document.createElement("a");
        all.href = pages[select.value];
        all.textContent = names[select.value] + "’s page";
        status.append(" The events of every month are listed on ", all, ".");
      }
    });
    holder.appendChild(label);
    holder.appendChild(select);
    holder.appendChild(status);
  }

  function setUpOwnQuotes() {
    if (!window.CSS || !CSS.highlights) { return; }
    var landed;
    function highlight() {
      CSS.highlights.delete("quoted");
      if (landed) { landed.classList.remove("quoted"); }
      try { landed = document.getElementById(decodeURIComponent(location.hash.slice(1))); } catch (e) { return; }
      var at = landed && landed.getAttribute("data-quote");
      if (!at) { return; }
      at = at.split(" ");
      var walk = document.createTreeWalker(landed, NodeFilter.SHOW_TEXT), range = document.createRange();
      for (var seen = 0, begun = false, node, end; (node = walk.nextNode()); seen = end) {
        end = seen + node.data.length;
        if (!begun && +at[0] <= end) { range.setStart(node, at[0] - seen); begun = true; }
        if (begun && +at[1] <= end) {
          range.setEnd(node, at[1] - seen);
          CSS.highlights.set("quoted", new Highlight(range));
          return landed.classList.add("quoted");
        }
      }
    }
    window.addEventListener("hashchange", highlight);
    highlight();
  }

  setUpCards();
  setUpTimelineFilter();
  setUpOwnQuotes();
})();
