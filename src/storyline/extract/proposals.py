"""Negotiation proposals: who offers what, for what in exchange, through whom, and the answer.

The component ``storyline_proposals`` runs after ``storyline_events`` and reads its rows:
a proposal or demand event is a cue ("offered to release", "demanded the release of 100",
"Hamas's demands for …"); so are "ready/willing/open to …" and "a deal for X in return for Y".
The offer and what is asked in exchange come from the parse: "in exchange for"/"in return for"
(lexicon ``proposals.json``), a purpose clause ("to facilitate the release of …"), the cue's
object. An offer gives its object and asks the exchange; a demand (or a deal *for* something)
asks its object and gives the exchange. Mediators come from mediator nouns ("Qatari
mediators" → Qatar) and "via"/"through". Answers are linked across sentences: an acceptance,
rejection or consideration event whose object is the proposal itself or refers back to it
("Hamas said it was studying the proposal") answers the latest proposal by someone else; a
demand by the other side right after an offer counters it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from ..lexicons import lexicon_cache, load_json, overrides, using
from .events import (
    DocIndex,
    EventReader,
    Named,
    TriggerSpec,
    clause_of,
    clause_span,
    in_lead_in,
    phrase,
    taxonomy,
)
from .extensions import attr
from .rows import json_row

PROPOSALS = "storyline_proposals"
LEXICONS = {
    "proposals": "proposals.json",
    "events": "events.json",
    "speech_verbs": "speech_verbs.txt",
    "titles": "titles_roles.txt",
}
"""Config key → the packaged lexicon it replaces."""
Response = Literal["accepted", "rejected", "studying", "conditional", "countered", "unknown"]
Kind = Literal["offer", "demand", "deal", "plan", "initiative", "ultimatum"]
"""The form of a proposal: an offer gives its object, a demand or a deal asks it."""
Span2 = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Cues:
    exchange: tuple[str, ...]
    purpose: frozenset[str]
    offer_adjectives: frozenset[str]
    offer_types: frozenset[str]
    demand_types: frozenset[str]
    deal_nouns: frozenset[str]
    objects: frozenset[str]
    mediator_nouns: frozenset[str]
    mediator_preps: frozenset[str]
    responses: dict[str, Response]
    anaphoric: frozenset[str]
    counter: frozenset[str]
    counter_window: int
    demonyms: dict[str, str]
    plan_nouns: dict[str, Kind]
    map_compounds: frozenset[str]
    plan_verbs: frozenset[str]
    content_preps: frozenset[str]
    content_verbs: frozenset[str]
    not_answers: frozenset[str]
    conditional: frozenset[str]
    plan_excluded: frozenset[str]
    demand_verbs: dict[str, frozenset[str]]
    deal_conditions: frozenset[str]
    wish_verbs: dict[str, frozenset[str]]
    demand_modals: frozenset[str]
    minimum_verbs: frozenset[str]
    minimum_words: frozenset[str]
    giving_verbs: frozenset[str]
    offer_verbs: frozenset[str]
    addressee_nouns: frozenset[str]


@lexicon_cache
def cues() -> Cues:
    d = load_json("proposals.json")
    responses: dict[str, Response] = {
        etype: answer for answer, types in d["responses"].items() for etype in types
    }
    return Cues(
        tuple(d["exchange"]),
        frozenset(d["purpose_verbs"]),
        frozenset(d["offer_adjectives"]),
        frozenset(d["offer_types"]),
        frozenset(d["demand_types"]),
        frozenset(d["deal_nouns"]),
        frozenset(d["negotiation_objects"]),
        frozenset(d["mediator_nouns"]),
        frozenset(d["mediator_preps"]),
        responses,
        frozenset(d["anaphoric_patients"]),
        frozenset(d["counter_cues"]),
        int(d["counter_window"]),
        {k.strip(): v for k, v in d["demonyms"].items()},
        dict(d["plan_nouns"]),
        frozenset(d["plan_map_compounds"]),
        frozenset(d["plan_verbs"]),
        frozenset(d["plan_content_preps"]),
        frozenset(d["plan_content_verbs"]),
        frozenset(d["not_answer_triggers"]),
        frozenset(d["conditional_cues"]),
        frozenset(d["plan_modifiers_excluded"]),
        {k: frozenset(v) for k, v in d["demand_verbs"].items()},
        frozenset(d["deal_conditions"]),
        {k: frozenset(v) for k, v in d["wish_verbs"].items()},
        frozenset(d["demand_modals"]),
        frozenset(d["minimum_verbs"]),
        frozenset(d["minimum_words"]),
        frozenset(d["giving_verbs"]),
        frozenset(d["offer_verbs"]),
        frozenset(d["addressee_nouns"]),
    )


@dataclass(slots=True)
class Proposal:
    """One offer or demand; every ``*_span`` is a (start, end) pair of doc characters."""

    start_char: int
    end_char: int
    form: Kind
    cue: str
    cue_span: Span2
    proposer: str | None = None
    proposer_span: Span2 | None = None
    via: list[str] = field(default_factory=list)
    offer: str | None = None
    offer_span: Span2 | None = None
    in_exchange_for: str | None = None
    exchange_span: Span2 | None = None
    response: Response = "unknown"
    responder: str | None = None
    responder_span: Span2 | None = None
    response_span: Span2 | None = None
    date: str | None = None
    date_from: str | None = None
    condition: str | None = None
    plan: str | None = None
    plan_noun: str | None = None
    addressee: str | None = None
    reference: bool = False
    background: bool = False

    def to_dict(self) -> dict[str, Any]:
        return json_row(self)


class ProposalFinder:
    """Finds proposals in a doc whose events are set (``doc._.storyline_events``)."""

    def __init__(
        self, nlp: Language, name: str = PROPOSALS, lexicons: Mapping[str, str] | None = None
    ) -> None:
        self.name = name
        self.lexicons = dict(lexicons or {})
        with using(self.lexicons):
            self.cues = cues()
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher.add("EXCHANGE", [nlp.make_doc(p) for p in self.cues.exchange])

    def __call__(self, doc: Doc) -> Doc:
        with using(self.lexicons):
            doc._.storyline_proposals = [p.to_dict() for p in self.proposals(doc)]
        return doc

    def proposals(self, doc: Doc) -> list[Proposal]:
        found: list[Proposal] = []
        if doc.has_annotation("DEP"):
            # no event needed: 'called for X to go', 'there must be a truce' are cues too
            exchanges = [doc[s:e] for _, s, e in self.matcher(doc)]
            found = ProposalReader(doc, self.cues, exchanges).run()
        return found


class ProposalReader:
    def __init__(self, doc: Doc, c: Cues, exchanges: list[Any]) -> None:
        self.doc = doc
        self.c = c
        self.events = list(getattr(doc._, "storyline_events", None) or [])
        self.reader = EventReader(DocIndex.build(doc), taxonomy())
        # "in exchange for" → (the phrase's first token, the object of its "for")
        self.exchanges: list[tuple[Token, Token]] = []
        for span in exchanges:
            pobj = next((t for t in span[-1].children if t.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                self.exchanges.append((span[0], pobj))
        self.used: set[int] = set()
        self.statements = list(getattr(doc._, "storyline_statements", None) or [])
        # cues of demands read from conditions and statements: a stance, no counter-offer
        self.stances: set[Span2] = set()

    # candidates --------------------------------------------------------------------------

    def run(self) -> list[Proposal]:
        out = [p for p in self.candidates() if p is not None]
        out = dedupe(out)
        out.sort(key=lambda p: p.start_char)
        out = self.resolve_plans(out)
        self.link_answers(out)
        return [p for p in out if p.proposer or p.offer or p.response != "unknown"]

    def candidates(self) -> Iterator[Proposal | None]:
        for ev in self.events:
            if ev["negated"] or ev["modality"] == "hypothetical":
                continue
            if ev["type"] in self.c.offer_types or ev["type"] in self.c.demand_types:
                kind: Kind = "offer" if ev["type"] in self.c.offer_types else "demand"
                yield self.from_cue(self.token_at(ev["trigger_span"][0]), kind, ev)
        for tok in self.doc:
            if tok.lemma_.lower() in self.c.offer_adjectives and tok.pos_ == "ADJ":
                yield self.from_cue(tok, "offer", None)
            elif (
                tok.lemma_.lower() in self.c.offer_verbs
                and tok.pos_ == "VERB"
                and any(c.dep_ == "xcomp" for c in tok.children)
            ):
                # "the government agreed to release 50 prisoners": a concession
                yield self.from_cue(tok, "offer", None)
        for start, pobj in self.exchanges:
            if start.i not in self.used:
                yield self.from_exchange(start, pobj)
        for tok in self.doc:
            cond = self.deal_condition(tok)
            if cond is not None:
                yield self.from_condition(tok, cond)
                continue
            form = self.plan_form(tok)
            if form is not None:
                yield self.from_plan(tok, form)
                yield self.from_lack(tok)
            elif self.demands(tok):
                yield self.from_demand_verb(tok)
            else:
                yield self.from_wish_or_modal(tok)
                yield self.from_existential(tok)
                yield self.from_minimum(tok)

    def demands(self, tok: Token) -> bool:
        """'called on NATO to …', 'urged X to …', 'insisted that …': a demand verb."""
        preps = self.c.demand_verbs.get(tok.lemma_.lower())
        if preps is None or tok.pos_ != "VERB":
            return False
        if "for" in preps and for_clause(tok) is not None:
            return True  # "calling for Gaddafi to go"
        return not preps or any(c.dep_ == "prep" and c.lower_ in preps for c in tok.children)

    def from_demand_verb(self, tok: Token) -> Proposal | None:
        p = self.from_cue(tok, "demand", None)
        if p is None:
            return None
        for c in tok.children:
            target = c if c.dep_ == "dobj" else None
            if c.dep_ == "prep" and c.lower_ in ("on", "upon", "to"):
                target = next((g for g in c.children if g.dep_ == "pobj"), None)
            if target is None or not (
                self.reader.is_agent_name(target) or self.reader.in_class(target, "@party")
            ):
                continue  # "seek changes to X": what is sought, not whom
            named = self.reader.name(target, tok.idx)
            if named is not None:
                p.addressee = named.name
                break
        return p

    # conditions and stated demands ------------------------------------------------------

    def deal_condition(self, tok: Token) -> Token | None:
        """'no deal unless X left power', 'any deal that did not include X', 'any settlement
        would require X': the condition a party sets on a deal is its demand (the head word of
        what it asks), not a plan."""
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in self.c.deal_nouns:
            return None
        for c in tok.children:
            if c.dep_ == "relcl" and any(g.dep_ == "neg" for g in c.children):
                obj = next((g for g in c.children if g.dep_ in ("dobj", "ccomp", "xcomp")), None)
                if obj is not None:
                    return obj
        det = {c.lower_ for c in tok.children if c.dep_ == "det"}
        if "no" in det:
            for t in clause_of(tok).subtree:
                if t.dep_ == "mark" and t.lower_ in self.c.deal_conditions and t.head.i > tok.i:
                    return t.head
        verb = tok.head.lemma_.lower()
        if det & {"any", "no"} and tok.dep_ == "nsubj" and verb in self.c.content_verbs:
            return next((g for g in tok.head.children if g.dep_ in ("dobj", "ccomp")), None)
        return None

    def from_condition(self, tok: Token, cond: Token) -> Proposal | None:
        if cond.lower_ in _DEMONSTRATIVES:
            return None  # "any proposal that does not include this": an answer, no terms
        asked = clause_phrase(cond)
        first = tok.left_edge.i
        start = min(self.doc[first].idx, tok.idx)
        end = max(asked.span[1], tok.idx + len(tok))
        p = Proposal(start, end, "demand", tok.text, (tok.idx, tok.idx + len(tok)))
        p.in_exchange_for, p.exchange_span = asked.name, asked.span
        self.stances.add(p.cue_span)
        who = self.party_of(tok)
        if who is None:
            return None  # no party sets the condition: background
        p.proposer, p.proposer_span = who.name, who.span
        self.set_date(p, None, tok)
        return p

    def from_lack(self, plan: Token) -> Proposal | None:
        """'The initiative does not include the departure of X', said by a party: what the
        plan lacks is that party's demand."""
        verb = plan.head
        if plan.dep_ != "nsubj" or verb.lemma_.lower() not in self.c.content_verbs:
            return None
        if not any(c.dep_ == "neg" for c in verb.children):
            return None
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is None or obj.lower_ in _DEMONSTRATIVES:
            return None
        asked = clause_phrase(obj)
        if not self.negotiable(asked):
            return None
        return self.party_demand(verb, asked, self.statement_at(verb))

    def from_existential(self, tok: Token) -> Proposal | None:
        """'There needs to be a transition …', 'there must be a ceasefire' in a party's
        statement: a demand by the speaker."""
        if not any(c.dep_ == "expl" for c in tok.children):
            return None
        be = tok if tok.lemma_ == "be" else None
        if be is None and tok.lemma_.lower() in self.c.demand_modals:
            be = next((c for c in tok.children if c.dep_ == "xcomp" and c.lemma_ == "be"), None)
        elif be is not None and not self.modal_demand(be):
            return None
        attr_ = next((c for c in be.children if c.dep_ == "attr"), None) if be else None
        if attr_ is None:
            return None
        span = self.doc[attr_.left_edge.i : attr_.right_edge.i + 1]
        asked = Named(span.text, (span.start_char, span.end_char), None)
        if not self.negotiable(asked):
            return None
        return self.party_demand(tok, asked, self.statement_at(tok))

    def from_minimum(self, tok: Token) -> Proposal | None:
        """'They will accept nothing less than an end to X': the least a party takes is
        its demand, put by the verb's subject."""
        if tok.lemma_.lower() not in self.c.minimum_verbs or tok.pos_ != "VERB":
            return None
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if obj is None or obj.lower_ not in self.c.minimum_words:
            return None
        than = next(
            (g for m in obj.children for g in m.subtree if g.dep_ == "prep" and g.i > obj.i), None
        )
        target = next((g for g in than.children if g.dep_ == "pobj"), None) if than else None
        if target is None:
            return None
        asked = phrase(target)
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        who = self.reader.name(subj, tok.idx) if subj is not None else None
        if who is None:
            return None
        start, end = clause_span(clause_of(tok))
        p = Proposal(start, end, "demand", tok.text, (tok.idx, tok.idx + len(tok)))
        p.in_exchange_for, p.exchange_span = asked.name, asked.span
        p.proposer, p.proposer_span = who.name, who.span
        self.stances.add(p.cue_span)
        self.set_date(p, None, tok)
        return p

    def party_demand(
        self, tok: Token, asked: Named, statement: dict[str, Any] | None
    ) -> Proposal | None:
        """A demand stated in a party's statement: the words that state what is asked."""
        if statement is None:
            return None
        p = Proposal(*asked.span, "demand", tok.text, (tok.idx, tok.idx + len(tok)))
        p.in_exchange_for, p.exchange_span = asked.name, asked.span
        span = statement.get("speaker_span")
        p.proposer = statement["speaker"]
        p.proposer_span = tuple(span) if span else None
        self.stances.add(p.cue_span)
        self.set_date(p, None, tok)
        return p

    def party_of(self, tok: Token) -> Named | None:
        """Who states what ``tok`` says: the speaker of the statement holding it, else the
        subject of the nearest verb above it that has one."""
        for up in tok.ancestors:
            # "X said …, though rebels said any settlement would require …": the nearest
            # speech verb above the words, before any statement around them
            if up.lemma_.lower() in self.reader.ix.speech:
                subj = self.subject(up, tok)
                named = None
                if subj is not None and subj.pos_ != "PRON" and subj.i not in self.reader.ix.ent_at:
                    named = phrase(subj)  # "the rebels said": the rebels, no antecedent
                elif subj is not None:
                    named = self.party(subj, tok)
                if named is not None and named.name.lower() not in _PRONOUNS:
                    return named
                break
        s = self.statement_at(tok)
        if s is not None:
            span = s.get("speaker_span")
            return Named(s["speaker"], tuple(span) if span else (tok.idx, tok.idx), None)
        for up in tok.ancestors:
            subj = next((c for c in up.children if c.dep_ in ("nsubj",) and c.i != tok.i), None)
            if (
                subj is not None
                and subj.lower_ != "there"
                and tok.i not in {t.i for t in subj.subtree}
            ):
                named = self.reader.name(subj, tok.idx)
                if named is not None and named.name.lower() not in _PRONOUNS:
                    return named
                return None
        return None

    def statement_at(self, tok: Token) -> dict[str, Any] | None:
        """The innermost statement with a speaker holding ``tok`` ('X said Y, though Z said
        W': W is Z's)."""
        held = [
            s
            for s in self.statements
            if s.get("speaker") and s["start_char"] <= tok.idx < s["end_char"]
        ]
        return max(held, key=lambda s: s["start_char"], default=None)

    def from_wish_or_modal(self, tok: Token) -> Proposal | None:
        """'we want to see a ceasefire', 'X must leave power', 'X has to go' in a party's
        statement: a demand by the speaker."""
        if tok.pos_ != "VERB":
            return None
        see = self.c.wish_verbs.get(tok.lemma_.lower())
        if see is not None:
            wanted = self.wanted_of(tok)
            if wanted is not None:
                return wanted
            x = next((c for c in tok.children if c.dep_ == "xcomp" and c.lemma_ in see), None)
            obj = None
            if x is not None:
                obj = next((g for g in x.children if g.dep_ in ("dobj", "ccomp")), None)
            if obj is None:
                return None
            asked = clause_phrase(obj)
            if obj.dep_ == "dobj" and not self.negotiable(asked):
                return None  # "we want to see results": no terms
            return self.stated_demand(tok, asked, None)
        if not self.modal_demand(tok):
            return None
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None and tok.dep_ == "xcomp":
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.pos_ == "PRON":
            return None
        if not self.is_party(subj) and not self.negotiable(phrase(subj)):
            # "yields may need to rise", "the firms will have to pay": neither a party nor
            # the terms ("any commission must include …")
            return None
        addressee = self.reader.name(subj, tok.idx)
        if addressee is None or addressee.name.lower() in _PRONOUNS:
            return None
        if any(c.dep_ == "dobj" and c.lower_ in _DEMONSTRATIVES for c in tok.children):
            return None  # "NATO has to do this": no terms stated
        return self.stated_demand(tok, verb_phrase(tok, None), addressee)

    def wanted_of(self, tok: Token) -> Proposal | None:
        """'Rebels want NATO to go further': a named party wanting another named party to
        act puts a demand to it."""
        act = next((c for c in tok.children if c.dep_ in ("ccomp", "xcomp")), None)
        if act is None or act.pos_ != "VERB":
            return None
        if not any(c.dep_ == "aux" and c.lower_ == "to" for c in act.children):
            return None
        target = next((c for c in act.children if c.dep_ == "nsubj"), None)
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if target is None or subj is None or not self.reader.is_agent_name(target):
            return None
        who = self.reader.name(subj, tok.idx)
        to = self.reader.name(target, tok.idx)
        if who is None or to is None or who.name.lower() in _PRONOUNS:
            return None
        if same_party(who.name, to.name):
            return None
        start, end = clause_span(clause_of(tok))
        p = Proposal(start, end, "demand", tok.text, (tok.idx, tok.idx + len(tok)))
        asked = verb_phrase(act, None)
        p.in_exchange_for, p.exchange_span = asked.name, asked.span
        p.proposer, p.proposer_span, p.addressee = who.name, who.span, to.name
        self.set_date(p, None, tok)
        return p

    def modal_demand(self, tok: Token) -> bool:
        """'must leave', 'has to go': obligation put on a named party."""
        # only a modal auxiliary ("must", tag MD), never the perfect "has accepted"
        if any(
            c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ in self.c.demand_modals
            for c in tok.children
        ):
            return True
        to = any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
        head = tok.head.lemma_.lower()
        return tok.dep_ == "xcomp" and to and head in self.c.demand_modals

    def stated_demand(self, tok: Token, asked: Named, addressee: Named | None) -> Proposal | None:
        """A demand only within a party's statement: the speaker proposes."""
        who = self.statement_at(tok)
        if who is None:
            return None
        if addressee is not None and same_party(addressee.name, who["speaker"]):
            return None  # "we must do more": a party's own task, no demand
        start, end = clause_span(clause_of(tok))
        p = Proposal(start, end, "demand", tok.text, (tok.idx, tok.idx + len(tok)))
        p.in_exchange_for, p.exchange_span = asked.name, asked.span
        span = who.get("speaker_span")
        p.proposer = who["speaker"]
        p.proposer_span = tuple(span) if span else None
        p.addressee = addressee.name if addressee is not None else None
        self.stances.add(p.cue_span)
        self.set_date(p, None, tok)
        return p

    # named plans -------------------------------------------------------------------------

    def plan_form(self, tok: Token) -> Kind | None:
        """The form a noun naming a proposal gives ('roadmap', 'road map', 'peace plan'),
        or None: not such a noun, a compound of another noun, a business plan."""
        if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ == "compound":
            return None
        low = tok.lower_
        form = self.c.plan_nouns.get(low) or self.c.plan_nouns.get(tok.lemma_.lower())
        if form is None:
            return None
        mods = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod")]
        if tok.lemma_.lower() == "map" and not any(c.lower_ in self.c.map_compounds for c in mods):
            return None
        if any(c.lower_ in self.c.plan_excluded for c in mods):
            return None
        if tok.head.lower_ == "in" and tok.dep_ == "pobj" and low == "terms":
            return None  # "in terms of"
        for up in list(tok.ancestors)[:3]:
            if up.pos_ == "NOUN" and self.c.plan_nouns.get(up.lower_):
                return None  # "the plan, including a ceasefire proposal": one plan
        return form

    def from_plan(self, tok: Token, form: Kind) -> Proposal | None:
        content = self.plan_content(tok)
        if content is None and generic_plural(tok):
            return None  # "a poor record in brokering peace deals": deals in general
        first = tok.left_edge.i
        while first < tok.i and self.doc[first].lower_ in _DETS:
            first += 1
        lo = self.doc[first].idx
        hi = tok.idx + len(tok)
        right = tok.right_edge.idx + len(tok.right_edge)
        if content is not None and content.span[1] <= right:
            hi = max(hi, content.span[1])  # the terms inside the phrase, not a later verb's
        p = Proposal(lo, hi, form, tok.text, (tok.idx, tok.idx + len(tok)))
        noun = tok.lemma_.lower()
        p.plan_noun = "roadmap" if noun == "map" else noun
        owner = self.plan_owner(tok)
        if owner is not None:
            named = self.owner_name(owner, tok)
            if named is not None and named.name.lower() not in _PRONOUNS:
                p.proposer, p.proposer_span = named.name, named.span
        elif p.form == "demand" and any(c.lower_ in _OWN_DETS for c in tok.children):
            # "these terms are non-negotiable," Clinton said: a speaker's own terms
            who = self.statement_at(tok) if self.in_quote(tok) else None
            if who is not None:
                span = who.get("speaker_span")
                p.proposer = who["speaker"]
                p.proposer_span = tuple(span) if span else None
        if content is not None:
            p.offer, p.offer_span = content.name, content.span
        p.reference = content is None
        self.set_date(p, None, tok)
        p.via = self.mediators(tok, p)
        return p

    def owner_name(self, owner: Token, tok: Token) -> Named | None:
        """The party an owner token names; 'presented by us', 'our plan' in a quote: the
        speaker."""
        if owner.lower_ in _FIRST_PERSON:
            who = self.statement_at(tok)
            if who is None:
                return None
            span = who.get("speaker_span")
            return Named(who["speaker"], tuple(span) if span else (tok.idx, tok.idx), None)
        return self.reader.name(owner, tok.idx)

    def in_quote(self, tok: Token) -> bool:
        """Whether ``tok`` is inside a direct quote of a statement."""
        s = self.statement_at(tok)
        return bool(s and s.get("direct"))

    def plan_owner(self, tok: Token) -> Token | None:
        """Who puts the plan forward: 'X's plan', 'the X plan', 'a plan by X', 'X presented
        a plan'."""
        found = self.reader.noun_agent_token(tok)
        if found is not None:
            return found
        for t in tok.subtree:
            if t.i >= tok.i:
                break
            m = self.reader.ix.ent_at.get(t.i)
            if m is not None and m["label"] in ("ORG", "GPE", "NORP", "PERSON"):
                return t
        head = tok.head
        if tok.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in self.c.plan_verbs:
            by = next((c for c in head.children if c.dep_ == "agent"), None)
            if by is not None:
                return next((g for g in by.children if g.dep_ == "pobj"), None)
            return next((c for c in head.children if c.dep_ == "nsubj"), None)
        for c in tok.children:
            # "the proposal set out by the Russian foreign minister"
            if c.dep_ == "acl" and c.lemma_.lower() in self.c.plan_verbs:
                by = next((g for g in c.children if g.dep_ == "agent"), None)
                if by is not None:
                    return next((g for g in by.children if g.dep_ == "pobj"), None)
        if tok.dep_ == "dobj":
            # "accepted the roadmap as presented by us": the 'as' clause hangs on the verb
            for c in head.children:
                if c.dep_ == "advcl" and c.lemma_.lower() in self.c.plan_verbs:
                    by = next((g for g in c.children if g.dep_ == "agent"), None)
                    if by is not None:
                        return next((g for g in by.children if g.dep_ == "pobj"), None)
        return None

    def plan_content(self, tok: Token) -> Named | None:
        """What a named plan holds: 'a roadmap for ending the war', 'a plan to halt …',
        'including a ceasefire', 'a proposal that includes …', 'the proposal included …'."""
        for c in tok.children:
            if c.dep_ in ("acl", "relcl") and c.lemma_.lower() in self.c.content_verbs:
                obj = next((g for g in c.children if g.dep_ in ("dobj", "xcomp")), None)
                if obj is not None:
                    return phrase(obj) if obj.pos_ != "VERB" else verb_phrase(obj, None)
            infinitive = any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
            if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB" and c.i > tok.i and infinitive:
                return verb_phrase(c, None)  # "a plan to halt the war"
            if c.dep_ == "prep" and c.lower_ in self.c.content_preps:
                obj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
                if obj is None:
                    continue
                named = verb_phrase(obj, None) if obj.pos_ == "VERB" else phrase(obj)
                if obj.pos_ == "VERB" or self.negotiable(named):
                    return named
        negated = any(g.dep_ == "neg" for g in tok.head.children)
        if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in self.c.content_verbs and not negated:
            obj = next((g for g in tok.head.children if g.dep_ == "dobj"), None)
            if obj is None:  # "the plan calls for a ceasefire"
                prep = next((g for g in tok.head.children if g.dep_ == "prep"), None)
                if prep is not None and prep.lower_ in self.c.content_preps:
                    obj = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return verb_phrase(obj, None) if obj.pos_ == "VERB" else phrase(obj)
        return None

    def resolve_plans(self, props: list[Proposal]) -> list[Proposal]:
        """'the plan' takes the party and content of the article's plan of the same kind
        named with its party (the nearest before it, else after it); a bare reference to a
        proposal stated by a verb ('studying the proposal') is left to the answer linking."""
        owned = {p.form for p in props if p.plan_noun and p.proposer}
        for p in props:
            if p.plan_noun and not p.proposer and p.form not in owned:
                who = self.reporter_of(p)
                if who is not None:
                    p.proposer, p.proposer_span = who.name, who.span
        named = [p for p in props if p.plan_noun and p.proposer]
        out = []
        for p in props:
            if p.plan_noun and not p.proposer:
                kin = [q for q in named if q.form == p.form]
                before = [q for q in kin if q.cue_span[0] < p.cue_span[0]]
                after = [q for q in kin if q.cue_span[0] > p.cue_span[0]]
                src = before[-1] if before else (after[0] if after else None)
                stated = any(
                    q.plan_noun is None and q.form != "demand" and q.cue_span[0] < p.cue_span[0]
                    for q in props
                )
                if src is None and p.reference and stated:
                    continue
                if src is not None:
                    p.proposer, p.proposer_span = src.proposer, src.proposer_span
                    p.offer = p.offer or src.offer
                    p.form = src.form
            if p.plan_noun and p.proposer:
                p.plan = f"{p.proposer} {p.plan_noun}"
            out.append(p)
        # a plan named without its terms takes those the article states for it
        for p in out:
            if p.plan and not p.offer:
                same = [q for q in out if q.plan_noun and q.offer and q.proposer == p.proposer]
                if same:
                    p.offer = min(same, key=lambda q: abs(q.cue_span[0] - p.cue_span[0])).offer
        return self.one_per_sentence(out)

    def one_per_sentence(self, props: list[Proposal]) -> list[Proposal]:
        """'The initiative collapsed after X said Gaddafi had accepted the plan': one plan
        named twice in a sentence is one mention, the one stating its terms (else the
        first)."""
        groups: dict[tuple[int, str], list[Proposal]] = {}
        for p in props:
            if p.plan_noun and p.proposer and p.form == "plan":
                key = (self.token_at(p.cue_span[0]).sent.start, p.proposer)
                groups.setdefault(key, []).append(p)
        drop: set[int] = set()
        for group in groups.values():
            own = [
                p
                for p in group
                if p.offer_span and p.start_char <= p.offer_span[0] < p.offer_span[1] <= p.end_char
            ]
            keep = (own or group)[0]
            drop |= {id(p) for p in group if p is not keep}
        return [p for p in props if id(p) not in drop]

    def reporter_of(self, p: Proposal) -> Named | None:
        """'Gaddafi has accepted a roadmap, Zuma said': a plan with no owner whose answer by
        one party another party reports is the reporter's (the one who put it to them)."""
        for ev in self.events:
            ps = ev.get("patient_span")
            if ev["type"] not in self.c.responses or not ps or ev["negated"]:
                continue
            if not ps[0] <= p.cue_span[0] < ps[1]:
                continue
            s = self.statement_at(self.token_at(p.cue_span[0]))
            if s is None or not ev.get("agent") or same_party(ev["agent"], s["speaker"]):
                return None
            span = s.get("speaker_span")
            return Named(s["speaker"], tuple(span) if span else p.cue_span, None)
        return None

    def token_at(self, char: int) -> Token:
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else self.doc[0]

    def from_cue(self, cue: Token, kind: Kind, ev: dict[str, Any] | None) -> Proposal | None:
        subj = self.subject(cue, cue)
        if subj is not None and self.plan_form(subj) is not None:
            return None  # "the six-point plan calls for a ceasefire": the plan's terms
        found = self.content_of(cue)
        if found is None:
            return None
        content, root = found
        exchange, cut = self.exchange_in(cue, root)
        if cut is not None and content.span[0] < cut < content.span[1]:
            content = trimmed(self.doc, content, cut)  # "release X | in exchange for Y"
        if (
            kind == "offer"
            and cue.pos_ == "ADJ"
            and exchange is None
            and not self.negotiable(content)
        ):
            return None  # "ready to talk", "open to criticism"
        if exchange is None and not self.negotiable(content) and not self.addressed(cue, root):
            return None  # "protesters demanded justice": no negotiation
        start, end = clause_span(clause_of(cue))
        p = Proposal(start, end, kind, cue.text, (cue.idx, cue.idx + len(cue)))
        given, asked = (content, exchange) if kind == "offer" else (exchange, content)
        self.fill(p, given, asked)
        self.set_proposer(p, cue, ev)
        self.set_date(p, ev, cue)
        p.via = self.mediators(cue, p)
        return p

    def from_exchange(self, start: Token, pobj: Token) -> Proposal | None:
        """'deals for a ceasefire … in return for the release of …' with no cue event: a deal
        noun asks its 'for' object; a verb ('release X in exchange for Y') gives its object."""
        gov = start.head
        for _ in range(3):
            if gov.lemma_.lower() in self.c.deal_nouns or gov.pos_ in ("VERB", "AUX"):
                break
            gov = gov.head
        deal = next(
            (c for c in gov.children if c.dep_ == "dobj" and c.lemma_.lower() in self.c.deal_nouns),
            None,
        )
        if gov.pos_ == "VERB" and deal is not None:
            gov = deal  # "rejected deals for X in return for Y": the deal is the proposal
        self.used.add(start.i)
        given: Named | None
        asked: Named | None
        if gov.lemma_.lower() in self.c.deal_nouns and gov.pos_ == "NOUN":
            target = for_object(gov)
            asked = phrase(target) if target is not None else None
            given = self.exchange_phrase(pobj)
            kind: Kind = "deal"
            agent = self.reader.noun_agent_token(gov)
        elif gov.pos_ == "VERB" and (
            start.head.i == gov.i or gov.lemma_.lower() in self.c.giving_verbs
        ):
            given = verb_phrase(gov, start)
            asked = self.exchange_phrase(pobj)
            kind = "offer"
            agent = self.reader.roles(gov, _SPEC)[0]
        elif gov.pos_ == "VERB" and self.traded(start.head):
            # "the release followed …: eight hostages in exchange for a halt": the terms
            # are the noun's; the verb ('followed') neither gives them nor names the giver
            given, asked = phrase(start.head), self.exchange_phrase(pobj)
            kind, agent, gov = "offer", None, start.head
        else:
            return None
        start_c, end_c = clause_span(clause_of(gov))
        p = Proposal(start_c, end_c, kind, gov.text, (gov.idx, gov.idx + len(gov)))
        self.fill(p, given, asked)
        if agent is not None:
            named = self.party(agent, gov)
            if named is not None:
                p.proposer, p.proposer_span = named.name, named.span
        self.set_date(p, None, gov)
        p.via = self.mediators(gov, p)
        return p

    def traded(self, noun: Token) -> bool:
        """Whether a noun can be what is traded: a negotiation object or a counted group
        ('eight hostages'), not a place the parse hung the phrase on ('a mining compound')."""
        if noun.pos_ not in ("NOUN", "NUM", "PROPN"):
            return False
        return self.negotiable(phrase(noun)) or any(c.dep_ == "nummod" for c in noun.children)

    def content_of(self, cue: Token) -> tuple[Named, Token] | None:
        """What a cue offers or asks (and its head word): 'to release X', 'the release of X',
        'for a truce', the package a presented proposal 'includes', 'open to halting …'."""
        kids = list(cue.children)
        for c in kids:
            if c.dep_ == "xcomp":
                return verb_phrase(c, None), c
        for c in kids:
            if c.dep_ == "dobj" and self.reader.is_agent_name(c):
                # "asking the United States for access": the party asked, then what
                ask = next((g for g in kids if g.dep_ == "prep" and g.lower_ == "for"), None)
                obj = next((g for g in ask.children if g.dep_ == "pobj"), None) if ask else None
                if obj is not None:
                    return phrase(obj), obj
            if c.dep_ == "dobj":
                if c.lemma_.lower() in self.c.deal_nouns:
                    inner = deal_content(c)
                    return (inner, c) if inner is not None else (phrase(c), c)
                return phrase(c), c
        clause = for_clause(cue)
        if clause is not None:
            return clause_phrase(clause), clause
        preps = [c for c in kids if c.dep_ == "prep" and c.lower_ in ("for", "to", "on")]
        nxt = self.doc[cue.i + 1] if cue.i + 1 < len(self.doc) else None
        if not preps and cue.pos_ == "NOUN" and nxt is not None and nxt.lower_ == "for":
            preps = [nxt]  # "demands for an end …" with the 'for' hung on the verb
        for c in preps:
            obj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                return (verb_phrase(obj, None) if obj.pos_ == "VERB" else phrase(obj)), obj
        for c in kids:
            if c.dep_ == "ccomp":
                return verb_phrase(c, None), c  # "demanded Israel to allow fuel deliveries"
        return None

    def addressed(self, cue: Token, root: Token) -> bool:
        """'called on NATO to stop …', 'called for Gaddafi to step aside': a demand put to a
        named party that it do something is a negotiation move whatever it asks."""
        if cue.pos_ != "VERB" or root.pos_ != "VERB":
            return False
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in root.children)
        # "insisted that the president resign": a bare subjunctive asks it too
        subjunctive = (
            root.dep_ == "ccomp"
            and root.tag_ == "VB"
            and not any(c.dep_ == "aux" for c in root.children)
        )
        if not infinitive and not subjunctive:
            return False
        parties = [c for c in root.children if c.dep_ == "nsubj"]
        for c in cue.children:
            if c.dep_ == "dobj":
                parties.append(c)
            if c.dep_ == "prep" and c.lower_ in ("on", "upon"):
                parties += [g for g in c.children if g.dep_ == "pobj"]
        return any(
            self.reader.is_agent_name(t) or t.lemma_.lower() in self.c.addressee_nouns
            for t in parties
        )

    def exchange_in(self, cue: Token, root: Token) -> tuple[Named | None, int | None]:
        """The exchange phrase in the cue's clause, or a purpose clause on the cue or its
        content ('open to halting hostilities to facilitate the release of …'), and the
        character where it starts."""
        scope = {t.i for t in clause_of(cue).subtree}
        for start, pobj in self.exchanges:
            if start.i in scope:
                self.used.add(start.i)
                return self.exchange_phrase(pobj), start.idx
        anchors = {cue.i, root.i, clause_of(cue).i}
        for t in clause_of(cue).subtree:
            if t.lemma_.lower() in self.c.purpose and t.dep_ in ("advcl", "xcomp", "acl"):
                obj = next((c for c in t.children if c.dep_ == "dobj"), None)
                if obj is not None and t.head.i in anchors and t.i > root.i:
                    first = min(c.idx for c in t.subtree)
                    return phrase(obj), first
        return None, None

    def exchange_phrase(self, tok: Token) -> Named:
        return verb_phrase(tok, None) if tok.pos_ == "VERB" else phrase(tok)

    def negotiable(self, named: Named) -> bool:
        words = {w.lower().strip(".,") for w in named.name.split()}
        words |= {w[:-1] for w in words if w.endswith("s")}  # "written guarantees"
        return bool(words & self.c.objects)

    def fill(self, p: Proposal, given: Named | None, asked: Named | None) -> None:
        if given is not None:
            p.offer, p.offer_span = given.name, given.span
        if asked is not None:
            p.in_exchange_for, p.exchange_span = asked.name, asked.span

    def set_proposer(self, p: Proposal, cue: Token, ev: dict[str, Any] | None) -> None:
        if ev is not None and ev.get("agent"):
            p.proposer, p.proposer_span = ev["agent"], tuple(ev["agent_span"])
            return
        # "it is ready to release": the subject of the verb the adjective hangs on
        head = cue.head if cue.dep_ in ("acomp", "amod") else cue
        subj = self.subject(head, cue)
        if subj is None and head.dep_ == "advcl" and head.tag_ == "VBG":
            # "ministers met in Qatar …, calling for X to go": the participle's subject
            subj = self.subject(head.head, cue)
        named = self.party(subj, cue) if subj is not None else None
        if named is not None:
            p.proposer, p.proposer_span = named.name, named.span

    def subject(self, verb: Token, cue: Token) -> Token | None:
        """The verb's subject, never a dateline the parse made one ('CALDERON CITY, July 2
        (ONS) - Relatives marched …')."""
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        return next((c for c in subjects if not in_lead_in(c, cue)), None)

    def is_party(self, tok: Token) -> bool:
        """A named party or a noun for one (the government, the rebels)."""
        return (
            self.reader.is_agent_name(tok)
            or tok.lemma_.lower() in self.c.addressee_nouns
            or self.reader.in_class(tok, "@party")
        )

    def party(self, tok: Token, cue: Token) -> Named | None:
        """The party ``tok`` names, or None: a dateline, or an event noun ('the release
        followed …': events put nothing forward)."""
        if in_lead_in(tok, cue):
            return None
        event_noun = tok.pos_ == "NOUN" and tok.lemma_.lower() in self.reader.tax.nouns
        if event_noun and tok.i not in self.reader.ix.ent_at:
            return None
        return self.reader.name(tok, cue.idx)

    def set_date(self, p: Proposal, ev: dict[str, Any] | None, cue: Token) -> None:
        if ev is None:
            ev = next(
                (
                    e
                    for e in self.events
                    if e["trigger_span"][0] > cue.idx and e["start_char"] <= cue.idx < e["end_char"]
                ),
                None,
            )
        if ev is not None:
            p.date, p.date_from = ev.get("date"), ev.get("date_from")
        elif self.reader.ix.dct:
            p.date, p.date_from = self.reader.ix.dct, "publication"

    # mediators ---------------------------------------------------------------------------

    def mediators(self, cue: Token, p: Proposal) -> list[str]:
        """Go-betweens named in the cue's sentence: 'Qatari mediators', 'via Egypt'."""
        out: list[str] = []
        sent = cue.sent
        for t in sent:
            low = t.lower_
            if low in self.c.mediator_nouns or t.lemma_.lower() in self.c.mediator_nouns:
                for c in t.subtree:
                    if c.i != t.i and c.dep_ in ("amod", "compound", "conj", "nmod", "poss"):
                        self.add_place(out, c)
                for c in t.children:
                    if c.dep_ == "appos":
                        self.add_place(out, c)
            if t.dep_ == "prep" and low in self.c.mediator_preps:
                for g in t.children:
                    if g.dep_ == "pobj":
                        self.add_place(out, g)
        return out

    def add_place(self, out: list[str], tok: Token) -> None:
        m = self.reader.ix.ent_at.get(tok.i)
        name = None
        if m is not None and m["label"] == "NORP":
            name = self.c.demonyms.get(m["canonical"].lower()) or self.country_of(m["canonical"])
        elif m is not None and m["label"] in ("GPE", "ORG", "PERSON"):
            name = m["canonical"]
        elif tok.pos_ == "ADJ" and tok.text[:1].isupper():
            name = self.c.demonyms.get(tok.lower_) or self.country_of(tok.text)
        if name and name not in out:
            out.append(name)

    def country_of(self, demonym: str) -> str:
        """'Qatari' → 'Qatar' when the article names a GPE the adjective starts with."""
        low = demonym.lower()
        for m in self.reader.ix.mentions:
            name = m["canonical"]
            if m["label"] == "GPE" and len(name) >= 4 and low.startswith(name.lower()[:-1]):
                return name
        return demonym

    # answers -----------------------------------------------------------------------------

    def link_answers(self, props: list[Proposal]) -> None:
        for ev in self.events:
            answer = self.c.responses.get(ev["type"])
            if answer is None or ev["negated"] or ev["modality"] == "hypothetical":
                continue
            trigger = self.token_at(ev["trigger_span"][0])
            if trigger.lemma_.lower() in self.c.not_answers:
                continue  # "the opposition": a political camp, no answer
            target = self.answered(ev, props)
            if target is not None and target.response == "unknown":
                target.response = answer
                target.responder = ev.get("agent")
                target.responder_span = tuple(ev["agent_span"]) if ev.get("agent_span") else None
                who = self.responder_of(trigger, target.proposer)
                if who is not None:
                    target.responder, target.responder_span = who.name, who.span
                target.response_span = (ev["start_char"], ev["end_char"])
                if answer == "rejected":
                    self.set_condition(target, trigger)
        self.link_counters(props)

    def responder_of(self, trigger: Token, proposer: str | None) -> Named | None:
        """Who answers, from the clause: 'rejected by the rebels', 'its rejection by X',
        'the rebels rejected'; a party resolved to the proposer itself is read as written
        (a proposer does not answer its own plan)."""
        kids = list(trigger.children)
        who = None
        for c in kids:
            if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
                who = next((g for g in c.children if g.dep_ == "pobj"), None)
        if who is None and trigger.pos_ in ("VERB", "AUX"):
            who = next((c for c in kids if c.dep_ == "nsubj"), None)
        if who is None:
            return None
        named = self.reader.name(who, trigger.idx)
        if named is None or named.name.lower() in _PRONOUNS:
            return None
        if same_party(named.name, proposer):
            return phrase(who)
        return named

    def set_condition(self, p: Proposal, trigger: Token) -> None:
        """'rejected any deal that did not include X', '… unless X': a conditional answer."""
        for t in trigger.subtree:
            negated_rel = t.dep_ == "relcl" and any(g.dep_ == "neg" for g in t.children)
            if t.lower_ in self.c.conditional or negated_rel:
                span = self.doc[t.i : t.right_edge.i + 1]
                p.response, p.condition = "conditional", span.text
                return

    def answered(self, ev: dict[str, Any], props: list[Proposal]) -> Proposal | None:
        """The proposal an answer event is about: one whose cue its object holds, else
        (object 'the proposal', 'it') the latest earlier proposal by someone else."""
        ps = ev.get("patient_span")
        if ps:
            inside = [p for p in props if ps[0] <= p.cue_span[0] < ps[1]]
            if inside:
                return inside[0]
        patient = (ev.get("patient") or "").lower().split()
        if not patient or patient[-1] not in self.c.anaphoric:
            return None
        before = [p for p in props if p.cue_span[0] < ev["trigger_span"][0]]
        for p in reversed(before):
            if not same_party(p.proposer, ev.get("agent")):
                return p
        return None

    def link_counters(self, props: list[Proposal]) -> None:
        """A demand by another party within a sentence or two after an offer counters it."""
        sent_of = {s.start_char: n for n, s in enumerate(self.doc.sents)}
        starts = sorted(sent_of)

        def sent_index(char: int) -> int:
            n = 0
            for i, s in enumerate(starts):
                if s <= char:
                    n = i
            return n

        for a, b in zip(props, props[1:], strict=False):
            if a.response != "unknown" or b.form != "demand" or a.form == "demand":
                continue
            if b.cue_span in self.stances:
                continue
            gap = sent_index(b.cue_span[0]) - sent_index(a.cue_span[0])
            words = {t.lower_ for t in self.token_at(b.cue_span[0]).sent}
            window = self.c.counter_window * (2 if words & self.c.counter else 1)
            # a demand by nobody named counters nothing
            if 0 <= gap <= window and b.proposer and not same_party(a.proposer, b.proposer):
                a.response, a.responder, a.responder_span = "countered", b.proposer, b.proposer_span
                a.response_span = (b.start_char, b.end_char)


# --- helpers --------------------------------------------------------------------------------


_SPEC = TriggerSpec("proposal", "")
"""A bare spec, to read a verb's agent and patient with the events component's rules."""


def verb_phrase(verb: Token, stop: Token | None) -> Named:
    """'release up to 70 women and children' — a verb with its object, without the
    exchange phrase that starts at ``stop`` nor subjects and auxiliaries."""
    toks = [t for t in verb.subtree if stop is None or t.i < stop.i]
    toks = [t for t in toks if not (t.i < verb.i and t.dep_ in ("nsubj", "aux", "mark", "neg"))]
    skip: set[int] = set()
    for c in verb.children:
        if c.dep_ in ("nsubj", "aux", "mark", "punct", "advcl", "cc", "conj") and c.i < verb.i:
            skip |= {t.i for t in c.subtree}
        if c.dep_ in ("advcl", "relcl", "punct", "conj", "cc") and c.i > verb.i:
            skip |= {t.i for t in c.subtree}
    toks = [t for t in toks if t.i not in skip]
    if not toks:
        toks = [verb]
    lo, hi = min(t.i for t in toks), max(t.i for t in toks)
    doc = verb.doc
    while hi > lo and (doc[hi].is_punct or doc[hi].dep_ == "cc"):
        hi -= 1
    span = doc[lo : hi + 1]
    return Named(span.text, (span.start_char, span.end_char), None)


def clause_phrase(tok: Token) -> Named:
    """A condition or demanded clause whole with its subject ('Gaddafi left power'), less
    its subordinating word; a noun with its phrase."""
    if tok.pos_ not in ("VERB", "AUX"):
        return phrase(tok)
    toks = [t for t in tok.subtree if not (t.head.i == tok.i and t.dep_ in ("mark", "punct"))]
    lo, hi = min(t.i for t in toks), max(t.i for t in toks)
    span = tok.doc[lo : hi + 1]
    return Named(span.text, (span.start_char, span.end_char), None)


def trimmed(doc: Doc, named: Named, cut: int) -> Named:
    """``named`` cut before character ``cut``, trailing punctuation dropped."""
    span = doc.char_span(named.span[0], cut, alignment_mode="contract")
    if span is None or not len(span):
        return named
    end = len(span)
    while end > 1 and (span[end - 1].is_punct or span[end - 1].is_space):
        end -= 1
    span = span[:end]
    return Named(span.text, (span.start_char, span.end_char), named.label)


def for_clause(verb: Token) -> Token | None:
    """'called (for the first time) for Gaddafi to step aside': the infinitive clause a 'for'
    opens under the verb or its prepositional phrase, with a subject of its own."""
    near = [c for c in verb.children]
    near += [g for c in near if c.dep_ == "prep" for p in c.children for g in p.children]
    for c in near:
        if c.dep_ not in ("advcl", "ccomp", "acl", "relcl") or c.pos_ != "VERB":
            continue
        kids = list(c.children)
        if any(g.dep_ == "mark" and g.lower_ == "for" for g in kids) and any(
            g.dep_ == "nsubj" for g in kids
        ):
            return c
    return None


def generic_plural(noun: Token) -> bool:
    """A bare plural with no determiner, owner nor adjective ('brokering peace deals'): the
    kind, not one proposal ('non-negotiable demands' are some)."""
    return noun.tag_ in ("NNS", "NNPS") and not any(
        c.dep_ in ("det", "poss", "nummod") or c.dep_ == "amod" and c.pos_ == "ADJ"
        for c in noun.children
    )


def for_object(noun: Token) -> Token | None:
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in ("for", "on", "of"):
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return None


def deal_content(noun: Token) -> Named | None:
    """'a proposal that includes A and B', 'a proposal for A': the package."""
    for c in noun.children:
        if c.dep_ in ("relcl", "acl"):
            obj = next((g for g in c.children if g.dep_ == "dobj"), None)
            if obj is not None:
                return phrase(obj)
    target = for_object(noun)
    return phrase(target) if target is not None else None


_DETS = frozenset({"the", "a", "an", "any", "its", "their", "his", "her", "this", "that"})
_OWN_DETS = frozenset({"these", "this", "our", "my"})
_DEMONSTRATIVES = frozenset({"this", "that", "these", "those", "it"})
_FIRST_PERSON = frozenset({"we", "us", "our", "i", "me", "my"})
_PRONOUNS = frozenset({"it", "its", "they", "their", "them", "we", "us", "our", "he", "his", "she"})


def same_party(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    wa, wb = set(a.lower().split()), set(b.lower().split())
    return bool(wa & wb)


def dedupe(props: list[Proposal]) -> list[Proposal]:
    """One proposal per cue; of two over the same offer, the one that says more."""
    out: list[Proposal] = []
    for p in sorted(
        props, key=lambda p: -sum(x is not None for x in (p.offer, p.in_exchange_for, p.proposer))
    ):
        clash = any(
            q.cue_span == p.cue_span
            or p.offer_span
            and q.offer_span
            and overlaps(p.offer_span, q.offer_span)
            for q in out
        )
        if not clash:
            out.append(p)
    return out


def overlaps(a: Span2, b: Span2) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# --- registration ---------------------------------------------------------------------------


@Language.factory(
    PROPOSALS,
    default_config={"lexicons": LEXICONS},
    assigns=[attr("proposals")],
    # token.pos too, set by the model's attribute_ruler (which declares no assigns)
    requires=[
        *(attr(g) for g in ("entities", "statements", "timexes", "events")),
        *("doc.sents", "token.dep", "token.head", "token.lemma", "token.tag"),
    ],
)
def make_proposals(nlp: Language, name: str, *, lexicons: dict[str, str]) -> ProposalFinder:
    """The ``storyline_proposals`` component; ``lexicons`` may replace any packaged file."""
    return ProposalFinder(nlp, name, overrides(LEXICONS, lexicons))
