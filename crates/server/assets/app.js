// app.js — owns the page shell: wiring the header (navigation with the current view marked,
// the search form, the store's counts from /api/stats), the side panel, and the table of
// views handed to the router. It is the page's only <script>; every other module is imported.

import { h, replace } from "./dom.js";
import { api } from "./api.js";
import { register, startRouter, navigate } from "./router.js";
import { initPanel } from "./panel.js";
import { formatCount, formatPeriod } from "./format.js";
import { renderTimeline } from "./timeline.js";
import { renderDocument } from "./document.js";
import { renderEventPage } from "./events.js";
import { renderSearch } from "./search.js";
import { renderQuotes } from "./quotes.js";
import { renderEntities, renderEntity } from "./entities.js";
import { renderMap } from "./map.js";

register("timeline", "Timeline", renderTimeline);
register("doc", "Document", renderDocument);
register("event", "Event", renderEventPage);
register("search", "Search", renderSearch);
register("quotes", "Quotes", renderQuotes);
register("entities", "Entities", renderEntities);
register("entity", "Entity", renderEntity);
register("map", "Map", renderMap);

// which navigation entry a view belongs to
const NAV_OF = { timeline: "timeline", event: "timeline", doc: "search", search: "search", quotes: "quotes", entities: "entities", entity: "entities", map: "map" };

function markNav(route) {
  const active = NAV_OF[route.view];
  for (const a of document.querySelectorAll("#nav a[data-view]")) {
    if (a.dataset.view === active) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  const input = document.getElementById("search-input");
  if (route.view !== "search" && input && document.activeElement !== input) input.value = "";
}

function showStats() {
  const box = document.getElementById("stats");
  api.stats().then(
    (st) => {
      const item = (n, label) => h("span", { class: "stat" }, h("strong", null, formatCount(n)), ` ${label}`);
      replace(
        box,
        item(st.documents, "documents"),
        item(st.fused_events, "events"),
        item(st.quotes, "quotes"),
        item(st.entities, "entities"),
        st.first_dct ? h("span", { class: "stat" }, `${formatPeriod(st.first_dct)} – ${formatPeriod(st.last_dct)}`) : null,
      );
      box.title = `${formatCount(st.events)} event reports, ${formatCount(st.mentions)} entity mentions, ${formatCount(st.timexes)} time expressions; schema ${st.schema_version}`;
    },
    (err) => replace(box, h("span", { class: "stat error-text" }, `Stats unavailable: ${err.message}`)),
  );
}

function init() {
  initPanel();
  const form = document.getElementById("search-form");
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const q = document.getElementById("search-input").value.trim();
    navigate("search", null, { q });
  });
  showStats();
  startRouter(document.getElementById("view"), markNav);
}

init();
