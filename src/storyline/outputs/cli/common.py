"""What every command shares: the global options, opening the facade, output formats, the
validated ``--from``/``--to`` type, and the one place where errors become ``Error: …`` lines.

Command modules import this module and nothing else of the CLI; heavy packages (spaCy,
SQLAlchemy, FastAPI, matplotlib) load inside the commands, so ``storyline --help`` is fast.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

from ...errors import IngestError, StorylineError
from .. import render
from ..render import Format

if TYPE_CHECKING:
    from typer._click.core import Context as ClickContext

    from ...api import Storyline

OPTION_HINTS = {
    "max_bytes": "raise it with --max-bytes",
    "model": "or pass --model with an installed one",
    "shared": "give --shared DIR",
    "n_process": "set --processes",
    "scheduler": "check --scheduler",
}
"""Facade argument a core error names (``exc.param``) → how to fix it on the command line."""


@dataclass(slots=True)
class Options:
    db: str
    quiet: bool
    verbose: bool


NO_STORE = "no store at '{path}' (ingest articles into it first, or name one with --db)"
"""A read command on a path where no store exists: the CLI edge names its own options."""


def open_store(ctx: typer.Context, *, create: bool = False, **kwargs: Any) -> Storyline:
    """The facade over ``--db``; store errors reach the error edge like any other.

    Only commands that write (``create``: ingest, an upload-enabled server) may bring a new
    SQLite file into being; a read command on a mistyped path would otherwise answer from a
    fresh, empty store and exit 0.
    """
    from ...api import Storyline
    from ...errors import StoreError

    path = sqlite_path(ctx.obj.db)
    if not create and path is not None and not path.exists():
        raise StoreError(NO_STORE.format(path=path))
    return Storyline(ctx.obj.db, **kwargs)


def sqlite_path(db: str) -> Path | None:
    """The file behind a ``--db`` value, or None for a URL or an in-memory store."""
    if db in (":memory:", "") or "://" in db or db.startswith("sqlite:"):
        return None
    return Path(db).expanduser()


# -- errors ------------------------------------------------------------------------------------


def user_message(exc: BaseException) -> str:
    """One line for a user error: the core's message plus the option that fixes it."""
    hint = OPTION_HINTS.get(getattr(exc, "param", None) or "")
    return f"{exc} ({hint})" if hint else str(exc)


def err_line(err: IngestError) -> str:
    # One line per failure, always: the file (and line), then the reason.
    return render.printable(f"error: {user_message(err)}".replace("\n", " "))


class BadOption(typer.BadParameter):
    """An option value a command refuses: an ``Error:`` line and exit 1, as every user error."""


class BadDate(BadOption):
    """An unreadable ``--from``/``--to``."""


def quiet_closed_pipe() -> None:
    """Point stdout at /dev/null once its reader has gone (``storyline figures | head -1``), so
    the interpreter's last flush cannot fail again (the Python docs' SIGPIPE recipe)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (a test runner's buffer)
        pass


class Group(TyperGroup):
    """The CLI edge: a user error raised anywhere below becomes one ``Error: …`` line on stderr
    and exit status 1; anything else is a bug and keeps its traceback."""

    user_errors: tuple[type[Exception], ...] = (StorylineError, OSError)

    def invoke(self, ctx: ClickContext) -> Any:
        try:
            return super().invoke(ctx)
        except BadOption as exc:
            render.fail(exc.format_message())
        except self.user_errors as exc:
            if isinstance(exc, OSError) and exc.errno == errno.EPIPE:
                # a closed pager or `| head`: the reader has what it wanted, not an error
                quiet_closed_pipe()
                raise typer.Exit(0) from None
            render.fail(user_message(exc))


class FileInputGroup(Group):
    """Commands that parse files the user names (gold data, corpora): a ``ValueError`` while
    reading them is bad input too."""

    user_errors = (*Group.user_errors, ValueError)


# -- options -----------------------------------------------------------------------------------


def check_date(ctx: typer.Context, param: typer.CallbackParam, value: str | None) -> str | None:
    """A ``--from``/``--to`` value checked by ``dates.parse_bound``, passed on as typed."""
    from ... import dates

    if value is not None:
        try:
            dates.parse_bound(value)
        except dates.DateError as exc:
            raise BadDate(str(exc), ctx=ctx, param_hint=f"'{param.opts[0]}'") from None
    return value


def formats_of(*allowed: Format) -> Any:
    """A ``--format`` callback that refuses the formats a command cannot write."""

    def check(ctx: typer.Context, param: typer.CallbackParam, value: Format) -> Format:
        if value not in allowed:
            names = ", ".join(f.value for f in allowed)
            raise BadOption(
                f"{ctx.info_name} writes {names}, not {value.value}",
                ctx=ctx,
                param_hint=f"'{param.opts[0]}'",
            )
        return value

    return check


def date_option(flag: str, help: str) -> Any:
    """A ``--from``/``--to`` option: every command validates dates the same way."""
    return typer.Option(flag, help=help, callback=check_date, metavar="DATE")


# -- output ------------------------------------------------------------------------------------


def emit_rows(
    rows: Iterable[dict[str, Any]],
    format: Format,
    columns: list[tuple[str, str]],
    csv_columns: list[str],
    *,
    title: str,
) -> None:
    """Rows as a table (``columns``: key, header) or as JSON/JSONL/CSV (``csv_columns``)."""
    if format is Format.json:
        render.write_json([plain(r, csv_columns) for r in rows])
    elif format is Format.jsonl:
        render.write_jsonl(plain(r, csv_columns) for r in rows)
    elif format is Format.csv:
        render.write_csv(rows, csv_columns)
    else:
        listed = list(rows)
        console = render.console()
        console.print(render.table(listed, columns, title=f"{title} ({len(listed)})"))


def plain(row: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    return {k: row.get(k) for k in keys}


def where(m: dict[str, Any]) -> str:
    """``article:start-end`` of an extracted item, the id cut to 10 characters."""
    return f"{m['article_id'][:10]}:{m['start']}-{m['end']}"
