"""Typed records in, plain rows out: the mapping between models.py and the tables."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

from .. import dates
from ..dates import DateError
from ..errors import StoreError
from ..models import ArticleRecord, DateResolution, Mention, SourceRef
from .schema import NO_LINE, UNDATED_SORT

INTERNAL_COLUMNS = frozenset({"rowno", "minhash", "sort_date"})
"""Article columns that stay inside the store (keys, bytes, derived sort keys)."""


class StoreDateError(DateError, StoreError):
    """A date the store cannot place: a ``StoreError`` to the store's callers, and a
    ``DateError`` so that an edge can tell bad input from a broken store."""


def day_bounds(value: str) -> tuple[str, str]:
    """First and last ISO day of a calendar value of any precision (``dates.day_bounds``)."""
    try:
        return dates.day_bounds(value)
    except DateError as e:
        raise StoreDateError(e.text, e.why) from None


def date_window(res: DateResolution) -> dict[str, str | None]:
    """The day window an article may belong to, and its sort key."""
    lo: str | None
    hi: str | None
    if res.published:
        # a month-precision date may arrive as a full day ("2025-04-01"): widen it to the month
        lo, hi = day_bounds(dates.truncate(res.published, res.precision))
    else:
        lo = day_bounds(res.earliest)[0] if res.earliest else None
        hi = day_bounds(res.latest)[1] if res.latest else None
    return {"date_lo": lo, "date_hi": hi, "sort_date": lo or hi or UNDATED_SORT}


def resolution_row(res: DateResolution) -> dict[str, Any]:
    """The ``articles`` columns that hold a date resolution."""
    return {
        "published": res.published,
        "date_origin": res.origin,
        "date_precision": res.precision,
        "date_earliest": res.earliest,
        "date_latest": res.latest,
        "date_conflict": bool(res.conflict),
        "date_confidence": res.confidence,
        "date_evidence": list(res.evidence),
        **date_window(res),
    }


def candidate_rows(article_id: str, res: DateResolution) -> list[dict[str, Any]]:
    return [{"article_id": article_id, "idx": i, **asdict(c)} for i, c in enumerate(res.candidates)]


def article_row(rec: ArticleRecord, now: str) -> dict[str, Any]:
    """The ``articles`` row of a record (children go in their own tables)."""
    doc, dl = rec.doc, rec.dateline
    return {
        "id": rec.id,
        "content_hash": rec.content_hash,
        "minhash": rec.minhash,
        "title": rec.title,
        "url": rec.url,
        "outlet": rec.outlet,
        "raw_text": doc.text,
        "format": doc.format,
        "encoding": doc.encoding,
        "body_start": doc.body_start,
        "header_date": doc.header_date,
        "meta": dict(doc.meta),
        "problems": list(doc.problems),
        "original": doc.original,
        "clean_text": rec.clean.text,
        "offset_runs": [list(run) for run in rec.clean.offsets.runs],
        "offset_rewrites": [list(rw) for rw in rec.clean.offsets.rewrites],
        "dateline_place": dl.place if dl else None,
        "dateline_date_text": dl.date_text if dl else None,
        "dateline_month": dl.month if dl else None,
        "dateline_day": dl.day if dl else None,
        "dateline_year": dl.year if dl else None,
        "dateline_agency": dl.agency if dl else None,
        "dateline_start": dl.start if dl else None,
        "dateline_end": dl.end if dl else None,
        **resolution_row(rec.dates),
        "ingested_at": now,
    }


def child_rows(rec: ArticleRecord) -> dict[str, list[dict[str, Any]]]:
    """Rows for each child table, by table name."""
    aid = rec.id
    return {
        "article_dates": candidate_rows(aid, rec.dates),
        "credits": [{"article_id": aid, "idx": i, **asdict(c)} for i, c in enumerate(rec.credits)],
        "sentences": [
            {"article_id": aid, "idx": i, "start": s.start, "end": s.end, "text": s.text}
            for i, s in enumerate(rec.sentences)
        ],
        "dropped": [
            {"article_id": aid, "idx": i, **asdict(d)} for i, d in enumerate(rec.clean.dropped)
        ],
    }


def source_row(article_id: str, source: SourceRef, now: str) -> dict[str, Any]:
    line = NO_LINE if source.line is None else source.line
    return {"article_id": article_id, "path": source.path, "line": line, "added_at": now}


def source_dict(row: Mapping[Any, Any]) -> dict[str, Any]:
    line = None if row["line"] == NO_LINE else row["line"]
    return {"path": row["path"], "line": line, "added_at": row["added_at"]}


def mention_rows(
    article_id: str,
    mentions: Sequence[Mention],
    sentence_starts: Sequence[int],
    sentence_ends: Sequence[int],
) -> list[dict[str, Any]]:
    """Mention rows, each with the index of the sentence holding its start (or None)."""
    rows = []
    for m in mentions:
        i = bisect_right(sentence_starts, m.start) - 1
        inside = i >= 0 and m.start < sentence_ends[i]
        rows.append(
            {
                "article_id": article_id,
                "kind": m.kind,
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "sentence_idx": i if inside else None,
                "data": dict(m.data),
            }
        )
    return rows


def article_dict(row: Mapping[Any, Any]) -> dict[str, Any]:
    """An ``articles`` row as a JSON-able dict, without the store's internal columns."""
    return {k: v for k, v in row.items() if k not in INTERNAL_COLUMNS}


def plain(row: Mapping[Any, Any], drop: tuple[str, ...] = ("article_id",)) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in drop}
