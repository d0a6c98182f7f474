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


def test_a_plan_presented_by_us_is_the_speakers(nlp: Language) -> None:
    text = (
        "The junta has accepted a roadmap for ending the conflict, Kenyan President William "
        'Ruto said on Monday. "The junta has accepted the roadmap as presented by us," Ruto '
        "said.\n\nNo one at the talks gave details of the roadmap for peace."
    )
    ps = proposals(nlp, text)
    assert len(ps) == 3
    assert all(p["proposer"] == "William Ruto" for p in ps)
    assert ps[0]["response"] == "accepted" and ps[0]["responder"] == "junta"


def test_one_plan_named_twice_in_a_sentence_is_one_mention(nlp: Language) -> None:
    text = (
        "The Regional Council presented a peace plan on Monday. The initiative collapsed hours "
        "after the council said the junta had accepted the plan, including a truce."
    )
    ps = proposals(nlp, text)
    second = [p for p in ps if p["start_char"] > text.index("The initiative")]
    assert len(second) == 1
    assert text[second[0]["start_char"] : second[0]["end_char"]].startswith("plan, including")


def test_deals_in_general_are_no_proposal(nlp: Language) -> None:
    assert proposals(nlp, "The bloc has a poor record in brokering peace deals.") == []


def test_what_a_plan_lacks_is_the_speakers_demand(nlp: Language) -> None:
    text = (
        'Opposition leader Maria Lopez said: "The Arab League plan does not include the '
        'release of political prisoners, therefore it is outdated."'
    )
    ps = proposals(nlp, text)
    (demand,) = [p for p in ps if p["form"] == "demand"]
    assert demand["proposer"] == "Maria Lopez"
    assert demand["in_exchange_for"] == "release of political prisoners"
    assert text[demand["start_char"] : demand["end_char"]] == "release of political prisoners"
    (plan,) = [p for p in ps if p["form"] == "plan"]
    assert plan["offer"] is None  # not what it leaves out


def test_demand_cues_of_real_news(nlp: Language) -> None:
    (ask,) = proposals(
        nlp, "The opposition council is asking the European Union for access to frozen funds."
    )
    assert ask["form"] == "demand" and ask["in_exchange_for"] == "access to frozen funds"
    (least,) = proposals(
        nlp, "The unions said they will accept nothing less than the release of all detainees."
    )
    assert least["proposer"] == "unions"
    assert least["in_exchange_for"] == "release of all detainees"
    (must,) = proposals(
        nlp, '"There must be a withdrawal of all foreign troops," Defence Minister Ana Silva said.'
    )
    assert must["proposer"] == "Ana Silva"
    assert must["in_exchange_for"] == "a withdrawal of all foreign troops"


def test_a_demand_put_to_a_named_party_needs_no_negotiation_word(nlp: Language) -> None:
    (call,) = proposals(nlp, "World leaders called for Bashar al-Assad to step aside.")
    assert call["proposer"] == "World leaders"
    assert call["in_exchange_for"] == "Bashar al-Assad to step aside"
    (want,) = proposals(nlp, "The rebels want NATO to provide close air support.")
    assert (want["proposer"], want["addressee"]) == ("rebels", "North Atlantic Treaty Organization")
    # a call on nobody in particular is no negotiation
    assert proposals(nlp, "Officials called for residents to stay indoors.") == []


def test_no_dateline_nor_event_noun_is_a_proposer(nlp: Language) -> None:
    text = (
        "PORT LOUIS, May 3 (Reuters) - Hundreds of relatives marched to parliament on Thursday, "
        "demanding that the government reopen talks with the rebels."
    )
    (p,) = proposals(nlp, text)
    assert p["proposer"].startswith("Hundreds of relatives")
    text = (
        "The handover followed the council's acceptance of a counter-offer from the guerrillas: "
        "six soldiers in exchange for a two-day pause."
    )
    (p,) = proposals(nlp, text)
    assert p["proposer"] != "handover"
    assert p["offer"] == "six soldiers" and p["in_exchange_for"] == "two-day pause"


def test_more_cues_of_the_issue(nlp: Language) -> None:
    (agreed,) = proposals(nlp, "The government agreed to release 50 prisoners.")
    assert (agreed["form"], agreed["proposer"]) == ("offer", "government")
    assert agreed["offer"] == "release 50 prisoners"
    (swap,) = proposals(nlp, "The rebels offered to free six soldiers in an exchange for food.")
    assert (swap["offer"], swap["in_exchange_for"]) == ("free six soldiers", "food")
    (unity,) = proposals(
        nlp, "The League called on the authorities to form a national unity government."
    )
    assert unity["addressee"] == "authorities"
    (resign,) = proposals(nlp, "The protesters insisted that the president step down.")
    assert resign["form"] == "demand"
    (seek,) = proposals(nlp, "The protesters seek changes to the constitution.")
    assert seek["addressee"] is None  # what is sought, not whom
    # an indicative 'insisted that' reports a view, asks nothing
    assert proposals(nlp, "He insisted that the government had done nothing wrong.") == []


def test_a_plan_that_calls_for_something_holds_it(nlp: Language) -> None:
    (plan,) = proposals(nlp, "Annan's six-point plan calls for a ceasefire and talks.")
    assert (plan["form"], plan["proposer"]) == ("plan", "Annan")
    assert plan["offer"] == "ceasefire and talks"


def test_a_modal_demand_is_put_to_a_party(nlp: Language) -> None:
    text = '"Bond yields may need to rise by 10 basis points," the analyst Tom Reed said.'
    assert proposals(nlp, text) == []
    text = '"The firms will have to pay again," the lawyer Ann Ray said.'
    assert proposals(nlp, text) == []
    (p,) = proposals(nlp, '"NATO has to stop the air strikes," Foreign Minister Ana Silva said.')
    assert (p["proposer"], p["form"]) == ("Ana Silva", "demand")


def test_the_rebels_never_stand_for_a_country(nlp: Language) -> None:
    text = (
        "Russia urged restraint on Monday. The rebels have long called on foreign governments "
        "to release frozen assets."
    )
    ps = [p for p in proposals(nlp, text) if "foreign governments" in (p.get("addressee") or "")]
    assert [p["proposer"] for p in ps] == ["rebels"]
