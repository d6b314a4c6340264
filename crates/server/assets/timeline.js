// timeline.js — owns the timeline view (#/timeline, the start view): the event filters, the
// stacked bar chart of /api/timeline (one colour per event type, with a legend; picking a bar
// narrows the dates to that period), and the paged list of fused events of /api/events whose
// rows open the event's reports in the side panel.

import { h, s, replace, loading, errorBox, empty, pager, swatch } from "./dom.js";
import { api } from "./api.js";
import { navigate } from "./router.js";
import { filterForm, eventFilters } from "./filters.js";
import { barChart, stack, typeOrder } from "./chart.js";
import { eventList } from "./events.js";
import { formatCount, periodRange, finerBucket, typeColour, plural, fillPeriods } from "./format.js";
import { intParam } from "./query.js";

const LIMIT = 50;

export async function renderTimeline(view, { params }) {
  const filters = eventFilters(params);
  const bucket = ["day", "week", "month", "year"].includes(params.bucket) ? params.bucket : "month";
  const offset = intParam(params.offset);
  const go = (p) => navigate("timeline", null, p);

  const chartBox = h("section", { class: "card chart-card", "aria-labelledby": "chart-title" }, h("h2", { id: "chart-title" }, "Events over time"), loading("Loading the timeline"));
  const listBox = h("section", { class: "card", "aria-labelledby": "events-title" }, h("h2", { id: "events-title" }, "Events"), loading("Loading events"));
  replace(
    view,
    h(
      "div",
      { class: "page" },
      h("h1", { class: "visually-hidden" }, "Timeline"),
      filterForm(params, (p) => go(p), { bucket: true, idPrefix: "tl" }),
      chartBox,
      listBox,
    ),
  );

  const chartJob = api.timeline({ ...filters, bucket }).then(
    (tl) => drawChart(chartBox, tl, { filters, bucket, go, params }),
    (err) => replace(chartBox, h("h2", { id: "chart-title" }, "Events over time"), errorBox(err, () => go({ ...params }))),
  );
  const listJob = api.events({ ...filters, offset, limit: LIMIT }).then(
    (page) => {
      const items = page.items || [];
      replace(
        listBox,
        h("h2", { id: "events-title" }, `Events (${formatCount(page.total ?? items.length)})`),
        items.length ? eventList(items) : empty("No events match these filters."),
        pager(page, (o) => go({ ...params, offset: o || "" }), "events"),
      );
    },
    (err) => replace(listBox, h("h2", { id: "events-title" }, "Events"), errorBox(err, () => go({ ...params }))),
  );
  await Promise.all([chartJob, listJob]);
}

function drawChart(box, tl, { filters, bucket, go, params }) {
  // periods without events are added as empty bars so that the x axis follows time
  const buckets = fillPeriods(tl.buckets || [], (period) => ({ period, events: 0, by_type: {} }));
  const types = typeOrder(buckets);
  const keys = types.map((t) => t.key);
  const bars = buckets.map((b) => {
    const parts = stack(b.by_type, keys);
    const sum = parts.length ? parts[parts.length - 1].y1 : 0;
    return { period: b.period, total: sum || Number(b.events) || 0, parts: parts.length || !Number(b.events) ? parts : [{ key: "events", value: Number(b.events), y0: 0, y1: Number(b.events) }] };
  });
  const pickBar = (i) => {
    if (!bars[i].total) return;
    const range = periodRange(bars[i].period);
    if (!range) return;
    const [from, to] = range;
    go({ ...filters, from, to, bucket: finerBucket(bucket) });
  };

  const holder = h("div", { class: "chart-holder" });
  let readout = h("p", { class: "chart-readout" });
  const draw = () => {
    const width = Math.max(320, Math.floor(holder.clientWidth || 900));
    let svg;
    if (bars.length) {
      const c = barChart({ bars, colour: (k) => (k === "events" ? "#888" : typeColour(k)), width, height: 190, onPick: pickBar, label: `Events per ${bucket}` });
      svg = c.svg;
      readout.replaceWith(c.readout);
      readout = c.readout;
    } else {
      svg = s("svg", { class: "chart", viewBox: `0 0 ${width} 60`, width, height: 60, role: "img", "aria-label": "No dated events" }, s("text", { x: width / 2, y: 34, "text-anchor": "middle", class: "chart-empty" }, "No dated events for these filters"));
    }
    svg.setAttribute("data-testid", "timeline-chart");
    holder.replaceChildren(svg);
  };

  const legend = h(
    "ul",
    { class: "legend", "aria-label": "Event types (pick one to filter)" },
    types.map((t) =>
      h(
        "li",
        null,
        h(
          "button",
          {
            type: "button",
            class: ["legend-item", filters.type === t.key && "active"],
            "aria-pressed": filters.type === t.key ? "true" : "false",
            "data-key": `legend-${t.key}`,
            onClick: () => go({ ...params, offset: "", type: filters.type === t.key ? "" : t.key }),
          },
          swatch(typeColour(t.key)),
          `${t.key} ${formatCount(t.total)}`,
        ),
      ),
    ),
  );

  const notes = [];
  if (tl.undated) notes.push(`${plural(tl.undated, "undated event")} not drawn.`);
  if (filters.from || filters.to) notes.push(h("button", { type: "button", class: "linklike", onClick: () => go({ ...params, from: "", to: "", offset: "" }) }, "Show all dates"));

  replace(
    box,
    h("div", { class: "card-head" }, h("h2", { id: "chart-title" }, `Events per ${bucket}`), h("span", { class: "hint" }, bars.length ? "Pick a bar (click, or arrow keys and Enter) to zoom into its period." : "")),
    holder,
    readout,
    legend,
    notes.length ? h("p", { class: "meta" }, notes.map((n) => [n, " "])) : null,
  );
  draw();
  // redraw at the new width when the window is resized or the side panel opens; the drawing
  // waits for the next frame, so it never resizes the element inside the observer's callback
  // (which the browser would report as a "ResizeObserver loop" error)
  let last = holder.clientWidth;
  let queued = false;
  const ro = new ResizeObserver(() => {
    if (!holder.isConnected) return ro.disconnect();
    if (queued || Math.abs(holder.clientWidth - last) <= 8) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      if (!holder.isConnected) return;
      last = holder.clientWidth;
      draw();
    });
  });
  ro.observe(holder);
}
