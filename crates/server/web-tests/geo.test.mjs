// Tests of geo.js (the equirectangular projection, ring paths, circle radii, zoom) and of the
// generated countries.json that it draws.
import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { frame, project, unproject, ringPath, countryPath, radius, zoomBox, panBox } from "../assets/geo.js";

const f = frame({ width: 1000, latMax: 84, latMin: -58 });
const close = (a, b, eps = 1e-9) => assert.ok(Math.abs(a - b) < eps, `${a} ≈ ${b}`);

test("frame and project map the corners and the centre", () => {
  close(f.height, (1000 * 142) / 360);
  assert.deepEqual(project(-180, 84, f), [0, 0]);
  const [x, y] = project(180, -58, f);
  close(x, 1000);
  close(y, f.height);
  close(project(0, 0, f)[0], 500);
  // one degree of longitude is as wide as one degree of latitude is high
  close(project(1, 0, f)[0] - project(0, 0, f)[0], project(0, 0, f)[1] - project(0, 1, f)[1]);
  // Geneva east of Greenwich and north of the equator
  const [gx, gy] = project(6.14, 46.2, f);
  assert.ok(gx > 500 && gy < project(0, 0, f)[1]);
});

test("unproject inverts project", () => {
  for (const [lon, lat] of [[37.61, 55.75], [-77.04, 38.9], [177.5, 64.73], [0, 0]]) {
    const [x, y] = project(lon, lat, f);
    const [lo, la] = unproject(x, y, f);
    close(lo, lon, 1e-9);
    close(la, lat, 1e-9);
  }
});

test("ringPath draws a closed path; degenerate rings draw nothing", () => {
  assert.equal(ringPath([-180, 84, 0, 84, 0, 0], f), `M0 0L500 0L500 ${Math.round(project(0, 0, f)[1] * 10) / 10}Z`);
  assert.equal(ringPath([1, 2, 3, 4], f), "");
  assert.equal(ringPath(null, f), "");
});

test("countryPath draws a ring that runs past the antimeridian a second time, shifted", () => {
  const inside = [[[10, 10, 20, 10, 20, 20]]];
  assert.equal((countryPath(inside, f).match(/M/g) || []).length, 1);
  const east = [[[170, 60, 190, 60, 190, 65]]]; // Chukotka-like, lon past 180
  const d = countryPath(east, f);
  assert.equal((d.match(/M/g) || []).length, 2);
  assert.ok(d.includes(`M${Math.round(project(170 - 360, 60, f)[0] * 10) / 10} `), d);
  const west = [[[-181.4, -16, -179.8, -16, -179.8, -17]]]; // Fiji-like, lon past -180
  assert.equal((countryPath(west, f).match(/M/g) || []).length, 2);
  assert.equal(countryPath([], f), "");
});

test("radius grows with the square root of the count, within bounds", () => {
  assert.equal(radius(0, 10), 3);
  assert.equal(radius(10, 10), 22);
  assert.equal(radius(50, 10), 22);
  close(radius(2.5, 10), 3 + 19 * 0.5);
  assert.ok(radius(2, 10) < radius(3, 10));
  assert.equal(radius(5, 0), 3);
});

test("zoomBox keeps the point under the cursor and stays inside the frame", () => {
  const full = [0, 0, f.width, f.height];
  const z = zoomBox(full, 2, 500, f.height / 2, f);
  close(z[2], 500);
  close(z[0] + z[2] / 2, 500);
  // zooming out past the whole world gives the whole world
  assert.deepEqual(zoomBox(z, 0.1, 0, 0, f), full);
  // zooming at a corner stays inside
  const c = zoomBox(full, 4, 0, 0, f);
  assert.deepEqual([c[0], c[1]], [0, 0]);
  // at most 12×
  close(zoomBox(full, 1000, 500, 100, f)[2], f.width / 12);
  // panning is clamped
  assert.deepEqual(panBox(c, -1e6, -1e6, f).slice(0, 2), [0, 0]);
  const p = panBox(c, 1e6, 1e6, f);
  close(p[0] + p[2], f.width);
  close(p[1] + p[3], f.height);
});

test("countries.json: header, size, names and coordinates", () => {
  const path = new URL("../assets/countries.json", import.meta.url);
  const size = statSync(path).size;
  assert.ok(size < 250 * 1024, `countries.json is ${size} bytes`);
  const data = JSON.parse(readFileSync(path, "utf8"));
  assert.match(data.source, /Natural Earth/);
  assert.match(data.version, /world-atlas 2\./);
  assert.match(data.licence, /public domain/);
  assert.ok(data.countries.length > 150);
  const names = new Set(data.countries.map((c) => c.name));
  for (const n of ["Russia", "Ukraine", "United States of America", "France", "Fiji", "Antarctica"]) assert.ok(names.has(n), n);
  for (const c of data.countries) {
    assert.ok(c.polygons.length > 0, c.name);
    for (const polygon of c.polygons)
      for (const ring of polygon) {
        assert.ok(ring.length >= 6 && ring.length % 2 === 0, c.name);
        for (let i = 0; i < ring.length; i += 2) {
          assert.ok(ring[i] >= -200 && ring[i] <= 200, `${c.name} lon ${ring[i]}`);
          assert.ok(ring[i + 1] >= -90 && ring[i + 1] <= 90, `${c.name} lat ${ring[i + 1]}`);
          if (i >= 2) assert.ok(Math.abs(ring[i] - ring[i - 2]) < 180, `${c.name}: no jump across the map`);
        }
      }
  }
  // Moscow lies inside Russia's outline (even-odd test on its rings)
  const inside = (lon, lat, polygons) => {
    let n = 0;
    for (const polygon of polygons)
      for (const r of polygon)
        for (let i = 0, j = r.length - 2; i < r.length; j = i, i += 2)
          if (r[i + 1] > lat !== r[j + 1] > lat && lon < ((r[j] - r[i]) * (lat - r[i + 1])) / (r[j + 1] - r[i + 1]) + r[i]) n++;
    return n % 2 === 1;
  };
  const russia = data.countries.find((c) => c.name === "Russia");
  assert.ok(inside(37.61, 55.75, russia.polygons));
  assert.ok(!inside(2.35, 48.86, russia.polygons)); // Paris
  assert.ok(inside(2.35, 48.86, data.countries.find((c) => c.name === "France").polygons));
});
