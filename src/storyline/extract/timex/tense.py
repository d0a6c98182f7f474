"""Which way a time expression points when the text leaves it open ("on Wednesday").

With a parsed spaCy ``Doc`` the governing verb decides (``will``/``'ll`` aux, an infinitive
complement, VBD/VBN). Without one, or when the parse says nothing, the nearest tense cue word
in the same sentence decides (cue words live in ``lexicons/timex_tense.json``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...lexicons import lexicon_cache
from .lexicon import alt, lexicon
from .model import Tense

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_SENT_END = re.compile(r"[.!?][\"')\]]?\s+(?=[\"'(\[]?[A-Z0-9])|\n\s*\n")
_WINDOW_BEFORE = 90
_WINDOW_AFTER = 50
_FUTURE_AUX = {"will", "'ll", "shall", "wo", "ll"}


@lexicon_cache
def _cue_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    lex = lexicon()
    fut = re.compile(rf"(?<![\w']){alt(lex.future_cues)}(?![\w'])")
    past = re.compile(rf"(?<![\w']){alt(lex.past_cues)}(?![\w'])")
    suffix = re.compile(rf"(?<![\w'])[a-z]{{3,}}{re.escape(lex.past_suffix)}(?![\w'])")
    return fut, past, suffix


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start and end of the (rough) sentence holding ``text[start:end]``."""
    lo = max(0, start - 400)
    s = lo
    for m in _SENT_END.finditer(text, lo, start):
        s = m.end()
    after = _SENT_END.search(text, end, min(len(text), end + 400))
    e = after.start() + 1 if after else min(len(text), end + 400)
    return s, e


def window_tense(text: str, start: int, end: int) -> Tense | None:
    """Tense from the nearest cue word in the sentence around ``text[start:end]``."""
    s, e = sentence_bounds(text, start, end)
    lo, hi = max(s, start - _WINDOW_BEFORE), min(e, end + _WINDOW_AFTER)
    fut, past, suffix = _cue_patterns()
    best: tuple[float, Tense] | None = None
    cues: tuple[tuple[re.Pattern[str], Tense, float], ...] = (
        (fut, "FUTURE", 1.0),
        (past, "PAST", 1.0),
        (suffix, "PAST", 1.6),
    )
    for pattern, tense, weight in cues:
        for m in pattern.finditer(text, lo, hi):
            if start <= m.start() < end:
                continue  # the expression's own words ("last", "next") are not cues
            dist = (start - m.end()) if m.end() <= start else (m.start() - end) * 1.5
            score = dist * weight
            if best is None or score < best[0]:
                best = (score, tense)
    return best[1] if best else None


def _verb_of(token: Token) -> Token | None:
    seen = 0
    while seen < 6:
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head is token:
            return None
        token = token.head
        seen += 1
    return None


def parse_tense(doc: Doc, start: int, end: int) -> Tense | None:
    """Tense of the verb that governs the expression in a parsed ``doc`` (None: not clear)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    verb = _verb_of(span.root)
    if verb is None:
        return None
    for child in verb.children:
        low = child.lower_
        if child.dep_ in ("aux", "auxpass") and (low in _FUTURE_AUX or low == "going"):
            return "FUTURE"
        if child.dep_ == "aux" and low == "to":
            return "FUTURE"  # "plans to meet on Monday", "is due to vote Tuesday"
    if verb.tag_ in ("VBD",):
        return "PAST"
    if verb.tag_ == "VBN" and any(
        c.lower_ in ("had", "was", "were", "has", "have") for c in verb.children
    ):
        return "PAST"
    return None


def tense_of(text: str, start: int, end: int, doc: Doc | None = None) -> Tense | None:
    """Which way ``text[start:end]`` points: the parse first, then cue words."""
    if doc is not None:
        found = parse_tense(doc, start, end)
        if found is not None:
            return found
    return window_tense(text, start, end)
