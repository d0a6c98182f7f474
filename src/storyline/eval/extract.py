"""`storyline eval extract`: run the real pipeline on the gold articles and score it.

The gold files are ingested into a throw-away store exactly as a user would ingest them, and
predictions are read back from the store (the ``show --format json`` shape), so the score
measures what users get, not a side path.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..api import Storyline
from ..errors import Messages, StorylineError
from .gold import load_gold, score_extraction, scorers

DEFAULT_KINDS = ("timexes", "statements", "figures", "proposals")


def resolve_gold_file(gold_path: Path, name: str) -> Path:
    """A gold record's ``file`` is relative to the folder above the gold file (``shared/``)."""
    for base in (gold_path.parent, gold_path.parent.parent, Path.cwd()):
        candidate = base / name
        if candidate.exists():
            return candidate
    raise StorylineError(Messages.GOLD_ARTICLE_MISSING.format(path=gold_path, name=name))


def evaluate_extraction(
    gold_path: str | Path,
    *,
    kinds: Iterable[str] | None = None,
    model: str | None = None,
) -> dict[str, Any]:
    """Scores per kind (P/R/F1, value/speaker accuracy, misses) on the gold file's articles;
    ``kinds`` defaults to every kind of :data:`DEFAULT_KINDS` that has a registered scorer."""
    if kinds is None:
        kinds = [k for k in DEFAULT_KINDS if k in scorers.get_all()]
    gold_path = Path(gold_path)
    gold = load_gold(gold_path)
    files = {rec["file"]: resolve_gold_file(gold_path, rec["file"]).resolve() for rec in gold}
    predictions: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp, Storyline(Path(tmp) / "eval.db", model=model) as sl:
        t0 = time.perf_counter()
        report = sl.ingest([str(p) for p in files.values()])
        seconds = time.perf_counter() - t0
        if report.errors:
            raise StorylineError("; ".join(str(e) for e in report.errors))
        by_path = {}
        for row in sl.articles():
            for src in sl.article(row["id"])["sources"]:
                by_path[Path(src["path"]).resolve()] = row["id"]
        for name, path in files.items():
            extracted = sl.extraction(by_path[path])
            predictions[name] = {k: v for k, v in extracted.items() if k != "article"}
    texts = {name: path.read_text(encoding="utf-8") for name, path in files.items()}
    scores = score_extraction(gold, predictions, kinds=tuple(kinds), texts=texts)
    return {
        "gold": str(gold_path),
        "articles": len(gold),
        "seconds": round(seconds, 3),
        "kinds": list(scores),
        **scores,
    }
