"""`eval proposals` on a hand-made gold, the negotiation threads, and `storyline negotiations`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from storyline.eval.negotiations import score
from storyline.outputs.cli import app
from storyline.story.negotiations import build_threads, thread_record

runner = CliRunner()


def gp(gid: str, article: str, start: int, end: int, plan: str, **kw: Any) -> dict[str, Any]:
    return {"id": gid, "article": article, "start": start, "end": end, "plan": plan, **kw}


GOLD = {
    "window": {"articles": ["a1", "a2"]},
    "proposals": [
        gp("g1", "a1", 10, 30, "p1", proposer="Union", form="plan", offer="a truce and talks"),
        gp("g2", "a1", 50, 60, "p1", proposer="Union", form="plan", background=True),
        gp("g3", "a2", 5, 25, "p2", proposer="Rebels", form="demand", offer="the chief leaves"),
    ],
    "answers": [
        {
            "id": "r1",
            "article": "a2",
            "start": 40,
            "end": 60,
            "answers": "p1",
            "response": "rejected",
            "responder": "Rebels",
        },
        {
            "id": "r2",
            "article": "a2",
            "start": 70,
            "end": 90,
            "answers": "p2",
            "response": "rejected",
            "responder": "the chief",
        },
    ],
}


def pred(article: str, start: int, end: int, **kw: Any) -> dict[str, Any]:
    return {"article_id": article, "start": start, "end": end, "text": "t", **kw}


PRED = {
    "proposals": [
        pred("a1", 10, 30, proposer="Union", form="plan", offer="truce and talks"),
        pred("a1", 52, 58, proposer="Union", form="plan"),  # a background mention: neutral
        pred("a1", 70, 80, proposer="Union", background=True),  # marked background: left out
        pred("a2", 5, 25, proposer="Rebels", form="plan", in_exchange_for="the chief leaves"),
        pred("a2", 100, 120, proposer="Someone", form="offer"),  # not in the gold
        pred("a2", 30, 38, proposer="Union", form="plan", response="rejected",
             responder="rebels", response_span=[40, 60]),
    ],
    "threads": [
        {"mentions": [{"article_id": "a1", "start": 10, "end": 30},
                      {"article_id": "a2", "start": 30, "end": 38}], "steps": []},
    ],
}  # fmt: skip


def test_score_on_a_hand_made_gold() -> None:
    out = score(GOLD, PRED)
    p = out["proposals"]
    assert (p["gold"], p["gold_background"], p["predicted"], p["matched"]) == (2, 1, 4, 2)
    assert p["neutral"] == 1
    assert p["spans"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667}
    # the demand's content is what it asks: the offer check reads in_exchange_for
    assert (p["proposer_accuracy"], p["form_accuracy"], p["offer_accuracy"]) == (1.0, 0.5, 1.0)
    assert [x["text"] for x in p["extra"]] == ["t", "t"]
    a = out["answers"]
    assert (a["gold"], a["given"], a["matched"], a["linked"]) == (2, 1, 1, 1)
    assert a["right"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667}
    assert a["response_accuracy"] == 1.0 and a["link_accuracy"] == 1.0
    assert [m["id"] for m in a["missed"]] == ["r2"]
    # scored on one article only
    part = score(GOLD, PRED, {"a1"})
    assert part["proposals"]["spans"]["recall"] == 1.0 and part["answers"]["gold"] == 0


def mention(article: str, start: int, date: str, **kw: Any) -> dict[str, Any]:
    base = {"article_id": article, "start": start, "end": start + 10, "date": date}
    return {**base, "text": "t", "sentence": 0, "published": date, **kw}


def test_threads_link_answers_by_plan_and_party_in_time_order() -> None:
    road = mention(
        "a1",
        0,
        "2011-04-10",
        proposer="African Union",
        plan_noun="roadmap",
        form="plan",
        offer="a ceasefire",
        plan="African Union roadmap",
    )
    rejected = mention(
        "a2",
        0,
        "2011-04-11",
        proposer="African Union delegation",
        plan_noun="plan",
        form="plan",
        reference=True,
        response="rejected",
        responder="rebels",
        response_span=[20, 30],
    )
    accepted = mention(
        "a3",
        5,
        "2011-04-12",
        plan_noun="proposal",
        reference=True,
        response="accepted",
        responder="Gaddafi",
    )
    early = mention(
        "a0",
        0,
        "2011-04-09",
        proposer="African Union",
        plan_noun="plan",
        reference=True,
        response="accepted",
        responder="Gaddafi",
    )
    demand = mention("a3", 50, "2011-04-12", proposer="Rebels", form="demand")
    threads = build_threads([demand, accepted, rejected, road, early])
    assert len(threads) == 2
    roadmap = next(t for t in threads if t.key is not None)
    assert roadmap.head is road  # the first mention that states something
    sentence = {"text": "Rebels rejected the plan.", "start": 10, "end": 35}
    rec = thread_record(roadmap, {("a2", 0): sentence})
    assert (rec["proposer"], rec["offer"], rec["date"]) == (
        "African Union",
        "a ceasefire",
        "2011-04-10",
    )
    steps = [(s["date"], s["response"], s["responder"]) for s in rec["steps"]]
    # the acceptance dated before the plan is left out; the rest in time order
    assert steps == [("2011-04-11", "rejected", "rebels"), ("2011-04-12", "accepted", "Gaddafi")]
    first = rec["steps"][0]["citations"][0]
    assert (first["article_id"], first["start"], first["end"]) == ("a2", 20, 30)
    assert first["sentence"] == "Rebels rejected the plan."
    assert (first["sentence_start"], first["sentence_end"]) == (10, 35)
    assert len(rec["mentions"]) == 4


def test_a_reference_with_two_candidate_plans_stays_unlinked() -> None:
    a = mention("a1", 0, "2011-04-10", proposer="Union", plan_noun="plan", form="plan")
    b = mention("a2", 0, "2011-04-10", proposer="League", plan_noun="plan", form="plan")
    ref = mention("a3", 0, "2011-04-11", plan_noun="plan", reference=True, response="rejected")
    threads = build_threads([a, b, ref])
    assert len(threads) == 3 and all(len(t.mentions) == 1 for t in threads)


TEXT = (
    "The Coastal Union presented a roadmap for ending the war on Monday, including an "
    "immediate ceasefire.\n\nThe rebels rejected the Coastal Union plan on Tuesday."
)


def test_negotiations_and_proposals_commands(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("March 3, 2025\n\n" + TEXT, encoding="utf-8")
    db = str(tmp_path / "s.db")
    assert runner.invoke(app, ["--db", db, "ingest", str(src)]).exit_code == 0
    res = runner.invoke(app, ["--db", db, "proposals", "--format", "json"])
    rows = json.loads(res.stdout)
    raw = src.read_text(encoding="utf-8")
    assert {"plan", "addressee", "background", "reference"} <= set(rows[0])
    for row in rows:
        assert raw[row["start"] : row["end"]] == row["text"]
    res = runner.invoke(app, ["--db", db, "negotiations", "--format", "json"])
    assert res.exit_code == 0, res.output
    (thread,) = json.loads(res.stdout)
    assert thread["proposer"] == "Coastal Union" and "ending the war" in thread["offer"]
    (step,) = thread["steps"]
    assert (step["response"], step["responder"]) == ("rejected", "rebels")
    cited = step["citations"][0]
    assert "rejected" in raw[cited["start"] : cited["end"]]
    assert cited["sentence"].startswith("The rebels rejected")
    res = runner.invoke(app, ["--db", db, "negotiations"])
    assert res.exit_code == 0 and "negotiations (2)" in res.stdout
