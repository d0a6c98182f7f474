"""Story entities: the canonical entities of each article merged across the corpus.

Extraction clusters mentions inside one article (``extract/entities.py``); here the clusters of
all articles meet. Entities with the same canonical name (type group, case and apostrophe
style aside) are one; a one-word person folds into the only full name ending with it; an
acronym ("MPA") folds into the organisation whose capitalised words it abbreviates
("Meridian Press Agency"), seen anywhere in the corpus, the expansion becoming the name.
Each entity gets a stable ``id`` (a slug of its name) for links such as ``/entities/<id>``,
mention and article counts, and the first and last publication dates it was seen on.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..extract.names import label_group, lexicon_canonical, strip_name

Key = tuple[str, str]
"""(type group, folded canonical name): what makes two article clusters one entity."""

Shares = Callable[[dict[Key, "Group"], Key, Key], bool]
"""Whether two groups were seen in one article (the article sets may live in the store)."""

_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "in", "on", "&", "de", "du", "des", "la"})
_ACRONYM_LEN = (2, 6)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


@dataclass(slots=True)
class Group:
    """One corpus entity while merging."""

    canonical: str
    labels: Counter[str] = field(default_factory=Counter)
    aliases: Counter[str] = field(default_factory=Counter)
    titles: Counter[str] = field(default_factory=Counter)
    mentions: int = 0
    articles: set[str] = field(default_factory=set)

    def absorb(self, other: Group) -> None:
        self.labels.update(other.labels)
        self.aliases.update(other.aliases)
        self.aliases[other.canonical] += 1
        self.titles.update(other.titles)
        self.mentions += other.mentions
        self.articles |= other.articles


# --- names ----------------------------------------------------------------------------------


def fold_name(name: str) -> str:
    """The comparison form of a name: one apostrophe style, single spaces, lower case."""
    return " ".join(name.translate(_APOSTROPHES).split()).casefold()


def slug(name: str) -> str:
    """A URL-safe id from a name: 'José Peñalva' → 'jose-penalva'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "entity"


def is_acronym(name: str) -> bool:
    low, high = _ACRONYM_LEN
    return name.isupper() and name.isalpha() and low <= len(name) <= high


def initials(name: str) -> str | None:
    """The acronym a multi-word name spells out when its content words are all capitalised
    ("Solvane Miners' Front" → SMF, but "Solvane Miners' Front spokesman" → None)."""
    words = [w for w in name.split() if w.lower() not in _ACRONYM_SKIP]
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return None
    return "".join(w[0] for w in words)


def expands(name: str, acronym: str) -> bool:
    """Whether a multi-word name spells out ``acronym`` (:func:`initials`)."""
    return initials(name) == acronym


# --- merging --------------------------------------------------------------------------------


def merge_entities(
    per_article: Mapping[str, list[dict[str, Any]]] | Iterable[list[dict[str, Any]]],
    dates: Mapping[str, str | None] | None = None,
) -> list[dict[str, Any]]:
    """Merge the entity mentions of many articles into corpus-wide entities.

    ``per_article`` maps an article id to its mentions (dicts with at least ``canonical``,
    ``label`` and ``text``, as stored); a plain list of lists numbers the articles. ``dates``
    maps an article id to its publication day (None or absent: left out of first/last seen).
    Returns one dict per entity, most mentioned first: ``id, canonical, label, aliases,
    titles, mentions, articles, article_ids, first_seen, last_seen``.
    """
    items = per_article.items() if isinstance(per_article, Mapping) else enumerate(per_article)
    groups: dict[Key, Group] = {}
    for article, mentions in items:
        for m in mentions:
            add_mention(groups, str(article), m)
    return merged_records(groups, dates)


def merged_records(
    groups: dict[Key, Group],
    dates: Mapping[str, str | None] | None = None,
    shares: Shares | None = None,
) -> list[dict[str, Any]]:
    """The corpus entities of the groups the mentions made (folded in place: pass a copy to
    keep them), most mentioned first (:func:`merge_entities`)."""
    merge_surnames(groups)
    merge_acronyms(groups, shares)
    out = [entity_record(g, dates or {}) for g in groups.values()]
    out.sort(key=lambda e: (-e["mentions"], e["canonical"]))
    assign_ids(out)
    return out


def group_row(key: Key, g: Group) -> dict[str, Any]:
    """A group as stored (``story_entity_groups``): the counters as [name, count] pairs in
    the order they were first seen, since ties of ``most_common`` keep that order."""
    return {
        "grp": key[0],
        "name": key[1],
        "canonical": g.canonical,
        "mentions": g.mentions,
        "data": {
            "labels": [[k, n] for k, n in g.labels.items()],
            "aliases": [[k, n] for k, n in g.aliases.items()],
            "titles": [[k, n] for k, n in g.titles.items()],
        },
    }


def group_from_row(row: Mapping[str, Any]) -> tuple[Key, Group]:
    """A stored group back (its article set left empty: it stays in the store)."""
    data = row["data"]
    g = Group(
        row["canonical"],
        Counter(dict(data["labels"])),
        Counter(dict(data["aliases"])),
        Counter(dict(data["titles"])),
        row["mentions"],
    )
    return (row["grp"], row["name"]), g


def add_mention(groups: dict[Key, Group], article: str, m: Mapping[str, Any]) -> Key:
    """Count one mention into its group (made when new); the group's key."""
    canonical = m.get("canonical") or m["text"]
    lex = lexicon_canonical(canonical)
    if lex:
        canonical = lex[0]
    label = m.get("label", "")
    key = (label_group(label), fold_name(canonical))
    g = groups.setdefault(key, Group(canonical))
    g.labels[label] += 1
    g.mentions += 1
    g.articles.add(article)
    for alias in [m.get("text", ""), *m.get("aliases", [])]:
        if alias:
            g.aliases[strip_name(alias)] += 1
    if m.get("title"):
        g.titles[m["title"]] += 1
    return key


def merge_surnames(groups: dict[Key, Group]) -> None:
    """Fold a one-word person into the only full name in the corpus that ends with it."""
    full: dict[str, list[Key]] = defaultdict(list)
    for key, g in groups.items():
        words = fold_name(g.canonical).split()
        if key[0] == "PERSON" and len(words) > 1:
            full[words[-1]].append(key)
    for key in [k for k, g in groups.items() if k[0] == "PERSON" and " " not in g.canonical]:
        targets = full.get(key[1], [])
        if len(targets) == 1:
            fold(groups, key, targets[0])


def merge_acronyms(groups: dict[Key, Group], shares: Shares | None = None) -> None:
    """Fold an acronym into the organisation it abbreviates.

    The expansion is found among the other organisations' names, or among the acronym's own
    aliases (an article that wrote "Meridian Press Agency (MPA)"). Several candidates: those
    seen in an article with the acronym win (``shares``: by default the groups' own article
    sets); still several, it stays apart (ambiguous).
    """
    shares = shares or _share_articles
    orgs = [k for k in groups if k[0] == "ORG"]
    # Organisations by the acronym they spell, found once: folds and renames below never make
    # a new candidate for another acronym (a name spells one acronym; the acronyms are one
    # word), so one pass over the names replaces a scan of every group per acronym.
    spelled: dict[str, list[Key]] = defaultdict(list)
    for k in orgs:
        if (acr := initials(groups[k].canonical)) is not None:
            spelled[acr].append(k)
    for key in [k for k in orgs if is_acronym(groups[k].canonical)]:
        if key not in groups:
            continue
        acr = groups[key].canonical
        targets = [k for k in spelled.get(acr, ()) if k in groups]
        if len(targets) > 1:
            shared = [k for k in targets if shares(groups, k, key)]
            targets = shared or targets
        if len(targets) == 1:
            fold(groups, key, targets[0])
            continue
        if targets:
            continue  # ambiguous
        own = [a for a, _ in groups[key].aliases.most_common() if expands(a, acr)]
        if own:
            rename(groups, key, own[0])


def _share_articles(groups: dict[Key, Group], a: Key, b: Key) -> bool:
    return bool(groups[a].articles & groups[b].articles)


def fold(groups: dict[Key, Group], src: Key, dst: Key) -> None:
    groups[dst].absorb(groups.pop(src))


def rename(groups: dict[Key, Group], key: Key, name: str) -> None:
    """Give an entity a better name (its expansion); merges with a group of that name."""
    g = groups.pop(key)
    g.aliases[g.canonical] += 1
    g.canonical = name
    new_key = (key[0], fold_name(name))
    if new_key in groups:
        groups[new_key].absorb(g)
    else:
        groups[new_key] = g


def entity_record(g: Group, dates: Mapping[str, str | None]) -> dict[str, Any]:
    seen = sorted(d for a in g.articles if (d := dates.get(a)))
    canonical = fold_name(g.canonical)
    return {
        "canonical": g.canonical,
        "label": g.labels.most_common(1)[0][0],
        "aliases": sorted(a for a in g.aliases if fold_name(a) != canonical),
        "titles": [t for t, _ in g.titles.most_common()],
        "mentions": g.mentions,
        "articles": len(g.articles),
        "article_ids": sorted(g.articles),
        "first_seen": seen[0] if seen else None,
        "last_seen": seen[-1] if seen else None,
    }


def assign_ids(entities: list[dict[str, Any]]) -> None:
    """``id`` = slug of the name; a later entity of the same name (another type) gets the type
    appended, then a number, so ids stay unique (the most mentioned keeps the bare slug)."""
    taken: set[str] = set()
    for e in entities:
        base = slug(e["canonical"])
        typed = f"{base}-{slug(e['label'])}"
        eid, n = (base if base not in taken else typed), 2
        while eid in taken:
            eid, n = f"{typed}-{n}", n + 1
        taken.add(eid)
        e["id"] = eid


# --- one entity -----------------------------------------------------------------------------


def find_entity(entities: list[dict[str, Any]], id_or_name: str) -> dict[str, Any] | None:
    """The entity with this id, else the one named so (canonical, then a unique alias)."""
    for e in entities:
        if e["id"] == id_or_name:
            return e
    want = fold_name(id_or_name)
    for e in entities:
        if fold_name(e["canonical"]) == want:
            return e
    owners = [e for e in entities if want in {fold_name(a) for a in e["aliases"]}]
    return owners[0] if len(owners) == 1 else None


def own_names(entity: dict[str, Any], entities: list[dict[str, Any]]) -> set[str]:
    """The entity's name and the aliases no other entity claims (folded): what may stand for
    it in a statement's speaker or a figure's source ("its envoy" is nobody's in particular)."""
    claims: Counter[str] = Counter()
    for e in entities:
        for name in {fold_name(n) for n in [e["canonical"], *e["aliases"]]}:
            claims[name] += 1
    names = {fold_name(entity["canonical"])}
    names |= {fold_name(a) for a in entity["aliases"] if claims[fold_name(a)] == 1}
    return names


def names_match(names: set[str], *candidates: str | None) -> bool:
    return any(c and fold_name(c) in names for c in candidates)


def source_matches(names: set[str], source: str | None) -> bool:
    """Whether a figure's free-text source names the entity (a whole-word match)."""
    if not source:
        return False
    text = fold_name(source)
    return any(len(n) > 2 and re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text) for n in names)
