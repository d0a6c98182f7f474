"""Cue words around a date mention, shared by the layers that read dates.

Publication dating (``ingest/dating.py``) and the anchoring of year-less dates
(``story/anchoring.py``) ask the same question of a date mention: is it announced as coming
("will meet on March 3") or reported as past? A bottom-level module, so neither imports the
other. Cue words live in ``lexicons/timex_tense.json`` (``future_before_date``, beside the
tense cues of time expressions).
"""

from __future__ import annotations

import re
from functools import cache

from .lexicons import load_json

CONTEXT_CHARS = 100
"""How far back (within the clause) to look for a future cue before a date mention."""

_CLAUSE_END = re.compile(r"[.!?;:\n](?=\s|$)|\n")


@cache
def _future_cue() -> re.Pattern[str]:
    cues = load_json("timex_tense.json")["future_before_date"]
    alternation = "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
    return re.compile(rf"(?<![\w'])(?:{alternation})(?!\w)", re.IGNORECASE)


def is_future(text: str, start: int) -> bool:
    """True when a future cue ("will", "scheduled for", "next") precedes the date at ``start``
    in its clause."""
    before = text[max(0, start - CONTEXT_CHARS) : start]
    ends = list(_CLAUSE_END.finditer(before))
    if ends:
        before = before[ends[-1].end() :]
    return _future_cue().search(before) is not None
