"""The number scanner on the blank tokenizer: what real (and tokenized) text does to numbers."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from storyline.extract.numbers import digit_value, scaled_code, scan_numbers, written_fraction


@pytest.fixture(scope="module")
def blank() -> Language:
    return spacy.blank("en")


def values(nlp: Language, text: str) -> list[tuple[str, float, float | None]]:
    doc = nlp(text)
    return [(doc[n.start : n.end].text, n.value, n.high) for n in scan_numbers(doc)]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("$ 50m", "50m", 50e6),
        ("€3.5m", "3.5m", 3.5e6),
        ("1.8M dollars", "1.8M", 1.8e6),
        ("2.5m barrels", "2.5m", 2.5e6),
        ("5.4 mln hits", "5.4 mln", 5.4e6),
        ("1.2 bn", "1.2 bn", 1.2e9),
        ("£3 billion", "3 billion", 3e9),
        ("a 50-million stockpile", "50-million", 50e6),
        ("the $35-billion company", "35-billion", 35e9),
    ],
)
def test_scale_suffixes_and_words_across_tokens(
    blank: Language, text: str, span: str, value: float
) -> None:
    assert values(blank, text) == [(span, value, None)]


@pytest.mark.parametrize("text", ["the 100m sprint", "it is 1.8m tall", "a 5 k walk"])
def test_unit_letters_without_money_stay_units(blank: Language, text: str) -> None:
    ((_, value, _),) = values(blank, text)
    assert value < 1000


def test_currency_code_with_a_scale_letter(blank: Language) -> None:
    assert scaled_code("MUSD") == (1e6, "usd")
    assert scaled_code("MUST") is None
    assert values(blank, "losses of 30 MUSD") == [("30", 30e6, None)]


@pytest.mark.parametrize(
    ("text", "span", "value", "high"),
    [
        ("35,000-60 ,000 barrels a day", "35,000-60 ,000", 35_000, 60_000),
        ("some 10-12 ,000 troops", "10-12 ,000", 10_000, 12_000),
        ("around 80, 000 spectators", "80, 000", 80_000, None),
        ("50 000 people", "50 000", 50_000, None),
        ("12,34,567 rupees", "12,34,567", 1_234_567, None),
        ("between 5 and 10 million", "between 5 and 10 million", 5e6, 10e6),
    ],
)
def test_thousands_groups_split_by_the_tokenizer(
    blank: Language, text: str, span: str, value: float, high: float | None
) -> None:
    assert values(blank, text) == [(span, value, high)]


def test_a_list_or_a_date_is_not_a_thousands_group(blank: Language) -> None:
    assert values(blank, "On May 5, 200 people marched") == [("5", 5, None), ("200", 200, None)]
    assert [v for _, v, _ in values(blank, "sizes 5, 10, 000")] == [5, 10]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Twenty two people", "Twenty two", 22),
        ("ninety-nine", "ninety-nine", 99),
        ("two and a half months", "two and a half", 2.5),
        ("a three-and-a-half year old", "three-and-a-half", 3.5),
        ("one and a half million", "one and a half million", 1.5e6),
        ("half million", "half million", 500_000),
        ("a quarter million", "a quarter million", 250_000),
        ("three quarters billion", "three quarters billion", 750e6),
        ("a quarter of a million", "a quarter of a million", 250_000),
        ("a dozen eggs", "a dozen", 12),
    ],
)
def test_number_words(blank: Language, text: str, span: str, value: float) -> None:
    assert values(blank, text) == [(span, value, None)]


@pytest.mark.parametrize("text", ["a week and a half", "for a year and a half."])
def test_and_a_half_after_a_noun_is_no_share(blank: Language, text: str) -> None:
    assert values(blank, text) == []


def test_and_a_third_of_is_still_a_share(blank: Language) -> None:
    doc = blank("half of them and a third of the rest")
    assert [(n.value, n.percent) for n in scan_numbers(doc)] == [
        (50, True),
        (pytest.approx(33.3, 0.01), True),
    ]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("7 3/4 %", "7 3/4", 7.75),
        ("priced at 101 1/4", "101 1/4", 101.25),
        ("2-1/2 year highs", "2-1/2", 2.5),
        ("a 1/4 mile oval", "1/4", 0.25),
        ("½ teaspoon", "½", 0.5),
        ("7½ miles", "7½", 7.5),
    ],
)
def test_written_fractions(blank: Language, text: str, span: str, value: float) -> None:
    doc = blank(text)
    (num,) = scan_numbers(doc)
    assert (doc[num.start : num.end].text, num.value, num.fraction) == (span, value, True)


def test_fraction_of_is_a_share_and_dates_are_not_fractions(blank: Language) -> None:
    (share,) = scan_numbers(blank("3/4 of the seats"))
    assert share.percent and share.value == 75
    assert scan_numbers(blank("after 9/11")) == []
    assert [n.value for n in scan_numbers(blank("Feb 15/16, 2011"))] == [2011]
    assert written_fraction("3/4") == 0.75
    assert written_fraction("4/3") is None


@pytest.mark.parametrize("text", ["until 5 a.m. (0400 GMT)", "Cathay Pacific (0293.HK)", "000"])
def test_leading_zeros_are_no_numbers(blank: Language, text: str) -> None:
    assert all(value != 0 and value < 100 for _, value, _ in values(blank, text))


def test_digit_values() -> None:
    assert digit_value("1,200") == 1200
    assert digit_value("0.5") == 0.5
    assert digit_value("0400") is None
    assert digit_value("5.4mln") == 5.4e6
    assert digit_value("200lbs") is None


def test_a_change_to_a_level_is_no_range(blank: Language) -> None:
    # the blank pipeline has no lemmatizer: the verb is written in its base form here
    assert values(blank, "prices rise $ 2 to $ 3") == [("2", 2.0, None), ("3", 3.0, None)]
    assert values(blank, "from 2 to 3") == [("from 2 to 3", 2.0, 3.0)]


def test_number_at_reads_one_phrase(blank: Language) -> None:
    from storyline.extract.numbers import number_at

    doc = blank("cost 15 dollars and forty-five cents")
    found = number_at(doc, 4)
    assert found is not None and found.value == 45
    assert number_at(doc, 0) is None and number_at(doc, 99) is None


@pytest.mark.parametrize(
    ("text", "span", "value", "glued"),
    [
        ("115USD", "115USD", 115.0, "usd"),
        ("USD115.5", "USD115.5", 115.5, "usd"),
        ("you weigh 200lbs.", "200lbs", 200.0, "lbs"),
        ("a plot of 24703m2", "24703m2", 24703.0, "m2"),
        ("cost 100元", "100元", 100.0, "元"),
        ("nzd$15", "nzd$15", 15.0, "nzd"),
    ],
)
def test_units_written_on_the_digits(
    blank: Language, text: str, span: str, value: float, glued: str
) -> None:
    doc = blank(text)
    (num,) = scan_numbers(doc)
    assert (doc[num.start : num.end].text, num.value, num.glued) == (span, value, glued)


@pytest.mark.parametrize("text", ["the 7th day", "at 3pm", "an F16 jet", "the 4x4 car"])
def test_letters_on_the_digits_that_are_no_unit(blank: Language, text: str) -> None:
    assert all(n.glued is None for n in scan_numbers(blank(text)))


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("it fell to -5 degrees", "-5", -5.0),
        ("convert - 20 degrees", "- 20", -20.0),
        ("minus 10 degrees Celsius", "minus 10", -10.0),
    ],
)
def test_values_below_zero_before_a_signed_unit(
    blank: Language, text: str, span: str, value: float
) -> None:
    assert values(blank, text) == [(span, value, None)]


@pytest.mark.parametrize("text", ["the toll - 20 people - rose", "10 - 20 degrees"])
def test_a_dash_before_a_count_or_in_a_range_is_no_sign(blank: Language, text: str) -> None:
    assert all(v >= 0 for _, v, _ in values(blank, text))
