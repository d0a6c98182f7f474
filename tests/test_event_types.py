"""Event-type filters: a type, a stem shared by types, a family; unknown names are errors."""

from __future__ import annotations

import pytest

from storyline.errors import StorylineError
from storyline.lexicons import load_json
from storyline.story.event_types import expand, known_types
from storyline.story.timeline import Filters


def test_a_stem_covers_every_type_it_starts() -> None:
    assert expand(["ceasefire"]) == {"ceasefire_start", "ceasefire_end"}
    assert expand(["Cease-fire"]) == expand(["cease fire"]) == expand(["ceasefire"])
    assert expand(["release", "ceasefire_end"]) == {"release", "ceasefire_end"}


def test_a_family_covers_its_lexicon_types() -> None:
    families = load_json("story_events.json")["families"]
    for family, types in families.items():
        assert expand([family]) >= set(types)


def test_every_known_type_is_its_own_filter() -> None:
    for t in known_types():
        assert t in expand([t])


def test_an_unknown_name_is_an_error_naming_the_known_ones() -> None:
    with pytest.raises(StorylineError, match="no event type 'feud'.*ceasefire") as err:
        expand(["release", "feud"])
    assert err.value.param == "type"


def test_the_timeline_filter_keeps_a_stem() -> None:
    start = {"date": "2026-03-04", "type": "ceasefire_start", "actors": []}
    talks = {"date": "2026-03-04", "type": "talks", "actors": [], "types": {"talks": 1}}
    f = Filters(types=("ceasefire",))
    assert f.keeps(start) and not f.keeps(talks)
