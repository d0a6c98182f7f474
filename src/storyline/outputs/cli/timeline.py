"""`storyline timeline`: the story's events merged across articles, by event date."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ... import dates
from .. import render
from ..render import Format
from .common import date_option, emit_rows, open_store

commands = typer.Typer()

TIMELINE_COLUMNS = [
    ("date_shown", "date"),
    ("type", "type"),
    ("headline_short", "headline"),
    ("actor_list", "actors"),
    ("sources", "sources"),
    ("where", "first citation"),
]
TIMELINE_FIELDS = [
    "id",
    "date",
    "date_precision",
    "date_origin",
    "date_note",
    "type",
    "score",
    "headline",
    "actors",
    "place",
    "sources",
    "articles",
    "first_reported",
    "last_reported",
    "where",
]
HEADLINE_CHARS = 110


def _row(e: dict[str, Any]) -> dict[str, Any]:
    """A timeline entry with the short forms a table shows."""
    first = (e.get("citations") or [{}])[0]
    head = " ".join((e.get("headline") or "").split())
    short = head if len(head) <= HEADLINE_CHARS else head[: HEADLINE_CHARS - 1] + "…"
    value = e.get("date")
    # a reader says "week of 2 March 2026", not "2026-W10"; an ISO day stays (it sorts by eye)
    date = (value if len(value) == 10 and dates.day(value) else dates.label(value)) if value else ""
    date = date or "undated"
    if e.get("date_origin") != "text":
        date += "*"  # not a date the text gives: see date_note
    return {
        **e,
        "date_shown": date,
        "headline_short": short,
        "actor_list": ", ".join(e.get("actors") or []),
        "where": f"{first.get('article_id', '')[:10]}:{first.get('start')}-{first.get('end')}",
    }


@commands.command()
def timeline(
    ctx: typer.Context,
    date_from: Annotated[
        str | None, date_option("--from", "Events on or after (ISO day, month or year).")
    ] = None,
    date_to: Annotated[
        str | None, date_option("--to", "Events on or before (ISO day, month or year).")
    ] = None,
    actor: Annotated[
        list[str] | None, typer.Option("--actor", help="Actor name, alias or part of a name.")
    ] = None,
    type: Annotated[
        list[str] | None, typer.Option("--type", "-t", help="Event type(s): release, talks…")
    ] = None,
    key: Annotated[
        int | None, typer.Option("--key", "-k", help="Only the N most important events.")
    ] = None,
    min_score: Annotated[
        float | None, typer.Option("--min-score", help="Only events scoring at least this.")
    ] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """Events merged across articles, ordered by when they happened, each with a headline
    sentence and its citations. A date marked * is not given by the text (the publication
    day, or undated); a month-level date stays a month. `--key N` keeps the N most
    important (sources, citations, type weight, burst), shown in date order."""
    with open_store(ctx) as sl:
        entries = sl.timeline(
            date_from=date_from,
            date_to=date_to,
            actor=actor,
            type=type,
            key=key,
            min_score=min_score,
        )
    if format is Format.json:
        render.write_json(entries)
    elif format is Format.jsonl:
        render.write_jsonl(entries)
    else:
        rows = [_row(e) for e in entries]
        emit_rows(rows, format, TIMELINE_COLUMNS, TIMELINE_FIELDS, title="timeline")
