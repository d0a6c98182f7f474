"""Undated articles dated by what they report.

An article that reports a happening as news ("the ministry said on Tuesday") was published
just after the day the corpus dates that happening. Each undated article's event mentions
that name a weekday are matched to those of the *dated* articles (same type family, shared
actors, place, patient words, numbers) dated to that weekday, by their text (else their
publication day): the article is from that day to six days later, best guess the day itself
(wire copy reports the day's news). A match must lie in the stretch of the story the most
alike dated articles come from: the same actors act all story long.

Without such a match, the dated article whose text is most alike (TF-IDF over the sentences:
an update of the same wire story, the same tolls and quotes) gives the day, moved onto the
weekday the article reports most ("on Tuesday": within three days either way). A happening
matched without its weekday, or told "yesterday", proved too loose a clue on the shared
topics and is not used. Only when nothing matches is the middle of the window (the corpus
span) the guess, and the evidence says it is the last resort. Nothing here writes:
``story.placement`` stores the guess.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ..store import Store
from .events import Report, family_of, load_corpus
from .series import ArticleInfo

CORPUS = "corpus: "
LAST_RESORT = "last resort"
MIN_SCORE = 0.5
"""How alike an undated event mention and a dated one must be to share a day."""
TOP_ARTICLES = 1
"""Dated articles whose days vote when no happening matches on its weekday: the single most
alike (an update of the same wire story) beat 3 and 5 on both shared topics."""
NEWS_DAYS = 6
"""A weekday reported as news lies at most this many days before publication."""
_WEEKDAY = re.compile(r"^XXXX-WXX-([1-7])")


@dataclass(slots=True)
class Guess:
    """A best day for one undated article, its window and why."""

    best: str
    earliest: str
    latest: str
    how: str
    evidence: list[str] = field(default_factory=list)

    on_weekday: bool = False
    """Set by a happening of the dated story matched on the weekday the article names."""

    @property
    def last_resort(self) -> bool:
        return self.how == LAST_RESORT

    @property
    def window(self) -> tuple[str, str]:
        return self.earliest, self.latest


@dataclass(slots=True)
class _Vote:
    day: date
    weight: float
    line: str


def weekday_of(value: str | None) -> int | None:
    """ISO weekday of a year-less weekday value ('XXXX-WXX-2' → 2)."""
    m = _WEEKDAY.match(value or "")
    return int(m.group(1)) if m else None


def match_score(u: Report, d: Report) -> float:
    """How alike two event mentions are: type family, actors, place, patient words, numbers."""
    if family_of(u.type) != family_of(d.type):
        return 0.0
    score = 0.25 if u.type == d.type else 0.1
    if set(u.actors) & set(d.actors):
        score += 0.35
    if u.place and d.place and u.place.lower() == d.place.lower():
        score += 0.2
    if u.words and d.words:
        score += 0.3 * len(u.words & d.words) / len(u.words | d.words)
    if u.numbers & d.numbers:
        score += 0.3
    return score


def happened(d: Report) -> date | None:
    """The day a dated mention gives its happening: its text's day, else publication."""
    if d.date.from_text and d.date.precision == "day" and d.date.lo:
        return d.date.lo
    return d.published


def event_votes(
    mine: Sequence[Report], dated: Sequence[Report], in_sentence: Mapping[int, int]
) -> list[_Vote]:
    """Publication days the matched happenings give, each with its weight and evidence;
    ``in_sentence`` is the weekday each sentence names."""
    votes = []
    for u in mine:
        weekday = in_sentence.get(u.sentence_idx) if u.sentence_idx is not None else None
        for d in dated:
            day = happened(d)
            score = match_score(u, d)
            if day is None or score < MIN_SCORE:
                continue
            if weekday is None or day.isoweekday() != weekday:
                continue
            score += 1.0  # the weekday agrees: the strongest clue
            how = f"reported on its weekday ({day:%A})"
            line = (
                f"{CORPUS}{u.text!r} (at {u.start}) matches {d.text!r} of article "
                f"{d.article_id[:8]}, dated {happened(d)}: {how}"
            )
            votes.append(_Vote(day, score, line))
    return votes


def weighted_median(votes: Sequence[_Vote]) -> date:
    ranked = sorted(votes, key=lambda v: v.day)
    half, acc = sum(v.weight for v in ranked) / 2, 0.0
    for v in ranked:
        acc += v.weight
        if acc >= half:
            return v.day
    return ranked[-1].day


def text_neighbours(
    store: Store, undated: Sequence[str], days: Mapping[str, date]
) -> dict[str, list[tuple[float, date]]]:
    """Per undated article, the dated articles whose text is most alike (TF-IDF cosine over
    their sentences: the same tolls, names and quotes travel the same days), best first."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    dated = sorted(days)
    ids = [*undated, *dated]
    texts: dict[str, list[str]] = defaultdict(list)
    for s in store.iter_sentences(article_ids=ids):
        texts[s["article_id"]].append(s["text"])
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True, max_df=0.5)
    try:
        matrix = vec.fit_transform([" ".join(texts[a]) for a in ids])
    except ValueError:  # no vocabulary
        return {}
    sims = (matrix[: len(undated)] @ matrix[len(undated) :].T).toarray()
    out = {}
    for row, aid in zip(sims, undated, strict=True):
        best = sorted(range(len(dated)), key=lambda k: -row[k])[:TOP_ARTICLES]
        out[aid] = [(float(row[k]), days[dated[k]]) for k in best if row[k] > 0]
    return out


def _snap(day: date, weekday: int | None) -> date:
    """The nearest day on ``weekday`` (within three days either way)."""
    if weekday is None:
        return day
    shift = (weekday - day.isoweekday() + 3) % 7 - 3
    return day + timedelta(days=shift)


def _iso(d: date) -> str:
    return d.isoformat()


def guess_one(
    mine: Sequence[Report],
    dated: Sequence[Report],
    near: Sequence[tuple[float, date]],
    window: tuple[str | None, str | None],
    weekdays: Mapping[int, int],
) -> Guess | None:
    """The best guess for one article from its own reports (no store access); ``weekdays``:
    the weekday each sentence names."""
    votes = [v for v in event_votes(mine, dated, weekdays) if _fits(v, near)]
    if votes:
        best = weighted_median(votes)
        lines = [v.line for v in sorted(votes, key=lambda v: -v.weight)[:3]]
        latest = best + timedelta(days=NEWS_DAYS)
        how = "the day the dated story gives what it reports"
        evidence = [*lines, _done(best, how)]
        return Guess(_iso(best), _iso(best), _iso(latest), how, evidence, on_weekday=True)
    if near:
        mid = weighted_median([_Vote(d, w, "") for w, d in near])
        named = list(weekdays.values())
        weekday = max(set(named), key=named.count) if named else None
        best = _snap(mid, weekday)
        how = "the dated articles whose text is most alike"
        if weekday:
            how += f", on the {best:%A} it reports"
        slack = timedelta(days=NEWS_DAYS // 2)  # same-day copy is likeliest, not certain
        lo, hi = min(d for _, d in near) - slack, max(d for _, d in near) + slack
        cited = ", ".join(f"{d} ({w:.2f})" for w, d in near)
        line = f"{CORPUS}the dated articles most alike are of {cited}"
        return Guess(
            _iso(best), _iso(min(lo, best)), _iso(max(hi, best)), how, [line, _done(best, how)]
        )
    w_lo, w_hi = window
    if w_lo and w_hi:
        a, b = date.fromisoformat(w_lo[:10]), date.fromisoformat(w_hi[:10])
        best = a + (b - a) / 2
        line = f"{CORPUS}nothing it reports matches the dated story: {LAST_RESORT}, the middle "
        line += f"of {w_lo}..{w_hi} ({_iso(best)})"
        return Guess(_iso(best), w_lo, w_hi, LAST_RESORT, [line])
    return None


def _fits(vote: _Vote, near: Sequence[tuple[float, date]]) -> bool:
    """A happening matched on its weekday must lie in the stretch of the story the most alike
    dated articles come from, give or take a week (the same actors act all story long)."""
    if not near:
        return True
    slack = timedelta(days=NEWS_DAYS + 1)
    return min(d for _, d in near) - slack <= vote.day <= max(d for _, d in near) + slack


def _done(best: date, how: str) -> str:
    return f"{CORPUS}best guess {_iso(best)} by what it reports ({how})"


def guesses(
    store: Store,
    windows: Mapping[str, tuple[str | None, str | None]],
    infos: Mapping[str, ArticleInfo],
) -> dict[str, Guess]:
    """A best guess for every undated article in ``windows`` from the dated story."""
    if not windows:
        return {}
    reports = load_corpus(store).reports
    dated_ids = {aid for aid, info in infos.items() if info.dated and info.published}
    days = {aid: date.fromisoformat(infos[aid].published[:10]) for aid in dated_ids}  # type: ignore[index]
    by_article: dict[str, list[Report]] = defaultdict(list)
    for r in reports:
        by_article[r.article_id].append(r)
    dated = [r for r in reports if r.article_id in dated_ids]
    near = text_neighbours(store, list(windows), days) if days else {}
    weekdays = _weekdays(store, windows)
    out = {}
    for aid, window in windows.items():
        g = guess_one(
            by_article.get(aid, []), dated, near.get(aid, []), window, weekdays.get(aid, {})
        )
        if g is not None:
            out[aid] = g
    return out


def _weekdays(
    store: Store, windows: Mapping[str, tuple[str | None, str | None]]
) -> dict[str, dict[int, int]]:
    """Sentence index → the weekday it names in the past ("on Tuesday"), per article."""
    out: dict[str, dict[int, int]] = {}
    for aid in windows:
        named: dict[int, int] = {}
        for m in store.iter_mentions(article_id=aid, kind="timex"):
            data: dict[str, Any] = m.get("data") or {}
            w = weekday_of(data.get("original_value") or data.get("value"))
            if (
                w is not None
                and data.get("tense") != "future"
                and m.get("sentence_idx") is not None
            ):
                named.setdefault(int(m["sentence_idx"]), w)
        out[aid] = named
    return out
