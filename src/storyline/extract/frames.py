"""A figure's frame: which period it measures, how sure the text is, where and whom it counts.

``storyline_figures`` calls these small functions on the parse it already has (no second
parse). Every cue word comes from ``lexicons/frames.json``; the rules only read the dependency
tree, the entity labels and the time expressions of the figure's sentence:

- ``per_unit``: "barrels a day" → ``barrels/day``, "$108 a barrel" → ``USD/barrel``;
- ``period_of``: ``rate | event | interval | cumulative | stock`` with start and end dates;
- ``modality_of``: ``asserted | negated | hypothetical | forecast | opinion | historical``;
- ``place_of``: a place tied to the count by a preposition of the count, its verb or its
  clause (never one from another clause), with its level;
- ``population_of``: the group a people count counts ("protesters", "children", "people").
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..lexicons import lexicon_cache, load_json

FRAMES_LEXICON = "frames.json"
_VERBS = frozenset({"VERB", "AUX"})
_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis"})
_MAX_CLIMB = 10


@dataclass(frozen=True, slots=True)
class FrameWords:
    per_openers: frozenset[str]
    per_stops: frozenset[str]
    daily_words: dict[str, str]
    rate_units: dict[str, str]
    running: tuple[tuple[str, ...], ...]
    happening: frozenset[str]
    stock_statuses: frozenset[str]
    state_verbs: frozenset[str]
    change_verbs: frozenset[str]
    level_preps: frozenset[str]
    countables: frozenset[str]
    negation: frozenset[str]
    denial: frozenset[str]
    hypothetical_aux: frozenset[str]
    hypothetical_marks: frozenset[str]
    hypothetical_words: frozenset[str]
    forecast_aux: frozenset[str]
    forecast_words: frozenset[str]
    opinion_words: frozenset[str]
    opinion_aux: frozenset[str]
    historical_years: int
    place_preps: frozenset[str]
    place_labels: frozenset[str]
    label_levels: dict[str, str]
    world_words: frozenset[str]
    region_words: frozenset[str]
    countries: frozenset[str]
    generic_people: frozenset[str]
    interval_types: frozenset[str]
    event_nouns: frozenset[str]
    event_preps: frozenset[str]
    recent_words: frozenset[str]
    vague_span_words: frozenset[str]
    increments: frozenset[str]
    rate_phrases: tuple[tuple[str, ...], ...]
    certainty: dict[str, str]
    certainty_verbs: dict[str, str]
    found_nouns: frozenset[str]
    rhetorical_nouns: frozenset[str]
    split_verbs: frozenset[str]
    comment_markers: tuple[str, ...]
    credit_markers: tuple[str, ...]
    reader_pronouns: frozenset[str]
    quote_marks: frozenset[str]
    comment_source: str
    comment_min_sentence: int


@lexicon_cache
def frame_words() -> FrameWords:
    """``frames.json`` in the shapes the rules look words up in."""
    lex = load_json(FRAMES_LEXICON)

    def words(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in lex[key])

    return FrameWords(
        per_openers=words("per_openers"),
        per_stops=words("per_stops"),
        daily_words=lex["daily_words"],
        rate_units=lex["rate_units"],
        running=_phrases(lex["running"]),
        happening=words("happening_statuses"),
        stock_statuses=words("stock_statuses"),
        state_verbs=words("state_verbs"),
        change_verbs=words("change_verbs"),
        level_preps=words("level_preps"),
        countables=words("countable_quantities"),
        negation=words("negation"),
        denial=words("denial"),
        hypothetical_aux=words("hypothetical_aux"),
        hypothetical_marks=words("hypothetical_marks"),
        hypothetical_words=words("hypothetical_words"),
        forecast_aux=words("forecast_aux"),
        forecast_words=words("forecast_words"),
        opinion_words=words("opinion_words"),
        opinion_aux=words("opinion_aux"),
        historical_years=int(lex["historical_years"]),
        place_preps=words("place_preps"),
        place_labels=frozenset(lex["place_labels"]),
        label_levels=lex["label_levels"],
        world_words=words("world_words"),
        region_words=words("region_words"),
        countries=words("countries"),
        generic_people=words("generic_people"),
        interval_types=frozenset(lex["interval_timex_types"]),
        event_nouns=words("event_nouns"),
        event_preps=words("event_preps"),
        recent_words=words("recent_words"),
        vague_span_words=words("vague_span_words"),
        increments=words("increment_words"),
        rate_phrases=_phrases(lex["rate_phrases"]),
        certainty={k.lower(): v for k, v in lex["certainty_words"].items()},
        certainty_verbs={k.lower(): v for k, v in lex["certainty_verbs"].items()},
        found_nouns=words("found_nouns"),
        rhetorical_nouns=words("rhetorical_nouns"),
        split_verbs=words("split_verbs"),
        comment_markers=tuple(w.lower() for w in lex["comment_markers"]),
        credit_markers=tuple(w.lower() for w in lex["credit_markers"]),
        reader_pronouns=words("reader_pronouns"),
        quote_marks=frozenset(lex["quote_marks"]),
        comment_source=str(lex["comment_source"]),
        comment_min_sentence=int(lex["comment_min_sentence"]),
    )


def _phrases(items: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    """Lower-cased word tuples, longest first (so "per year" wins over "year")."""
    return tuple(sorted((tuple(p.lower().split()) for p in items), key=len, reverse=True))


@dataclass(slots=True)
class Frame:
    """The frame fields a figure row gains (values as in gold/findings/RULES.md)."""

    period: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    modality: str = "asserted"
    place: str | None = None
    place_level: str | None = None
    population: str | None = None
    certainty: str | None = None
    period_cue: str | None = None


@dataclass(frozen=True, slots=True)
class Measured:
    """What the frame rules need to know of one figure."""

    head: Token
    first: int
    """First token of the figure's span (its own words are no cue)."""
    end: int
    quantity: str
    unit: str | None
    status: str | None
    as_of: str | None
    as_of_from: str | None
    timex: dict[str, Any] | None
    """The time expression the as_of date came from, if any."""


# --- unit ------------------------------------------------------------------------------------


def per_unit(doc: Doc, end: int, w: FrameWords) -> tuple[str, int] | None:
    """(denominator, new end) for "… a day", "… per barrel", "… of oil a day", "… daily"."""
    j = end
    if j + 1 < len(doc) and doc[j].lower_ == "of" and doc[j + 1].pos_ == "NOUN":
        j += 2  # "barrels of oil a day"
        if j < len(doc) and doc[j].pos_ == "NOUN" and doc[j - 1].dep_ == "compound":
            j += 1  # "barrels of crude oil a day"
    if j < len(doc) and doc[j].lower_ in w.daily_words:
        return w.daily_words[doc[j].lower_], j + 1
    if j + 1 < len(doc) and doc[j].lower_ in w.per_openers and doc[j + 1].pos_ == "NOUN":
        noun = doc[j + 1]
        if j + 2 < len(doc) and doc[j + 2].lower_ in w.per_stops:
            return None  # "a day ago", "a week after": when, not per
        lemma = noun.lemma_.lower()
        return w.rate_units.get(lemma, lemma), j + 2
    return None


def is_rate(unit: str | None, w: FrameWords) -> bool:
    return bool(unit) and "/" in str(unit) and str(unit).rsplit("/", 1)[1] in w.rate_units.values()


# --- the chain of heads ----------------------------------------------------------------------


def head_chain(head: Token, speech: frozenset[str]) -> list[Token]:
    """The figure's head and its ancestors up to the first speech verb (included): the words
    whose modality, place and period are the figure's own."""
    out = [head]
    tok = head
    for _ in range(_MAX_CLIMB):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        out.append(tok)
        if tok.pos_ in _VERBS and tok.lemma_.lower() in speech:
            break
        if tok.dep_ in ("relcl", "acl"):
            break  # "the industry, which produced 1.6 million bpd": the clause's own frame
    return out


def _clause(chain: Sequence[Token], speech: frozenset[str]) -> list[Token]:
    """The chain up to the first verb heading a clause of its own (the count's clause)."""
    out = []
    for tok in chain:
        if tok.pos_ in _VERBS and tok.lemma_.lower() in speech:
            break
        out.append(tok)
        if tok.pos_ in _VERBS and tok.dep_ in _CLAUSE_DEPS | {"ROOT"}:
            break
    return out


def _governing_verb(chain: Sequence[Token]) -> Token | None:
    return next((t for t in chain[1:] if t.pos_ in _VERBS), None)


# --- period ----------------------------------------------------------------------------------


Period = tuple[str, str | None, str | None, str | None]
"""(period kind, start, end, cue): the cue is the words that told the kind ("since", "past 24
hours", "attack", "more"), None when the kind is only the default for its quantity."""


def period_of(
    m: Measured, chain: Sequence[Token], timexes: Iterable[dict[str, Any]], w: FrameWords
) -> Period:
    """A rate by its unit or a per-time phrase ("each year", "in an average year"); a change
    of a price or share ("rose $2.64"); a running total ("since", "so far", a toll, a
    happening told in the perfect); new ones since the last report ("48 more deaths": an
    interval); a happening tied to a time ("in the past 24 hours", "on Saturday": interval) or
    to one event ("in the attack": event); else a running total for a happening, a stock for
    a state (a level, a share, a length, a population)."""
    timexes = list(timexes)
    if is_rate(m.unit, w):
        return "rate", None, None, "unit"
    if m.quantity == "duration":
        return "stock", None, None, None
    rate = _rate_phrase(m, chain, w)
    if rate is not None:
        return "rate", None, None, rate
    since = _since(m.head.sent, chain, timexes)
    if m.quantity in ("money", "percent") and _change(m.head, chain, w):
        start = _timex_start(m.timex) or (since or m.as_of)
        return "interval", start, m.as_of, "change"
    if m.quantity in ("money", "percent", "measure", "territory"):
        return "stock", None, None, None
    status = (m.status or "").rsplit("_", 1)[-1]
    verb = _governing_verb(chain)
    happening = status in w.happening
    increment = _increment(m, w) if (m.status or m.quantity == "people") else None
    if increment is not None:
        return "interval", None, m.as_of, increment
    if since is not None:
        return "cumulative", since, m.as_of, "since"
    if _running_word(m.head.sent, chain, w):
        return "cumulative", None, m.as_of, "running"
    if m.as_of_from == "event":
        return "event", None, None, "event date"
    event = _event_noun(chain, w)
    if happening and m.as_of_from != "timex":
        # "have been killed in the past 24 hours", "had been killed in the attack": the
        # interval or the event wins over the perfect's running total
        span = _interval_timex(m.head.sent, chain, timexes, w)
        if span is not None:
            return "interval", None, m.as_of, span
        if event is not None:
            return "event", None, None, event
    if happening and _perfect(verb):
        return "cumulative", None, m.as_of, "perfect"
    acts = m.quantity in w.countables and status not in w.stock_statuses and _acts(verb, w)
    if m.as_of_from == "timex" and m.timex is not None:
        if happening:
            end = _conj_end(m.head.doc, m.timex, timexes) or _timex_end(m.timex)
            return "interval", _timex_start(m.timex), end, "date"
        return ("event", None, None, "date") if acts else ("stock", None, None, None)
    if happening:
        if m.head.lemma_.lower() in w.found_nouns:
            return "event", None, None, m.head.lemma_.lower()  # bodies seen at one place
        return "cumulative", None, m.as_of, None
    return ("event", None, None, event) if acts else ("stock", None, None, None)


def _conj_end(doc: Doc, timex: dict[str, Any], timexes: Sequence[dict[str, Any]]) -> str | None:
    """The last day of "on Saturday and Sunday": the end of a time expression joined to the
    figure's own by a conjunction."""
    span = doc.char_span(timex["start"], timex["end"], alignment_mode="expand")
    if span is None:
        return None
    end = None
    for t in timexes:
        if t is timex or t.get("type") not in ("DATE", "TIME"):
            continue
        other = doc.char_span(t["start"], t["end"], alignment_mode="expand")
        if other is None:
            continue
        joined = other.root.dep_ == "conj" and other.root.head.i == span.root.i
        joined = joined or (span.root.dep_ == "conj" and span.root.head.i == other.root.i)
        day = _timex_end(t)
        if joined and day and (end is None or day > end):
            end = day
    mine = _timex_end(timex)
    return max(end, mine) if end and mine else end


def _rate_phrase(m: Measured, chain: Sequence[Token], w: FrameWords) -> str | None:
    """A per-time phrase tied to the count ("kills 36,000 people each year", "in an average
    year", "annual deaths"), not a time ("a year ago")."""
    sent = m.head.sent
    words = [t.lower_ for t in sent]
    on_chain = {t.i for t in chain}
    for k in range(len(sent)):
        for phrase in w.rate_phrases:
            n = len(phrase)
            if tuple(words[k : k + n]) != phrase:
                continue
            after = sent[k + n] if k + n < len(sent) else None
            if after is not None and after.lower_ in w.per_stops:
                continue  # "a year ago", "a day after"
            cue = sent[k + n - 1]
            own = m.first <= cue.i < m.end or cue.head.i == m.head.i
            if n == 1:
                # "weekly" of "the highest weekly settlement" is not the figure's
                own = own or (cue.dep_ == "advmod" and cue.head.i in on_chain)
            elif not own:
                own = cue.i in on_chain or _reaches(cue, on_chain)
            if own:
                return " ".join(phrase)
    return None


def _increment(m: Measured, w: FrameWords) -> str | None:
    """ "48 more deaths", "another 20 cases", "12 new infections": the word in the figure's
    own span (not the "more" of "more than") or a modifier of its noun."""
    doc = m.head.doc
    toks = [doc[i] for i in range(m.first, m.end)]
    toks += [c for c in m.head.children if c.dep_ in ("amod", "advmod", "det")]
    for t in toks:
        if t.lower_ not in w.increments:
            continue
        if t.i + 1 < len(doc) and doc[t.i + 1].lower_ in ("than", "of"):
            continue  # "more than 100"; "more of them"
        return t.lower_
    return None


def _event_noun(chain: Sequence[Token], w: FrameWords) -> str | None:
    """The one event a count belongs to: "killed in the attack", "the raid that killed 20",
    "died after the crash", "nine civilians killed in the strike" (a noun of ``event_nouns``
    tied to the count's clause or to a participle of its noun)."""
    own = [c for c in chain[0].children if c.dep_ == "acl" and c.tag_ == "VBN"]
    for tok in own:
        found = _event_pobj(tok, w)
        if found is not None:
            return found
    for tok in chain:
        if tok.dep_ in ("relcl", "acl") and _is_event(tok.head, w):
            return tok.head.lemma_.lower()  # "the attack that killed 20"
        found = _event_pobj(tok, w)
        if found is not None:
            return found
        if tok.pos_ in _VERBS and tok.dep_ in _CLAUSE_DEPS | {"ROOT"} and tok is not chain[0]:
            break
    return None


def _event_pobj(tok: Token, w: FrameWords) -> str | None:
    """The event noun of a prepositional phrase of ``tok`` ("in the attack")."""
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in w.event_preps):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            if _is_event(pobj, w):
                return str(pobj.lemma_.lower())
    return None


def _is_event(tok: Token, w: FrameWords) -> bool:
    """A noun of one happening, singular ("the attack"): "the clashes", "the protests" are a
    run of them, whose count is a running total."""
    if tok.tag_ in ("NNS", "NNPS"):
        return False
    if tok.lemma_.lower() in w.event_nouns or tok.lower_ in w.event_nouns:
        return True
    compound = " ".join(t.lower_ for t in tok.lefts if t.dep_ == "compound")
    return bool(compound) and f"{compound} {tok.lower_}" in w.event_nouns


def _interval_timex(
    sent: Span, chain: Sequence[Token], timexes: Iterable[dict[str, Any]], w: FrameWords
) -> str | None:
    """A time expression (a day, a span: "in the past 24 hours", "over the weekend") tied to
    the figure's chain that the as-of reading passed over: the count is of that interval."""
    on_chain = {t.i for t in chain}
    doc = sent.doc
    for t in timexes:
        if t.get("signal") == "since" or t.get("type") not in w.interval_types:
            continue
        if not (sent.start_char <= t["start"] < sent.end_char):
            continue
        span = doc.char_span(t["start"], t["end"], alignment_mode="expand")
        if span is None or not (span.root.i in on_chain or _reaches(span.root, on_chain)):
            continue
        said = {tok.lower_ for tok in span}
        if t.get("type") == "DURATION" and (not said & w.recent_words or said & w.vague_span_words):
            continue  # "in five days of violence", "the past few days": the total so far
        return str(t.get("text") or span.text)
    return None


def untied_time(
    m: Measured, chain: Sequence[Token], timexes: Iterable[dict[str, Any]], w: FrameWords
) -> bool:
    """Whether the figure's sentence names a day, a span or an event that the figure's own
    words are not tied to ("… on Saturday, and 12 in the town"): a hint that the count may be
    of that interval, kept for the findings' confidence."""
    sent = m.head.sent
    on_chain = {t.i for t in chain}
    for clause in (c for c in m.head.children if c.dep_ in ("acl", "relcl")):
        on_chain.update(t.i for t in clause.subtree)  # "residents who died in the mudslide"
    for t in timexes:
        if t.get("type") not in w.interval_types or t.get("signal") == "since":
            continue
        if sent.start_char <= t["start"] < sent.end_char:
            return True
    return any(
        _is_event(tok, w) and tok.i not in on_chain and not (m.first <= tok.i < m.end)
        for tok in sent
    )


def _change(head: Token, chain: Sequence[Token], w: FrameWords) -> bool:
    """ "rose $2.64", "closed up 78 cents", "a 2 percent jump": the amount of a change; not
    the level it reaches ("rose to $108.42", "settled at $97.88")."""
    if head.dep_ == "pobj" and head.head.lower_ in w.level_preps:
        return False
    near = [head, *chain[1:3]]
    return any(t.lemma_.lower() in w.change_verbs or t.lower_ in w.change_verbs for t in near)


def _perfect(verb: Token | None) -> bool:
    """ "have been killed", "has cost": a total up to the time of telling (not "had been
    killed on Monday")."""
    return verb is not None and any(
        c.dep_ == "aux" and c.lemma_.lower() == "have" and c.tag_ in ("VBP", "VBZ")
        for c in verb.children
    )


def _acts(verb: Token | None, w: FrameWords) -> bool:
    """A verb in the past that reports something happening ("gathered", "landed"), not a
    state ("are", "remain") nor a saying."""
    if verb is None or verb.lemma_.lower() in w.state_verbs:
        return False
    return verb.tag_ in ("VBD", "VBN")


def _since(sent: Span, chain: Sequence[Token], timexes: Iterable[dict[str, Any]]) -> str | None:
    """The start of a "since X" time expression tied to the figure's chain of heads."""
    on_chain = {t.i for t in chain}
    doc = sent.doc
    for t in timexes:
        if t.get("signal") != "since" or not (sent.start_char <= t["start"] < sent.end_char):
            continue
        span = doc.char_span(t["start"], t["end"], alignment_mode="expand")
        if span is not None and (span.root.i in on_chain or _reaches(span.root, on_chain)):
            return _day(t.get("interval_begin") or t.get("value"))
    return None


def _running_word(sent: Span, chain: Sequence[Token], w: FrameWords) -> bool:
    """A running-total cue ("so far", "since …", "toll", "already") on the figure's chain."""
    on_chain = {t.i for t in chain}
    words = [t.lower_ for t in sent]
    for k in range(len(sent)):
        for phrase in w.running:
            if tuple(words[k : k + len(phrase)]) != phrase:
                continue
            cue = sent[k + len(phrase) - 1]
            if cue.i in on_chain or _reaches(cue, on_chain):
                return True
    return False


def _reaches(tok: Token, on_chain: set[int]) -> bool:
    for _ in range(5):
        if tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.i in on_chain:
            return True
    return False


def _day(value: Any) -> str | None:
    return str(value)[:10] if value else None


def _timex_start(t: dict[str, Any] | None) -> str | None:
    if t is None:
        return None
    return _day(t.get("interval_begin") or t.get("value"))


def _timex_end(t: dict[str, Any] | None) -> str | None:
    if t is None:
        return None
    return _day(t.get("interval_end") or t.get("value"))


# --- modality --------------------------------------------------------------------------------


_ORDER = ("negated", "historical", "opinion", "vague", "forecast", "hypothetical")


def modality_of(
    m: Measured,
    chain: Sequence[Token],
    speech: frozenset[str],
    dct: str | None,
    w: FrameWords,
    timexes: Iterable[dict[str, Any]] = (),
) -> str:
    """The strongest cue on the figure's chain of heads: a negation or a denial ("reports of
    hundreds killed were an exaggeration"), a date years before the publication (its as-of or
    a year in its own clause: "the 1968 pandemic killed 1 million"), a judgement ("I think",
    "may have"), rhetoric ("thousands of reasons", "split in two"), a prediction ("will",
    "expected to"), a condition ("would", "if"); else asserted."""
    span = range(m.first, m.end)
    cues: set[str] = set()
    if _long_before(m.as_of, dct, w) or _old_year(m, chain, speech, timexes, dct, w):
        cues.add("historical")
    if _rhetorical(m, w) or m.head.sent[-1].text == "?":
        cues.add("vague")  # "how many thousands of lives were lost?": a question, no claim
    for tok in chain:
        lemma = tok.lemma_.lower()
        is_speech = tok.pos_ in _VERBS and lemma in speech
        if lemma in w.denial and tok.pos_ in ("NOUN", "ADJ"):
            cues.add("negated")  # "reports of hundreds killed were an exaggeration"
        if lemma in w.forecast_words and tok.pos_ in (*_VERBS, "ADJ"):
            cues.add("forecast")
        if lemma in w.opinion_words:
            cues.add("opinion")
        if lemma in w.hypothetical_words:
            cues.add("hypothetical")
        for child in tok.children:
            if child.i in span:
                continue
            cues.update(_child_cues(child, is_speech, w))
        if is_speech:
            break
    return next((c for c in _ORDER if c in cues), "asserted")


def _rhetorical(m: Measured, w: FrameWords) -> bool:
    """ "thousands of reasons", "a million ways": a number of things no one counts; "split in
    two": a manner, not a quantity."""
    head = m.head
    if head.lemma_.lower() in w.rhetorical_nouns and m.quantity == "count":
        return True
    prep = head.head
    return (
        head.dep_ == "pobj"
        and prep.lower_ == "in"
        and prep.head.lemma_.lower() in w.split_verbs
        and head.i == m.end - 1
    )


def _old_year(
    m: Measured,
    chain: Sequence[Token],
    speech: frozenset[str],
    timexes: Iterable[dict[str, Any]],
    dct: str | None,
    w: FrameWords,
) -> bool:
    """A year long before the publication in the count's own clause, outside its relative
    clauses ("the 1968 pandemic killed 1 million", "in 1918 flu killed 50 million"); "since
    1969" is a running total's start, not background."""
    if not dct or not dct[:4].isdigit():
        return False
    doc = m.head.doc
    old: set[int] = set()
    for t in timexes:
        value = str(t.get("value") or "")
        if t.get("signal") == "since" or not value[:4].isdigit():
            continue
        if int(dct[:4]) - int(value[:4]) >= w.historical_years:
            span = doc.char_span(t["start"], t["end"], alignment_mode="expand")
            if span is not None:
                old.update(tok.i for tok in span)
    if not old:
        return False
    return any(i in old for i in _own_words(_clause(chain, speech), m))


def _own_words(clause: Sequence[Token], m: Measured) -> set[int]:
    """Token indices of the clause's words and their modifiers, not of clauses within it."""
    out: set[int] = set()
    todo = list(clause)
    while todo:
        tok = todo.pop()
        if tok.i in out:
            continue
        out.add(tok.i)
        todo.extend(c for c in tok.children if c.dep_ not in _CLAUSE_DEPS)
    return out


def certainty_of(head: Token, first: int, end: int, w: FrameWords) -> str | None:
    """How sure the count's status is, from its own words: "suspected cases", "48 possible
    deaths", "confirmed infections" (a modifier of its noun or a word of its span)."""
    doc = head.doc
    toks = [doc[i] for i in range(first, end)]
    toks += [c for c in head.children if c.dep_ in ("amod", "compound", "advmod", "acl")]
    found_all: list[str] = []
    for t in toks:
        found = w.certainty.get(t.lower_) or w.certainty.get(t.lemma_.lower())
        if found and t.pos_ in ("ADJ", "VERB", "ADV", "NOUN") and found not in found_all:
            found_all.append(found)
    if found_all:
        # "confirmed and probable cases": a pooled count is a certainty of its own, never
        # compared with the confirmed ones alone
        return " and ".join(found_all)
    verb = head.head
    if head.dep_ in ("nsubj", "nsubjpass", "dobj") and verb.pos_ in _VERBS:
        found = w.certainty_verbs.get(verb.lemma_.lower())
        if found:
            return found  # "9 deaths are confirmed", "Mexico has confirmed 20 deaths"
        for c in verb.children:  # "9 deaths were reported confirmed"
            if c.dep_ in ("acomp", "xcomp", "oprd") and c.lemma_.lower() in w.certainty_verbs:
                return w.certainty_verbs[c.lemma_.lower()]
    return None


def comment_start(doc: Doc, w: FrameWords) -> tuple[int, int] | None:
    """(first, last char) of the reader comments a web page appended to the article: only on
    a page with comment boilerplate; they start after the credit line ("Editing by …") when
    there is one before the boilerplate, else at the first sentence that speaks as a reader
    (a pronoun of the first or second person outside quotation marks)."""
    low = doc.text.lower()
    marks = [i for i in (low.find(k) for k in w.comment_markers) if i >= 0]
    if not marks:
        return None
    stop = min(marks)
    credits = [low.rfind(k, 0, stop) for k in w.credit_markers]
    credit = max(credits)
    if credit >= 0:
        nl = low.find("\n", credit)
        begin = nl if 0 <= nl < stop else stop
        return (begin, stop) if begin < stop else None
    quoted = False
    for k, sent in enumerate(doc.sents):
        if sent.start_char >= stop:
            break
        voice = False
        for tok in sent:
            if tok.text in w.quote_marks:
                quoted = _quote_state(tok.text, quoted)
            elif not quoted and tok.lower_ in w.reader_pronouns and tok.pos_ == "PRON":
                voice = True
        if voice and k >= w.comment_min_sentence:
            return sent.start_char, stop
    return None


def _child_cues(child: Token, is_speech: bool, w: FrameWords) -> set[str]:
    low, lemma, dep = child.lower_, child.lemma_.lower(), child.dep_
    out: set[str] = set()
    negation = dep == "neg" or (dep in ("advmod", "preconj") and low in w.negation)
    if negation or (dep in ("attr", "acomp", "dobj") and lemma in w.denial):
        out.add("negated")
    elif dep == "aux":
        if is_speech and (low in w.hypothetical_aux or low in w.opinion_aux):
            out.add("opinion")  # "I would say there were hundreds"
        elif low in w.forecast_aux:
            out.add("forecast")
        elif low in w.hypothetical_aux:
            out.add("hypothetical")
        elif low in w.opinion_aux:
            out.add("opinion")  # "may have cost 1,000 people"
    elif dep == "mark" and low in w.hypothetical_marks and not is_speech:
        out.add("hypothetical")
    elif dep == "advmod" and lemma in w.opinion_words:
        out.add("opinion")
    elif dep == "advmod" and lemma in w.hypothetical_words:
        out.add("hypothetical")
    return out


def _long_before(as_of: str | None, dct: str | None, w: FrameWords) -> bool:
    if not as_of or not dct or not as_of[:4].isdigit() or not dct[:4].isdigit():
        return False
    return int(dct[:4]) - int(as_of[:4]) >= w.historical_years


def _quote_state(mark: str, quoted: bool) -> bool:
    if mark in ("``", "\u201c"):
        return True
    if mark in ("''", "\u201d"):
        return False
    return not quoted  # a straight quote opens or closes


# --- place -----------------------------------------------------------------------------------


def place_of(
    head: Token, chain: Sequence[Token], speech: frozenset[str], w: FrameWords
) -> tuple[str, str] | None:
    """(place, level) tied to the count: a locative phrase of the counted noun ("residents of
    Libya", "a square in Manama"), of the verbs of its own clause ("killed in Misrata"), or its
    possessor ("Libya's population"); None when only another clause names one."""
    gapped = _gapped_place(head, w)
    if gapped is not None:
        return gapped
    if _world_scope(head, w):
        return "world", "world"
    anchors = [head, *(c for c in head.children if c.dep_ in ("acl", "relcl"))]
    anchors += [t for t in _clause(chain, speech)[1:] if t not in anchors]
    for anchor in anchors:
        found = _place_near(anchor, w, depth=2)
        if found is not None:
            return found
    found = _subject_place(chain, w)
    verb = _governing_verb(chain)
    # "Worldwide, seasonal flu kills 250,000 people": the clause's world adverb, last resort
    world = verb is not None and any(
        c.dep_ == "advmod" and c.lower_ in w.world_words for c in verb.children
    )
    return ("world", "world") if found is None and world else found


def _world_scope(head: Token, w: FrameWords) -> bool:
    """ "250,000 deaths globally", "11,000 infected worldwide": a world word right after the
    count (or modifying its noun) is its own scope, whatever place another conjunct names."""
    doc = head.doc
    after = doc[head.i + 1] if head.i + 1 < len(doc) else None
    near = [c for c in head.children if c.dep_ in ("advmod", "amod") and c.i > head.i]
    if after is not None and after.pos_ in ("ADV", "ADJ") and after not in near:
        near.append(after)
    return any(t.lower_ in w.world_words for t in near)


def _gapped_place(head: Token, w: FrameWords) -> tuple[str, str] | None:
    """ "Canada has 389 cases and Costa Rica 8": a conjunct that drops its verb puts its own
    place right before its count; that place, not the clause's subject, is the count's."""
    first = head.left_edge
    if first.i == 0:
        return None
    prev = head.doc[first.i - 1]
    ent = _entity(prev)
    if ent is None or ent.label_ not in w.place_labels or ent.end != first.i:
        return None
    if ent.root.dep_ != "conj":
        return None
    return _named_place(ent.root, w)


def _subject_place(chain: Sequence[Token], w: FrameWords) -> tuple[str, str] | None:
    """ "Libya, which produces 1.6 million barrels a day", "Saudi Arabia unveiled a $37
    billion package": the place that is the subject of the count's own verb."""
    verb = _governing_verb(chain)
    if verb is None:
        return None
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None and verb.dep_ in ("advcl", "conj") and verb.tag_ in ("VBG", "VBD", "VBZ"):
        # "Libya is an oil exporter, producing 1.6 million barrels a day", "X killed 10 and
        # wounded 20": a participle or a conjoined verb without a subject shares its head's
        verb = verb.head
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and subj.tag_ == "WDT" and verb.dep_ == "relcl":
        subj = verb.head  # the relative pronoun stands for the noun the clause hangs on
    if subj is None or subj.i > chain[0].i:
        return None
    if subj.ent_type_ in w.place_labels:
        return _named_place(subj, w)
    owner = next((c for c in subj.children if c.dep_ == "poss"), None)  # "Iran's revolution"
    if owner is not None and owner.ent_type_ in w.place_labels:
        return _named_place(owner, w)
    for mod in subj.children:  # "Mexican officials have reported 29 deaths"
        if mod.dep_ in ("amod", "compound") and mod.ent_type_ == "NORP":
            country = demonym_country(mod.text, w.countries)
            if country is not None:
                return country, "country"
    return None


def demonym_country(word: str, countries: Iterable[str]) -> str | None:
    """The country a nationality word names, by the longest shared start ("Mexican" →
    Mexico, "Iraqi" → Iraq, not Iran): at least the country's name but its last letter, and
    four letters; None when none or two countries fit as well."""
    low = word.lower()
    best: list[str] = []
    best_len = 0
    for c in countries:
        n = len(os.path.commonprefix([low, c]))
        if n < max(4, len(c) - 1):
            continue
        if n > best_len:
            best, best_len = [c], n
        elif n == best_len:
            best.append(c)
    return best[0].title() if len(best) == 1 else None


def _place_near(tok: Token, w: FrameWords, depth: int) -> tuple[str, str] | None:
    for child in tok.children:
        if child.dep_ == "poss" and child.ent_type_ in w.place_labels:
            return _named_place(child, w)
    preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in w.place_preps]
    for prep in sorted(preps, key=lambda c: abs(c.i - tok.i)):  # the nearest first
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            if pobj.ent_type_ in w.place_labels:
                return _listed_places(pobj, w) or _named_place(pobj, w)
            if pobj.lemma_.lower() in w.world_words:
                return pobj.lemma_.lower(), "world"
            for mod in pobj.children:
                if mod.dep_ == "poss" and mod.ent_type_ in w.place_labels:
                    return _named_place(mod, w)  # "in Morocco 's capital"
            if depth > 1:
                inner = _place_near(pobj, w, depth - 1)  # "in a square in Manama"
                if inner is not None:
                    return inner
    return None


def _listed_places(tok: Token, w: FrameWords) -> tuple[str, str] | None:
    """ "20 people in California, Kansas and Ohio": a count over several places belongs to
    none of them alone; the list is its scope (level ``several``)."""
    more = [c for c in tok.conjuncts if c.ent_type_ in w.place_labels]
    if not more:
        return None
    names = [_named_place(t, w)[0] for t in sorted([tok, *more], key=lambda t: t.i)]
    return ", ".join(names[:-1]) + " and " + names[-1], "several"


def _named_place(tok: Token, w: FrameWords) -> tuple[str, str]:
    ent = _entity(tok)
    text = ent.text if ent is not None else tok.text
    label = ent.label_ if ent is not None else tok.ent_type_
    key = text.lower().removeprefix("the ")
    if key in w.countries:
        level = "country"
    elif key in w.world_words:
        level = "world"
    else:
        level = w.label_levels.get(label, "city")
    prev = tok.doc[ent.start - 1] if ent is not None and ent.start > 0 else None
    if ent is not None and prev is not None and prev.lower_ in w.region_words:
        return f"{prev.text} {text}", "region"  # "eastern Libya"
    return text, level


def _entity(tok: Token) -> Span | None:
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent
    return None


# --- population ------------------------------------------------------------------------------


def population_of(head: Token, quantity: str, w: FrameWords) -> str | None:
    """The group a people count counts: its noun as written ("protesters", "children"), or
    "people" for a noun that says nothing about who ("lives", "bodies", "the dead")."""
    if quantity != "people" or head.pos_ == "PRON":
        return None
    lemma = head.lemma_.lower()
    if lemma in w.generic_people or head.lower_ in w.generic_people:
        return "people"
    return head.lower_
