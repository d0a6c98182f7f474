"""Scoring figures against gold: value, qualifier, counted, status, as_of; source fuzzy.

Spans are matched one to one by overlap (``scoring.match_spans``). Over the matched pairs each
field is compared exactly (numbers with a small tolerance, for shares such as 33.3 percent);
a figure is *fully correct* when value, qualifier, counted and status are all right, and the
"figure F1" (``values.f1``, the number ``eval extract`` shows) counts a true positive only for
a matched and fully correct figure.

Source is free text in the gold ("Prime Minister's Office (Israel) (via Xinhua)"), so it is
compared with a documented fuzzy rule, :func:`source_match`: both empty, or, after "(via X)"
becomes "(X)", :func:`names.speaker_match` (same content words, one name's words inside the
other's, a parenthesis or the alias lexicon naming the same entity, or the same head noun with
no clashing proper names).
"""

from __future__ import annotations

import re
from typing import Any

from .names import speaker_match
from .scoring import FilePairs, misses, prf, scorers, span_scores

EXACT_FIELDS = ("value", "high", "qualifier", "counted", "status", "unit", "as_of")
FULL_FIELDS = ("value", "qualifier", "counted", "status")
"""A figure is right when these are: what it says, not where it came from."""
_VIA = re.compile(r"\(\s*via\s+", re.I)


def same_field(name: str, gold: Any, pred: Any) -> bool:
    """Exact equality; numbers within 0.05 (or 1e-6 relative); None equals None."""
    if name in ("value", "high") and gold is not None and pred is not None:
        try:
            g, p = float(gold), float(pred)
        except (TypeError, ValueError):
            return False
        return abs(g - p) <= max(0.05, 1e-6 * abs(g))
    if gold is None or pred is None:
        return gold is None and pred is None
    return str(gold).casefold() == str(pred).casefold()


def source_match(gold: str | None, pred: str | None) -> bool:
    """Whether a predicted source names the gold one (see the module docstring)."""
    if not gold or not pred:
        return not gold and not pred
    return speaker_match(_VIA.sub("(", gold), _VIA.sub("(", pred))


def fully_correct(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    return all(same_field(k, gold.get(k), pred.get(k)) for k in FULL_FIELDS)


@scorers.register("figures")
def score_figures(files: list[FilePairs]) -> dict[str, Any]:
    """Span P/R/F1; figure F1 (``values``: span and value+qualifier+counted+status right);
    per-field accuracy over matched pairs; source (fuzzy) and as_of accuracy; the misses."""
    out = span_scores(files)
    matched = [(f, f.gold[i], f.pred[j]) for f in files for i, j in f.pairs]
    full = [fully_correct(g, p) for _, g, p in matched]
    out["values"] = prf(sum(full), out["predicted"], out["gold"])
    out["full_correct_rate"] = _rate(full)
    fields = {
        name: _rate([same_field(name, g.get(name), p.get(name)) for _, g, p in matched])
        for name in EXACT_FIELDS
    }
    fields["source"] = _rate(
        [source_match(g.get("source"), p.get("source")) for _, g, p in matched]
    )
    out["field_accuracy"] = fields
    out["as_of_accuracy"] = fields["as_of"]
    out["source_accuracy"] = fields["source"]
    out["misses"] = misses(files, ("value", "qualifier", "counted", "status"))
    out["misses"]["wrong_fields"] = [
        {"file": f.file, "text": g.get("text"), **wrong}
        for f, g, p in matched
        if (wrong := _wrong(g, p))
    ]
    return out


def _wrong(gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, Any]:
    """Field → [gold, predicted] for every field the prediction got wrong."""
    out: dict[str, Any] = {}
    for name in (*FULL_FIELDS, "high", "as_of"):
        if not same_field(name, gold.get(name), pred.get(name)):
            out[name] = [gold.get(name), pred.get(name)]
    if not source_match(gold.get("source"), pred.get("source")):
        out["source"] = [gold.get("source"), pred.get("source")]
    return out


def _rate(flags: list[bool]) -> float:
    return round(sum(flags) / len(flags), 4) if flags else 0.0
