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

The articles and the stored kinds (``timexes``, ``entities``, ``statements``, ``figures``,
``events``, ``proposals``) have a fixed column set too (:data:`KIND_TABLES`). Every date they
hold is a window of ISO days beside the value as extracted: ``F_timex`` (the TIMEX value),
``F_start`` and ``F_end`` (its first and last day) for an article's ``published`` and a
mention's ``date`` or ``as_of``; a time expression keeps its ``value`` beside ``value_start`` and
``value_end``; the bounds of a figure's period and of a time expression's interval are
``period_start_timex``/``period_end_timex`` (``interval_begin_timex``/``interval_end_timex``)
and the window they span, ``period_start``/``period_end`` (``interval_start``/``interval_end``).
With ``--with-text`` the articles carry ``raw_text`` (every offset points into it) and each
mention its ``sentence_text``: the raw text of the sentences its span runs through, starting at
offset ``sentence_start``, so that ``sentence_text[start - sentence_start:end -
sentence_start] == text`` on the row alone.

Every column has a declared type (:data:`TYPES`): ``date`` columns hold ISO days
(``YYYY-MM-DD``) or nothing, and become date32 in parquet; ``list`` (strings) and ``span``
(``[start, end]`` offsets) are lists in JSON and parquet and JSON text in a CSV cell; ``json``
(a record, such as the ``anchored`` provenance of a re-anchored date) is JSON text in CSV and
parquet.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .. import dates

Column = tuple[str, str]
"""(name, type): type is one of ``str``, ``float``, ``int``, ``bool``, ``date``, ``list``,
``span``, ``json``."""

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


def _window(name: str) -> list[Column]:
    return [(f"{name}_timex", "str"), (f"{name}_start", "date"), (f"{name}_end", "date")]


ARTICLES: list[Column] = [
    ("id", "str"),
    ("title", "str"),
    *_window("published"),
    ("date_origin", "str"),
    ("date_precision", "str"),
    ("date_conflict", "bool"),
    ("date_confidence", "float"),
    ("outlets", "list"),
    ("dateline_place", "str"),
    ("url", "str"),
    ("path", "str"),
    ("chars", "int"),
]
"""One row per article; ``published_start``/``published_end`` are the days the publication
date may be (for an undated article, the window inferred for it)."""
MENTION: list[Column] = [
    ("article_id", "str"),
    ("kind", "str"),
    ("start", "int"),
    ("end", "int"),
    ("text", "str"),
    ("sentence", "int"),
]
"""The columns every stored kind starts with: the span in the article's raw text, and the
index of its sentence."""
ANCHORED: Column = ("anchored", "json")
"""How a date of an undated article's mention was re-anchored (``story.anchoring``)."""
MENTIONS: dict[str, list[Column]] = {
    "timexes": [
        ("type", "str"),
        ("value", "str"),
        ("value_start", "date"),
        ("value_end", "date"),
        ("granularity", "str"),
        ("anchor", "str"),
        ("rule", "str"),
        ("tense", "str"),
        ("mod", "str"),
        ("signal", "str"),
        ("duration", "str"),
        ("interval_begin_timex", "str"),
        ("interval_end_timex", "str"),
        ("interval_start", "date"),
        ("interval_end", "date"),
        ("value_from", "str"),
        ("original_value", "str"),
        ANCHORED,
    ],
    "entities": [
        ("label", "str"),
        ("canonical", "str"),
        ("title", "str"),
        ("aliases", "list"),
        ("part_of", "str"),
        ("role", "str"),
        ("nominal", "bool"),
        ANCHORED,
    ],
    "statements": [
        ("direct", "bool"),
        ("act", "str"),
        ("speaker", "str"),
        ("speaker_span", "span"),
        ("speaker_label", "str"),
        ("speaker_aliases", "list"),
        ("cue", "str"),
        ("cue_span", "span"),
        ("resolved_from", "str"),
        *_window("date"),
        ("date_from", "str"),
        ("cites", "str"),
        ("via", "str"),
        ANCHORED,
    ],
    "figures": [
        ("value", "float"),
        ("high", "float"),
        ("qualifier", "str"),
        ("unit", "str"),
        ("counted", "str"),
        ("noun", "str"),
        ("quantity", "str"),
        ("status", "str"),
        ("subject", "str"),
        ("source", "str"),
        ("source_span", "span"),
        ("source_from", "str"),
        *_window("as_of"),
        ("as_of_from", "str"),
        ("as_of_span", "span"),
        ("period", "str"),
        ("period_start_timex", "str"),
        ("period_end_timex", "str"),
        ("period_start", "date"),
        ("period_end", "date"),
        ("period_cue", "str"),
        ("modality", "str"),
        ("place", "str"),
        ("place_level", "str"),
        ("population", "str"),
        ("certainty", "str"),
        ("other_time", "bool"),
        ANCHORED,
    ],
    "events": [
        ("type", "str"),
        ("trigger", "str"),
        ("trigger_span", "span"),
        ("agent", "str"),
        ("agent_span", "span"),
        ("agent_label", "str"),
        ("patient", "str"),
        ("patient_span", "span"),
        ("patient_label", "str"),
        *_window("date"),
        ("date_from", "str"),
        ("date_span", "span"),
        ("place", "str"),
        ("place_span", "span"),
        ("negated", "bool"),
        ("modality", "str"),
        ("running", "bool"),
        ("sentence_span", "span"),
        ANCHORED,
    ],
    "proposals": [
        ("form", "str"),
        ("cue", "str"),
        ("cue_span", "span"),
        ("proposer", "str"),
        ("proposer_span", "span"),
        ("via", "list"),
        ("offer", "str"),
        ("offer_span", "span"),
        ("in_exchange_for", "str"),
        ("exchange_span", "span"),
        ("response", "str"),
        ("response_span", "span"),
        ("responder", "str"),
        ("responder_span", "span"),
        *_window("date"),
        ("date_from", "str"),
        ("condition", "str"),
        ("plan", "str"),
        ("plan_noun", "str"),
        ("addressee", "str"),
        ("reference", "bool"),
        ("background", "bool"),
        ANCHORED,
    ],
}
"""Stored kind (plural) → its own fields, after :data:`MENTION`."""
KIND_TABLES: dict[str, list[Column]] = {
    "articles": ARTICLES,
    **{group: [*MENTION, *fields] for group, fields in MENTIONS.items()},
}
"""The articles and every stored kind → their columns, in order (without ``--with-text``)."""
WITH_TEXT: dict[str, list[Column]] = {
    "articles": [*ARTICLES, ("raw_text", "str")],
    **{
        group: [*MENTION, ("sentence_start", "int"), ("sentence_text", "str"), *fields]
        for group, fields in MENTIONS.items()
    },
}
"""The same with ``--with-text``: the raw text an article's offsets point into, and each
mention's sentence."""
WINDOWS: dict[str, list[tuple[str, str, str | None, str | None]]] = {
    "articles": [],  # the stored window is used as it is (see article_row)
    "timexes": [
        ("value", "value", "value_start", "value_end"),
        ("interval_begin", "interval_begin_timex", "interval_start", None),
        ("interval_end", "interval_end_timex", None, "interval_end"),
    ],
    "entities": [],
    "statements": [("date", "date_timex", "date_start", "date_end")],
    "figures": [
        ("as_of", "as_of_timex", "as_of_start", "as_of_end"),
        ("period_start", "period_start_timex", "period_start", None),
        ("period_end", "period_end_timex", None, "period_end"),
    ],
    "events": [("date", "date_timex", "date_start", "date_end")],
    "proposals": [("date", "date_timex", "date_start", "date_end")],
}
"""Per kind, each stored date field → (its column as extracted, the column of its first day,
of its last day): a period's start bound gives the period's first day, its end bound the last."""
TYPES: dict[str, dict[str, str]] = {t: dict(cols) for t, cols in {**TABLES, **WITH_TEXT}.items()}


def names(table: str) -> list[str]:
    """The column names of a story table, in order."""
    return [name for name, _ in TABLES[table]]


def columns_of(table: str, *, with_text: bool = False) -> list[Column]:
    """The columns of any exported table (story table, articles or a stored kind), in order."""
    if table in TABLES:
        return TABLES[table]
    return (WITH_TEXT if with_text else KIND_TABLES)[table]


def bounds(value: Any) -> tuple[str | None, str | None]:
    """First and last ISO day a calendar value of any precision covers (a week, a quarter…);
    (None, None) for no value, a year-less one, or one that is not a date (``PRESENT_REF``)."""
    span = dates.interval(value) if isinstance(value, str) else None
    return (span[0].isoformat(), span[1].isoformat()) if span else (None, None)


def article_row(a: Mapping[str, Any], *, raw_text: str | None = None) -> dict[str, Any]:
    """An article summary (``web.data.article_summary``) as the :data:`ARTICLES` columns."""
    out = {name: a.get(name) for name, _ in ARTICLES}
    out["published_timex"] = a.get("published")
    out["published_start"] = _day(a.get("date_earliest"))
    out["published_end"] = _day(a.get("date_latest"))
    if raw_text is not None:
        out["raw_text"] = raw_text
    return out


def mention_row(
    group: str, m: Mapping[str, Any], *, context: tuple[int, str] | None = None
) -> dict[str, Any]:
    """A stored mention (``Storyline.mentions``) as its kind's columns, each date as its
    value and window; ``context`` (the raw offset and text of its sentences) adds the
    ``--with-text`` columns."""
    cols = [*MENTION, *MENTIONS[group]]
    out = {name: m.get(name) for name, _ in cols}
    for source, timex, first, last in WINDOWS[group]:
        value = m.get(source)
        lo, hi = bounds(value)
        out[timex] = value
        if first:
            out[first] = lo
        if last:
            out[last] = hi
    if context is not None:
        offset, text = context
        out = {
            **{k: out[k] for k, _ in MENTION},
            "sentence_start": offset,
            "sentence_text": text,
            **out,
        }
    return out


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
