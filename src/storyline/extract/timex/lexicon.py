"""The time-expression lexicon (``lexicons/timex*.json``) as typed lookups and regex pieces."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ...lexicons import calendar_forms, lexicon_cache, load_json


@dataclass(frozen=True, slots=True)
class TimexLexicon:
    months: dict[str, int]
    ambiguous_months: frozenset[str]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    tens: tuple[str, ...]
    vague_numbers: frozenset[str]
    ordinals: dict[str, int]
    units: dict[str, dict[str, Any]]
    unit_names: dict[str, str]
    """Singular or plural surface form → singular unit name."""
    unit_fillers: tuple[str, ...]
    seasons: dict[str, str]
    bare_seasons: frozenset[str]
    parts_of_day: dict[str, str]
    clock_words: dict[str, str]
    timezones: tuple[str, ...]
    day_refs: dict[str, int]
    refs: dict[str, str]
    ref_needs_preposition: frozenset[str]
    vague_durations: dict[str, str]
    approx_mods: dict[str, str]
    position_mods: dict[str, str]
    relatives: dict[str, int]
    anchored_relatives: frozenset[str]
    offset_words: dict[str, int]
    anchored_offset_words: frozenset[str]
    sets: dict[str, str]
    set_quantifiers: tuple[str, ...]
    interval_signals: dict[str, str]
    holidays: dict[str, dict[str, int]]
    future_cues: tuple[str, ...]
    past_cues: tuple[str, ...]
    past_suffix: str


@lexicon_cache
def lexicon() -> TimexLexicon:
    """The lexicon, loaded once."""
    raw = load_json("timex.json")
    tense = load_json("timex_tense.json")
    months, weekdays = calendar_forms()
    units = raw["units"]
    unit_names = {}
    for name, spec in units.items():
        unit_names[name] = name
        unit_names[spec["plural"]] = name
    return TimexLexicon(
        months=months,
        ambiguous_months=frozenset(raw["ambiguous_months"]),
        weekdays=weekdays,
        numbers=raw["numbers"],
        tens=tuple(raw["tens"]),
        vague_numbers=frozenset(raw["vague_numbers"]),
        ordinals=raw["ordinals"],
        units=units,
        unit_names=unit_names,
        unit_fillers=tuple(raw["unit_fillers"]),
        seasons=raw["seasons"],
        bare_seasons=frozenset(raw["bare_seasons"]),
        parts_of_day=raw["parts_of_day"],
        clock_words=raw["clock_words"],
        timezones=tuple(raw["timezones"]),
        day_refs=raw["day_refs"],
        refs=raw["refs"],
        ref_needs_preposition=frozenset(raw["ref_needs_preposition"]),
        vague_durations=raw["vague_durations"],
        approx_mods=raw["approx_mods"],
        position_mods=raw["position_mods"],
        relatives=raw["relatives"],
        anchored_relatives=frozenset(raw["anchored_relatives"]),
        offset_words=raw["offset_words"],
        anchored_offset_words=frozenset(raw["anchored_offset_words"]),
        sets=raw["sets"],
        set_quantifiers=tuple(raw["set_quantifiers"]),
        interval_signals=raw["interval_signals"],
        holidays=raw["holidays"],
        future_cues=tuple(tense["future"]),
        past_cues=tuple(tense["past"]),
        past_suffix=tense["past_suffix"],
    )


def alt(words: Iterable[object], *, ci: bool = True) -> str:
    """A regex alternation of ``words``, longest first; spaces match any whitespace run.

    Written as a prefix tree ("a(?:pril|ug(?:ust)?)"): it matches exactly what the flat
    longest-first list matches, in the same order, but ``re`` no longer tries every word at
    every position, only the words that share the text's first letters.
    """
    items = sorted({str(w) for w in words}, key=len, reverse=True)
    body = _trie([_symbols(w, ci) for w in items], ci)
    return f"(?i:{body})" if ci else f"(?:{body})"


_WS = "\\s+"


def _symbols(word: str, ci: bool) -> list[tuple[str, str]]:
    """(grouping key, regex) per character; a space matches any whitespace run."""
    out = []
    for ch in word:
        if ch == " ":
            out.append((_WS, _WS))
        else:
            # under IGNORECASE an ASCII letter and its other case are one symbol
            key = ch.lower() if ci and ch.isascii() else ch
            out.append((key, re.escape(ch)))
    return out


def _trie(words: list[list[tuple[str, str]]], ci: bool) -> str:
    """The alternation of ``words`` (symbol lists, in order) with shared prefixes factored.

    Two words can match at the same place only when one is a prefix of the other (different
    symbols never match the same character), and such words keep their order here: grouping
    by first symbol changes no match.
    """
    groups: dict[str, list[list[tuple[str, str]]]] = {}
    heads: dict[str, str] = {}
    parts: list[str] = []
    for w in words:
        if not w:
            groups.setdefault("", [])
            continue
        key, rx = w[0]
        if key not in groups:
            groups[key] = []
            heads[key] = rx
        groups[key].append(w[1:])
    for key, rests in groups.items():
        if key == "":
            parts.append("")
            continue
        if len(rests) == 1:
            parts.append(heads[key] + "".join(rx for _k, rx in rests[0]))
            continue
        inner = _trie(rests, ci)
        parts.append(f"{heads[key]}(?:{inner})")
    return "|".join(parts)


def month_alt() -> str:
    """Month names, capitalised as in running text; abbreviations may carry a dot."""
    lex = lexicon()
    forms = []
    for name in lex.months:
        title = name.capitalize()
        full = len(name) > 4 or name in ("may", "june", "july")
        forms.append(title if full else f"{title}\\.?")
        forms.append(name.upper() + ("" if full else "\\.?"))
    forms.sort(key=len, reverse=True)
    return "(?:" + "|".join(forms) + ")(?![\\w])"


def weekday_alt() -> str:
    """Weekday names; abbreviations only with their dot ("Wed.")."""
    forms = []
    for name in lexicon().weekdays:
        title = name.capitalize()
        forms.append(title if name.endswith("day") else f"{title}\\.")
    forms.sort(key=len, reverse=True)
    return "(?:" + "|".join(forms) + ")(?![\\w])"


def number_alt() -> str:
    """Cardinal numbers in digits or words, plus vague quantities ("a few", "several")."""
    lex = lexicon()
    ones = [w for w, n in lex.numbers.items() if 1 <= n <= 9 and " " not in w and len(w) > 2]
    compound = f"(?i:(?:{'|'.join(lex.tens)})(?:[-\\s](?:{'|'.join(ones)}))?)"
    words = alt(list(lex.numbers) + sorted(lex.vague_numbers))
    digits = r"\d{1,3}(?![\d,])(?:\.\d+)?(?:\s+1/2|½)?"
    return f"(?:{digits}|{compound}|{words})"


def word_to_number(text: str) -> float | None:
    """The number a numeral denotes ("twenty-four" → 24, "2 1/2" → 2.5); None when vague."""
    lex = lexicon()
    t = re.sub(r"\s+", " ", text.strip().lower())
    if t in lex.vague_numbers:
        return None
    frac = 0.0
    if t.endswith("1/2") or t.endswith("½"):
        frac, t = 0.5, t.rstrip("½").removesuffix("1/2").strip()
    try:
        return float(t) + frac
    except ValueError:
        pass
    if t in lex.numbers:
        return lex.numbers[t] + frac
    total = 0
    for part in re.split(r"[-\s]+", t):
        if part in lex.numbers:
            total += lex.numbers[part]
        else:
            return None
    return total + frac
