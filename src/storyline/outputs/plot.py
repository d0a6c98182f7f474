"""PNG plots of figure series (matplotlib, no display needed).

One panel per series: the points by the day they describe, one colour per source (legend), a
marker per qualifier (▲ more than / at least, ▼ up to / less than, ◆ about with a ±10 % bar,
■ nearly, ● exact; a range is a vertical bar), an undated article's point at its placed best
guess with its window as a horizontal bar, a point borrowed from another series (a stock's
starting count) hollow, and every conflict or revision between two points drawn as a dashed
red or orange line between them. Values are written next to their points.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only: no display, no GUI toolkit

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from ..dates import day as _day  # noqa: E402
from ..story.conflicts import ABOUT_TOLERANCE  # noqa: E402

WIDTH_IN, PANEL_HEIGHT_IN, DPI = 10.0, 4.2, 100
MAX_PANELS = 6
MARKERS = {
    "exact": "o",
    "more_than": "^",
    "at_least": "^",
    "up_to": "v",
    "less_than": "v",
    "about": "D",
    "nearly": "s",
}
QUALIFIER_NAMES = {
    "o": "exact",
    "^": "more than / at least",
    "v": "up to / less than",
    "D": "about (±10 %)",
    "s": "nearly",
}
FINDING_STYLE = {"conflict": "#d62728", "revision": "#ff7f0e"}


def point_day(p: Mapping[str, Any]) -> date | None:
    """Where a point sits on the time axis: its day (or month start), else its best guess,
    else the middle of its window."""
    if p.get("precision") in ("day", "month") and p.get("lo"):
        return _day(p["lo"])
    if p.get("guess"):
        return _day(p["guess"])
    lo, hi = _day(p.get("lo")), _day(p.get("hi"))
    if lo and hi:
        return lo + (hi - lo) / 2
    return None


def _key(p: Mapping[str, Any]) -> tuple[str, int, int]:
    c = p["citation"]
    return c["article_id"], c["start"], c["end"]


def _source(p: Mapping[str, Any]) -> str:
    c = p["citation"]
    return p.get("source") or c.get("outlet") or "no source named"


def _draw_panel(ax: Any, series: Mapping[str, Any], findings: Sequence[Mapping[str, Any]]) -> None:
    points = [p for p in series["points"] if point_day(p) is not None]
    sources = sorted({_source(p) for p in points})
    palette = plt.get_cmap("tab10")
    colour = {s: palette(i % 10) for i, s in enumerate(sources)}
    where: dict[tuple[str, int, int], tuple[date, float]] = {}
    ordered = sorted(points, key=lambda p: (point_day(p), float(p["value"])))
    ax.plot(
        [point_day(p) for p in ordered],
        [float(p["value"]) for p in ordered],
        color="grey",
        alpha=0.35,
        lw=1,
        zorder=0,
    )
    stacked: dict[date, int] = {}  # labels of points on one day go one above the other
    for p in ordered:
        x, y = point_day(p), float(p["value"])
        assert x is not None
        where[_key(p)] = (x, y)
        marker = MARKERS.get(p.get("qualifier") or "exact", "o")
        c = colour[_source(p)]
        hollow = bool(p.get("derived_from"))
        yerr = None
        if p.get("high") is not None:
            yerr = [[0.0], [float(p["high"]) - y]]
        elif p.get("qualifier") == "about":
            yerr = [[ABOUT_TOLERANCE * y], [ABOUT_TOLERANCE * y]]
        if p.get("precision") == "window" and p.get("lo") and p.get("hi"):
            # an undated article: its inferred window as a bar with end ticks
            ax.plot([_day(p["lo"]), _day(p["hi"])], [y, y], color=c, alpha=0.5, lw=1, marker="|")
        if yerr:
            ax.errorbar(x, y, yerr=yerr, fmt="none", ecolor=c, alpha=0.5, capsize=3, lw=1)
        ax.plot(
            x,
            y,
            marker=marker,
            ms=8,
            ls="none",
            color=c,
            mfc="white" if hollow else c,
            mec=c,
            mew=1.5,
        )
        label = p.get("shown") or str(p["value"])
        if hollow:
            label += f" ({p.get('status') or 'start'})"
        if p.get("precision") == "window":
            label += f" (undated, ~{p['guess']})" if p.get("guess") else " (undated)"
        n = stacked[x] = stacked.get(x, -1) + 1
        ax.annotate(label, (x, y), textcoords="offset points", xytext=(8, 4 + 11 * n), fontsize=8)
    mine = [f for f in findings if f.get("series_id") == series["id"]]
    for f in mine:
        a, b = where.get(_key(f["a"])), where.get(_key(f["b"]))
        style = FINDING_STYLE.get(f["kind"])
        if not (a and b and style):
            continue
        ax.plot([a[0], b[0]], [a[1], b[1]], ls="--", color=style, lw=1.5, zorder=0)
        for x, y in (a, b):
            ax.plot(x, y, marker="o", ms=15, mfc="none", mec=style, mew=1.5, ls="none")
    _legend(ax, sources, colour, points, mine)
    ax.set_title(series["label"], fontsize=11, loc="left")
    ax.set_xlabel("as of (day the figure describes)")
    unit = series.get("unit") or series.get("counted") or "value"
    ax.set_ylabel(unit if unit != "people" else "people")
    ax.grid(True, alpha=0.3)
    _limits(ax, points)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))


def _limits(ax: Any, points: Sequence[Mapping[str, Any]]) -> None:
    """Room for the labels above the highest point; a month either side of a single day."""
    top = max(float(p.get("high") or p["value"]) for p in points)
    ax.set_ylim(0, top * 1.3 or 1)
    days = [d for p in points for d in (point_day(p), _day(p.get("lo")), _day(p.get("hi"))) if d]
    first, last = min(days), max(days)
    span = last - first
    pad = max(timedelta(days=2), span * 0.08) if span else timedelta(days=15)
    ax.set_xlim(first - pad, last + pad * 1.5)  # labels sit right of their points


def _legend(
    ax: Any,
    sources: Sequence[str],
    colour: Mapping[str, Any],
    points: Sequence[Mapping[str, Any]],
    findings: Sequence[Mapping[str, Any]],
) -> None:
    handles = [
        Line2D([], [], marker="o", ls="none", color=colour[s], label=_short(s)) for s in sources
    ]
    used = {MARKERS.get(p.get("qualifier") or "exact", "o") for p in points}
    handles += [
        Line2D([], [], marker=m, ls="none", color="grey", label=QUALIFIER_NAMES[m])
        for m in QUALIFIER_NAMES
        if m in used and len(used) > 1
    ]
    for kind in sorted({f["kind"] for f in findings} & set(FINDING_STYLE)):
        handles.append(Line2D([], [], ls="--", color=FINDING_STYLE[kind], label=kind))
    ax.legend(handles=handles, fontsize=8, loc="best", framealpha=0.85, title="source · marker")


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def plot_series(
    series: Sequence[Mapping[str, Any]],
    path: str | Path,
    *,
    findings: Sequence[Mapping[str, Any]] = (),
) -> Path:
    """Write a PNG of up to ``MAX_PANELS`` series (one panel each) to ``path``."""
    chosen = [s for s in series if any(point_day(p) for p in s["points"])][:MAX_PANELS]
    if not chosen:
        raise ValueError("no series with a dated point to plot")
    fig, axes = plt.subplots(
        len(chosen),
        1,
        figsize=(WIDTH_IN, PANEL_HEIGHT_IN * len(chosen)),
        dpi=DPI,
        squeeze=False,
    )
    try:
        for ax, s in zip(axes[:, 0], chosen, strict=True):
            _draw_panel(ax, s, findings)
        fig.tight_layout()
        out = Path(path)
        fig.savefig(out, format="png")
    finally:
        plt.close(fig)
    return out
