"""`storyline --help` and `--version` start fast: the command line loads spaCy, the store, the
web app and the plotting/parquet packages only inside the commands that use them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = (
    "spacy",
    "sqlalchemy",
    "fastapi",
    "matplotlib",
    "pandas",
    "pyarrow",
    "datasketch",
    "storyline.api",
)
SCRIPT = """
import sys
from storyline.outputs.cli import app
try:
    app({args!r})
except SystemExit:
    pass
heavy = [m for m in {heavy!r} if m in sys.modules]
print("LOADED", *heavy, file=sys.stderr)
"""


def loaded_by(*args: str) -> list[str]:
    """The heavy packages imported by running ``storyline ARGS`` in a fresh interpreter."""
    code = SCRIPT.format(args=list(args), heavy=HEAVY)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    line = proc.stderr.strip().splitlines()[-1]
    assert line.startswith("LOADED"), proc.stderr
    return line.split()[1:]


@pytest.mark.parametrize(
    "args",
    [["--help"], ["--version"], ["timeline", "--help"], ["eval", "--help"], ["info", "--help"]],
)
def test_help_and_version_load_no_heavy_package(args: list[str]) -> None:
    assert loaded_by(*args) == []
