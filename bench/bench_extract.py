"""Extraction benchmark: storyline's components against bare spaCy, in one process.

Runs bare ``en_core_web_sm`` ``nlp.pipe`` and the full extraction pipeline (the same model
plus storyline's components: paragraph breaks, entities, statements, time expressions,
figures, events, proposals) over the same real news texts (Timeline17 and TimeML from
../shared, detokenized by the clean step) and prints docs/second for both and their ratio:
wall clock, and CPU time of this process (which other jobs on a shared machine disturb far
less).

    python bench/bench_extract.py [--docs 1000] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

import spacy
from report import print_result

from storyline.extract.nlp import DEFAULT_MODEL, build_pipeline
from storyline.ingest.clean import clean_text
from storyline.models import RawDoc, SourceRef

SHARED = Path(__file__).resolve().parents[2] / "shared"
TAG = re.compile(r"<[^>]+>")


def corpus(n: int) -> list[str]:
    """``n`` clean news texts: Timeline17 articles, then TimeML documents, cycled if needed."""
    texts: list[str] = []
    for path in sorted(SHARED.glob("data/timeline17/*/articles.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            raw = json.loads(line)["text"]
            if raw.strip():
                doc = RawDoc(text=raw, source=SourceRef(str(path)), format="jsonl")
                texts.append(clean_text(doc).text)
    for path in sorted(SHARED.glob("data/timeml/*/*.tml")):
        body = path.read_text(encoding="utf-8")
        m = re.search(r"<TEXT>(.*)</TEXT>", body, re.S)
        if m:
            texts.append(TAG.sub("", m.group(1)).strip())
    if not texts:
        raise SystemExit(f"no texts under {SHARED}/data")
    return [texts[i % len(texts)] for i in range(n)]


def run(nlp: spacy.Language, texts: list[str], batch_size: int) -> tuple[float, float]:
    """Wall and CPU seconds of one pass (the CPU figure holds on a machine other jobs share)."""
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - t0, time.process_time() - c0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    texts = corpus(args.docs)
    words = sum(len(t.split()) for t in texts)
    bare = spacy.load(DEFAULT_MODEL)
    full = build_pipeline(DEFAULT_MODEL)
    run(bare, texts[:20], args.batch_size)  # warm both up: first batches pay one-off costs
    run(full, texts[:20], args.batch_size)
    bare_s, bare_cpu = run(bare, texts, args.batch_size)
    full_s, full_cpu = run(full, texts, args.batch_size)
    result = {
        "docs": len(texts),
        "words": words,
        "bare_pipeline": bare.pipe_names,
        "full_pipeline": full.pipe_names,
        "bare_docs_per_s": round(len(texts) / bare_s, 2),
        "full_docs_per_s": round(len(texts) / full_s, 2),
        "full_over_bare": round(bare_s / full_s, 3),
        "full_over_bare_cpu": round(bare_cpu / full_cpu, 3),
        "bare_seconds": round(bare_s, 1),
        "full_seconds": round(full_s, 1),
    }
    print_result(result, as_json=args.json)


if __name__ == "__main__":
    main()
