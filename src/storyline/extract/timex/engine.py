"""``find_timexes``: run the rules, settle overlaps, normalize in reading order, then attach
modifiers ("about", "early"), interval signals ("since", "from … to") and anchors."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from ...lexicons import lexicon_cache
from . import calendar as cal
from . import normalize, relative  # noqa: F401  (register the normalizers)
from .context import Ctx
from .lexicon import alt, lexicon
from .match import build, candidates, select
from .model import Timex

if TYPE_CHECKING:
    from spacy.tokens import Doc


def coerce_dct(dct: dt.date | dt.datetime | str | None) -> dt.date | None:
    """A date from a date, datetime or ISO string ("2025-04-16", "1998-02-06T22:19:00")."""
    if dct is None or dct == "":
        return None
    if isinstance(dct, dt.datetime):
        return dct.date()
    if isinstance(dct, dt.date):
        return dct
    try:
        return dt.date.fromisoformat(str(dct).strip()[:10])
    except ValueError:
        return None


@lexicon_cache
def _prefix_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    lex = lexicon()
    approx = re.compile(rf"(?<![\w])(?P<w>{alt(lex.approx_mods)})\s+$")
    position = re.compile(rf"(?<![\w])(?P<w>{alt(lex.position_mods)})(?:\s+|-|\s*-\s*)$")
    return approx, position


_POSITION_OK = frozenset(
    {
        "date_mdy",
        "date_dmy",
        "month",
        "month_year",
        "rel_month",
        "year",
        "weekday",
        "day_ref",
        "rel_unit",
        "season",
        "holiday",
        "the_unit",
        "decade",
        "century",
        "quarter",
        "year_spelled",
        "pod_ref",
    }
)
_APPROX_OK = frozenset({"duration", "duration_vague", "ago", "duration_adj", "time"})
_NO_OVER = ("over", "within", "under")


def attach_modifiers(t: Timex, text: str, floor: int) -> Timex:
    """Take a preceding "about"/"more than"/"early"/"the end of" into the span as ``mod``."""
    if t.mod is not None:
        return t
    approx, position = _prefix_patterns()
    lex = lexicon()
    lo = max(floor, t.start - 30)
    if t.rule in _APPROX_OK:
        m = approx.search(text, lo, t.start)
        if m:
            word = re.sub(r"\s+", " ", m["w"].lower())
            if word in _NO_OVER:
                return replace(t, mod=lex.approx_mods[word])  # a signal: TimeML leaves it out
            return replace(
                t, start=m.start(), text=text[m.start() : t.end], mod=lex.approx_mods[word]
            )
    if t.rule in _POSITION_OK and not t.value.endswith("_REF"):
        m = position.search(text, lo, t.start)
        if m:
            word = re.sub(r"\s+", " ", m["w"].lower())
            if word in ("earlier", "later") and t.rule not in (
                "rel_unit",
                "day_ref",
                "weekday",
                "pod_ref",
            ):
                return t
            return replace(
                t, start=m.start(), text=text[m.start() : t.end], mod=lex.position_mods[word]
            )
    return t


@lexicon_cache
def _signal_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?P<w>{alt(lexicon().interval_signals)})\s+$")


_BETWEEN = re.compile(r"^\s*(?:(?i:to|until|till|through|and|or)|-|–|—)\s*$")


def _day_value(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def attach_intervals(items: list[Timex], text: str, dct: dt.date | None) -> list[Timex]:
    """ "since X" → [X, DCT]; "from X to Y" / "between X and Y" → [X, Y]; "until X" → [.., X]."""
    out = list(items)
    sig = _signal_pattern()
    signals = lexicon().interval_signals
    i = 0
    while i < len(out):
        t = out[i]
        if t.type not in ("DATE", "TIME") or t.value.endswith("_REF"):
            i += 1
            continue
        m = sig.search(text, max(0, t.start - 12), t.start)
        word = m["w"].lower() if m else None
        nxt = out[i + 1] if i + 1 < len(out) else None
        if (
            word in ("from", "between")
            and nxt is not None
            and _BETWEEN.match(text[t.end : nxt.start])
        ):
            out[i] = replace(t, interval_begin=t.value, interval_end=nxt.value, signal=word)
            out[i + 1] = replace(
                nxt,
                interval_begin=t.value,
                interval_end=nxt.value,
                signal=text[t.end : nxt.start].strip().lower() or "-",
            )
            i += 2
            continue
        if word == "since":
            out[i] = replace(t, interval_begin=t.value, interval_end=_day_value(dct), signal=word)
        elif word is not None and signals.get(word) == "end" and word not in ("to", "and"):
            out[i] = replace(t, interval_end=t.value, signal=word)
        i += 1
    return out


def attach_explicit_anchors(items: list[Timex], text: str) -> list[Timex]:
    """ "two days after March 3": anchor an offset on the date right after its signal."""
    out = list(items)
    for i, t in enumerate(out):
        if t.rule != "ago" or t.signal is None or i + 1 >= len(out):
            continue
        nxt = out[i + 1]
        if not re.fullmatch(r"\s+(?i:before|after)\s+(?i:the\s+)?", text[t.end : nxt.start]):
            continue
        base = cal.value_to_date(nxt.value) if nxt.type in ("DATE", "TIME") else None
        m = re.fullmatch(r"P(\d+)(WE|[DWMYQ])", t.value)
        if base is None or m is None:
            continue
        unit = {"D": "day", "W": "week", "M": "month", "Y": "year", "Q": "quarter", "WE": "week"}[
            m.group(2)
        ]
        gran = cal.value_granularity(nxt.value)
        keep = gran if cal.GRAN_ORDER.get(gran, 9) <= cal.GRAN_ORDER[unit] else unit
        sign = 1 if t.signal == "after" else -1
        far = cal.fmt(cal.shift(base, sign * int(m.group(1)), unit), keep)
        near = cal.fmt(base, keep)
        lo, hi = (near, far) if sign > 0 else (far, near)
        out[i] = replace(t, anchor="timex", interval_begin=lo, interval_end=hi)
    return out


def find_timexes(
    text: str,
    dct: dt.date | dt.datetime | str | None,
    *,
    doc: Doc | None = None,
) -> list[Timex]:
    """Time expressions in ``text``, normalized against the publication date ``dct``.

    ``dct`` may be None (relative expressions then get partly unknown values and anchor
    ``"none"``). ``doc``, a spaCy Doc of exactly ``text``, lets the parse decide the tense of
    open expressions ("on Wednesday"); without it nearby cue words decide. Every DATE or TIME
    not fixed by its own words keeps that tense (``Timex.tense``).
    """
    ctx = Ctx(text, coerce_dct(dct), doc, [])
    floor = 0
    for cand in select(candidates(text)):
        t = build(cand, ctx)
        if t is None:
            continue
        t = attach_modifiers(t, text, floor)
        ctx.history.append(t)
        floor = t.end
    items = attach_explicit_anchors(ctx.history, text)
    return [_with_tense(t, ctx) for t in attach_intervals(items, text, ctx.dct)]


def _with_tense(t: Timex, ctx: Ctx) -> Timex:
    """``t`` with the tense of its span when its own words do not fix it (``Timex.tense``)."""
    if t.type not in ("DATE", "TIME") or t.anchor == "absolute":
        return t
    return replace(t, tense=ctx.tense(t.start, t.end))
