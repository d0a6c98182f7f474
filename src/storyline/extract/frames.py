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


@lexicon_cache
def frame_words() -> FrameWords:
    """``frames.json`` in the shapes the rules look words up in."""
    lex = load_json(FRAMES_LEXICON)

    def words(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in lex[key])

    running = sorted((tuple(p.split()) for p in lex["running"]), key=len, reverse=True)
    return FrameWords(
        per_openers=words("per_openers"),
        per_stops=words("per_stops"),
        daily_words=lex["daily_words"],
        rate_units=lex["rate_units"],
        running=tuple(running),
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
    )


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


def period_of(
    m: Measured, chain: Sequence[Token], timexes: Iterable[dict[str, Any]], w: FrameWords
) -> tuple[str, str | None, str | None]:
    """(period, start, end): a rate by its unit; a change of a price or share ("rose $2.64",
    "a 2 percent jump"); a running total ("since", "so far", a toll, a happening told in the
    perfect or with no date of its own); a dated happening (interval) or a named event; else
    a stock at its as_of (a level, a share, a length, a population)."""
    if is_rate(m.unit, w):
        return "rate", None, None
    if m.quantity == "duration":
        return "stock", None, None
    since = _since(m.head.sent, chain, timexes)
    if m.quantity in ("money", "percent") and _change(m.head, chain, w):
        start = _timex_start(m.timex) or (since or m.as_of)
        return "interval", start, m.as_of
    if m.quantity in ("money", "percent", "measure", "territory"):
        return "stock", None, None
    status = (m.status or "").rsplit("_", 1)[-1]
    verb = _governing_verb(chain)
    happening = status in w.happening
    if since is not None:
        return "cumulative", since, m.as_of
    if _running_word(m.head.sent, chain, w) or (happening and _perfect(verb)):
        return "cumulative", None, m.as_of
    if m.as_of_from == "event":
        return "event", None, None
    acts = m.quantity in w.countables and status not in w.stock_statuses and _acts(verb, w)
    if m.as_of_from == "timex" and m.timex is not None:
        if happening:
            return "interval", _timex_start(m.timex), _timex_end(m.timex)
        return ("event", None, None) if acts else ("stock", None, None)
    if happening:
        return "cumulative", None, m.as_of
    return ("event", None, None) if acts else ("stock", None, None)


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


_ORDER = ("negated", "historical", "opinion", "forecast", "hypothetical")


def modality_of(
    m: Measured, chain: Sequence[Token], speech: frozenset[str], dct: str | None, w: FrameWords
) -> str:
    """The strongest cue on the figure's chain of heads: a negation or a denial ("reports of
    hundreds killed were an exaggeration"), a date years before the publication, a judgement
    ("I think", "may have"), a prediction ("will", "expected to"), a condition ("would",
    "if"); else asserted."""
    span = range(m.first, m.end)
    cues: set[str] = set()
    if _long_before(m.as_of, dct, w):
        cues.add("historical")
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


# --- place -----------------------------------------------------------------------------------


def place_of(
    head: Token, chain: Sequence[Token], speech: frozenset[str], w: FrameWords
) -> tuple[str, str] | None:
    """(place, level) tied to the count: a locative phrase of the counted noun ("residents of
    Libya", "a square in Manama"), of the verbs of its own clause ("killed in Misrata"), or its
    possessor ("Libya's population"); None when only another clause names one."""
    anchors = [head, *(c for c in head.children if c.dep_ in ("acl", "relcl"))]
    anchors += [t for t in _clause(chain, speech)[1:] if t not in anchors]
    for anchor in anchors:
        found = _place_near(anchor, w, depth=2)
        if found is not None:
            return found
    return _subject_place(chain, w)


def _subject_place(chain: Sequence[Token], w: FrameWords) -> tuple[str, str] | None:
    """ "Libya, which produces 1.6 million barrels a day", "Saudi Arabia unveiled a $37
    billion package": the place that is the subject of the count's own verb."""
    verb = _governing_verb(chain)
    if verb is None:
        return None
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
    return None


def _place_near(tok: Token, w: FrameWords, depth: int) -> tuple[str, str] | None:
    for child in tok.children:
        if child.dep_ == "poss" and child.ent_type_ in w.place_labels:
            return _named_place(child, w)
    preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in w.place_preps]
    for prep in sorted(preps, key=lambda c: abs(c.i - tok.i)):  # the nearest first
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            if pobj.ent_type_ in w.place_labels:
                return _named_place(pobj, w)
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
