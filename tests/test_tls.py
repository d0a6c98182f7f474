"""Timeline summarization on an invented story ingested through the real pipeline, and the
`summarize` / `eval tls` commands."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.api import Storyline
from storyline.dates import DateError
from storyline.eval.tls import timex_pipeline
from storyline.outputs.cli import app
from storyline.story.tls import _day_value, _published_day

TOPIC = Path(__file__).resolve().parent / "data" / "tls_topic"
runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("tls") / "story.db"
    with Storyline(path, nlp=timex_pipeline()) as sl:
        report = sl.ingest([TOPIC / "articles.jsonl"])
        assert len(report.added) == 7 and not report.errors
    yield path


def test_picks_the_days_the_story_looks_back_on(db: Path) -> None:
    with Storyline(db) as sl:
        timeline = sl.summarize(dates=2, sentences=1)
    # the collapse (named by five later articles) and the inquiry (named by two)
    assert [day for day, _ in timeline] == ["2024-03-04", "2024-03-08"]
    collapse = timeline[0][1][0]
    assert "collapse" in collapse or "gave way" in collapse
    assert "inquiry" in timeline[1][1][0]


def test_k_and_n_are_respected_and_sentences_are_distinct(db: Path) -> None:
    with Storyline(db) as sl:
        timeline = sl.summarize(dates=4, sentences=2)
    assert len(timeline) == 4
    days = [day for day, _ in timeline]
    assert days == sorted(days)
    sents = [s for _, ss in timeline for s in ss]
    assert all(1 <= len(ss) <= 2 for _, ss in timeline)
    assert len(sents) == len(set(sents))


def test_sentences_are_clean_prose(db: Path) -> None:
    with Storyline(db) as sl:
        sents = [s for _, ss in sl.summarize(dates=7, sentences=3) for s in ss]
    assert sents
    for s in sents:
        assert "-LRB-" not in s and " ," not in s and "``" not in s  # detokenized
        assert not re.match(r"[A-Z]+ \(Reuters\)", s)  # dateline cut off


def test_query_keeps_only_sentences_with_a_query_word(db: Path) -> None:
    with Storyline(db) as sl:
        timeline = sl.summarize(dates=3, sentences=2, query=["football"])
        both = sl.summarize(dates=5, sentences=1, query=["football", "inquiry"])
    assert [day for day, _ in timeline] == ["2024-03-10"]
    assert all("football" in s.lower() for _, ss in timeline for s in ss)
    assert all(re.search(r"football|inquiry", s, re.I) for _, ss in both for s in ss)
    assert {"2024-03-08", "2024-03-10"} <= {day for day, _ in both}


def test_date_range_bounds_articles_and_dates(db: Path) -> None:
    with Storyline(db) as sl:
        timeline = sl.summarize(dates=5, date_from="2024-03-06", date_to="2024-03-09")
    days = [day for day, _ in timeline]
    assert days and all("2024-03-06" <= d <= "2024-03-09" for d in days)


def test_date_range_bound_of_any_precision(db: Path) -> None:
    # storyline.dates: a week bound is its seven days (it used to be its Monday only), a bad
    # bound is a DateError (bad input) as in the facade, not a StoreError
    with Storyline(db) as sl:
        week = sl.summarize(dates=5, date_from="2024-W10", date_to="2024-W10")
        with pytest.raises(DateError, match="unreadable date '2024-13'"):
            sl.summarize(date_to="2024-13")
    days = [day for day, _ in week]
    assert len(days) > 1 and all("2024-03-04" <= d <= "2024-03-10" for d in days)


def test_timex_days_any_day_value() -> None:
    assert _day_value({"value": "2024-03-04T09:00"}) == date(2024, 3, 4)
    assert _day_value({"value": "2024-W10-5"}) == date(2024, 3, 8)  # used to be None
    for value in ("XXXX-03-04", "2024-03", "PRESENT_REF", None, 7):
        assert _day_value({"value": value}) is None
    assert _day_value(None) is None
    assert _published_day("2024-03-04 10:30:00", "day") == date(2024, 3, 4)
    assert _published_day("2024-03-04", "month") is None


def test_summarize_cli_json_layout(db: Path) -> None:
    result = runner.invoke(
        app, ["--db", str(db), "summarize", "--dates", "2", "--sentences", "1", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    timeline = json.loads(result.stdout)
    assert [d for d, _ in timeline] == ["2024-03-04", "2024-03-08"]
    assert all(isinstance(s, list) and len(s) == 1 and isinstance(s[0], str) for _, s in timeline)


def test_summarize_cli_rejects_a_bad_date(db: Path) -> None:
    result = runner.invoke(app, ["--db", str(db), "summarize", "--from", "2024-13"])
    assert result.exit_code == 1
    assert "unreadable date '2024-13'" in result.stderr


def test_eval_tls_cli_json(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["--db", str(tmp_path / "unused.db"), "eval", "tls", str(TOPIC), "--json"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    (task,) = out["tasks"]
    assert task["topic"] == "tls_topic" and task["dates"] == 3 and task["sentences_per_date"] == 1
    # the collapse and the inquiry are found; the return home has no other article naming it
    assert {"2024-03-04", "2024-03-08"} <= {d for d, _ in task["timeline_predicted"]}
    mean = out["mean"]
    assert mean["date"]["f1"] >= 2 / 3
    ar1 = mean["rouge"]["align+ m:1"]["rouge_1"]
    assert 0.2 < ar1["f1"] <= 1.0
    assert set(mean["rouge"]) == {"concat", "agreement", "align+ m:1"}
    assert out["topics"]["tls_topic"]["tasks"] == 1


def test_eval_tls_cli_error_names_the_path(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "tls", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{tmp_path}: no timelines.jsonl" in result.stderr
