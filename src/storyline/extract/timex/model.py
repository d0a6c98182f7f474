"""The Timex record: one time expression, its TIMEX3 value and how it was resolved."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Granularity = Literal[
    "time",
    "day",
    "week",
    "month",
    "quarter",
    "season",
    "half",
    "year",
    "decade",
    "century",
    "duration",
    "set",
    "ref",
]
Anchor = Literal["absolute", "publication", "timex", "none"]
Tense = Literal["FUTURE", "PAST"]


@dataclass(frozen=True, slots=True)
class Timex:
    """A time expression found in a text, normalized TIMEX3-style.

    ``start``/``end`` are character offsets into the text given to ``find_timexes`` and follow
    the TimeML span conventions (a leading "the" of "the past two weeks" is in; a signal word
    such as "since" or "after" is out, and is kept in ``signal``).

    ``value`` is the TIMEX3 value: ``2025-04-16``, ``2025-04-16T20:00``, ``2025-W16``,
    ``2025-04``, ``2025-Q1``, ``2025-H1``, ``2025-SU``, ``2025``, ``202`` (a decade), ``20``
    (a century), ``P5D`` / ``PXW`` / ``PT2H`` (durations), ``PAST_REF`` / ``PRESENT_REF`` /
    ``FUTURE_REF``, or a partly unknown value such as ``XXXX-04-17`` when nothing anchors it.

    ``anchor`` tells what the value was resolved against: ``absolute`` (the text says it all),
    ``publication`` (the document creation time, DCT), ``timex`` (another date of the same text,
    e.g. "a year earlier", "two days after March 3") or ``none`` (relative, but no anchor known).

    ``interval_begin``/``interval_end`` are set when a signal makes the expression one end of
    an interval: "since March 18" gives ``interval_begin="2025-03-18"`` and ``interval_end`` the
    DCT; "from May to June" gives both expressions ``("2025-05", "2025-06")``; "until Friday"
    gives only ``interval_end``. ``duration`` is the length for anchored offsets ("two days
    after the attack": value = anchor + 2 days, ``duration="P2D"``). ``rule`` names the rule
    that matched, for diagnostics.

    ``tense`` is which way an expression not fixed by its own words points ("will meet on
    Sunday": ``FUTURE``), as the parse or the cue words around it say (None: neither does).
    Stored so that a later step which learns the publication date can resolve the expression
    again without the text (``reanchor``).
    """

    start: int
    end: int
    text: str
    type: TimexType
    value: str
    granularity: Granularity
    anchor: Anchor
    mod: str | None = None
    interval_begin: str | None = None
    interval_end: str | None = None
    signal: str | None = None
    duration: str | None = None
    rule: str = ""
    tense: Tense | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-able fields (None values dropped)."""
        out: dict[str, object] = {}
        for name in self.__slots__:
            v = getattr(self, name)
            if v is not None and v != "":
                out[name] = v
        return out
