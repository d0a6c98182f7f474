"""Data files for domain words and patterns (outlets, boilerplate, cue verbs…).

Code reads words from here, never hard-codes them. Plain-text lexicons: one entry a line,
``#`` starts a comment, blank lines ignored. JSON lexicons are read as they are.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any


@cache
def lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of the text lexicon ``name`` (e.g. ``"boilerplate.txt"``)."""
    raw = files(__package__).joinpath(name).read_text(encoding="utf-8")
    out = []
    for line in raw.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return tuple(out)


@cache
def load_json(name: str) -> Any:
    """The parsed JSON lexicon ``name`` (e.g. ``"outlets.json"``)."""
    return json.loads(files(__package__).joinpath(name).read_text(encoding="utf-8"))
