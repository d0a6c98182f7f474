"""Rules to candidates to Timex records: the normalizer registry and the matching steps that
both the engine and the normalizers use (a clock time resolves the day written after it)."""

from __future__ import annotations

import re
from collections.abc import Callable

from . import calendar as cal
from .context import Ctx, Norm
from .model import Granularity, Timex
from .patterns import RuleFilter, rule_filters, rules
from .prefilter import lowered_for_needles

Match = re.Match[str]
Normalizer = Callable[[Match, Ctx], "Norm | None"]
Check = Callable[[Match, str], bool]
Candidate = tuple[int, int, int, str, Match]
"""(start, end, priority, rule name, match)."""

NORMALIZERS: dict[str, Normalizer] = {}
ACCEPT: dict[str, Check] = {}


def normalizer(name: str) -> Callable[[Normalizer], Normalizer]:
    """Register the normalizer of the rule ``name``."""

    def register(fn: Normalizer) -> Normalizer:
        NORMALIZERS[name] = fn
        return fn

    return register


def accept(name: str) -> Callable[[Check], Check]:
    """Register the context check of the rule ``name``."""

    def register(fn: Check) -> Check:
        ACCEPT[name] = fn
        return fn

    return register


def candidates(text: str) -> list[Candidate]:
    """Every match of every rule that passes its rule's context check."""
    found: list[Candidate] = []
    lowered = lowered_for_needles(text)
    places: dict[str, list[int]] = {}  # rules share needles (month names, units)
    for priority, ((name, pattern), filt) in enumerate(zip(rules(), rule_filters(), strict=True)):
        matches = _matches(text, lowered, pattern, filt, places)
        check = ACCEPT.get(name)
        for m in matches:
            if m.end() <= m.start():
                continue
            if check is not None and not check(m, text):
                continue
            found.append((m.start(), m.end(), priority, name, m))
    return found


def _occurrences(lowered: str, needle: str) -> list[int]:
    out = []
    q = lowered.find(needle)
    while q >= 0:
        out.append(q)
        q = lowered.find(needle, q + 1)
    return out


_SPARSE = 32
"""Search around the needles only when they are rarer than one per this many characters
(around frequent ones, running the rule over the whole text is cheaper)."""


def _matches(
    text: str,
    lowered: str | None,
    pattern: re.Pattern[str],
    filt: RuleFilter,
    places: dict[str, list[int]] | None = None,
) -> list[Match]:
    """What ``pattern.finditer(text)`` gives, looking only where a match can be.

    A match holds one of the rule's needles with no barrier character before it, so it
    starts between the last barrier before a needle and the needle. Trying the rule at
    those starts, skipping any inside the previous match, is exactly ``finditer``.
    """
    needles = filt.needles
    if not needles or lowered is None or len(lowered) != len(text):
        return list(pattern.finditer(text))
    places = {} if places is None else places
    at: list[int] = []
    for needle in needles:
        if needle not in places:
            places[needle] = _occurrences(lowered, needle)
        at.extend(places[needle])
    if not at:
        return []  # no match can exist
    if filt.starts is None or not filt.barriers or len(at) * _SPARSE > len(text):
        return list(pattern.finditer(text))
    at.sort()
    stop = filt.barriers
    starts: list[int] = []
    done = 0  # positions before this were already gathered
    for q in at:
        if q < done:
            continue
        lo = q
        while lo > done and text[lo - 1] not in stop:
            lo -= 1
        starts.extend(m.start() for m in filt.starts.finditer(text, lo, q + 1))
        done = q + 1
    out: list[Match] = []
    last = 0
    for s in starts:
        if s < last:
            continue
        m = pattern.match(text, s)
        if m is not None and m.end() > s:
            out.append(m)
            last = m.end()
    return out


def select(found: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates: longest first, then rule priority; in text order."""
    taken: list[tuple[int, int]] = []
    chosen: list[Candidate] = []
    for cand in sorted(found, key=lambda c: (c[0] - c[1], c[2], c[0])):
        s, e = cand[0], cand[1]
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        chosen.append(cand)
    chosen.sort(key=lambda c: c[0])
    return chosen


def _granularity(type_: str, value: str) -> Granularity:
    if type_ == "DURATION":
        return "duration"
    if type_ == "SET":
        return "set"
    if value.endswith("_REF"):
        return "ref"
    gran = cal.value_granularity(value)
    return gran or "day"


def build(cand: Candidate, ctx: Ctx) -> Timex | None:
    """The Timex of one candidate, normalized by its rule's normalizer (None: rejected)."""
    s, e, _p, name, m = cand
    norm = NORMALIZERS[name](m, ctx)
    if norm is None:
        return None
    return Timex(
        start=s,
        end=e,
        text=ctx.text[s:e],
        type=norm.type,
        value=norm.value,
        granularity=_granularity(norm.type, norm.value),
        anchor=norm.anchor,
        mod=norm.mod,
        signal=norm.signal,
        duration=norm.duration,
        rule=name,
        interval_begin=norm.interval_begin,
        interval_end=norm.interval_end,
    )


def resolve_fragment(fragment: str, ctx: Ctx, offset: int) -> Timex | None:
    """Normalize a short piece of text on its own (the day after a clock time)."""
    sub = Ctx(fragment, ctx.dct, None, [])
    chosen = select(candidates(fragment))
    if not chosen:
        return None
    return build(chosen[0], sub)
