"""Turning rows (plain dicts) into tables, JSON and CSV for the terminal."""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Any, NoReturn, TextIO

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters (ANSI escapes start with one); tab and newline are kept."""


def printable(text: str) -> str:
    """``text`` without control characters: stored strings never drive the terminal."""
    return CONTROL.sub("", text)


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def to_json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, default=str)


def write_json(obj: Any, out: TextIO | None = None) -> None:
    (out or sys.stdout).write(to_json(obj) + "\n")


def write_jsonl(rows: Iterable[dict[str, Any]], out: TextIO | None = None) -> int:
    out = out or sys.stdout
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        n += 1
    return n


def write_csv(
    rows: Iterable[dict[str, Any]], columns: Sequence[str], out: TextIO | None = None
) -> int:
    writer = csv.DictWriter(out or sys.stdout, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})
        n += 1
    return n


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def table(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[tuple[str, str]],
    *,
    title: str | None = None,
    nowrap: Sequence[str] = ("id", "date", "published", "value"),
) -> Table:
    """A rich table of ``rows`` with ``columns`` given as (key, header) pairs.

    Columns named in ``nowrap`` (ids, dates) never wrap: a broken id cannot be copied.
    """
    t = Table(title=title, show_lines=False, header_style="bold")
    for key, header in columns:
        if key in nowrap:
            t.add_column(header, no_wrap=True)
        else:
            t.add_column(header, overflow="fold", ratio=1)
    for row in rows:
        # Text, not str: a stored "[/]" or "[link=…]" is shown, never read as rich markup
        t.add_row(*[Text(printable(_text(row.get(key)))) for key, _ in columns])
    return t


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


PIPE_WIDTH = 132
"""Table width when output is not a terminal (a pager or a file): 80 columns folds every row."""


def console(*, stderr: bool = False, quiet: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else PIPE_WIDTH
    return Console(stderr=stderr, quiet=quiet, highlight=False, soft_wrap=False, width=width)


def fail(message: str, code: int = 1) -> NoReturn:
    """The CLI's one way out on a user error: one ``Error: …`` line on stderr, then exit.

    Only the error edge (``cli.common.Group``) calls it; commands raise domain errors."""
    print(f"Error: {printable(message)}", file=sys.stderr)
    raise typer.Exit(code)
