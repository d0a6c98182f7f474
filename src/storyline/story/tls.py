"""Timeline summarization: the K most important dates of a story, N sentences each.

Unsupervised, in the spirit of news-tls DATEWISE without its trained date classifier:

1. **Dates.** A sentence's dates are the days its time expressions name (stored ``timex``
   mentions of day precision). A day scores with the key-event importance model
   (:func:`storyline.story.timeline.news_importance`): its reports are the articles naming it
   and, dated only by their publication, those published on it; it counts independent sources
   (reprints are one) and the burst of them published in the days after it. Once a day is
   chosen, the days near it lose score (temporal diversity, scaled to the span and K).
2. **Candidates.** A day's pool holds the sentences naming it, and the lead sentences of
   articles published on it that name no day at all (they report the news of that day).
3. **Sentences.** TF-IDF vectors; a candidate scores by its cosine to the pool's centroid (the
   pool's consensus), with a bonus when it names the day explicitly; maximal marginal relevance
   keeps the sentences already chosen, for this day or another, from being repeated.
4. **Redundancy across days.** A day whose best summary repeats a chosen neighbouring day's
   (one event reported over two days) is skipped.

Reads only what extraction stored (sentences and timex mentions); nothing is re-parsed.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from ..dates import day as iso_day
from ..dates import parse_bound
from ..errors import Messages, StorylineError
from ..store import Store
from .events import strip_dateline as _strip_dateline
from .sources import duplicate_groups
from .timeline import KeyConfig, NewsReport, news_importance

Timeline = list[tuple[str, list[str]]]
"""``[["YYYY-MM-DD", ["sentence", ...]], ...]`` in date order: the reference layout."""


@dataclass(frozen=True, slots=True)
class TlsConfig:
    """The knobs of the method (defaults measured on Timeline17 dev topics)."""

    published_weight: float = 0.5
    """What a source publishing on a day without naming it is worth (one naming it: 1)."""
    burst_weight: float = 0.0
    burst_days: int = 3
    """A day's sources published within ``burst_days`` after it count ``burst_weight`` more:
    the day made the news (``KeyConfig``). Off by default: measured on Timeline17, a day named
    by later articles already is the signal (``eval tls --leave-one-out`` tunes it)."""
    spread: float = 0.3
    """Temporal diversity: once a day is chosen, a day ``t`` days away keeps a share
    1 - exp(-t / (spread * span / K)) of its score, so K dates cover the span rather than
    pile up in its busiest week (scaled to the span and K, so dense timelines stay dense)."""
    lead_sentences: int = 5
    """Sentences from the top of an article that stand for its publication day."""
    min_words: int = 8
    max_words: int = 60
    mention_bonus: float = 0.2
    """Relative score bonus for a sentence that names the day itself."""
    redundancy: float = 0.5
    """MMR weight of the similarity to sentences already chosen."""
    duplicate_similarity: float = 0.7
    """A sentence this similar to one already chosen is a copy (wire stories are reprinted)."""
    neighbour_days: int = 1
    neighbour_similarity: float = 0.5
    """A day is skipped when its summary is this similar to a chosen day this close."""


@dataclass(slots=True)
class Candidate:
    """One stored sentence, cleaned, with the days it names."""

    article_id: str
    index: int
    text: str
    published: date | None
    days: set[date] = field(default_factory=set)


@dataclass(slots=True)
class Corpus:
    candidates: list[Candidate]
    published: dict[str, date | None]
    sources: dict[str, int] = field(default_factory=dict)
    """Article id → its near-duplicate group (reprints of one wire story are one source)."""


def summarize(
    store: Store,
    *,
    dates: int = 10,
    sentences_per_date: int = 1,
    queries: Sequence[str] = (),
    date_from: str | None = None,
    date_to: str | None = None,
    config: TlsConfig | None = None,
) -> Timeline:
    """The K (``dates``) most important days between ``date_from`` and ``date_to`` (a day,
    week, month, quarter or year: ``storyline.dates.parse_bound``; inclusive), each with up to N
    (``sentences_per_date``) sentences; with ``queries``, only sentences holding one of those
    words qualify."""
    if dates < 1 or sentences_per_date < 1:
        raise StorylineError(Messages.TOO_SMALL_SUMMARY)
    config = config or TlsConfig()
    lo = parse_bound(date_from).first if date_from else None
    hi = parse_bound(date_to).last if date_to else None
    corpus = load_corpus(store, lo, hi)
    return summarize_corpus(corpus, dates, sentences_per_date, queries, lo, hi, config)


def summarize_corpus(
    corpus: Corpus,
    k: int,
    n: int,
    queries: Sequence[str],
    lo: date | None,
    hi: date | None,
    config: TlsConfig,
) -> Timeline:
    lo = lo or min((d for d in corpus.published.values() if d), default=None)
    hi = hi or max((d for d in corpus.published.values() if d), default=None)
    pattern = _query_pattern(queries)
    # dates are scored on every sentence; only eligible ones can be shown, so only they are
    # vectorized (the cost that grows with the corpus)
    cands = [
        c
        for c in corpus.candidates
        if (c.days or c.index < config.lead_sentences) and _eligible(c.text, pattern, config)
    ]
    if not cands:
        return []
    vectors = _vectorize([c.text for c in cands])
    pools = date_pools(cands, config)
    scores = {
        d: v
        for d, v in date_scores(corpus, config).items()
        if (lo is None or d >= lo) and (hi is None or d <= hi)
    }
    span = (hi - lo).days + 1 if lo and hi else 1
    scale = max(config.spread * span / k, 1e-9)
    chosen_rows: list[int] = []
    picked: dict[date, list[int]] = {}
    while len(picked) < k and scores:
        day = max(scores, key=lambda d: (scores[d], -d.toordinal()))
        del scores[day]
        pool = pools.get(day, [])
        if not pool:
            continue
        rows = _select(day, pool, cands, vectors, chosen_rows, n, config)
        if _repeats_neighbour(day, rows, picked, vectors, config):
            continue
        picked[day] = rows
        chosen_rows.extend(rows)
        spread_penalty(scores, day, scale)
    return [(d.isoformat(), [cands[i].text for i in picked[d]]) for d in sorted(picked)]


# -- reading the store --------------------------------------------------------------------------


ARTICLE_COLUMNS = (
    "id",
    "published",
    "date_precision",
    "dateline_start",
    "dateline_end",
    "offset_runs",
    "offset_rewrites",
)


def load_corpus(store: Store, lo: date | None, hi: date | None) -> Corpus:
    """Sentences (dateline cut off) and the days their time expressions name, for the
    articles published between ``lo`` and ``hi`` (all articles when both are None)."""
    within = (lo, hi) if lo or hi else None
    cols = store.iter_article_columns(ARTICLE_COLUMNS, published_within=within)
    arts = {a["id"]: a for a in cols}
    published = {
        aid: _published_day(a["published"], a["date_precision"]) for aid, a in arts.items()
    }
    cands: dict[tuple[str, int], Candidate] = {}
    for row in store.iter_sentences(published_within=within):
        text = _strip_dateline(row["text"], row["start"], row["end"], arts[row["article_id"]])
        if text:
            key = (row["article_id"], row["idx"])
            cands[key] = Candidate(
                row["article_id"], row["idx"], text, published[row["article_id"]]
            )
    for row in store.iter_mentions(kind="timex", published_within=within):
        art = arts[row["article_id"]]
        if _in_dateline(row["start"], art):
            continue  # the dateline restates the publication date, counted on its own
        day = _day_value(row["data"])
        cand = cands.get((row["article_id"], row["sentence_idx"]))
        if day is not None and cand is not None:
            cand.days.add(day)
    links = [(d["article_id"], d["duplicate_of"]) for d in store.iter_duplicates()]
    return Corpus(list(cands.values()), published, duplicate_groups(arts, links))


def _published_day(value: str | None, precision: str | None) -> date | None:
    if precision and precision != "day":
        return None
    return iso_day(value)


def _day_value(data: Any) -> date | None:
    """The day a timex names, when it names one (times count as their day)."""
    value = data.get("value") if isinstance(data, dict) else None
    return iso_day(value) if isinstance(value, str) else None


def _in_dateline(start: int, art: Mapping[str, Any]) -> bool:
    ds, de = art["dateline_start"], art["dateline_end"]
    return de is not None and ds <= start < de


# -- dates --------------------------------------------------------------------------------------


def date_scores(corpus: Corpus, config: TlsConfig) -> dict[date, float]:
    """Importance of every day named or published on, before temporal diversity."""
    reports: dict[date, list[NewsReport]] = defaultdict(list)
    for c in corpus.candidates:
        source = corpus.sources.get(c.article_id, c.article_id)
        for d in c.days:
            if d != c.published:  # naming its own day: counted as published on it, below
                reports[d].append(NewsReport(source, c.published))
    for aid, day in corpus.published.items():
        if day is not None:
            reports[day].append(NewsReport(corpus.sources.get(aid, aid), day, from_text=False))
    key = KeyConfig(
        burst_weight=config.burst_weight,
        burst_days=config.burst_days,
        publication_weight=config.published_weight,
    )
    days = [d for d in corpus.published.values() if d is not None]
    until = max(days) if days else None  # a day near the corpus end had less time to burst
    return {d: news_importance(rs, d, d, key, until=until) for d, rs in reports.items()}


def spread_penalty(scores: dict[date, float], chosen: date, scale: float) -> None:
    """Lower the scores of the days near a chosen one (in place)."""
    for d in scores:
        scores[d] *= 1 - math.exp(-abs((d - chosen).days) / scale)


def date_pools(cands: Sequence[Candidate], config: TlsConfig) -> dict[date, list[int]]:
    """Candidate sentences per day: those naming it, and the leads published on it that name
    no day."""
    pools: dict[date, list[int]] = defaultdict(list)
    for i, c in enumerate(cands):
        for d in c.days:
            pools[d].append(i)
        if not c.days and c.published is not None and c.index < config.lead_sentences:
            pools[c.published].append(i)
    return pools


# -- sentences ----------------------------------------------------------------------------------


def _vectorize(texts: list[str]) -> Any:
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True, dtype=np.float32)
    try:
        return vec.fit_transform(texts)
    except ValueError:  # nothing but stopwords
        return TfidfVectorizer(dtype=np.float32).fit_transform(texts)


def _query_pattern(queries: Sequence[str]) -> re.Pattern[str] | None:
    """Any query word at the start of a word, case-insensitive ("libya" finds "Libyan")."""
    words = [q.strip() for q in queries if q.strip()]
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + ")", re.IGNORECASE)


def _eligible(text: str, pattern: re.Pattern[str] | None, config: TlsConfig) -> bool:
    """Prose worth showing: a full sentence of reasonable length, not a shouted heading, and
    holding a query word when there are queries."""
    words = text.split()
    if not config.min_words <= len(words) <= config.max_words:
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "\"'“‘"):
        return False
    if text[-1] not in ".!?\"'”’":
        return False
    letters = [ch for ch in text if ch.isalpha()]
    if sum(ch.isupper() for ch in letters) > 0.5 * len(letters):
        return False
    return pattern is None or pattern.search(text) is not None


def _select(
    day: date,
    pool: list[int],
    cands: Sequence[Candidate],
    vectors: Any,
    chosen: list[int],
    n: int,
    config: TlsConfig,
) -> list[int]:
    """Up to ``n`` central, non-redundant sentences of a day's pool (MMR)."""
    sub = vectors[pool]
    centroid = np.asarray(sub.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    central = sub @ (centroid / norm) if norm else np.zeros(len(pool))
    bonus = np.array([1 + config.mention_bonus if day in cands[i].days else 1.0 for i in pool])
    relevance = np.asarray(central).ravel() * bonus
    picked: list[int] = []
    taken = list(chosen)
    for _ in range(min(n, len(pool))):
        sim = (sub @ vectors[taken].T).toarray().max(axis=1) if taken else np.zeros(len(pool))
        score = relevance - config.redundancy * sim
        score[sim >= config.duplicate_similarity] = -np.inf
        for j in picked:
            score[j] = -np.inf
        best = int(np.argmax(score))
        if score[best] == -np.inf:
            break
        picked.append(best)
        taken.append(pool[best])
    return [pool[j] for j in picked]


def _repeats_neighbour(
    day: date, rows: list[int], picked: dict[date, list[int]], vectors: Any, config: TlsConfig
) -> bool:
    near = [
        i
        for d, chosen in picked.items()
        if abs((d - day).days) <= config.neighbour_days
        for i in chosen
    ]
    if not near or not rows:
        return False
    sim = (vectors[rows] @ vectors[near].T).toarray()
    return float(sim.max()) >= config.neighbour_similarity
