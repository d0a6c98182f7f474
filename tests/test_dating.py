"""Publication dating: text date finder, stated candidates, conflicts and inferred windows."""

from __future__ import annotations

import json
import re
from dataclasses import fields
from datetime import date
from pathlib import Path

import pytest

from storyline.ingest.dating import nearest_year, parse_date_value, resolve_dates
from storyline.ingest.textdates import find_dates
from storyline.models import CleanView, Dateline, DateResolution, OffsetMap, RawDoc, SourceRef
from storyline.registry import components

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
TIMELINE17 = SHARED / "data" / "timeline17"


def _needs(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared data not found at {path}")
    return path


def make_doc(
    text: str,
    *,
    header_date: str | None = None,
    body_start: int = 0,
    meta: dict[str, str] | None = None,
    fmt: str = "text",
) -> tuple[RawDoc, CleanView]:
    doc = RawDoc(
        text=text,
        source=SourceRef("test.txt"),
        format=fmt,
        body_start=body_start,
        header_date=header_date,
        meta=meta or {},
    )
    body = text[body_start:]
    return doc, CleanView(text=body, offsets=OffsetMap([(0, body_start, len(body))]))


def make_dateline(
    text: str, date_text: str, month: int | None, day: int | None, year: int | None = None
) -> Dateline:
    start = text.index(date_text)
    kwargs = {"year": year} if "year" in {f.name for f in fields(Dateline)} else {}
    if year is not None and not kwargs:
        pytest.skip("Dateline has no year field")
    return Dateline(None, date_text, month, day, None, start, start + len(date_text), **kwargs)


def quotes_match(doc: RawDoc, res: DateResolution) -> None:
    """Every "'text' at N" quoted in the evidence is the raw text at offset N."""
    for line in res.evidence:
        for m in re.finditer(r"'([^']*)' at (\d+)", line):
            quoted, at = m.group(1), int(m.group(2))
            assert doc.text[at : at + len(quoted)] == quoted, line
    for cand in res.candidates:
        if cand.start is not None:
            assert doc.text[cand.start : cand.end] == cand.text


# --------------------------------------------------------------------------- textdates


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("It began on October 7, 2023 at dawn.", "2023-10-07", "day"),
        ("It began on 7 October 2023 at dawn.", "2023-10-07", "day"),
        ("It began on Oct. 7, 2023 at dawn.", "2023-10-07", "day"),
        ("It began on 2023-10-07 at dawn.", "2023-10-07", "day"),
        ("It began on the 7th of October 2023.", "2023-10-07", "day"),
        ("HONG KONG | Tue May 12 , 2009 8:56 am EDT", "2009-05-12", "day"),
        ("Talks resumed in May 2024.", "2024-05", "month"),
        ("Fighting has gone on since 2019.", "2019", "year"),
        ("Elections were held in 2023.", "2023", "year"),
    ],
)
def test_find_dates_absolute(text: str, iso: str, precision: str) -> None:
    found = find_dates(text)
    assert [(d.iso, d.precision) for d in found] == [(iso, precision)]
    assert text[found[0].start : found[0].end] == found[0].text


def test_find_dates_month_day_and_weekday() -> None:
    text = "Jerusalem, April 17 (IANS) The office said on Wednesday it held talks since March 18."
    found = find_dates(text)
    assert [(d.text, d.month, d.day, d.year, d.weekday) for d in found] == [
        ("April 17", 4, 17, None, None),
        ("Wednesday", None, None, None, 2),
        ("March 18", 3, 18, None, None),
    ]
    assert all(d.iso is None for d in found)


def test_find_dates_rejects_non_dates() -> None:
    # Modal "may", an impossible day, counts with thousands separators, a bare "Sun".
    text = "Talks may 2 resume. February 30 is no date. 1,400 killed. The Sun reported 2023-13-40."
    assert find_dates(text) == []


def test_find_dates_weekday_prefix_kept() -> None:
    (found,) = find_dates("Sunday, 5 May 2024: the cabinet met.")
    assert (found.iso, found.weekday, found.text) == ("2024-05-05", 6, "Sunday, 5 May 2024")


# --------------------------------------------------------------------------- metadata


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2009-05-12", ("2009-05-12", "day")),
        ("2009-05-12T08:56:00Z", ("2009-05-12", "day")),
        ("2009-05-12 23:10:00-05:00", ("2009-05-12", "day")),
        ("Tue, 12 May 2009 08:56:00 GMT", ("2009-05-12", "day")),
        ("May 12, 2009", ("2009-05-12", "day")),
        ("12 May 2009", ("2009-05-12", "day")),
        ("2009-05", ("2009-05", "month")),
        ("2009", ("2009", "year")),
        ("not a date", None),
        ("2009-02-30", None),
        ("", None),
    ],
)
def test_parse_date_value(value: str, expected: tuple[str, str] | None) -> None:
    assert parse_date_value(value) == expected


def test_metadata_candidate_records_field() -> None:
    doc, clean = make_doc(
        "Officials said on Monday that talks went on.",
        meta={"date": "Tue, 12 May 2009 08:56:00 GMT", "date_field": "pubDate"},
    )
    res = resolve_dates(doc, clean, None)
    assert (res.published, res.origin, res.precision, res.conflict) == (
        "2009-05-12",
        "metadata",
        "day",
        False,
    )
    assert "pubDate" in (res.candidates[0].note or "")


def test_unreadable_metadata_is_reported_not_silent() -> None:
    doc, clean = make_doc(
        "Talks began on May 3, 2024 in Cairo.", meta={"date": "yesterday-ish", "date_field": "time"}
    )
    res = resolve_dates(doc, clean, None)
    assert res.published is None and res.origin == "inferred"
    assert any("yesterday-ish" in e and "'time'" in e for e in res.evidence)
    assert res.earliest == "2024-05-03"


def test_header_and_metadata_disagree() -> None:
    doc, clean = make_doc(
        " date 2009-05-12 Text.",
        header_date="2009-05-12",
        body_start=17,
        meta={"date": "2009-05-15"},
    )
    res = resolve_dates(doc, clean, None)
    assert res.published == "2009-05-12" and res.origin == "header" and res.conflict
    assert len(res.candidates) == 2
    assert any("3 days apart" in e and "metadata" in e for e in res.evidence)


def test_month_metadata_agrees_with_day_header() -> None:
    doc, clean = make_doc(
        " date 2009-05-12 Text.", header_date="2009-05-12", body_start=17, meta={"date": "2009-05"}
    )
    res = resolve_dates(doc, clean, None)
    assert not res.conflict and res.confidence is not None and res.confidence > 0.9


def test_bad_header_date_falls_back() -> None:
    doc, clean = make_doc(
        " date 2009-13-40 Text.",
        header_date="2009-13-40",
        body_start=17,
        meta={"date": "2009-05-12"},
    )
    res = resolve_dates(doc, clean, None)
    assert res.origin == "metadata" and res.published == "2009-05-12"
    assert any("2009-13-40" in e for e in res.evidence)


# --------------------------------------------------------------------------- datelines


@pytest.mark.parametrize(
    ("anchor", "month", "day", "expected"),
    [
        ("2025-12-31", 1, 1, "2026-01-01"),
        ("2026-01-01", 12, 31, "2025-12-31"),
        ("2025-04-16", 4, 17, "2025-04-17"),
        ("2023-03-01", 2, 29, "2024-02-29"),
    ],
)
def test_nearest_year(anchor: str, month: int, day: int, expected: str) -> None:
    assert nearest_year(month, day, date.fromisoformat(anchor)).isoformat() == expected


def test_year_crossing_dateline() -> None:
    text = " date 2025-12-31 KYIV, January 1 (Reuters) - Officials said on Wednesday ..."
    doc, clean = make_doc(text, header_date="2025-12-31", body_start=17)
    res = resolve_dates(doc, clean, make_dateline(text, "January 1", 1, 1))
    assert res.published == "2025-12-31" and res.conflict
    assert [c.value for c in res.candidates] == ["2025-12-31", "2026-01-01"]
    quotes_match(doc, res)


def test_dateline_with_its_own_year() -> None:
    text = "HONG KONG | Tue May 12, 2009 8:56 am EDT HONG KONG (Reuters) - A virologist said..."
    doc, clean = make_doc(text, meta={"date": "2009-05-12"})
    res = resolve_dates(doc, clean, make_dateline(text, "May 12, 2009", 5, 12, year=2009))
    assert res.published == "2009-05-12" and not res.conflict
    assert {c.origin for c in res.candidates} == {"metadata", "dateline"}


def test_yearless_dateline_takes_year_from_text() -> None:
    text = (
        "GAZA, November 14 (AP) - Hamas said on Monday it offered a truce. The war began "
        "with the attack of October 7, 2023."
    )
    doc, clean = make_doc(text)
    res = resolve_dates(doc, clean, make_dateline(text, "November 14", 11, 14))
    assert (res.published, res.origin) == ("2023-11-14", "dateline")
    assert res.confidence is not None and res.confidence < 0.9
    quotes_match(doc, res)


# --------------------------------------------------------------------------- inference


def test_future_context_dates_ignored() -> None:
    text = (
        "Talks began on May 3, 2024 in Cairo. A vote is scheduled for May 20, 2024 and "
        "leaders will meet on June 2, 2024. Officials said on Sunday they were hopeful."
    )
    doc, clean = make_doc(text)
    res = resolve_dates(doc, clean, None)
    assert res.published is None and res.origin == "inferred"
    assert (res.earliest, res.latest) == ("2024-05-03", "2024-05-20")
    assert any("ignored 'June 2, 2024'" in e for e in res.evidence)
    # The Sunday on or after the latest dated event.
    assert any("'Sunday'" in e and "2024-05-05" in e for e in res.evidence)
    assert 0.2 <= (res.confidence or 0) <= 0.4
    quotes_match(doc, res)


def test_partial_dates_only_without_full_dates() -> None:
    text = "Talks began on May 3, 2024. Elections are promised for 2026; prices fell in 2025."
    res = resolve_dates(*make_doc(text), None)
    assert res.earliest == "2024-05-03"
    text = "Prices fell in March 2024 after the floods of 2023."
    res = resolve_dates(*make_doc(text), None)
    assert res.earliest == "2024-03-01"


def test_nothing_to_go_on_is_said() -> None:
    res = resolve_dates(*make_doc("Officials met and talked at length."), None)
    assert res.published is None and res.earliest is None and res.confidence == 0.0
    assert res.evidence


# --------------------------------------------------------------------------- seeds


def _seed(prefix: str) -> str:
    (path,) = _needs(SEEDS).glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_seed_000_header_and_dateline_disagree() -> None:
    text = _seed("000")
    doc, clean = make_doc(text, header_date="2025-04-16", body_start=17, fmt="seed")
    start = text.index("Jerusalem")
    dateline = Dateline("Jerusalem", "April 17", 4, 17, "IANS", start, text.index("(IANS) I") + 6)
    res = resolve_dates(doc, clean, dateline)
    assert (res.published, res.origin, res.precision) == ("2025-04-16", "header", "day")
    assert res.conflict
    assert [(c.origin, c.value) for c in res.candidates] == [
        ("header", "2025-04-16"),
        ("dateline", "2025-04-17"),
    ]
    assert res.candidates[1].start == 43  # gold offset of "April 17"
    assert any("1 day apart" in e and "dateline" in e for e in res.evidence)
    quotes_match(doc, res)


def test_seed_001_header_only() -> None:
    doc, clean = make_doc(_seed("001"), header_date="2023-11-14", body_start=17, fmt="seed")
    res = resolve_dates(doc, clean, None)
    assert (res.published, res.origin, res.conflict) == ("2023-11-14", "header", False)
    assert res.earliest == res.latest == "2023-11-14" and res.evidence
    quotes_match(doc, res)


@pytest.mark.parametrize("with_dateline", [False, True])
def test_seed_002_undated(with_dateline: bool) -> None:
    text = _seed("002")
    doc, clean = make_doc(text, fmt="seed")
    dateline = Dateline("New Delhi", None, None, None, None, 0, 10) if with_dateline else None
    res = resolve_dates(doc, clean, dateline)
    assert res.published is None and res.evidence and res.candidates == []
    assert any("'Sunday' at 196" in e for e in res.evidence)  # gold offset
    quotes_match(doc, res)
    window = ("2023-11-14", "2025-04-16")
    res = resolve_dates(doc, clean, dateline, corpus_window=window)
    assert res.published is None and res.origin == "inferred"
    assert (res.earliest, res.latest) == window
    assert res.confidence is not None and res.confidence <= 0.4
    assert any("corpus" in e for e in res.evidence)


# --------------------------------------------------------------------------- Timeline17


def _timeline17() -> list[dict[str, str]]:
    out = []
    for path in sorted(_needs(TIMELINE17).glob("*/articles.jsonl")):
        with path.open(encoding="utf-8") as fh:
            out.extend(json.loads(line) for line in fh)
    return out


def test_timeline17_metadata_dates() -> None:
    for rec in _timeline17():
        doc, clean = make_doc(
            rec["text"], meta={"date": rec["time"], "date_field": "time"}, fmt="jsonl"
        )
        res = resolve_dates(doc, clean, None)
        assert (res.published, res.origin) == (rec["time"], "metadata")


def test_timeline17_inferred_windows_are_sound() -> None:
    """Without metadata, the text's own floor must rarely pass the true date (measured 98%)."""
    sound = exact = windows = 0
    for rec in _timeline17():
        res = resolve_dates(*make_doc(rec["text"], fmt="jsonl"), None)
        assert res.evidence
        if res.earliest is None:
            continue
        windows += 1
        sound += res.earliest <= rec["time"]
        exact += res.earliest == rec["time"]
        if res.latest is not None:
            assert res.latest >= rec["time"]
    assert windows >= 450
    assert sound / windows >= 0.95
    assert exact / windows >= 0.85


def test_resolver_is_registered() -> None:
    assert components.get("storyline.date_resolver.v1") is resolve_dates
