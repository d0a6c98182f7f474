"""Typed events from the real pipeline on invented sentences from several kinds of stories."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language

from storyline.extract.events import date_value, taxonomy
from storyline.extract.nlp import load_pipeline


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def events(nlp: Language, text: str, dct: str | None = "2024-03-08") -> list[dict[str, Any]]:
    doc = nlp.make_doc(text)
    doc.user_data["dct"] = dct
    return list(nlp(doc)._.storyline_events)


def one(rows: list[dict[str, Any]], etype: str) -> dict[str, Any]:
    found = [r for r in rows if r["type"] == etype]
    assert len(found) == 1, rows
    return found[0]


def test_earthquake_frame_dates_and_places_the_event(nlp: Language) -> None:
    rows = events(
        nlp, "A powerful earthquake struck central Morocco on Friday, killing 2,000 people."
    )
    quake = one(rows, "disaster")
    assert quake["trigger"] == "earthquake struck"
    assert quake["place"] == "Morocco"
    assert (quake["date"], quake["date_from"]) == ("2024-03-08", "timex")
    dead = one(rows, "casualties")
    assert dead["patient"] == "2,000 people"
    assert dead["modality"] == "asserted" and not dead["negated"]


def test_election_agent_patient_and_timex(nlp: Language) -> None:
    ev = one(
        events(nlp, "Voters in Argentina elected Javier Milei as president on Sunday."), "election"
    )
    assert ev["agent"] == "Voters" and ev["patient"] == "Javier Milei"
    assert ev["date"] == "2024-03-03" and ev["date_from"] == "timex"


def test_trial_ruling_needs_a_court_subject(nlp: Language) -> None:
    rows = events(nlp, "The judge ruled that the evidence was inadmissible.")
    assert one(rows, "ruling")["agent"] == "judge"
    # "the power to rule" is governing, not a ruling
    assert not [
        r for r in events(nlp, "They no longer have the power to rule.") if r["type"] == "ruling"
    ]


def test_strike_arrest_and_place(nlp: Language) -> None:
    rows = events(nlp, "Police arrested 12 protesters outside parliament in Nairobi on Wednesday.")
    ev = one(rows, "arrest")
    assert (ev["agent"], ev["patient"], ev["place"]) == ("Police", "12 protesters", "Nairobi")
    strike = one(
        events(nlp, "Thousands of dockworkers went on strike in Rotterdam on June 3."),
        "labor_strike",
    )
    assert strike["date"] == "2024-06-03" and strike["place"] == "Rotterdam"


def test_ceasefire_start_and_end(nlp: Language) -> None:
    start = one(events(nlp, "The ceasefire took effect at midnight on Monday."), "ceasefire_start")
    assert start["date"] == "2024-03-04"
    end = one(events(nlp, "Israel ended the truce last month."), "ceasefire_end")
    assert end["agent"] == "Israel" and end["date"] == "2024-02"


def test_negation_and_modality(nlp: Language) -> None:
    assert one(events(nlp, "The army did not attack the town."), "attack")["negated"] is True
    rows = events(nlp, "The rebels said they would release the prisoners if the army withdrew.")
    release = one(rows, "release")
    assert release["modality"] == "hypothetical"
    assert release["agent"] == "rebels"  # "they" is the speaker of "said"
    planned = one(events(nlp, "The government plans to hold elections in March."), "election")
    assert planned["modality"] == "planned"
    reported = one(events(nlp, "The ministry said that rebels captured 20 soldiers."), "capture")
    assert reported["modality"] == "reported"


def test_a_bare_event_noun_needs_an_agent_time_or_support_verb(nlp: Language) -> None:
    rows = events(nlp, "The union demanded the release of 30 workers.")
    assert one(rows, "demand")["patient"] == "release of 30 workers"
    assert not [r for r in rows if r["type"] == "release"]  # demanded, not released


def test_statement_date_is_the_fallback_then_publication(nlp: Language) -> None:
    rows = events(nlp, "The health ministry said on Monday that the virus had infected 40 people.")
    ev = one(rows, "outbreak")
    assert (ev["date"], ev["date_from"]) == ("2024-03-04", "statement")
    ev = one(events(nlp, "Rebels captured 20 soldiers."), "capture")
    assert (ev["date"], ev["date_from"]) == ("2024-03-08", "publication")
    assert one(events(nlp, "Rebels captured 20 soldiers.", dct=None), "capture")["date"] is None


def test_spans_are_clean_text_pairs(nlp: Language) -> None:
    text = "Hamas captured 239 hostages during the attack on Israel on October 7, 2023."
    for row in events(nlp, text):
        assert 0 <= row["start_char"] < row["end_char"] <= len(text)
        for key, value in row.items():
            if key.endswith("_span") and value is not None:
                assert len(value) == 2 and 0 <= value[0] < value[1] <= len(text)
        assert text[row["trigger_span"][0] : row["trigger_span"][1]] in row["trigger"]


def test_taxonomy_and_date_values() -> None:
    tax = taxonomy()
    assert any(s.type == "release" for s in tax.verbs["release"])
    assert date_value({"type": "DATE", "value": "2024-05-05"}) == "2024-05-05"
    assert date_value({"type": "DURATION", "value": "P5D"}) is None
    assert date_value({"type": "DATE", "value": "XXXX-10-07"}) is None


def test_a_side_clause_takes_the_date_of_the_clause_it_hangs_on(nlp: Language) -> None:
    rows = events(nlp, "Rebels captured the port on Tuesday and killed 12 soldiers.")
    assert (one(rows, "casualties")["date"], one(rows, "casualties")["date_from"]) == (
        "2024-03-05",
        "timex",
    )
    rows = events(nlp, "The March 3 blast, which killed a dozen workers, shut the mine.")
    assert one(rows, "casualties")["date"] == "2024-03-03"
    # a look-back in a later report: the clause of "recalled" does not date the killing
    rows = events(nlp, "On Monday, officials recalled the blast, which killed a dozen workers.")
    assert one(rows, "casualties")["date_from"] == "publication"


def test_figures_of_speech_are_not_events(nlp: Language) -> None:
    for text in (
        "The opposition leader attacked the government's economic policy on Tuesday.",
        "Critics said the plan would kill jobs.",
        "The bill died in committee on Friday.",
        'The minister condemned the "invasion" of lobbyists.',
    ):
        rows = events(nlp, text)
        assert not [r for r in rows if r["type"] in ("attack", "casualties", "death")], text
    assert one(events(nlp, "Troops attacked the town on Tuesday."), "attack")


def test_running_tolls_are_marked_running(nlp: Language) -> None:
    assert one(events(nlp, "The flu has killed 81 people in Mexico."), "outbreak")["running"]
    assert not one(events(nlp, "A child died in Texas on Wednesday."), "death")["running"]


def test_what_would_follow_and_what_can_happen_are_not_happenings(nlp: Language) -> None:
    rows = events(nlp, "Proof the disease was spreading in Europe would trigger an alert.")
    assert one(rows, "outbreak")["modality"] == "hypothetical"
    assert one(events(nlp, "Seasonal flu can kill 500,000 people."), "outbreak")["modality"] == (
        "hypothetical"
    )
    text = "The world must be ready for the flu to become more severe and kill more people."
    assert one(events(nlp, text), "casualties")["modality"] == "planned"


def test_a_named_kind_of_strike_beats_the_labour_frame(nlp: Language) -> None:
    assert one(events(nlp, "Western-led air strikes began on March 19."), "attack")
    assert one(events(nlp, "Workers went on strike on Monday."), "labor_strike")


def test_an_outlet_in_a_dateline_is_never_the_agent(nlp: Language) -> None:
    rows = events(
        nlp,
        "LIMA (Reuters) - Peru's government has accepted a plan by Chile to seek a "
        "negotiated solution.",
    )
    accepted = one(rows, "acceptance")
    assert accepted["agent"] != "Reuters" and accepted["patient"] == "plan"


def test_a_factbox_line_keeps_its_date_out_of_the_phrase(nlp: Language) -> None:
    rows = events(
        nlp, "April 30 - A missile attack on a house in the capital kills four civilians."
    )
    assert rows
    for r in rows:
        for role in ("agent", "patient"):
            assert not (r.get(role) or "").startswith(("April", "30")), r


def test_opposition_is_a_rejection_only_against_something(nlp: Language) -> None:
    group = events(nlp, "The embargo precluded providing weapons to the Syrian opposition.")
    assert not [r for r in group if r["type"] == "rejection"], group
    stance = events(nlp, "The union voiced its opposition to the new contract on Monday.")
    assert [r for r in stance if r["type"] == "rejection"], stance


def test_a_day_in_the_possessive_is_no_agent(nlp: Language) -> None:
    rows = events(nlp, "Thursday's Security Council vote backed military action in the region.")
    vote = one(rows, "decision")
    assert vote["agent"] == "Security Council" and vote["date"] is not None


def test_a_hyphen_inside_a_compound_is_no_separator(nlp: Language) -> None:
    rows = events(nlp, "Militants offered a four-day pause in fighting on Monday.")
    assert one(rows, "proposal")["patient"] == "four-day pause"


def test_a_scheduled_event_is_planned_with_its_own_date(nlp: Language) -> None:
    # "is to be implemented", "scheduled to resume": the noun's verb is the infinitive
    truce = one(
        events(nlp, "The truce is to be implemented at 06:00 on 12 March."), "ceasefire_start"
    )
    assert truce["modality"] == "planned"
    assert truce["date"] == "2024-03-12"  # the day named, not the clock time's anchor
    assert truce["agent"] is None and truce["patient"] == "truce"
    talks = one(events(nlp, "Talks are scheduled to resume on Tuesday."), "talks")
    assert (talks["modality"], talks["date"]) == ("planned", "2024-03-12")
    due = one(events(nlp, "The ceasefire is due to take effect on Sunday."), "ceasefire_start")
    assert due["modality"] == "planned"


def test_a_flat_name_and_body_act_together(nlp: Language) -> None:
    # "Syrian" and "government" both modify "strikes" in a flat parse: the body acts
    rows = events(nlp, "Syrian government air strikes hit Aleppo on Sunday.")
    assert one(rows, "attack")["agent"] == "Syrian government"
    # a word of the trigger itself ("air") is no body
    rows = events(nlp, "Israeli air strikes killed 12 people on Sunday.")
    assert one(rows, "attack")["agent"] == "Israeli"


@pytest.mark.parametrize(
    "text",
    [
        "The U.N. Security Council voted on Thursday to authorize a no-fly zone.",
        "The Security Council passed a resolution on Thursday authorizing military action.",
        "The Senate approved the bill on Thursday.",
        "The board voted on Thursday to cut the dividend.",
        "Lawmakers voted on the motion on Thursday.",
        "The council adopted resolution 1973 on Thursday by 10 votes to none.",
    ],
)
def test_a_bodys_vote_on_a_measure_is_a_decision(nlp: Language, text: str) -> None:
    rows = events(nlp, text, dct="2011-03-18")
    assert not [r for r in rows if r["type"] == "election"], rows
    # the resolution's number is its name, never its date
    assert one(rows, "decision")["date"] == "2011-03-17", rows


@pytest.mark.parametrize(
    "text",
    [
        "Voters went to the polls on Sunday.",
        "The opposition won the vote on Sunday.",
        "Egyptians voted in a referendum on Sunday.",
    ],
)
def test_the_voters_vote_stays_an_election(nlp: Language, text: str) -> None:
    rows = events(nlp, text)
    assert one(rows, "election")["date"] == "2024-03-03", rows
    assert not [r for r in rows if r["type"] == "decision"], rows
