"""`storyline series`, `conflicts`, `plot` and `place`: figures reconciled across articles."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from ...errors import NotFoundError, StorylineError
from .. import render, tidy
from ..render import Format
from .common import emit_rows, open_store

commands = typer.Typer()


class FindingKind(StrEnum):
    conflict = "conflict"
    revision = "revision"
    change = "change"


SERIES_COLUMNS = [
    ("id", "id"),
    ("label", "series"),
    ("n", "points"),
    ("path", "points in as-of order: value (as of, source)"),
]
SERIES_FIELDS = [
    "id",
    "label",
    "counted",
    "status",
    "unit",
    "place",
    "population",
    "anchor",
    "period",
    "comparable",
    "position",
    "sources",
    "points",
]
CONFLICT_COLUMNS = [
    ("kind", "kind"),
    ("confidence", "conf."),
    ("series", "series"),
    ("explanation", "why"),
    ("cites", "article:span"),
]
CONFLICT_FIELDS = [
    "kind",
    "series_id",
    "series",
    "explanation",
    "support",
    "confidence",
    "reasons",
    "a",
    "b",
]
PLACE_COLUMNS = [
    ("article_id", "id"),
    ("window", "window"),
    ("best", "best guess"),
    ("confidence", "conf."),
    ("evidence", "evidence"),
]
PLACE_FIELDS = [
    "article_id",
    "earliest",
    "latest",
    "best",
    "confidence",
    "text_window",
    "evidence",
    "changed",
]


def _when(p: dict[str, Any]) -> str:
    if p.get("precision") == "window":
        return f"~{p['guess']}" if p.get("guess") else f"{p.get('lo')}..{p.get('hi')}"
    if p.get("precision") == "month":
        return (p.get("lo") or "")[:7]
    return p.get("lo") or "undated"


def _point_line(p: dict[str, Any]) -> str:
    src = p.get("source") or p["citation"].get("outlet") or "no source"
    extra = f" {p['status']}" if p.get("derived_from") else ""
    return f"{p['shown']}{extra} ({_when(p)}, {src})"


def _cite(p: dict[str, Any]) -> str:
    c = p["citation"]
    return f"{c['article_id'][:10]}:{c['start']}-{c['end']}"


@commands.command()
def series(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(metavar="[KIND]", help="Series id, or a word of its label ('hostages')."),
    ] = None,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Also draw the series to this PNG file.")
    ] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """Figures grouped into series (same counted thing, status, place), points in time
    order with their qualifiers and sources; `--format csv` gives one row per point."""
    with open_store(ctx) as sl:
        found = sl.series(name)
        if plot is not None:
            _plot(sl, found, plot)
        if format is Format.csv:  # long form: one row per point, fixed columns (outputs.tidy)
            render.write_csv(tidy.series_rows(found), tidy.names("series"))
            return
        rows = (
            {
                **s,
                "n": len(s["points"]),
                "path": " → ".join(_point_line(p) for p in s["points"]),
            }
            for s in found
        )
        emit_rows(rows, format, SERIES_COLUMNS, SERIES_FIELDS, title="series")


@commands.command()
def conflicts(
    ctx: typer.Context,
    kind: Annotated[
        FindingKind | None,
        typer.Option("--kind", "-k", help="Only conflicts, revisions or changes."),
    ] = None,
    series: Annotated[
        str | None, typer.Option("--series", "-s", help="Series id or a word of its label.")
    ] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    everything: Annotated[
        bool,
        typer.Option(
            "--all", help="Also the findings under the confidence threshold (0.6 by default)."
        ),
    ] = False,
) -> None:
    """Disagreements between asserted figures of one frame: conflicts (same thing, same time,
    values that cannot both be true), revisions (a later report changes an earlier day's
    value) and changes (a running count moving), each with both sources and citations, a
    confidence and its reasons. Only confident findings unless --all; `--format csv` gives
    one row per finding, both sides as a_*/b_* columns."""
    with open_store(ctx) as sl:
        found = sl.conflicts(kind.value if kind else None, series=series, all=everything)
        if format is Format.csv:  # flat: both sides as a_*/b_* columns (outputs.tidy)
            render.write_csv(tidy.finding_rows(found), tidy.names("findings"))
            return
        rows = ({**f, "cites": f"{_cite(f['a'])} {_cite(f['b'])}"} for f in found)
        emit_rows(rows, format, CONFLICT_COLUMNS, CONFLICT_FIELDS, title="conflicts")


@commands.command("plot")
def plot_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="SERIES", help="Series id or label substring.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="PNG file to write.")],
) -> None:
    """Draw one figure series (the best match of SERIES) to a PNG: a colour per source,
    qualifiers as markers, conflicts and revisions marked."""
    with open_store(ctx) as sl:
        found = sl.series(name)
        exact = [s for s in found if s["id"] == name]
        if not found:
            raise NotFoundError(f"no series matches {name!r}; list them with `storyline series`")
        _plot(sl, (exact or found)[:1], output)


def _plot(sl: Any, chosen: list[dict[str, Any]], path: Path) -> None:
    from ..plot import plot_series

    findings = sl.conflicts()
    try:
        written = plot_series(chosen, path, findings=findings)
    except (OSError, ValueError) as exc:  # nothing dated to draw, or an unwritable path
        raise StorylineError(f"{path}: cannot plot: {exc}") from exc
    render.console(stderr=True, quiet=False).print(f"wrote {written}")


@commands.command()
def place(
    ctx: typer.Context,
    article_id: Annotated[
        str | None,
        typer.Argument(metavar="[ID]", help="One undated article (id or prefix); default all."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the placement, do not store it.")
    ] = False,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """Place undated articles in time from the corpus: their figures on the series of the
    dated articles, and the events they mention; stores the window with its evidence."""
    with open_store(ctx) as sl:
        placed = sl.place(article_id, write=not dry_run)
        rows = (
            {
                **p,
                "window": f"{p['earliest'] or '?'}..{p['latest'] or '?'}",
                "evidence": "\n".join(p["evidence"]),
            }
            for p in placed
        )
        emit_rows(rows, format, PLACE_COLUMNS, PLACE_FIELDS, title="placed")
