"""`storyline articles`, `show`, `quotes`, `entities` and `dates`: what is stored, and what
extraction found in it."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from .. import render
from ..highlight import highlight_spans
from ..render import Format
from .common import date_option, emit_rows, formats_of, open_store, where

commands = typer.Typer()


# -- articles / show -----------------------------------------------------------------------

ARTICLE_COLUMNS = [
    ("id", "id"),
    ("date", "published"),
    ("outlets", "credits"),
    ("title", "title / first line"),
]
CSV_COLUMNS = [
    "id",
    "published",
    "date_origin",
    "date_precision",
    "published_start",
    "published_end",
    "date_conflict",
    "outlets",
    "title",
    "url",
    "path",
    "chars",
]


def _article_row(a: dict[str, Any]) -> dict[str, Any]:
    """A flat summary of a stored article, for tables and CSV."""
    published = a.get("published")
    if published:
        date = f"{published}"
        if a.get("date_conflict"):
            date += " ≠"  # the sources disagree
    else:
        lo, hi = a.get("date_earliest") or "?", a.get("date_latest") or "?"
        date = f"~{lo}…{hi}"  # inferred window (plain: tables show cells as text, CSV too)
    text = (a.get("clean_text") or "").strip()
    first = text.split("\n", 1)[0]
    title = a.get("title") or (first[:72] + ("…" if len(first) > 72 else ""))
    return {
        "id": a["id"],
        "date": date,
        "short_id": a["id"][:10],
        "published": published,
        "date_origin": a.get("date_origin"),
        "date_precision": a.get("date_precision"),
        # one name for a date window everywhere (API, exports): the store's column names stay
        "published_start": a.get("date_earliest"),
        "published_end": a.get("date_latest"),
        "date_conflict": bool(a.get("date_conflict")),
        "outlets": a.get("outlets") or [],
        "title": title,
        "url": a.get("url"),
        "path": a.get("path"),
        "chars": len(a.get("raw_text") or ""),
    }


@commands.command()
def articles(
    ctx: typer.Context,
    date_from: Annotated[str | None, date_option("--from", "Published on or after (ISO).")] = None,
    date_to: Annotated[str | None, date_option("--to", "Published on or before (ISO).")] = None,
    outlet: Annotated[
        str | None, typer.Option("--outlet", help="Credited outlet or agency.")
    ] = None,
    search: Annotated[str | None, typer.Option("--search", "-s", help="Full-text query.")] = None,
    undated: Annotated[
        bool,
        typer.Option(
            "--undated/--dated-only",
            help="With --from/--to, also list undated articles whose inferred window overlaps.",
        ),
    ] = False,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", min=0, help="At most this many.")
    ] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """List stored articles, ordered by publication date."""
    with open_store(ctx) as sl:
        rows = (
            _article_row(a)
            for a in sl.articles(
                date_from=date_from,
                date_to=date_to,
                outlet=outlet,
                query=search,
                limit=limit,
                include_undated=undated,
            )
        )
        emit_rows(rows, format, ARTICLE_COLUMNS, CSV_COLUMNS, title="articles")


@commands.command()
def show(
    ctx: typer.Context,
    article_id: Annotated[str, typer.Argument(metavar="ID", help="Article id or a unique prefix.")],
    format: Annotated[
        Format, typer.Option("--format", "-f", callback=formats_of(Format.table, Format.json))
    ] = Format.table,
) -> None:
    """One article: metadata, credits, date evidence, and its text with extracted spans
    highlighted; `--format json` prints the article and every item extracted from it."""
    with open_store(ctx) as sl:
        extracted = sl.extraction(article_id)
        if format is Format.json:
            render.write_json(extracted)
            return
        a = extracted["article"]
        console = render.console()
        console.print(_article_panel(a))
        console.print(highlight_spans(a["raw_text"], a.get("body_start") or 0, extracted))


def _article_panel(a: dict[str, Any]) -> Panel:
    t = Table(show_header=False, box=None)
    t.add_column(style="bold")
    t.add_column(overflow="fold")
    t.add_row("id", _safe(a["id"]))
    for key in ("title", "url", "format", "encoding", "path"):
        if a.get(key):
            t.add_row(key, _safe(str(a[key])))
    published = a.get("published")
    origin = a.get("date_origin")
    if published:
        t.add_row("published", f"{published} ({origin}, {a.get('date_precision')})")
    else:
        t.add_row(
            "published",
            f"[italic]unknown: window {a.get('date_earliest') or '?'} … "
            f"{a.get('date_latest') or '?'}[/italic]",
        )
    if a.get("date_conflict"):
        t.add_row("", "[yellow]date sources disagree[/yellow]")
    for c in a.get("dates") or []:
        quote = f' "{_safe(c["text"])}"' if c.get("text") else ""
        t.add_row("  candidate", _safe(f"{c['origin']}: {c['value']} ({c['precision']})") + quote)
    for line in a.get("date_evidence") or []:
        t.add_row("  evidence", _safe(str(line)))
    if a.get("dateline_place") or a.get("dateline_agency"):
        parts = [a.get("dateline_place"), a.get("dateline_date_text"), a.get("dateline_agency")]
        t.add_row("dateline", _safe(" · ".join(p for p in parts if p)))
    credits = a.get("credits") or []
    if credits:
        names = sorted({f"{c['name']} ({c['role']})" for c in credits})
        t.add_row("credits", _safe(", ".join(names)))
    for d in a.get("duplicates") or []:
        t.add_row(
            "duplicate", _safe(f"{d.get('kind')} of {d.get('other')} ({d.get('similarity')})")
        )
    for d in a.get("dropped") or []:
        t.add_row("dropped", _safe(f"{d.get('reason')}: {d.get('text')!r}"))
    return Panel(t, title=f"article {_safe(a['id'])}", title_align="left")


def _safe(value: object) -> str:
    """A stored string as inert rich markup: no tags, no control characters."""
    return escape(render.printable(str(value)))


# -- extraction results ----------------------------------------------------------------------

QUOTE_COLUMNS = [
    ("date", "date"),
    ("speaker", "speaker"),
    ("relay", "citing / via"),
    ("kind", "kind"),
    ("act", "act"),
    ("text", "statement"),
    ("where", "article:span"),
]
QUOTE_FIELDS = [
    "article_id",
    "start",
    "end",
    "text",
    "direct",
    "act",
    "speaker",
    "cue",
    "date",
    "date_from",
    "resolved_from",
    "cites",
    "via",
    "speaker_span",
    "cue_span",
]


@commands.command()
def quotes(
    ctx: typer.Context,
    by: Annotated[
        str | None, typer.Option("--by", help="Speaker name or alias (substring).")
    ] = None,
    direct: Annotated[
        bool | None, typer.Option("--direct/--reported", help="Only direct quotes / reported.")
    ] = None,
    act: Annotated[
        list[str] | None,
        typer.Option(
            "--act",
            help="Only these acts (repeatable or a,b): say, believe, intend, deny, accuse, "
            "support, oppose, evidence.",
        ),
    ] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """Direct quotes, reported speech, beliefs and intentions with their resolved speakers,
    acts, dates and spans."""
    with open_store(ctx) as sl:
        rows = (
            {
                **m,
                "kind": "quote" if m.get("direct") else "reported",
                "where": where(m),
                "relay": relay(m),
            }
            for m in sl.statements(by=by, direct=direct, act=act)
        )
        emit_rows(rows, format, QUOTE_COLUMNS, QUOTE_FIELDS, title="statements")


def relay(m: dict[str, object]) -> str:
    """'citing witnesses' (the speaker relays them) or 'via CNN' (the speaker through it)."""
    parts = [
        f"citing {m['cites']}" if m.get("cites") else "",
        f"via {m['via']}" if m.get("via") else "",
    ]
    return "; ".join(p for p in parts if p)


ENTITY_COLUMNS = [
    ("canonical", "entity"),
    ("label", "type"),
    ("mentions", "mentions"),
    ("articles", "articles"),
    ("first_seen", "first"),
    ("last_seen", "last"),
    ("titles", "titles / roles"),
    ("aliases", "aliases"),
]
ENTITY_FIELDS = [
    "id",
    "canonical",
    "label",
    "mentions",
    "articles",
    "first_seen",
    "last_seen",
    "titles",
    "aliases",
]


@commands.command()
def entities(
    ctx: typer.Context,
    label: Annotated[str | None, typer.Option("--label", help="PERSON, ORG, GPE…")] = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=0)] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """People, organisations and places merged across articles: mentions, articles, first
    and last day seen, titles and aliases."""
    with open_store(ctx) as sl:
        rows = sl.entities(label=label)[:limit]
        emit_rows(rows, format, ENTITY_COLUMNS, ENTITY_FIELDS, title="entities")


DATE_COLUMNS = [
    ("value", "value"),
    ("type", "type"),
    ("text", "expression"),
    ("article", "article"),
]
DATE_FIELDS = [
    "article_id",
    "start",
    "end",
    "text",
    "type",
    "value",
    "granularity",
    "anchor",
    "mod",
    "interval_begin",
    "interval_end",
    "signal",
]


@commands.command()
def dates(
    ctx: typer.Context,
    article_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Only this article (id or prefix).")
    ] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """Time expressions normalized to TIMEX3 values, relative to each publication date."""
    with open_store(ctx) as sl:
        rows = [
            {**m, "article": m["article_id"][:10]}
            for m in sl.mentions("timex", article_id=article_id)
        ]
        emit_rows(rows, format, DATE_COLUMNS, DATE_FIELDS, title="time expressions")
