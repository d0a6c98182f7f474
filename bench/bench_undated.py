"""Undated-article benchmark: how close the best guesses of held-out articles come.

For each shared topic (``../shared/data/timeline17/*/articles.jsonl``) a seeded random 10 % of
the articles lose their ``time`` field and the header or dateline date of their first lines
(``HONG KONG | Tue May 12 , 2009 8:56 am EDT HONG KONG -LRB- Reuters -RRB- -`` becomes
``HONG KONG -LRB- Reuters -RRB- -``, as an undated copy reads); all are ingested together into
a temporary store, and each stripped article's best guess (``Storyline.place(write=False)``)
is set against its true date: median absolute error in days, share within 3 days, share with
no guess, and how many guesses are the corpus-span last resort.

    python bench/bench_undated.py [--topic H1N1_reuters] [--keep DIR] [--reuse DIR] [--baseline]

``--keep DIR`` leaves each topic's store in DIR; ``--reuse DIR`` places again on the stores
kept there without ingesting (a before/after of the placement code on the same extraction);
``--baseline`` places by the figure series alone, as before ``story.reported``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from report import print_result

from storyline.api import Storyline

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "timeline17"
_MON = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_HEADER = re.compile(
    r"(?:[A-Z][\w .,'/-]{0,40} \| )?(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]* "
    rf"{_MON} \d{{1,2}} , \d{{4}}(?: \d{{1,2}}:\d{{2}} [ap]m)?(?: [A-Z]{{2,4}}\b)? ?"
)
"""The wire header: ``CITY | Tue May 12 , 2009 8:56 am EDT``."""
_STAMP = re.compile(r"\b\d{4} \d{2} \d{2} \d{2}:\d{2} [A-Z]{2,4} ")
"""Another header: ``2009 04 25 08:50 JST``."""
_DATELINE = re.compile(rf"\b([A-Z][A-Z .'-]+) , {_MON} \d{{1,2}} (-LRB- )")
"""The dateline's day: ``RIYADH , June 3 -LRB- Reuters -RRB-`` keeps ``RIYADH -LRB-``."""


def strip_dates(text: str) -> str:
    """The text as an undated copy would read: header and dateline dates of the first two
    lines removed (photo captions and the body keep theirs)."""
    lines = text.split("\n")
    for i in range(min(2, len(lines))):
        line = _HEADER.sub("", lines[i])
        line = _STAMP.sub("", line)
        lines[i] = _DATELINE.sub(r"\1 \2", line)
    return "\n".join(lines)


def held_out(rows: list[dict[str, Any]], share: float, seed: int) -> set[int]:
    rng = random.Random(seed)
    k = max(1, round(len(rows) * share))
    return set(rng.sample(range(len(rows)), k))


def write_topic(topic: Path, folder: Path, share: float, seed: int) -> dict[int, str]:
    """The topic's file with the held-out articles stripped; their line numbers and true days."""
    rows = [json.loads(line) for line in topic.open(encoding="utf-8") if line.strip()]
    chosen = held_out(rows, share, seed)
    truth: dict[int, str] = {}
    with (folder / "articles.jsonl").open("w", encoding="utf-8") as fh:
        for i, row in enumerate(rows):
            if i in chosen:
                truth[i + 1] = row["time"][:10]
                row = {k: v for k, v in row.items() if k != "time"}
                row["text"] = strip_dates(row["text"])
            fh.write(json.dumps(row) + "\n")
    return truth


def best_guess(placed: dict[str, Any]) -> tuple[str | None, bool]:
    """The day placement gives (its best guess, else a single-day window) and whether it is
    the corpus-span last resort."""
    evidence = " ".join(placed.get("evidence") or [])
    resort = "last resort" in evidence
    if placed.get("best"):
        return placed["best"], resort
    lo, hi = placed.get("earliest"), placed.get("latest")
    return (lo, resort) if lo and lo == hi else (None, resort)


def measure(db: str, truth: dict[int, str]) -> dict[str, Any]:
    errors: list[int] = []
    missing = resort = 0
    with Storyline(db) as sl:
        by_line: dict[int, str] = {}
        for a in sl.store.iter_articles():
            for src in sl.store.get_article(a["id"])["sources"]:
                if src.get("line") in truth:
                    by_line[int(src["line"])] = a["id"]
        for line, day in truth.items():
            aid = by_line.get(line)
            if aid is None:  # a duplicate of a dated article: it has that article's date
                continue
            art = sl.article(aid)
            if art.get("date_origin") != "inferred" and art.get("published"):
                guess, last = art["published"], False  # dated from its own text
            else:
                (placed,) = sl.place(aid, write=False)
                guess, last = best_guess(placed)
            resort += last
            if guess is None:
                missing += 1
                continue
            errors.append(abs((date.fromisoformat(guess[:10]) - date.fromisoformat(day)).days))
    n = len(errors) + missing
    return {
        "held_out": n,
        "median_error_days": statistics.median(errors) if errors else None,
        "within_3_days": round(sum(e <= 3 for e in errors) / n, 3) if n else None,
        "no_guess": round(missing / n, 3) if n else None,
        "last_resort": resort,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--topic", action="append", help="topic folder name (default: all)")
    ap.add_argument("--share", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--keep", type=Path, help="leave each topic's store in this folder")
    ap.add_argument("--reuse", type=Path, help="place again on stores kept by --keep")
    ap.add_argument(
        "--baseline",
        action="store_true",
        help="place by the figure series only (no guesses from what the articles report)",
    )
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if args.baseline:  # the placement before story.reported: no guess from reported events
        from storyline.story import reported

        reported.guesses = lambda *a, **k: {}  # type: ignore[assignment]
    topics = args.topic or sorted(p.name for p in DATA.iterdir() if p.is_dir())
    for name in topics:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            truth = write_topic(DATA / name / "articles.jsonl", folder, args.share, args.seed)
            keep = args.reuse or args.keep
            db = str(keep / f"{name}.db") if keep else str(folder / "store.db")
            start = time.perf_counter()
            if not args.reuse:
                if keep:
                    keep.mkdir(parents=True, exist_ok=True)
                    Path(db).unlink(missing_ok=True)
                with Storyline(db) as sl:
                    sl.ingest([folder / "articles.jsonl"])
            ingest_s = time.perf_counter() - start
            result = {"topic": name, **measure(db, truth), "ingest_s": round(ingest_s, 1)}
            print_result(result, as_json=args.json)


if __name__ == "__main__":
    main()
