"""Normalizers: one function per recognition rule, turning a match into a TIMEX3 value.

Registered by rule name in ``match.NORMALIZERS`` (the rule tables live in ``patterns.py``); this
module holds calendar expressions, ``relative.py`` the relative ones, offsets, durations, sets;
``match.ACCEPT`` holds the optional context checks a rule's match must pass before it competes
with overlapping matches. A normalizer returns ``None`` to reject its match.
"""

from __future__ import annotations

import datetime as dt
import re

from . import calendar as cal
from .context import Ctx, Norm
from .lexicon import lexicon
from .match import Match, accept, normalizer, resolve_fragment
from .model import Anchor, TimexType
from .tense import Tense

# --- small helpers -------------------------------------------------------------------------

_PREP_BEFORE = re.compile(
    r"(?i:\b(?:in|on|since|until|till|by|from|to|through|during|before|after|of|early|late|mid|"
    r"last|next|this|that|between|and|or|around|for|into|throughout|starting|ending|"
    r"beginning|end|start|middle|past|each|every|until|as\s+of)[\s-]+)$"
)
MONEY_BEFORE = re.compile(
    r"(?:[$£€¥]\s?[\d.,]+\s*(?:\w+illion)?|\d[\d.,]*\s*(?:%|percent|per\s+cent|\w+s)?)\s+$"
)


def month_of(s: str) -> int:
    return lexicon().months[s.lower().rstrip(".")]


def weekday_of(s: str) -> int:
    return lexicon().weekdays[s.lower().rstrip(".").removesuffix("'s")]


def day_of(s: str) -> int:
    s = s.lower()
    if s in lexicon().ordinals:
        return lexicon().ordinals[s]
    return int(re.sub(r"\D", "", s))


def two_digit_year(yy: int, dct: dt.date | None) -> int:
    """'98 → 1998 or 2098: the century that puts it nearest the DCT (default 2000s)."""
    ref = dct.year if dct else 2000
    cands = [c + yy for c in (1900, 2000, 2100)]
    return min(cands, key=lambda y: abs(y - ref))


def _cost(
    delta: float, tense: Tense | None, future_weight: float = 1.25, past_tense_weight: float = 2.5
) -> float:
    """How implausible an occurrence ``delta`` units from the DCT is (news lean to the past)."""
    if delta >= 0:
        return delta * (
            1.0 if tense == "FUTURE" else past_tense_weight if tense == "PAST" else future_weight
        )
    return -delta * (1.0 if tense != "FUTURE" else 2.5)


def nearest_month_day(dct: dt.date, month: int, day: int, tense: Tense | None) -> dt.date | None:
    best: tuple[float, dt.date] | None = None
    for y in (dct.year - 1, dct.year, dct.year + 1):
        d = cal.safe_date(y, month, day)
        if d is None:
            continue
        c = _cost((d - dct).days, tense)
        if best is None or c < best[0]:
            best = (c, d)
    return best[1] if best else None


def nearest_month(dct: dt.date, month: int, tense: Tense | None) -> tuple[int, int]:
    best: tuple[float, int] | None = None
    for y in (dct.year - 1, dct.year, dct.year + 1):
        delta = (y - dct.year) * 12 + month - dct.month
        c = _cost(delta, tense)
        if best is None or c < best[0]:
            best = (c, y)
    assert best is not None
    return best[1], month


def weekday_date(dct: dt.date, wd: int, rel: int | None, tense: Tense | None) -> dt.date:
    """The date of weekday ``wd`` near the DCT: past lean unless the tense points ahead."""
    if rel is None:
        if tense == "FUTURE":
            return cal.weekday_on_or_after(dct, wd)
        return cal.weekday_on_or_before(dct, wd)
    if rel < 0:
        return cal.weekday_on_or_before(dct - dt.timedelta(days=1), wd)
    if rel > 0:
        return cal.weekday_on_or_after(dct + dt.timedelta(days=1), wd)
    return dct + dt.timedelta(days=wd - dct.weekday())


def rel_of(word: str | None) -> int | None:
    if not word:
        return None
    return lexicon().relatives.get(re.sub(r"\s+", " ", word.lower()))


def is_anchored_rel(word: str | None) -> bool:
    return bool(word) and re.sub(r"\s+", " ", str(word).lower()) in lexicon().anchored_relatives


def pod_code(word: str | None) -> str | None:
    if not word:
        return None
    return lexicon().parts_of_day.get(re.sub(r"\s+", " ", word.lower()))


def no_anchor(gran: str, *, type_: TimexType = "DATE") -> Norm:
    return Norm(type_, cal.unknown(gran), "none")


# --- absolute and calendar dates -----------------------------------------------------------


@normalizer("date_iso")
def _date_iso(m: Match, ctx: Ctx) -> Norm | None:
    d = cal.safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    if d is None:
        return None
    if m["hh"]:
        return Norm("TIME", f"{d.isoformat()}T{m['hh']}:{m['mi']}", "absolute")
    return Norm("DATE", d.isoformat(), "absolute")


@normalizer("date_numeric")
def _date_numeric(m: Match, ctx: Ctx) -> Norm | None:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    if len(m["y"]) == 2:
        y = two_digit_year(y, ctx.dct)
    month, day = (a, b) if a <= 12 else (b, a)  # US order unless the first cannot be a month
    d = cal.safe_date(y, month, day)
    return Norm("DATE", d.isoformat(), "absolute") if d else None


def _month_day(m: Match, ctx: Ctx) -> Norm | None:
    month, day = month_of(m["mon"]), day_of(m["d"])
    if m["y"]:
        d = cal.safe_date(int(m["y"]), month, day)
        return Norm("DATE", d.isoformat(), "absolute") if d else None
    if not 1 <= day <= 31:
        return None
    if ctx.dct is None:
        return Norm("DATE", f"XXXX-{month:02d}-{day:02d}", "none")
    d = nearest_month_day(ctx.dct, month, day, ctx.tense(m.start(), m.end()))
    if d is None:
        return None
    return Norm("DATE", d.isoformat(), "publication")


normalizer("date_mdy")(_month_day)
normalizer("date_dmy")(_month_day)


@accept("date_dmy")
def _dmy_ok(m: Match, text: str) -> bool:
    # "5 May" must not be the tail of a bigger number ("the 1,5 May …") or a score
    return not re.search(r"[\d,.]\s*$", text[max(0, m.start() - 2) : m.start()])


@normalizer("month_year")
def _month_year(m: Match, ctx: Ctx) -> Norm | None:
    month = month_of(m["mon"])
    if m["y"]:
        return Norm("DATE", f"{int(m['y']):04d}-{month:02d}", "absolute")
    if m["yy"]:
        return Norm("DATE", f"{two_digit_year(int(m['yy']), ctx.dct):04d}-{month:02d}", "absolute")
    if ctx.dct is None:
        return no_anchor("month")
    year = ctx.dct.year + (rel_of(m["rel"]) or 0)
    return Norm("DATE", f"{year:04d}-{month:02d}", "publication")


@accept("month")
def _month_ok(m: Match, text: str) -> bool:
    word = m["mon"].lower().rstrip(".")
    if word not in lexicon().ambiguous_months and m["mon"][0].isupper() and not m["mon"].isupper():
        return True
    return _PREP_BEFORE.search(text, max(0, m.start() - 30), m.start()) is not None


@normalizer("month")
def _month(m: Match, ctx: Ctx) -> Norm | None:
    month = month_of(m["mon"])
    if ctx.dct is None:
        return Norm("DATE", f"XXXX-{month:02d}", "none")
    y, mo = nearest_month(ctx.dct, month, ctx.tense(m.start(), m.end()))
    return Norm("DATE", f"{y:04d}-{mo:02d}", "publication")


@normalizer("rel_month")
def _rel_month(m: Match, ctx: Ctx) -> Norm | None:
    month, r = month_of(m["mon"]), rel_of(m["rel"])
    if r is None:
        return None
    if ctx.dct is None:
        return Norm("DATE", f"XXXX-{month:02d}", "none")
    y = ctx.dct.year
    if r < 0:
        y = y if month < ctx.dct.month else y - 1
    elif r > 0:
        y = y if month > ctx.dct.month else y + 1
    return Norm("DATE", f"{y:04d}-{month:02d}", "publication")


@normalizer("weekday")
def _weekday(m: Match, ctx: Ctx) -> Norm | None:
    wd, pod = weekday_of(m["wd"]), pod_code(m["pod"])
    type_: TimexType = "TIME" if pod else "DATE"
    suffix = f"T{pod}" if pod else ""
    if is_anchored_rel(m["rel"]):
        return None
    if ctx.dct is None:
        return Norm(type_, f"XXXX-WXX-{wd + 1}{suffix}", "none")
    d = weekday_date(ctx.dct, wd, rel_of(m["rel"]), ctx.tense(m.start(), m.end()))
    return Norm(type_, d.isoformat() + suffix, "publication")


@normalizer("day_ref")
def _day_ref(m: Match, ctx: Ctx) -> Norm | None:
    word = re.sub(r"\s+", " ", m["ref"].lower())
    offset = lexicon().day_refs[word]
    pod = pod_code(m["pod"]) or ("NI" if word == "tonight" else None)
    type_: TimexType = "TIME" if pod else "DATE"
    suffix = f"T{pod}" if pod else ""
    if ctx.dct is None:
        return Norm(type_, "XXXX-XX-XX" + suffix, "none")
    d = ctx.dct + dt.timedelta(days=offset)
    return Norm(type_, d.isoformat() + suffix, "publication")


@normalizer("pod_ref")
def _pod_ref(m: Match, ctx: Ctx) -> Norm | None:
    pod = pod_code(m["pod"])
    if pod is None:
        return None
    rel = m["rel"].lower().split()[-1]
    offset = -1 if rel == "last" else 0
    if ctx.dct is None:
        return Norm("TIME", f"XXXX-XX-XXT{pod}", "none")
    return Norm("TIME", f"{(ctx.dct + dt.timedelta(days=offset)).isoformat()}T{pod}", "publication")


# --- clock times ---------------------------------------------------------------------------


@accept("time")
def _time_ok(m: Match, text: str) -> bool:
    if m["h2"] is None:
        return True
    # a bare "10:35" is a time only after "at"/"by"/"until" or with a zone or a day after it
    return (
        bool(m["tz"] or m["day"])
        or re.search(
            r"(?i:\b(?:at|by|until|till|before|after|from|around|about)\s+)$",
            text[max(0, m.start() - 12) : m.start()],
        )
        is not None
    )


def _clock(m: Match) -> str | None:
    lex = lexicon()
    if m["cw"]:
        return lex.clock_words[re.sub(r"\s+", " ", m["cw"].lower())]
    if m["h"] is not None:
        h, mi = int(m["h"]), int(m["mi"] or 0)
        pm = m["ampm"].lower().startswith("p")
        if h > 12 or h == 0 and pm:
            return None
        h = (h % 12) + (12 if pm else 0)
        return f"{h:02d}:{mi:02d}"
    if m["h2"] is not None:
        return f"{int(m['h2']):02d}:{m['mi2']}"
    if m["h3"] is not None:
        h = int(m["h3"])
        if h > 12:
            return None
        if m["pod"].lower() != "morning" and h < 12:
            h += 12
        return f"{h:02d}:00"
    return None


def _day_of_text(text: str, ctx: Ctx, start: int) -> dt.date | None:
    """Resolve the day written after a clock time ("Wednesday", "Nov. 9", "today")."""
    t = resolve_fragment(text, ctx, start)
    return cal.value_to_date(t.value) if t is not None and "X" not in t.value else None


@normalizer("time")
def _time(m: Match, ctx: Ctx) -> Norm | None:
    clock = _clock(m)
    if clock is None:
        return None
    day: dt.date | None = None
    anchor: Anchor = "publication"
    if m["day"] and ctx.dct is not None and m["day"].lower().rstrip(".") in lexicon().weekdays:
        tense = ctx.tense(m.start(), m.end())
        day = weekday_date(ctx.dct, weekday_of(m["day"]), None, tense)
    elif m["day"]:
        day = _day_of_text(m["day"], ctx, m.start("day"))
    if day is None:
        found = ctx.last_date(m.start(), finest="day", sentence_only=True)
        if found is not None:
            day, anchor = found[1], "timex"
        else:
            day = ctx.dct
    if day is None:
        return Norm("TIME", f"XXXX-XX-XXT{clock}", "none")
    return Norm("TIME", f"{day.isoformat()}T{clock}", anchor)


# --- years, decades, centuries -------------------------------------------------------------


@accept("year")
def _year_ok(m: Match, text: str) -> bool:
    y = int(m["y"])
    if m["pre"]:
        return True
    if not 1600 <= y <= 2099:
        return False
    # "1990-91" season labels and "2003/04" are fine; "No. 1990", "#1990", "1990 tons" are not
    if re.search(
        r"(?i:no\.|#|number|page|p\.|route|flight|room|code)\s*$",
        text[max(0, m.start() - 10) : m.start()],
    ):
        return False
    after = text[m.end() : m.end() + 20]
    return (
        re.match(
            r"\s+(?:[a-z]+\s+)?(?i:people|persons|troops|soldiers|men|women|children|workers|votes|"
            r"tons|tonnes|barrels|shares|acres|feet|metres|meters|miles|kilometers|km|dollars)\b",
            after,
        )
        is None
    )


@normalizer("year")
def _year(m: Match, ctx: Ctx) -> Norm | None:
    return Norm("DATE", f"{int(m['y']):04d}", "absolute")


def spelled_year(text: str) -> int | None:
    words = re.split(r"[\s-]+", text.lower())
    nums = lexicon().numbers
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        return 2000 + sum(nums.get(w, 0) for w in rest)
    head = nums.get(words[0])
    if head is None:
        return None
    rest = words[1:]
    if rest == ["hundred"]:
        return head * 100
    if rest and rest[0] == "oh":
        rest = rest[1:]
    tail = sum(nums.get(w, 0) for w in rest)
    return head * 100 + tail


@normalizer("year_spelled")
def _year_spelled(m: Match, ctx: Ctx) -> Norm | None:
    y = spelled_year(m["sp"])
    return Norm("DATE", f"{y:04d}", "absolute") if y and 1000 <= y <= 2099 else None


_DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}


@accept("decade")
def _decade_ok(m: Match, text: str) -> bool:
    dec = m["dec"]
    return bool(m["the"]) or dec[0] == "'" or dec[:2] in ("1" + dec[1:2], "20") and len(dec) >= 5


@normalizer("decade")
def _decade(m: Match, ctx: Ctx) -> Norm | None:
    dec = m["dec"].lower().replace("'", "")
    ref = ctx.dct.year if ctx.dct else 2000
    if dec in _DECADE_WORDS:
        tens = _DECADE_WORDS[dec]
        century = max(c for c in (18, 19, 20) if c * 100 + tens * 10 <= max(ref, 1900 + tens * 10))
        value = f"{century}{tens}"
    elif len(dec) == 3:  # '80s
        tens = int(dec[0])
        century = 19 if 1900 + tens * 10 <= ref else 18
        if 2000 + tens * 10 <= ref:
            century = 20
        value = f"{century}{tens}"
    else:
        value = dec[:3]
    pos = m["pos"].lower() if m["pos"] else None
    mod = {"early": "START", "mid": "MID", "late": "END"}.get(pos or "")
    return Norm("DATE", value, "absolute", mod)


@normalizer("century")
def _century(m: Match, ctx: Ctx) -> Norm | None:
    n = m["n"].lower()
    num = lexicon().ordinals.get(n) or int(re.sub(r"\D", "", n))
    return Norm("DATE", f"{num - 1:02d}", "absolute") if 1 <= num <= 21 else None


# --- quarters, halves, seasons, holidays ---------------------------------------------------

QUARTER_ORD = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "final": 4,
}


def _quarter_year(ctx: Ctx, q: int, start: int, end: int) -> int | None:
    """Year of a quarter named without one: nearest to the DCT, past-leaning."""
    if ctx.dct is None:
        return None
    cur = (ctx.dct.month - 1) // 3 + 1
    best: tuple[float, int] | None = None
    tense = ctx.tense(start, end)
    for y in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1):
        delta = (y - ctx.dct.year) * 4 + q - cur
        # financial news reports quarters that have ended: lean harder to the past
        c = _cost(delta, tense, future_weight=3.5, past_tense_weight=10.0)
        if best is None or c < best[0]:
            best = (c, y)
    return best[1] if best else None


def _quarter(m: Match, ctx: Ctx) -> Norm | None:
    q = QUARTER_ORD[m["ord"].lower()]
    y_text = m["y1"] or (m.groupdict().get("y2"))
    if y_text:
        return Norm("DATE", f"{int(y_text):04d}-Q{q}", "absolute")
    det = (m.groupdict().get("det") or "").lower()
    if ctx.dct is not None and "year's" in det:
        year = ctx.dct.year + {"this": 0, "last": -1, "next": 1}[det.split()[0]]
        return Norm("DATE", f"{year:04d}-Q{q}", "publication")
    guessed = _quarter_year(ctx, q, m.start(), m.end())
    if guessed is None:
        return Norm("DATE", f"XXXX-Q{q}", "none")
    return Norm("DATE", f"{guessed:04d}-Q{q}", "publication")


normalizer("quarter")(_quarter)
normalizer("quarter_adj")(_quarter)


@normalizer("quarter_q")
def _quarter_q(m: Match, ctx: Ctx) -> Norm | None:
    q = int(m["q"][1])
    if m["y"]:
        return Norm("DATE", f"{int(m['y']):04d}-Q{q}", "absolute")
    year = _quarter_year(ctx, q, m.start(), m.end())
    return Norm(
        "DATE", f"{year:04d}-Q{q}" if year else f"XXXX-Q{q}", "publication" if year else "none"
    )


def shift_value(d: dt.date, gran: str, n: int, unit: str) -> str:
    return cal.fmt(cal.shift(d, n, unit), gran)


_YEAR_BACK = (
    "year-earlier",
    "year-ago",
    "prior-year",
    "year-before",
    "corresponding",
    "comparable",
)


@normalizer("quarter_ref")
def _quarter_ref(m: Match, ctx: Ctx) -> Norm | None:
    det = m["det"].lower()
    adj = " ".join(a.lower() for a in (m["adj"], m["adj2"]) if a)
    unit = m["unit"].lower()
    year_back = any(w in adj for w in _YEAR_BACK) or bool(m["ago"])
    if unit == "period" and not adj:
        return None
    grans = frozenset({"quarter"}) if unit == "quarter" else frozenset({"quarter", "month", "half"})
    found = ctx.last_date(m.start(), grans=grans)
    if unit == "period" and found is None and "latest" not in adj and "current" not in adj:
        return None
    anchor: Anchor = "timex" if found else "publication"
    if found:
        base, gran = found[1], found[2]
    elif ctx.dct is not None:
        base, gran = cal.shift(ctx.dct, -1, "quarter"), "quarter"
    else:
        return no_anchor("quarter")
    if det == "this" or "current" in adj:
        if ctx.dct is None:
            return no_anchor("quarter")
        return Norm("DATE", cal.fmt(ctx.dct, "quarter"), "publication")
    if det == "next" or adj in ("next", "coming"):
        if ctx.dct is None:
            return no_anchor("quarter")
        return Norm("DATE", shift_value(ctx.dct, "quarter", 1, "quarter"), "publication")
    if det == "last" or adj in ("previous", "past", "last"):
        if found and adj in ("previous",):
            return Norm("DATE", shift_value(base, gran, -1, "quarter"), "timex")
        if ctx.dct is None:
            return no_anchor("quarter")
        return Norm("DATE", shift_value(ctx.dct, "quarter", -1, "quarter"), "publication")
    if year_back:
        return Norm("DATE", shift_value(base, gran, -1, "year"), anchor)
    return Norm("DATE", cal.fmt(base, gran), anchor)


@normalizer("year_quarter_ref")
def _year_quarter_ref(m: Match, ctx: Ctx) -> Norm | None:
    """ "the 1988 quarter": the quarter last talked about, in that year."""
    found = ctx.last_date(m.start(), grans=frozenset({"quarter"}))
    if found is None:
        return Norm("DATE", m["y"], "absolute")
    return Norm("DATE", f"{m['y']}-Q{(found[1].month - 1) // 3 + 1}", "timex")


@normalizer("half")
def _half(m: Match, ctx: Ctx) -> Norm | None:
    h = 1 if m["which"].lower() == "first" else 2
    of = (m["of"] or "").lower()
    digits = re.search(r"\d{4}", of)
    if digits:
        return Norm("DATE", f"{digits.group()}-H{h}", "absolute")
    if ctx.dct is None:
        return Norm("DATE", f"XXXX-H{h}", "none")
    year = ctx.dct.year + (-1 if "last" in of else 1 if "next" in of else 0)
    return Norm("DATE", f"{year:04d}-H{h}", "publication")


@accept("season")
def _season_ok(m: Match, text: str) -> bool:
    if m["rel"] or m["y"]:
        return True
    if m["season"].lower() not in lexicon().bare_seasons:
        return False
    return (
        re.search(
            r"(?i:\b(?:in|during|by|until|over|through|since|this|next|last)\s+)$",
            text[max(0, m.start() - 12) : m.start()],
        )
        is not None
    )


@normalizer("season")
def _season(m: Match, ctx: Ctx) -> Norm | None:
    lex = lexicon()
    code = lex.seasons[m["season"].lower()]
    if m["y"]:
        return Norm("DATE", f"{m['y']}-{code}", "absolute")
    if ctx.dct is None:
        return Norm("DATE", f"XXXX-{code}", "none")
    r = rel_of(m["rel"]) if m["rel"] and m["rel"].lower() != "the" else None
    cur_year, cur_code = cal.season_of(ctx.dct)
    order = ["WI", "SP", "SU", "FA"]
    # the occurrence in the same "season year" (winter starts it), then step as asked
    start_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

    def start_of(y: int, c: str) -> dt.date:
        return dt.date(y, start_month[c], 1)

    cur_start = start_of(cur_year, cur_code)
    cands = sorted(start_of(y, code) for y in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1))
    if r is None or r == 0:
        if code == cur_code:
            chosen = cur_start
        else:
            tense = ctx.tense(m.start(), m.end())
            chosen = min(cands, key=lambda d: _cost((d - cur_start).days, tense))
    elif r < 0:
        chosen = max(d for d in cands if d < cur_start)
    else:
        chosen = min(d for d in cands if d > cur_start)
    del order
    y = chosen.year
    return Norm("DATE", f"{y:04d}-{code}", "publication")


def holiday_date(spec: dict[str, int], year: int) -> dt.date | None:
    if "easter" in spec:
        return cal.easter(year) + dt.timedelta(days=spec["easter"])
    if "weekday" in spec:
        return cal.weekday_on_or_after(
            dt.date(year, spec["month"], spec["on_or_after"]), spec["weekday"]
        )
    return cal.safe_date(year, spec["month"], spec["day"])


@normalizer("holiday")
def _holiday(m: Match, ctx: Ctx) -> Norm | None:
    spec = lexicon().holidays[re.sub(r"\s+", " ", m["hol"].lower())]
    if m["y"]:
        d = holiday_date(spec, int(m["y"]))
        return Norm("DATE", d.isoformat(), "absolute") if d else None
    if ctx.dct is None:
        return no_anchor("day")
    dates = [
        d
        for y in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1)
        if (d := holiday_date(spec, y))
    ]
    r = rel_of(m["rel"])
    if r is not None and r < 0:
        chosen = max(d for d in dates if d < ctx.dct)
    elif r is not None and r > 0:
        chosen = min(d for d in dates if d > ctx.dct)
    else:
        tense = ctx.tense(m.start(), m.end())
        dct = ctx.dct  # narrowed here, not inside the lambda
        chosen = min(dates, key=lambda d: _cost((d - dct).days, tense))
    return Norm("DATE", chosen.isoformat(), "publication")
