"""Timeline summarization benchmark: seconds to summarize a story of ~2,000 articles.

Ingests the Timeline17 topics under ``--data`` through the real pipeline (time expressions
only, as ``eval tls`` does) into a SQLite store, or reuses ``--db`` when it already holds
articles; then copies the stored articles, with their sentences and time expressions, under new
ids until the store holds ``--articles`` (the copies keep their dates: a story covered several
times over), and times ``summarize`` over the whole store and over one month of it.

    python bench/bench_tls.py [--data ../shared/data/timeline17] [--db tls-bench.db]
                              [--articles 2000] [--dates 20] [--sentences 2] [--json]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from report import print_result

from storyline.api import Storyline
from storyline.eval.tls import timex_pipeline
from storyline.store.schema import articles, mentions, sentences

ROOT = Path(__file__).resolve().parents[1]


def ingest(sl: Storyline, data: Path) -> float:
    started = time.perf_counter()
    sl.ingest(sorted(str(p) for p in data.glob("*/articles.jsonl")))
    return time.perf_counter() - started


def replicate(sl: Storyline, target: int) -> int:
    """Copy the original articles (and their sentences and timexes) until ``target``."""
    engine = sl.store.engine
    with engine.begin() as conn:
        originals = conn.execute(
            sa.select(sa.func.count()).select_from(articles).where(~articles.c.id.contains("~"))
        ).scalar_one()
        have = conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one()
        copy = have // max(originals, 1)
        while have < target and originals:
            suffix = f"~{copy}"
            _copy(conn, articles, "id", suffix, exclude=("rowno",))
            _copy(conn, sentences, "article_id", suffix)
            _copy(conn, mentions, "article_id", suffix, exclude=("id",), kind="timex")
            have += originals
            copy += 1
    return have


def _copy(
    conn: sa.Connection,
    table: sa.Table,
    key: str,
    suffix: str,
    *,
    exclude: tuple[str, ...] = (),
    kind: str | None = None,
) -> None:
    cols = [c for c in table.c if c.name not in exclude]
    values = [(c + suffix).label(c.name) if c.name == key else c for c in cols]
    q = sa.select(*values).where(~table.c[key].contains("~"))
    if kind is not None:
        q = q.where(table.c.kind == kind)
    conn.execute(sa.insert(table).from_select([c.name for c in cols], q))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/timeline17")
    ap.add_argument("--db", type=Path, default=None, help="store to build or reuse")
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--dates", type=int, default=20)
    ap.add_argument("--sentences", type=int, default=2)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="storyline-tls-bench-")
    db = args.db or Path(tmp.name) / "bench.db"
    result: dict[str, object] = {}
    with Storyline(db, nlp=timex_pipeline()) as sl:
        if sl.store.count_articles() == 0:
            result["ingest_seconds"] = round(ingest(sl, args.data), 2)
        result["articles"] = replicate(sl, args.articles)
        with sl.store.engine.connect() as conn:
            result["sentences"] = conn.execute(
                sa.select(sa.func.count()).select_from(sentences)
            ).scalar_one()
        for label, window in (("all", (None, None)), ("one_month", ("2011-03", "2011-03"))):
            started = time.perf_counter()
            timeline = sl.summarize(
                dates=args.dates,
                sentences=args.sentences,
                query=["libya", "flu"],
                date_from=window[0],
                date_to=window[1],
            )
            result[f"summarize_{label}_seconds"] = round(time.perf_counter() - started, 2)
            result[f"summarize_{label}_dates"] = len(timeline)
    tmp.cleanup()
    print_result(result, as_json=args.json)


if __name__ == "__main__":
    main()
