"""What every per-kind scorer shares: the scorer registry, one file's matched pairs, span
matching, P/R/F1 and the misses.

A bottom module of ``eval``: ``gold.py`` and the scorer modules (``score_figures``,
``score_proposals``) import it, and it imports none of them, so a scorer registers itself
here without a cycle back through ``gold.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import catalogue

scorers = catalogue.create("storyline", "scorers", entry_points=False)
"""Per-kind scorers: ``fn(pairs: list[FilePairs]) -> dict``, registered under the kind name."""


@dataclass(slots=True)
class FilePairs:
    """One file's gold and predicted items of one kind, and the matched index pairs."""

    file: str
    gold: list[dict[str, Any]]
    pred: list[dict[str, Any]]
    pairs: list[tuple[int, int]] = field(default_factory=list)

    @property
    def unmatched_gold(self) -> list[dict[str, Any]]:
        hit = {g for g, _ in self.pairs}
        return [g for i, g in enumerate(self.gold) if i not in hit]

    @property
    def unmatched_pred(self) -> list[dict[str, Any]]:
        hit = {p for _, p in self.pairs}
        return [p for i, p in enumerate(self.pred) if i not in hit]


ScoreFn = Callable[[list[FilePairs]], dict[str, Any]]


def span_of(item: dict[str, Any]) -> tuple[int, int]:
    """(start, end) of a gold item (start + text) or a prediction (start, end)."""
    start = int(item["start"])
    end = item.get("end")
    return start, int(end) if end is not None else start + len(item.get("text", ""))


def match_spans(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one pairs of overlapping spans, best overlap (IoU, then length) first."""
    gs = [span_of(g) for g in gold]
    ps = [span_of(p) for p in pred]
    options = []
    for i, (g0, g1) in enumerate(gs):
        for j, (p0, p1) in enumerate(ps):
            inter = min(g1, p1) - max(g0, p0)
            if inter > 0:
                union = max(g1, p1) - min(g0, p0)
                options.append((inter / union, inter, i, j))
    options.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, _, i, j in options:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def span_scores(files: list[FilePairs]) -> dict[str, Any]:
    tp = sum(len(f.pairs) for f in files)
    n_pred = sum(len(f.pred) for f in files)
    n_gold = sum(len(f.gold) for f in files)
    exact = sum(1 for f in files for i, j in f.pairs if span_of(f.gold[i]) == span_of(f.pred[j]))
    return {
        "spans": prf(tp, n_pred, n_gold),
        "exact_spans": prf(exact, n_pred, n_gold),
        "gold": n_gold,
        "predicted": n_pred,
        "matched": tp,
    }


def misses(files: list[FilePairs], fields: tuple[str, ...]) -> dict[str, list[dict[str, Any]]]:
    def brief(f: str, item: dict[str, Any]) -> dict[str, Any]:
        start, end = span_of(item)
        return {
            "file": f,
            "start": start,
            "end": end,
            "text": item.get("text"),
            **{k: item.get(k) for k in fields if k in item},
        }

    return {
        "false_negatives": [brief(f.file, g) for f in files for g in f.unmatched_gold],
        "false_positives": [brief(f.file, p) for f in files for p in f.unmatched_pred],
    }
