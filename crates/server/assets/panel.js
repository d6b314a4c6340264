// panel.js — owns the side panel (the details drawer at the right): opening it with a title
// and content, closing it (close button, Escape), and giving focus back to what opened it.

import { replace } from "./dom.js";

let opener = null;

function parts() {
  return {
    panel: document.getElementById("panel"),
    title: document.getElementById("panel-title"),
    body: document.getElementById("panel-body"),
  };
}

/** True while the panel is shown. */
export function panelOpen() {
  const { panel } = parts();
  return !!panel && !panel.hidden;
}

/**
 * Shows the panel with `title` and `content` (a node or a list of nodes). `focus` moves the
 * keyboard focus into it (the default; pass false when the page opens it by itself).
 * Returns the body element, to fill in later (e.g. after a fetch).
 */
export function openPanel(title, content, { focus = true, from = document.activeElement } = {}) {
  const { panel, title: t, body } = parts();
  if (from && from !== document.body && !panel.contains(from)) opener = from;
  t.textContent = title;
  replace(body, content);
  panel.hidden = false;
  document.body.classList.add("panel-open");
  body.scrollTop = 0;
  if (focus) t.focus();
  return body;
}

/** Hides the panel and, when focus was in it, returns focus to the element that opened it. */
export function closePanel() {
  const { panel, body } = parts();
  if (!panel || panel.hidden) return;
  const hadFocus = panel.contains(document.activeElement);
  panel.hidden = true;
  document.body.classList.remove("panel-open");
  body.replaceChildren();
  if (hadFocus && opener && opener.isConnected) opener.focus();
  opener = null;
}

/** Wires the close button and the Escape key (once, at start-up). */
export function initPanel() {
  document.getElementById("panel-close").addEventListener("click", closePanel);
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && panelOpen()) {
      e.preventDefault();
      closePanel();
    }
  });
}
