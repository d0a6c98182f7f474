"""`storyline export`: the story as data files, reports and a TimelineJS timeline.

Layout: ``json`` is one object ``{"articles": [...], "<kind group>": [...], ...}``; ``jsonl`` is one
record per line with its ``kind`` ("article", "timex", …); ``csv`` and ``parquet`` write one file
per kind group into a folder (``articles.csv``, ``statements.csv``, …), or one file with
``--kind``. Nested values (lists, objects) become JSON strings in CSV and parquet. Every
extracted row keeps ``article_id``, ``start`` and ``end``: the character span in the raw text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .. import dates
from ..api import Storyline
from ..errors import StorylineError
from ..extract.kinds import KIND_GROUPS
from .formats import KINDS, ExportFormat
from .web import data

BASE_COLUMNS = ["article_id", "kind", "start", "end", "text", "sentence"]


def _group(kind: str) -> str:
    """``statement`` or ``statements`` → ``statements``; error naming the choices."""
    group = KIND_GROUPS.get(kind, kind)
    if group == "article":
        group = "articles"
    if group not in KINDS:
        raise StorylineError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    return group


def tables(sl: Storyline, kinds: Iterable[str] = KINDS) -> dict[str, list[dict[str, Any]]]:
    """Rows per kind group: article summaries, and every stored mention of each kind."""
    singular = {group: kind for kind, group in KIND_GROUPS.items()}
    out: dict[str, list[dict[str, Any]]] = {}
    for group in kinds:
        if group == "articles":
            out[group] = [{**data.article_summary(a), "kind": "article"} for a in sl.articles()]
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
        for rows in tables(sl, kinds).values():
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    return [out]


def _csv_file(path: Path, rows: list[dict[str, Any]], group: str) -> Path:
    import csv

    cols = columns(rows, ["id"] if group == "articles" else BASE_COLUMNS)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=cols)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _flat(row.get(k)) for k in cols})
    return path


def _parquet_file(path: Path, rows: list[dict[str, Any]], group: str) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    cols = columns(rows, ["id"] if group == "articles" else BASE_COLUMNS)
    arrays = {k: _column([_flat(r.get(k)) for r in rows]) for k in cols}
    pq.write_table(pa.table(arrays), path)
    return path


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
    such; another value (a week "2026-W10") as the days it may mean, labelled as written."""
    value = e.get("date")
    v = dates.try_parse(value)
    if (v is not None and v.precision in _TL_FIELDS) or not e.get("date_lo"):
        start = _tl_date(value)
        return {"start_date": start} if start else None
    lo, hi = _tl_date(e["date_lo"]), _tl_date(e.get("date_hi"))
    out: dict[str, Any] = {"start_date": lo, "display_date": value}
    if hi and hi != lo:
        out["end_date"] = hi
    return out


def timelinejs(sl: Storyline) -> dict[str, Any]:
    """The story timeline as TimelineJS JSON: one slide per dated story event, grouped by its
    type, its citations in the text (TimelineJS needs a start date: undated ones are left out)."""
    from html import escape

    tl = data.timeline(sl)
    events: list[dict[str, Any]] = []
    for e in tl["entries"]:
        span = _tl_span(e)
        if span is None:
            continue
        cites = "".join(
            f"<p>“{escape(c.get('text') or '')}” <small>({escape(c['article_id'][:10])}:"
            f"{c['start']}-{c['end']}{', ' + escape(c['published']) if c.get('published') else ''}"
            ")</small></p>"
            for c in e["citations"]
        )
        facts = ", ".join(e["actors"])
        if e.get("sources"):
            facts += f"{' — ' if facts else ''}{e['sources']} source{'s' * (e['sources'] > 1)}"
        events.append(
            {
                **span,
                "text": {
                    "headline": escape(e["headline"][:140]),
                    "text": (f"<p><b>{escape(facts)}</b></p>" if facts else "") + cites,
                },
                "group": (e.get("type") or "").replace("_", " "),
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
    if fmt not in (ExportFormat.csv, ExportFormat.parquet) or kind:
        output.parent.mkdir(parents=True, exist_ok=True)
        if output.is_dir():
            raise StorylineError(f"{output}: is a folder; give a file name")
    return WRITERS[fmt](sl, output, kinds, bool(kind))
