"""Scoring extraction against the gold files (``gold/seeds-gold.json`` format).

Predictions and gold are matched per file by span overlap, one to one, greedily by overlap
(intersection over union first). Each kind (timexes, statements; later figures, proposals) has
its own scorer, registered by name in :data:`scoring.scorers`, so a new kind plugs in without
touching :func:`score_extraction`: timexes and statements here, figures and proposals in their
own modules (which import only ``scoring`` and ``names``, never this module).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# The scorers of other kinds live in their own modules and register on import.
from ..errors import Messages
from . import score_figures, score_proposals  # noqa: F401
from .names import speaker_match
from .scoring import (
    FilePairs,
    ScoreFn,
    match_spans,
    misses,
    prf,
    scorers,
    span_of,
    span_scores,
)

__all__ = [
    "FilePairs",
    "ScoreFn",
    "load_gold",
    "match_spans",
    "misses",
    "prf",
    "score_extraction",
    "scorers",
    "span_of",
    "span_scores",
    "speaker_match",
]
"""The scoring helpers stay importable from here (``scoring`` and ``names`` hold them)."""

GOLD_KEYS = {"statements": "quotes", "timexes": "timexes"}
"""Where each kind sits in a gold record when its key differs from the kind's name."""


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """The gold records of a gold file: a JSON list, one object per annotated article."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, list):
        kind = type(data).__name__
        raise ValueError(Messages.GOLD_NOT_A_LIST.format(path=path, kind=kind))
    return data


def score_extraction(
    gold: list[dict[str, Any]],
    predictions: dict[str, dict[str, Any]],
    *,
    kinds: Iterable[str] = ("timexes", "statements"),
    texts: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Score predictions against gold records, kind by kind.

    ``predictions`` maps a gold ``file`` value to ``{kind: [items with start, end, text …]}``,
    offsets into the whole file. Returns ``{kind: {scores…, "misses": {...}}}``; a kind with no
    registered scorer raises ``catalogue.RegistryError``. ``texts`` (file → article text)
    anchors gold items that carry a ``text`` but no ``start`` (proposals).
    """
    out: dict[str, Any] = {}
    for kind in kinds:
        score = scorers.get(kind)
        key = GOLD_KEYS.get(kind, kind)
        files = []
        for record in gold:
            g = anchored(list(record.get(key) or []), (texts or {}).get(record["file"]))
            p = list((predictions.get(record["file"]) or {}).get(kind) or [])
            files.append(FilePairs(record["file"], g, p, match_spans(g, p)))
        out[kind] = score(files)
    return out


def anchored(items: list[dict[str, Any]], text: str | None) -> list[dict[str, Any]]:
    """Gold items with a ``text`` but no ``start`` get the offset where the text first occurs
    in the article; one that cannot be found gets a span before the text, so it matches
    nothing and counts as a miss."""
    out = []
    for item in items:
        if "start" not in item:
            found = text.find(item.get("text") or "\0") if text is not None else -1
            item = {**item, "start": found if found >= 0 else -len(item.get("text", "")) - 1}
        out.append(item)
    return out


UNSCORED_TIMEX_VALUES = frozenset({"PAST_REF", "PRESENT_REF", "FUTURE_REF"})
"""TimeML's vague references ("the past", "now", "recently"): the gold format annotates only
expressions with a calendar value or a duration, so predictions of this value class are
outside it and left unscored."""


def scored_timex(pred: dict[str, Any]) -> bool:
    """Whether a predicted timex falls inside the gold format (its value is no vague *_REF)."""
    return str(pred.get("value")) not in UNSCORED_TIMEX_VALUES


@scorers.register("timexes")
def score_timexes(files: list[FilePairs]) -> dict[str, Any]:
    """Span P/R/F1, and value P/R/F1 (a hit needs a matched span and the same value).

    Convention for the gold format: predictions whose value is a vague reference
    (:data:`UNSCORED_TIMEX_VALUES`) are dropped before matching, so they count neither as hits
    nor as false positives; ``unscored`` says how many were set aside.
    """
    unscored = sum(1 for f in files for p in f.pred if not scored_timex(p))
    kept = [[p for p in f.pred if scored_timex(p)] for f in files]
    files = [
        FilePairs(f.file, f.gold, pred, match_spans(f.gold, pred))
        for f, pred in zip(files, kept, strict=True)
    ]
    out = span_scores(files)
    out["unscored"] = unscored
    same = sum(
        1
        for f in files
        for i, j in f.pairs
        if str(f.gold[i].get("value")) == str(f.pred[j].get("value"))
    )
    out["values"] = prf(same, out["predicted"], out["gold"])
    out["misses"] = misses(files, ("value",))
    out["misses"]["wrong_values"] = [
        {
            "file": f.file,
            "text": f.gold[i].get("text"),
            "gold": f.gold[i].get("value"),
            "predicted": f.pred[j].get("value"),
        }
        for f in files
        for i, j in f.pairs
        if str(f.gold[i].get("value")) != str(f.pred[j].get("value"))
    ]
    return out


@scorers.register("statements")
def score_statements(files: list[FilePairs]) -> dict[str, Any]:
    """Span P/R/F1, speaker accuracy (fuzzy, alias aware) and direct/reported accuracy over the
    matched pairs, recall by type, and the misses."""
    out = span_scores(files)
    matched = [(f, f.gold[i], f.pred[j]) for f in files for i, j in f.pairs]
    speaker_ok = [
        speaker_match(g.get("speaker"), p.get("speaker"), p.get("speaker_aliases", []))
        for _, g, p in matched
    ]
    direct_ok = [bool(g.get("direct")) == bool(p.get("direct")) for _, g, p in matched]
    out["speaker_accuracy"] = round(sum(speaker_ok) / len(matched), 4) if matched else 0.0
    out["direct_accuracy"] = round(sum(direct_ok) / len(matched), 4) if matched else 0.0
    for direct, name in ((True, "direct"), (False, "reported")):
        n = sum(1 for f in files for g in f.gold if bool(g.get("direct")) == direct)
        hit = sum(1 for f in files for i, _ in f.pairs if bool(f.gold[i].get("direct")) == direct)
        out[f"{name}_recall"] = round(hit / n, 4) if n else 0.0
    out["misses"] = misses(files, ("speaker", "direct"))
    out["misses"]["wrong_speakers"] = [
        {
            "file": f.file,
            "text": g.get("text"),
            "gold": g.get("speaker"),
            "predicted": p.get("speaker"),
        }
        for (f, g, p), ok in zip(matched, speaker_ok, strict=True)
        if not ok
    ]
    return out
