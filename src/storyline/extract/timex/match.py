"""Rules to candidates to Timex records: the normalizer registry and the matching steps that
both the engine and the normalizers use (a clock time resolves the day written after it)."""

from __future__ import annotations

import re
from collections.abc import Callable

from . import calendar as cal
from .context import Ctx, Norm
from .model import Granularity, Timex
from .patterns import rules

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
    for priority, (name, pattern) in enumerate(rules()):
        check = ACCEPT.get(name)
        for m in pattern.finditer(text):
            if m.end() <= m.start():
                continue
            if check is not None and not check(m, text):
                continue
            found.append((m.start(), m.end(), priority, name, m))
    return found


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
