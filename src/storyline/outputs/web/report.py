"""Reports a journalist can mail: Markdown, and one self-contained HTML file.

Both show the same sections, built once by ``sections``: the key events and the timeline (story
events by event date), the figure series with their conflicts and revisions, who said what, the
main entities and the articles. Every item carries its citation (article id and character span).
The HTML charts are inline SVG drawn by matplotlib (the series as `storyline plot` draws them):
no script, no network, they show in any browser or mail client.
"""

from __future__ import annotations

import io
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from html import escape
from typing import Any
from urllib.parse import quote

from ... import dates
from ...api import Storyline
from . import data

TOP_SPEAKERS = 12
QUOTES_PER_SPEAKER = 6
TOP_ENTITIES = 25
TOP_SERIES = 6
KEY_EVENTS = 10
CITES_PER_EVENT = 3
CHART_SIZE = (7.5, 2.6)
SERIES_CHART_SIZE = (8.5, 3.4)
SHOWN_FINDINGS = ("conflict", "revision")
"""Findings the reports list; a real change is what a series shows anyway."""


@dataclass(slots=True)
class Report:
    title: str
    subtitle: str
    layer: str
    timeline: list[dict[str, Any]]
    key_events: list[dict[str, Any]]
    series: list[dict[str, Any]]
    """Series with two points or more, comparable ones first."""
    single: list[dict[str, Any]]
    """Series of one point: figures nothing else was reported against."""
    findings: list[dict[str, Any]]
    speakers: list[tuple[str, list[dict[str, Any]]]]
    entities: list[dict[str, Any]]
    articles: list[dict[str, Any]]
    titles: dict[str, str] = field(default_factory=dict)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Article id → its summary (title, outlets, url, date): what a citation names."""


def sections(sl: Storyline) -> Report:
    o = data.overview(sl)
    span = f"{o['first_date']} – {o['last_date']}" if o["first_date"] else "no dated article"
    tl = data.timeline(sl)
    key = data.timeline(sl, key=KEY_EVENTS)["entries"] if tl["layer"] == "timeline" else []
    series = data.series(sl)
    by_speaker: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for s in sl.statements():
        by_speaker[s.get("speaker") or "unknown speaker"].append(s)
    speakers = sorted(by_speaker.items(), key=lambda kv: -len(kv[1]))[:TOP_SPEAKERS]
    articles, sources = [], {}
    for a in sl.articles():
        articles.append(data.article_summary(a))
        # only a title the article has: its first line (a dateline, mostly) names nothing
        sources[a["id"]] = {k: a.get(k) for k in ("title", "outlets", "url")}
    return Report(
        title="Story report",
        subtitle=f"{o['articles']} articles, {span}; generated {date.today().isoformat()}",
        layer=tl["layer"],
        timeline=tl["entries"],
        key_events=key,
        series=[s for s in series if len(s["points"]) > 1],
        single=[s for s in series if len(s["points"]) == 1],
        findings=[f for f in sl.conflicts() if f["kind"] in SHOWN_FINDINGS],
        speakers=speakers,
        entities=sl.entities()[:TOP_ENTITIES],
        articles=articles,
        titles={a["id"]: a["title"] for a in articles},
        sources=sources,
    )


LAYER_NOTES = {
    "timeline": "Events merged across articles, by the date they happened.",
    "articles": "No events extracted: articles by publication date, each cited by its lead.",
}


def cite(c: dict[str, Any]) -> str:
    """The span cited: article id (10 characters) and raw-text offsets."""
    return f"{c['article_id'][:10]}:{c['start']}-{c['end']}"


CITED_TITLE_CHARS = 70
"""A cited article's title is cut to this many characters in a citation (whole on hover)."""


def _safe_url(url: Any) -> str | None:
    """An article's web address fit for a Markdown link: http(s) only, with the characters
    that could end or break the link percent-encoded."""
    if not isinstance(url, str) or not re.match(r"https?://", url, re.IGNORECASE):
        return None
    return quote(url, safe=":/?#@!$&'*+,;=%~-._")


def _cited(c: dict[str, Any], r: Report) -> tuple[str, str, str | None]:
    """(outlet, title, url) of a citation's article, as far as they are known."""
    a = r.sources.get(c["article_id"]) or {}
    return ", ".join(a.get("outlets") or []), a.get("title") or "", a.get("url")


def _short(text: str) -> str:
    if len(text) <= CITED_TITLE_CHARS:
        return text
    return text[: CITED_TITLE_CHARS - 1].rsplit(" ", 1)[0] + "…"


def _md_span(c: dict[str, Any], r: Report) -> str:
    """The span, linked to its article's web address when it has one (table cells)."""
    link = _safe_url(_cited(c, r)[2])
    return f"[{cite(c)}]({link})" if link else cite(c)


def _md_cite(c: dict[str, Any], r: Report) -> str:
    """'Reuters, [Title](url) · 1a2b3c4d5e:10-42': outlet, title (linked when the article
    has a web address) and the span."""
    outlet, title, url = _cited(c, r)
    named = _md(_short(title)) if title else ""
    if named and (link := _safe_url(url)):
        named = f"[{named}]({link})"
    head = ", ".join(x for x in (_md(outlet), named) if x)
    return f"{head} · {cite(c)}" if head else cite(c)


def source_of(p: dict[str, Any]) -> str:
    return p.get("source") or (p.get("citation") or {}).get("outlet") or "no source named"


def when(value: str | None) -> str:
    """A date as a reader says it ('week of 2 March 2026', never '2026-W10'), else 'undated';
    an ISO day stays as it is (it reads as a day, and a list of them sorts by eye)."""
    return data.reader_date(value) or "undated"


def point_when(p: dict[str, Any]) -> str:
    """The days a point describes, as a reader says them."""
    if p.get("precision") == "window":
        guess = f", placed around {when(p['guess'])}" if p.get("guess") else ""
        return f"undated ({when(p.get('lo'))} … {when(p.get('hi'))}{guess})"
    return when(p.get("as_of") or p.get("lo")) if p.get("as_of") or p.get("lo") else "?"


def point_flags(p: dict[str, Any]) -> list[str]:
    return [k for k in SHOWN_FINDINGS if p.get(k)]


def event_facts(e: dict[str, Any]) -> str:
    """'Solvane Miners' Front · in Lower Tessaly · 3 sources': what a reader scans for."""
    parts = [", ".join(e.get("actors") or [])]
    if e.get("place"):
        parts.append(f"in {e['place']}")
    if e.get("sources"):
        parts.append(f"{e['sources']} source{'s' if e['sources'] != 1 else ''}")
    return " · ".join(p for p in parts if p)


# -- Markdown -----------------------------------------------------------------------------------


_MD_ACTIVE = re.compile(r"([\\`*_\[\]|])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _md(text: Any) -> str:
    """Stored text made inert in Markdown, on one line: HTML escaped (a renderer passes raw
    HTML through), link, emphasis, code and table syntax backslashed, control characters gone."""
    plain = escape(_CONTROL.sub("", str(text or "")), quote=False)
    return _MD_ACTIVE.sub(r"\\\1", plain).replace("\n", " ").replace("\t", " ")


def _md_event(e: dict[str, Any], r: Report) -> list[str]:
    layer = r.layer
    kind = f" **{e['type']}**" if e.get("type") and layer != "articles" else ""
    facts = event_facts(e) if layer != "articles" else ""
    out = [f"- **{when(e.get('date'))}**{kind} {_md(e['headline'])}"]
    if facts:
        out[0] += f" _({_md(facts)})_"
    for c in e["citations"][:CITES_PER_EVENT]:
        out.append(f"  - “{_md(c.get('text'))}” ({_md_cite(c, r)})")
    return out


def _md_series(r: Report) -> list[str]:
    out = ["", "## Figure series", ""]
    out.append(
        "Figures of the same thing over time, each with its source and the sentence it was "
        "read from; ⚠ marks a point in a conflict or a revision."
    )
    for s in r.series:
        out += ["", f"### {_md(s['label'])}", "", "| as of | value | source | cited | |"]
        out.append("|---|---|---|---|---|")
        for p in s["points"]:
            flags = ", ".join(point_flags(p))
            out.append(
                f"| {_md(point_when(p))} | {_md(p['shown'])} | {_md(source_of(p))} "
                f"| {_md_span(p, r)} "
                f"| {'⚠ ' + flags if flags else ''} |"
            )
    if r.single:
        out += ["", "### Other figures", "", "| series | as of | value | source | cited |"]
        out.append("|---|---|---|---|---|")
        for s in r.single:
            p = s["points"][0]
            out.append(
                f"| {_md(s['label'])} | {_md(point_when(p))} | {_md(p['shown'])} | "
                f"{_md(source_of(p))} | {_md_span(p, r)} |"
            )
    return out


def _md_findings(r: Report) -> list[str]:
    out = ["", "## Conflicts and revisions", ""]
    if not r.findings:
        return [*out, "None found."]
    for f in r.findings:
        a, b = _md_cite(f["a"], r), _md_cite(f["b"], r)
        out.append(f"- **{f['kind']}** {_md(f['explanation'])} ({a}; {b})")
    return out


def markdown(sl: Storyline) -> str:
    r = sections(sl)
    out = [f"# {r.title}", "", f"_{r.subtitle}_"]
    if r.key_events:
        out += ["", "## Key events", "", f"The {len(r.key_events)} most important events.", ""]
        for e in r.key_events:
            out += _md_event(e, r)[:1]
    out += ["", "## Timeline", "", LAYER_NOTES[r.layer], ""]
    for e in r.timeline:
        out += _md_event(e, r)
    if r.series or r.single:
        out += _md_series(r)
        out += _md_findings(r)
    out += ["", "## Who said what", ""]
    for speaker, said in r.speakers:
        out += [f"### {_md(speaker)} ({len(said)})", ""]
        for s in said[:QUOTES_PER_SPEAKER]:
            text = f"“{s['text']}”" if s.get("direct") else s["text"]
            out.append(f"- {when(s.get('date'))}: {_md(text)} ({_md_cite(s, r)})")
        out.append("")
    out += ["## People, organisations and places", "", "| name | type | mentions | articles |"]
    out.append("|---|---|---|---|")
    for e in r.entities:
        out.append(f"| {_md(e['canonical'])} | {e['label']} | {e['mentions']} | {e['articles']} |")
    out += ["", "## Articles", "", "| published | title | credits | id |", "|---|---|---|---|"]
    for a in r.articles:
        day = when(a["published"]) if a["published"] else None
        day = day or f"~{when(a['date_earliest'])} … {when(a['date_latest'])}"
        out.append(f"| {day} | {_md(a['title'])} | {_md(', '.join(a['outlets']))} | {a['id']} |")
    return "\n".join(out) + "\n"


# -- HTML ---------------------------------------------------------------------------------------


def _svg(fig: Any) -> str:
    from matplotlib import rc_context

    buf = io.StringIO()
    # Text as <text>, not glyph paths: a reader can select, search and copy a chart's words.
    with rc_context({"svg.fonttype": "none"}):
        fig.savefig(buf, format="svg", bbox_inches="tight")
    svg = buf.getvalue()
    return svg[svg.index("<svg") :]  # drop the XML prolog and doctype: inline in HTML


def _axes(title: str) -> tuple[Any, Any]:
    from matplotlib.figure import Figure

    fig = Figure(figsize=CHART_SIZE)
    ax = fig.subplots()
    ax.set_title(title, loc="left", fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=8)
    return fig, ax


def reports_chart(r: Report) -> str | None:
    days = Counter(d for a in r.articles if (d := dates.day(a["published"])))
    if not days:
        return None
    fig, ax = _axes("Articles per day")
    xs = sorted(days)
    ax.bar(xs, [days[d] for d in xs], width=0.9, color="#1f5fa8")
    ax.set_ylabel("articles", fontsize=8)
    fig.autofmt_xdate()
    return _svg(fig)


def series_charts(r: Report) -> list[tuple[dict[str, Any], str]]:
    """The first ``TOP_SERIES`` series that can be placed in time, each drawn as `storyline
    plot` draws it (a colour per source, qualifier markers, conflicts and revisions marked)."""
    from matplotlib.figure import Figure

    from ..plot import _draw_panel, point_day  # one drawing of a series for PNG and report

    findings = [f for f in r.findings if f["kind"] in SHOWN_FINDINGS]
    charts: list[tuple[dict[str, Any], str]] = []
    for s in r.series:
        if len(charts) == TOP_SERIES:
            break
        if not any(point_day(p) for p in s["points"]):
            continue
        fig = Figure(figsize=SERIES_CHART_SIZE)
        _draw_panel(fig.subplots(), s, findings)
        charts.append((s, _svg(fig)))
    return charts


def speakers_chart(r: Report) -> str | None:
    if not r.speakers:
        return None
    fig, ax = _axes("Statements per speaker")
    names = [s for s, _ in r.speakers][::-1]
    ax.barh(names, [len(said) for _, said in r.speakers][::-1], color="#8a5a00")
    return _svg(fig)


CSS = """
body{font:15px/1.5 system-ui,sans-serif;color:#1d232a;max-width:60rem;margin:2rem auto;
padding:0 1rem}
h1{margin-bottom:0}h2{margin-top:2rem;border-bottom:1px solid #dfe3e8}
.muted,small{color:#66707a}table{border-collapse:collapse;width:100%;font-size:.9rem}
td,th{text-align:left;padding:.25rem .4rem;border-bottom:1px solid #eceff2;vertical-align:top}
.chart svg{max-width:100%;height:auto}.q{font-family:Georgia,serif}
li{margin:.25rem 0}.tag{font-size:.75rem;background:#eef1f4;padding:0 .3rem;border-radius:3px}
.conflict{background:#fde2e2;color:#a31b1b}.revision{background:#ffeed9;color:#a35300}
details summary{cursor:pointer;color:#66707a}
"""


def _cite_html(c: dict[str, Any], r: Report) -> str:
    """(Reuters · Title · span), the whole title and web address on hover (the report loads
    nothing from the web: the address is text, not a link)."""
    outlet, title, url = _cited(c, r)
    named = [escape(outlet)] if outlet else []
    named += [f"<i>{escape(_short(title))}</i>"] if title else []
    hover = " — ".join(x for x in (title, url or "") if x)
    text = " · ".join([*named, escape(cite(c))])
    tip = f' title="{escape(hover)}"' if hover else ""
    return f"<small{tip}>({text})</small>"


def _html_event(e: dict[str, Any], r: Report, *, cites: bool = True) -> str:
    tag = f" <span class='tag'>{escape(e['type'])}</span>" if r.layer != "articles" else ""
    facts = event_facts(e) if r.layer != "articles" else ""
    out = f"<li><b>{escape(when(e.get('date')))}</b>{tag} {escape(e['headline'])}"
    if facts:
        out += f" <small>({escape(facts)})</small>"
    if cites:
        out += "".join(
            f"<br><span class='q'>“{escape(c.get('text') or '')}”</span> {_cite_html(c, r)}"
            for c in e["citations"][:CITES_PER_EVENT]
        )
    return out + "</li>"


def _html_series(r: Report) -> list[str]:
    parts = [
        "<h2>Figure series</h2><p class='muted'>Figures of the same thing over time: a colour "
        "per source, the marker shape is the qualifier, conflicts (red) and revisions (orange) "
        "are circled and joined.</p>"
    ]
    drawn = dict((s["id"], svg) for s, svg in series_charts(r))
    for s in r.series:
        parts.append(f"<h3>{escape(s['label'])} <small>({len(s['points'])} points)</small></h3>")
        if s["id"] in drawn:
            parts.append(
                f"<div class='chart'>{drawn[s['id']]}</div><details><summary>points</summary>"
            )
        parts.append("<table><tr><th>as of</th><th>value</th><th>source</th><th>cited</th></tr>")
        for p in s["points"]:
            flags = "".join(f" <span class='tag {k}'>{k}</span>" for k in point_flags(p))
            parts.append(
                f"<tr><td>{escape(point_when(p))}</td><td>{escape(p['shown'])}{flags}</td>"
                f"<td>{escape(source_of(p))}</td><td>{_cite_html(p, r)}</td></tr>"
            )
        parts.append("</table>" + ("</details>" if s["id"] in drawn else ""))
    if r.single:
        parts.append(
            "<h3>Other figures</h3><table><tr><th>series</th><th>as of</th><th>value</th>"
            "<th>source</th><th>cited</th></tr>"
        )
        for s in r.single:
            p = s["points"][0]
            cells = (s["label"], point_when(p), p["shown"], source_of(p))
            row = "".join(f"<td>{escape(str(v))}</td>" for v in cells)
            parts.append(f"<tr>{row}<td>{_cite_html(p, r)}</td></tr>")
        parts.append("</table>")
    parts.append("<h2>Conflicts and revisions</h2>")
    if not r.findings:
        parts.append("<p class='muted'>None found.</p>")
    parts.append("<ul>")
    for f in r.findings:
        parts.append(
            f"<li><span class='tag {f['kind']}'>{f['kind']}</span> {escape(f['explanation'])} "
            f"{_cite_html(f['a'], r)} {_cite_html(f['b'], r)}</li>"
        )
    parts.append("</ul>")
    return parts


def html_report(sl: Storyline) -> str:
    """One HTML file: styles inline, charts as inline SVG, no script and no link out."""
    r = sections(sl)
    parts = [
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{escape(r.title)}"
        f"</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(r.title)}</h1><p class='muted'>{escape(r.subtitle)}</p>",
    ]
    if (chart := reports_chart(r)) is not None:
        parts.append(f"<div class='chart'>{chart}</div>")
    if r.key_events:
        parts.append(
            f"<h2>Key events</h2><p class='muted'>The {len(r.key_events)} most "
            "important events (sources, citations, type).</p><ul>"
        )
        parts += [_html_event(e, r, cites=False) for e in r.key_events]
        parts.append("</ul>")
    parts.append(f"<h2>Timeline</h2><p class='muted'>{escape(LAYER_NOTES[r.layer])}</p><ul>")
    parts += [_html_event(e, r) for e in r.timeline]
    parts.append("</ul>")
    if r.series or r.single:
        parts += _html_series(r)
    parts.append("<h2>Who said what</h2>")
    if (chart := speakers_chart(r)) is not None:
        parts.append(f"<div class='chart'>{chart}</div>")
    for speaker, said in r.speakers:
        parts.append(f"<h3>{escape(speaker)} <small>({len(said)})</small></h3><ul>")
        for s in said[:QUOTES_PER_SPEAKER]:
            text = f"“{s['text']}”" if s.get("direct") else s["text"]
            parts.append(
                f"<li>{escape(when(s.get('date')))}: <span class='q'>{escape(text)}</span>"
                f" {_cite_html(s, r)}</li>"
            )
        parts.append("</ul>")
    parts.append(
        "<h2>People, organisations and places</h2><table><tr><th>name</th><th>type</th>"
        "<th>also called</th><th>mentions</th><th>articles</th></tr>"
    )
    for e in r.entities:
        parts.append(
            f"<tr><td>{escape(e['canonical'])}</td><td>{escape(e['label'])}</td>"
            f"<td>{escape(', '.join(e['aliases']))}</td><td>{e['mentions']}</td>"
            f"<td>{e['articles']}</td></tr>"
        )
    parts.append(
        "</table><h2>Articles</h2><table><tr><th>published</th><th>title</th><th>credits</th>"
        "<th>id</th></tr>"
    )
    for a in r.articles:
        day = when(a["published"]) if a["published"] else None
        day = day or f"~{when(a['date_earliest'])} … {when(a['date_latest'])}"
        parts.append(
            f"<tr><td>{escape(day)}</td><td>{escape(a['title'])}</td>"
            f"<td>{escape(', '.join(a['outlets']))}</td><td><code>{a['id']}</code></td></tr>"
        )
    parts.append("</table></body></html>")
    return "\n".join(parts)
