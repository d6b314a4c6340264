// entities.js — owns the entity browser (#/entities?q=&kind=&offset=, from /api/entities) and
// the entity page (#/entity?name=&kind=, from /api/entity): name, kind, codes, country,
// coordinates, roles at dates, a small bar chart of documents per period, and the entity's
// documents, quotes and events.

import { h, replace, empty, pager, chip, facts } from "./dom.js";
import { api } from "./api.js";
import { navigate } from "./router.js";
import { routeHash, pick, intParam } from "./query.js";
import { formatCount, formatPeriod, kindClass, fillPeriods } from "./format.js";
import { barChart } from "./chart.js";
import { eventList } from "./events.js";
import { documentHit } from "./search.js";
import { quoteItem } from "./quotes.js";

const LIMIT = 50;
const KINDS = ["person", "organization", "country", "place", "group"];

export function kindChip(kind) {
  return chip(kind || "?", `k-${kindClass(kind)}`);
}

export async function renderEntities(view, { params }) {
  const p = pick(params, ["q", "kind"]);
  const offset = intParam(params.offset);
  const go = (np) => navigate("entities", null, np);
  const kindSel = h("select", { name: "kind", id: "ent-kind" }, h("option", { value: "" }, "any kind"), KINDS.map((k) => h("option", { value: k, selected: p.kind === k }, k)));
  if (p.kind && !KINDS.includes(p.kind)) kindSel.append(h("option", { value: p.kind, selected: true }, p.kind));
  const form = h(
    "form",
    { class: "filters compact", role: "search", "aria-label": "Find entities" },
    h("label", { class: "field grow" }, h("span", { class: "field-label" }, "Name"), h("input", { type: "search", name: "q", id: "ent-q", value: p.q || "", placeholder: "e.g. Lavrov, NATO, Geneva", autocomplete: "off" })),
    h("label", { class: "field" }, h("span", { class: "field-label" }, "Kind"), kindSel),
    h("div", { class: "filter-buttons" }, h("button", { type: "submit", class: "btn primary" }, "Find")),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const fd = new FormData(form);
    go(pick({ q: fd.get("q"), kind: fd.get("kind") }, ["q", "kind"]));
  });
  const results = h("section", { class: "card" });
  replace(view, h("div", { class: "page narrow" }, h("h1", null, "Entities"), form, results));

  const page = await api.entities({ ...p, offset, limit: LIMIT });
  const items = page.items || [];
  const table = h(
    "table",
    { class: "data" },
    h("thead", null, h("tr", null, ["Name", "Kind", "Codes", "Country", "Documents", "Mentions"].map((c, i) => h("th", { scope: "col", class: i >= 4 ? "num" : null }, c)))),
    h(
      "tbody",
      null,
      items.map((e) =>
        h(
          "tr",
          null,
          h("td", null, h("a", { href: routeHash("entity", null, { name: e.name, kind: e.kind }), "data-key": `ent-${e.kind}-${e.name}` }, e.name)),
          h("td", null, kindChip(e.kind)),
          h("td", null, (e.codes || []).join(", ")),
          h("td", null, e.country || ""),
          h("td", { class: "num" }, formatCount(e.documents)),
          h("td", { class: "num" }, formatCount(e.mentions)),
        ),
      ),
    ),
  );
  replace(results, h("p", { class: "meta" }, `${formatCount(page.total ?? items.length)} entities${p.q ? ` matching “${p.q}”` : ""}, most documents first.`), items.length ? table : empty("No entity matches."), pager(page, (o) => go({ ...p, offset: o || "" }), "entities"));
}

export async function renderEntity(view, { params }) {
  if (!params.name) {
    navigate("entities", null, {}, { replace: true });
    return;
  }
  const e = await api.entity(pick(params, ["name", "kind"]));
  const roles = e.roles || [];
  const timeline = fillPeriods(e.timeline || [], (period) => ({ period, documents: 0 }));
  const docs = e.documents || { items: [], total: 0 };
  const quotes = e.quotes || { items: [], total: 0 };
  const events = e.events || { items: [], total: 0 };

  const chartHolder = h("div", { class: "chart-holder small" });
  const section = (title, page, body, moreLink) =>
    h(
      "section",
      { class: "card" },
      h("div", { class: "card-head" }, h("h2", null, `${title} (${formatCount(page.total ?? (page.items || []).length)})`), (page.total ?? 0) > (page.items || []).length && moreLink ? h("a", { href: moreLink }, `all ${formatCount(page.total)} →`) : null),
      (page.items || []).length ? body : empty("None."),
    );

  const q = `"${e.name}"`;
  replace(
    view,
    h(
      "div",
      { class: "page" },
      h("h1", null, e.name, " ", kindChip(e.kind)),
      h(
        "div",
        { class: "two-col" },
        h(
          "section",
          { class: "card col-side" },
          facts([
            ["Kind", e.kind],
            ["Codes", (e.codes || []).join(", ")],
            ["Country", e.country],
            ["Coordinates", e.lat !== null && e.lat !== undefined && e.lon !== null && e.lon !== undefined ? `${e.lat}, ${e.lon}` : null],
          ]),
          h("h2", null, "Roles"),
          roles.length
            ? h(
                "table",
                { class: "data" },
                h("thead", null, h("tr", null, h("th", { scope: "col" }, "Role"), h("th", { scope: "col" }, "From"), h("th", { scope: "col" }, "To"), h("th", { scope: "col", class: "num" }, "Docs"))),
                h("tbody", null, roles.map((r) => h("tr", null, h("td", null, r.role), h("td", null, r.first ? formatPeriod(r.first) : ""), h("td", null, r.last ? formatPeriod(r.last) : ""), h("td", { class: "num" }, formatCount(r.documents))))),
              )
            : empty("No role recorded."),
          h("p", { class: "links" }, h("a", { href: routeHash("timeline", null, { actor: e.name }) }, "Events as actor on the timeline"), " · ", h("a", { href: routeHash("quotes", null, { speaker: e.name }) }, "Quotes browser"), " · ", h("a", { href: routeHash("search", null, { q }) }, "Search documents")),
        ),
        h("section", { class: "card col-main" }, h("h2", null, "Documents over time"), timeline.length ? chartHolder : empty("No dated documents.")),
      ),
      section("Events", events, eventList(events.items || []), routeHash("timeline", null, { actor: e.name })),
      section("Quotes", quotes, h("ul", { class: "quote-list" }, (quotes.items || []).map((x) => quoteItem(x))), routeHash("quotes", null, { speaker: e.name })),
      section("Documents", docs, h("ol", { class: "hits" }, (docs.items || []).map(documentHit)), routeHash("search", null, { q })),
    ),
  );

  if (timeline.length) {
    const bars = timeline.map((t) => ({ period: t.period, total: Number(t.documents) || 0, parts: [{ key: "documents", value: Number(t.documents) || 0, y0: 0, y1: Number(t.documents) || 0 }] }));
    const width = Math.max(280, Math.floor(chartHolder.clientWidth || 600));
    const { svg, readout } = barChart({ bars, colour: () => "#4e79a7", width, height: 140, label: "Documents per period", unit: "documents", compact: true });
    chartHolder.append(svg, readout);
  }
}
