"""Scoring negotiation proposals against gold.

Gold proposals carry a ``text`` but no ``start``: ``score_extraction`` anchors them where the
text first occurs in the article, and predictions match them one to one by span overlap.
Over the matched pairs:

- ``response``: exact (accepted, rejected, studying, countered, unknown);
- ``proposer``/``responder``: a normalized fuzzy name match — the statements' speaker match
  (same words, one name inside the other, the alias lexicon, a parenthesis in the gold name
  "Israel (Benjamin Netanyahu)" as an alternative) plus nationality words standing for their
  country ("the Israeli side" names Israel: a word of one is a prefix, 5+ letters, of a word of
  the other); an "unspecified" gold proposer matches an empty prediction;
- ``offer``/``in_exchange_for``: content-word token overlap F1 ≥ 0.5 (a gold note in
  parentheses is left out; an empty gold value only matches an empty prediction).
"""

from __future__ import annotations

import re
from typing import Any

from .names import name_tokens, speaker_match
from .scoring import FilePairs, misses, scorers, span_scores

OVERLAP = 0.5
_NOTE = re.compile(r"\s*\([^)]*\)")
_UNSPECIFIED = ("unspecified", "unknown", "none")
_STOP = frozenset({"the", "a", "an", "of", "and", "to", "for", "in", "on", "by", "with", "s"})


def content_tokens(text: str | None) -> set[str]:
    """Lower-case content words of a phrase, a parenthesized note dropped."""
    text = _NOTE.sub("", text or "")
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP}


def overlap_f1(gold: str | None, pred: str | None) -> float:
    g, p = content_tokens(gold), content_tokens(pred)
    if not g or not p:
        return 1.0 if not g and not p else 0.0
    hit = len(g & p)
    if not hit:
        return 0.0
    precision, recall = hit / len(p), hit / len(g)
    return 2 * precision * recall / (precision + recall)


def party_match(gold: str | None, pred: str | None) -> bool:
    """Whether a predicted proposer or responder names the gold party (see module doc)."""
    if not gold or gold.lower().startswith(_UNSPECIFIED):
        return not pred
    if not pred:
        return False
    if speaker_match(gold, pred):
        return True
    g = name_tokens(gold)
    p = name_tokens(pred)
    return any(
        len(short) >= 5 and long.startswith(short)
        for a in g
        for b in p
        for short, long in ((min(a, b, key=len), max(a, b, key=len)),)
    )


def accuracy(flags: list[bool]) -> float:
    return round(sum(flags) / len(flags), 4) if flags else 0.0


@scorers.register("proposals")
def score_proposals(files: list[FilePairs]) -> dict[str, Any]:
    """Span P/R/F1; over matched pairs, accuracy of response, proposer, responder, offer and
    in_exchange_for; the misses and the wrong fields."""
    out = span_scores(files)
    matched = [(f, f.gold[i], f.pred[j]) for f in files for i, j in f.pairs]
    checks = {
        "response": lambda g, p: (
            (g.get("response") or "unknown") == (p.get("response") or "unknown")
        ),
        "proposer": lambda g, p: party_match(g.get("proposer"), p.get("proposer")),
        "responder": lambda g, p: party_match(g.get("responder"), p.get("responder")),
        "offer": lambda g, p: overlap_f1(g.get("offer"), p.get("offer")) >= OVERLAP,
        "in_exchange_for": lambda g, p: (
            overlap_f1(g.get("in_exchange_for"), p.get("in_exchange_for")) >= OVERLAP
        ),
    }
    wrong: list[dict[str, Any]] = []
    for name, check in checks.items():
        flags = []
        for f, g, p in matched:
            ok = check(g, p)
            flags.append(ok)
            if not ok:
                wrong.append(
                    {"file": f.file, "field": name, "gold": g.get(name), "predicted": p.get(name)}
                )
        out[f"{name}_accuracy"] = accuracy(flags)
    out["speaker_accuracy"] = out["proposer_accuracy"]  # the "value / speaker" eval column
    out["misses"] = misses(files, ("proposer", "response"))
    out["misses"]["wrong_fields"] = wrong
    return out
