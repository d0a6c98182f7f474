"""Statements: direct quotes and reported speech, each with its speaker, cue and span.

The component ``storyline_statements`` (after ``storyline_entities``) works from the parse it is
given: quotations come from ``quotes.find_quotes``; reported speech comes from speech-verb
lemmas (lexicon ``speech_verbs.txt``) and "according to", with the content read off the
dependency tree (``ccomp``, ``xcomp``, the clause a trailing "he said" attaches to). Speakers
resolve to canonical entities: names directly, "he"/"it" to the last compatible speaker,
"the minister"/"the spokesperson" to an earlier speaker or entity with that title, "the IDF
statement" to the entity it names, and a quote with no cue to the previous speaker.

Beyond speech, verbs of belief, intention, stance and evidence (``attribution_cues.json``,
``attitude_verbs``: "expects", "wants", "endorsed", "a poll shows") attribute too. Each
statement records its ``act``: the kind of its cue (say, believe, intend, deny, accuse, support,
oppose, evidence), so claims can be told from opinions and plans.

Speakers follow the discourse, not recency alone: a pronoun takes the nearest earlier speaker
or subject of its gender (read off the article: honorifics, gendered roles, "X said she …"),
never a name inside the last statement's content, and a person who became the subject since the
last speaker wins ("Local baker Omar Salem was unconvinced. '…,' he said"); a quote running
over lines belongs to the cue that closes it; a partial quote with no cue is the sentence
subject's; "I"/"we" outside quote marks stay the writer's. Sourceless passives ("is expected
to", "it was reported that") are statements with no speaker; "Name: clause" lines credit the
name; a relay is kept apart from its source ("activists said, citing witnesses": ``cites``;
"CNN reported, citing officials": the officials speak, ``via`` CNN).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from itertools import accumulate
from typing import Any, Literal

from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from ..lexicons import lexicon_cache, lines, load_json, overrides, using
from .entities import EntityMention, is_title, mentions_of, speaker_nouns, title_vocabulary
from .extensions import attr
from .quotes import QUOTE_CHARS, balanced, coverage, find_quotes, trim

STATEMENTS = "storyline_statements"
LEXICONS = {
    "speech_verbs": "speech_verbs.txt",
    "attribution_cues": "attribution_cues.json",
    "media": "outlets.json",
    "speaker_nouns": "speaker_nouns.txt",
    "titles": "titles_roles.txt",
}
"""Config key → the packaged lexicon it replaces."""
ResolvedFrom = Literal["named", "pronoun", "nominal", "previous_speaker", "writer"]

_COVERED = 0.8
"""A reported clause this much inside quote marks is the quote itself ("said it had "...")."""
_MIN_UNATTRIBUTED_WORDS = 4
"""Shorter quotes with no speaker are scare quotes or titles, not statements."""
_PREVIOUS_SPEAKER_SENTENCES = 2
"""How far back (in sentences) a cue-less quote may continue the previous speaker."""
_SUBJECT_DEPS = ("nsubj",)
_INHERITING_DEPS = frozenset({"conj", "xcomp", "advcl", "pcomp", "pobj", "prep"})
"""A speech verb in these relations with no subject speaks for its head's subject."""
_TURN = re.compile(r"[\"“'‘]?\s*([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)?):\s")
"""A transcript turn: a capitalized speaker label and a colon opening the quote."""
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_INDEFINITE = frozenset({"a", "an", "some", "multiple", "several", "many", "two", "three"})


@dataclass(slots=True)
class Statement:
    """A direct quote (``direct``) or reported speech, with offsets into the doc text."""

    start_char: int
    end_char: int
    text: str
    direct: bool
    speaker: str | None
    speaker_span: tuple[int, int] | None
    cue: str | None
    cue_span: tuple[int, int] | None
    resolved_from: ResolvedFrom | None
    date: str | None = None
    speaker_label: str | None = None
    speaker_aliases: list[str] = field(default_factory=list)
    act: str = "say"
    cites: str | None = None
    """The source the speaker relays ("activists said, citing witnesses": "witnesses")."""
    via: str | None = None
    """The outlet that relayed the speaker's words ("CNN reported, citing officials")."""

    def to_dict(self) -> dict[str, Any]:
        # field by field: dataclasses.asdict deep-copies and costs more than the pass itself
        row = {key: getattr(self, key) for key in _STATEMENT_FIELDS}
        row["speaker_aliases"] = list(self.speaker_aliases)
        for key in ("speaker_span", "cue_span"):
            if row[key] is not None:
                row[key] = list(row[key])
        return row


_STATEMENT_FIELDS = tuple(f.name for f in fields(Statement))


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    span: tuple[int, int]
    resolved_from: ResolvedFrom
    label: str | None = None
    aliases: tuple[str, ...] = ()
    title: str | None = None


@dataclass(slots=True)
class Candidate:
    """A cue (speech verb or "according to") with where its content and speaker sit."""

    cue: Token
    cue_name: str
    cue_span: tuple[int, int]
    speaker_tok: Token | None
    content: tuple[int, int] | None  # char span, trimmed
    trailing: bool = False
    relay: bool = False
    speaker: Speaker | None = None
    resolved: bool = False
    act: str = "say"
    sourceless: bool = False
    """A passive with no agent ("is expected to"): a statement with no speaker."""
    cited: Token | None = None
    """The source the speaker cites ("activists said, citing witnesses")."""
    via: str | None = None
    """The outlet that relayed the speaker's words ("CNN reported, citing officials")."""


# --- lexicons -------------------------------------------------------------------------------


@lexicon_cache
def speech_verbs() -> dict[str, frozenset[str]]:
    """Lemma → frames ("clause", "xcomp", "object", "target", "as", "relay")."""
    out: dict[str, frozenset[str]] = {}
    for entry in lines("speech_verbs.txt"):
        lemma, *rest = entry.split()
        out[lemma.lower()] = frozenset(rest[0].split(",")) if rest else frozenset({"clause"})
    return out


@lexicon_cache
def cue_verbs() -> dict[str, tuple[frozenset[str], str]]:
    """Every attributing verb: lemma → (frames, act); the speech verbs (act "say" unless the
    lexicon gives another) and the attitude verbs of ``attribution_cues.json``."""
    out: dict[str, tuple[frozenset[str], str]] = {}
    for entry in lines("speech_verbs.txt"):
        lemma, *rest = entry.split()
        frames = frozenset(rest[0].split(",")) if rest else frozenset({"clause"})
        out[lemma.lower()] = (frames, rest[1] if len(rest) > 1 else "say")
    for act, verbs in load_json("attribution_cues.json").get("attitude_verbs", {}).items():
        for lemma, frames in verbs.items():
            out.setdefault(lemma.lower(), (frozenset(frames.split(",")), act))
    return out


@lexicon_cache
def attribution_cues() -> dict[str, Any]:
    data = load_json("attribution_cues.json")
    return {
        "nonspeaker": frozenset(data["nonspeaker_sources"]),
        "relay_participles": frozenset(data["relay_participles"]),
        "target_preps": frozenset(data.get("target_prepositions", ())),
        "nouns": {
            noun: act for act, nouns in data.get("attribution_nouns", {}).items() for noun in nouns
        },
        "label_sources": frozenset(data.get("label_sources", ())),
        "sourceless": frozenset(data.get("sourceless_passives", ())),
        "evidence_sources": frozenset(data.get("evidence_sources", ())),
        "addressees": frozenset(data.get("addressee_verbs", ())),
        "depiction": frozenset(data.get("depiction_verbs", ())),
        "first_person": frozenset(data.get("first_person", ())),
        "lemma_fixes": dict(data.get("lemma_fixes", {})),
        "pronoun_gender": dict(data.get("gender", {}).get("pronouns", {})),
        "gender_words": {
            word: g
            for g, words in data.get("gender", {}).get("words", {}).items()
            for word in words
        },
    }


@lexicon_cache
def media_lexicon() -> tuple[frozenset[str], frozenset[str]]:
    """(media head nouns, every alias of every outlet), lower case: the outlet lexicon that
    credits read too (``outlets.json``)."""
    data = load_json("outlets.json")
    names = {alias.lower() for entry in data["outlets"] for alias in entry["aliases"]}
    return frozenset(n.lower() for n in data["media_nouns"]), frozenset(names)


# --- the component --------------------------------------------------------------------------


class StatementFinder:
    """Finds statements in a parsed doc whose entities are already set."""

    def __init__(
        self, nlp: Language, name: str = STATEMENTS, lexicons: Mapping[str, str] | None = None
    ) -> None:
        self.name = name
        self.lexicons = dict(lexicons or {})
        with using(self.lexicons):
            cues = cue_verbs()
            self.verbs = {lemma: frames for lemma, (frames, _) in cues.items()}
            self.acts = {lemma: act for lemma, (_, act) in cues.items()}
            nouns = speaker_nouns()
            self.cues = attribution_cues()
            self.media_nouns, self.media_names = media_lexicon()
        # verbs whose clause is what was said ("According to AFP, X said" relays X)
        self.saying = frozenset(
            v
            for v, frames in self.verbs.items()
            if frames - {"quote", "target"} and self.acts[v] == "say"
        )
        self.speech = frozenset(speech_verbs())
        self.according_id = get_string_id("according")
        self.noun_id = get_string_id("NOUN")
        self.verb_tag_ids = frozenset(
            get_string_id(t) for t in ("VB", "VBD", "VBG", "VBN", "VBP", "VBZ")
        )
        self.containers = frozenset(nouns.get("container", {}))
        self.pronouns = nouns.get("pronoun", {})
        self.dependents = frozenset(nouns.get("dependent", {}))

    def __call__(self, doc: Doc) -> Doc:
        with using(self.lexicons):
            doc._.storyline_statements = [s.to_dict() for s in self.statements(doc)]
        return doc

    def statements(self, doc: Doc) -> list[Statement]:
        return _DocStatements(self, doc).run()


class _DocStatements:
    """The per-doc working state: token lookups built once, then the passes."""

    def __init__(self, finder: StatementFinder, doc: Doc) -> None:
        self.f = finder
        self.doc = doc
        self.text = doc.text
        self.mentions = mentions_of(doc)
        self.ent_at: dict[int, EntityMention] = {}
        for m in self.mentions:
            for i in range(m.start, m.end):
                self.ent_at.setdefault(i, m)
        # token attributes read as arrays once: making a Token object per word is the cost
        cols = doc.to_array(["IDX", "LOWER", "LEMMA", "TAG", "POS", "IS_ALPHA"]).T.tolist()
        self.starts: list[int] = cols[0]
        self.cols = cols
        text = self.text
        # running counts of alphabetic and capitalized words: a headline test per sentence
        alpha = list(accumulate(cols[5], initial=0))
        capital = (a and text[i].isupper() for i, a in zip(cols[0], cols[5], strict=True))
        upper = list(accumulate(capital, initial=0))
        self.sents = list(doc.sents)
        self.sent_of: list[int] = [0] * len(doc)
        self.headline: set[int] = set()
        self.colons: list[Token] = []
        for k, sent in enumerate(self.sents):
            self.sent_of[sent.start : sent.end] = [k] * (sent.end - sent.start)
            line = text[sent.start_char : sent.end_char]
            if ends_text(line):
                continue
            words = alpha[sent.end] - alpha[sent.start]
            if words >= 4 and (upper[sent.end] - upper[sent.start]) / words >= 0.75:
                self.headline.add(k)
            elif ":" in line:
                # an unpunctuated line: a headline that may attribute with a colon
                self.colons.extend(t for t in sent if t.text == ":")
        self.quotes = find_quotes(self.text)
        self.in_quote = [False] * len(doc)
        for qs, qe in self.quotes:
            first, last = self.tok_at(qs), self.tok_at(qe)
            self.in_quote[first:last] = [True] * max(0, last - first)
        self.history: list[Statement] = []
        self.genders = person_genders(doc, self.mentions, self.in_quote, self.f.cues)

    # helpers ---------------------------------------------------------------------------------

    def lemma(self, tok: Token) -> str:
        """The token's lemma, corrected where the lemmatizer is known to go wrong."""
        return self.f.cues["lemma_fixes"].get(tok.lower_) or tok.lemma_.lower()

    def tok_at(self, char: int) -> int:
        """Index of the first token starting at or after ``char``."""
        return bisect_left(self.starts, char)

    def tok_span(self, first: int, last: int) -> tuple[int, int] | None:
        """Trimmed char span of tokens ``first..last`` (inclusive)."""
        if last < first:
            return None
        t0, t1 = self.doc[first], self.doc[last]
        s, e = t0.idx, t1.idx + len(t1)
        if e < len(self.text) and self.text[e] in QUOTE_CHARS and not balanced(self.text[s:e]):
            e += 1  # the quote opened inside the clause closes right after it
        return trim(self.text, s, e)

    def sent_at_char(self, char: int) -> int:
        i = min(self.tok_at(char), len(self.doc) - 1)
        return self.sent_of[i] if i >= 0 else 0

    # pass 1: cues ----------------------------------------------------------------------------

    def candidates(self) -> list[Candidate]:
        out = []
        for i in self.cue_positions():
            tok = self.doc[i]
            if (
                tok.lower_ == "according"
                and tok.i + 1 < len(self.doc)
                and (self.doc[tok.i + 1].lower_ == "to")
            ):
                cand = self.according_to(tok)
            elif self.lemma(tok) in self.f.verbs and tok.tag_.startswith("VB"):
                if tok.tag_ == "VBG" and tok.lemma_.lower() in self.f.cues["relay_participles"]:
                    continue  # "…, NHK reported citing a post": the relay's source, not a claim
                cand = self.verb_cue(tok)
            elif tok.pos_ == "NOUN" and tok.lower_ in self.f.cues["nouns"]:
                cand = self.noun_cue(tok)
            else:
                continue
            if cand is not None:
                out.append(cand)
        for colon in self.colons:
            cand = self.colon_attribution(colon)
            if cand is not None:
                out.append(cand)
        for sent in self.sents:
            # "Name: …" needs a colon among the first words (checked on the text first)
            near = self.starts[min(sent.start + 8, sent.end - 1)] + 1
            if ":" not in self.text[sent.start_char : near]:
                continue
            cand = self.label_attribution(sent)
            if cand is not None:
                out.append(cand)
        return out

    def cue_positions(self) -> list[int]:
        """Tokens that may open a cue, outside quotes and headlines: "according", a verb whose
        lemma attributes, an attributing noun (read off the arrays)."""
        f, strings = self.f, self.doc.vocab.strings
        fixes = self.f.cues["lemma_fixes"]
        out = []
        cols = self.cols
        rows = zip(cols[1], cols[2], cols[3], cols[4], strict=True)
        for i, (lower, lemma, tag, pos) in enumerate(rows):
            if self.in_quote[i]:
                continue
            verb = tag in f.verb_tag_ids and (
                (fixes.get(strings[lower]) or strings[lemma].lower()) in f.verbs
            )
            noun = pos == f.noun_id and strings[lower] in f.cues["nouns"]
            if not (verb or noun or lower == f.according_id):
                continue
            if self.sent_of[i] not in self.headline:
                out.append(i)
        return out

    def label_attribution(self, sent: Any) -> Candidate | None:
        """A line opening with a speaker and a colon ("Pence: Gennifer Flowers Won't Be at
        Debate", "Poll: Clinton and Trump in dead heat"): the rest of the line is theirs."""
        words = [t for t in sent if not t.is_space]
        colon = next((k for k, t in enumerate(words[:5]) if t.text == ":"), None)
        if not colon or self.in_quote[words[0].i]:
            return None
        left, right = words[:colon], words[colon + 1 :]
        if sum(t.is_alpha for t in right) < 3 or any(t.pos_ not in ("PROPN", "NOUN") for t in left):
            return None
        named = all((m := self.ent_at.get(t.i)) and m.label in ("PERSON", "ORG") for t in left)
        if not named and not (len(left) == 1 and left[0].lower_ in self.f.cues["label_sources"]):
            return None
        head = left[-1]
        content = self.tok_span(right[0].i, right[-1].i)
        cue = words[colon]
        return Candidate(cue, ":", (cue.idx, cue.idx + 1), head, content)

    def colon_attribution(self, colon: Token) -> Candidate | None:
        """A headline "Hamas has lost control of Gaza: Israel Defence Minister": the clause
        before the colon, said by the short role or name after it."""
        sent = colon.sent
        left = self.doc[sent.start : colon.i]
        right = [t for t in self.doc[colon.i + 1 : sent.end] if not t.is_space and not t.is_punct]
        if not 1 <= len(right) <= 6 or len(left) < 3:
            return None
        if any(t.pos_ in ("VERB", "AUX") for t in right):
            return None
        if not any(t.tag_ in ("VBD", "VBZ", "VBP", "VBN") for t in left):
            return None
        named = any((m := self.ent_at.get(t.i)) and m.label in ("PERSON", "ORG") for t in right)
        if not named and not is_title([t.text for t in right]):
            return None
        head = next((t for t in reversed(right) if t.pos_ in ("NOUN", "PROPN")), right[-1])
        content = self.tok_span(left[0].i, left[-1].i)
        span = (colon.idx, colon.idx + 1)
        return Candidate(colon, ":", span, head, content, trailing=True)

    def verb_cue(self, cue: Token) -> Candidate | None:
        frames = self.f.verbs[self.lemma(cue)]
        speaker = self.controller(cue) or speaker_token(cue, self.in_quote)
        content, trailing = self.verb_content(cue, frames)
        lemma = self.lemma(cue)
        span = (cue.idx, cue.idx + len(cue))
        cand = Candidate(cue, lemma, span, speaker, content, trailing, act=self.f.acts[lemma])
        if speaker is None and lemma in self.f.cues["sourceless"]:
            passive = self.passive_content(cue)
            if passive is not None:
                cand.content, cand.trailing, cand.sourceless = passive, False, True
        cited = self.cited(cue)
        media = speaker is not None and self.is_media(speaker)
        if cited is not None and (media or speaker is None):
            # "…, CNN reported, citing defense officials": the officials speak, CNN relays
            cand.speaker_tok, cand.cited = cited, None
            cand.via = " ".join(t.text for t in phrase_tokens(speaker)) if speaker else None
        elif cited is not None:
            cand.cited = cited  # "Activists said, citing witnesses": the activists speak
        elif "relay" in frames and (trailing or content is None) and (speaker is None or media):
            cand.relay = True  # "…, Reuters reported": a relay with no source of its own
        return cand

    def controller(self, cue: Token) -> Token | None:
        """ "forced Stumpf to admit that …", "footage of Clinton asking, …": a cue in an
        infinitive or participle under a verb with an object speaks for that object when the
        object is someone (or shows someone), not for the verb's subject."""
        if cue.dep_ != "xcomp" or any(c.dep_ in _SUBJECT_DEPS for c in cue.children):
            return None
        obj = next((c for c in cue.head.children if c.dep_ == "dobj" and c.i < cue.i), None)
        if obj is None or self.in_quote[obj.i]:
            return None
        shown = any((m := self.ent_at.get(t.i)) and m.label == "PERSON" for t in phrase_tokens(obj))
        return obj if shown or self.speaks(obj) else None

    def cited(self, cue: Token) -> Token | None:
        """The source a cue's speaker cites ("…, citing witnesses"): the object of a relay
        participle on the cue or on its content's head."""
        heads = [cue, *(c for c in cue.children if c.dep_ == "ccomp")]
        for head in heads:
            for c in head.children:
                if c.tag_ == "VBG" and self.lemma(c) in self.f.cues["relay_participles"]:
                    obj = next((g for g in c.children if g.dep_ in ("dobj", "pobj")), None)
                    if obj is not None and not self.in_quote[obj.i]:
                        return obj
        return None

    def passive_content(self, cue: Token) -> tuple[int, int] | None:
        """ "Obama's veto is expected to come …", "it was reported that …": a passive cue with
        no agent; the content runs from the subject through the clause (an expletive "it"
        leaves only the clause)."""
        children = list(cue.children)
        if cue.tag_ != "VBN" or not any(c.dep_ == "auxpass" for c in children):
            return None
        if any(c.dep_ == "agent" for c in children):
            return None
        subj = next((c for c in children if c.dep_ == "nsubjpass"), None)
        clause = next((c for c in children if c.dep_ in ("xcomp", "ccomp") and c.i > cue.i), None)
        if subj is None or clause is None or self.in_quote[cue.i]:
            return None
        if subj.lower_ == "it" or clause.dep_ == "ccomp":
            return self.clause_span(clause, cue)
        return self.tok_span(subj.left_edge.i, clause.right_edge.i)

    def noun_cue(self, cue: Token) -> Candidate | None:
        """ "Clinton's plan for taxes", "his refusal to use …": an attributing noun with a
        possessive source; the content is its preposition's object, infinitive or clause."""
        poss = next((c for c in cue.children if c.dep_ == "poss" and not self.in_quote[c.i]), None)
        if poss is None:
            return None
        content = None
        for c in cue.rights:
            if c.dep_ == "prep" and c.lower_ in self.f.cues["target_preps"]:
                pobj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
                if pobj is not None:
                    content = self.tok_span(pobj.left_edge.i, pobj.right_edge.i)
            elif c.dep_ in ("acl", "ccomp") and c.pos_ in ("VERB", "AUX"):
                content = self.clause_span(c, cue)
            if content is not None:
                break
        if content is None:
            return None
        span = (cue.idx, cue.idx + len(cue))
        return Candidate(cue, cue.lower_, span, poss, content, act=self.f.cues["nouns"][cue.lower_])

    def verb_content(
        self, cue: Token, frames: frozenset[str]
    ) -> tuple[tuple[int, int] | None, bool]:
        """The content's char span and whether it comes before the cue."""
        children = list(cue.children)
        if "clause" in frames:
            for c in children:
                if c.dep_ == "ccomp" and (
                    self.f.acts[self.lemma(cue)] == "say"
                    or finite(c)
                    or "xcomp" in frames
                    and infinitive(c)  # "expects them to become …"
                ):
                    return self.clause_span(c, cue), c.i < cue.i
        if "xcomp" in frames:
            for c in children:
                if c.dep_ == "xcomp" and c.i > cue.i:
                    return self.tok_span(c.left_edge.i, c.right_edge.i), False
        if "object" in frames and any(c.dep_ == "dobj" and c.i > cue.i for c in children):
            right = max(c.right_edge.i for c in children if c.i > cue.i and c.dep_ != "punct")
            return self.tok_span(cue.i, right), False
        passive = next((c for c in children if c.dep_ == "nsubjpass"), None)
        if passive is not None and any(c.dep_ == "agent" for c in children) and frames - {"quote"}:
            # "Trump has been endorsed by the union": the subject is what the stance is about
            return self.tok_span(passive.left_edge.i, passive.right_edge.i), passive.i < cue.i
        if (
            "target" in frames
            and not self.depicts(cue)
            and any(
                c.dep_ == "dobj"
                and c.i > cue.i
                or c.dep_ == "prep"
                and c.i == cue.i + 1
                and c.lower_ in self.f.cues["target_preps"]
                for c in children
            )
        ):
            # "endorsed Clinton for president": what the stance is about, without the cue
            after = [c for c in children if c.i > cue.i and c.dep_ not in ("punct", "cc", "conj")]
            comma = next((c for c in after if self.doc[c.left_edge.i - 1].text == ","), None)
            after = [c for c in after if comma is None or c.i < comma.i]  # ", according to …"
            if after:
                right = max(c.right_edge.i for c in after)
                return self.tok_span(after[0].left_edge.i, right), False
        if "as" in frames:
            for c in children:
                if c.dep_ == "prep" and c.lower_ == "as":
                    pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                    if pobj is not None:
                        return self.tok_span(pobj.left_edge.i, pobj.right_edge.i), False
        if "clause" not in frames:
            return None, False
        colon = self.colon_content(cue)
        if colon is not None:
            return colon, False
        that = self.that_clause(cue)
        if that is not None:
            return self.clause_span(that, cue), False
        head = cue.head
        complement = cue.dep_ == "ccomp" and self.lemma(head) in self.f.verbs
        # "X said that he considered …": a cue inside another cue's clause is its content,
        # not a trailing "…, he considered"
        trailing_dep = (cue.dep_ == "parataxis" or cue.dep_ == "ccomp" and not complement) or (
            cue.dep_ == "advcl" and any(c.lower_ == "as" and c.dep_ == "mark" for c in children)
        )
        if trailing_dep and head.i < cue.i and head.pos_ in ("VERB", "AUX"):
            return self.preceding_clause(head, cue.left_edge.i), True
        as_before = cue.dep_ == "advcl" and any(c.lower_ == "as" for c in children)
        if as_before and head.i > cue.i and head.pos_ in ("VERB", "AUX"):
            # "As Mr. Bown observed, the tariffs …": the clause after the cue's own words
            return self.tok_span(cue.right_edge.i + 1, head.right_edge.i), True
        if cue.dep_ == "parataxis" and head.i > cue.i and head.pos_ in ("VERB", "AUX"):
            # "Back home, Mr. Clarke said, he decided …": the sentence around the cue
            return self.tok_span(head.left_edge.i, head.right_edge.i), True
        return self.said_object(cue), False

    def said_object(self, cue: Token) -> tuple[int, int] | None:
        """ "He claimed vast wealth", "Trump has admitted using the tax code", "Mook said as
        much": what a verb of saying with no clause says is its object (not an addressee:
        "told me", "told reporters")."""
        lemma = self.lemma(cue)
        if lemma not in self.f.speech or self.f.acts[lemma] != "say" or self.in_quote[cue.i]:
            return None
        if lemma in self.f.cues["addressees"]:
            return None  # "told reporters": whom it was said to
        subj = next((c for c in cue.children if c.dep_ == "nsubj"), None)
        if subj is None or not self.speaks(subj):
            return None  # "the war has claimed 11,000 lives": no one says anything
        for c in cue.rights:
            if c.dep_ == "dobj" or c.dep_ == "xcomp" and c.tag_ == "VBG":
                if c.pos_ in ("PRON", "PROPN") or c.i in self.ent_at:
                    return None  # "told him", "told Reuters": whom it was said to
                return self.tok_span(c.left_edge.i, c.right_edge.i)
        return None

    def depicts(self, cue: Token) -> bool:
        """ "Essa shows a video": a person showing a thing is no evidence ("polls show a
        close contest" is)."""
        if self.lemma(cue) not in self.f.cues["depiction"]:
            return False
        subj = next((c for c in cue.children if c.dep_ == "nsubj"), None)
        if subj is None:
            return False
        m = self.ent_at.get(subj.i)
        return self.f.pronouns.get(subj.lower_) == "person" or (
            m is not None and m.label == "PERSON"
        )

    def colon_content(self, cue: Token) -> tuple[int, int] | None:
        """'Limbaugh added: And from a supposed front-runner, …': what follows a colon right
        after the cue, to the end of its sentence (the next one when the colon ends it)."""
        i = cue.i + 1
        while i < len(self.doc) and self.doc[i].dep_ in ("prt", "advmod") and i - cue.i < 3:
            i += 1
        if i + 1 >= len(self.doc) or self.doc[i].text != ":":
            return None
        sent = self.doc[i].sent
        first = i + 1
        while first < len(self.doc) and self.doc[first].is_space:
            first += 1
        if first >= len(self.doc):
            return None
        end = sent.end if first < sent.end else self.doc[first].sent.end
        return self.tok_span(first, end - 1)

    def that_clause(self, cue: Token) -> Token | None:
        """'said in a statement that it was …': a that-clause the parser hung elsewhere."""
        stop = min(cue.right_edge.i, cue.i + 10)
        for i in range(cue.i + 1, stop + 1):
            tok = self.doc[i]
            if tok.lower_ == "that" and tok.dep_ == "mark" and tok.head.i > i:
                return tok.head
        return None

    def clause_span(self, head: Token, cue: Token) -> tuple[int, int] | None:
        """A complement clause minus its 'that', a trailing ", triggering …" and the cue."""
        first, last = head.left_edge.i, head.right_edge.i
        lead = self.doc[first]
        if lead.tag_ == "VBG" and self.lemma(lead) in self.f.cues["relay_participles"]:
            first = lead.right_edge.i + 1  # "said, citing witnesses, that …": not what was said
            while first <= last and self.doc[first].is_punct:
                first += 1
        while (
            first <= last
            and self.doc[first].lower_ == "that"
            and self.doc[first].dep_ not in ("det", "nsubj", "nsubjpass")
        ):
            first += 1  # the complementizer is not what was said
        if head.i > cue.i:
            first = self.after_cue_words(head, cue, first)
        if cue.i > head.i:
            # "…, a foundation official said": stop before the cue's own words
            between = [c.left_edge.i for c in cue.lefts if c.i > head.i]
            last = min(last, min(between, default=cue.i) - 1)
        for c in head.rights:
            if self.trails_off(c):
                last = min(last, c.left_edge.i - 1)
        return self.tok_span(first, last)

    def after_cue_words(self, head: Token, cue: Token, first: int) -> int:
        """Skip what the parser hung on the clause but belongs to the cue: a time or place
        phrase before the clause's subject ("said on Monday the transition would …") and an
        outlet told ("told Reuters Gaddafi forces killed …")."""
        subj = next((c for c in head.lefts if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
        if subj is None or first not in (cue.i + 1, cue.right_edge.i + 1):
            return first  # "said that in 2015 the agency …": the clause's own words
        if self.lemma(cue) in self.f.cues["addressees"] and first == cue.i + 1:
            # "told Reuters Gaddafi forces killed …": the outlet told, parsed into the subject
            for n in range(min(4, subj.i - first), 0, -1):
                if self.doc[first : first + n].text.lower() in self.f.media_names:
                    first += n
                    break
        while first < subj.left_edge.i:
            tok = self.doc[first]
            if tok.dep_ not in ("prep", "npadvmod") or tok.head != head:
                break
            first = tok.right_edge.i + 1
            while first < subj.left_edge.i and self.doc[first].is_punct:
                first += 1
        return first

    def trails_off(self, c: Token) -> bool:
        """', triggering what …' or ', reported AFP': after a comma, not part of what was said."""
        prev = self.doc[c.left_edge.i - 1] if c.left_edge.i > 0 else None
        if prev is None or prev.text != ",":
            return False
        if c.dep_ == "advcl" and c.tag_ == "VBG" and not self.in_quote[c.i]:
            return True
        return c.dep_ in ("conj", "parataxis") and self.lemma(c) in self.f.verbs

    def preceding_clause(self, head: Token, before: int) -> tuple[int, int] | None:
        """The clause of ``head`` up to token ``before``, from its subject on ("In Cairo, X …"
        and a dateline before the subject are not the statement)."""
        subjects = [c for c in head.lefts if c.dep_ in ("nsubj", "nsubjpass", "expl")]
        first = subjects[-1].left_edge.i if subjects else head.left_edge.i
        if self.in_quote[head.i] and not subjects:
            first = head.left_edge.i
        for i in range(first + 1, before - 1):
            tok, prev = self.doc[i], self.doc[i - 1]
            if tok.text in ("-", "--", "—") and prev.text in (")", "-RRB-"):
                first = i + 1  # "MISRATA, Libya (Reuters) - Rebel forces …": the dateline ends
                break
        return self.tok_span(first, before - 1)

    def according_to(self, tok: Token) -> Candidate | None:
        to = self.doc[tok.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        head = tok.head
        # a sentence root the tagger took for a noun ("Clinton beats Trump …, according to the
        # poll" with "Trump" as root) still heads the clause the source vouches for
        clause = head.pos_ in ("VERB", "AUX") or head.dep_ == "ROOT" and head.i < tok.i
        if pobj is None or not clause or head == tok:
            return None
        if (
            pobj.lemma_.lower() in self.f.cues["nonspeaker"]
            or pobj.lower_ in self.f.cues["nonspeaker"]
        ):
            return None  # "according to Israeli tallies": a figure's source, not speech
        if head.lemma_.lower() in self.f.saying:
            return None  # "According to AFP, X said …": AFP relays X's statement
        if not any(t.dep_ in ("nsubj", "nsubjpass") for t in self.doc[head.left_edge.i : head.i]):
            return None  # "… reported killed according to …": no clause of its own
        if tok.i > head.i:
            content = self.preceding_clause(head, tok.left_edge.i)
            trailing = True
        else:
            content = self.tok_span(to.right_edge.i + 1, head.right_edge.i)
            trailing = False
        span = (tok.idx, to.idx + len(to))
        act = "evidence" if pobj.lemma_.lower() in self.f.cues["evidence_sources"] else "say"
        return Candidate(tok, "according to", span, pobj, content, trailing, act=act)

    def is_media(self, tok: Token) -> bool:
        """Whether a speaker phrase names a news outlet (a relay, not a source)."""
        words = [t.lower_ for t in phrase_tokens(tok)]
        if any(w in self.f.media_nouns for w in words):
            return True
        phrase = " ".join(words)
        m = self.ent_at.get(tok.i)
        names = {phrase, tok.lower_} | ({m.text.lower(), m.canonical.lower()} if m else set())
        return bool(names & self.f.media_names)

    # pass 2: speakers ------------------------------------------------------------------------

    def resolve(self, tok: Token, at: int, forward: bool = False) -> Speaker | None:
        """The speaker a subject token names, seen from char position ``at``."""
        span = (tok.idx, tok.idx + len(tok))
        if tok.lower_ in self.f.cues["first_person"] and not self.in_quote[tok.i]:
            # the writer's own voice ("We welcome comments"): kept as written, never given to
            # someone the article named before
            return Speaker(tok.text, span, "writer")
        kind = self.f.pronouns.get(tok.lower_)
        if kind is not None:
            gender = self.f.cues["pronoun_gender"].get(tok.lower_)
            return self.resolve_pronoun(kind, span, at, tok.i, gender)
        for c in tok.children:
            if c.dep_ == "appos" and (a := self.ent_at.get(c.i)) and a.label == "PERSON":
                return from_mention(a, "named")  # "Its spokesman, Kasimir Drey, said"
        m = self.ent_at.get(tok.i)
        if m is not None and m.label != "NORP":
            return from_mention(m, "nominal" if m.nominal else "named")
        words = phrase_tokens(tok)
        person = next(
            (p for w in words if (p := self.ent_at.get(w.i)) and p.label == "PERSON"), None
        )
        if person is not None:
            return from_mention(person, "named")  # "Archbishop X of Y": X speaks
        if tok.lower_ in self.f.containers:
            named = self.named_inside(tok)
            if named is not None:
                return named
        if self.is_nominal(tok, words):
            found = self.resolve_nominal(tok, at, words, forward)
            if found is not None:
                return found
        if m is not None:
            return from_mention(m, "named")
        titled = titled_name(words)
        if titled is not None:
            return titled
        text = self.doc[words[0].i : words[-1].i + 1]
        return Speaker(text.text, (text.start_char, text.end_char), "named")

    def resolve_pronoun(
        self, kind: str, span: tuple[int, int], at: int, i: int, gender: str | None = None
    ) -> Speaker | None:
        """The nearest earlier speaker or subject entity the pronoun can stand for (of its
        gender, where the article tells both)."""
        best: Speaker | None = None
        best_at = -1
        for st in reversed(self.history):
            where = st.speaker_span[0] if st.speaker_span else st.start_char
            if (
                where < at
                and st.speaker
                and (
                    compatible(kind, st.speaker_label, st.speaker)
                    or kind == "person"
                    and self.misread_person(st, at, gender)
                )
                and self.same_gender(gender, st.speaker)
            ):
                best = Speaker(
                    st.speaker, span, "pronoun", st.speaker_label, tuple(st.speaker_aliases)
                )
                best_at = where
                break
        # "Minister X urged both sides … He said", "A taxi driver, Omar, shook his head. '…,'
        # he said": a subject named since the last speaker is the nearer antecedent
        for k in range(i - 1, -1, -1):
            tok = self.doc[k]
            if tok.idx <= best_at:
                break
            if tok.dep_ not in ("nsubj", "nsubjpass") or self.in_quote[k]:
                continue
            if self.reported_inside(tok.idx):
                continue  # "She says Trump represents …. She adds": not the subject inside
            m = self.ent_at.get(k)
            if m is not None:
                if m.end - 1 != k or m.label == "NORP" or not compatible(kind, m.label):
                    continue
                if self.same_gender(gender, m.canonical):
                    return Speaker(m.canonical, span, "pronoun", m.label, alias_list(m))
            elif kind == "person" and self.person_noun(tok):
                found = self.resolve(tok, tok.idx)
                if found is not None and self.same_gender(gender, found.name):
                    return Speaker(found.name, span, "pronoun", found.label, found.aliases)
        if best is not None:
            return best
        for m in reversed(self.mentions):
            if (
                m.start < i
                and m.label != "NORP"
                and compatible(kind, m.label)
                and self.same_gender(gender, m.canonical)
            ):
                return Speaker(m.canonical, span, "pronoun", m.label, alias_list(m))
        return None

    def misread_person(self, st: Statement, at: int, gender: str | None) -> bool:
        """A surname NER took for a place or a body ("McAuliffe has said …, but he refuses"):
        a "location" that speaks, or a one-word name that a "he"/"she" in its own sentence
        refers back to."""
        if st.speaker_label == "LOC":
            return True
        name, span = st.speaker or "", st.speaker_span
        if gender is None or st.speaker_label not in ("ORG", "GPE") or span is None:
            return False
        one_word = " " not in name and name[:1].isupper()
        return one_word and self.sent_at_char(span[0]) == self.sent_at_char(at)

    def speaks(self, tok: Token) -> bool:
        """Whether a subject can say something: a person or body named or referred to."""
        m = self.ent_at.get(tok.i)
        if m is not None:
            return m.label in ("PERSON", "ORG", "GPE", "NORP")
        if tok.pos_ == "PROPN" and not tok.is_stop:
            return True  # a name NER missed ("Mayor Ana Ruiz")
        if tok.lower_ in self.f.containers or tok.lower_ in self.f.dependents:
            return True  # "a Times article hailed …", "the campaign claimed …"
        return tok.lower_ in self.f.pronouns or self.person_noun(tok)

    def person_noun(self, tok: Token) -> bool:
        """A singular common noun naming a person: a role ("the minister") or a noun with a
        name in apposition ("a taxi driver, Omar,")."""
        if tok.pos_ != "NOUN" or tok.tag_ != "NN":
            return False
        return is_title([tok.text]) or any(
            c.dep_ == "appos" and c.pos_ == "PROPN" for c in tok.children
        )

    def same_gender(self, gender: str | None, name: str) -> bool:
        """Whether a gendered pronoun may stand for ``name`` (unknown genders may)."""
        known = self.genders.get(name)
        return gender is None or known is None or known == gender

    def reported_inside(self, char: int) -> bool:
        """Whether ``char`` lies in the content of a statement already read."""
        return any(st.start_char <= char < st.end_char for st in self.history[-3:])

    def named_inside(self, tok: Token) -> Speaker | None:
        """'the IDF statement', "a video on Hamas' channel": the entity the vehicle names."""
        best = None
        for t in tok.subtree:
            m = self.ent_at.get(t.i)
            if m is not None and m.label in ("PERSON", "ORG", "GPE"):
                return from_mention(m, "named")
            if m is not None and best is None:
                best = m
            if t.dep_ == "poss" and t.lower_ in ("his", "her", "its", "their"):
                kind = {"his": "person", "her": "person"}.get(t.lower_, "thing")
                return self.resolve_pronoun(kind, (t.idx, t.idx + len(t)), t.idx, t.i)
        return from_mention(best, "named") if best is not None else None

    def is_nominal(self, tok: Token, words: list[Token]) -> bool:
        """'the minister', 'the Israeli defence minister': a definite, singular role, no name."""
        if tok.tag_ not in ("NN", "NNP") or not (
            is_title([tok.text]) or tok.lower_ in self.f.dependents
        ):
            return False
        if any(w.lower_ in _INDEFINITE for w in words):
            return False
        named = (self.ent_at.get(w.i) for w in words)
        return not any(m is not None and m.label in ("PERSON", "ORG") for m in named)

    def resolve_nominal(
        self, tok: Token, at: int, words: list[Token], forward: bool = False
    ) -> Speaker | None:
        """The earlier speaker or titled person whose name or title holds the role's words
        (a headline may name the role before the person: ``forward``)."""
        vocab = title_vocabulary()
        role = {w.lower_ for w in words if w.lower_ in vocab or w.lower_ in self.f.dependents}
        role.add(tok.lower_)
        span = (tok.idx, tok.idx + len(tok))
        for st in reversed(self.history):
            if st.start_char >= at or not st.speaker:
                continue
            names = [st.speaker, *st.speaker_aliases]
            if any(role <= set(n.lower().split()) for n in names):
                return Speaker(
                    st.speaker, span, "nominal", st.speaker_label, tuple(st.speaker_aliases)
                )
        before = [m for m in reversed(self.mentions) if m.start < tok.i]
        after = [m for m in self.mentions if m.start > tok.i] if forward else []
        for m in [*before, *after]:
            if m.title and role <= set(m.title.lower().split()):
                return Speaker(m.canonical, span, "nominal", m.label, alias_list(m))
        return None

    # pass 3: assembling ----------------------------------------------------------------------

    def run(self) -> list[Statement]:
        cands = [c for c in self.candidates() if not c.relay]
        for c in cands:
            if c.via is not None and c.content is not None:
                # "X said that …, NHK reported citing a post": X's statement, NHK only relays
                s, e = c.content
                c.relay = any(o is not c and s <= o.cue_span[0] < e for o in cands)
        cands = [c for c in cands if not c.relay]
        reported = [
            c
            for c in cands
            if c.content is not None and (c.speaker_tok is not None or c.sourceless)
        ]
        reported = drop_nested(reported)
        items: list[tuple[int, str, Any]] = []
        for c in reported:
            assert c.content is not None
            items.append((min(c.content[0], c.cue_span[0]), "reported", c))
        quotes = [q for q in self.quotes if self.sent_at_char(q[0]) not in self.headline]
        cues = [self.quote_cue(q, reported, cands) for q in quotes]
        for k in range(len(quotes) - 2, -1, -1):
            if cues[k] is None and self.runs_on(quotes[k], quotes[k + 1]):
                # '"That's an honest answer.\nI would assess it as impossible," replied Graham':
                # one quote over lines, said by the cue that closes it
                cues[k] = cues[k + 1]
        for q, cue in zip(quotes, cues, strict=True):
            items.append((q[0], "quote", (q, cue)))
        items.sort(key=lambda it: it[0])
        out: list[Statement] = []
        for _, kind, item in items:
            st = (
                self.reported_statement(item) if kind == "reported" else self.quote_statement(*item)
            )
            if st is not None:
                out.append(st)
                self.history.append(st)
        quotes = [(s.start_char, s.end_char) for s in out if s.direct]
        out = [
            s for s in out if s.direct or coverage((s.start_char, s.end_char), quotes) < _COVERED
        ]
        out.sort(key=lambda s: (s.start_char, s.end_char))
        return out

    def speaker_of(self, cand: Candidate) -> Speaker | None:
        if not cand.resolved:
            cand.resolved = True
            if cand.speaker_tok is not None:
                cand.speaker = self.resolve(
                    cand.speaker_tok, cand.speaker_tok.idx, forward=cand.cue_name == ":"
                )
        return cand.speaker

    def reported_statement(self, cand: Candidate) -> Statement | None:
        assert cand.content is not None
        s, e = cand.content
        if cand.sourceless:
            cue, span, act = cand.cue_name, cand.cue_span, cand.act
            return Statement(s, e, self.text[s:e], False, None, None, cue, span, None, act=act)
        sp = self.speaker_of(cand)
        if sp is None:
            return None
        st = make_statement(self.text, s, e, False, sp, cand)
        if cand.cited is not None:
            cited = self.resolve(cand.cited, cand.cited.idx)
            st.cites = cited.name if cited is not None else None
        st.via = cand.via
        return st

    def quote_cue(
        self, q: tuple[int, int], reported: list[Candidate], cands: list[Candidate]
    ) -> Candidate | None:
        """The cue a quote belongs to: the reported clause around it, the cue whose content
        it is, or the nearest speech verb of its sentences."""
        inside = [
            c for c in reported if c.content and c.content[0] <= q[0] and q[1] <= c.content[1]
        ]
        if inside:
            return min(inside, key=lambda c: c.content[1] - c.content[0] if c.content else 0)
        best, best_overlap = None, 0
        for c in cands:
            if c.content is None or c.speaker_tok is None:
                continue
            ov = min(q[1], c.content[1]) - max(q[0], c.content[0])
            if ov > best_overlap:
                best, best_overlap = c, ov
        if best is not None:
            return best
        first, last = self.sent_at_char(q[0]), self.sent_at_char(max(q[1] - 1, q[0]))
        near = [
            c
            for c in cands
            if c.speaker_tok is not None
            and first <= self.sent_of[c.cue.i] <= last
            and not (q[0] <= c.cue_span[0] < q[1])
        ]
        if not near:
            return None
        return min(near, key=lambda c: min(abs(c.cue_span[0] - q[1]), abs(q[0] - c.cue_span[1])))

    def runs_on(self, q: tuple[int, int], nxt: tuple[int, int]) -> bool:
        """Whether quote ``q`` runs on into ``nxt`` on the next line: still open at its line's
        end (no closing mark), ``nxt`` starting that next line."""
        between = self.text[q[1] : nxt[0]]
        if between.count("\n") != 1:
            return False
        before, after = between.split("\n")
        if any(c in QUOTE_CHARS for c in before) or any(c.isalnum() for c in between):
            return False
        return after.strip() in ("", '"', "“", "``")

    def quote_statement(self, q: tuple[int, int], cand: Candidate | None) -> Statement | None:
        s, e = q
        turn = self.transcript_turn(s, e)
        if turn is not None:
            return turn
        if cand is not None:
            sp = self.speaker_of(cand)
            if sp is not None:
                return make_statement(self.text, s, e, True, sp, cand)
        if len(self.text[s:e].split()) < _MIN_UNATTRIBUTED_WORDS:
            return None  # a scare quote or a title, not someone's words
        if self.subhead(s, e):
            return None
        carries = self.carries_sentence(s, e)
        prev = self.previous_speaker(s) if carries else self.sentence_subject(s)
        if prev is not None:
            st = make_statement(self.text, s, e, True, prev, None)
            self.continue_turn(st)
            return st
        return Statement(s, e, self.text[s:e], True, None, None, None, None, None)

    def subhead(self, s: int, e: int) -> bool:
        """ "'All Bets Are Off.'" alone on its line: a title-case section heading in quote
        marks, not anyone's words."""
        first = self.text.rfind("\n", 0, s) + 1
        last = self.text.find("\n", e)
        line = self.text[first : len(self.text) if last < 0 else last]
        if line.strip().strip(QUOTE_CHARS + ".!?:, ") != self.text[s:e].strip(".!?:, "):
            return False
        words = [w for w in _WORD.findall(self.text[s:e]) if len(w) > 3]
        return len(words) >= 2 and all(w[0].isupper() for w in words)

    def continue_turn(self, st: Statement) -> None:
        """'"A," X said. "B."': the second quote is the same turn, under the same cue (one
        split quote), when the cue sits between the two quotes on one line."""
        if st.resolved_from != "previous_speaker" or not self.history:
            return
        last = self.history[-1]
        if not last.direct or last.cue_span is None or last.speaker != st.speaker:
            return
        if not last.end_char <= last.cue_span[0] < st.start_char:
            return
        if "\n" in self.text[last.end_char : st.start_char]:
            return
        st.cue, st.cue_span, st.act = last.cue, last.cue_span, last.act

    def transcript_turn(self, s: int, e: int) -> Statement | None:
        """'"PENCE: Well, look, …': a transcript turn, said by the capitalized name before the
        colon (the person the story names so, when it does), not by the nearest cue."""
        m = _TURN.match(self.text, s)
        if m is None:
            return None
        label = m.group(1).strip()
        content = trim(self.text, m.end(), e)
        if content is None or content[1] <= content[0]:
            return None
        start, end = content
        surname = label.split()[-1].lower()
        person = next(
            (
                p
                for p in self.mentions
                if p.label == "PERSON" and p.canonical.split()[-1].lower() == surname
            ),
            None,
        )
        span = (m.start(1), m.start(1) + len(label))
        sp = (
            Speaker(person.canonical, span, "named", "PERSON", alias_list(person))
            if person is not None
            else Speaker(label, span, "named", "PERSON")
        )
        return make_statement(self.text, start, end, True, sp, None)

    def sentence_subject(self, at: int) -> Speaker | None:
        """ "Reid has gone after Trump as a “human leech who will bleed the country”": a quoted
        phrase inside a sentence with no cue is the words of the sentence's subject, when that
        subject is someone who speaks."""
        sent = self.doc[min(self.tok_at(at), len(self.doc) - 1)].sent
        subj = next(
            (c for c in sent.root.children if c.dep_ == "nsubj" and not self.in_quote[c.i]), None
        )
        if subj is None or subj.idx > at or not self.speaks(subj):
            return None
        return self.resolve(subj, subj.idx)

    def carries_sentence(self, s: int, e: int) -> bool:
        """Whether a quote is most of its sentence (a continuation, not a quoted phrase
        inside someone else's sentence: 'The ministry put the figure at "…"')."""
        i = min(self.tok_at(s), len(self.doc) - 1)
        sent = self.doc[i].sent
        length = len(sent.text.strip())
        return length > 0 and (e - s) / length >= 0.5

    def new_subject(self, after: int, at: int) -> Speaker | None:
        """A person who became the subject between the last statement and a cue-less quote
        ("…," said X. Y disagreed. "…"): the quote is Y's turn, not X's."""
        for m in reversed(self.mentions):
            if not after <= m.start_char < at or m.label != "PERSON" or self.in_quote[m.start]:
                continue
            if self.doc[m.end - 1].dep_ in ("nsubj", "nsubjpass"):
                return from_mention(m, "previous_speaker")
        return None

    def previous_speaker(self, at: int) -> Speaker | None:
        """A quote with no cue continues the last speaker, if that was a sentence or two ago."""
        if not self.history:
            return None
        last = self.history[-1]
        if last.speaker is None or last.speaker_span is None:
            return None
        gap = self.sent_at_char(at) - self.sent_at_char(max(last.end_char - 1, 0))
        if gap > _PREVIOUS_SPEAKER_SENTENCES:
            return None
        after = max(last.end_char, last.cue_span[1] if last.cue_span else 0, last.speaker_span[1])
        newcomer = self.new_subject(after, at)
        if newcomer is not None:
            return newcomer
        return Speaker(
            last.speaker,
            last.speaker_span,
            "previous_speaker",
            last.speaker_label,
            tuple(last.speaker_aliases),
        )


# --- small pure helpers ---------------------------------------------------------------------


def person_genders(
    doc: Doc, mentions: list[EntityMention], in_quote: list[bool], cues: dict[str, Any]
) -> dict[str, str]:
    """Canonical person name → "m"/"f" where the article tells: an honorific or gendered role
    at a mention ("Mrs. Clinton", "spokeswoman"), else the pronouns that follow the person in
    sentences naming no other person ("Heidi Cruz said she …")."""
    words, pronouns = cues["gender_words"], cues["pronoun_gender"]
    votes: dict[str, dict[str, int]] = {}
    by_sent: dict[int, list[EntityMention]] = {}
    for m in mentions:
        if m.label != "PERSON" or m.nominal:
            continue
        tally = votes.setdefault(m.canonical, {})
        before = doc[max(0, m.start - 1) : m.start].text.lower()
        title = (m.title or "").lower()
        for g in {words.get(before), *(words.get(w) for w in title.split()), words.get(title)}:
            if g is not None:
                tally[g] = tally.get(g, 0) + 3
        if not in_quote[m.start]:
            by_sent.setdefault(doc[m.start].sent.start, []).append(m)
    for ms in by_sent.values():
        if len({m.canonical for m in ms}) != 1:
            continue
        for m in ms:
            subj = doc[m.end - 1]
            if subj.dep_ not in ("nsubj", "nsubjpass"):
                continue
            # "Heidi Cruz said she would …": a pronoun in the clause the person is subject of
            for t in subj.head.subtree:
                g = pronouns.get(t.lower_)
                own = t.i >= m.end and t.dep_ in ("nsubj", "nsubjpass", "poss")
                if g and own and not in_quote[t.i]:
                    votes[m.canonical][g] = votes[m.canonical].get(g, 0) + 1
    out = {}
    for name, tally in votes.items():
        m_votes, f_votes = tally.get("m", 0), tally.get("f", 0)
        if m_votes > 2 * f_votes:
            out[name] = "m"
        elif f_votes > 2 * m_votes:
            out[name] = "f"
    return out


def speaker_token(cue: Token, in_quote: list[bool]) -> Token | None:
    """The subject of a speech verb, recovering what a participle or a misparse hides.

    Words inside quote marks are never the speaker ("Some nights we argued," X told …).
    """
    subjects = [c for c in cue.children if c.dep_ in _SUBJECT_DEPS and not in_quote[c.i]]
    if subjects:
        subj = min(subjects, key=lambda c: abs(c.i - cue.i))
        if subj.tag_ in ("WDT", "WP"):
            # "the union, which said …", "Trump, who has promised and said …": the antecedent
            rel = next((a for a in [cue, *cue.ancestors] if a.dep_ == "relcl"), None)
            return rel.head if rel is not None else subj
        return subj
    if any(c.dep_ in _SUBJECT_DEPS for c in cue.children):
        # the parser took quoted words for the subject: the name after the verb speaks
        after = [c for c in cue.rights if c.pos_ == "PROPN" and not in_quote[c.i]]
        if after:
            return after[0]
    for c in cue.children:
        if c.dep_ == "agent":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    if cue.tag_ in ("VBD", "VBZ", "VBP") and cue.dep_ != "conj" and cue.i > 0:
        noun = left_noun(cue)
        if noun is not None:
            return noun  # "a video on X's channel claimed" parsed with no subject
    node = cue
    for _ in range(3):
        if node.dep_ not in _INHERITING_DEPS or node.head == node:
            break
        passive_ok = node.dep_ == "conj"  # "was allowed in and reported that …"
        node = node.head
        for c in node.children:
            if (c.dep_ in _SUBJECT_DEPS or passive_ok and c.dep_ == "nsubjpass") and c.i < cue.i:
                return c
    return None


def finite(head: Token) -> bool:
    """A clause with a tensed verb or a modal ("shows that X leads", not "shows X speaking"):
    what beliefs and evidence attribute, rather than a depicted scene."""
    if head.tag_ in ("VBD", "VBZ", "VBP", "MD"):
        return True
    tensed = ("VBD", "VBZ", "VBP", "MD")
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ in tensed for c in head.children)


def infinitive(head: Token) -> bool:
    """A 'to' clause with its own subject ("them to become less available")."""
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in head.children) and any(
        c.dep_ in ("nsubj", "nsubjpass") for c in head.children
    )


def left_noun(cue: Token) -> Token | None:
    """The noun phrase right before a finite verb the parser left without a subject."""
    tok = cue.doc[cue.i - 1]
    if tok.pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    while tok.head.i < cue.i and tok.head != tok:
        head = tok.head
        if head.pos_ == "ADP" and head.head.pos_ in ("NOUN", "PROPN") and head.head.i < head.i:
            tok = head.head
        elif head.pos_ in ("NOUN", "PROPN") and head.i < cue.i and tok.dep_ in ("compound", "poss"):
            tok = head
        else:
            break
    return tok


def phrase_tokens(tok: Token) -> list[Token]:
    """The speaker phrase around a head noun: its left modifiers and right attachments up to a
    comma ("sources familiar with the negotiations", "spokesperson of the group's wing")."""
    doc = tok.doc
    first = tok.left_edge.i
    for i in range(first, tok.i):
        if doc[i].is_punct and doc[i].text not in ("'", "’", "-") or doc[i].is_space:
            first = i + 1  # "GENEVA (Reuters) - A leading virologist": the dateline is not his
    while first < tok.i and (doc[first].lower_ in ("the", "a", "an") or doc[first].is_punct):
        first += 1
    last = tok.i
    for i in range(tok.i + 1, tok.right_edge.i + 1):
        t = doc[i]
        if t.is_punct or t.is_space or t.dep_ in ("relcl", "appos", "acl") and t.tag_ != "JJ":
            break
        if t.tag_ in ("WDT", "WP") or t.lower_ == "that" and t.head.dep_ == "relcl":
            break  # "the architect who said …": the relative clause starts here
        last = i
    return list(doc[first : last + 1])


def titled_name(words: list[Token]) -> Speaker | None:
    """'Mayor Ana Ruiz' that NER missed: title words, then capitalized names: a person."""
    vocab = title_vocabulary()
    k = 0
    while k < len(words) and words[k].lower_ in vocab:
        k += 1
    name = words[k:]
    if k == 0 or not name or not all(w.pos_ == "PROPN" and w.text[:1].isupper() for w in name):
        return None
    span = (name[0].idx, name[-1].idx + len(name[-1]))
    title = " ".join(w.text for w in words[:k])
    full = " ".join(w.text for w in name)
    return Speaker(full, span, "named", "PERSON", (f"{title} {full}",), title)


def compatible(kind: str, label: str | None, name: str | None = None) -> bool:
    """Whether a pronoun of ``kind`` can stand for a speaker with this label (or, for a
    phrase speaker with no label, this name: "a foundation official" is a person)."""
    if label is None:
        if not name:
            return False
        role = is_title(name.split()[-1:])
        return kind == "any" or (kind == "person") == role
    if kind == "any":
        return True
    if kind == "person":
        return label == "PERSON"
    return label != "PERSON"


def alias_list(m: EntityMention) -> tuple[str, ...]:
    return tuple([*m.aliases, *([m.title] if m.title else [])])


def from_mention(m: EntityMention, how: ResolvedFrom) -> Speaker:
    return Speaker(m.canonical, (m.start_char, m.end_char), how, m.label, alias_list(m), m.title)


def make_statement(
    text: str, s: int, e: int, direct: bool, sp: Speaker, cand: Candidate | None
) -> Statement:
    return Statement(
        s,
        e,
        text[s:e],
        direct,
        sp.name,
        sp.span,
        cand.cue_name if cand else None,
        cand.cue_span if cand else None,
        sp.resolved_from,
        speaker_label=sp.label,
        speaker_aliases=list(sp.aliases),
        act=cand.act if cand else "say",
    )


def drop_nested(cands: list[Candidate]) -> list[Candidate]:
    """A cue inside another statement's content is part of that statement ("said that the
    group told mediators that …" is one statement)."""

    def within(c: Candidate, o: Candidate) -> bool:
        return o is not c and o.content is not None and o.content[0] <= c.cue_span[0] < o.content[1]

    out = []
    for c in cands:
        # two cues each inside the other's content: a misread trailing cue loses to the other
        if not any(within(c, o) and (not within(o, c) or c.trailing) for o in cands):
            out.append(c)
    return out


def ends_sentence(sent: Any) -> bool:
    """Whether a sentence ends with . ? or ! (inside or before closing quote marks)."""
    return ends_text(sent.text)


def ends_text(text: str) -> bool:
    """:func:`ends_sentence` on the sentence's text."""
    text = text.rstrip().rstrip(QUOTE_CHARS)
    return text[-1:] in (".", "?", "!")


def is_headline(sent: Any) -> bool:
    """A title-case line ("Hamas Chief Accuses PM Of …") with no closing punctuation."""
    words = [t for t in sent if t.is_alpha]
    if len(words) < 4 or ends_sentence(sent):
        return False
    upper = sum(1 for t in words if t.text[0].isupper())
    return upper / len(words) >= 0.75


# --- registration ---------------------------------------------------------------------------


def statements_of(doc: Doc) -> list[Statement]:
    """The typed records of ``doc._.storyline_statements``."""
    out = []
    for r in doc._.storyline_statements or []:
        r = dict(r)
        for key in ("speaker_span", "cue_span"):
            if r.get(key) is not None:
                r[key] = tuple(r[key])
        out.append(Statement(**r))
    return out


@Language.factory(
    STATEMENTS,
    default_config={"lexicons": LEXICONS},
    assigns=[attr("statements")],
    # token.pos too, set by the model's attribute_ruler (which declares no assigns)
    requires=[attr("entities"), "doc.sents", "token.dep", "token.head", "token.lemma", "token.tag"],
)
def make_statements(nlp: Language, name: str, *, lexicons: dict[str, str]) -> StatementFinder:
    """The ``storyline_statements`` component; ``lexicons`` may replace any packaged file."""
    return StatementFinder(nlp, name, overrides(LEXICONS, lexicons))
