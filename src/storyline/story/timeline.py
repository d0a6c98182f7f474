"""The timeline: story events ordered by when they happened, filtered, and cut to the key ones.

Order is by *event* date, precision-aware: an event dated "2026-04" sorts at the start of
April and shows as "2026-04" (never a made-up day), a week as "2026-W18"; at the same start a
finer date comes first. Events whose date only comes from the publication day say so in
``date_note``; undated events come last.

Key events: one importance model (:func:`news_importance`) for ``timeline --key``, the web
page's key events and ``summarize``'s dates::

    score = type_weight ** type_power × (sources + burst_weight × fresh)

``sources`` counts the independent sources reporting the happening (a reprint of a wire story
is one source; a source that only dates it by its publication day counts
``publication_weight``); ``fresh`` counts those of them with a report published from the
happening's date to ``burst_days`` after it: it made the news when it happened (scaled up
when the corpus ends inside that window, ``corpus_until``: a happening on the last day had one
day to make the news, and ranked ~20th on a war's last day without it). A look-back
("since the March 3 blast", an anniversary) cites the happening weeks later: it adds a source,
never freshness. ``type_weight`` comes from the lexicon ``story_events.json`` (deaths,
captures, releases and truces weigh more than statements about them): one signal, not the
model. An event its text dates that no source reported fresh is ``background`` (history the
articles recall). Events come in tiers (:func:`tier`): news the text dates to a day or a week;
then background, sidebars (``sidebar``: told without any of the story's own words) and events
dated only to a month or a year; then events dated only by the day
their reports were published (``date_origin`` "publication", marked so); last, an event told
by the same sentences as a better one (``repeats`` its id: an air strike that killed five is
an attack and casualties). The score never lets an event outrank one of a better tier (it is
lowered below them where needed), so ``key`` keeps the N best scored, spread over the
story's days (``key_cut``: an event near a key event's day counts less; shown in date order),
and ``min_score`` those above a score.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .. import dates
from ..errors import Messages, StorylineError
from .event_types import expand as expand_types
from .events import type_weight

TEXT_DATES = frozenset({"timex", "statement"})
"""Where a report's date comes from when its text gives it (``extract.events``)."""


@dataclass(frozen=True, slots=True)
class KeyConfig:
    """The knobs of the importance score (see the module doc)."""

    burst_weight: float = 0.5
    burst_days: int = 3
    publication_weight: float = 0.5
    type_power: float = 1.0
    same_day_share: float = 0.3
    spread: float = 0.3
    """The key cut's spread over days (``key_cut``): the share of its score an event keeps
    on a key event's day, and how far (a share of the span per key event) that reaches."""


@dataclass(frozen=True, slots=True)
class NewsReport:
    """One report of a happening, as importance sees it: its source (a near-duplicate group
    or an article id), when it was published, and whether its text dates the happening."""

    source: Hashable
    published: date | None
    from_text: bool = True


def news_importance(
    reports: Iterable[NewsReport],
    lo: date | None,
    hi: date | None,
    config: KeyConfig,
    weight: float = 1.0,
    until: date | None = None,
) -> float:
    """The importance of a happening dated ``lo``..``hi`` from its reports (module doc);
    ``until``: the corpus's last publication day."""
    sources, fresh = news_signals(reports, lo, hi, config, until)
    return weight**config.type_power * (sources + config.burst_weight * fresh)


def news_signals(
    reports: Iterable[NewsReport],
    lo: date | None,
    hi: date | None,
    config: KeyConfig,
    until: date | None = None,
) -> tuple[float, float]:
    """Independent sources, and those of them that reported it fresh (module doc). When
    the corpus ends (``until``, its last publication day) before the burst window does, the
    fresh reports are scaled up by the share of that window the corpus covers: a happening
    on the last day had one day to make the news, not ``burst_days`` more."""
    sources: dict[tuple[Hashable, bool], float] = {}
    fresh: dict[tuple[Hashable, bool], float] = {}
    end = hi + timedelta(days=config.burst_days) if hi else None
    for r in reports:
        # a source that dates it in its text and also reports it that day counts both
        value = 1.0 if r.from_text else config.publication_weight
        sources[(r.source, r.from_text)] = value
        if lo and end and r.published and lo <= r.published <= end:
            fresh[(r.source, r.from_text)] = value
    return sum(sources.values()), sum(fresh.values()) * window_scale(lo, end, until)


def window_scale(lo: date | None, end: date | None, until: date | None) -> float:
    """Days of the burst window ``lo``..``end`` over those of them up to ``until`` (1 when
    the corpus covers it all)."""
    if lo is None or end is None or until is None or until >= end:
        return 1.0
    covered = max(1, (until - lo).days + 1)
    return ((end - lo).days + 1) / covered


@dataclass(frozen=True, slots=True)
class Filters:
    """What a timeline keeps: an ISO date range (day, month or year, inclusive, overlapping
    the event's date), actors (substrings of an actor's name, any of them), types (any; a
    type, a stem or a family, ``story.event_types``)."""

    date_from: str | None = None
    date_to: str | None = None
    actors: tuple[str, ...] = ()
    types: tuple[str, ...] = ()

    def keeps(self, event: dict[str, Any]) -> bool:
        return (
            in_range(event, self.date_from, self.date_to)
            and has_actor(event, self.actors)
            and (not self.types or bool(self.covered_types() & event_types(event)))
        )

    def covered_types(self) -> frozenset[str]:
        return expand_types(self.types)


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
    kept = ranked([e for e in events if filters.keeps(e)], config)
    if min_score is not None:
        kept = [e for e in kept if e["score"] >= min_score]
    if key is not None:
        kept = key_cut(kept, key, config)
    return sorted(kept, key=sort_key)


def key_cut(events: list[dict[str, Any]], key: int, config: KeyConfig) -> list[dict[str, Any]]:
    """The ``key`` key events, best scored first, spread over the story's days: once a key
    event is chosen, an event ``t`` days from it keeps a share
    ``1 - (1 - same_day_share) × exp(-t / (spread × span / key))`` of its score (its day's
    share is ``same_day_share``). A journalist's timeline gives a date one entry and covers the
    story's span; without this, the burst days of a story (three days of a flu outbreak's
    spread, a war's first weeks) took most key events. Never across tiers: a worse tier
    (``rank_group``) is reached only once a better one is used up."""
    days = [fine_days(e) for e in events]
    dated = [d for d in days if d]
    span = (max(d[1] for d in dated) - min(d[0] for d in dated)).days + 1 if dated else 1
    scale = max(config.spread * span / key, 1e-9)
    heap = [
        (rank_group(e), -e["score"], -e.get("sources", 0), sort_key(e), 0, i)
        for i, e in enumerate(events)
    ]
    heapq.heapify(heap)
    chosen: list[dict[str, Any]] = []
    picked: list[tuple[date, date]] = []
    while heap and len(chosen) < key:
        group, _, sources, order, seen, i = heapq.heappop(heap)
        day = days[i]
        if day and seen < len(picked):  # key events were chosen since it was scored
            share = 1.0
            for d in picked:
                t = max(0, (day[0] - d[1]).days, (d[0] - day[1]).days)
                share *= 1 - (1 - config.same_day_share) * math.exp(-t / scale)
            heapq.heappush(
                heap, (group, -events[i]["score"] * share, sources, order, len(picked), i)
            )
            continue
        chosen.append(events[i])
        if day:
            picked.append(day)
    return chosen


def rank_group(event: dict[str, Any]) -> tuple[bool, int]:
    """The rank group ``ranked`` orders by: a repeat last, then by ``tier``."""
    return (event.get("repeats") is not None, tier(event))


def fine_days(event: dict[str, Any]) -> tuple[date, date] | None:
    """The first and last day of an event dated to a day or a week (``FINE``); a month or a
    year is too wide to crowd a day."""
    lo, hi = _day(event.get("date_lo")), _day(event.get("date_hi"))
    return (lo, hi) if lo and hi and event.get("date_precision") in FINE else None


def ranked(events: list[dict[str, Any]], config: KeyConfig) -> list[dict[str, Any]]:
    """The events with their ``score`` and ``background`` flag. The score is the importance,
    lowered where needed so that no event outranks one of a better tier (``tier``): one told
    by the same sentences as a better event (``repeats``) comes last of all."""
    rows = []
    for e in events:
        value, background = importance(e, config)
        rows.append((value, {**e, "background": background}))
    rows.sort(key=lambda r: (tier(r[1]), -r[0], -r[1].get("sources", 0), sort_key(r[1])))
    told: dict[tuple[str, Any], int] = {}
    for k, (_, e) in enumerate(rows):
        e["repeats"] = repeats(e, k, told, rows)
    rows.sort(key=lambda r: (r[1]["repeats"] is not None, tier(r[1]), -r[0]))
    out: list[dict[str, Any]] = []
    floor, level = float("inf"), None
    for value, e in rows:
        group = (e["repeats"] is not None, tier(e))
        if out and group != level:
            floor = min(o["score"] for o in out) - 0.001  # strictly below every better tier
        level = group
        e["score"] = round(max(0.0, min(value, floor)), 3)
        out.append(e)
    return out


def repeats(
    event: dict[str, Any],
    k: int,
    told: dict[tuple[str, Any], int],
    rows: list[tuple[float, dict[str, Any]]],
) -> str | None:
    """The id of a better-ranked event told by the same sentences (an air strike that killed
    five: an attack and casualties, one happening), else None; ``told`` indexes the
    sentences of the events kept so far."""
    mine = sentences_of(event)
    shared: dict[int, int] = {}
    for s in mine:
        if s in told:
            shared[told[s]] = shared.get(told[s], 0) + 1
    for j, n in shared.items():
        other = rows[j][1]
        if n >= SAME_TELLING * min(len(mine), len(sentences_of(other))):
            return str(other.get("id"))
    for s in mine:
        told.setdefault(s, k)
    return None


def importance(event: dict[str, Any], config: KeyConfig) -> tuple[float, bool]:
    """:func:`news_importance` of a story event from its citations, and whether it is
    background: its text dates it, yet no source reported it in the days after that date
    (history the articles recall)."""
    reports = [
        NewsReport(
            c.get("source", c["article_id"]),
            _day(c.get("published")),
            c.get("date_from") in TEXT_DATES or "date_from" not in c,
        )
        for c in event.get("citations") or []
    ]
    lo, hi = _day(event.get("date_lo")), _day(event.get("date_hi"))
    sources, fresh = news_signals(reports, lo, hi, config, _day(event.get("corpus_until")))
    weight = type_weight(event.get("type") or "") ** config.type_power
    return weight * (sources + config.burst_weight * fresh), text_dated(event) and not fresh


def text_dated(event: dict[str, Any]) -> bool:
    """Whether the text dates the event (not only its reports' publication days)."""
    return event.get("date_origin") in (None, "text")


SAME_TELLING = 0.3
"""Share of the sentences of the smaller of two events that, told by both, make them one."""


def sentences_of(event: dict[str, Any]) -> set[tuple[str, Any]]:
    return {
        (c["article_id"], c.get("sentence_start", c.get("start")))
        for c in event.get("citations") or []
    }


FINE = frozenset({"day", "weekend", "week"})
"""Precisions that say when a happening made the news (a month or a year does not)."""


def tier(event: dict[str, Any]) -> int:
    """0: news the text dates to a day or a week; 1: background, a sidebar about another
    story (``story.events``), or dated only to a month or a year; 2: dated only by the day
    its reports were published."""
    if not text_dated(event):
        return 2
    coarse = event.get("date_precision") not in FINE
    return 1 if event.get("background") or event.get("sidebar") or coarse else 0


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
