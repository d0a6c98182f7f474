"""`storyline serve`, `export`: the web app and shareable files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..formats import KINDS, ExportFormat
from .common import open_store

commands = typer.Typer()


@commands.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
) -> None:
    """The web app (timeline, figures, people, articles, search) and its JSON API
    (OpenAPI description at /docs) over the store."""
    import uvicorn

    from ..web import create_app

    sl = open_store(ctx)
    typer.echo(f"storyline: http://{host}:{port}/  (API docs: http://{host}:{port}/docs)")
    uvicorn.run(create_app(sl), host=host, port=port, log_level="warning")
    sl.close()


@commands.command()
def export(
    ctx: typer.Context,
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="File to write; a folder for csv/parquet without --kind (one file per kind).",
        ),
    ],
    kind: Annotated[
        str | None,
        typer.Option("--kind", "-k", help=f"Only one kind: {', '.join(KINDS)}."),
    ] = None,
) -> None:
    """Write the story to a file: data (json, jsonl, csv, parquet), a Markdown or a
    self-contained HTML report, or a TimelineJS timeline."""
    from ..export import export as run_export

    with open_store(ctx) as sl:
        written = run_export(sl, format, output, kind=kind)
    for path in written:
        typer.echo(f"wrote {path}")
