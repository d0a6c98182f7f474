"""`storyline rebuild`: the story tables recomputed from the mentions (``story.materialize``)."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import render
from ..render import Format
from .common import formats_of, open_store

commands = typer.Typer()


@commands.command()
def rebuild(
    ctx: typer.Context,
    format: Annotated[
        Format,
        typer.Option(
            "--format", "-f", help="table or json.", callback=formats_of(Format.table, Format.json)
        ),
    ] = Format.table,
) -> None:
    """Recompute the whole story (series, findings, story events) from the stored mentions.
    Ingest keeps it up to date; run this after changing lexicons, or to check a store."""
    with open_store(ctx) as sl:
        built = sl.rebuild()
    if format is Format.json:
        render.write_json(built)
        return
    rows = [
        {"what": "partitions", "value": built["partitions"]},
        {"what": "series", "value": built["series"]},
        {"what": "findings", "value": built["findings"]},
        {"what": "story events", "value": built["events"]},
        {"what": "seconds", "value": built["seconds"]},
    ]
    columns = [("what", "built"), ("value", "count")]
    render.console().print(render.table(rows, columns, title="storyline rebuild"))
