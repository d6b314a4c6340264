// Tests of document.js's layer ranges on a multi-byte document, through spans.js's tree: the
// pinned mention and trigger of the selected event, labels, hidden and empty layers.
import test from "node:test";
import assert from "node:assert/strict";
import { documentRanges } from "../assets/document.js";
import { byteToIndexMap, buildTree, flattenPieces } from "../assets/spans.js";

const enc = new TextEncoder();
const TEXT = "KYIV, March 3. Zelensky’s office said — “We are ready for talks with Russia next week,” an adviser told reporters. 😀 Lavrov said.";
function span(needle, nth = 0) {
  let i = -1;
  for (let k = 0, from = 0; k <= nth; k++, from = i + 1) i = TEXT.indexOf(needle, from);
  assert.ok(i >= 0, needle);
  const s = enc.encode(TEXT.slice(0, i)).length;
  return [s, s + enc.encode(needle).length];
}
const DOC = {
  id: "d1",
  text: TEXT,
  timexes: [{ span: span("March 3"), text: "March 3", type: "DATE", value: "2022-03-03" }, { span: span("next week"), text: "next week", type: "DATE", value: "2022-W10" }],
  entities: [
    { id: "e1", canonical: "Kyiv", kind: "place", codes: [], mentions: [{ span: span("KYIV"), text: "KYIV" }] },
    { id: "e2", canonical: "Volodymyr Zelensky", kind: "person", codes: ["UKRGOV"], mentions: [{ span: span("Zelensky"), text: "Zelensky" }] },
    { id: "e3", canonical: "Russia", kind: "country", codes: ["RUS"], mentions: [{ span: span("Russia"), text: "Russia" }] },
    { id: "e4", canonical: "Sergey Lavrov", kind: "person", codes: ["RUSGOV"], mentions: [{ span: span("Lavrov"), text: "Lavrov" }] },
    { id: "e5", canonical: "reporters", kind: "organization", codes: [], mentions: [{ span: span("reporters"), text: "reporters" }] },
  ],
  quotes: [{ span: span("We are ready for talks with Russia next week"), text: "…", kind: "direct", cue: { span: span("told"), text: "told" }, speaker: { text: "an adviser", span: span("an adviser") } }],
  events: [
    // mention crosses the quote's start; the trigger is inside both
    { id: "v1", type: "CONSULT", cameo: "040", actor: ["e2"], recipient: ["e3"], mentions: [{ span: [span("office")[0], span("talks")[1]], trigger: { span: span("talks"), text: "talks" } }] },
    { id: "v2", type: "STATEMENT", cameo: "010", actor: ["e4"], recipient: [], mentions: [{ span: span("Lavrov said"), trigger: { span: span("said", 1), text: "said" } }] },
  ],
  fused: ["f1", null],
};

function tree(opts) {
  const map = byteToIndexMap(TEXT);
  const ranges = documentRanges(DOC, map, opts);
  return { ranges, pieces: flattenPieces(buildTree(TEXT.length, ranges)) };
}
const textOf = (p) => TEXT.slice(p.start, p.end);

test("every fact of every layer becomes a range over the right UTF-16 text", () => {
  const { ranges } = tree({});
  const got = ranges.map((r) => `${r.kind}:${r.fact}:${TEXT.slice(r.start, r.end)}`);
  for (const want of [
    "timex:t0:March 3",
    "timex:t1:next week",
    "entity:e1:Zelensky",
    "entity:e4:reporters",
    "quote:q0:We are ready for talks with Russia next week",
    "speaker:q0:an adviser",
    "cue:q0:told",
    "mention:v0:office said — “We are ready for talks",
    "trigger:v0:talks",
    "trigger:v1:said",
    "entity:e3:Lavrov",
  ])
    assert.ok(got.includes(want), `${want} in ${got.join(" | ")}`);
  const labels = Object.fromEntries(ranges.filter((r) => r.label).map((r) => [r.fact + r.kind, r.label]));
  assert.equal(labels.e0entity, "PLACE");
  assert.equal(labels.e4entity, "ORG");
  assert.equal(labels.t0timex, "DATE");
  assert.equal(labels.v0trigger, "CONSULT");
});

test("the selected event's mention and trigger are pinned, each one whole element", () => {
  const { pieces } = tree({ selected: 0 });
  const mention = pieces.filter((p) => p.range.pin === 0);
  const trigger = pieces.filter((p) => p.range.pin === 1);
  assert.equal(mention.length, 1);
  assert.equal(trigger.length, 1);
  assert.equal(textOf(mention[0]), "office said — “We are ready for talks");
  assert.equal(textOf(trigger[0]), "talks");
  // the quote, crossed by the mention, is split instead
  const quote = pieces.filter((p) => p.range.kind === "quote");
  assert.ok(quote.length >= 2);
  assert.equal(quote.map(textOf).join(""), "We are ready for talks with Russia next week");
  // other events are not highlighted
  assert.ok(pieces.filter((p) => p.range.fact === "v1").every((p) => !p.range.hl && p.range.pin === undefined));
  assert.ok(pieces.filter((p) => p.range.fact === "v0").every((p) => p.range.hl));
});

test("without a selection nothing is pinned; an out-of-range selection pins nothing", () => {
  assert.ok(tree({}).pieces.every((p) => p.range.pin === undefined));
  assert.ok(tree({ selected: 7 }).pieces.every((p) => p.range.pin === undefined));
});

test("hidden layers and empty documents give no ranges of those layers", () => {
  const { ranges } = tree({ hide: new Set(["entity", "quote"]) });
  assert.ok(ranges.every((r) => r.layer !== "entity" && r.layer !== "quote"));
  assert.ok(ranges.some((r) => r.layer === "timex") && ranges.some((r) => r.layer === "event"));
  const empty = { text: "Nothing here ’ “”", timexes: [], entities: [], quotes: [], events: [] };
  assert.deepEqual(documentRanges(empty, byteToIndexMap(empty.text)), []);
  const missing = { text: "No layers at all" };
  assert.deepEqual(documentRanges(missing, byteToIndexMap(missing.text)), []);
  // a fact with a broken or empty span is skipped, not drawn at 0
  const broken = { text: "abc", timexes: [{ span: null, type: "DATE" }, { span: [1, 1], type: "DATE" }], entities: [{ kind: "person", mentions: [{ span: [0, 2] }] }] };
  assert.deepEqual(documentRanges(broken, byteToIndexMap("abc")).map((r) => [r.kind, r.start, r.end]), [["entity", 0, 2]]);
});
