"""Placing an undated article on the figure series of the dated ones, through a real ingest
of an invented epidemic story; the end-of-ingest hook, the store's evidence, re-placing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.api import Storyline
from storyline.outputs.cli import app
from storyline.story.placement import CORPUS, Bound, combine
from storyline.story.series import BEST_GUESS_NOTE

DATED = {
    "b1.txt": ("2025-03-01", 20),
    "b2.txt": ("2025-03-20", 100),
    "b3.txt": ("2025-04-10", 200),
}
UNDATED = (
    "The cholera outbreak in Dunmore has killed more than 60 people, the health ministry said."
    "\n\nAid agencies warned that the rainy season would make things worse.\n"
)


def _write(folder: Path) -> None:
    for name, (day, n) in DATED.items():
        (folder / name).write_text(
            f" date {day}\nThe cholera outbreak in Dunmore has killed {n} people, the health "
            f"ministry said.\n\nClinics asked for more saline and doctors from abroad.\n",
            encoding="utf-8",
        )
    (folder / "undated.txt").write_text(UNDATED, encoding="utf-8")


@pytest.fixture(scope="module")
def epidemic(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    folder = tmp_path_factory.mktemp("cholera")
    _write(folder)
    db = str(folder / "cholera.db")
    with Storyline(db) as sl:
        report = sl.ingest([folder])
        assert len(report.undated) == 1
        return db, report.undated[0]


def test_ingest_places_the_undated_article_between_bounding_counts(
    epidemic: tuple[str, str],
) -> None:
    db, aid = epidemic
    with Storyline(db) as sl:
        art = sl.article(aid)
    # the text alone gives the corpus span (no year in it); the toll narrows it
    assert (art["date_earliest"], art["date_latest"]) == ("2025-03-01", "2025-03-20")
    assert art["published"] is None and art["date_origin"] == "inferred"
    assert art["date_confidence"] == pytest.approx(0.4)
    evidence = art["date_evidence"]
    assert any("names no year" in e for e in evidence)  # the text's own evidence is kept
    ours = [e for e in evidence if e.startswith(CORPUS)]
    assert any("after 20 on 2025-03-01" in e for e in ours)
    assert any("before 100 on 2025-03-20" in e for e in ours)
    guess = [c for c in art["dates"] if (c["note"] or "").startswith(BEST_GUESS_NOTE)]
    assert len(guess) == 1 and "2025-03-01" < guess[0]["value"] < "2025-03-20"


def test_placing_again_is_idempotent_and_dry_run_writes_nothing(
    epidemic: tuple[str, str],
) -> None:
    db, aid = epidemic
    with Storyline(db) as sl:
        before = sl.article(aid)
        first = sl.place(aid)
        second = sl.place(aid)
        dry = sl.place(aid, write=False)
        after = sl.article(aid)
    assert first == second == dry
    assert first[0]["text_window"] == ["2025-03-01", "2025-04-10"]
    assert after["date_evidence"] == before["date_evidence"]
    assert after["dates"] == before["dates"]


def test_place_cli(epidemic: tuple[str, str]) -> None:
    db, aid = epidemic
    done = CliRunner().invoke(app, ["--db", db, "place", aid[:8], "--dry-run", "-f", "json"])
    assert done.exit_code == 0, done.output
    (row,) = json.loads(done.output)
    assert row["article_id"] == aid and row["earliest"] == "2025-03-01"
    missing = CliRunner().invoke(app, ["--db", db, "place", "ffffffffff"])
    assert missing.exit_code == 1 and "no article" in missing.output


def test_running_point_joins_the_change_list_at_its_best_guess(
    epidemic: tuple[str, str],
) -> None:
    db, _ = epidemic
    with Storyline(db) as sl:
        changes = sl.conflicts("change")
    values = [(c["a"]["value"], c["b"]["value"]) for c in changes]
    assert values == [(20, 60), (60, 100), (100, 200)]


def test_contradicting_bounds_keep_the_text_window() -> None:
    bounds = [Bound("2025-05-01", None, "a"), Bound(None, "2025-04-01", "b")]
    placed = combine("x", ("2025-01-01", "2025-06-01"), bounds, [])
    assert (placed.earliest, placed.latest) == ("2025-01-01", "2025-06-01")
    assert not placed.changed and "disagree" in placed.evidence[-1]
