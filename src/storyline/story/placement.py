"""Placing undated articles in time from the rest of the corpus.

Ingest gives an undated article a window from its own text (``ingest/dating.py``: the latest
date it reports as past, else the span of the dated articles). Here the corpus narrows it:

- **series**: a running count of the article ("more than 130 hostages still held") is set
  against the points of its series from *dated* articles (stated dates, not inferred). A series
  that can only move one way (a toll only rises: ``trends`` in ``lexicons/series.json``), or
  whose dated points all move one way, bounds the day: if the count was already lower on a day
  and it only rises, the article is from that day or later; if it was higher, from before that
  day ("130+ held" lies between 239 taken on 2023-10-07 and 59 held on 2025-04-16). Between the
  nearest bounding points, linear interpolation of the value gives a best guess. Open-ended
  figures are read at their likely value (``conflicts.likely_interval``);
- **events**: a figure of the article anchored on a day the corpus dates (year-less "on
  October 7" resolved by its series) means the article came after that day.

- **what it reports** (``story.reported``): a happening it names on a weekday matched to the
  dated story's happening of that weekday, else the dated article whose text is most alike,
  gives the best guess where the series interpolate none; the corpus span's middle only as
  the last resort, said so in the evidence.

The bounds meet the text window; when the corpus bounds contradict each other or the text
window, the text window stays and the disagreement is an evidence line. The result keeps the
original evidence, adds one line per corpus clue (prefix ``corpus:``), records the text window
it started from and the best-guess day as date candidates (``note`` prefixes
``TEXT_WINDOW_NOTE`` and ``series.BEST_GUESS_NOTE``), so placing again starts from the text,
never from an earlier placement.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from .. import dates
from ..models import DateCandidate, DateResolution
from ..store import Store
from . import anchoring, reported
from .conflicts import likely_interval
from .series import (
    BEST_GUESS_NOTE,
    ArticleInfo,
    Point,
    Series,
    load_articles,
    words,
)

CORPUS = "corpus: "
"""Prefix of the evidence lines this step adds (removed and redone on every placement)."""

TEXT_WINDOW_NOTE = "text window before corpus placement"
CONFIDENCE_BOTH = 0.4
"""Confidence of a window the corpus bounds on both sides (the inferred band is 0.2-0.4)."""
CONFIDENCE_ONE = 0.3
CONFIDENCE_REPORTED = 0.25
"""Confidence of a guess from what the article reports alone (``story.reported``)."""
CONFIDENCE_LAST_RESORT = 0.05
INTERPOLATED = "interpolated on the series"
_WINDOW_NOTE = re.compile(r"(\d{4}-\d{2}-\d{2}|\?)\.\.(\d{4}-\d{2}-\d{2}|\?)")


@dataclass(slots=True)
class Bound:
    lo: str | None
    hi: str | None
    line: str


@dataclass(slots=True)
class Placement:
    """Where the corpus puts one undated article."""

    article_id: str
    earliest: str | None
    latest: str | None
    best: str | None
    confidence: float | None
    text_window: tuple[str | None, str | None]
    evidence: list[str] = field(default_factory=list)
    changed: bool = False
    anchored: list[dict[str, Any]] = field(default_factory=list)
    """Year-less dates of the article resolved on the refined window (``story.anchoring``)."""
    best_from: str = "the corpus figures"
    """What gave the best guess: the figures, what the article reports, or the last resort."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "earliest": self.earliest,
            "latest": self.latest,
            "best": self.best,
            "confidence": self.confidence,
            "text_window": list(self.text_window),
            "evidence": self.evidence,
            "changed": self.changed,
            "anchored": self.anchored,
        }


# --------------------------------------------------------------------------- clues


def trend(series: Series, dated: Sequence[Point]) -> str | None:
    """'up' or 'down': from the lexicon for the status, else from the dated points when
    they all move one way; None when unknown or mixed."""
    w = words()
    if series.status in set(w["batch_statuses"]) or series.position or series.anchor:
        return None
    if not series.comparable:
        return None
    known = w["trends"].get(series.status or series.counted or "")
    if known:
        return str(known)
    by_day = sorted((p.lo or "", _mid(p)) for p in dated)
    steps = [b[1] - a[1] for a, b in zip(by_day, by_day[1:], strict=False) if a[0] != b[0]]
    if not steps:
        return None
    if all(s <= 0 for s in steps) and any(s < 0 for s in steps):
        return "down"
    if all(s >= 0 for s in steps) and any(s > 0 for s in steps):
        return "up"
    return None


def _mid(p: Point) -> float:
    lo, hi = likely_interval(p)
    return (lo + hi) / 2


def _cite(p: Point) -> str:
    src = f", {p.source}" if p.source else ""
    return f"{p.shown()} on {p.lo} (article {p.article_id[:8]}{src})"


def series_bounds(
    series: Series, mine: Sequence[Point], dated: Sequence[Point]
) -> tuple[list[Bound], list[str]]:
    """Bounds on the publication day from one series, and best-guess days."""
    direction = trend(series, dated)
    if direction is None or not dated:
        return [], []
    bounds, guesses = [], []
    for p in mine:
        plo, phi = likely_interval(p)
        before: list[Point] = []  # dated points the article comes after
        after: list[Point] = []  # dated points the article comes before
        for d in dated:
            dlo, dhi = likely_interval(d)
            lower, higher = dhi < plo, dlo > phi
            if (direction == "up" and lower) or (direction == "down" and higher):
                before.append(d)
            elif (direction == "up" and higher) or (direction == "down" and lower):
                after.append(d)
        prev = max(before, key=lambda d: d.lo or "", default=None)
        nxt = min(after, key=lambda d: d.lo or "", default=None)
        what = f"{p.shown()} {series.label} (at {p.citation.start})"
        moves = "rises" if direction == "up" else "falls"
        if prev is not None:
            bounds.append(
                Bound(prev.lo, None, f"{CORPUS}{what}: after {_cite(prev)}; the count {moves}")
            )
        if nxt is not None:
            bounds.append(
                Bound(None, nxt.lo, f"{CORPUS}{what}: before {_cite(nxt)}; the count {moves}")
            )
        if prev is not None and nxt is not None:
            guesses.append(_interpolate(prev, nxt, _mid(p)))
    return bounds, guesses


def _interpolate(a: Point, b: Point, value: float) -> str:
    """The day a straight line from a to b reaches ``value``."""
    da, db = dates.parse_day(a.lo or ""), dates.parse_day(b.lo or "")
    va, vb = _mid(a), _mid(b)
    share = 0.5 if va == vb else min(1.0, max(0.0, (value - va) / (vb - va)))
    return (da + timedelta(days=round(share * (db - da).days))).isoformat()


def event_bounds(mine: Iterable[Point], series: Series) -> list[Bound]:
    """A figure of the article that describes a past day the corpus dates: published after."""
    out = []
    for p in mine:
        if p.precision == "day" and p.lo and p.as_of_from not in (None, "publication"):
            text = p.citation.text
            out.append(
                Bound(
                    p.lo,
                    None,
                    f"{CORPUS}{text!r} (at {p.citation.start}) counts {series.label}, "
                    f"a day ({p.lo}) before publication",
                )
            )
    return out


# --------------------------------------------------------------------------- placing


def place(
    article_id: str,
    text_window: tuple[str | None, str | None],
    all_series: Sequence[Series],
    infos: dict[str, ArticleInfo],
) -> Placement:
    """The corpus window of one undated article from the series (no store access)."""
    bounds: list[Bound] = []
    guesses: list[str] = []
    for s in all_series:
        mine = [p for p in s.points if p.article_id == article_id and not p.derived_from]
        if not mine:
            continue
        dated = [
            p for p in s.points if p.precision == "day" and p.lo and _dated(p.article_id, infos)
        ]
        found, guessed = series_bounds(s, [p for p in mine if _running(p)], dated)
        bounds += found
        guesses += guessed
        bounds += event_bounds(mine, s)
    return combine(article_id, text_window, bounds, guesses)


def _dated(article_id: str, infos: dict[str, ArticleInfo]) -> bool:
    info = infos.get(article_id)
    return info is not None and info.dated


def _running(p: Point) -> bool:
    """A count of the day it was published (no day of its own)."""
    return p.as_of_from in (None, "publication") and p.precision == "window"


def combine(
    article_id: str,
    text_window: tuple[str | None, str | None],
    bounds: Sequence[Bound],
    guesses: Sequence[str],
) -> Placement:
    lows = [b.lo for b in bounds if b.lo]
    highs = [b.hi for b in bounds if b.hi]
    c_lo, c_hi = max(lows, default=None), min(highs, default=None)
    t_lo, t_hi = text_window
    lines = [b.line for b in bounds]
    out = Placement(article_id, t_lo, t_hi, None, None, text_window, lines)
    if not bounds:
        return out
    if c_lo and c_hi and c_lo > c_hi:
        lines.append(f"{CORPUS}the series disagree ({c_lo} > {c_hi}): text window kept")
        return out
    lo = max(x for x in (c_lo, t_lo) if x) if (c_lo or t_lo) else None
    hi = min(x for x in (c_hi, t_hi) if x) if (c_hi or t_hi) else None
    if lo and hi and lo > hi:
        lines.append(
            f"{CORPUS}the corpus window {c_lo or '?'}..{c_hi or '?'} misses the text window "
            f"{t_lo or '?'}..{t_hi or '?'}: text window kept"
        )
        return out
    inside = sorted(g for g in guesses if (not lo or g >= lo) and (not hi or g <= hi))
    best = statistics.median_low(inside) if inside else lo
    how = INTERPOLATED if inside else "the earliest day the evidence allows"
    lines.append(f"{CORPUS}window {lo or '?'}..{hi or '?'}; best guess {best or '?'} ({how})")
    out.earliest, out.latest, out.best = lo, hi, best
    out.confidence = CONFIDENCE_BOTH if c_lo and c_hi else CONFIDENCE_ONE
    out.changed = (lo, hi) != (t_lo, t_hi) or best is not None
    return out


# --------------------------------------------------------------------------- the store


def undated_ids(store: Store) -> list[str]:
    """Articles with no stated date (none, or one inferred from the text or the corpus)."""
    return [
        a["id"]
        for a in store.iter_articles()
        if not a.get("published") or a.get("date_origin") == "inferred"
    ]


def place_undated(
    store: Store, article_ids: Iterable[str] | None = None, *, write: bool = True
) -> list[Placement]:
    """Place the undated articles (all, or those given) on the corpus and, with ``write``,
    store each refined window with its evidence."""
    ids = list(article_ids) if article_ids is not None else undated_ids(store)
    if not ids:
        return []
    if write:
        _reset(store, ids)  # series and windows start from the text, not an earlier placement
    all_series = anchoring.text_series(store)  # nor from an earlier anchoring
    infos = load_articles(store)
    out = []
    articles = {aid: store.get_article(aid) for aid in ids}
    texts = {aid: text_resolution(a) for aid, a in articles.items()}
    found = reported.guesses(store, {a: (t.earliest, t.latest) for a, t in texts.items()}, infos)
    for aid in ids:
        article, base = articles[aid], texts[aid]
        placed = place(aid, (base.earliest, base.latest), all_series, infos)
        if aid in found:
            adopt(placed, found[aid])
        if write and placed.changed:
            store.update_dates(aid, resolution(article, placed))
        out.append(placed)
    windows = {p.article_id: (p.earliest, p.latest) for p in out}
    resolved = anchoring.anchor_undated(store, windows, write=write)
    for p in out:
        p.anchored = anchoring.summary(resolved.get(p.article_id, []))
    return out


def adopt(placed: Placement, guess: reported.Guess) -> None:
    """Take the guess from what the article reports unless the series interpolated one. A
    happening matched on its weekday beats that too, and sets the window (the text's latest
    past date or a series can mislead); other guesses keep the window and are held inside."""
    interpolated = any(INTERPOLATED in e for e in placed.evidence)
    if interpolated and not guess.on_weekday:
        return
    lo, hi = placed.earliest, placed.latest
    best = guess.best
    outside = bool((lo and best < lo) or (hi and best > hi))
    if guess.on_weekday:
        n_lo = max(x for x in (lo, guess.earliest) if x)
        n_hi = min(x for x in (hi, guess.latest) if x)
        placed.earliest, placed.latest = (n_lo, n_hi) if n_lo <= n_hi else guess.window
    elif outside:
        best = lo if lo and best < lo else hi or best
    if outside:
        guess.evidence.append(
            f"{CORPUS}{guess.best} lies outside the window {lo or '?'}..{hi or '?'}: "
            f"best guess {best}, window {placed.earliest or '?'}..{placed.latest or '?'}"
        )
    placed.best = best
    placed.evidence += guess.evidence
    placed.best_from = guess.how if guess.last_resort else "what the article reports"
    if placed.confidence is None:
        last = guess.last_resort
        placed.confidence = CONFIDENCE_LAST_RESORT if last else CONFIDENCE_REPORTED
    placed.changed = True


def refresh(store: Store) -> list[Placement]:
    """The story step after an ingest (``Storyline.ingest`` runs it): new figures may place
    undated articles better, so every undated article is placed again on the corpus's series
    and its year-less dates anchored, both stored."""
    return place_undated(store)


def _reset(store: Store, ids: Sequence[str]) -> None:
    """Undo an earlier placement: back to the text window, its evidence, its candidates."""
    for aid in ids:
        article = store.get_article(aid)
        if any(_is_ours(c) for c in article.get("dates") or []):
            store.update_dates(aid, text_resolution(article))


def _is_ours(candidate: dict[str, Any]) -> bool:
    note = candidate.get("note") or ""
    return note.startswith((TEXT_WINDOW_NOTE, BEST_GUESS_NOTE))


def _candidates(article: dict[str, Any]) -> list[DateCandidate]:
    return [
        DateCandidate(
            origin=c["origin"],
            value=c["value"],
            precision=c["precision"],
            text=c.get("text"),
            start=c.get("start"),
            end=c.get("end"),
            note=c.get("note"),
        )
        for c in article.get("dates") or []
        if not _is_ours(c)
    ]


def text_resolution(article: dict[str, Any]) -> DateResolution:
    """The article's resolution as its text gave it, before any corpus placement."""
    lo, hi = article.get("date_earliest"), article.get("date_latest")
    confidence = article.get("date_confidence")
    for c in article.get("dates") or []:
        note = c.get("note") or ""
        if note.startswith(TEXT_WINDOW_NOTE) and (m := _WINDOW_NOTE.search(note)):
            lo, hi = (None if g == "?" else g for g in m.groups())
            conf = re.search(r"confidence ([\d.]+)", note)
            confidence = float(conf.group(1)) if conf else None
    published = lo if lo and lo == hi else None
    return DateResolution(
        published=published,
        origin="inferred" if (lo or hi) else None,
        precision="day" if published else None,
        earliest=lo,
        latest=hi,
        conflict=bool(article.get("date_conflict")),
        candidates=_candidates(article),
        evidence=[e for e in article.get("date_evidence") or [] if not e.startswith(CORPUS)],
        confidence=confidence,
    )


def resolution(article: dict[str, Any], placed: Placement) -> DateResolution:
    """The article's resolution refined by ``placed``: original evidence kept, corpus added."""
    base = text_resolution(article)
    t_lo, t_hi = placed.text_window
    base.candidates.append(
        DateCandidate(
            origin="inferred",
            value=t_lo or t_hi or placed.best or "",
            precision="day",
            note=f"{TEXT_WINDOW_NOTE}: {t_lo or '?'}..{t_hi or '?'}, "
            f"confidence {base.confidence if base.confidence is not None else 0}",
        )
    )
    if placed.best and placed.best_from != reported.LAST_RESORT:  # series read it as a day
        base.candidates.append(
            DateCandidate(
                origin="inferred",
                value=placed.best,
                precision="day",
                note=f"{BEST_GUESS_NOTE} from {placed.best_from}",
            )
        )
    lo, hi = placed.earliest, placed.latest
    base.earliest, base.latest = lo, hi
    base.published = lo if lo and lo == hi else None
    base.precision = "day" if base.published else None
    base.origin = "inferred"
    base.evidence = [*base.evidence, *placed.evidence]
    base.confidence = placed.confidence
    return base
