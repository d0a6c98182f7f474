"""The timeline: story events ordered by when they happened, filtered, and cut to the key ones.

Order is by *event* date, precision-aware: an event dated "2026-04" sorts at the start of
April and shows as "2026-04" (never a made-up day), a week as "2026-W18"; at the same start a
finer date comes first. Events whose date only comes from the publication day say so in
``date_note``; undated events come last.

Key events: each event gets an importance ``score``::

    score = type_weight × (ln(1 + sources) + citation_weight × ln(1 + citations)
                           + burst_weight × burst)

``sources`` counts independent articles (a reprint of a wire story is one source),
``citations`` every report; ``type_weight`` comes from the lexicon ``story_events.json``
(deaths, captures, releases and truces weigh more than statements about them); ``burst`` is
the share of citing articles published between the event's date and ``burst_days`` after
it: an event that made the news when it happened, rather than one only recalled later.
``key`` keeps the N best scored (then shown in date order); ``min_score`` those above a score.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .. import dates
from ..errors import Messages, StorylineError
from .events import type_weight


@dataclass(frozen=True, slots=True)
class KeyConfig:
    """The knobs of the importance score (see the module doc)."""

    citation_weight: float = 0.25
    burst_weight: float = 0.5
    burst_days: int = 3


@dataclass(frozen=True, slots=True)
class Filters:
    """What a timeline keeps: an ISO date range (day, month or year, inclusive, overlapping
    the event's date), actors (substrings of an actor's name, any of them), types (any)."""

    date_from: str | None = None
    date_to: str | None = None
    actors: tuple[str, ...] = ()
    types: tuple[str, ...] = ()

    def keeps(self, event: dict[str, Any]) -> bool:
        return (
            in_range(event, self.date_from, self.date_to)
            and has_actor(event, self.actors)
            and (not self.types or bool({t.casefold() for t in self.types} & event_types(event)))
        )


def build_timeline(
    events: Iterable[dict[str, Any]],
    *,
    filters: Filters | None = None,
    key: int | None = None,
    min_score: float | None = None,
    config: KeyConfig | None = None,
) -> list[dict[str, Any]]:
    """Story events with their ``score``, filtered, cut to the key ones, in date order."""
    if key is not None and key < 1:
        raise StorylineError(Messages.TOO_FEW_KEY_EVENTS.format(key=key), param="key")
    config = config or KeyConfig()
    filters = filters or Filters()
    for bound in (filters.date_from, filters.date_to):
        if bound:
            dates.parse_bound(bound)  # a clear error now, not an empty timeline
    kept = [{**e, "score": round(importance(e, config), 3)} for e in events if filters.keeps(e)]
    if min_score is not None:
        kept = [e for e in kept if e["score"] >= min_score]
    if key is not None:
        kept = sorted(kept, key=lambda e: (-e["score"], -e.get("sources", 0), sort_key(e)))[:key]
    return sorted(kept, key=sort_key)


def importance(event: dict[str, Any], config: KeyConfig) -> float:
    sources = int(event.get("sources") or 0)
    cites = event.get("citations") or []
    return type_weight(event.get("type") or "") * (
        math.log1p(sources)
        + config.citation_weight * math.log1p(len(cites))
        + config.burst_weight * burst(event, config.burst_days)
    )


def burst(event: dict[str, Any], days: int) -> float:
    """Share of the citing articles published from the event's date to ``days`` after it."""
    lo, hi = _day(event.get("date_lo")), _day(event.get("date_hi"))
    published = {c["article_id"]: _day(c.get("published")) for c in event.get("citations") or []}
    if lo is None or hi is None or not published:
        return 0.0
    end = hi + timedelta(days=days)
    return sum(1 for d in published.values() if d and lo <= d <= end) / len(published)


def sort_key(event: dict[str, Any]) -> tuple[Any, ...]:
    """Event date start (undated last), finer precision first, then the earliest report."""
    lo = event.get("date_lo")
    return (
        lo is None,
        lo or "",
        dates.RANK.get(event.get("date_precision") or "", 9),
        event.get("first_reported") or "",
        event.get("id") or "",
    )


def in_range(event: dict[str, Any], date_from: str | None, date_to: str | None) -> bool:
    """Whether the event's date interval overlaps the range; undated events never do."""
    if not date_from and not date_to:
        return True
    lo, hi = event.get("date_lo"), event.get("date_hi")
    if not lo or not hi:
        return False
    return dates.overlaps(str(hi), date_from, None) and dates.overlaps(str(lo), None, date_to)


def has_actor(event: dict[str, Any], needles: Sequence[str]) -> bool:
    if not needles:
        return True
    names = [a.casefold() for a in event.get("actors") or []]
    return any(n.casefold() in name for n in needles for name in names)


def event_types(event: dict[str, Any]) -> set[str]:
    return {t.casefold() for t in [event.get("type") or "", *(event.get("types") or {})]}


def _day(value: Any) -> date | None:
    return dates.day(str(value)) if value else None
