"""Undated articles dated by what they report, through a real ingest of an invented story:
an attack reported "on Tuesday" is matched to the dated articles' Tuesday attack."""

from __future__ import annotations

import pytest

from storyline.api import Storyline
from storyline.story.placement import CORPUS
from storyline.story.reported import LAST_RESORT, guess_one, weekday_of
from storyline.story.series import BEST_GUESS_NOTE

DATED = {
    # 2025-01-14 is a Tuesday too: a flood, not the attack
    "a0.txt": (
        "2025-01-14",
        "Floods swept through Marrow Bay on Tuesday, the river authority said.",
    ),
    "a1.txt": (
        "2025-03-04",
        "Rebels attacked the port of Kestrel on Tuesday, killing 12 soldiers, the army said.",
    ),
    "a2.txt": (
        "2025-03-28",
        "Voters in Orlan elected Petra Lund as mayor on Friday, officials said.",
    ),
}
UNDATED = (
    "Rebels attacked the port of Kestrel on Tuesday, killing 12 soldiers, officials said."
    "\n\nThe army sent reinforcements to the coast.\n"
)


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    folder = tmp_path_factory.mktemp("kestrel")
    for name, (day, text) in DATED.items():
        (folder / name).write_text(f" date {day}\n{text}\n", encoding="utf-8")
    (folder / "undated.txt").write_text(UNDATED, encoding="utf-8")
    db = str(folder / "kestrel.db")
    with Storyline(db) as sl:
        report = sl.ingest([folder])
        assert len(report.undated) == 1
        return db, report.undated[0]


def test_tuesday_attack_gets_the_week_of_the_dated_tuesday(story: tuple[str, str]) -> None:
    db, aid = story
    with Storyline(db) as sl:
        (placed,) = sl.place(aid, write=False)
        art = sl.article(aid)
    assert "2025-03-04" <= placed["best"] <= "2025-03-10"
    assert placed["earliest"] <= placed["best"] <= placed["latest"]
    assert any(e.startswith(CORPUS) and "weekday" in e for e in placed["evidence"])
    assert not any(LAST_RESORT in e for e in placed["evidence"])
    guess = [c for c in art["dates"] if (c["note"] or "").startswith(BEST_GUESS_NOTE)]
    assert len(guess) == 1 and "2025-03-04" <= guess[0]["value"] <= "2025-03-10"


def test_nothing_matching_falls_back_to_the_middle_of_the_window_and_says_so() -> None:
    g = guess_one([], [], [], ("2025-01-01", "2025-01-31"), {})
    assert g is not None and g.best == "2025-01-16" and g.last_resort
    assert LAST_RESORT in g.evidence[0]
    assert guess_one([], [], [], (None, None), {}) is None


def test_weekday_of_year_less_values() -> None:
    assert weekday_of("XXXX-WXX-2") == 2
    assert weekday_of("2025-03-04") is None and weekday_of(None) is None
