// storyline's page: a hash router over the JSON API. Plain DOM building (no innerHTML with
// data), so article text and quotes are never parsed as markup.
"use strict";

const KINDS = ["entity", "timex", "statement", "figure", "event", "proposal"];
const GROUP_KIND = {
  entities: "entity", timexes: "timex", statements: "statement",
  figures: "figure", events: "event", proposals: "proposal",
};
const view = () => document.getElementById("view");
let overview = null;

// -- small helpers ---------------------------------------------------------------------------

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

async function api(path, params) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== "" && v !== null && v !== undefined && v !== false) url.searchParams.set(k, v);
  }
  const res = await fetch(url);
  if (!res.ok) {
    let detail = res.statusText;
    try { detail = (await res.json()).detail; } catch (_) { /* not JSON */ }
    throw new Error(typeof detail === "string" ? detail : JSON.stringify(detail));
  }
  return res.json();
}

async function all(path, params) {
  // Every page of a paginated endpoint.
  const items = [];
  let offset = 0;
  while (offset !== null) {
    const page = await api(path, { ...params, limit: 1000, offset });
    items.push(...page.items);
    offset = page.next_offset;
  }
  return items;
}

const PAGE = 50;  // the lists' default page: a large story comes in several small answers

async function pages(path, params) {
  // Every page of a paginated answer, following next_url (same origin: its path and query);
  // the first page's other fields (the timeline's layer, period…) are kept.
  const first = await api(path, { ...params, limit: PAGE });
  const items = [...first.items];
  let next = first.next_url;
  while (next) {
    const url = new URL(next, location.origin);
    const page = await api(url.pathname + url.search);
    items.push(...page.items);
    next = page.next_url;
  }
  return { ...first, items };
}

function citeHref(c) {
  return `#/article/${c.article_id}?start=${c.start}&end=${c.end}`;
}

function citeLink(c, label) {
  return h("a", { href: citeHref(c), class: "cite" }, label || `${c.article_id.slice(0, 10)}:${c.start}-${c.end}`);
}

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, query] = raw.split("?");
  return { parts: path.split("/").filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query || "") };
}

function setHashParams(base, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  history.replaceState(null, "", `#/${base}${s ? "?" + s : ""}`);
}

function render(...nodes) {
  view().replaceChildren(...nodes.flat(Infinity).filter((n) => n !== null && n !== undefined && n !== false));
}

function chartsReady() {
  return typeof window.vegaEmbed === "function";
}

function embed(el, spec, onPick) {
  if (!chartsReady()) {
    el.append(h("p", { class: "muted small" }, "Charts need the scripts from npm: run `make setup`."));
    return;
  }
  window.vegaEmbed(el, spec, { actions: false, renderer: "svg" }).then((res) => {
    if (onPick) res.view.addEventListener("click", (_e, item) => item && item.datum && onPick(item.datum));
  });
}

// -- timeline --------------------------------------------------------------------------------

const KEY_EVENTS = 15;  // the "key events only" cut: this many best-scored events
const VEGA_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

function isDay(v) { return typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v); }

function midDay(lo, hi) {
  // The middle of [lo, hi] as an ISO day: where an imprecise date sits on a time axis.
  const a = Date.parse(lo), b = Date.parse(hi);
  return new Date(a + (b - a) / 2).toISOString().slice(0, 10);
}

function eventDay(e) {
  if (isDay(e.date)) return e.date;
  if (e.date_start && e.date_end) return midDay(e.date_start, e.date_end);
  return isDay((e.date || "").slice(0, 10)) ? e.date.slice(0, 10) : null;
}

const DAY_MS = 864e5;

function timeAxis(days) {
  // Labels by span, the year always printed: "01 Jan" alone, tick after tick, says nothing
  // about which year. Years over long spans, months with their year, else days.
  const ms = days.filter(Boolean).map((d) => Date.parse(d)).filter((t) => !Number.isNaN(t));
  const span = ms.length ? (Math.max(...ms) - Math.min(...ms)) / DAY_MS : 0;
  const step = (unit) => Math.max(1, Math.ceil(span / unit / 8));
  if (span > 3 * 365) return { format: "%Y", tickCount: { interval: "year", step: step(365) }, labelOverlap: true };
  if (span > 90) return { format: "%b %Y", tickCount: { interval: "month", step: step(30.5) }, labelOverlap: true };
  return { format: "%d %b %Y", tickCount: { interval: "day", step: step(1) }, labelOverlap: true };
}

function short(text, n) { return text.length > n ? text.slice(0, n - 1) + "…" : text; }

function plural(n, word) { return `${n} ${word}${n === 1 || word.endsWith("s") ? "" : "s"}`; }

const PART_NOTES = {
  background: "background: history the articles recall, not news of the story",
  sidebar: "sidebar: about another story",
};
const FAR_YEARS = 2;  // a year-only date this far from the story's period: history, or a number

function partNote(e, period) {
  // Why an event is set apart; a lone year far from the articles may be no year at all.
  if (!e.part || e.part === "story") return null;
  const outside = period && e.date_end && e.date_start && (e.date_end < period.from || e.date_start > period.to);
  if (e.part === "sidebar") return PART_NOTES.sidebar;
  if (!outside) return PART_NOTES.background;
  const years = Math.abs(Number(e.date_start.slice(0, 4)) - Number(period.from.slice(0, 4)));
  if (e.date_precision === "year" && years > FAR_YEARS) {
    return `background: dated only by a year, ${years} years from the story's period — history the articles recall, or a number that is not a year`;
  }
  return `background: outside the story's period (${period.from} – ${period.to})`;
}

async function showTimeline(params) {
  const filters = { actor: params.get("actor") || "", type: params.get("type") || "", from: params.get("from") || "", to: params.get("to") || "" };
  const [tl, full] = await Promise.all([pages("/api/timeline", filters), pages("/api/timeline")]);
  const types = [...new Set(full.items.map((e) => e.type).filter(Boolean))].sort();
  const actors = [...new Set(full.items.flatMap((e) => e.actors))].sort();
  const story = tl.layer === "timeline";
  // The page opens on the story's key events; all of its events are a click away.
  const key = story && params.get("key") !== "0";
  const own = story ? tl.items.filter((e) => e.part === "story") : tl.items;
  const aside = story ? tl.items.filter((e) => e.part !== "story") : [];
  const entries = key ? (await pages("/api/timeline", { ...filters, key: KEY_EVENTS, story: true })).items : own;
  const period = tl.period;

  const form = h("form", { class: "filters", id: "timeline-filters" },
    h("label", {}, "Actor", h("input", { name: "actor", value: filters.actor, placeholder: "name or alias", list: "timeline-actors" })),
    h("datalist", { id: "timeline-actors" }, actors.map((a) => h("option", { value: a }))),
    h("label", {}, "Type", h("select", { name: "type" }, h("option", { value: "" }, "any"),
      types.map((t) => h("option", { value: t, selected: t === filters.type }, t.replace(/_/g, " "))))),
    h("label", {}, "From", h("input", { name: "from", value: filters.from, placeholder: "YYYY-MM-DD", size: 10 })),
    h("label", {}, "To", h("input", { name: "to", value: filters.to, placeholder: "YYYY-MM-DD", size: 10 })),
    h("label", { class: "check", title: story ? `the ${KEY_EVENTS} most important events of the story's period (sources, fresh reports, type)` : "needs extracted events" },
      h("input", { type: "checkbox", name: "key", checked: key, disabled: !story }), "Key events only"),
    h("button", { type: "submit" }, "Filter"),
    h("a", { href: "#/timeline", class: "small" }, "reset"));
  const hashOf = (keyed) => ({ ...filters, key: keyed ? "1" : "0" });
  const apply = () => {
    const d = new FormData(form);
    setHashParams("timeline", { actor: d.get("actor"), type: d.get("type"), from: d.get("from"), to: d.get("to"), key: d.get("key") ? "1" : "0" });
    route();
  };
  form.addEventListener("submit", (ev) => { ev.preventDefault(); apply(); });
  form.querySelector("input[name=key]").addEventListener("change", apply);
  const toggle = (keyed, label) => h("a", { href: "#", id: "timeline-more", class: "small",
    onclick: (ev) => { ev.preventDefault(); setHashParams("timeline", hashOf(keyed)); route(); } }, label);

  const span = period ? ` (${period.from} – ${period.to})` : "";
  const note = !story
    ? [`No events extracted yet: articles by publication date, each cited by its lead. ${plural(entries.length, "article")}.`]
    : key
      ? [`The story's key events: the ${entries.length} most important of its ${plural(own.length, "event")} in its period${span}, by the date they happened (not the date they were reported). Click an event for its citations. `,
        own.length > entries.length ? toggle(false, `Show all ${own.length} events of the story →`) : null]
      : [`The story: ${plural(own.length, "event")} in its period${span}, merged across articles, by the date they happened (not the date they were reported). Click an event for its citations. `,
        toggle(true, `Key events only →`)];
  const chart = h("div", { class: "chart", id: "timeline-chart" },
    h("h2", {}, story ? "Events by date and importance" : "Articles per day", " ",
      h("span", { class: "muted small" }, story ? "higher = more sources and citations; click a point to open it" : "")),
    h("div", { class: "vega" }));
  const list = h("ol", { class: "timeline", id: "timeline-list" }, entries.map((e) => timelineItem(e, period)));
  render(h("h1", {}, "Timeline"), h("p", { class: "muted", id: "timeline-note" }, note), form, chart,
    entries.length ? list : h("p", { class: "muted" }, "Nothing matches these filters."),
    aside.length ? asideSection(aside, period) : null);
  embed(chart.querySelector(".vega"), timelineSpec(entries, story), (d) => openEntry(d.id));
}

function asideSection(aside, period) {
  // Background and sidebars: set apart from the story, counted, marked, a click away.
  const n = (part) => aside.filter((e) => e.part === part).length;
  const counts = [n("background") ? plural(n("background"), "background event") + " (history the articles recall, or dated outside the story's period)" : null,
    n("sidebar") ? plural(n("sidebar"), "sidebar") + " (other stories)" : null].filter(Boolean);
  return h("details", { class: "aside", id: "timeline-aside" },
    h("summary", {}, `Set apart from the story: ${counts.join(", ")}`),
    h("ol", { class: "timeline aside", id: "timeline-background" }, aside.map((e) => timelineItem(e, period))));
}

function timelineSpec(entries, story) {
  const rows = entries.map((e) => ({ ...e, day: eventDay(e), lo: e.date_start || eventDay(e), hi: e.date_end || eventDay(e),
    what: (e.type || "").replace(/_/g, " "), sources: e.sources || 1, score: e.score || 0, head: e.headline.length > 90 ? e.headline.slice(0, 89) + "…" : e.headline }))
    .filter((r) => r.day);
  const x = { field: "day", type: "temporal", title: null, axis: timeAxis(rows.flatMap((r) => [r.lo, r.hi])) };
  if (!story) {
    return { $schema: VEGA_SCHEMA, width: "container", height: 120, data: { values: rows },
      mark: { type: "bar", tooltip: true }, encoding: { x: { ...x, timeUnit: "yearmonthdate" }, y: { aggregate: "count", title: "articles" } } };
  }
  const tooltip = [{ field: "date", title: "date" }, { field: "what", title: "type" }, { field: "head", title: "event" },
    { field: "sources", title: "sources" }, { field: "articles", title: "articles" }, { field: "score", title: "importance" }];
  return {
    $schema: VEGA_SCHEMA, width: "container", height: 170, data: { values: rows },
    encoding: { y: { field: "score", type: "quantitative", title: "importance", scale: { zero: true } } },
    layer: [
      // An imprecise date (a week, a month) is a bar over the days it may mean.
      { transform: [{ filter: "datum.lo !== datum.hi" }], mark: { type: "rule", opacity: 0.35, strokeWidth: 2 },
        encoding: { x: { ...x, field: "lo" }, x2: { field: "hi" }, color: { field: "what", type: "nominal", legend: null } } },
      { mark: { type: "circle", opacity: 0.85, cursor: "pointer" },
        encoding: { x, size: { field: "sources", type: "quantitative", title: "sources", legend: null, scale: { range: [40, 400] } },
          color: { field: "what", type: "nominal", title: "type", legend: null }, tooltip } },
    ],
  };
}

function openEntry(id) {
  const li = document.querySelector(`#timeline-list > li[data-id="${CSS.escape(id)}"]`);
  if (!li) return;
  li.querySelector(".citations").hidden = false;
  li.classList.add("open");
  li.scrollIntoView({ block: "center", behavior: "smooth" });
}

function quoted(c) {
  // The cited sentence, with the phrase the event was read from in bold.
  const sentence = c.sentence || c.text || "";
  const [s0, s1] = [c.start - (c.sentence_start ?? c.start), c.end - (c.sentence_start ?? c.start)];
  const chars = Array.from(sentence);
  if (c.sentence_start === null || c.sentence_start === undefined || s0 < 0 || s1 > chars.length || s1 <= s0) {
    // No sentence offsets: bold the phrase where the sentence holds it once, else quote the phrase.
    const at = c.text ? sentence.indexOf(c.text) : -1;
    if (at < 0 || sentence.indexOf(c.text, at + 1) >= 0) return h("span", { class: "quote" }, "“", h("b", {}, c.text || ""), "”");
    return h("span", { class: "quote" }, "“", sentence.slice(0, at), h("b", {}, c.text), sentence.slice(at + c.text.length), "”");
  }
  return h("span", { class: "quote" }, "“", chars.slice(0, s0).join(""), h("b", {}, chars.slice(s0, s1).join("")), chars.slice(s1).join(""), "”");
}

function timelineItem(e, period) {
  const cites = h("ul", { class: "citations", hidden: true },
    e.citations.map((c) => h("li", {}, quoted(c), " ",
      c.published ? h("span", { class: "muted small" }, c.published, " ") : h("span", { class: "muted small" }, "undated article "),
      citeLink(c, "open in article →"))));
  const head = h("span", { class: "headline", role: "button", tabindex: 0, title: "Show the citations",
    onclick: () => { cites.hidden = !cites.hidden; head.parentElement.classList.toggle("open", !cites.hidden); } }, e.headline);
  const when = e.date_start && e.date_end && e.date_start !== e.date_end ? `${e.date_start} – ${e.date_end}` : null;
  const facts = [
    e.actors.length ? e.actors.join(" · ") : null,
    e.place ? `in ${e.place}` : null,
    e.sources !== null && e.sources !== undefined ? plural(e.sources, "source") : null,
    plural(e.citations.length, "citation"),
    when ? `${e.date_label || e.date}: ${when}` : null,
  ].filter(Boolean);
  const aside = partNote(e, period);
  return h("li", { "data-id": e.id, "data-type": e.type || "", "data-types": Object.keys(e.types || {}).join(" ") || e.type || "", "data-part": e.part || "" },
    h("span", { class: "when", title: e.date || "" }, e.date_label || e.date || "undated"), aside ? h("span", { class: `badge part-${e.part}` }, e.part) : null,
    e.type ? h("span", { class: "badge" }, e.type.replace(/_/g, " ")) : null, " ", head,
    h("div", { class: "muted small" }, facts.join(" — ")),
    aside ? h("div", { class: "muted small part-note" }, aside) : null,
    e.date_note ? h("div", { class: "muted small" }, e.date_note) : null,
    cites);
}

// -- figures ---------------------------------------------------------------------------------

const QUALIFIER_SHAPES = {
  exact: "circle", more_than: "triangle-up", at_least: "triangle-up", up_to: "triangle-down",
  less_than: "triangle-down", about: "diamond", nearly: "square",
};
const FLAG_COLOURS = { conflict: "#d62728", revision: "#ff7f0e" };
// One strong colour per source (category10, then Dark2): a series can have many sources, and
// pale colours vanish against the white chart.
const SOURCE_COLOURS = ["#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
  "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666", "#ff7f0e", "#d62728"];

function pointDay(p) {
  // As storyline's PNG plots: its day (or month start), else the best guess, else mid-window.
  if ((p.precision === "day" || p.precision === "month") && p.as_of_start) return p.as_of_start;
  if (p.guess) return p.guess;
  if (p.as_of_start && p.as_of_end) return midDay(p.as_of_start, p.as_of_end);
  return null;
}

let articleTitles = null;  // article id → title, for the charts' tooltips (loaded once)

async function loadTitles() {
  if (!articleTitles) articleTitles = new Map((await all("/api/articles")).map((a) => [a.id, a.title]));
  return articleTitles;
}

function pointSource(p) { return p.source || (p.citation && p.citation.outlet) || "no source named"; }

function pointRows(s) {
  return s.points.map((p) => {
    const c = p.citation || {};
    const x = pointDay(p);
    const imprecise = p.as_of_start && p.as_of_end && p.as_of_start !== p.as_of_end && p.precision !== "day";
    return {
      x, lo: imprecise ? p.as_of_start : x, hi: imprecise ? p.as_of_end : x, value: p.value, high: p.high, shown: p.shown,
      qualifier: (p.qualifier || "exact").replace(/_/g, " "), shape: p.qualifier || "exact", source: pointSource(p),
      as_of: p.precision === "window" ? `undated (${p.as_of_start} … ${p.as_of_end})` : (p.as_of_label || p.as_of || p.as_of_start || "?"),
      article: `${short(c.title || (articleTitles && articleTitles.get(p.article_id)) || p.article_id.slice(0, 10), 70)} (${c.published || "undated"})`,
      flag: p.conflict ? "conflict" : (p.revision ? "revision" : ""),
      phrase: c.sentence || p.text, article_id: p.article_id, start: p.start, end: p.end,
    };
  }).filter((r) => r.x);
}

function seriesSpec(s, height) {
  const rows = pointRows(s);
  const shapes = Object.keys(QUALIFIER_SHAPES);
  const used = new Set(rows.map((r) => r.shape));
  const x = { field: "x", type: "temporal", title: "as of (the day the figure describes)", axis: timeAxis(rows.flatMap((r) => [r.lo, r.hi])) };
  const y = { field: "value", type: "quantitative", title: s.unit && s.unit !== "people" ? s.unit : (s.counted || "value"), axis: { format: "~s" } };
  const colour = { field: "source", type: "nominal", title: "source", scale: { range: SOURCE_COLOURS }, legend: { orient: "bottom", columns: 3, labelLimit: 260, symbolOpacity: 1 } };
  const tooltip = [
    { field: "shown", title: "value" }, { field: "qualifier" }, { field: "source" }, { field: "as_of", title: "as of" },
    { field: "article" }, { field: "flag", title: "marked" }, { field: "phrase", title: "sentence" },
  ];
  return {
    $schema: VEGA_SCHEMA, width: "container", height: height || 200, data: { values: rows },
    layer: [
      { mark: { type: "line", color: "#9aa3ad", opacity: 0.4, strokeWidth: 1 }, encoding: { x, y, order: { field: "x", type: "temporal" } } },
      // An undated article's window, a month: the days the figure may describe.
      { transform: [{ filter: "datum.lo !== datum.hi" }], mark: { type: "rule", opacity: 0.35, strokeWidth: 1.5, strokeDash: [4, 3] },
        encoding: { x: { ...x, field: "lo" }, x2: { field: "hi" }, y, color: colour } },
      // A range ("60 to 70"): a bar up to its high end.
      { transform: [{ filter: "datum.high !== null" }], mark: { type: "rule", opacity: 0.45, strokeWidth: 2 },
        encoding: { x, y, y2: { field: "high" }, color: colour } },
      { mark: { type: "point", filled: true, size: 90, opacity: 1, stroke: "#44505c", strokeWidth: 0.6, cursor: "pointer" },
        encoding: { x, y, color: colour, tooltip,
          shape: { field: "shape", type: "nominal", title: "qualifier", scale: { domain: shapes, range: shapes.map((k) => QUALIFIER_SHAPES[k]) },
            legend: used.size > 1 ? { orient: "bottom", values: shapes.filter((k) => used.has(k)) } : null } } },
      { transform: [{ filter: "datum.flag !== ''" }], mark: { type: "point", filled: false, size: 420, strokeWidth: 2.5, cursor: "pointer" },
        encoding: { x, y, tooltip, stroke: { field: "flag", type: "nominal", title: "marked", scale: { domain: Object.keys(FLAG_COLOURS), range: Object.values(FLAG_COLOURS) }, legend: { orient: "bottom" } } } },
      { transform: [{ filter: `${rows.length} <= 16` }], mark: { type: "text", dx: 10, dy: -10, align: "left", fontSize: 11, color: "#44505c" },
        encoding: { x, y, text: { field: "shown" } } },
    ],
  };
}

function findingItem(f) {
  const sure = f.confidence == null ? "" : ` (confidence ${f.confidence.toFixed(2)})`;
  return h("li", { class: `finding ${f.kind}`, title: (f.reasons || []).join("\n") }, h("span", { class: `badge flag-${f.kind}` }, f.kind), " ", f.explanation, sure, " ",
    citeLink(f.a, `${f.a.shown}: open`), " · ", citeLink(f.b, `${f.b.shown}: open`));
}

function seriesCard(s, findings, i) {
  const sources = new Set(s.points.map(pointSource));
  const mine = findings.filter((f) => f.series_id === s.id);
  const shown = mine.filter((f) => f.kind !== "change");
  const counts = ["conflict", "revision"].map((k) => [k, mine.filter((f) => f.kind === k).length]).filter(([, n]) => n);
  const card = h("section", { class: "chart series", id: `series-${i}`, "data-series": s.id },
    h("h2", {}, h("a", { href: `#/series/${encodeURIComponent(s.id)}` }, s.label), " ",
      h("span", { class: "muted small" }, [plural(s.points.length, "point"), plural(sources.size, "source"), ...counts.map(([k, n]) => plural(n, k))].join(" · "))),
    h("div", { class: "vega" }),
    shown.length ? h("ul", { class: "findings small" }, shown.map(findingItem)) : null);
  return card;
}

function drawSeries(card, s, height) {
  const el = card.querySelector(".vega");
  if (!pointRows(s).length) { el.append(h("p", { class: "muted small" }, "No point of this series can be placed in time.")); return; }
  embed(el, seriesSpec(s, height), (d) => { if (d.article_id) location.hash = citeHref(d); });
}

async function showFigures(params) {
  const name = params.get("name") || "";
  const [series, findings] = await Promise.all([all("/api/series", { name }), all("/api/conflicts", { series: name }), loadTitles()]);
  const charted = series.filter((s) => s.points.length > 1);
  const single = series.filter((s) => s.points.length === 1);
  const form = h("form", { class: "filters", id: "series-filters" },
    h("label", {}, "Series", h("input", { name: "name", value: name, placeholder: "hostages, killed…" })),
    h("button", { type: "submit" }, "Filter"), h("a", { href: "#/figures", class: "small" }, "reset"));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); setHashParams("figures", { name: new FormData(form).get("name") }); route(); });
  // the series that matter first (the API orders them: findings, then independent sources);
  // the rest a click away, drawn when opened
  const cards = charted.map((s, i) => [seriesCard(s, findings, i), s]);
  const main = cards.slice(0, MAIN_CHARTS), rest = cards.slice(MAIN_CHARTS);
  const n = (k) => findings.filter((f) => f.kind === k).length;
  const more = rest.length ? h("details", { id: "more-series" },
    h("summary", {}, `${plural(rest.length, "more series")} set aside (fewer sources, no finding): show them`),
    rest.map(([el]) => el)) : null;
  if (more) more.addEventListener("toggle", () => { if (more.open && !more.dataset.drawn) { more.dataset.drawn = "1"; for (const [el, s] of rest) drawSeries(el, s); } }, { once: false });
  render(h("h1", {}, "Figures"),
    h("p", { class: "muted" }, `${plural(series.length, "series")} of figures read from the articles; ${plural(n("conflict"), "conflict")} and ${plural(n("revision"), "revision")} between them (confident findings only). `,
      rest.length ? `The ${plural(main.length, "chart")} below are the series with findings or the most sources; ${plural(rest.length, "series")} set aside below them. ` : "",
      "One chart per series, one colour per source; the shape is the qualifier (▲ more than, ▼ up to, ◆ about); a red ring marks a conflict, an orange one a revision. Hover a point for its value, qualifier, source and article; click it to open the sentence."),
    form,
    main.length ? main.map(([el]) => el) : h("p", { class: "muted" }, series.length ? "" : "No figure series in this store."),
    more,
    single.length ? [h("h2", {}, `Single figures (${single.length})`), h("table", { class: "rows", id: "single-figures" },
      h("thead", {}, h("tr", {}, ["series", "value", "as of", "source", ""].map((t) => h("th", {}, t)))),
      h("tbody", {}, single.map((s) => { const p = s.points[0]; return h("tr", {},
        h("td", {}, h("a", { href: `#/series/${encodeURIComponent(s.id)}` }, s.label)), h("td", {}, p.shown),
        h("td", { class: "small" }, p.as_of_label || p.as_of || "?"), h("td", { class: "small" }, pointSource(p)), h("td", {}, citeLink(p, "open"))); })))] : null);
  for (const [el, s] of main) drawSeries(el, s);
}

const MAIN_CHARTS = 12;  // charts drawn on opening the Figures page; the rest on a click

async function showSeries(id) {
  const [s, findings] = await Promise.all([api(`/api/series/${encodeURIComponent(id)}`), all("/api/conflicts", { series: id }), loadTitles()]);
  const mine = findings.filter((f) => f.series_id === s.id);
  const card = seriesCard(s, mine, 0);
  card.querySelector("h2").replaceChildren(s.label);
  render(h("p", { class: "small" }, h("a", { href: "#/figures" }, "← all figures")),
    h("h1", {}, s.label), h("p", { class: "muted" }, [s.counted, s.status, s.place ? `in ${s.place}` : null].filter(Boolean).join(" · "),
      s.comparable ? "" : " — a mixed series: its points count different things and are not compared."),
    card,
    h("h2", {}, `Points (${s.points.length})`),
    h("table", { class: "rows", id: "series-points" },
      h("thead", {}, h("tr", {}, ["as of", "value", "source", "article", "sentence", ""].map((t) => h("th", {}, t)))),
      h("tbody", {}, s.points.map((p) => h("tr", { class: p.conflict ? "flag-conflict" : (p.revision ? "flag-revision" : "") },
        h("td", { class: "small" }, p.precision === "window" ? `undated (${p.as_of_start} … ${p.as_of_end})` : (p.as_of_label || p.as_of || "?")),
        h("td", {}, p.shown, p.conflict ? h("span", { class: "badge flag-conflict" }, "conflict") : null, p.revision ? h("span", { class: "badge flag-revision" }, "revision") : null),
        h("td", { class: "small" }, pointSource(p)),
        h("td", { class: "small" }, short(articleTitles.get(p.article_id) || p.article_id, 60), " ", h("span", { class: "muted" }, (p.citation && p.citation.published) || "undated")),
        h("td", { class: "quote small" }, (p.citation && p.citation.sentence) || p.text),
        h("td", {}, citeLink(p, "open")))))));
  drawSeries(card, s, 300);
}

// -- entities --------------------------------------------------------------------------------

async function showEntities(params) {
  const label = params.get("label") || "";
  const q = params.get("q") || "";
  const rows = await all("/api/entities", { label, q });
  const form = h("form", { class: "filters" },
    h("label", {}, "Type", h("select", { name: "label" }, ["", "PERSON", "ORG", "GPE", "LOC", "NORP"].map((l) => h("option", { value: l, selected: l === label }, l || "any")))),
    h("label", {}, "Name", h("input", { name: "q", value: q })), h("button", { type: "submit" }, "Filter"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const d = new FormData(form);
    setHashParams("entities", { label: d.get("label"), q: d.get("q") });
    route();
  });
  render(h("h1", {}, "People, organisations and places"), form,
    h("table", { class: "rows" }, h("thead", {}, h("tr", {}, ["name", "type", "also called", "titles", "mentions", "articles"].map((t) => h("th", {}, t)))),
      h("tbody", {}, rows.map((e) => h("tr", {},
        h("td", {}, h("a", { href: `#/entity/${encodeURIComponent(e.canonical)}` }, e.canonical)),
        h("td", {}, h("span", { class: "badge" }, e.label)), h("td", {}, e.aliases.join(", ")),
        h("td", {}, e.titles.join(", ")), h("td", {}, e.mentions), h("td", {}, e.articles))))));
}

async function showEntity(name) {
  const p = await api(`/api/entities/${encodeURIComponent(name)}`);
  const e = p.entity;
  render(h("h1", {}, e.canonical, " ", h("span", { class: "badge" }, e.label)),
    h("p", {}, e.titles.length ? `${e.titles.join(", ")}. ` : "", e.aliases.length ? `Also called ${e.aliases.join(", ")}. ` : "",
      `Mentioned ${e.mentions} times in ${e.articles} articles.`),
    h("h2", {}, `Statements over time (${p.statements.length})`),
    p.statements.length ? h("table", { class: "rows", id: "entity-statements" }, h("tbody", {}, p.statements.map((s) => h("tr", {},
      h("td", { class: "small" }, s.date || "undated"), h("td", {}, h("span", { class: "badge" }, s.direct ? "quote" : "reported")),
      h("td", { class: "quote" }, s.direct ? `“${s.text}”` : s.text), h("td", {}, citeLink(s)))))) : h("p", { class: "muted" }, "No statements attributed."),
    h("h2", {}, `Figures given (${p.figures.length})`),
    p.figures.length ? h("table", { class: "rows" }, h("tbody", {}, p.figures.map((f) => h("tr", {},
      h("td", { class: "small" }, f.as_of || ""), h("td", {}, f.text), h("td", {}, [f.counted, f.status].filter(Boolean).join(" · ")), h("td", {}, citeLink(f))))))
      : h("p", { class: "muted" }, overview.available.figures ? "None." : "Figures are not extracted by this version yet."));
}

// -- articles --------------------------------------------------------------------------------

async function showArticles() {
  const rows = await all("/api/articles");
  const zone = h("div", { class: "dropzone", id: "dropzone" }, "Drop article files here to ingest them (text, seed format, JSONL, CSV, HTML).");
  for (const t of ["dragenter", "dragover"]) zone.addEventListener(t, (ev) => { ev.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (ev) => { ev.preventDefault(); zone.classList.remove("over"); upload(ev.dataTransfer.files, zone); });
  render(h("h1", {}, `Articles (${rows.length})`), zone,
    h("table", { class: "rows", id: "articles" }, h("thead", {}, h("tr", {}, ["published", "title", "credits"].map((t) => h("th", {}, t)))),
      h("tbody", {}, rows.map((a) => h("tr", {},
        h("td", { class: "small" }, a.published || h("i", { title: "undated: inferred window" }, `~${a.published_start || "?"}…${a.published_end || "?"}`), a.date_conflict ? h("span", { class: "badge", title: "date sources disagree" }, "≠") : null),
        h("td", {}, h("a", { href: `#/article/${a.id}` }, a.title)), h("td", { class: "small" }, a.outlets.join(", ")))))));
}

async function upload(files, zone) {
  const body = new FormData();
  for (const f of files) body.append("files", f, f.name);
  zone.textContent = `Ingesting ${files.length} file(s)…`;
  const res = await fetch("/api/ingest", { method: "POST", body });
  const report = await res.json();
  if (!res.ok) { zone.textContent = `Upload failed: ${JSON.stringify(report.detail)}`; return; }
  articleTitles = null;  // new articles: reload the titles when next needed
  await loadOverview();
  await showArticles();
  document.getElementById("dropzone").append(h("p", {}, `${report.added} new article(s) stored.`), report.errors.map((e) => h("p", { class: "error small" }, e)));
}

async function showArticle(id, params) {
  const x = await api(`/api/articles/${encodeURIComponent(id)}`);
  const a = x.article;
  const start = Number(params.get("start"));
  const end = Number(params.get("end"));
  const cited = params.has("start") && end > start ? [start, end] : null;
  const items = [];
  for (const [group, kind] of Object.entries(GROUP_KIND)) for (const m of x[group] || []) items.push({ ...m, kind });

  const sentence = cited ? (a.sentences || []).find((s) => s.start <= cited[0] && s.end >= cited[1]) : null;
  const around = sentence ? [sentence.start, sentence.end] : null;
  const text = h("div", { class: "article-text", id: "article-text" }, highlighted(a.raw_text, a.body_start || 0, items, cited, around));
  const legend = h("div", { class: "legend" }, KINDS.filter((k) => items.some((m) => m.kind === k)).map((k) =>
    h("label", {}, h("input", { type: "checkbox", checked: true, onchange: (ev) => text.classList.toggle(`hide-${k}`, !ev.target.checked) }),
      h("span", { class: `sw k-${k}` }), `${k} (${items.filter((m) => m.kind === k).length})`)));
  const meta = h("dl", {},
    h("dt", {}, "id"), h("dd", {}, a.id),
    h("dt", {}, "published"), h("dd", {}, a.published ? `${a.published} (${a.date_origin})` : `unknown: ${a.published_start || "?"} … ${a.published_end || "?"}`),
    a.date_conflict ? [h("dt", {}, ""), h("dd", { class: "error" }, "date sources disagree")] : null,
    (a.outlets || []).length ? [h("dt", {}, "credits"), h("dd", {}, a.outlets.join(", "))] : null,
    a.dateline_place ? [h("dt", {}, "dateline"), h("dd", {}, [a.dateline_place, a.dateline_date_text, a.dateline_agency].filter(Boolean).join(" · "))] : null,
    (a.sources || []).length ? [h("dt", {}, "read from"), h("dd", {}, a.sources.map((s) => (s.line ? `${s.file}:${s.line}` : s.file)).join(", "))] : null,
    (a.date_evidence || []).map((ev) => [h("dt", {}, "evidence"), h("dd", {}, ev)]));
  const said = (x.statements || []).map((s) => h("li", {}, h("a", { href: citeHref(s) }, `${s.speaker || "unknown"}: `), h("span", { class: "quote" }, s.text.slice(0, 90))));
  render(h("p", { class: "small" }, h("a", { href: "#/articles" }, "← articles")),
    h("div", { class: "article" }, h("div", {}, legend, text),
      h("aside", {}, h("h2", {}, "Article"), meta, said.length ? [h("h2", {}, "Statements"), h("ul", { class: "small" }, said)] : null)));
  const mark = document.querySelector("mark.cited");
  if (mark) mark.scrollIntoView({ block: "center" });
}

function highlighted(raw, bodyStart, items, cited, around) {
  // Offsets are code points (Python); split the text into code points, not UTF-16 units.
  const chars = Array.from(raw);
  const cuts = new Set([bodyStart, chars.length]);
  const spans = items.filter((m) => m.start >= bodyStart && m.end <= chars.length && m.end > m.start);
  for (const m of spans) { cuts.add(m.start); cuts.add(m.end); }
  for (const r of [cited, around]) if (r) { cuts.add(Math.max(bodyStart, r[0])); cuts.add(Math.min(chars.length, r[1])); }
  const points = [...cuts].filter((p) => p >= bodyStart).sort((p, q) => p - q);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [s, e] = [points[i], points[i + 1]];
    const piece = chars.slice(s, e).join("");
    const over = spans.filter((m) => m.start <= s && m.end >= e);
    let node = document.createTextNode(piece);
    // The cited passage is marked innermost, so its colour wins over the kinds' colours.
    if (cited && s >= cited[0] && e <= cited[1]) node = h("mark", { class: "cited" }, node);
    // The shortest span is wrapped first (innermost), so its colour shows; the tooltip of
    // each wrapper describes its own item.
    over.sort((p, q) => (p.end - p.start) - (q.end - q.start));
    for (const m of over) {
      node = h("span", { class: `k-${m.kind}`, title: describe(m) }, node);
    }
    // The sentence around a citation is outlined, outermost, so the phrase reads in context.
    if (around && s >= around[0] && e <= around[1]) node = h("span", { class: "cited-sentence" }, node);
    out.push(node);
  }
  return out;
}

function describe(m) {
  const skip = new Set(["article_id", "kind", "start", "end", "text", "sentence"]);
  const fields = Object.entries(m).filter(([k, v]) => !skip.has(k) && !k.endsWith("_span") && v !== null && v !== "" && !(Array.isArray(v) && !v.length));
  return `${m.kind}: ${m.text}\n` + fields.map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : v}`).join("\n");
}

// -- search ----------------------------------------------------------------------------------

async function showSearch(params) {
  const q = params.get("q") || "";
  document.getElementById("search-box").value = q;
  if (!q.trim()) { render(h("h1", {}, "Search"), h("p", { class: "muted" }, "Type words in the search box.")); return; }
  const r = await api("/api/search", { q, limit: 50 });
  render(h("h1", {}, `Search: ${q}`),
    h("h2", {}, `Articles (${r.articles.length})`),
    h("div", { id: "search-articles" }, r.articles.map((a) => h("div", { class: "hit" },
      h("a", { href: `#/article/${a.id}` }, a.title || a.id), " ", h("span", { class: "muted small" }, a.published || "undated"),
      h("div", { class: "small" }, a.snippet.map((p) => (p.match ? h("mark", {}, p.text) : p.text)))))),
    h("h2", {}, `Statements (${r.statements.length})`),
    h("div", { id: "search-statements" }, r.statements.map((s) => h("div", { class: "hit" },
      h("strong", {}, s.speaker || "unknown speaker"), " ", h("span", { class: "muted small" }, s.date || ""),
      h("div", { class: "quote" }, s.direct ? `“${s.text}”` : s.text), citeLink(s, "open in article")))));
}

// -- negotiations ----------------------------------------------------------------------------

const RESPONSE_CLASS = { accepted: "resp-yes", rejected: "resp-no", countered: "resp-counter", conditional: "resp-maybe", studying: "resp-maybe" };

function partyLine(n) {
  const who = n.proposer || "unnamed party";
  return [who, n.addressee ? ` → ${n.addressee}` : "", n.via.length ? ` (via ${n.via.join(", ")})` : ""].join("");
}

function negotiationItem(n) {
  const others = n.mentions.filter((m) => m.article_id !== n.citation.article_id || m.start !== n.citation.start);
  const more = h("ul", { class: "citations", hidden: true },
    others.map((m) => h("li", {}, quoted(m), " ", citeLink(m, "open →"))));
  const what = n.offer || n.plan || n.citation.text || "";
  return h("li", { "data-id": n.id, "data-form": n.form || "" },
    h("span", { class: "when" }, n.date || "undated"), n.form ? h("span", { class: "badge" }, n.form) : null, " ",
    h("strong", { class: "party" }, partyLine(n)), ": ", h("span", { class: "offer" }, what),
    n.in_exchange_for ? h("div", { class: "small" }, h("span", { class: "muted" }, "in exchange for "), n.in_exchange_for) : null,
    h("div", { class: "small" }, quoted(n.citation), " ", citeLink(n.citation, "open in article →")),
    n.steps.length ? h("ol", { class: "steps" }, n.steps.map((st) => h("li", { "data-response": st.response },
      h("span", { class: "when" }, st.date || "undated"),
      h("span", { class: `badge ${RESPONSE_CLASS[st.response] || ""}` }, st.kind === "counter" ? "counter-proposal" : st.response), " ",
      h("strong", {}, st.responder || "unnamed party"),
      h("ul", { class: "citations" }, st.citations.map((c) => h("li", {}, quoted(c), " ", citeLink(c, "open →")))))))
      : h("div", { class: "muted small" }, "No answer found in the articles."),
    others.length ? h("button", { type: "button", class: "linkish small", onclick: (ev) => { more.hidden = !more.hidden; ev.target.textContent = more.hidden ? `${plural(others.length, "other mention")} ▸` : "hide mentions ▾"; } },
      `${plural(others.length, "other mention")} ▸`) : null,
    more);
}

async function showNegotiations(params) {
  const party = params.get("party") || "";
  const answered = params.get("answered") === "1";
  const rows = await all("/api/negotiations", { party, answered: answered ? "true" : "", from: params.get("from") || "", to: params.get("to") || "" });
  const form = h("form", { class: "filters" },
    h("label", {}, "Party", h("input", { name: "party", value: party, placeholder: "proposer, mediator or responder" })),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "answered", checked: answered }), "answered only"),
    h("button", { type: "submit" }, "Filter"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const d = new FormData(form);
    setHashParams("negotiations", { party: d.get("party"), answered: d.get("answered") ? "1" : "" });
    route();
  });
  const answeredCount = rows.filter((n) => n.steps.length).length;
  render(h("h1", {}, `Negotiations (${rows.length})`), form,
    h("p", { class: "muted small" }, `Each proposal with its party and what it asks in return, then the answers and counter-proposals that followed, in time order; ${answeredCount} of ${rows.length} got an answer in these articles.`),
    rows.length ? h("ul", { class: "timeline negotiations", id: "negotiation-list" }, rows.map(negotiationItem))
      : h("p", { class: "muted" }, overview.available.negotiations ? "No proposal found." : "Negotiations are not extracted by this version."));
}

// -- router ----------------------------------------------------------------------------------

const ROUTES = {
  "": (p) => showTimeline(p.params),
  timeline: (p) => showTimeline(p.params),
  figures: (p) => showFigures(p.params),
  series: (p) => showSeries(p.parts.slice(1).join("/")),
  entities: (p) => showEntities(p.params),
  entity: (p) => showEntity(p.parts.slice(1).join("/")),
  articles: () => showArticles(),
  article: (p) => showArticle(p.parts[1], p.params),
  search: (p) => showSearch(p.params),
  negotiations: (p) => showNegotiations(p.params),
};

const NAV_OF = { series: "figures", entity: "entities", article: "articles" };  // page → its nav tab

async function loadOverview() {
  overview = await api("/api/overview");
  const kinds = Object.entries(overview.mentions).map(([k, n]) => `${n} ${k}`).join(", ");
  document.getElementById("status").textContent =
    `${overview.articles} articles (${overview.first_date || "?"} – ${overview.last_date || "?"}); ${kinds}`;
}

async function route() {
  const p = parseHash();
  const name = p.parts[0] || "";
  const section = NAV_OF[name] || name || "timeline";
  for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.dataset.nav === section);
  const show = ROUTES[name];
  try {
    if (!overview) await loadOverview();
    if (!show) throw new Error(`no page ${location.hash}`);
    await show(p);
    document.body.dataset.ready = name || "timeline";
  } catch (err) {
    render(h("h1", {}, "Something went wrong"), h("p", { class: "error" }, err.message));
    document.body.dataset.ready = "error";
  }
}

document.getElementById("search-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  location.hash = `#/search?q=${encodeURIComponent(document.getElementById("search-box").value)}`;
});
window.addEventListener("hashchange", () => { document.body.dataset.ready = ""; route(); });
route();
