"""Reports a journalist can mail: Markdown, and one self-contained HTML file.

Both show the same sections, built once by ``sections``: the timeline, figures (when extracted),
who said what, the main entities and the articles. Every item carries its citation (article id
and character span). The HTML charts are inline SVG drawn by matplotlib: no script, no network,
they show in any browser or mail client.
"""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from html import escape
from typing import Any

from ...api import Storyline
from . import data

TOP_SPEAKERS = 12
QUOTES_PER_SPEAKER = 6
TOP_ENTITIES = 25
TOP_SERIES = 6
CHART_SIZE = (7.5, 2.6)


@dataclass(slots=True)
class Report:
    title: str
    subtitle: str
    layer: str
    timeline: list[dict[str, Any]]
    figures: list[dict[str, Any]]
    speakers: list[tuple[str, list[dict[str, Any]]]]
    entities: list[dict[str, Any]]
    articles: list[dict[str, Any]]
    titles: dict[str, str] = field(default_factory=dict)


def sections(sl: Storyline) -> Report:
    o = data.overview(sl)
    span = f"{o['first_date']} – {o['last_date']}" if o["first_date"] else "no dated article"
    tl = data.timeline(sl)
    figures = list(sl.figures()) if o["available"]["figures"] else []  # type: ignore[attr-defined]
    by_speaker: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for s in sl.statements():
        by_speaker[s.get("speaker") or "unknown speaker"].append(s)
    speakers = sorted(by_speaker.items(), key=lambda kv: -len(kv[1]))[:TOP_SPEAKERS]
    articles = [data.article_summary(a) for a in sl.articles()]
    return Report(
        title="Story report",
        subtitle=f"{o['articles']} articles, {span}; generated {date.today().isoformat()}",
        layer=tl["layer"],
        timeline=tl["entries"],
        figures=figures,
        speakers=speakers,
        entities=sl.entities()[:TOP_ENTITIES],
        articles=articles,
        titles={a["id"]: a["title"] for a in articles},
    )


LAYER_NOTES = {
    "timeline": "Events merged across articles, by event date.",
    "events": "Event mentions by event date (not merged across articles).",
    "articles": "No events extracted: articles by publication date, each cited by its lead.",
}


def cite(c: dict[str, Any]) -> str:
    return f"{c['article_id'][:10]}:{c['start']}-{c['end']}"


def _figure_value(f: dict[str, Any]) -> str:
    value = f"{f.get('value'):,}" if isinstance(f.get("value"), int | float) else "?"
    if f.get("high") is not None:
        value += f"–{f['high']:,}"
    q = f.get("qualifier")
    return f"{q.replace('_', ' ')} {value}" if q and q != "exact" else value


# -- Markdown -----------------------------------------------------------------------------------


def _md(text: Any) -> str:
    return str(text or "").replace("|", "\\|").replace("\n", " ")


def markdown(sl: Storyline) -> str:
    r = sections(sl)
    out = [f"# {r.title}", "", f"_{r.subtitle}_", "", "## Timeline", "", LAYER_NOTES[r.layer], ""]
    for e in r.timeline:
        kind = f" **{e['type']}**" if e.get("type") and r.layer != "articles" else ""
        out.append(f"- **{e.get('date') or 'undated'}**{kind} {_md(e['headline'])}")
        for c in e["citations"][:3]:
            out.append(f"  - “{_md(c.get('text'))}” ({cite(c)})")
    if r.figures:
        out += ["", "## Figures", "", "| as of | value | counted | status | source | cited |"]
        out.append("|---|---|---|---|---|---|")
        for f in sorted(r.figures, key=lambda f: f.get("as_of") or "9999"):
            out.append(
                f"| {_md(f.get('as_of'))} | {_md(_figure_value(f))} | {_md(f.get('counted'))} | "
                f"{_md(f.get('status'))} | {_md(f.get('source'))} | {cite(f)} |"
            )
    out += ["", "## Who said what", ""]
    for speaker, said in r.speakers:
        out += [f"### {_md(speaker)} ({len(said)})", ""]
        for s in said[:QUOTES_PER_SPEAKER]:
            text = f"“{s['text']}”" if s.get("direct") else s["text"]
            out.append(f"- {s.get('date') or 'undated'}: {_md(text)} ({cite(s)})")
        out.append("")
    out += ["## People, organisations and places", "", "| name | type | mentions | articles |"]
    out.append("|---|---|---|---|")
    for e in r.entities:
        out.append(f"| {_md(e['canonical'])} | {e['label']} | {e['mentions']} | {e['articles']} |")
    out += ["", "## Articles", "", "| published | title | credits | id |", "|---|---|---|---|"]
    for a in r.articles:
        when = a["published"] or f"~{a['date_earliest'] or '?'}…{a['date_latest'] or '?'}"
        out.append(f"| {when} | {_md(a['title'])} | {_md(', '.join(a['outlets']))} | {a['id']} |")
    return "\n".join(out) + "\n"


# -- HTML ---------------------------------------------------------------------------------------


def _svg(fig: Any) -> str:
    buf = io.StringIO()
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


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def reports_chart(r: Report) -> str | None:
    days = Counter(d for a in r.articles if (d := _day(a["published"])))
    if not days:
        return None
    fig, ax = _axes("Articles per day")
    xs = sorted(days)
    ax.bar(xs, [days[d] for d in xs], width=0.9, color="#1f5fa8")
    ax.set_ylabel("articles", fontsize=8)
    fig.autofmt_xdate()
    return _svg(fig)


def figure_charts(r: Report) -> list[str]:
    """One chart per (counted, status) group with two dated points or more; a colour per source."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in r.figures:
        if isinstance(f.get("value"), int | float) and _day(f.get("as_of")):
            label = " ".join(str(x) for x in (f.get("counted"), f.get("status")) if x)
            groups[label or "figures"].append(f)
    charts = []
    for label, points in sorted(groups.items(), key=lambda kv: -len(kv[1]))[:TOP_SERIES]:
        if len(points) < 2:
            continue
        fig, ax = _axes(label)
        by_source: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for p in points:
            by_source[p.get("source") or "unattributed"].append(p)
        for source, ps in by_source.items():
            ps.sort(key=lambda p: p["as_of"])
            ax.plot([_day(p["as_of"]) for p in ps], [p["value"] for p in ps], "o-", label=source)
        ax.legend(fontsize=7, frameon=False)
        fig.autofmt_xdate()
        charts.append(_svg(fig))
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
"""


def _cite_html(c: dict[str, Any], titles: dict[str, str]) -> str:
    title = titles.get(c["article_id"], "")
    return f'<small title="{escape(title)}">({escape(cite(c))})</small>'


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
    parts.append(f"<h2>Timeline</h2><p class='muted'>{escape(LAYER_NOTES[r.layer])}</p><ul>")
    for e in r.timeline:
        tag = f" <span class='tag'>{escape(e['type'])}</span>" if r.layer != "articles" else ""
        cites = "".join(
            f"<br><span class='q'>“{escape(c.get('text') or '')}”</span> {_cite_html(c, r.titles)}"
            for c in e["citations"][:3]
        )
        parts.append(
            f"<li><b>{escape(e.get('date') or 'undated')}</b>{tag} {escape(e['headline'])}"
            f"{cites}</li>"
        )
    parts.append("</ul>")
    if r.figures:
        parts.append("<h2>Figures</h2>")
        parts += [f"<div class='chart'>{c}</div>" for c in figure_charts(r)]
        parts.append(
            "<table><tr><th>as of</th><th>value</th><th>counted</th><th>status</th>"
            "<th>source</th><th>cited</th></tr>"
        )
        for f in sorted(r.figures, key=lambda f: f.get("as_of") or "9999"):
            cells = (f.get("as_of"), _figure_value(f), f.get("counted"), f.get("status"))
            row = "".join(f"<td>{escape(str(v or ''))}</td>" for v in (*cells, f.get("source")))
            parts.append(f"<tr>{row}<td>{_cite_html(f, r.titles)}</td></tr>")
        parts.append("</table>")
    parts.append("<h2>Who said what</h2>")
    if (chart := speakers_chart(r)) is not None:
        parts.append(f"<div class='chart'>{chart}</div>")
    for speaker, said in r.speakers:
        parts.append(f"<h3>{escape(speaker)} <small>({len(said)})</small></h3><ul>")
        for s in said[:QUOTES_PER_SPEAKER]:
            text = f"“{s['text']}”" if s.get("direct") else s["text"]
            parts.append(
                f"<li>{escape(s.get('date') or 'undated')}: <span class='q'>{escape(text)}</span>"
                f" {_cite_html(s, r.titles)}</li>"
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
        when = a["published"] or f"~{a['date_earliest'] or '?'}…{a['date_latest'] or '?'}"
        parts.append(
            f"<tr><td>{escape(when)}</td><td>{escape(a['title'])}</td>"
            f"<td>{escape(', '.join(a['outlets']))}</td><td><code>{a['id']}</code></td></tr>"
        )
    parts.append("</table></body></html>")
    return "\n".join(parts)
