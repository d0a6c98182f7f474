"""The recognition rules: one compiled regex per rule name, built from the lexicon.

HeidelTime-style: each rule finds one kind of expression; ``normalize.py`` holds the function
that turns a match of that rule into a TIMEX3 value (same name, via a registry). Rules are tried
all at once; overlaps are settled longest-first, then by the order below.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ...lexicons import lexicon_cache
from .lexicon import alt, lexicon, month_alt, number_alt, weekday_alt
from .prefilter import Needles, barriers, first_char_guard, required_literals

B = r"(?<![\w])"
"""Left word boundary that, unlike ``\\b``, also works before punctuation-led tokens."""
E = r"(?![\w])"


def _title(words: Iterable[object]) -> str:
    """Case-sensitive alternation of capitalised multiword names ("Thanksgiving Day")."""
    forms = []
    for w in words:
        forms.append(" ".join(p[:1].upper() + p[1:] for p in str(w).split()))
    return alt(forms, ci=False)


@lexicon_cache
def rules() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(rule name, compiled pattern) in priority order."""
    lex = lexicon()
    M, W, N = month_alt(), weekday_alt(), number_alt()
    ords = alt(lex.ordinals)
    daynum = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
    day = rf"(?:{daynum}|{ords})(?![\w]|:\d|,\d{{3}})"
    year = r"(?:1\d{3}|20\d{2})(?![\w])"
    unit = alt(lex.unit_names) + E
    unit_sing = alt(lex.units)
    fill = alt(lex.unit_fillers)
    pod = alt(lex.parts_of_day)
    rel = alt(lex.relatives)
    tz = alt(lex.timezones, ci=False)
    day_refs = alt(lex.day_refs)
    ones = "|".join(
        w for w, n in lex.numbers.items() if 1 <= n <= 9 and " " not in w and len(w) > 2
    )
    teens = "|".join(w for w, n in lex.numbers.items() if 10 <= n <= 19)
    tens = "|".join(lex.tens)
    offset = alt(w for w in lex.offset_words if w not in ("before", "after", "on"))
    weekday_plural = alt(
        (w.capitalize() + "s" for w in lex.weekdays if w.endswith("day")), ci=False
    )
    quarter_ord = r"(?i:first|second|third|fourth|1st|2nd|3rd|4th|final)"

    table: list[tuple[str, str]] = [
        (
            "date_iso",
            r"(?<![\w-])(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)"
            r"(?:T(?P<hh>[0-2]\d):(?P<mi>[0-5]\d))?(?![\w-])",
        ),
        ("date_numeric", r"(?<![\w/.])(?P<a>[01]?\d)/(?P<b>[0-3]?\d)/(?P<y>\d{4}|\d{2})(?![\w/])"),
        (
            "time",
            rf"{B}(?:(?P<h>[01]?\d|2[0-3])(?:[:.](?P<mi>[0-5]\d))?\s*"
            rf"(?P<ampm>(?i:a\.m\.?|p\.m\.?|am|pm))(?![\w])"
            rf"|(?P<h2>[01]?\d|2[0-3]):(?P<mi2>[0-5]\d)(?![\w:])"
            rf"|(?P<cw>{alt(lex.clock_words)}){E}"
            rf"|(?P<h3>\d{{1,2}})\s+(?i:in\s+the)\s+(?P<pod>(?i:morning|afternoon|evening)))"
            rf"(?:\s+(?P<tz>{tz}){E})?"
            rf"(?:,?\s+(?:(?i:on)\s+)?(?P<day>{W}|(?:{M})\s*{day}|{day_refs}))?",
        ),
        (
            "date_mdy",
            rf"{B}(?:(?P<wd>{W}),?\s+)?(?P<mon>{M})\s*(?P<d>{day})"
            rf"(?:(?:,\s*|\s+)(?P<y>{year}))?",
        ),
        (
            "date_dmy",
            rf"{B}(?:(?P<wd>{W}),?\s+)?(?P<d>{daynum})(?:\s+(?i:of))?\s+(?P<mon>{M})"
            rf"(?:,?\s+(?P<y>{year}))?",
        ),
        (
            "month_year",
            rf"{B}(?P<mon>{M}),?\s+(?:(?i:of)\s+)?(?:(?P<y>{year})|'(?P<yy>\d\d){E}"
            rf"|(?P<rel>(?i:this|last|next))\s+(?i:year){E})",
        ),
        ("weekday", rf"{B}(?:(?P<rel>{rel})\s+)?(?P<wd>{W})(?:\s+(?P<pod>{pod}))?{E}"),
        ("rel_month", rf"{B}(?P<rel>{rel})\s+(?P<mon>{M})"),
        ("month", rf"{B}(?P<mon>{M})"),
        ("day_ref", rf"{B}(?P<ref>{day_refs})(?:\s+(?P<pod>{pod}))?{E}"),
        (
            # "a second day (of talks)", "the third straight day": a day counted from an event
            "ordinal_day",
            rf"{B}(?:(?P<det>(?i:the|a))\s+)?(?P<ord>{ords}|\d{{1,2}}(?i:st|nd|rd|th))\s+"
            rf"(?:(?P<fill>(?i:straight|consecutive|successive|full))\s+)?(?i:day){E}(?!-)",
        ),
        ("pod_ref", rf"{B}(?P<rel>(?i:this|last|early\s+this|late\s+last))\s+(?P<pod>{pod}){E}"),
        (
            "year",
            rf"(?<![\w$£€.,/])(?:(?P<pre>(?i:fiscal(?:\s+year)?|calendar(?:\s+year)?|FY|the\s+year|"
            rf"model\s+year))\s*)?(?P<y>{year})"
            rf"(?!\s*(?:%|(?i:percent|per\s+cent))|[.,]\d)",
        ),
        (
            "year_spelled",
            rf"{B}(?:(?i:the\s+year)\s+)?(?P<sp>(?i:(?:eighteen|nineteen|twenty)[\s-]+"
            rf"(?:hundred|oh[\s-]+(?:{ones})|{teens}|(?:{tens})(?:[\s-]+(?:{ones}))?)"
            rf"|two\s+thousand(?:\s+and\s+(?:{ones}|{teens}))?)){E}",
        ),
        (
            "decade",
            rf"{B}(?:(?P<the>(?i:the))\s+)?(?:(?P<pos>(?i:early|mid|late))[-\s]+)?"
            rf"(?P<dec>(?:1\d|20)\d0'?s|'\d0s|(?i:twenties|thirties|forties|fifties|sixties|"
            rf"seventies|eighties|nineties)){E}",
        ),
        (
            "century",
            rf"{B}(?:(?i:the)\s+)?(?P<n>\d{{1,2}}(?:st|nd|rd|th)|{ords})[\s-]+(?i:century){E}",
        ),
        (
            "quarter",
            rf"{B}(?:(?P<det>(?i:the|its|their|this\s+year's|last\s+year's|next\s+year's))\s+)?"
            rf"(?:(?P<y1>{year})\s+|(?i:fiscal)[-\s]+)?(?P<ord>{quarter_ord})\s+"
            rf"(?:(?i:fiscal)\s+)?(?i:quarter)(?![\w-])"
            rf"(?:\s+(?i:of)\s+(?:(?i:fiscal)\s+)?(?P<y2>{year}))?",
        ),
        (
            "quarter_adj",
            rf"{B}(?:(?P<y1>{year})\s+|(?i:fiscal)[-\s]+)?(?P<ord>{quarter_ord})-(?i:quarter){E}",
        ),
        ("quarter_q", rf"{B}(?P<q>Q[1-4])(?:\s+(?P<y>{year}))?{E}"),
        (
            "quarter_ref",
            rf"{B}(?P<det>(?i:the|this|that|last|next|its|their))\s+"
            rf"(?:(?P<adj>(?i:latest|current|recent|most\s+recent|previous|past|last|next|coming|"
            rf"same|comparable|year-earlier|year-ago|prior-year|year-before|corresponding|fiscal|"
            rf"just-ended|just-completed))\s+)?(?:(?P<adj2>(?i:year-earlier|year-ago|fiscal))\s+)?"
            rf"(?P<unit>(?i:quarter|period))(?![\w-])"
            rf"(?:\s+(?P<ago>(?i:a\s+year\s+(?:ago|earlier)|last\s+year)){E})?",
        ),
        (
            "year_quarter_ref",
            rf"{B}(?P<det>(?i:the))\s+(?P<y>{year})\s+(?P<unit>(?i:quarter|period)){E}",
        ),
        (
            "half",
            rf"{B}(?:(?i:the)\s+)?(?P<which>(?i:first|second|latter|last))\s+(?i:half)"
            rf"(?:\s+(?i:of)\s+(?P<of>(?:(?i:fiscal)\s+)?{year}|(?i:the\s+year|this\s+year|"
            rf"last\s+year|next\s+year)))?{E}",
        ),
        (
            "season",
            rf"{B}(?:(?P<rel>{rel}|(?i:the))\s+)?(?P<season>{alt(lex.seasons)})"
            rf"(?:\s+(?:(?i:of)\s+)?(?P<y>{year}))?{E}",
        ),
        (
            "holiday",
            rf"{B}(?:(?P<rel>(?i:last|this|next))\s+)?(?P<hol>{_title(lex.holidays)})"
            rf"(?:,?\s+(?P<y>{year}))?{E}",
        ),
        (
            "rel_unit",
            rf"{B}(?P<rel>{rel})\s+(?:(?P<fisc>(?i:fiscal|calendar))\s+)?"
            rf"(?P<unit>(?i:day|week|weekend|month|year|quarter|decade|century)){E}(?!-|'s\s+\w+\s+quarter)",
        ),
        ("the_unit", rf"{B}(?P<the>(?i:the))\s+(?P<unit>(?i:weekend|year|week)){E}(?!-)"),
        (
            "set_per",
            rf"{B}(?:(?P<times>(?i:once|twice|thrice)|{N}\s+(?i:times))\s+)?(?P<per>(?i:a|an|per))\s+"
            rf"(?P<unit>(?i:day|week|month|year|hour|quarter)){E}",
        ),
        (
            "ago",
            rf"{B}(?P<num>{N})\s+(?:(?P<filler>{fill})\s+)?(?P<unit>{unit})"
            rf"(?:\s+(?i:or\s+so))?(?:\s+(?P<dir>{offset}){E}"
            rf"|(?=\s+(?P<sig>(?i:before|after))\s))",
        ),
        (
            "year_ago_adj",
            rf"{B}(?:(?P<the>(?i:the|a))\s+)?(?P<adj>(?i:year-earlier|year-ago|year-before|"
            rf"prior-year|year-previous))(?![\w-])"
            rf"(?:\s+(?P<noun>(?i:period|quarter|(?:first|second|third|fourth)\s+quarter|month)){E})?",
        ),
        (
            "duration",
            rf"{B}(?:(?P<the>(?i:the))\s+)?(?:(?P<rel>(?i:first|last|past|next|latest|previous|coming|"
            rf"final|following|initial|remaining|preceding|prior|ensuing|recent|further))\s+)?"
            rf"(?P<num>{N})(?:\s*(?:(?i:to|or|-|–)\s*(?P<num2>{N})))?\s+"
            rf"(?:(?P<filler>{fill})\s+)?(?P<unit>{unit})(?P<half>\s+(?i:and\s+a\s+half))?"
            rf"(?:\s+(?P<orso>(?i:or\s+so|or\s+more|or\s+longer)){E})?(?!-)",
        ),
        (
            "duration_adj",
            rf"(?<![\w-])(?P<num>\d+(?:\.\d+)?|(?i:(?:{tens})(?:-(?:{ones}))?|{ones}|{teens}|"
            rf"half|a\s+half))-(?P<unit>{unit_sing})(?:-(?P<suffix>(?i:long|old)))?(?![\w-])",
        ),
        ("duration_long", rf"{B}(?P<unit>{unit_sing})-?(?i:long){E}"),
        (
            "duration_vague",
            rf"{B}(?:(?P<the>(?i:the))\s+)?(?:(?P<rel>(?i:past|last|next|coming|recent|previous|"
            rf"following|ensuing|early|first|final|intervening))\s+)?"
            rf"(?P<unit>(?i:seconds|minutes|hours|days|weeks|months|years|decades|centuries|"
            rf"quarters))(?:\s+(?i:or|and)\s+(?P<unit2>(?i:days|weeks|months|years)))?"
            rf"(?:-(?P<suffix>(?i:long|old)))?(?![\w-])",
        ),
        ("vague_duration", rf"{B}(?P<vd>{alt(lex.vague_durations)}){E}"),
        (
            "set_every",
            rf"{B}(?P<q>{alt(lex.set_quantifiers)})\s+(?:(?P<num>{N})\s+)?"
            rf"(?P<what>{unit}|{W}|(?:{M})|(?i:morning|night|evening|afternoon|summer|winter|"
            rf"spring|fall)){E}",
        ),
        ("set_word", rf"{B}(?P<set>{alt(w for w in lex.sets if ' ' not in w)}){E}"),
        (
            "weekday_set",
            rf"{B}(?P<wd>{weekday_plural})(?:\s+(?P<pod>(?i:nights|mornings|evenings|afternoons)))?{E}",
        ),
        (
            "weekday_pod_set",
            rf"{B}(?P<wd>{W})\s+(?P<pod>(?i:nights|mornings|evenings|afternoons)){E}",
        ),
        ("ref", rf"{B}(?P<ref>{alt(lex.refs)})(?![\w-])"),
    ]
    # the guard only rejects positions where the rule cannot match: same matches, less work
    return tuple((name, re.compile(first_char_guard(pattern) + pattern)) for name, pattern in table)


@dataclass(frozen=True, slots=True)
class RuleFilter:
    """What a rule's matches must hold (``prefilter``): used to skip text that cannot match."""

    needles: Needles | None
    """Strings (lower case) one of which every match contains (or sees just after it)."""
    barriers: frozenset[str]
    """Characters that never lie between a match's start and such a string."""
    starts: re.Pattern[str] | None
    """Finds the positions where a match may start (None: unknown)."""


@lexicon_cache
def rule_filters() -> tuple[RuleFilter, ...]:
    """Per rule, in ``rules()`` order, its filter."""
    out = []
    for _name, pattern in rules():
        raw = pattern.pattern
        guard = first_char_guard(raw)
        body = raw[len(guard) :] if guard and raw.startswith(guard) else raw
        # a rule opening with a look-behind that refuses a word character starts a word
        word_start = r"(?<!\w)" if body.startswith(r"(?<![\w") else ""
        starts = re.compile(word_start + guard) if guard else None
        out.append(RuleFilter(required_literals(raw), barriers(raw), starts))
    return tuple(out)
