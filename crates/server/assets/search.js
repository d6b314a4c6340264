// search.js — owns the search view (#/search?q=&from=&to=&agency=&offset=): full-text search
// of /api/documents with the header's search box, results with their snippets (matches,
// given between [ and ], shown as <mark>), paged; without a query, the newest dispatches.

import { h, replace, empty, pager } from "./dom.js";
import { api } from "./api.js";
import { navigate } from "./router.js";
import { routeHash, pick, intParam } from "./query.js";
import { formatCount, formatPeriod, parseSnippet } from "./format.js";

const LIMIT = 20;
const KEYS = ["q", "from", "to", "agency"];

/** The snippet as text nodes and <mark> elements (text is never parsed as HTML). */
export function snippetNodes(snippet) {
  return parseSnippet(snippet).map((p) => (p.mark ? h("mark", { class: "hit" }, p.text) : p.text));
}

/** One document of a /api/documents answer as a result row. */
export function documentHit(d) {
  return h(
    "li",
    { class: "hit-row", "data-testid": "search-hit" },
    h("h3", null, h("a", { href: routeHash("doc", d.id), "data-key": `doc-${d.id}` }, d.title || d.external_id || d.source || d.id)),
    h("p", { class: "meta" }, [d.agency, d.dct ? formatPeriod(d.dct) : "undated", d.external_id, d.source].filter(Boolean).join(" · ")),
    d.snippet ? h("p", { class: "snippet" }, snippetNodes(d.snippet)) : null,
  );
}

export async function renderSearch(view, { params }) {
  const p = pick(params, KEYS);
  const offset = intParam(params.offset);
  const input = document.getElementById("search-input");
  if (input && document.activeElement !== input) input.value = p.q || "";

  const go = (np) => navigate("search", null, np);
  const form = h(
    "form",
    { class: "filters compact", "aria-label": "Search filters" },
    h("label", { class: "field" }, h("span", { class: "field-label" }, "From"), h("input", { type: "text", name: "from", value: p.from || "", placeholder: "YYYY-MM-DD", pattern: "\\d{4}(-\\d{2}(-\\d{2})?)?", size: 10 })),
    h("label", { class: "field" }, h("span", { class: "field-label" }, "To"), h("input", { type: "text", name: "to", value: p.to || "", placeholder: "YYYY-MM-DD", pattern: "\\d{4}(-\\d{2}(-\\d{2})?)?", size: 10 })),
    h("label", { class: "field" }, h("span", { class: "field-label" }, "Agency"), h("input", { type: "text", name: "agency", value: p.agency || "", placeholder: "TASS", size: 10 })),
    h("div", { class: "filter-buttons" }, h("button", { type: "submit", class: "btn" }, "Filter")),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!form.reportValidity()) return;
    const fd = new FormData(form);
    go(pick({ q: p.q, from: fd.get("from"), to: fd.get("to"), agency: fd.get("agency") }, KEYS));
  });

  const results = h("section", { class: "card", "aria-live": "polite" });
  replace(view, h("div", { class: "page narrow" }, h("h1", null, p.q ? `Search: ${p.q}` : "Newest dispatches"), form, results));

  const page = await api.documents({ ...p, offset, limit: LIMIT });
  const items = page.items || [];
  replace(
    results,
    h("p", { class: "meta" }, p.q ? `${formatCount(page.total ?? items.length)} documents match.` : `${formatCount(page.total ?? items.length)} documents, newest first. Type words in the search box above to search.`),
    items.length ? h("ol", { class: "hits", start: offset + 1 }, items.map(documentHit)) : empty(p.q ? "No document matches." : "No documents."),
    pager(page, (o) => go({ ...p, offset: o || "" }), "search"),
  );
}
