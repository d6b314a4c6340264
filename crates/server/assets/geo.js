// geo.js — owns the map geometry (pure functions, no DOM): the equirectangular projection
// of lon/lat onto the map's SVG coordinates, country rings (flat lon/lat lists from
// countries.json) to SVG path data, copies of rings that run past the antimeridian, and the
// radius of a place's circle from its event count.

/** The map's frame: longitudes -180..180 across `width`, latitudes latMax..latMin down `height`. */
export function frame({ width = 1000, latMax = 84, latMin = -58 } = {}) {
  const height = (width * (latMax - latMin)) / 360;
  return { width, height, latMax, latMin };
}

/** Equirectangular projection: [x, y] in SVG units for lon/lat in degrees (y grows downwards). */
export function project(lon, lat, f) {
  return [((lon + 180) / 360) * f.width, ((f.latMax - lat) / (f.latMax - f.latMin)) * f.height];
}

/** The inverse of project(). */
export function unproject(x, y, f) {
  return [(x / f.width) * 360 - 180, f.latMax - (y / f.height) * (f.latMax - f.latMin)];
}

function r1(v) {
  return Math.round(v * 10) / 10;
}

/** SVG path data of one ring `[lon, lat, lon, lat, ...]`, shifted by `shift` degrees of longitude. */
export function ringPath(ring, f, shift = 0) {
  if (!ring || ring.length < 6) return "";
  let d = "";
  for (let i = 0; i + 1 < ring.length; i += 2) {
    const [x, y] = project(ring[i] + shift, ring[i + 1], f);
    d += `${i === 0 ? "M" : "L"}${r1(x)} ${r1(y)}`;
  }
  return `${d}Z`;
}

/**
 * Path data of a country's polygons (each a list of rings, outer first), drawn with the
 * even-odd rule so holes stay empty. A polygon with longitudes past 180 (or -180) is drawn a
 * second time shifted by -360 (or +360), so the part beyond the antimeridian appears at the
 * other edge; the SVG viewport clips the rest.
 */
export function countryPath(polygons, f) {
  let d = "";
  for (const polygon of polygons || []) {
    let min = Infinity;
    let max = -Infinity;
    for (const ring of polygon) {
      for (let i = 0; i < ring.length; i += 2) {
        if (ring[i] < min) min = ring[i];
        if (ring[i] > max) max = ring[i];
      }
    }
    const shifts = [0];
    if (max > 180) shifts.push(-360);
    if (min < -180) shifts.push(360);
    for (const shift of shifts) for (const ring of polygon) d += ringPath(ring, f, shift);
  }
  return d;
}

/** Circle radius for `count` events when the largest place has `max`: area proportional, rMin..rMax. */
export function radius(count, max, rMin = 3, rMax = 22) {
  if (!(count > 0) || !(max > 0)) return rMin;
  return rMin + (rMax - rMin) * Math.sqrt(Math.min(count, max) / max);
}

/** The viewBox `[x, y, w, h]` after zooming by `factor` around the point (cx, cy), kept inside the frame. */
export function zoomBox(box, factor, cx, cy, f, maxZoom = 12) {
  const [x, y, w, hgt] = box;
  const nw = Math.min(f.width, Math.max(f.width / maxZoom, w / factor));
  const nh = (nw * f.height) / f.width;
  const fx = (cx - x) / w;
  const fy = (cy - y) / hgt;
  return clampBox([cx - fx * nw, cy - fy * nh, nw, nh], f);
}

/** Moves a viewBox by (dx, dy) SVG units, kept inside the frame. */
export function panBox(box, dx, dy, f) {
  return clampBox([box[0] + dx, box[1] + dy, box[2], box[3]], f);
}

function clampBox([x, y, w, hgt], f) {
  return [Math.max(0, Math.min(f.width - w, x)), Math.max(0, Math.min(f.height - hgt, y)), w, hgt];
}
