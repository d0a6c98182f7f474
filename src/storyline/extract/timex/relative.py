"""Normalizers of relative units ("last week"), offsets ("a year earlier", "two days after"),
durations, sets and references (PRESENT_REF …); registered in ``match.NORMALIZERS``."""

from __future__ import annotations

import datetime as dt
import re

from ...lexicons import lexicon_cache
from . import calendar as cal
from .context import Ctx, Norm
from .lexicon import lexicon, month_alt, word_to_number
from .match import Match, accept, normalizer
from .model import Anchor
from .normalize import (
    MONEY_BEFORE,
    QUARTER_ORD,
    is_anchored_rel,
    no_anchor,
    pod_code,
    rel_of,
    shift_value,
    weekday_of,
)
from .patterns import E

# --- relative units ("last week", "the following year", "a year earlier") ------------------

_UNIT_GRAN = {
    "day": "day",
    "week": "week",
    "weekend": "week",
    "month": "month",
    "quarter": "quarter",
    "year": "year",
    "decade": "decade",
    "century": "century",
}


def _weekend_value(d: dt.date) -> str:
    return cal.fmt(d, "week") + "-WE"


@normalizer("rel_unit")
def _rel_unit(m: Match, ctx: Ctx) -> Norm | None:
    unit = m["unit"].lower()
    gran = _UNIT_GRAN[unit]
    r = rel_of(m["rel"])
    if r is None:
        return None
    anchor: Anchor
    if is_anchored_rel(m["rel"]) or unit == "day":
        found = ctx.last_date(m.start(), finest=gran)
        if found is None:
            return (
                None
                if unit == "day" and r == 0 and not is_anchored_rel(m["rel"])
                else no_anchor(gran)
            )
        base, anchor = found[1], "timex"
    else:
        if ctx.dct is None:
            return no_anchor(gran)
        base, anchor = ctx.dct, "publication"
    d = cal.shift(base, r, gran)
    if unit == "weekend":
        sat = cal.weekday_on_or_after(d - dt.timedelta(days=d.weekday()), 5)
        return Norm("DATE", _weekend_value(sat), anchor)
    return Norm("DATE", cal.fmt(d, gran), anchor)


_YEAR_POSITION = re.compile(
    r"(?i:\b(?:end|beginning|start|middle|rest|remainder|close|half|part|earlier\s+in|"
    r"later\s+in|early\s+in|late\s+in)\s+of\s+$|\b(?:earlier|later|early|late)\s+in\s+$)"
)


@normalizer("the_unit")
def _the_unit(m: Match, ctx: Ctx) -> Norm | None:
    unit = m["unit"].lower()
    if ctx.dct is None:
        return no_anchor("week" if unit != "year" else "year")
    if unit == "weekend":
        tense = ctx.tense(m.start(), m.end())
        sat = (
            cal.weekday_on_or_after(ctx.dct, 5)
            if tense == "FUTURE"
            else cal.weekday_on_or_before(ctx.dct - dt.timedelta(days=1), 5)
        )
        return Norm("DATE", _weekend_value(sat), "publication")
    if unit == "year":
        # "the end of the year", "earlier in the year": the DCT's year; else a length
        before = ctx.before_text(m.start(), 30)
        if _YEAR_POSITION.search(before):
            return Norm("DATE", cal.fmt(ctx.dct, "year"), "publication")
        return Norm("DURATION", "P1Y", "absolute")
    return Norm("DATE", cal.fmt(ctx.dct, "week"), "publication")


def unit_spec(word: str) -> tuple[str, dict[str, object]]:
    lex = lexicon()
    name = lex.unit_names[re.sub(r"\s+", " ", word.lower())]
    return name, lex.units[name]


def _number(text: str | None) -> float | None:
    return word_to_number(text) if text else None


def _offset_gran(unit: str) -> str:
    gran = str(lexicon().units[unit]["gran"])
    return {"time": "day", "decade": "year", "century": "year"}.get(gran, gran)


def _offset_amount(unit: str, n: float) -> tuple[int, str]:
    """Whole steps of a calendar granularity for ``n`` units ("2.5 years" → 30 months)."""
    spec = lexicon().units[unit]
    factor = int(spec.get("factor", 1))
    gran = _offset_gran(unit)
    if unit == "weekend":
        gran = "week"
    if spec["time"]:
        hours = {"S": 1 / 3600, "M": 1 / 60, "H": 1}[str(spec["code"])] * n
        return round(hours / 24), "day"
    if n != int(n) and gran in ("year", "month", "week"):
        per = {"year": (12, "month"), "month": (30, "day"), "week": (7, "day")}[gran]
        return round(n * factor * per[0]), per[1]
    return int(n * factor), gran


_FINE_UNITS = frozenset({"day", "week", "time"})


def _anchor_for_offset(
    m: Match, ctx: Ctx, gran: str, narrative: bool
) -> tuple[dt.date, str] | None:
    """The date an offset counts from: a date earlier in the sentence, else (for day/week
    offsets in a narrative) the nearest earlier date; granularity kept when not coarser."""
    found = ctx.last_date(m.start(), sentence_only=True)
    if found is None and narrative:
        found = ctx.last_date(m.start())
    elif found is None and gran == "year":
        # "Profit rose 5% in the third quarter. Sales were flat from a year ago": the quarter
        found = ctx.last_date(m.start(), grans=frozenset({"quarter"}))
    if found is None or cal.GRAN_ORDER[found[2]] > cal.GRAN_ORDER[gran]:
        return None
    return found[1], found[2]


@normalizer("ago")
def _ago(m: Match, ctx: Ctx) -> Norm | None:
    """ "two years ago" (DCT), "a year earlier" (a date of the sentence), "two days after"."""
    unit, _spec = unit_spec(m["unit"])
    n = _number(m["num"])
    sig = m["sig"].lower() if m["sig"] else None
    direction = re.sub(r"\s+", " ", (m["dir"] or sig or "").lower())
    sign = lexicon().offset_words.get(direction, -1)
    duration = duration_value(unit, n)
    gran = _offset_gran(unit)
    fine = str(lexicon().units[unit]["gran"]) in _FINE_UNITS
    if sig or (fine and direction in lexicon().anchored_offset_words):
        # TimeML marks "two days after X" / "three days later" as a DURATION; the interval
        # it spans is resolved against the anchor (TIMEX3 beginPoint/endPoint)
        return _anchored_duration(m, ctx, unit, n, sign, duration, sig)
    if n is None:
        return Norm(
            "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", "publication", duration=duration
        )
    steps, step_gran = _offset_amount(unit, n)
    anchored = direction in lexicon().anchored_offset_words
    if anchored or (unit == "year" and n == 1):
        # "a year earlier" / "from a year ago" compare with a date of the same sentence
        base = _anchor_for_offset(m, ctx, gran, narrative=False)
        if base is not None:
            value = cal.fmt(cal.shift(base[0], sign * steps, step_gran), base[1])
            return Norm("DATE", value, "timex", duration=duration)
    if ctx.dct is None:
        return Norm("DATE", cal.unknown(gran), "none", duration=duration)
    value = cal.fmt(cal.shift(ctx.dct, sign * steps, step_gran), gran)
    return Norm("DATE", value, "publication", duration=duration)


def _anchored_duration(
    m: Match, ctx: Ctx, unit: str, n: float | None, sign: int, duration: str, sig: str | None
) -> Norm:
    gran = _offset_gran(unit)
    base = _anchor_for_offset(m, ctx, gran, narrative=True)
    if base is None or n is None:
        return Norm("DURATION", duration, "none", signal=sig)
    steps, step_gran = _offset_amount(unit, n)
    far = cal.fmt(cal.shift(base[0], sign * steps, step_gran), gran if base[1] != gran else base[1])
    near = cal.fmt(base[0], base[1])
    lo, hi = (near, far) if sign > 0 else (far, near)
    return Norm("DURATION", duration, "timex", signal=sig, interval_begin=lo, interval_end=hi)


@normalizer("year_ago_adj")
def _year_ago_adj(m: Match, ctx: Ctx) -> Norm | None:
    noun = (m["noun"] or "").lower()
    ord_match = re.match(r"(first|second|third|fourth)", noun)
    if ord_match:
        q = QUARTER_ORD[ord_match.group(1)]
        found = ctx.last_date(m.start(), grans=frozenset({"quarter"}))
        year = found[1].year if found else (ctx.dct.year if ctx.dct else None)
        if year is None:
            return Norm("DATE", f"XXXX-Q{q}", "none")
        return Norm("DATE", f"{year - 1:04d}-Q{q}", "timex" if found else "publication")
    grans = {"quarter": frozenset({"quarter"}), "month": frozenset({"month"})}.get(
        noun, frozenset({"quarter", "month", "day"})
    )
    found = ctx.last_date(m.start(), grans=grans)
    if found is not None:
        return Norm("DATE", shift_value(found[1], found[2], -1, "year"), "timex")
    if ctx.dct is None:
        return no_anchor("year")
    gran = "quarter" if noun in ("quarter", "period") else "month" if noun == "month" else "year"
    base = cal.shift(ctx.dct, -1, "quarter") if gran == "quarter" else ctx.dct
    return Norm("DATE", shift_value(base, gran, -1, "year"), "publication")


# --- event-anchored days ("a second day of talks") ---------------------------------------


@lexicon_cache
def _calendar_after() -> re.Pattern[str]:
    """'the first day of March / of the month': a calendar position, not a day of an event."""
    return re.compile(
        rf"\s+(?i:of)\s+(?:(?i:the)\s+)?(?:(?i:month|year|week|quarter){E}|{month_alt()}|\d{{4}})"
    )


_OWNER_BEFORE = re.compile(r"(?i:\b(?:his|her|its|their|our|my|your)\s+)$")


@accept("ordinal_day")
def _ordinal_day_ok(m: Match, text: str) -> bool:
    if _calendar_after().match(text, m.end()):
        return False
    # a bare "first day" needs a determiner or an owner ("his first day in office")
    owner = _OWNER_BEFORE.search(text, max(0, m.start() - 8), m.start())
    return bool(m["det"]) or owner is not None


@normalizer("ordinal_day")
def _ordinal_day(m: Match, ctx: Ctx) -> Norm | None:
    """The n-th day of an event: the day of a date the sentence names before it ("On Monday,
    the second day of talks"); else, from the second day on and unless the tense points
    ahead, the publication day (a report of "a second day of talks" is written on that day);
    else unresolved ("his first day in office" when he is not yet in office)."""
    found = ctx.last_date(m.start(), finest="day", grans=frozenset({"day"}), sentence_only=True)
    if found is not None:
        return Norm("DATE", cal.fmt(found[1], "day"), "timex")
    word = m["ord"].lower()
    n = lexicon().ordinals.get(word) or int(re.sub(r"\D", "", word) or 0)
    if ctx.dct is None or n < 2 or ctx.tense(m.start(), m.end()) == "FUTURE":
        return no_anchor("day")
    return Norm("DATE", ctx.dct.isoformat(), "publication")


# --- durations ----------------------------------------------------------------------------


def duration_value(unit: str, n: float | None) -> str:
    """TIMEX3 duration for ``n`` units ("P5D", "PT2H", "P2Y6M"; "PXW" when ``n`` is vague)."""
    spec = lexicon().units[unit]
    code, factor = str(spec["code"]), int(spec.get("factor", 1))
    t = "T" if spec["time"] else ""
    if unit == "weekend":
        return "P2D" if n == 1 else (f"P{int(n) * 2}D" if n and n == int(n) else "PXWE")
    if n is None:
        return str(spec.get("vague") or f"P{t}X{code}")
    if factor != 1:
        n = n * factor
    whole = int(n)
    frac = n - whole
    if frac == 0:
        return f"P{t}{whole}{code}"
    lower = {
        "Y": (12, "M", ""),
        "M": (30, "D", "") if not t else (60, "S", "T"),
        "W": (7, "D", ""),
        "D": (24, "H", "T"),
        "H": (60, "M", "T"),
        "Q": (3, "M", ""),
    }.get(code)
    if lower is None:
        return f"P{t}{n:g}{code}"
    mult, sub, sub_t = lower
    rest = round(frac * mult)
    if sub_t and not t:
        return f"P{whole}{code}T{rest}{sub}" if whole else f"PT{rest}{sub}"
    return f"P{t}{whole}{code}{rest}{sub}" if whole else f"P{t}{rest}{sub}"


@accept("set_per")
def _set_per_ok(m: Match, text: str) -> bool:
    if m["times"] or m["per"].lower() == "per":
        return True
    # "$5 billion a year", "3 percent a year", "200 flights a day": a rate, hence a SET
    return MONEY_BEFORE.search(text, max(0, m.start() - 40), m.start()) is not None


@normalizer("set_per")
def _set_per(m: Match, ctx: Ctx) -> Norm | None:
    unit, _ = unit_spec(m["unit"])
    return Norm("SET", duration_value(unit, 1), "absolute")


@normalizer("duration")
def _duration(m: Match, ctx: Ctx) -> Norm | None:
    unit, _ = unit_spec(m["unit"])
    if re.match(r"\s+old\b", ctx.text[m.end() : m.end() + 5]):
        return None  # ages ("52 years old")
    if unit == "second" and m["num"].lower() in ("a", "an"):
        return None  # "a second day", "a second round": the ordinal, not a length
    n = _number(m["num"])
    if m["half"] and n is not None:
        n += 0.5
    if m["num2"]:
        n = None if _number(m["num2"]) is None else n
    mod = None
    orso = (m["orso"] or "").lower()
    if orso:
        mod = "APPROX" if "so" in orso else "EQUAL_OR_MORE"
    return Norm("DURATION", duration_value(unit, n), "absolute", mod)


@normalizer("duration_adj")
def _duration_adj(m: Match, ctx: Ctx) -> Norm | None:
    unit, _ = unit_spec(m["unit"])
    if m["suffix"] and m["suffix"].lower() == "old":
        return None  # ages ("a 6-year-old") are not time expressions
    word = m["num"].lower()
    n = 0.5 if "half" in word else _number(word)
    if n is None:
        return None
    return Norm("DURATION", duration_value(unit, n), "absolute")


@normalizer("duration_long")
def _duration_long(m: Match, ctx: Ctx) -> Norm | None:
    unit, _ = unit_spec(m["unit"])
    return Norm("DURATION", duration_value(unit, 1), "absolute")


@accept("duration_vague")
def _duration_vague_ok(m: Match, text: str) -> bool:
    if m["the"] or m["rel"] or m["unit2"] or m["suffix"]:
        return True
    return (
        re.search(
            r"(?i:\b(?:for|in|within|over|after|took|take|takes|taken|lasted|last|spent|spend|"
            r"spending|than|recent|few|coming|past|next|last|many|decades\s+and|years\s+and)\s+)$",
            text[max(0, m.start() - 15) : m.start()],
        )
        is not None
    )


@normalizer("duration_vague")
def _duration_vague(m: Match, ctx: Ctx) -> Norm | None:
    unit, _ = unit_spec(m["unit"])
    return Norm("DURATION", duration_value(unit, None), "absolute")


@normalizer("vague_duration")
def _vague_duration(m: Match, ctx: Ctx) -> Norm | None:
    return Norm(
        "DURATION", lexicon().vague_durations[re.sub(r"\s+", " ", m["vd"].lower())], "absolute"
    )


# --- sets and references -------------------------------------------------------------------


@normalizer("set_every")
def _set_every(m: Match, ctx: Ctx) -> Norm | None:
    lex = lexicon()
    what = m["what"]
    low = re.sub(r"\s+", " ", what.lower()).rstrip(".")
    step = 2 if "other" in m["q"].lower() else 1
    n = _number(m["num"]) if m["num"] else None
    if low in lex.unit_names:
        unit = lex.unit_names[low]
        return Norm("SET", duration_value(unit, (n or 1) * step), "absolute")
    if low in lex.weekdays:
        return Norm("SET", f"XXXX-WXX-{lex.weekdays[low] + 1}", "absolute")
    if low in lex.months:
        return Norm("SET", f"XXXX-{lex.months[low]:02d}", "absolute")
    if low in lex.seasons:
        return Norm("SET", f"XXXX-{lex.seasons[low]}", "absolute")
    pod = pod_code(low)
    if pod:
        return Norm("SET", f"XXXX-XX-XXT{pod}", "absolute")
    return None


@normalizer("set_word")
def _set_word(m: Match, ctx: Ctx) -> Norm | None:
    return Norm("SET", lexicon().sets[m["set"].lower()], "absolute")


def _weekday_set(m: Match, ctx: Ctx) -> Norm | None:
    wd = weekday_of(m["wd"].rstrip("s") if m["wd"].endswith("days") else m["wd"])
    pod = pod_code(m["pod"].rstrip("s")) if m["pod"] else None
    return Norm("SET", f"XXXX-WXX-{wd + 1}" + (f"T{pod}" if pod else ""), "absolute")


normalizer("weekday_set")(_weekday_set)
normalizer("weekday_pod_set")(_weekday_set)


@accept("ref")
def _ref_ok(m: Match, text: str) -> bool:
    word = re.sub(r"\s+", " ", m["ref"].lower())
    if word not in lexicon().ref_needs_preposition:
        return True
    before = text[max(0, m.start() - 20) : m.start()]
    if word == "earlier":
        # sentence-initial "Earlier, …" only; "earlier" elsewhere is mostly a comparison
        return (not before.strip() or before.rstrip()[-1:] in '.\n"') and text[
            m.end() : m.end() + 1
        ] == ","
    return re.search(r"(?i:\b(?:in|for|the|near|at|of|into)\s+)$", before) is not None


@normalizer("ref")
def _ref(m: Match, ctx: Ctx) -> Norm | None:
    value = lexicon().refs[re.sub(r"\s+", " ", m["ref"].lower())]
    return Norm("DATE", value, "publication" if ctx.dct else "none")
