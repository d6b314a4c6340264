// Checks of the asset folder as a whole: the files the server must embed, each module's
// imports, and the Content-Security-Policy rules (no inline script or style, no eval, no
// innerHTML, nothing external), plus the test hooks the end-to-end test relies on.
import test from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";

const DIR = new URL("../assets/", import.meta.url);
// The page's files. build.rs embeds and serves every file of the folder, so this list keeps a
// stray or forgotten file from being shipped unnoticed: update it with the page.
export const ASSET_FILES = [
  "api.js", "app.css", "app.js", "chart.js", "countries.json", "document.js", "dom.js", "entities.js", "events.js",
  "filters.js", "format.js", "geo.js", "index.html", "map.js", "panel.js", "query.js", "quotes.js", "router.js",
  "search.js", "spans.js", "timeline.js",
];
const read = (name) => readFileSync(new URL(name, DIR), "utf8");
const js = ASSET_FILES.filter((f) => f.endsWith(".js"));

test("the asset folder holds exactly the listed files, no sub-folders", () => {
  const entries = readdirSync(DIR, { withFileTypes: true });
  assert.ok(entries.every((e) => e.isFile()), "no sub-folders");
  assert.deepEqual(entries.map((e) => e.name).sort(), [...ASSET_FILES].sort());
});

test("every module starts with a comment saying what it owns, and imports only listed siblings", async () => {
  for (const f of js) {
    const src = read(f);
    assert.match(src, new RegExp(`^// ${f.replace(".", "\\.")} — owns `), f);
    for (const m of src.matchAll(/^\s*import\s[^;]*?from\s+"([^"]+)"/gm)) {
      assert.match(m[1], /^\.\/[a-z]+\.js$/, `${f} imports ${m[1]}`);
      assert.ok(ASSET_FILES.includes(m[1].slice(2)), `${f} imports ${m[1]}`);
    }
  }
  assert.match(read("app.css"), /^\/\* app\.css — owns /);
  // every module loads without a DOM (no work at import time)
  for (const f of js.filter((x) => x !== "app.js")) await import(new URL(f, DIR));
});

test("no innerHTML, eval, inline handlers, or inline styles in markup", () => {
  for (const f of js) {
    const src = read(f).replace(/^\s*\/\/.*$/gm, "");
    for (const bad of [/\.innerHTML\b/, /\.outerHTML\b/, /insertAdjacentHTML/, /document\.write/, /\beval\(/, /new Function\(/, /setTimeout\(\s*["'`]/, /setAttribute\(\s*["']style["']/, /setAttribute\(\s*["']on/]) {
      assert.doesNotMatch(src, bad, `${f}: ${bad}`);
    }
  }
  const html = read("index.html");
  assert.doesNotMatch(html, /\sstyle=/i);
  assert.doesNotMatch(html, /\son[a-z]+=/i);
  assert.doesNotMatch(html, /<style/i);
  assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//i, "nothing external");
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/gi)];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0][1], /type="module"/);
  assert.match(scripts[0][1], /src="\/assets\/app\.js"/);
  assert.equal(scripts[0][2].trim(), "", "no inline script");
  assert.doesNotMatch(read("app.css"), /@import|url\(\s*["']?(https?:)?\/\//i);
});

test("the end-to-end test hooks exist", () => {
  const all = js.map(read).join("\n") + read("index.html");
  for (const hook of ['id="view"', 'id="search-input"', 'id="search-form"']) assert.ok(read("index.html").includes(hook), hook);
  for (const id of ["event-row", "report", "search-hit", "speaker", "quote", "map-place", "timeline-chart", "doc-text"]) {
    assert.ok(all.includes(`"data-testid": "${id}"`) || all.includes(`"data-testid", "${id}"`), id);
  }
  assert.ok(all.includes('dataset.testid = "mention"') && all.includes('dataset.testid = "trigger"'));
  assert.ok(all.includes('document.body.dataset.ready = "1"') && all.includes('document.body.dataset.ready = "0"'));
});
