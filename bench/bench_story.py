"""Story benchmark: adding 100 articles to a large story, against rebuilding it; CLI wall times.

Works on a copy of ``--db`` (the original is never written). In one run:

1. CLI wall times (median of ``--cli-runs``) of ``storyline timeline --key 15``, ``series``
   and ``conflicts`` (default table output, to /dev/null), against the baseline
   ``storyline articles --limit 5`` (start-up plus a trivial read): seconds and ratios;
2. the time to add ``--add`` articles (100, from ``bench/corpus.py`` with another seed, or the
   JSONL files given with ``--add-from``) with ``Storyline.ingest`` — with the story's
   incremental update when the installed storyline has one — into the large store, and the same
   articles into an empty store (parse and write alone: the part that does not grow with the
   store), so their difference is what the large store costs;
3. ``Storyline.rebuild()`` of the whole store, when the installed storyline has it, and the
   ratios rebuild / add and rebuild / the add's story steps (the incremental update and the
   placement of undated articles, timed apart by wrapping them where present).

    python bench/bench_story.py --db big.db [--add 100] [--add-from DIR] [--no-extract]
                                [--cli-runs 3] [--skip-cli] [--json]
"""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import corpus
import storyprep
from report import brief, print_result

CLI = {
    "timeline_key_15": ["timeline", "--key", "15"],
    "series": ["series"],
    "conflicts": ["conflicts"],
}
CLI_BASELINE = ["articles", "--limit", "5"]
TARGET_CLI_S = 0.5


def cli_seconds(db: Path, argv: list[str], runs: int) -> float | str:
    """The median wall time of ``storyline --db DB ARGV``, or why it failed."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "storyline", "--db", str(db), *argv],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=dict(os.environ, COLUMNS="200"),
            check=False,
        )
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            lines = done.stderr.decode(errors="replace").strip().splitlines()
            return "failed: " + (lines[-1] if lines else f"exit {done.returncode}")
    return statistics.median(times)


STORY_STEPS = [("storyline.story.materialize", "update"), ("storyline.story.placement", "refresh")]
"""The story steps ``Storyline.ingest`` runs after the parse, timed apart where present."""


def time_story_steps() -> dict[str, float]:
    """Wrap each story step present so its seconds add up in the returned dict (the
    facade imports them at call time, so the wrapper is what it calls)."""
    spent: dict[str, float] = {}
    for module_name, name in STORY_STEPS:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        real = getattr(module, name, None)
        if real is None:
            continue

        def timed(*a: Any, _real: Any = real, _key: str = name, **kw: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return _real(*a, **kw)
            finally:
                spent[_key] = spent.get(_key, 0.0) + time.perf_counter() - t0

        setattr(module, name, timed)
        spent[name] = 0.0
    return spent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True, help="the large store (copied first)")
    ap.add_argument("--add", type=int, default=100, help="articles to add")
    ap.add_argument("--add-from", type=Path, help="JSONL file or folder to add instead")
    ap.add_argument("--seed", type=int, default=1007, help="corpus seed of the added articles")
    ap.add_argument("--no-extract", action="store_true", help="add without extraction")
    ap.add_argument("--cli-runs", type=int, default=3)
    ap.add_argument("--skip-cli", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not args.db.is_file():
        raise SystemExit(f"{args.db}: no such store")

    from storyline.api import Storyline

    tmp = tempfile.TemporaryDirectory(prefix="storyline-story-bench-")
    root = Path(tmp.name)
    db = root / "story.db"
    started = time.perf_counter()
    src = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    dst = sqlite3.connect(db)
    src.backup(dst)
    src.close()
    dst.close()
    has_rebuild = hasattr(Storyline, "rebuild")
    result: dict[str, Any] = {
        "store": str(args.db),
        "mode": "story tables, incremental update on ingest (Storyline.rebuild present)"
        if has_rebuild
        else "story recomputed per question (no Storyline.rebuild)",
        "copy_seconds": round(time.perf_counter() - started, 1),
    }
    with Storyline(db) as sl:
        result["articles"] = sl.store.count_articles()
        result["mentions"] = sum(sl.store.count_mentions().values())

    result["story_before_cli"] = storyprep.ensure_current(str(db))
    if not args.skip_cli:
        base = cli_seconds(db, CLI_BASELINE, args.cli_runs)
        if isinstance(base, str):
            raise SystemExit(f"storyline {' '.join(CLI_BASELINE)} {base}")
        result["cli_baseline_articles_limit_5_s"] = round(base, 2)
        for name, argv in CLI.items():
            s = cli_seconds(db, argv, args.cli_runs)
            if isinstance(s, str):
                result[f"cli_{name}_s"] = s
                continue
            result[f"cli_{name}_s"] = round(s, 2)
            result[f"cli_{name}_over_baseline"] = round(s / base, 1)
            result[f"cli_{name}_under_0.5s"] = s < TARGET_CLI_S

    if args.add_from:
        add_paths = [str(args.add_from)]
    else:
        add_dir = root / "add"
        corpus.write(add_dir, args.add, seed=args.seed)
        add_paths = [str(add_dir)]

    extract = not args.no_extract
    # Load the pipeline once and run a whole small ingest (another seed) first, so neither
    # timed run pays the one-off costs (model, lexicons, lazy imports, first batches).
    warm_dir = root / "warm"
    corpus.write(warm_dir, 20, seed=args.seed + 1)
    with Storyline(root / "warm.db", extract=extract) as warm:
        nlp = warm.nlp
        warm.ingest([str(warm_dir)])

    steps = time_story_steps()
    with Storyline(root / "empty.db", nlp=nlp, extract=extract) as sl:
        t0 = time.perf_counter()
        rep = sl.ingest(add_paths)
        empty_s = time.perf_counter() - t0
    result["story_steps_in_empty_store_s"] = {k: round(v, 2) for k, v in steps.items()}
    for k in steps:
        steps[k] = 0.0
    with Storyline(db, nlp=nlp, extract=extract) as sl:
        t0 = time.perf_counter()
        rep_big = sl.ingest(add_paths)
        add_s = time.perf_counter() - t0
        result["story_steps_in_large_store_s"] = {k: round(v, 2) for k, v in steps.items()}
        result["add_mode"] = (
            "with extraction" if extract else "WITHOUT extraction: no mentions, no story update"
        )
        result["added"] = len(rep_big.added)
        result["add_into_large_store_s"] = round(add_s, 2)
        result["add_into_empty_store_s"] = round(empty_s, 2)
        result["added_into_empty"] = len(rep.added)
        result["large_store_extra_s"] = round(add_s - empty_s, 2)
        if has_rebuild:
            t0 = time.perf_counter()
            built = sl.rebuild()
            result["rebuild"] = brief(built)
            rebuild_s = time.perf_counter() - t0
            result["rebuild_s"] = round(rebuild_s, 2)
            result["rebuild_over_add"] = round(rebuild_s / add_s, 1)
            story_s = sum(steps.values())
            if story_s:
                result["rebuild_over_story_steps_of_add"] = round(rebuild_s / story_s, 1)
            result["rebuild_over_add_target_20x"] = rebuild_s / add_s >= 20
        else:
            result["rebuild_s"] = "n/a (this storyline has no Storyline.rebuild)"
    tmp.cleanup()
    print_result(result, as_json=args.json)


if __name__ == "__main__":
    main()
