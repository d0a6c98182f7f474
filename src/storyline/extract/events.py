"""Typed events: what happened, who did it to whom, when and where, read off the parse.

The component ``storyline_events`` runs after entities, statements and time expressions and
sets ``doc._.storyline_events``: one row per event trigger. Types and their trigger lemmas live
in the lexicon ``events.json`` (release, capture, attack, casualties, talks, ceasefire start and
end, protest, ruling, election, outbreak, disaster…): a verb or noun lemma, optionally with a
word that must hang off it ("take over", "capture @place") or a class its object or subject
must belong to. Noun+verb frames ("the truce began", "went on strike") win over single words.

Each row carries the trigger, agent and patient (canonical entity names where the words are an
entity; pronouns resolved through the speech verb above them, the statement around them or the
previous compatible entity), the date (a time expression in the clause, else in the clause
it hangs on: ", killing 12" and "and killed 12" take the date of "struck on Friday", a relative
clause that of its noun, "the March 3 blast, which killed 12"; else the statement's date, else
the publication date, with ``date_from`` saying which), the place (a GPE/LOC/FAC entity
governed by a locative preposition of the clause), negation and modality ("would", "can",
"plans to", "if" events are not facts, nor what a clause says that is the subject of a "would";
events inside someone's statement are "reported"; an unattributed one in the first person is
"commentary", a reader's comment; one in the simple present with no day of its own is
"generic", "flu kills 500,000 a year"), and ``running`` for a count up to now ("has killed
81", "the tally rose to 92"). Figures of speech are no events: "an attack on my record", "the
plan would kill jobs", a trigger in scare quotes (lexicon ``classes.abstract``).
Precision over recall: a bare event noun counts only with an explicit agent, a time of its own,
or a support verb ("launched an offensive"); "demanded the release of 100" is a demand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..lexicons import lexicon_cache, load_json, overrides, using
from .entities import is_title
from .extensions import attr
from .rows import json_row
from .statements import media_lexicon, speech_verbs

EVENTS = "storyline_events"
LEXICONS = {
    "events": "events.json",
    "speech_verbs": "speech_verbs.txt",
    "titles": "titles_roles.txt",
    "media": "outlets.json",
}
"""Config key → the packaged lexicon it replaces."""
Modality = Literal["asserted", "reported", "planned", "hypothetical", "generic", "commentary"]
DateFrom = Literal["timex", "statement", "publication"]
Span2 = tuple[int, int]

_DATE_VALUE = re.compile(r"^(\d{4}(?:-\d{2}(?:-\d{2})?|-W\d{2})?)(?:T.*)?$")
_QUOTES = re.compile(r"[\"“”‘’]|``|''")
_DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_END_SIGNALS = frozenset({"until", "till", "through", "to", "and", "by", "before"})
"""A time expression after these words bounds the event; it does not date it."""
_SEPARATORS = frozenset({"-", "–", "—", "--", ":", "|"})
"""Tokens that end a line's lead-in (a date, a place, a label) before a noun phrase starts."""
_NESTED = frozenset({"ccomp", "advcl", "relcl", "parataxis", "csubj", "acl"})
"""Children that open a clause of their own: their times and places are not the event's."""
_CLIMB = frozenset({"xcomp", "acomp"})
_DATE_CLIMB = frozenset({"advcl", "conj", "relcl", "acl"})
"""Nested clauses that take the date of the clause or noun they hang on (``dating_scopes``)."""
"""'is ready to release': the clause of 'release' is the one of 'is'."""
_WITH_DEPS = frozenset(
    {"prt", "dobj", "prep", "compound", "amod", "acomp", "attr", "npadvmod", "dative", "advmod"}
)
_SUBJ = ("nsubj",)
_RELATIVE = frozenset({"that", "which", "who", "whom"})
_DETS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
_CUT = frozenset({"relcl", "acl", "appos", "advcl", "punct", "cc", "mark", "parataxis", "case"})
_MAX_PHRASE = 12
_AGENT_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_THING_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC"})
_PATIENT_PREPS = ("of", "against", "on", "for", "to", "over")
_PHRASE_PREPS = frozenset({"of", "to", "with", "from"})
"""Prepositional phrases that stay in a noun phrase ('an end to the war', 'a ceasefire with
the rebels'); time, place and manner phrases ('in Gaza', 'on Monday') do not."""
_GOAL_PREPS = frozenset({"for", "to", "of", "on", "in", "at"})
"""Prepositions through which a plan or demand governs its content ('called for a truce',
'open to halting', 'in exchange for')."""


# --- the taxonomy -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WordClass:
    """A class of words a trigger's object or subject may have to belong to (``@person``)."""

    lemmas: frozenset[str]
    labels: frozenset[str] = frozenset()
    pronouns: frozenset[str] = frozenset()
    numbers: bool = False


@dataclass(frozen=True, slots=True)
class TriggerSpec:
    """One trigger of an event type: a lemma, and what must hang off it."""

    type: str
    lemma: str
    with_: str | None = None
    object: str | None = None
    subject: str | None = None
    subject_is_patient: bool = False

    @property
    def specific(self) -> bool:
        return bool(self.with_ or self.object or self.subject)


@dataclass(frozen=True, slots=True)
class Frame:
    """An event noun governed by one of ``verbs`` ('truce' + 'begin') makes ``type``."""

    type: str
    nouns: frozenset[str]
    verbs: dict[str, tuple[str | None, ...]]
    noun_is_agent: bool = False


@dataclass(frozen=True, slots=True)
class Taxonomy:
    verbs: dict[str, tuple[TriggerSpec, ...]]
    nouns: dict[str, tuple[TriggerSpec, ...]]
    frames: dict[str, tuple[Frame, ...]]
    classes: dict[str, WordClass]
    support: frozenset[str]
    occurrence: frozenset[str]
    modality: dict[str, frozenset[str]]
    negation: dict[str, frozenset[str]]
    place_preps: frozenset[str]
    anaphors: dict[str, str]


def parse_spec(etype: str, entry: str | dict[str, Any]) -> TriggerSpec:
    """'release' | 'take over' | 'capture @place' | {lemma, with, object, subject, …}."""
    if isinstance(entry, str):
        lemma, _, rest = entry.partition(" ")
        return TriggerSpec(etype, lemma.lower(), rest.strip().lower() or None)
    return TriggerSpec(
        etype,
        entry["lemma"].lower(),
        entry.get("with"),
        entry.get("object"),
        entry.get("subject"),
        bool(entry.get("subject_is_patient")),
    )


def index_specs(specs: Iterable[TriggerSpec]) -> dict[str, tuple[TriggerSpec, ...]]:
    """Lemma → its specs, constrained ones first (a bare 'seize' is the fallback)."""
    out: dict[str, list[TriggerSpec]] = {}
    for spec in specs:
        out.setdefault(spec.lemma, []).append(spec)
    return {k: tuple(sorted(v, key=lambda s: not s.specific)) for k, v in out.items()}


@lexicon_cache
def lookback_cues() -> frozenset[str]:
    """Statement cues whose content is a look-back, not news of the statement's day."""
    return frozenset(load_json("events.json").get("lookback_cues", []))


@lexicon_cache
def taxonomy() -> Taxonomy:
    data = load_json("events.json")
    verbs, nouns = [], []
    for etype, spec in data["types"].items():
        verbs += [parse_spec(etype, e) for e in spec.get("verbs", [])]
        nouns += [parse_spec(etype, e) for e in spec.get("nouns", [])]
    frames: dict[str, list[Frame]] = {}
    for item in data["frames"]:
        fverbs: dict[str, list[str | None]] = {}
        for v in item["verbs"]:
            lemma, _, rest = v.partition(" ")
            fverbs.setdefault(lemma, []).append(rest or None)
        frame = Frame(
            item["type"],
            frozenset(item["nouns"]),
            {k: tuple(v) for k, v in fverbs.items()},
            item.get("noun_role") == "agent",
        )
        for noun in frame.nouns:
            frames.setdefault(noun, []).append(frame)
    classes = {
        name: WordClass(
            frozenset(c.get("lemmas", [])),
            frozenset(c.get("labels", [])),
            frozenset(c.get("pronouns", [])),
            bool(c.get("numbers")),
        )
        for name, c in data["classes"].items()
    }
    return Taxonomy(
        index_specs(verbs),
        index_specs(nouns),
        {k: tuple(v) for k, v in frames.items()},
        classes,
        frozenset(data["support_verbs"]),
        frozenset(data["occurrence_verbs"]),
        {k: frozenset(v) for k, v in data["modality"].items()},
        {k: frozenset(v) for k, v in data["negation"].items()},
        frozenset(data["place_preps"]),
        dict(data["anaphors"]),
    )


# --- records --------------------------------------------------------------------------------


@dataclass(slots=True)
class Event:
    """One typed event; every ``*_span`` is a (start, end) pair of doc characters."""

    start_char: int
    end_char: int
    type: str
    trigger: str
    trigger_span: Span2
    agent: str | None = None
    agent_span: Span2 | None = None
    patient: str | None = None
    patient_span: Span2 | None = None
    date: str | None = None
    date_from: DateFrom | None = None
    date_span: Span2 | None = None
    place: str | None = None
    place_span: Span2 | None = None
    negated: bool = False
    modality: Modality = "asserted"
    sentence_span: Span2 | None = None
    agent_label: str | None = None
    patient_label: str | None = None
    running: bool = False
    """'has killed 81', 'have been infected', 'the toll rose to 92': a count up to now (a
    running toll), not the report of one happening."""

    def to_dict(self) -> dict[str, Any]:
        return json_row(self)


@dataclass(frozen=True, slots=True)
class Named:
    """An agent, patient or place: its name (canonical where an entity), span and label."""

    name: str
    span: Span2
    label: str | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    """A matched trigger: the type, the spec, the head token and, for a frame, its verb."""

    type: str
    token: Token
    spec: TriggerSpec | None = None
    frame_verb: Token | None = None
    frame: Frame | None = None


@dataclass(slots=True)
class DocIndex:
    """What the component reads from the other components' rows, indexed by token."""

    doc: Doc
    mentions: list[dict[str, Any]]
    ent_at: dict[int, dict[str, Any]]
    statements: list[dict[str, Any]]
    timexes: list[tuple[dict[str, Any], Span]]
    timex_at: dict[int, int]
    dct: str | None
    speech: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def build(cls, doc: Doc) -> DocIndex:
        mentions = list(getattr(doc._, "storyline_entities", None) or [])
        ent_at: dict[int, dict[str, Any]] = {}
        for m in sorted(mentions, key=lambda m: m["end"] - m["start"], reverse=True):
            for i in range(m["start"], m["end"]):
                ent_at[i] = m  # the shortest mention holding a token wins
        timexes: list[tuple[dict[str, Any], Span]] = []
        timex_at: dict[int, int] = {}
        for row in getattr(doc._, "storyline_timexes", None) or []:
            span = doc.char_span(row["start"], row["end"], alignment_mode="expand")
            if span is None or not len(span):
                continue
            for t in span:
                timex_at[t.i] = len(timexes)
            timexes.append((row, span))
        dct = doc.user_data.get("dct")
        return cls(
            doc,
            mentions,
            ent_at,
            list(getattr(doc._, "storyline_statements", None) or []),
            timexes,
            timex_at,
            str(dct)[:10] if dct else None,
            frozenset(speech_verbs()) | frozenset({"tell"}),
        )

    def statement_at(self, char: int) -> dict[str, Any] | None:
        """The innermost statement whose content holds ``char``."""
        inside = [s for s in self.statements if s["start_char"] <= char < s["end_char"]]
        return min(inside, key=lambda s: s["end_char"] - s["start_char"]) if inside else None


# --- the component --------------------------------------------------------------------------


class EventFinder:
    """Finds typed events in a parsed doc whose entities, statements and timexes are set."""

    def __init__(
        self, nlp: Language, name: str = EVENTS, lexicons: Mapping[str, str] | None = None
    ) -> None:
        self.name = name
        self.lexicons = dict(lexicons or {})
        with using(self.lexicons):
            self.tax = taxonomy()

    def __call__(self, doc: Doc) -> Doc:
        with using(self.lexicons):
            doc._.storyline_events = [e.to_dict() for e in find_events(doc, self.tax)]
        return doc


def find_events(doc: Doc, tax: Taxonomy | None = None) -> list[Event]:
    """Every typed event of ``doc``, in text order."""
    tax = tax or taxonomy()
    if not doc.has_annotation("DEP"):
        return []
    index = DocIndex.build(doc)
    reader = EventReader(index, tax)
    return [e for hit in reader.hits() if (e := reader.event(hit)) is not None]


class EventReader:
    """Matches triggers and reads each event's roles, date, place, negation and modality."""

    def __init__(self, index: DocIndex, tax: Taxonomy) -> None:
        self.ix = index
        self.tax = tax
        self.doc = index.doc

    # triggers ----------------------------------------------------------------------------

    def hits(self) -> Iterator[Hit]:
        taken: set[int] = set()
        frames = [h for h in self.frame_hits()]
        for h in frames:
            taken.update({h.token.i, h.frame_verb.i if h.frame_verb is not None else h.token.i})
        singles = []
        for tok in self.doc:
            if tok.i in taken or self.in_name(tok) or tok.i in self.ix.timex_at:
                continue
            hit = self.single_hit(tok)
            if hit is not None:
                singles.append(hit)
        verbs = {(h.token.i, h.type) for h in singles if h.token.pos_ == "VERB"}
        # "air strikes hit targets": one attack, told by the verb
        singles = [
            h for h in singles if not (h.token.pos_ == "NOUN" and (h.token.head.i, h.type) in verbs)
        ]
        yield from sorted([*frames, *singles], key=lambda h: h.token.i)

    def in_name(self, tok: Token) -> bool:
        """Words of a name are not triggers ('Free Syrian Army', 'Strike Force')."""
        m = self.ix.ent_at.get(tok.i)
        return m is not None and m["label"] != "NORP" and not m.get("nominal")

    def frame_hits(self) -> Iterator[Hit]:
        for tok in self.doc:
            if tok.pos_ not in ("NOUN", "PROPN") or self.in_name(tok) or tok.i in self.ix.timex_at:
                continue
            frames = self.tax.frames.get(tok.lemma_.lower()) or self.tax.frames.get(tok.lower_)
            if not frames:
                continue
            first = governor(tok)
            if first is None:
                continue
            named = self.specific_noun_type(tok)
            found = False
            for gov in (first, *self.scheduled(first, tok)):
                for frame in frames:
                    if named not in (None, frame.type):
                        continue  # "air strikes began": an attack, not a labour strike
                    withs = frame.verbs.get(gov.lemma_.lower())
                    if withs is None or gov.pos_ not in ("VERB", "NOUN", "AUX"):
                        continue
                    if any(w is None or self.has_child(gov, w) for w in withs):
                        yield Hit(frame.type, tok, None, gov, frame)
                        found = True
                        break
                if found:
                    break

    def scheduled(self, gov: Token, noun: Token) -> list[Token]:
        """'The ceasefire is to be implemented at 06:00', 'talks are scheduled to resume':
        the infinitive a subject's 'be to' or planning verb leads to is the noun's verb."""
        if noun.dep_ not in ("nsubj", "nsubjpass"):
            return []
        planned = self.tax.modality["planned_heads"]
        if gov.lemma_.lower() != "be" and gov.lemma_.lower() not in planned:
            return []
        # "the truce is due to take effect": through a planning adjective too
        heads = [gov, *(c for c in gov.children if c.dep_ == "acomp" and c.lower_ in planned)]
        return [
            c
            for h in heads
            for c in h.children
            if c.dep_ == "xcomp"
            and c.pos_ == "VERB"
            and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
        ]

    def specific_noun_type(self, tok: Token) -> str | None:
        """The type of a noun trigger that names its modifier ('strike air'), when it fits."""
        for spec in self.tax.nouns.get(tok.lemma_.lower(), ()):
            if spec.with_ and self.spec_fits(tok, spec):
                return spec.type
        return None

    def single_hit(self, tok: Token) -> Hit | None:
        if tok.pos_ == "VERB":
            table = self.tax.verbs
            if tok.dep_ in ("amod", "compound"):
                return None  # "the released hostages": a description, not the event
        elif tok.pos_ == "NOUN":
            table = self.tax.nouns
        else:
            return None
        for spec in table.get(tok.lemma_.lower(), ()):
            if self.spec_fits(tok, spec):
                if tok.pos_ == "NOUN" and not self.noun_counts(tok):
                    return None
                return Hit(spec.type, tok, spec)
        return None

    def spec_fits(self, tok: Token, spec: TriggerSpec) -> bool:
        if spec.with_ and not self.has_child(tok, spec.with_):
            return False
        if spec.object:
            patient = self.roles(tok, spec)[1]
            if patient is None or not self.in_class(patient, spec.object):
                return False
        if spec.subject:
            subj = subject_of(tok)
            if subj is None or not self.in_class(subj, spec.subject):
                return False
        return True

    def has_child(self, tok: Token, word: str) -> bool:
        """A particle, object, preposition or modifier child (or a preposition's object)."""
        for c in tok.children:
            if c.dep_ not in _WITH_DEPS:
                continue
            if self.word_is(c, word):
                return True
            if c.dep_ == "prep" and any(self.word_is(g, word) for g in c.children):
                return True
        return False

    def word_is(self, tok: Token, word: str) -> bool:
        if word.startswith("@"):
            return self.in_class(tok, word)
        return tok.lemma_.lower() == word or tok.lower_ == word

    def in_class(self, tok: Token, name: str) -> bool:
        wc = self.tax.classes.get(name.lstrip("@"))
        if wc is None:
            return False
        m = self.ix.ent_at.get(tok.i)
        if m is not None and m["label"] in wc.labels:
            return True
        low = tok.lemma_.lower()
        if low in wc.lemmas or tok.lower_ in wc.lemmas:
            return True
        if tok.pos_ == "PRON" and tok.lower_ in wc.pronouns:
            return True
        return wc.numbers and tok.like_num

    def noun_counts(self, tok: Token) -> bool:
        """A bare event noun is an event only with an agent, a time of its own, or a verb
        that carries it out or says it happened."""
        if self.noun_agent_token(tok) is not None:
            return True
        if any(i in self.ix.timex_at for i in (t.i for t in tok.subtree)):
            return True
        head = tok.head
        if tok.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in self.tax.occurrence:
            return True
        return tok.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in self.tax.support

    # one event ---------------------------------------------------------------------------

    def event(self, hit: Hit) -> Event | None:
        tok = hit.token
        if hit.frame_verb is not None:
            agent_tok, patient_tok = self.frame_roles(hit)
            trigger_toks = sorted([tok, hit.frame_verb], key=lambda t: t.i)
        else:
            assert hit.spec is not None
            agent_tok, patient_tok = self.roles(tok, hit.spec)
            trigger_toks = [tok]
        agent_tok = self.outside_timex(agent_tok)
        head = clause_of(hit.frame_verb if hit.frame_verb is not None else tok)
        first, last = trigger_toks[0], trigger_toks[-1]
        trig_span = (first.idx, last.idx + len(last))
        trigger = " ".join(t.text for t in trigger_toks)
        start, end = clause_span(head)
        sent = tok.sent
        ev = Event(
            start,
            end,
            hit.type,
            trigger,
            trig_span,
            sentence_span=(sent.start_char, sent.end_char),
        )
        if agent_tok is not None and in_lead_in(agent_tok, first):
            agent_tok = None  # "LIMA (Reuters) - Peru accepted …": the dateline acts not
        agent = self.name(agent_tok, trig_span[0]) if agent_tok is not None else None
        body = self.flat_body(agent_tok) if agent_tok is not None else None
        if body is not None:
            agent = Named(body.text, (body.start_char, body.end_char), None)
        if agent is not None and agent.name.lower() in media_lexicon()[1]:
            agent = None  # "… told Reuters": an outlet reports, it acts not
        patient = self.name(patient_tok, trig_span[0]) if patient_tok is not None else None
        if agent is not None:
            ev.agent, ev.agent_span, ev.agent_label = agent.name, agent.span, agent.label
        if patient is not None and (agent is None or patient.span != agent.span):
            ev.patient, ev.patient_span, ev.patient_label = (
                patient.name,
                patient.span,
                patient.label,
            )
        if hit.type == "statement" and ev.agent is None:
            return None  # an announcement by nobody is no news
        if self.figurative(hit.type, tok, patient_tok):
            return None  # "an attack on my record": words, not an attack
        scope = clause_tokens(head)
        self.date(ev, scope, tok, trig_span[0], head)
        place = self.place(scope, [*trigger_toks, head])
        if place is None and patient is not None and patient.label in ("GPE", "LOC", "FAC"):
            place = patient  # "the earthquake struck central Morocco"
        if place is not None:
            ev.place, ev.place_span = place.name, place.span
        ev.negated = self.negated(tok, hit.frame_verb, head)
        ev.modality = self.modality(tok, hit.frame_verb, head, trig_span[0])
        ev.running = running(tok, hit.frame_verb, head, self.tax.modality["count_verbs"])
        if ev.modality == "asserted":
            ev.modality = self.unreported(ev, tok, hit.frame_verb)
        return ev

    # roles -------------------------------------------------------------------------------

    def outside_timex(self, tok: Token | None) -> Token | None:
        """'the attack on October 7, which killed …': a relative clause the parser hung on
        the date belongs to the noun the date modifies."""
        steps = 0
        while tok is not None and tok.i in self.ix.timex_at and steps < 4:
            tok = tok.head if tok.head != tok else None
            while tok is not None and tok.pos_ == "ADP" and tok.head is not tok:
                tok = tok.head
            steps += 1
        return tok if tok is None or tok.i not in self.ix.timex_at else None

    def roles(self, tok: Token, spec: TriggerSpec) -> tuple[Token | None, Token | None]:
        """(agent, patient) head tokens of a single-word trigger."""
        if tok.pos_ == "NOUN":
            return self.noun_agent_token(tok), noun_patient(tok, self.ix)
        return verb_roles(tok, spec)

    def noun_agent_token(self, tok: Token) -> Token | None:
        for c in tok.children:
            if c.dep_ == "poss" and c.i not in self.ix.timex_at:  # not "Thursday's meeting"
                return c
            if c.dep_ == "prep" and c.lower_ == "by":
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
        for c in tok.children:
            # "Libyan government air strikes": the body the name modifies acts, not the name
            if c.dep_ == "compound" and c.pos_ == "NOUN" and c.i not in self.ix.ent_at:
                named = [g for g in c.children if g.dep_ in ("amod", "compound", "poss")]
                if any(self.is_agent_name(g) for g in named):
                    return c
        for c in tok.children:
            # the same, parsed flat: "Libyan" and "government" both modify "strikes"
            if self.flat_body(c) is not None:
                return c
        for c in tok.children:
            if c.dep_ in ("compound", "amod", "nmod") and self.is_agent_name(c):
                return c
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() in self.tax.support:
            return subject_of(tok.head)
        return None

    def flat_body(self, c: Token) -> Span | None:
        """'Libyan government' in a flat 'Libyan government air strikes': a party noun
        (government, army) right after a name that modifies the same head, as one span."""
        if c.dep_ != "compound" or c.pos_ != "NOUN" or c.i in self.ix.ent_at or c.i == 0:
            return None
        if not self.in_class(c, "@party") or c.pos_ == "PRON":
            return None
        first = c.i
        while first > 0 and self.doc[first - 1].head.i == c.head.i:
            prev = self.doc[first - 1]
            if prev.dep_ not in ("amod", "compound") or not self.is_agent_name(prev):
                break
            first -= 1
        return self.doc[first : c.i + 1] if first < c.i else None

    def is_agent_name(self, tok: Token) -> bool:
        m = self.ix.ent_at.get(tok.i)
        return m is not None and m["label"] in _AGENT_LABELS

    def frame_roles(self, hit: Hit) -> tuple[Token | None, Token | None]:
        noun, verb = hit.token, hit.frame_verb
        assert verb is not None
        if noun.dep_ in ("nsubj", "nsubjpass") and noun.head == verb:
            if hit.frame is not None and hit.frame.noun_is_agent:
                obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
                return noun, obj  # "the earthquake hit the region"
            return self.noun_agent_token(noun), noun  # "the truce began", "talks broke down"
        agent = subject_of(verb) if verb.pos_ != "NOUN" else None
        if agent is not None and agent.i == noun.i:
            agent = None  # "the ceasefire is to be implemented": the noun undergoes its verb
        if agent is None:
            agent = self.noun_agent_token(noun) or (
                self.noun_agent_token(verb) if verb.pos_ == "NOUN" else None
            )
        return agent, noun

    def name(self, tok: Token, at: int, depth: int = 0) -> Named | None:
        """The canonical entity for ``tok``, a resolved anaphor, or its noun phrase."""
        m = self.ix.ent_at.get(tok.i)
        if m is not None:
            return self.with_conjuncts(tok, m)
        kind = self.tax.anaphors.get(tok.lower_)
        if tok.pos_ == "PRON" and kind is None:
            return None  # "who", "something": nothing to name
        if kind is not None and (tok.pos_ == "PRON" or self.bare_definite(tok)):
            found = self.resolve(tok, kind, at, depth)
            if found is not None or tok.pos_ == "PRON":
                return found
        return phrase(tok)

    def agrees(self, tok: Token, named: Named) -> bool:
        """Number agreement: 'it' never stands for a plural noun phrase ('the group … it
        holds', said mediators: 'it' is not the mediators)."""
        if tok.lower_ not in ("it", "its") or named.label is not None:
            return True
        span = self.doc.char_span(*named.span, alignment_mode="expand")
        return span is None or not len(span) or span[-1].tag_ not in ("NNS", "NNPS")

    def with_conjuncts(self, tok: Token, m: dict[str, Any]) -> Named:
        """'Israel and Hamas reached …': every named conjunct, in one agent."""
        names, end = [m["canonical"]], m["end_char"]
        label = m["label"]
        for c in tok.conjuncts:
            other = self.ix.ent_at.get(c.i)
            if c.i > tok.i and other is not None and other["canonical"] not in names:
                names.append(other["canonical"])
                end = max(end, other["end_char"])
                label = label if other["label"] == label else None
        name = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return Named(name, (m["start_char"], end), label)

    def bare_definite(self, tok: Token) -> bool:
        """'the group', 'the militant group' refer back; 'the Israeli side' and "Peru's
        government" name themselves."""
        named = ("amod", "compound", "poss")
        if any(c.i in self.ix.ent_at for c in tok.children if c.dep_ in named):
            return False
        return has_definite(tok)

    def resolve(self, tok: Token, kind: str, at: int, depth: int) -> Named | None:
        """An anaphor: the subject of the speech verb above it, the speaker of the statement
        around it, or the previous compatible entity (this sentence or the one before)."""
        if depth > 2:
            return None
        if tok.pos_ == "PRON" and tok.dep_ not in ("nsubj", "nsubjpass", "poss"):
            return None  # "release them": objects are too often someone not yet named
        if kind != "speaker":
            subj = speech_subject(tok, self.ix.speech)
            if subj is not None and subj.i != tok.i:
                named = self.name(subj, at, depth + 1)
                if named is not None and compatible(kind, named) and self.agrees(tok, named):
                    return named
        st = self.ix.statement_at(tok.idx)
        if st is not None and st.get("speaker") and st.get("speaker_span"):
            named = Named(st["speaker"], tuple(st["speaker_span"]), st.get("speaker_label"))
            if kind == "speaker" or compatible(kind, named) and self.agrees(tok, named):
                return named
        if kind == "speaker":
            return None
        sent_start = tok.sent.start
        prev_start = self.doc[sent_start - 1].sent.start if sent_start > 0 else sent_start
        before = [
            m
            for m in reversed(self.ix.mentions)
            if prev_start <= m["start"] and m["end"] <= tok.i and m["label"] != "NORP"
        ]
        # subjects first ("Israel refused …, and it seized …"), then the nearest mention
        before.sort(key=lambda m: self.doc[m["end"] - 1].dep_ not in ("nsubj", "nsubjpass"))
        for m in before:
            if in_lead_in(self.doc[m["start"]], tok):
                continue  # a dateline's place is no antecedent
            named = Named(m["canonical"], (m["start_char"], m["end_char"]), m["label"])
            if compatible(kind, named):
                return named
        return None

    # date, place -------------------------------------------------------------------------

    def date(self, ev: Event, scope: set[int], trigger: Token, at: int, head: Token) -> None:
        for clause in dating_scopes(head, scope):
            best = self.closest_timex(clause, trigger, at)
            if best is not None:
                row, _ = self.ix.timexes[best]
                ev.date, ev.date_from = date_value(row), "timex"
                ev.date_span = (row["start"], row["end"])
                return
        st = self.ix.statement_at(at)
        if st is not None:
            found = self.statement_date(st)
            if found is not None:
                row = found
                ev.date, ev.date_from = date_value(row), "statement"
                ev.date_span = (row["start"], row["end"])
                return
        if self.ix.dct:
            ev.date, ev.date_from = self.ix.dct, "publication"

    def closest_timex(self, scope: set[int], trigger: Token, at: int) -> int | None:
        """The time expression of ``scope`` nearest the trigger that dates (not bounds) it."""
        best: tuple[int, int, int, int] | None = None
        for i in sorted({self.ix.timex_at[t] for t in scope if t in self.ix.timex_at}):
            row, span = self.ix.timexes[i]
            if not date_value(row) or (row.get("signal") or "") in _END_SIGNALS:
                continue
            if self.numbers_a_measure(span):
                continue
            # "at 06:00 on 12 April": a clock time carries only the anchor's day
            clock = row.get("granularity") == "time" and row.get("anchor") == "publication"
            key = (int(clock), tree_distance(trigger, span.root), abs(span.start_char - at), i)
            if best is None or key < best:
                best = key
        return best[3] if best is not None else None

    def numbers_a_measure(self, span: Span) -> bool:
        """'resolution 1973', 'the 2010 budget': a number that names a measure is no date."""
        root = span.root
        return (
            root.like_num
            and root.dep_ in ("nummod", "appos", "compound", "npadvmod")
            and self.in_class(root.head, "measure")
        )

    def statement_date(self, st: dict[str, Any]) -> dict[str, Any] | None:
        """A calendar day in the sentence of the statement's cue, outside its content."""
        cue = st.get("cue_span") or st.get("speaker_span")
        if not cue:
            return None
        span = self.doc.char_span(cue[0], cue[1], alignment_mode="expand")
        if span is None or not len(span) or span.root.lemma_.lower() in lookback_cues():
            return None
        scope = clause_tokens(span.root)  # "X said on Monday": not a date in the content
        days = [
            row
            for row, tspan in self.ix.timexes
            if tspan.root.i in scope
            and not st["start_char"] <= row["start"] < st["end_char"]
            and _DAY_VALUE.match(str(row.get("value")))
            and not row.get("signal")
        ]
        return min(days, key=lambda row: abs(row["start"] - cue[0]), default=None)

    def place(self, scope: set[int], anchors: list[Token]) -> Named | None:
        """A GPE/LOC/FAC entity the trigger or its clause governs by a locative preposition,
        or that modifies the trigger noun ('the Gaza war')."""
        for anchor in anchors:
            for c in anchor.children:
                if c.dep_ == "prep" and c.lower_ in self.tax.place_preps:
                    for g in c.children:
                        found = self.place_entity(g, scope)
                        if found is not None:
                            return found
                if c.dep_ == "compound" and anchor.pos_ == "NOUN":
                    found = self.place_entity(c, scope)
                    if found is not None:
                        return found
        return None

    def place_entity(self, tok: Token, scope: set[int]) -> Named | None:
        m = self.ix.ent_at.get(tok.i)
        if tok.i in scope and m is not None and m["label"] in ("GPE", "LOC", "FAC"):
            return Named(m["canonical"], (m["start_char"], m["end_char"]), m["label"])
        return None

    # negation, modality ------------------------------------------------------------------

    def unreported(self, ev: Event, tok: Token, frame_verb: Token | None) -> Modality:
        """An unattributed assertion in the first person is commentary (a reader's comment);
        one in the simple present with no day of its own is generic ('flu kills 500,000 a
        year'), not a happening (module doc)."""
        sent = tok.sent  # only called on assertions no statement attributes
        quotes = 0
        for t in sent:
            if _QUOTES.fullmatch(t.text):
                quotes += 1
            elif quotes % 2 == 0 and self.first_person(t):
                return "commentary"
        base = frame_verb if frame_verb is not None else tok
        verb = base if base.pos_ in ("VERB", "AUX") else clause_of(base)
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        dated = ev.date_from == "timex" and bool(_DAY_VALUE.match(str(ev.date)))
        if verb.tag_ in ("VBZ", "VBP") and not auxes and not dated:
            return "generic"
        return "asserted"

    def first_person(self, t: Token) -> bool:
        """'I', 'my' as pronouns ('World War I' is a name)."""
        pronoun = t.pos_ == "PRON" or t.tag_ == "PRP$"
        return pronoun and t.lower_ in self.tax.modality["first_person"]

    def figurative(self, etype: str, tok: Token, patient: Token | None) -> bool:
        """A figure of speech: the patient is a thing only words can hurt ('the plan would
        kill jobs'), or the trigger stands in scare quotes (lexicon ``classes.abstract``)."""
        if etype not in self.tax.modality.get("figurative_types", frozenset()):
            return False
        abstract = patient is not None and self.in_class(patient, "abstract")
        if abstract and patient is not None and patient.i not in self.ix.ent_at:
            return True
        doc = tok.doc
        before = doc[tok.i - 1] if tok.i > 0 else None
        after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        quoted = (before is not None and bool(_QUOTES.fullmatch(before.text))) and (
            after is not None and bool(_QUOTES.fullmatch(after.text))
        )
        return quoted

    def negated(self, tok: Token, frame_verb: Token | None, head: Token) -> bool:
        neg = self.tax.negation
        chain = governing_chain(frame_verb if frame_verb is not None else tok, head)
        toks = [tok, *([frame_verb] if frame_verb is not None else []), *chain]
        if any(c.dep_ == "neg" for t in toks for c in t.children):
            return True
        if any(t.lemma_.lower() in neg["heads"] for t in chain):
            return True
        return any(c.dep_ == "det" and c.lower_ in neg["determiners"] for c in tok.children)

    def modality(self, tok: Token, frame_verb: Token | None, head: Token, at: int) -> Modality:
        mod = self.tax.modality
        base = frame_verb if frame_verb is not None else tok
        chain = governing_chain(base, head)
        verbs = [base, *chain]
        st = self.ix.statement_at(at)
        aux = {c.lower_ for t in verbs for c in t.children if c.dep_ in ("aux", "auxpass")}
        marks = {c.lower_ for t in [*verbs, head] for c in t.children if c.dep_ == "mark"}
        conditions = [c for t in verbs for c in t.children if c.dep_ == "advcl"]
        if marks & mod["conditions"] or any(
            g.dep_ == "mark" and g.lower_ in mod["conditions"]
            for c in conditions
            for g in c.children
        ):
            return "hypothetical"  # "if the army withdrew", "unless …"
        aux |= noun_clause_aux(head)
        if aux & mod["hypothetical_aux"]:
            # "said it would release": reported future, a plan; otherwise a condition
            return "planned" if st is not None and aux & {"would"} else "hypothetical"
        if aux & mod["planned_aux"] or "going" in aux:
            return "planned"
        if any(t.lemma_.lower() in mod["planned_heads"] for t in chain):
            return "planned"
        # "to become more severe and kill more people": a conjunct shares its head's "to"
        verb = base.head if base.dep_ == "conj" and base.head.pos_ == "VERB" else base
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        if base.pos_ == "VERB" and infinitive and verb.head.lemma_.lower() not in self.ix.speech:
            return "planned"  # "talks to free the hostages": a goal, not a fact
        amods = {
            c.lower_ for t in (tok, base) for c in t.children if c.dep_ in ("amod", "compound")
        }
        if amods & mod["planned_amod"]:
            return "planned"
        if st is not None:
            return "reported"
        if any(c.lower_ in mod["reported_adverbs"] for t in verbs for c in t.children):
            return "reported"
        return "asserted"


# --- small pure helpers on the parse --------------------------------------------------------


def governor(noun: Token) -> Token | None:
    """The word a noun is subject, object or 'of'-object of ('the end of the truce')."""
    head = noun.head
    if head == noun:
        return None
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        return head.head if head.head != head else None
    if noun.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "conj", "compound"):
        if noun.dep_ == "conj":
            return governor(head) if head.pos_ in ("NOUN", "PROPN") else None
        return head
    return None


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The subject of a verb; an xcomp, conj or relative clause borrows its head's."""
    for c in verb.children:
        if c.dep_ in _SUBJ:
            if c.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return verb.head
            return c
    inherits = verb.dep_ in ("xcomp", "conj", "acomp", "pcomp") or (
        verb.dep_ == "advcl" and verb.tag_ == "VBG"  # "…, killing 2,000 people"
    )
    if depth < 3 and inherits and verb.head != verb:
        head = verb.head
        if verb.dep_ == "pcomp" and head.dep_ == "prep":
            head = head.head
        return subject_of(head, depth + 1)
    return None


def verb_roles(verb: Token, spec: TriggerSpec) -> tuple[Token | None, Token | None]:
    """(agent, patient) of a verb trigger: active, passive, participle and intransitive."""
    kids = {c.dep_: c for c in verb.children}
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        by = kids.get("agent")
        agent = next((g for g in by.children if g.dep_ == "pobj"), None) if by else None
        return agent, verb.head  # "hostages taken by militants"
    if "nsubjpass" in kids:
        by = kids.get("agent")
        agent = next((g for g in by.children if g.dep_ == "pobj"), None) if by else None
        return agent, kids["nsubjpass"]
    own_subject = any(c.dep_ in _SUBJ for c in verb.children)
    if not own_subject and verb.tag_ == "VBN" and verb.dep_ in ("xcomp", "oprd", "conj"):
        has_aux = any(c.dep_ == "aux" for c in verb.children)
        passive_head = any(c.dep_ == "nsubjpass" for c in verb.head.children)
        if verb.dep_ != "conj" and not has_aux or verb.dep_ == "conj" and passive_head:
            # "Palestinians reported killed", "was arrested and charged": the subject undergoes it
            return None, subject_of(verb.head) or next(
                (c for c in verb.head.children if c.dep_ == "nsubjpass"), None
            )
    subj = subject_of(verb)
    if spec.subject_is_patient:
        return None, subj
    patient = kids.get("dobj")
    if patient is None:
        # "release up to 10": a misparse leaves the number as a preposition's object
        for c in verb.children:
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if c.dep_ == "prep" and pobj is not None and pobj.like_num:
                patient = pobj
    if patient is None and spec.with_ and not spec.with_.startswith("@"):
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ == spec.with_:
                patient = next((g for g in c.children if g.dep_ == "pobj"), None)
    if (
        patient is not None
        and spec.with_
        and patient.lemma_.lower() == spec.with_
        and not any(c.dep_ == "nummod" for c in patient.children)
    ):
        patient = None  # "hold talks": the object is part of the trigger
    return subj, patient


def noun_patient(tok: Token, ix: DocIndex) -> Token | None:
    """What an event noun acts on: 'release of X', 'attack on X', 'stance against X'."""
    preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in _PATIENT_PREPS]
    for prep in sorted(preps, key=lambda c: _PATIENT_PREPS.index(c.lower_)):
        pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
        if pobj is not None and pobj.i not in ix.timex_at:
            return pobj
    return None


def clause_of(tok: Token) -> Token:
    """The clause head of a trigger: its nearest verb, climbing 'is ready to …'."""
    t = tok
    while t.pos_ not in ("VERB", "AUX") and t.head != t:
        t = t.head
    while t.dep_ in _CLIMB and t.head != t:
        t = t.head
    return t


def dating_scopes(head: Token, scope: set[int]) -> Iterator[set[int]]:
    """Where a clause's date may be stated, nearest first: the clause itself, then the clause
    it hangs on (", killing 12" and "and killed 12" take the date of "struck on Friday"), or for
    a relative clause the noun it describes ("the March 3 blast, which killed 12"). Reported
    speech (ccomp) stops the climb: "said on Monday" dates the saying, not what was said."""
    yield scope
    t = head
    while t.dep_ in _DATE_CLIMB and t.head is not t:
        up = t.head
        if t.dep_ in ("relcl", "acl"):
            yield clause_tokens(up) - set(range(t.left_edge.i, t.right_edge.i + 1))
            return
        t = clause_of(up)
        yield clause_tokens(t)


def clause_tokens(head: Token) -> set[int]:
    """Token indices of a clause without the clauses nested in it, at any depth."""
    out: set[int] = set()
    stack = [head]
    while stack:
        t = stack.pop()
        out.add(t.i)
        for c in t.children:
            if c.dep_ in _NESTED or c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"):
                continue
            stack.append(c)
    return out


def clause_span(head: Token) -> Span2:
    """Characters of a clause (its subtree in its sentence), edge punctuation, 'that' and
    conjunctions trimmed."""
    sent = head.sent
    toks = [t for t in head.subtree if sent.start <= t.i < sent.end]
    while toks and (toks[0].is_punct or toks[0].dep_ in ("mark", "cc") or toks[0].is_space):
        toks.pop(0)
    while toks and (toks[-1].is_punct or toks[-1].is_space or toks[-1].dep_ == "cc"):
        toks.pop()
    if not toks:
        return head.idx, head.idx + len(head)
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def noun_clause_aux(head: Token) -> set[str]:
    """The auxiliaries of the verb a clause is the subject of, or governing the noun it
    describes: '(Proof that) the disease was spreading would trigger …' is as hypothetical
    as 'would trigger'."""
    if head.dep_ in ("csubj", "csubjpass"):
        verb = head.head
    elif head.dep_ in ("acl", "ccomp") and head.head.pos_ in ("NOUN", "PROPN"):
        verb = head.head.head
    else:
        return set()
    if verb.pos_ not in ("VERB", "AUX"):
        return set()
    return {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}


def running(tok: Token, frame_verb: Token | None, head: Token, count_verbs: frozenset[str]) -> bool:
    """Whether the trigger tells a count up to now rather than a happening: the perfect ('has
    killed', 'had died', 'have been infected', 'has reported 176 deaths') or a count verb
    ('the tally rose to 12,954 infections': lexicon ``modality.count_verbs``)."""
    base = frame_verb if frame_verb is not None else tok
    verbs = [base, *governing_chain(base, head)]
    if any(c.dep_ == "aux" and c.lemma_.lower() == "have" for t in verbs for c in t.children):
        return True
    return any(t.lemma_.lower() in count_verbs for t in verbs)


def governing_chain(tok: Token, head: Token) -> list[Token]:
    """The words above a trigger up to its clause head: 'ready' and 'is' above 'release',
    'demanded' above 'the release of 100'."""
    out: list[Token] = []
    t = tok
    for _ in range(6):
        if t == head or t.head == t:
            break
        t = t.head
        if t.dep_ == "prep" or t.pos_ == "ADP":
            if t.lower_ not in _GOAL_PREPS:
                return out  # "called for a truce amid attacks": the attacks are no plan
            continue
        out.append(t)
    if head != tok and head not in out:
        out.append(head)
    return out


def speech_subject(tok: Token, speech: frozenset[str]) -> Token | None:
    """'X said it would …': the subject of the speech verb whose content holds ``tok``."""
    t = tok
    for _ in range(8):
        if t.head == t:
            return None
        parent = t.head
        if parent.lemma_.lower() in speech and t.dep_ in ("ccomp", "xcomp", "dobj", "conj"):
            subj = subject_of(parent)
            return subj if subj is not None and subj.i != tok.i else None
        t = parent
    return None


def has_definite(tok: Token) -> bool:
    return any(
        c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "its") for c in tok.children
    )


def compatible(kind: str, named: Named) -> bool:
    """Whether an anaphor of ``kind`` (person, thing, any) may stand for ``named``."""
    if kind == "any":
        return True
    if named.label is None:
        person = is_title(named.name.split()[-1:])
        return person if kind == "person" else not person
    if kind == "person":
        return named.label == "PERSON"
    if kind == "group":
        return named.label == "ORG"  # "the rebels" stand for a group, never a country
    return named.label in _THING_LABELS


def in_lead_in(tok: Token, trigger: Token) -> bool:
    """Whether ``tok`` stands before a dash or colon that ends a line's lead-in (a dateline,
    a factbox date) ahead of the trigger: the lead-in names no actor."""
    if tok.i >= trigger.i or tok.sent != trigger.sent:
        return False
    return any(is_separator(t) for t in tok.doc[tok.i + 1 : trigger.i])


def is_separator(tok: Token) -> bool:
    """A dash or colon standing apart ("April 30 - A …", "LIMA (Reuters) - …"), not the hyphen
    of a compound ("four-day pause")."""
    if tok.text not in _SEPARATORS:
        return False
    spaced_before = tok.i == 0 or bool(tok.doc[tok.i - 1].whitespace_)
    return tok.text == ":" or (spaced_before and bool(tok.whitespace_))


def phrase(tok: Token) -> Named:
    """A noun phrase around a head: its modifiers, 'of' phrases and conjuncts, no relative
    clauses, appositions or other prepositional phrases at any depth, determiners trimmed
    ('up to 70 women and children', 'release of 20 people')."""
    kept = phrase_tokens(tok)
    lo, hi = min(kept), max(kept)
    doc = tok.doc
    for back in (2, 1):
        # "release up to 10": the parser hangs the quantifier on the verb
        if lo >= back and doc[lo - back : lo - back + 2].text.lower() == "up to":
            lo -= back
            break
    # "April 30 - A NATO missile attack on …": a factbox's date and dash head the line, not
    # the phrase
    cut = [i for i in range(lo, tok.i) if is_separator(doc[i])]
    if cut:
        lo = cut[-1] + 1
    while lo < tok.i and (doc[lo].lower_ in _DETS or doc[lo].is_punct):
        lo += 1
    if hi - lo + 1 > _MAX_PHRASE:
        hi = tok.i
    while hi > tok.i and (doc[hi].is_punct or doc[hi].dep_ == "cc"):
        hi -= 1
    span = doc[lo : hi + 1]
    text = " ".join(_QUOTES.sub("", span.text).split())
    return Named(text, (span.start_char, span.end_char), None)


def phrase_tokens(tok: Token, depth: int = 0) -> list[int]:
    out = [tok.i]
    if depth > 4:
        return out
    for c in tok.children:
        if c.dep_ in _CUT or c.dep_ == "prep" and c.lower_ not in _PHRASE_PREPS:
            continue
        out += phrase_tokens(c, depth + 1)
    return out


def tree_distance(a: Token, b: Token) -> int:
    """Edges between two tokens of one tree."""
    up_a = [a, *a.ancestors]
    depth = {t.i: n for n, t in enumerate(up_a)}
    for n, t in enumerate([b, *b.ancestors]):
        if t.i in depth:
            return depth[t.i] + n
    return 99


def date_value(row: dict[str, Any]) -> str | None:
    """The calendar value of a DATE/TIME expression (day, month, week, year), else None."""
    if row.get("type") not in ("DATE", "TIME"):
        return None
    m = _DATE_VALUE.match(str(row.get("value") or ""))
    return m.group(1) if m else None


# --- registration ---------------------------------------------------------------------------


def events_of(doc: Doc) -> list[Event]:
    """The typed records of ``doc._.storyline_events``."""
    out = []
    for r in doc._.storyline_events or []:
        r = dict(r)
        for key, value in r.items():
            if key.endswith("_span") and value is not None:
                r[key] = tuple(value)
        out.append(Event(**r))
    return out


@Language.factory(
    EVENTS,
    default_config={"lexicons": LEXICONS},
    assigns=[attr("events")],
    # token.pos too, set by the model's attribute_ruler (which declares no assigns)
    requires=[
        *(attr(g) for g in ("entities", "statements", "timexes")),
        *("doc.sents", "token.dep", "token.head", "token.lemma", "token.tag"),
    ],
)
def make_events(nlp: Language, name: str, *, lexicons: dict[str, str]) -> EventFinder:
    """The ``storyline_events`` component; ``lexicons`` may replace any packaged file."""
    return EventFinder(nlp, name, overrides(LEXICONS, lexicons))
