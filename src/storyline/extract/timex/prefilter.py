"""Cheap guards in front of the recognition rules, derived from each rule's own regex.

Python's ``re`` tries a rule at every position of the text; most rules open with a look-behind
and a long alternation, so every word start pays for dozens of failed branches. The guards
can only ever reject positions or texts where the rule cannot match (the matches stay exactly
the same):

- ``first_char_guard``: a look-ahead on the characters a match can begin with;
- ``required_literals``: strings one of which every match contains (a text holding none of
  them is skipped whole);
- ``barriers``: characters no match spans, so a match starts after the last one before
  such a string (``match._matches`` tries the rule only there).

All are read off the parsed regex; anything the walk does not know gives no guard.
"""

from __future__ import annotations

import re
import string
from typing import Any

try:  # the regex parser is private: without it the rules simply run unguarded
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    P = C = None

_ASCII = [chr(i) for i in range(128)]
_IGNORECASE = re.IGNORECASE
_ALL = frozenset(_ASCII)


class _Unknown(Exception):
    """A regex construct the walk does not model: no guard."""


def _flags(flags: int, add: int, remove: int) -> int:
    return (flags | add) & ~remove


def _category_set(cat: Any) -> frozenset[str]:
    probe = {
        C.CATEGORY_DIGIT: r"\d",
        C.CATEGORY_NOT_DIGIT: r"\D",
        C.CATEGORY_SPACE: r"\s",
        C.CATEGORY_NOT_SPACE: r"\S",
        C.CATEGORY_WORD: r"\w",
        C.CATEGORY_NOT_WORD: r"\W",
    }.get(cat)
    if probe is None:
        raise _Unknown(cat)
    rx = re.compile(probe)
    return frozenset(c for c in _ASCII if rx.fullmatch(c))


def _cased(chars: set[str], flags: int) -> frozenset[str]:
    """Under IGNORECASE both cases of every letter (a superset is all a guard needs)."""
    if flags & _IGNORECASE:
        chars = chars | {c.swapcase() for c in chars}
    return frozenset(c for c in chars if c.isascii())


def _literal(code: int, flags: int) -> frozenset[str]:
    ch = chr(code)
    if not ch.isascii() and flags & _IGNORECASE:
        # a few non-ASCII letters fold onto ASCII ones ("ſ" ~ "s"): ask re which
        rx = re.compile("(?i:" + re.escape(ch) + ")")
        return frozenset(c for c in _ASCII if rx.fullmatch(c))
    return _cased({ch}, flags)


def _in_set(items: list[tuple[Any, Any]], flags: int) -> frozenset[str]:
    chars: set[str] = set()
    for op, av in items:
        if op is C.NEGATE:
            return _ALL
        if op is C.LITERAL:
            chars |= _literal(av, flags)
        elif op is C.RANGE:
            lo, hi = av
            if hi >= 128 and flags & _IGNORECASE:
                return _ALL
            chars |= {chr(i) for i in range(lo, min(hi, 127) + 1)}
        elif op is C.CATEGORY:
            chars |= _category_set(av)
        else:
            raise _Unknown(op)
    return _cased(chars, flags)


def _first(seq: Any, flags: int) -> tuple[frozenset[str], bool]:
    """(ASCII characters a match of ``seq`` may start with, whether it may match empty)."""
    out: set[str] = set()
    for op, av in seq:
        chars, nullable = _first_node(op, av, flags)
        out |= chars
        if not nullable:
            return frozenset(out), False
    return frozenset(out), True


def _first_node(op: Any, av: Any, flags: int) -> tuple[frozenset[str], bool]:
    if op is C.LITERAL:
        return _literal(av, flags), False
    if op is C.NOT_LITERAL or op is C.ANY:
        return _ALL, False
    if op is C.IN:
        return _in_set(av, flags), False
    if op is C.CATEGORY:
        return _category_set(av), False
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return frozenset(), True  # zero width: the next item decides
    if op is C.SUBPATTERN:
        _group, add, remove, sub = av
        return _first(sub, _flags(flags, add, remove))
    if op is C.ATOMIC_GROUP:
        return _first(av, flags)
    if op is C.BRANCH:
        chars: set[str] = set()
        nullable = False
        for alt in av[1]:
            c, n = _first(alt, flags)
            chars |= c
            nullable = nullable or n
        return frozenset(chars), nullable
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        lo, _hi, sub = av
        c, n = _first(sub, flags)
        return c, n or lo == 0
    raise _Unknown(op)


def first_char_guard(pattern: str) -> str:
    """A look-ahead on the characters a match of ``pattern`` can begin with ("" when none).

    The class holds every ASCII character a match may start with and all non-ASCII ones, so
    it only ever rejects positions where ``pattern`` cannot match.
    """
    if P is None:
        return ""
    try:
        parsed = P.parse(pattern)
        chars, nullable = _first(parsed, parsed.state.flags)
    except (_Unknown, AttributeError, TypeError, ValueError):
        return ""
    if nullable or chars >= _ALL:
        return ""
    body = "".join(
        re.escape(c) if c not in string.ascii_letters + string.digits else c for c in sorted(chars)
    )
    return f"(?=[{body}\\x80-\\U0010ffff])"


Needles = frozenset[str]


def _best(options: list[Needles]) -> Needles | None:
    """The most selective needle set: longest shortest needle, then fewest needles."""
    if not options:
        return None
    return max(options, key=lambda o: (min(map(len, o)), -len(o)))


_MAX_FORMS = 400


def _expand(op: Any, av: Any, flags: int) -> frozenset[str] | None:
    """Every string (lower case) the item can match, when that is a small finite set."""
    if op is C.LITERAL:
        return frozenset({chr(av).lower()}) if chr(av).isascii() else None
    if op is C.SUBPATTERN:
        return _expand_seq(av[3], _flags(flags, av[1], av[2]))
    if op is C.BRANCH:
        forms: set[str] = set()
        for a in av[1]:
            sub = _expand_seq(a, flags)
            if sub is None:
                return None
            forms |= sub
        return frozenset(forms) if len(forms) <= _MAX_FORMS else None
    if op is C.MAX_REPEAT and av[0] == 0 and av[1] == 1:  # "x?"
        sub = _expand_seq(av[2], flags)
        return None if sub is None else sub | {""}
    return None


def _expand_seq(seq: Any, flags: int) -> frozenset[str] | None:
    forms: frozenset[str] = frozenset({""})
    for op, av in seq:
        sub = _expand(op, av, flags)
        if sub is None:
            return None
        forms = frozenset(a + b for a in forms for b in sub)
        if len(forms) > _MAX_FORMS:
            return None
    return forms


def _required(seq: Any, flags: int) -> Needles | None:
    """Lower-case strings one of which every match of ``seq`` contains (None: unknown).

    Runs of items with a small finite set of forms ("d(?:ay|ecade)s?") give their forms;
    any other item gives what its own parts require.
    """
    options: list[Needles] = []
    run: frozenset[str] = frozenset({""})

    def close() -> None:
        nonlocal run
        if "" not in run:
            options.append(run)
        run = frozenset({""})

    for op, av in seq:
        forms = _expand(op, av, flags)
        if forms is not None:
            joined = frozenset(a + b for a in run for b in forms)
            if len(joined) <= _MAX_FORMS:
                run = joined
                continue
            close()
            run = forms
            continue
        close()
        if op is C.SUBPATTERN:
            _group, add, remove, sub = av
            need = _required(sub, _flags(flags, add, remove))
        elif op is C.ATOMIC_GROUP:
            need = _required(av, flags)
        elif op is C.ASSERT and av[0] == 1:  # a look-ahead's text is in the text too
            need = _required(av[1], flags)
        elif op is C.BRANCH:
            alts = [_required(a, flags) for a in av[1]]
            need = None if any(a is None for a in alts) else frozenset().union(*alts)  # type: ignore[arg-type]
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] >= 1:
            need = _required(av[2], flags)
        else:
            need = None
        if need:
            options.append(need)
    close()
    return _best(options)


def _minimal(needles: Needles) -> Needles:
    """Drop a needle that contains another one (finding the shorter one is enough)."""
    return frozenset(n for n in needles if not any(m != n and m in n for m in needles))


def required_literals(pattern: str, *, shortest: int = 3) -> Needles | None:
    """Strings (lower case) one of which every match of ``pattern`` contains, or None.

    None too when the best set holds a string shorter than ``shortest`` (it would be found
    in nearly every text, so looking would cost more than it saves).
    """
    if P is None:
        return None
    try:
        parsed = P.parse(pattern)
        need = _required(parsed, parsed.state.flags)
    except (_Unknown, AttributeError, TypeError, ValueError):
        return None
    if not need or min(map(len, need)) < shortest:
        return None
    return _minimal(need)


_FOLDS_ONTO_ASCII = re.compile(
    r"(?![\x00-\x7f])(?i:[a-z]|" + "|".join(string.ascii_lowercase) + ")"
)  # the ASCII test stays case-sensitive: under (?i) "ſ" would fold into [\x00-\x7f]
"""A non-ASCII character that IGNORECASE matches to an ASCII letter ("ſ", "K")."""


def lowered_for_needles(text: str) -> str | None:
    """``text`` in lower case for needle tests, or None when a needle test could miss a match.

    The rules match case-insensitively the way ``re`` folds case, which also maps a few
    non-ASCII letters onto ASCII ones; a text holding one is never skipped.
    """
    if not text.isascii() and _FOLDS_ONTO_ASCII.search(text):
        return None
    return text.lower()


def _alphabet(seq: Any, flags: int) -> set[str]:
    """ASCII characters a match of ``seq`` may span: what it consumes or looks ahead at."""
    out: set[str] = set()
    for op, av in seq:
        if op is C.LITERAL:
            out |= _literal(av, flags)
        elif op is C.NOT_LITERAL or op is C.ANY:
            return set(_ALL)
        elif op is C.IN:
            out |= _in_set(av, flags)
        elif op is C.CATEGORY:
            out |= _category_set(av)
        elif op is C.AT or op is C.ASSERT_NOT or (op is C.ASSERT and av[0] != 1):
            continue  # nothing of the match's own span
        elif op is C.ASSERT:
            out |= _alphabet(av[1], flags)
        elif op is C.SUBPATTERN:
            out |= _alphabet(av[3], _flags(flags, av[1], av[2]))
        elif op is C.ATOMIC_GROUP:
            out |= _alphabet(av, flags)
        elif op is C.BRANCH:
            for a in av[1]:
                out |= _alphabet(a, flags)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            out |= _alphabet(av[2], flags)
        else:
            raise _Unknown(op)
    return out


def barriers(pattern: str) -> frozenset[str]:
    """ASCII characters that never lie between a match's start and its look-ahead's end.

    Empty when the walk cannot tell (no character is then a barrier).
    """
    if P is None:
        return frozenset()
    try:
        parsed = P.parse(pattern)
        return _ALL - frozenset(_alphabet(parsed, parsed.state.flags))
    except (_Unknown, AttributeError, TypeError, ValueError):
        return frozenset()
