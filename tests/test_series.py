"""Figure series through a real ingest of an invented flood story: grouping by counted thing,
status, population and place, time order, ids and labels, reprints, the CLI and the facade."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.api import Storyline
from storyline.outputs.cli import app
from storyline.story.series import day_interval, month_day, place_name, shown_value

BODY = (
    "Rescue boats reached villages along the river on the third day of searches, and the army "
    "set up field kitchens for families who had lost their homes to the water in the valley."
)
ARTICLES = {
    "c1.txt": (
        "2024-09-02",
        "The floods in Merrow have killed 40 people, including 12 children, the civil defence "
        f"agency said.\n\n{BODY}\n",
    ),
    "c2.txt": (
        "2024-09-05",
        f"The civil defence agency said the floods had killed 75 people.\n\n{BODY} Schools "
        "in the capital were turned into shelters.\n",
    ),
    # a reprint of c2 by another outlet: one point, its copy listed
    "c2-copy.txt": (
        "2024-09-05",
        f"The civil defence agency said the floods had killed 75 people.\n\n{BODY} Schools "
        "in the capital were turned into shelters for them.\n",
    ),
    "c3.txt": (
        "2024-09-09",
        "The floods in Merrow have killed more than 90 people, the civil defence agency said."
        f"\n\n{BODY[:80]}.\n",
    ),
}


@pytest.fixture(scope="module")
def flood_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("flood")
    for name, (day, text) in ARTICLES.items():
        (folder / name).write_text(f" date {day}\n{text}", encoding="utf-8")
    db = str(folder / "flood.db")
    with Storyline(db) as sl:
        sl.ingest([folder])
    return db


def test_flood_toll_is_one_series_in_time_order(flood_db: str) -> None:
    with Storyline(flood_db) as sl:
        found = {s["id"]: s for s in sl.series()}
    toll = found["killed"]
    assert toll["label"] == "people killed"
    shown = [p["shown"] for p in toll["points"]]
    assert shown == ["40", "75", "90+"]
    days = [p["lo"] for p in toll["points"]]
    assert days == sorted(days) == ["2024-09-02", "2024-09-05", "2024-09-09"]
    reprint = toll["points"][1]
    assert len(reprint["also_in"]) == 1  # the copy is not a second point
    for p in toll["points"]:
        c = p["citation"]
        assert c["sentence"] and p["citation"]["published"] and c["end"] > c["start"]
        assert p["source"] == "civil defence agency"
    # children are a part of the toll, not a lower total
    kids = next(s for s in found.values() if s["population"] == "children")
    assert [p["value"] for p in kids["points"]] == [12]
    assert "children killed" in kids["label"]


def test_series_filter_and_stable_ids(flood_db: str) -> None:
    with Storyline(flood_db) as sl:
        ids = [s["id"] for s in sl.series("killed")]
        again = [s["id"] for s in sl.series("killed")]
        assert ids == again == ["killed", "killed-children"]
        assert [s["id"] for s in sl.series("killed-children")] == ["killed-children"]
        assert sl.series("no such thing") == []


def test_series_cli_table_json_and_plot(flood_db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(app, ["--db", flood_db, "series", "killed", "-f", "json"])
    assert done.exit_code == 0, done.output
    rows = json.loads(done.output)
    assert [r["id"] for r in rows] == ["killed", "killed-children"]
    png = tmp_path / "toll.png"
    done = runner.invoke(app, ["--db", flood_db, "series", "people killed", "--plot", str(png)])
    assert done.exit_code == 0, done.output
    assert "40 (2024-09-02, civil defence agency) → 75" in " ".join(done.output.split())
    assert png.stat().st_size > 5_000


def test_helpers() -> None:
    assert day_interval("2024-02") == ("2024-02-01", "2024-02-29", "month")
    assert day_interval("2024") == ("2024-01-01", "2024-12-31", "year")
    assert day_interval("XXXX-10-07") is None and month_day("XXXX-10-07") == "10-07"
    assert day_interval("PRESENT_REF") is None
    # storyline.dates: a week, a quarter or a time is an interval too (a week used to be None)
    assert day_interval("2026-W18") == ("2026-04-27", "2026-05-03", "week")
    assert day_interval("2023-Q4") == ("2023-10-01", "2023-12-31", "quarter")
    assert day_interval("2023-10-07T06:30") == ("2023-10-07", "2023-10-07", "day")
    assert day_interval("2024-13") is None and month_day("XXXX-13-01") is None
    assert place_name("the Gaza Strip") == "Gaza" and place_name("Solvane province") == "Solvane"
    assert shown_value(130, None, "more_than") == "130+"
    assert shown_value(60, 70, "exact") == "60–70"
    assert shown_value(10, None, "about") == "~10"


def test_a_list_of_places_is_its_own_scope() -> None:
    from storyline.story.series import Places, figure_place

    places = Places({"Texas": "Texas", "Ohio": "Ohio", "California": "California"})
    listed = {"place": "California, Texas and Ohio", "place_level": "several"}
    assert figure_place(listed, places) == "California, Texas and Ohio"
    assert figure_place({"place": "Texas", "place_level": "region"}, places) == "Texas"
