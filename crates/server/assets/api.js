// api.js — owns talking to the annalist HTTP API: GET with a query string, the JSON error
// body `{"error": "..."}` turned into an ApiError with its status, a small cache of recent
// answers (so that re-rendering a view on a hash change does not refetch), and one function
// per endpoint of the contract.

import { buildQuery } from "./query.js";

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.name = "ApiError";
    this.status = status;
  }
}

const CACHE_SIZE = 40;
const CACHE_MS = 60_000;
const cache = new Map(); // url -> {at, promise}

/** The answer of GET `path` + query string of `params`, as parsed JSON; throws ApiError. */
export async function getJSON(path, params = {}, { fresh = false } = {}) {
  const url = path + buildQuery(params);
  const hit = cache.get(url);
  if (!fresh && hit && Date.now() - hit.at < CACHE_MS) return hit.promise;
  const promise = fetchJSON(url);
  cache.set(url, { at: Date.now(), promise });
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value);
  promise.catch(() => cache.delete(url)); // errors are not kept
  return promise;
}

async function fetchJSON(url) {
  let res;
  try {
    res = await fetch(url, { headers: { Accept: "application/json" } });
  } catch (e) {
    throw new ApiError(0, `the server cannot be reached (${e.message})`);
  }
  let body = null;
  const text = await res.text();
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    if (res.ok) throw new ApiError(res.status, "the server's answer is not JSON");
  }
  if (!res.ok) {
    const msg = body && typeof body.error === "string" ? body.error : `${res.status} ${res.statusText || "error"}`;
    throw new ApiError(res.status, msg);
  }
  return body;
}

const seg = (id) => encodeURIComponent(id);

export const api = {
  stats: () => getJSON("/api/stats"),
  documents: (p) => getJSON("/api/documents", p),
  document: (id) => getJSON(`/api/documents/${seg(id)}`),
  events: (p) => getJSON("/api/events", p),
  event: (id) => getJSON(`/api/events/${seg(id)}`),
  timeline: (p) => getJSON("/api/timeline", p),
  quotes: (p) => getJSON("/api/quotes", p),
  speakers: (p) => getJSON("/api/speakers", p),
  entities: (p) => getJSON("/api/entities", p),
  entity: (p) => getJSON("/api/entity", p),
  map: (p) => getJSON("/api/map", p),
  countries: () => getJSON("/assets/countries.json"),
};
