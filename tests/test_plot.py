"""PNG plots of figure series: written, non-empty, the right size, from the facade's dicts
and through `storyline plot`."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.api import Storyline
from storyline.outputs.cli import app
from storyline.outputs.plot import DPI, PANEL_HEIGHT_IN, WIDTH_IN, plot_series

FIRE = "The wildfire in Arlen county has destroyed {} homes, {} said."
TEXTS = [
    ("2025-06-01", FIRE.format("120", "fire officials")),
    ("2025-06-03", FIRE.format("about 300", "the governor")),
    ("2025-06-03", FIRE.format("180", "fire officials")),
    ("2025-06-06", FIRE.format("more than 400", "officials")),
]


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


@pytest.fixture(scope="module")
def fire_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("fire")
    for i, (day, text) in enumerate(TEXTS):
        (folder / f"f{i}.txt").write_text(f" date {day}\n{text}\n", encoding="utf-8")
    db = str(folder / "fire.db")
    with Storyline(db) as sl:
        sl.ingest([folder])
    return db


def test_plot_series_png(fire_db: str, tmp_path: Path) -> None:
    with Storyline(fire_db) as sl:
        chosen = sl.series("homes")
        findings = sl.conflicts()
    assert chosen and len(chosen[0]["points"]) == len(TEXTS)
    out = plot_series(chosen[:1], tmp_path / "homes.png", findings=findings)
    assert out.stat().st_size > 10_000
    assert png_size(out) == (int(WIDTH_IN * DPI), int(PANEL_HEIGHT_IN * DPI))


def test_plot_command(fire_db: str, tmp_path: Path) -> None:
    out = tmp_path / "plot.png"
    done = CliRunner().invoke(app, ["--db", fire_db, "plot", "homes", "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert png_size(out) == (int(WIDTH_IN * DPI), int(PANEL_HEIGHT_IN * DPI))
    missing = CliRunner().invoke(app, ["--db", fire_db, "plot", "nothing", "-o", str(out)])
    assert missing.exit_code == 1 and "no series" in missing.output


def test_nothing_to_plot_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no series"):
        plot_series([], tmp_path / "x.png")


def test_point_day_of_any_precision() -> None:
    from datetime import date

    from storyline.outputs.plot import point_day

    assert point_day({"precision": "day", "lo": "2025-06-03", "hi": "2025-06-03"}) == date(
        2025, 6, 3
    )
    # a week (a point since storyline.dates made it an interval) sits mid-week
    week = {"precision": "week", "lo": "2026-04-27", "hi": "2026-05-03"}
    assert point_day(week) == date(2026, 4, 30)
    assert point_day({"precision": "window", "guess": "2025-06-04 08:00:00"}) == date(2025, 6, 4)
    assert point_day({"precision": None, "lo": None, "hi": None}) is None


def test_report_charts_carry_their_words_as_text(fire_db: str) -> None:
    """The HTML report's charts keep their words as SVG text (selectable, searchable), not
    as glyph outlines."""
    import re

    from storyline.outputs.web import report

    with Storyline(fire_db) as sl:
        html = report.html_report(sl)
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    assert svgs
    words = {
        re.sub(r"<[^>]+>", "", t).strip()
        for s in svgs
        for t in re.findall(r"<text\b.*?</text>", s, re.S)
    }
    assert "Articles per day" in words
    assert any("homes" in w for w in words), words  # the series panel's own title


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("2026-W10", "week of 2 March 2026"),
        ("2009-W20-WE", "weekend of 16 May 2009"),
        ("2003-H1", "first half of 2003"),
        ("2026-Q2", "April–June 2026"),
        ("2026-03", "March 2026"),
        ("2026-03-02", "2026-03-02"),
        (None, None),
    ],
)
def test_readers_see_dates_as_people_say_them(value: str | None, said: str | None) -> None:
    from storyline.outputs.web import data, report

    assert data.reader_date(value) == said
    assert report.when(value) == (said or "undated")


def test_report_citations_name_outlet_and_title_and_link(tmp_path: Path) -> None:
    import json

    from storyline.outputs.web import report

    record = {
        "title": "Floods force evacuations (in Arlen)",
        "date": "2024-05-02",
        "url": "https://news.example.org/floods(1)?id=7 x",
        "text": "ARLEN (Reuters) - Floods forced 40 people from their homes on Tuesday, "
        'the mayor said. "We are doing all we can," the mayor said.\n',
    }
    corpus = tmp_path / "floods.jsonl"
    corpus.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with Storyline(tmp_path / "f.db") as sl:
        sl.ingest([corpus])
        md, html = report.markdown(sl), report.html_report(sl)
    # the link's address cannot end the Markdown link early, nor the title break it
    link = "[Floods force evacuations (in Arlen)](https://news.example.org/floods%281%29?id=7%20x)"
    assert link in md
    said = next(line for line in md.splitlines() if "We are doing all we can" in line)
    assert "Reuters" in said and link in said
    assert "<i>Floods force evacuations (in Arlen)</i>" in html
    assert 'href="https://news.example.org' not in html  # the report loads nothing, links nothing
