// Tests of spans.js: UTF-8 byte offsets to UTF-16 indexes, and overlapping / nested ranges
// split into a well-formed tree of pieces.
import test from "node:test";
import assert from "node:assert/strict";
import { utf8Length, byteToIndexMap, byteSpanToIndex, sliceBytes, segments, buildTree, flattenPieces } from "../assets/spans.js";

const enc = new TextEncoder();
/** The byte span of the `nth` occurrence of `needle` in `text`, as the server would give it. */
function byteSpan(text, needle, nth = 0) {
  let from = 0;
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, from);
    assert.ok(i >= 0, `${needle} not in text`);
    from = i + 1;
  }
  const start = enc.encode(text.slice(0, i)).length;
  return [start, start + enc.encode(needle).length];
}

const TEXT = "Zelensky’s — “quote” 😀 said Лавров.";

test("utf8Length agrees with TextEncoder on multi-byte text", () => {
  for (const t of ["", "abc", TEXT, "é", "😀", "a😀b€c"]) assert.equal(utf8Length(t), enc.encode(t).length, t);
});

test("byteToIndexMap maps every character start, inside-character bytes to the character start", () => {
  const t = "a’😀b";
  const map = byteToIndexMap(t);
  // a (1 byte) ’ (3 bytes) 😀 (4 bytes, 2 UTF-16 units) b (1 byte)
  assert.equal(map.length, 1 + 3 + 4 + 1 + 1);
  assert.deepEqual([...map], [0, 1, 1, 1, 2, 2, 2, 2, 4, 5]);
});

test("byte spans of multi-byte text slice the right characters", () => {
  const map = byteToIndexMap(TEXT);
  for (const needle of ["Zelensky’s", "—", "“quote”", "quote", "😀", "Лавров", "."]) {
    assert.equal(sliceBytes(TEXT, map, byteSpan(TEXT, needle)), needle);
  }
  // the byte offsets differ from the JS indexes past the first multi-byte character
  const [s] = byteSpan(TEXT, "quote");
  assert.notEqual(s, TEXT.indexOf("quote"));
  assert.deepEqual(byteSpanToIndex(map, byteSpan(TEXT, "quote")), [TEXT.indexOf("quote"), TEXT.indexOf("quote") + 5]);
});

test("byteSpanToIndex clamps, orders, rejects missing spans and never splits a surrogate pair", () => {
  const map = byteToIndexMap(TEXT);
  const len = enc.encode(TEXT).length;
  assert.deepEqual(byteSpanToIndex(map, [0, len + 100]), [0, TEXT.length]);
  assert.deepEqual(byteSpanToIndex(map, [-5, 3]), [0, 3]);
  assert.deepEqual(byteSpanToIndex(map, [3, 0]), [0, 3]);
  assert.equal(byteSpanToIndex(map, null), null);
  assert.equal(byteSpanToIndex(map, [1]), null);
  const [e0] = byteSpan(TEXT, "😀");
  const r = byteSpanToIndex(map, [e0 + 1, e0 + 3]); // both ends inside the emoji
  assert.deepEqual(r, [TEXT.indexOf("😀"), TEXT.indexOf("😀")]);
  assert.equal(sliceBytes(TEXT, byteToIndexMap(""), [0, 0]), "");
});

test("segments: no ranges gives one plain segment; empty text gives none", () => {
  assert.deepEqual(segments(10, []), [{ start: 0, end: 10, ranges: [] }]);
  assert.deepEqual(segments(0, []), []);
  assert.deepEqual(segments(5, [{ start: 2, end: 2 }]), [{ start: 0, end: 5, ranges: [] }]); // empty range ignored
});

test("segments cut at every boundary and list covering ranges outer first", () => {
  const quote = { start: 0, end: 10, rank: 0, id: "q" };
  const ent = { start: 2, end: 5, rank: 2, id: "e" };
  const segs = segments(12, [ent, quote]);
  assert.deepEqual(
    segs.map((s) => [s.start, s.end, s.ranges.map((r) => r.id).join("")]),
    [
      [0, 2, "q"],
      [2, 5, "qe"],
      [5, 10, "q"],
      [10, 12, ""],
    ],
  );
});

/** The text rebuilt from a tree, and its pieces as "id[start,end]" with first/last flags. */
function rebuild(nodes, text) {
  return nodes.map((n) => (n.text ? text.slice(n.text[0], n.text[1]) : rebuild(n.children, text))).join("");
}
function describe(nodes) {
  return flattenPieces(nodes).map((p) => `${p.range.id}[${p.start},${p.end}]${p.first ? "<" : ""}${p.last ? ">" : ""}`);
}
/** Checks that every piece lies within its parent, and pieces of a range cover it exactly. */
function checkWellFormed(nodes, ranges, length) {
  const walk = (list, lo, hi) => {
    let pos = lo;
    for (const n of list) {
      const [s, e] = n.text ?? [n.start, n.end];
      assert.equal(s, pos, "contiguous");
      assert.ok(e > s && e <= hi, "inside parent");
      if (!n.text) walk(n.children, s, e);
      pos = e;
    }
    assert.equal(pos, hi, "children fill their parent");
  };
  walk(nodes, 0, length);
  for (const r of ranges) {
    const pieces = flattenPieces(nodes).filter((p) => p.range === r);
    const covered = pieces.reduce((a, p) => a + (p.end - p.start), 0);
    assert.equal(covered, Math.min(length, r.end) - Math.max(0, r.start), `range ${r.id} covered once`);
    assert.equal(pieces.filter((p) => p.first).length, 1);
    assert.equal(pieces.filter((p) => p.last).length, 1);
  }
}

test("buildTree nests an entity inside a quote in a multi-byte text", () => {
  const text = "He said “Zelensky’s — talks” today.";
  const map = byteToIndexMap(text);
  const idx = (needle) => byteSpanToIndex(map, byteSpan(text, needle));
  const [qs, qe] = idx("Zelensky’s — talks");
  const [es, ee] = idx("Zelensky");
  const quote = { start: qs, end: qe, rank: 0, id: "q" };
  const ent = { start: es, end: ee, rank: 2, id: "e" };
  const tree = buildTree(text.length, [ent, quote]);
  assert.equal(rebuild(tree, text), text);
  checkWellFormed(tree, [quote, ent], text.length);
  assert.deepEqual(describe(tree), [`q[${qs},${qe}]<>`, `e[${es},${ee}]<>`]);
  const qNode = tree.find((n) => n.range === quote);
  assert.equal(qNode.children[0].range, ent); // the entity is a child of the quote
});

test("buildTree splits a range that crosses another's end into two pieces", () => {
  // quote [5,20), event mention [0,10) crossing the quote's start, trigger [6,9) inside both
  const quote = { start: 5, end: 20, rank: 0, id: "q" };
  const mention = { start: 0, end: 10, rank: 1, id: "m" };
  const trigger = { start: 6, end: 9, rank: 3, id: "t" };
  const text = "abcdefghijklmnopqrstuvwxyz";
  const tree = buildTree(text.length, [quote, mention, trigger]);
  assert.equal(rebuild(tree, text), text);
  checkWellFormed(tree, [quote, mention, trigger], text.length);
  // the mention starts first, so it is outer; the quote is split at the mention's end
  assert.deepEqual(describe(tree), ["m[0,10]<>", "q[5,10]<", "t[6,9]<>", "q[10,20]>"]);
});

test("buildTree orders identical spans by rank and keeps one element each", () => {
  const a = { start: 2, end: 6, rank: 3, id: "trigger" };
  const b = { start: 2, end: 6, rank: 1, id: "mention" };
  const tree = buildTree(8, [a, b]);
  assert.deepEqual(describe(tree), ["mention[2,6]<>", "trigger[2,6]<>"]);
});

test("buildTree handles ranges of the same layer that overlap (nested entities)", () => {
  // "Russian Foreign Minister Sergey Lavrov" (person) contains "Russian" (country)
  const text = "Russian Foreign Minister Sergey Lavrov said";
  const person = { start: 0, end: 38, rank: 2, id: "p" };
  const country = { start: 0, end: 7, rank: 2, id: "c" };
  const tree = buildTree(text.length, [country, person]);
  assert.deepEqual(describe(tree), ["p[0,38]<>", "c[0,7]<>"]);
  // two overlapping entities, neither inside the other
  const x = { start: 0, end: 10, rank: 2, id: "x" };
  const y = { start: 5, end: 15, rank: 2, id: "y" };
  const t2 = buildTree(20, [x, y]);
  checkWellFormed(t2, [x, y], 20);
  assert.deepEqual(describe(t2), ["x[0,10]<>", "y[5,10]<", "y[10,15]>"]);
});

test("a pinned range stays one element and the others are split around it", () => {
  // the selected mention [3,12) crosses a quote [0,8): pinned, the mention is outer and whole
  const quote = { start: 0, end: 8, rank: 0, id: "q" };
  const mention = { start: 3, end: 12, rank: 1, id: "m", pin: 0 };
  const trigger = { start: 4, end: 6, rank: 3, id: "t", pin: 1 };
  const tree = buildTree(15, [quote, mention, trigger]);
  checkWellFormed(tree, [quote, mention, trigger], 15);
  assert.equal(flattenPieces(tree).filter((p) => p.range === mention).length, 1);
  assert.equal(flattenPieces(tree).filter((p) => p.range === trigger).length, 1);
  // the quote is cut into pieces: before the mention, inside it around and under the trigger
  assert.deepEqual(describe(tree), ["q[0,3]<", "m[3,12]<>", "q[3,4]", "t[4,6]<>", "q[4,6]", "q[6,8]>"]);
  const m = tree.find((n) => n.range === mention);
  assert.ok(m, "the mention is at the top level");
  assert.equal(m.children.find((n) => n.range === trigger).range, trigger);
});

test("buildTree with empty layers, empty text, and ranges past the end", () => {
  assert.deepEqual(buildTree(5, []), [{ text: [0, 5] }]);
  assert.deepEqual(buildTree(0, []), []);
  const r = { start: 3, end: 99, id: "r" };
  const tree = buildTree(5, [r]);
  assert.deepEqual(describe(tree), ["r[3,5]<>"]);
  assert.deepEqual(tree[0], { text: [0, 3] });
});

test("many random overlapping ranges always give a well-formed tree that rebuilds the text", () => {
  let seed = 42;
  const rnd = (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const text = "x".repeat(60);
  for (let round = 0; round < 200; round++) {
    const ranges = [];
    const n = rnd(8);
    for (let i = 0; i < n; i++) {
      const s = rnd(60);
      ranges.push({ start: s, end: s + 1 + rnd(20), rank: rnd(4), id: `r${i}`, pin: rnd(10) === 0 ? 0 : undefined });
    }
    const tree = buildTree(text.length, ranges);
    assert.equal(rebuild(tree, text), text);
    checkWellFormed(tree, ranges, text.length);
  }
});
