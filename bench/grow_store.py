"""Grow a large read-benchmark store by replicating an extracted one.

Copies ``--from`` (a SQLite store made by a real ingest with extraction) to ``--to``, then
copies its articles again and again under new ids until the store holds ``--articles``: copy
``k`` of an article gets a new id and content hash, every ISO date in its date columns, date
candidates and mention data moved ``k * --shift-days`` days later (a story told again,
slightly later), and the same sentences, credits, dropped spans, sources, mentions,
near-duplicate links (between copies of one round) and full-text entries. The raw text is
unchanged, so every span stays valid. Derived story tables (anything else with an
``article_id``) are not copied: ``Storyline.rebuild()`` recomputes them when the installed
storyline has it.

The result is a REPLICATED store, for read benchmarks only: its figures repeat, its
conflicts are copies of the source's. The output says so, and ``storyline_bench`` in the
store records it.

    python bench/grow_store.py --from H1N1.db --to big.db --articles 100000 [--shift-days 1]
                               [--no-rebuild] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sqlite3
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from report import brief, print_result

from storyline.store import ARTICLE_TABLES

BASE_TABLES = ARTICLE_TABLES
"""The tables an ingest writes per article; each is copied for every new article."""

SHIFTED = {
    "articles": (
        "published",
        "date_earliest",
        "date_latest",
        "date_lo",
        "date_hi",
        "sort_date",
        "header_date",
        "date_evidence",
        "meta",
    ),
    "article_dates": ("value",),
    "mentions": ("data",),
}
"""Columns whose ISO dates move with the copy (text or JSON)."""

AUTO_KEYS = {"articles": "rowno", "mentions": "id", "article_sources": "id"}
"""Integer keys SQLite assigns: left out of the copy."""

_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTH = re.compile(r"\b(\d{4})-(\d{2})\b(?!-\d)")
_WEEK = re.compile(r"\b(\d{4})-W(\d{2})\b")


def shift_dates(value: str | None, days: int) -> str | None:
    """``value`` with every ISO day, month and week moved ``days`` later (a month or week
    moves with its first day); other text, and years past 9000 (the undated sort key), kept."""
    if not days or not value or not isinstance(value, str):
        return value

    def day(m: re.Match[str]) -> str:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        if y >= 9000 or not (1 <= mo <= 12 and 1 <= d <= 31):
            return m[0]
        try:
            return (date(y, mo, d) + timedelta(days=days)).isoformat()
        except ValueError:
            return m[0]

    def month(m: re.Match[str]) -> str:
        y, mo = int(m[1]), int(m[2])
        if y >= 9000 or not 1 <= mo <= 12:
            return m[0]
        moved = date(y, mo, 1) + timedelta(days=days)
        return f"{moved:%Y-%m}"

    def week(m: re.Match[str]) -> str:
        y, w = int(m[1]), int(m[2])
        try:
            moved = date.fromisocalendar(y, w, 1) + timedelta(days=days)
        except ValueError:
            return m[0]
        iy, iw, _ = moved.isocalendar()
        return f"{iy}-W{iw:02d}"

    out = _DAY.sub(day, value)
    out = _WEEK.sub(week, out)
    return _MONTH.sub(month, out)


def new_id(old: str, copy: int) -> str:
    """A stable 16-hex id for copy ``copy`` of article ``old`` (never one of the originals')."""
    return hashlib.sha256(f"{old}~{copy}".encode()).hexdigest()[:16]


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def grow(db: Path, target: int, shift_days: int, log: bool = True) -> dict[str, object]:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA foreign_keys=OFF")  # parents are inserted first; checked at the end
    conn.create_function("bench_id", 2, new_id, deterministic=True)
    conn.create_function("bench_shift", 2, shift_dates, deterministic=True)
    conn.create_function(
        "bench_hash",
        2,
        lambda h, k: hashlib.sha256(f"{h}~{k}".encode()).hexdigest(),
        deterministic=True,
    )
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    derived = sorted(
        t
        for t in tables - set(BASE_TABLES)
        if not t.startswith("articles_fts") and "article_id" in columns(conn, t)
    )
    originals = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY rowno")]
    if not originals:
        raise SystemExit(f"{db}: no articles to replicate")
    conn.execute("CREATE TEMP TABLE orig(id TEXT PRIMARY KEY)")
    conn.executemany("INSERT INTO orig VALUES (?)", [(i,) for i in originals])
    have = len(originals)
    copy = 0
    fts = "articles_fts" in tables
    while have < target:
        copy += 1
        take = min(len(originals), target - have)
        shift = copy * shift_days
        started = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute("DELETE FROM temp.orig")
        conn.executemany("INSERT INTO orig VALUES (?)", [(i,) for i in originals[:take]])
        first_row = conn.execute("SELECT coalesce(max(rowno), 0) FROM articles").fetchone()[0]
        for table in BASE_TABLES:
            if table not in tables:
                continue
            cols = [c for c in columns(conn, table) if c != AUTO_KEYS.get(table)]
            exprs = []
            for c in cols:
                if c in ("article_id", "duplicate_of") or (table == "articles" and c == "id"):
                    exprs.append(f'bench_id("{c}", {copy})')
                elif table == "articles" and c == "content_hash":
                    exprs.append(f"bench_hash(content_hash, {copy})")
                elif c in SHIFTED.get(table, ()):
                    exprs.append(f'bench_shift("{c}", {shift})')
                else:
                    exprs.append(f'"{c}"')
            key = "id" if table == "articles" else "article_id"
            where = f'"{key}" IN (SELECT id FROM temp.orig)'
            if table == "duplicates":
                where += " AND duplicate_of IN (SELECT id FROM temp.orig)"
            col_list = ", ".join(f'"{c}"' for c in cols)
            conn.execute(
                f"INSERT INTO {table} ({col_list}) SELECT {', '.join(exprs)} FROM {table} "
                f"WHERE {where}"
            )
        if fts:
            conn.execute(
                "INSERT INTO articles_fts(rowid, title, clean_text) "
                "SELECT rowno, title, clean_text FROM articles WHERE rowno > ?",
                (first_row,),
            )
        conn.execute("COMMIT")
        have += take
        if log:
            print(
                f"copy {copy}: {have} articles ({time.perf_counter() - started:.1f} s)",
                file=sys.stderr,
                flush=True,
            )
    bad = conn.execute("PRAGMA foreign_key_check").fetchmany(5)
    if bad:
        raise SystemExit(f"{db}: replicated rows break foreign keys: {bad}")
    conn.execute(
        "CREATE TABLE IF NOT EXISTS storyline_bench (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
    )
    conn.execute(
        "INSERT OR REPLACE INTO storyline_bench VALUES ('replicated', ?)",
        (f"{len(originals)} originals, {copy} copies, shifted {shift_days} day(s) per copy",),
    )
    counts = {
        t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in BASE_TABLES
        if t in tables
    }
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return {
        "originals": len(originals),
        "copies": copy,
        "rows": counts,
        "derived_tables_not_copied": derived,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--from", dest="src", type=Path, required=True, help="extracted store")
    ap.add_argument("--to", dest="dst", type=Path, required=True, help="store to write")
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--shift-days", type=int, default=1, help="days each copy moves later")
    ap.add_argument("--no-rebuild", action="store_true", help="skip Storyline.rebuild()")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if args.dst.exists():
        raise SystemExit(f"{args.dst} exists: give a new path")

    started = time.perf_counter()
    src = sqlite3.connect(f"file:{args.src}?mode=ro", uri=True)
    dst = sqlite3.connect(args.dst)
    src.backup(dst)  # a consistent copy, WAL included
    src.close()
    dst.close()
    result: dict[str, object] = {
        "store": str(args.dst),
        "kind": "REPLICATED store (copies of real articles under new ids, dates shifted): "
        "for read benchmarks only",
        "source": str(args.src),
    }
    result |= grow(args.dst, args.articles, args.shift_days)
    result["grow_seconds"] = round(time.perf_counter() - started, 1)

    from storyline.api import Storyline

    with Storyline(args.dst) as sl:
        result["articles"] = sl.store.count_articles()
        if hasattr(sl, "rebuild") and not args.no_rebuild:
            t0 = time.perf_counter()
            built = sl.rebuild()
            result["rebuild"] = brief(built)
            result["rebuild_seconds"] = round(time.perf_counter() - t0, 1)
        else:
            result["rebuild_seconds"] = (
                "skipped" if args.no_rebuild else "n/a (this storyline has no Storyline.rebuild)"
            )
    result["db_mb"] = round(args.dst.stat().st_size / 1e6, 1)
    print_result(result, as_json=args.json)


if __name__ == "__main__":
    main()
