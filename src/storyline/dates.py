"""One calendar value type for the whole project: parsing, intervals, overlap, sort keys.

Every date storyline stores or is asked about is an ISO-8601 / TIMEX3 calendar value of some
precision: a day (``2025-04-17``; a time ``2025-04-17T14:00`` or ``2025-04-17 14:00:00`` counts
as its day), an ISO week (``2025-W16``) or its weekend (``2025-W16-WE``), a month (``2025-04``), a
quarter (``2025-Q2``), a half (``2025-H1``), a meteorological season (``2025-SU``; winter runs
December to February), a year (``2025``), a decade (``202``) or a century (``20``). A value may
lack its year (``XXXX-10-07``): it has a month and day but no interval, so it is outside every
date range.

:func:`parse` is strict (a ``DateError`` says what was expected); :func:`try_parse` returns None
for anything that is not a calendar value (``PRESENT_REF``, durations, garbage). Filters use
:func:`overlaps`, sorting uses :func:`sort_key`, so that a week or a season is treated the same
way by the facade, the CLI, the web app and the story layer.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from .errors import Messages, StorylineError

Precision = Literal[
    "day", "week", "weekend", "month", "quarter", "half", "season", "year", "decade", "century"
]

EXPECTED = Messages.DATE_EXPECTED
NO_DATE = "9999"
"""Sort key of a value that cannot be placed in time: after every real date."""
RANK: dict[str, int] = {
    "day": 0,
    "weekend": 1,
    "week": 2,
    "month": 3,
    "quarter": 4,
    "season": 4,
    "half": 5,
    "year": 6,
    "decade": 7,
    "century": 8,
}
"""Precisions from the finest: sorts "finer first" and tells whether one may be cut to another."""

# a time counts as its day: after "T" (ISO) or a space (SQL timestamps: "2025-04-17 14:30:00")
_TIME = r"(?:T[\w:.+-]*| \d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?"
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}

_PATTERNS: tuple[tuple[Precision, re.Pattern[str]], ...] = (
    ("day", re.compile(r"(?P<y>\d{4}|XXXX)-(?P<m>\d{2})-(?P<d>\d{2})" + _TIME)),
    ("weekend", re.compile(r"(?P<y>\d{4})-W(?P<w>\d{2})-WE")),
    ("day", re.compile(r"(?P<y>\d{4})-W(?P<w>\d{2})-(?P<wd>[1-7])")),
    ("week", re.compile(r"(?P<y>\d{4})-W(?P<w>\d{2})")),
    ("month", re.compile(r"(?P<y>\d{4}|XXXX)-(?P<m>\d{2})")),
    ("quarter", re.compile(r"(?P<y>\d{4})-Q(?P<q>[1-4])")),
    ("half", re.compile(r"(?P<y>\d{4})-H(?P<h>[12])")),
    ("season", re.compile(r"(?P<y>\d{4})-(?P<s>SP|SU|FA|WI)")),
    ("year", re.compile(r"(?P<y>\d{4})")),
    ("decade", re.compile(r"(?P<dec>\d{3})")),
    ("century", re.compile(r"(?P<cen>\d{2})")),
)


class DateError(StorylineError, ValueError):
    """A text that is not a calendar value (or names a day the calendar lacks): bad user
    input wherever it arrives (a ``ValueError`` too, so parsers and the web treat it so)."""

    def __init__(self, text: object, why: str = EXPECTED) -> None:
        self.text = text
        self.why = why
        super().__init__(Messages.BAD_DATE.format(text=text, why=why))


@dataclass(frozen=True, slots=True)
class DateValue:
    """A calendar value with the interval of days it covers (None when its year is unknown)."""

    value: str
    precision: Precision
    first: date | None
    last: date | None
    month: int | None = None
    day: int | None = None

    @property
    def known(self) -> bool:
        """Whether the value has an interval (its year is known)."""
        return self.first is not None

    @property
    def month_day(self) -> str | None:
        """'10-07' of a day value with or without its year."""
        if self.precision != "day" or self.month is None or self.day is None:
            return None
        return f"{self.month:02d}-{self.day:02d}"

    def overlaps(self, other: DateValue) -> bool:
        """Whether the two intervals share a day; a value without a year overlaps nothing."""
        if self.first is None or self.last is None or other.first is None or other.last is None:
            return False
        return self.first <= other.last and other.first <= self.last

    def __str__(self) -> str:
        return self.value


def parse(text: str) -> DateValue:
    """The calendar value ``text`` names; ``DateError`` when it names none (or a day the
    calendar lacks, such as ``2025-02-30`` or ``2025-13``)."""
    if not isinstance(text, str):
        raise DateError(text)
    value = text.strip()
    for precision, pattern in _PATTERNS:
        if m := pattern.fullmatch(value):
            return _build(value, precision, m)
    raise DateError(text)


def try_parse(text: str | None) -> DateValue | None:
    """:func:`parse`, or None for an empty or non-calendar value."""
    if not text:
        return None
    try:
        return parse(text)
    except DateError:
        return None


def parse_bound(text: str) -> DateValue:
    """A range bound a user typed (``--from``/``--to``, ``?from=``): a calendar value with a
    known year and at least year precision; ``DateError`` otherwise."""
    v = parse(text)
    if v.first is None or v.precision in ("decade", "century"):
        raise DateError(text)
    return v


def interval(text: str | None) -> tuple[date, date] | None:
    """First and last day ``text`` covers; None when it has no interval."""
    v = try_parse(text)
    if v is None or v.first is None or v.last is None:
        return None
    return v.first, v.last


def day_bounds(text: str) -> tuple[str, str]:
    """First and last ISO day of a calendar value (strict: ``DateError`` otherwise)."""
    v = parse(text)
    if v.first is None or v.last is None:
        raise DateError(text, Messages.DATE_NO_YEAR)
    return v.first.isoformat(), v.last.isoformat()


def overlaps(value: str | None, date_from: str | None, date_to: str | None) -> bool:
    """Whether ``value`` (any precision) overlaps the inclusive range ``[date_from, date_to]``
    (each bound any precision: ``--to 2025-04`` runs to April 30). No range keeps everything;
    a value with no interval (undated, year unknown, not a date) is outside any range."""
    if not date_from and not date_to:
        return True
    span = interval(value)
    if span is None:
        return False
    lo = parse(date_from).first if date_from else None
    hi = parse(date_to).last if date_to else None
    return (lo is None or span[1] >= lo) and (hi is None or span[0] <= hi)


def sort_key(text: str | None) -> str:
    """A chronological sort key: the first ISO day of the value, ``"9999"`` when it has none."""
    span = interval(text)
    return span[0].isoformat() if span else NO_DATE


_SEASON_NAMES = {"SP": "spring", "SU": "summer", "FA": "autumn", "AU": "autumn", "WI": "winter"}


def label(text: str | None) -> str:
    """The value as a reader says it: '2 March 2026', 'March 2026', 'week of 2 March 2026',
    'weekend of 7 March 2026', 'April–June 2026', 'first half of 2026', '2026', 'the 2020s';
    a value without a year or not a calendar value comes back as written ('' for None)."""
    v = try_parse(text)
    if v is None or v.first is None or v.last is None:
        return text or ""
    first, last = v.first, v.last
    if v.precision == "day":
        return f"{first.day} {first:%B %Y}"
    if v.precision == "week":
        return f"week of {first.day} {first:%B %Y}"
    if v.precision == "weekend":
        return f"weekend of {first.day} {first:%B %Y}"
    if v.precision == "month":
        return f"{first:%B %Y}"
    if v.precision == "half":
        return f"{'first' if first.month == 1 else 'second'} half of {first.year}"
    if v.precision == "season" and v.value[-2:] in _SEASON_NAMES:
        return f"{_SEASON_NAMES[v.value[-2:]]} {first.year}"
    if v.precision in ("quarter", "season"):
        tail = f"{last:%B %Y}" if first.year != last.year else f"{last:%B} {last.year}"
        head = f"{first:%B %Y}" if first.year != last.year else f"{first:%B}"
        return f"{head}–{tail}"
    if v.precision == "decade":
        return f"the {first.year}s"
    if v.precision == "century":
        n = first.year // 100 + 1
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"the {n}{suffix} century"
    return str(first.year)


def day(text: str | None) -> date | None:
    """The day a day-precision value names (a time counts as its day); None otherwise."""
    v = try_parse(text)
    return v.first if v is not None and v.precision == "day" else None


def parse_day(text: str) -> date:
    """:func:`day`, strict: ``DateError`` for anything but a day with its year."""
    v = parse(text)
    if v.precision != "day" or v.first is None:
        raise DateError(text, Messages.DATE_EXPECTED_DAY)
    return v.first


def days_between(a: str, b: str) -> int:
    """Days from the first day of ``a`` to the first day of ``b`` (strict, as :func:`parse`)."""
    return (_first(b) - _first(a)).days


def truncate(text: str, precision: str | None = None) -> str:
    """``text`` cut to ``precision`` ('day', 'month' or 'year'; default its own): a time is
    dropped ('2025-04-17T14:00' → '2025-04-17'), a day of a month-precision date becomes the
    month ('2025-04-01' → '2025-04'). Any other text (not a calendar value, no year, a week, a
    value coarser than ``precision``) comes back unchanged."""
    v = try_parse(text)
    target = precision or (v.precision if v else None)
    if v is None or v.first is None or target not in _CUTS or v.precision not in _CUTS:
        return text
    if RANK[target] < RANK[v.precision]:
        return text
    return v.first.isoformat()[: _CUTS[target]]


def _first(text: str) -> date:
    v = parse(text)
    if v.first is None:
        raise DateError(text, Messages.DATE_NO_YEAR)
    return v.first


# --------------------------------------------------------------------------- building

_CUTS = {"day": 10, "month": 7, "year": 4}
"""Length of the ISO text of a first day cut to each precision."""


def _build(value: str, precision: Precision, m: re.Match[str]) -> DateValue:
    g = m.groupdict()
    if g.get("y") == "XXXX":
        return _yearless(value, precision, g)
    try:
        first, last = _SPANS[precision](g)
    except (ValueError, OverflowError):  # a day, week or month the calendar lacks
        raise DateError(value) from None
    month = int(g["m"]) if g.get("m") else None
    day_ = int(g["d"]) if g.get("d") else None
    return DateValue(value, precision, first, last, month, day_)


def _yearless(value: str, precision: Precision, g: dict[str, str]) -> DateValue:
    month, day_ = int(g["m"]), int(g["d"]) if g.get("d") else None
    # 2000 is a leap year, so 02-29 is a real month-day
    try:
        date(2000, month, day_ or 1)
    except ValueError:
        raise DateError(value) from None
    return DateValue(value, precision, None, None, month, day_)


def _day(g: dict[str, str]) -> tuple[date, date]:
    if g.get("w"):
        d = date.fromisocalendar(int(g["y"]), int(g["w"]), int(g["wd"]))
    else:
        d = date(int(g["y"]), int(g["m"]), int(g["d"]))
    return d, d


def _week(g: dict[str, str]) -> tuple[date, date]:
    monday = date.fromisocalendar(int(g["y"]), int(g["w"]), 1)
    return monday, monday + timedelta(days=6)


def _weekend(g: dict[str, str]) -> tuple[date, date]:
    saturday = date.fromisocalendar(int(g["y"]), int(g["w"]), 6)
    return saturday, saturday + timedelta(days=1)


def _months(year: int, first_month: int, n: int) -> tuple[date, date]:
    """``n`` months from ``first_month`` of ``year`` (running into the next year if need be)."""
    end_year, end_month = divmod(first_month - 1 + n - 1, 12)
    end_year, end_month = year + end_year, end_month + 1
    last_day = calendar.monthrange(end_year, end_month)[1]
    return date(year, first_month, 1), date(end_year, end_month, last_day)


def _month(g: dict[str, str]) -> tuple[date, date]:
    return _months(int(g["y"]), int(g["m"]), 1)


def _quarter(g: dict[str, str]) -> tuple[date, date]:
    return _months(int(g["y"]), (int(g["q"]) - 1) * 3 + 1, 3)


def _half(g: dict[str, str]) -> tuple[date, date]:
    return _months(int(g["y"]), 1 if g["h"] == "1" else 7, 6)


def _season(g: dict[str, str]) -> tuple[date, date]:
    # meteorological seasons, as the timex normalizer assigns them: winter starts in December
    return _months(int(g["y"]), _SEASONS[g["s"]][0], 3)


def _year(g: dict[str, str]) -> tuple[date, date]:
    return _months(int(g["y"]), 1, 12)


def _decade(g: dict[str, str]) -> tuple[date, date]:
    start = int(g["dec"]) * 10
    return date(max(start, 1), 1, 1), date(start + 9, 12, 31)


def _century(g: dict[str, str]) -> tuple[date, date]:
    start = int(g["cen"]) * 100
    return date(max(start, 1), 1, 1), date(start + 99, 12, 31)


_SPANS = {
    "day": _day,
    "week": _week,
    "weekend": _weekend,
    "month": _month,
    "quarter": _quarter,
    "half": _half,
    "season": _season,
    "year": _year,
    "decade": _decade,
    "century": _century,
}
