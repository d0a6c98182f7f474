"""Negotiation proposals from the real pipeline: offer, exchange, mediators, later answers."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language

from storyline.extract.nlp import load_pipeline


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def proposals(nlp: Language, text: str) -> list[dict[str, Any]]:
    doc = nlp.make_doc(text)
    doc.user_data["dct"] = "2025-02-14"
    return list(nlp(doc)._.storyline_proposals)


OFFER = (
    "The Coastal Liberation Army (CLA) has offered to free up to 15 of the 60 sailors it holds "
    "in exchange for a four-day pause in naval patrols, Norwegian mediators said on Tuesday."
)


def test_offer_with_exchange_and_a_later_answer(nlp: Language) -> None:
    text = (
        OFFER + "\n\nThe navy said in a statement on Wednesday that it was studying the proposal."
    )
    (p,) = proposals(nlp, text)
    assert p["form"] == "offer"
    assert p["proposer"] == "Coastal Liberation Army"
    assert p["offer"].startswith("free up to 15 of the 60 sailors")
    assert "exchange" not in p["offer"]
    assert p["in_exchange_for"] == "four-day pause"
    assert p["via"] == ["Norway"]
    assert p["date"] == "2025-02-11"  # the mediators' statement is dated "on Tuesday"
    # the answer comes two sentences later, from someone other than the proposer
    assert (p["response"], p["responder"]) == ("studying", "navy")


def test_a_demand_by_the_other_side_counters_an_offer(nlp: Language) -> None:
    text = OFFER + "\n\nHowever, the navy has demanded the release of all 60 sailors."
    offer, demand = proposals(nlp, text)
    assert (offer["response"], offer["responder"]) == ("countered", "navy")
    assert demand["form"] == "demand"
    assert demand["in_exchange_for"] == "release of all 60 sailors"
    assert demand["offer"] is None and demand["response"] == "unknown"


def test_a_rejected_deal_asks_its_for_object(nlp: Language) -> None:
    text = (
        "The defence minister has rejected deals for a ceasefire with the rebels in return for "
        "the release of some captives."
    )
    (p,) = proposals(nlp, text)
    assert p["form"] == "deal"
    assert p["in_exchange_for"] == "ceasefire with the rebels"
    assert p["offer"] == "release of some captives"
    assert p["response"] == "rejected" and p["responder"] == "defence minister"


def test_mediators_via_and_presented_package(nlp: Language) -> None:
    text = (
        "Egyptian and Qatari negotiators have presented to the rebels a new proposal that "
        "includes the release of 12 hostages and a temporary truce."
    )
    (p,) = proposals(nlp, text)
    assert p["via"] == ["Egypt", "Qatar"]
    assert p["offer"] == "release of 12 hostages and a temporary truce"


def test_demands_outside_a_negotiation_are_not_proposals(nlp: Language) -> None:
    assert proposals(nlp, "Protesters demanded justice for the victims.") == []
    assert proposals(nlp, "The minister said she was ready to talk.") == []


def test_spans_point_into_the_text(nlp: Language) -> None:
    for p in proposals(nlp, OFFER):
        assert 0 <= p["start_char"] < p["end_char"] <= len(OFFER)
        for key in ("offer_span", "exchange_span", "proposer_span", "cue_span"):
            s, e = p[key]
            assert OFFER[s:e]
        assert OFFER[p["offer_span"][0] : p["offer_span"][1]] == p["offer"]
