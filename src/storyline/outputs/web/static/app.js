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
  view().replaceChildren(...nodes);
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

async function showTimeline(params) {
  const filters = { actor: params.get("actor") || "", type: params.get("type") || "", from: params.get("from") || "", to: params.get("to") || "" };
  const key = params.get("key") === "1";
  const [tl, full] = await Promise.all([api("/api/timeline", filters), api("/api/timeline")]);
  const types = [...new Set(full.entries.map((e) => e.type).filter(Boolean))].sort();
  const scored = full.entries.some((e) => e.score !== null);

  const form = h("form", { class: "filters", id: "timeline-filters" },
    h("label", {}, "Actor", h("input", { name: "actor", value: filters.actor, placeholder: "name" })),
    h("label", {}, "Type", h("select", { name: "type" }, h("option", { value: "" }, "any"),
      types.map((t) => h("option", { value: t, selected: t === filters.type }, t)))),
    h("label", {}, "From", h("input", { name: "from", value: filters.from, placeholder: "YYYY-MM-DD", size: 10 })),
    h("label", {}, "To", h("input", { name: "to", value: filters.to, placeholder: "YYYY-MM-DD", size: 10 })),
    h("label", { class: "check", title: scored ? "" : "needs the story layer (importance scores)" },
      h("input", { type: "checkbox", name: "key", checked: key, disabled: !scored }), "Key events only"),
    h("button", { type: "submit" }, "Filter"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const d = new FormData(form);
    setHashParams("timeline", { actor: d.get("actor"), type: d.get("type"), from: d.get("from"), to: d.get("to"), key: d.get("key") ? "1" : "" });
    route();
  });

  let entries = tl.entries;
  if (key && scored) {
    const scores = entries.map((e) => e.score || 0).sort((a, b) => b - a);
    const cut = scores[Math.min(9, scores.length - 1)] || 0;  // the ten most important
    entries = entries.filter((e) => (e.score || 0) >= cut);
  }
  const layerNote = {
    timeline: "Events merged across articles, by event date.",
    events: "Event mentions by event date (not yet merged across articles).",
    articles: "No events extracted yet: articles by publication date, each cited by its lead.",
  }[tl.layer];

  const chart = h("div", { class: "chart", id: "timeline-chart" }, h("h2", {}, "Reports per day"));
  const list = h("ol", { class: "timeline", id: "timeline-list" }, entries.map(timelineItem));
  render(h("h1", {}, "Timeline"), h("p", { class: "muted" }, layerNote, ` ${entries.length} entries.`),
    chart, form, entries.length ? list : h("p", { class: "muted" }, "Nothing matches these filters."));
  const dated = full.entries.filter((e) => e.date && /^\d{4}-\d{2}-\d{2}/.test(e.date));
  embed(chart, {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: "container", height: 110,
    data: { values: dated.map((e) => ({ date: e.date.slice(0, 10), type: e.type || "other" })) },
    mark: { type: "bar", tooltip: true },
    encoding: {
      x: { field: "date", type: "temporal", timeUnit: "yearmonthdate", title: null },
      y: { aggregate: "count", title: "entries" },
      color: { field: "type", type: "nominal", legend: types.length > 1 ? { orient: "right" } : null },
    },
  });
}

function timelineItem(e) {
  const cites = h("ul", { class: "citations", hidden: true },
    e.citations.map((c) => h("li", {}, h("span", { class: "quote" }, `“${c.text || ""}”`), " ",
      c.published ? h("span", { class: "muted small" }, c.published, " ") : null, citeLink(c, "open in article"))));
  const head = h("span", { class: "headline", role: "button", tabindex: 0, title: "Show the citations",
    onclick: () => { cites.hidden = !cites.hidden; } }, e.headline);
  return h("li", { "data-id": e.id },
    h("span", { class: "when" }, e.date || "undated"), e.type ? h("span", { class: "badge" }, e.type) : null, " ", head,
    e.actors.length ? h("div", { class: "muted small" }, e.actors.join(" · "), e.place ? ` — ${e.place}` : "") : null,
    e.date_note ? h("div", { class: "muted small" }, e.date_note) : null,
    h("div", { class: "muted small" }, `${e.citations.length} citation${e.citations.length === 1 ? "" : "s"}`),
    cites);
}

// -- figures ---------------------------------------------------------------------------------

function seriesFromFigures(figures) {
  // Until the story layer groups figures into series, one chart per (counted, status, unit).
  const groups = new Map();
  for (const f of figures) {
    if (typeof f.value !== "number") continue;
    const label = [f.counted || f.noun || "figure", f.status, f.unit && f.unit !== "people" ? `(${f.unit})` : ""].filter(Boolean).join(" ");
    if (!groups.has(label)) groups.set(label, { id: label, label, points: [] });
    groups.get(label).points.push({
      as_of: f.as_of, value: f.value, high: f.high, qualifier: f.qualifier, source: f.source || "unattributed",
      article_id: f.article_id, start: f.start, end: f.end, text: f.text, conflict: false,
    });
  }
  return [...groups.values()].sort((a, b) => b.points.length - a.points.length);
}

async function showFigures() {
  const have = overview.available;
  if (!have.series && !have.figures) {
    render(h("h1", {}, "Figures"), h("p", { class: "muted" }, "No figures are extracted by this version of storyline yet."));
    return;
  }
  const series = have.series ? await api("/api/series") : seriesFromFigures(await all("/api/figures"));
  const list = Array.isArray(series) ? series : series.items || [];
  const charts = list.map((s, i) => {
    const el = h("div", { class: "chart", id: `series-${i}` }, h("h2", {}, s.label, " ", h("span", { class: "muted small" }, `${s.points.length} points`)));
    return [el, s];
  });
  render(h("h1", {}, "Figures"), h("p", { class: "muted" }, "One chart per series, one colour per source. Hover a point for its value, qualifier, source and article; click it to open the sentence."),
    charts.length ? charts.map(([el]) => el) : h("p", { class: "muted" }, "No figures in this store."));
  for (const [el, s] of charts) {
    const points = s.points.filter((p) => p.as_of && /^\d{4}(-\d{2}){0,2}$/.test(p.as_of));
    if (!points.length) { el.append(h("p", { class: "muted small" }, "No dated points.")); continue; }
    embed(el, {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      width: "container", height: 180,
      data: { values: points.map((p) => ({ ...p, article: p.article_id.slice(0, 10), marked: p.conflict ? "conflict" : (p.revision ? "revision" : "") })) },
      layer: [
        { mark: { type: "line", point: false, opacity: 0.35 }, encoding: { detail: { field: "source" } } },
        { mark: { type: "point", filled: true, size: 70, cursor: "pointer" } },
        { transform: [{ filter: "datum.marked != ''" }], mark: { type: "point", shape: "diamond", size: 260, color: "#c62828", filled: false, strokeWidth: 2 } },
      ],
      encoding: {
        x: { field: "as_of", type: "temporal", title: "as of" },
        y: { field: "value", type: "quantitative", title: s.label },
        color: { field: "source", type: "nominal", title: "source" },
        tooltip: [
          { field: "value", type: "quantitative", format: "," }, { field: "qualifier" }, { field: "source" },
          { field: "as_of", title: "as of" }, { field: "article" }, { field: "marked", title: "flag" }, { field: "text", title: "phrase" },
        ],
      },
    }, (d) => { if (d.article_id) location.hash = citeHref(d); });
  }
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
        h("td", { class: "small" }, a.published || h("i", { title: "undated: inferred window" }, `~${a.date_earliest || "?"}…${a.date_latest || "?"}`), a.date_conflict ? h("span", { class: "badge", title: "date sources disagree" }, "≠") : null),
        h("td", {}, h("a", { href: `#/article/${a.id}` }, a.title)), h("td", { class: "small" }, a.outlets.join(", ")))))));
}

async function upload(files, zone) {
  const body = new FormData();
  for (const f of files) body.append("files", f, f.name);
  zone.textContent = `Ingesting ${files.length} file(s)…`;
  const res = await fetch("/api/ingest", { method: "POST", body });
  const report = await res.json();
  if (!res.ok) { zone.textContent = `Upload failed: ${JSON.stringify(report.detail)}`; return; }
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

  const text = h("div", { class: "article-text", id: "article-text" }, highlighted(a.raw_text, a.body_start || 0, items, cited));
  const legend = h("div", { class: "legend" }, KINDS.filter((k) => items.some((m) => m.kind === k)).map((k) =>
    h("label", {}, h("input", { type: "checkbox", checked: true, onchange: (ev) => text.classList.toggle(`hide-${k}`, !ev.target.checked) }),
      h("span", { class: `sw k-${k}` }), `${k} (${items.filter((m) => m.kind === k).length})`)));
  const meta = h("dl", {},
    h("dt", {}, "id"), h("dd", {}, a.id),
    h("dt", {}, "published"), h("dd", {}, a.published ? `${a.published} (${a.date_origin})` : `unknown: ${a.date_earliest || "?"} … ${a.date_latest || "?"}`),
    a.date_conflict ? [h("dt", {}, ""), h("dd", { class: "error" }, "date sources disagree")] : null,
    (a.outlets || []).length ? [h("dt", {}, "credits"), h("dd", {}, a.outlets.join(", "))] : null,
    a.dateline_place ? [h("dt", {}, "dateline"), h("dd", {}, [a.dateline_place, a.dateline_date_text, a.dateline_agency].filter(Boolean).join(" · "))] : null,
    a.path ? [h("dt", {}, "file"), h("dd", {}, a.path)] : null,
    (a.date_evidence || []).map((ev) => [h("dt", {}, "evidence"), h("dd", {}, ev)]));
  const said = (x.statements || []).map((s) => h("li", {}, h("a", { href: citeHref(s) }, `${s.speaker || "unknown"}: `), h("span", { class: "quote" }, s.text.slice(0, 90))));
  render(h("p", { class: "small" }, h("a", { href: "#/articles" }, "← articles")),
    h("div", { class: "article" }, h("div", {}, legend, text),
      h("aside", {}, h("h2", {}, "Article"), meta, said.length ? [h("h2", {}, "Statements"), h("ul", { class: "small" }, said)] : null)));
  const mark = document.querySelector("mark.cited");
  if (mark) mark.scrollIntoView({ block: "center" });
}

function highlighted(raw, bodyStart, items, cited) {
  // Offsets are code points (Python); split the text into code points, not UTF-16 units.
  const chars = Array.from(raw);
  const cuts = new Set([bodyStart, chars.length]);
  const spans = items.filter((m) => m.start >= bodyStart && m.end <= chars.length && m.end > m.start);
  for (const m of spans) { cuts.add(m.start); cuts.add(m.end); }
  if (cited) { cuts.add(Math.max(bodyStart, cited[0])); cuts.add(Math.min(chars.length, cited[1])); }
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

// -- router ----------------------------------------------------------------------------------

const ROUTES = {
  "": (p) => showTimeline(p.params),
  timeline: (p) => showTimeline(p.params),
  figures: () => showFigures(),
  entities: (p) => showEntities(p.params),
  entity: (p) => showEntity(p.parts.slice(1).join("/")),
  articles: () => showArticles(),
  article: (p) => showArticle(p.parts[1], p.params),
  search: (p) => showSearch(p.params),
};

async function loadOverview() {
  overview = await api("/api/overview");
  const kinds = Object.entries(overview.mentions).map(([k, n]) => `${n} ${k}`).join(", ");
  document.getElementById("status").textContent =
    `${overview.articles} articles (${overview.first_date || "?"} – ${overview.last_date || "?"}); ${kinds}`;
}

async function route() {
  const p = parseHash();
  const name = p.parts[0] || "";
  for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.dataset.nav === (name || "timeline"));
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
