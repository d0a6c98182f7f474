"""The JSON API over real HTTP: uvicorn serving the example story, requests through httpx,
and schemathesis generating requests from the OpenAPI description (no 500 on any of them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from storyline import dates
from storyline.api import Storyline
from storyline.dates import day_bounds
from storyline.errors import StoreError
from storyline.outputs.web import data
from storyline.outputs.web.data import OPTIONAL_RESOURCES
from web_fixtures import EXAMPLES as EXAMPLES_DIR
from web_fixtures import Server


@pytest.fixture(scope="module")
def client(web_server: Server) -> httpx.Client:
    with httpx.Client(base_url=web_server.url, timeout=30) as c:
        yield c


def get(client: httpx.Client, path: str, **params: Any) -> Any:
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def walk(client: httpx.Client, path: str, limit: int, **params: Any) -> list[dict[str, Any]]:
    items, offset = [], 0
    while offset is not None:
        page = get(client, path, limit=limit, offset=offset, **params)
        assert len(page["items"]) <= limit
        items += page["items"]
        offset = page["next_offset"]
    return items


def test_overview_counts_what_the_store_holds(client: httpx.Client, story_db: str) -> None:
    o = get(client, "/api/overview")
    with Storyline(story_db) as sl:
        assert o["articles"] == sl.store.count_articles()
        assert o["mentions"]["statement"] == sum(1 for _ in sl.mentions("statement"))
    assert o["first_date"] <= o["last_date"]
    assert set(o["available"]) == set(OPTIONAL_RESOURCES)
    assert o["charts"] is True, "run `make setup`: it copies the chart scripts from npm"


def test_articles_paginate_and_filter(client: httpx.Client) -> None:
    total = get(client, "/api/overview")["articles"]
    everything = walk(client, "/api/articles", limit=7)
    assert len(everything) == total
    assert len({a["id"] for a in everything}) == total
    first = get(client, "/api/articles", limit=5)
    assert len(first["items"]) == 5 and first["next_offset"] == 5
    assert first["total"] == total and "offset=5" in first["next_url"]
    march = get(client, "/api/articles", **{"from": "2026-03", "to": "2026-03-31"})["items"]
    assert march and all(a["published"].startswith("2026-03") for a in march)
    outlet = march[0]["outlets"][0]
    credited = get(client, "/api/articles", outlet=outlet, limit=1000)["items"]
    assert credited and all(outlet in a["outlets"] for a in credited)
    found = get(client, "/api/articles", q="hostages", limit=1000)["items"]
    assert 0 < len(found) < total


def test_article_has_its_text_and_every_extracted_item(client: httpx.Client) -> None:
    aid = get(client, "/api/articles", limit=3)["items"][2]["id"]
    x = get(client, f"/api/articles/{aid[:8]}")
    raw = x["article"]["raw_text"]
    assert x["article"]["id"] == aid
    for group in ("timexes", "entities", "statements"):
        assert x[group], group
        for m in x[group]:
            assert m["article_id"] == aid
            assert raw[m["start"] : m["end"]] == m["text"]


def test_errors_are_clear_4xx(client: httpx.Client) -> None:
    r = client.get("/api/articles/ffffffffffffffff")
    assert r.status_code == 404 and "no article" in r.json()["detail"]
    ids = [a["id"] for a in get(client, "/api/articles", limit=1000)["items"]]
    shared = next(c for c in "0123456789abcdef" if sum(i.startswith(c) for i in ids) > 1)
    r = client.get(f"/api/articles/{shared}")
    assert r.status_code == 400 and "ambiguous" in r.json()["detail"]
    for bad in ("2026-02-30", "2026-13", "yesterday"):
        r = client.get("/api/articles", params={"from": bad})
        assert r.status_code == 422, bad
        assert r.json()["detail"][0]["loc"] == ["query", "from"]
    assert client.get("/api/articles", params={"limit": 0}).status_code == 422
    assert client.get("/api/mentions", params={"kind": "nonsense"}).status_code == 422
    assert client.get("/api/entities/Nobody%20At%20All").status_code == 404
    assert client.get("/api/search").status_code == 422
    assert client.get("/api/statements", params={"article": "zzzz"}).status_code == 404


def test_entities_and_an_entity_page(client: httpx.Client) -> None:
    entities = walk(client, "/api/entities", limit=50)
    assert len({(e["canonical"], e["label"]) for e in entities}) == len(entities)
    people = get(client, "/api/entities", label="PERSON", limit=1000)["items"]
    assert people and all(e["label"] == "PERSON" for e in people)
    with_alias = next(e for e in entities if e["aliases"])
    by_alias = get(client, f"/api/entities/{with_alias['aliases'][0]}")
    assert by_alias["entity"]["canonical"] == with_alias["canonical"]
    speaker = get(client, "/api/statements", limit=1)["items"][0]["speaker"]
    profile = get(client, f"/api/entities/{speaker}") if _is_entity(entities, speaker) else None
    if profile:
        assert profile["statements"]
        dates = [s["date"] for s in profile["statements"] if s["date"]]
        assert dates == sorted(dates)


def _is_entity(entities: list[dict[str, Any]], name: str) -> bool:
    return any(
        name.casefold() in {e["canonical"].casefold(), *map(str.casefold, e["aliases"])}
        for e in entities
    )


def test_statements_filters(client: httpx.Client) -> None:
    every = walk(client, "/api/statements", limit=100)
    quotes = walk(client, "/api/statements", limit=100, direct="true")
    assert 0 < len(quotes) < len(every) and all(s["direct"] for s in quotes)
    speaker = quotes[0]["speaker"]
    by = get(client, "/api/statements", by=speaker, limit=1000)["items"]
    assert by and all(
        speaker.casefold() in (s["speaker"] or "").casefold() or s["speaker_aliases"] for s in by
    )
    aid = quotes[0]["article_id"]
    mine = get(client, "/api/statements", article=aid[:10], limit=1000)["items"]
    assert mine and {s["article_id"] for s in mine} == {aid}
    april = get(client, "/api/statements", **{"from": "2026-04", "to": "2026-04", "limit": 1000})
    assert april["items"] and all(s["date"].startswith("2026-04") for s in april["items"])


def test_mentions_by_kind(client: httpx.Client) -> None:
    timexes = get(client, "/api/mentions", kind="timex", limit=20)["items"]
    assert timexes and all(m["kind"] == "timex" and "value" in m for m in timexes)


def test_timeline_is_ordered_and_cited(client: httpx.Client) -> None:
    tl = get(client, "/api/timeline")
    assert tl["layer"] in ("timeline", "articles")
    firsts = [day_bounds(e["date"])[0] for e in tl["items"] if e["date"]]
    assert firsts and firsts == sorted(firsts)  # by first day, whatever the precision
    assert all(e["citations"] for e in tl["items"])
    undated = [e for e in tl["items"] if not e["date"]]
    assert tl["items"][len(tl["items"]) - len(undated) :] == undated  # undated come last
    cut = get(client, "/api/timeline", **{"from": "2026-04-01", "to": "2026-04-30"})["items"]
    for e in cut:  # every entry overlaps April (a week or month may stick out)
        lo, hi = day_bounds(e["date"])
        assert lo <= "2026-04-30" and hi >= "2026-04-01", e["date"]
    assert cut
    c = tl["items"][0]["citations"][0]
    raw = get(client, f"/api/articles/{c['article_id']}")["article"]["raw_text"]
    assert raw[c["start"] : c["end"]].strip() == c["text"]


def test_timeline_filters_and_key_events_mirror_the_cli(
    client: httpx.Client, story_db: str
) -> None:
    tl = get(client, "/api/timeline")
    assert tl["layer"] == "timeline" and tl["next_offset"] is None
    with Storyline(story_db) as sl:
        assert [e["id"] for e in tl["items"]] == [e["id"] for e in sl.timeline()]
        key = get(client, "/api/timeline", key=10)["items"]
        assert [e["id"] for e in key] == [e["id"] for e in sl.timeline(key=10)]
        actor = next(a for e in tl["items"] for a in e["actors"])
        mine = get(client, "/api/timeline", actor=actor)["items"]
        assert [e["id"] for e in mine] == [e["id"] for e in sl.timeline(actor=actor)]
    # the key cut (``story.timeline.key_cut``: best scored, spread over the days) keeps the
    # best scored event
    best = max(tl["items"], key=lambda e: e["score"])
    assert len(key) == 10 and best["id"] in {e["id"] for e in key}
    assert mine and all(actor in e["actors"] for e in mine)
    kind = tl["items"][0]["type"]
    typed = get(client, "/api/timeline", type=kind)["items"]
    assert typed and all(kind in e["types"] for e in typed)
    first = get(client, "/api/timeline", limit=5, offset=5)
    assert [e["id"] for e in first["items"]] == [e["id"] for e in tl["items"][5:10]]
    assert first["next_offset"] == 10
    for e in tl["items"]:  # a story event: counted sources, its date's days, cited sentences
        assert e["sources"] >= 1
        assert not e["date"] or e["date_start"] <= e["date_end"]
        for c in e["citations"]:
            assert c["sentence_start"] <= c["start"] < c["end"] <= c["sentence_end"]
    assert client.get("/api/timeline", params={"key": 0}).status_code == 422


def test_timeline_sets_background_apart_from_the_story_period(client: httpx.Client) -> None:
    tl = get(client, "/api/timeline")
    period = tl["period"]
    overview = get(client, "/api/overview")
    # the story's own period: its dated articles' run, from a week before the first
    assert period["from"] < overview["first_date"] and period["to"] == overview["last_date"]
    parts = {e["id"]: e["part"] for e in tl["items"]}
    assert set(parts.values()) == {"story", "background", "sidebar"}
    for e in tl["items"]:
        assert (e["part"] == "sidebar") == e["sidebar"]
        if e["background"] and not e["sidebar"]:
            assert e["part"] == "background"
        if e["part"] == "story" and e["date"]:  # the story happens in its period
            assert e["date_end"] >= period["from"] and e["date_start"] <= period["to"], e["date"]
    # a year-only date far from the articles ("since 1987") is history, never the story
    old = [e for e in tl["items"] if e["date"] and e["date_end"] < period["from"]]
    assert old and all(parts[e["id"]] == "background" for e in old)
    assert any(e["date"] == "1987" for e in old)

    story = get(client, "/api/timeline", story="true")["items"]
    assert [e["id"] for e in story] == [i for i, p in parts.items() if p == "story"]
    key = get(client, "/api/timeline", story="true", key=10)["items"]
    assert len(key) == 10 and {e["part"] for e in key} == {"story"}
    assert max(story, key=lambda e: e["score"])["id"] in {e["id"] for e in key}
    firsts = [day_bounds(e["date"])[0] for e in key if e["date"]]
    assert firsts == sorted(firsts)  # the key cut, in date order


def test_story_period_is_the_run_of_most_articles() -> None:
    class Store:
        def iter_article_columns(self, columns: list[str]) -> list[dict[str, Any]]:
            days = ["2004-05-01", "2011-02-20", "2011-03-01", "2011-04-10", None, "2011-05-01"]
            return [{"published": d} for d in days]

    class Sl:
        store = Store()

    lo, hi = data.story_period(Sl())  # type: ignore[arg-type, misc]
    assert (str(lo), str(hi)) == ("2011-02-13", "2011-05-01")  # the stray 2004 article: no
    year = {"date": "1973", "date_lo": "1973-01-01", "date_hi": "1973-12-31"}
    assert data.part_of(year, (lo, hi)) == "background"  # a resolution number, not the story
    assert data.part_of({**year, "date_lo": "2011-01-01", "date_hi": "2011-12-31"}, (lo, hi)) == (
        "story"
    )
    assert data.part_of({"date": None, "date_lo": None, "date_hi": None}, (lo, hi)) == "story"
    assert data.part_of({**year, "sidebar": True}, (lo, hi)) == "sidebar"


def test_series_each_with_points_in_time_order(client: httpx.Client, story_db: str) -> None:
    every = walk(client, "/api/series", limit=10)
    with Storyline(story_db) as sl:
        assert {s["id"] for s in every} == {s["id"] for s in sl.series()}
    charted = get(client, "/api/series", min_points=2, limit=1000)["items"]
    assert charted and all(len(s["points"]) >= 2 for s in charted)
    comparable = [s["comparable"] for s in charted]
    assert comparable == sorted(comparable, reverse=True)  # the comparable ones first
    biggest = charted[0]
    one = get(client, f"/api/series/{biggest['id']}")
    assert one == biggest
    for p in one["points"]:
        raw = get(client, f"/api/articles/{p['article_id']}")["article"]["raw_text"]
        assert raw[p["start"] : p["end"]] == p["text"] == p["citation"]["text"]
        assert p["shown"] and isinstance(p["value"], float)
    word = biggest["counted"]
    named = get(client, "/api/series", name=word, limit=1000)["items"]
    assert biggest["id"] in {s["id"] for s in named}
    assert all(word in (s["label"] + s["id"] + (s["counted"] or "")).casefold() for s in named)
    r = client.get("/api/series/no-such-series")
    assert r.status_code == 404 and "no series" in r.json()["detail"]


def test_conflicts_by_kind_and_series_with_flagged_points(client: httpx.Client) -> None:
    every = walk(client, "/api/conflicts", limit=4)
    kinds = {f["kind"] for f in every}
    assert {"conflict", "revision"} <= kinds <= {"conflict", "revision", "change"}
    for kind in kinds:
        some = get(client, "/api/conflicts", kind=kind, limit=1000)["items"]
        assert some and {f["kind"] for f in some} == {kind}
    conflict = next(f for f in every if f["kind"] == "conflict")
    assert conflict["explanation"] and conflict["a"]["value"] != conflict["b"]["value"]
    mine = get(client, "/api/conflicts", series=conflict["series_id"], limit=1000)["items"]
    assert conflict in mine and all(f["series_id"] == conflict["series_id"] for f in mine)
    # the series flags both points of the conflict
    points = get(client, f"/api/series/{conflict['series_id']}")["points"]
    flagged = {(p["article_id"], p["start"]) for p in points if p["conflict"]}
    assert {(conflict[x]["article_id"], conflict[x]["start"]) for x in "ab"} <= flagged
    assert client.get("/api/conflicts", params={"kind": "feud"}).status_code == 422


def test_negotiations_threads_mirror_the_facade_and_filter(
    client: httpx.Client, story_db: str
) -> None:
    every = walk(client, "/api/negotiations", limit=2)
    with Storyline(story_db) as sl:
        assert every == sl.negotiations()
        raw = {
            a["id"]: a["raw_text"] for a in (sl.article(n["citation"]["article_id"]) for n in every)
        }
    assert every and [n["date"] or "9999" for n in every] == sorted(
        n["date"] or "9999" for n in every
    )
    for n in every:
        c = n["citation"]
        assert raw[c["article_id"]][c["start"] : c["end"]] == c["text"]
    answered = get(client, "/api/negotiations", answered="true", limit=1000)["items"]
    assert answered and all(n["steps"] for n in answered)
    assert len(answered) < len(every)
    step = answered[0]["steps"][0]
    assert step["kind"] in ("answer", "counter") and step["citations"]
    party = answered[0]["proposer"]
    mine = get(client, "/api/negotiations", party=party.upper(), limit=1000)["items"]
    assert answered[0] in mine and len(mine) < len(every)
    last = [n for n in every if n["date"]][-1]
    late = get(client, "/api/negotiations", limit=1000, **{"from": last["date"]})["items"]
    assert last in late and every[0] not in late
    assert client.get("/api/negotiations", params={"from": "soon"}).status_code == 422


def test_search_finds_articles_and_statements(client: httpx.Client) -> None:
    r = get(client, "/api/search", q="hostages", limit=5)
    assert 0 < len(r["articles"]) <= 5
    assert all(any(p["match"] for p in a["snippet"]) for a in r["articles"])
    assert all(a["title"] for a in r["articles"])
    assert r["statements"] and all(
        "hostages" in s["text"].casefold() or "hostages" in (s["speaker"] or "").casefold()
        for s in r["statements"]
    )


def test_openapi_describes_every_endpoint(client: httpx.Client, story_db: str) -> None:
    spec = get(client, "/openapi.json")
    paths = set(spec["paths"])
    for p in (
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/entities",
        "/api/statements",
        "/api/search",
        "/api/timeline",
        "/api/series",
        "/api/series/{series_id}",
        "/api/conflicts",
        "/api/negotiations",
        "/api/overview",
        "/api/mentions",
        "/api/ingest",
    ):
        assert p in paths
    with Storyline(story_db) as sl:
        for name in ("figures", "events", "proposals"):
            assert (f"/api/{name}" in paths) == callable(getattr(sl, name, None))


def test_the_page_and_its_assets_are_served(client: httpx.Client) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "/static/app.js" in page.text
    for asset in ("app.js", "style.css", "vendor/vega.min.js", "vendor/vega-embed.min.js"):
        assert client.get(f"/static/{asset}").status_code == 200, asset


class UploadServer(Server):
    """A server started as `storyline serve --allow-upload` with a known token."""

    AUTH = {"Authorization": "Bearer test-token"}

    def __init__(self, db: str | Path) -> None:
        super().__init__(db, allow_upload=True, token="test-token")


def test_ingest_by_upload(tmp_path: Path) -> None:
    # Its own store and server: uploading changes the store the other tests read.
    text = b" date 2031-05-02\nThe river rose two metres overnight, the mayor said on Friday.\n"
    with UploadServer(tmp_path / "upload.db") as server, httpx.Client(base_url=server.url) as c:
        files = [("files", ("flood.txt", text, "text/plain")), ("files", ("x.bin", b"\0\1\2"))]
        assert c.post("/api/ingest", files=files, timeout=120).status_code == 403  # no token
        r = c.post("/api/ingest", files=files, timeout=120, headers=UploadServer.AUTH)
        assert r.status_code == 200, r.text
        report = r.json()
        assert report["added"] == 1
        assert len(report["errors"]) == 1 and "x.bin" in report["errors"][0]
        assert "storyline-upload" not in report["errors"][0]
        items = c.get("/api/articles").json()["items"]
        assert [a["published"] for a in items] == ["2031-05-02"]


def test_schemathesis_finds_no_server_error(web_server: Server) -> None:
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import positive_data_acceptance

    schema = schemathesis.openapi.from_url(f"{web_server.url}/openapi.json")
    failures = []
    for result in schema.get_all_operations():
        op = result.ok()
        if op.method.upper() != "GET":
            continue  # the upload writes to the store: tested above on its own store

        @settings(
            max_examples=25,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=op.as_strategy())
        def check(case: Any) -> None:
            # A pattern-valid day the calendar lacks (2026-02-30) is a 422 on purpose.
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        try:
            check()
        except Exception as e:  # collect every operation's failure, then report them all
            failures.append(f"{op.label}: {str(e)[:600]}")
    assert not failures, "\n\n".join(failures)


def test_schemathesis_upload_finds_no_server_error(tmp_path: Path) -> None:
    """Generated multipart bodies (odd names, bytes, sizes) on the upload: 4xx or a report,
    never a 5xx, and the store still reads afterwards."""
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import not_a_server_error

    with UploadServer(tmp_path / "fuzz.db") as server:
        schema = schemathesis.openapi.from_url(f"{server.url}/openapi.json")
        op = next(r.ok() for r in schema.get_all_operations() if r.ok().method.upper() == "POST")

        @settings(
            max_examples=20, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        @given(case=op.as_strategy())
        def check(case: Any) -> None:
            case.headers = {**(case.headers or {}), **UploadServer.AUTH}
            response = case.call(timeout=120)
            statuses.add(response.status_code)
            case.validate_response(response, checks=[not_a_server_error])

        statuses: set[int] = set()
        check()
        assert 200 in statuses, statuses  # uploads got through the guard and were ingested
        assert httpx.get(f"{server.url}/api/articles").status_code == 200


def test_store_errors_are_5xx_and_bad_input_4xx(tmp_path: Path, monkeypatch: Any) -> None:
    """One place maps domain errors to statuses: the store failing is the server's fault (5xx),
    an unknown id or an unreadable date the request's (4xx)."""
    from fastapi.testclient import TestClient

    from storyline.errors import StoreError
    from storyline.outputs.web import create_app

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise StoreError("s.db: database disk image is malformed")

    with Storyline(tmp_path / "s.db") as sl, TestClient(create_app(sl)) as c:
        assert c.get("/api/articles/ffff").status_code == 404
        r = c.get("/api/articles", params={"to": "2026-13"})
        assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "to"]
        monkeypatch.setattr(sl, "articles", broken)
        r = c.get("/api/articles")
        assert r.status_code == 500
        assert r.json() == {"detail": "s.db: database disk image is malformed"}


def test_a_store_date_error_is_bad_input(tmp_path: Path, monkeypatch: Any) -> None:
    """A ``StoreDateError`` is both a ``DateError`` and a ``StoreError``: the request's fault
    (400), not the store's (500)."""
    from fastapi.testclient import TestClient

    from storyline.outputs.web import create_app
    from storyline.outputs.web.app import ERROR_STATUS
    from storyline.store.rows import StoreDateError

    def bad_date(*_args: Any, **_kwargs: Any) -> Any:
        raise StoreDateError("2026-13")

    classes = [error for error, _status in ERROR_STATUS]
    assert classes.index(dates.DateError) < classes.index(StoreError)
    with Storyline(tmp_path / "s.db") as sl, TestClient(create_app(sl)) as c:
        monkeypatch.setattr(sl, "articles", bad_date)
        r = c.get("/api/articles")
        assert r.status_code == 400
        assert r.json() == {"detail": str(StoreDateError("2026-13"))}


@pytest.mark.parametrize("bound", ["2026-W18", "2026-Q2", "2026-H1", "2026-05", "2026"])
def test_any_range_bound_the_cli_takes_is_taken(tmp_path: Path, bound: str) -> None:
    """``?from=``/``?to=`` take what ``--from``/``--to`` take (``dates.parse_bound``)."""
    from fastapi.testclient import TestClient

    from storyline.outputs.web import create_app

    with Storyline(tmp_path / "s.db") as sl, TestClient(create_app(sl)) as c:
        for path in ("/api/articles", "/api/timeline", "/api/events"):
            for name in ("from", "to"):
                r = c.get(path, params={name: bound})
                assert r.status_code == 200, (path, name, r.text)


@pytest.mark.parametrize("bad", ["0000", "2026-W60", "2026-02-30", "yesterday", "2026-XX"])
def test_an_unreadable_bound_is_the_same_422(tmp_path: Path, bad: str) -> None:
    from fastapi.testclient import TestClient

    from storyline.outputs.web import create_app

    with Storyline(tmp_path / "s.db") as sl, TestClient(create_app(sl)) as c:
        r = c.get("/api/timeline", params={"from": bad})
        assert r.status_code == 422
        (detail,) = r.json()["detail"]
        assert detail["loc"] == ["query", "from"] and detail["type"] == "value_error"
        assert detail["msg"] == f"from: {dates.DateError(bad)}"


def test_every_list_has_total_and_a_next_url_to_follow(client: httpx.Client) -> None:
    for path in ("/api/statements", "/api/entities", "/api/series", "/api/negotiations"):
        first = get(client, path, limit=3)
        total, seen, url = first["total"], list(first["items"]), first["next_url"]
        assert total is not None and total > 3, path
        while url:  # the server's own link, followed as given
            r = client.get(url)
            assert r.status_code == 200
            seen += r.json()["items"]
            url = r.json()["next_url"]
        assert len(seen) == total, path
    tl = get(client, "/api/timeline", limit=5)
    assert len(tl["items"]) == 5 and tl["total"] > 5 and "offset=5" in tl["next_url"]
    last = get(client, "/api/statements", limit=1000)
    assert last["next_url"] is None and last["next_offset"] is None


def test_lists_as_csv(client: httpx.Client) -> None:
    import csv
    import io
    import json

    page = get(client, "/api/statements", limit=7, offset=2)
    r = client.get("/api/statements", params={"limit": 7, "offset": 2, "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.headers["x-total-count"] == str(page["total"])
    assert 'rel="next"' in r.headers["link"] and "format=csv" in r.headers["link"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [(row["article_id"], int(row["start"])) for row in rows] == [
        (s["article_id"], s["start"]) for s in page["items"]
    ]
    series = client.get("/api/series", params={"limit": 2, "format": "csv"})
    points = json.loads(next(csv.DictReader(io.StringIO(series.text)))["points"])
    assert points and "value" in points[0]
    assert client.get("/api/statements", params={"format": "xml"}).status_code == 422


def test_cors_is_off_unless_an_origin_is_given(story_db: str) -> None:
    origin = {"Origin": "http://notebook.example:8888"}
    with Server(story_db) as closed, Server(story_db, cors=[origin["Origin"]]) as opened:
        r = httpx.get(f"{closed.url}/api/overview", headers=origin)
        assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
        r = httpx.get(f"{opened.url}/api/statements?limit=2", headers=origin)
        assert r.headers["access-control-allow-origin"] == origin["Origin"]
        assert "link" in r.headers["access-control-expose-headers"].lower()
        other = httpx.get(f"{opened.url}/api/overview", headers={"Origin": "http://evil.test"})
        assert "access-control-allow-origin" not in other.headers
        pre = httpx.options(
            f"{opened.url}/api/ingest",
            headers={**origin, "Access-Control-Request-Method": "POST"},
        )
        assert "POST" not in pre.headers.get("access-control-allow-methods", "")


def test_an_unknown_event_type_is_a_clear_400(client: httpx.Client) -> None:
    for path in ("/api/timeline", "/api/events"):
        r = client.get(path, params={"type": "feud"})
        assert r.status_code == 400 and "no event type 'feud'" in r.json()["detail"], path
    stem = get(client, "/api/timeline", type="ceasefire", limit=1000)["items"]
    assert all(
        {e["type"], *(e.get("types") or {})} & {"ceasefire_start", "ceasefire_end"} for e in stem
    )


def test_figures_are_paged_in_the_store_as_the_facade_lists_them(
    client: httpx.Client, story_db: str
) -> None:
    """The figures endpoint reads one page from the store (by as-of date, the facade's
    order); every page followed gives the facade's list, filtered the same way."""
    with Storyline(story_db) as sl:
        everything = sl.figures()
    first = get(client, "/api/figures")
    assert len(first["items"]) == min(50, len(everything))  # the small default page
    assert first["total"] == len(everything)
    assert walk(client, "/api/figures", 7) == everything
    counted = next(f["counted"] for f in everything if f.get("counted"))
    word = counted.split()[0]
    kept = [
        f
        for f in everything
        if word.casefold() in " ".join(str(f.get(k) or "") for k in ("counted", "noun", "kind"))
    ]
    assert kept and walk(client, "/api/figures", 3, counted=word.upper()) == kept
    day = next(f["as_of"] for f in everything if f.get("as_of") and len(f["as_of"]) == 10)
    month = day[:7]
    in_month = [f for f in everything if data.in_range(f.get("as_of"), month, month)]
    assert in_month and walk(client, "/api/figures", 2, **{"from": month, "to": month}) == in_month


def test_a_story_answer_is_kept_only_while_the_store_is_unchanged(tmp_path: Path) -> None:
    """Timeline, series and conflicts are kept between requests, but an ingest (here an
    upload) changes the store's stamp and the next answer is the new story."""
    flood = b" date 2031-05-02\nThe river killed 4 people on Friday, the mayor said.\n"
    later = b" date 2031-05-04\nThe river killed 9 people by Sunday, the mayor said.\n"
    with UploadServer(tmp_path / "kept.db") as server, httpx.Client(base_url=server.url) as c:
        counts = []
        for text, name in ((flood, "a.txt"), (later, "b.txt")):
            before = c.get("/api/series").json()
            assert c.get("/api/series").json() == before
            files = [("files", (name, text, "text/plain"))]
            r = c.post("/api/ingest", files=files, timeout=120, headers=UploadServer.AUTH)
            assert r.status_code == 200, r.text
            after = c.get("/api/series").json()
            assert after != before
            counts.append(sum(len(s["points"]) for s in after["items"]))
        assert counts == [1, 2]


OTHER_SPELLINGS = {"date_earliest", "date_latest", "date_lo", "date_hi", "lo", "hi", "window"}
"""A date window's names before it had one everywhere (``F_start``/``F_end``, as the exports)."""


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_a_date_window_has_one_name_and_no_server_path_is_answered(
    client: httpx.Client, story_db: str
) -> None:
    import json

    articles = get(client, "/api/articles", limit=1000)["items"]
    detail = get(client, f"/api/articles/{articles[0]['id']}")
    timeline = get(client, "/api/timeline")["items"]
    series = get(client, "/api/series", limit=1000)["items"]
    answers = [get(client, "/api/overview"), articles, detail, timeline, series]
    answers.append(get(client, "/api/conflicts", limit=1000, all="true")["items"])
    for answer in answers:
        assert not _keys(answer) & (OTHER_SPELLINGS | {"path"})
        text = json.dumps(answer)
        assert str(Path(story_db).parent) not in text and str(EXAMPLES_DIR) not in text
    assert get(client, "/api/overview")["db"] == Path(story_db).name
    assert {s["file"] for s in detail["article"]["sources"]} <= {
        p.name for p in EXAMPLES_DIR.iterdir()
    }
    for a in articles:  # the days its publication date may be, around the date itself
        assert a["published_start"] <= a["published_end"]
        if a["published"]:
            first, last = dates.interval(a["published"]) or (None, None)
            assert (a["published_start"], a["published_end"]) == (str(first), str(last))
    assert all(e["date_start"] <= e["date_end"] for e in timeline if e["date"])
    points = [p for s in series for p in s["points"]]
    assert any(p["as_of_start"] for p in points)
    for p in points:
        if p["as_of_start"]:
            assert p["as_of_start"] <= p["as_of_end"]
    spec = get(client, "/openapi.json")["components"]["schemas"]
    for model, names in (
        ("ArticleSummary", {"published_start", "published_end"}),
        ("TimelineEntry", {"date_start", "date_end"}),
        ("SeriesPoint", {"as_of_start", "as_of_end"}),
    ):
        assert names <= set(spec[model]["properties"])
        assert not set(spec[model]["properties"]) & OTHER_SPELLINGS


def test_openapi_types_each_kind_of_item(client: httpx.Client) -> None:
    spec = get(client, "/openapi.json")
    schemas = spec["components"]["schemas"]

    def ref(schema: dict[str, Any]) -> str:
        return str(schema["$ref"]).rsplit("/", 1)[-1]

    kinds = {
        "/api/statements": ("Statement", "speaker"),
        "/api/figures": ("Figure", "as_of"),
        "/api/events": ("Event", "trigger"),
        "/api/proposals": ("Proposal", "proposer"),
    }
    for path, (model, field) in kinds.items():
        if path not in spec["paths"]:
            continue  # a kind this version does not extract
        ok = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
        page = schemas[ref(ok["schema"])]
        assert ref(page["properties"]["items"]["items"]) == model
        assert field in schemas[model]["properties"], (model, field)
    assert {"anyOf": [{"type": "number"}, {"type": "null"}]}.items() <= schemas["Figure"][
        "properties"
    ]["value"].items()
    extraction = schemas["Extraction"]["properties"]
    for group, model in (("timexes", "Timex"), ("entities", "EntityMention"), ("events", "Event")):
        assert ref(extraction[group]["items"]) == model
    # an article's items come back typed and whole: the kind's fields, the span in its text
    aid = get(client, "/api/articles", limit=1)["items"][0]["id"]
    x = get(client, f"/api/articles/{aid}")
    assert all(isinstance(f["value"], float) for f in x["figures"])
    assert all(isinstance(s["direct"], bool) for s in x["statements"])
