"""The `storyline` command line: thin commands over the `Storyline` facade."""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from .. import __version__
from ..errors import IngestError, StorylineError
from . import render
from .cli_eval import eval_app
from .highlight import highlight_spans
from .render import Format

app = typer.Typer(
    name="storyline",
    help="Turn a pile of news articles about one story into a sourced, time-aware picture.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)


@dataclass(slots=True)
class Options:
    db: str
    quiet: bool
    verbose: bool


def _version(value: bool) -> None:
    if value:
        typer.echo(f"storyline {__version__}")
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
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = None,
) -> None:
    ctx.obj = Options(db=db, quiet=quiet, verbose=verbose)


def _open(ctx: typer.Context, **kwargs: Any) -> Any:
    from ..api import Storyline

    try:
        return Storyline(ctx.obj.db, **kwargs)
    except StorylineError as exc:
        render.fail(str(exc))


def _err_line(err: IngestError) -> str:
    # One line per failure, always: the file (and line), then the reason.
    return f"error: {err}".replace("\n", " ")


# -- ingest --------------------------------------------------------------------------------


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders (recursive), globs, or - for stdin.", show_default=False
        ),
    ],
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", help="Skip files larger than this many bytes.")
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
        int, typer.Option("--processes", "-p", help="spaCy worker processes (nlp.pipe n_process).")
    ] = 1,
    format: Annotated[
        Format, typer.Option("--format", "-f", help="Summary as a table or json.")
    ] = Format.table,
) -> None:
    """Read articles, clean and date them, link duplicates, extract, and store them.

    Re-ingesting an article already stored is a no-op. Bad input gets one error line on
    stderr naming the file (and line); the rest of the batch still goes in; the exit
    status is 1 when anything failed.
    """
    opts: Options = ctx.obj
    out = render.console(quiet=opts.quiet)
    err = render.console(stderr=True)
    with _open(ctx, model=model, extract=extract) as sl:
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
                if kind in ("error", "problem"):
                    progress.console.print(escape(_err_line(payload)), soft_wrap=True)  # type: ignore[arg-type]
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


# -- articles / show -----------------------------------------------------------------------

ARTICLE_COLUMNS = [
    ("id", "id"),
    ("date", "published"),
    ("outlets", "credits"),
    ("title", "title / first line"),
]
CSV_COLUMNS = [
    "id",
    "published",
    "date_origin",
    "date_precision",
    "date_earliest",
    "date_latest",
    "date_conflict",
    "outlets",
    "title",
    "url",
    "path",
    "chars",
]


def _article_row(a: dict[str, Any]) -> dict[str, Any]:
    """A flat summary of a stored article, for tables and CSV."""
    published = a.get("published")
    if published:
        date = f"{published}"
        if a.get("date_conflict"):
            date += " [yellow]≠[/yellow]"
    else:
        lo, hi = a.get("date_earliest") or "?", a.get("date_latest") or "?"
        date = f"[italic]~{lo}…{hi}[/italic]"
    text = (a.get("clean_text") or "").strip()
    first = text.split("\n", 1)[0]
    title = a.get("title") or (first[:72] + ("…" if len(first) > 72 else ""))
    return {
        "id": a["id"],
        "date": date,
        "short_id": a["id"][:10],
        "published": published,
        "date_origin": a.get("date_origin"),
        "date_precision": a.get("date_precision"),
        "date_earliest": a.get("date_earliest"),
        "date_latest": a.get("date_latest"),
        "date_conflict": bool(a.get("date_conflict")),
        "outlets": a.get("outlets") or [],
        "title": title,
        "url": a.get("url"),
        "path": a.get("path"),
        "chars": len(a.get("raw_text") or ""),
    }


@app.command()
def articles(
    ctx: typer.Context,
    date_from: Annotated[
        str | None, typer.Option("--from", help="Published on or after (ISO).")
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", help="Published on or before (ISO).")
    ] = None,
    outlet: Annotated[
        str | None, typer.Option("--outlet", help="Credited outlet or agency.")
    ] = None,
    search: Annotated[str | None, typer.Option("--search", "-s", help="Full-text query.")] = None,
    undated: Annotated[
        bool,
        typer.Option(
            "--undated/--dated-only",
            help="With --from/--to, also list undated articles whose inferred window overlaps.",
        ),
    ] = False,
    limit: Annotated[int | None, typer.Option("--limit", "-n", help="At most this many.")] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """List stored articles, ordered by publication date."""
    with _open(ctx) as sl:
        rows = (
            _article_row(a)
            for a in sl.articles(
                date_from=date_from,
                date_to=date_to,
                outlet=outlet,
                query=search,
                limit=limit,
                include_undated=undated,
            )
        )
        _emit_rows(ctx, rows, format, ARTICLE_COLUMNS, CSV_COLUMNS, title="articles")


def _emit_rows(
    ctx: typer.Context,
    rows: Any,
    format: Format,
    columns: list[tuple[str, str]],
    csv_columns: list[str],
    *,
    title: str,
) -> None:
    if format is Format.json:
        render.write_json([_plain(r, csv_columns) for r in rows])
    elif format is Format.jsonl:
        render.write_jsonl(_plain(r, csv_columns) for r in rows)
    elif format is Format.csv:
        render.write_csv(rows, csv_columns)
    else:
        listed = list(rows)
        console = render.console()
        console.print(render.table(listed, columns, title=f"{title} ({len(listed)})"))


def _plain(row: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    return {k: row.get(k) for k in keys}


@app.command()
def show(
    ctx: typer.Context,
    article_id: Annotated[str, typer.Argument(metavar="ID", help="Article id or a unique prefix.")],
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """One article: metadata, credits, date evidence, and its text with extracted spans
    highlighted; `--format json` prints the article and every item extracted from it."""
    with _open(ctx) as sl:
        try:
            extracted = sl.extraction(article_id)
        except StorylineError as exc:
            render.fail(str(exc))
        if format in (Format.json, Format.jsonl):
            render.write_json(extracted)
            return
        a = extracted["article"]
        console = render.console()
        console.print(_article_panel(a))
        console.print(highlight_spans(a["raw_text"], a.get("body_start") or 0, extracted))


def _article_panel(a: dict[str, Any]) -> Panel:
    t = Table(show_header=False, box=None)
    t.add_column(style="bold")
    t.add_column(overflow="fold")
    t.add_row("id", a["id"])
    for key in ("title", "url", "format", "encoding", "path"):
        if a.get(key):
            t.add_row(key, escape(str(a[key])))
    published = a.get("published")
    origin = a.get("date_origin")
    if published:
        t.add_row("published", f"{published} ({origin}, {a.get('date_precision')})")
    else:
        t.add_row(
            "published",
            f"[italic]unknown: window {a.get('date_earliest') or '?'} … "
            f"{a.get('date_latest') or '?'}[/italic]",
        )
    if a.get("date_conflict"):
        t.add_row("", "[yellow]date sources disagree[/yellow]")
    for c in a.get("dates") or []:
        quote = f' "{escape(c["text"])}"' if c.get("text") else ""
        t.add_row("  candidate", f"{c['origin']}: {c['value']} ({c['precision']}){quote}")
    for line in a.get("date_evidence") or []:
        t.add_row("  evidence", escape(str(line)))
    if a.get("dateline_place") or a.get("dateline_agency"):
        parts = [a.get("dateline_place"), a.get("dateline_date_text"), a.get("dateline_agency")]
        t.add_row("dateline", escape(" · ".join(p for p in parts if p)))
    credits = a.get("credits") or []
    if credits:
        names = sorted({f"{c['name']} ({c['role']})" for c in credits})
        t.add_row("credits", escape(", ".join(names)))
    for d in a.get("duplicates") or []:
        t.add_row(
            "duplicate", escape(f"{d.get('kind')} of {d.get('other')} ({d.get('similarity')})")
        )
    for d in a.get("dropped") or []:
        t.add_row("dropped", escape(f"{d.get('reason')}: {d.get('text')!r}"))
    return Panel(t, title=f"article {a['id']}", title_align="left")


# -- extraction results ----------------------------------------------------------------------

QUOTE_COLUMNS = [
    ("date", "date"),
    ("speaker", "speaker"),
    ("kind", "kind"),
    ("text", "statement"),
    ("where", "article:span"),
]
QUOTE_FIELDS = [
    "article_id",
    "start",
    "end",
    "text",
    "direct",
    "speaker",
    "cue",
    "date",
    "date_from",
    "resolved_from",
    "speaker_span",
    "cue_span",
]


@app.command()
def quotes(
    ctx: typer.Context,
    by: Annotated[
        str | None, typer.Option("--by", help="Speaker name or alias (substring).")
    ] = None,
    direct: Annotated[
        bool | None, typer.Option("--direct/--reported", help="Only direct quotes / reported.")
    ] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """Direct quotes and reported speech with their resolved speakers, dates and spans."""
    with _open(ctx) as sl:
        rows = (
            {
                **m,
                "kind": "quote" if m.get("direct") else "reported",
                "where": f"{m['article_id'][:10]}:{m['start']}-{m['end']}",
            }
            for m in sl.statements(by=by, direct=direct)
        )
        _emit_rows(ctx, rows, format, QUOTE_COLUMNS, QUOTE_FIELDS, title="statements")


ENTITY_COLUMNS = [
    ("canonical", "entity"),
    ("label", "type"),
    ("mentions", "mentions"),
    ("articles", "articles"),
    ("first_seen", "first"),
    ("last_seen", "last"),
    ("titles", "titles / roles"),
    ("aliases", "aliases"),
]
ENTITY_FIELDS = [
    "id",
    "canonical",
    "label",
    "mentions",
    "articles",
    "first_seen",
    "last_seen",
    "titles",
    "aliases",
]


@app.command()
def entities(
    ctx: typer.Context,
    label: Annotated[str | None, typer.Option("--label", help="PERSON, ORG, GPE…")] = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n")] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """People, organisations and places merged across articles: mentions, articles, first
    and last day seen, titles and aliases."""
    with _open(ctx) as sl:
        rows = sl.entities(label=label)[:limit]
        _emit_rows(ctx, rows, format, ENTITY_COLUMNS, ENTITY_FIELDS, title="entities")


DATE_COLUMNS = [
    ("value", "value"),
    ("type", "type"),
    ("text", "expression"),
    ("article", "article"),
]
DATE_FIELDS = [
    "article_id",
    "start",
    "end",
    "text",
    "type",
    "value",
    "granularity",
    "anchor",
    "mod",
    "interval_begin",
    "interval_end",
    "signal",
]


@app.command()
def dates(
    ctx: typer.Context,
    article_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Only this article (id or prefix).")
    ] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """Time expressions normalized to TIMEX3 values, relative to each publication date."""
    with _open(ctx) as sl:
        try:
            rows = [
                {**m, "article": m["article_id"][:10]}
                for m in sl.mentions("timex", article_id=article_id)
            ]
        except StorylineError as exc:
            render.fail(str(exc))
        _emit_rows(ctx, rows, format, DATE_COLUMNS, DATE_FIELDS, title="time expressions")


app.add_typer(eval_app, name="eval")

COMMAND_MODULES = (
    "cli_figures",
    "cli_events",
    "cli_story",
    "cli_summarize",
    "cli_web",
    "cli_timeline",
)
"""Command groups kept in their own modules; importing one registers its commands on ``app``."""
for _module in COMMAND_MODULES:
    importlib.import_module(f"{__package__}.{_module}")


def main() -> None:
    app()
