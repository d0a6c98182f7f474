"""Numbers in news text: digits, words, fractions, round plurals and ranges, over spaCy tokens.

One left-to-right scan of a Doc's tokens finds number phrases ("59", "1,200", "3.5bn", "seventy",
"two hundred and fifty", "a dozen", "half a million", "tens of thousands", "more than half" →
the "half", "252-287", "between 60 to 70") and gives each its value. Words come from the lexicon
``quantities.json``; what the number counts, its qualifier and unit are the figures component's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from spacy.tokens import Doc, Token

from ..lexicons import lexicon_cache, load_json

_DIGITS = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?([a-z]{0,2})$", re.I)
_RANGE_TOKEN = re.compile(r"^(\d[\d,.]*)[-–](\d[\d,.]*)$")
_HYPHEN = frozenset({"-", "–", "—"})


@dataclass(frozen=True, slots=True)
class Number:
    """A number phrase: tokens ``start``..``end`` (exclusive) of a Doc and its value.

    ``percent``: a fraction word ("half", "two-thirds"), its value a share in percent.
    ``vague``: a round plural ("dozens", "tens of thousands"), its value the least it means.
    ``spelled``: written in words. ``high``: the top of a range. ``reversed_pair``: "3-1",
    a score or a tally, not a range.
    """

    start: int
    end: int
    value: float
    high: float | None = None
    percent: bool = False
    vague: bool = False
    spelled: bool = False
    reversed_pair: bool = False


@lexicon_cache
def words() -> dict[str, Any]:
    """The number vocabulary of ``quantities.json`` (lower case)."""
    lex = load_json("quantities.json")
    return {
        "units": {k: float(v) for k, v in lex["number_words"].items()},
        "scales": {k: float(v) for k, v in lex["scales"].items()},
        "suffix": {k: float(v) for k, v in lex["suffix_scales"].items()},
        "vague": {k: float(v) for k, v in lex["vague"].items()},
        "fractions": {k: float(v) for k, v in lex["fractions"].items()},
        "articles": frozenset(lex["articles"]),
        "openers": frozenset(lex["range_openers"]),
        "joiners": frozenset(lex["range_joiners"]),
        "symbols": frozenset(lex["currency_symbols"]),
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


def _simple(tok: Token) -> float | None:
    return digit_value(tok.text) if tok.text[:1].isdigit() else word_value(tok.text)


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


def _number_at(doc: Doc, i: int) -> Number | None:
    tok = doc[i]
    low = tok.lower_
    w = words()
    if low in w["articles"] and i + 1 < len(doc):  # "a dozen", "a third", "a million"
        nxt = doc[i + 1].lower_
        if nxt in w["scales"] or nxt in ("dozen",) or nxt in w["fractions"]:
            return _with_article(doc, i)
        return None
    pair = _RANGE_TOKEN.match(tok.text)
    if pair:
        lo, hi = digit_value(pair.group(1)), digit_value(pair.group(2))
        if lo is not None and hi is not None:
            return Number(i, i + 1, lo, hi if hi > lo else None, reversed_pair=hi <= lo)
    if low in w["vague"]:
        return _vague(doc, i)
    frac = fraction_value(tok.text)
    if frac is not None and "-" in tok.text:
        return _fraction_tail(doc, i, i + 1, frac)
    if low in w["fractions"] and low in ("half", "halves"):
        return _fraction_tail(doc, i, i + 1, 100.0 / w["fractions"][low])
    value = _simple(tok)
    if value is None:
        return None
    spelled = not tok.text[:1].isdigit()
    if not spelled:
        return _compound(doc, i, value, spelled=False)
    # the tokenizer splits "two-thirds" and "twenty-five" at the hyphen
    j = i + 2 if i + 2 < len(doc) and doc[i + 1].text in _HYPHEN else i + 1
    if j < len(doc) and doc[j].lower_ in w["fractions"]:
        return _fraction_tail(doc, i, j + 1, 100.0 * value / w["fractions"][doc[j].lower_])
    unit = word_value(doc[j].text) if j == i + 2 else None
    if unit is not None and unit < 10 and value >= 20 and value % 10 == 0:
        return _compound(doc, i, value + unit, spelled=True, first_scaled=(j + 1, 1.0))
    return _compound(doc, i, value, spelled=True)


def _with_article(doc: Doc, i: int) -> Number | None:
    """ "a dozen", "a million", "a third", "a hundred and fifty": the article counts as one."""
    w = words()
    nxt = doc[i + 1]
    low = nxt.lower_
    if low in w["fractions"]:
        return _fraction_tail(doc, i, i + 2, 100.0 / w["fractions"][low])
    base = 12.0 if low == "dozen" else w["scales"][low]
    return _compound(doc, i, 1.0, spelled=True, first_scaled=(i + 2, base))


def _compound(
    doc: Doc,
    i: int,
    value: float,
    *,
    spelled: bool,
    first_scaled: tuple[int, float] | None = None,
) -> Number:
    """Extend a number over scale words and "and": "5 million", "two hundred and fifty"."""
    w = words()
    total, current = 0.0, value
    j = i + 1
    if first_scaled is not None:
        j, scale = first_scaled
        current *= scale
    while j < len(doc):
        low = doc[j].lower_
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
    """ "half a million" is a number, "half of Gaza" a share, "half an apology" neither."""
    w = words()
    if j + 1 < len(doc) and doc[j].lower_ in w["articles"]:
        if doc[j + 1].lower_ in w["scales"]:
            scale = w["scales"][doc[j + 1].lower_]
            return Number(start, j + 2, share / 100.0 * scale, spelled=True)
        return None
    return Number(start, j, share, percent=True, spelled=True)


def _shared_scale(doc: Doc, a: Number, b: Number) -> Number:
    """ "15 to 22 million": the scale word of the top applies to the bottom too."""
    scales = words()["scales"]
    last = doc[b.end - 1].lower_
    bare = last in scales and not any(t.lower_ in scales for t in doc[a.start : a.end])
    if bare and a.value * scales[last] <= b.value:
        return replace(a, value=a.value * scales[last])
    return a


def merge_ranges(doc: Doc, numbers: list[Number]) -> list[Number]:
    """ "between 60 and 70", "60 to 70", "252 - 287", "from 5 to 10", "two or three"."""
    w = words()
    out: list[Number] = []
    k = 0
    while k < len(numbers):
        a = numbers[k]
        b = numbers[k + 1] if k + 1 < len(numbers) else None
        gap = b.start - a.end if b is not None else 0
        # "$15 - $22 million": a currency symbol may repeat after the joiner
        if gap == 2 and doc[a.end + 1].lower_ not in w["symbols"]:
            gap = 0
        if b is not None and gap in (1, 2) and a.high is None and b.high is None:
            a = _shared_scale(doc, a, b)
            joiner = doc[a.end].lower_
            opener = doc[a.start - 1].lower_ if a.start > 0 else ""
            if joiner in w["joiners"] and (joiner != "and" or opener == "between"):
                if joiner in _HYPHEN and b.value <= a.value:
                    out.append(replace(a, end=b.end, reversed_pair=True))
                    k += 2
                    continue
                if b.value > a.value and a.percent == b.percent:
                    start = a.start - 1 if opener in w["openers"] else a.start
                    out.append(replace(a, start=start, end=b.end, high=b.value))
                    k += 2
                    continue
        out.append(a)
        k += 1
    return out
