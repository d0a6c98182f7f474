"""`storyline eval proposals`: proposals and answers of a real negotiation, threaded.

The gold (``gold/proposals/<topic>.json``, rules in ``gold/proposals/RULES.md``) annotates every
proposal and every answer of a window of consecutive articles, with a ``plan`` id shared by
the mentions of one proposal and, on each answer, the plan it answers. The window is ingested
as a user would ingest it (``eval.findings``: one JSONL line each, raw text verbatim, store ids
mapped back to corpus ids by source line) and what the store then holds is scored:

- ``proposals``: span P/R/F1 by overlap against the gold proposals that are not background; a
  prediction storyline marks as background is not counted, one that overlaps only a background
  gold mention is neither right nor wrong. Over matched pairs: ``proposer`` (the speaker match
  of ``eval.names``; no gold proposer matches no prediction), ``form`` (exact), ``offer``
  (content-word overlap F1 ≥ 0.5 with the predicted offer, or with what a predicted demand
  asks when it gives nothing);
- ``answers``: every predicted answer (a proposal mention with a response, at the response's
  span) against the gold answers by overlap: P/R; ``response_accuracy`` of the matched ones
  ("answers right of those given"), ``responder`` accuracy; ``linking``: a matched answer is
  linked right when the thread it belongs to (``storyline negotiations``) holds a mention of
  the gold plan it answers; an answer in no thread with a plan counts as unlinked.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import window
from .names import speaker_match
from .score_proposals import overlap_f1
from .scoring import prf, span_of

if TYPE_CHECKING:
    from ..api import Storyline

OVERLAP = 0.5


def load_gold(path: str | Path) -> dict[str, Any]:
    return window.load_gold(path, "proposals", ("proposals", "answers"))


def evaluate_negotiations(
    gold_path: str | Path,
    *,
    shared: str | Path | None = None,
    model: str | None = None,
) -> dict[str, Any]:
    """Proposal, answer and linking scores of one topic's window (see the module doc), for
    the whole window and its two halves (development, held out)."""
    gold, records = window.gold_window(gold_path, "proposals", ("proposals", "answers"), shared)
    pred = predict(records, model)
    out = {"all": score(gold, pred)}
    ids = [str(i) for i in gold["window"]["articles"]]
    half = len(ids) // 2
    for name, part in (("development", ids[:half]), ("held_out", ids[half:])):
        out[name] = score(gold, pred, set(part))
    return {**out["all"], "halves": {k: out[k] for k in ("development", "held_out")}}


def predict(records: list[dict[str, Any]], model: str | None) -> dict[str, Any]:
    """Ingest the window; its proposal mentions and threads with corpus ids on every span."""
    return window.ingest_window(records, model, _read)


def _read(sl: Storyline, ids: dict[str, str]) -> dict[str, Any]:
    proposals, threads = sl.proposals(), sl.negotiations()
    for p in proposals:
        p["article_id"] = ids[p["article_id"]]
    for t in threads:
        for c in [t["citation"], *t["mentions"]] + [c for s in t["steps"] for c in s["citations"]]:
            c["article_id"] = ids.get(c["article_id"], c["article_id"])
    return {"proposals": proposals, "threads": threads}


# --------------------------------------------------------------------------- scoring


def score(
    gold: dict[str, Any], pred: dict[str, Any], articles: set[str] | None = None
) -> dict[str, Any]:
    """Scores of predictions (``proposals``, ``threads`` with corpus ids) vs gold, on the
    ``articles`` given (default: all)."""

    def keep(article: Any) -> bool:
        return articles is None or str(article) in articles

    golds = [g for g in gold["proposals"] if keep(g["article"])]
    preds = [p for p in pred["proposals"] if keep(p["article_id"]) and not p.get("background")]
    out: dict[str, Any] = {"articles": len(articles or gold["window"]["articles"])}
    out["proposals"] = _proposal_scores(golds, preds)
    answers = [a for a in gold["answers"] if keep(a["article"])]
    out["answers"] = _answer_scores(gold, answers, preds, pred["threads"])
    return out


def _proposal_scores(golds: list[dict[str, Any]], preds: list[dict[str, Any]]) -> dict[str, Any]:
    files = window.pairs_by_article(golds, preds)
    # a prediction over a background mention only is neither right nor wrong
    neutral = 0
    for f in files:
        for j, _ in enumerate(f.pred):
            gi = next((i for i, jj in f.pairs if jj == j), None)
            if gi is not None and f.gold[gi].get("background"):
                neutral += 1
    main = [g for g in golds if not g.get("background")]
    tp = sum(1 for f in files for i, _ in f.pairs if not f.gold[i].get("background"))
    # unmatched predictions overlapping a background gold mention are neutral too
    for f in files:
        hit = {j for _, j in f.pairs}
        for j, p in enumerate(f.pred):
            if j not in hit and any(
                g.get("background") and _overlap(span_of(g), span_of(p)) for g in f.gold
            ):
                neutral += 1
    counted = len(preds) - neutral
    out: dict[str, Any] = {
        "spans": prf(tp, counted, len(main)),
        "gold": len(main),
        "gold_background": len(golds) - len(main),
        "predicted": counted,
        "matched": tp,
        "neutral": neutral,
    }
    matched = [
        (f.gold[i], f.pred[j]) for f in files for i, j in f.pairs if not f.gold[i].get("background")
    ]
    checks = {
        "proposer": lambda g, p: party_match(g.get("proposer"), p.get("proposer")),
        "form": lambda g, p: (g.get("form") or None) == (p.get("form") or None),
        "offer": lambda g, p: content_overlap(g, p) >= OVERLAP,
    }
    wrong: list[dict[str, Any]] = []
    for name, check in checks.items():
        flags = [check(g, p) for g, p in matched]
        out[f"{name}_accuracy"] = _acc(flags)
        wrong += [
            {"id": g.get("id"), "field": name, "gold": g.get(name), "predicted": _field(name, p)}
            for (g, p), ok in zip(matched, flags, strict=True)
            if not ok
        ]
    out["wrong_fields"] = wrong
    out["missed"] = [
        {"id": g.get("id"), "text": g.get("text")}
        for f in files
        for g in f.unmatched_gold
        if not g.get("background")
    ]
    out["extra"] = [
        {"article": f.file, "text": p.get("text"), "proposer": p.get("proposer")}
        for f in files
        for p in f.unmatched_pred
        if not any(g.get("background") and _overlap(span_of(g), span_of(p)) for g in f.gold)
    ]
    return out


def party_match(gold: str | None, pred: str | None) -> bool:
    """The speaker match, with an acronym the same party as its expansion ('AU' = 'African
    Union (mission headed by …)'): how a reader counts it."""
    if speaker_match(gold, pred):
        return True
    if not gold or not pred:
        return False
    return _acronym(gold) == pred or _acronym(pred) == gold


def _acronym(name: str) -> str:
    head = name.split("(")[0]
    return "".join(w[0] for w in head.split() if w[:1].isupper())


def content_overlap(g: dict[str, Any], p: dict[str, Any]) -> float:
    """How well the predicted content covers the gold ``offer``: the offer, or what a demand
    asks when it gives nothing (storyline keeps a demand's object in ``in_exchange_for``)."""
    best = overlap_f1(g.get("offer"), p.get("offer"))
    if not p.get("offer") and p.get("in_exchange_for"):
        best = max(best, overlap_f1(g.get("offer"), p.get("in_exchange_for")))
    return best


def _field(name: str, p: dict[str, Any]) -> Any:
    if name == "offer":
        return p.get("offer") or p.get("in_exchange_for")
    return p.get(name)


def _answer_scores(
    gold: dict[str, Any],
    answers: list[dict[str, Any]],
    preds: list[dict[str, Any]],
    threads: list[dict[str, Any]],
) -> dict[str, Any]:
    given = [_answer(p) for p in preds if (p.get("response") or "unknown") != "unknown"]
    files = window.pairs_by_article(answers, given)
    matched = [(f.gold[i], f.pred[j]) for f in files for i, j in f.pairs]
    plans = _thread_plans(gold["proposals"], threads)
    right = [g.get("response") == p["response"] for g, p in matched]
    linked = [plans.get(p["key"]) for _, p in matched]
    links = [
        lk is not None and lk == g.get("answers")
        for (g, _), lk in zip(matched, linked, strict=True)
    ]
    n_right = sum(right)
    return {
        "spans": prf(len(matched), len(given), len(answers)),
        "right": prf(n_right, len(given), len(answers)),
        "gold": len(answers),
        "given": len(given),
        "matched": len(matched),
        "response_accuracy": _acc(right),
        "responder_accuracy": _acc(
            [speaker_match(g.get("responder"), p.get("responder")) for g, p in matched]
        ),
        "linked": sum(lk is not None for lk in linked),
        "link_accuracy": _acc(links),
        "wrong": [
            {
                "id": g.get("id"),
                "gold": f"{g.get('response')} {g.get('answers')}",
                "predicted": f"{p['response']} {lk}",
                "text": p.get("text"),
            }
            for (g, p), ok, lk, rk in zip(matched, links, linked, right, strict=True)
            if not (ok and rk)
        ],
        "missed": [
            {"id": g.get("id"), "text": g.get("text")} for f in files for g in f.unmatched_gold
        ],
    }


def _answer(p: dict[str, Any]) -> dict[str, Any]:
    span = p.get("response_span") or [p["start"], p["end"]]
    return {
        "article_id": p["article_id"],
        "start": span[0],
        "end": span[1],
        "response": p["response"],
        "responder": p.get("responder"),
        "text": p.get("text"),
        "key": (p["article_id"], p["start"], p["end"]),
    }


def _thread_plans(
    gold_proposals: list[dict[str, Any]], threads: list[dict[str, Any]]
) -> dict[tuple[str, int, int], str | None]:
    """A predicted mention → the gold plan its thread names most (None: none)."""
    located: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in gold_proposals:
        if g.get("plan"):
            located[str(g["article"])].append(g)
    out: dict[tuple[str, int, int], str | None] = {}
    for t in threads:
        votes: Counter[str] = Counter()
        for c in t["mentions"]:
            for g in located.get(str(c["article_id"]), ()):
                if _overlap(span_of(g), (c["start"], c["end"])):
                    votes[g["plan"]] += 1
        plan = votes.most_common(1)[0][0] if votes else None
        for c in t["mentions"]:
            out[(c["article_id"], c["start"], c["end"])] = plan
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _acc(flags: list[bool]) -> float | None:
    return round(sum(flags) / len(flags), 4) if flags else None
