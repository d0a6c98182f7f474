"""Year-less dates of undated articles resolved after placement (``story.anchoring``), through
real ingests of an invented flood story: the corpus anchor, the single-day window, what
follows the resolved values (figures, statements), dated articles untouched, idempotence."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from storyline.api import Storyline
from storyline.errors import NotFoundError
from storyline.extract.timex import engine, find_timexes
from storyline.story.anchoring import (
    ANCHORED,
    FROM_CORPUS,
    FROM_WINDOW,
    ArticleView,
    CorpusAnchors,
    resolve_timexes,
    resolve_yearless,
)

DATED = {
    "f1.txt": (
        "2024-03-05",
        "Floods that began on March 3 have killed 12 people in Velmora province, officials "
        "said on Tuesday.\n\nRescue teams reached the valley of Orsk by boat.\n",
    ),
    "f2.txt": (
        "2024-03-09",
        "The floods that hit Velmora province on March 3 have killed 40 people, the interior "
        "ministry said.\n\nThousands of families are living in school buildings.\n",
    ),
    "f3.txt": (
        "2025-03-03",
        "One year after the floods of March 3, 2024, Velmora province has rebuilt most of its "
        "bridges, the governor said.\n",
    ),
}
UNDATED = (
    "Rescuers in Velmora province searched for survivors on Sunday after the floods of "
    "March 3, in which 30 people were killed, the provincial governor said.\n\n"
    "Officials said the river peaked on March 3.\n\n"
    "The army sent helicopters to the flooded valley, where more than 200 people are still "
    "missing.\n"
)


def _write(folder: Path, dated: dict[str, tuple[str, str]], undated: str) -> Path:
    folder = folder / "articles"
    folder.mkdir()
    for name, (day, text) in dated.items():
        (folder / name).write_text(f" date {day}\n{text}", encoding="utf-8")
    # read first: the undated article is dated before the corpus exists, then again at the end
    (folder / "a_undated.txt").write_text(undated, encoding="utf-8")
    return folder


def _ingest(db: str, folder: Path) -> str:
    with Storyline(db) as sl:
        report = sl.ingest([folder])
        assert not report.errors and len(report.undated) == 1
        return report.undated[0]


@pytest.fixture(scope="module")
def flood(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    folder = tmp_path_factory.mktemp("flood")
    db = str(folder / "flood.db")
    return db, _ingest(db, _write(folder, DATED, UNDATED))


def _by_text(rows: list[dict[str, Any]], text: str) -> dict[str, Any]:
    found = [r for r in rows if r["text"] == text]
    assert found, f"no mention {text!r} in {[r['text'] for r in rows]}"
    return found[0]


def test_yearless_date_resolved_from_the_corpus_with_its_evidence(
    flood: tuple[str, str],
) -> None:
    db, aid = flood
    with Storyline(db) as sl:
        art = sl.article(aid)
        got = sl.extraction(aid)
        dated = {a["id"] for a in sl.articles() if a["date_origin"] == "header"}
    # two March 3s lie in the window 2024-03-05..2025-03-03 (a year back): the corpus decides
    assert (art["date_earliest"], art["date_latest"]) == ("2024-03-05", "2025-03-03")
    march = [t for t in got["timexes"] if t["text"] == "March 3"]
    assert len(march) == 2
    for t in march:
        assert t["value"] == "2024-03-03"
        assert t["value_from"] == FROM_CORPUS and t["original_value"] == "XXXX-03-03"
        record = t[ANCHORED]
        assert record["from"] == FROM_CORPUS and record["timex_span"] == [t["start"], t["end"]]
        assert record["original"] == {"value": "XXXX-03-03", "anchor": "none"}
        assert "3 of 3 dated articles" in record["evidence"]
        assert all(a[:8] in record["evidence"] for a in dated)
    # a weekday is not guessed on a window of many days
    sunday = _by_text(got["timexes"], "Sunday")
    assert sunday["value"] == "XXXX-WXX-7" and ANCHORED not in sunday


def test_figures_and_statements_follow_the_resolved_date(flood: tuple[str, str]) -> None:
    db, aid = flood
    with Storyline(db) as sl:
        got = sl.extraction(aid)
    killed = _by_text(got["figures"], "30 people")
    assert killed["as_of"] == "2024-03-03" and killed["as_of_from"] == "timex"
    assert killed[ANCHORED]["original"] == {"as_of": "XXXX-03-03"}
    assert killed[ANCHORED]["timex_span"] == killed["as_of_span"]
    missing = _by_text(got["figures"], "more than 200 people")
    assert missing["as_of"] is None and ANCHORED not in missing  # a running count: no day
    peaked = next(s for s in got["statements"] if "peaked" in s["text"])
    assert (peaked["date"], peaked["date_from"]) == ("2024-03-03", "timex")
    assert peaked[ANCHORED]["original"] == {"date": None, "date_from": None}
    # the governor's sentence also holds an unresolved "Sunday": not dated by March 3
    governor = next(s for s in got["statements"] if "Rescuers" in s["text"])
    assert governor["date"] is None and ANCHORED not in governor


def _snapshot(sl: Storyline) -> dict[str, list[Any]]:
    return {
        a["id"]: [(m["id"], m["data"]) for m in sl.store.iter_mentions(article_id=a["id"])]
        for a in sl.articles()
    }


def test_placing_again_is_idempotent_and_leaves_dated_articles_alone(
    flood: tuple[str, str],
) -> None:
    db, aid = flood
    with Storyline(db) as sl:
        before = _snapshot(sl)
        first = sl.place()
        middle = _snapshot(sl)
        second = sl.place()
        dry = sl.place(write=False)
        after = _snapshot(sl)
    assert first == second == dry
    assert before == middle == after
    assert [a["value"] for a in first[0]["anchored"]] == ["2024-03-03", "2024-03-03"]
    for other, rows in after.items():
        if other != aid:
            assert all(ANCHORED not in data for _, data in rows)


@pytest.fixture(scope="module")
def one_day(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    folder = tmp_path_factory.mktemp("flood_one_day")
    dated = {
        "g1.txt": ("2024-03-05", DATED["f1.txt"][1]),
        "g2.txt": ("2024-03-05", DATED["f2.txt"][1]),
    }
    undated = (
        "Rescuers searched for survivors on Sunday after the floods of March 3, the governor "
        "said.\n\nMore than 200 people are still missing, officials said.\n\n"
        "In the capital, ministers held a second day of talks on the damage.\n"
    )
    db = str(folder / "one_day.db")
    return db, _ingest(db, _write(folder, dated, undated))


def test_a_single_day_window_resolves_weekdays_and_running_counts(
    one_day: tuple[str, str],
) -> None:
    db, aid = one_day
    with Storyline(db) as sl:
        art = sl.article(aid)
        got = sl.extraction(aid)
    assert art["published"] == "2024-03-05" and art["date_origin"] == "inferred"
    # 2024-03-05 is a Tuesday: "on Sunday" (past) is 2024-03-03
    values = {t["text"]: (t["value"], t["value_from"]) for t in got["timexes"]}
    assert values == {
        "Sunday": ("2024-03-03", FROM_WINDOW),
        "March 3": ("2024-03-03", FROM_WINDOW),
        "a second day": ("2024-03-05", FROM_WINDOW),
    }
    missing = _by_text(got["figures"], "More than 200 people")
    assert (missing["as_of"], missing["as_of_from"]) == ("2024-03-05", "publication")
    officials = next(s for s in got["statements"] if s["speaker"] == "officials")
    assert (officials["date"], officials["date_from"]) == ("2024-03-05", "publication")


# --------------------------------------------------------------------------- one value


def _corpus(**values: set[str]) -> CorpusAnchors:
    return CorpusAnchors({"03-03": dict(values)})


def test_resolve_yearless_from_the_window_the_corpus_or_not_at_all() -> None:
    empty = CorpusAnchors({})
    # one March 3 from a year before the window to its end
    found = resolve_yearless("XXXX-03-03", ("2024-03-05", "2024-03-20"), empty)
    assert found is not None and found[:2] == ("2024-03-03", FROM_WINDOW)
    # announced ("will ... on March 3"): the range leans forward instead
    found = resolve_yearless("XXXX-03-03", ("2024-03-05", "2024-03-20"), empty, future=True)
    assert found is not None and found[:2] == ("2025-03-03", FROM_WINDOW)
    # two March 3s and no anchor: unresolved
    wide = ("2024-03-05", "2025-03-20")
    assert resolve_yearless("XXXX-03-03", wide, empty) is None
    # the value most dated articles give, counted by articles
    found = resolve_yearless("XXXX-03-03", wide, _corpus(**{"2024-03-03": {"a", "b"}}))
    assert found is not None and found[:2] == ("2024-03-03", FROM_CORPUS)
    # a tie, or an anchor outside the plausible range: not guessed
    tie = _corpus(**{"2024-03-03": {"a"}, "2025-03-03": {"b"}})
    assert resolve_yearless("XXXX-03-03", wide, tie) is None
    old = _corpus(**{"2019-03-03": {"a", "b"}})
    assert resolve_yearless("XXXX-03-03", wide, old) is None
    # a month; and what is not year-less stays alone
    found = resolve_yearless("XXXX-02", ("2024-03-05", "2024-03-20"), empty)
    assert found is not None and found[0] == "2024-02"
    assert resolve_yearless("XXXX-WXX-7", wide, empty) is None
    assert resolve_yearless("2024-03-03", wide, empty) is None


def test_update_mention_data_is_one_transaction_on_the_article(
    flood: tuple[str, str],
) -> None:
    db, aid = flood
    with Storyline(db) as sl:
        mine = next(sl.store.iter_mentions(article_id=aid))
        other = next(m for m in sl.store.iter_mentions() if m["article_id"] != aid)
        before = _snapshot(sl)
        with pytest.raises(NotFoundError):
            sl.store.update_mention_data(
                aid, {mine["id"]: {**mine["data"], "x": 1}, other["id"]: {"x": 1}}
            )
        assert _snapshot(sl) == before  # nothing of the failed batch was written


def test_anchoring_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    aid = _ingest(pg_url, _write(tmp_path, DATED, UNDATED))
    with Storyline(pg_url) as sl:
        values = {t["text"]: t["value"] for t in sl.extraction(aid)["timexes"]}
        first = sl.place()
        second = sl.place()
    assert values == {"Sunday": "XXXX-WXX-7", "March 3": "2024-03-03"}
    assert first == second


# --------------------------------------------------------------------------- one day, from storage


def _view(text: str, day: str) -> ArticleView:
    """An undated article as the store holds it: its time expressions found with no
    publication date (the rows extraction stored), its sentences, a one-day window."""
    rows = [
        {
            "id": i,
            "kind": "timex",
            "start": t.start,
            "end": t.end,
            "text": t.text,
            "data": {k: v for k, v in t.to_dict().items() if k not in ("start", "end", "text")},
        }
        for i, t in enumerate(find_timexes(text, None))
    ]
    ends = [m.end() for m in re.finditer(r"(?<=\.)\s+", text)]
    bounds = list(zip([0, *ends], [*ends, len(text)], strict=True))
    article = {"raw_text": text, "sentences": [{"start": a, "end": b} for a, b in bounds]}
    return ArticleView(article, rows, (day, day))


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # past lean, as the rules give a dated article (2024-03-05 is a Tuesday)
        ("Rescuers searched the valley on Sunday.", {"Sunday": "2024-03-03"}),
        # announced: the Sunday ahead
        ("The ministers will meet again on Sunday.", {"Sunday": "2024-03-10"}),
        ("The floods began on March 3.", {"March 3": "2024-03-03"}),
        ("Officials said the river peaked yesterday.", {"yesterday": "2024-03-04"}),
        # the n-th day takes the day its sentence names before it
        (
            "On Monday, the second day of talks, the envoys met.",
            {"Monday": "2024-03-04", "the second day": "2024-03-04"},
        ),
    ],
)
def test_a_single_day_resolves_the_stored_expressions_without_the_finder(
    text: str, want: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    view = _view(text, "2024-03-05")

    def no_finder(*args: object, **kwargs: object) -> None:
        raise AssertionError("the timex finder ran again")

    monkeypatch.setattr(engine, "candidates", no_finder)  # what the finder runs on a text
    got = {r.text: r.value for r in resolve_timexes(view, CorpusAnchors({}))}
    assert got == want
    assert all(r.source == FROM_WINDOW for r in resolve_timexes(view, CorpusAnchors({})))


@pytest.mark.parametrize(("tense", "want"), [("PAST", "2024-03-03"), ("FUTURE", "2024-03-10")])
def test_a_single_day_takes_the_stored_tense_not_the_text(tense: str, want: str) -> None:
    # extraction stored which way "Sunday" points; the text around it is not read again
    view = _view("The ministers will meet again on Sunday.", "2024-03-05")
    view.mentions[0]["data"]["tense"] = tense
    view.article["raw_text"] = ""
    assert {r.text: r.value for r in resolve_timexes(view, CorpusAnchors({}))} == {"Sunday": want}
