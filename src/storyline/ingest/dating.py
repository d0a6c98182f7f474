"""Publication dating: header, metadata and dateline candidates, conflicts, inferred windows.

Every article gets a :class:`~storyline.models.DateResolution`. A stated date (header >
metadata > dateline) becomes ``published``; every other stated date is kept as a candidate and a
disagreement sets ``conflict`` with an evidence line. With no stated date the article's own text
gives a window (earliest = the latest absolute date it reports in the past, latest = the earliest
date it announces as coming), and the caller's corpus window stands in when the text has no year.
Never silent: ``evidence`` always says where the answer came from, quoting text and offsets.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import parsedate_tz

from ..errors import Messages
from ..models import (
    CleanView,
    DateCandidate,
    Dateline,
    DateOrigin,
    DateResolution,
    Precision,
    RawDoc,
)
from ..registry import components
from ..textcues import is_future
from .textdates import TextDate, find_dates

PRIORITY: dict[DateOrigin, int] = {"header": 0, "metadata": 1, "dateline": 2, "inferred": 3}
"""Which stated date wins when several disagree: the reader-supplied header, then metadata."""

CONFIDENCE = {
    "agreed": 0.95,
    "single": 0.9,
    "near_conflict": 0.8,
    "conflict": 0.6,
    "dateline_year_from_text": 0.6,
    "dateline_year_from_corpus": 0.4,
    "text_window": 0.4,
    "text_floor": 0.3,
    "corpus_window": 0.2,
    "unknown": 0.0,
}
"""How much to trust each kind of answer; inferred windows stay in the brief's 0.2-0.4 band."""

NEAR_DAYS = 1
"""A gap this small is typical of a time-zone or next-morning dateline, not a wrong date."""

YEAR_FROM_TEXT = "year from the text"
YEAR_FROM_CORPUS = "year from the corpus window"
"""Note prefixes of a year-less dateline dated without a header or metadata date."""


# --------------------------------------------------------------------------- date values


def _span(value: str, precision: Precision) -> tuple[date, date]:
    """First and last calendar day of an ISO value at its precision."""
    parts = [int(p) for p in value.split("-")]
    if precision == "year":
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if precision == "month":
        last = calendar.monthrange(parts[0], parts[1])[1]
        return date(parts[0], parts[1], 1), date(parts[0], parts[1], last)
    d = date(parts[0], parts[1], parts[2])
    return d, d


def _iso(d: date, precision: Precision) -> str:
    return {"year": f"{d.year:04d}", "month": f"{d.year:04d}-{d.month:02d}"}.get(
        precision, d.isoformat()
    )


_ISO_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2}))?$")
_ISO_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ].*)?$")


def _parse_iso(value: str) -> tuple[str, Precision] | None:
    if m := _ISO_DAY.match(value):
        try:
            return date.fromisoformat(m.group(1)).isoformat(), "day"
        except ValueError:
            return None
    if m := _ISO_PARTIAL.match(value):
        year, month = int(m.group(1)), m.group(2)
        if month is None:
            return f"{year:04d}", "year"
        return (f"{year:04d}-{month}", "month") if 1 <= int(month) <= 12 else None
    return None


def _parse_rfc2822(value: str) -> tuple[str, Precision] | None:
    # The date as the sender wrote it (its own time zone), not converted to UTC.
    parts = parsedate_tz(value)
    if parts is None:
        return None
    try:
        return date(parts[0], parts[1], parts[2]).isoformat(), "day"
    except ValueError:
        return None


_TIME_OF_DAY = re.compile(
    r"\d{1,2}(?::\d{2}){0,2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{1,4}|[+-]\d{2}:?\d{2})?"
)
"""What may follow a written date in a metadata value: "8:56 am EDT", "08:56 +0200"."""


def _parse_words(value: str) -> tuple[str, Precision] | None:
    found = find_dates(value)
    if len(found) != 1 or found[0].iso is None or found[0].precision == "weekday":
        return None
    # Only when the mention is the whole value, bar a time of day after it.
    rest = (value[: found[0].start] + value[found[0].end :]).strip(" ,")
    if rest and not _TIME_OF_DAY.fullmatch(rest):
        return None
    return found[0].iso, found[0].precision


def _parse_dateutil(value: str) -> tuple[str, Precision] | None:
    try:
        from dateutil import parser
    except ImportError:  # an optional helper: the parsers above cover the usual forms
        return None
    # Two different defaults show which fields the string itself supplied.
    try:
        a = parser.parse(value, default=datetime(2000, 1, 1))
        b = parser.parse(value, default=datetime(2001, 2, 2))
    except (ValueError, OverflowError):
        return None
    if a.year != b.year:
        return None
    precision: Precision = "day" if a.day == b.day else "month" if a.month == b.month else "year"
    return _iso(a.date(), precision), precision


DATE_PARSERS: tuple[Callable[[str], tuple[str, Precision] | None], ...] = (
    _parse_iso,
    _parse_rfc2822,
    _parse_words,
    _parse_dateutil,
)
"""Tried in order on a metadata date; the first that reads it wins."""


def parse_date_value(value: str) -> tuple[str, Precision] | None:
    """ISO value and precision of a metadata date string, or None when unreadable.

    Reads ISO dates and timestamps ("2009-05-12", "2009-05-12T08:56:00Z", "2009-05"), RFC 2822
    ("Tue, 12 May 2009 08:56:00 GMT") and written dates ("May 12, 2009"); dateutil, when
    installed, reads the rest.
    """
    value = value.strip()
    if not value:
        return None
    for parse in DATE_PARSERS:
        if (found := parse(value)) is not None:
            return found
    return None


def nearest_year(month: int, day: int, anchor: date) -> date:
    """The date ``month``-``day`` in the year that puts it nearest ``anchor``.

    A year-less dateline sits next to its article's date: header 2025-12-31 + "January 1" is
    2026-01-01, header 2026-01-01 + "December 31" is 2025-12-31.
    """
    options = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        if day <= calendar.monthrange(year, month)[1]:
            options.append(date(year, month, day))
    return min(options, key=lambda d: (abs((d - anchor).days), d))


def _first_on_or_after(month: int, day: int, floor: date) -> date:
    year = floor.year
    while True:
        if day <= calendar.monthrange(year, month)[1] and (d := date(year, month, day)) >= floor:
            return d
        year += 1


# --------------------------------------------------------------------------- candidates


def header_candidate(doc: RawDoc) -> tuple[DateCandidate | None, list[str]]:
    """The reader's header date (the seed format's first line), as a day-precision candidate."""
    if not doc.header_date:
        return None, []
    parsed = _parse_iso(doc.header_date.strip())
    if parsed is None or parsed[1] != "day":
        return None, [f"header: {Messages.BAD_HEADER_DATE.format(value=doc.header_date)}"]
    pos = doc.text.find(doc.header_date, 0, max(doc.body_start, len(doc.header_date)))
    start, end = (pos, pos + len(doc.header_date)) if pos >= 0 else (None, None)
    cand = DateCandidate("header", parsed[0], "day", doc.header_date, start, end, "header line")
    return cand, []


PLAUSIBLE_YEARS = range(1700, 2200)
"""Publication years a metadata date may name: ``0001-01-01`` is a placeholder, not news."""


def metadata_date_problem(raw: str, field: str) -> str | None:
    """Why the metadata date ``raw`` (from ``field``) cannot be a publication date, or None."""
    parsed = parse_date_value(raw)
    if parsed is None:
        return Messages.BAD_META_DATE.format(value=raw, field=field)
    if int(parsed[0][:4]) not in PLAUSIBLE_YEARS:
        lo, hi = PLAUSIBLE_YEARS[0], PLAUSIBLE_YEARS[-1]
        return Messages.IMPLAUSIBLE_DATE.format(value=raw, field=field, lo=lo, hi=hi)
    return None


def metadata_candidate(doc: RawDoc) -> tuple[DateCandidate | None, list[str]]:
    """The date a reader found in the document's fields (``meta["date"]``)."""
    raw = doc.meta.get("date")
    if raw is None or not raw.strip():
        return None, []
    field = doc.meta.get("date_field", "date")
    problem = metadata_date_problem(raw, field)
    parsed = parse_date_value(raw)
    if problem is not None or parsed is None:
        return None, [f"metadata: {problem}"]
    cand = DateCandidate("metadata", parsed[0], parsed[1], raw, None, None, f"field {field!r}")
    return cand, []


STATED_SOURCES: tuple[Callable[[RawDoc], tuple[DateCandidate | None, list[str]]], ...] = (
    header_candidate,
    metadata_candidate,
)
"""Candidates that need nothing but the document; the dateline is read after them."""


@dataclass(frozen=True, slots=True)
class _Located:
    """A text date with its raw span and whether its context announces it as coming."""

    when: TextDate
    start: int
    end: int
    quote: str
    future: bool


def dateline_candidate(
    doc: RawDoc,
    dateline: Dateline | None,
    anchor: DateCandidate | None,
    text_floor: _Located | None,
    corpus_window: tuple[str, str] | None,
) -> tuple[DateCandidate | None, list[str]]:
    """The dateline's date; a year-less one takes its year from the best anchor available."""
    if dateline is None or dateline.month is None:
        return None, []
    start, end = _dateline_date_span(doc, dateline)
    text = doc.text[start:end]
    where = f"{text!r} at {start}"
    year: int | None = getattr(dateline, "year", None)
    month, day = dateline.month, dateline.day
    if day is None and year is None:
        return None, [f"dateline {where} names a month without a year; not used"]
    precision: Precision
    if day is None:
        value, precision, note = f"{year:04d}-{month:02d}", "month", "dateline"
    elif year is not None:
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            return None, [f"dateline {where} is not a calendar date; not used"]
        value, precision, note = date(year, month, day).isoformat(), "day", "dateline"
    else:
        found, note = _dateline_year(month, day, anchor, text_floor, corpus_window)
        if found is None:
            return None, [f"dateline {where} has no year and {note}; not used"]
        value, precision = found.isoformat(), "day"
    return DateCandidate("dateline", value, precision, text, start, end, note), []


def _dateline_date_span(doc: RawDoc, dateline: Dateline) -> tuple[int, int]:
    """Raw span of the dateline's date ("April 17"), or of the whole dateline when not found."""
    if dateline.date_text:
        pos = doc.text.find(dateline.date_text, dateline.start, dateline.end)
        if pos >= 0:
            return pos, pos + len(dateline.date_text)
    return dateline.start, dateline.end


def _dateline_year(
    month: int,
    day: int,
    anchor: DateCandidate | None,
    text_floor: _Located | None,
    corpus_window: tuple[str, str] | None,
) -> tuple[date | None, str]:
    if anchor is not None:
        first, last = _span(anchor.value, anchor.precision)
        mid = first + (last - first) / 2
        note = f"year nearest the {anchor.origin} date {anchor.value}"
        return nearest_year(month, day, mid), note
    if text_floor is not None:
        floor = text_floor.when.first_day()
        assert floor is not None  # text floors always carry a year
        value = _first_on_or_after(month, day, floor)
        return value, (
            f"{YEAR_FROM_TEXT}: first on or after {floor.isoformat()} ({text_floor.quote})"
        )
    if corpus_window is not None:
        lo, hi = date.fromisoformat(corpus_window[0]), date.fromisoformat(corpus_window[1])
        fits = [
            date(y, month, day)
            for y in range(lo.year, hi.year + 1)
            if day <= calendar.monthrange(y, month)[1] and lo <= date(y, month, day) <= hi
        ]
        if len(fits) == 1:
            return fits[0], f"{YEAR_FROM_CORPUS} {corpus_window[0]}..{corpus_window[1]}"
        return None, (
            f"{len(fits)} years of the corpus window {corpus_window[0]}..{corpus_window[1]} fit it"
        )
    return None, "neither header, metadata, text nor corpus gives one"


# --------------------------------------------------------------------------- text evidence


def locate_dates(doc: RawDoc, clean: CleanView, skip: tuple[int, int] | None) -> list[_Located]:
    """Date mentions of the clean text with raw spans; ``skip`` drops the dateline's own span."""
    out = []
    for when in find_dates(clean.text):
        start, end = clean.offsets.span_to_raw(when.start, when.end)
        if skip is not None and start < skip[1] and skip[0] < end:
            continue
        quote = f"{doc.text[start:end]!r} at {start}"
        out.append(_Located(when, start, end, quote, is_future(clean.text, when.start)))
    return out


def text_floor(found: Iterable[_Located]) -> _Located | None:
    """The latest full date the text reports as past: the article is on or after it.

    Month and year mentions ("in 2013", "by April 2012") count only when the text has no full
    date: they are far more often targets and forecasts than reports.
    """
    past = [f for f in found if not f.future and f.when.year is not None]
    dated = [f for f in past if f.when.is_full] or past
    return max(dated, key=lambda f: (f.when.first_day(), f.start), default=None)


def text_ceiling(found: Iterable[_Located], floor: date | None) -> _Located | None:
    """The earliest full date announced as coming: the article was written on or before it."""
    ahead = [f for f in found if f.future and f.when.is_full]
    ahead = [f for f in ahead if floor is None or (f.when.first_day() or floor) >= floor]
    return min(ahead, key=lambda f: (f.when.first_day(), f.start), default=None)


def _weekday_lines(found: Iterable[_Located], floor: date | None) -> list[str]:
    lines = []
    for f in found:
        if f.when.precision != "weekday" or f.future or f.when.weekday is None:
            continue
        name = calendar.day_name[f.when.weekday]
        line = f"weekday {f.quote}: published on a {name} or within 6 days after one"
        if floor is not None:
            first = floor + timedelta(days=(f.when.weekday - floor.weekday()) % 7)
            line += (
                f"; if written within a week of its latest dated event, that {name} is "
                f"{first.isoformat()}"
            )
        lines.append(line)
    return lines


def _monthday_lines(found: Iterable[_Located]) -> list[str]:
    return [
        f"month-day without year {f.quote}: "
        + ("announced as coming" if f.future else "a past event; published after it")
        for f in found
        if f.when.precision == "day" and f.when.year is None
    ]


def _ignored_lines(found: Iterable[_Located]) -> list[str]:
    return [f"ignored {f.quote}: future context" for f in found if f.future and f.when.is_full]


# --------------------------------------------------------------------------- resolution


def _compare(chosen: DateCandidate, other: DateCandidate) -> tuple[bool, str]:
    """Whether ``other`` agrees with ``chosen`` (at the coarser precision), and a line saying so."""
    a_first, a_last = _span(chosen.value, chosen.precision)
    b_first, b_last = _span(other.value, other.precision)
    where = _quote_candidate(other)
    if a_first <= b_last and b_first <= a_last:
        return True, f"{other.origin} {other.value} ({where}) agrees with {chosen.origin}"
    gap = (b_first - a_last).days if b_first > a_last else (a_first - b_last).days
    unit = "day" if gap == 1 else "days"
    why = (
        "typical of a time-zone or next-morning dateline"
        if gap <= NEAR_DAYS
        else "check which one is right"
    )
    return False, (
        f"conflict: {chosen.origin} {chosen.value} vs {other.origin} {other.value} "
        f"({where}), {gap} {unit} apart ({why}); kept {chosen.origin}"
    )


def _quote_candidate(c: DateCandidate) -> str:
    shown = f"{c.text!r}" if c.text is not None else repr(c.value)
    at = f" at {c.start}" if c.start is not None else ""
    note = f", {c.note}" if c.note else ""
    return f"{shown}{at}{note}"


def _stated(
    candidates: list[DateCandidate], evidence: list[str], found: list[_Located]
) -> DateResolution:
    chosen = min(candidates, key=lambda c: PRIORITY[c.origin])
    evidence.insert(
        0, f"published {chosen.value} from the {chosen.origin} ({_quote_candidate(chosen)})"
    )
    conflict, gaps = False, []
    for other in candidates:
        if other is chosen:
            continue
        agrees, line = _compare(chosen, other)
        evidence.append(line)
        if not agrees:
            conflict = True
            first, last = _span(chosen.value, chosen.precision)
            o_first, o_last = _span(other.value, other.precision)
            gaps.append(max((o_first - last).days, (first - o_last).days))
    first, last = _span(chosen.value, chosen.precision)
    evidence.extend(_later_mentions(found, last))
    if conflict:
        kind = "near_conflict" if max(gaps) <= NEAR_DAYS else "conflict"
    else:
        kind = "agreed" if len(candidates) > 1 else "single"
    if chosen.origin == "dateline" and (chosen.note or "").startswith(YEAR_FROM_TEXT):
        kind = "dateline_year_from_text"
    elif chosen.origin == "dateline" and (chosen.note or "").startswith(YEAR_FROM_CORPUS):
        kind = "dateline_year_from_corpus"
    return DateResolution(
        published=chosen.value,
        origin=chosen.origin,
        precision=chosen.precision,
        earliest=first.isoformat(),
        latest=last.isoformat(),
        conflict=conflict,
        candidates=candidates,
        evidence=evidence,
        confidence=CONFIDENCE[kind],
    )


def _later_mentions(found: Iterable[_Located], last: date) -> list[str]:
    """Past-context dates after the publication date: a wrong date, or a missed future cue."""
    return [
        f"warning: the text reports {f.quote} as past, after the publication date"
        for f in found
        if not f.future and f.when.year is not None and (f.when.first_day() or last) > last
    ]


def _inferred(
    found: list[_Located],
    evidence: list[str],
    candidates: list[DateCandidate],
    corpus_window: tuple[str, str] | None,
) -> DateResolution:
    floor = text_floor(found)
    floor_day = floor.when.first_day() if floor is not None else None
    ceiling = text_ceiling(found, floor_day)
    earliest = latest = None
    if floor is not None and floor_day is not None:
        earliest = floor_day.isoformat()
        evidence.append(
            f"earliest {earliest}: the latest date the text reports as past ({floor.quote})"
        )
        kind = "text_floor"
        if ceiling is not None and (c := ceiling.when.first_day()) is not None:
            latest = c.isoformat()
            evidence.append(f"latest {latest}: the text announces {ceiling.quote} as coming")
            kind = "text_window"
        if corpus_window is not None:
            evidence.append(
                f"corpus window {corpus_window[0]}..{corpus_window[1]} not used: "
                "the text gives its own bound"
            )
    elif corpus_window is not None:
        earliest, latest = corpus_window
        evidence.append(
            f"the text names no year: window {earliest}..{latest} is the span of "
            "the dated articles in the corpus (low confidence)"
        )
        kind = "corpus_window"
    else:
        evidence.append(
            "the text names no year and no corpus window was given: the publication date is unknown"
        )
        kind = "unknown"
    evidence.extend(_weekday_lines(found, floor_day))
    evidence.extend(_monthday_lines(found))
    evidence.extend(_ignored_lines(found))
    published = earliest if earliest is not None and earliest == latest else None
    return DateResolution(
        published=published,
        origin="inferred" if kind != "unknown" else None,
        precision="day" if published is not None else None,
        earliest=earliest,
        latest=latest,
        conflict=False,
        candidates=candidates,
        evidence=evidence,
        confidence=CONFIDENCE[kind],
    )


@components.register("storyline.date_resolver.v1")
def resolve_dates(
    doc: RawDoc,
    clean: CleanView,
    dateline: Dateline | None,
    *,
    corpus_window: tuple[str, str] | None = None,
) -> DateResolution:
    """Date one article from its header, metadata, dateline and text, with the evidence.

    ``corpus_window`` is (earliest, latest) publication date of the dated articles in the same
    store; it only bounds an article whose text names no year. All offsets are raw offsets.
    """
    candidates: list[DateCandidate] = []
    evidence: list[str] = []
    for source in STATED_SOURCES:
        cand, lines = source(doc)
        evidence.extend(lines)
        if cand is not None:
            candidates.append(cand)
    skip = (dateline.start, dateline.end) if dateline is not None else None
    found = locate_dates(doc, clean, skip)
    anchor = min(candidates, key=lambda c: PRIORITY[c.origin], default=None)
    floor = text_floor(found) if anchor is None else None
    cand, lines = dateline_candidate(doc, dateline, anchor, floor, corpus_window)
    evidence.extend(lines)
    if cand is not None:
        candidates.append(cand)
    if candidates:
        return _stated(candidates, evidence, found)
    evidence.insert(0, "no header, metadata or dateline date: window inferred from the text")
    return _inferred(found, evidence, candidates, corpus_window)
