"""The `storyline` command line: thin commands over the `Storyline` facade.

``common`` holds what the commands share (options, the facade, output, the error edge); one
module per command group defines its commands; here they join the one Typer app, in help order.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from . import articles, events, figures, info, ingest, rebuild, story, summarize, timeline, web
from . import eval as eval_commands
from .common import Group, Options, quiet_closed_pipe

app = typer.Typer(
    name="storyline",
    help="Turn a pile of news articles about one story into a sourced, time-aware picture.",
    cls=Group,
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode="rich",
)

for group in (ingest, articles, figures, events, story, summarize, web, timeline, info, rebuild):
    app.add_typer(group.commands)  # no name: its commands join the top level
app.add_typer(eval_commands.commands, name="eval")


def _version(value: bool) -> None:
    if value:
        typer.echo(info.version_line())
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        str,
        typer.Option(
            "--db",
            envvar="STORYLINE_DB",
            help="Store: a SQLite file path or a postgresql:// URL.",
        ),
    ] = "storyline.db",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors and results.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Say more as it works.")] = False,
    version: Annotated[
        bool | None,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Print the versions of storyline, spaCy and the model.",
        ),
    ] = None,
) -> None:
    ctx.obj = Options(db=db, quiet=quiet, verbose=verbose)


__all__ = ["app", "main"]


def main() -> None:
    """The ``storyline`` console script."""
    try:
        app()
    finally:
        # Output still buffered when `| head` has gone: exit 0, with no "Exception ignored".
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            quiet_closed_pipe()
            raise SystemExit(0) from None
