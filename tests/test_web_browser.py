"""The page in a real browser (Debian's chromium through Playwright) against a live server
over the example story. Screenshots go to each test's tmp_path."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from storyline.dates import day_bounds
from web_fixtures import Server


@pytest.fixture
def page(browser: Any, web_server: Server) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.base = web_server.url  # type: ignore[attr-defined]
    yield pg
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def open_view(pg: Any, hash_path: str, ready: str) -> None:
    pg.goto(f"{pg.base}/#/{hash_path}")
    pg.wait_for_selector(f"body[data-ready='{ready}']", timeout=20_000)


def in_view(pg: Any, selector: str) -> bool:
    return pg.eval_on_selector(
        selector,
        "el => { const r = el.getBoundingClientRect();"
        " return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }",
    )


def test_timeline_filter_expand_and_follow_a_citation(page: Any, tmp_path: Path) -> None:
    open_view(page, "timeline?key=0", "timeline")  # every event of the story
    page.wait_for_selector("#timeline-chart svg", timeout=20_000)  # Vega-Lite drew the chart
    total = page.locator("#timeline-list > li").count()
    assert total > 10
    page.screenshot(path=tmp_path / "timeline.png", full_page=True)

    page.fill("#timeline-filters input[name=from]", "2026-04-01")
    page.fill("#timeline-filters input[name=to]", "2026-04-30")
    page.click("#timeline-filters button[type=submit]")
    page.wait_for_selector("body[data-ready='timeline']")
    page.wait_for_function(f"document.querySelectorAll('#timeline-list > li').length < {total}")
    whens = page.locator("#timeline-list .when")
    dates = whens.evaluate_all("els => els.map((e) => e.title)")  # the value, as extracted
    assert dates
    for d in dates:  # every entry overlaps April (a week or a month may stick out)
        lo, hi = day_bounds(d)
        assert lo <= "2026-04-30" and hi >= "2026-04-01", d
    shown = whens.all_inner_texts()  # what a reader sees: "week of 2 March 2026"
    assert not [t for t in shown if re.search(r"\d{4}-(W|Q|H)\d", t)], shown
    assert "from=2026-04-01" in page.url

    first = page.locator("#timeline-list > li").nth(0)
    first.locator(".headline").click()
    citation = first.locator(".citations a.cite").first
    assert citation.is_visible()
    # the citation shows its sentence, the phrase the event was read from in bold
    sentence = first.locator(".citations .quote").first.inner_text().strip("“”")
    phrase = first.locator(".citations .quote b").first.inner_text()
    assert phrase and phrase in sentence
    citation.click()
    page.wait_for_selector("body[data-ready='article']")
    marked = page.locator("mark.cited").all_inner_texts()
    assert "".join(marked).strip() == phrase.strip()
    around = "".join(page.locator(".cited-sentence").all_inner_texts())
    assert around.strip() == sentence.strip()  # the sentence is outlined around the phrase
    assert in_view(page, "mark.cited")
    page.screenshot(path=tmp_path / "cited.png")


def test_timeline_key_events_and_type_filter(page: Any, tmp_path: Path) -> None:
    key = page.request.get(f"{page.base}/api/timeline?key=15").json()["items"]
    open_view(page, "timeline?key=0", "timeline")  # every event of the story
    total = page.locator("#timeline-list > li").count()
    page.check("#timeline-filters input[name=key]")  # applies at once
    page.wait_for_function(f"document.querySelectorAll('#timeline-list > li').length < {total}")
    ids = page.eval_on_selector_all("#timeline-list > li", "els => els.map(e => e.dataset.id)")
    assert ids == [e["id"] for e in key]
    assert "key=1" in page.url
    page.wait_for_selector("#timeline-chart svg")
    page.screenshot(path=tmp_path / "key-events.png", full_page=True)

    page.uncheck("#timeline-filters input[name=key]")
    page.wait_for_function(f"document.querySelectorAll('#timeline-list > li').length == {total}")
    kind = page.locator("#timeline-list > li").nth(0).get_attribute("data-type")
    page.select_option("#timeline-filters select[name=type]", kind)
    page.click("#timeline-filters button[type=submit]")
    page.wait_for_function(f"document.querySelectorAll('#timeline-list > li').length < {total}")
    types = page.eval_on_selector_all("#timeline-list > li", "els => els.map(e => e.dataset.types)")
    assert types and all(kind in t.split() for t in types)  # its type, or one of its mentions


def test_timeline_opens_on_the_key_events_of_the_story_with_background_apart(
    page: Any, tmp_path: Path
) -> None:
    tl = page.request.get(f"{page.base}/api/timeline?limit=1000").json()
    assert tl["next_offset"] is None and tl["total"] > 50  # the page reads it in pages of 50
    period = tl["period"]
    key = page.request.get(f"{page.base}/api/timeline?key=15&story=true").json()["items"]
    aside = [e for e in tl["items"] if e["part"] != "story"]
    assert key and aside and period
    open_view(page, "timeline", "timeline")  # the page opens on the story's key events
    ids = page.eval_on_selector_all("#timeline-list > li", "els => els.map(e => e.dataset.id)")
    assert ids == [e["id"] for e in key]
    assert page.is_checked("#timeline-filters input[name=key]")
    whens = page.locator("#timeline-list .when").evaluate_all("els => els.map((e) => e.title)")
    for d in whens:  # all in the story's period (the value as extracted)
        lo, hi = day_bounds(d)
        assert period["from"] <= lo and hi <= period["to"], d
    # background and sidebars: apart, marked, counted; never in the story's list
    set_apart = page.eval_on_selector_all(
        "#timeline-background > li", "els => els.map(e => [e.dataset.id, e.dataset.part])"
    )
    assert set_apart == [[e["id"], e["part"]] for e in aside]
    assert not set(ids) & {e["id"] for e in aside}
    summary = page.locator("#timeline-aside summary").inner_text()
    background = sum(e["part"] == "background" for e in aside)
    assert f"{background} background event" in summary
    page.locator("#timeline-aside summary").click()
    old = page.locator("#timeline-background > li", has_text="1987")  # "since 1987": history
    assert old.count() == 1 and "background" in old.locator(".part-note").inner_text()
    page.screenshot(path=tmp_path / "story.png", full_page=True)

    # the rest of the story, a click away
    story = [e["id"] for e in tl["items"] if e["part"] == "story"]
    page.click("#timeline-more")
    page.wait_for_function(
        f"document.querySelectorAll('#timeline-list > li').length == {len(story)}"
    )
    ids = page.eval_on_selector_all("#timeline-list > li", "els => els.map(e => e.dataset.id)")
    assert ids == story and "key=0" in page.url


def axis_labels(pg: Any, chart: str) -> list[str]:
    """The x axis labels Vega drew (SVG text), the y axis left out."""
    return pg.eval_on_selector_all(
        f"{chart} svg g.role-axis[aria-label^='X-axis'] .role-axis-label text",
        "els => els.map(e => e.textContent)",
    )


def test_time_axes_print_the_year(page: Any) -> None:
    open_view(page, "timeline?key=0", "timeline")
    page.wait_for_selector("#timeline-chart svg .role-axis-label text", timeout=20_000)
    labels = axis_labels(page, "#timeline-chart")
    assert labels and all("2026" in t for t in labels), labels  # never a bare "01 Jan"
    open_view(page, "figures", "figures")
    page.wait_for_selector(".chart.series svg .role-axis-label text", timeout=20_000)
    labels = axis_labels(page, ".chart.series")
    assert labels and all("2026" in t for t in labels), labels

    # spans that cross a year, drawn by the page's own spec: every label names its year
    draw = """async (days) => {
      const el = document.createElement("div"); el.style.width = "900px"; document.body.append(el);
      const rows = days.map((d, i) => ({ id: `e${i}`, date: d, date_start: d, date_end: d,
        headline: "x", type: "attack", sources: 1, score: 1 }));
      await vegaEmbed(el, timelineSpec(rows, true), { renderer: "svg", actions: false });
      const sel = "g.role-axis[aria-label^='X-axis'] .role-axis-label text";
      const out = [...el.querySelectorAll(sel)].map((t) => t.textContent); el.remove(); return out;
    }"""
    weeks = page.evaluate(draw, ["2025-12-20", "2025-12-29", "2026-01-03", "2026-01-12"])
    assert {"2025", "2026"} <= {t[-4:] for t in weeks}, weeks
    assert all(re.search(r"\b(19|20)\d\d$", t) for t in weeks), weeks
    decades = page.evaluate(draw, ["1987-06-01", "2001-01-01", "2026-03-18"])
    assert decades and all(re.fullmatch(r"(19|20)\d\d", t) for t in decades), decades


def test_search_then_open_a_statement_in_its_article(page: Any, tmp_path: Path) -> None:
    open_view(page, "timeline", "timeline")
    page.fill("#search-box", "hostages")
    page.press("#search-box", "Enter")
    page.wait_for_selector("body[data-ready='search']")
    assert page.locator("#search-articles .hit").count() > 0
    assert page.locator("#search-articles mark").count() > 0
    page.screenshot(path=tmp_path / "search.png", full_page=True)

    # A statement deep in its article: the page must scroll to it.
    hits = page.locator("#search-statements .hit")
    assert hits.count() > 0
    link = hits.last.locator("a.cite")
    href = link.get_attribute("href")
    start, end = (int(v.split("=")[1]) for v in href.split("?")[1].split("&"))
    link.click()
    page.wait_for_selector("body[data-ready='article']")
    page.wait_for_selector("mark.cited")
    text = "".join(page.locator("mark.cited").all_inner_texts())
    aid = href.split("/")[2].split("?")[0]
    raw = page.evaluate(f"fetch('/api/articles/{aid}').then(r => r.json())")["article"]["raw_text"]
    assert text == raw[start:end]
    assert in_view(page, "mark.cited")
    page.screenshot(path=tmp_path / "statement.png")


def test_article_view_highlights_every_kind(page: Any, tmp_path: Path) -> None:
    aid = page.request.get(f"{page.base}/api/articles?limit=3").json()["items"][2]["id"]
    open_view(page, f"article/{aid}", "article")
    for kind in ("entity", "timex", "statement"):
        assert page.locator(f"#article-text .k-{kind}").count() > 0, kind
    # Turning a kind off in the legend takes its colour away.
    page.locator(".legend label", has_text="entity").locator("input").uncheck()
    assert "hide-entity" in page.get_attribute("#article-text", "class")
    page.screenshot(path=tmp_path / "article.png", full_page=True)


def test_entity_page_lists_statements_over_time(page: Any, tmp_path: Path) -> None:
    open_view(page, "entities", "entities")
    assert page.locator("table.rows tbody tr").count() > 10
    statements = page.request.get(f"{page.base}/api/statements?direct=true&limit=50").json()
    entities = page.request.get(f"{page.base}/api/entities?limit=1000").json()["items"]
    names = {e["canonical"] for e in entities}
    speaker = next(s["speaker"] for s in statements["items"] if s["speaker"] in names)
    page.locator("table.rows a", has_text=speaker).first.click()
    page.wait_for_selector("body[data-ready='entity']")
    assert page.locator("#entity-statements tr").count() > 0
    page.screenshot(path=tmp_path / "entity.png", full_page=True)


def test_figure_series_charts_hover_and_follow_a_point(page: Any, tmp_path: Path) -> None:
    series = page.request.get(f"{page.base}/api/series?min_points=2&limit=1000").json()["items"]
    assert series, "the example story has figure series"
    open_view(page, "figures", "figures")
    # the series that matter first (flagged ones lead); the rest set aside, said, a click away
    main = min(len(series), 12)
    page.wait_for_function(
        f"document.querySelectorAll('.chart.series svg').length == {main}", timeout=20_000
    )
    flags = [any(p["conflict"] or p["revision"] for p in s["points"]) for s in series]
    assert flags == sorted(flags, reverse=True)
    if len(series) > main:
        more = page.locator("#more-series summary")
        assert f"{len(series) - main} more series set aside" in more.inner_text()
        more.click()
    page.wait_for_function(
        f"document.querySelectorAll('.chart.series svg').length == {len(series)}", timeout=20_000
    )  # one chart per series, each drawn by Vega-Lite
    cards = page.eval_on_selector_all(".chart.series", "els => els.map(e => e.dataset.series)")
    assert cards == [s["id"] for s in series]
    page.screenshot(path=tmp_path / "figures.png", full_page=True)

    # conflicts are ringed: a flagged point is drawn twice, and its finding is listed
    flagged = next(s for s in series if any(p["conflict"] for p in s["points"]))
    card = page.locator(f".chart.series[data-series='{flagged['id']}']")
    assert card.locator("path[aria-label*='marked: conflict']").count() >= 2
    assert card.locator(".findings .flag-conflict").count() >= 1

    # hover a point: its value, qualifier, source and article in the tooltip
    chart = page.locator(".chart.series").first
    chart.scroll_into_view_if_needed()
    points = chart.locator("g.mark-symbol.role-mark path")
    uncovered = points.evaluate_all(
        "els => els.findIndex(el => { const r = el.getBoundingClientRect();"
        " return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === el; })"
    )
    assert uncovered >= 0, "some point of the first chart can be pointed at"
    point = points.nth(uncovered)
    label = point.get_attribute("aria-label")
    point.hover()
    tip = page.locator("#vg-tooltip-element")
    tip.wait_for(state="visible")
    text = tip.inner_text()
    for field in ("value", "qualifier", "source", "article"):
        assert field in text, field
    source = label.split("source: ")[1].split(";")[0]
    assert source in text

    # click it: its article opens with the figure marked inside its outlined sentence
    point.click()
    page.wait_for_selector("body[data-ready='article']")
    href = page.url.split("#/article/")[1]
    aid, query = href.split("?")
    start, end = (int(v.split("=")[1]) for v in query.split("&"))
    raw = page.evaluate(f"fetch('/api/articles/{aid}').then(r => r.json())")["article"]["raw_text"]
    assert "".join(page.locator("mark.cited").all_inner_texts()) == raw[start:end]
    assert page.locator(".cited-sentence mark.cited").count() >= 1
    assert in_view(page, "mark.cited")
    page.screenshot(path=tmp_path / "figure-cited.png")


def test_one_series_page_lists_its_points(page: Any, tmp_path: Path) -> None:
    series = page.request.get(f"{page.base}/api/series?min_points=2&limit=1").json()["items"][0]
    open_view(page, "figures", "figures")
    page.locator(f".chart.series[data-series='{series['id']}'] h2 a").click()
    page.wait_for_selector("body[data-ready='series']")
    page.wait_for_selector(".chart.series svg")
    assert page.locator("#series-points tbody tr").count() == len(series["points"])
    assert page.locator("nav a.active").inner_text() == "Figures"
    page.screenshot(path=tmp_path / "series.png", full_page=True)


def test_articles_page_lists_every_article(page: Any) -> None:
    overview = page.request.get(f"{page.base}/api/overview").json()
    open_view(page, "articles", "articles")
    assert page.locator("#articles tbody tr").count() == overview["articles"]
    assert page.locator("#dropzone").is_visible()


def test_negotiations_page_threads_offers_and_answers(page: Any, tmp_path: Path) -> None:
    threads = page.request.get(f"{page.base}/api/negotiations?limit=1000").json()["items"]
    open_view(page, "negotiations", "negotiations")
    assert page.locator("nav a.active").inner_text() == "Negotiations"
    assert page.locator("#negotiation-list > li").count() == len(threads)
    answered = next(n for n in threads if n["steps"])
    item = page.locator(f"#negotiation-list > li[data-id='{answered['id']}']")
    assert item.locator(".steps > li").count() == len(answered["steps"])
    assert answered["steps"][0]["citations"][0]["text"] in item.locator(".steps").inner_text()
    page.screenshot(path=tmp_path / "negotiations.png", full_page=True)
    # the party filter keeps that proposal and drops the unrelated ones
    page.fill("input[name='party']", answered["proposer"])
    page.click("form.filters button[type='submit']")
    page.wait_for_function(
        "n => document.querySelectorAll('#negotiation-list > li').length < n", arg=len(threads)
    )
    shown = page.locator("#negotiation-list > li")
    assert 0 < shown.count() < len(threads)
    # a step's citation opens its article with the passage marked
    item = page.locator(f"#negotiation-list > li[data-id='{answered['id']}']")
    item.locator(".steps a.cite").first.click()
    page.wait_for_selector("body[data-ready='article']")
    assert page.locator("mark.cited").count() >= 1
    page.screenshot(path=tmp_path / "cited.png")
