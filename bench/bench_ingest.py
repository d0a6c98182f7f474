"""Ingest benchmark: end-to-end ingest with extraction against bare spaCy, and its memory.

In one process: generates ``--articles`` realistic articles (``bench/corpus.py``: lengths,
datelines, figures, quotes, reprints, near-duplicates, undated items) or reads ``--corpus``;
runs ``Storyline.ingest`` with extraction into a fresh SQLite file (once per value of
``--processes`` when the installed storyline takes worker processes, and with ``--dask``
when it takes that); then the baseline: bare ``nlp.pipe`` of the same spaCy model
(``storyline.extract.nlp.DEFAULT_MODEL``, its full pipeline, one process) over the clean texts
of exactly the articles the ingest stored. Prints articles/second of each, the ratio ingest /
baseline (by wall time, and by CPU time: the fair one on a shared machine, for one process),
the ratio of each process count to the first, peak RSS and RSS at each quarter of the ingest
(this process and its children; flat means the ingest streams).

``--no-extract`` compares an ingest without extraction against the blank sentence pipeline
(quick: for checking the script, not the target).

    python bench/bench_ingest.py [--articles 1000] [--files 4] [--corpus DIR]
                                 [--processes 1,2] [--dask local] [--no-extract]
                                 [--keep extracted.db] [--json]
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import os
import resource
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import corpus
from report import print_result

from storyline.api import Storyline

try:
    import psutil  # type: ignore[import-untyped]
except ImportError:  # the bench runs without it: /proc/self/status, this process only
    psutil = None


def tree_rss_mb() -> float:
    """Resident memory of this process and its children, in MB."""
    if psutil is not None:
        me = psutil.Process()
        total = me.memory_info().rss
        for child in me.children(recursive=True):
            with contextlib.suppress(psutil.Error):  # a worker may exit meanwhile
                total += child.memory_info().rss
        return total / 1e6
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024 / 1e6
    return float("nan")


class PeakSampler:
    """Samples the tree's RSS every ``every`` seconds in a thread: the peak of a run, worker
    processes included (``ru_maxrss`` knows only this process, or the largest child)."""

    def __init__(self, every: float = 0.25) -> None:
        self.every = every
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss_mb())
            self._stop.wait(self.every)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, tree_rss_mb())


def cpu_seconds() -> float:
    """CPU time of this process and its finished children: on a shared machine, a fairer
    measure of one process's work than wall time (not of a parallel run's speed-up)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def ingest_options() -> set[str]:
    """The keyword arguments of the installed ``Storyline.ingest``."""
    return set(inspect.signature(Storyline.ingest).parameters)


def run_ingest(
    db: Path,
    paths: list[str],
    nlp: Any,
    *,
    extract: bool,
    processes: int,
    dask: str | None,
    expected: int,
) -> dict[str, Any]:
    opts = ingest_options()
    kwargs: dict[str, Any] = {}
    if processes > 1:
        key = "processes" if "processes" in opts else "n_process"
        if key not in opts:
            raise SystemExit("this storyline's ingest takes no worker processes")
        kwargs[key] = processes
    if dask:
        key = "dask" if "dask" in opts else "scheduler"
        if key not in opts:
            raise SystemExit("this storyline's ingest cannot run on Dask")
        kwargs[key] = dask
    quarter = max(1, expected // 4)
    done = 0
    quarters: list[tuple[int, float]] = []

    def on_event(kind: str, payload: object) -> None:
        nonlocal done
        if kind == "article":
            done += 1
            if done % quarter == 0:
                quarters.append((done, round(tree_rss_mb(), 1)))

    with Storyline(db, nlp=nlp, extract=extract) as sl, PeakSampler() as peak:
        rss0 = tree_rss_mb()
        cpu0 = cpu_seconds()
        t0 = time.perf_counter()
        report = sl.ingest(paths, on_event=on_event, **kwargs)
        seconds = time.perf_counter() - t0
        cpu = cpu_seconds() - cpu0
        stored = sl.store.count_articles()
    mode = f"{processes} process(es)" + (f", dask={dask}" if dask else "")
    return {
        "mode": mode,
        "stored": stored,
        "added": len(report.added),
        "exact_copies": len(report.exact_duplicates),
        "near_duplicates": len(report.near_duplicates),
        "errors": len(report.errors),
        "seconds": round(seconds, 2),
        "articles_per_s": round(stored / seconds, 3),
        "cpu_seconds": round(cpu, 1),
        "articles_per_cpu_s": round(stored / cpu, 3),
        "rss_mb_before": round(rss0, 1),
        "rss_mb_at_quarters": quarters,
        "peak_tree_rss_mb": round(peak.peak, 1),
        "db_mb": round(db.stat().st_size / 1e6, 1),
    }


def clean_texts(db: Path) -> Iterator[str]:
    """The clean text of every stored article, streamed: what the ingest parsed."""
    with Storyline(db, extract=False) as sl:
        for row in sl.store.iter_article_columns(["clean_text"]):
            yield row["clean_text"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000, help="articles to generate")
    ap.add_argument("--files", type=int, default=4)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--corpus", type=Path, help="ingest these JSONL files instead of generating")
    ap.add_argument(
        "--processes", default="1", help="worker processes, comma-separated: one run each"
    )
    ap.add_argument("--dask", help="'local' or tcp://HOST:PORT (when the ingest takes it)")
    ap.add_argument("--batch-size", type=int, default=32, help="baseline nlp.pipe batch size")
    ap.add_argument("--no-extract", action="store_true", help="no extraction; blank baseline")
    ap.add_argument("--keep", type=Path, help="save the first run's store here (for grow_store)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    extract = not args.no_extract
    counts = [int(p) for p in args.processes.split(",")]

    tmp = tempfile.TemporaryDirectory(prefix="storyline-ingest-bench-")
    root = Path(tmp.name)
    result: dict[str, Any] = {
        "extract": extract,
        "ingest_options": sorted(ingest_options() & {"n_process", "processes", "dask"}),
        "memory_from": "psutil (process tree)" if psutil else "/proc/self/status (this process)",
    }
    if args.corpus:
        paths = [str(args.corpus)]
        files = sorted(args.corpus.glob("*.jsonl")) if args.corpus.is_dir() else [args.corpus]
        expected = sum(sum(1 for _ in f.open(encoding="utf-8")) for f in files)
    else:
        t0 = time.perf_counter()
        stats = corpus.write(
            root / "corpus", args.articles, files=args.files, seed=args.seed, days=args.days
        )
        result["corpus"] = stats
        result["corpus_seconds"] = round(time.perf_counter() - t0, 1)
        paths = [str(root / "corpus")]
        expected = args.articles - stats.get("reprint", 0)

    from storyline.extract.nlp import DEFAULT_MODEL

    with Storyline(":memory:", extract=extract) as sl:
        nlp = sl.nlp  # loaded once, outside the timed runs
    list(nlp.pipe(["The minister said on Tuesday that 40 people had died."] * 8))
    result["model"] = DEFAULT_MODEL if extract else "blank sentence pipeline"
    result["rss_mb_model_loaded"] = round(tree_rss_mb(), 1)

    runs = []
    for n in counts:
        db = root / f"ingest-{n}.db"
        runs.append(
            run_ingest(db, paths, nlp, extract=extract, processes=n, dask=None, expected=expected)
        )
    if args.dask:
        db = root / "ingest-dask.db"
        runs.append(
            run_ingest(
                db, paths, nlp, extract=extract, processes=1, dask=args.dask, expected=expected
            )
        )
    # the peak of this process so far: the ingest runs, before the baseline loads anything
    result["peak_rss_mb_this_process"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
    )

    # Baseline: bare spaCy over exactly the texts the first run stored, in this process.
    import spacy

    from storyline.extract.segment import blank_pipeline

    bare = spacy.load(DEFAULT_MODEL) if extract else blank_pipeline()
    first_db = root / f"ingest-{counts[0]}.db"
    texts = list(clean_texts(first_db))
    list(bare.pipe(texts[:20], batch_size=args.batch_size))
    cpu0 = cpu_seconds()
    t0 = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=args.batch_size):
        pass
    base_s = time.perf_counter() - t0
    base_cpu = cpu_seconds() - cpu0
    result["baseline"] = f"bare {DEFAULT_MODEL if extract else 'blank'} nlp.pipe, 1 process"
    result["baseline_pipeline"] = bare.pipe_names
    result["baseline_articles"] = len(texts)
    result["baseline_words"] = sum(t.count(" ") + 1 for t in texts)
    result["baseline_seconds"] = round(base_s, 2)
    result["baseline_articles_per_s"] = round(len(texts) / base_s, 3)
    result["baseline_cpu_seconds"] = round(base_cpu, 1)
    result["baseline_articles_per_cpu_s"] = round(len(texts) / base_cpu, 3)
    for r in runs:
        r["over_baseline"] = round(r["articles_per_s"] / result["baseline_articles_per_s"], 3)
        r["over_baseline_cpu"] = round(
            r["articles_per_cpu_s"] / result["baseline_articles_per_cpu_s"], 3
        )
        r["over_first_run"] = round(r["articles_per_s"] / runs[0]["articles_per_s"], 3)
        result[f"ingest[{r['mode']}]"] = r
    if args.keep:
        with sqlite3.connect(first_db) as src, sqlite3.connect(args.keep) as dst:
            src.backup(dst)  # WAL included
        result["kept_store"] = str(args.keep)
    tmp.cleanup()
    print_result(result, as_json=args.json)


if __name__ == "__main__":
    main()
