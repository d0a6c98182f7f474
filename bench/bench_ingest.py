"""Ingest benchmark: throughput and peak memory on generated articles.

Runs, in one process, (1) the baseline — bare spaCy ``nlp.pipe`` of the blank sentence
pipeline over the same texts — and (2) the full ``storyline ingest`` into a fresh SQLite file,
then prints articles/second for both, their ratio, peak RSS, and RSS at each quarter of the
run (flat memory means the store streams instead of holding the corpus). ``--extract`` adds
the spaCy model and extraction to the ingest run.

    python bench/bench_ingest.py [--articles 10000] [--files 10] [--extract] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from report import print_result

from storyline.api import Storyline
from storyline.extract.segment import blank_pipeline

PLACES = ["Port Avel", "Marrow Bay", "Tessin", "Orlan", "Kestrel Falls", "Dunmore", "Vell"]
PEOPLE = ["Ana Brix", "Tomas Reyne", "Ilse Marrow", "Joss Kade", "Petra Lund", "Omar Sef"]
GROUPS = ["the river authority", "the miners' union", "the coastal guard", "the city council"]
THINGS = ["families", "workers", "residents", "students", "farmers", "volunteers", "patients"]
VERBS = ["evacuated", "displaced", "rescued", "injured", "relocated", "counted", "registered"]
OUTLETS = ["Northwind Press", "Coastline Daily", "Harbor Wire", "Valley Times"]


def make_article(rng: random.Random, i: int) -> dict[str, str]:
    """A unique, plausible short news article (about 180 words)."""
    day = date(2025, 1, 1) + timedelta(days=rng.randrange(300))
    place, person = rng.choice(PLACES), rng.choice(PEOPLE)
    sents = [
        f"{place.upper()}, {day:%B} {day.day} ({rng.choice(OUTLETS)}) - "
        f"{rng.choice(GROUPS).capitalize()} said on {day:%A} that "
        f"{rng.randrange(10, 9000):,} {rng.choice(THINGS)} had been {rng.choice(VERBS)}.",
    ]
    for _ in range(rng.randrange(6, 10)):
        sents.append(
            f"{rng.choice(PEOPLE)} told reporters in {rng.choice(PLACES)} that about "
            f"{rng.randrange(2, 500)} {rng.choice(THINGS)} were {rng.choice(VERBS)} "
            f"since {day - timedelta(days=rng.randrange(1, 60)):%B %d}, "
            f"according to {rng.choice(OUTLETS)}, in report number {i}-{rng.randrange(10**6)}."
        )
    sents.append(f'"We will keep working," {person} said.')
    return {
        "id": f"bench-{i}",
        "time": day.isoformat(),
        "title": f"{place}: update {i}",
        "text": "\n\n".join(sents),
    }


def rss_mb() -> float:
    # ru_maxrss is the peak RSS so far, in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--files", type=int, default=10)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--extract", action="store_true", help="also run the spaCy model and extraction"
    )
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        corpus.mkdir()
        per_file = -(-args.articles // args.files)
        texts: list[str] = []
        for f in range(args.files):
            with (corpus / f"part-{f:03d}.jsonl").open("w") as fh:
                for i in range(f * per_file, min(args.articles, (f + 1) * per_file)):
                    art = make_article(rng, i)
                    texts.append(art["text"])
                    fh.write(json.dumps(art) + "\n")
        nbytes = sum(len(t) for t in texts)

        nlp = blank_pipeline()
        t0 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=64):
            pass
        base_s = time.perf_counter() - t0
        del texts

        rss_start = current_rss_mb()
        checkpoints: list[tuple[int, float]] = []
        quarter = max(1, args.articles // 4)
        done = 0

        def on_event(kind: str, payload: object) -> None:
            nonlocal done
            if kind == "article":
                done += 1
                if done % quarter == 0:
                    checkpoints.append((done, round(current_rss_mb(), 1)))

        with Storyline(root / "bench.db", extract=args.extract) as sl:
            t0 = time.perf_counter()
            report = sl.ingest([str(corpus)], on_event=on_event)
            ingest_s = time.perf_counter() - t0
            stored = sl.store.count_articles()
            t0 = time.perf_counter()
            again = sl.ingest([str(corpus)])
            reingest_s = time.perf_counter() - t0
        db_mb = (root / "bench.db").stat().st_size / 1e6

    result = {
        "articles": args.articles,
        "extract": args.extract,
        "corpus_mb": round(nbytes / 1e6, 2),
        "baseline_blank_nlp_pipe_articles_per_s": round(args.articles / base_s, 1),
        "ingest_articles_per_s": round(args.articles / ingest_s, 1),
        "ingest_over_baseline": round(base_s / ingest_s, 3),
        "ingest_seconds": round(ingest_s, 2),
        "reingest_seconds": round(reingest_s, 2),
        "reingest_added": len(again.added),
        "stored": stored,
        "errors": len(report.errors),
        "near_duplicates": len(report.near_duplicates),
        "rss_mb_before_ingest": round(rss_start, 1),
        "rss_mb_at_quarters": checkpoints,
        "peak_rss_mb": round(rss_mb(), 1),
        "db_mb": round(db_mb, 1),
    }
    print_result(result, as_json=args.json)


if __name__ == "__main__":
    main()
