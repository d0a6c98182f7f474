"""Which articles are one source: reprints of one wire story count once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


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
