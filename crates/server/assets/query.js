// query.js — owns query strings and hash routes (pure functions, no DOM): building an API
// query string from a parameter object, and parsing/building the page's `#/view/id?k=v` routes.

/** True for a value that is left out of a query string (null, undefined, "", blank text). */
function isEmpty(v) {
  return v === undefined || v === null || (typeof v === "string" && v.trim() === "") || (typeof v === "number" && !Number.isFinite(v));
}

/**
 * `?k=v&...` for the non-empty parameters in insertion order (strings trimmed, numbers as
 * written, arrays joined with commas, booleans as true/false), percent-encoded with
 * encodeURIComponent (a space is %20); "" when nothing is left.
 */
export function buildQuery(params = {}) {
  const parts = [];
  for (const [k, raw] of Object.entries(params)) {
    let v = Array.isArray(raw) ? raw.filter((x) => !isEmpty(x)).join(",") : raw;
    if (isEmpty(v)) continue;
    if (typeof v === "string") v = v.trim();
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  }
  return parts.length ? `?${parts.join("&")}` : "";
}

/** A parameter object keeping only `keys` (in that order), empty values dropped. */
export function pick(params, keys) {
  const out = {};
  for (const k of keys) if (!isEmpty(params[k])) out[k] = typeof params[k] === "string" ? params[k].trim() : params[k];
  return out;
}

/**
 * Parses a location hash: `#/doc/3f2a?event=2` → `{view: "doc", id: "3f2a", params: {event: "2"}}`.
 * The id is percent-decoded (it may be a URL); `+` in the query means a space. An empty hash
 * or `#/` is the start view, `timeline`. Later duplicates of a key win.
 */
export function parseRoute(hash) {
  let h = String(hash || "");
  if (h.startsWith("#")) h = h.slice(1);
  const q = h.indexOf("?");
  const path = q >= 0 ? h.slice(0, q) : h;
  const query = q >= 0 ? h.slice(q + 1) : "";
  const parts = path.split("/").filter((p) => p !== "");
  const view = parts.length ? safeDecode(parts[0]) : "timeline";
  const id = parts.length > 1 ? safeDecode(parts.slice(1).join("/")) : null;
  const params = {};
  for (const [k, v] of new URLSearchParams(query)) params[k] = v;
  return { view, id, params };
}

function safeDecode(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `#/view[/id][?query]` with the id percent-encoded (slashes included) and empty params dropped. */
export function routeHash(view, id, params = {}) {
  const path = id === null || id === undefined || id === "" ? `#/${view}` : `#/${view}/${encodeURIComponent(id)}`;
  return path + buildQuery(params);
}

/** A non-negative integer parameter (offset, limit, index); `fallback` when absent or bad. */
export function intParam(v, fallback = 0) {
  if (v === undefined || v === null || v === "") return fallback;
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}
