"""Story entities: the corpus-wide merge on hand-made mention rows, then on a real ingest of a
few invented articles through the facade and the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from storyline.api import Storyline
from storyline.errors import NotFoundError
from storyline.outputs.cli import app
from storyline.story.entities import expands, merge_entities, slug


def ent(text: str, label: str = "ORG", **fields: Any) -> dict[str, Any]:
    return {"text": text, "canonical": fields.pop("canonical", text), "label": label, **fields}


# --- the merge ------------------------------------------------------------------------------


def test_merge_entities_across_articles() -> None:
    a = [
        ent(
            "Benjamin Netanyahu",
            "PERSON",
            title="Israeli Prime Minister",
            aliases=["Netanyahu"],
        ),
        ent("IDF", canonical="Israel Defense Forces"),
    ]
    b = [
        ent("Netanyahu", "PERSON"),
        ent("Israeli military"),
        ent("WHO"),
    ]
    c = [ent("World Health Organization")]
    merged = {e["canonical"]: e for e in merge_entities([a, b, c])}
    assert merged["Benjamin Netanyahu"]["mentions"] == 2
    assert merged["Benjamin Netanyahu"]["articles"] == 2
    assert merged["Benjamin Netanyahu"]["titles"] == ["Israeli Prime Minister"]
    assert "Netanyahu" not in merged
    assert merged["Israel Defense Forces"]["mentions"] == 2
    assert "Israeli military" in merged["Israel Defense Forces"]["aliases"]
    assert merged["World Health Organization"]["mentions"] == 2
    assert "WHO" in merged["World Health Organization"]["aliases"]
    assert len(merged) == 3


def test_merge_keeps_ambiguous_surname_apart() -> None:
    arts = [
        [ent("Anna Berg", "PERSON")],
        [ent("Carl Berg", "PERSON")],
        [ent("Berg", "PERSON")],
    ]
    assert {e["canonical"] for e in merge_entities(arts)} == {"Anna Berg", "Carl Berg", "Berg"}


def test_acronym_folds_into_its_expansion_whatever_the_apostrophes() -> None:
    arts = {
        "a1": [ent("Harbour Workers' Union"), ent("HWU"), ent("HWU")],
        "a2": [ent("Harbour Workers’ Union"), ent("Harbour Workers' Union spokesman")],
        "a3": [ent("HWU")],
    }
    merged = {e["canonical"]: e for e in merge_entities(arts)}
    union = merged["Harbour Workers' Union"]
    assert union["mentions"] == 5 and union["articles"] == 3
    assert "HWU" in union["aliases"]
    assert "HWU" not in merged
    assert "Harbour Workers' Union spokesman" in merged  # a role of the union, not the union


def test_acronym_takes_the_expansion_it_was_written_with() -> None:
    # only ever "the Meridian Press Agency (MPA)" inside one article's cluster: the expansion
    # is an alias of the acronym's own entity and becomes its name
    arts = {"a1": [ent("MPA", aliases=["Meridian Press Agency"])], "a2": [ent("MPA")]}
    (only,) = merge_entities(arts)
    assert only["canonical"] == "Meridian Press Agency"
    assert only["aliases"] == ["MPA"] and only["mentions"] == 2
    assert only["id"] == "meridian-press-agency"


def test_acronym_with_two_expansions_prefers_the_one_it_shares_an_article_with() -> None:
    arts = {
        "a1": [ent("National Election Commission"), ent("NEC")],
        "a2": [ent("Northern Energy Company")],
    }
    merged = {e["canonical"]: e for e in merge_entities(arts)}
    assert "NEC" in merged["National Election Commission"]["aliases"]
    assert merged["Northern Energy Company"]["mentions"] == 1


def test_expands_needs_every_content_word_capitalised() -> None:
    assert expands("Bank of Northern Ostria", "BNO")
    assert not expands("Harbour Workers Union spokesman", "HWU")
    assert not expands("HWU", "HWU")


def test_first_last_seen_from_publication_days_and_ids() -> None:
    arts = {
        "a1": [ent("José Peñalva", "PERSON"), ent("Orlo", "GPE")],
        "a2": [ent("José Peñalva", "PERSON"), ent("Orlo", "PERSON")],
        "a3": [ent("José Peñalva", "PERSON")],
    }
    dates = {"a1": "2031-02-05", "a2": "2031-02-03", "a3": None}
    merged = merge_entities(arts, dates)
    by_id = {e["id"]: e for e in merged}
    jose = by_id["jose-penalva"]
    assert (jose["first_seen"], jose["last_seen"]) == ("2031-02-03", "2031-02-05")
    assert jose["articles"] == 3 and jose["article_ids"] == ["a1", "a2", "a3"]
    # the same name as two types: two entities, two ids
    assert {"orlo", "orlo-person"} <= set(by_id) or {"orlo", "orlo-gpe"} <= set(by_id)
    assert slug("Saint-Aurèle  (north)") == "saint-aurele-north"


# --- a real ingest --------------------------------------------------------------------------

ARTICLES = {
    "a1.txt": (
        " date 2031-02-03\n"
        "Rivermouth: The Coastal Rescue Authority (CRA) said on Monday that 40 people were "
        "missing after floods hit the town.\n\n"
        'Director Amira Solberg told reporters: "We are searching every street and every roof."\n'
    ),
    "a2.txt": (
        " date 2031-02-05\n"
        "The CRA said on Wednesday that 35 people were still missing in Rivermouth.\n\n"
        "Amira Solberg said the water was falling slowly across the town.\n"
    ),
    "a3.txt": (
        "Amira Solberg, director of the Coastal Rescue Authority, said the search would "
        "continue for days.\n\nThe CRA thanked the volunteers who joined the search.\n"
    ),
}


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("flood")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = tmp_path_factory.mktemp("store") / "story.db"
    with Storyline(db) as sl:
        report = sl.ingest([folder])
        assert not report.errors
    return db


def test_story_entities_after_ingest(story: Path) -> None:
    with Storyline(story) as sl:
        by_id = {e["id"]: e for e in sl.entities()}
    cra = by_id["coastal-rescue-authority"]
    assert cra["label"] == "ORG" and "CRA" in cra["aliases"]
    assert cra["articles"] == 3
    # the undated article counts in articles, not in first/last seen
    assert (cra["first_seen"], cra["last_seen"]) == ("2031-02-03", "2031-02-05")
    solberg = by_id["amira-solberg"]
    assert solberg["mentions"] >= 3 and solberg["articles"] == 3
    assert "cra" not in by_id


def test_entity_by_id_name_or_alias_with_its_statements_over_time(story: Path) -> None:
    with Storyline(story) as sl:
        assert sl.entity("CRA")["id"] == sl.entity("coastal-rescue-authority")["id"]
        solberg = sl.entity("amira solberg")
        with pytest.raises(NotFoundError):
            sl.entity("Nobody Atall")
    said = [s["text"] for s in solberg["statements"]]
    assert said[0] == "We are searching every street and every roof"
    assert "the water was falling slowly across the town" in said
    assert "the search would continue for days" in said
    dates = [s["date"] for s in solberg["statements"] if s.get("date")]
    assert dates == sorted(dates) and dates[0] == "2031-02-03"


def test_entities_command_shows_counts_and_days(story: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(story), "entities", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(result.output)}
    cra = rows["coastal-rescue-authority"]
    assert (cra["articles"], cra["first_seen"], cra["last_seen"]) == (3, "2031-02-03", "2031-02-05")
    table = CliRunner().invoke(app, ["--db", str(story), "entities"])
    assert table.exit_code == 0 and "first" in table.output and "2031-02-03" in table.output
