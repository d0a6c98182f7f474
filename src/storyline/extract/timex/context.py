"""What a normalizer may look at: the text, the DCT, an optional parse, earlier results."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .calendar import GRAN_ORDER, value_granularity, value_to_date
from .model import Anchor, Timex, TimexType
from .tense import Tense, sentence_bounds, tense_of

if TYPE_CHECKING:
    from spacy.tokens import Doc

_ANCHOR_REACH = 600
"""How far back (characters) an anchored expression ("a year earlier") looks for its anchor."""


_DERIVED = frozenset({"ago", "year_ago_adj"})


@dataclass(frozen=True, slots=True)
class Norm:
    """A normalizer's answer for one match (the span comes from the match)."""

    type: TimexType
    value: str
    anchor: Anchor
    mod: str | None = None
    duration: str | None = None
    signal: str | None = None
    interval_begin: str | None = None
    interval_end: str | None = None


@dataclass(slots=True)
class Ctx:
    text: str
    dct: dt.date | None
    doc: Doc | None = None
    history: list[Timex] = field(default_factory=list)
    tenses: dict[tuple[int, int], Tense | None] = field(default_factory=dict)
    """Tense by span, asked once: a rule's question and the stored answer are the same."""

    def tense(self, start: int, end: int) -> Tense | None:
        if (start, end) not in self.tenses:
            self.tenses[start, end] = tense_of(self.text, start, end, self.doc)
        return self.tenses[start, end]

    def same_sentence(self, start: int, end: int) -> tuple[int, int]:
        return sentence_bounds(self.text, start, end)

    def last_date(
        self,
        before: int,
        *,
        finest: str = "century",
        grans: frozenset[str] | None = None,
        sentence_only: bool = False,
    ) -> tuple[Timex, dt.date, str] | None:
        """The nearest earlier fully specified calendar timex (its date and granularity).

        ``finest`` is the coarsest granularity accepted ("day" accepts time/day only);
        ``grans`` restricts to those granularities; ``sentence_only`` keeps to the sentence.
        """
        limit = self.same_sentence(before, before)[0] if sentence_only else before - _ANCHOR_REACH
        for t in reversed(self.history):
            if t.end > before:
                continue
            if t.start < limit:
                return None
            if t.type not in ("DATE", "TIME") or t.anchor == "timex" or t.rule in _DERIVED:
                continue  # anchoring on an anchored value would chain the errors
            gran = value_granularity(t.value)
            if not gran or GRAN_ORDER.get(gran, 9) > GRAN_ORDER[finest]:
                continue
            if grans is not None and gran not in grans:
                continue
            d = value_to_date(t.value)
            if d is not None:
                return t, d, gran
        return None

    def before_text(self, start: int, n: int = 40) -> str:
        return self.text[max(0, start - n) : start]


def preceded_by(ctx_text: str, start: int, pattern: re.Pattern[str]) -> bool:
    """Whether ``pattern`` (anchored with ``$``) matches the text just before ``start``."""
    return pattern.search(ctx_text, max(0, start - 40), start) is not None
