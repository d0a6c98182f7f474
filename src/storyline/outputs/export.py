"""`storyline export`: the story as data files, reports and a TimelineJS timeline.

Layout: ``json`` is one object ``{"articles": [...], "<kind group>": [...], ...}``; ``jsonl`` is one
record per line with its ``kind`` ("article", "timex", …); ``csv`` and ``parquet`` write one file
per kind group into a folder (``articles.csv``, ``statements.csv``, …), or one file with
``--kind``. Nested values (lists, objects) become JSON strings in CSV and parquet. Every
extracted row keeps ``article_id``, ``start`` and ``end``: the character span in the raw text.

Beside the stored kinds come the story tables of :mod:`storyline.outputs.tidy`, with a fixed,
typed column set: ``series`` (one row per series point), ``findings`` (one row per confident
conflict, revision or change), ``timeline`` and ``citations`` (one row per story event, one per
citation) and ``story_entities``. ``-o -`` writes a single-file export to stdout.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable
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

BASE_COLUMNS = ["article_id", "kind", "start", "end", "text", "sentence"]
JSONL_KINDS = {
    "series": "series_point",
    "timeline": "story_event",
    "citations": "event_citation",
    "story_entities": "story_entity",
}
"""The ``kind`` of a story table's JSONL records (its rows carry no kind of their own)."""


def _group(kind: str) -> str:
    """``statement`` or ``statements`` → ``statements``; error naming the choices."""
    group = KIND_GROUPS.get(kind, kind)
    group = {"article": "articles", "finding": "findings", "conflicts": "findings"}.get(
        group, group
    )
    if group not in KINDS:
        raise StorylineError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    return group


def tables(sl: Storyline, kinds: Iterable[str] = KINDS) -> dict[str, list[dict[str, Any]]]:
    """Rows per kind group: article summaries, every stored mention of each kind, and the
    tidy story tables."""
    singular = {group: kind for kind, group in KIND_GROUPS.items()}
    out: dict[str, list[dict[str, Any]]] = {}
    events: list[dict[str, Any]] | None = None  # the timeline, read once for both its tables
    for group in kinds:
        if group == "articles":
            out[group] = [{**data.article_summary(a), "kind": "article"} for a in sl.articles()]
        elif group == "series":
            out[group] = list(tidy.series_rows(sl.series()))
        elif group == "findings":
            out[group] = list(tidy.finding_rows(sl.conflicts()))
        elif group in ("timeline", "citations"):
            events = events if events is not None else sl.timeline()
            rows = tidy.timeline_rows if group == "timeline" else tidy.citation_rows
            out[group] = list(rows(events))
        elif group == "story_entities":
            out[group] = list(tidy.entity_rows(sl.entities()))
        else:
            out[group] = list(sl.mentions(singular[group]))
    return out


def columns(rows: list[dict[str, Any]], base: list[str]) -> list[str]:
    """``base`` first, then every other key in order of first appearance."""
    seen = dict.fromkeys(base)
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def _flat(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value


# -- data formats ---------------------------------------------------------------------------------


def _write_json(sl: Storyline, out: Path, kinds: list[str], one: bool) -> list[Path]:
    t = tables(sl, kinds)
    doc: Any = t[kinds[0]] if one else t
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=2, default=str) + "\n")
    return [out]


def _write_jsonl(sl: Storyline, out: Path, kinds: list[str], one: bool) -> list[Path]:
    with out.open("w", encoding="utf-8") as f:
        for group, rows in tables(sl, kinds).items():
            for row in rows:
                # each record says what it is; a finding's kind is conflict/revision/change
                label = JSONL_KINDS.get(group)
                record = {"kind": label, **row} if label else row
                f.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    return [out]


def _base(group: str) -> list[str]:
    return ["id"] if group == "articles" else BASE_COLUMNS


def _csv_file(path: Path, rows: list[dict[str, Any]], group: str) -> Path:
    import csv

    cols = tidy.names(group) if group in tidy.TABLES else columns(rows, _base(group))
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=cols)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _flat(row.get(k)) for k in cols})
    return path


def _parquet_file(path: Path, rows: list[dict[str, Any]], group: str) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    if group in tidy.TABLES:
        pq.write_table(_typed_table(rows, tidy.TABLES[group]), path)
        return path
    cols = columns(rows, _base(group))
    arrays = {k: _column([_flat(r.get(k)) for r in rows]) for k in cols}
    pq.write_table(pa.table(arrays), path)
    return path


def _typed_table(rows: list[dict[str, Any]], cols: list[tidy.Column]) -> Any:
    """A story table with its declared types (dates as date32), the same for any corpus."""
    from datetime import date

    import pyarrow as pa

    types = {
        "str": pa.string(),
        "float": pa.float64(),
        "int": pa.int64(),
        "bool": pa.bool_(),
        "date": pa.date32(),
    }
    arrays = {}
    for name, kind in cols:
        values = [r.get(name) for r in rows]
        if kind == "date":
            values = [date.fromisoformat(v) if v else None for v in values]
        elif kind == "float":
            values = [None if v is None else float(v) for v in values]
        arrays[name] = pa.array(values, type=types[kind])
    return pa.table(arrays)


def _column(values: list[Any]) -> Any:
    """A typed arrow array; a column mixing types (an int here, a string there) becomes text."""
    import pyarrow as pa

    kinds = {type(v) for v in values if v is not None}
    if kinds <= {int, float} and kinds:
        return pa.array(values, type=pa.float64() if float in kinds else pa.int64())
    if kinds == {bool}:
        return pa.array(values, type=pa.bool_())
    return pa.array([None if v is None else str(v) for v in values], type=pa.string())


def _per_kind(
    write: Callable[[Path, list[dict[str, Any]], str], Path], suffix: str
) -> Callable[[Storyline, Path, list[str], bool], list[Path]]:
    def run(sl: Storyline, out: Path, kinds: list[str], one: bool) -> list[Path]:
        t = tables(sl, kinds)
        if one:
            return [write(out, t[kinds[0]], kinds[0])]
        if out.exists() and not out.is_dir():
            raise StorylineError(f"{out}: is a file; give a folder (one {suffix} per kind)")
        out.mkdir(parents=True, exist_ok=True)
        return [write(out / f"{group}.{suffix}", rows, group) for group, rows in t.items()]

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


def _write_timelinejs(sl: Storyline, out: Path, kinds: list[str], one: bool) -> list[Path]:
    out.write_text(json.dumps(timelinejs(sl), ensure_ascii=False, indent=2) + "\n")
    return [out]


# -- reports ------------------------------------------------------------------------------------


def _subtitle(sl: Storyline) -> str:
    o = data.overview(sl)
    span = f"{o['first_date']} – {o['last_date']}" if o["first_date"] else "undated"
    return f"{o['articles']} articles, {span}"


def _write_md(sl: Storyline, out: Path, kinds: list[str], one: bool) -> list[Path]:
    from .web.report import markdown

    out.write_text(markdown(sl), encoding="utf-8")
    return [out]


def _write_html(sl: Storyline, out: Path, kinds: list[str], one: bool) -> list[Path]:
    from .web.report import html_report

    out.write_text(html_report(sl), encoding="utf-8")
    return [out]


WRITERS: dict[ExportFormat, Callable[[Storyline, Path, list[str], bool], list[Path]]] = {
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
    sl: Storyline, format: ExportFormat | str, output: Path, *, kind: str | None = None
) -> list[Path]:
    """Write the story in ``format`` to ``output``; the paths written."""
    fmt = ExportFormat(format)
    if kind and fmt in WHOLE_STORY:
        raise StorylineError(f"--kind does not apply to --format {fmt}: it shows the whole story")
    kinds = [_group(kind)] if kind else list(KINDS)
    if str(output) == STDOUT:
        return _to_stdout(sl, fmt, kinds, bool(kind))
    if fmt not in (ExportFormat.csv, ExportFormat.parquet) or kind:
        output.parent.mkdir(parents=True, exist_ok=True)
        if output.is_dir():
            raise StorylineError(f"{output}: is a folder; give a file name")
    return WRITERS[fmt](sl, output, kinds, bool(kind))


def _to_stdout(sl: Storyline, fmt: ExportFormat, kinds: list[str], one: bool) -> list[Path]:
    """``-o -``: a single-file export written to stdout (nothing is listed as written)."""
    if fmt in (ExportFormat.csv, ExportFormat.parquet) and not one:
        raise StorylineError(f"-o - needs --kind with --format {fmt}: one file per kind otherwise")
    with tempfile.TemporaryDirectory(prefix="storyline-export-") as tmp:
        path = Path(tmp) / f"export.{fmt}"
        WRITERS[fmt](sl, path, kinds, one)
        sys.stdout.flush()
        with path.open("rb") as f:
            shutil.copyfileobj(f, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    return []
