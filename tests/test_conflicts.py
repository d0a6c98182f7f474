"""Conflicts, revisions and changes: the rules on point records, then through a real ingest of
an invented earthquake story (a toll rising over days, two outlets disagreeing on one day, a
toll corrected down, a contradiction inside one article)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from storyline.api import Storyline
from storyline.outputs.cli import app
from storyline.story.conflicts import agree, classify, hard_interval, likely_interval
from storyline.story.series import Citation, Point, Series


def point(
    value: float,
    qualifier: str = "exact",
    *,
    day: str = "2025-02-12",
    published: str | None = "2025-02-12",
    article: str = "a1",
    high: float | None = None,
    window: tuple[str, str] | None = None,
) -> Point:
    lo, hi, precision = (day, day, "day") if day else (*window, "window")  # type: ignore[misc]
    return Point(
        value=value,
        high=high,
        qualifier=qualifier,
        unit="people",
        as_of=day,
        as_of_from="publication",
        lo=lo,
        hi=hi,
        precision=precision,  # type: ignore[arg-type]
        source=None,
        citation=Citation(
            article,
            int(value) * 10,
            int(value) * 10 + 3,
            str(value),
            published=published,
            window=window,
        ),
    )


def series(*points: Point) -> Series:
    return Series(
        id="killed-karvena",
        label="people killed in Karvena",
        counted="killed",
        status="killed",
        unit="people",
        place="Karvena",
        population=None,
        anchor=None,
        comparable=True,
        position=False,
        points=list(points),
    )


@pytest.mark.parametrize(
    ("a", "b", "agrees"),
    [
        (point(130, "more_than"), point(133), True),
        (point(130, "more_than"), point(130), True),
        (point(1400), point(1200), False),
        (point(1400, "more_than"), point(1400), True),
        (point(70, "up_to"), point(70), True),
        (point(70, "up_to"), point(71), False),
        (point(500_000, "about"), point(460_000), True),  # about: ±10 %
        (point(500_000, "about"), point(400_000), False),
        (point(30, "nearly"), point(28), True),
        (point(30, "nearly"), point(31), False),
        (point(59), point(58), False),
        (point(60, high=70), point(65), True),
        (point(10, "less_than"), point(12), False),
    ],
)
def test_what_a_qualifier_allows(a: Point, b: Point, agrees: bool) -> None:
    assert agree(hard_interval(a), hard_interval(b)) is agrees


def test_likely_values_close_open_ends() -> None:
    lo, hi = likely_interval(point(130, "more_than"))
    assert lo == 130 and 135 < hi < 150
    lo, hi = likely_interval(point(70, "up_to"))
    assert 55 < lo < 70 and hi == 70


def test_same_article_same_day_is_a_conflict() -> None:
    a, b = point(59), point(58)
    found = classify(series(a, b), a, b)
    assert found is not None and found.kind == "conflict"
    assert "same article" in found.explanation


def test_later_report_of_an_earlier_day_is_a_revision() -> None:
    early = point(1400, day="2023-10-07", published="2023-11-14", article="a1")
    late = point(1200, day="2023-10-07", published="2024-05-05", article="a2")
    found = classify(series(early, late), late, early)
    assert found is not None and found.kind == "revision"
    assert found.a is early and found.b is late
    assert "revised to 1,200" in found.explanation


def test_two_outlets_on_one_day_conflict_and_agreeing_ones_do_not() -> None:
    a = point(310, article="a1")
    b = point(280, article="a2")
    assert classify(series(a, b), a, b).kind == "conflict"  # type: ignore[union-attr]
    c = point(300, "more_than", article="a3")
    assert classify(series(a, c), a, c) is None


def test_a_figure_inside_another_is_not_compared_with_it() -> None:
    part = point(10, "up_to")  # "up to 10 of the 48 people"
    whole = point(48)
    whole.citation.start, whole.citation.end = part.citation.start - 10, part.citation.end + 5
    assert classify(series(part, whole), part, whole) is None


def test_different_days_or_vague_times_are_not_compared() -> None:
    a = point(120, day="2025-02-10", published="2025-02-10")
    b = point(310, day="2025-02-12", published="2025-02-12", article="a2")
    assert classify(series(a, b), a, b) is None
    wide = point(90, day="", published=None, window=("2025-01-01", "2025-03-01"), article="a3")
    assert classify(series(a, wide), a, wide) is None


ARTICLES = {
    "a1.txt": "The earthquake in Karvena province has killed 120 people, the national disaster "
    "agency said.\n\nRescuers were searching collapsed buildings in the town of Ostrel.\n",
    "a2.txt": "The death toll from the earthquake in Karvena province has risen to 310, the "
    "national disaster agency said.\n\nAid convoys reached Ostrel.\n",
    "a3.txt": "The earthquake has killed 280 people in Karvena province, the Red Crescent said."
    "\n\nIts volunteers were handing out tents.\n",
    "a4.txt": "The earthquake has killed 350 people in Karvena province, the national disaster "
    "agency said.\n\nSchools in the province stayed closed.\n",
    "a5.txt": "The earthquake has killed 340 people in Karvena province, the governor said.\n\n"
    "Engineers inspected the dam above Ostrel.\n\nIn its evening bulletin the national "
    "disaster agency said the earthquake has killed 345 people in Karvena province.\n",
}
DATES = {"a1.txt": "2025-02-10", "a2.txt": "2025-02-12", "a3.txt": "2025-02-12"}
DATES |= {"a4.txt": "2025-02-15", "a5.txt": "2025-02-18"}


@pytest.fixture(scope="module")
def quake_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("quake")
    for name, text in ARTICLES.items():
        (folder / name).write_text(f" date {DATES[name]}\n{text}", encoding="utf-8")
    db = str(folder / "quake.db")
    with Storyline(db) as sl:
        report = sl.ingest([folder])
        assert len(report.added) == len(ARTICLES)
    return db


def _pair(f: dict[str, Any]) -> tuple[float, float]:
    return f["a"]["value"], f["b"]["value"]


def test_earthquake_story_findings(quake_db: str) -> None:
    with Storyline(quake_db) as sl:
        found = sl.conflicts()
    by_kind: dict[str, list[tuple[float, float]]] = {}
    for f in found:
        by_kind.setdefault(f["kind"], []).append(_pair(f))
        # "has risen to 310" names no place: it joined the only Karvena toll
        assert f["series"] == "people killed in Karvena"
        assert f["explanation"] and f["a"]["citation"]["sentence"]
    # two outlets on the same day, and one article contradicting itself
    assert sorted(map(sorted, by_kind["conflict"])) == [[280, 310], [340, 345]]
    # a toll cannot fall: 350 then 340 is a correction, not a change
    assert (350, 340) in by_kind["revision"]
    assert (120, 280) in by_kind["change"] or (120, 310) in by_kind["change"]
    assert all(b > a for a, b in by_kind["change"])


def test_conflicts_cli_json_and_kind_filter(quake_db: str) -> None:
    runner = CliRunner()
    done = runner.invoke(app, ["--db", quake_db, "conflicts", "--kind", "conflict", "-f", "json"])
    assert done.exit_code == 0, done.output
    rows = json.loads(done.output)
    assert {r["kind"] for r in rows} == {"conflict"}
    sources = {r["a"]["source"] for r in rows} | {r["b"]["source"] for r in rows}
    assert "Red Crescent" in sources
    for r in rows:
        for side in ("a", "b"):
            c = r[side]["citation"]
            assert c["article_id"] and c["end"] > c["start"] and c["published"]
    table = runner.invoke(app, ["--db", quake_db, "conflicts"])
    assert table.exit_code == 0 and "revision" in table.output


def test_bad_kind_is_a_usage_error(quake_db: str, tmp_path: Path) -> None:
    done = CliRunner().invoke(app, ["--db", quake_db, "conflicts", "--kind", "typo"])
    assert done.exit_code != 0
