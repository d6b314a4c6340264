// Tests of the pure parts of chart.js: axis ticks, stacking by type, type order, label thinning.
import test from "node:test";
import assert from "node:assert/strict";
import { niceTicks, stack, typeOrder, labelIndexes } from "../assets/chart.js";

test("niceTicks gives whole, round steps from 0 to at least the maximum", () => {
  assert.deepEqual(niceTicks(12, 4), [0, 5, 10, 15]);
  assert.deepEqual(niceTicks(3, 4), [0, 1, 2, 3]);
  assert.deepEqual(niceTicks(1, 4), [0, 1]);
  assert.deepEqual(niceTicks(0), [0, 1]);
  assert.deepEqual(niceTicks(100, 4), [0, 25, 50, 75, 100]);
  assert.deepEqual(niceTicks(7, 2), [0, 5, 10]);
  for (const max of [1, 2, 9, 17, 48, 99, 101, 999, 12345]) {
    const t = niceTicks(max, 4);
    assert.equal(t[0], 0);
    assert.ok(t[t.length - 1] >= max, `${max}: ${t}`);
    assert.ok(t.every((v) => Number.isInteger(v)), `${max}: ${t}`);
    assert.ok(t.length <= 8, `${max}: ${t}`);
  }
});

test("stack puts segments in the order of keys, unknown types last, zeros dropped", () => {
  const s = stack({ ACCUSE: 8, CONSULT: 4, NEW: 1, ZERO: 0 }, ["CONSULT", "ACCUSE"]);
  assert.deepEqual(s, [
    { key: "CONSULT", value: 4, y0: 0, y1: 4 },
    { key: "ACCUSE", value: 8, y0: 4, y1: 12 },
    { key: "NEW", value: 1, y0: 12, y1: 13 },
  ]);
  assert.deepEqual(stack({}, ["CONSULT"]), []);
  assert.deepEqual(stack(undefined, []), []);
});

test("typeOrder sorts the types of all buckets by total, ties by name", () => {
  const order = typeOrder([{ by_type: { B: 2, A: 1 } }, { by_type: { A: 1, C: 5 } }, {}]);
  assert.deepEqual(order, [{ key: "C", total: 5 }, { key: "A", total: 2 }, { key: "B", total: 2 }]);
});

test("labelIndexes keeps labels apart", () => {
  assert.deepEqual(labelIndexes(0, 10), []);
  assert.deepEqual(labelIndexes(5, 100, 64), [0, 1, 2, 3, 4]);
  assert.deepEqual(labelIndexes(10, 20, 64), [0, 4, 8]);
});
