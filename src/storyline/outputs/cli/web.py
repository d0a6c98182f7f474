"""`storyline serve`, `export`: the web app and shareable files."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated

import typer

from .. import tidy
from ..formats import KINDS, ExportFormat
from .common import date_option, open_store

commands = typer.Typer()


LOOPBACK = ("127.0.0.1", "localhost", "::1")


@commands.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="Port to listen on.")
    ] = 8000,
    allow_upload: Annotated[
        bool,
        typer.Option(
            "--allow-upload",
            help="Let the page (and POST /api/ingest) add articles, with a token; "
            "read-only without it.",
        ),
    ] = False,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar="STORYLINE_TOKEN",
            help="The upload token (default: a new random one, printed).",
            show_default=False,
        ),
    ] = None,
    cors: Annotated[
        list[str] | None,
        typer.Option(
            "--cors",
            help="Let pages of this origin (https://host:port, repeatable; * for any) read "
            "the API from a browser, e.g. a notebook; off by default. Uploads stay same-origin.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """The web app (timeline, figures, negotiations, people, articles, search) and its JSON API
    (OpenAPI description at /docs) over the store."""
    import uvicorn

    from ..web import create_app

    if host not in LOOPBACK and not host.startswith("127."):
        typer.echo(
            f"warning: serving on {host}, beyond this machine: anyone who can reach it "
            "can read the whole store",
            err=True,
        )
    if allow_upload:
        token = token or secrets.token_urlsafe(24)
    sl = open_store(ctx, create=allow_upload)  # an empty store is fine when uploads fill it
    base = f"http://{host}:{port}/"
    page = f"{base}?token={token}" if allow_upload else base
    typer.echo(f"storyline: {page}  (API docs: {base}docs)")
    if allow_upload:
        typer.echo(f"uploads on: send 'Authorization: Bearer {token}' to POST {base}api/ingest")
    app = create_app(sl, allow_upload=allow_upload, token=token, cors=cors or ())
    uvicorn.run(app, host=host, port=port, log_level="warning")
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
            help="File to write, - for stdout; a folder for csv/parquet without --kind "
            "(one file per kind).",
        ),
    ],
    kind: Annotated[
        str | None,
        typer.Option("--kind", "-k", help=f"Only one kind: {', '.join((*KINDS, *tidy.TABLES))}."),
    ] = None,
    with_text: Annotated[
        bool,
        typer.Option(
            "--with-text",
            help="Add each article's raw text and each mention's sentence, so that every "
            "span resolves without storyline (data formats).",
        ),
    ] = False,
    date_from: Annotated[
        str | None,
        date_option(
            "--from",
            "Only what overlaps days on or after this (articles and their mentions by "
            "publication date; series points, findings, events, entities by their own).",
        ),
    ] = None,
    date_to: Annotated[
        str | None, date_option("--to", "Only what overlaps days on or before this.")
    ] = None,
    key: Annotated[
        int | None,
        typer.Option("--key", min=1, help="Only the N most important events (timeline tables)."),
    ] = None,
) -> None:
    """Write the story to a file: data (json, jsonl, csv, parquet), a Markdown or a
    self-contained HTML report, or a TimelineJS timeline. Data exports hold the articles,
    every extracted kind, and the tidy story tables `series` (one row per point) and
    `findings` (one row per conflict, revision or change), with fixed columns; every date
    as ISO days (`*_start`/`*_end`) beside its value (`*_timex`). The provenance (versions,
    store, time, options) is written beside the export (`NAME.meta.json`, or `meta.json` in
    a folder) and into parquet's own metadata."""
    from ..export import export as run_export

    with open_store(ctx) as sl:
        written = run_export(
            sl,
            format,
            output,
            kind=kind,
            with_text=with_text,
            date_from=date_from,
            date_to=date_to,
            key=key,
        )
    for path in written:
        typer.echo(f"wrote {path}", err=True)  # status, not data: stdout may be the export
