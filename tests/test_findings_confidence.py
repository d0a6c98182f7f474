"""Sources as the reader knows them (``SourceNames``) and the confidence and reasons of findings,
on hand-built names and figure rows (no parse): what a fact-checker sees by default."""

from __future__ import annotations

from typing import Any

import pytest

from storyline.story.conflicts import CONFIDENT, find_conflicts, weights
from storyline.story.series import ArticleInfo, Places, build_series, story_words
from storyline.story.sources import SourceNames, name_key

# --------------------------------------------------------------------------- source names


def test_spelling_variants_are_one_source() -> None:
    names = SourceNames(
        [
            "Local Co-ordination Committees",
            "Local Coordination Committees",
            "the Local Co-ordination Committee",
            "Local Coordination Committees",
        ]
    )
    shown = {
        names(n)
        for n in (
            "Local Co-ordination Committees",
            "the Local Co-ordination Committee",
            "Local Coordination Committees",
        )
    }
    assert shown == {"Local Coordination Committees"}  # the most used full form
    assert name_key("World Health Organisation") == name_key("world health organization")


def test_activist_group_lead_and_truncation_are_the_body_itself() -> None:
    names = SourceNames(
        [
            "Local Coordination Committees",
            "activist group the Local Coordination Committees",
            "Activist group the Local Co",
        ]
    )
    assert names("activist group the Local Coordination Committees") == (
        "Local Coordination Committees"
    )
    assert names("Activist group the Local Co") == "Local Coordination Committees"


def test_a_cut_off_name_shared_by_two_bodies_stays_apart() -> None:
    names = SourceNames(
        ["National Council", "National Council for Peace", "National Council for War"]
    )
    assert names("National Council") == "National Council"  # two longer names: ambiguous


def test_acronyms_fold_into_the_expansion_the_corpus_gives() -> None:
    entities = [{"canonical": "World Health Organization", "aliases": ["WHO", "the WHO"]}]
    names = SourceNames(["WHO", "World Health Organisation", "the WHO"], entities)
    assert {names("WHO"), names("World Health Organisation"), names("the WHO")} == {
        "World Health Organization"
    }
    assert names("Reuters") == "Reuters" and names(None) is None


# --------------------------------------------------------------------------- confidence

INFOS = {
    "a1": ArticleInfo("2011-02-21", None, None, "Reuters", "t1", 0, True),
    "a2": ArticleInfo("2011-02-21", None, None, "AFP", "t2", 1, True),
}


def row(
    article: str, value: int, sentence: int = 0, start: int = 0, **frame: Any
) -> dict[str, Any]:
    """A stored figure row as ``series.flat`` gives it: a people count killed in Benghazi."""
    out: dict[str, Any] = {
        "article_id": article,
        "kind": "figure",
        "start": start,
        "end": start + 9,
        "text": f"{value} people",
        "sentence": sentence,
        "value": value,
        "qualifier": "exact",
        "unit": "people",
        "counted": "killed",
        "status": "killed",
        "quantity": "people",
        "source": "Human Rights Watch" if article == "a1" else "Libyan Red Crescent",
        "as_of": "2011-02-21",
        "as_of_from": "publication",
        "period": "cumulative",
        "period_cue": "perfect",
        "modality": "asserted",
        "place": "Benghazi",
        "place_level": "city",
        "population": "people",
    }
    return out | frame


def findings(
    rows: list[dict[str, Any]],
    sentences: dict[tuple[str, int], str] | None = None,
    floor: float | None = CONFIDENT,
) -> list[Any]:
    places = Places({"Benghazi": "Benghazi"})
    return find_conflicts(build_series(rows, INFOS, places, sentences), min_confidence=floor)


def test_a_well_read_conflict_is_shown_with_its_reasons() -> None:
    found = findings([row("a1", 233), row("a2", 84)])
    assert [f.kind for f in found] == ["conflict"]
    f = found[0]
    assert f.confidence >= CONFIDENT
    text = " | ".join(f.reasons)
    assert "same frame: people killed in Benghazi" in text
    assert "both state what happened: killed" in text
    assert "both figures' words name Benghazi" in text
    assert "different sources: Human Rights Watch vs Libyan Red Crescent" in text
    assert "(perfect)" in text  # the words that made it a running total


def test_a_running_total_no_words_call_one_is_doubted() -> None:
    told = findings([row("a1", 233), row("a2", 84)], floor=None)[0]
    bare = findings([row("a1", 233), row("a2", 84, period_cue=None)], floor=None)[0]
    assert bare.confidence == pytest.approx(told.confidence + weights()["period_default"])
    assert any("no words say" in r for r in bare.reasons)


def test_another_day_or_event_in_the_sentence_puts_a_finding_under_the_threshold() -> None:
    rows = [row("a1", 233, period_cue=None, other_time=True), row("a2", 84, period_cue=None)]
    assert findings(rows) == []  # not shown by default
    hidden = findings(rows, floor=None)
    assert len(hidden) == 1 and hidden[0].confidence < CONFIDENT
    assert any("another day or event" in r for r in hidden[0].reasons)


def test_two_figures_of_one_sentence_are_not_a_default_conflict() -> None:
    sentence = "The first war cost 16 million lives and the second 40 million."
    rows = [row("a1", 16_000_000, start=10), row("a1", 40_000_000, start=40)]
    hidden = findings(rows, {("a1", 0): sentence}, floor=None)
    assert len(hidden) == 1 and hidden[0].confidence < CONFIDENT
    assert any("one sentence" in r for r in hidden[0].reasons)
    assert findings(rows, {("a1", 0): sentence}) == []


def test_suspected_and_confirmed_counts_are_never_compared() -> None:
    rows = [row("a1", 159, certainty="suspected"), row("a2", 16, certainty="confirmed")]
    assert findings(rows, floor=None) == []
    both = [row("a1", 159, certainty="suspected"), row("a2", 100, certainty="suspected")]
    f = findings(both, floor=None)[0]
    assert "(suspected)" in f.series.label
    assert any("suspected counts, not established" in r for r in f.reasons)


def test_counts_of_an_interval_or_an_event_with_no_date_are_not_compared() -> None:
    rows = [
        row("a1", 19, period="interval", period_cue="the past 24 hours", period_end="2011-02-21"),
        row("a2", 7, period="interval", period_cue="the past 24 hours", period_end="2011-02-21"),
        row("a1", 20, start=50, period="event", period_cue="attack"),
        row("a2", 9, start=50, period="event", period_cue="attack"),
    ]
    assert findings(rows, floor=None) == []


def test_statements_that_are_not_asserted_join_no_comparison() -> None:
    rows = [row("a1", 233), row("a2", 84, modality="opinion", source="reader comment")]
    assert findings(rows, floor=None) == []
    rows = [row("a1", 233), row("a2", 2_000_000, modality="historical")]
    assert findings(rows, floor=None) == []


def test_a_toll_since_years_before_is_another_episode() -> None:
    rows = [row("a1", 233), row("a2", 2600, period_start="2003", period_cue="since")]
    assert findings(rows, floor=None) == []
    series = build_series(rows, INFOS, Places({"Benghazi": "Benghazi"}))
    assert any(s.label.endswith("since 2003") for s in series)


def test_a_running_count_dated_only_by_publication_may_lag() -> None:
    # one report a day old, one fresh: reported the same day, not a dispute
    rows = [row("a1", 91, source=None), row("a2", 64)]
    hidden = findings(rows, floor=None)
    assert [f.kind for f in hidden] == ["conflict"]
    assert hidden[0].confidence < CONFIDENT and findings(rows) == []
    assert any("maybe a lag" in r for r in hidden[0].reasons)
    # both dated by their words ("on Monday"): no lag to suspect
    dated = [row(a, v, source=None, as_of_from="timex") for a, v in (("a1", 91), ("a2", 64))]
    told = findings(dated, floor=None)[0]
    assert not any("lag" in r for r in told.reasons)
    # two named sources that differ the same day: a dispute, whatever the dating
    disputed = findings([row("a1", 91), row("a2", 64)], floor=None)[0]
    assert not any("lag" in r for r in disputed.reasons)
    same = [row(a, v, source="Health Ministry") for a, v in (("a1", 91), ("a2", 64))]
    assert any("maybe a lag" in r for r in findings(same, floor=None)[0].reasons)


def test_a_total_with_most_in_one_place_does_not_join_that_place() -> None:
    places = Places({"Kestria": "Kestria", "Molvania": "Molvania", "Ardenia": "Ardenia"})
    text = {
        ("a1", 0): "The fever has killed 30 people in Kestria.",
        ("a2", 0): "The fever has killed 60 people, most in Kestria.",
        ("a2", 1): "It has killed 27 people -- 26 in Kestria and one in Molvania.",
        ("a2", 2): "Talks on the 40 people killed in Kestria opened in Ardenia.",
        ("a2", 3): "The fever has killed 33 people, 30 in Kestria and three in Ardenia.",
    }
    rows = [
        row("a1", 30, place="Kestria"),
        row("a2", 60, place=None),
        row("a2", 27, sentence=1, start=20, place=None),
        row("a2", 26, sentence=1, start=40, place="Kestria", period_cue=None),
        row("a2", 1, sentence=1, start=60, place="Molvania", period_cue=None),
        row("a2", 40, sentence=2, start=20, place=None),
        row("a2", 33, sentence=3, start=20, place=None),
    ]
    built = {s.place: s for s in build_series(rows, INFOS, places, text)}
    # a total over places joins none of them; a count of one place named beside another does
    assert sorted(p.value for p in built[None].points) == [27, 33, 60]
    assert sorted(p.value for p in built["Kestria"].points) == [26, 30, 40]


def test_a_sidebar_figure_is_doubted() -> None:
    # a story on a siege of Dorma; a roundup's paragraph on another country's crackdown
    story = story_words({"rebel", "dorma", "siege", "civilian", "security", "force"})
    assert story == {"dorma", "siege"}  # words of any war tell no war from another
    text = {
        ("a1", 0): "The siege of Dorma has killed 700 civilians, the rebels said.",
        ("a2", 0): "Rebels in Dorma held the port.",
        ("a2", 1): "In the north, troops raided a district of the capital.",
        ("a2", 2): "Rights groups say 1,700 civilians have been killed by security forces.",
        ("a2", 3): "The government denies it.",
    }
    a2 = ArticleInfo("2011-02-23", None, None, "AFP", "t2", 1, True)
    infos = INFOS | {"a2": a2}
    rows = [
        row("a1", 700, place=None, population="civilians"),
        row("a2", 1700, sentence=2, place=None, population="civilians", as_of="2011-02-23"),
    ]
    places = Places({"Dorma": "Dorma"})
    series = build_series(rows, infos, places, text, story=story)
    points = {p.value: p for s in series for p in s.points}
    assert points[1700].off_story and not points[700].off_story
    found = find_conflicts(series, min_confidence=None)
    assert [f.kind for f in found] == ["change"]
    assert found[0].confidence < CONFIDENT
    assert any("another story's news" in r for r in found[0].reasons)
    # the same pair without the story's words is a default finding: they decide
    assert find_conflicts(build_series(rows, infos, places, text))
    # a neighbour that names the story keeps the figure on it
    text[("a2", 3)] = "The siege of Dorma goes on."
    series = build_series(rows, infos, places, text, story=story)
    assert not any(p.off_story for s in series for p in s.points)


def test_a_quoted_count_in_the_first_person_has_the_speakers_scope() -> None:
    text = {
        ("a1", 0): '"We have counted 30 dead civilians," a doctor said.',
        ("a2", 0): "The government says the air raids have killed more than 100 civilians.",
    }
    a2 = ArticleInfo("2011-03-28", None, None, "AFP", "t2", 1, True)
    rows = [
        row("a1", 30, place=None, population="civilians"),
        row("a2", 100, place=None, population="civilians", qualifier="more_than"),
    ]
    rows[1]["as_of"] = "2011-03-28"
    found = find_conflicts(
        build_series(rows, INFOS | {"a2": a2}, Places({}), text), min_confidence=None
    )
    assert [f.kind for f in found] == ["change"]
    assert any("a speaker's own count" in r for r in found[0].reasons)
    text[("a1", 0)] = "A doctor said 30 civilians had been killed."
    plain = find_conflicts(
        build_series(rows, INFOS | {"a2": a2}, Places({}), text), min_confidence=None
    )[0]
    told = weights()["speaker_scope"]
    assert plain.confidence == pytest.approx(found[0].confidence - told)
