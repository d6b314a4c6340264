// format.js — owns the formatting of values for display (pure functions, no DOM): counts,
// dates and timeline periods (day, ISO week, month, year) with their date ranges, search
// snippets with [match] markers, and the colours of event types and entity kinds.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** 1234567 → "1,234,567" (locale-independent); non-numbers as "–". */
export function formatCount(n) {
  if (typeof n !== "number" || !Number.isFinite(n)) return "–";
  const sign = n < 0 ? "-" : "";
  const [whole, frac] = String(Math.abs(n)).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return sign + grouped + (frac ? `.${frac}` : "");
}

/** "1 source" / "3 sources". */
export function plural(n, one, many = `${one}s`) {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** What kind of period a string is: "day", "week", "month", "year", or null. */
export function periodKind(p) {
  if (/^\d{4}-\d{2}-\d{2}$/.test(p)) return "day";
  if (/^\d{4}-W\d{2}$/.test(p)) return "week";
  if (/^\d{4}-\d{2}$/.test(p)) return "month";
  if (/^\d{4}$/.test(p)) return "year";
  return null;
}

/** Human form of a period or date: "14 Jan 2022", "week 3 of 2022", "Jan 2022", "2022"; other text as is. */
export function formatPeriod(p) {
  if (p === null || p === undefined || p === "") return "undated";
  const s = String(p);
  switch (periodKind(s)) {
    case "day": {
      const [y, m, d] = s.split("-");
      return `${Number(d)} ${MONTHS[Number(m) - 1] ?? m} ${y}`;
    }
    case "week":
      return `week ${Number(s.slice(6))} of ${s.slice(0, 4)}`;
    case "month": {
      const [y, m] = s.split("-");
      return `${MONTHS[Number(m) - 1] ?? m} ${y}`;
    }
    default:
      return s;
  }
}

/** A short axis label: "14 Jan", "W03", "Jan", "2022" (the year added where it changes is the caller's job). */
export function shortPeriod(p) {
  const s = String(p);
  switch (periodKind(s)) {
    case "day":
      return `${Number(s.slice(8))} ${MONTHS[Number(s.slice(5, 7)) - 1]}`;
    case "week":
      return s.slice(5);
    case "month":
      return MONTHS[Number(s.slice(5, 7)) - 1] ?? s;
    default:
      return s;
  }
}

function pad(n, w = 2) {
  return String(n).padStart(w, "0");
}

function isoDate(d) {
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The Monday of ISO week `week` of ISO year `year`, as a UTC Date. */
export function isoWeekMonday(year, week) {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const dow = (jan4.getUTCDay() + 6) % 7; // Monday 0
  const monday1 = Date.UTC(year, 0, 4 - dow);
  return new Date(monday1 + (week - 1) * 7 * 86400000);
}

/** The inclusive date range `[from, to]` (YYYY-MM-DD) of a period; null for an unknown form. */
export function periodRange(p) {
  const s = String(p);
  switch (periodKind(s)) {
    case "day":
      return [s, s];
    case "week": {
      const monday = isoWeekMonday(Number(s.slice(0, 4)), Number(s.slice(6)));
      return [isoDate(monday), isoDate(new Date(monday.getTime() + 6 * 86400000))];
    }
    case "month": {
      const y = Number(s.slice(0, 4));
      const m = Number(s.slice(5, 7));
      const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
      return [`${s}-01`, `${s}-${pad(last)}`];
    }
    case "year":
      return [`${s}-01-01`, `${s}-12-31`];
    default:
      return null;
  }
}

/** The bucket to use after drilling into a bar of bucket `b`: year → month → day, week → day. */
export function finerBucket(b) {
  return { year: "month", month: "day", week: "day", day: "day" }[b] ?? "month";
}

/**
 * Splits a search snippet into parts: `"a [b] c"` → `[{text: "a ", mark: false}, {text: "b",
 * mark: true}, {text: " c", mark: false}]`. A `[` with no later `]`, and a `]` with no opening
 * `[`, are plain text; a `[` inside a match is part of the match; empty matches are dropped.
 */
export function parseSnippet(snippet) {
  const s = String(snippet ?? "");
  const parts = [];
  const push = (text, mark) => {
    if (text === "") return;
    const last = parts[parts.length - 1];
    if (last && last.mark === mark) last.text += text;
    else parts.push({ text, mark });
  };
  let i = 0;
  while (i < s.length) {
    const open = s.indexOf("[", i);
    if (open < 0) break;
    const close = s.indexOf("]", open + 1);
    if (close < 0) break;
    push(s.slice(i, open), false);
    push(s.slice(open + 1, close), true);
    i = close + 1;
  }
  push(s.slice(i), false);
  return parts;
}

/** Shortens text to at most `n` characters (code points), with an ellipsis. */
export function truncate(text, n) {
  const chars = [...String(text ?? "")];
  return chars.length <= n ? chars.join("") : `${chars.slice(0, Math.max(0, n - 1)).join("").trimEnd()}…`;
}

// PLOVER event types: cooperative ones in blues and greens, conflictual ones in reds and
// oranges; others get a stable colour from a spare palette.
const TYPE_COLOURS = {
  CONSULT: "#4e79a7",
  AGREE: "#59a14f",
  SUPPORT: "#8cd17d",
  CONCEDE: "#b6992d",
  COOPERATE: "#499894",
  AID: "#86bcb6",
  RETREAT: "#f1ce63",
  REQUEST: "#a0cbe8",
  STATEMENT: "#bab0ac",
  ACCUSE: "#e15759",
  REJECT: "#ff9d9a",
  THREATEN: "#d37295",
  PROTEST: "#fabfd2",
  SANCTION: "#b07aa1",
  MOBILIZE: "#9d7660",
  COERCE: "#f28e2b",
  ASSAULT: "#9c2f2f",
};
const SPARE = ["#17becf", "#bcbd22", "#7f7f7f", "#8c564b", "#e377c2", "#1f77b4", "#ff7f0e", "#2ca02c"];

function hash(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** The colour of an event type (any string; the same one always gets the same colour). */
export function typeColour(type) {
  const t = String(type ?? "").toUpperCase();
  return TYPE_COLOURS[t] ?? SPARE[hash(t) % SPARE.length];
}

/** The CSS class suffix of an entity kind: person, org, country, place, group or other. */
export function kindClass(kind) {
  const k = String(kind ?? "").toLowerCase();
  if (k === "person") return "person";
  if (k === "organisation" || k === "organization" || k === "org") return "org";
  if (k === "country") return "country";
  if (k === "place" || k === "location" || k === "city") return "place";
  if (k === "group") return "group";
  return "other";
}

/** The label of an entity kind in the document view, displaCy style: PERSON, ORG ... */
export function kindLabel(kind) {
  const c = kindClass(kind);
  return c === "other" ? String(kind ?? "").toUpperCase() || "ENTITY" : c.toUpperCase();
}

/** The ISO week `YYYY-Www` holding a UTC Date. */
export function isoWeekOf(d) {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const dow = (t.getUTCDay() + 6) % 7; // Monday 0
  t.setUTCDate(t.getUTCDate() - dow + 3); // the Thursday of this week decides the year
  const year = t.getUTCFullYear();
  const week = 1 + Math.round((t.getTime() - isoWeekMonday(year, 1).getTime() - 3 * 86400000) / (7 * 86400000));
  return `${pad(year, 4)}-W${pad(week)}`;
}

/** The period after `p` of the same kind (2022-12 → 2023-01, 2020-W53 → 2021-W01 ...); null for an unknown form. */
export function nextPeriod(p) {
  const s = String(p);
  switch (periodKind(s)) {
    case "day": {
      const d = new Date(`${s}T00:00:00Z`);
      return isoDate(new Date(d.getTime() + 86400000));
    }
    case "week":
      return isoWeekOf(new Date(isoWeekMonday(Number(s.slice(0, 4)), Number(s.slice(6))).getTime() + 7 * 86400000));
    case "month": {
      const y = Number(s.slice(0, 4));
      const m = Number(s.slice(5, 7));
      return m === 12 ? `${pad(y + 1, 4)}-01` : `${pad(y, 4)}-${pad(m + 1)}`;
    }
    case "year":
      return pad(Number(s) + 1, 4);
    default:
      return null;
  }
}

/**
 * The buckets with the missing periods between the first and the last filled in as empty
 * ones (`make(period)`), so that a chart's x axis is proportional to time. The API lists only
 * periods with events, in order. Left as given when the periods are of mixed or unknown
 * kinds, out of order, or when filling would give more than `max` buckets.
 */
export function fillPeriods(buckets, make, max = 1500) {
  if (buckets.length < 2) return buckets;
  const kind = periodKind(String(buckets[0].period));
  if (!kind || buckets.some((b) => periodKind(String(b.period)) !== kind)) return buckets;
  const out = [];
  let k = 0;
  let p = String(buckets[0].period);
  const last = String(buckets[buckets.length - 1].period);
  while (out.length <= max) {
    if (k < buckets.length && String(buckets[k].period) === p) out.push(buckets[k++]);
    else if (k < buckets.length && String(buckets[k].period) < p) return buckets; // out of order
    else out.push(make(p));
    if (p === last) return k === buckets.length ? out : buckets;
    p = nextPeriod(p);
  }
  return buckets;
}
