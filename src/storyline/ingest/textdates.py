"""A small, fast finder of absolute date mentions in plain text.

It finds what the publication dater needs ("October 7, 2023", "7 October 2023", "Oct. 7, 2023",
"2023-10-07", "May 2024", "in 2023", "April 17", "on Sunday") and nothing relative. The full
time-expression extractor (extract stage) supersedes it; keep it small. Calendar words come from
the ``months_weekdays.json`` lexicon.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Literal

from ..lexicons import load_json

TextPrecision = Literal["day", "month", "year", "weekday"]
"""``day`` with ``year=None`` is a month-day mention ("April 17"); ``weekday`` a bare weekday."""

_LEXICON = "months_weekdays.json"


@dataclass(frozen=True, slots=True)
class TextDate:
    """One date mention; ``start``/``end`` are offsets into the string that was searched."""

    start: int
    end: int
    text: str
    year: int | None
    month: int | None
    day: int | None
    weekday: int | None
    precision: TextPrecision

    @property
    def is_full(self) -> bool:
        """True for a calendar day with its year ("7 October 2023")."""
        return self.year is not None and self.month is not None and self.day is not None

    @property
    def iso(self) -> str | None:
        """ISO value at the mention's precision, or None when the year is unknown."""
        if self.year is None:
            return None
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def first_day(self) -> date | None:
        """The first calendar day the mention covers (None without a year)."""
        if self.year is None:
            return None
        return date(self.year, self.month or 1, self.day or 1)


def _forms(table: dict[str, int]) -> dict[str, int]:
    """The lexicon forms plus their upper-case forms (headlines, wire slugs)."""
    out = dict(table)
    out.update({k.upper(): v for k, v in table.items()})
    return out


def _alternation(names: dict[str, int]) -> str:
    # Longest first so "Sept" wins over "Sep" and "September" over both.
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class _Calendar:
    months: dict[str, int]
    weekdays: dict[str, int]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]


@cache
def _calendar() -> _Calendar:
    lex = load_json(_LEXICON)
    months = _forms({**lex["months"], **lex["month_abbreviations"]})
    weekdays = _forms({**lex["weekdays"], **lex["weekday_abbreviations"]})
    full_weekdays = _forms(lex["weekdays"])
    mon = rf"(?P<mon>{_alternation(months)})\.?"
    # An optional weekday before a full date ("Tue May 12 , 2009", "Sunday, 5 May 2024");
    # abbreviations only count there, since "Sun" or "Sat" alone are rarely weekdays.
    wd = rf"(?:(?P<wd>{_alternation(weekdays)})\.?,?\s+)?"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?P<year>[12]\d{3})"
    # A space before the comma: PTB-tokenized wire copy writes "May 12 , 2009".
    comma = r"(?:\s?,\s*|\s+)"
    cues = _alternation({c: 0 for c in lex["year_cues"]})
    patterns = (
        ("iso", rf"\b{year}-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b"),
        ("mdy", rf"\b{wd}{mon}\s+{day}{comma}{year}\b"),
        ("dmy", rf"\b{wd}{day}\s+(?:of\s+)?{mon},?\s+{year}\b"),
        ("my", rf"\b{mon},?\s+(?:of\s+)?{year}\b"),
        ("md", rf"\b{mon}\s+{day}\b(?![,.]?\d)"),
        ("dm", rf"\b{day}\s+(?:of\s+)?{mon}\b"),
        ("y", rf"\b(?:{cues})\s+(?:the\s+year\s+)?(?P<year>(?:19|20)\d{{2}})\b(?![-/]\d)"),
        ("wd", rf"\b(?P<wd>{_alternation(full_weekdays)})\b"),
    )
    return _Calendar(
        months=months,
        weekdays=weekdays,
        patterns=tuple((name, re.compile(p)) for name, p in patterns),
    )


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    if month is None or day is None:
        return True
    if not 1 <= month <= 12 or day < 1:
        return False
    if year is None:
        return day <= (29 if month == 2 else calendar.monthrange(2001, month)[1])
    return day <= calendar.monthrange(year, month)[1]


def _to_textdate(kind: str, m: re.Match[str], cal: _Calendar) -> TextDate | None:
    groups = m.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    month: int | None = None
    if groups.get("m"):
        month = int(groups["m"])
    elif groups.get("mon"):
        month = cal.months[groups["mon"]]
    day = int(groups["day"]) if groups.get("day") else None
    weekday = cal.weekdays[groups["wd"]] if groups.get("wd") else None
    if not _valid(year, month, day):
        return None
    precision: TextPrecision
    if kind == "wd":
        precision = "weekday"
    elif day is not None:
        precision = "day"
    elif month is not None:
        precision = "month"
    else:
        precision = "year"
    # Year-only mentions keep just the year in their span: "in 2023" → "2023".
    start = m.start("year") if kind == "y" else m.start()
    return TextDate(start, m.end(), m.string[start : m.end()], year, month, day, weekday, precision)


def find_dates(text: str) -> list[TextDate]:
    """Absolute date mentions in ``text``, in order, without overlaps.

    Patterns run from the most to the least specific; a match that overlaps one already taken
    is dropped, so "Oct. 7, 2023" is one full date, not a month-day plus a year.
    """
    cal = _calendar()
    taken: list[TextDate] = []
    claimed = bytearray(len(text))
    for kind, pattern in cal.patterns:
        for m in pattern.finditer(text):
            found = _to_textdate(kind, m, cal)
            if found is None or any(claimed[found.start : found.end]):
                continue
            claimed[found.start : found.end] = b"\x01" * (found.end - found.start)
            taken.append(found)
    return sorted(taken, key=lambda d: d.start)
