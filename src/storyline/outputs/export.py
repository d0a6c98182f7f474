"""`storyline export`: the story as data files, reports and a TimelineJS timeline.

Layout: ``json`` is one object ``{"articles": [...], "<kind group>": [...], ...}``; ``jsonl`` is one
record per line with its ``kind`` ("article", "timex", …); ``csv`` and ``parquet`` write one file
per kind group into a folder (``articles.csv``, ``statements.csv``, …), or one file with
``--kind``. Every table has a fixed, typed column set whatever the corpus
(:mod:`storyline.outputs.tidy`): every date is a window of ISO days (``*_start``/``*_end``,
date32 in parquet) beside the value as extracted (``*_timex``); lists are lists in JSON and
parquet and JSON text in a CSV cell. Every extracted row keeps ``article_id``, ``start`` and
``end``: the character span in the raw text; ``--with-text`` adds the article's raw text and
each mention's sentence, so that every span resolves without storyline.

Provenance (:func:`provenance`: the storyline, spaCy and model versions of this export and of
every ingest run that made the store, the store, the time, the options) goes into parquet's
own key-value metadata (key ``storyline``) and, for every file written, into a sidecar JSON
file: ``NAME.meta.json`` beside a file, ``meta.json`` in a folder export.

Beside the stored kinds come the story tables of :mod:`storyline.outputs.tidy`, with a fixed,
typed column set: ``series`` (one row per series point), ``findings`` (one row per confident
conflict, revision or change), ``timeline`` and ``citations`` (one row per story event, one per
citation) and ``story_entities``. ``-o -`` writes a single-file export to stdout.
``--from``/``--to`` and ``--key`` choose the rows (:class:`Filters`).
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import dates
from ..api import Storyline
from ..errors import StorylineError
from ..extract.kinds import KIND_GROUPS
from . import formats, tidy
from .formats import ExportFormat
from .web import data

KINDS = (*formats.KINDS, *tidy.TABLES)
"""What can be exported: the articles, the stored mentions of each kind, the story tables."""
STDOUT = "-"

JSONL_KINDS = {
    "articles": "article",
    "series": "series_point",
    "timeline": "story_event",
    "citations": "event_citation",
    "story_entities": "story_entity",
}
"""The ``kind`` of a table's JSONL records, for the tables whose rows carry no kind of their
own (mentions have theirs; a finding's is conflict, revision or change)."""


def _group(kind: str) -> str:
    """``statement`` or ``statements`` → ``statements``; error naming the choices."""
    group = KIND_GROUPS.get(kind, kind)
    group = {"article": "articles", "finding": "findings", "conflicts": "findings"}.get(
        group, group
    )
    if group not in KINDS:
        raise StorylineError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    return group


@dataclass(frozen=True)
class Filters:
    """Which rows an export keeps: a date range (any ISO precision, inclusive) and the key
    events of the timeline. The articles (and what was extracted from them) are those whose
    publication date or inferred window overlaps the range; series points, findings (either
    side), story events and merged entities by their own dates."""

    date_from: str | None = None
    date_to: str | None = None
    key: int | None = None

    def bounds(self) -> tuple[str | None, str | None]:
        """First and last ISO day of the range (None: open)."""
        lo = dates.parse_bound(self.date_from).first if self.date_from else None
        hi = dates.parse_bound(self.date_to).last if self.date_to else None
        return (lo.isoformat() if lo else None, hi.isoformat() if hi else None)

    def keeps(self, start: str | None, end: str | None) -> bool:
        """Whether a row's window of ISO days overlaps the range (no range keeps all; a row
        without days is outside any range)."""
        lo, hi = self.bounds()
        if lo is None and hi is None:
            return True
        if not start or not end:
            return False
        return (lo is None or end >= lo) and (hi is None or start <= hi)

    def as_dict(self) -> dict[str, Any]:
        return {"from": self.date_from, "to": self.date_to, "key": self.key}


@dataclass(frozen=True)
class Job:
    """What one export writes: its tables, whether it is one table (``--kind``), whether the
    texts come along, the filters, and its provenance."""

    kinds: list[str]
    one: bool
    with_text: bool = False
    filters: Filters = field(default_factory=Filters)
    meta: dict[str, Any] = field(default_factory=dict)


def tables(
    sl: Storyline,
    kinds: Iterable[str] = KINDS,
    *,
    with_text: bool = False,
    filters: Filters | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Rows per table, each with its fixed columns (``tidy.columns_of``): the articles, every
    stored mention of each kind, and the tidy story tables, kept by ``filters``."""
    f = filters or Filters()
    singular = {group: kind for kind, group in KIND_GROUPS.items()}
    out: dict[str, list[dict[str, Any]]] = {}
    events: list[dict[str, Any]] | None = None  # the timeline, read once for both its tables
    context: _Context | None = None
    ranged = bool(f.date_from or f.date_to)
    chosen: set[str] | None = None  # the articles in the range, when there is one
    for group in kinds:
        if group == "articles":
            found = sl.articles(date_from=f.date_from, date_to=f.date_to, include_undated=True)
            out[group] = [
                tidy.article_row(
                    data.article_summary(a), raw_text=a.get("raw_text") if with_text else None
                )
                for a in found
            ]
        elif group == "series":
            rows = tidy.series_rows(sl.series())
            out[group] = [r for r in rows if f.keeps(r["as_of_start"], r["as_of_end"])]
        elif group == "findings":
            out[group] = [
                r
                for r in tidy.finding_rows(sl.conflicts())
                if f.keeps(r["a_as_of_start"], r["a_as_of_end"])
                or f.keeps(r["b_as_of_start"], r["b_as_of_end"])
            ]
        elif group in ("timeline", "citations"):
            if events is None:
                events = sl.timeline(date_from=f.date_from, date_to=f.date_to, key=f.key)
            to_rows = tidy.timeline_rows if group == "timeline" else tidy.citation_rows
            out[group] = list(to_rows(events))
        elif group == "story_entities":
            rows = tidy.entity_rows(sl.entities())
            out[group] = [r for r in rows if f.keeps(r["first_seen"], r["last_seen"])]
        else:
            if ranged and chosen is None:
                chosen = {
                    a["id"]
                    for a in sl.articles(
                        date_from=f.date_from, date_to=f.date_to, include_undated=True
                    )
                }
            mentions = (
                m
                for m in sl.mentions(singular[group])
                if chosen is None or m["article_id"] in chosen
            )
            if with_text:
                context = context or _Context(sl)  # read once, for every kind
                out[group] = [
                    tidy.mention_row(
                        group, m, context=context(m["article_id"], m["start"], m["end"])
                    )
                    for m in mentions
                ]
            else:
                out[group] = [tidy.mention_row(group, m) for m in mentions]
    return out


class _Context:
    """The raw text of the sentences a span runs through (a quote may run over several),
    with the offset it starts at; the span itself when it lies outside every sentence."""

    def __init__(self, sl: Storyline) -> None:
        self.raw = {a["id"]: a.get("raw_text") or "" for a in sl.articles()}
        self.spans: dict[str, list[tuple[int, int]]] = {}
        for s in sl.store.iter_sentences():
            self.spans.setdefault(s["article_id"], []).append((s["start"], s["end"]))
        for spans in self.spans.values():
            spans.sort()

    def _holding(self, spans: list[tuple[int, int]], at: int) -> tuple[int, int] | None:
        from bisect import bisect_right

        i = bisect_right(spans, (at, 1 << 62)) - 1  # the last sentence starting at or before
        return spans[i] if i >= 0 and spans[i][0] <= at < spans[i][1] else None

    def __call__(self, article_id: str, start: int, end: int) -> tuple[int, str]:
        raw = self.raw.get(article_id, "")
        spans = self.spans.get(article_id, [])
        first = self._holding(spans, start)
        last = self._holding(spans, max(end - 1, start))
        lo = min(start, first[0]) if first else start
        hi = max(end, last[1]) if last else end
        return lo, raw[lo:hi]


def _flat(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value


def provenance(
    sl: Storyline,
    fmt: ExportFormat,
    kinds: list[str],
    *,
    kind: str | None,
    with_text: bool,
    filters: Filters,
) -> dict[str, Any]:
    """What made an export, for its metadata: this storyline's versions (spaCy, the model,
    the lexicons), every ingest run that built the store with the versions it ran, the store,
    the time, and the options that chose the rows."""
    from datetime import UTC, datetime

    from ..store.provenance import versions

    return {
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "exported_with": versions(),
        "store": sl.store.safe_url(),
        "schema_version": sl.store.schema_version(),
        "ingest_runs": [
            {k: v for k, v in run.items() if v is not None or k == "finished_at"}
            for run in sl.store.runs()
        ],
        "format": str(fmt),
        "tables": kinds if fmt not in WHOLE_STORY else [],
        "options": {"kind": kind, "with_text": with_text, **filters.as_dict()},
        "columns": {
            t: dict(tidy.columns_of(t, with_text=with_text))
            for t in (kinds if fmt not in WHOLE_STORY else [])
        },
    }


# -- data formats ---------------------------------------------------------------------------------


def _write_json(sl: Storyline, out: Path, job: Job) -> list[Path]:
    t = tables(sl, job.kinds, with_text=job.with_text, filters=job.filters)
    doc: Any = t[job.kinds[0]] if job.one else t
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=2, default=str) + "\n")
    return [out]


def _write_jsonl(sl: Storyline, out: Path, job: Job) -> list[Path]:
    with out.open("w", encoding="utf-8") as f:
        for group, rows in tables(
            sl, job.kinds, with_text=job.with_text, filters=job.filters
        ).items():
            for row in rows:
                # each record says what it is; a finding's kind is conflict/revision/change
                label = JSONL_KINDS.get(group)
                record = {"kind": label, **row} if label else row
                f.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    return [out]


def _csv_file(path: Path, rows: list[dict[str, Any]], group: str, job: Job) -> Path:
    import csv

    cols = [name for name, _ in tidy.columns_of(group, with_text=job.with_text)]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=cols)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _flat(row.get(k)) for k in cols})
    return path


def _parquet_file(path: Path, rows: list[dict[str, Any]], group: str, job: Job) -> Path:
    import pyarrow.parquet as pq

    table = _typed_table(rows, tidy.columns_of(group, with_text=job.with_text))
    meta = {"storyline": json.dumps({**job.meta, "table": group}, ensure_ascii=False)}
    pq.write_table(table.replace_schema_metadata(meta), path)
    return path


def _typed_table(rows: list[dict[str, Any]], cols: list[tidy.Column]) -> Any:
    """A table with its declared types (dates as date32, lists as lists), the same for any
    corpus."""
    from datetime import date

    import pyarrow as pa

    types = {
        "str": pa.string(),
        "float": pa.float64(),
        "int": pa.int64(),
        "bool": pa.bool_(),
        "date": pa.date32(),
        "list": pa.list_(pa.string()),
        "span": pa.list_(pa.int64()),
        "json": pa.string(),
    }
    arrays = {}
    for name, kind in cols:
        values = [r.get(name) for r in rows]
        if kind == "date":
            values = [date.fromisoformat(v) if v else None for v in values]
        elif kind == "float":
            values = [None if v is None else float(v) for v in values]
        elif kind == "json":
            values = [None if v is None else json.dumps(v, ensure_ascii=False) for v in values]
        elif kind == "list":
            values = [None if v is None else [str(x) for x in v] for v in values]
        arrays[name] = pa.array(values, type=types[kind])
    return pa.table(arrays)


def _per_kind(
    write: Callable[[Path, list[dict[str, Any]], str, Job], Path], suffix: str
) -> Callable[[Storyline, Path, Job], list[Path]]:
    def run(sl: Storyline, out: Path, job: Job) -> list[Path]:
        t = tables(sl, job.kinds, with_text=job.with_text, filters=job.filters)
        if job.one:
            return [write(out, t[job.kinds[0]], job.kinds[0], job)]
        if out.exists() and not out.is_dir():
            raise StorylineError(f"{out}: is a file; give a folder (one {suffix} per kind)")
        out.mkdir(parents=True, exist_ok=True)
        return [write(out / f"{group}.{suffix}", rows, group, job) for group, rows in t.items()]

    return run


# -- TimelineJS ---------------------------------------------------------------------------------


_TL_FIELDS = {"year": 1, "month": 2, "day": 3}
"""How many of TimelineJS's year, month, day fields a value of each plain precision fills."""


def _tl_date(value: str | None) -> dict[str, str] | None:
    """A TimelineJS date at the value's precision (year, month or day); a week or another
    calendar value starts on its first day; None when the value cannot be placed."""
    v = dates.try_parse(value)
    if v is None or v.first is None:
        return None
    d = v.first
    fields = {"year": f"{d.year:04d}", "month": f"{d.month:02d}", "day": f"{d.day:02d}"}
    return dict(list(fields.items())[: _TL_FIELDS.get(v.precision, 3)])


def _tl_span(e: dict[str, Any]) -> dict[str, Any] | None:
    """start_date (and end_date, display_date) of a timeline entry: a day, month or year as
    such; another value (a week "2026-W10") as the days it may mean, shown as a reader says it
    ("week of 2 March 2026")."""
    value = e.get("date")
    v = dates.try_parse(value)
    if (v is not None and v.precision in _TL_FIELDS) or not e.get("date_lo"):
        start = _tl_date(value)
        return {"start_date": start} if start else None
    lo, hi = _tl_date(e["date_lo"]), _tl_date(e.get("date_hi"))
    out: dict[str, Any] = {"start_date": lo, "display_date": dates.label(value)}
    if hi and hi != lo:
        out["end_date"] = hi
    return out


TL_HEADLINE = 100
"""TimelineJS headlines are cut at a word within this many characters (the whole sentence is
in the slide's text)."""
TL_GROUPS = 5
"""At most this many groups (the commonest event families), the rest in one 'other' row."""


def _tl_headline(text: str, limit: int = TL_HEADLINE) -> str:
    """``text`` whole when it fits, else cut at the last word boundary within ``limit``."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-–—")
    return cut + "…"


def _tl_groups(events: list[dict[str, Any]]) -> dict[str, str]:
    """Event type → its row: the family of the type (``story.events.family_of``), the
    :data:`TL_GROUPS` commonest families each a row, the rest 'other events'."""
    from collections import Counter

    from ..story.events import family_of

    families = {t: family_of(t) for t in {e.get("type") or "" for e in events} if t}
    counts = Counter(families[e["type"]] for e in events if e.get("type"))
    kept = {f for f, _ in counts.most_common(TL_GROUPS)}
    return {t: f.replace("_", " ") if f in kept else "other events" for t, f in families.items()}


def _tl_cite(c: dict[str, Any], articles: dict[str, dict[str, Any]]) -> str:
    """A citation as a reader checks it: the quoted phrase, then outlet, title (linked to the
    article's URL when it has one) and publication day; the article id and span last."""
    from html import escape

    a = articles.get(c["article_id"], {})
    title = escape(a.get("title") or "")
    url = a.get("url") or ""
    if title and url.startswith(("http://", "https://")):
        title = f'<a href="{escape(url, quote=True)}">{title}</a>'
    where = ", ".join(
        x
        for x in (
            escape(", ".join(a.get("outlets") or [])),
            f"<i>{title}</i>" if title else "",
            escape(dates.label(c.get("published")) if c.get("published") else ""),
        )
        if x
    )
    ref = f"{escape(c['article_id'][:10])}:{c['start']}-{c['end']}"
    sep = "; " if where else ""
    return f"<p>“{escape(c.get('text') or '')}” <small>({where}{sep}{ref})</small></p>"


def timelinejs(sl: Storyline) -> dict[str, Any]:
    """The story as TimelineJS JSON: one slide per dated event of the story's own period
    (background history and sidebars about other stories left out, so it opens on the story),
    grouped into a handful of rows by event family; the headline cut at a word, the whole
    sentence and every citation (outlet, title, link, day) in the text. TimelineJS needs a
    start date: undated events are left out."""
    from html import escape

    tl = data.timeline(sl)
    story = [e for e in tl["entries"] if e.get("part", "story") == "story"]
    groups = _tl_groups(story)
    articles = {a["id"]: data.article_summary(a) for a in sl.articles(include_undated=True)}
    events: list[dict[str, Any]] = []
    for e in story:
        span = _tl_span(e)
        if span is None:
            continue
        facts = ", ".join(e["actors"])
        if e.get("sources"):
            facts += f"{' — ' if facts else ''}{e['sources']} source{'s' * (e['sources'] > 1)}"
        headline = e["headline"]
        short = _tl_headline(headline)
        body = f"<p>{escape(headline)}</p>" if short != headline else ""
        body += f"<p><b>{escape(facts)}</b></p>" if facts else ""
        body += "".join(_tl_cite(c, articles) for c in e["citations"])
        events.append(
            {
                **span,
                "text": {"headline": escape(short), "text": body},
                "group": groups.get(e.get("type") or "", "other events"),
                "unique_id": f"e{len(events)}-{e['id'][:32]}",
            }
        )
    title = {"text": {"headline": "Story timeline", "text": _subtitle(sl)}}
    return {"title": title, "events": events}


def _write_timelinejs(sl: Storyline, out: Path, job: Job) -> list[Path]:
    out.write_text(json.dumps(timelinejs(sl), ensure_ascii=False, indent=2) + "\n")
    return [out]


# -- reports ------------------------------------------------------------------------------------


def _subtitle(sl: Storyline) -> str:
    o = data.overview(sl)
    span = f"{o['first_date']} – {o['last_date']}" if o["first_date"] else "undated"
    return f"{o['articles']} articles, {span}"


def _write_md(sl: Storyline, out: Path, job: Job) -> list[Path]:
    from .web.report import markdown

    out.write_text(markdown(sl), encoding="utf-8")
    return [out]


def _write_html(sl: Storyline, out: Path, job: Job) -> list[Path]:
    from .web.report import html_report

    out.write_text(html_report(sl), encoding="utf-8")
    return [out]


WRITERS: dict[ExportFormat, Callable[[Storyline, Path, Job], list[Path]]] = {
    ExportFormat.json: _write_json,
    ExportFormat.jsonl: _write_jsonl,
    ExportFormat.csv: _per_kind(_csv_file, "csv"),
    ExportFormat.parquet: _per_kind(_parquet_file, "parquet"),
    ExportFormat.md: _write_md,
    ExportFormat.timelinejs: _write_timelinejs,
    ExportFormat.html: _write_html,
}
WHOLE_STORY = {ExportFormat.md, ExportFormat.timelinejs, ExportFormat.html}
"""Formats that always show the whole story (``--kind`` does not apply)."""


def export(
    sl: Storyline,
    format: ExportFormat | str,
    output: Path,
    *,
    kind: str | None = None,
    with_text: bool = False,
    date_from: str | None = None,
    date_to: str | None = None,
    key: int | None = None,
) -> list[Path]:
    """Write the story in ``format`` to ``output`` with its provenance beside it (parquet:
    inside); the paths written."""
    fmt = ExportFormat(format)
    if kind and fmt in WHOLE_STORY:
        raise StorylineError(f"--kind does not apply to --format {fmt}: it shows the whole story")
    if with_text and fmt in WHOLE_STORY:
        raise StorylineError(
            f"--with-text does not apply to --format {fmt}: it quotes its sentences already"
        )
    if (date_from or date_to or key) and fmt in WHOLE_STORY:
        raise StorylineError(
            f"--from, --to and --key do not apply to --format {fmt}: it shows the whole story"
        )
    kinds = [_group(kind)] if kind else list(KINDS)
    if key is not None and not set(kinds) & {"timeline", "citations"}:
        raise StorylineError("--key applies to the timeline and citations tables only")
    filters = Filters(date_from, date_to, key)
    filters.bounds()  # a clear error before any work
    meta = provenance(sl, fmt, kinds, kind=kind, with_text=with_text, filters=filters)
    job = Job(kinds, bool(kind), with_text, filters, meta)
    if str(output) == STDOUT:
        return _to_stdout(sl, fmt, job)
    folder = fmt in (ExportFormat.csv, ExportFormat.parquet) and not kind
    if not folder:
        output.parent.mkdir(parents=True, exist_ok=True)
        if output.is_dir():
            raise StorylineError(f"{output}: is a folder; give a file name")
    written = WRITERS[fmt](sl, output, job)
    sidecar = output / "meta.json" if folder else output.with_name(f"{output.stem}.meta.json")
    sidecar.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return [*written, sidecar]


def _to_stdout(sl: Storyline, fmt: ExportFormat, job: Job) -> list[Path]:
    """``-o -``: a single-file export written to stdout (nothing is listed as written; no
    sidecar: parquet carries its provenance inside)."""
    if fmt in (ExportFormat.csv, ExportFormat.parquet) and not job.one:
        raise StorylineError(f"-o - needs --kind with --format {fmt}: one file per kind otherwise")
    with tempfile.TemporaryDirectory(prefix="storyline-export-") as tmp:
        path = Path(tmp) / f"export.{fmt}"
        WRITERS[fmt](sl, path, job)
        sys.stdout.flush()
        with path.open("rb") as f:
            shutil.copyfileobj(f, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    return []
