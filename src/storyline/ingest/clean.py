"""The clean view of an article: boilerplate dropped, PTB tokens detokenized, whitespace tidied.

The raw text is never touched. Each step proposes edits ``(start, end, replacement, reason)`` on
the current view; applying them keeps, for every clean character, the raw span it came from, so
the final :class:`~storyline.models.OffsetMap` is exact: a verbatim character maps to itself, a
rewritten token (``-LRB-`` → ``(``) to the whole raw token, and dropped text has no clean
characters at all (boilerplate drops are recorded as :class:`~storyline.models.Dropped`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from ..lexicons import lines
from ..models import CleanView, Dropped, OffsetMap, RawDoc
from ..registry import components


class Edit(NamedTuple):
    """Replace ``view[start:end]`` by ``replacement``; ``reason`` marks a boilerplate drop."""

    start: int
    end: int
    replacement: str = ""
    reason: str | None = None


@dataclass(slots=True)
class _View:
    """Text under construction plus, per character, the raw span it came from and whether it is
    that raw character verbatim."""

    text: str
    raw_start: list[int]
    raw_end: list[int]
    verbatim: list[bool]


Step = Callable[[str], list[Edit]]


# --- the view and its edits -------------------------------------------------------------------


def _initial_view(doc: RawDoc) -> _View:
    start = min(max(doc.body_start, 0), len(doc.text))
    n = len(doc.text) - start
    return _View(
        text=doc.text[start:],
        raw_start=list(range(start, start + n)),
        raw_end=list(range(start + 1, start + n + 1)),
        verbatim=[True] * n,
    )


def _non_overlapping(edits: Iterable[Edit]) -> list[Edit]:
    """Keep edits in the order given (= priority), skipping any that overlaps one already kept."""
    taken: list[Edit] = []
    used: set[int] = set()
    for e in edits:
        if e.end <= e.start and not e.replacement:
            continue
        span = set(range(e.start, e.end))
        if span & used:
            continue
        used |= span
        taken.append(e)
    return sorted(taken, key=lambda e: (e.start, e.end))


def _apply(view: _View, edits: list[Edit], raw: str, dropped: list[Dropped]) -> _View:
    """Apply non-overlapping sorted ``edits``; boilerplate drops are appended to ``dropped``."""
    text: list[str] = []
    rs: list[int] = []
    re_: list[int] = []
    vb: list[bool] = []
    pos = 0

    def keep(a: int, b: int) -> None:
        text.append(view.text[a:b])
        rs.extend(view.raw_start[a:b])
        re_.extend(view.raw_end[a:b])
        vb.extend(view.verbatim[a:b])

    for e in edits:
        keep(pos, e.start)
        pos = e.end
        if e.end > e.start:
            r0, r1 = view.raw_start[e.start], max(view.raw_end[e.start : e.end])
        else:  # an insertion sits at the raw position of the next character
            r0 = r1 = view.raw_start[e.start] if e.start < len(view.text) else _raw_len(view)
        if e.reason is not None:
            dropped.append(Dropped(r0, r1, e.reason, raw[r0:r1]))
        if e.replacement == view.text[e.start : e.end]:
            keep(e.start, e.end)  # a no-op rewrite keeps the characters verbatim
            continue
        text.append(e.replacement)
        rs.extend([r0] * len(e.replacement))
        re_.extend([r1] * len(e.replacement))
        vb.extend([False] * len(e.replacement))
    keep(pos, len(view.text))
    return _View("".join(text), rs, re_, vb)


def _raw_len(view: _View) -> int:
    return view.raw_end[-1] if view.raw_end else 0


def _offset_map(view: _View) -> OffsetMap:
    """Compress per-character raw spans into runs (verbatim) and rewrites (everything else)."""
    runs: list[tuple[int, int, int]] = []
    rewrites: list[tuple[int, int, int, int]] = []
    for i, (r0, r1, same) in enumerate(
        zip(view.raw_start, view.raw_end, view.verbatim, strict=True)
    ):
        if same:
            if runs:
                cs, rs, n = runs[-1]
                if cs + n == i and rs + n == r0:
                    runs[-1] = (cs, rs, n + 1)
                    continue
            runs.append((i, r0, 1))
        else:
            if rewrites:
                cs, ce, a, b = rewrites[-1]
                if ce == i and (a, b) == (r0, r1):
                    rewrites[-1] = (cs, ce + 1, a, b)
                    continue
            rewrites.append((i, i + 1, r0, r1))
    return OffsetMap(runs=runs, rewrites=rewrites)


# --- step 1: Penn-Treebank detokenization ------------------------------------------------------

_PTB_TOKENS: dict[str, str] = {
    "-LRB-": "(",
    "-RRB-": ")",
    "-LSB-": "[",
    "-RSB-": "]",
    "-LCB-": "{",
    "-RCB-": "}",
    "``": '"',
    "''": '"',
    "`": "'",
    "\\*": "*",
    "\\/": "/",
}
_TOKEN_RE = re.compile(r"-[LR][RSC]B-|``|''|`|\\[*/]")
_CLOSERS = r"(?:-R[RSC]B-|'')"

# (pattern, replacement) in priority order; each pattern matches only what it replaces/deletes.
_PTB_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # "U.S. ." → "U.S.": the tokenizer repeats a sentence-final abbreviation's full stop
    (re.compile(r"(?<=[A-Za-z]\.) \.(?=[ \t]*(?:\n|$))"), ""),
    # space after an opening bracket/quote
    (re.compile(r"(?<=-L[RSC]B-) +|(?<=`) +"), ""),
    # space before a closing bracket/quote
    (re.compile(r" +(?=" + _CLOSERS + r")"), ""),
    # space before punctuation (not before an ellipsis or a decimal)
    (re.compile(r" +(?=[,.;:!?%](?:\s|$|" + _CLOSERS + r"))"), ""),
    # clitics split off their word: do n't, Gaddafi 's, they 're
    (re.compile(r" +(?=(?:'[sSdDmM]|n't|N'T|'re|'RE|'ve|'VE|'ll|'LL)(?![\w]))"), ""),
    # plural possessive: "soldiers ' families"
    (re.compile(r"(?<=[sS]) +(?='(?:[ \t]|$))"), ""),
    # currency: "$ 100"
    (re.compile(r"(?<=\$) +(?=\d)"), ""),
)


def looks_ptb(text: str) -> bool:
    """True when ``text`` reads like Penn-Treebank tokens (``-LRB-``, `````, ``word , word``)."""
    if re.search(r"-[LR][RSC]B-|``", text):
        return True
    spaced = len(re.findall(r"\w [,.](?=\s)", text))
    glued = len(re.findall(r"\w[,.](?=\s)", text))
    return spaced >= 3 and spaced > 4 * glued


def detokenize_ptb_edits(text: str) -> list[Edit]:
    """Edits that turn PTB-tokenized ``text`` back into ordinary prose (none if it is not PTB)."""
    if not looks_ptb(text):
        return []
    edits = [Edit(m.start(), m.end(), _PTB_TOKENS[m.group()]) for m in _TOKEN_RE.finditer(text)]
    for pattern, replacement in _PTB_RULES:
        edits.extend(Edit(m.start(), m.end(), replacement) for m in pattern.finditer(text))
    return _non_overlapping(edits)


# --- step 2: boilerplate ----------------------------------------------------------------------


@cache
def _boilerplate() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(reason, pattern) pairs from lexicons/boilerplate.txt, ``{outlet}`` expanded."""
    from .credits import outlet_name_pattern  # credits owns the outlet lexicon

    outlet = f"(?:{outlet_name_pattern()}|[A-Z][\\w&.'-]*)"
    out = []
    for line in lines("boilerplate.txt"):
        reason, _, pattern = line.partition("\t")
        out.append((reason.strip(), re.compile(pattern.replace("{outlet}", outlet), re.M)))
    return tuple(out)


def boilerplate_edits(text: str) -> list[Edit]:
    """Deletions for the page boilerplate in ``text``, each carrying its reason."""
    edits = [
        Edit(m.start(), m.end(), "", reason)
        for reason, pattern in _boilerplate()
        for m in pattern.finditer(text)
        if m.end() > m.start()
    ]
    return _non_overlapping(edits)


# --- step 3: whitespace -----------------------------------------------------------------------

_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]+")
_HSPACE = re.compile(r"[^\S\n]+")
_NEWLINES = re.compile(r"\n{3,}")


def space_edits(text: str) -> list[Edit]:
    """Collapse runs of spaces to one, drop spaces at line ends and invisible characters."""
    edits = [Edit(m.start(), m.end()) for m in _INVISIBLE.finditer(text)]
    for m in _HSPACE.finditer(text):
        a, b = m.span()
        at_edge = a == 0 or text[a - 1] == "\n" or b == len(text) or text[b] == "\n"
        if at_edge:
            edits.append(Edit(a, b))
        elif text[a] == " ":
            if b - a > 1:
                edits.append(Edit(a + 1, b))  # keep the first space verbatim
        else:
            edits.append(Edit(a, b, " "))  # a tab or a no-break space becomes a plain space
    return _non_overlapping(edits)


def newline_edits(text: str) -> list[Edit]:
    """At most one blank line between paragraphs; none at the start or the end."""
    edits = [Edit(m.start() + 2, m.end()) for m in _NEWLINES.finditer(text)]
    lead = len(text) - len(text.lstrip("\n"))
    if lead:
        edits.append(Edit(0, lead))
    tail = len(text) - len(text.rstrip("\n"))
    if tail:
        edits.append(Edit(len(text) - tail, len(text)))
    return _non_overlapping(edits)


CLEAN_STEPS: tuple[Step, ...] = (
    detokenize_ptb_edits,
    boilerplate_edits,
    space_edits,
    newline_edits,
)
"""Run in order; boilerplate patterns see detokenized text, whitespace is tidied last."""


@components.register("storyline.clean_text.v1")
def clean_text(doc: RawDoc) -> CleanView:
    """The clean view of ``doc.text[doc.body_start:]`` with an exact map back to raw offsets."""
    view = _initial_view(doc)
    dropped: list[Dropped] = []
    for step in CLEAN_STEPS:
        edits = step(view.text)
        if edits:
            view = _apply(view, edits, doc.text, dropped)
    return CleanView(text=view.text, offsets=_offset_map(view), dropped=dropped)
