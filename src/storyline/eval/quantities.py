"""`storyline eval quantities`: figure values on sentences the rules were never written on.

The data is a folder of JSON lists in the CQE test-set shape (``../shared/data/quantities-dev``):
``[{"text": ..., "quantities": [{"value": "75000000", "normalized_unit": "dollar"}, ...]}]``.
Every sentence is ingested as an article of its own, the way a user would ingest them (one JSONL
line each), and the figures the store then holds are compared with the gold values: a figure
matches a gold quantity when its value (or the top of its range) equals the gold value after
scale words are applied (1e-6 relative). Units are not scored (the gold units are CQE's own
names); ``by_file`` shows the value P/R/F1 of each set, ``misses`` the sentences that went wrong.
``halves`` splits the sentences by a fixed rule, their order here (files sorted by name):
even positions are the development half the rules are tuned on, odd ones the held-out half;
each miss names its half.

Storyline extracts figures that count or measure something in a story, not every number, so
recall here is a floor on number parsing (scale words, suffixes, ranges, words), not a target.
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..api import Storyline
from ..errors import Messages, StorylineError
from .scoring import prf

HALVES = ("development", "held_out")
"""The two halves of the sentences: even and odd positions in reading order."""


@dataclass(slots=True)
class Sentence:
    file: str
    text: str
    gold: list[float]
    pred: list[float] = field(default_factory=list)


def load_sentences(folder: str | Path) -> list[Sentence]:
    """Every sentence of every ``*.json`` file under ``folder`` (sorted by file name)."""
    files = sorted(Path(folder).glob("*.json"))
    if not files:
        raise StorylineError(Messages.NO_QUANTITY_FILES.format(path=folder))
    out = []
    for path in files:
        try:
            items = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise StorylineError(Messages.BAD_QUANTITY_FILE.format(path=path, error=e)) from e
        for item in items:
            gold = [float(q["value"]) for q in item.get("quantities") or [] if _number(q)]
            out.append(Sentence(path.name, item["text"], gold))
    return out


def _number(q: dict[str, Any]) -> bool:
    try:
        float(q["value"])
    except (KeyError, TypeError, ValueError):  # no value, null or not a number
        return False
    return True


def evaluate_quantities(folder: str | Path, *, model: str | None = None) -> dict[str, Any]:
    """Value P/R/F1 of the stored figures against the gold quantities, overall and per file."""
    sentences = load_sentences(folder)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "quantities.jsonl"
        with corpus.open("w", encoding="utf-8") as out:
            for s in sentences:
                out.write(json.dumps({"text": s.text}) + "\n")
        with Storyline(Path(tmp) / "eval.db", model=model) as sl:
            sl.ingest([corpus])
            _attach_predictions(sl, sentences)
    return _scores(sentences)


def _attach_predictions(sl: Storyline, sentences: list[Sentence]) -> None:
    """Each line's figures; identical sentences share one stored article (and its figures)."""
    values: dict[str, list[float]] = defaultdict(list)
    for fig in sl.mentions("figure"):
        values[fig["article_id"]].extend(_values(fig))
    for row in sl.articles(include_undated=True):
        for src in sl.article(row["id"])["sources"]:
            line = src.get("line")
            if line is not None and 1 <= line <= len(sentences):
                sentences[line - 1].pred = list(values.get(row["id"], []))


def _values(fig: dict[str, Any]) -> Iterable[float]:
    for key in ("value", "high"):
        if fig.get(key) is not None:
            yield float(fig[key])


def _matched(gold: list[float], pred: list[float]) -> int:
    left = list(pred)
    hits = 0
    for g in gold:
        for i, p in enumerate(left):
            if abs(g - p) <= 1e-6 * max(1.0, abs(g)):
                hits += 1
                del left[i]
                break
    return hits


def _scores(sentences: list[Sentence]) -> dict[str, Any]:
    by_file: dict[str, list[Sentence]] = defaultdict(list)
    for s in sentences:
        by_file[s.file].append(s)
    misses = [
        {"file": s.file, "half": HALVES[k % 2], "text": s.text, "gold": s.gold, "predicted": s.pred}
        for k, s in enumerate(sentences)
        if _matched(s.gold, s.pred) != len(s.gold) or len(s.pred) != len(s.gold)
    ]
    return {
        "sentences": len(sentences),
        "values": _prf(sentences),
        "halves": {half: _prf(sentences[k::2]) for k, half in enumerate(HALVES)},
        "by_file": {name: _prf(group) for name, group in sorted(by_file.items())},
        "misses": misses,
    }


def _prf(sentences: list[Sentence]) -> dict[str, float]:
    tp = sum(_matched(s.gold, s.pred) for s in sentences)
    return prf(tp, sum(len(s.pred) for s in sentences), sum(len(s.gold) for s in sentences))
