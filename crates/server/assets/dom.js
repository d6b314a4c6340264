// dom.js — owns building the DOM: element helpers that create nodes and set text with
// textContent (never innerHTML, so every piece of data is escaped by construction), SVG
// elements, keyboard activation, and the shared loading / error / pager widgets.
// Nothing runs at import time.

const SVG_NS = "http://www.w3.org/2000/svg";

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

function setProps(el, props, isSvg) {
  for (const [k, v] of Object.entries(props || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.setAttribute("class", Array.isArray(v) ? v.filter(Boolean).join(" ") : v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k === "style") Object.assign(el.style, v); // CSSOM, allowed by the CSP
    else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k === "text") el.textContent = String(v);
    else if (!isSvg && (k === "value" || k === "checked" || k === "selected" || k === "disabled" || k === "hidden")) el[k] = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
}

/** `h("a", {href: "#/x", class: "c", onClick: f}, "text", child)`: an HTML element. */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  setProps(el, props, false);
  append(el, children);
  return el;
}

/** An SVG element, same calling convention as h(). */
export function s(tag, props, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setProps(el, props, true);
  append(el, children);
  return el;
}

/** Removes all children of `el` and appends `children`. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Makes a non-button element act as a button: focusable, Enter and Space call `fn`. */
export function activatable(el, fn, label) {
  el.tabIndex = 0;
  if (!el.hasAttribute("role")) el.setAttribute("role", "button");
  if (label) el.setAttribute("aria-label", label);
  el.addEventListener("click", fn);
  el.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      fn(e);
    }
  });
  return el;
}

/** A "Loading …" placeholder. */
export function loading(what = "Loading") {
  return h("div", { class: "loading", role: "status" }, h("span", { class: "spinner", "aria-hidden": "true" }), `${what}…`);
}

/** An error box for an ApiError (or any Error), with a retry button when `retry` is given. */
export function errorBox(err, retry) {
  const status = err && err.status ? ` (${err.status})` : "";
  return h(
    "div",
    { class: "error", role: "alert" },
    h("strong", null, `Error${status}: `),
    String((err && err.message) || err),
    retry ? h("button", { type: "button", class: "btn small", onClick: retry }, "Retry") : null,
  );
}

/** An empty-result note. */
export function empty(text) {
  return h("p", { class: "empty" }, text);
}

/**
 * Previous / next pager for a paged answer `{total, offset, limit}`; `go(offset)` is called
 * with the new offset. Returns null when everything fits on one page.
 */
export function pager(page, go, key = "pager") {
  const { total = 0, offset = 0, limit = 50 } = page || {};
  if (total <= limit && offset === 0) return null;
  const from = total === 0 ? 0 : offset + 1;
  const to = Math.min(total, offset + limit);
  return h(
    "nav",
    { class: "pager", "aria-label": "Pages" },
    h("button", { type: "button", class: "btn small", disabled: offset <= 0, "data-key": `${key}-prev`, onClick: () => go(Math.max(0, offset - limit)) }, "← Previous"),
    h("span", { class: "pager-info" }, `${from.toLocaleString("en")}–${to.toLocaleString("en")} of ${total.toLocaleString("en")}`),
    h("button", { type: "button", class: "btn small", disabled: offset + limit >= total, "data-key": `${key}-next`, onClick: () => go(offset + limit) }, "Next →"),
  );
}

/** A definition list from `[[term, value], ...]`, skipping empty values. */
export function facts(rows) {
  const dl = h("dl", { class: "facts" });
  for (const [term, value] of rows) {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) continue;
    dl.append(h("dt", null, term), h("dd", null, value));
  }
  return dl;
}

/** A small coloured chip (entity kind, event type ...). */
export function chip(text, cls, colour) {
  const el = h("span", { class: ["chip", cls] }, text);
  if (colour) {
    el.style.setProperty("--chip", colour);
    el.classList.add("coloured");
  }
  return el;
}

/** A colour swatch for legends. */
export function swatch(colour, cls) {
  const el = h("span", { class: ["swatch", cls], "aria-hidden": "true" });
  if (colour) el.style.background = colour;
  return el;
}

let pending = 0;
/**
 * Marks the page busy while `promise` runs: `document.body.dataset.ready` is "0" while any
 * tracked work is pending and "1" once all of it has settled (for the end-to-end test).
 */
export function track(promise) {
  pending++;
  document.body.dataset.ready = "0";
  const done = () => {
    pending = Math.max(0, pending - 1);
    if (pending === 0) document.body.dataset.ready = "1";
  };
  promise.then(done, done);
  return promise;
}
