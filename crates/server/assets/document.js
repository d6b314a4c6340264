// document.js — owns the document view (#/doc/ID[?event=N][&quote=BYTE]): the document's
// header, its text with every layer highlighted in the manner of displaCy (entities, timexes
// and event triggers as labelled inline marks; quotes and event mentions as background and
// underline ranges; overlapping ranges split into nested pieces by spans.js), a legend with a
// toggle per layer, the lists of the document's facts, and the details of a fact in the side
// panel. `?event=N` highlights event N's mention and trigger and scrolls to them.

import { h, replace, facts, chip, swatch, track } from "./dom.js";
import { api } from "./api.js";
import { navigate } from "./router.js";
import { openPanel } from "./panel.js";
import { routeHash, intParam } from "./query.js";
import { byteToIndexMap, byteSpanToIndex, buildTree } from "./spans.js";
import { formatPeriod, kindClass, kindLabel, truncate, typeColour, plural } from "./format.js";
import { typeChip } from "./events.js";

// Nesting depth of each kind of range (lower = outer), see spans.compareRanges.
const RANK = { quote: 0, speaker: 0, mention: 1, entity: 2, timex: 2, cue: 3, trigger: 3 };
const LAYERS = [
  ["entity", "Entities"],
  ["timex", "Times"],
  ["quote", "Quotes"],
  ["event", "Events"],
];
const KINDS = [
  ["person", "person"],
  ["org", "organization"],
  ["country", "country"],
  ["place", "place"],
  ["group", "group"],
  ["other", "other"],
];
const hidden = new Set(); // layers switched off (kept while moving between documents)

/**
 * The ranges of a document's layers in UTF-16 indexes: `{start, end, kind, layer, fact,
 * rank, label?, pin?, hl?}`. `fact` names the fact a piece belongs to (t3, e2, q0, v4);
 * `selected` is the index of the event to highlight (its first mention and trigger are pinned
 * so that each stays one element).
 */
export function documentRanges(doc, map, { selected = null, hide = new Set() } = {}) {
  const out = [];
  const add = (span, r) => {
    const ix = byteSpanToIndex(map, span);
    if (ix && ix[1] > ix[0]) out.push({ start: ix[0], end: ix[1], rank: RANK[r.kind], ...r });
  };
  if (!hide.has("timex")) (doc.timexes || []).forEach((t, i) => add(t.span, { kind: "timex", layer: "timex", fact: `t${i}`, label: t.type || "TIME" }));
  if (!hide.has("entity"))
    (doc.entities || []).forEach((e, i) =>
      (e.mentions || []).forEach((m) => add(m.span, { kind: "entity", layer: "entity", fact: `e${i}`, label: kindLabel(e.kind), cls: `k-${kindClass(e.kind)}` })),
    );
  if (!hide.has("quote"))
    (doc.quotes || []).forEach((q, i) => {
      add(q.span, { kind: "quote", layer: "quote", fact: `q${i}`, cls: `q-${q.kind || "direct"}` });
      if (q.speaker?.span) add(q.speaker.span, { kind: "speaker", layer: "quote", fact: `q${i}` });
      if (q.cue?.span) add(q.cue.span, { kind: "cue", layer: "quote", fact: `q${i}`, label: "CUE" });
    });
  if (!hide.has("event"))
    (doc.events || []).forEach((ev, i) => {
      const on = i === selected;
      (ev.mentions || []).forEach((m, j) => {
        add(m.span, { kind: "mention", layer: "event", fact: `v${i}`, hl: on, pin: on && j === 0 ? 0 : undefined });
        if (m.trigger?.span) add(m.trigger.span, { kind: "trigger", layer: "event", fact: `v${i}`, label: ev.type || "EVENT", hl: on, pin: on && j === 0 ? 1 : undefined, colour: typeColour(ev.type) });
      });
    });
  return out;
}

/** Renders the tree of buildTree() as nested marks and spans into `parent`. */
function renderNodes(parent, nodes, text, doc) {
  for (const n of nodes) {
    if (n.text) {
      parent.append(text.slice(n.text[0], n.text[1]));
      continue;
    }
    const r = n.range;
    const isMark = r.kind === "entity" || r.kind === "timex" || r.kind === "trigger" || r.kind === "cue";
    const el = document.createElement(isMark ? "mark" : "span");
    el.className = [isMark ? "mk" : "rg", `${isMark ? "mk" : "rg"}-${r.kind}`, r.cls, r.hl && "hl", n.first && "first", n.last && "last"].filter(Boolean).join(" ");
    el.dataset.fact = r.fact;
    if (r.kind === "trigger" && r.colour) el.style.setProperty("--type", r.colour);
    if (isMark && n.last && r.label) el.dataset.label = r.label;
    if (r.pin === 0) el.dataset.testid = "mention";
    if (r.pin === 1) el.dataset.testid = "trigger";
    if (n.first && (isMark || r.kind === "quote" || r.kind === "mention")) {
      el.tabIndex = 0;
      el.setAttribute("role", "button");
      el.setAttribute("aria-label", `${describe(r, doc)}: ${text.slice(r.start, r.end).slice(0, 80)}`);
    }
    renderNodes(el, n.children, text, doc);
    parent.append(el);
  }
}

function describe(r, doc) {
  const i = Number(r.fact.slice(1));
  switch (r.fact[0]) {
    case "t":
      return `time ${doc.timexes[i]?.value ?? ""}`;
    case "e":
      return `${doc.entities[i]?.kind ?? "entity"} ${doc.entities[i]?.canonical ?? ""}`;
    case "q":
      return r.kind === "cue" ? "quote cue" : "quote";
    case "v":
      return `${r.kind === "trigger" ? "event trigger" : "event mention"} ${doc.events[i]?.type ?? ""}`;
    default:
      return "fact";
  }
}

function entityName(doc, id) {
  const e = (doc.entities || []).find((x) => x.id === id);
  return e ? e.canonical : id;
}

function entityLink(doc, id) {
  const e = (doc.entities || []).find((x) => x.id === id);
  if (!e) return id;
  return h("a", { href: routeHash("entity", null, { name: e.canonical, kind: e.kind }) }, e.canonical);
}

function list(nodes) {
  return nodes.length ? h("ul", { class: "plain" }, nodes.map((n) => h("li", null, n))) : "—";
}

/** The details of fact `key` (t3, e2, q0, v4) for the side panel: [title, content]. */
function factDetail(doc, key, id) {
  const i = Number(key.slice(1));
  switch (key[0]) {
    case "t": {
      const t = doc.timexes[i];
      return [
        `Time: ${t.text}`,
        facts([
          ["Text", t.text],
          ["Type", t.type],
          ["Value", t.value],
          ["Modifier", t.mod],
          ["Quantity", t.quant],
          ["Frequency", t.freq],
          ["Resolved", t.resolved === false ? "no (the document has no dispatch date)" : null],
        ]),
      ];
    }
    case "e": {
      const e = doc.entities[i];
      const geo = e.geo ? `${e.geo.lat}, ${e.geo.lon}${e.geo.geonames_id ? ` (GeoNames ${e.geo.geonames_id})` : ""}` : null;
      const mentions = (e.mentions || []).map((m) => `${m.text}${m.how ? ` (${m.how})` : ""}`);
      return [
        e.canonical,
        [
          facts([
            ["Name", e.canonical],
            ["Kind", chip(e.kind, `k-${kindClass(e.kind)}`)],
            ["Codes", (e.codes || []).join(", ")],
            ["Country", e.country],
            ["Role", e.role],
            ["Coordinates", geo],
            ["Mentions", list(mentions)],
          ]),
          h("p", null, h("a", { href: routeHash("entity", null, { name: e.canonical, kind: e.kind }) }, "Entity page →")),
        ],
      ];
    }
    case "q": {
      const q = doc.quotes[i];
      const sp = q.speaker;
      return [
        `Quote (${q.kind || "quote"})`,
        [
          h("blockquote", { class: "quote-text" }, q.text),
          facts([
            ["Kind", q.kind],
            ["Speaker", sp ? (sp.entity ? [entityLink(doc, sp.entity), sp.text && sp.text !== entityName(doc, sp.entity) ? ` (“${sp.text}”)` : ""] : sp.text) : "unknown"],
            ["Cue", q.cue?.text],
            ["Addressee", q.addressee ? (q.addressee.entity ? entityLink(doc, q.addressee.entity) : q.addressee.text) : null],
          ]),
          sp?.entity ? h("p", null, h("a", { href: routeHash("quotes", null, { speaker: entityName(doc, sp.entity) }) }, "All quotes of this speaker →")) : null,
        ],
      ];
    }
    case "v": {
      const ev = doc.events[i];
      const fused = (doc.fused || [])[i];
      const place = ev.place ? entityLink(doc, ev.place) : null;
      return [
        `Event: ${ev.type}`,
        [
          facts([
            ["Type", h("span", null, typeChip(ev.type, ev.cameo))],
            ["CAMEO", ev.cameo],
            ["Actors", list((ev.actor || []).map((a) => entityLink(doc, a)))],
            ["Recipients", list((ev.recipient || []).map((a) => entityLink(doc, a)))],
            ["Place", place],
            ["Date", ev.date ? `${ev.date}${ev.date_source ? ` (from the ${ev.date_source})` : ""}` : null],
            ["Mode", ev.mode],
            ["Modality", ev.modality],
            ["Negated", ev.negated ? "yes" : "no"],
            ["Confidence", typeof ev.confidence === "number" ? ev.confidence.toFixed(2) : null],
            ["Goldstein", ev.goldstein],
            ["Quad class", ev.quad_class],
            ["Triggers", list((ev.mentions || []).map((m) => m.trigger?.text || "").filter(Boolean))],
          ]),
          h(
            "p",
            { class: "links" },
            fused ? h("a", { href: routeHash("event", fused) }, "Fused event and its reports →") : h("span", { class: "meta" }, "Not fused with other reports."),
            " ",
            h("a", { href: routeHash("doc", id, { event: i }) }, "Link to this event here"),
          ),
        ],
      ];
    }
    default:
      return ["Fact", ""];
  }
}

/** The #/doc/ID view. */
export async function renderDocument(view, { id, params }) {
  const doc = await api.document(id);
  const text = typeof doc.text === "string" ? doc.text : "";
  const map = byteToIndexMap(text);
  const events = doc.events || [];
  const selected = params.event !== undefined && params.event !== "" ? intParam(params.event, -1) : null;
  const selectedOk = selected !== null && selected >= 0 && selected < events.length;
  const quoteAt = params.quote !== undefined ? intParam(params.quote, -1) : -1;

  const textBox = h("div", { class: "doc-text", "data-testid": "doc-text", lang: doc.language && doc.language !== "und" ? doc.language : null });
  const drawText = () => {
    const ranges = documentRanges(doc, map, { selected: selectedOk ? selected : null, hide: hidden });
    const tree = buildTree(text.length, ranges);
    textBox.replaceChildren();
    renderNodes(textBox, tree, text, doc);
    textBox.classList.toggle("has-selection", selectedOk);
  };

  const select = (key, { focus = true, scroll = true, flash = true } = {}) => {
    const [title, content] = factDetail(doc, key, doc.id || id);
    for (const el of textBox.querySelectorAll(".flash")) el.classList.remove("flash");
    const pieces = textBox.querySelectorAll(`[data-fact="${key}"]`);
    if (flash) for (const el of pieces) el.classList.add("flash");
    if (scroll && pieces.length) pieces[0].scrollIntoView({ block: "center", behavior: "smooth" });
    openPanel(title, content, { focus });
  };
  textBox.addEventListener("click", (e) => {
    const el = e.target.closest("[data-fact]");
    if (el && textBox.contains(el)) select(el.dataset.fact, { scroll: false, focus: false });
  });
  textBox.addEventListener("keydown", (e) => {
    if (e.key !== "Enter" && e.key !== " ") return;
    const el = e.target.closest?.("[data-fact]");
    if (!el) return;
    e.preventDefault();
    select(el.dataset.fact, { scroll: false });
  });

  // header
  const meta = [doc.agency, doc.dct ? formatPeriod(doc.dct) : "no dispatch date", doc.language && doc.language !== "en" ? `language ${doc.language}` : null].filter(Boolean).join(" · ");
  const head = h(
    "header",
    { class: "doc-head" },
    h("h1", null, doc.title || "(untitled dispatch)"),
    h("p", { class: "meta" }, meta),
    facts([
      ["Id", h("code", null, doc.id)],
      ["External id", doc.external_id ? h("code", null, doc.external_id) : null],
      ["URL", doc.url ? h("a", { href: doc.url, rel: "noopener noreferrer", target: "_blank" }, doc.url) : null],
      ["Source", doc.source],
    ]),
    doc.supported === false ? h("p", { class: "notice" }, "This document's language is not supported: it was segmented but not analysed.") : null,
  );

  // legend and layer toggles
  const counts = {
    entity: (doc.entities || []).length,
    timex: (doc.timexes || []).length,
    quote: (doc.quotes || []).length,
    event: events.length,
  };
  const toggles = h(
    "fieldset",
    { class: "layers" },
    h("legend", null, "Layers"),
    LAYERS.map(([layer, label]) => {
      const box = h("input", { type: "checkbox", checked: !hidden.has(layer), "data-key": `layer-${layer}`, onChange: (e) => {
        if (e.target.checked) hidden.delete(layer);
        else hidden.add(layer);
        drawText();
      } });
      return h("label", { class: ["toggle", `toggle-${layer}`] }, box, h("span", { class: `legend-sample ls-${layer}`, "aria-hidden": "true" }), `${label} (${counts[layer]})`);
    }),
  );
  const kindsPresent = new Set((doc.entities || []).map((e) => kindClass(e.kind)));
  const legend = h(
    "ul",
    { class: "legend kinds", "aria-label": "Colours" },
    KINDS.filter(([c]) => kindsPresent.has(c)).map(([c, label]) => h("li", null, swatch(null, `k-${c}`), label)),
    h("li", null, swatch(null, "k-timex"), "time"),
    h("li", null, swatch(null, "k-quote"), "quote"),
    h("li", null, swatch(null, "k-mention"), "event mention"),
    h("li", null, swatch(null, "k-trigger"), "trigger"),
  );

  // fact lists
  const listItem = (key, content, label) => h("li", null, h("button", { type: "button", class: "fact-item", "data-key": `fact-${key}`, "aria-label": label, onClick: () => select(key) }, content));
  const eventItems = events.map((ev, i) => {
    const trig = ev.mentions?.[0]?.trigger?.text || "";
    const row = h(
      "button",
      { type: "button", class: ["fact-item", i === selected && "current"], "data-key": `event-${i}`, "aria-current": i === selected ? "true" : null, onClick: () => navigate("doc", id, { ...params, event: i }, { replace: true }) },
      typeChip(ev.type, ev.cameo),
      ` ${(ev.actor || []).map((a) => entityName(doc, a)).join(", ") || "—"} → ${(ev.recipient || []).map((a) => entityName(doc, a)).join(", ") || "—"}`,
      trig ? h("span", { class: "meta" }, ` “${trig}”`) : null,
    );
    return h("li", null, row);
  });
  const quoteItems = (doc.quotes || []).map((q, i) => {
    const who = q.speaker ? (q.speaker.entity ? entityName(doc, q.speaker.entity) : q.speaker.text) : "unknown speaker";
    return listItem(`q${i}`, [h("strong", null, who), `: ${truncate(q.text, 90)}`]);
  });
  const byKind = new Map();
  (doc.entities || []).forEach((e, i) => {
    const k = e.kind || "other";
    if (!byKind.has(k)) byKind.set(k, []);
    byKind.get(k).push([e, i]);
  });
  const entityGroups = [...byKind.entries()].map(([kind, items]) =>
    h(
      "div",
      { class: "kind-group" },
      h("h4", null, chip(kind, `k-${kindClass(kind)}`), ` ${items.length}`),
      h("ul", { class: "fact-list" }, items.sort((a, b) => (b[0].mentions || []).length - (a[0].mentions || []).length).map(([e, i]) => listItem(`e${i}`, [e.canonical, h("span", { class: "meta" }, ` ×${(e.mentions || []).length}`)]))),
    ),
  );
  const timexItems = (doc.timexes || []).map((t, i) => listItem(`t${i}`, [t.text, h("span", { class: "meta" }, ` ${t.type} ${t.value ?? ""}`)]));
  const section = (title, n, body) => h("details", { class: "fact-section", open: true }, h("summary", null, `${title} (${n})`), n ? body : h("p", { class: "empty" }, "None."));
  const side = h(
    "aside",
    { class: "doc-facts", "aria-label": "Facts of this document" },
    section("Events", events.length, h("ul", { class: "fact-list" }, eventItems)),
    section("Quotes", quoteItems.length, h("ul", { class: "fact-list" }, quoteItems)),
    section("Entities", (doc.entities || []).length, entityGroups),
    section("Times", timexItems.length, h("ul", { class: "fact-list" }, timexItems)),
  );

  replace(view, h("div", { class: "page doc-page" }, head, h("div", { class: "doc-tools" }, toggles, legend), h("div", { class: "doc-grid" }, h("section", { class: "card doc-body", "aria-label": "Text" }, textBox), side)));
  drawText();

  if (selected !== null && !selectedOk) {
    head.append(h("p", { class: "notice" }, `This document has no event ${params.event} (it has ${plural(events.length, "event")}).`));
  }
  if (selectedOk) {
    if (hidden.has("event")) {
      hidden.delete("event");
      view.querySelector('[data-key="layer-event"]').checked = true;
      drawText();
    }
    const mention = textBox.querySelector('[data-testid="mention"]') || textBox.querySelector('[data-testid="trigger"]');
    if (mention) {
      // after layout, so the position is known
      await track(new Promise((resolve) => requestAnimationFrame(() => {
        mention.scrollIntoView({ block: "center" });
        resolve();
      })));
    }
    select(`v${selected}`, { focus: false, scroll: false, flash: false });
  } else if (quoteAt >= 0) {
    const qi = (doc.quotes || []).findIndex((q) => q.span && q.span[0] === quoteAt);
    if (qi >= 0) select(`q${qi}`, { focus: false });
  }
}
