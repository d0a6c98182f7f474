"""Disagreements between the points of a figure series: conflicts, revisions and changes.

**What a figure allows.** A figure is read as the interval of true values its words allow:

- ``exact`` N: N itself; a round number from 1,000 up (trailing zeros) may be rounded, so it
  allows half its rounding step either side, at most ``ROUND_CAP`` of N (1,400 → 1,350-1,450;
  1,400 and 1,200 still clash);
- ``about`` N: N ± ``ABOUT_TOLERANCE`` (10 %) — "about 500,000" agrees with 460,000;
- ``nearly`` N: from N − ``NEARLY_TOLERANCE`` (10 %) up to N;
- ``more_than``/``at_least`` N: N and above ("more than 130" agrees with 133 and with 130: news
  rounds down, and "more than 1,400" next to "1,400" is a wording difference, not a clash);
- ``up_to``/``less_than`` N: zero to N ("up to 70" agrees with 70);
- a range N–M: N to M, its qualifier applied to the ends.

Two figures **agree** when their intervals meet. For telling real *change* over time, the open
ends are closed at a likely value (``likely_interval``: "more than 130" is 130 to 143, i.e. up to
a rounding step or ``LIKELY_OVER`` above), so "more than 130 held" is a change from 252 held.

**Same time.** Two points describe the same time when the days they describe overlap at the
same time scale: two days, or two months ("in April" is not "on April 29"); an undated
article's running count counts as a day when its inferred window is under a week. A year or a
wide window is too vague to compare (``series.same_time``).

**Kinds** (pairs of points of one comparable series, negotiating positions aside):

- ``conflict``: same time, values that do not agree, reported on the same day or in the same
  article (or when which came later is unknown);
- ``revision``: same time, values that do not agree, and the later report describes a day
  before it was published ("1,400 killed on October 7" reported in November, "1,200" in May):
  the later report changes an earlier day's value. A cumulative count (a toll) that goes
  *down* from one day to the next is a revision too: the earlier figure was corrected;
- ``change``: a running count at consecutive days with values that differ ("239 taken → 130+
  held → 59 held"); not a contradiction. An undated article's point takes its placed best
  guess day. Counts of a batch status (``batch_statuses``: "nine released on Wednesday") are
  per event, so consecutive ones are not a change.

Clashing pairs with the same two values and kind are reported once, with ``support``: how many
pairs of reports say the same thing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from .series import Point, Series, same_time, words

FindingKind = Literal["conflict", "revision", "change"]
KINDS: tuple[FindingKind, ...] = ("conflict", "revision", "change")

ABOUT_TOLERANCE = 0.10
NEARLY_TOLERANCE = 0.10
LIKELY_OVER = 0.10
ROUND_CAP = 0.05
ROUND_FROM = 1000

Interval = tuple[float, float]


# --------------------------------------------------------------------------- values


def rounding_step(v: float) -> float:
    """10 ** (trailing zeros of an integer value): 1,400 → 100, 130 → 10, 59 → 1."""
    if not float(v).is_integer() or v == 0:
        return 0.0
    n, step = int(abs(v)), 1
    while n % 10 == 0:
        n //= 10
        step *= 10
    return float(step)


def hard_interval(p: Point) -> Interval:
    """The true values the figure's words allow (see the module docstring)."""
    lo, hi = p.value, p.high if p.high is not None else p.value
    q = p.qualifier
    if q == "about":
        below = max(ABOUT_TOLERANCE * lo, rounding_step(lo) / 2)
        above = max(ABOUT_TOLERANCE * hi, rounding_step(hi) / 2)
        return lo - below, hi + above
    if q == "nearly":
        return lo * (1 - NEARLY_TOLERANCE), hi
    if q in ("more_than", "at_least"):
        return lo, math.inf
    if q in ("up_to", "less_than"):
        return 0.0, hi
    if hi >= ROUND_FROM:
        half = min(rounding_step(hi) / 2, ROUND_CAP * hi)
        return lo - min(rounding_step(lo) / 2, ROUND_CAP * lo), hi + half
    return lo, hi


def likely_interval(p: Point) -> Interval:
    """Like :func:`hard_interval` with the open ends closed at a likely value."""
    lo, hi = hard_interval(p)
    over = max(rounding_step(p.value), LIKELY_OVER * p.value)
    if math.isinf(hi):
        hi = (p.high or p.value) + over
    if p.qualifier in ("up_to", "less_than"):
        lo = max(0.0, p.value - over)
    return lo, hi


def agree(a: Interval, b: Interval) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


# --------------------------------------------------------------------------- time


def _later(a: Point, b: Point) -> tuple[Point, Point] | None:
    """(earlier, later) report when one was published strictly after the other (an undated
    one by its window, or by its placed best guess when its window starts on the other's
    day), else None."""
    ra, rb = a.reported, b.reported
    if ra is None or rb is None:
        return None
    if rb[0] > ra[1]:
        return a, b
    if ra[0] > rb[1]:
        return b, a
    # an undated report whose window starts on the other's day, placed later by the corpus
    if b.guess and rb[0] >= ra[1] and b.guess > ra[1]:
        return a, b
    if a.guess and ra[0] >= rb[1] and a.guess > rb[1]:
        return b, a
    return None


# --------------------------------------------------------------------------- findings


@dataclass(slots=True)
class Finding:
    kind: FindingKind
    series: Series
    a: Point
    b: Point
    explanation: str
    support: int = 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "series_id": self.series.id,
            "series": self.series.label,
            "explanation": self.explanation,
            "support": self.support,
            "a": self.a.as_dict(),
            "b": self.b.as_dict(),
        }


def _who(p: Point) -> str:
    c = p.citation
    when = c.published or (f"undated, {c.window[0]}..{c.window[1]}" if c.window else "undated")
    if not c.published and p.guess:
        when += f", placed ~{p.guess}"
    src = p.source or c.outlet or "no source named"
    return f"{src}, article {c.article_id[:8]} ({when})"


def _when(p: Point) -> str:
    if p.precision == "window":
        return f"~{p.guess}" if p.guess else f"{p.lo}..{p.hi}"
    return p.as_of or p.lo or "?"


def classify(series: Series, a: Point, b: Point) -> Finding | None:
    """The finding for two points of one series at the same time, or None (they agree, or
    one figure holds the other: "up to 10 of the 48 people")."""
    if a.article_id == b.article_id and _nested(a, b):
        return None
    if not agree(hard_interval(a), hard_interval(b)) and same_time(a, b):
        what = f"{series.label} as of {_when(a)}"
        if a.article_id == b.article_id:
            return Finding(
                "conflict",
                series,
                a,
                b,
                f"{what}: {a.shown()} and {b.shown()} in the same article ({_who(a)})",
            )
        order = _later(a, b)
        if order is not None:
            early, late = order
            if late.hi is not None and late.reported and late.hi < late.reported[0]:
                return Finding(
                    "revision",
                    series,
                    early,
                    late,
                    f"{what}: {early.shown()} ({_who(early)}) revised to {late.shown()} "
                    f"({_who(late)})",
                )
        return Finding(
            "conflict",
            series,
            a,
            b,
            f"{what}: {a.shown()} ({_who(a)}) vs {b.shown()} ({_who(b)})",
        )
    return None


def _nested(a: Point, b: Point) -> bool:
    return a.citation.start < b.citation.end and b.citation.start < a.citation.end


def series_findings(series: Series) -> list[Finding]:
    """Conflicts, revisions and changes among the points of one series."""
    if not series.comparable:
        return []
    out: list[Finding] = []
    if not series.position:
        out.extend(_same_time_findings(series))
    if not series.anchor:
        out.extend(_changes(series))
    return _merge(out)


def _same_time_findings(series: Series) -> Iterator[Finding]:
    points = sorted(
        (p for p in series.points if p.lo and p.hi and not p.derived_from),
        key=lambda p: (p.lo, p.hi),
    )
    for i, a in enumerate(points):
        for b in points[i + 1 :]:
            if b.lo > a.hi:  # type: ignore[operator]
                break
            found = classify(series, a, b)
            if found is not None:
                yield found


def _changes(series: Series) -> Iterator[Finding]:
    """Consecutive times of a running count whose likely values differ."""
    w = words()
    if series.status in set(w["batch_statuses"]):
        return
    slots: dict[str, list[Point]] = {}
    for p in series.points:
        if p.precision == "day" or (p.precision == "window" and p.guess):
            slots.setdefault(p.sort_day, []).append(p)
    trend = w["trends"].get(series.status or series.counted or "")
    reps = [_consensus(ps) for _, ps in sorted(slots.items())]
    for a, b in zip(reps, reps[1:], strict=False):
        if agree(likely_interval(a), likely_interval(b)):
            continue
        went = "up" if b.value > a.value else "down"
        if trend == "up" and went == "down" and not (a.derived_from or b.derived_from):
            yield Finding(
                "revision",
                series,
                a,
                b,
                f"{series.label}: a count that only grows went down from {a.shown()} "
                f"({_when(a)}, {_who(a)}) to {b.shown()} ({_when(b)}, {_who(b)}): "
                "the earlier figure was corrected",
            )
            continue
        start = f"{a.shown()} {a.status or ''}".strip() if a.derived_from else a.shown()
        yield Finding(
            "change",
            series,
            a,
            b,
            f"{series.label}: {start} ({_when(a)}) → {b.shown()} ({_when(b)}), {went}",
        )


def _consensus(points: list[Point]) -> Point:
    """The point most reports of one time agree with (ties: the first)."""
    best, score = points[0], -1
    for p in points:
        n = sum(agree(hard_interval(p), hard_interval(q)) for q in points)
        if n > score:
            best, score = p, n
    return best


def _merge(found: Iterable[Finding]) -> list[Finding]:
    """One finding per kind and pair of values, and per kind and pair of articles (1,400 and
    "more than 1,400" in one article against 1,200 in another is one revision); ``support``
    counts the repeats."""
    out: dict[tuple[Any, ...], Finding] = {}
    by_articles: dict[tuple[Any, ...], Finding] = {}
    for f in found:
        same_article = f.a.article_id == f.b.article_id
        pair = (f.kind, f.series.id, f.a.article_id, f.b.article_id)
        if not same_article and pair in by_articles:
            by_articles[pair].support += 1
            continue
        key = (f.kind, _vkey(f.a), _vkey(f.b), same_article)
        if key in out:
            out[key].support += 1
        else:
            out[key] = by_articles[pair] = f
    return list(out.values())


def _vkey(p: Point) -> tuple[Any, ...]:
    return (p.value, p.high, p.qualifier, p.lo, p.hi)


def find_conflicts(all_series: Iterable[Series], kind: str | None = None) -> list[Finding]:
    """Every finding of every series (``kind``: only conflicts, revisions or changes)."""
    out = []
    for s in all_series:
        out.extend(f for f in series_findings(s) if kind is None or f.kind == kind)
    order = {k: i for i, k in enumerate(KINDS)}
    out.sort(key=lambda f: (order[f.kind], f.series.id, f.a.sort_day, f.b.sort_day))
    return out
