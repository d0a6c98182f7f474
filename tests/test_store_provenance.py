"""Provenance: one ``ingest_runs`` row per ingest run, with the versions that shaped it."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.api import Storyline
from storyline.store import Store
from storyline.store.provenance import lexicon_hashes, version_of, versions

ARTICLE = Path(__file__).parent / "data" / "figures_article.txt"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return str(request.getfixturevalue("pg_url"))


def test_runs_are_recorded_and_read_back(db_url: str) -> None:
    with Store(db_url) as s:
        assert s.runs() == [] and s.latest_run() is None
        first = s.start_run(versions())
        s.finish_run(first, articles_added=3, errors=1)
        second = s.start_run({**versions(), "model": "xx_test", "unknown": "ignored"})
        runs = s.runs()
        assert [r["id"] for r in runs] == [first, second]
        done, going = runs
        assert done["articles_added"] == 3 and done["errors"] == 1
        assert done["finished_at"] >= done["started_at"]
        assert done["spacy"] == version_of("spacy") and done["lexicons"] == lexicon_hashes()
        assert going["finished_at"] is None and going["model"] == "xx_test"
        assert s.latest_run() == going


def test_the_ingest_records_its_run(tmp_path: Path) -> None:
    sl = Storyline(tmp_path / "s.db", extract=False)
    sl.ingest([ARTICLE])
    sl.ingest([ARTICLE])  # nothing new the second time
    runs = sl.store.runs()
    assert [r["articles_added"] for r in runs] == [1, 0]
    assert all(r["finished_at"] for r in runs)
    assert runs[0]["storyline"] == version_of("storyline") and runs[0]["model"] is None
    sl.store.close()
