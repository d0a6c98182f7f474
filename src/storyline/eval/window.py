"""A hand-made gold over a window of a real topic: loading it, finding its corpus, ingesting the
window as a user would, and pairing gold items with predictions article by article.

The golds of ``gold/findings/`` and ``gold/proposals/`` name a corpus JSONL (relative to
``shared/``) and the ids of a window of its articles. The window's records are written to a
JSONL file exactly as the corpus has them and ingested into a throw-away store, so raw text is
verbatim and gold offsets are stored offsets; every store id is mapped back to its corpus id
through the line the article was read from.
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import Messages, StorylineError
from .scoring import FilePairs, match_spans

if TYPE_CHECKING:
    from ..api import Storyline

T = TypeVar("T")


def load_gold(path: str | Path, what: str, keys: Iterable[str]) -> dict[str, Any]:
    """The gold JSON at ``path``; ``StorylineError`` when it is unreadable or lacks a key."""
    path = Path(path)
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise StorylineError(Messages.BAD_GOLD.format(path=path, what=what, error=e)) from e
    for key in ("corpus", "window", *keys):
        if key not in gold:
            raise StorylineError(Messages.GOLD_LACKS.format(path=path, what=what, key=key))
    return gold


def find_corpus(gold_path: Path, corpus: str, shared: Path | None) -> Path:
    """The gold's corpus (relative to ``shared/``): under ``shared`` when given, else beside
    the gold file's parents or the working directory (``../shared``)."""
    bases = [shared] if shared else []
    bases += [p / "shared" for p in (*gold_path.resolve().parents, Path.cwd(), Path.cwd().parent)]
    for base in bases:
        if base is not None and (base / corpus).is_file():
            return base / corpus
    message = Messages.NO_CORPUS.format(path=gold_path, corpus=corpus)
    raise StorylineError(message, param="shared")


def window_records(corpus: Path, ids: list[str]) -> list[dict[str, Any]]:
    """The window's articles from the corpus JSONL, in the gold's order."""
    wanted = {str(i) for i in ids}
    found: dict[str, dict[str, Any]] = {}
    with corpus.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if str(rec.get("id")) in wanted:
                found[str(rec["id"])] = rec
    missing = wanted - set(found)
    if missing:
        first = sorted(missing)[0]
        raise StorylineError(Messages.NO_CORPUS_ARTICLE.format(path=corpus, id=first))
    return [found[str(i)] for i in ids]


def gold_window(
    gold_path: str | Path, what: str, keys: Iterable[str], shared: str | Path | None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The gold and its window's corpus records."""
    gold_path = Path(gold_path)
    gold = load_gold(gold_path, what, keys)
    corpus = find_corpus(gold_path, gold["corpus"], Path(shared) if shared else None)
    return gold, window_records(corpus, gold["window"]["articles"])


def ingest_window(
    records: list[dict[str, Any]],
    model: str | None,
    read: Callable[[Storyline, dict[str, str]], T],
) -> T:
    """Ingest the records into a throw-away store and ``read(sl, ids)`` from it, where ``ids``
    maps store ids to corpus ids."""
    from ..api import Storyline

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "window.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for rec in records:
                out.write(json.dumps(rec) + "\n")  # as the corpus has it
        with Storyline(Path(tmp) / "eval.db", model=model) as sl:
            report = sl.ingest([path])
            if report.errors:
                raise StorylineError("; ".join(str(e) for e in report.errors))
            return read(sl, corpus_ids(sl, records))


def corpus_ids(sl: Storyline, records: list[dict[str, Any]]) -> dict[str, str]:
    """Store id → corpus id, through the JSONL line each article was read from."""
    out = {}
    for row in sl.articles(include_undated=True):
        for src in sl.article(row["id"])["sources"]:
            out[row["id"]] = str(records[int(src["line"]) - 1]["id"])
    return out


def pairs_by_article(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[FilePairs]:
    """Gold items (``article``) and predictions (``article_id``) of each article, matched one
    to one by span overlap."""
    by_article: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = defaultdict(
        lambda: ([], [])
    )
    for g in gold:
        by_article[str(g["article"])][0].append(g)
    for p in pred:
        by_article[str(p["article_id"])][1].append(p)
    return [FilePairs(a, g, p, match_spans(g, p)) for a, (g, p) in sorted(by_article.items())]
