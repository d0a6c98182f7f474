"""`storyline eval findings`: figures read as measurements, series and discrepancies, on real news.

The gold (``gold/findings/<topic>.json``, rules in ``gold/findings/RULES.md``) annotates every
figure of a window of consecutive articles of a real topic with its frame (what is measured,
where, which period, how sure, who says so) and lists the genuine conflicts and revisions.
The window's articles are ingested as a user would ingest them (one JSONL line each, raw text
verbatim, so gold offsets are stored offsets), and what the store then holds is scored:

- ``figures``: span P/R/F1 (every quantity), per-field accuracy over matched pairs;
- ``series``: purity (the share of a predicted series' points that measure its majority gold
  frame) and how many gold frames were split over several series;
- ``discrepancies``: a predicted conflict or revision is right when both figures match gold
  figures of the same frame and their values cannot both hold (a gold discrepancy, or both
  asserted for the same day with disjoint qualifier intervals); recall counts the gold
  discrepancies some predicted conflict or revision names.
A field the prediction does not carry counts as wrong, except ``modality``: a figure storyline
reports without one is, by what it shows, ``asserted``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import window
from .names import speaker_match
from .scoring import FilePairs, prf, span_of, span_scores

if TYPE_CHECKING:
    from ..api import Storyline

FIELDS = (
    "value",
    "high",
    "qualifier",
    "unit",
    "counted",
    "status",
    "place",
    "population",
    "period",
    "as_of",
    "modality",
    "source",
)
APPROX = 0.1
"""An "about N" figure covers N ± 10 % when deciding whether two values can both hold."""
Key = tuple[str, int, int]
"""A figure's place: (corpus article id, start, end)."""


# --------------------------------------------------------------------------- loading


def load_gold(path: str | Path) -> dict[str, Any]:
    return window.load_gold(path, "findings", ("figures", "discrepancies"))


def predict(records: list[dict[str, Any]], model: str | None) -> dict[str, Any]:
    """Ingest the window; its figures, series and findings with corpus ids on every span."""
    return window.ingest_window(records, model, _read)


def _read(sl: Storyline, ids: dict[str, str]) -> dict[str, Any]:
    figures = [{**f, "article_id": ids[f["article_id"]]} for f in sl.figures()]
    series, findings = sl.series(), sl.conflicts()
    for s in series:
        for p in s["points"]:
            p["citation"]["article_id"] = ids[p["citation"]["article_id"]]
    for f in findings:
        for side in (f["a"], f["b"]):
            side["article_id"] = ids[side["article_id"]]
    return {"figures": figures, "series": series, "findings": findings}


# --------------------------------------------------------------------------- scoring


def evaluate_findings(
    gold_path: str | Path, *, shared: str | Path | None = None, model: str | None = None
) -> dict[str, Any]:
    """Figure, series and discrepancy scores of one topic's window (see the module doc)."""
    gold, records = window.gold_window(gold_path, "findings", ("figures", "discrepancies"), shared)
    return score(gold, predict(records, model))


def score(gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, Any]:
    """Scores of predictions (``figures``, ``series``, ``findings`` with corpus ids) vs gold."""
    files = window.pairs_by_article(gold["figures"], pred["figures"])
    located = _locator(gold["figures"])
    out: dict[str, Any] = {"articles": len(gold["window"]["articles"])}
    out["figures"] = {**span_scores(files), "field_accuracy": _field_accuracy(files)}
    out["series"] = _series_scores(pred["series"], located)
    out["discrepancies"] = _discrepancy_scores(gold, pred["findings"], located)
    return out


def _field_accuracy(files: list[FilePairs]) -> dict[str, float | None]:
    matched = [(f.gold[i], f.pred[j]) for f in files for i, j in f.pairs]
    out: dict[str, float | None] = {}
    for name in FIELDS:
        hits = [same(name, g.get(name), predicted_field(name, p)) for g, p in matched]
        out[name] = round(sum(hits) / len(hits), 4) if hits else None
    return out


QUALIFIERS = {
    "more_than": "at_least",
    "up_to": "at_most",
    "nearly": "at_most",
    "less_than": "at_most",
    "about": "approx",
}
"""storyline's qualifier names → the gold's (RULES.md): the same intervals, other words."""


def predicted_field(name: str, pred: dict[str, Any]) -> Any:
    if name == "modality":
        return pred.get("modality") or "asserted"
    if name == "population":
        # a store from before the frame fields has only the free-text subject
        return pred["population"] if "population" in pred else pred.get("subject")
    if name == "counted":
        # the gold's counted is the head noun (RULES.md), storyline's ``noun``
        return pred.get("noun") or pred.get("counted")
    if name == "qualifier":
        if pred.get("high") is not None and pred.get("qualifier") in (None, "exact"):
            return "range"
        return QUALIFIERS.get(pred.get("qualifier") or "", pred.get("qualifier"))
    return pred.get(name)


def same(name: str, gold: Any, pred: Any) -> bool:
    """Field equality: numbers within 1e-6, nouns without case or a plural s, places and
    populations when one names the other, sources by the speaker rule."""
    if gold is None or pred is None or gold == "" or pred == "":
        return gold in (None, "") and pred in (None, "")
    if name in ("value", "high"):
        try:
            return abs(float(gold) - float(pred)) <= 1e-6 * max(1.0, abs(float(gold)))
        except (TypeError, ValueError):
            return False
    if name == "source":
        return speaker_match(str(gold), str(pred))
    g, p = _fold(str(gold)), _fold(str(pred))
    if name in ("place", "population"):
        return g in p or p in g
    return g == p


def _fold(text: str) -> str:
    words = text.casefold().replace("_", " ").split()
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)


# --------------------------------------------------------------------------- series, findings


def _locator(gold: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in gold:
        out[str(g["article"])].append(g)
    return out


def gold_figure(
    located: dict[str, list[dict[str, Any]]], article: str, start: int, end: int
) -> dict[str, Any] | None:
    """The gold figure a predicted span overlaps most, if any."""
    best, best_overlap = None, 0
    for g in located.get(str(article), ()):
        g0, g1 = span_of(g)
        overlap = min(g1, end) - max(g0, start)
        if overlap > best_overlap:
            best, best_overlap = g, overlap
    return best


def _series_scores(
    series: list[dict[str, Any]], located: dict[str, list[dict[str, Any]]]
) -> dict[str, Any]:
    majority = total = mixed = 0
    frames_in: dict[str, set[str]] = defaultdict(set)
    for s in series:
        frames: Counter[str] = Counter()
        for p in s["points"]:
            c = p["citation"]
            g = gold_figure(located, c["article_id"], c["start"], c["end"])
            if g is not None:
                frames[g["frame"]] += 1
                frames_in[g["frame"]].add(s["id"])
        if frames:
            majority += frames.most_common(1)[0][1]
            total += sum(frames.values())
            mixed += len(frames) > 1
    return {
        "series": len(series),
        "purity": round(majority / total, 4) if total else None,
        "mixed_series": mixed,
        "split_frames": sum(1 for ids in frames_in.values() if len(ids) > 1),
    }


def interval(fig: dict[str, Any]) -> tuple[float, float]:
    """The values a figure allows, after its qualifier."""
    value = float(fig["value"])
    high = float(fig["high"]) if fig.get("high") is not None else value
    q = fig.get("qualifier") or "exact"
    if q == "at_least":
        return value, float("inf")
    if q == "at_most":
        return float("-inf"), high
    if q == "approx":
        return value * (1 - APPROX), high * (1 + APPROX)
    return value, high


def cannot_both_hold(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a.get("modality") != "asserted" or b.get("modality") != "asserted":
        return False
    if a["frame"] != b["frame"] or not a.get("as_of") or a.get("as_of") != b.get("as_of"):
        return False
    (a0, a1), (b0, b1) = interval(a), interval(b)
    return a1 < b0 or b1 < a0


def _discrepancy_scores(
    gold: dict[str, Any], findings: list[dict[str, Any]], located: dict[str, list[dict[str, Any]]]
) -> dict[str, Any]:
    gold_pairs = {frozenset((d["a"], d["b"])): d for d in gold["discrepancies"]}
    predicted = [f for f in findings if f["kind"] in ("conflict", "revision")]
    right, wrong, found = 0, [], set()
    for f in predicted:
        ga, gb = (_side(located, f[k]) for k in ("a", "b"))
        pair = frozenset((ga["id"], gb["id"])) if ga and gb else None
        if pair in gold_pairs or (
            ga and gb and ga["frame"] == gb["frame"] and cannot_both_hold(ga, gb)
        ):
            right += 1
            found.add(pair)
        else:
            wrong.append(_brief(f, ga, gb))
    missed = [d for key, d in gold_pairs.items() if key not in found]
    return {
        **prf(right, len(predicted), len(gold_pairs)),
        "predicted": len(predicted),
        "gold": len(gold_pairs),
        "right": right,
        "found": len(gold_pairs) - len(missed),
        "wrong": wrong,
        "missed": missed,
    }


def _side(located: dict[str, list[dict[str, Any]]], side: dict[str, Any]) -> dict[str, Any] | None:
    return gold_figure(located, side["article_id"], side["start"], side["end"])


def _brief(
    f: dict[str, Any], ga: dict[str, Any] | None, gb: dict[str, Any] | None
) -> dict[str, Any]:
    def frame(g: dict[str, Any] | None) -> str | None:
        return f"{g['id']} {g['frame']} ({g.get('modality')})" if g else None

    return {
        "kind": f["kind"],
        "series": f.get("series"),
        "a": f["a"].get("text"),
        "b": f["b"].get("text"),
        "gold_a": frame(ga),
        "gold_b": frame(gb),
    }


def frames_with(gold: Iterable[dict[str, Any]], min_asserted: int = 2) -> list[str]:
    """Gold frames with at least ``min_asserted`` asserted figures (comparable quantities)."""
    counts = Counter(g["frame"] for g in gold if g.get("modality") == "asserted")
    return sorted(f for f, n in counts.items() if n >= min_asserted)
