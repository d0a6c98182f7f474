"""Timeline ROUGE (tilse's definitions, ROUGE-1.5.5's tokens) and the news-tls averaging."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from storyline.errors import StorylineError
from storyline.eval.rouge import (
    METRICS,
    RougeTokenizer,
    date_prf,
    stem,
    stopwords,
    timeline_rouge,
)
from storyline.eval.tls import _window_articles, average, find_topics

D = date


def test_tilse_documented_example() -> None:
    # tilse EVALUATION.md: concat ROUGE-1 F 0.2222, align (date-content costs) F 0.1111
    pred = {
        D(2010, 1, 1): ["Just a test .", "Another sentence ."],
        D(2010, 1, 3): [
            "Some more content .",
            "Even more !",
        ],
    }
    refs = [
        {D(2010, 1, 2): ["Just a test ."], D(2010, 1, 4): ["This one does not match ."]},
        {D(2010, 1, 5): ["Another timeline !"]},
    ]
    scores = timeline_rouge(pred, refs, metrics=["concat", "align+"], orders=(1,))
    concat, align = scores["concat"]["rouge_1"], scores["align+"]["rouge_1"]
    assert concat["precision"] == pytest.approx(1 / 6)
    assert concat["recall"] == pytest.approx(1 / 3)
    assert round(concat["f1"], 4) == 0.2222
    assert align["precision"] == pytest.approx(1 / 12)
    assert align["recall"] == pytest.approx(1 / 6)
    assert round(align["f1"], 4) == 0.1111


GROUND_TRUTH = [
    {
        D(2010, 1, 1): ["timeline summarization ."],
        D(2010, 1, 2): ["timeline summarization is awesome .", "coreference resolution is , too ."],
        D(2010, 1, 4): ["alignments are really nice"],
    },
    {D(2010, 1, 2): ["metrics are complicated ."]},
]
SAME_DATES = {
    D(2010, 1, 2): ["timeline summarization ."],
    D(2010, 1, 3): ["doing some metric checks ."],
    D(2010, 1, 5): ["checks for alignments ."],
}
CONTENT = {
    D(2010, 1, 2): ["timeline summarization ."],
    D(2010, 1, 3): ["alignments are really nice"],
    D(2010, 1, 5): ["timeline summarization ."],
}
FEWER = {D(2010, 1, 2): ["timeline summarization ."], D(2010, 1, 3): ["doing some metric checks ."]}
MORE = {**SAME_DATES, D(2010, 1, 6): ["asdf"]}


@pytest.mark.parametrize(
    ("pred", "metric", "precision", "recall"),
    [
        # tilse's own metric tests (tilse/test/evaluation/test_rouge.py), as hits / counts
        (SAME_DATES, "concat", 4 / 12, 4 / 11),
        (FEWER, "concat", 3 / 8, 3 / 11),
        (MORE, "concat", 4 / 14, 4 / 11),
        (SAME_DATES, "agreement", 2 / 12, 2 / 11),
        (FEWER, "agreement", 2 / 8, 2 / 11),
        (SAME_DATES, "align", 2.5 / 12, 2.5 / 11),
        (CONTENT, "align", 2 / 12, 2 / 11),
        (MORE, "align", 2.5 / 14, 2.5 / 11),
        (CONTENT, "align+", 3.4 / 12, 3.4 / 11),
        (FEWER, "align+", 2 / 8, 2 / 11),
        (SAME_DATES, "align+ m:1", 3 / 12, 3.5 / 11),
        (FEWER, "align+ m:1", 2.5 / 8, 3 / 11),
        (MORE, "align+ m:1", 3 / 14, 3.5 / 11),
    ],
)
def test_tilse_metric_cases(pred: dict, metric: str, precision: float, recall: float) -> None:
    scores = METRICS[metric](pred, GROUND_TRUTH, 1).scores()
    assert scores["precision"] == pytest.approx(precision)
    assert scores["recall"] == pytest.approx(recall)


def test_alignment_weights_hits_by_date_distance() -> None:
    ref = [{D(2020, 5, 1): ["Rebels capture the airport ."], D(2020, 5, 9): ["Talks open ."]}]
    # the right words one day late: the pair aligns, its hits count half
    pred = {D(2020, 5, 2): ["Rebels capture the airport ."]}
    sc = timeline_rouge(pred, ref, metrics=["align+ m:1", "agreement"], orders=(1,))
    m1 = sc["align+ m:1"]["rouge_1"]
    assert m1["precision"] == pytest.approx(0.5)  # 3 tokens, 3 hits weighted 1/2
    # recall: both reference days align to the one predicted day; "talks open" has no hit
    assert m1["recall"] == pytest.approx(1.5 / 5)
    assert sc["agreement"]["rouge_1"]["f1"] == 0.0  # no shared day


def test_rouge2_counts_bigrams_across_sentences() -> None:
    pred = {D(2020, 1, 1): ["Troops enter", "Tripoli ."]}
    ref = [{D(2020, 1, 1): ["Troops enter Tripoli ."]}]
    r2 = timeline_rouge(pred, ref, metrics=["concat"], orders=(2,))["concat"]["rouge_2"]
    # tokens: troop enter tripoli on both sides: 2 bigrams each, both hit
    assert r2["precision"] == pytest.approx(1.0) and r2["recall"] == pytest.approx(1.0)


def test_rouge_porter_variant_and_exceptions() -> None:
    assert stem("agreement") == "agreem"  # ROUGE tries "ment"/"ent" after "ement" fails
    assert stem("statement") == "statem"
    assert stem("archaeology") == "archaeolog"  # logi -> log
    assert stem("possibly") == "possibl"  # bli -> ble, then e dropped
    assert stem("children") == "child"  # WordNet exception before Porter
    assert stem("was") == "was"  # 3 characters: never stemmed
    assert "the" in stopwords() and "however" in stopwords() and "flu" not in stopwords()
    tokens = RougeTokenizer().tokenize("The children were running, however the U.N. agreed.")
    assert tokens == ["child", "run", "agre"]


def test_date_f1() -> None:
    pred = [D(2020, 1, 1), D(2020, 1, 2), D(2020, 1, 3), D(2020, 1, 4)]
    ref = [D(2020, 1, 2), D(2020, 1, 4)]
    assert date_prf(pred, ref) == {"precision": 0.5, "recall": 1.0, "f1": pytest.approx(2 / 3)}
    assert date_prf([], ref)["f1"] == 0.0


def test_average_is_f_of_mean_precision_and_recall() -> None:
    def task(p: float, r: float) -> dict:
        s = {"precision": p, "recall": r, "f1": 0.0}
        return {"rouge": {"align+ m:1": {"rouge_1": s}}, "date": s, "seconds": 1.0}

    mean = average([task(1.0, 0.0), task(0.0, 1.0)])
    assert mean["date"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5}
    assert mean["rouge"]["align+ m:1"]["rouge_1"]["f1"] == 0.5
    assert mean["tasks"] == 2


def test_topic_folder_errors(tmp_path: Path) -> None:
    with pytest.raises(StorylineError, match="no timelines.jsonl"):
        find_topics(tmp_path)
    topic = tmp_path / "t"
    topic.mkdir()
    (topic / "articles.jsonl").write_text("")
    (topic / "timelines.jsonl").write_text('{"not": "a timeline"}\n')
    with pytest.raises(StorylineError, match=r"timelines.jsonl:1: expected"):
        find_topics(tmp_path)
    (topic / "timelines.jsonl").write_text(json.dumps([["2020-01-02", ["a ."]]]) + "\n")
    (found,) = find_topics(tmp_path)
    assert (
        found.name == "t" and found.keywords == [] and list(found.timelines[0]) == [D(2020, 1, 2)]
    )


def test_topic_dates_with_times(tmp_path: Path) -> None:
    # news-tls writes "2011-01-25T00:00:00" in timelines and "2011-01-25 10:00:00" for
    # articles: storyline.dates reads both as their day (a timeline's time used to be an error)
    topic = tmp_path / "t"
    topic.mkdir()
    tl = [["2020-01-02T00:00:00", ["a ."]], ["2020-01-04", ["b ."]]]
    (topic / "timelines.jsonl").write_text(json.dumps(tl) + "\n")
    stamps = ["2020-01-01 23:00:00", "2020-01-02 08:00:00", "2020-01-04T12:00", "2020-01-05", ""]
    lines = [json.dumps({"id": str(i), "time": t, "text": "x"}) for i, t in enumerate(stamps)]
    (topic / "articles.jsonl").write_text("\n".join(lines) + "\n")
    (found,) = find_topics(tmp_path)
    assert list(found.timelines[0]) == [D(2020, 1, 2), D(2020, 1, 4)]
    kept = _window_articles(found, tmp_path).read_text().splitlines()
    assert [json.loads(k)["id"] for k in kept] == ["1", "2"]
    (topic / "timelines.jsonl").write_text(json.dumps([["2020-01", ["a ."]]]) + "\n")
    with pytest.raises(StorylineError, match="timelines.jsonl:1: expected"):
        find_topics(tmp_path)  # a timeline lists days


def test_key_timeline_as_a_tls_output() -> None:
    from storyline.eval.tls import key_timeline

    def ev(day: str, precision: str, score: float, headline: str) -> dict[str, object]:
        return {"date_lo": day, "date_precision": precision, "score": score, "headline": headline}

    events = [
        ev("2011-03-19", "day", 5.0, "Air strikes began."),
        ev("2011-03-19", "day", 9.0, "The council voted."),
        ev("2011-03-01", "month", 8.0, "A month of fighting."),  # no day to score
        ev("2011-03-20", "day", 1.0, "Tanks were hit."),
    ]
    assert key_timeline(events, 1) == [
        ("2011-03-19", ["The council voted."]),
        ("2011-03-20", ["Tanks were hit."]),
    ]
    assert key_timeline(events, 2)[0] == (
        "2011-03-19",
        ["The council voted.", "Air strikes began."],
    )


def test_leave_one_topic_out_scores_each_topic_with_knobs_chosen_on_the_others() -> None:
    from storyline.eval.tls import TUNING_GRID, leave_one_topic_out

    def task(score: float) -> dict[str, object]:
        prf = {"precision": score, "recall": score, "f1": score}
        order = {"rouge_1": prf, "rouge_2": prf}
        return {"rouge": {"align+ m:1": order}, "date": prf, "seconds": 1.0}

    # topic A is best with knobs 0, topic B with knobs 1: each is scored with the other's best
    grid = {
        "A": [[task(0.9 if g == 0 else 0.1)] for g in range(len(TUNING_GRID))],
        "B": [[task(0.8 if g == 1 else 0.2)] for g in range(len(TUNING_GRID))],
    }
    out = leave_one_topic_out(grid)
    assert out["topics"]["A"]["knobs"] == TUNING_GRID[1]
    assert out["topics"]["A"]["scores"]["date"]["f1"] == pytest.approx(0.1)
    assert out["topics"]["B"]["knobs"] == TUNING_GRID[0]
    assert out["topics"]["B"]["tuned_on"] == ["A"]
    assert leave_one_topic_out({"A": grid["A"]})["topics"] == {}
