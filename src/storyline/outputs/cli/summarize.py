"""`storyline summarize`: timeline summarization to the K most important dates."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from .. import render
from ..render import Format
from .common import date_option, open_store

commands = typer.Typer()


@commands.command()
def summarize(
    ctx: typer.Context,
    dates: Annotated[int, typer.Option("--dates", "-k", min=1, help="Dates to keep (K).")] = 10,
    sentences: Annotated[
        int, typer.Option("--sentences", "-n", min=1, help="Sentences per date (N).")
    ] = 1,
    query: Annotated[
        list[str] | None,
        typer.Option("--query", help="Only sentences holding this word (repeatable: any)."),
    ] = None,
    date_from: Annotated[
        str | None, date_option("--from", "Articles and dates on or after (ISO).")
    ] = None,
    date_to: Annotated[
        str | None, date_option("--to", "Articles and dates on or before (ISO).")
    ] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """The K most important dates of the story, N central sentences each (unsupervised).

    ``--format json`` prints ``[["YYYY-MM-DD", ["sentence", ...]], ...]``."""
    with open_store(ctx) as sl:
        timeline = sl.summarize(
            dates=dates,
            sentences=sentences,
            query=query or (),
            date_from=date_from,
            date_to=date_to,
        )
    if format is Format.json:
        render.write_json([[day, sents] for day, sents in timeline])
    elif format is Format.jsonl:
        render.write_jsonl({"date": day, "sentences": sents} for day, sents in timeline)
    elif format is Format.csv:
        rows = [{"date": day, "sentence": s} for day, sents in timeline for s in sents]
        render.write_csv(rows, ["date", "sentence"])
    else:
        t = Table(title=f"timeline ({len(timeline)} dates)", title_justify="left", show_lines=True)
        t.add_column("date", no_wrap=True)
        t.add_column("summary")
        for day, sents in timeline:
            t.add_row(day, "\n".join(sents))
        render.console().print(t)
