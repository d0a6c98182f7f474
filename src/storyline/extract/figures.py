"""Figures: quantitative claims ("more than 130 hostages still held") with source and as-of date.

The component ``storyline_figures`` runs after entities, statements and time expressions and reads
their rows and the parse; it never parses again. Numbers come from :mod:`.numbers`; around each
one a walk over the dependency tree finds the qualifier ("more than"), the unit (percent, a
currency, km2, days), the counted noun mapped to a kind by the lexicon ``quantities.json``
(hostages, killed, displaced, territory…), the status (taken, held, released, offered_release…),
a free-text subject ("Palestinians in Gaza"), who the figure is attributed to (the speaker of the
statement it sits in, "according to X", "X said", a news agency relaying it) and the date it
describes (a time expression of its clause, an event date, else the publication date).
Ages, years, dates, ordinals, labels ("Resolution 2334"), scores and phone numbers are skipped.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from ..lexicons import lexicon_cache, load_json, overrides, using
from .extensions import attr
from .frames import (
    FrameWords,
    Measured,
    certainty_of,
    comment_start,
    frame_words,
    head_chain,
    modality_of,
    per_unit,
    period_of,
    place_of,
    population_of,
    untied_time,
)
from .numbers import Number, number_at, scaled_code, scan_numbers
from .numbers import words as number_words
from .statements import media_lexicon, phrase_tokens, speech_verbs

FIGURES = "storyline_figures"
LEXICONS = {
    "quantities": "quantities.json",
    "speech_verbs": "speech_verbs.txt",
    "media": "outlets.json",
    "frames": "frames.json",
}
"""Config key → the packaged lexicon it replaces."""
AsOfFrom = Literal["timex", "event", "publication"]

_MAX_GAP = 4
"""Tokens allowed between a number and its head noun ("59 hostages", "1,200 terror targets")."""
_MAX_CLIMB = 10
"""How far up the tree status and modality words are looked for."""
_REF_VALUES = frozenset({"PAST_REF", "PRESENT_REF", "FUTURE_REF"})
_PHONE = re.compile(r"\+?\(?\d{2,4}\)?[\s.-]\d{3,4}[\s.-]\d{3,4}")
_AGE_AFTER = re.compile(r"^\s*-?\s*(year|month|week|day)s?\s*-?\s*old\b")
_FINITE_DEPS = frozenset({"nsubj", "nsubjpass", "mark", "csubj", "expl"})
_NOUNS = frozenset({"NOUN", "PROPN"})
_VERBS = frozenset({"VERB", "AUX"})
_CONTENT_DEPS = frozenset({"ccomp", "xcomp", "parataxis", "advcl", "conj"})
_DETS = frozenset({"the", "a", "an", "some", "its", "their", "his", "her", "our", "these", "those"})
_TIME_DETS = frozenset({"this", "that", "next", "last", "each", "every"})


@dataclass(slots=True)
class Figure:
    """One quantitative claim; character offsets into the doc text."""

    start_char: int
    end_char: int
    text: str
    value: float | int
    high: float | int | None
    qualifier: str
    unit: str | None
    counted: str | None
    noun: str | None
    quantity: str
    status: str | None = None
    subject: str | None = None
    source: str | None = None
    source_span: list[int] | None = None
    source_from: str | None = None
    as_of: str | None = None
    as_of_from: AsOfFrom | None = None
    as_of_span: list[int] | None = None
    # the frame (gold/findings/RULES.md): period, modality, scope
    period: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    modality: str | None = None
    place: str | None = None
    place_level: str | None = None
    population: str | None = None
    certainty: str | None = None
    """How sure the status is: suspected, possible, probable, confirmed… (a frame field)."""
    period_cue: str | None = None
    """The words that told the period ("since", "past 24 hours", "attack"); None: default."""
    other_time: bool = False
    """A default-period count whose sentence names a day or event it is not tied to."""
    # token bookkeeping, not stored
    head: int = field(default=-1, repr=False)
    cls: str | None = field(default=None, repr=False)
    own_qualifier: bool = field(default=False, repr=False)
    vague: bool = field(default=False, repr=False)
    rate: bool = field(default=False, repr=False)
    first: int = field(default=-1, repr=False)
    end: int = field(default=-1, repr=False)
    timex: dict[str, Any] | None = field(default=None, repr=False)
    status_tok: int = field(default=-1, repr=False)

    def to_dict(self) -> dict[str, Any]:
        row = asdict(self)
        for key in ("head", "cls", "own_qualifier", "vague", "rate", "first", "end", "timex"):
            row.pop(key)
        row.pop("status_tok")
        return row


# --- lexicon --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Vocabulary:
    qualifiers: tuple[tuple[tuple[str, ...], str], ...]
    suffixes: tuple[tuple[tuple[str, ...], str], ...]
    percent: tuple[tuple[str, ...], ...]
    currency_symbols: dict[str, str]
    currency_words: dict[str, str]
    currency_adjectives: dict[str, str]
    measures: dict[tuple[str, ...], tuple[str, str]]
    time_units: dict[str, str]
    time_multiples: dict[str, float]
    length_skip: tuple[tuple[str, ...], ...]
    lasting: frozenset[str]
    populated: frozenset[str]
    people_pronouns: frozenset[str]
    bare_determiners: frozenset[str]
    length_fillers: frozenset[str]
    subunits: frozenset[str]
    frequency: frozenset[str]
    nouns: dict[str, dict[str, str]]
    place_nouns: frozenset[str]
    place_labels: frozenset[str]
    person_labels: frozenset[str]
    statuses: dict[str, str]
    people_statuses: frozenset[str]
    status_counted: dict[str, str]
    captive_statuses: frozenset[str]
    event_statuses: frozenset[str]
    captive_words: dict[str, str]
    captive_window: int
    modal_bases: dict[str, str]
    modality: dict[str, str]
    flips: frozenset[str]
    level_verbs: frozenset[str]
    label_nouns: frozenset[str]
    age_words: frozenset[str]
    skip_labels: frozenset[str]
    attribution: tuple[tuple[str, ...], ...]
    running: tuple[tuple[str, ...], ...]
    locatives: frozenset[str]
    uncounted: frozenset[str]
    duration_skip: frozenset[str]
    round_time_units: frozenset[str]
    rounded_time_unit: str


def _phrases(items: list[str]) -> tuple[tuple[str, ...], ...]:
    # longest first, so "more than" wins over "than" and "per cent" over "per"
    return tuple(sorted((tuple(p.split()) for p in items), key=len, reverse=True))


@lexicon_cache
def vocabulary() -> Vocabulary:
    """``quantities.json`` in the shapes the component looks words up in."""
    lex = load_json("quantities.json")
    quals = [(tuple(p.split()), q) for q, ps in lex["qualifiers"].items() for p in ps]
    sufs = [(tuple(p.split()), q) for p, q in lex["qualifier_suffixes"].items()]
    modality = {w: mod for mod, ws in lex["modality"].items() for w in ws}
    return Vocabulary(
        qualifiers=tuple(sorted(quals, key=lambda x: len(x[0]), reverse=True)),
        suffixes=tuple(sorted(sufs, key=lambda x: len(x[0]), reverse=True)),
        percent=_phrases(lex["percent_units"]),
        currency_symbols=lex["currency_symbols"],
        currency_words=lex["currency_words"],
        currency_adjectives=lex["currency_adjectives"],
        measures={tuple(k.split()): (v[0], v[1]) for k, v in lex["measure_units"].items()},
        time_units=lex["time_units"],
        time_multiples={k: float(v) for k, v in lex["time_multiples"].items()},
        length_skip=_phrases(lex["length_skip_after"]),
        lasting=frozenset(lex["lasting_nouns"]),
        populated=frozenset(lex["populated_nouns"]),
        people_pronouns=frozenset(lex["people_pronouns"]),
        bare_determiners=frozenset(lex["bare_determiners"]),
        length_fillers=frozenset(lex["length_fillers"]),
        subunits=frozenset(lex["subunits"]),
        frequency=frozenset(lex["frequency_nouns"]),
        nouns=lex["nouns"],
        place_nouns=frozenset(lex["place_nouns"]),
        place_labels=frozenset(lex["place_labels"]),
        person_labels=frozenset(lex["person_labels"]),
        statuses=lex["statuses"],
        people_statuses=frozenset(lex["people_only_statuses"]),
        status_counted=lex["status_counted"],
        captive_statuses=frozenset(lex["captive_statuses"]),
        event_statuses=frozenset(lex["event_statuses"]),
        captive_words=lex["captive_words"],
        captive_window=int(lex["captive_window_sentences"]),
        modal_bases=lex["modal_bases"],
        modality=modality,
        flips=frozenset(lex["modality_flip"]),
        level_verbs=frozenset(lex["level_verbs"]),
        label_nouns=frozenset(lex["label_nouns"]),
        age_words=frozenset(lex["age_words"]),
        skip_labels=frozenset(lex["skip_entity_labels"]),
        attribution=_phrases([" ".join(p) for p in lex["attribution_phrases"]]),
        running=_phrases(lex["running_signals"]),
        locatives=frozenset(lex["locatives"]),
        uncounted=frozenset(lex["uncounted_nouns"]),
        duration_skip=frozenset(lex["duration_skip_nouns"]),
        round_time_units=frozenset(lex["round_time_units"]),
        rounded_time_unit=lex["rounded_time_unit"],
    )


# --- the component --------------------------------------------------------------------------


class FigureFinder:
    """Finds figures in a doc that has been parsed and run through entities, statements and
    timexes (any of those rows may be missing: the figure then has fewer fields)."""

    def __init__(
        self,
        nlp: Language | None = None,
        name: str = FIGURES,
        lexicons: Mapping[str, str] | None = None,
    ) -> None:
        self.name = name
        self.lexicons = dict(lexicons or {})
        with using(self.lexicons):
            self.v = vocabulary()
            self.speech = frozenset(speech_verbs())
            self.media_nouns, self.media_names = media_lexicon()
            self.fw: FrameWords = frame_words()
        # the lemma hashes of the captive nouns, in the cases a lemma is written in
        self.captive_lemmas = frozenset(
            get_string_id(form)
            for noun, entry in self.v.nouns.items()
            if entry.get("class") == "captive"
            for form in (noun, noun.title(), noun.upper())
        )

    def __call__(self, doc: Doc) -> Doc:
        with using(self.lexicons):
            doc._.storyline_figures = [f.to_dict() for f in self.figures(doc)]
        return doc

    def figures(self, doc: Doc) -> list[Figure]:
        return _DocFigures(self, doc).run()


class _DocFigures:
    """Per-doc state: token lookups built once, then one pass per number."""

    def __init__(self, finder: FigureFinder, doc: Doc) -> None:
        self.f = finder
        self.v = finder.v
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token again on each read
        self.dct: str | None = _dct(doc.user_data.get("dct"))
        self.timexes = [t for t in (_rows(doc, "storyline_timexes")) if "start" in t]
        self.statements = _rows(doc, "storyline_statements")
        self.in_timex = [False] * len(doc)
        self.starts: list[int] = doc.to_array("IDX").tolist()
        for t in self.timexes:
            for i in self.tokens_of(t["start"], t["end"]):
                self.in_timex[i] = True
        self.ent_at: dict[int, Any] = {}
        for m in _rows(doc, "storyline_entities"):
            for i in range(m.get("start", 0), m.get("end", 0)):
                self.ent_at.setdefault(i, m)
        self.sent_starts = [s.start for s in doc.sents]
        self.comments = comment_start(doc, finder.fw)
        # lemma hashes first: reading every token's lemma_ string costs more than the test
        captive_ids = self.f.captive_lemmas
        self.captives: list[tuple[int, str]] = [
            (i, self.v.nouns[doc[i].lemma_.lower()]["counted"])
            for i, h in enumerate(doc.to_array("LEMMA").tolist())
            if h in captive_ids
        ]

    def tokens_of(self, start: int, end: int) -> range:
        first = max(bisect_right(self.starts, start) - 1, 0)
        last = bisect_right(self.starts, end - 1)
        return range(first, last)

    def run(self) -> list[Figure]:
        found: list[Figure] = []
        left: list[Number] = []
        taken = 0
        for num in scan_numbers(self.doc):
            if num.start < taken:
                continue  # read already: the cents of "15 dollars 50"
            fig = self.figure(num)
            if fig is not None:
                taken = max(taken, fig.end)
            if fig is not None and not _nothing(fig):
                found.append(fig)
            elif fig is None:
                left.append(num)
        for num in left:
            fig = self.elliptic(num, found)
            if fig is not None and not _nothing(fig):
                found.append(fig)
        found.sort(key=lambda f: f.start_char)
        self.inherit(found)
        for fig in found:
            self.attribute(fig)
            self.date(fig)
        self.share_event_dates(found)
        self.share_per_units(found)
        for fig in found:
            self.frame(fig)
        # "every day we kill hundreds": a vague rate is rhetoric, not a count to track
        return [f for f in found if not (f.vague and f.rate)]

    # skipping -------------------------------------------------------------------------------

    def skipped(self, num: Number) -> bool:
        """Dates, times, ordinals, names, labels, ages, years, scores, phone numbers."""
        doc, v = self.doc, self.v
        toks = doc[num.start : num.end]
        if num.reversed_pair:
            return True
        share = self.share_word(num)
        # "a quarter million": a scale word past the time expression makes it a number
        last = num.end - 1
        scaled = doc[last].lower_ in number_words()["scales"] and not self.in_timex[last]
        if not (share or scaled) and any(self.in_timex[t.i] for t in toks):
            return True
        # "10-12 ,000" (a thousands group the tokenizer split off) is no date, whatever NER says
        split_group = share or any(t.text == "," for t in toks)
        # a unit on the digits or a currency code before them ("200lbs", "GBP 350") says what
        # the number is, whatever label NER gave it
        prev = doc[num.start - 1].lower_ if num.start > 0 else ""
        split_group = split_group or num.glued is not None or prev in v.currency_symbols
        numeric = (t for t in toks if t.like_num or t.text[:1].isdigit())
        if not split_group and any(t.ent_type_ in v.skip_labels for t in numeric):
            return True
        if any(":" in t.text or ("/" in t.text and not num.fraction) for t in toks):
            return True  # "10:30", "9/11"; "7 3/4" is a number
        before = doc[num.start - 1] if num.start > 0 else None
        if before is not None:
            if before.lower_.rstrip(".") in v.label_nouns or before.lower_ in v.age_words:
                return True
            if before.text in ("-", "#") and not before.whitespace_:
                return True  # "F-16", "#3"
            over = before.lower_ in ("over", "under") and num.start > 1
            if over and doc[num.start - 2].lower_ in v.age_words:
                return True  # "ages over 80"
        after = doc[num.end : num.end + 5].text.lower()
        if _AGE_AFTER.match(after):
            return True
        if num.end < len(doc) and doc[num.end].text == ")" and not num.spelled:
            head = doc[doc[num.start].sent.start : num.start].text
            if head.count("(") <= head.count(")") or (before is not None and before.text == "("):
                return True  # "1 )", "(2)": a list marker
        nxt = doc[num.end] if num.end < len(doc) else None
        if "=" in (getattr(before, "text", ""), getattr(nxt, "text", "")):
            return True  # "($1 = 0.6052 pounds)": a conversion note
        if nxt is not None and num.percent and _time_unit_next(doc, num.end, v):
            return True  # "the past half year", "half an hour"
        if (
            nxt is not None
            and nxt.text in ("-", "–")
            and not nxt.whitespace_
            and num.end + 1 < len(doc)
        ):
            compound = doc[num.end + 1]
            lemma = compound.lemma_.lower()
            measured = (lemma,) in v.measures or (compound.lower_,) in v.measures
            measured = measured or lemma in v.currency_words  # "a one-yen bid": an amount
            if compound.pos_ in _NOUNS and compound.head.i > compound.i and not measured:
                return True  # "the 27-member EU", "a 10-point plan": a description
        if _is_year(num, toks):
            return True
        window = self.text[max(0, toks.start_char - 6) : toks.end_char + 10]
        return bool(_PHONE.search(window)) and not num.spelled

    def share_word(self, num: Number) -> bool:
        """ "a quarter of Libya's output", "a fourth of the demand": a fraction word sharing
        something out, which the time and ordinal readings of the word ("a quarter", "a
        fourth") must not hide; "a quarter of an hour" stays a time."""
        doc = self.doc
        if not (num.percent and num.spelled) or num.end + 1 >= len(doc):
            return False
        if doc[num.end].lower_ != "of":
            return False
        j = num.end + 1
        while j + 1 < len(doc) and (doc[j].lower_ in _DETS or doc[j].lower_ in _TIME_DETS):
            j += 1
        nxt = doc[j]
        return nxt.lemma_.lower() not in self.v.time_units and not nxt.text[:1].isdigit()

    # one number ------------------------------------------------------------------------------

    def figure(self, num: Number) -> Figure | None:
        duration = self.duration(num) or self.length(num)
        if duration is not None:
            return duration
        if self.skipped(num):
            return None
        start, qualifier = self.qualifier(num)
        currency, start = self.currency_before(num, start)
        end = num.end
        unit: str | None = None
        counted: str | None = None
        noun: str | None = None
        cls: str | None = None
        kind = "count"
        implied: str | None = None
        head: Token | None = None
        pct_end = self.percent_after(num)
        if num.percent or pct_end:
            unit, kind = "percent", "percent"
            end = pct_end or num.end
            counted, noun, of_end = self.share_of(num, end)
            if num.percent and of_end:
                end = of_end
            head = self.doc[end - 1]
        elif currency or (word := self.currency_word(num)) is not None:
            if currency is None and word is not None:
                currency, end = word
                # "64.2 cents a dozen": cents have no cents of their own
                whole = self.doc[end - 1].lower_ not in self.v.subunits
                end, cents = self.subunit(end) if whole else (end, 0.0)
                num = replace(num, value=num.value + cents)
            unit, kind, counted = currency, "money", "money"
            head = self.doc[end - 1]
        elif (measure := self.measure_after(num)) is not None:
            (unit, counted), end = measure
            kind = "measure" if counted != "territory" else "territory"
            if counted == "distance" and self.locative(end):
                # "50 km from Tripoli": a distance that places something counts nothing of
                # the story, so it joins no series
                counted = None
            head = self.doc[end - 1]
        else:
            head = self.head_noun(num)
            if head is None:
                return self.level_figure(num, start, qualifier) or self.bare_count(
                    num, start, qualifier
                )
            lemma = head.lemma_.lower()
            if lemma in self.v.time_units or head.lower_ in self.v.time_units.values():
                return None  # "three days": a duration, the timex component's
            if lemma in self.v.frequency and (per := per_unit(self.doc, head.i + 1, self.f.fw)):
                return self.frequency(num, start, qualifier, head, per)
            if lemma in self.v.uncounted:
                return None  # "4 times", "thousands of lives ago"
            entry = self.noun_entry(head)
            if entry is not None and entry.get("unit") == "percent":
                entry = None  # "land", "territory" only name what a share is of
            prev = self.doc[num.start - 1] if num.start > 0 else None
            if entry is None and prev is not None and prev.pos_ == "PROPN":
                return None  # "France 2 television", "Channel 4 news": a name
            if entry is None and _model_number(num, self.doc, head):
                return None  # "the 8088 chip": a model number, not 8,088 of them
            if entry is None:
                small = num.spelled and not num.vague and num.value < 10
                if small and lemma in self.f.fw.rhetorical_nouns:
                    return None  # "two things", "one question": no count of anything
                if num.vague and head.i == num.start:
                    return None
                unit = head.lower_
                counted = self.compound_text(num.end, head)
            else:
                unit, counted, cls = entry.get("unit"), entry["counted"], entry.get("class")
                implied = entry.get("status")
                if unit == "people":
                    kind = "people"
            noun = lemma
            end = self.extend_conj(head) + 1
        if unit in ("percent",) and counted == "territory":
            kind = "territory"
        unit, end = self.per(unit, kind, end)
        if end < len(self.doc) and self.doc[end].lower_ in self.v.uncounted:
            return None  # "thousands of lives ago"
        qualifier, end = self.suffix_qualifier(num, qualifier, end)
        own = qualifier != "exact"
        if num.vague and qualifier == "exact":
            qualifier = "at_least"
        span = self.doc[start:end]
        fig = Figure(
            start_char=span.start_char,
            end_char=span.end_char,
            text=span.text,
            value=_plain(num.value),
            high=_plain(num.high) if num.high is not None else None,
            qualifier=qualifier,
            unit=unit,
            counted=counted,
            noun=noun,
            quantity=kind,
            head=head.i if head is not None else num.end - 1,
            cls=cls,
            own_qualifier=own,
            vague=num.vague,
            first=start,
            end=end,
        )
        if kind == "people" or cls:
            fig.status = self.status(fig, implied)
            fig.counted = self.counted_from_status(fig)
        referent = kind in ("count", "people") and fig.status is None
        if num.spelled and num.value == 1 and not num.vague and not own and referent:
            return None  # "one resident said", "one area": a reference, not a count; "one
            # dollar", "one mile" are amounts
        fig.subject = self.subject(fig)
        return fig

    def per(self, unit: str | None, kind: str, end: int) -> tuple[str | None, int]:
        """ "barrels a day" → barrels/day, "$108 a barrel" → USD/barrel; a count of people
        only over time ("1,000 people a day")."""
        if unit is None or "/" in unit or kind not in ("money", "measure", "people"):
            return unit, end
        found = per_unit(self.doc, end, self.f.fw)
        if found is None:
            return unit, end
        per, new_end = found
        if kind == "people" and per not in self.f.fw.rate_units.values():
            return unit, end
        return f"{unit}/{per}", new_end

    def frame(self, fig: Figure) -> None:
        """Period, modality, place and population, read from the figure's chain of heads."""
        head = self.doc[fig.head]
        fw = self.f.fw
        m = Measured(
            head=head,
            first=fig.first if fig.first >= 0 else head.i,
            end=fig.end if fig.end >= 0 else head.i + 1,
            quantity=fig.quantity,
            unit=fig.unit,
            status=fig.status,
            as_of=fig.as_of,
            as_of_from=fig.as_of_from,
            timex=fig.timex,
        )
        chain = head_chain(head, self.f.speech)
        fig.period, fig.period_start, fig.period_end, fig.period_cue = period_of(
            m, chain, self.timexes, fw
        )
        if fig.period_cue is None and fig.period in ("cumulative", "stock"):
            fig.other_time = untied_time(m, chain, self.timexes, fw)
        fig.modality = modality_of(m, chain, self.f.speech, self.dct, fw, self.timexes)
        if fig.quantity == "duration":
            self.length_frame(fig)
        elif fig.quantity == "measure" and fig.counted is None:
            # "50 km (30 miles) west of Tripoli, witnesses said": a distance that places
            # something is background, no one's claim
            fig.source = fig.source_span = fig.source_from = None
        if self.comments is not None and self.comments[0] <= fig.start_char < self.comments[1]:
            fig.modality = "opinion"  # a reader's comment under the article
            fig.source, fig.source_from = fw.comment_source, "comment"
        fig.certainty = certainty_of(head, m.first, m.end, fw)
        if fig.certainty and not fig.status:
            fig.status = fig.certainty  # "40 suspected cases": its only status
        place = place_of(head, chain, self.f.speech, fw)
        if place is not None:
            fig.place, fig.place_level = place
        fig.population = population_of(head, fig.quantity, fw)

    def qualifier(self, num: Number) -> tuple[int, str]:
        """(first token of the figure, qualifier) from the words right before the number."""
        doc = self.doc
        start = num.start
        if start > 0 and doc[start - 1].text in self.v.currency_symbols:
            start -= 1  # "more than $5 million"
        words = [t.lower_ for t in doc[max(0, start - 4) : start]]
        for phrase, qual in self.v.qualifiers:
            n = len(phrase)
            if n <= len(words) and tuple(words[-n:]) == phrase:
                first = start - n
                ambiguous = n == 1 and phrase[0] in ("some", "over", "under", "above", "below")
                if ambiguous and not self.qualifies(doc[first], num):
                    continue
                return first, qual
        return num.start, "exact"

    def qualifies(self, word: Token, num: Number) -> bool:
        """ "over 4,000 children" but not "fought over 2 towns" or "taken over 20 villages":
        the parse says whether the word modifies the number or the verb before it."""
        if word.head.lemma_.lower() in self.v.level_verbs:
            return True  # "the toll rose above 2,000", "is over 300": the level reached
        return not (word.dep_ in ("prt", "prep", "agent") and word.head.i < word.i)

    def suffix_qualifier(self, num: Number, qualifier: str, end: int) -> tuple[str, int]:
        """ "100 or more people", "130-plus": a qualifier after the number."""
        doc = self.doc
        j = num.end + (1 if num.end < len(doc) and doc[num.end].text in ("-",) else 0)
        words = [t.lower_ for t in doc[j : j + 2]]
        for phrase, qual in self.v.suffixes:
            if tuple(words[: len(phrase)]) == phrase:
                if qualifier == "exact":
                    qualifier = qual
                return qualifier, max(end, j + len(phrase))
        return qualifier, end

    def currency_before(self, num: Number, start: int) -> tuple[str | None, int]:
        doc = self.doc
        if num.glued in self.v.currency_symbols:  # "USD115", "115USD": written on the digits
            return self.v.currency_symbols[num.glued], start
        if num.start > 0:
            sym = doc[num.start - 1].lower_
            if sym.endswith("$") and sym[:-1] in self.v.currency_symbols:
                sym = sym[:-1]  # "usd$ 15", "aud$ 15": a code written with its sign
            if sym in self.v.currency_symbols:
                return self.v.currency_symbols[sym], min(start, num.start - 1)
        return None, start

    def currency_word(self, num: Number) -> tuple[str, int] | None:
        """(code, end) for "5 million dollars", "billions of dollars"."""
        j = num.end
        if num.vague and j + 1 < len(self.doc) and self.doc[j].lower_ == "of":
            j += 1
        elif j + 1 < len(self.doc) and self.doc[j].text in ("-", "–") and _glued_at(self.doc, j):
            j += 1  # "a one-yen bid", "a 10-dollar note"
        if j < len(self.doc):
            tok = self.doc[j]
            code = self.v.currency_words.get(tok.lemma_.lower()) or self.v.currency_words.get(
                tok.lower_.rstrip("s")
            )
            if not code and (adj := self.v.currency_adjectives.get(tok.lower_)):
                # "a quarter million us dollars", "125 million australian dollars"
                after = self.doc[j + 1] if j + 1 < len(self.doc) else None
                if after is not None and after.lemma_.lower() in self.v.currency_words:
                    return adj, j + 2
            if not code and tok.lower_ in self.v.currency_symbols and not tok.is_alpha:
                code = self.v.currency_symbols[tok.lower_]  # "5 €", "10 $"
            if not code and len(tok.text) == 3 and tok.lower_ in self.v.currency_symbols:
                code = self.v.currency_symbols[tok.lower_]  # "500 USD", "40 rmb"
            if not code and (scaled := scaled_code(tok.text)):
                code = self.v.currency_symbols[scaled[1]]  # "30 MUSD": the scanner scaled it
            if code:
                return code, j + 1
        return None

    def subunit(self, end: int) -> tuple[int, float]:
        """(end, value in units) of the cents after a currency word: "3 dollars 50 cents",
        "thirteen dollars and forty-five cents", "15 dollars 50"; (end, 0) when none."""
        doc = self.doc
        k = end + 1 if end < len(doc) and doc[end].lower_ == "and" else end
        sub = number_at(doc, k)
        if sub is None or sub.high is not None or sub.percent or not 0 < sub.value < 100:
            return end, 0.0
        after = doc[sub.end] if sub.end < len(doc) else None
        if after is not None and after.lower_ in self.v.subunits:
            return sub.end + 1, sub.value / 100
        if after is None or after.is_punct or after.lower_ in ("more", "less"):
            return sub.end, sub.value / 100
        return end, 0.0

    def percent_after(self, num: Number) -> int | None:
        words = [t.lower_ for t in self.doc[num.end : num.end + 2]]
        for phrase in self.v.percent:
            if tuple(words[: len(phrase)]) == phrase:
                return num.end + len(phrase)
        return None

    def measure_after(self, num: Number) -> tuple[tuple[str, str], int] | None:
        start = num.end
        if num.glued is not None and (num.glued,) in self.v.measures:
            return self.v.measures[(num.glued,)], start  # "200lbs", "24703m2"
        if num.vague and start < len(self.doc) and self.doc[start].lower_ == "of":
            start += 1  # "hundreds of kilometres"
        elif start < len(self.doc) and self.doc[start].text in ("-", "–"):
            start += 1  # "a 3-inch thickness", "the six-mile trip"
        toks = self.doc[start : start + 2]
        lemmas = [t.lemma_.lower() for t in toks]
        texts = [t.lower_ for t in toks]
        for n in (2, 1):
            for words in (tuple(lemmas[:n]), tuple(texts[:n])):
                if len(words) == n and words in self.v.measures:
                    return self.v.measures[words], start + n
        return None

    def locative(self, end: int) -> bool:
        """A distance that places something ("50 km (30 miles) south of X"), or a size."""
        for tok in self.doc[end : end + 6]:
            if tok.lower_ in self.v.locatives:
                return True
            if tok.pos_ in _VERBS or tok.text in (",", ".", ";"):
                return False
        return False

    def share_of(self, num: Number, end: int) -> tuple[str | None, str | None, int | None]:
        """What a share is of: "half of Gaza" → territory; "30 per cent of voters" → voters."""
        doc = self.doc
        if end >= len(doc) or doc[end].lower_ != "of":
            return None, None, None
        of = doc[end]
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None)
        if pobj is None:
            return None, None, None
        lemma = pobj.lemma_.lower()
        entry = self.v.nouns.get(lemma)
        if (
            lemma in self.v.place_nouns
            or pobj.ent_type_ in self.v.place_labels
            or (entry and entry["counted"] == "territory")
        ):
            return "territory", lemma, pobj.i + 1
        if entry:
            return entry["counted"], lemma, pobj.i + 1
        return pobj.lower_, lemma, pobj.i + 1

    def head_noun(self, num: Number) -> Token | None:
        """The noun a number counts: its syntactic head, or the object of "of" ("dozens of
        people", "two of the hostages"); None for a bare number."""
        doc = self.doc
        last = doc[num.end - 1]
        if num.end < len(doc) and doc[num.end].lower_ == "of":
            pobj = next((c for c in doc[num.end].children if c.dep_ == "pobj"), None)
            if pobj is None or pobj.pos_ not in _NOUNS or pobj.lower_ in _DETS:
                return None
            return pobj if num.vague or num.spelled or pobj.tag_ in ("NNS", "NNPS") else None
        head = last.head
        if (
            last.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod", "npadvmod")
            and head.pos_ in _NOUNS
            and 0 < head.i - last.i <= _MAX_GAP
        ):
            return head
        # a parse that missed the noun: the next noun after adjectives and compounds
        for tok in doc[num.end : num.end + _MAX_GAP]:
            if tok.pos_ in _NOUNS and tok.tag_ in ("NNS", "NNPS"):
                return tok
            if tok.pos_ not in ("ADJ", "NOUN", "PROPN", "PUNCT") or tok.text in (",", "."):
                break
        return None

    def noun_entry(self, head: Token) -> dict[str, str] | None:
        lemma = head.lemma_.lower()
        for child in head.lefts:
            if child.dep_ == "compound":
                entry = self.v.nouns.get(f"{child.lemma_.lower()} {lemma}")
                if entry:
                    return entry
        entry = self.v.nouns.get(lemma) or self.v.nouns.get(head.lower_)
        if entry is None and head.ent_type_ in self.v.person_labels:
            return {"counted": "people", "unit": "people", "class": "person"}
        return entry

    def compound_text(self, after: int, head: Token) -> str:
        """ "terror targets", "targeted eliminations": the words from the number to its noun."""
        words = [t.lower_ for t in self.doc[after : head.i + 1] if not (t.is_punct or t.is_space)]
        return " ".join(words)

    def extend_conj(self, head: Token) -> int:
        """Last token of "women and children": conjuncts of the same unit with no number of
        their own (not "10 hostages and a temporary truce")."""
        last = head.i
        entry = self.noun_entry(head)
        if entry is None:
            return last
        for c in head.rights:
            if c.dep_ == "conj" and c.pos_ in _NOUNS:
                other = self.noun_entry(c)
                if other is None or other.get("unit") != entry.get("unit"):
                    break
                if any(g.dep_ == "nummod" or g.like_num for g in c.children):
                    break
                last = c.i
        return last

    def duration(self, num: Number) -> Figure | None:
        """ "five-day truce", "a 72-hour ceasefire": a length, counted as "<noun> length"."""
        doc = self.doc
        j = num.end
        if j < len(doc) and doc[j].text in ("-", "–"):
            j += 1
        if j >= len(doc) or doc[j].lemma_.lower() not in self.v.time_units:
            return None
        unit_tok = doc[j]
        noun = unit_tok.head
        after = doc[j + 1] if j + 1 < len(doc) else None
        if after is not None and after.lower_ in ("-", "old") or noun.i <= j:
            return None  # "18-year-old": an age
        if noun.pos_ not in _NOUNS or noun.lemma_.lower() in self.v.time_units:
            return None
        if noun.lemma_.lower() in self.v.duration_skip:
            return None  # "the 30-day average": a statistic's window, not a length claim
        if num.reversed_pair or any(t.ent_type_ in ("TIME",) for t in doc[num.start : num.end]):
            return None
        span = doc[num.start : noun.i + 1]
        times = self.v.time_multiples.get(unit_tok.lemma_.lower(), 1.0)
        return Figure(
            start_char=span.start_char,
            end_char=span.end_char,
            text=span.text,
            value=_plain(num.value * times),
            high=_plain(num.high * times) if num.high is not None else None,
            qualifier="exact",
            unit=self.v.time_units[unit_tok.lemma_.lower()],
            counted=f"{noun.lemma_.lower()} length",
            noun=noun.lemma_.lower(),
            quantity="duration",
            head=noun.i,
            first=num.start,
            end=noun.i + 1,
        )

    def time_unit_at(self, j: int) -> str | None:
        """The lemma of a time unit at token ``j`` ("days", "decade"), else None."""
        if j >= len(self.doc):
            return None
        tok = self.doc[j]
        for word in (tok.lemma_.lower(), tok.lower_):
            if word in self.v.time_units:
                return word
        return None

    def length(self, num: Number) -> Figure | None:
        """ "five days of violence", "four decades", "the past 40 years", "a 41-year-old
        rule", "is 60 years old": how long something lasted (or how old it is); not "ten days
        ago" (a point in time) nor "a 45-year-old man" (a person described by age)."""
        doc = self.doc
        j = num.end
        glued = j < len(doc) and doc[j].text in ("-", "–") and not doc[j - 1].whitespace_
        if glued:
            j += 1
        elif j < len(doc) and doc[j].lower_ in self.v.length_fillers:
            j += 1  # "two more decades"
        lemma = self.time_unit_at(j)
        if lemma is None or num.percent or num.reversed_pair or num.start == num.end:
            return None
        toks = doc[num.start : num.end]
        if any(":" in t.text or ("/" in t.text and not num.fraction) for t in toks):
            return None
        if num.start > 0 and doc[num.start - 1].lower_.rstrip(".") in self.v.label_nouns:
            return None  # "day 3 hours"
        after = [t.lower_ for t in doc[j + 1 : j + 3]]
        if any(tuple(after[: len(p)]) == p for p in self.v.length_skip):
            return None
        end = j + 1
        counted: str | None = "duration"
        k = j + 1
        if k < len(doc) and doc[k].text in ("-", "–"):
            k += 1
        described = _noun_after(doc, k + 1 if k < len(doc) and doc[k].lower_ == "old" else k)
        if k < len(doc) and doc[k].lower_ == "old":
            if described is not None and (glued or doc[k].dep_ == "amod"):
                if not self.lasting(described):
                    return None  # "a 45-year-old man": a description, not a claim
                end = k + 1
            else:
                counted, end = None, k + 1  # "she is 60 years old": an age
        elif after[:2] == ["of", "age"]:
            counted, end = None, j + 3  # "18 months of age"
        elif glued and described is not None and described.lemma_.lower() in self.v.duration_skip:
            return None  # "a three-year high": a statistic's window
        start, qualifier = self.qualifier(num)
        times = self.v.time_multiples.get(lemma, 1.0)
        span = doc[start:end]
        return Figure(
            start_char=span.start_char,
            end_char=span.end_char,
            text=span.text,
            value=_plain(num.value * times),
            high=_plain(num.high * times) if num.high is not None else None,
            qualifier="at_least" if num.vague and qualifier == "exact" else qualifier,
            unit=self.v.time_units[lemma],
            counted=counted,
            noun=lemma,
            quantity="duration",
            head=j,
            own_qualifier=qualifier != "exact",
            vague=num.vague,
            first=start,
            end=end,
        )

    def presupposed(self, fig: Figure) -> bool:
        """A length that describes a noun ("five days of violence", "his 41-year rule"): the
        text takes it as given, whatever the clause around it says."""
        doc = self.doc
        unit = doc[fig.head]
        after = doc[fig.end] if fig.end < len(doc) else None
        if after is not None and after.lower_ == "of" and fig.end == unit.i + 1:
            return True
        return unit.head.i > unit.i and unit.head.pos_ in _NOUNS and unit.dep_ != "npadvmod"

    def length_frame(self, fig: Figure) -> None:
        """Period, modality, source and qualifier of a length. A length that describes a
        noun ("five days of violence", "his 41-year rule") is taken as given: asserted, and
        no one's claim even inside a statement. A length running up to now ("has ruled for
        41 years") is a state at the time of writing (stock), and one in years is an age
        given rounded; any other length is a bounded stretch ("lasted six months": interval).
        Lengths counted in decades or centuries are round numbers (approximate)."""
        doc = self.doc
        first = fig.first if fig.first >= 0 else fig.head
        at = [i for i in range(first, fig.head + 1) if self.time_unit_at(i) is not None]
        unit = doc[at[-1] if at else fig.head]
        glued = unit.i > first and doc[unit.i - 1].text in ("-", "–")
        # "a 72-hour truce": the head is the noun the length describes, not its unit
        given = glued or unit.i != fig.head or self.presupposed(fig)
        running = self.up_to_now(unit)
        if given:
            fig.modality = "asserted"  # "after four decades of his rule would…": a given length
        if given and unit.i == fig.head:
            # "five days of violence": background; but "a five-day truce" is part of the claim
            fig.source = fig.source_span = fig.source_from = None
        fig.period = "stock" if given or running else "interval"
        if fig.qualifier != "exact":
            return
        lemma = self.time_unit_at(unit.i)
        years = fig.unit == self.v.rounded_time_unit and (running or glued)
        if lemma in self.v.round_time_units or years:
            fig.qualifier = "approx"

    def up_to_now(self, unit: Token) -> bool:
        """The length's clause is in the perfect ("has ruled for 41 years", "42 years we have
        heard these lies"): it runs up to the time of writing."""
        for tok in [unit, *unit.ancestors]:
            if tok.pos_ in _VERBS and tok.dep_ != "aux":
                return any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in tok.children)
        return False

    def lasting(self, noun: Token) -> bool:
        """ "rule", "state of emergency": a thing whose age is how long it has lasted."""
        lemma = noun.lemma_.lower()
        if lemma in self.v.lasting:
            return True
        prep = next((c for c in noun.children if c.dep_ == "prep"), None)
        if prep is None:
            return False
        tail = next((c for c in prep.children if c.dep_ == "pobj"), None)
        return tail is not None and f"{lemma} {prep.lower_} {tail.lemma_.lower()}" in self.v.lasting

    def frequency(
        self, num: Number, start: int, qualifier: str, head: Token, per: tuple[str, int]
    ) -> Figure:
        """ "three times a day", "about three times a century": occurrences per unit of time."""
        unit, end = per
        span = self.doc[start:end]
        return Figure(
            start_char=span.start_char,
            end_char=span.end_char,
            text=span.text,
            value=_plain(num.value),
            high=_plain(num.high) if num.high is not None else None,
            qualifier=qualifier,
            unit=f"times/{unit}",
            counted=None,
            noun=head.lemma_.lower(),
            quantity="count",
            head=head.i,
            own_qualifier=qualifier != "exact",
            vague=num.vague,
            first=start,
            end=end,
        )

    def elliptic(self, num: Number, found: list[Figure]) -> Figure | None:
        """ "20 cases in the United States and six in Canada": a bare number joined to a count
        counts what that count counts."""
        root = _root(self.doc, num)
        if root.dep_ not in ("conj", "appos") or self.skipped(num):
            return None
        if num.start > 0 and self.doc[num.start - 1].lower_ in self.v.bare_determiners:
            return None
        other = root.head.i
        verb = self.doc[other].pos_ in _VERBS

        def joined(f: Figure) -> bool:
            if f.head == other or f.first <= other < f.end:
                return True
            # "20 cases were found in X and six in Y": both hang off the verb
            return verb and self.doc[f.head].head.i == other and f.end <= num.start

        like = next(
            (f for f in reversed(found) if f.quantity in ("people", "count") and joined(f)), None
        )
        if like is None:
            return None
        start, qualifier = self.qualifier(num)
        span = self.doc[start : num.end]
        return replace(
            like,
            start_char=span.start_char,
            end_char=span.end_char,
            text=span.text,
            value=_plain(num.value),
            high=_plain(num.high) if num.high is not None else None,
            qualifier="at_least" if num.vague and qualifier == "exact" else qualifier,
            head=root.i,
            own_qualifier=qualifier != "exact",
            vague=num.vague,
            first=start,
            end=num.end,
            status_tok=-1,
        )

    def bare_count(self, num: Number, start: int, qualifier: str) -> Figure | None:
        """A number with no noun that counts people: "about 320 had been killed", "killed more
        than 200", "150 dead", "100 of them", "a nation of six million"."""
        doc = self.doc
        root = _root(doc, num)
        end = num.end
        nxt = doc[end] if end < len(doc) else None
        status: str | None = None
        counted, noun = "people", None
        if num.start > 0 and doc[num.start - 1].lower_ in self.v.bare_determiners:
            return None  # "the two met": people already named
        if nxt is not None and nxt.tag_ in ("JJ", "VBN") and self.status_of(nxt):
            status, end = self.status_of(nxt), end + 1  # "150 dead", "421 infected"
        elif (
            nxt is not None
            and nxt.lower_ == "of"
            and end + 1 < len(doc)
            and doc[end + 1].lower_ in self.v.people_pronouns
        ):
            end += 2  # "100 of them", "thousands of whom"
        elif root.dep_ == "pobj" and root.head.lower_ == "of":
            if root.head.head.lemma_.lower() not in self.v.populated:
                return None
            counted = noun = "population"  # "a nation of six million"
        elif root.dep_ in ("nsubj", "nsubjpass") and root.head.pos_ in _VERBS:
            pass  # "thousands filled the streets", "about 320 had been killed"
        elif root.dep_ == "attr" and any(c.dep_ == "expl" for c in root.head.children):
            pass  # "there were hundreds"
        elif root.dep_ in ("dobj", "conj", "appos") and self.status_of(root.head):
            pass  # "has killed more than 200", "infected 20"
        else:
            return None
        if num.spelled and num.value < 2 and end == num.end:
            return None  # "one said": a pronoun
        span = doc[start:end]
        fig = Figure(
            start_char=span.start_char,
            end_char=span.end_char,
            text=span.text,
            value=_plain(num.value),
            high=_plain(num.high) if num.high is not None else None,
            qualifier="at_least" if num.vague and qualifier == "exact" else qualifier,
            unit="people",
            counted=counted,
            noun=noun,
            quantity="people",
            head=root.i,
            cls="person" if counted == "people" else None,
            own_qualifier=qualifier != "exact",
            vague=num.vague,
            first=start,
            end=end,
        )
        if status is not None:
            fig.status = status
        elif counted == "people":
            fig.status = self.status(fig, None)
        fig.counted = self.counted_from_status(fig)
        if num.spelled and num.value < 10 and not num.vague and fig.status is None:
            return None  # "two of them are seniors": people already named, unless a status
        return fig

    def level_figure(self, num: Number, start: int, qualifier: str) -> Figure | None:
        """ "the death toll rose to 50": a bare number takes its kind from the subject."""
        tok = self.doc[num.end - 1]
        verb = tok.head
        if verb.pos_ == "ADP":
            verb = verb.head
        if verb.lemma_.lower() not in self.v.level_verbs or num.vague:
            return None
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None:
            return None
        entry = self.noun_entry(subj)
        if entry is None or entry.get("unit") == "percent":
            return None
        span = self.doc[start : num.end]
        fig = Figure(
            start_char=span.start_char,
            end_char=span.end_char,
            text=span.text,
            value=_plain(num.value),
            high=_plain(num.high) if num.high is not None else None,
            qualifier=qualifier,
            unit=entry.get("unit"),
            counted=entry["counted"],
            noun=subj.lemma_.lower(),
            quantity="people" if entry.get("unit") == "people" else "count",
            head=subj.i,
            cls=entry.get("class"),
            own_qualifier=qualifier != "exact",
            first=start,
            end=num.end,
        )
        fig.status = entry.get("status")
        fig.subject = self.subject(fig)
        return fig

    # status --------------------------------------------------------------------------------

    def status(self, fig: Figure, implied: str | None) -> str | None:
        """The noun's own status words first ("hostages still held", "people killed"), then the
        words it depends on ("captured 239 hostages", "the release of 100"), then modality."""
        if implied:
            return implied
        head = self.doc[fig.head]
        found = None
        if head.dep_ in ("nsubj", "nsubjpass") and head.head.pos_ in _VERBS:
            # "the last 12 hostages held there were freed": the predicate wins
            found = self.predicate_status(head.head, head)
        found = found or self.own_status(head) or self.governing_status(head)
        if found is None:
            return None
        status, tok = found
        fig.status_tok = tok.i
        base = self.v.modal_bases.get(status)
        if base is None:
            return status
        mode = self.modality(tok)
        return f"{mode}_{base}" if mode else status

    def status_of(self, tok: Token) -> str | None:
        status = self.v.statuses.get(tok.lemma_.lower()) or self.v.statuses.get(tok.lower_)
        return status if status in self.v.people_statuses else None

    def own_status(self, head: Token) -> tuple[str, Token] | None:
        for child in head.children:
            if child.dep_ in ("acl", "relcl", "amod") and child.i != head.i:
                status = self.status_of(child)
                if status:
                    return status, child
                for grand in child.children:  # "who remain in captivity"
                    if grand.dep_ in ("prep", "acomp", "xcomp", "oprd"):
                        status = self.status_of(grand) or _pobj_status(self, grand)
                        if status:
                            return status, child
        return None

    def predicate_status(self, verb: Token, head: Token) -> tuple[str, Token] | None:
        """ "300 remain missing", "30 were killed": the complement first, then the verb."""
        for child in verb.children:
            if child.dep_ in ("xcomp", "oprd", "acomp", "attr") and child.i > head.i:
                status = self.status_of(child)
                if status:
                    return status, child
        status = self.status_of(verb)
        return (status, verb) if status else None

    def governing_status(self, head: Token) -> tuple[str, Token] | None:
        tok = head
        for _ in range(_MAX_CLIMB):
            if tok.head.i == tok.i:
                return None
            tok = tok.head
            if tok.pos_ in _VERBS:
                # "30 reported killed", "300 remain missing": the verb's complement first
                for child in tok.children:
                    if child.dep_ in ("xcomp", "oprd", "acomp", "attr", "ccomp") and (
                        child.i > head.i
                    ):
                        status = self.status_of(child)
                        if status:
                            return status, child
            status = self.status_of(tok) or self.v.nouns.get(tok.lemma_.lower(), {}).get("status")
            if status:
                return status, tok
            if tok.pos_ in _VERBS:
                if tok.lemma_.lower() in self.f.speech:
                    return None  # "X said ..." ends the clause the status could be in
                if tok.lemma_.lower() not in self.v.level_verbs:
                    return None
        return None

    def modality(self, tok: Token) -> str | None:
        """offered / demanded / proposed, from the words a release depends on; "in exchange
        for" flips offer and demand."""
        flipped = False
        for _ in range(_MAX_CLIMB):
            if tok.head.i == tok.i:
                return None
            tok = tok.head
            lemma = tok.lemma_.lower()
            if lemma in self.v.flips:
                flipped = not flipped
                continue
            mode = self.v.modality.get(lemma)
            if mode is not None:
                if flipped and mode in ("offered", "demanded"):
                    return "demanded" if mode == "offered" else "offered"
                return mode
            if lemma in self.f.speech:
                return None
        return None

    def counted_from_status(self, fig: Figure) -> str | None:
        if fig.cls != "person" or fig.status is None:
            return fig.counted
        base = fig.status.rsplit("_", 1)[-1]
        base = {v: k for k, v in self.v.modal_bases.items()}.get(base, base)
        if fig.status in self.v.status_counted:
            return self.v.status_counted[fig.status]
        if base in self.v.captive_statuses:
            captive = self.captive_near(fig)
            if captive is None:
                # "taken to the streets", "only a few thousand remain", "released from
                # hospital": without a captive in the text the verb is no captivity
                fig.status = None
                return fig.counted
            return captive
        return fig.counted

    def captive_near(self, fig: Figure) -> str | None:
        """The evidence that people are captives: the status word itself ("held captive",
        "kidnapped"), else a captive noun (hostages, prisoners) in the figure's sentence or
        the few before it (the last one before the figure)."""
        if fig.status_tok >= 0:
            word = self.doc[fig.status_tok]
            named = self.v.captive_words.get(word.lemma_.lower()) or self.v.captive_words.get(
                word.lower_
            )
            if named:
                return named
        sent = self.doc[fig.head].sent
        k = bisect_right(self.sent_starts, sent.start) - 1
        first = self.sent_starts[max(0, k - self.v.captive_window)]
        best = None
        for j, counted in self.captives:
            if j >= sent.end:
                break
            if j >= first:
                best = counted
        return best

    def inherit(self, found: list[Figure]) -> None:
        """ "more than 11,000 lives, including over 4,000 children and 3,000 women": a figure
        inside another one takes its status (and a conjunct its qualifier)."""
        by_head = {f.head: f for f in found}
        for fig in found:
            if fig.status is not None or fig.quantity != "people":
                continue
            tok = self.doc[fig.head]
            for _ in range(4):
                if tok.head.i == tok.i:
                    break
                conj = tok.dep_ == "conj"
                tok = tok.head
                parent = by_head.get(tok.i) or self.object_figure(tok, fig, by_head)
                if parent is not None and parent is not fig and parent.status:
                    fig.status = parent.status
                    if fig.cls == "person":
                        fig.counted = parent.counted
                    if conj and not fig.own_qualifier and parent.own_qualifier:
                        fig.qualifier = parent.qualifier
                    break
                if tok.pos_ in _VERBS and tok.lemma_.lower() != "include":
                    break

    def object_figure(self, verb: Token, fig: Figure, by_head: dict[int, Figure]) -> Figure | None:
        """ "claimed 11,000 lives, including 4,000 children": the figure "including" hangs off
        the verb beside."""
        if verb.pos_ not in _VERBS:
            return None
        for child in verb.children:
            if child.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and child.i < fig.head:
                parent = by_head.get(child.i)
                if parent is not None:
                    return parent
        return None

    # subject -------------------------------------------------------------------------------

    def subject(self, fig: Figure) -> str | None:
        """Whose or where, in a few words: "Palestinians in Gaza", "in Israel", "by Hamas"."""
        head = self.doc[fig.head]
        parts: list[str] = []
        if head.ent_type_ in self.v.person_labels:
            parts.append(head.text)
        else:
            parts.extend(c.text for c in head.lefts if c.ent_type_ in self.v.person_labels)
        anchors = [head]
        if head.head.i != head.i and head.dep_ in ("nsubj", "nsubjpass", "dobj"):
            anchors.append(head.head)
        anchors.extend(c for c in head.children if c.dep_ in ("acl", "relcl"))
        for anchor in anchors:
            for prep in anchor.children:
                if prep.dep_ != "prep" and prep.dep_ != "agent":
                    continue
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if pobj is None:
                    continue
                if pobj.ent_type_ in self.v.place_labels or (
                    prep.lower_ == "by" and pobj.ent_type_ in ("ORG", "NORP", "GPE")
                ):
                    words = self.doc[pobj.left_edge.i : pobj.i + 1].text
                    parts.append(f"{prep.lower_} {words}")
        return " ".join(dict.fromkeys(parts)) or None

    # source --------------------------------------------------------------------------------

    def attribute(self, fig: Figure) -> None:
        """The speaker of the innermost statement holding the figure, else "according to X"
        or "X said" in its sentence; a news outlet relaying it is added as "(via X)"."""
        primary: tuple[str, list[int] | None, str] | None = None
        holding = [
            st
            for st in self.statements
            if st.get("speaker")
            and st["start_char"] <= fig.start_char
            and fig.end_char <= st["end_char"]
        ]
        head = self.doc[fig.head]
        if not holding:
            # "X could make N doses, meaning it would take four years, Y found": the
            # statement's text stops early, but its cue verb still governs the figure
            holding = [st for st in self.statements if self.cue_over(st, head)]
        if holding:
            st = min(holding, key=lambda s: s["end_char"] - s["start_char"])  # the innermost
            primary = (st["speaker"], st.get("speaker_span"), "statement")
        sent = head.sent
        cues = self.cues(sent, head)
        # an outlet that reports ("NHK reported") relays before one named in a phrase
        relays = sorted((c for c in cues if c[3]), key=lambda c: c[2] != "said")
        if primary is None:
            own = [c for c in cues if not c[3]]
            if own:
                name, span, how, _ = own[0]
                primary = (name, span, how)
        if primary is None and relays:
            name, span, how, _ = relays[0]
            fig.source, fig.source_span, fig.source_from = name, span, how
            return
        if primary is None:
            return
        name, span, how = primary
        for relay, _, _, _ in relays:
            if relay.casefold() not in name.casefold() and name.casefold() not in relay.casefold():
                name = f"{name} (via {relay})"
                break
        fig.source, fig.source_span, fig.source_from = name, _span(span), how

    def cues(self, sent: Span, head: Token) -> list[tuple[str, list[int] | None, str, bool]]:
        """(name, char span, how, is_media) for every attribution in the sentence: phrases
        ("according to X", "as per X"), speech verbs over the figure ("X said"), and news
        outlets reporting anywhere in the sentence ("…, Reuters reported")."""
        out: list[tuple[str, list[int] | None, str, bool]] = []
        words = [t.lower_ for t in sent]
        for k in range(len(sent)):
            for phrase in self.v.attribution:
                if tuple(words[k : k + len(phrase)]) != phrase:
                    continue
                last = sent[k + len(phrase) - 1]
                obj = next((c for c in last.children if c.dep_ in ("pobj", "dobj")), None)
                if obj is None and last.i + 1 < len(self.doc):
                    obj = _next_noun(self.doc, last.i + 1)
                if obj is None or (phrase == ("per",) and obj.i not in self.ent_at):
                    continue
                how = "according_to" if phrase[0] == "according" else "_".join(phrase)
                # "citing X" / "quoting X" name the source an outlet relays, never a relay
                media = phrase[0] not in ("citing", "quoting") and self.is_media(obj)
                out.append((*self.source_name(obj), how, media))
                break
        says = self.speech_over(head)
        for tok in sent:
            if tok.lemma_.lower() not in self.f.speech or tok.pos_ not in _VERBS:
                continue
            subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is None:
                # "..., reported news agency Reuters": the outlet parsed as the object
                subj = next((c for c in tok.children if c.dep_ == "dobj"), None)
                if subj is None or subj.pos_ != "PROPN" or not self.is_media(subj):
                    continue
            if subj.pos_ == "PRON":
                continue
            media = self.is_media(subj)
            if media or tok.i in says:
                out.append((*self.source_name(subj), "said", media))
        return out

    def cue_over(self, st: dict[str, Any], head: Token) -> bool:
        """The statement has a speaker and its cue verb takes the figure's clause as its
        content (through complement links only)."""
        cue = st.get("cue_span")
        if not st.get("speaker") or not cue:
            return False
        span = self.doc.char_span(cue[0], cue[1], alignment_mode="expand")
        who = st.get("speaker_span")
        speaker = self.doc.char_span(who[0], who[1], alignment_mode="expand") if who else None
        if span is None or speaker is None or speaker.root.pos_ == "PRON":
            return False  # "you might think…": a generic reader, no source (as in ``cues``)
        child = head
        for anc in head.ancestors:
            if anc.i == span[0].i:
                return child.dep_ in _CONTENT_DEPS
            child = anc
        return False

    def speech_over(self, head: Token) -> set[int]:
        """Speech verbs whose complement clause holds the figure ("X said 30 were killed"), not
        those it is the object of ("operations have claimed 11,000 lives")."""
        out = set()
        child = head
        for anc in head.ancestors:
            if anc.lemma_.lower() in self.f.speech and child.dep_ in _CONTENT_DEPS:
                out.add(anc.i)
            child = anc
        return out

    def is_media(self, tok: Token) -> bool:
        words = [t.lower_ for t in phrase_tokens(tok)]
        if any(w in self.f.media_nouns for w in words):
            return True
        m = self.ent_at.get(tok.i)
        names = {" ".join(words), tok.lower_}
        if m:
            names |= {m["text"].lower(), m["canonical"].lower()}
        return bool(names & self.f.media_names)

    def source_name(self, tok: Token) -> tuple[str, list[int]]:
        """The canonical entity a source phrase names, else the phrase without its article."""
        m = self.ent_at.get(tok.i)
        if m is None:
            for child in tok.lefts:  # "Xinhua news agency"
                if child.dep_ == "compound" and child.i in self.ent_at:
                    m = self.ent_at[child.i]
                    break
        if m is not None:
            return m["canonical"], [m["start_char"], m["end_char"]]
        words = phrase_tokens(tok)
        while words and words[0].lower_ in _DETS:
            words = words[1:]
        if not words:
            words = [tok]
        span = self.doc[words[0].i : words[-1].i + 1]
        return span.text, [span.start_char, span.end_char]

    # as-of date ----------------------------------------------------------------------------

    def date(self, fig: Figure) -> None:
        """A date timex of the figure's clause (directly: "timex"; through an event noun such
        as "the attack on October 7": "event"); "since X" and undated clauses are running
        counts: the publication date."""
        head = self.doc[fig.head]
        chain = {head.i: 0}
        for depth, anc in enumerate(head.ancestors, start=1):
            chain[anc.i] = depth
        sent = head.sent
        best: tuple[int, int, dict[str, Any], AsOfFrom] | None = None
        for t in self.timexes:
            if not (sent.start_char <= t["start"] < sent.end_char):
                continue
            if t.get("type") == "SET" and fig.vague:
                toks = [self.doc[i] for i in self.tokens_of(t["start"], t["end"])]
                fig.rate = fig.rate or (bool(toks) and self.reach(toks, chain) is not None)
                continue
            if t.get("type") not in ("DATE", "TIME") or t.get("value") in _REF_VALUES:
                continue
            if t.get("signal") or t.get("interval_begin"):
                continue  # "since March 18": a running count up to the publication
            toks = [self.doc[i] for i in self.tokens_of(t["start"], t["end"])]
            if not toks or fig.head in {x.i for x in toks}:
                continue
            reach = self.reach(toks, chain)
            if reach is None:
                continue
            depth, via = reach
            distance = abs(t["start"] - fig.start_char)
            if best is None or (depth, distance) < (best[0], best[1]):
                best = (depth, distance, t, via)
        if best is not None:
            t = best[2]
            fig.as_of = str(t["value"])[:10] if t.get("type") == "TIME" else str(t["value"])
            fig.as_of_from = best[3]
            fig.as_of_span = [t["start"], t["end"]]
            fig.timex = t
            return
        fig.as_of, fig.as_of_from = self.dct, "publication"

    def share_event_dates(self, found: list[Figure]) -> None:
        """ "1,200 people were killed and 252 hostages taken on that day": counts of one
        happening in one sentence share the date one of them reached through the parse, even
        when the parser attached the other elsewhere."""
        dated = [
            f
            for f in found
            if f.as_of_from in ("timex", "event") and f.status in self.v.event_statuses
        ]
        for fig in found:
            if fig.as_of_from != "publication" or fig.status not in self.v.event_statuses:
                continue
            sent = self.doc[fig.head].sent
            same = [d for d in dated if self.doc[d.head].sent.start == sent.start]
            if len({d.as_of for d in same}) == 1:
                fig.as_of, fig.as_of_from = same[0].as_of, same[0].as_of_from
                fig.as_of_span, fig.timex = same[0].as_of_span, same[0].timex

    def share_per_units(self, found: list[Figure]) -> None:
        """ "Brent rose $2.64 to $108.42 a barrel": amounts of one currency in one sentence
        share the one denominator the sentence gives."""
        for fig in found:
            if fig.quantity != "money" or not fig.unit or "/" in fig.unit:
                continue
            sent = self.doc[fig.head].sent
            pers = {
                f.unit
                for f in found
                if f.quantity == "money"
                and (f.unit or "").startswith(f"{fig.unit}/")
                and self.doc[f.head].sent.start == sent.start
            }
            if len(pers) == 1:
                fig.unit = pers.pop()

    def reach(self, toks: list[Token], chain: dict[int, int]) -> tuple[int, AsOfFrom] | None:
        """Where a timex meets the figure's chain of heads: (depth, how), or None when it sits
        in another finite clause or after "since"."""
        inside = {t.i for t in toks}
        root = next((t for t in toks if t.head.i not in inside or t.head.i == t.i), toks[0])
        via: AsOfFrom = "timex"
        tok = root
        first = True
        for _ in range(_MAX_CLIMB * 2):
            if tok.i in chain:
                return chain[tok.i], via
            if any(tok.lower_ == p[0] for p in self.v.running if len(p) == 1):
                return None
            if tok.pos_ in _VERBS and not first and _finite(tok):
                return None
            if tok.head.i == tok.i:
                return None
            parent = tok.head
            if first and parent.pos_ == "ADP":
                parent_noun = parent.head
                if parent_noun.pos_ in _NOUNS:
                    via = "event"
            elif first and parent.pos_ in _NOUNS:
                via = "event"
            first = False
            tok = parent
        return None


# --- helpers ----------------------------------------------------------------------------------


def _rows(doc: Doc, name: str) -> list[dict[str, Any]]:
    if not Doc.has_extension(name):
        return []
    rows = getattr(doc._, name) or []
    return [r if isinstance(r, dict) else r.to_dict() for r in rows]


def _dct(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)[:10]


def _plain(value: float) -> float | int:
    """1200.0 → 1200; 1.37 stays; a share from a fraction (33.333…) → 33.3."""
    if float(value).is_integer():
        return int(value)
    rounded = round(float(value), 4)
    return round(rounded, 1) if rounded != round(float(value), 6) else rounded


def _model_number(num: Number, doc: Doc, head: Token) -> bool:
    """Four digits or more without a thousands comma before a singular noun: a name or a
    model ("the 8088 chip"); a count that large is written "8,088" and takes a plural."""
    text = doc[num.start].text
    return num.end - num.start == 1 and text.isdigit() and len(text) >= 4 and head.tag_ == "NN"


def _nothing(fig: Figure) -> bool:
    """A count of nothing ("zero-coupon", "0 people"): no claim to track. Percentages and
    measures keep their 0 ("0 percent", "0 degrees")."""
    return fig.value == 0 and fig.high is None and fig.quantity in ("count", "people", "money")


def _glued_at(doc: Doc, j: int) -> bool:
    """The token at ``j`` touches both neighbours ("one-yen")."""
    return not doc[j - 1].whitespace_ and not doc[j].whitespace_


def _span(span: Any) -> list[int] | None:
    return [int(span[0]), int(span[1])] if span else None


def _finite(tok: Token) -> bool:
    """A verb heading its own clause ("after Israel ended ..."), not "citing a post"."""
    return any(c.dep_ in _FINITE_DEPS for c in tok.children) or tok.tag_ in ("VBD", "VBZ", "VBP")


def _time_unit_next(doc: Doc, i: int, v: Vocabulary) -> bool:
    words = [t.lemma_.lower() for t in doc[i : i + 2]]
    return bool(words) and (
        words[0] in v.time_units
        or (len(words) == 2 and words[0] in ("a", "an") and words[1] in v.time_units)
    )


def _is_year(num: Number, toks: Span) -> bool:
    text = toks.text
    return (
        len(toks) == 1
        and text.isdigit()
        and len(text) == 4
        and 1000 <= num.value <= 2100
        and num.high is None
    )


def _root(doc: Doc, num: Number) -> Token:
    """The token of a number phrase whose head lies outside it."""
    for tok in doc[num.start : num.end]:
        if not num.start <= tok.head.i < num.end or tok.head.i == tok.i:
            return tok
    return doc[num.end - 1]


def _noun_after(doc: Doc, i: int) -> Token | None:
    """The noun a compound modifier at ``i`` describes ("-old graphic designer" → designer),
    None when no noun phrase follows."""
    for tok in doc[i : i + 4]:
        if tok.pos_ in _NOUNS:
            return tok
        if tok.pos_ not in ("ADJ", "ADV") or tok.is_punct:
            return None
    return None


def _next_noun(doc: Doc, i: int) -> Token | None:
    for tok in doc[i : i + 4]:
        if tok.pos_ in _NOUNS:
            return tok
    return None


def _pobj_status(finder: _DocFigures, prep: Token) -> str | None:
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    return finder.status_of(pobj) if pobj is not None else None


# --- registration ---------------------------------------------------------------------------


@Language.factory(
    FIGURES,
    default_config={"lexicons": LEXICONS},
    assigns=[attr("figures")],
    # token.pos too, set by the model's attribute_ruler (which declares no assigns)
    requires=[
        *(attr(g) for g in ("entities", "statements", "timexes")),
        *("doc.sents", "token.dep", "token.head", "token.lemma", "token.tag", "token.ent_type"),
    ],
)
def make_figures(nlp: Language, name: str, *, lexicons: dict[str, str]) -> FigureFinder:
    """The ``storyline_figures`` component; ``lexicons`` may replace any packaged file."""
    return FigureFinder(nlp, name, overrides(LEXICONS, lexicons))
