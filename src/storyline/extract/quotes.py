"""Quotations: the spans between quote marks, found in one scan of the text.

Straight, curly and PTB (`` '') double quotes and single quotes pair up line by line; a quote
still open at a line end closes there (news style for a quote that runs over paragraphs); a
quote split by its cue ("…," she said, "…") is two spans. The statements component
(``statements.py``) attributes each span to a speaker; this module knows nothing of speakers.
"""

from __future__ import annotations

import re

_QUOTE_RE = re.compile(r"``|''|[\"“”‘’']")
_EDGE_PUNCT = ",.;:–—-"
QUOTE_CHARS = "\"“”‘’'`"
"""Every character that opens or closes a quotation."""


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Content spans of quotations (inside the marks, edge punctuation trimmed).

    Straight double quotes pair up within a line; curly and PTB (`` '') marks pair by shape.
    A quote still open at a line end closes there (news style for multi-paragraph quotes).
    Single-quoted spans inside a double quote are left to the double quote.
    """
    spans: list[tuple[int, int]] = []
    line_start = 0
    for line in text.split("\n"):
        spans.extend(line_quotes(text, line_start, line_start + len(line)))
        line_start += len(line) + 1
    return spans


def line_quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The quotations of one line ``text[start:end]``; an unclosed double quote ends at it."""
    out: list[tuple[int, int]] = []
    dbl: int | None = None
    sgl: int | None = None
    for m in _QUOTE_RE.finditer(text, start, end):
        mark, pos = m.group(), m.start()
        if mark in ("``", "“"):
            dbl = m.end() if dbl is None else dbl
        elif mark in ("''", "”"):
            if dbl is not None:
                out.append((dbl, pos))
                dbl = None
        elif mark == '"':
            if dbl is None:
                dbl = m.end()
            else:
                out.append((dbl, pos))
                dbl = None
        elif dbl is None:
            if sgl is None and opens_single(text, pos, end):
                sgl = pos + 1
            elif sgl is not None and closes_single(text, pos, end):
                out.append((sgl, pos))
                sgl = None
    if dbl is not None:
        out.append((dbl, end))
    return [t for s, e in out if (t := trim(text, s, e)) is not None]


def opens_single(text: str, pos: int, end: int) -> bool:
    """‘ always opens; ' opens before a word and after a space, but not in "'s", "'t"."""
    if text[pos] == "‘":
        return True
    if text[pos] != "'" or pos + 1 >= end or not text[pos + 1].isalnum():
        return False
    if pos > 0 and not (text[pos - 1].isspace() or text[pos - 1] in '(["“'):
        return False
    rest = text[pos + 1 : pos + 4].lower()
    return not re.match(r"(s|t|d|m|ll|re|ve)\b", rest)


def closes_single(text: str, pos: int, end: int) -> bool:
    """A closing ’ or ' follows a word and precedes a space, punctuation or the line end."""
    after = text[pos + 1] if pos + 1 < end else " "
    return pos > 0 and not text[pos - 1].isspace() and not after.isalnum()


def trim(text: str, s: int, e: int) -> tuple[int, int] | None:
    """Strip spaces, edge punctuation and unpaired quote marks; None if nothing is left."""
    while True:
        before = (s, e)
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        while e > s and text[e - 1] in _EDGE_PUNCT:
            e -= 1
        while s < e and text[s] in ",;:":
            s += 1
        chunk = text[s:e]
        if e > s and text[e - 1] in QUOTE_CHARS and not balanced(chunk):
            e -= 1
        elif e > s and text[s] in QUOTE_CHARS and not balanced(chunk):
            s += 1
        if (s, e) == before:
            break
    if not any(c.isalpha() for c in text[s:e]):
        return None
    return s, e


def balanced(chunk: str) -> bool:
    """Whether the double quote marks inside a span pair up."""
    straight = chunk.count('"')
    return (
        straight % 2 == 0
        and chunk.count("“") == chunk.count("”")
        and chunk.count("``") == chunk.count("''")
    )


def coverage(span: tuple[int, int], quotes: list[tuple[int, int]]) -> float:
    """The share of ``span`` that lies inside the quotation spans."""
    s, e = span
    if e <= s:
        return 0.0
    covered = sum(max(0, min(e, qe) - max(s, qs)) for qs, qe in quotes)
    return covered / (e - s)
