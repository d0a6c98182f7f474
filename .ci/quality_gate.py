"""Fail CI when an `eval` score falls below its pinned floor (.ci/floors.json).

Runs the project's own eval commands with --json, so the gate measures exactly what a user
measures. Usage: python .ci/quality_gate.py [SHARED_DIR]
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def score(result: dict, dotted: str) -> float:
    value = result
    for part in dotted.split("."):
        value = value[part]
    return float(value)


def run_eval(args: list[str]) -> dict:
    cmd = [sys.executable, "-m", "storyline", "eval", *args, "--json"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT)
    if proc.returncode != 0:
        sys.exit(f"quality gate: {' '.join(cmd)} failed:\n{proc.stderr}")
    return json.loads(proc.stdout)


def main() -> int:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
    if not shared.exists():
        print(f"quality gate: {shared} is absent; nothing to score")
        return 0
    floors = json.loads((HERE / "floors.json").read_text())
    runs = {
        "eval extract": ["extract", "--gold", str(shared / "gold" / "seeds-gold.json")],
        "eval timex": ["timex", str(shared / "data" / "timeml")],
        "eval tls": ["tls", str(shared / "data" / "timeline17")],
        # figure values on sentences the rules were not written on (CQE test sets)
        "eval quantities": ["quantities", str(shared / "data" / "quantities-dev")],
        # who said what on political news annotated by others (PolNeAR dev, both halves)
        "eval attribution": ["attribution", str(shared / "data" / "polnear-dev")],
        # figures read as measurements and series purity on real news (gold/findings/RULES.md):
        # the Libya window is where the rules were developed, the H1N1 window is held out
        "eval findings libya": [
            "findings",
            "--gold",
            str(ROOT / "gold" / "findings" / "libya.json"),
            "--shared",
            str(shared),
        ],
        "eval findings h1n1": [
            "findings",
            "--gold",
            str(ROOT / "gold" / "findings" / "h1n1.json"),
            "--shared",
            str(shared),
        ],
        # proposals and answers of a real negotiation, threaded (gold/proposals/RULES.md)
        "eval proposals": [
            "proposals",
            "--gold",
            str(ROOT / "gold" / "proposals" / "libya.json"),
            "--shared",
            str(shared),
        ],
    }
    failed = 0
    for name, args in runs.items():
        result = run_eval(args)
        for key, floor in floors[name].items():
            if not 0 <= floor <= 1:
                sys.exit(f"quality gate: floor {name} {key} = {floor}: scores run from 0 to 1")
            value = score(result, key)
            ok = value >= floor
            failed += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {name:<13} {key:<32} {value:8.4f}  (floor {floor})")
    print(f"quality gate: {'FAILED' if failed else 'passed'}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
