// map.js — owns the map view (#/map?event filters): the country outlines of countries.json
// (Natural Earth 1:110m) in an equirectangular SVG, one circle per place of /api/map sized by
// its event count, zoom and pan (buttons, mouse wheel, keyboard), and the list of a place's
// events in the side panel (each opening its reports). A table of the places follows the map.

import { h, s, replace, loading, errorBox, empty, track, swatch } from "./dom.js";
import { api } from "./api.js";
import { navigate } from "./router.js";
import { openPanel } from "./panel.js";
import { filterForm, eventFilters } from "./filters.js";
import { frame, project, countryPath, radius, zoomBox, panBox } from "./geo.js";
import { eventList } from "./events.js";
import { formatCount, plural, typeColour } from "./format.js";

let countriesPromise = null;
function countries() {
  if (!countriesPromise) {
    countriesPromise = api.countries();
    countriesPromise.catch(() => (countriesPromise = null));
  }
  return countriesPromise;
}

/** The main event type of a place (most events), for its colour. */
function mainType(byType) {
  let best = null;
  for (const [k, v] of Object.entries(byType || {})) if (!best || v > best[1] || (v === best[1] && k < best[0])) best = [k, v];
  return best ? best[0] : null;
}

function placeLabel(pl) {
  return `${pl.name}: ${plural(pl.events, "event")}, ${plural(pl.sources ?? 0, "source")}`;
}

/** Opens the panel on a place and lists its events (fetched one by one, at most 20). */
function openPlace(pl, from) {
  const types = Object.entries(pl.by_type || {}).sort((a, b) => b[1] - a[1]);
  const listBox = h("div", null, loading("Loading the events"));
  openPanel(
    pl.name,
    [
      h("p", { class: "meta" }, `${plural(pl.events, "event")} · ${plural(pl.sources ?? 0, "source")} · ${pl.lat}, ${pl.lon}`),
      types.length ? h("p", null, types.map(([t, n]) => h("span", { class: "type-count" }, swatch(typeColour(t)), `${t} ${n}`, " "))) : null,
      (pl.event_ids || []).length < pl.events ? h("p", { class: "meta" }, `The first ${pl.event_ids.length} events:`) : null,
      listBox,
    ],
    { from },
  );
  const ids = pl.event_ids || [];
  return track(
    Promise.allSettled(ids.map((id) => api.event(id))).then((res) => {
      const evs = res.filter((r) => r.status === "fulfilled").map((r) => r.value);
      const failed = res.length - evs.length;
      replace(
        listBox,
        evs.length ? eventList(evs, (ev) => navigate("event", ev.id)) : empty("No events could be loaded."),
        failed ? errorBox(res.find((r) => r.status === "rejected").reason) : null,
      );
    }),
  );
}

export async function renderMap(view, { params }) {
  const filters = eventFilters(params);
  const f = frame({ width: 1000 });
  const mapBox = h("section", { class: "card map-card", "aria-label": "Map" }, loading("Loading the map"));
  const tableBox = h("section", { class: "card" });
  replace(view, h("div", { class: "page" }, h("h1", { class: "visually-hidden" }, "Map"), filterForm(params, (p) => navigate("map", null, p), { idPrefix: "map" }), mapBox, tableBox));

  const [world, data] = await Promise.all([countries().catch((e) => ({ error: e })), api.map(filters)]);
  const places = [...(data.places || [])].filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon)).sort((a, b) => b.events - a.events || (a.name < b.name ? -1 : 1));
  const max = places.length ? places[0].events : 1;

  let box = [0, 0, f.width, f.height];
  const svg = s("svg", { class: "map", viewBox: box.join(" "), role: "group", "aria-label": "World map of event places. Tab to a place; + and - zoom, arrow keys pan when the map is focused.", tabindex: 0, preserveAspectRatio: "xMidYMid meet" });
  svg.append(s("rect", { class: "sea", x: 0, y: 0, width: f.width, height: f.height }));
  const land = s("g", { class: "countries" });
  if (!world.error) {
    for (const c of world.countries || []) land.append(s("path", { d: countryPath(c.polygons, f), "fill-rule": "evenodd" }, s("title", null, c.name)));
  }
  svg.append(land);
  const graticule = s("g", { class: "graticule" });
  for (let lon = -150; lon <= 150; lon += 30) {
    const [x] = project(lon, 0, f);
    graticule.append(s("line", { x1: x, x2: x, y1: 0, y2: f.height }));
  }
  for (let lat = -30; lat <= 60; lat += 30) {
    const [, y] = project(0, lat, f);
    graticule.append(s("line", { x1: 0, x2: f.width, y1: y, y2: y }));
  }
  svg.append(graticule);

  const dots = s("g", { class: "places" });
  const circles = [];
  for (const pl of places) {
    const [x, y] = project(pl.lon, pl.lat, f);
    const r0 = radius(pl.events, max);
    const c = s("circle", { cx: x, cy: y, r: r0, class: "place", fill: typeColour(mainType(pl.by_type)), tabindex: 0, role: "button", "aria-label": placeLabel(pl), "data-testid": "map-place", "data-name": pl.name });
    c.append(s("title", null, placeLabel(pl)));
    const act = (e) => {
      e.preventDefault();
      e.stopPropagation();
      openPlace(pl, c);
    };
    c.addEventListener("click", act);
    c.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") act(e);
    });
    circles.push([c, r0]);
    dots.append(c);
  }
  svg.append(dots);

  const setBox = (b) => {
    box = b;
    svg.setAttribute("viewBox", box.map((v) => Math.round(v * 10) / 10).join(" "));
    const k = f.width / box[2];
    for (const [c, r0] of circles) c.setAttribute("r", String(Math.max(1.5, r0 / Math.sqrt(k))));
    land.style.strokeWidth = String(0.5 / k);
  };
  const zoom = (factor, cx = box[0] + box[2] / 2, cy = box[1] + box[3] / 2) => setBox(zoomBox(box, factor, cx, cy, f));
  const pan = (dx, dy) => setBox(panBox(box, dx * box[2], dy * box[3], f));
  svg.addEventListener("wheel", (e) => {
    e.preventDefault();
    const pt = svg.getBoundingClientRect();
    const cx = box[0] + ((e.clientX - pt.left) / pt.width) * box[2];
    const cy = box[1] + ((e.clientY - pt.top) / pt.height) * box[3];
    zoom(e.deltaY < 0 ? 1.4 : 1 / 1.4, cx, cy);
  }, { passive: false });
  svg.addEventListener("keydown", (e) => {
    if (e.target !== svg) return;
    const keys = { "+": () => zoom(1.4), "=": () => zoom(1.4), "-": () => zoom(1 / 1.4), ArrowLeft: () => pan(-0.15, 0), ArrowRight: () => pan(0.15, 0), ArrowUp: () => pan(0, -0.15), ArrowDown: () => pan(0, 0.15), "0": () => setBox([0, 0, f.width, f.height]) };
    if (keys[e.key]) {
      e.preventDefault();
      keys[e.key]();
    }
  });
  let drag = null;
  svg.addEventListener("pointerdown", (e) => {
    if (e.target.closest(".place")) return;
    drag = { x: e.clientX, y: e.clientY, box: [...box] };
    svg.setPointerCapture(e.pointerId);
  });
  svg.addEventListener("pointermove", (e) => {
    if (!drag) return;
    const rect = svg.getBoundingClientRect();
    const scale = box[2] / rect.width;
    setBox(panBox(drag.box, -(e.clientX - drag.x) * scale, -(e.clientY - drag.y) * scale, f));
  });
  svg.addEventListener("pointerup", () => (drag = null));

  const tools = h(
    "div",
    { class: "map-tools" },
    h("button", { type: "button", class: "btn small", "aria-label": "Zoom in", onClick: () => zoom(1.5) }, "+"),
    h("button", { type: "button", class: "btn small", "aria-label": "Zoom out", onClick: () => zoom(1 / 1.5) }, "−"),
    h("button", { type: "button", class: "btn small", onClick: () => setBox([0, 0, f.width, f.height]) }, "Whole world"),
    h("span", { class: "meta" }, `${plural(places.length, "place")} · ${formatCount(places.reduce((a, p) => a + p.events, 0))} events with coordinates · ${formatCount(data.without_coordinates ?? 0)} without`),
  );
  replace(
    mapBox,
    h("div", { class: "card-head" }, h("h2", null, "Where the events happened"), tools),
    world.error ? errorBox(world.error) : null,
    h("div", { class: "map-holder" }, svg),
    h("p", { class: "attribution" }, "Country outlines: Natural Earth (public domain), via world-atlas."),
  );
  setBox(box);

  // the places as a table: a keyboard- and screen-reader-friendly view of the same data
  const rows = places.slice(0, 100).map((pl) => {
    const btn = h("button", { type: "button", class: "linklike", "data-key": `place-${pl.name}`, onClick: (e) => openPlace(pl, e.currentTarget) }, pl.name);
    return h("tr", null, h("td", null, btn), h("td", { class: "num" }, formatCount(pl.events)), h("td", { class: "num" }, formatCount(pl.sources ?? 0)), h("td", null, Object.entries(pl.by_type || {}).sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t} ${n}`).join(", ")));
  });
  replace(
    tableBox,
    h("h2", null, places.length > 100 ? "The 100 places with most events" : "Places"),
    rows.length
      ? h("table", { class: "data" }, h("thead", null, h("tr", null, h("th", { scope: "col" }, "Place"), h("th", { scope: "col", class: "num" }, "Events"), h("th", { scope: "col", class: "num" }, "Sources"), h("th", { scope: "col" }, "Types"))), h("tbody", null, rows))
      : empty("No event with a located place matches these filters."),
  );
}
