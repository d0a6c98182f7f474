"""Which articles are one source (reprints of one wire story count once), and which source
names are one person or body (``SourceNames``)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any


def duplicate_groups(ids: Iterable[str], links: Sequence[tuple[str, str]]) -> dict[str, int]:
    """Article id → a group number shared by near-duplicates (union-find over the links)."""
    parent = {a: a for a in ids}

    def find(a: str) -> str:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in links:
        if a in parent and b in parent:
            parent[find(a)] = find(b)
    roots: dict[str, int] = {}
    return {a: roots.setdefault(find(a), len(roots)) for a in parent}


# --------------------------------------------------------------------------- source names

_LEAD = re.compile(
    r"^(?:(?:the|a|an|local|activist|activists|rights|opposition|human rights|campaign|"
    r"advocacy|monitoring|watchdog|pressure)\s+)*(?:group|groups|network|body|organi[sz]ation)"
    r"\s+(?:the\s+)?",
    re.IGNORECASE,
)
_THE = re.compile(r"^the\s+", re.IGNORECASE)


def name_key(name: str) -> str:
    """The comparison form of a source name: 'the Local Co-ordination Committees' and 'Local
    Coordination Committee' give one key (no article, hyphens, case, plural s)."""
    text = _LEAD.sub("", " ".join(name.split()))
    text = _THE.sub("", text).replace("-", "").replace("'s", "").replace("’s", "")
    words = re.findall(r"\w+", text.casefold().replace("isation", "ization"))
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)


def _stem(name: str) -> str:
    """What is left of a name once a descriptive lead ('activist group the') is gone."""
    return _THE.sub("", _LEAD.sub("", " ".join(name.split()))).strip()


class SourceNames:
    """One canonical source per person or body across the corpus, surface forms kept.

    Two names are one source when their comparison forms (:func:`name_key`) are equal, when
    the story entities (``story.entities``: acronyms folded into the expansion the corpus
    gives, "WHO" = "World Health Organization") make them one, or when one is a cut-off form
    of exactly one longer name ("Local Co" of "Local Coordination Committees"). The name shown
    is the entity's canonical name, else the most used full form.
    """

    def __init__(self, names: Iterable[str], entities: Iterable[Mapping[str, Any]] = ()) -> None:
        seen = Counter(n for n in names if n and n.strip())
        self.canonical: dict[str, str] = {}
        entity_of: dict[str, str] = {}  # key of an alias → the entity's canonical name
        for e in entities:
            for alias in (e.get("canonical"), *(e.get("aliases") or [])):
                if alias and e.get("canonical"):
                    entity_of.setdefault(name_key(alias), e["canonical"])
        forms: dict[str, Counter[str]] = defaultdict(Counter)
        for name, n in seen.items():
            key = name_key(name)
            if key:
                forms[entity_of.get(key, key)][_stem(name) or name] += n
        keys = sorted(forms, key=len)
        for key in keys:
            target = self._longer(key, keys)
            names_of = forms[target] if target else forms[key]
            shown = names_of.most_common(1)[0][0]
            if target and target in entity_of.values():
                shown = target
            if key in entity_of.values():
                shown = key
            for name in forms[key]:
                self.canonical[name] = shown
        for name in seen:
            self.canonical.setdefault(name, self.canonical.get(_stem(name) or name, name))

    @staticmethod
    def _longer(key: str, keys: list[str]) -> str | None:
        """The only longer name that ``key`` is a cut-off start of ('local co' → 'local
        coordination committee'); None when none or several."""
        if len(key) < 6 or " " not in key:
            return None
        found = {k for k in keys if len(k) > len(key) and k.startswith(key)}
        return found.pop() if len(found) == 1 else None

    def __call__(self, name: str | None) -> str | None:
        if not name:
            return name
        return self.canonical.get(name) or self.canonical.get(_stem(name)) or name
