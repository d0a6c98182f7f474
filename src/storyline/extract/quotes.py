"""Quotations: the spans between quote marks, found in one scan of the text.

Straight, curly and PTB (`` '') double quotes and single quotes pair up line by line; a quote
still open at a line end closes there (news style for a quote that runs over paragraphs); in
text laid out one sentence a line, a line opening inside a quote (its first mark closes) and
the unmarked lines before it back to the opening are quoted too; a quote split by its cue
("…," she said, "…") is two spans. The statements component
(``statements.py``) attributes each span to a speaker; this module knows nothing of speakers.
"""

from __future__ import annotations

import re

_QUOTE_RE = re.compile(r"``|''|[\"“”‘’']")
_EDGE_PUNCT = ",.;:–—-"
QUOTE_CHARS = "\"“”‘’'`"
"""Every character that opens or closes a quotation."""
_DOUBLE = '"“”`'
"""Marks of double quotes (an apostrophe in "don't" is none; PTB '' is checked apart)."""


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Content spans of quotations (inside the marks, edge punctuation trimmed).

    Straight double quotes pair up within a line; curly and PTB (`` '') marks pair by shape.
    A quote still open at a line end closes there (news style for multi-paragraph quotes).
    Single-quoted spans inside a double quote are left to the double quote.
    """
    spans: list[tuple[int, int]] = []
    lines: list[tuple[int, int, list[tuple[int, int]]]] = []
    line_start = 0
    for line in text.split("\n"):
        end = line_start + len(line)
        found = line_quotes(text, line_start, end)
        lines.append((line_start, end, found))
        line_start = end + 1
    for k, (start, end, found) in enumerate(lines):
        spans.extend(found)
        if not leads_closed(text, start, end, found):
            continue
        # a quote closed at the start of this line opened lines before: the unmarked lines
        # between are inside it (one sentence a line)
        j = k - 1
        middle: list[tuple[int, int]] = []
        while j >= 0 and not has_double(text[lines[j][0] : lines[j][1]]):
            middle.append((lines[j][0], lines[j][1]))
            j -= 1
        if middle and j >= 0 and opens_unclosed(text, lines[j]):
            spans.extend(t for s, e in middle if (t := trim(text, s, e)) is not None)
    return sorted(spans)


def leads_closed(text: str, start: int, end: int, found: list[tuple[int, int]]) -> bool:
    """Whether the line's first quotation runs from the line start to a closing mark."""
    if not found:
        return False
    first = trim(text, start, end)
    rest = text[found[0][1] : end].lstrip(_EDGE_PUNCT + " ")
    return first is not None and found[0][0] == first[0] and rest[:1] in ('"', "”")


def opens_unclosed(text: str, line: tuple[int, int, list[tuple[int, int]]]) -> bool:
    """Whether the line's last quotation was still open at its end."""
    _, end, found = line
    if not found or trim(text, found[-1][1], end) is not None:
        return False
    return text[found[-1][1] : end].strip()[-1:] not in QUOTE_CHARS


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
            if dbl is None and not out and closes_line_quote(text, start, pos, end):
                # 'We hate the world," shouted …' opening a line: the quote began on the line
                # before (text laid out one sentence a line) and runs to here
                out.append((start, pos))
            elif dbl is None:
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


def closes_line_quote(text: str, start: int, pos: int, end: int) -> bool:
    """Whether the first straight double quote of a line is shaped to close: after a word or
    punctuation (not a digit: 5'11") and before a space, punctuation or the line end, with no
    other quote mark before it on the line."""
    if pos == start or text[pos - 1].isspace() or text[pos - 1].isdigit():
        return False
    after = text[pos + 1] if pos + 1 < end else " "
    if after.isalnum():
        return False
    return not has_double(text[start:pos])


def has_double(chunk: str) -> bool:
    """Whether a stretch of text holds a double quote mark."""
    return "''" in chunk or any(c in _DOUBLE for c in chunk)


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
