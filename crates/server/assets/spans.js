// spans.js — owns the span arithmetic of the page (pure functions, no DOM): UTF-8 byte
// offsets → JS (UTF-16) string indexes, and the splitting of overlapping, nested ranges of
// several layers into a well-formed tree of pieces that can be rendered as nested elements.

/** Number of UTF-8 bytes of the code point `cp`. */
export function utf8Width(cp) {
  if (cp < 0x80) return 1;
  if (cp < 0x800) return 2;
  if (cp < 0x10000) return 3;
  return 4;
}

/** UTF-8 length of a JS string, in bytes (lone surrogates count 3, as TextEncoder's U+FFFD). */
export function utf8Length(text) {
  let n = 0;
  for (const ch of text) n += utf8Width(ch.codePointAt(0));
  return n;
}

/**
 * A map from every UTF-8 byte offset of `text` (0 ..= byte length) to the UTF-16 index of the
 * character that starts there. A byte offset inside a multi-byte character maps to the start
 * of that character (spans from the server are on character boundaries; this keeps a bad one
 * from splitting a surrogate pair).
 */
export function byteToIndexMap(text) {
  const map = new Uint32Array(utf8Length(text) + 1);
  let b = 0;
  let i = 0;
  for (const ch of text) {
    const w = utf8Width(ch.codePointAt(0));
    for (let k = 0; k < w; k++) map[b + k] = i;
    b += w;
    i += ch.length;
  }
  map[b] = i;
  return map;
}

/** UTF-16 `[start, end)` of a byte span, clamped to the text; null for a missing span. */
export function byteSpanToIndex(map, span) {
  if (!Array.isArray(span) || span.length < 2) return null;
  const last = map.length - 1;
  const clamp = (v) => (Number.isFinite(v) ? Math.max(0, Math.min(last, Math.trunc(v))) : 0);
  let s = clamp(span[0]);
  let e = clamp(span[1]);
  if (e < s) [s, e] = [e, s];
  return [map[s], map[e]];
}

/** The text of a byte span of `text` (through `map`, built once per text). */
export function sliceBytes(text, map, span) {
  const r = byteSpanToIndex(map, span);
  return r ? text.slice(r[0], r[1]) : "";
}

/**
 * The order in which ranges covering the same stretch are nested, outermost first: pinned
 * ranges (`pin`, lower first) before the others, then the earlier start, the longer range, the
 * lower `rank` (the layer's depth: quotes 0, event mentions 1, entities 2, triggers 3), and the
 * input order.
 */
export function compareRanges(a, b) {
  const pa = a.pin ?? Infinity;
  const pb = b.pin ?? Infinity;
  if (pa !== pb) return pa < pb ? -1 : 1;
  if (a.start !== b.start) return a.start - b.start;
  if (a.end !== b.end) return b.end - a.end;
  const ra = a.rank ?? 0;
  const rb = b.rank ?? 0;
  if (ra !== rb) return ra - rb;
  return (a.order ?? 0) - (b.order ?? 0);
}

/**
 * Cuts [0, length) at every range boundary. Returns the consecutive segments, each
 * `{start, end, ranges}` with the ranges that cover it in nesting order (compareRanges);
 * segments that no range covers are included (ranges: []). Empty and out-of-text ranges are
 * ignored. The input ranges are `{start, end, ...}` objects and are returned as given (same
 * objects), with an `order` added when they have none.
 */
export function segments(length, ranges) {
  const live = [];
  ranges.forEach((r, n) => {
    if (r.order === undefined) r.order = n;
    const s = Math.max(0, r.start);
    const e = Math.min(length, r.end);
    if (e > s) live.push(r);
  });
  const cuts = new Set([0, length]);
  for (const r of live) {
    cuts.add(Math.max(0, r.start));
    cuts.add(Math.min(length, r.end));
  }
  const points = [...cuts].sort((x, y) => x - y);
  // Sweep: ranges sorted by start enter, leave when their end is reached.
  const byStart = [...live].sort((a, b) => a.start - b.start);
  const open = [];
  let next = 0;
  const out = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const s = points[k];
    const e = points[k + 1];
    while (next < byStart.length && byStart[next].start <= s) open.push(byStart[next++]);
    for (let j = open.length - 1; j >= 0; j--) if (open[j].end <= s) open.splice(j, 1);
    const covering = open.filter((r) => r.start <= s && r.end >= e).sort(compareRanges);
    out.push({ start: s, end: e, ranges: covering });
  }
  return out;
}

/**
 * Builds the element tree of `ranges` over a text of `length` code units: a list of nodes,
 * each either `{text: [start, end]}` (plain text) or `{range, start, end, children, first,
 * last}` (one piece of a range). Consecutive segments share the elements of their common
 * nesting prefix, so a range that crosses another's boundary is split into several pieces:
 * `first` is true on the piece where the range starts, `last` on the one where it ends.
 */
export function buildTree(length, ranges) {
  const root = { children: [] };
  const stack = [root]; // stack[d + 1] is the open piece of chain[d]
  let chain = [];
  for (const seg of segments(length, ranges)) {
    const next = seg.ranges;
    let common = 0;
    while (common < chain.length && common < next.length && chain[common] === next[common]) common++;
    chain = next;
    stack.length = common + 1;
    for (let d = common; d < next.length; d++) {
      const r = next[d];
      const node = { range: r, start: seg.start, end: seg.end, children: [], first: seg.start === Math.max(0, r.start), last: false };
      stack[stack.length - 1].children.push(node);
      stack.push(node);
    }
    for (let d = 1; d < stack.length; d++) {
      const node = stack[d];
      node.end = seg.end;
      node.last = seg.end === Math.min(length, node.range.end);
    }
    stack[stack.length - 1].children.push({ text: [seg.start, seg.end] });
  }
  return mergeText(root.children);
}

function mergeText(nodes) {
  const out = [];
  for (const n of nodes) {
    if (n.text && out.length && out[out.length - 1].text && out[out.length - 1].text[1] === n.text[0]) {
      out[out.length - 1] = { text: [out[out.length - 1].text[0], n.text[1]] };
    } else {
      if (n.children) n.children = mergeText(n.children);
      out.push(n);
    }
  }
  return out;
}

/** The pieces of the tree in document order (depth first), for tests and look-ups. */
export function flattenPieces(nodes, out = []) {
  for (const n of nodes) {
    if (n.range) {
      out.push(n);
      flattenPieces(n.children, out);
    }
  }
  return out;
}
