// chart.js — owns the SVG bar charts: the stacked bar chart of the timeline (one bar per
// period, one segment per event type) and the small one-series bars of an entity's
// documents. Axis ticks and stacking are pure functions; drawing builds SVG nodes.
// Keyboard: the chart is one tab stop; ←/→ (Home/End) move between bars, Enter/Space picks one.

import { s, h } from "./dom.js";
import { formatCount, formatPeriod, shortPeriod, periodKind } from "./format.js";

/** Whole tick values from 0 up to the first one ≥ max, about `count` steps (1, 2, 5 × 10^k; 2.5 × 10^k from 25 up). */
export function niceTicks(max, count = 4) {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const mults = mag >= 10 ? [1, 2, 2.5, 5, 10] : [1, 2, 5, 10]; // 2.5 only where it stays whole
  const step = mults.map((k) => k * mag).find((st) => st >= raw) ?? 10 * mag;
  const st = Math.max(Math.round(step), 1); // counts are integers
  const ticks = [];
  for (let v = 0; v < max + st; v += st) {
    ticks.push(Math.round(v * 1000) / 1000);
    if (v >= max) break;
  }
  return ticks;
}

/**
 * The stack of a timeline bucket: `[{key, value, y0, y1}]` in the order of `keys` (only keys
 * with a value), plus types of the bucket missing from `keys` at the end (sorted by name).
 */
export function stack(byType, keys) {
  const out = [];
  let y = 0;
  const seen = new Set();
  const add = (k) => {
    const v = Number(byType?.[k]) || 0;
    seen.add(k);
    if (v <= 0) return;
    out.push({ key: k, value: v, y0: y, y1: y + v });
    y += v;
  };
  for (const k of keys) add(k);
  for (const k of Object.keys(byType || {}).sort()) if (!seen.has(k)) add(k);
  return out;
}

/** Event types of the buckets by total count, largest first (ties by name). */
export function typeOrder(buckets) {
  const tot = new Map();
  for (const b of buckets) for (const [k, v] of Object.entries(b.by_type || {})) tot.set(k, (tot.get(k) || 0) + (Number(v) || 0));
  return [...tot.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k, v]) => ({ key: k, total: v }));
}

/** Which bar indexes get an x-axis label so that labels are at least `minGap` px apart. */
export function labelIndexes(n, step, minGap = 64) {
  if (n <= 0) return [];
  const every = Math.max(1, Math.ceil(minGap / Math.max(step, 1e-9)));
  const out = [];
  for (let i = 0; i < n; i += every) out.push(i);
  return out;
}

/**
 * Draws a bar chart. `bars` is `[{period, total, parts: [{key, value, y0, y1}]}]`;
 * `colour(key)` gives a segment's fill; `onPick(index)` is called on click / Enter.
 * Returns `{svg, readout}`: the SVG and a live text element saying which bar is selected.
 */
export function barChart({ bars, colour, width = 900, height = 220, onPick, label = "Bar chart", unit = "events", compact = false }) {
  const m = compact ? { l: 30, r: 6, t: 6, b: 18 } : { l: 44, r: 10, t: 10, b: 26 };
  const pw = Math.max(10, width - m.l - m.r);
  const ph = Math.max(10, height - m.t - m.b);
  const max = Math.max(1, ...bars.map((b) => b.total));
  const ticks = niceTicks(max, compact ? 2 : 4);
  const top = ticks[ticks.length - 1] || max;
  const y = (v) => m.t + ph - (v / top) * ph;
  const n = bars.length;
  const step = n ? pw / n : pw;
  const bw = Math.max(1, Math.min(48, step * (step > 4 ? 0.8 : 1)));

  const svg = s("svg", {
    class: ["chart", compact && "compact"],
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: "group",
    "aria-label": `${label}: ${n} bars. Use the arrow keys to move between bars and Enter to pick one.`,
    tabindex: n ? 0 : -1,
    preserveAspectRatio: "none",
  });

  const axis = s("g", { class: "axis" });
  for (const t of ticks) {
    axis.append(
      s("line", { x1: m.l, x2: m.l + pw, y1: y(t), y2: y(t), class: "grid" }),
      s("text", { x: m.l - 6, y: y(t) + 4, "text-anchor": "end" }, formatCount(t)),
    );
  }
  svg.append(axis);

  const groups = [];
  const barsG = s("g", { class: "bars" });
  bars.forEach((b, i) => {
    const x = m.l + i * step + (step - bw) / 2;
    const g = s("g", { class: "bar", "data-index": i });
    g.append(s("title", null, `${formatPeriod(b.period)}: ${formatCount(b.total)} ${unit}${b.parts.length > 1 ? "\n" + b.parts.map((p) => `${p.key} ${formatCount(p.value)}`).join("\n") : ""}`));
    // a transparent hit area the full height, so thin bars are easy to click
    g.append(s("rect", { class: "hit", x: m.l + i * step, width: Math.max(step, 1), y: m.t, height: ph }));
    for (const p of b.parts) {
      if (!(p.value > 0)) continue;
      g.append(s("rect", { x, width: bw, y: y(p.y1), height: Math.max(0.5, y(p.y0) - y(p.y1)), fill: colour(p.key) }));
    }
    g.append(s("rect", { class: "focus-ring", x: x - 1.5, width: bw + 3, y: y(b.total) - 1.5, height: y(0) - y(b.total) + 3 }));
    if (onPick) g.addEventListener("click", () => onPick(i));
    groups.push(g);
    barsG.append(g);
  });
  svg.append(barsG);

  const xa = s("g", { class: "axis x" });
  let lastYear = null;
  for (const i of labelIndexes(n, step, compact ? 56 : 70)) {
    const p = String(bars[i].period);
    const year = p.slice(0, 4);
    const kind = periodKind(p);
    let text = shortPeriod(p);
    if (kind !== "year" && kind !== null && year !== lastYear) text = `${text} ${year}`;
    lastYear = year;
    xa.append(s("text", { x: m.l + i * step + step / 2, y: m.t + ph + 16, "text-anchor": i === 0 ? "start" : "middle" }, text));
  }
  xa.append(s("line", { x1: m.l, x2: m.l + pw, y1: y(0), y2: y(0), class: "baseline" }));
  svg.append(xa);

  const readout = h("p", { class: "chart-readout", "aria-live": "polite" });
  let cur = -1;
  const select = (i) => {
    if (!n) return;
    cur = Math.max(0, Math.min(n - 1, i));
    groups.forEach((g, k) => g.classList.toggle("selected", k === cur));
    const b = bars[cur];
    readout.textContent = `${formatPeriod(b.period)}: ${formatCount(b.total)} ${unit}` + (b.parts.length > 1 ? ` (${b.parts.map((p) => `${p.key} ${formatCount(p.value)}`).join(", ")})` : "") + (onPick ? ". Enter to show this period." : "");
  };
  svg.addEventListener("keydown", (e) => {
    if (!n) return;
    const moves = { ArrowRight: cur + 1, ArrowLeft: cur < 0 ? n - 1 : cur - 1, Home: 0, End: n - 1, PageUp: cur + 10, PageDown: cur - 10 };
    if (e.key in moves) {
      e.preventDefault();
      select(moves[e.key]);
    } else if ((e.key === "Enter" || e.key === " ") && onPick && cur >= 0) {
      e.preventDefault();
      onPick(cur);
    }
  });
  svg.addEventListener("focus", () => {
    if (cur < 0) select(n - 1);
  });
  svg.addEventListener("mouseover", (e) => {
    const g = e.target.closest?.(".bar");
    if (g) select(Number(g.dataset.index));
  });
  return { svg, readout };
}
