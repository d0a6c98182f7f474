"""`eval quantities`: figure values scored against CQE-shaped gold sentences."""

from __future__ import annotations

import json

import pytest

from storyline.errors import StorylineError
from storyline.eval.quantities import Sentence, _scores, evaluate_quantities, load_sentences


def test_scores_match_values_one_to_one():
    sentences = [
        Sentence("a.json", "x", gold=[12.0, 3.0], pred=[12.0, 12.0]),
        Sentence("b.json", "y", gold=[75_000_000.0], pred=[75_000_000.0000001]),
        Sentence("b.json", "z", gold=[], pred=[]),
    ]
    result = _scores(sentences)
    assert result["values"] == {"precision": 0.6667, "recall": 0.6667, "f1": 0.6667}
    assert result["by_file"]["b.json"]["f1"] == 1.0
    assert [m["text"] for m in result["misses"]] == ["x"]


def test_halves_split_the_sentences_by_position():
    sentences = [
        Sentence("a.json", "p", gold=[1.0], pred=[1.0]),
        Sentence("a.json", "q", gold=[2.0], pred=[]),
        Sentence("a.json", "r", gold=[3.0], pred=[3.0]),
    ]
    result = _scores(sentences)
    assert result["halves"]["development"]["f1"] == 1.0
    assert result["halves"]["held_out"]["recall"] == 0.0
    assert [(m["text"], m["half"]) for m in result["misses"]] == [("q", "held_out")]


def test_load_refuses_a_folder_without_quantity_files(tmp_path):
    with pytest.raises(StorylineError, match="no \\*.json quantity files"):
        load_sentences(tmp_path)


@pytest.mark.slow
def test_evaluate_runs_the_real_pipeline(tmp_path):
    items = [
        {
            "text": "Rebels killed 12 soldiers near the border on Monday.",
            "quantities": [{"value": "12", "normalized_unit": "soldier"}],
        },
        {
            "text": "Rebels killed 12 soldiers near the border on Monday.",
            "quantities": [{"value": "12", "normalized_unit": "soldier"}],
        },
        {
            "text": "The company paid $48.2 million for the plant.",
            "quantities": [{"value": "48200000", "normalized_unit": "dollar"}],
        },
    ]
    (tmp_path / "news.json").write_text(json.dumps(items), encoding="utf-8")
    result = evaluate_quantities(tmp_path)
    assert result["sentences"] == 3
    assert result["values"]["recall"] == 1.0, result["misses"]


@pytest.mark.slow
def test_cli_prints_the_scores_as_json(tmp_path):
    from typer.testing import CliRunner

    from storyline.outputs.cli import app

    items = [{"text": "Floods forced 3,000 people from their homes.", "quantities": []}]
    (tmp_path / "set.json").write_text(json.dumps(items), encoding="utf-8")
    res = CliRunner().invoke(app, ["eval", "quantities", str(tmp_path), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["values"]["precision"] == 0.0  # 3,000 is predicted, the gold lists none
    assert out["misses"][0]["predicted"] == [3000.0]
