// events.js — owns how fused events are shown everywhere: the event row of a list (timeline,
// entity page, map), the detail of one fused event with its reports (each report's sentence
// with the trigger highlighted and a link to the document view), in the side panel or as the
// #/event/ID page.

import { h, chip, facts, loading, errorBox, track, replace } from "./dom.js";
import { api } from "./api.js";
import { openPanel } from "./panel.js";
import { routeHash } from "./query.js";
import { byteToIndexMap, byteSpanToIndex } from "./spans.js";
import { formatPeriod, plural, typeColour } from "./format.js";

/** "Sergey Lavrov, Russia" from `[{name, codes}]`; "—" when empty. */
export function partyNames(parties) {
  const names = (parties || []).map((p) => p?.name || (p?.codes || []).join("/") || "?");
  return names.length ? names.join(", ") : "—";
}

/** The chip of an event type, in the type's colour. */
export function typeChip(type, cameo) {
  const c = chip(type || "?", "type", typeColour(type));
  if (cameo) c.title = `CAMEO ${cameo}`;
  return c;
}

/** The date of a fused event for display. */
export function eventDate(ev) {
  return ev.date ? formatPeriod(ev.date) : "undated";
}

/**
 * One fused event as a row (a button): date, type, actors → recipients, place, and
 * "N sources / M articles". `onOpen(ev, row)` runs on click, Enter or Space.
 */
export function eventRow(ev, onOpen = (e, row) => openEvent(e.id, row)) {
  const row = h(
    "button",
    { type: "button", class: "event-row", "data-testid": "event-row", "data-key": `event-${ev.id}`, "data-event-id": ev.id },
    h("span", { class: "ev-date" }, ev.date ? formatPeriod(ev.date) : "undated"),
    h("span", { class: "ev-type" }, typeChip(ev.type, ev.cameo)),
    h(
      "span",
      { class: "ev-parties" },
      h("span", { class: "actor" }, partyNames(ev.actors)),
      h("span", { class: "arrow", "aria-label": "to" }, " → "),
      h("span", { class: "recipient" }, partyNames(ev.recipients)),
    ),
    h("span", { class: "ev-place" }, ev.place || ""),
    h("span", { class: "ev-count" }, `${plural(ev.sources ?? 0, "source")} / ${plural(ev.articles ?? 0, "article")}`),
  );
  row.addEventListener("click", () => onOpen(ev, row));
  return row;
}

/** A list of event rows. */
export function eventList(items, onOpen) {
  return h("ul", { class: "event-list" }, items.map((ev) => h("li", null, eventRow(ev, onOpen))));
}

/** Opens the side panel on fused event `id` and fills it with the event and its reports. */
export function openEvent(id, from) {
  const body = openPanel("Event", loading("Loading the event"), { from });
  return track(
    api.event(id).then(
      (ev) => {
        document.getElementById("panel-title").textContent = `${ev.type || "Event"}${ev.date ? ` · ${formatPeriod(ev.date)}` : ""}`;
        replace(body, eventDetail(ev, { inPanel: true }));
      },
      (err) => replace(body, errorBox(err, () => openEvent(id, from))),
    ),
  );
}

/** The detail of one fused event (answer of /api/events/{id}): summary and reports. */
export function eventDetail(ev, { inPanel = false } = {}) {
  const party = (p) => h("li", null, h("a", { href: routeHash("entity", null, { name: p.name }) }, p.name || "?"), (p.codes || []).length ? h("span", { class: "codes" }, ` ${p.codes.join(", ")}`) : null);
  const summary = facts([
    ["Type", h("span", null, typeChip(ev.type, ev.cameo), ev.cameo ? ` CAMEO ${ev.cameo}` : "")],
    ["Date", eventDate(ev)],
    ["Place", ev.place],
    ["Actors", (ev.actors || []).length ? h("ul", { class: "plain" }, ev.actors.map(party)) : "—"],
    ["Recipients", (ev.recipients || []).length ? h("ul", { class: "plain" }, ev.recipients.map(party)) : "—"],
    ["Reported", `${plural(ev.mentions ?? 0, "mention")}, ${plural(ev.sources ?? 0, "source")}, ${plural(ev.articles ?? 0, "article")}`],
    ["Sources", (ev.source_ids || []).join(", ")],
  ]);
  const reports = ev.reports || [];
  return h(
    "div",
    { class: "event-detail" },
    summary,
    inPanel ? h("p", null, h("a", { href: routeHash("event", ev.id) }, "Open as a page")) : null,
    h("h3", null, `Reports (${reports.length})`),
    reports.length ? h("ol", { class: "reports" }, reports.map((r) => h("li", null, report(r, ev)))) : h("p", { class: "empty" }, "No reports."),
  );
}

/** One report of a fused event: the document, its agency and date, the sentence with the trigger marked. */
export function report(r, ev) {
  const e = r.event || {};
  const flags = [e.negated ? "negated" : null, e.modality && e.modality !== "asserted" ? e.modality : null, e.mode || null].filter(Boolean);
  return h(
    "article",
    { class: "report", "data-testid": "report" },
    h("h4", null, h("a", { href: routeHash("doc", r.doc_id) }, r.title || r.source || r.doc_id)),
    h("p", { class: "meta" }, [r.agency, r.dct ? formatPeriod(r.dct) : null, r.source].filter(Boolean).join(" · ")),
    h("p", { class: "sentence" }, sentenceWithTrigger(r.sentence, r.trigger, e.type || ev?.type)),
    flags.length ? h("p", { class: "meta" }, flags.join(", ")) : null,
    h("p", null, h("a", { class: "doc-link", href: routeHash("doc", r.doc_id, { event: r.event_index }) }, "Show in the document →")),
  );
}

/**
 * The sentence text with the trigger as a <mark>: both spans are byte offsets in the
 * document, so the trigger is shifted by the sentence's start and mapped in the sentence.
 */
export function sentenceWithTrigger(sentence, trigger, type) {
  if (!sentence || typeof sentence.text !== "string") return trigger?.text ? h("mark", { class: "mk mk-trigger", "data-label": type || "" }, trigger.text) : "";
  const text = sentence.text;
  if (!trigger?.span || !sentence.span) return text;
  const base = sentence.span[0];
  const map = byteToIndexMap(text);
  const r = byteSpanToIndex(map, [trigger.span[0] - base, trigger.span[1] - base]);
  if (!r || r[1] <= r[0] || trigger.span[0] < base || trigger.span[1] > sentence.span[1]) return text;
  return [text.slice(0, r[0]), h("mark", { class: "mk mk-trigger", "data-label": type || "" }, text.slice(r[0], r[1])), text.slice(r[1])];
}

/** The #/event/ID page. */
export async function renderEventPage(view, { id }) {
  const ev = await api.event(id);
  replace(
    view,
    h("div", { class: "page narrow" }, h("h1", null, typeChip(ev.type, ev.cameo), ` ${partyNames(ev.actors)} → ${partyNames(ev.recipients)}`), h("p", { class: "meta" }, eventDate(ev), ev.place ? ` · ${ev.place}` : ""), eventDetail(ev)),
  );
}
