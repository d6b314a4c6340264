// filters.js — owns the event filter form shared by the timeline and the map: actor,
// recipient, dyad (two fields, sent as dyad=A,B), PLOVER type (from /api/stats event_types, {type: count}),
// from / to dates, minimum sources and, for the timeline, the bucket; it reads its values
// from the route parameters and submits new ones.

import { h } from "./dom.js";
import { api } from "./api.js";
import { pick } from "./query.js";
import { formatCount } from "./format.js";

/** The route / API parameters of the event filters. */
export const EVENT_FILTERS = ["actor", "recipient", "dyad", "type", "from", "to", "min_sources"];
export const BUCKETS = ["day", "week", "month", "year"];
const DATE_PATTERN = "\\d{4}(-\\d{2}(-\\d{2})?)?";

/** The API parameters of the event filters in route parameters `p`. */
export function eventFilters(p) {
  return pick(p, EVENT_FILTERS);
}

function field(label, input, hint) {
  return h("label", { class: "field" }, h("span", { class: "field-label" }, label), input, hint ? h("span", { class: "hint" }, hint) : null);
}

/**
 * The filter form. `params` are the current route parameters; `onSubmit(params)` receives the
 * new ones (empty values left out). With `bucket: true` the bucket select is included.
 */
export function filterForm(params, onSubmit, { bucket = false, idPrefix = "f" } = {}) {
  const [dyadA = "", dyadB = ""] = (params.dyad || "").split(",");
  const text = (name, value, placeholder, extra = {}) => h("input", { type: "text", name, id: `${idPrefix}-${name}`, value: value || "", placeholder, autocomplete: "off", ...extra });
  const date = (name) => text(name, params[name], "YYYY-MM-DD", { pattern: DATE_PATTERN, title: "YYYY, YYYY-MM or YYYY-MM-DD", inputmode: "numeric", size: 10 });

  const type = h("select", { name: "type", id: `${idPrefix}-type` }, h("option", { value: "" }, "any type"));
  if (params.type) type.append(h("option", { value: params.type, selected: true }, params.type));
  api.stats().then(
    (st) => {
      const current = params.type || "";
      type.replaceChildren(h("option", { value: "" }, "any type"));
      // {type: count}, most first.
      const known = Object.entries(st.event_types || {}).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      if (current && !known.some(([t]) => t === current)) known.unshift([current, null]);
      for (const [t, n] of known) type.append(h("option", { value: t, selected: t === current }, n === null ? t : `${t} (${formatCount(n)})`));
    },
    () => {}, // the header shows the stats error; the select keeps "any type"
  );

  const minSources = h("input", { type: "number", name: "min_sources", id: `${idPrefix}-min_sources`, min: 1, step: 1, value: params.min_sources || "", placeholder: "1", class: "narrow-input" });

  const controls = [
    field("Actor", text("actor", params.actor, "name or code (RUS)")),
    field("Recipient", text("recipient", params.recipient, "name or code")),
    h(
      "div",
      { class: "field dyad", role: "group", "aria-labelledby": `${idPrefix}-dyad-label` },
      h("span", { class: "field-label", id: `${idPrefix}-dyad-label` }, "Dyad (either way)"),
      h(
        "span",
        { class: "dyad-row" },
        text("dyad_a", dyadA, "party A", { "aria-label": "Dyad party A" }),
        h("span", { "aria-hidden": "true" }, "↔"),
        text("dyad_b", dyadB, "party B", { "aria-label": "Dyad party B" }),
      ),
    ),
    field("Type", type),
    field("From", date("from")),
    field("To", date("to")),
    field("Min. sources", minSources),
  ];
  if (bucket) {
    const sel = h("select", { name: "bucket", id: `${idPrefix}-bucket` }, BUCKETS.map((b) => h("option", { value: b, selected: (params.bucket || "month") === b }, b)));
    controls.push(field("Bucket", sel));
  }

  const form = h(
    "form",
    { class: "filters", role: "search", "aria-label": "Event filters" },
    controls,
    h("div", { class: "filter-buttons" }, h("button", { type: "submit", class: "btn primary" }, "Apply"), h("button", { type: "button", class: "btn", onClick: () => onSubmit(bucket && params.bucket ? { bucket: params.bucket } : {}) }, "Clear")),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!form.reportValidity()) return;
    const fd = new FormData(form);
    const a = String(fd.get("dyad_a") || "").trim();
    const b = String(fd.get("dyad_b") || "").trim();
    const out = pick(
      {
        actor: fd.get("actor"),
        recipient: fd.get("recipient"),
        dyad: a && b ? `${a},${b}` : "",
        type: fd.get("type"),
        from: fd.get("from"),
        to: fd.get("to"),
        min_sources: fd.get("min_sources"),
        bucket: bucket ? fd.get("bucket") : "",
      },
      [...EVENT_FILTERS, "bucket"],
    );
    onSubmit(out);
  });
  // a dyad needs both parties
  const [fa, fb] = [form.elements.dyad_a, form.elements.dyad_b];
  const checkDyad = () => {
    const one = (fa.value.trim() === "") !== (fb.value.trim() === "");
    fb.setCustomValidity(one ? "A dyad needs both parties" : "");
  };
  fa.addEventListener("input", checkDyad);
  fb.addEventListener("input", checkDyad);
  return form;
}
