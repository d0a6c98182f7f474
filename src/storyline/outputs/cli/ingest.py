"""`storyline ingest`: read, clean, date, dedupe, extract and store articles."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from ...errors import IngestError, Messages
from .. import render
from ..render import Format
from .common import BadOption, Options, err_line, formats_of, open_store

commands = typer.Typer()


@commands.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders (recursive), globs, or - for stdin.", show_default=False
        ),
    ],
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", min=1, help="Skip files larger than this many bytes.")
    ] = 5_000_000,
    model: Annotated[
        str | None,
        typer.Option(
            "--model", "-m", help="Any installed spaCy pipeline (default en_core_web_sm)."
        ),
    ] = None,
    extract: Annotated[
        bool,
        typer.Option("--extract/--no-extract", help="Run extraction, or only clean/date/dedupe."),
    ] = True,
    processes: Annotated[
        int,
        typer.Option(
            "--processes", "-p", min=1, help="Parse in this many worker processes on this machine."
        ),
    ] = 1,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="local",
            help="Parse on a Dask LocalCluster started here (one worker process per core).",
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="URL",
            help="Parse on the workers of a running Dask scheduler (tcp://HOST:PORT).",
        ),
    ] = None,
    format: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            help="Summary as a table or json.",
            callback=formats_of(Format.table, Format.json),
        ),
    ] = Format.table,
) -> None:
    """Read articles, clean and date them, link duplicates, extract, and store them.

    Re-ingesting an article already stored is a no-op. Bad input gets one error line on
    stderr naming the file (and line); the rest of the batch still goes in; the exit
    status is 1 when anything failed.
    """
    opts: Options = ctx.obj
    where = _where_to_parse(processes, dask, scheduler)
    out = render.console(quiet=opts.quiet)
    err = render.console(stderr=True)
    with open_store(ctx, create=True, model=model, extract=extract) as sl:
        progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]ingest[/bold] {task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[articles]} new"),
            console=err,
            transient=True,
            disable=opts.quiet,
        )
        with progress:
            task = progress.add_task("", total=None, articles=0)
            added = 0

            def on_event(kind: str, payload: object) -> None:
                nonlocal added
                if kind in ("error", "problem") and isinstance(payload, IngestError):
                    progress.console.print(escape(err_line(payload)), soft_wrap=True)
                elif kind == "source":
                    progress.update(task, description=escape(str(payload))[-60:])
                    progress.advance(task)
                elif kind == "article":
                    added += 1
                    progress.update(task, articles=added)
                    if opts.verbose:
                        progress.console.print(f"stored {payload}")

            try:
                report = sl.ingest(
                    paths,
                    max_bytes=max_bytes,
                    stdin=sys.stdin.buffer,
                    on_event=on_event,
                    n_process=processes,
                    dask=where,
                )
            except KeyboardInterrupt:
                # Each article is its own transaction: what was stored is whole.
                stored = sl.store.count_articles()
                print(
                    f"interrupted: {added} new articles stored ({stored} in store)", file=sys.stderr
                )
                raise typer.Exit(130) from None
        total = sl.store.count_articles()
    if format is Format.json:
        render.write_json({**report.as_dict(), "articles_in_store": total})
    else:
        out.print(_ingest_summary(report, total))
    if report.failed:
        raise typer.Exit(1)


def _where_to_parse(processes: int, dask: str | None, scheduler: str | None) -> str | None:
    """The facade's ``dask`` argument, once the three ways to parse are known not to clash."""
    given = [
        name
        for name, used in (
            ("--processes", processes > 1),
            ("--dask", dask is not None),
            ("--scheduler", scheduler is not None),
        )
        if used
    ]
    if len(given) > 1:
        raise BadOption(Messages.EXCLUSIVE_OPTIONS.format(first=given[0], second=given[1]))
    if dask is not None and dask != "local":
        raise BadOption(Messages.NOT_A_CLUSTER.format(value=dask), param_hint="'--dask'")
    return dask or scheduler


def _ingest_summary(report: Any, total: int) -> Table:
    t = Table(title="ingest summary", show_header=False, title_justify="left")
    t.add_column(style="bold")
    t.add_column(justify="right")
    rows = [
        ("sources read", report.sources),
        ("documents found", report.documents),
        ("new articles stored", len(report.added)),
        ("already stored (no-op)", report.unchanged),
        ("exact copies in other files", len(report.exact_duplicates)),
        ("near-duplicates linked", len(report.near_duplicates)),
        ("undated (window inferred)", len(report.undated)),
        ("date sources disagree", len(report.date_conflicts)),
        ("errors", len(report.errors) + len(report.problems)),
        ("articles in store", total),
    ]
    for label, value in rows:
        t.add_row(label, str(value))
    return t
