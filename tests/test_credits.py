"""Datelines and credited outlets, on the seeds, Timeline17 and hand-written strings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from storyline.ingest.clean import clean_text
from storyline.ingest.credits import find_credits, find_dateline
from storyline.models import Credit, Dateline, RawDoc, SourceRef

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))
GOLD = SHARED / "gold" / "seeds-gold.json"
TIMELINE17 = SHARED / "data" / "timeline17"
SOURCE_ROLES = {"dateline", "syndication", "photo", "cited"}


def seed_doc(path: Path) -> RawDoc:
    with open(path, encoding="utf-8") as f:  # as the gold file's offsets were taken
        text = f.read()
    header = re.match(r" date (\d{4}-\d{2}-\d{2}) ", text)
    return RawDoc(text, SourceRef(str(path)), "seed", body_start=header.end() if header else 0)


def text_doc(text: str) -> RawDoc:
    return RawDoc(text=text, source=SourceRef("<test>"), format="text")


def dateline_of(text: str) -> Dateline | None:
    doc = text_doc(text)
    return find_dateline(doc, clean_text(doc))


def credits_of(text: str) -> list[Credit]:
    doc = text_doc(text)
    clean = clean_text(doc)
    return find_credits(doc, clean, find_dateline(doc, clean))


def names(credits: list[Credit], roles: set[str] = SOURCE_ROLES) -> list[str]:
    return [c.name for c in credits if c.role in roles]


# --- seeds against the gold file ------------------------------------------------------------------


@pytest.fixture(scope="module")
def gold() -> dict[str, dict]:
    if not SEEDS or not GOLD.exists():
        pytest.skip(f"seeds or gold not found under {SHARED}")
    return {g["file"]: g for g in json.loads(GOLD.read_text(encoding="utf-8"))}


@pytest.mark.parametrize("index", [0, 1, 2])
def test_seed_credits_match_gold(gold: dict[str, dict], index: int) -> None:
    path = SEEDS[index]
    doc = seed_doc(path)
    clean = clean_text(doc)
    dateline = find_dateline(doc, clean)
    credits = find_credits(doc, clean, dateline)
    expected = gold[f"seeds/{path.name}"]
    assert set(names(credits)) == set(expected["outlets_cited"])
    for c in credits:
        assert c.start is not None and c.end is not None
        assert doc.text[c.start : c.end] == c.text
    if expected["dateline"] is None:
        assert dateline is None
    else:
        assert dateline is not None
        assert dateline.place == expected["dateline"]["place"]
        assert dateline.agency == expected["dateline"]["agency"]
        assert doc.text[dateline.start : dateline.end].startswith(dateline.place)


def test_seed_roles(gold: dict[str, dict]) -> None:
    by_role = {}
    for path in SEEDS:
        doc = seed_doc(path)
        clean = clean_text(doc)
        for c in find_credits(doc, clean, find_dateline(doc, clean)):
            by_role.setdefault(c.role, []).append(c.name)
    assert by_role["syndication"] == ["MENAFN", "IANS"]
    assert by_role["dateline"] == ["IANS"]
    assert by_role["photo"] == ["AP"]
    assert by_role["cited"] == ["Xinhua", "Kan TV", "NHK", "CNN", "CBS News"] + [
        "Reuters",
        "AFP",
        "AFP",
        "Reuters",  # one credit per mention
    ]
    assert "mentioned" not in by_role


def test_seed_000_dateline_date(gold: dict[str, dict]) -> None:
    doc = seed_doc(SEEDS[0])
    dl = find_dateline(doc, clean_text(doc))
    assert dl is not None
    assert (dl.date_text, dl.month, dl.day, dl.year) == ("April 17", 4, 17, None)
    assert doc.text[dl.start : dl.end] == "Jerusalem, April 17 (IANS)"


# --- Timeline17 ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def t17() -> list[RawDoc]:
    path = TIMELINE17 / "H1N1_reuters" / "articles.jsonl"
    if not path.exists():
        pytest.skip(f"Timeline17 data not found under {TIMELINE17}")
    with open(path, encoding="utf-8") as f:
        return [
            RawDoc(json.loads(line)["text"], SourceRef(str(path), i + 1), "jsonl")
            for i, line in zip(range(50), f, strict=False)
        ]


def test_timeline17_reuters_pipe_dateline(t17: list[RawDoc]) -> None:
    doc = t17[0]
    clean = clean_text(doc)
    dl = find_dateline(doc, clean)
    assert dl is not None
    assert (dl.place, dl.agency, dl.month, dl.day, dl.year) == ("HONG KONG", "Reuters", 5, 12, 2009)
    assert dl.date_text == "Tue May 12, 2009 8:56 am EDT"
    assert doc.text[dl.start : dl.end] == (
        "HONG KONG | Tue May 12 , 2009 8:56 am EDT HONG KONG -LRB- Reuters -RRB- -"
    )
    credits = find_credits(doc, clean, dl)
    assert credits[0].role == "dateline" and credits[0].name == "Reuters"
    assert doc.text[credits[0].start : credits[0].end] == "Reuters"  # type: ignore[index]


def test_timeline17_datelines_and_credit_spans(t17: list[RawDoc]) -> None:
    found = 0
    for doc in t17:
        clean = clean_text(doc)
        dl = find_dateline(doc, clean)
        if dl is not None:
            found += 1
            assert dl.agency in (None, "Reuters", "Billboard")
            assert 0 <= dl.start < dl.end <= len(doc.text)
        for c in find_credits(doc, clean, dl):
            assert doc.text[c.start : c.end] == c.text  # type: ignore[index]
    assert found >= 40  # most Reuters pages carry one; blogs and opinion pieces do not


# --- datelines, by hand -------------------------------------------------------------------------

DATELINES = [
    ("WASHINGTON, March 3 (AP) — The Senate voted.", "WASHINGTON", "March 3", 3, 3, "AP"),
    ("LONDON (AFP) - Rain fell.", "LONDON", None, None, None, "AFP"),
    ("PARIS, Jan. 5 — Strikes spread.", "PARIS", "Jan. 5", 1, 5, None),
    ("BEIJING, April 1 (Xinhua) -- The quake hit.", "BEIJING", "April 1", 4, 1, "Xinhua"),
    ("HONG KONG (Reuters) - Shares rose.", "HONG KONG", None, None, None, "Reuters"),
    ("New Delhi: The court ruled.", "New Delhi", None, None, None, None),
    (
        "New Delhi [India], April 20 (ANI): Polls opened.",
        "New Delhi [India]",
        "April 20",
        4,
        20,
        "ANI",
    ),
    ("BREGA, Libya (Reuters) - Rebels advanced.", "BREGA, Libya", None, None, None, "Reuters"),
    ("WASHINGTON — The Senate voted.", "WASHINGTON", None, None, None, None),
    ("LOS ANGELES (Billboard) - The band cancelled.", "LOS ANGELES", None, None, None, "Billboard"),
    (
        "* Quake kills 12 * Aid on its way ZURICH, May 10 (Reuters) - The agency said.",
        "ZURICH",
        "May 10",
        5,
        10,
        "Reuters",
    ),
    ("(Reuters) - Following are the latest developments.", None, None, None, None, "Reuters"),
    (
        "Harbor Courier | From the wires\n\nCalderon City, March 18 (MPA) – Armed men left.",
        "Calderon City",
        "March 18",
        3,
        18,
        "MPA",
    ),
]


@pytest.mark.parametrize(("text", "place", "date", "month", "day", "agency"), DATELINES)
def test_dateline_forms(
    text: str,
    place: str | None,
    date: str | None,
    month: int | None,
    day: int | None,
    agency: str | None,
) -> None:
    dl = dateline_of(text)
    assert dl is not None
    got = (dl.place, dl.date_text, dl.month, dl.day, dl.agency)
    assert got == (place, date, month, day, agency)
    written = text[dl.start : dl.end]
    assert written.startswith(place or date or "(")
    assert written.rstrip(" -–—:").endswith(((agency or "") + ")") if agency else (date or place))


NOT_DATELINES = [
    "Israeli Prime Minister Benjamin Netanyahu has instructed negotiators to continue.",
    "Update: the ministry revised the toll.",
    "The United Nations (UN) said on Monday that aid was blocked.",
    "Netanyahu — who faces a vote — said nothing.",
    "Hamas has lost control of Gaza: Israel Defence Minister",
    "May 5 was a quiet day in the capital.",
    "Officials said (in a statement) - nothing new.",
    "Breaking — a strong earthquake hit the coast.",
]


@pytest.mark.parametrize("text", NOT_DATELINES)
def test_not_a_dateline(text: str) -> None:
    assert dateline_of(text) is None


# --- credits, by hand ---------------------------------------------------------------------------

CREDITS = [
    ("The toll rose, Fictiva news agency reported.", "Fictiva", "unknown"),
    ("The toll rose, according to the Daily Planet.", "Daily Planet", "unknown"),
    ("The toll rose, as per Zeta TV.", "Zeta TV", "unknown"),
    ("The Borealis Times reported that the toll rose.", "Borealis Times", "unknown"),
    ("The toll rose, reported news agency Quryna.", "Quryna", "unknown"),
    ("The toll rose, NHK reported citing officials.", "NHK", "outlet"),
    ("Zeta TV said in a report that the toll rose.", "Zeta TV", "unknown"),
    ("The minister told Radio Sawa that the toll rose.", "Radio Sawa", "unknown"),
    ("The Northern Gazette's correspondent saw the damage.", "Northern Gazette", "unknown"),
    ("The toll rose, the daily Haaretz reported.", "Haaretz", "outlet"),
    ("The minister told AP the toll rose.", "AP", "agency"),
    ("The toll rose, according to Israel's Channel 12.", "Channel 12", "outlet"),
    ("The toll rose, the French news channel BFM TV said in a report.", "BFM TV", "unknown"),
]


@pytest.mark.parametrize(("text", "name", "kind"), CREDITS)
def test_credit_cues(text: str, name: str, kind: str) -> None:
    credits = credits_of(text)
    assert [(c.name, c.kind, c.role) for c in credits] == [(name, kind, "cited")]
    c = credits[0]
    assert text[c.start : c.end] == c.text == name  # type: ignore[index]
    assert c.in_lexicon == (kind != "unknown")


NO_CREDITS = [
    "The toll rose, according to a spokesperson of the group.",
    "1,200 people were killed, according to Israeli tallies.",
    "More than 34,600 were killed according to the health ministry in Gaza.",
    "The aide told Netanyahu the talks had failed.",
    "The Minister also reported that civilians were looting.",
    "A video on Hamas' social media channel claimed she was killed.",
    "Talks stalled, according to sources familiar with the negotiations.",
    "Libyan state television reported that several people died.",
    "Egypt's state news agency quoted the league as saying so.",
    "He told the TV network that protesters were trying to leave.",
    "This correspondent was given access to one of the bunkers.",
    "The AP Chief Minister opened the bridge.",  # AP = Andhra Pradesh: needs a cue
    "The UN said in a report that the toll rose.",
]


@pytest.mark.parametrize("text", NO_CREDITS)
def test_no_credit(text: str) -> None:
    assert credits_of(text) == []


def test_bare_lexicon_mention_is_mentioned_not_cited() -> None:
    credits = credits_of("Al Jazeera's office in Gaza was hit, the army said.")
    assert [(c.name, c.role) for c in credits] == [("Al Jazeera", "mentioned")]


def test_photo_and_syndication_credits() -> None:
    text = "MENAFN - Fictiva Wire) Image Source : PTI Rescuers dig through the rubble."
    credits = credits_of(text)
    assert [(c.name, c.role, c.in_lexicon) for c in credits] == [
        ("MENAFN", "syndication", True),
        ("Fictiva Wire", "syndication", False),
        ("PTI", "photo", True),
    ]
    text = "MENAFN - Fictiva) The quake struck at dawn."
    assert [(c.name, c.role, c.kind) for c in credits_of(text)] == [
        ("MENAFN", "syndication", "agency"),
        ("Fictiva", "syndication", "unknown"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Image Source : Fictiva Wire Striking miners at the gate.", [("Fictiva", False)]),
        ("Image Source : FILE Striking miners at the gate.", []),
        (
            "Photo Credit: Reuters/AFP Striking miners at the gate.",
            [("Reuters", True), ("AFP", True)],
        ),
    ],
)
def test_photo_credit_names(text: str, expected: list[tuple[str, bool]]) -> None:
    credits = credits_of(text)
    assert [(c.name, c.in_lexicon) for c in credits if c.role == "photo"] == expected


def test_dateline_credit_for_unknown_agency() -> None:
    credits = credits_of("LOS ANGELES (Billboard) - The band cancelled the tour.")
    assert [(c.name, c.kind, c.role, c.in_lexicon) for c in credits] == [
        ("Billboard", "unknown", "dateline", False)
    ]
