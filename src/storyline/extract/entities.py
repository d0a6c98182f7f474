"""Entities: spaCy NER plus canonical names, titles and aliases, in an article and a corpus.

The component ``storyline_entities`` reads ``doc.ents`` and the parse (no second parse) and
sets ``doc._.storyline_entities``: one :class:`EntityMention` row per mention (typed again by
:func:`mentions_of`), clustered so that "Netanyahu" and "Israeli Prime Minister Benjamin
Netanyahu" share the canonical name "Benjamin Netanyahu", "IDF" and "the Israeli military" share
"Israel Defense Forces" (alias lexicon), and "his office" / "the office" become "<person>'s
office". Merging the entities of many articles is story
analysis: ``story/entities.py``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from ..lexicons import lexicon_cache, lines, overrides, using
from .extensions import attr
from .names import alias_table, label_group, lexicon_canonical, strip_name

ENTITIES = "storyline_entities"
LEXICONS = {
    "aliases": "aliases.json",
    "titles": "titles_roles.txt",
    "speaker_nouns": "speaker_nouns.txt",
}
"""Config key → the packaged lexicon it replaces."""
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
_POSSESSIVE = frozenset({"'s", "'", "’s", "’"})
_DETERMINERS = frozenset({"the", "a", "an"})
_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "in", "on", "&"})
_TITLE_DEPS = frozenset({"compound", "amod", "nmod", "poss", "case", "punct"})
_OWNER_PRONOUNS = {"his": "PERSON", "her": "PERSON", "its": "ORG", "their": "ANY"}


@dataclass(slots=True)
class EntityMention:
    """One mention of an entity; offsets are characters into the doc text."""

    start_char: int
    end_char: int
    text: str
    label: str
    canonical: str
    title: str | None = None
    aliases: list[str] = field(default_factory=list)
    part_of: str | None = None
    """For an organisation's part ("Qassam Brigades, Hamas' military wing"): the whole."""
    role: str | None = None
    """The part's role inside the whole ("military wing")."""
    nominal: bool = False
    """A back-reference such as "the office" (resolved to an earlier, owned mention)."""
    cluster: int = -1
    start: int = 0
    end: int = 0
    """Token offsets in the doc (the statements component reads them)."""

    def to_dict(self) -> dict[str, Any]:
        # field by field: dataclasses.asdict deep-copies every value
        row = {key: getattr(self, key) for key in _MENTION_FIELDS}
        row["aliases"] = list(self.aliases)
        return row


_MENTION_FIELDS = tuple(f.name for f in fields(EntityMention))


# --- lexicons -------------------------------------------------------------------------------


@lexicon_cache
def title_words() -> tuple[frozenset[str], frozenset[tuple[str, ...]]]:
    """Single-word titles and multi-word title phrases (lower case)."""
    single, multi = set(), set()
    for entry in lines("titles_roles.txt"):
        words = tuple(entry.lower().split())
        (single.add(words[0]) if len(words) == 1 else multi.add(words))
    return frozenset(single), frozenset(multi)


@lexicon_cache
def speaker_nouns() -> dict[str, dict[str, str]]:
    """``{"container": {...}, "dependent": {...}, "pronoun": {word: person|thing|any}}``."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for entry in lines("speaker_nouns.txt"):
        kind, word, *rest = entry.split()
        out[kind][word.lower()] = rest[0] if rest else kind
    return dict(out)


@lexicon_cache
def title_vocabulary() -> frozenset[str]:
    """Every word that occurs in a title entry ("prime", "minister", "chief"…)."""
    return frozenset(w for entry in lines("titles_roles.txt") for w in entry.lower().split())


def is_title(words: Iterable[str]) -> bool:
    """Whether a run of words holds a title or role word from the lexicon."""
    single, multi = title_words()
    low = [w.lower() for w in words]
    if any(w in single for w in low):
        return True
    return any(tuple(low[i : i + len(m)]) == m for m in multi for i in range(len(low)))


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def acronym(name: str) -> str:
    """Initials of the capitalized words: 'Israel Defense Forces' → 'IDF'."""
    return "".join(w[0] for w in name.split() if w.lower() not in _ACRONYM_SKIP and w[:1].isupper())


# --- the component --------------------------------------------------------------------------


class EntityRecognizer:
    """Builds canonical entity mentions from the parse; stateful for its PhraseMatcher."""

    def __init__(
        self, nlp: Language, name: str = ENTITIES, lexicons: Mapping[str, str] | None = None
    ) -> None:
        self.name = name
        self.lexicons = dict(lexicons or {})
        with using(self.lexicons):
            exact, folded = alias_table()
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        # make_doc only tokenizes: the patterns are never parsed
        self.exact.add("ALIAS", [nlp.make_doc(a) for a in exact])
        self.folded.add("ALIAS", [nlp.make_doc(a) for a in folded])

    def __call__(self, doc: Doc) -> Doc:
        with using(self.lexicons):
            doc._.storyline_entities = [m.to_dict() for m in self.mentions(doc)]
        return doc

    def mentions(self, doc: Doc) -> list[EntityMention]:
        found = [m for ent in doc.ents if (m := ner_mention(ent)) is not None]
        found = self.add_lexicon_mentions(doc, found)
        found.extend(surname_mentions(doc, found))
        found.sort(key=lambda m: m.start)
        found.extend(list(dependent_mentions(doc, found)))
        found.sort(key=lambda m: m.start)
        cluster_mentions(found, doc.text)
        return found

    def add_lexicon_mentions(self, doc: Doc, found: list[EntityMention]) -> list[EntityMention]:
        """Alias-lexicon matches canonicalize NER mentions and add ones NER missed."""
        spans = [doc[s:e] for _, s, e in [*self.exact(doc), *self.folded(doc)]]
        spans.sort(key=lambda sp: (sp.start, -len(sp)))
        taken: set[int] = set()
        drop: set[int] = set()
        added: list[EntityMention] = []
        for span in spans:
            if any(i in taken for i in range(span.start, span.end)):
                continue
            canonical, label = lexicon_canonical(span.text) or (span.text, "ORG")
            overlapped = [m for m in found if m.start < span.end and span.start < m.end]
            if any(m.start < span.start or m.end > span.end for m in overlapped):
                continue  # NER took a longer name ("U.S. Centers for …"): it stands
            drop.update(id(m) for m in overlapped)
            added.append(
                EntityMention(
                    span.start_char,
                    span.end_char,
                    span.text,
                    label,
                    canonical,
                    start=span.start,
                    end=span.end,
                )
            )
            taken.update(range(span.start, span.end))
        return [m for m in found if id(m) not in drop] + added


def surname_mentions(doc: Doc, found: list[EntityMention]) -> list[EntityMention]:
    """Later bare surnames NER missed ("Gallant went on …" after "Yoav Gallant")."""
    surnames: dict[str, EntityMention] = {}
    for m in found:
        words = m.text.split()
        if m.label == "PERSON" and len(words) > 1 and words[-1][:1].isupper():
            surnames.setdefault(words[-1], m)
    if not surnames:
        return []
    covered = {i for m in found for i in range(m.start, m.end)}
    out = []
    # only the tokens spelled like a surname become Token objects (the arrays are cheap)
    wanted = {get_string_id(name) for name in surnames}
    for i, orth in enumerate(doc.to_array("ORTH").tolist()):
        if orth not in wanted:
            continue
        tok = doc[i]
        full = surnames.get(tok.text)
        if full is not None and tok.i not in covered and tok.pos_ == "PROPN" and tok.i >= full.end:
            out.append(
                EntityMention(
                    tok.idx,
                    tok.idx + len(tok),
                    tok.text,
                    "PERSON",
                    tok.text,
                    start=tok.i,
                    end=tok.i + 1,
                )
            )
    return out


def ner_mention(ent: Span) -> EntityMention | None:
    """A mention from a spaCy entity: determiners and possessives trimmed, title found."""
    if ent.label_ not in ENTITY_LABELS:
        return None
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and doc[start].lower_ in _DETERMINERS:
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    title_start = start
    label = ent.label_
    vocab = title_vocabulary()
    if (
        label in ("ORG", "GPE")
        and end - start >= 3
        and doc[start].lower_ in vocab
        and all(t.text[:1].isupper() for t in doc[start:end])
        and not any(t.lower_ in vocab for t in doc[start + 1 : end])
    ):
        label = "PERSON"  # "Archbishop Emmerich Vosk": a title then a name is a person
    if label == "PERSON":
        # "Prime Minister Benjamin Netanyahu" tagged as one PERSON: the title is not the name
        while start < end - 1 and doc[start].lower_ in vocab:
            start += 1
    if start >= end:
        return None
    span = doc[start:end]
    if "(" in span.text and ")" not in span.text:
        # "Solvane Miners' Front (SMF": NER stopped inside the parenthesis (the bracket may be
        # glued to a word the tokenizer kept whole: cut before that token)
        end = next(t.i for t in span if "(" in t.text)
        if end <= start:
            return None
        span = doc[start:end]
    text = span.text
    if not text or not any(c.isalpha() for c in text):
        return None
    lex = lexicon_canonical(text)
    canonical = lex[0] if lex else text
    title = None
    if label == "PERSON":
        title = person_title(span, doc[title_start:start])
    elif label == "ORG" and 2 <= len(span) <= 3 and all(t.pos_ == "PROPN" for t in span):
        title = person_title(span, doc[title_start:start])
        if title is not None:
            label = "PERSON"  # "Paulo Sennet, general secretary of …" names a person
    return EntityMention(
        span.start_char, span.end_char, text, label, canonical, title, start=start, end=end
    )


def person_title(name: Span, inside: Span) -> str | None:
    """The title or role written around a person's name, if the lexicon knows its words.

    Left modifiers ("Hamas political chief Ismail Haniyeh") or an apposition ("Kasimir Drey,
    the group's spokesman"; "adviser Brett McGurk" parsed as adviser ← appos ← McGurk).
    """
    doc = name.doc
    j = inside.start if len(inside) else name.start
    while j > 0:
        tok = doc[j - 1]
        if tok.is_space or tok.dep_ not in _TITLE_DEPS or not (j <= tok.head.i < name.end):
            break
        if tok.is_punct and tok.text not in ("-", "."):
            break
        j -= 1
    left = doc[j : name.start]
    if len(left) and is_title(t.text for t in left):
        return trim_span(left).text
    root = name.root
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.i < name.start:
        head = root.head
        span = doc[head.left_edge.i : head.i + 1]
        if is_title(t.text for t in span):
            return trim_span(span).text
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            span = doc[child.left_edge.i : child.right_edge.i + 1]
            if is_title(t.text for t in span):
                return trim_span(span).text
    return None


def trim_span(span: Span) -> Span:
    """Drop leading determiners and edge punctuation."""
    doc, s, e = span.doc, span.start, span.end
    while s < e and (doc[s].lower_ in _DETERMINERS or doc[s].is_punct or doc[s].is_space):
        s += 1
    while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space):
        e -= 1
    return doc[s:e]


def dependent_mentions(doc: Doc, found: list[EntityMention]) -> Iterator[EntityMention]:
    """'his office', "Netanyahu's office", 'the spokesperson of X', and later 'the office'."""
    dependents = speaker_nouns().get("dependent", {})
    if not dependents:
        return
    by_token = {i: m for m in found for i in range(m.start, m.end)}
    titles = title_words()[0]
    seen: dict[str, EntityMention] = {}
    wanted = {get_string_id(w) for w in (*dependents, *titles)}
    for i, lower in enumerate(doc.to_array("LOWER").tolist()):
        if lower not in wanted:
            continue
        tok = doc[i]
        noun = tok.lower_
        if tok.pos_ not in ("NOUN", "PROPN") or tok.i in by_token:
            continue
        if noun not in dependents and not (noun in titles and tok.n_lefts):
            continue
        owner = dependent_owner(tok, by_token, found)
        if noun not in dependents and not any(c.dep_ == "poss" for c in tok.children):
            continue  # a title is owned only by a possessive: "its general secretary"
        if owner is not None:
            ment = dependent_mention(tok, owner)
            seen[noun] = ment
            yield ment
        elif noun in seen and any(c.lower_ == "the" for c in tok.children):
            # "the office" after "his office": the same office
            prev = seen[noun]
            det = min((c.i for c in tok.children if c.lower_ == "the"), default=tok.i)
            yield EntityMention(
                doc[det].idx,
                tok.idx + len(tok),
                doc[det : tok.i + 1].text,
                prev.label,
                prev.canonical,
                aliases=list(prev.aliases),
                part_of=prev.part_of,
                role=prev.role,
                nominal=True,
                start=det,
                end=tok.i + 1,
            )


def dependent_owner(
    tok: Token, by_token: dict[int, EntityMention], found: list[EntityMention]
) -> EntityMention | None:
    """The entity a dependent noun belongs to: poss, compound or 'of' phrase, or a pronoun."""
    for child in tok.children:
        if child.dep_ in ("poss", "compound", "nmod") and child.i in by_token:
            return by_token[child.i]
        if child.dep_ == "poss" and child.lower_ in _OWNER_PRONOUNS:
            return last_compatible(found, child.i, _OWNER_PRONOUNS[child.lower_])
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.i in by_token:
                    return by_token[pobj.i]
    return None


def last_compatible(found: list[EntityMention], before: int, want: str) -> EntityMention | None:
    """The last mention before token ``before`` a pronoun of kind ``want`` can refer to."""
    for m in reversed(found):
        if m.start >= before or m.label == "NORP":
            continue
        if want == "ANY" or m.label == want or (want == "ORG" and m.label in ("ORG", "GPE")):
            return m
    return None


def dependent_mention(tok: Token, owner: EntityMention) -> EntityMention:
    doc = tok.doc
    left = min(tok.left_edge.i, tok.i)
    while left < tok.i and doc[left].lower_ in _DETERMINERS:
        left += 1
    right = tok.i + 1
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i > tok.i:
            # "spokesperson of Qassam Brigades, Hamas' military wing": stop at the comma
            right = child.i + 1
            while right <= child.right_edge.i and not doc[right].is_punct:
                right += 1
    span = doc[left:right]
    # the noun with its own modifiers: "military wing", "top Mideast adviser"
    mods = [
        c
        for c in tok.lefts
        if c.dep_ in ("amod", "compound") and c.i not in range(owner.start, owner.end)
    ]
    noun = " ".join([t.lower_ for t in mods] + [tok.lower_]) if mods else tok.lower_
    if owner.label == "PERSON":
        canonical = f"{possessive(owner.canonical)} {noun}"
    else:
        canonical = f"{owner.canonical} {noun}"
    aliases = [span.text]
    if owner.title:
        aliases.append(f"{possessive(owner.title)} {noun}")
    return EntityMention(
        span.start_char,
        span.end_char,
        span.text,
        "ORG",
        canonical,
        aliases=aliases,
        part_of=owner.canonical,
        role=noun,
        start=left,
        end=right,
    )


# --- clustering inside one article ---------------------------------------------------------


def cluster_mentions(mentions: list[EntityMention], text: str | None = None) -> None:
    """Give every mention a cluster id, the cluster's canonical name, aliases and title;
    ``text`` (the doc's) lets appositions be told from neighbours."""
    parent = list(range(len(mentions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        parent[find(i)] = find(j)

    link_parts(mentions, text)
    by_key: dict[tuple[str, str], int] = {}
    for i, m in enumerate(mentions):
        key = (label_group(m.label), m.canonical.lower())
        if key in by_key:
            union(i, by_key[key])
        else:
            by_key[key] = i
    full_names = [
        (i, m)
        for i, m in enumerate(mentions)
        if m.label == "PERSON" and len(m.canonical.split()) > 1
    ]
    orgs = [(i, m) for i, m in enumerate(mentions) if m.label in ("ORG", "GPE")]
    for i, m in enumerate(mentions):
        if surname_as_org(m, full_names):
            m.label = "PERSON"  # "Trump said" typed ORG after "Donald Trump": the person
        if m.label == "PERSON" and len(m.canonical.split()) == 1:
            j = surname_match(m, full_names)
            if j is not None:
                union(i, j)
        elif m.label in ("ORG", "GPE") and m.canonical.isupper() and 2 <= len(m.canonical) <= 6:
            for j, other in orgs:
                if other is not m and acronym(other.canonical) == m.canonical:
                    union(i, j)
                    break
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(mentions)):
        groups[find(i)].append(i)
    for cid, members in enumerate(groups.values()):
        apply_cluster(cid, [mentions[i] for i in members])


def surname_as_org(m: EntityMention, full_names: list[tuple[int, EntityMention]]) -> bool:
    """A one-word ORG/GPE that is the surname of a person named in full earlier in the
    article: NER typed the person's bare surname as a body ("Trump", "Clinton")."""
    if m.label not in ("ORG", "GPE") or m.nominal or m.part_of or " " in m.canonical:
        return False
    if lexicon_canonical(m.text) is not None:
        return False  # a body the alias lexicon knows
    return any(f.start < m.start and f.canonical.split()[-1] == m.canonical for _, f in full_names)


def surname_match(m: EntityMention, full_names: list[tuple[int, EntityMention]]) -> int | None:
    """The first preceding full name whose last (or first) word is this one-word name."""
    word = m.canonical
    last = [(i, f) for i, f in full_names if f.canonical.split()[-1] == word]
    candidates = last or [(i, f) for i, f in full_names if f.canonical.split()[0] == word]
    if not candidates:
        return None
    before = [(i, f) for i, f in candidates if f.start < m.start]
    # the first person of that name the article gave: a later "Heidi Cruz" does not make the
    # bare "Cruz" of an article about Ted Cruz hers (nor, through her, join the two)
    return (before[0] if before else candidates[0])[0]


def link_parts(mentions: list[EntityMention], text: str | None = None) -> None:
    """'Qassam Brigades, Hamas' military wing': the apposition names a part of Hamas. An
    apposition follows its name after a comma; "LIMA (Reuters) - Peru's government" puts a
    dateline's outlet beside a body, not names one by the other."""
    for m in mentions:
        if m.role is not None or m.label not in ("ORG", "PERSON"):
            continue
        for other in mentions:
            if (
                other.part_of
                and other.role
                and other.start > m.start
                and (other.start - m.end <= 2)
                and (text is None or text[m.end_char : other.start_char].strip() == ",")
            ):
                # the apposition right after a name is that name, seen as a part of its owner
                m.part_of, m.role = other.part_of, other.role
                m.aliases.append(other.text)
                other.canonical = m.canonical
                m.label = other.label = "ORG"  # a part of an organisation is one
                break


def apply_cluster(cid: int, members: list[EntityMention]) -> None:
    lex = [m.canonical for m in members if lexicon_canonical(m.canonical)]
    persons = [m.canonical for m in members if m.label == "PERSON"]
    if lex:
        canonical = Counter(lex).most_common(1)[0][0]
    elif persons:
        canonical = max(persons, key=lambda c: (len(c.split()), len(c)))
    else:
        names = Counter(m.canonical for m in members)
        # "the National Union of Mineworkers (NUM) … the NUM said": the full name is canonical
        # however often the acronym is used; the acronym stays an alias
        spelled = {acronym(n) for n in names if " " in n}
        full = Counter({n: k for n, k in names.items() if n not in spelled}) or names
        canonical = full.most_common(1)[0][0]
    aliases: list[str] = []
    for m in members:
        texts = [] if m.nominal else [strip_name(m.text)]
        for alias in [*texts, m.canonical, *m.aliases]:
            if alias != canonical and alias not in aliases:
                aliases.append(alias)
    titles = [m.title for m in members if m.title]
    labels = Counter(m.label for m in members if m.label != "NORP") or Counter(
        m.label for m in members
    )
    label = labels.most_common(1)[0][0]
    part = next((m for m in members if m.part_of), None)
    for m in members:
        m.cluster = cid
        m.canonical = canonical
        m.aliases = list(aliases)
        if m.title is None and titles:
            m.title = titles[0]
        if m.label != "NORP":
            m.label = label
        if part is not None and m.part_of is None:
            m.part_of, m.role = part.part_of, part.role


# --- registration ---------------------------------------------------------------------------


def mentions_of(doc: Doc) -> list[EntityMention]:
    """The typed records of ``doc._.storyline_entities``."""
    return [EntityMention(**r) for r in doc._.storyline_entities or []]


@Language.factory(
    ENTITIES,
    default_config={"lexicons": LEXICONS},
    assigns=[attr("entities")],
    # token.pos too, set by the model's attribute_ruler (which declares no assigns)
    requires=["doc.ents", "token.dep", "token.head"],
)
def make_entities(nlp: Language, name: str, *, lexicons: dict[str, str]) -> EntityRecognizer:
    """The ``storyline_entities`` component; ``lexicons`` may replace any packaged file."""
    return EntityRecognizer(nlp, name, overrides(LEXICONS, lexicons))
