"""Extraction end to end: ingest with the real model, read results back through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.outputs.cli import app

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold" / "seeds-gold.json"

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SEEDS.exists():
        pytest.skip("../shared/seeds is absent")
    path = tmp_path_factory.mktemp("extract") / "seeds.db"
    result = runner.invoke(app, ["--db", str(path), "ingest", str(SEEDS)])
    assert result.exit_code == 0, result.output
    return path


def cli_json(db: Path, *args: str) -> object:
    result = runner.invoke(app, ["--db", str(db), *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def seed_id(db: Path, prefix: str) -> str:
    for row in cli_json(db, "articles"):
        shown = cli_json(db, "show", row["id"])
        if any(prefix in s["path"] for s in shown["article"]["sources"]):
            return row["id"]
    raise AssertionError(prefix)


def test_quotes_by_speaker_have_spans_into_the_raw_file(db: Path) -> None:
    rows = cli_json(db, "quotes", "--by", "Netanyahu")
    undated = seed_id(db, "002_")
    raw = (SEEDS / "002_5f2d055af7a7c603.txt").read_text(encoding="utf-8")
    from_002 = [r for r in rows if r["article_id"] == undated]
    assert len(from_002) >= 4
    assert {r["speaker"] for r in from_002} == {"Benjamin Netanyahu"}
    assert any(r["direct"] for r in from_002) and any(not r["direct"] for r in from_002)
    for r in from_002:
        assert raw[r["start"] : r["end"]] == r["text"]
    assert any("Israel cannot accept that" in r["text"] for r in from_002)


def test_quotes_filter_by_act(db: Path) -> None:
    every = cli_json(db, "quotes")
    acts = {row["act"] for row in every}
    assert "say" in acts
    said = cli_json(db, "quotes", "--act", "say")
    assert said and {row["act"] for row in said} == {"say"}
    assert len(said) == sum(row["act"] == "say" for row in every)
    others = cli_json(db, "quotes", "--act", ",".join(sorted(acts - {"say"})) or "deny")
    assert len(others) == len(every) - len(said)


def test_show_json_groups_every_kind_with_raw_offsets(db: Path) -> None:
    shown = cli_json(db, "show", seed_id(db, "000_"))
    raw = shown["article"]["raw_text"]
    assert set(shown) >= {"article", "timexes", "entities", "statements"}
    for kind in ("timexes", "entities", "statements"):
        assert shown[kind], kind
        for item in shown[kind]:
            assert raw[item["start"] : item["end"]] == item["text"]
    wednesday = [t for t in shown["timexes"] if t["text"] == "Wednesday"]
    assert wednesday and wednesday[0]["value"] == "2025-04-16"
    office = [s for s in shown["statements"] if "continuation of the steps" in s["text"]]
    assert office and office[0]["date"] == "2025-04-16"


def test_dates_command(db: Path) -> None:
    rows = cli_json(db, "dates", seed_id(db, "001_"))
    values = {r["text"]: r["value"] for r in rows}
    assert values.get("Monday") == "2023-11-13"
    assert any(r["value"] == "P5D" for r in rows)


def test_entities_are_merged_with_aliases(db: Path) -> None:
    rows = cli_json(db, "entities", "--label", "PERSON")
    bibi = [e for e in rows if e["canonical"] == "Benjamin Netanyahu"]
    assert bibi and "Netanyahu" in bibi[0]["aliases"]
    assert bibi[0]["articles"] >= 2


def test_eval_extract_meets_the_floors() -> None:
    if not GOLD.exists():
        pytest.skip("../shared/gold is absent")
    result = runner.invoke(app, ["eval", "extract", "--gold", str(GOLD), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["statements"]["spans"]["f1"] >= 0.95
    assert scores["statements"]["speaker_accuracy"] >= 0.95
    assert scores["timexes"]["spans"]["f1"] >= 0.80
    assert scores["timexes"]["values"]["f1"] >= 0.70


def test_eval_timex_on_small_files() -> None:
    data = ROOT / "tests" / "data" / "timeml"
    result = runner.invoke(app, ["eval", "timex", str(data), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert 0.0 < scores["overall"]["strict"]["f1"] < 100.0  # TempEval reports percent
    table = runner.invoke(app, ["eval", "timex", str(data)])
    assert table.exit_code == 0 and "value F1" in table.stdout


def test_eval_errors_are_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "gold.json"
    bad.write_text("{}")
    result = runner.invoke(app, ["eval", "extract", "--gold", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "gold.json" in result.stderr


def test_events_type_takes_stems_families_and_lists(db: Path) -> None:
    stem = cli_json(db, "events", "--type", "ceasefire")
    assert stem and {e["type"] for e in stem} <= {"ceasefire_start", "ceasefire_end"}
    parts = [
        e for t in ("ceasefire_start", "ceasefire_end") for e in cli_json(db, "events", "-t", t)
    ]
    key = lambda e: (e["article_id"], e["start"])  # noqa: E731
    assert sorted(map(key, stem)) == sorted(map(key, parts))
    both = cli_json(db, "events", "--type", "cease-fire,release")
    assert {e["type"] for e in both} >= {"release"} and len(both) > len(stem)
    bad = runner.invoke(app, ["--db", str(db), "events", "--type", "feud"])
    assert bad.exit_code != 0 and "no event type 'feud'" in bad.output


def test_timeline_type_takes_a_stem(db: Path) -> None:
    events = cli_json(db, "timeline", "--type", "ceasefire")
    assert events
    for e in events:
        assert {e["type"], *(e.get("types") or {})} & {"ceasefire_start", "ceasefire_end"}


def test_quotes_show_who_a_speaker_relays(tmp_path: Path) -> None:
    db = tmp_path / "relay.db"
    article = ROOT / "tests" / "data" / "relay_article.txt"
    assert runner.invoke(app, ["--db", str(db), "ingest", str(article)]).exit_code == 0
    rows = cli_json(db, "quotes")
    assert any(r["speaker"] == "Rebels" and r["cites"] == "witnesses" for r in rows)
    table = runner.invoke(app, ["--db", str(db), "quotes"], terminal_width=200)
    assert "citing witnesses" in table.stdout and "via CNN" in table.stdout
