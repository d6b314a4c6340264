// Tests of query.js: API query strings and hash routes.
import test from "node:test";
import assert from "node:assert/strict";
import { buildQuery, pick, parseRoute, routeHash, intParam } from "../assets/query.js";

test("buildQuery drops empty values, trims, keeps order and zero", () => {
  assert.equal(buildQuery({}), "");
  assert.equal(buildQuery({ a: "", b: null, c: undefined, d: "  " }), "");
  assert.equal(buildQuery({ actor: " Lavrov ", offset: 0, limit: 50 }), "?actor=Lavrov&offset=0&limit=50");
  assert.equal(buildQuery({ x: NaN, y: false }), "?y=false");
});

test("buildQuery percent-encodes multi-byte text, spaces, & = # + and quotes", () => {
  const q = buildQuery({ q: "Zelensky’s “talks” a&b=c #1 +x", dyad: ["RUS", "", "UKR"] });
  assert.equal(q, "?q=Zelensky%E2%80%99s%20%E2%80%9Ctalks%E2%80%9D%20a%26b%3Dc%20%231%20%2Bx&dyad=RUS%2CUKR");
  // and decodes back to the same values
  const back = Object.fromEntries(new URLSearchParams(q.slice(1)));
  assert.deepEqual(back, { q: "Zelensky’s “talks” a&b=c #1 +x", dyad: "RUS,UKR" });
});

test("pick keeps the listed non-empty keys in the listed order", () => {
  assert.deepEqual(pick({ b: "2", a: " 1 ", c: "", z: "9" }, ["a", "b", "c"]), { a: "1", b: "2" });
});

test("parseRoute: the start view, views with ids, params", () => {
  assert.deepEqual(parseRoute(""), { view: "timeline", id: null, params: {} });
  assert.deepEqual(parseRoute("#/"), { view: "timeline", id: null, params: {} });
  assert.deepEqual(parseRoute("#/timeline?actor=RUS&bucket=week"), { view: "timeline", id: null, params: { actor: "RUS", bucket: "week" } });
  assert.deepEqual(parseRoute("#/doc/3f2a?event=2"), { view: "doc", id: "3f2a", params: { event: "2" } });
  assert.deepEqual(parseRoute("#/search?q=a+b%20c"), { view: "search", id: null, params: { q: "a b c" } });
  assert.deepEqual(parseRoute("#/entity?name=Sergey%20Lavrov&kind=person&kind=org"), { view: "entity", id: null, params: { name: "Sergey Lavrov", kind: "org" } });
});

test("routeHash and parseRoute round-trip ids that are URLs and multi-byte params", () => {
  const id = "https://tass.com/politics/123?a=1&b=2#frag";
  const hash = routeHash("doc", id, { event: 0, quote: "" });
  assert.equal(hash, `#/doc/${encodeURIComponent(id)}?event=0`);
  assert.deepEqual(parseRoute(hash), { view: "doc", id, params: { event: "0" } });
  const h2 = routeHash("quotes", null, { speaker: "Володимир Зеленський", about: "“peace” & talks" });
  assert.deepEqual(parseRoute(h2).params, { speaker: "Володимир Зеленський", about: "“peace” & talks" });
  assert.equal(routeHash("map", "", {}), "#/map");
  // a badly encoded id is kept as written
  assert.equal(parseRoute("#/doc/%E0%A4%A").id, "%E0%A4%A");
});

test("intParam accepts non-negative integers only", () => {
  assert.equal(intParam("20"), 20);
  assert.equal(intParam(undefined), 0);
  assert.equal(intParam("", 5), 5);
  assert.equal(intParam("-1", 7), 7);
  assert.equal(intParam("1.5", 7), 7);
  assert.equal(intParam("abc", 3), 3);
});
