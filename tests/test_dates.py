"""storyline.dates: one calendar value type (parse, interval, overlap, sort key)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from storyline import dates
from storyline.dates import DateError


@pytest.mark.parametrize(
    ("text", "precision", "first", "last"),
    [
        ("2025-04-17", "day", "2025-04-17", "2025-04-17"),
        ("2025-04-17T14:30", "day", "2025-04-17", "2025-04-17"),
        ("2025-04", "month", "2025-04-01", "2025-04-30"),
        ("2024-02", "month", "2024-02-01", "2024-02-29"),
        ("2025", "year", "2025-01-01", "2025-12-31"),
        ("2026-W18", "week", "2026-04-27", "2026-05-03"),
        ("2026-W18-WE", "weekend", "2026-05-02", "2026-05-03"),
        ("2026-W18-3", "day", "2026-04-29", "2026-04-29"),
        ("2003-Q4", "quarter", "2003-10-01", "2003-12-31"),
        ("2003-H1", "half", "2003-01-01", "2003-06-30"),
        ("2003-SU", "season", "2003-06-01", "2003-08-31"),
        ("2003-WI", "season", "2003-12-01", "2004-02-29"),
        ("199", "decade", "1990-01-01", "1999-12-31"),
        ("19", "century", "1900-01-01", "1999-12-31"),
    ],
)
def test_parse_gives_precision_and_interval(text, precision, first, last):
    v = dates.parse(text)
    assert v.precision == precision
    assert (v.first.isoformat(), v.last.isoformat()) == (first, last)
    assert dates.day_bounds(text) == (first, last)


@pytest.mark.parametrize(
    "text",
    [
        "2025-13",
        "2025-02-30",
        "2025-00-10",
        "2025-W54",
        "2025-Q5",
        "0000",
        "XXXX-13-01",
        "",
        "PRESENT_REF",
        "P3D",
        "last week",
        "2025-4-1",
        "20251",
        "2025-04-17x",
    ],
)
def test_parse_refuses_what_the_calendar_lacks(text):
    with pytest.raises(DateError, match="unreadable date"):
        dates.parse(text)
    assert dates.try_parse(text) is None
    assert dates.interval(text) is None
    assert dates.sort_key(text) == dates.NO_DATE


def test_yearless_value_keeps_month_day_but_no_interval():
    v = dates.parse("XXXX-10-07")
    assert (v.precision, v.month_day, v.known) == ("day", "10-07", False)
    assert dates.parse("2023-10-07").month_day == "10-07"
    assert not dates.overlaps("XXXX-10-07", "2023-01-01", "2023-12-31")
    with pytest.raises(DateError, match="year is unknown"):
        dates.day_bounds("XXXX-10-07")


@pytest.mark.parametrize(
    ("value", "lo", "hi", "inside"),
    [
        ("2026-W18", "2026-05-01", None, True),  # the week runs to May 3
        ("2026-W18", None, "2026-04-27", True),  # ... and starts on April 27
        ("2026-W18", "2026-05-04", None, False),
        ("2024-03", "2024-03-15", "2024-03-15", True),
        ("2024-03-10", "2024-03", "2024-03", True),
        ("2024-03-10", "2024-04", None, False),
        ("2024", "2024-06-01", "2024-06-30", True),
        ("2003-WI", "2004-02", "2004-02", True),
        (None, "2024", None, False),
        ("PRESENT_REF", "2024", None, False),
        (None, None, None, True),
        ("2024-05-01", "2024-W18", "2024-W18", True),
    ],
)
def test_overlaps_compares_intervals(value, lo, hi, inside):
    assert dates.overlaps(value, lo, hi) is inside


def test_sort_key_orders_any_precision_by_first_day():
    values = ["2024-05-02", "2024-W18", "2024-Q2", "2024-04-15", "2024", None, "XXXX-01-01"]
    assert sorted(values, key=dates.sort_key) == [
        "2024",
        "2024-Q2",
        "2024-04-15",
        "2024-W18",
        "2024-05-02",
        None,
        "XXXX-01-01",
    ]


def test_every_day_of_a_year_parses_and_round_trips():
    d = date(2024, 1, 1)
    while d.year == 2024:
        v = dates.parse(d.isoformat())
        assert v.first == v.last == d
        assert dates.parse(f"{d.isocalendar()[0]}-W{d.isocalendar()[1]:02d}").overlaps(v)
        d += timedelta(days=1)


def test_bound_needs_a_known_year_and_at_least_a_year():
    assert dates.parse_bound("2025-W16").first == date(2025, 4, 14)
    for text in ("202", "19", "XXXX-04-01", "2025-13"):
        with pytest.raises(DateError):
            dates.parse_bound(text)


def test_a_time_after_a_space_counts_as_its_day():
    assert dates.day("2025-04-17 14:30:00") == date(2025, 4, 17)
    assert dates.day("2025-04-17 14:30:00.5+02:00") == date(2025, 4, 17)
    for text in ("2025-04-17 noon", "2025-04-17 14", "2025-04-17  14:30"):
        assert dates.try_parse(text) is None


def test_parse_day_is_strict_about_the_precision():
    assert dates.parse_day("2026-04-29T10:00") == date(2026, 4, 29)
    assert dates.parse_day("2026-W18-3") == date(2026, 4, 29)
    for text in ("2026-04", "2026-W18", "XXXX-04-29", "20260429", "2026-04-31"):
        with pytest.raises(DateError, match="unreadable date"):
            dates.parse_day(text)


def test_days_between_first_days():
    assert dates.days_between("2024-02-28", "2024-03-01") == 2
    assert dates.days_between("2024-03", "2024-W10") == 3  # March 1 to Monday March 4
    assert dates.days_between("2024-03-05", "2024-03-01T23:00") == -4
    with pytest.raises(DateError, match="year is unknown"):
        dates.days_between("XXXX-03-01", "2024-03-01")


@pytest.mark.parametrize(
    ("text", "precision", "cut"),
    [
        ("2025-04-01", "month", "2025-04"),
        ("2025-04-17T14:00", None, "2025-04-17"),
        ("2025-04-17 14:00:00", "day", "2025-04-17"),
        ("2025-04", "year", "2025"),
        ("2025-04", None, "2025-04"),
        ("2025-04", "day", "2025-04"),  # a month is no day
        ("2025-W16", "month", "2025-W16"),  # a week may span two months
        ("2025-W16", None, "2025-W16"),
        ("XXXX-04-17", "month", "XXXX-04-17"),
        ("PRESENT_REF", "day", "PRESENT_REF"),
    ],
)
def test_truncate_cuts_to_a_coarser_precision_only(text, precision, cut):
    assert dates.truncate(text, precision) == cut


def test_rank_orders_precisions_from_the_finest():
    ranked = sorted(["year", "week", "day", "quarter", "month", "century"], key=dates.RANK.get)
    assert ranked == ["day", "week", "month", "quarter", "year", "century"]


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("2026-03-02", "2 March 2026"),
        ("2026-03-02T14:00", "2 March 2026"),
        ("2026-03", "March 2026"),
        ("2026-W10", "week of 2 March 2026"),
        ("2026-W10-WE", "weekend of 7 March 2026"),
        ("2026-Q2", "April–June 2026"),
        ("2026-H2", "second half of 2026"),
        ("2026-SU", "summer 2026"),
        ("2026", "2026"),
        ("202", "the 2020s"),
        ("20", "the 21st century"),
        ("XXXX-03-10", "XXXX-03-10"),
        (None, ""),
    ],
)
def test_label_says_a_value_as_a_reader_would(value: str | None, said: str) -> None:
    assert dates.label(value) == said
