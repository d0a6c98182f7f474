"""`eval attribution`: brat attribution folders (PolNeAR layout) read and scored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.errors import StorylineError
from storyline.eval.attribution import load_folder, score, speaker_right

TEXT = (
    'Mayor Ana Ruiz said that the dam would hold. "We are ready," she added, '
    '"for the worst." More rain is expected on Friday.\n'
)


def span(text: str, after: str = "") -> str:
    """'start end' of ``text`` in TEXT (searched after ``after``)."""
    s = TEXT.index(text, TEXT.index(after) if after else 0)
    return f"{s} {s + len(text)}"


def write_folder(root: Path) -> Path:
    """One text, two annotators (the first in sorted order is scored)."""
    (root / "text").mkdir()
    (root / "attributions").mkdir()
    (root / "text" / "river_2016-01-01_dam.txt").write_text(TEXT, encoding="utf-8")
    ann = [
        f"T1\tSource {span('Mayor Ana Ruiz')}\tMayor Ana Ruiz",
        f"T2\tCue {span('said')}\tsaid",
        f"T3\tContent {span('that the dam would hold')}\tthat the dam would hold",
        f"T4\tAttribution {span('said')}\tsaid",
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        f"T5\tSource {span('she')}\tshe",
        f"T6\tCue {span('added')}\tadded",
        f"T7\tContent {span('We are ready,')};{span('for the worst.')}\tWe are ready, for the",
        f"T8\tAttribution {span('added')}\tadded",
        "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5",
        f"T9\tCue {span('is expected')}\tis expected",
        f"T10\tContent {span('More rain')}\tMore rain",
        f"T11\tAttribution-no-source {span('is expected')}\tis expected",
        "E3\tAttribution-no-source:T11 Content:T10 Cue:T9",
        f"T12\tDiscuss {span('Friday')}\tFriday",
    ]
    folder = root / "attributions"
    (folder / "river_2016-01-01_dam_aa01.ann").write_text("\n".join(ann) + "\n", encoding="utf-8")
    (folder / "river_2016-01-01_dam_zz99.ann").write_text("", encoding="utf-8")
    return root


def pred(text: str, speaker: str | None, direct: bool, after: str = "") -> dict:
    s, e = map(int, span(text, after).split())
    return {"start": s, "end": e, "text": text, "speaker": speaker, "direct": direct}


def test_reads_the_first_annotator_with_split_content_joined(tmp_path):
    (art,) = load_folder(write_folder(tmp_path))
    assert art.annotation == "river_2016-01-01_dam_aa01.ann"
    assert [g.kind for g in art.gold] == ["indirect", "direct", "sourceless"]
    quote = art.gold[1]
    assert quote.text == 'We are ready," she added, "for the worst.'
    assert (quote.source, quote.resolved) == ("she", "Mayor Ana Ruiz")
    assert art.gold[2].source is None and art.gold[2].cue == "is expected"


def test_scores_on_a_hand_made_prediction(tmp_path):
    (art,) = load_folder(write_folder(tmp_path))
    art.pred = [
        pred("Mayor Ana Ruiz", None, False),  # no gold content: a false positive
        pred("the dam would hold", "Ana Ruiz", False),  # exact once "that" is set aside
        pred("We are ready", "Ana Ruiz", True),  # right through the pronoun's resolution
        pred("for the worst", "Ana Ruiz", True),  # the joined gold is already matched
    ]
    result = score([art])
    assert result["content"] == {"precision": 0.5, "recall": 0.6667, "f1": 0.5714}
    assert result["exact"] == {"precision": 0.25, "recall": 0.3333, "f1": 0.2857}
    assert result["speaker_accuracy"] == 1.0
    kinds = result["by_kind"]
    assert kinds["direct"] == {
        "gold": 1,
        "found": 1,
        "recall": 1.0,
        "speaker_accuracy": 1.0,
        "predicted": 2,
        "precision": 0.5,
    }
    assert kinds["sourceless"] == {"gold": 1, "found": 0, "recall": 0.0}
    assert result["halves"]["dev"]["matched"] == 2 and result["halves"]["held_out"]["gold"] == 0
    assert [m["text"] for m in result["misses"]["false_negatives"]] == ["More rain"]
    assert len(result["misses"]["false_positives"]) == 2
    # every miss says its half: error analysis keeps to the development half
    assert {m["half"] for ms in result["misses"].values() for m in ms} == {"dev"}


def test_a_pronoun_speaker_counts_only_through_its_resolution(tmp_path):
    (art,) = load_folder(write_folder(tmp_path))
    quote = art.gold[1]
    assert not speaker_right(quote, {"speaker": "she"})
    assert speaker_right(quote, {"speaker": "Ruiz"})
    assert not speaker_right(art.gold[0], {"speaker": "Officials"})


def test_a_folder_without_annotated_texts_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text("Nothing here.", encoding="utf-8")
    with pytest.raises(StorylineError, match="no <name>.txt with a <name>_<annotator>.ann"):
        load_folder(tmp_path)


@pytest.mark.slow
def test_cli_runs_the_real_pipeline(tmp_path):
    from typer.testing import CliRunner

    from storyline.outputs.cli import app

    folder = tmp_path / "polnear"
    folder.mkdir()
    write_folder(folder)
    res = CliRunner().invoke(app, ["eval", "attribution", str(folder), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert (out["articles"], out["gold"]) == (1, 3)
    assert out["by_kind"]["indirect"]["found"] == 1
    assert out["by_kind"]["direct"]["found"] == 1
    assert out["speaker_accuracy"] == 1.0, out["misses"]


def test_only_names_resolve_a_pronoun():
    from storyline.eval.attribution import is_name

    assert is_name("House Speaker Paul Ryan, R-Wis.,") and is_name("The Post")
    assert not is_name("The Republican presidential nominee") and not is_name("he")
