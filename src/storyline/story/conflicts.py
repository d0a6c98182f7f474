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

Only **asserted** figures are compared (a quoted guess is a point of its series, not a value
to clash with); a series is one frame (``story.series``), so both figures measure the same
counted thing, state, unit, population, place and kind of period (and, for a dated count, the
same date). Clashing pairs with the same two values and kind are reported once, with
``support``: how many pairs of reports say the same thing.

**Confidence.** Each finding carries a ``confidence`` (0-1) and its ``reasons``: why the two
figures are the same quantity and how sure the reading is. It starts at ``BASE`` and moves with
the evidence (``weights()``: ``confidence_weights`` in ``lexicons/series.json``): a stated
status, a period and a place read from the figures' own words, a date stated by the text,
named sources, exact values, repeated reports raise it; an inferred period, a running total
that no words call one (``period_default``: "84 killed in Benghazi"), a sentence that names
another day or event the figure is not tied to (``other_time``: maybe a count of that), a
suspected or possible status, two figures of one sentence (``same_sentence``: a writer does not
contradict a figure in its own sentence), a place only the article names, no source, qualified
values, values so far apart that they are more likely two scopes than one quantity, a modality
that was never read, a same-day clash of running counts dated only by publication (``lag``: a
day-old report, not a dispute), a figure told among another story's news (``off_story``), a
placeless count quoted in the first person (``speaker_scope``: a hospital's own count) lower it.
``CONFIDENT`` (0.6) is the default threshold of the CLI, the web
app and the exports: at 0.6 a finding needs at least two pieces of evidence beyond the frame
itself, or one without a doubt against it; findings below are shown with ``--all``
(``all=true``). The threshold is set for precision: a fact-checker should be able to trust
every default finding, and the hand-judged samples of real topics put the wrong findings under
it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from ..lexicons import load_json
from .series import Point, Series, days_between, same_time, words

FindingKind = Literal["conflict", "revision", "change"]
KINDS: tuple[FindingKind, ...] = ("conflict", "revision", "change")

ABOUT_TOLERANCE = 0.10
NEARLY_TOLERANCE = 0.10
LIKELY_OVER = 0.10
ROUND_CAP = 0.05
ROUND_FROM = 1000

RUNNING_PERIODS = ("stock", "cumulative")
"""Counts read at a time that move between reports (a stock, a running total)."""
BASE = 0.5
CONFIDENT = 0.6
"""Default threshold: findings under it are shown only with ``--all`` (see the module doc)."""
FAR_APART = 3.0
"""Values this many times apart are more likely two scopes (a town, a country) than one."""


def weights() -> dict[str, float]:
    """How each piece of evidence moves a finding's confidence (``confidence_weights`` in
    ``lexicons/series.json``)."""
    return {k: float(v) for k, v in words()["confidence_weights"].items()}


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
    confidence: float = 0.0
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "series_id": self.series.id,
            "series": self.series.label,
            "explanation": self.explanation,
            "support": self.support,
            "confidence": self.confidence,
            "reasons": self.reasons,
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
        (p for p in series.points if p.lo and p.hi and not p.derived_from and asserted(p)),
        key=lambda p: (p.lo, p.hi),
    )
    for i, a in enumerate(points):
        for b in points[i + 1 :]:
            if (b.lo or "") > (a.hi or ""):  # both set: the filter above keeps dated points
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
        if not asserted(p):
            continue
        if p.precision == "day" or (p.precision == "window" and p.guess):
            slots.setdefault(p.sort_day, []).append(p)
    trend = w["trends"].get(series.status or series.counted or "")
    reps = [_consensus(ps) for _, ps in sorted(slots.items())]
    for a, b in zip(reps, reps[1:], strict=False):
        if agree(likely_interval(a), likely_interval(b)):
            continue
        went = "up" if b.value > a.value else "down"
        if trend == "up" and went == "down" and not (a.derived_from or b.derived_from):
            if agree(hard_interval(a), hard_interval(b)):
                continue  # "up to 149" then "scores": the words allow no fall
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
    for f in out.values():
        f.confidence, f.reasons = assess(f)
    return list(out.values())


# --------------------------------------------------------------------------- confidence


def assess(f: Finding) -> tuple[float, list[str]]:
    """(confidence, reasons) of a finding: why its two figures are one quantity, and how sure
    the reading is (see the module doc; ``WEIGHTS``)."""
    s, a, b = f.series, f.a, f.b
    w = weights()
    score, reasons = BASE, [f"same frame: {s.label}"]

    def add(weight: str | None, reason: str) -> None:
        nonlocal score
        score += w[weight] if weight else 0.0
        reasons.append(reason)

    if s.status:
        add("status", f"both state what happened: {s.status.replace('_', ' ')}")
    else:
        add("no_status", "no status stated: what is counted is less certain")
    _period_reasons(s, a, b, add)
    _certainty_reasons(a, b, add)
    _place_reasons(s, a, b, add)
    off = [p.shown() for p in (a, b) if p.off_story]
    if off:
        # a roundup's sidebar ("in Syria, 1,700 civilians killed") in another story's series
        told = " and ".join(off)
        add("off_story", f"{told} told among another story's news (none of its words around)")
    _time_reasons(f, add)
    _source_reasons(f, add)
    if a.qualifier == "exact" and b.qualifier == "exact":
        add("exact", "both exact values")
    elif f.kind != "change":  # a change is told on likely values already
        add("qualified", f"qualified value: {a.shown()} vs {b.shown()}")
    ratio = _ratio(a, b)
    # a count may well triple over weeks, hardly grow tenfold from one report to the next
    if ratio >= (FAR_APART if f.kind != "change" else FAR_APART**2):
        add("far_apart", f"values {ratio:.0f}× apart: maybe two scopes, not one quantity")
    if f.kind == "revision" and not same_time(a, b):
        add("trend_only", "different days: told only by a count that cannot fall")
    if f.support > 1:
        add("support", f"{f.support} pairs of reports say the same")
    if not (a.modality_read and b.modality_read):
        add("modality_unread", "modality not read (stored before it was): taken as asserted")
    else:
        add(None, "both asserted")
    return round(min(1.0, max(0.0, score)), 2), reasons


Add = Callable[[str | None, str], None]
"""Adds a reason, with the weight of its evidence (None: said, not weighed)."""


def _period_reasons(s: Series, a: Point, b: Point, add: Add) -> None:
    if a.period_from == "text" and b.period_from == "text":
        cues = [p.period_cue for p in (a, b) if p.period_cue]
        told = f" ({', '.join(dict.fromkeys(cues))})" if cues else ""
        add("period_read", f"both read as {s.period or 'the same kind of'} counts{told}")
    elif s.period:
        add(None, f"period ({s.period}) inferred from how the dates were found")
    running = s.period == "cumulative"  # a stock is a state at a time by nature
    for p in (a, b):
        if p.cue_read and p.period_cue is None and running:
            # "84 killed in Benghazi": a running total only because nothing says otherwise
            add("period_default", f"no words say {p.shown()} is {s.period or 'a total'}")
    if any(p.other_time for p in (a, b)) and running:
        add("other_time", "a sentence names another day or event: maybe a count of that")


def _certainty_reasons(a: Point, b: Point, add: Add) -> None:
    sure = set(words()["sure_statuses"])
    doubt = sorted({p.certainty for p in (a, b) if p.certainty and p.certainty not in sure})
    if doubt:
        add("uncertain_status", f"{' and '.join(doubt)} counts, not established ones")
    elif a.certainty and a.certainty == b.certainty:
        add(None, f"both {a.certainty} counts")


def _place_reasons(s: Series, a: Point, b: Point, add: Add) -> None:
    if not s.place:
        add("no_place", "no place named with either figure: same scope assumed")
        for p in (a, b):
            if _own_count(p):
                # "'We have counted 30 dead,' said a doctor": a hospital's or a town's count
                add("speaker_scope", f"{p.shown()} is a speaker's own count: its scope is theirs")
    elif a.place_from == "text" and b.place_from == "text":
        add("place_read", f"both figures' words name {s.place}")
    elif "article" in (a.place_from, b.place_from):
        add("place_from_article", f"{s.place} named by the article, not with the figure")
    else:
        add("place_from_sentence", f"{s.place} named in the sentence, not tied to the figure")


def _time_reasons(f: Finding, add: Add) -> None:
    a, b = f.a, f.b
    if f.kind == "change":
        add(None, f"different days: {_when(a)} → {_when(b)}")
        return
    one_sentence = a.citation.sentence is not None and a.citation.sentence == b.citation.sentence
    if a.article_id == b.article_id and one_sentence:
        # a writer does not contradict a figure in its own sentence: two scopes or events
        add("same_sentence", "both in one sentence: two things counted, not one told twice")
        return
    if a.article_id == b.article_id:
        add("same_article", "same article, same time")
        return
    stated = ("timex", "event")
    if a.as_of_from in stated and b.as_of_from in stated:
        add("dated_by_text", f"both dated by the text: {_when(a)}")
    else:
        add(None, f"same time: {_when(a)} (by publication day)")
        disputed = a.source and b.source and a.source != b.source
        if f.kind == "conflict" and f.series.period in RUNNING_PERIODS and not disputed:
            # a running count dated only by its report's day may be a day old: a lag; two
            # named sources that differ the same day are a dispute ("rescuers say 41, the
            # operator 37")
            add("lag", "a running count dated by publication only: maybe a lag, not a dispute")
    ra, rb = a.reported, b.reported
    if ra and rb and f.kind == "revision":
        add(None, f"reported {days_apart(ra[0], rb[0])} days apart")


def _source_reasons(f: Finding, add: Add) -> None:
    sa, sb = f.a.source, f.b.source
    if f.a.derived_from:
        add(None, f"starts at the count of the event that filled it ({f.a.derived_from})")
    elif not (sa and sb):
        add("no_source", "no source named for " + ("either" if not (sa or sb) else "one"))
    elif sa == sb:
        if f.kind == "revision":
            add("same_source_revises", f"the same source revises itself: {sa}")
        else:
            add(None, f"same source: {sa}")
    else:
        add("sources", f"different sources: {sa} vs {sb}")


def _own_count(p: Point) -> bool:
    """Whether the figure's sentence is a quote in the first person ("We have counted 30")."""
    text = p.citation.sentence or ""
    lex = load_json("frames.json")
    said = set(re.findall(r"[a-z']+", text.lower()))
    return bool(said & set(lex["first_person"])) and any(q in text for q in lex["quote_marks"])


def _ratio(a: Point, b: Point) -> float:
    """How many times apart the two values are (1 when their intervals meet)."""
    (a0, a1), (b0, b1) = hard_interval(a), hard_interval(b)
    lo, hi = (a1, b0) if a1 < b0 else (b1, a0)
    if lo <= 0 or math.isinf(hi) or hi <= lo:
        return 1.0
    return hi / lo


def days_apart(a: str, b: str) -> int:
    return abs(days_between(a, b))


def _vkey(p: Point) -> tuple[Any, ...]:
    return (p.value, p.high, p.qualifier, p.lo, p.hi)


def asserted(p: Point) -> bool:
    return p.modality == "asserted"


def find_conflicts(
    all_series: Iterable[Series],
    kind: str | None = None,
    *,
    min_confidence: float | None = CONFIDENT,
) -> list[Finding]:
    """The findings of every series at or above ``min_confidence`` (None: all of them);
    ``kind``: only conflicts, revisions or changes."""
    out = []
    for s in all_series:
        for f in series_findings(s):
            if kind is not None and f.kind != kind:
                continue
            if min_confidence is None or f.confidence >= min_confidence:
                out.append(f)
    order = {k: i for i, k in enumerate(KINDS)}
    out.sort(key=lambda f: (order[f.kind], f.series.id, f.a.sort_day, f.b.sort_day))
    return out
