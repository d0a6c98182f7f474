"""The proposals scorer: gold anchored by its text, span matching, field accuracies; and the
events/proposals commands through a real ingest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from storyline.eval.extract import evaluate_extraction
from storyline.eval.gold import load_gold, score_extraction
from storyline.eval.score_proposals import overlap_f1, party_match
from storyline.outputs.cli import app

DATA = Path(__file__).parent / "data"
GOLD = DATA / "proposals_gold.json"
ARTICLE = DATA / "proposals_article.txt"
runner = CliRunner()


def test_fuzzy_fields() -> None:
    assert party_match("Israel", "Israeli side")
    assert party_match("Hamas (Qassam Brigades)", "Qassam Brigades spokesperson")
    assert party_match("unspecified (early deals)", None)
    assert not party_match("Hamas", "Israel")
    assert overlap_f1("a five-day truce", "five-day truce") == 1.0
    assert overlap_f1("a truce (implied)", "release of 100") == 0.0
    assert overlap_f1(None, None) == 1.0


def test_gold_without_start_is_anchored_by_its_text() -> None:
    gold = load_gold(GOLD)
    text = ARTICLE.read_text(encoding="utf-8")
    first = gold[0]["proposals"][0]
    start = text.index(first["text"])
    pred: dict[str, Any] = {
        "start": start,
        "end": start + 40,
        "proposer": "CLA",
        "offer": "free up to 15 sailors",
        "in_exchange_for": "four-day pause in naval patrols",
        "response": "countered",
        "responder": "the navy",
    }
    far = {"start": 0, "end": 5, "response": "unknown"}
    preds = {"proposals_article.txt": {"proposals": [pred]}}
    s = score_extraction(gold, preds, kinds=("proposals",), texts={gold[0]["file"]: text})
    p = s["proposals"]
    assert (p["gold"], p["predicted"], p["matched"]) == (4, 1, 1)
    assert p["spans"]["precision"] == 1.0 and p["spans"]["recall"] == 0.25
    assert p["response_accuracy"] == p["offer_accuracy"] == p["in_exchange_for_accuracy"] == 1.0
    assert p["proposer_accuracy"] == 1.0 and p["responder_accuracy"] == 1.0
    assert len(p["misses"]["false_negatives"]) == 3
    preds = {"proposals_article.txt": {"proposals": [far]}}
    p = score_extraction(gold, preds, kinds=("proposals",), texts={gold[0]["file"]: text})
    assert p["proposals"]["matched"] == 0  # the missing text matches nothing


def test_eval_extract_runs_the_pipeline_on_the_gold_articles() -> None:
    out = evaluate_extraction(GOLD, kinds=["proposals"])
    p = out["proposals"]
    assert p["matched"] == 3 and p["predicted"] == 3
    assert p["response_accuracy"] == 1.0
    assert p["in_exchange_for_accuracy"] >= 2 / 3


def test_events_and_proposals_commands(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    assert runner.invoke(app, ["--db", db, "ingest", str(ARTICLE)]).exit_code == 0
    raw = ARTICLE.read_text(encoding="utf-8")
    result = runner.invoke(app, ["--db", db, "proposals", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 3
    for row in rows:
        assert raw[row["start"] : row["end"]] == row["text"]
        assert {"proposer", "via", "offer", "in_exchange_for", "response", "responder"} <= set(row)
    result = runner.invoke(app, ["--db", db, "events", "--type", "demand", "--format", "json"])
    (demand,) = json.loads(result.stdout)
    assert demand["agent"] == "navy" and raw[slice(*demand["trigger_span"])] == "demanded"
    result = runner.invoke(app, ["--db", db, "events", "--actor", "navy", "--format", "csv"])
    assert result.exit_code == 0 and result.stdout.splitlines()[0].startswith("article_id,")
    result = runner.invoke(app, ["--db", db, "events", "--from", "2030-01-01"])
    assert result.exit_code == 0 and "events (0)" in result.stdout
    assert runner.invoke(app, ["--db", db, "proposals"]).exit_code == 0
