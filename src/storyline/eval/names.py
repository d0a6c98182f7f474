"""Fuzzy matching of names (speakers, sources, parties) between gold and predictions."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..extract.names import lexicon_canonical

_STOP = frozenset({"the", "of", "a", "an", "and", "s", "for", "in", "on"})


def name_tokens(name: str) -> frozenset[str]:
    """Lower-case content words of a name, possessives and parentheses dropped."""
    name = name.replace("’", "'").lower()
    name = re.sub(r"'s?\b", " ", name)
    return frozenset(w for w in re.findall(r"[a-z0-9]+", name) if w not in _STOP)


def head_word(name: str) -> str | None:
    """The head of a speaker phrase: last word before 'of'/'(' ("spokesperson of X")."""
    core = re.split(r"\s+of\s+|\(|,", name, maxsplit=1)[0]
    words = re.findall(r"[A-Za-z0-9]+", core.replace("'s", ""))
    return words[-1].lower() if words else None


def proper_words(name: str) -> frozenset[str]:
    return frozenset(w.lower() for w in re.findall(r"\b[A-Z][A-Za-z0-9]*", name))


def name_variants(name: str) -> list[str]:
    """A name, its text without a parenthesis, the parenthesis, and its lexicon canonical."""
    out = [name]
    bare = re.sub(r"\s*\([^)]*\)", "", name).strip()
    if bare and bare != name:
        out.append(bare)
    out.extend(re.findall(r"\(([^)]*)\)", name))
    for v in list(out):
        lex = lexicon_canonical(v)
        if lex:
            out.append(lex[0])
    return out


def speaker_match(gold: str | None, pred: str | None, aliases: Iterable[str] = ()) -> bool:
    """Whether a predicted speaker (or one of its aliases) names the gold speaker.

    Same words, one name's words inside the other's ("Netanyahu" / "Benjamin Netanyahu"),
    the alias lexicon (IDF / Israeli military), or the same head noun with no clashing proper
    names ("spokesperson of the group's wing" / "Qassam Brigades spokesperson").
    """
    if not gold or not pred:
        return not gold and not pred
    golds = name_variants(gold)
    preds = [v for n in [pred, *aliases] if n for v in name_variants(n)]
    for g in golds:
        gt = name_tokens(g)
        for p in preds:
            pt = name_tokens(p)
            if gt and pt and (gt <= pt or pt <= gt):
                return True
    bare = re.sub(r"\s*\([^)]*\)", "", gold).strip() or gold
    gh, ph = head_word(bare), head_word(pred)
    if gh and gh == ph:
        gp, pp = proper_words(bare), proper_words(pred)
        return gp <= pp or pp <= gp
    return False
