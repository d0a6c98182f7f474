"""Story events: the event mentions of many articles clustered into the happenings they report.

Extraction leaves one ``event`` mention per trigger and article (``extract/events.py``); here
the reports of one happening ("SMF fighters stormed the compound on Wednesday", "the seizure",
"which seized the compound on March 18") become one story event with all its citations.

1. **Reports.** Every stored event mention that states a fact (modality asserted or reported,
   not negated, not a running toll: ``is_fact``) is a report: its type, actors (agent and
   patient names that are entities, folded through the story's merged entities so "SMF" =
   "Solvane Miners' Front"), patient words and numbers, place, sentence, and its date as an
   interval: the time expression's day, week, month or year; else the publication day and
   the ``lookback_days`` before it (an undated clause in news is recent news); else, for an
   undated article, its inferred window when it is narrow. A sentence in the first or second
   person outside quotation marks (a reader's comment, a columnist's view: ``voiced``) reports
   nothing; a happening inside a speaker's quoted words dated only by the day they were said
   ("…said on Tuesday: 'unlike the avian flu which killed millions'") takes that day as a
   bound, like a publication day, not as its date (``date_from`` "quote").
2. **Blocking.** Two reports may be one happening only when their types share a family
   (lexicon ``story_events.json``: an attack, a capture and a territorial control of a
   compound; casualties, deaths and the disaster) and their date intervals are at most
   ``date_slack_days`` apart. A sweep over the intervals makes the pairs, so the cost grows
   with the reports of a few days, not with the square of the corpus.
3. **Similarity.** A weighted mean of the features both reports have: TF-IDF cosine of the
   sentences, same type, actor overlap, patient-word overlap, same place, date agreement
   (stronger when both dates come from the text). Patients counting different numbers
   ("eight hostages", "nine hostages") halve it: same verb, same actors, different release.
4. **Merge.** Average-linkage agglomerative clustering over the pair graph (a pair the
   blocking left out counts 0), merging while the best average is at least ``threshold``:
   a report joins an event only when it is like its reports on average, so one shared
   sentence cannot chain two happenings. Dates never chain either (``DateSpans``): the days
   the texts of one event give stay within ``max_span_days`` (or its widest date, a week);
   a month- or year-level date joins the event whose days it holds but never widens it, so
   it cannot bridge two events; an event no text dates keeps its publication days as close.

Measured on ``tests/data/events_same_event.json`` (103 hand-labelled reports of 54 happenings
in ``examples/articles``): see ``pair_scores`` and the test's floor. Each story event gets a
date (the value most of its dated reports support, as precise as they agree on: a month
stays a month), a headline sentence (without the dateline; the most central one, preferring
the event's own date, an early report, a plain assertion and the story's own words), actors,
place and every citation, and ``sidebar`` when none of its sentences holds a word of the
story's own (``core_words``): another story's news told in a roundup.
"""

from __future__ import annotations

import hashlib
import heapq
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from itertools import combinations
from typing import Any, Literal

import numpy as np

from .. import dates
from ..lexicons import load_json
from ..models import OffsetMap
from ..store import Store
from .sources import duplicate_groups

Precision = dates.Precision
DateOrigin = Literal["text", "publication", "window"]

FACTS = frozenset({"asserted", "reported"})
"""Modalities of reports that say something happened (planned or hypothetical ones did not)."""
_ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_WORD = re.compile(r"[a-z][a-z'-]*")


@dataclass(frozen=True, slots=True)
class ClusterConfig:
    """The knobs of the clustering (defaults chosen on the labelled example story)."""

    threshold: float = 0.3
    """Average similarity at which two groups of reports are one happening."""
    date_slack_days: int = 1
    """Date intervals further apart than this are different happenings ('on Wednesday
    night' in one outlet is Thursday in another)."""
    lookback_days: int = 1
    """A report dated only by its publication happened on that day or this many before."""
    max_window_days: int = 31
    """An undated article's inferred window dates its reports only when this narrow."""
    number_conflict: float = 0.5
    """Factor on the similarity of reports whose patients count different numbers (not for
    running tolls: lexicon ``tolls``)."""
    actor_conflict: float = 0.6
    """Factor when both reports name actors and share none, or name different places."""
    prior: float = 0.4
    """Similarity of two reports of one family on the same dates with nothing else in
    common: what the date alone says. Their content moves it towards 1 (or 0)."""
    date_factors: tuple[tuple[str, float], ...] = (
        ("text", 1.0),
        ("mixed", 0.85),
        ("publication", 0.75),
        ("unknown", 0.6),
        ("background", 0.7),
    )
    """How much the date agreement is worth, by where the two dates come from: both from
    the text, one from the text and one from a publication day, both from publication days,
    one unknown, or a report dated only by its publication that looks back at an earlier
    event dated in the text ("97 people died" in August, of the March disaster). A day of
    slack between them costs ``slack_factor`` more."""
    max_postings: int = 200
    """Background pairs need a shared actor, patient word or place; a key shared by more
    reports than this is too common to pair on (a stop word of the story)."""
    slack_factor: float = 0.8
    core_share: float = 0.2
    core_size: int = 40
    """The story's own words appear in the reports of this share of its articles (at most
    this many words): an event told without any of them is a sidebar."""
    max_span_days: int = 3
    """The days the texts of one event give span at most this many (or the widest single
    date among them: a week): 'March 3' and 'March 30' are two happenings however alike."""
    weights: tuple[tuple[str, float], ...] = (
        ("text", 0.3),
        ("type", 0.1),
        ("actors", 0.25),
        ("patient", 0.25),
        ("place", 0.1),
    )
    """Weights of the content features; a feature one report lacks is left out of the mean."""


@dataclass(frozen=True, slots=True)
class EventDate:
    """When a report (or a story event) says it happened: an ISO value and its interval."""

    value: str | None = None
    precision: Precision | None = None
    lo: date | None = None
    hi: date | None = None
    origin: DateOrigin | None = None

    @property
    def from_text(self) -> bool:
        return self.origin == "text"


@dataclass(slots=True)
class Report:
    """One event mention that states a fact, with what clustering compares."""

    article_id: str
    start: int
    end: int
    text: str
    type: str
    trigger: str
    trigger_span: tuple[int, int] | None
    modality: str
    agent: str | None
    patient: str | None
    place: str | None
    actors: dict[str, str]
    """Folded name → display name of the entities taking part."""
    numbers: frozenset[int]
    words: frozenset[str]
    sentence: str
    sentence_span: tuple[int, int] | None
    sentence_idx: int | None
    published: date | None
    date: EventDate
    date_from: str | None
    source: int = 0
    """Near-duplicate group of the article: reprints of one wire story are one source."""


@dataclass(slots=True)
class Corpus:
    """The reports of a store and what a story event needs besides them."""

    reports: list[Report] = field(default_factory=list)


# --- lexicon ------------------------------------------------------------------------------


@cache
def stop_words() -> frozenset[str]:
    """scikit-learn's English stop words (imported on first use: a read of the stored story
    never needs scikit-learn)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


def _lexicon() -> dict[str, Any]:
    return load_json("story_events.json")


@cache
def type_family() -> dict[str, str]:
    """Event type → its family (a type alone is its own family)."""
    out: dict[str, str] = {}
    for family, types in _lexicon()["families"].items():
        for t in types:
            out[t] = family
    return out


def family_of(etype: str) -> str:
    return type_family().get(etype, etype)


def is_toll(etype: str) -> bool:
    """Whether the counts of a type are a running toll (revised, not a new happening)."""
    return etype in _lexicon()["tolls"]


def type_weight(etype: str) -> float:
    return float(_lexicon()["type_weights"].get(etype, 1.0))


@cache
def _number_words() -> dict[str, int]:
    # one-word cardinals only: "a" and "couple" would count anything
    numbers = load_json("timex.json")["numbers"]
    return {k: int(v) for k, v in numbers.items() if " " not in k and k not in ("a", "an")}


# --- dates --------------------------------------------------------------------------------


def parse_value(value: str | None) -> tuple[date, date, Precision] | None:
    """The interval and precision of a calendar value ('2026-04-29', '2026-W18', '2026-04',
    '2026-Q2', '2026'…: ``storyline.dates``); None for anything else."""
    v = dates.try_parse(value)
    if v is None or v.first is None or v.last is None:
        return None
    return v.first, v.last, v.precision


def day_of(value: Any) -> date | None:
    return dates.day(str(value)) if value else None


def report_date(
    row: Mapping[str, Any],
    published: date | None,
    window: tuple[date, date] | None,
    config: ClusterConfig,
) -> EventDate:
    """A report's date: from the text, else the publication day (or the day its quoted
    speaker said it, when earlier), else a narrow window."""
    if row.get("date_from") == "quote":
        said = parse_value(row.get("date"))
        if said is not None and said[2] == "day":
            published = min(published, said[1]) if published else said[1]
    if row.get("date_from") in ("timex", "statement"):
        parsed = parse_value(row.get("date"))
        if parsed is not None:
            lo, hi, precision = parsed
            return EventDate(row["date"], precision, lo, hi, "text")
    if published is not None:
        lo = published - timedelta(days=config.lookback_days)
        return EventDate(published.isoformat(), "day", lo, published, "publication")
    if window is not None and (window[1] - window[0]).days <= config.max_window_days:
        return EventDate(None, None, window[0], window[1], "window")
    return EventDate()


def gap_days(a: EventDate, b: EventDate) -> int | None:
    """Days between two date intervals (0 when they overlap); None when one is unknown."""
    if a.lo is None or a.hi is None or b.lo is None or b.hi is None:
        return None
    return max(0, (b.lo - a.hi).days, (a.lo - b.hi).days)


# --- reading the store --------------------------------------------------------------------

ARTICLE_COLUMNS = (
    "id",
    "published",
    "date_earliest",
    "date_latest",
    "dateline_start",
    "dateline_end",
    "offset_runs",
    "offset_rewrites",
)


def load_corpus(
    store: Store,
    *,
    aliases: Mapping[str, str] | None = None,
    config: ClusterConfig | None = None,
    modalities: frozenset[str] = FACTS,
) -> Corpus:
    """The fact reports of every stored event mention, with their sentences and dates.

    ``aliases`` maps a folded name or alias to the story entity's canonical name.
    """
    config = config or ClusterConfig()
    aliases = aliases or {}
    arts = {a["id"]: a for a in store.iter_article_columns(ARTICLE_COLUMNS)}
    links = [(d["article_id"], d["duplicate_of"]) for d in store.iter_duplicates()]
    sources = duplicate_groups(arts, links)
    rows = [
        r for r in store.iter_mentions(kind="event") if is_fact(r.get("data") or {}, modalities)
    ]
    sents = load_sentences(store, {(r["article_id"], r.get("sentence_idx")) for r in rows})
    corpus = Corpus()
    for r in rows:
        art = arts.get(r["article_id"])
        sent = sents.get((r["article_id"], r["sentence_idx"]))
        if art is None or (sent is not None and voiced(sent[2])):
            continue  # a reader's or a columnist's own words report no happening
        published = day_of(art["published"])
        lo, hi = day_of(art["date_earliest"]), day_of(art["date_latest"])
        window = (lo, hi) if lo and hi else None
        dateline = (art["dateline_start"], art["dateline_end"]) if art["dateline_end"] else None
        rep = make_report(r, published, window, sent, aliases, config, dateline)
        if sent is not None and dateline:  # "GENEVA (Reuters) -" is no part of the news
            rep.sentence = strip_dateline(sent[2], sent[0], sent[1], art) or rep.sentence
        rep.source = sources[r["article_id"]]
        corpus.reports.append(rep)
    return corpus


def strip_dateline(text: str, raw_start: int, raw_end: int, art: Mapping[str, Any]) -> str:
    """The sentence without the dateline (and anything before it) when it holds one."""
    ds, de = art["dateline_start"], art["dateline_end"]
    if de is None or de <= raw_start or ds >= raw_end:
        return text.strip()
    omap = OffsetMap(
        [tuple(r) for r in art["offset_runs"] or []],
        [tuple(r) for r in art["offset_rewrites"] or []],
    )
    begin, cut = omap.from_raw(raw_start), omap.from_raw(de - 1)
    if begin is None or cut is None:
        return text.strip()
    return text[max(0, cut + 1 - begin) :].strip()


def is_fact(data: Mapping[str, Any], modalities: frozenset[str] = FACTS) -> bool:
    """Whether an event mention reports a happening: asserted or reported, not negated, and
    not a running toll ('the flu has killed 81', 'the toll rose to 92': the figure series
    tell it)."""
    if data.get("modality", "asserted") not in modalities or data.get("negated"):
        return False
    return not (data.get("running") and is_toll(data.get("type") or ""))


def load_sentences(
    store: Store, keys: set[tuple[str, int | None]]
) -> dict[tuple[str, int], tuple[int, int, str]]:
    """(article id, sentence index) → (start, end, text) of the sentences asked for."""
    return {k: (s["start"], s["end"], s["text"]) for k, s in store.sentences_by_key(keys).items()}


def make_report(
    row: Mapping[str, Any],
    published: date | None,
    window: tuple[date, date] | None,
    sentence: tuple[int, int, str] | None,
    aliases: Mapping[str, str],
    config: ClusterConfig,
    dateline: tuple[int, int] | None = None,
) -> Report:
    data = dict(row.get("data") or {})
    if data.get("date_from") == "statement" and sentence and in_quote(data, sentence):
        # a speaker's quoted words dated by the day they were said: the happening they name
        # may be older ("the avian flu which killed millions"), so the day only bounds it
        data["date_from"] = "quote"
    for role in ("agent", "patient", "place"):
        span = data.get(f"{role}_span")
        if dateline and span and dateline[0] <= span[0] and span[1] <= dateline[1]:
            data[role] = None  # "CALDERON CITY, July 2 –" says where it was written
    actors: dict[str, str] = {}
    for role in ("agent", "patient"):
        name = data.get(role)
        named = aliases.get(fold(name)) if name else None
        if name and (named or data.get(f"{role}_label") in _ENTITY_LABELS):
            display = named or name
            actors[fold(display)] = display
    patient = data.get("patient")
    return Report(
        article_id=row["article_id"],
        start=row["start"],
        end=row["end"],
        text=row["text"],
        type=data.get("type") or "event",
        trigger=data.get("trigger") or row["text"],
        trigger_span=tuple(data["trigger_span"]) if data.get("trigger_span") else None,
        modality=data.get("modality") or "asserted",
        agent=aliases.get(fold(data["agent"]), data["agent"]) if data.get("agent") else None,
        patient=patient,
        place=aliases.get(fold(data["place"]), data["place"]) if data.get("place") else None,
        actors=actors,
        numbers=numbers_in(patient or ""),
        words=content_words(patient or ""),
        sentence=sentence[2] if sentence else row["text"],
        sentence_span=(sentence[0], sentence[1]) if sentence else None,
        sentence_idx=row.get("sentence_idx"),
        published=published,
        date=report_date(data, published, window, config),
        date_from=data.get("date_from"),
    )


_QUOTE_MARKS = frozenset('"“”')
_VOICE_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’]*")


def quoted_spans(sentence: str) -> list[tuple[int, int]]:
    """The spans of a sentence inside quotation marks. One that opens inside a quote begun
    in an earlier sentence ('… a pandemic situation," Fukuda said') starts quoted: an odd
    number of marks whose first closes a clause."""
    marks = [i for i, ch in enumerate(sentence) if ch in _QUOTE_MARKS]
    opened: int | None = None
    if len(marks) % 2 and marks[0] > 0 and sentence[marks[0] - 1] in ",.?!":
        opened = 0
    spans = []
    for m in marks:
        if opened is None:
            opened = m
        else:
            spans.append((opened, m + 1))
            opened = None
    if opened is not None:
        spans.append((opened, len(sentence)))
    return spans


def in_quote(data: Mapping[str, Any], sentence: tuple[int, int, str]) -> bool:
    """Whether the trigger of an event mention lies inside quotation marks. Offsets are raw
    and the sentence text is clean (quotes normalised), so the trigger is looked up in the
    sentence near its raw offset."""
    span, trigger = data.get("trigger_span"), str(data.get("trigger") or "").split()
    if not span or not trigger:
        return False
    text, rel = sentence[2], span[0] - sentence[0]
    found = [m.start() for m in re.finditer(re.escape(trigger[0]), text)]
    if not found:
        return False
    at = min(found, key=lambda k: abs(k - rel))
    return any(a < at < b for a, b in quoted_spans(text))


def voiced(sentence: str) -> bool:
    """Whether a sentence speaks in the first or second person outside quotation marks
    (lexicon ``voice_words``): a reader's comment or a columnist's view, not a news report
    ('Let the borders be wide open and let's…'; 'Your article mentions…')."""
    spans = quoted_spans(sentence)
    words = voice_words()
    for m in _VOICE_TOKEN.finditer(sentence):
        tok = m.group().replace("’", "'")
        if len(tok) > 1 and tok.isupper():
            continue  # "US" is a country
        if tok == "I" and numeral(sentence, m.start(), m.end()):
            continue
        if tok.lower() in words and not any(a <= m.start() < b for a, b in spans):
            return True
    return False


def numeral(sentence: str, start: int, end: int) -> bool:
    """Whether an "I" is a Roman numeral ("World War I", "Phase I trials"): after a
    capitalised word that does not open the sentence, or before no lowercase word."""
    before = sentence[:start].split()
    if len(before) > 1 and before[-1][:1].isupper():
        return True
    return not sentence[end:].lstrip()[:1].islower()


@cache
def voice_words() -> frozenset[str]:
    return frozenset(w.lower() for w in _lexicon()["voice_words"])


def fold(name: str) -> str:
    return " ".join(name.replace("’", "'").split()).casefold()


def numbers_in(text: str) -> frozenset[int]:
    """The counts a phrase names: digits and number words ('nine', 'thirty-six')."""
    low = text.lower()
    words = _number_words()
    out = {int(float(m.replace(",", ""))) for m in _NUMBER.findall(low)}
    for w in _WORD.findall(low):
        parts = w.split("-")
        if all(p in words for p in parts):
            out.add(sum(int(words[p]) for p in parts))
    return frozenset(out)


def content_words(text: str) -> frozenset[str]:
    words = _number_words()
    return frozenset(
        w.rstrip("s")
        for w in _WORD.findall(text.lower())
        if w not in stop_words() and w not in words and len(w) > 2
    )


# --- similarity ---------------------------------------------------------------------------


def jaccard(a: Iterable[str], b: Iterable[str]) -> float | None:
    sa_, sb = set(a), set(b)
    if not sa_ or not sb:
        return None
    return len(sa_ & sb) / len(sa_ | sb)


def similarity(a: Report, b: Report, text_cos: float, config: ClusterConfig) -> float:
    """The date prior times the content; see the module doc."""
    return _PairScorer([a, b], config)(0, 1, text_cos)


def date_factor(
    a: EventDate, b: EventDate, config: ClusterConfig, factors: dict[str, float] | None = None
) -> float:
    """What the agreement of two dates is worth (see ``ClusterConfig.date_factors``;
    ``factors``: them as a dict, when the caller has it)."""
    factors = factors if factors is not None else dict(config.date_factors)
    gap = gap_days(a, b)
    if gap is None:
        return factors["unknown"]
    if gap > config.date_slack_days:
        return factors["background"]
    if a.from_text and b.from_text:
        factor = factors["text"]
    elif a.from_text or b.from_text:
        factor = factors["mixed"]
    else:
        factor = factors["publication"]
    return factor * (config.slack_factor if gap else 1.0)


def candidate_pairs(reports: Sequence[Report], config: ClusterConfig) -> list[tuple[int, int]]:
    """Pairs in one type family whose dates are within the slack (a sweep over the sorted
    intervals); reports without any date pair with every report of their family; a report
    dated only by its publication also pairs with earlier text-dated reports it shares an
    actor, a patient word or the place with (it may look back at them)."""
    by_family: dict[str, list[int]] = {}
    for i, r in enumerate(reports):
        by_family.setdefault(family_of(r.type), []).append(i)
    pairs: list[tuple[int, int]] = []
    for members in by_family.values():
        apart = too_far_apart(reports, members, config)
        pairs += [p for p in near_pairs(reports, members, config) if not apart(*p)]
        pairs += background_pairs(reports, members, config)
    return pairs


def too_far_apart(
    reports: Sequence[Report], members: list[int], config: ClusterConfig
) -> Callable[[int, int], bool]:
    """Whether two reports can never share an event: both dated in their text to a day or a
    week (``FINE``), spanning more days than ``max_span_days`` or the widest such date of the
    family. ``DateSpans`` refuses every cluster holding both, so leaving the pair out changes
    no merge; other reports (publication days, months) are held by a text date, so a pair of
    them may still end up together through a third report."""
    fine: dict[int, tuple[date, date]] = {}
    for i in members:
        d = reports[i].date
        if d.from_text and d.precision in FINE and d.lo and d.hi:
            fine[i] = (d.lo, d.hi)
    limit = max([config.max_span_days] + [(hi - lo).days + 1 for lo, hi in fine.values()])

    def apart(i: int, j: int) -> bool:
        a, b = fine.get(i), fine.get(j)
        if a is None or b is None:
            return False
        return (max(a[1], b[1]) - min(a[0], b[0])).days + 1 > limit

    return apart


def near_pairs(
    reports: Sequence[Report], members: list[int], config: ClusterConfig
) -> list[tuple[int, int]]:
    slack = timedelta(days=config.date_slack_days)
    dated = sorted((i for i in members if reports[i].date.lo), key=lambda i: _lo(reports[i]))
    pairs: list[tuple[int, int]] = []
    active: list[int] = []
    for i in dated:
        lo = _lo(reports[i])
        active = [j for j in active if _hi(reports[j]) + slack >= lo]
        pairs.extend((j, i) for j in active)
        active.append(i)
    seen: set[int] = set()
    for u in (i for i in members if not reports[i].date.lo):
        seen.add(u)
        pairs.extend((u, i) for i in members if i not in seen)
    return pairs


def background_pairs(
    reports: Sequence[Report], members: list[int], config: ClusterConfig
) -> list[tuple[int, int]]:
    slack = timedelta(days=config.date_slack_days)
    postings: dict[str, list[int]] = {}
    for j in members:
        if reports[j].date.from_text:
            for key in pairing_keys(reports[j]):
                postings.setdefault(key, []).append(j)
    pairs: set[tuple[int, int]] = set()
    for i in members:
        r = reports[i]
        if r.date.origin != "publication":
            continue
        for key in pairing_keys(r):
            found = postings.get(key, [])
            if len(found) > config.max_postings:
                continue
            pairs.update((j, i) for j in found if _hi(reports[j]) + slack < _lo(r))
    return sorted(pairs)


def pairing_keys(r: Report) -> set[str]:
    keys = {f"a:{k}" for k in r.actors} | {f"w:{w}" for w in r.words}
    if r.place:
        keys.add(f"p:{fold(r.place)}")
    return keys


def _lo(r: Report) -> date:
    return r.date.lo or date.min


def _hi(r: Report) -> date:
    return r.date.hi or date.max


def text_vectors(reports: Sequence[Report]) -> Any:
    """L2-normalised TF-IDF rows of the reports' sentences (one row per report)."""
    texts = [r.text for r in reports]  # SENT
    from sklearn.feature_extraction.text import TfidfVectorizer  # slow to import: only here

    vec = TfidfVectorizer(stop_words="english", ngram_range=(1, 2), sublinear_tf=True)
    try:
        return vec.fit_transform(texts)
    except ValueError:  # only stop words: no vocabulary
        return None


def scored_pairs(
    reports: Sequence[Report], config: ClusterConfig, vectors: Any = None
) -> dict[tuple[int, int], float]:
    """The similarity of every candidate pair; the cosines of all pairs are taken in one
    sparse product (row by row, slicing costs about a millisecond a pair)."""
    if vectors is None:
        vectors = text_vectors(reports)
    pairs = candidate_pairs(reports, config)
    cos = np.zeros(len(pairs))
    if vectors is not None and pairs:
        rows = np.array(pairs)
        cos = np.asarray(vectors[rows[:, 0]].multiply(vectors[rows[:, 1]]).sum(axis=1)).ravel()
    score = _PairScorer(reports, config)
    out: dict[tuple[int, int], float] = {}
    for (i, j), c in zip(pairs, cos.tolist(), strict=True):
        a, b = (i, j) if i < j else (j, i)
        out[(a, b)] = score(a, b, c)
    return out


class _PairScorer:
    """:func:`similarity` of reports by index, what it reads of each report computed once
    (sets, folded place, toll type, date factors): a large family has ~10⁵ pairs."""

    def __init__(self, reports: Sequence[Report], config: ClusterConfig) -> None:
        self.config = config
        self.factors = dict(config.date_factors)
        self.dates = [r.date for r in reports]
        self.types = [r.type for r in reports]
        self.actors = [set(r.actors) for r in reports]
        self.words = [set(r.words) for r in reports]
        self.places = [fold(r.place) if r.place else None for r in reports]
        self.tolls = [is_toll(r.type) for r in reports]
        self.numbers = [r.numbers for r in reports]

    def __call__(self, a: int, b: int, text_cos: float) -> float:
        config = self.config
        pa, pb = self.places[a], self.places[b]
        features: dict[str, float | None] = {
            "text": text_cos,
            "type": 1.0 if self.types[a] == self.types[b] else 0.0,
            "actors": _jaccard_sets(self.actors[a], self.actors[b]),
            "patient": _jaccard_sets(self.words[a], self.words[b]),
            "place": (1.0 if pa == pb else 0.0) if pa and pb else None,
        }
        total = weight_sum = 0.0
        for name, weight in config.weights:
            value = features[name]
            if value is not None:
                total += weight * value
                weight_sum += weight
        content = total / weight_sum if weight_sum else 0.0
        prior = config.prior
        when = date_factor(self.dates[a], self.dates[b], config, self.factors)
        score = when * (prior + (1 - prior) * content)
        na, nb = self.numbers[a], self.numbers[b]
        if na and nb and not na & nb and not (self.tolls[a] and self.tolls[b]):
            score *= config.number_conflict
        if features["actors"] == 0.0 or features["place"] == 0.0:
            score *= config.actor_conflict
        return score


def _jaccard_sets(a: set[str], b: set[str]) -> float | None:
    if not a or not b:
        return None
    return len(a & b) / len(a | b)


# --- clustering ---------------------------------------------------------------------------


FINE = frozenset({"day", "weekend", "week"})
"""Precisions whose dates bound an event's span (coarser ones only hold it)."""


class DateSpans:
    """Per cluster, the span of the days its texts give and of its publication-dated reports;
    a merge is allowed only when the merged spans stay within the limit (module doc, 4)."""

    def __init__(self, reports: Sequence[Report], config: ClusterConfig) -> None:
        self.limit = config.max_span_days
        self.text: list[tuple[date, date, int] | None] = []
        self.pub: list[tuple[date, date] | None] = []
        for r in reports:
            lo, hi = r.date.lo, r.date.hi
            fine = r.date.from_text and r.date.precision in FINE
            pub = r.date.origin == "publication"
            if lo is None or hi is None:
                self.text.append(None)
                self.pub.append(None)
                continue
            self.text.append((lo, hi, (hi - lo).days + 1) if fine else None)
            self.pub.append((lo, hi) if pub else None)

    def ok(self, i: int, j: int) -> bool:
        text = _join3(self.text[i], self.text[j])
        if text is not None and (text[1] - text[0]).days + 1 > max(self.limit, text[2]):
            return False
        if text is None:  # no text dates: the publication days must stay close
            pub = _join2(self.pub[i], self.pub[j])
            return pub is None or (pub[1] - pub[0]).days + 1 <= self.limit
        return True

    def merge(self, i: int, j: int) -> None:
        self.text[i] = _join3(self.text[i], self.text[j])
        self.pub[i] = _join2(self.pub[i], self.pub[j])


def _join3(
    a: tuple[date, date, int] | None, b: tuple[date, date, int] | None
) -> tuple[date, date, int] | None:
    if a is None or b is None:
        return a or b
    return min(a[0], b[0]), max(a[1], b[1]), max(a[2], b[2])


def _join2(a: tuple[date, date] | None, b: tuple[date, date] | None) -> tuple[date, date] | None:
    if a is None or b is None:
        return a or b
    return min(a[0], b[0]), max(a[1], b[1])


def average_linkage(
    n: int,
    sims: Mapping[tuple[int, int], float],
    threshold: float,
    spans: DateSpans | None = None,
) -> list[int]:
    """Cluster label per item: average-linkage agglomeration on a sparse similarity graph
    (missing pairs count 0), merging the best pair of clusters while its average similarity
    is at least ``threshold`` (and ``spans`` allows it)."""
    size = [1] * n
    link: list[dict[int, float]] = [{} for _ in range(n)]  # cluster → neighbour → sum of sims
    for (i, j), s in sims.items():
        link[i][j] = link[i].get(j, 0.0) + s
        link[j][i] = link[j].get(i, 0.0) + s
    alive = [True] * n
    members: list[list[int]] = [[i] for i in range(n)]
    heap = [(-s, i, j) for (i, j), s in sims.items() if s >= threshold]
    heapq.heapify(heap)
    # entries a merge made stale (an upper bound): popping each costs several times what one
    # link costs when the heap is built afresh from all of them, so rebuild once they are
    # most of the heap and a good share of the links
    stale, rebuild_at = 0, len(sims) // 4
    while heap:
        neg, i, j = heapq.heappop(heap)
        if not (alive[i] and alive[j]):
            continue
        avg = link[i].get(j, 0.0) / (size[i] * size[j])
        if abs(avg + neg) > 1e-12:  # stale entry: the clusters changed since it was pushed
            continue
        if spans is not None:
            if not spans.ok(i, j):
                continue
            spans.merge(i, j)
        stale += len(link[i]) + len(link[j])
        alive[j] = False  # j merges into i
        size[i] += size[j]
        members[i] += members[j]
        for k, s in link[j].items():
            if k == i or not alive[k]:
                continue
            link[i][k] = link[i].get(k, 0.0) + s
            link[k][i] = link[k].get(i, 0.0) + s
            del link[k][j]
        link[i].pop(j, None)
        link[j] = {}
        for k, s in link[i].items():
            if alive[k]:
                avg_k = s / (size[i] * size[k])
                if avg_k >= threshold:
                    heapq.heappush(heap, (-avg_k, min(i, k), max(i, k)))
        if stale > max(len(heap) // 2, rebuild_at):
            heap = _current_entries(link, size, alive, threshold)
            heapq.heapify(heap)
            stale = 0
    labels = [0] * n
    for root in range(n):
        if alive[root]:
            for m in members[root]:
                labels[m] = root
    return labels


def _current_entries(
    link: list[dict[int, float]], size: list[int], alive: list[bool], threshold: float
) -> list[tuple[float, int, int]]:
    """The heap entries of the current clusters: the same values a push gives them (a pair
    the date spans refused comes back, and is refused again unchanged)."""
    out = []
    for i, neighbours in enumerate(link):
        if not alive[i]:
            continue
        for k, s in neighbours.items():
            if i < k and alive[k]:
                avg = s / (size[i] * size[k])
                if avg >= threshold:
                    out.append((-avg, i, k))
    return out


def cluster(
    reports: Sequence[Report], config: ClusterConfig | None = None, vectors: Any = None
) -> list[list[int]]:
    """Groups of report indices, one per happening (``vectors``: the reports' TF-IDF rows,
    when the caller has them)."""
    config = config or ClusterConfig()
    sims = scored_pairs(reports, config, vectors)
    labels = average_linkage(len(reports), sims, config.threshold, DateSpans(reports, config))
    groups: dict[int, list[int]] = {}
    for i, lab in enumerate(labels):
        groups.setdefault(lab, []).append(i)
    return list(groups.values())


# --- story events -------------------------------------------------------------------------


def build_story_events(
    store: Store,
    *,
    aliases: Mapping[str, str] | None = None,
    config: ClusterConfig | None = None,
) -> list[dict[str, Any]]:
    """Every story event of the store (see the module doc), in no particular order."""
    config = config or ClusterConfig()
    corpus = load_corpus(store, aliases=aliases, config=config)
    reports = corpus.reports
    if not reports:
        return []
    vectors = text_vectors(reports)
    core = core_words(reports, config)
    until = reporting_until(reports)
    out = []
    for g in cluster(reports, config, vectors):
        members = [reports[i] for i in g]
        event = story_event(members, vectors, g, core)
        event["sidebar"] = is_sidebar(members, core)
        event["corpus_until"] = until
        out.append(event)
    return out


def reporting_until(reports: Sequence[Report]) -> str | None:
    """The last day the corpus reports on (its latest publication day): a happening near it
    had less time to make the news (``story.timeline.news_signals``)."""
    days = [r.published for r in reports if r.published]
    return max(days).isoformat() if days else None


def core_words(reports: Sequence[Report], config: ClusterConfig) -> frozenset[str]:
    """The story's own words: those in the report sentences of at least ``core_share`` of
    the articles ('flu', 'gaddafi'), the ``core_size`` most common of them, never a word of
    any news story (lexicon ``news_words``: 'said', 'people')."""
    per_article: dict[str, set[str]] = {}
    for r in reports:
        per_article.setdefault(r.article_id, set()).update(sentence_words(r.sentence))
    generic = news_words()
    counts = Counter(w for words in per_article.values() for w in words if w not in generic)
    floor = config.core_share * len(per_article)
    return frozenset(w for w, n in counts.most_common(config.core_size) if n >= floor)


def is_sidebar(reports: Sequence[Report], core: frozenset[str]) -> bool:
    """Told in sentences that hold none of the story's own words: another story's news in a
    roundup ('In Yemen, shots were fired…' in a war in Libya)."""
    if not core:
        return False
    sentences = {(r.article_id, r.sentence) for r in reports}
    on_story = sum(1 for _, s in sentences if sentence_words(s) & core)
    return on_story == 0


def sentence_words(text: str) -> set[str]:
    stop = stop_words()
    words = (w for w in _WORD.findall(text.lower()) if w not in stop)
    return {w.rstrip("s") for w in words if len(w) > 2}


@cache
def news_words() -> frozenset[str]:
    """Words of any news story (lexicon ``news_words``), in :func:`sentence_words` form."""
    return frozenset(w.rstrip("s") for w in _lexicon()["news_words"])


def story_event(
    reports: list[Report], vectors: Any, rows: list[int], core: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """One happening: its type, date, headline, actors, place and citations."""
    when = event_date(reports)
    if when.origin == "publication":  # shown and sorted on the day, not the look-back
        when = EventDate(when.value, "day", when.hi, when.hi, "publication")
    head = headline(reports, vectors, rows, core, when)
    cites = sorted(reports, key=lambda r: (r.published or date.max, r.article_id, r.start))
    days = [r.published for r in reports if r.published]
    types = Counter(r.type for r in reports)
    actors: Counter[str] = Counter()
    names: dict[str, str] = {}
    for r in reports:
        for key, name in r.actors.items():
            actors[key] += 1
            names.setdefault(key, name)
    places = Counter(r.place for r in reports if r.place)
    patients = Counter(r.patient for r in reports if r.patient)
    first = cites[0]
    return {
        "id": event_id(first),
        "type": types.most_common(1)[0][0],
        "types": dict(types),
        "date": when.value,
        "date_precision": when.precision,
        "date_lo": when.lo.isoformat() if when.lo else None,
        "date_hi": when.hi.isoformat() if when.hi else None,
        "date_origin": when.origin,
        "date_note": date_note(when),
        "headline": head.sentence,
        "headline_citation": citation(head),
        "trigger": Counter(r.trigger.lower() for r in reports).most_common(1)[0][0],
        "actors": [names[k] for k, _ in actors.most_common()],
        "place": places.most_common(1)[0][0] if places else None,
        "patient": patients.most_common(1)[0][0] if patients else None,
        "articles": len({r.article_id for r in reports}),
        "sources": len({r.source for r in reports}),
        "first_reported": min(days).isoformat() if days else None,
        "last_reported": max(days).isoformat() if days else None,
        "citations": [citation(r) for r in cites],
    }


def event_id(first: Report) -> str:
    """A stable id from the earliest citation (two triggers may share a clause)."""
    key = f"{first.article_id}:{first.start}:{first.end}:{first.type}:{first.trigger_span}"
    return "ev-" + hashlib.sha1(key.encode()).hexdigest()[:10]


def citation(r: Report) -> dict[str, Any]:
    return {
        "article_id": r.article_id,
        "start": r.start,
        "end": r.end,
        "text": r.text,
        "sentence": r.sentence,
        "sentence_start": r.sentence_span[0] if r.sentence_span else None,
        "sentence_end": r.sentence_span[1] if r.sentence_span else None,
        "published": r.published.isoformat() if r.published else None,
        "source": r.source,
        "type": r.type,
        "trigger": r.trigger,
        "trigger_span": list(r.trigger_span) if r.trigger_span else None,
        "date": r.date.value,
        "date_from": r.date_from,
        "modality": r.modality,
    }


def _holds(d: EventDate, c: EventDate) -> bool:
    """Whether a report's date ``d`` holds the candidate ``c``: a date from the text holds what
    falls inside it, a publication day or window what happened up to its end."""
    if d.lo is None or d.hi is None or c.lo is None or c.hi is None:
        return False
    return (d.lo <= c.lo if d.from_text else True) and c.hi <= d.hi


HELD = 0.5
"""The support a report dated only by its publication (or a window) gives a date it holds."""


def event_date(reports: Sequence[Report]) -> EventDate:
    """The date most reports support, as precise as they agree on.

    A candidate is a date some report's text gives; its support is the number of reports
    whose interval holds it (a report dated by its publication day holds what happened up
    to that day, as ``HELD`` of a vote). Most support wins, then the finer precision, then the
    earlier date. With no date in any text, the earliest publication day; else a window; else
    undated.
    """
    texts = [r.date for r in reports if r.date.from_text]
    if texts:

        def support(c: EventDate) -> float:
            # a publication day holds every earlier date alike: half a vote, so one text date
            # early in a long run of reports does not outvote the dates the texts agree on
            return sum(1.0 if r.date.from_text else HELD for r in reports if _holds(r.date, c))

        return min(texts, key=lambda c: (-support(c), dates.RANK[c.precision or "year"], c.lo))
    pub = [r.date for r in reports if r.date.origin == "publication"]
    if pub:
        return min(pub, key=lambda d: d.hi or date.max)
    windows = [r.date for r in reports if r.date.origin == "window"]
    return min(windows, key=lambda d: d.lo or date.max) if windows else EventDate()


def date_note(when: EventDate) -> str | None:
    """Why a date is uncertain, for the reader; None when the text gives it."""
    if when.origin == "publication":
        return "dated by publication: no date in the text"
    if when.origin == "window":
        return f"undated: reported between {when.lo} and {when.hi} (inferred)"
    if when.origin is None:
        return "undated"
    return None


FRESH_DAYS = 14
"""Reports this many days after the first one get no freshness bonus as headline."""


def headline(
    reports: Sequence[Report],
    vectors: Any,
    rows: Sequence[int],
    core: frozenset[str] = frozenset(),
    when: EventDate | None = None,
) -> Report:
    """The most central sentence (mean TF-IDF cosine to the others), preferring one that
    dates the event itself (on the event's date ``when``: a sentence naming another day
    tells another moment of it), an early report, a plain assertion, an article's lead (it tells
    the news), a sentence the event is most of (not a side clause), of news length and in
    the story's own words (``core_words``: not a sidebar's)."""
    if vectors is not None and len(rows) > 1:
        sub = vectors[list(rows)]
        sims = (sub @ sub.T).toarray()
        central = (sims.sum(axis=1) - 1) / (len(rows) - 1)
    else:
        central = np.ones(len(reports))
    days = sorted({r.published for r in reports if r.published})

    def freshness(r: Report) -> float:
        # the news tells the event best when it broke; a look back weeks later ("the collapse
        # that killed 97 in March") names it only in passing
        if not days or r.published is None:
            return 0.0
        return 1.0 - min(1.0, (r.published - days[0]).days / FRESH_DAYS)

    def dated(r: Report) -> float:
        if not r.date.from_text:
            return 0.0
        if when is None or when.lo is None or when.hi is None or r.date.lo is None:
            return 0.2
        agrees = r.date.lo <= when.hi and when.lo <= (r.date.hi or r.date.lo)
        return 0.2 if agrees else -0.1

    def score(k: int) -> float:
        r = reports[k]
        words = len(r.sentence.split())
        return (
            0.5 * float(central[k])
            + dated(r)
            + 0.3 * freshness(r)
            + (0.1 if r.modality == "asserted" else 0.0)
            + (0.1 if r.sentence_idx is not None and r.sentence_idx <= 1 else 0.0)
            + 0.2 * min(1.0, len(r.text) / max(len(r.sentence), 1))
            - (0.2 if words < 6 or words > 60 else 0.0)
            + (0.2 if core and sentence_words(r.sentence) & core else 0.0)
        )

    return reports[max(range(len(reports)), key=lambda k: (score(k), -k))]


# --- measuring ----------------------------------------------------------------------------


def pair_scores(predicted: Mapping[Any, Any], gold: Mapping[Any, Any]) -> dict[str, float | int]:
    """Pairwise precision, recall and F1 of a clustering: over the items both label, a
    pair is positive when its two items share a label."""
    items = sorted(set(predicted) & set(gold), key=str)
    tp = fp = fn = 0
    for a, b in combinations(items, 2):
        same_p = predicted[a] == predicted[b]
        same_g = gold[a] == gold[b]
        tp += same_p and same_g
        fp += same_p and not same_g
        fn += same_g and not same_p
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "items": len(items), "tp": tp, "fp": fp, "fn": fn}
