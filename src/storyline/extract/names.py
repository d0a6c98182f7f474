"""Entity names without spaCy: canonical forms from the alias lexicon, name clean-up and label
groups, shared by the extractor (``extract/entities.py``) and the story's cross-article merge
(``story/entities.py``), which must not load spaCy to read a stored story."""

from __future__ import annotations

from ..lexicons import lexicon_cache, load_json

_DETERMINERS = frozenset({"the", "a", "an"})


@lexicon_cache
def alias_table() -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """Alias → (canonical, label), split into case-sensitive and lower-cased keys."""
    exact: dict[str, tuple[str, str]] = {}
    folded: dict[str, tuple[str, str]] = {}
    for item in load_json("aliases.json")["entities"]:
        value = (item["canonical"], item["label"])
        for alias in [item["canonical"], *item["aliases"]]:
            # capitals (IDF, WHO) must not match the words "idf"/"who"
            if alias.upper() == alias:
                exact[alias] = value
            else:
                folded[alias.lower()] = value
    return exact, folded


def lexicon_canonical(name: str) -> tuple[str, str] | None:
    """The alias lexicon's (canonical, label) for ``name``, if it lists it."""
    exact, folded = alias_table()
    name = strip_name(name)
    return exact.get(name) or folded.get(name.lower())


def strip_name(text: str) -> str:
    """'The United Nations' → 'United Nations'; "Joe Biden's" → 'Joe Biden'."""
    text = text.strip()
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            text = text[: -len(suffix)].rstrip()
            break
    first, _, rest = text.partition(" ")
    if first.lower() in _DETERMINERS and rest:
        text = rest
    return text


def label_group(label: str) -> str:
    # NER flips between ORG and GPE for the same name ("Hamas", "Israel")
    return "ORG" if label in ("ORG", "GPE") else label
