"""The gold scorer on tiny hand-made gold/prediction pairs with known scores."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import catalogue
import pytest

from storyline.eval.gold import (
    load_gold,
    match_spans,
    score_extraction,
    scorers,
    speaker_match,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"
TEXT = 'The mayor said the dam held. "We are safe," she added. Rain fell, officials said.'


def g(text: str, **fields: Any) -> dict[str, Any]:
    """A gold item: ``text`` and its offset in TEXT."""
    return {"text": text, "start": TEXT.index(text), **fields}


def p(text: str, **fields: Any) -> dict[str, Any]:
    """A prediction: start/end of ``text`` in TEXT."""
    start = TEXT.index(text)
    return {"text": text, "start": start, "end": start + len(text), **fields}


GOLD = [
    {
        "file": "a.txt",
        "quotes": [
            g("the dam held", speaker="Mayor Ana Ruiz", direct=False),
            g("We are safe", speaker="Ana Ruiz", direct=True),
            g("Rain fell", speaker="officials", direct=False),
        ],
        "timexes": [],
    }
]


def test_statement_scores_known_values() -> None:
    preds = {
        "a.txt": {
            "statements": [
                p("the dam held", speaker="Ana Ruiz", direct=False),  # match, speaker ok
                p("We are safe", speaker="the police", direct=False),  # match, wrong speaker/type
                p("officials said", speaker="officials", direct=False),  # no overlap: FP
            ]
        }
    }
    s = score_extraction(GOLD, preds, kinds=("statements",))["statements"]
    assert s["matched"] == 2
    assert s["spans"] == {"precision": 0.6667, "recall": 0.6667, "f1": 0.6667}
    assert s["speaker_accuracy"] == 0.5
    assert s["direct_accuracy"] == 0.5
    assert s["direct_recall"] == 1.0 and s["reported_recall"] == 0.5
    assert [m["text"] for m in s["misses"]["false_negatives"]] == ["Rain fell"]
    assert [m["text"] for m in s["misses"]["false_positives"]] == ["officials said"]
    assert s["misses"]["wrong_speakers"][0]["predicted"] == "the police"


def test_partial_overlap_counts_but_not_as_exact() -> None:
    preds = {"a.txt": {"statements": [p("dam held", speaker="Ana Ruiz", direct=False)]}}
    s = score_extraction(GOLD, preds, kinds=("statements",))["statements"]
    assert s["spans"]["precision"] == 1.0 and s["spans"]["recall"] == 0.3333
    assert s["exact_spans"]["precision"] == 0.0


def test_missing_file_predictions_are_all_misses() -> None:
    s = score_extraction(GOLD, {}, kinds=("statements",))["statements"]
    assert s["spans"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert len(s["misses"]["false_negatives"]) == 3


def test_greedy_one_to_one_prefers_best_overlap() -> None:
    gold = [{"start": 0, "text": "x" * 100}, {"start": 10, "text": "x" * 10}]
    pred = [{"start": 10, "end": 20}, {"start": 0, "end": 100}]
    assert match_spans(gold, pred) == [(0, 1), (1, 0)]


def test_timex_values() -> None:
    gold = [
        {
            "file": "t.txt",
            "quotes": [],
            "timexes": [
                {"text": "Monday", "start": 0, "value": "2024-01-01"},
                {"text": "last year", "start": 20, "value": "2023"},
            ],
        }
    ]
    preds = {
        "t.txt": {
            "timexes": [
                {"start": 0, "end": 6, "text": "Monday", "value": "2024-01-01"},
                {"start": 20, "end": 24, "text": "last", "value": "2024"},
                {"start": 40, "end": 45, "text": "today", "value": "2024-01-03"},
            ]
        }
    }
    t = score_extraction(gold, preds, kinds=("timexes",))["timexes"]
    assert t["spans"] == {"precision": 0.6667, "recall": 1.0, "f1": 0.8}
    assert t["values"] == {"precision": 0.3333, "recall": 0.5, "f1": 0.4}
    assert t["misses"]["wrong_values"] == [
        {"file": "t.txt", "text": "last year", "gold": "2023", "predicted": "2024"}
    ]


def test_vague_reference_timexes_are_left_unscored() -> None:
    """Under the gold format a *_REF prediction is neither a hit nor a false positive, even
    where it overlaps a gold expression; every other value class is scored."""
    gold = [
        {
            "file": "t.txt",
            "quotes": [],
            "timexes": [{"text": "the past few weeks", "start": 0, "value": "PXW"}],
        }
    ]
    preds = {
        "t.txt": {
            "timexes": [
                {"start": 0, "end": 8, "text": "the past", "value": "PAST_REF"},
                {"start": 30, "end": 33, "text": "now", "value": "PRESENT_REF"},
                {"start": 40, "end": 50, "text": "the future", "value": "FUTURE_REF"},
                {"start": 60, "end": 69, "text": "every day", "value": "P1D"},
            ]
        }
    }
    t = score_extraction(gold, preds, kinds=("timexes",))["timexes"]
    assert t["unscored"] == 3
    assert t["predicted"] == 1 and t["matched"] == 0
    assert t["spans"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert [m["text"] for m in t["misses"]["false_positives"]] == ["every day"]
    assert [m["text"] for m in t["misses"]["false_negatives"]] == ["the past few weeks"]


def test_new_kinds_plug_in_through_the_registry() -> None:
    @scorers.register("widgets")
    def count(files: list[Any]) -> dict[str, Any]:
        return {"gold": sum(len(f.gold) for f in files)}

    gold = [{"file": "w.txt", "widgets": [{"start": 0, "text": "a"}]}]
    assert score_extraction(gold, {}, kinds=("widgets",)) == {"widgets": {"gold": 1}}
    with pytest.raises(catalogue.RegistryError):
        score_extraction(gold, {}, kinds=("gadgets",))


@pytest.mark.parametrize(
    ("gold", "pred", "aliases", "ok"),
    [
        ("Benjamin Netanyahu", "Netanyahu", [], True),
        ("Israeli military", "Israel Defense Forces", [], True),
        ("Israeli military", "IDF", [], True),
        (
            "Prime Minister's Office (Israel)",
            "Benjamin Netanyahu's office",
            ["Israeli Prime Minister's office"],
            True,
        ),
        (
            "Qassam Brigades spokesperson (Abu Obeida)",
            "spokesperson of the group's military wing",
            [],
            True,
        ),
        ("US officials", "Multiple US officials", [], True),
        ("Israeli officials", "US officials", [], False),
        ("Yoav Gallant", "Benjamin Netanyahu", [], False),
        ("Hamas", None, [], False),
    ],
)
def test_speaker_match(gold: str, pred: str | None, aliases: list[str], ok: bool) -> None:
    assert speaker_match(gold, pred, aliases) is ok


def test_load_gold_reads_a_list(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    path.write_text(json.dumps(GOLD))
    assert load_gold(path)[0]["file"] == "a.txt"
    path.write_text("{}")
    with pytest.raises(ValueError, match="expected a JSON list"):
        load_gold(path)


def test_seed_gold_offsets_are_exact() -> None:
    gold_path = SHARED / "gold" / "seeds-gold.json"
    if not gold_path.exists():
        pytest.skip(f"no gold file at {gold_path} (the shared data sits beside the repo)")
    for record in load_gold(gold_path):
        text = (SHARED / record["file"]).read_text()
        for q in record["quotes"]:
            assert text[q["start"] : q["start"] + len(q["text"])] == q["text"]


def test_every_kind_has_a_scorer_and_scorers_import_no_gold() -> None:
    # gold.py imports the scorer modules; they register through the shared `scoring` module
    # and never import gold back (no cycle)
    assert {"timexes", "statements", "figures", "proposals"} <= set(scorers.get_all())
    code = (
        "import sys, storyline.eval.score_figures, storyline.eval.score_proposals; "
        "assert 'storyline.eval.gold' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
