"""Numbers in news text: digits, words, fractions, round plurals and ranges, over spaCy tokens.

One left-to-right scan of a Doc's tokens finds number phrases ("59", "1,200", "3.5bn", "$ 50m",
"seventy", "twenty two", "two hundred and fifty", "two and a half", "7 3/4", "a dozen",
"half a million", "quarter million", "tens of thousands", "more than half" → the "half",
"252-287", "between 60 to 70", "35,000-60 ,000") and gives each its value. Words come from the
lexicon ``quantities.json``; what the number counts, its qualifier and unit are the figures
component's job.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Any

from spacy.tokens import Doc

from ..lexicons import lexicon_cache, load_json

# "1,200", "12,34,567" (lakh grouping), "34.6", "3.5bn"; a leading zero ("0400", "000") is a
# clock time, an id or a thousands group the tokenizer split off, never a number of its own
_DIGITS = re.compile(
    r"^(\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})+,\d{3}|0|[1-9]\d*)(\.\d+)?([a-z]{0,3})$", re.I
)
_RANGE_TOKEN = re.compile(r"^(\d[\d,.]*)[-–](\d[\d,.]*)$")
_SMALL_INT = re.compile(r"^[1-9]\d{0,2}$")
_GROUP = re.compile(r"^\d{3}(\.\d+)?$")
_FRACTION = re.compile(r"^([1-9]\d?)/([1-9]\d?)$")
_VULGAR = re.compile(r"^(\d*)([\u00bc-\u00be\u2150-\u215e])$")
_HYPHEN = frozenset({"-", "–", "—"})
_MINUS = frozenset({"-", "−"})
# a unit or currency code written on the digits: "115USD", "200lbs", "24703m2", "USD115", "nzd$15"
_GLUED_AFTER = re.compile(r"^(\d[\d,]*(?:\.\d+)?)([a-z]{1,4}[23]|[a-z]{2,4}|[^\x00-\x7f])$", re.I)
_GLUED_BEFORE = re.compile(r"^([a-z]{1,3}\$?|[^\w\s])(\d[\d,]*(?:\.\d+)?)$", re.I)
# a fraction written alone ("3/4 mile") reads as a date too ("Feb 15/16"): only one digit over
# the usual denominators
_ALONE_DENOMINATORS = frozenset({2, 3, 4, 8, 16})


@dataclass(frozen=True, slots=True)
class Number:
    """A number phrase: tokens ``start``..``end`` (exclusive) of a Doc and its value.

    ``glued``: a unit or currency code written on the digits ("115USD", "200lbs", "USD115"),
    lower case, for the figures component to read as the unit.
    ``percent``: a fraction word ("half", "two-thirds"), its value a share in percent.
    ``vague``: a round plural ("dozens", "tens of thousands"), its value the least it means.
    ``spelled``: written in words. ``high``: the top of a range. ``reversed_pair``: "3-1",
    a score or a tally, not a range. ``fraction``: written with a fraction ("7 3/4", "½").
    """

    start: int
    end: int
    value: float
    high: float | None = None
    percent: bool = False
    vague: bool = False
    spelled: bool = False
    reversed_pair: bool = False
    fraction: bool = False
    glued: str | None = None


@lexicon_cache
def words() -> dict[str, Any]:
    """The number vocabulary of ``quantities.json`` (lower case)."""
    lex = load_json("quantities.json")
    return {
        "units": {k: float(v) for k, v in lex["number_words"].items()},
        "scales": {k: float(v) for k, v in lex["scales"].items()},
        "suffix": {k: float(v) for k, v in lex["suffix_scales"].items()},
        "unit_suffixes": frozenset(lex["unit_suffixes"]),
        "vague": {k: float(v) for k, v in lex["vague"].items()},
        "fractions": {k: float(v) for k, v in lex["fractions"].items()},
        "articles": frozenset(lex["articles"]),
        "openers": frozenset(lex["range_openers"]),
        "joiners": frozenset(lex["range_joiners"]),
        "symbols": frozenset(lex["currency_symbols"]),
        "currency_words": frozenset(lex["currency_words"]),
        "counted": frozenset(lex["nouns"]) | frozenset(lex["measure_units"]),
        "few": {k: float(v) for k, v in lex["few_words"].items()},
        "breakers": frozenset(lex["range_breakers"]),
        "glued_units": frozenset(lex["glued_units"]),
        "signed_units": tuple(lex["signed_units"]),
    }


def digit_value(text: str) -> float | None:
    """Value of a digit token: "1,200", "34.6", "3.5bn", "20k" (None for anything else)."""
    m = _DIGITS.match(text)
    if not m:
        return None
    whole, frac, suffix = m.groups()
    value = float(whole.replace(",", "") + (frac or ""))
    if suffix:
        scale = words()["suffix"].get(suffix.lower())
        if scale is None:
            return None  # "7th", "3pm", "4x4": not a plain number
        value *= scale
    return value


def word_value(text: str) -> float | None:
    """Value of a number word or a hyphenated pair: "seventy", "twenty-five"."""
    units = words()["units"]
    low = text.lower()
    if low in units:
        return units[low]
    parts = low.split("-")
    if len(parts) == 2 and all(p in units for p in parts) and units[parts[0]] >= 20:
        return units[parts[0]] + units[parts[1]]
    return None


def fraction_value(text: str) -> float | None:
    """A share in percent for "two-thirds", "one-fifth" written as one token."""
    low = text.lower()
    fr = words()["fractions"]
    if low in fr:
        return 100.0 / fr[low]
    num, _, den = low.partition("-")
    if den in fr:
        n = word_value(num) if num not in words()["articles"] else 1.0
        if n is not None:
            return 100.0 * n / fr[den]
    return None


def written_fraction(text: str, *, alone: bool = False) -> float | None:
    """Value of "3/4", "½" or "7½" (below 1 but for the whole part of "7½").

    ``alone``: the fraction stands without a whole number before it, where "3/4" may be a date.
    """
    m = _FRACTION.match(text)
    if m:
        num, den = int(m.group(1)), int(m.group(2))
        if num >= den or (alone and (num > 9 or den not in _ALONE_DENOMINATORS)):
            return None
        return num / den
    m = _VULGAR.match(text)
    if m:
        return float(m.group(1) or 0) + unicodedata.numeric(m.group(2))
    return None


def scaled_code(text: str) -> tuple[float, str] | None:
    """(scale, currency code) of "MUSD", "MEUR", "bnGBP": a scale letter before an ISO code."""
    low = text.lower()
    w = words()
    for cut in (1, 2):
        scale, code = low[:cut], low[cut:]
        if len(code) == 3 and code in w["symbols"] and scale in w["suffix"]:
            return w["suffix"][scale], code
    return None


def scan_numbers(doc: Doc) -> list[Number]:
    """Every number phrase of ``doc``, ranges merged, in text order."""
    out: list[Number] = []
    i, n = 0, len(doc)
    while i < n:
        found = _number_at(doc, i)
        if found is None:
            i += 1
            continue
        out.append(found)
        i = found.end
    return merge_ranges(doc, out)


def number_at(doc: Doc, i: int) -> Number | None:
    """The number phrase that starts at token ``i``, if any (no range merging)."""
    return _number_at(doc, i) if 0 <= i < len(doc) else None


def _number_at(doc: Doc, i: int) -> Number | None:
    tok = doc[i]
    if tok.text[:1] in _MINUS or tok.lower_ == "minus":
        return _signed(doc, i)
    if tok.text[:1].isdigit():
        return _scaled_by_code(doc, _digits_at(doc, i)) or _glued_at(doc, i)
    if tok.text[-1:].isdigit():
        return _glued_at(doc, i)
    low = tok.lower_
    w = words()
    if low in w["articles"] and i + 1 < len(doc):  # "a dozen", "a third", "a million"
        nxt = doc[i + 1].lower_
        if nxt in w["scales"] or nxt in ("dozen",) or nxt in w["fractions"]:
            return _with_article(doc, i)
        if low == "one" and _and_a_half(doc, i + 1) is not None:  # "one and a half million"
            return _compound(doc, i, 1.0, spelled=True)
        if low != "one" and nxt in w["few"] and nxt != "several":  # "a few", "a couple of"
            return _few(doc, i, i + 1)
        if low == "one" and tok.dep_ == "nummod" and tok.head.i > i:
            return Number(i, i + 1, 1.0, spelled=True)  # "one person": not "one of", "no one"
        return None
    if low == "several" and i + 1 < len(doc) and doc[i + 1].lower_ in w["scales"]:
        return _few(doc, i, i)  # "several thousand"; "several cities" names no number
    if low in w["vague"]:
        return _vague(doc, i)
    frac = fraction_value(tok.text)
    if frac is not None and "-" in tok.text:
        return _fraction_tail(doc, i, i + 1, frac)
    if low in w["fractions"]:
        return _bare_fraction(doc, i)
    if _VULGAR.match(tok.text):  # "½ teaspoon"
        return Number(i, i + 1, written_fraction(tok.text) or 0.0, fraction=True)
    value = word_value(tok.text)
    if value is None:
        return None
    return _scaled_by_code(doc, _spelled_at(doc, i, value))


def _signed(doc: Doc, i: int) -> Number | None:
    """ "-5 degrees", "minus 10 degrees", "- 20 degrees" (tokenized): a value below zero,
    only before a unit that has one (a dash before a count is punctuation); "10 - 20 degrees"
    is a range."""
    tok = doc[i]
    if i > 0 and (doc[i - 1].like_num or doc[i - 1].text[-1:].isdigit()):
        return None
    if len(tok.text) > 1 and tok.lower_ != "minus":
        value = digit_value(tok.text[1:])
        num = Number(i, i + 1, value) if value is not None else None
    elif i + 1 < len(doc) and doc[i + 1].text[:1].isdigit():
        num = _digits_at(doc, i + 1)
    else:
        return None
    if num is None or num.high is not None or num.end >= len(doc):
        return None
    unit = doc[num.end].lower_
    if not any(unit.startswith(u) for u in words()["signed_units"]):
        return None
    return replace(num, start=i, value=-num.value)


def glued_unit(code: str) -> bool:
    """A currency symbol or code, or a measure unit: what may be written on the digits."""
    w = words()
    return code in w["symbols"] or code in w["glued_units"]


def _glued_at(doc: Doc, i: int) -> Number | None:
    """ "115USD", "200lbs", "24703m2", "USD115", "nzd$15", "₿21,000,000": one token holding the
    number and its unit; "7th", "3pm", "F16" stay out (no unit of the lexicon)."""
    text = doc[i].text
    m = _GLUED_AFTER.match(text)
    if m:
        number, code = m.group(1), m.group(2).lower()
    else:
        m = _GLUED_BEFORE.match(text)
        if m is None:
            return None
        code, number = m.group(1).lower(), m.group(2)
        if code.endswith("$") and len(code) > 1:  # "usd$", "nzd$": a code with its sign
            code = code[:-1] if code[:-1] in words()["symbols"] else "$"
    value = digit_value(number)
    if value is None or not glued_unit(code):
        return None
    return Number(i, i + 1, value, glued=code)


def _spelled_at(doc: Doc, i: int, value: float) -> Number | None:
    """ "seventy", "twenty two", "twenty - five", "two-thirds", "three quarters": words."""
    w = words()
    # the tokenizer splits "two-thirds" and "twenty-five" at the hyphen
    j = i + 2 if i + 2 < len(doc) and doc[i + 1].text in _HYPHEN else i + 1
    if j < len(doc) and doc[j].lower_ in w["fractions"]:
        return _fraction_tail(doc, i, j + 1, 100.0 * value / w["fractions"][doc[j].lower_])
    unit = word_value(doc[j].text) if j < len(doc) else None
    if unit is not None and unit < 10 and value >= 20 and value % 10 == 0:
        return _compound(doc, i, value + unit, spelled=True, first_scaled=(j + 1, 1.0))
    return _compound(doc, i, value, spelled=True)


def _digits_at(doc: Doc, i: int) -> Number | None:
    """A number written in digits, with what the tokenizer split off it: thousands groups
    ("80, 000"), a fraction ("7 3/4", "2-1/2"), a scale suffix ("$ 50m"), scale words."""
    text = doc[i].text
    pair = _RANGE_TOKEN.match(text)
    if pair:
        lo, hi = digit_value(pair.group(1)), digit_value(pair.group(2))
        if lo is not None and hi is not None:
            return Number(i, i + 1, lo, hi if hi > lo else None, reversed_pair=hi <= lo)
    if "/" in text or not text[-1].isdigit() and _VULGAR.match(text):
        return _alone_fraction(doc, i)
    value = digit_value(text)
    if value is None:
        return None
    end, value = _groups(doc, i, value)
    end, value, fraction = _mixed_fraction(doc, i, end, value)
    end, value = _suffix(doc, i, end, value)
    num = _compound(doc, i, value, spelled=False, first_scaled=(end, 1.0))
    return replace(num, fraction=fraction) if fraction else num


def _groups(doc: Doc, i: int, value: float) -> tuple[int, float]:
    """ "80, 000", "60 ,000", "50 000": thousands groups that the tokenizer split off.

    A group that starts with 0 can only continue a number; "5, 200" may be a list or a date
    ("May 5, 200 people"), so a group after ", " must start with 0, while ",200" glued to the
    group after a spaced comma ("60 ,000", tokenized text) is one number whatever its digits.
    """
    if not _SMALL_INT.match(doc[i].text) or _listed(doc, i):
        return i + 1, value
    j, n = i + 1, len(doc)
    while j < n:
        tok = doc[j]
        if tok.text == "," and j + 1 < n and _GROUP.match(doc[j + 1].text):
            glued = doc[j - 1].whitespace_ and not tok.whitespace_
            if not (glued or (not doc[j - 1].whitespace_ and doc[j + 1].text[0] == "0")):
                break
            group = doc[j + 1].text
            j += 2
        elif doc[j - 1].whitespace_ and _GROUP.match(tok.text) and tok.text[0] == "0":
            group = tok.text
            j += 1
        else:
            break
        value = value * 1000 + float(group)
        if "." in group:
            break
    return j, value


def _listed(doc: Doc, i: int) -> bool:
    """ "5, 10, 000": the number follows another one in a comma list."""
    return i > 1 and doc[i - 1].text == "," and doc[i - 2].text[:1].isdigit()


def _mixed_fraction(doc: Doc, i: int, end: int, value: float) -> tuple[int, float, bool]:
    """ "7 3/4", "2-1/2": a whole number followed by a written fraction."""
    if end != i + 1 or not doc[i].text.isdigit() or end >= len(doc):
        return end, value, False
    j = end
    if doc[j].text in _HYPHEN and not doc[i].whitespace_ and not doc[j].whitespace_:
        j += 1  # "2-1/2 years"
    part = written_fraction(doc[j].text) if j < len(doc) else None
    if part is None or part >= 1:
        return end, value, False
    return j + 1, value + part, True


def _alone_fraction(doc: Doc, i: int) -> Number | None:
    """ "1/4 mile" is a value, "3/4 of the seats" a share (percent), "7½" a value."""
    text = doc[i].text
    part = written_fraction(text, alone=True)
    if part is None:
        return None
    if part < 1 and i + 1 < len(doc) and doc[i + 1].lower_ == "of":
        return Number(i, i + 1, 100.0 * part, percent=True, fraction=True)
    return Number(i, i + 1, part, fraction=True)


def _suffix(doc: Doc, i: int, end: int, value: float) -> tuple[int, float]:
    """ "$ 50m", "1.5 bn", "5.4 mln": a scale suffix the tokenizer split off the digits.

    "m", "k" and "b" also name units ("100m sprint", "a 10k run"): they scale the number only
    next to money or before a counted plural noun ("2.5m people").
    """
    w = words()
    if end >= len(doc):
        return end, value
    low = doc[end].lower_
    scale = w["suffix"].get(low)
    money_before = i > 0 and doc[i - 1].lower_ in w["symbols"]
    if scale is None or (doc[end - 1].whitespace_ and not money_before):
        return end, value
    if low in w["unit_suffixes"] and not (money_before or _money_or_count_at(doc, end + 1)):
        return end, value
    return end + 1, value * scale


def _money_or_count_at(doc: Doc, j: int) -> bool:
    """A currency ("dollars", "USD") or a counted plural noun ("people", "barrels") at ``j``."""
    if j >= len(doc):
        return False
    w = words()
    tok = doc[j]
    low = tok.lower_
    lemma = tok.lemma_.lower() or low.removesuffix("s")
    if low in w["symbols"] or {lemma, low.rstrip("s")} & w["currency_words"]:
        return True
    plural = tok.tag_ in ("NNS", "NNPS") if tok.tag_ else low.endswith("s")
    return plural and lemma in w["counted"]


def _scaled_by_code(doc: Doc, num: Number | None) -> Number | None:
    """ "30 MUSD", "twenty MEUR": the scale letter of a currency code after the number.

    The code stays out of the span so that the figures component reads the currency there.
    """
    if num is None or num.end >= len(doc) or num.percent or num.high is not None:
        return num
    code = scaled_code(doc[num.end].text)
    return replace(num, value=num.value * code[0]) if code else num


def _few(doc: Doc, start: int, i: int) -> Number | None:
    """ "several countries", "a few hours", "several thousand troops", "a couple of days":
    the least the words mean; "a few" needs a noun or a scale word after it."""
    w = words()
    value = w["few"][doc[i].lower_]
    j = i + 1
    if j < len(doc) and doc[j].lower_ == "of" and doc[i].lower_ == "couple":
        j += 1
    if j < len(doc) and doc[j].lower_ in w["scales"]:
        return Number(start, j + 1, value * w["scales"][doc[j].lower_], vague=True, spelled=True)
    if j >= len(doc) or doc[j].pos_ not in ("NOUN", "PROPN", "ADJ", "NUM"):
        return None
    return Number(start, j, value, vague=True, spelled=True)


def _with_article(doc: Doc, i: int) -> Number | None:
    """ "a dozen", "a million", "a third", "a hundred and fifty": the article counts as one."""
    w = words()
    nxt = doc[i + 1]
    low = nxt.lower_
    if low in w["fractions"]:
        if _after_and_a(doc, i + 1):
            return None
        after = doc[i + 2] if i + 2 < len(doc) else None
        if after is not None and after.pos_ in ("NOUN", "ADJ") and after.lower_ not in w["scales"]:
            return None  # "a third straight day", "a fourth term": an ordinal
        return _fraction_tail(doc, i, i + 2, 100.0 / w["fractions"][low])
    base = 12.0 if low == "dozen" else w["scales"][low]
    return _compound(doc, i, 1.0, spelled=True, first_scaled=(i + 2, base))


def _bare_fraction(doc: Doc, i: int) -> Number | None:
    """ "half" as a share ("half of them"), "half million", "quarter million" as numbers."""
    w = words()
    low = doc[i].lower_
    share = 100.0 / w["fractions"][low]
    if _after_and_a(doc, i):
        return None  # "a week and a half": the rest of a duration, no share
    if low in ("half", "halves"):
        return _fraction_tail(doc, i, i + 1, share)
    if i + 1 < len(doc) and doc[i + 1].lower_ in w["scales"]:
        return _fraction_tail(doc, i, i + 1, share)
    return None


def _after_and_a(doc: Doc, i: int) -> bool:
    """ "and a half" with nothing after it that makes the fraction a share or a number."""
    if i < 2 or doc[i - 1].lower_ not in words()["articles"] or doc[i - 2].lower_ != "and":
        return False
    nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
    return nxt != "of" and nxt not in words()["scales"]


def _and_a_half(doc: Doc, j: int) -> int | None:
    """End of "and a half" at ``j`` ("two and a half", "three-and-a-half"), else None."""
    wanted = ("and", "a", "half")
    k, seen = j, 0
    while k < len(doc) and seen < len(wanted):
        tok = doc[k]
        if seen and tok.text in _HYPHEN and not tok.whitespace_:
            k += 1
            continue
        if tok.lower_ != wanted[seen]:
            return None
        seen += 1
        k += 1
    return k if seen == len(wanted) else None


def _compound(
    doc: Doc,
    i: int,
    value: float,
    *,
    spelled: bool,
    first_scaled: tuple[int, float] | None = None,
) -> Number:
    """Extend a number over scale words and "and": "5 million", "two hundred and fifty",
    "two and a half million", "50-million"."""
    w = words()
    total, current = 0.0, value
    j = i + 1
    if first_scaled is not None:
        j, scale = first_scaled
        current *= scale
    while j < len(doc):
        low = doc[j].lower_
        if current < 100 and not total:
            half = _and_a_half(doc, j + 1 if low in _HYPHEN and _glued(doc, j) else j)
            if half is not None:  # "two and a half", "three-and-a-half"
                current += 0.5
                j = half
                continue
        if low in _HYPHEN and _glued(doc, j) and j + 1 < len(doc):
            low = doc[j + 1].lower_
            if low not in w["scales"]:
                break
            j += 1  # "50-million", "$35-billion": the scale word after a hyphen
        if low in w["scales"]:
            scale = w["scales"][low]
            if scale >= 1000:
                total += current * scale
                current = 0.0
            else:
                current *= scale
            j += 1
            continue
        if spelled and low == "and" and j + 1 < len(doc):
            nxt = word_value(doc[j + 1].text)
            if nxt is not None and nxt < 100 and (total or current >= 100):
                current += nxt
                j += 2
                continue
        nxt = word_value(doc[j].text) if spelled else None
        if nxt is not None and nxt < 100 and current >= 100 and current % 100 == 0:
            current += nxt  # "two hundred fifty"
            j += 1
            continue
        break
    return Number(i, j, total + current, spelled=spelled)


def _glued(doc: Doc, j: int) -> bool:
    """The token at ``j`` touches both neighbours ("50-million")."""
    return not doc[j - 1].whitespace_ and not doc[j].whitespace_


def _vague(doc: Doc, i: int) -> Number | None:
    """ "dozens of", "hundreds", "tens of thousands of": the least the plural can mean."""
    w = words()
    value = w["vague"][doc[i].lower_]
    j = i + 1
    if j + 1 < len(doc) and doc[j].lower_ == "of" and doc[j + 1].lower_ in w["vague"]:
        inner = doc[j + 1].lower_
        scale = w["scales"].get(inner.rstrip("s"))
        if scale:
            return Number(i, j + 2, value * scale, vague=True, spelled=True)
    if doc[i].lower_ == "tens":
        return None  # "tens" alone is not a count
    return Number(i, j, value, vague=True, spelled=True)


def _fraction_tail(doc: Doc, start: int, j: int, share: float) -> Number | None:
    """ "half a million", "quarter million", "a quarter of a million" are numbers, "half of
    Gaza" a share, "half an apology" neither."""
    w = words()
    scales = w["scales"]
    n = len(doc)
    if j < n and doc[j].lower_ in scales:
        return Number(start, j + 1, share / 100.0 * scales[doc[j].lower_], spelled=True)
    of_a = j + 2 < n and doc[j].lower_ == "of" and doc[j + 1].lower_ in w["articles"]
    if of_a and doc[j + 2].lower_ in scales:
        return Number(start, j + 3, share / 100.0 * scales[doc[j + 2].lower_], spelled=True)
    if j + 1 < n and doc[j].lower_ in w["articles"]:
        if doc[j + 1].lower_ in scales:
            return Number(start, j + 2, share / 100.0 * scales[doc[j + 1].lower_], spelled=True)
        return None
    return Number(start, j, share, percent=True, spelled=True)


def _shared_scale(doc: Doc, a: Number, b: Number, joiner: str) -> Number:
    """ "15 to 22 million": the scale word of the top applies to the bottom too; so do the
    thousands of "10-12,000" (10,000 to 12,000)."""
    scales = words()["scales"]
    last = doc[b.end - 1].lower_
    bare = last in scales and not any(t.lower_ in scales for t in doc[a.start : a.end])
    if bare and a.value * scales[last] <= b.value:
        return replace(a, value=a.value * scales[last])
    thousands = a.value * 1000
    if (
        joiner in _HYPHEN
        and not a.spelled
        and a.value == int(a.value)
        and b.value % 1000 == 0
        and thousands < b.value < thousands * 10
    ):
        return replace(a, value=thousands)
    return a


def _after_change(doc: Doc, i: int) -> bool:
    """A verb of change ("rose", "fell by") right before the number at ``i``."""
    w = words()
    j = i - 1
    while j >= 0 and (doc[j].lower_ in w["symbols"] or doc[j].lower_ in ("by", "about", "some")):
        j -= 1
    return j >= 0 and (doc[j].lemma_ or doc[j].text).lower() in w["breakers"]


def merge_ranges(doc: Doc, numbers: list[Number]) -> list[Number]:
    """ "between 60 and 70", "60 to 70", "252 - 287", "from 5 to 10", "two or three"."""
    out: list[Number] = []
    k = 0
    while k < len(numbers):
        a = numbers[k]
        b = numbers[k + 1] if k + 1 < len(numbers) else None
        merged = _range(doc, a, b) if b is not None else None
        if merged is not None:
            out.append(merged)
            k += 2
            continue
        out.append(a)
        k += 1
    return out


def _range(doc: Doc, a: Number, b: Number) -> Number | None:
    """``a`` and ``b`` as one range (or one score, "3 - 1"), None when they stay apart."""
    w = words()
    gap = b.start - a.end
    # "$15 - $22 million": a currency symbol may repeat after the joiner
    if gap == 2 and doc[a.end + 1].lower_ not in w["symbols"]:
        return None
    if gap not in (1, 2) or a.high is not None or b.high is not None:
        return None
    joiner = doc[a.end].lower_
    opener = doc[a.start - 1].lower_ if a.start > 0 else ""
    if joiner not in w["joiners"] or (joiner == "and" and opener != "between"):
        return None
    if joiner == "to" and opener not in w["openers"] and _after_change(doc, a.start):
        return None  # "rose $2.64 to $108.42": a change and the level it reached
    if joiner in _HYPHEN and b.value <= a.value:
        return replace(a, end=b.end, reversed_pair=True)
    a = _shared_scale(doc, a, b, joiner)
    if b.value > a.value and a.percent == b.percent:
        start = a.start - 1 if opener in w["openers"] else a.start
        return replace(a, start=start, end=b.end, high=b.value)
    return None
