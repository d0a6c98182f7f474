"""A stored time expression normalized again once its publication date is known.

Extraction without a publication date leaves relative expressions open: "on Sunday" is
``XXXX-WXX-7``, "a second day of talks" ``XXXX-XX-XX``. When a later step learns the day
(``story/anchoring.py``: an undated article placed on a single day), it resolves them from what
extraction stored (the expression's text, its rule and which way it points) rather than by
running the finder over the article again. The rule's context check is not repeated: the
expression passed it when it was found.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from .context import Ctx
from .engine import coerce_dct
from .match import build
from .model import Timex
from .patterns import rules
from .tense import Tense


@dataclass(slots=True)
class _Told(Ctx):
    """A context told what the article around the expression would say: its tense and its
    sentence (the text there is blank; earlier expressions are in ``history``)."""

    told: Tense | None = None
    sentence: tuple[int, int] | None = None

    def tense(self, start: int, end: int) -> Tense | None:
        return self.told

    def same_sentence(self, start: int, end: int) -> tuple[int, int]:
        return self.sentence or Ctx.same_sentence(self, start, end)


def reanchor(
    text: str,
    rule: str,
    dct: dt.date | dt.datetime | str | None,
    *,
    tense: Tense | None = None,
    start: int = 0,
    sentence: tuple[int, int] | None = None,
    history: Sequence[Timex] = (),
) -> Timex | None:
    """The expression ``text`` found by ``rule`` at ``start`` of its article, normalized
    against ``dct``. ``tense`` is which way it points ("FUTURE": "will meet on Sunday"),
    ``sentence`` its sentence's span and ``history`` the article's earlier expressions (with
    their values against ``dct``), for the rules that take a date named before them ("on
    Monday, the second day of talks"). None when the rule no longer matches the text or its
    normalizer rejects it; offsets are the article's."""
    pattern = dict(rules()).get(rule)
    if pattern is None:
        return None
    padded = " " * start + text  # offsets as the article's, where history's are
    # the stored text may start with a modifier ("early March"): take the rule's longest match
    found = [m for m in pattern.finditer(padded, start) if m.end() > m.start()]
    if not found:
        return None
    m = max(found, key=lambda m: (m.end() - m.start(), -m.start()))
    ctx = _Told(padded, coerce_dct(dct), None, list(history), told=tense, sentence=sentence)
    return build((m.start(), m.end(), 0, rule, m), ctx)
