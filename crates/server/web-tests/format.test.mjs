// Tests of format.js: counts, periods and their date ranges, snippets, colours.
import test from "node:test";
import assert from "node:assert/strict";
import { formatCount, plural, periodKind, formatPeriod, shortPeriod, periodRange, isoWeekMonday, isoWeekOf, nextPeriod, fillPeriods, finerBucket, parseSnippet, truncate, typeColour, kindClass, kindLabel } from "../assets/format.js";

test("formatCount groups thousands without a locale", () => {
  assert.equal(formatCount(0), "0");
  assert.equal(formatCount(999), "999");
  assert.equal(formatCount(1000), "1,000");
  assert.equal(formatCount(1234567), "1,234,567");
  assert.equal(formatCount(-4321.5), "-4,321.5");
  assert.equal(formatCount(undefined), "–");
  assert.equal(plural(1, "source"), "1 source");
  assert.equal(plural(2, "source"), "2 sources");
});

test("periodKind and formatPeriod for each bucket", () => {
  assert.equal(periodKind("2022-01-14"), "day");
  assert.equal(periodKind("2022-W03"), "week");
  assert.equal(periodKind("2022-01"), "month");
  assert.equal(periodKind("2022"), "year");
  assert.equal(periodKind("PRESENT_REF"), null);
  assert.equal(formatPeriod("2022-01-04"), "4 Jan 2022");
  assert.equal(formatPeriod("2022-W03"), "week 3 of 2022");
  assert.equal(formatPeriod("2022-12"), "Dec 2022");
  assert.equal(formatPeriod("2022"), "2022");
  assert.equal(formatPeriod(null), "undated");
  assert.equal(formatPeriod("XXXX-12-17"), "XXXX-12-17");
  assert.equal(shortPeriod("2022-03-09"), "9 Mar");
  assert.equal(shortPeriod("2022-W09"), "W09");
  assert.equal(shortPeriod("2022-03"), "Mar");
});

test("periodRange: months (leap years), years, days and ISO weeks", () => {
  assert.deepEqual(periodRange("2024-02"), ["2024-02-01", "2024-02-29"]);
  assert.deepEqual(periodRange("2023-02"), ["2023-02-01", "2023-02-28"]);
  assert.deepEqual(periodRange("2022-12"), ["2022-12-01", "2022-12-31"]);
  assert.deepEqual(periodRange("2022"), ["2022-01-01", "2022-12-31"]);
  assert.deepEqual(periodRange("2022-01-14"), ["2022-01-14", "2022-01-14"]);
  // ISO weeks: week 1 holds the year's first Thursday
  assert.deepEqual(periodRange("2022-W01"), ["2022-01-03", "2022-01-09"]);
  assert.deepEqual(periodRange("2020-W53"), ["2020-12-28", "2021-01-03"]);
  assert.deepEqual(periodRange("2021-W52"), ["2021-12-27", "2022-01-02"]);
  assert.deepEqual(periodRange("2026-W01"), ["2025-12-29", "2026-01-04"]);
  assert.equal(periodRange("soon"), null);
  assert.equal(isoWeekMonday(2015, 1).toISOString().slice(0, 10), "2014-12-29");
});

test("isoWeekOf and nextPeriod cross year boundaries", () => {
  const d = (s) => new Date(`${s}T00:00:00Z`);
  assert.equal(isoWeekOf(d("2021-01-03")), "2020-W53");
  assert.equal(isoWeekOf(d("2021-01-04")), "2021-W01");
  assert.equal(isoWeekOf(d("2024-12-30")), "2025-W01");
  assert.equal(isoWeekOf(d("2022-03-03")), "2022-W09");
  assert.equal(nextPeriod("2020-W52"), "2020-W53");
  assert.equal(nextPeriod("2020-W53"), "2021-W01");
  assert.equal(nextPeriod("2021-W52"), "2022-W01");
  assert.equal(nextPeriod("2022-12"), "2023-01");
  assert.equal(nextPeriod("2022-09"), "2022-10");
  assert.equal(nextPeriod("2024-02-28"), "2024-02-29");
  assert.equal(nextPeriod("2022-12-31"), "2023-01-01");
  assert.equal(nextPeriod("1999"), "2000");
  assert.equal(nextPeriod("x"), null);
});

test("fillPeriods inserts the missing periods as empty buckets", () => {
  const make = (period) => ({ period, events: 0 });
  const out = fillPeriods([{ period: "2021-11", events: 3 }, { period: "2022-02", events: 1 }], make);
  assert.deepEqual(out.map((b) => [b.period, b.events]), [["2021-11", 3], ["2021-12", 0], ["2022-01", 0], ["2022-02", 1]]);
  const weeks = fillPeriods([{ period: "2020-W52" }, { period: "2021-W02" }], make);
  assert.deepEqual(weeks.map((b) => b.period), ["2020-W52", "2020-W53", "2021-W01", "2021-W02"]);
  // left alone: empty, single, mixed kinds, out of order, too many
  assert.deepEqual(fillPeriods([], make), []);
  const mixed = [{ period: "2022" }, { period: "2022-03" }];
  assert.equal(fillPeriods(mixed, make), mixed);
  const backwards = [{ period: "2022-03" }, { period: "2022-01" }];
  assert.equal(fillPeriods(backwards, make), backwards);
  const far = [{ period: "1900-01-01" }, { period: "2022-01-01" }];
  assert.equal(fillPeriods(far, make, 1500), far);
});

test("finerBucket drills year → month → day", () => {
  assert.equal(finerBucket("year"), "month");
  assert.equal(finerBucket("month"), "day");
  assert.equal(finerBucket("week"), "day");
  assert.equal(finerBucket("day"), "day");
});

test("parseSnippet: matches between brackets, multi-byte text, stray brackets", () => {
  assert.deepEqual(parseSnippet("… Zelensky’s [talks] in “[Istanbul]” …"), [
    { text: "… Zelensky’s ", mark: false },
    { text: "talks", mark: true },
    { text: " in “", mark: false },
    { text: "Istanbul", mark: true },
    { text: "” …", mark: false },
  ]);
  assert.deepEqual(parseSnippet("[a][b] c"), [{ text: "ab", mark: true }, { text: " c", mark: false }]);
  assert.deepEqual(parseSnippet("open [ without close"), [{ text: "open [ without close", mark: false }]);
  assert.deepEqual(parseSnippet("a ] b [c]"), [{ text: "a ] b ", mark: false }, { text: "c", mark: true }]);
  assert.deepEqual(parseSnippet("[x [y] z]"), [{ text: "x [y", mark: true }, { text: " z]", mark: false }]);
  assert.deepEqual(parseSnippet("empty [] match"), [{ text: "empty  match", mark: false }]);
  assert.deepEqual(parseSnippet("<b>html</b> [<i>]"), [{ text: "<b>html</b> ", mark: false }, { text: "<i>", mark: true }]);
  assert.deepEqual(parseSnippet(null), []);
  assert.deepEqual(parseSnippet(""), []);
});

test("truncate counts code points and never splits an emoji", () => {
  assert.equal(truncate("short", 10), "short");
  assert.equal(truncate("😀😀😀😀", 3), "😀😀…");
  assert.equal(truncate(null, 3), "");
});

test("colours and kind classes are stable and total", () => {
  assert.equal(typeColour("CONSULT"), typeColour("consult"));
  assert.notEqual(typeColour("CONSULT"), typeColour("ASSAULT"));
  assert.match(typeColour("SOMETHING_NEW"), /^#[0-9a-f]{6}$/);
  assert.equal(typeColour("SOMETHING_NEW"), typeColour("SOMETHING_NEW"));
  assert.match(typeColour(undefined), /^#/);
  assert.equal(kindClass("organisation"), "org");
  assert.equal(kindClass("organization"), "org");
  assert.equal(kindClass("Person"), "person");
  assert.equal(kindClass("vehicle"), "other");
  assert.equal(kindLabel("vehicle"), "VEHICLE");
  assert.equal(kindLabel("organization"), "ORG");
  assert.equal(kindLabel(null), "ENTITY");
});
