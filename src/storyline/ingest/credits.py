"""Dateline and credited outlets of an article.

Datelines are read from the clean view ('WASHINGTON, March 3 (AP) —', 'New Delhi:', Reuters'
'HONG KONG | Tue May 12, 2009 8:56 am EDT HONG KONG (Reuters) -') and returned in raw offsets.
Credits come from the outlet lexicon (lexicons/outlets.json) and from cue phrases
(lexicons/credit_cues.json) that also catch outlets missing from the lexicon. Roles:

- ``dateline``: the agency in the dateline's parentheses;
- ``syndication``: a syndicator prefix dropped by the cleaner ('MENAFN - IANS)');
- ``photo``: a photo credit dropped by the cleaner ('Image Source : AP');
- ``cited``: a name inside a credit cue ('Xinhua news agency reported', 'according to AFP');
- ``mentioned``: an unambiguous lexicon outlet named without any cue (may be a subject of the
  story rather than a source: callers that want sources only keep the other roles).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from ..lexicons import calendar_forms, load_json
from ..models import CleanView, Credit, Dateline, Dropped, RawDoc
from ..registry import components

Kind = Literal["agency", "outlet", "unknown"]
_HEAD = 600
"""Characters of the clean view searched for a dateline that does not open the text (Reuters
pages put headlines, bylines or summary bullets before it)."""


# --- the outlet lexicon -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    kind: Kind
    needs_cue: bool
    """The alias is also an ordinary word or another body (AP, Fox): count it only in a cue."""


@cache
def outlet_aliases() -> dict[str, Outlet]:
    """Every alias of every outlet in outlets.json → the outlet it names."""
    table: dict[str, Outlet] = {}
    for entry in load_json("outlets.json")["outlets"]:
        ambiguous = set(entry.get("needs_cue", ()))
        for alias in entry["aliases"]:
            table[alias] = Outlet(entry["name"], entry["kind"], alias in ambiguous)
    return table


@cache
def outlet_name_pattern() -> str:
    """Regex alternation of every alias, longest first, as whole words (case-sensitive)."""
    names = sorted(outlet_aliases(), key=len, reverse=True)
    return r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])"


@cache
def _lexicon_re() -> re.Pattern[str]:
    return re.compile(outlet_name_pattern())


def lookup_outlet(name: str) -> Outlet | None:
    """The lexicon outlet called ``name`` (also without a leading 'The')."""
    table = outlet_aliases()
    return table.get(name) or table.get(re.sub(r"^[Tt]he\s+", "", name))


# --- datelines --------------------------------------------------------------------------------


@cache
def _dateline_words() -> dict[str, Any]:
    months, weekdays = calendar_forms()
    return {**load_json("dateline.json"), "months": months, "weekdays": list(weekdays)}


def _month_number(word: str) -> int | None:
    return _dateline_words()["months"].get(word.rstrip(".").lower())


@cache
def _dateline_res() -> dict[str, re.Pattern[str]]:
    words = _dateline_words()
    month = "(?i:" + "|".join(sorted(words["months"], key=len, reverse=True)) + r")\.?"
    weekday = "(?i:" + "|".join(sorted(words["weekdays"], key=len, reverse=True)) + r")\.?"
    date = (
        rf"(?:(?P<m1>{month})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{{4}}))?"
        rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{month})(?:,?\s+(?P<y2>\d{{4}}))?)(?![\w])"
    )
    word = r"[A-Z][\w.'’&/-]*"
    caps = r"[A-Z][A-Z0-9.'’&/-]*(?![\w])"
    not_month = rf"(?!{month}(?![\w]))"
    region = rf"(?:\s\[[^\]\n]{{1,30}}\])?(?:,\s{not_month}{word}(?:\s{word}){{0,2}})?"
    place = rf"{not_month}{word}(?:\s{not_month}{word}){{0,3}}{region}"
    caps_place = rf"{caps}(?:\s{caps}){{0,3}}{region}"
    agency = r"\((?P<agency>[A-Za-z][\w&.'’ /-]{0,39}?)\)"
    dash = r"(?P<dash>\s*(?:--|[-–—:]))"
    tail = (
        rf"(?:(?P<place>{caps_place})(?:,?\s+(?P<date>{date.replace('?P<', '?P<t')}))?"
        rf"|(?P<dateonly>{date.replace('?P<', '?P<u')}))"
        rf"\s*{agency}{dash}"
    )
    clock = r"\s+\d{1,2}[:.]\d{2}(?:\s*(?i:[ap]\.?m\.?))?(?:\s+[A-Z]{2,4}(?![\w]))?"
    return {
        "opening": re.compile(
            rf"\s*(?:(?P<place>{place})(?:,?\s+(?P<date>{date}))?)?(?:\s*{agency})?{dash}?"
        ),
        "pipe": re.compile(
            rf"(?<![\w])(?:(?P<place0>{caps_place})(?:,?\s+{date.replace('?P<', '?P<z')})?"
            rf"|{date.replace('?P<', '?P<y')})\s+\|\s+"
            rf"(?P<full>(?:{weekday},?\s+)?{date}(?:{clock})?)(?:\s+{tail})?"
        ),
        "strong": re.compile(rf"(?<![\w]){tail}"),
    }


def _date_parts(m: re.Match[str], *prefixes: str) -> tuple[int | None, int | None, int | None]:
    """(month, day, year) from the first filled date groups m1/d1/y1 or m2/d2/y2 (prefixed)."""
    for prefix in prefixes or ("",):
        for k in ("1", "2"):
            mon = m.group(f"{prefix}m{k}")
            if mon:
                year = m.group(f"{prefix}y{k}")
                day = int(m.group(f"{prefix}d{k}"))
                return _month_number(mon), day, int(year) if year else None
    return None, None, None


def _is_agency(name: str | None) -> bool:
    if not name:
        return False
    return lookup_outlet(name) is not None or name[:1].isupper()


def _opening_ok(m: re.Match[str]) -> bool:
    """The weak forms at the very start need more than a capitalised phrase to be a dateline."""
    place, agency, dash = m.group("place"), m.group("agency"), (m.group("dash") or "").strip()
    if place is None:  # '(Reuters) - Following are ...'
        return agency is not None and lookup_outlet(agency) is not None and bool(dash)
    if place in _dateline_words()["not_places"] or place.endswith(("'s", "’s")):
        return False
    if agency is not None:
        return _is_agency(agency) and bool(m.group("date") or dash or lookup_outlet(agency))
    if m.group("date"):
        return bool(dash) and dash != ":"
    if dash == ":":
        rest = m.string[m.end() : m.end() + 2]
        return bool(re.match(r"\s[\"“'‘A-Z0-9]", rest))
    # a bare dash needs an all-caps place: 'WASHINGTON —', not 'Netanyahu —'
    return bool(dash) and place.upper() == place and any(c.isalpha() for c in place)


def _later_line_ok(m: re.Match[str]) -> bool:
    """Past the first line a dateline needs its agency and a date or a dash."""
    dash = (m.group("dash") or "").strip()
    return _opening_ok(m) and bool(m.group("date") or dash not in ("", ":"))


@components.register("storyline.find_dateline.v1")
def find_dateline(doc: RawDoc, clean: CleanView) -> Dateline | None:
    """The dateline at the start of the body, in raw offsets (None when there is none).

    Forms, tried in order: Reuters' pipe form ('PLACE | Tue May 12, 2009 8:56 am EDT
    PLACE (Reuters) -') anywhere in the first lines; a dateline opening the text ('New Delhi:',
    'Jerusalem, April 17 (IANS)', 'PARIS, Jan. 5 —'); the same opening a later line, with an
    agency and a date or dash (after a masthead line); an all-caps place or a date with an
    agency and a dash ('ZURICH, May 10 (Reuters) -') after headlines or summary bullets.
    ``place``, ``date_text`` and ``agency`` are read from the clean (detokenized) view;
    ``start``/``end`` span the whole dateline in ``doc.text``.
    """
    res = _dateline_res()
    head = clean.text[:_HEAD]
    m = res["pipe"].search(head)
    if m is not None:
        return _dateline(clean, m, m.group("place") or m.group("place0"), m.group("full"), "", "y")
    m = res["opening"].match(head)
    if m is not None and _opening_ok(m):
        return _dateline(clean, m, m.group("place"), m.group("date"), "")
    for line in re.finditer(r"\n", head):  # after a masthead line: 'Courier | From the wires'
        m = res["opening"].match(head, line.end())
        if m is not None and m.group("agency") and m.group("place") and _later_line_ok(m):
            return _dateline(clean, m, m.group("place"), m.group("date"), "")
    m = res["strong"].search(head)
    if m is not None and _is_agency(m.group("agency")):
        date = m.group("date") or m.group("dateonly")
        return _dateline(clean, m, m.group("place"), date, "t", "u")
    return None


def _dateline(
    clean: CleanView, m: re.Match[str], place: str | None, date: str | None, *prefixes: str
) -> Dateline:
    end = m.end()
    if not m.group("dash") and not m.group("agency"):
        end = m.end("date") if m.group("date") else m.end("place")
    start = len(m.group()) - len(m.group().lstrip()) + m.start()
    month, day, year = _date_parts(m, *prefixes)
    raw_start, raw_end = clean.offsets.span_to_raw(start, end)
    return Dateline(
        place=place,
        date_text=date,
        month=month,
        day=day,
        agency=m.group("agency"),
        start=raw_start,
        end=raw_end,
        year=year,
    )


# --- credits ----------------------------------------------------------------------------------


@cache
def _cues() -> dict[str, Any]:
    return load_json("credit_cues.json")


_TOKEN = r"[A-Z][\w&.'’-]*"
_NAME = rf"{_TOKEN}(?:[ ](?:(?:of|de|del|du|al|el|the|and|&)[ ])?(?:{_TOKEN}|\d+)){{0,5}}"


_WINDOW = 160
"""Characters around a cue word searched for the name (an outlet name is a few words long)."""


@dataclass(frozen=True, slots=True)
class Cue:
    """One compiled cue template: ``full`` has the name as group ``name``; ``word`` finds the
    template's own words fast, so the costly ``full`` only runs next to them."""

    full: re.Pattern[str]
    word: re.Pattern[str]
    name_first: bool
    outletish: bool


@cache
def _cue_res() -> tuple[Cue, ...]:
    cues = _cues()
    desc = "|".join(
        re.escape(d).replace(r"\ ", r"\s+") for d in sorted(cues["descriptors"], key=len)[::-1]
    )
    name = (
        rf"(?:(?i:the)\s+)?(?:(?:[A-Z]?[a-z'’-]+\s+){{0,2}}?(?P<pre>{desc})\s+)?"
        rf"(?P<name>{outlet_name_pattern()}|{_NAME})(?:\s+(?P<post>{desc})(?![\w]))?"
    )
    out = []
    for t in cues["templates"]:
        before, _, after = t["cue"].partition("{X}")
        lit = [
            "(?i:" + re.escape(p).replace(r"\ ", r"\s+").replace("'", "['’]") + ")" if p else ""
            for p in (before, after)
        ]
        edge_a = r"(?<![\w])" if before else ""
        edge_b = r"(?![\w])" if after else ""
        out.append(
            Cue(
                full=re.compile(edge_a + lit[0] + name + lit[1] + edge_b),
                word=re.compile(edge_a + lit[0] if before else lit[1] + edge_b),
                name_first=not before,
                outletish=bool(t.get("outletish")),
            )
        )
    return tuple(out)


def _cue_matches(cue: Cue, text: str) -> list[re.Match[str]]:
    """Matches of ``cue.full``, tried only around occurrences of the cue's own words."""
    found: list[re.Match[str]] = []
    for w in cue.word.finditer(text):
        if cue.name_first:  # "{X} reported": the name ends where the cue word starts
            lo, hi = max(0, w.start() - _WINDOW), min(len(text), w.end() + 1)
            found.extend(m for m in cue.full.finditer(text, lo, hi) if m.end() == w.end())
        else:  # "according to {X}": the name starts after the cue word
            m = cue.full.match(text, w.start(), min(len(text), w.end() + _WINDOW))
            if m is not None:
                found.append(m)
    return found


def _credit(doc: RawDoc, start: int, end: int, role: str, name: str | None = None) -> Credit:
    """A credit for the raw span ``[start, end)``, named from the lexicon when it is there."""
    text = doc.text[start:end]
    outlet = lookup_outlet(name or text)
    if outlet is not None:
        return Credit(outlet.name, outlet.kind, role, start, end, text, True)
    return Credit(name or text, "unknown", role, start, end, text, False)


def _clean_name(name: str) -> str:
    """'Libya's Quryna' → 'Quryna', 'BFM TV.' → 'BFM TV', 'Syrian-based Arrai TV' → 'Arrai TV'."""
    name = re.sub(r"^.*['’]s\s+", "", name)
    name = re.sub(r"^(?:\S+-(?:based|run|owned|controlled)\s+)+", "", name)
    if name.endswith(".") and name.count(".") == 1:  # a full stop, not 'U.S.'
        name = name[:-1]
    return name


def _unknown_is_outlet(m: re.Match[str], name: str, outletish: bool) -> bool:
    """A name outside the lexicon counts only when the cue or the name says 'outlet'."""
    cues = _cues()
    if re.search(r"[a-z]{2}\.\s", m.group("name")):
        return False  # the name ran over a sentence end: 'Mediterranean. State television'
    tokens = re.split(r"[\s-]+", name)
    if tokens[0] in cues["not_outlets"] or name in cues["descriptors"]:
        return False
    if len(tokens) == 1 and tokens[0] in cues["outlet_words"]:
        return False  # 'told the TV network': the outlet is not named
    if any(tok in cues["outlet_words"] for tok in tokens):
        return True
    if outletish:
        return True
    described = m.group("pre") or m.group("post")
    if not described:
        return False
    if m.group("pre") and _lexicon_re().search(m.string, m.start(), m.start("pre")):
        return False  # 'Reuters Insider TV Jehani': the outlet is the lexicon's, the name a person
    raw_name = m.group("name")
    if m.group("post") and re.search(r"['’]s$", raw_name):
        return False  # "Egypt's state news agency": unnamed
    single = len(tokens) == 1
    return not (single and tokens[0].lower().endswith(tuple(cues["demonym_endings"])))


def _cited(doc: RawDoc, clean: CleanView) -> list[Credit]:
    """Names inside credit cues; a name outside the lexicon only when it looks like an outlet."""
    out: list[Credit] = []
    lex = _lexicon_re()
    for cue in _cue_res():
        for m in _cue_matches(cue, clean.text):
            a = m.start("name")
            inner = lex.search(m.group("name"))
            if inner is not None:  # "Israel's Channel 12" → the lexicon's "Channel 12"
                a, b = a + inner.start(), a + inner.end()
            else:
                name = _clean_name(m.group("name"))
                if not name or not _unknown_is_outlet(m, name, cue.outletish):
                    continue
                a = m.start("name") + m.group("name").index(name)
                b = a + len(name)
            rs, re_ = clean.offsets.span_to_raw(a, b)
            out.append(_credit(doc, rs, re_, "cited", clean.text[a:b]))
    return out


def _mentioned(doc: RawDoc, clean: CleanView) -> list[Credit]:
    out = []
    for m in _lexicon_re().finditer(clean.text):
        outlet = outlet_aliases()[m.group()]
        if outlet.needs_cue:
            continue
        rs, re_ = clean.offsets.span_to_raw(*m.span())
        out.append(_credit(doc, rs, re_, "mentioned", m.group()))
    return out


_DROP_ROLES = {"syndication": "syndication", "photo_credit": "photo"}


def _from_dropped(doc: RawDoc, dropped: list[Dropped]) -> list[Credit]:
    """Outlets named in dropped syndication prefixes and photo credits."""
    out: list[Credit] = []
    skip = {w.casefold() for w in _cues()["not_outlets"]}
    generic = re.compile(rf"(?<![\w]){_TOKEN}(?:\s{_TOKEN})*")
    for d in dropped:
        role = _DROP_ROLES.get(d.reason)
        if role is None:
            continue
        # a photo credit names its outlets after the label: 'Image Source : AP'
        begin = d.text.find(":") + 1 if role == "photo" else 0
        found = [m.span() for m in _lexicon_re().finditer(d.text, begin)]
        used = {i for a, b in found for i in range(a, b)}
        # any other name counts too ('MENAFN - Fictiva Wire)'), bar labels such as 'File'
        found += [
            m.span()
            for m in generic.finditer(d.text, begin)
            if m.group().casefold() not in skip and not used & set(range(*m.span()))
        ]
        out.extend(_credit(doc, d.start + a, d.start + b, role) for a, b in sorted(found))
    return out


def _from_dateline(doc: RawDoc, dateline: Dateline | None) -> list[Credit]:
    if dateline is None or not dateline.agency:
        return []
    at = doc.text.rfind(dateline.agency, dateline.start, dateline.end)
    if at < 0:
        return [_credit(doc, dateline.start, dateline.end, "dateline", dateline.agency)]
    return [_credit(doc, at, at + len(dateline.agency), "dateline")]


_ROLE_ORDER = {"dateline": 0, "syndication": 1, "photo": 2, "cited": 3, "mentioned": 4}


@components.register("storyline.find_credits.v1")
def find_credits(doc: RawDoc, clean: CleanView, dateline: Dateline | None) -> list[Credit]:
    """One :class:`Credit` per mention of a credited outlet, in raw offsets, in text order.

    A span found by several rules keeps the strongest role (dateline > syndication > photo >
    cited > mentioned); the caller groups mentions by ``name``.
    """
    found = (
        _from_dateline(doc, dateline)
        + _from_dropped(doc, clean.dropped)
        + _cited(doc, clean)
        + _mentioned(doc, clean)
    )
    found.sort(key=lambda c: _ROLE_ORDER.get(c.role, 9))
    kept: list[Credit] = []
    used: set[int] = set()
    for c in found:
        span = set(range(c.start or 0, c.end or 0))
        if span & used:
            continue
        used |= span
        kept.append(c)
    return sorted(kept, key=lambda c: (c.start or 0, c.end or 0))
