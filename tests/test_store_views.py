"""The per-kind views read with plain SQL agree with ``Storyline.mentions`` (SQLite and
PostgreSQL), over what the real pipeline extracts from a few test articles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from storyline.api import Storyline
from storyline.store.views import BOOL, JSON, REAL, TEXT, VIEWS

DATA = Path(__file__).parent / "data"
ARTICLES = [
    DATA / "figures_article.txt",
    DATA / "proposals_article.txt",
    DATA / "events_trial",
    DATA / "relay_article.txt",  # a relayed source (cites) and a relay (via)
]
MENTION_COLUMNS = ["id", "article_id", "start", "end", "text", "sentence"]


@pytest.fixture(scope="module")
def nlp() -> Any:
    from storyline.extract.nlp import load_pipeline

    try:
        return load_pipeline()
    except Exception as e:  # the model is not installed
        pytest.skip(f"no spaCy model: {e}")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def sl(request: pytest.FixtureRequest, tmp_path: Path, nlp: Any) -> Any:
    url = str(tmp_path / "s.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    s = Storyline(url, nlp=nlp)
    s.ingest(ARTICLES)
    yield s
    s.store.close()


def _key(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["article_id"], row["start"], row["end"], row["text"])


def _check_type(kind: str, field: str, typ: str, got: Any, want: Any) -> None:
    where = f"{kind}.{field}"
    if want is None:
        assert got is None, where
    elif typ == TEXT:
        assert isinstance(got, str) and got == want, where
    elif typ == REAL:
        assert isinstance(got, float) and got == float(want), where
    elif typ == BOOL:
        assert got in (0, 1) and bool(got) is want, where  # 0/1 on SQLite, bool on PostgreSQL
    else:
        assert typ == JSON
        assert (json.loads(got) if isinstance(got, str) else got) == want, where


def test_a_view_per_kind_reads_the_mentions_as_typed_columns(sl: Any) -> None:
    with sl.store.engine.connect() as conn:
        for kind, (view, fields) in VIEWS.items():
            want = sorted(sl.mentions(kind), key=_key)
            assert want, f"the test articles have no {kind}"
            got = sorted(
                (dict(r._mapping) for r in conn.execute(sa.text(f"SELECT * FROM {view}"))),
                key=_key,
            )
            assert len(got) == len(want)
            assert list(got[0]) == MENTION_COLUMNS + list(fields)
            for g, w in zip(got, want, strict=True):
                assert [g[c] for c in MENTION_COLUMNS[1:]] == [w[c] for c in MENTION_COLUMNS[1:]]
                for field, typ in fields.items():
                    _check_type(kind, field, typ, g[field], w.get(field))
                # every field but the spans has its column: a new field needs one too
                assert {k for k in w if not k.endswith("_span")} - set(MENTION_COLUMNS) - {
                    "kind"
                } <= set(fields), kind


def test_the_run_names_the_pipeline_it_used(sl: Any, nlp: Any) -> None:
    run = sl.store.latest_run()
    assert run["model"] == f"{nlp.meta['lang']}_{nlp.meta['name']}"
    assert run["model_version"] == nlp.meta["version"] and run["articles_added"] > 0


def test_relays_have_their_columns(sl: Any) -> None:
    with sl.store.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT speaker, cites, via FROM statements")).all()
    assert ("Rebels", "witnesses", None) in [tuple(r) for r in rows]
    assert any(r.via == "CNN" for r in rows)
