"""Calendar arithmetic and TIMEX3 value formatting (no text here)."""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from typing import Literal

from ...dates import RANK
from .model import Granularity

GRAN_ORDER = {"time": -1, **RANK}
"""Granularities from the finest (a time is finer than its day), as ``storyline.dates`` ranks
precisions."""


def add_months(d: dt.date, n: int) -> dt.date:
    """``d`` moved by ``n`` months, the day clipped to the month's length."""
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, _cal.monthrange(year, month)[1]))


def shift(d: dt.date, n: int, gran: str) -> dt.date:
    """``d`` moved by ``n`` units of granularity ``gran`` (day … century)."""
    if gran == "day":
        return d + dt.timedelta(days=n)
    if gran == "week":
        return d + dt.timedelta(weeks=n)
    months = {
        "month": 1,
        "quarter": 3,
        "season": 3,
        "half": 6,
        "year": 12,
        "decade": 120,
        "century": 1200,
    }.get(gran)
    if months is None:
        return d
    return add_months(d, n * months)


def season_of(d: dt.date) -> tuple[int, str]:
    """(year, code) of the meteorological season holding ``d``; Jan–Feb is last year's winter."""
    m = d.month
    if m in (3, 4, 5):
        return d.year, "SP"
    if m in (6, 7, 8):
        return d.year, "SU"
    if m in (9, 10, 11):
        return d.year, "FA"
    return (d.year if m == 12 else d.year - 1), "WI"


def fmt(d: dt.date, gran: str) -> str:
    """TIMEX3 value of the ``gran`` unit that holds ``d``."""
    if gran == "day":
        return d.isoformat()
    if gran == "week":
        y, w, _ = d.isocalendar()
        return f"{y:04d}-W{w:02d}"
    if gran == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if gran == "quarter":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if gran == "half":
        return f"{d.year:04d}-H{1 if d.month <= 6 else 2}"
    if gran == "season":
        y, code = season_of(d)
        return f"{y:04d}-{code}"
    if gran == "year":
        return f"{d.year:04d}"
    if gran == "decade":
        return f"{d.year // 10:03d}"
    if gran == "century":
        return f"{d.year // 100:02d}"
    return d.isoformat()


def unknown(gran: str) -> str:
    """The fully underspecified value at ``gran`` ("XXXX-XX-XX", "XXXX-WXX" …)."""
    return {
        "day": "XXXX-XX-XX",
        "week": "XXXX-WXX",
        "month": "XXXX-XX",
        "quarter": "XXXX-QX",
        "half": "XXXX-HX",
        "season": "XXXX-XX",
        "year": "XXXX",
        "decade": "XXX",
        "century": "XX",
        "time": "XXXX-XX-XXTXX:XX",
    }.get(gran, "XXXX-XX-XX")


def weekday_on_or_before(d: dt.date, wd: int) -> dt.date:
    return d - dt.timedelta(days=(d.weekday() - wd) % 7)


def weekday_on_or_after(d: dt.date, wd: int) -> dt.date:
    return d + dt.timedelta(days=(wd - d.weekday()) % 7)


def easter(year: int) -> dt.date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


_YEAR_DIGITS: dict[int, Granularity] = {4: "year", 3: "decade", 2: "century"}


def value_granularity(value: str) -> Granularity | Literal[""]:
    """Granularity of a calendar value ("2025-04" → month); "" for durations/refs."""
    if not value or value[0] == "P" or value.endswith("_REF"):
        return ""
    if "T" in value:
        return "time"
    parts = value.split("-")
    if len(parts) == 1:
        return _YEAR_DIGITS.get(len(parts[0]), "year")
    p = parts[1]
    if p.startswith("W"):
        return "week" if len(parts) == 2 else "day"
    if p.startswith("Q"):
        return "quarter"
    if p.startswith("H"):
        return "half"
    if p in ("SP", "SU", "FA", "WI"):
        return "season"
    return "month" if len(parts) == 2 else "day"


def value_to_date(value: str) -> dt.date | None:
    """A representative date (the start) of a fully specified calendar value, else None."""
    if "X" in value:
        return None
    gran = value_granularity(value)
    parts = value.split("T")[0].split("-")
    try:
        y = int(parts[0])
        if gran == "year":
            return dt.date(y, 1, 1)
        if gran in ("month", "day", "time"):
            return dt.date(y, int(parts[1]), int(parts[2]) if len(parts) > 2 else 1)
        if gran == "quarter":
            return dt.date(y, (int(parts[1][1]) - 1) * 3 + 1, 1)
        if gran == "half":
            return dt.date(y, 1 if parts[1] == "H1" else 7, 1)
        if gran == "week":
            return dt.date.fromisocalendar(y, int(parts[1][1:]), 1)
        if gran == "season":
            start = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[parts[1]]
            return dt.date(y, start, 1)
    except (ValueError, IndexError, KeyError):
        return None
    return None
