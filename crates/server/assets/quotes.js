// quotes.js — owns the quote browser (#/quotes?speaker=&from=&to=&about=&offset=&sq=): the
// speakers of /api/speakers with a filter box (sq) and "more", and the quotes of the chosen
// speaker (or of everyone) from /api/quotes with from / to / about filters, paged, each
// linking to its place in the document.

import { h, replace, loading, errorBox, empty, pager, chip } from "./dom.js";
import { api } from "./api.js";
import { navigate, setHashQuietly } from "./router.js";
import { routeHash, pick, intParam } from "./query.js";
import { formatCount, formatPeriod, plural } from "./format.js";

const LIMIT = 30;
const SPEAKERS = 50;
const KEYS = ["speaker", "from", "to", "about", "sq"];

/** One quote (an item of /api/quotes) as a list entry. */
export function quoteItem(q, { showSpeaker = true } = {}) {
  const who = q.speaker || q.speaker_text || "unknown speaker";
  const docLink = routeHash("doc", q.doc_id, Array.isArray(q.span) ? { quote: q.span[0] } : {});
  return h(
    "li",
    { class: "quote-item", "data-testid": "quote" },
    h("blockquote", { class: ["quote-text", `q-${q.kind || "direct"}`] }, q.text),
    h(
      "p",
      { class: "meta" },
      showSpeaker ? [q.speaker ? h("a", { href: routeHash("quotes", null, { speaker: q.speaker }) }, who) : who, q.speaker && q.speaker_text && q.speaker_text !== q.speaker ? ` (“${q.speaker_text}”)` : "", " · "] : q.speaker_text && q.speaker_text !== q.speaker ? [`as “${q.speaker_text}” · `] : null,
      chip(q.kind || "quote", "kind"),
      q.cue?.text ? ` ${q.cue.text}` : "",
      " · ",
      q.dct ? formatPeriod(q.dct) : "undated",
      " · ",
      h("a", { href: docLink }, q.title || q.source || "document"),
    ),
  );
}

export async function renderQuotes(view, { params }) {
  const p = pick(params, KEYS);
  const offset = intParam(params.offset);
  const go = (np) => navigate("quotes", null, np);

  // speakers column: its filter box updates the list in place (no re-render of the view)
  const speakerList = h("ul", { class: "speaker-list" });
  const more = h("div", { class: "more" });
  const filterBox = h("input", { type: "search", id: "speaker-filter", value: p.sq || "", placeholder: "Filter speakers", "aria-label": "Filter speakers by name", autocomplete: "off" });
  let speakerOffset = 0;
  let speakerToken = 0;
  const loadSpeakers = async (reset) => {
    const token = ++speakerToken;
    if (reset) {
      speakerOffset = 0;
      replace(speakerList, h("li", null, loading("Loading speakers")));
    }
    more.replaceChildren();
    try {
      const page = await api.speakers({ q: filterBox.value.trim(), offset: speakerOffset, limit: SPEAKERS });
      if (token !== speakerToken) return;
      if (reset) speakerList.replaceChildren();
      const items = page.items || [];
      for (const sp of items) {
        const cur = sp.name === p.speaker;
        speakerList.append(
          h(
            "li",
            null,
            h(
              "button",
              { type: "button", class: ["speaker", cur && "current"], "data-testid": "speaker", "data-key": `speaker-${sp.name}`, "aria-pressed": cur ? "true" : "false", onClick: () => go({ ...p, speaker: cur ? "" : sp.name, offset: "" }) },
              h("span", { class: "speaker-name" }, sp.name),
              h("span", { class: "meta" }, `${plural(sp.quotes, "quote")} · ${plural(sp.documents, "document")}`),
            ),
          ),
        );
      }
      if (reset && !items.length) speakerList.append(h("li", null, empty("No speaker matches.")));
      speakerOffset += items.length;
      if (speakerOffset < (page.total ?? 0)) more.append(h("button", { type: "button", class: "btn small", onClick: () => loadSpeakers(false) }, `More speakers (${formatCount(page.total - speakerOffset)} left)`));
    } catch (err) {
      if (token !== speakerToken) return;
      replace(speakerList, h("li", null, errorBox(err, () => loadSpeakers(true))));
    }
  };
  let timer = null;
  filterBox.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      setHashQuietly("quotes", null, { ...p, sq: filterBox.value.trim(), offset: offset || "" });
      p.sq = filterBox.value.trim();
      loadSpeakers(true);
    }, 250);
  });

  // quotes column
  const dateInput = (name) => h("input", { type: "text", name, value: p[name] || "", placeholder: "YYYY-MM-DD", pattern: "\\d{4}(-\\d{2}(-\\d{2})?)?", size: 10 });
  const qForm = h(
    "form",
    { class: "filters compact", "aria-label": "Quote filters" },
    h("label", { class: "field" }, h("span", { class: "field-label" }, "About"), h("input", { type: "text", name: "about", value: p.about || "", placeholder: "words in the quote" })),
    h("label", { class: "field" }, h("span", { class: "field-label" }, "From"), dateInput("from")),
    h("label", { class: "field" }, h("span", { class: "field-label" }, "To"), dateInput("to")),
    h("div", { class: "filter-buttons" }, h("button", { type: "submit", class: "btn" }, "Filter")),
  );
  qForm.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!qForm.reportValidity()) return;
    const fd = new FormData(qForm);
    go(pick({ ...p, about: fd.get("about"), from: fd.get("from"), to: fd.get("to") }, KEYS));
  });
  const quotesBox = h("div", { class: "quotes-box" }, loading("Loading quotes"));

  const heading = p.speaker
    ? h("h2", null, `Quotes of ${p.speaker} `, h("a", { class: "small-link", href: routeHash("entity", null, { name: p.speaker }) }, "entity page"), " ", h("button", { type: "button", class: "linklike small-link", onClick: () => go({ ...p, speaker: "", offset: "" }) }, "all speakers"))
    : h("h2", null, "All quotes");

  replace(
    view,
    h(
      "div",
      { class: "page" },
      h("h1", null, "Quotes"),
      h(
        "div",
        { class: "two-col" },
        h("section", { class: "card col-side", "aria-label": "Speakers" }, h("h2", null, "Speakers"), filterBox, speakerList, more),
        h("section", { class: "card col-main", "aria-label": "Quotes" }, heading, qForm, quotesBox),
      ),
    ),
  );

  const speakersJob = loadSpeakers(true);
  const quotesJob = api.quotes({ speaker: p.speaker, from: p.from, to: p.to, about: p.about, offset, limit: LIMIT }).then(
    (page) => {
      const items = page.items || [];
      replace(
        quotesBox,
        h("p", { class: "meta" }, `${formatCount(page.total ?? items.length)} quotes`),
        items.length ? h("ul", { class: "quote-list" }, items.map((q) => quoteItem(q, { showSpeaker: !p.speaker }))) : empty("No quotes match."),
        pager(page, (o) => go({ ...p, offset: o || "" }), "quotes"),
      );
    },
    (err) => replace(quotesBox, errorBox(err, () => go({ ...p }))),
  );
  await Promise.all([speakersJob, quotesJob]);
}
