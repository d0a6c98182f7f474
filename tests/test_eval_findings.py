"""`eval findings`: figures, series purity and discrepancies scored against a frame gold."""

from __future__ import annotations

import json

import pytest

from storyline.eval.findings import cannot_both_hold, interval, same, score


def fig(fid, article, start, end, value=None, frame=None, **kw):
    base = {
        "id": fid,
        "article": article,
        "start": start,
        "end": end,
        "value": value,
        "qualifier": "exact",
        "frame": frame,
        "modality": "asserted",
        "as_of": "2011-03-01",
    }
    return {**base, **kw}


GOLD = {
    "window": {"articles": ["a1", "a2"]},
    "figures": [
        fig("g1", "a1", 10, 20, 110, "killed-city-interval", place="Misrata"),
        fig("g2", "a2", 30, 40, 137, "killed-country-interval", place="Libya"),
        fig("g3", "a2", 50, 60, 9000, "killed-country-cumulative", qualifier="at_least"),
        fig("g4", "a1", 70, 80, 120, "killed-city-interval", place="Misrata"),
    ],
    "discrepancies": [{"a": "g1", "b": "g4", "kind": "conflict", "why": "110 vs 120"}],
}


def pred_fig(article, start, end, value, **kw):
    return {"article_id": article, "start": start, "end": end, "value": value, **kw}


def point(article, start, end):
    return {"citation": {"article_id": article, "start": start, "end": end}}


def finding(kind, a, b):
    return {
        "kind": kind,
        "series": "s",
        "a": {"article_id": a[0], "start": a[1], "end": a[2]},
        "b": {"article_id": b[0], "start": b[1], "end": b[2]},
    }


def test_score_counts_right_and_wrong_discrepancies():
    pred = {
        "figures": [
            pred_fig("a1", 10, 20, 110, qualifier="exact", place="Misrata"),
            pred_fig("a2", 30, 40, 137, qualifier="exact", place="the country"),
            pred_fig("a2", 90, 95, 3),  # not in the gold
        ],
        "series": [
            {"id": "s1", "points": [point("a1", 10, 20), point("a2", 30, 40), point("a1", 70, 80)]}
        ],
        "findings": [
            finding("conflict", ("a1", 10, 20), ("a2", 30, 40)),  # city vs country: wrong
            finding("conflict", ("a1", 12, 18), ("a1", 70, 80)),  # the gold conflict
            finding("change", ("a1", 10, 20), ("a2", 50, 60)),  # changes are not scored
        ],
    }
    out = score(GOLD, pred)
    assert out["figures"]["spans"] == {"precision": 0.6667, "recall": 0.5, "f1": 0.5714}
    acc = out["figures"]["field_accuracy"]
    assert acc["value"] == 1.0 and acc["place"] == 0.5 and acc["modality"] == 1.0
    assert out["series"] == {"series": 1, "purity": 0.6667, "mixed_series": 1, "split_frames": 0}
    dis = out["discrepancies"]
    assert (dis["precision"], dis["recall"], dis["right"], dis["found"]) == (0.5, 1.0, 1, 1)
    assert dis["wrong"][0]["gold_a"].startswith("g1 killed-city-interval")


@pytest.mark.parametrize(
    ("a", "b", "clash"),
    [
        ({"value": 110}, {"value": 120}, True),
        ({"value": 110, "qualifier": "at_least"}, {"value": 120}, False),
        ({"value": 100, "qualifier": "approx"}, {"value": 108}, False),
        ({"value": 100}, {"value": 120, "modality": "opinion"}, False),
        ({"value": 100}, {"value": 120, "as_of": "2011-03-02"}, False),
        ({"value": 100, "high": 130, "qualifier": "range"}, {"value": 120}, False),
    ],
)
def test_values_that_cannot_both_hold(a, b, clash):
    ga = fig("x", "a", 0, 1, frame="f", **a)
    gb = fig("y", "a", 2, 3, frame="f", **b)
    assert cannot_both_hold(ga, gb) is clash


def test_interval_and_field_rules():
    assert interval({"value": 100, "qualifier": "at_most"}) == (float("-inf"), 100.0)
    assert same("counted", "deaths", "Death") and not same("status", "killed", "dead")
    assert same("place", "Misrata", "the city of Misrata") and same("status", None, None)
    assert same("source", "World Health Organization", "the World Health Organization")


@pytest.mark.slow
def test_cli_scores_a_window_end_to_end(tmp_path):
    from typer.testing import CliRunner

    from storyline.outputs.cli import app

    text = "Rebels said 40 people were killed in Misrata on Monday ."
    start = text.index("40 people")
    corpus = tmp_path / "shared" / "topic" / "articles.jsonl"
    corpus.parent.mkdir(parents=True)
    corpus.write_text(json.dumps({"id": "7", "time": "2011-03-01", "text": text}) + "\n")
    gold = {
        "corpus": "topic/articles.jsonl",
        "window": {"first": "2011-03-01", "articles": ["7"]},
        "figures": [
            fig(
                "t-1",
                "7",
                start,
                start + 9,
                40,
                "killed-misrata-interval",
                counted="people",
                status="killed",
            )
        ],
        "discrepancies": [],
    }
    gold_path = tmp_path / "gold.json"
    gold_path.write_text(json.dumps(gold))
    args = ["eval", "findings", "--gold", str(gold_path), "--shared", str(tmp_path / "shared")]
    res = CliRunner().invoke(app, [*args, "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["figures"]["spans"]["recall"] == 1.0
    assert out["figures"]["field_accuracy"]["value"] == 1.0
    assert out["discrepancies"]["predicted"] == 0
