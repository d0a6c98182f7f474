"""Tidy story tables: one row per observation, a fixed column set per table, whatever the
corpus, so spreadsheets, pandas, Datawrapper and csvkit read them as they are.

- ``series``: one row per point of a figure series (long form): the series, the as-of date
  (``as_of_timex`` as extracted, ``as_of_start``/``as_of_end`` the ISO days it may mean), the
  value, its source, the citation (article, span, sentence) and conflict/revision flags.
- ``findings``: one row per conflict, revision or change: the kind, confidence, support, the
  reasons joined with "; ", and each side's point flat under ``a_*`` and ``b_*``.
- ``timeline``: one row per story event (date as extracted and as ISO start/end days, type,
  headline, actors, score, part); ``citations``: one row per citation of an event.
- ``story_entities``: one row per entity merged across the corpus (aliases, titles, counts,
  first and last day seen).

Every column has a declared type (:data:`TYPES`): ``date`` columns hold ISO days
(``YYYY-MM-DD``) or nothing, and become date32 in parquet.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

Column = tuple[str, str]
"""(name, type): type is one of ``str``, ``float``, ``int``, ``bool``, ``date``."""

POINT: list[Column] = [
    ("as_of_timex", "str"),
    ("as_of_start", "date"),
    ("as_of_end", "date"),
    ("as_of_precision", "str"),
    ("as_of_from", "str"),
    ("value", "float"),
    ("high", "float"),
    ("qualifier", "str"),
    ("unit", "str"),
    ("shown", "str"),
    ("source", "str"),
    ("outlet", "str"),
    ("article_id", "str"),
    ("published", "date"),
    ("title", "str"),
    ("start", "int"),
    ("end", "int"),
    ("text", "str"),
    ("sentence", "str"),
]
"""A point of a series, as it appears in both tables (``a_``/``b_`` prefixed in findings)."""

SERIES: list[Column] = [
    ("series_id", "str"),
    ("series_label", "str"),
    ("counted", "str"),
    ("status", "str"),
    ("place", "str"),
    ("period", "str"),
    *POINT,
    ("modality", "str"),
    ("conflict", "bool"),
    ("revision", "bool"),
]
FINDINGS: list[Column] = [
    ("kind", "str"),
    ("series_id", "str"),
    ("series_label", "str"),
    ("confidence", "float"),
    ("support", "int"),
    ("explanation", "str"),
    ("reasons", "str"),
    *[(f"a_{name}", kind) for name, kind in POINT],
    *[(f"b_{name}", kind) for name, kind in POINT],
]
TIMELINE: list[Column] = [
    ("event_id", "str"),
    ("date_timex", "str"),
    ("date_start", "date"),
    ("date_end", "date"),
    ("date_precision", "str"),
    ("date_origin", "str"),
    ("type", "str"),
    ("headline", "str"),
    ("actors", "str"),
    ("place", "str"),
    ("score", "float"),
    ("part", "str"),
    ("sources", "int"),
    ("articles", "int"),
    ("first_reported", "date"),
    ("last_reported", "date"),
    ("citations", "int"),
]
"""One row per story event (``Storyline.timeline``); ``part`` is story, background or
sidebar; actors joined with "; "."""
CITATIONS: list[Column] = [
    ("event_id", "str"),
    ("article_id", "str"),
    ("published", "date"),
    ("start", "int"),
    ("end", "int"),
    ("text", "str"),
    ("sentence", "str"),
    ("type", "str"),
    ("modality", "str"),
]
"""One row per citation of a story event: join to ``timeline`` on ``event_id``."""
ENTITIES: list[Column] = [
    ("entity_id", "str"),
    ("canonical", "str"),
    ("label", "str"),
    ("aliases", "str"),
    ("titles", "str"),
    ("mentions", "int"),
    ("articles", "int"),
    ("first_seen", "date"),
    ("last_seen", "date"),
]
"""One row per entity merged across the corpus; aliases and titles joined with "; "."""
TABLES: dict[str, list[Column]] = {
    "series": SERIES,
    "findings": FINDINGS,
    "timeline": TIMELINE,
    "citations": CITATIONS,
    "story_entities": ENTITIES,
}
"""Story table name → its columns, in order."""
TYPES: dict[str, dict[str, str]] = {t: dict(cols) for t, cols in TABLES.items()}


def names(table: str) -> list[str]:
    """The column names of a story table, in order."""
    return [name for name, _ in TABLES[table]]


def _day(value: Any) -> str | None:
    """An ISO day (the first ten characters of a stored day or timestamp), else None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    day = value[:10]
    return day if day[4] == "-" and day[7] == "-" and day[:4].isdigit() else None


def point_row(p: dict[str, Any]) -> dict[str, Any]:
    """A series point flattened to the :data:`POINT` columns."""
    cite = p.get("citation") or {}
    return {
        "as_of_timex": p.get("as_of"),
        "as_of_start": _day(p.get("lo")),
        "as_of_end": _day(p.get("hi")),
        "as_of_precision": p.get("precision"),
        "as_of_from": p.get("as_of_from"),
        "value": p.get("value"),
        "high": p.get("high"),
        "qualifier": p.get("qualifier"),
        "unit": p.get("unit"),
        "shown": p.get("shown"),
        "source": p.get("source"),
        "outlet": cite.get("outlet"),
        "article_id": cite.get("article_id", p.get("article_id")),
        "published": _day(cite.get("published")),
        "title": cite.get("title"),
        "start": cite.get("start", p.get("start")),
        "end": cite.get("end", p.get("end")),
        "text": cite.get("text", p.get("text")),
        "sentence": cite.get("sentence"),
    }


def series_rows(found: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Series (``Storyline.series``) in long form: one row per point."""
    for s in found:
        for p in s["points"]:
            yield {
                "series_id": s["id"],
                "series_label": s["label"],
                "counted": s.get("counted"),
                "status": p.get("status") or s.get("status"),
                "place": s.get("place"),
                "period": s.get("period"),
                **point_row(p),
                "modality": p.get("modality"),
                "conflict": bool(p.get("conflict")),
                "revision": bool(p.get("revision")),
            }


def finding_rows(found: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Findings (``Storyline.conflicts``) flat: one row each, both sides as ``a_*``/``b_*``."""
    for f in found:
        row = {
            "kind": f["kind"],
            "series_id": f.get("series_id"),
            "series_label": f.get("series"),
            "confidence": f.get("confidence"),
            "support": f.get("support"),
            "explanation": f.get("explanation"),
            "reasons": "; ".join(f.get("reasons") or []),
        }
        for side in ("a", "b"):
            row.update({f"{side}_{k}": v for k, v in point_row(f[side]).items()})
        yield row


def _part(e: dict[str, Any]) -> str:
    if e.get("sidebar"):
        return "sidebar"
    return "background" if e.get("background") else "story"


def timeline_rows(events: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Story events (``Storyline.timeline``): one row each, by event date."""
    for e in events:
        yield {
            "event_id": e["id"],
            "date_timex": e.get("date"),
            "date_start": _day(e.get("date_lo")),
            "date_end": _day(e.get("date_hi")),
            "date_precision": e.get("date_precision"),
            "date_origin": e.get("date_origin"),
            "type": e.get("type"),
            "headline": e.get("headline"),
            "actors": "; ".join(e.get("actors") or []),
            "place": e.get("place"),
            "score": e.get("score"),
            "part": _part(e),
            "sources": e.get("sources"),
            "articles": e.get("articles"),
            "first_reported": _day(e.get("first_reported")),
            "last_reported": _day(e.get("last_reported")),
            "citations": len(e.get("citations") or []),
        }


def citation_rows(events: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every citation of every story event: one row each."""
    for e in events:
        for c in e.get("citations") or []:
            yield {
                "event_id": e["id"],
                "article_id": c.get("article_id"),
                "published": _day(c.get("published")),
                "start": c.get("start"),
                "end": c.get("end"),
                "text": c.get("text"),
                "sentence": c.get("sentence"),
                "type": c.get("type"),
                "modality": c.get("modality"),
            }


def entity_rows(entities: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Entities merged across the corpus (``Storyline.entities``): one row each."""
    for e in entities:
        yield {
            "entity_id": e.get("id"),
            "canonical": e.get("canonical"),
            "label": e.get("label"),
            "aliases": "; ".join(e.get("aliases") or []),
            "titles": "; ".join(e.get("titles") or []),
            "mentions": e.get("mentions"),
            "articles": e.get("articles"),
            "first_seen": _day(e.get("first_seen")),
            "last_seen": _day(e.get("last_seen")),
        }
