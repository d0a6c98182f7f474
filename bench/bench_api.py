"""API benchmark: latency of the story endpoints under concurrent clients, over real HTTP.

Serves ``--db`` with the real app (``storyline serve`` in a subprocess: uvicorn, one worker;
``--workers N``: N uvicorn worker processes over ``serve_app.py``), then, for each endpoint,
``--clients`` threads (10) each send ``--requests`` requests in a loop (stopping early past
``--max-seconds`` per endpoint) and the script prints the p50 / p95 / max latency per
endpoint and its p95 over the baseline's p95, measured in the same run: ``/api/overview``
and a static file. The first call of each endpoint (caches cold) is timed apart. With
``--postgres`` the same runs again on a PostgreSQL server the script starts
itself (initdb/pg_ctl in a temp dir) after copying the store into it.

    python bench/bench_api.py --db big.db [--postgres] [--clients 10] [--workers 1] [--requests 10]
                              [--max-seconds 60] [--query outbreak] [--only series,search]
                              [--json]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import storyprep
from report import print_result

ENDPOINTS = [
    "/api/timeline",
    "/api/timeline?key=15",
    "/api/series",
    "/api/conflicts",
    "/api/figures",
    "/api/search?q={q}",
]
BASELINES = ["/static/style.css", "/api/overview"]
TARGET_P95_MS = 100.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(db: str, log: Path, workers: int = 1) -> Any:
    """``http://127.0.0.1:PORT`` of ``storyline serve`` over ``db`` (with ``workers`` > 1:
    uvicorn's worker processes over the same app), stopped afterwards."""
    port = _free_port()
    env = dict(os.environ, STORYLINE_DB=db)
    argv = [sys.executable, "-m", "storyline", "serve", "--port", str(port)]
    if workers > 1:
        here = str(Path(__file__).resolve().parent)
        argv = [sys.executable, "-m", "uvicorn", "--factory", "serve_app:app", "--app-dir", here]
        argv += ["--port", str(port), "--workers", str(workers), "--log-level", "warning"]
    with log.open("w") as fh:
        proc = subprocess.Popen(argv, stdout=fh, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"the server stopped: {log.read_text()[-2000:]}")
            try:
                if httpx.get(base + "/static/style.css", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the server did not start within 120 s")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def pct(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def load(base: str, path: str, clients: int, requests: int, max_s: float) -> dict[str, Any]:
    """One cold call, then ``clients`` threads × ``requests`` calls; latencies in ms."""
    url = base + path
    t0 = time.perf_counter()
    first = httpx.get(url, timeout=600)
    cold_ms = (time.perf_counter() - t0) * 1000
    if first.status_code != 200:
        return {"status": first.status_code, "error": first.text[:200]}
    size = len(first.content)
    lat: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + max_s

    def client() -> None:
        with httpx.Client(timeout=600) as c:
            for _ in range(requests):
                if time.perf_counter() > stop_at:
                    return
                s = time.perf_counter()
                r = c.get(url)
                ms = (time.perf_counter() - s) * 1000
                with lock:
                    (lat.append(ms) if r.status_code == 200 else errors.append(r.status_code))

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return {
        "n": len(lat),
        "errors": len(errors),
        "cold_ms": round(cold_ms, 1),
        "p50_ms": round(pct(lat, 50), 1) if lat else None,
        "p95_ms": round(pct(lat, 95), 1) if lat else None,
        "max_ms": round(max(lat), 1) if lat else None,
        "req_per_s": round(len(lat) / wall, 1),
        "bytes": size,
        "cut_short": len(lat) + len(errors) < clients * requests,
    }


def run_backend(db: str, args: argparse.Namespace, log: Path) -> dict[str, Any]:
    out: dict[str, Any] = {"story": storyprep.ensure_current(db)}
    with serving(db, log, args.workers) as base:
        base_p95 = []
        for path in BASELINES:
            out[path] = load(base, path, args.clients, args.requests, args.max_seconds)
            base_p95.append(out[path]["p95_ms"])
        baseline = max(base_p95)  # the slower of the two: the app's own floor per request
        for path in ENDPOINTS:
            p = path.format(q=args.query)
            if args.only and not any(part in p for part in args.only.split(",")):
                continue
            r = load(base, p, args.clients, args.requests, args.max_seconds)
            if r.get("p95_ms") is not None:
                r["p95_over_baseline"] = round(r["p95_ms"] / baseline, 1)
                r["p95_under_100ms"] = r["p95_ms"] < TARGET_P95_MS
            out[p] = r
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True, help="SQLite store to serve")
    ap.add_argument("--postgres", action="store_true", help="also on a PostgreSQL copy")
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    ap.add_argument("--requests", type=int, default=10, help="per client and endpoint")
    ap.add_argument("--max-seconds", type=float, default=60, help="per endpoint")
    ap.add_argument("--query", default="outbreak", help="words for /api/search")
    ap.add_argument("--only", help="comma-separated parts of endpoint paths to run (default: all)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not args.db.is_file():
        raise SystemExit(f"{args.db}: no such store")

    from storyline.api import Storyline

    with Storyline(args.db) as sl:
        n_articles = sl.store.count_articles()
        story_tables = hasattr(sl, "rebuild")
    result: dict[str, Any] = {
        "store": str(args.db),
        "articles": n_articles,
        "mode": "story tables (Storyline.rebuild present)"
        if story_tables
        else "story recomputed per request (no Storyline.rebuild)",
        "clients": args.clients,
        "workers": args.workers,
        "requests_per_client": args.requests,
    }
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-api-{os.getpid()}.log"
    result["sqlite"] = run_backend(str(args.db.resolve()), args, log)
    if args.postgres:
        import pg

        with pg.server() as url:
            result["postgres_copy"] = pg.copy_store(args.db, url)
            result["postgresql"] = run_backend(url, args, log)
    if args.json:
        print_result(result, as_json=True)
        return
    head = {k: v for k, v in result.items() if k not in ("sqlite", "postgresql")}
    print_result(head, as_json=False)
    cols = ("n", "cold_ms", "p50_ms", "p95_ms", "max_ms", "req_per_s", "p95_over_baseline")
    for backend in ("sqlite", "postgresql"):
        if backend not in result:
            continue
        print(f"\n{backend + ':':<31}{' '.join(f'{c:>17}' for c in cols)}")
        for path, r in result[backend].items():
            if path == "story":
                print(f"  story: {r}")
                continue
            if "error" in r:
                print(f"  {path:<28} HTTP {r['status']}: {r['error']}")
                continue
            cells = " ".join(f"{'' if r.get(c) is None else r[c]!s:>17}" for c in cols)
            flag = " (cut short)" if r.get("cut_short") else ""
            print(f"  {path:<28} {cells}{flag}")


if __name__ == "__main__":
    main()
