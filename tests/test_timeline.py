"""The timeline: story events by event date, filters, the key-event cut, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.api import Storyline
from storyline.errors import StorylineError
from storyline.outputs.cli import app
from storyline.story.timeline import Filters, build_timeline, sort_key

TRIAL = Path(__file__).parent / "data" / "events_trial"
"""An invented fraud trial: a wire story and a paper report the verdict a day apart; the
arrest is only dated 'in March'; the sentencing comes a month later."""


@pytest.fixture(scope="module")
def trial_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("timeline") / "trial.db"
    with Storyline(db) as sl:
        report = sl.ingest([TRIAL])
        assert not report.failed
    return db


def test_two_outlets_on_different_days_make_one_event(trial_db: Path) -> None:
    with Storyline(trial_db) as sl:
        entries = sl.timeline()
    verdict = [e for e in entries if e["type"] == "ruling" and e["date"] == "2025-09-02"]
    assert len(verdict) == 1, [(e["date"], e["type"]) for e in entries]
    v = verdict[0]
    assert v["articles"] >= 2 and v["sources"] >= 2
    assert v["first_reported"] == "2025-09-03" and v["last_reported"] >= "2025-09-04"
    assert "Elias Brandt" in v["actors"]
    assert v["date_note"] is None and v["headline"]


def test_month_level_event_stays_a_month_and_sorts_at_its_start(trial_db: Path) -> None:
    with Storyline(trial_db) as sl:
        entries = sl.timeline()
    arrest = [e for e in entries if e["type"] == "arrest"]
    assert arrest and arrest[0]["date"] == "2025-03"
    assert arrest[0]["date_precision"] == "month"
    assert entries.index(arrest[0]) == 0  # March comes before September
    assert [sort_key(e) for e in entries] == sorted(sort_key(e) for e in entries)


def test_filters_by_date_actor_and_type(trial_db: Path) -> None:
    with Storyline(trial_db) as sl:
        september = sl.timeline(date_from="2025-09", date_to="2025-09")
        arrests = sl.timeline(type="arrest")
        brandt = sl.timeline(actor="brandt")
        nobody = sl.timeline(actor="Nobody Atall")
        with pytest.raises(StorylineError):
            sl.timeline(date_from="2025-13")
    assert september and all(e["date"].startswith("2025-09") for e in september)
    assert arrests and {e["type"] for e in arrests} == {"arrest"}
    assert brandt and nobody == []


def test_key_cut_keeps_the_best_scored_in_date_order(trial_db: Path) -> None:
    with Storyline(trial_db) as sl:
        everything = sl.timeline()
        top = sl.timeline(key=1)
        scored = sl.timeline(min_score=max(e["score"] for e in everything))
    best = max(everything, key=lambda e: e["score"])
    assert [e["id"] for e in top] == [best["id"]] == [e["id"] for e in scored]
    # the verdict, told by two outlets, outranks what one article mentions
    assert best["type"] == "ruling"


def test_build_timeline_scores_sources_type_and_burst() -> None:
    def event(eid: str, etype: str, sources: int, day: str) -> dict[str, object]:
        cites = [
            {"article_id": f"{eid}{i}", "published": day, "start": 0, "end": 1}
            for i in range(sources)
        ]
        return {
            "id": eid,
            "type": etype,
            "sources": sources,
            "citations": cites,
            "date": day,
            "date_lo": day,
            "date_hi": day,
            "date_precision": "day",
        }

    events = [event("a", "statement", 1, "2025-01-02"), event("b", "casualties", 3, "2025-01-01")]
    out = build_timeline(events)
    assert [e["id"] for e in out] == ["b", "a"]
    assert out[0]["score"] > out[1]["score"]
    assert build_timeline(events, filters=Filters(types=("statement",)))[0]["id"] == "a"
    with pytest.raises(StorylineError):
        build_timeline(events, key=0)


def test_timeline_command_json_and_table(trial_db: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["--db", str(trial_db), "timeline", "--format", "json"])
    assert res.exit_code == 0, res.output
    entries = json.loads(res.stdout)
    assert entries and {"id", "date", "headline", "citations", "score"} <= set(entries[0])
    assert all(c["article_id"] and c["end"] > c["start"] for e in entries for c in e["citations"])
    res = runner.invoke(app, ["--db", str(trial_db), "timeline", "--key", "1"])
    assert res.exit_code == 0 and "ruling" in res.stdout and "1)" in res.stdout
    res = runner.invoke(app, ["--db", str(trial_db), "timeline", "--from", "nope"])
    assert res.exit_code == 1 and "Error:" in res.output


def test_same_start_sorts_finer_precision_first() -> None:
    # storyline.dates.RANK: a quarter is finer than a year (an unknown precision used to sort
    # a quarter after the year), a month finer than a quarter
    events = [
        {"id": p, "date_lo": "2026-01-01", "date_precision": p}
        for p in ("year", "quarter", "season", "week", "month", "day")
    ]
    ordered = [e["id"] for e in sorted(events, key=sort_key)]
    assert ordered == ["day", "week", "month", "quarter", "season", "year"]


def _event(eid: str, day: str, sources: int, **extra: object) -> dict[str, object]:
    cites = [
        {"article_id": f"{eid}{i}", "published": day, "date_from": "timex", "start": 0, "end": 1}
        for i in range(sources)
    ]
    return {
        "id": eid,
        "type": "attack",
        "sources": sources,
        "citations": cites,
        "date": day,
        "date_lo": day,
        "date_hi": day,
        "date_precision": "day",
        "date_origin": "text",
        **extra,
    }


def test_publication_dated_events_never_outrank_dated_ones() -> None:
    dated = _event("a", "2025-01-02", 1)
    by_publication = _event("b", "2025-01-03", 9, date_origin="publication")
    out = build_timeline([dated, by_publication], key=1)
    assert [e["id"] for e in out] == ["a"]
    # nine sources, yet scored below the dated event
    both = {e["id"]: e["score"] for e in build_timeline([dated, by_publication])}
    assert both["b"] < both["a"]


def test_look_backs_add_sources_but_no_freshness() -> None:
    from datetime import date

    from storyline.story.timeline import KeyConfig, NewsReport, news_importance

    day = date(2025, 3, 3)
    fresh = [NewsReport(i, date(2025, 3, 4)) for i in range(3)]
    later = [NewsReport(i, date(2025, 5, 1)) for i in range(3)]
    config = KeyConfig(burst_weight=1.0)
    assert news_importance(fresh, day, day, config) > news_importance(later, day, day, config)
    # recalled weeks later only: background, ranked after the news
    history = _event("h", "1998-05-01", 9)
    history["citations"] = [{**c, "published": "2025-01-05"} for c in history["citations"]]
    news = _event("n", "2025-01-04", 2)
    out = build_timeline([history, news], key=1)
    assert [e["id"] for e in out] == ["n"] and not out[0]["background"]
    assert build_timeline([history])[0]["background"]


def test_key_cut_keeps_one_event_per_telling() -> None:
    # an air strike that killed five: the attack and the casualties are told by one sentence
    attack = _event("a", "2025-04-07", 3)
    deaths = {**_event("d", "2025-04-07", 2), "type": "casualties"}
    deaths["citations"] = attack["citations"][:2]  # type: ignore[index]
    other = _event("o", "2025-04-20", 1)
    out = build_timeline([attack, deaths, other], key=2)
    assert [e["id"] for e in out] == ["a", "o"]
    everything = build_timeline([attack, deaths, other])
    assert [e["repeats"] for e in everything] == [None, "a", None]


def test_a_happening_on_the_corpus_last_day_is_not_penalised_for_the_days_after() -> None:
    from datetime import date

    from storyline.story.timeline import KeyConfig, NewsReport, news_signals

    config = KeyConfig(burst_weight=1.0, burst_days=3)
    day = date(2011, 10, 20)
    same_day = [NewsReport(i, day) for i in range(4)]
    # the corpus ends that day: one day of the four-day burst window was reported
    assert news_signals(same_day, day, day, config, until=day) == (4.0, 16.0)
    assert news_signals(same_day, day, day, config, until=date(2011, 10, 21)) == (4.0, 8.0)
    assert news_signals(same_day, day, day, config, until=date(2011, 12, 1)) == (4.0, 4.0)
    assert news_signals(same_day, day, day, config) == (4.0, 4.0)
    # in the timeline the corpus end comes with the event (``corpus_until``)
    last = _event("l", "2011-10-20", 3, corpus_until="2011-10-20")
    earlier = _event("e", "2011-09-01", 5, corpus_until="2011-10-20")
    earlier["citations"] = [
        {**c, "published": "2011-09-01" if i < 3 else "2011-09-20"}  # 3 fresh, 2 look-backs
        for i, c in enumerate(earlier["citations"])  # type: ignore[arg-type]
    ]
    out = build_timeline([earlier, last], key=1)
    assert [e["id"] for e in out] == ["l"]
    without_end = build_timeline([earlier, {**last, "corpus_until": None}], key=1)
    assert [e["id"] for e in without_end] == ["e"]


def test_the_corpus_end_travels_with_every_stored_event(trial_db: Path) -> None:
    from storyline.story.events import build_story_events

    with Storyline(trial_db) as sl:
        days = [a["published"] for a in sl.store.iter_article_columns(("published",))]
        last = max(str(d)[:10] for d in days if d)
        stored = sl.timeline()
        assert stored and {e["corpus_until"] for e in stored} == {last}
        # the story tables and the story computed in memory score alike
        fresh = build_timeline(build_story_events(sl.store, aliases=sl._entity_names()))
        assert {e["id"]: e["score"] for e in fresh} == {e["id"]: e["score"] for e in stored}


def test_key_cut_spreads_over_the_storys_days() -> None:
    # three happenings on a burst day, one smaller a week later: a journalist's timeline gives
    # the burst day one entry and the later day the next one
    burst = [_event(f"b{i}", "2025-04-07", 6 - i) for i in range(3)]
    later = _event("l", "2025-04-14", 3)
    out = build_timeline([*burst, later], key=2)
    assert [e["id"] for e in out] == ["b0", "l"]
    # a week that holds the burst day crowds it as much as a day does
    week = {**_event("w", "2025-04-07", 5), "date_hi": "2025-04-13", "date_precision": "week"}
    assert [e["id"] for e in build_timeline([*burst, week, later], key=2)] == ["b0", "l"]
    # with no other day to go to, a second event of the burst day still comes in
    assert [e["id"] for e in build_timeline(burst, key=2)] == ["b0", "b1"]
    # the spread never lets a worse tier in: a publication-dated event on another day stays out
    other = _event("p", "2025-04-20", 9, date_origin="publication")
    assert [e["id"] for e in build_timeline([*burst, other], key=2)] == ["b0", "b1"]
    # the scores shown are the importance, not the spread's share of it
    scores = {e["id"]: e["score"] for e in build_timeline([*burst, later])}
    assert scores["b1"] > scores["l"]


def test_the_timeline_table_says_a_week_as_a_reader_does() -> None:
    from storyline.outputs.cli.timeline import _row

    week = _row({"date": "2026-W10", "date_origin": "text", "citations": []})
    assert week["date_shown"] == "week of 2 March 2026"
    day = _row({"date": "2026-03-04", "date_origin": "publication", "citations": []})
    assert day["date_shown"] == "2026-03-04*"  # an ISO day stays; * marks a day not in the text
    assert _row({"date": None, "citations": []})["date_shown"] == "undated*"
