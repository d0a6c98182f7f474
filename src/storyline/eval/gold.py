"""Scoring extraction against the gold files (``gold/seeds-gold.json`` format).

Predictions and gold are matched per file by span overlap, one to one, greedily by overlap
(intersection over union first). Each kind (timexes, statements; later figures, proposals) has
its own scorer, registered by name in :data:`scorers`, so a new kind plugs in without touching
:func:`score_extraction`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import catalogue

from ..extract.entities import lexicon_canonical

scorers = catalogue.create("storyline", "scorers", entry_points=False)
"""Per-kind scorers: ``fn(pairs: list[FilePairs]) -> dict``, registered under the kind name."""

GOLD_KEYS = {"statements": "quotes", "timexes": "timexes"}
"""Where each kind sits in a gold record when its key differs from the kind's name."""

_STOP = frozenset({"the", "of", "a", "an", "and", "s", "for", "in", "on"})


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


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """The gold records of a gold file: a JSON list, one object per annotated article."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, list):
        kind = type(data).__name__
        raise ValueError(f"{path}: expected a JSON list of article records, got {kind}")
    return data


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


# --- fuzzy speaker names --------------------------------------------------------------------


def name_tokens(name: str) -> frozenset[str]:
    """Lower-case content words of a name, possessives and parentheses dropped."""
    name = name.replace("’", "'").lower()
    name = re.sub(r"'s?\b", " ", name)
    return frozenset(w for w in re.findall(r"[a-z0-9]+", name) if w not in _STOP)


def head_word(name: str) -> str | None:
    """The head of a speaker phrase: last word before 'of'/'(' ("spokesperson of X")."""
    core = re.split(r"\s+of\s+|\(|,", name, maxsplit=1)[0]
    words = re.findall(r"[A-Za-z0-9]+", core.replace("'s", ""))
    return words[-1].lower() if words else None


def proper_words(name: str) -> frozenset[str]:
    return frozenset(w.lower() for w in re.findall(r"\b[A-Z][A-Za-z0-9]*", name))


def name_variants(name: str) -> list[str]:
    """A name, its text without a parenthesis, the parenthesis, and its lexicon canonical."""
    out = [name]
    bare = re.sub(r"\s*\([^)]*\)", "", name).strip()
    if bare and bare != name:
        out.append(bare)
    out.extend(re.findall(r"\(([^)]*)\)", name))
    for v in list(out):
        lex = lexicon_canonical(v)
        if lex:
            out.append(lex[0])
    return out


def speaker_match(gold: str | None, pred: str | None, aliases: Iterable[str] = ()) -> bool:
    """Whether a predicted speaker (or one of its aliases) names the gold speaker.

    Same words, one name's words inside the other's ("Netanyahu" / "Benjamin Netanyahu"),
    the alias lexicon (IDF / Israeli military), or the same head noun with no clashing proper
    names ("spokesperson of the group's wing" / "Qassam Brigades spokesperson").
    """
    if not gold or not pred:
        return not gold and not pred
    golds = name_variants(gold)
    preds = [v for n in [pred, *aliases] if n for v in name_variants(n)]
    for g in golds:
        gt = name_tokens(g)
        for p in preds:
            pt = name_tokens(p)
            if gt and pt and (gt <= pt or pt <= gt):
                return True
    bare = re.sub(r"\s*\([^)]*\)", "", gold).strip() or gold
    gh, ph = head_word(bare), head_word(pred)
    if gh and gh == ph:
        gp, pp = proper_words(bare), proper_words(pred)
        return gp <= pp or pp <= gp
    return False


ScoreFn = Callable[[list[FilePairs]], dict[str, Any]]


# Scorers of other kinds live in their own modules and register on import.
from . import score_figures, score_proposals  # noqa: E402, F401
