"""The story's incremental update against a rebuild, without the parse: the last ``--add``
articles of an extracted store are held out, the story is rebuilt without them, their rows
(articles, sentences, mentions, links…) are put back as an ingest would have written them, and
then ``story.materialize.update`` (and ``story.placement.refresh``, the other end-of-ingest
story step) is timed against ``story.materialize.rebuild`` of the whole store.

Works on a copy of ``--db`` (the original is never written). Checks that the updated story
equals the rebuilt one (the same rows in every story table) and says so.

    python bench/bench_update.py --db LibyaWar.db [--add 10] [--profile N] [--json]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from report import brief, print_result

from storyline.store import ARTICLE_TABLES


def last_ingested(db: Path, n: int) -> list[str]:
    conn = sqlite3.connect(db)
    ids = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY rowno DESC LIMIT ?", (n,))]
    conn.close()
    return ids


def table_names() -> list[str]:
    return list(ARTICLE_TABLES)


def _where(table: str, ids: list[str]) -> str:
    marks = ",".join("?" * len(ids))
    if table == "articles":
        return f"id IN ({marks})"
    if table == "duplicates":
        return f"article_id IN ({marks}) OR duplicate_of IN ({marks})"
    return f"article_id IN ({marks})"


def _args(table: str, ids: list[str]) -> list[str]:
    return ids + ids if table == "duplicates" else ids


def move(src: Path, held: Path, ids: list[str], back: bool) -> None:
    """Rows of ``ids`` from the store into ``held`` (or back), the full-text index kept."""
    conn = sqlite3.connect(src)
    conn.execute("ATTACH DATABASE ? AS h", (str(held),))
    with conn:
        for t in table_names():
            where = _where(t, ids)
            if back:
                conn.execute(f"INSERT INTO main.{t} SELECT * FROM h.{t}")
            else:
                conn.execute(
                    f"CREATE TABLE h.{t} AS SELECT * FROM main.{t} WHERE {where}", _args(t, ids)
                )
                conn.execute(f"DELETE FROM main.{t} WHERE {where}", _args(t, ids))
        if back:
            has_fts = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'articles_fts'"
            ).fetchone()
            if has_fts:
                marks = ",".join("?" * len(ids))
                conn.execute(
                    "INSERT INTO articles_fts(rowid, title, clean_text) "
                    f"SELECT rowno, title, clean_text FROM articles WHERE id IN ({marks})",
                    ids,
                )
    conn.close()


def timed(label: str, fn: Any, profile: int, out: dict[str, Any]) -> Any:
    prof = cProfile.Profile() if profile else None
    t0 = time.perf_counter()
    if prof:
        prof.enable()
    value = fn()
    if prof:
        prof.disable()
    out[f"{label}_s"] = round(time.perf_counter() - t0, 2)
    if prof:
        print(f"--- profile of {label} (cumulative, top {profile})")
        pstats.Stats(prof).sort_stats("cumulative").print_stats(profile)
    return value


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--add", type=int, default=10, help="articles held out, then added")
    ap.add_argument("--profile", type=int, default=0, help="print the top N of a cProfile")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from storyline.store import Store
    from storyline.store import story as tables
    from storyline.story import materialize, placement

    tmp = tempfile.TemporaryDirectory(prefix="storyline-update-bench-")
    db, held = Path(tmp.name) / "story.db", Path(tmp.name) / "held.db"
    src = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    dst = sqlite3.connect(db)
    src.backup(dst)
    src.close()
    dst.close()
    result: dict[str, Any] = {"store": str(args.db)}
    ids = last_ingested(db, args.add)
    move(db, held, ids, back=False)
    with Store(db) as store:
        result["articles_before"] = store.count_articles()
        materialize.rebuild(store)
    move(db, held, ids, back=True)
    with Store(db) as store:
        result["articles_after"] = store.count_articles()
        # the order Storyline.ingest runs them in
        timed("placement_refresh", lambda: placement.refresh(store), 0, result)
        report = timed("update", lambda: materialize.update(store, ids), args.profile, result)
        result["update"] = brief(report)
        updated = tables.dump_story(store)
        report = timed("rebuild", lambda: materialize.rebuild(store), args.profile, result)
        result["rebuild"] = brief(report)
        result["update_equals_rebuild"] = updated == tables.dump_story(store)
    result["rebuild_over_update"] = round(result["rebuild_s"] / max(result["update_s"], 1e-3), 1)
    tmp.cleanup()
    print_result(result, as_json=args.json)


if __name__ == "__main__":
    main()
