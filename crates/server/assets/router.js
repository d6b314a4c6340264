// router.js — owns hash routing: the table of views, rendering the view of the current hash
// into a fresh container inside #view (so a slow, superseded render writes into a detached
// node), the ready flag while it loads, errors of a view, focus and scroll after a change.

import { h, errorBox, track } from "./dom.js";
import { parseRoute, routeHash } from "./query.js";
import { closePanel } from "./panel.js";

const views = new Map();
let viewEl = null;
let current = null; // {view, id, params}
let onChange = () => {};

/** Registers the render function of a view: `render(container, {id, params})` (async). */
export function register(name, title, render) {
  views.set(name, { title, render });
}

/** The route shown now. */
export function currentRoute() {
  return current;
}

/**
 * Goes to a route. With `replace`, the history entry is replaced and the view re-rendered
 * (no new Back step). Going to the route already shown re-renders it.
 */
export function navigate(view, id, params = {}, { replace = false } = {}) {
  const hash = routeHash(view, id, params);
  if (replace) {
    history.replaceState(null, "", hash);
    render();
  } else if (location.hash === hash) {
    render();
  } else {
    location.hash = hash;
  }
}

/** Changes the hash without rendering (state a view keeps for itself, such as a filter box). */
export function setHashQuietly(view, id, params) {
  history.replaceState(null, "", routeHash(view, id, params));
  current = parseRoute(location.hash);
}

/** Starts routing into `el`; `changed(route)` runs on every route (for the navigation bar). */
export function startRouter(el, changed) {
  viewEl = el;
  onChange = changed || onChange;
  window.addEventListener("hashchange", render);
  render();
}

function focusKey(el) {
  if (!el || el === document.body || !viewEl.contains(el)) return null;
  return el.dataset.key ? `[data-key="${CSS.escape(el.dataset.key)}"]` : el.id ? `#${CSS.escape(el.id)}` : null;
}

function render() {
  const route = parseRoute(location.hash);
  const entry = views.get(route.view);
  const sameView = current && current.view === route.view && current.id === route.id;
  const refocus = sameView ? focusKey(document.activeElement) : null;
  current = route;
  closePanel();
  onChange(route);

  const root = h("div", { class: "view-root" });
  viewEl.replaceChildren(root);
  if (!sameView) window.scrollTo(0, 0);
  if (!entry) {
    document.title = "annalist";
    root.append(h("div", { class: "page narrow" }, h("h1", null, "Not found"), h("p", null, "There is no such page. "), h("a", { href: "#/timeline" }, "Go to the timeline")));
    track(Promise.resolve());
    return;
  }
  document.title = `${entry.title} — annalist`;
  const job = Promise.resolve()
    .then(() => entry.render(root, route))
    .catch((err) => {
      if (!root.isConnected) return;
      root.replaceChildren(h("div", { class: "page narrow" }, h("h1", null, entry.title), errorBox(err, () => render())));
    })
    .then(() => {
      if (!root.isConnected) return;
      if (refocus) {
        const el = root.querySelector(refocus);
        if (el) el.focus({ preventScroll: true });
      } else if (!sameView && document.activeElement === document.body) {
        const h1 = root.querySelector("h1");
        if (h1) {
          h1.tabIndex = -1;
          h1.focus({ preventScroll: true });
        }
      }
    });
  track(job);
}
