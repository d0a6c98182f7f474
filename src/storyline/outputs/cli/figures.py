"""`storyline figures`: quantitative claims with their source and as-of date."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ..render import Format
from .common import date_option, emit_rows, open_store, where

commands = typer.Typer()

FIGURE_COLUMNS = [
    ("as_of", "as of"),
    ("amount", "value"),
    ("counted", "counted"),
    ("status", "status"),
    ("frame", "frame"),
    ("subject", "subject"),
    ("source", "source"),
    ("where", "article:span"),
]
FIGURE_FIELDS = [
    "article_id",
    "start",
    "end",
    "text",
    "value",
    "high",
    "qualifier",
    "unit",
    "counted",
    "quantity",
    "noun",
    "status",
    "subject",
    "source",
    "source_span",
    "source_from",
    "as_of",
    "as_of_from",
    "as_of_span",
    "period",
    "period_start",
    "period_end",
    "period_cue",
    "modality",
    "place",
    "place_level",
    "population",
    "certainty",
]
"""Every field of a figure row, the frame included (gold/findings/RULES.md)."""
QUALIFIER_SIGNS = {
    "exact": "",
    "about": "~",
    "more_than": ">",
    "at_least": "≥",
    "up_to": "≤",
    "nearly": "<~",
    "less_than": "<",
}
"""How a qualifier reads in the table: "> 130", "~ 500,000", "≤ 70"."""


def amount(m: dict[str, Any]) -> str:
    """Value with its qualifier, range and unit: "> 130 people", "60–70 percent"."""
    value = _number(m.get("value"))
    if m.get("high") is not None:
        value = f"{value}–{_number(m['high'])}"
    sign = QUALIFIER_SIGNS.get(m.get("qualifier") or "exact", m.get("qualifier") or "")
    unit = m.get("unit")
    return " ".join(p for p in (sign, value, unit) if p)


def frame(m: dict[str, Any]) -> str:
    """The frame in a few words: "cumulative since 2011-02-15 · Benghazi (city) · children ·
    opinion" (modality only when not asserted; empty for a row stored before frames)."""
    period = m.get("period") or ""
    start, end = m.get("period_start"), m.get("period_end")
    if period and start:
        period += f" {start}" + (f"..{end}" if end and end != start else "")
    place = m.get("place")
    if place and m.get("place_level"):
        place = f"{place} ({m['place_level']})"
    who = m.get("population")
    who = who if who and who != "people" else None
    mode = m.get("modality")
    mode = mode if mode and mode != "asserted" else None
    return " · ".join(p for p in (period, m.get("certainty"), place, who, mode) if p)


def _number(value: Any) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}" if isinstance(value, int | float) else str(value)


@commands.command()
def figures(
    ctx: typer.Context,
    kind: Annotated[
        str | None,
        typer.Argument(help="What is counted or its kind: hostages, killed, money, percent…"),
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Source name (substring, any case).")
    ] = None,
    date_from: Annotated[
        str | None, date_option("--from", "As-of date from (YYYY[-MM[-DD]]).")
    ] = None,
    date_to: Annotated[
        str | None, date_option("--to", "As-of date up to (YYYY[-MM[-DD]]).")
    ] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """Figures (counts, shares, money, lengths) with qualifier, status, source and as-of date."""
    with open_store(ctx) as sl:
        found = sl.figures(kind, source=source, date_from=date_from, date_to=date_to)
        rows = ({**m, "amount": amount(m), "frame": frame(m), "where": where(m)} for m in found)
        emit_rows(rows, format, FIGURE_COLUMNS, FIGURE_FIELDS, title="figures")
