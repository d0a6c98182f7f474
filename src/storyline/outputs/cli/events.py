"""`storyline events`, `proposals` and `negotiations`: typed events, negotiation offers and
their threads across articles."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from .. import render
from ..render import Format
from .common import date_option, emit_rows, open_store, where

commands = typer.Typer()

EVENT_COLUMNS = [
    ("date", "date"),
    ("type", "type"),
    ("agent", "agent"),
    ("trigger", "trigger"),
    ("patient", "patient"),
    ("place", "place"),
    ("mode", "modality"),
    ("where", "article:span"),
]
EVENT_FIELDS = [
    "article_id",
    "start",
    "end",
    "text",
    "type",
    "trigger",
    "trigger_span",
    "agent",
    "agent_span",
    "patient",
    "patient_span",
    "date",
    "date_from",
    "date_span",
    "place",
    "place_span",
    "negated",
    "modality",
]
PROPOSAL_COLUMNS = [
    ("date", "date"),
    ("proposer", "proposer"),
    ("form", "form"),
    ("offer", "offer"),
    ("in_exchange_for", "asks in exchange"),
    ("answer", "answer"),
    ("where", "article:span"),
]
PROPOSAL_FIELDS = [
    "article_id",
    "start",
    "end",
    "text",
    "form",
    "cue",
    "cue_span",
    "proposer",
    "proposer_span",
    "via",
    "offer",
    "offer_span",
    "in_exchange_for",
    "exchange_span",
    "response",
    "responder",
    "responder_span",
    "response_span",
    "date",
    "date_from",
    "plan",
    "plan_noun",
    "addressee",
    "reference",
    "background",
]
NEGOTIATION_COLUMNS = [
    ("thread", "thread"),
    ("date", "date"),
    ("step", "step"),
    ("party", "party"),
    ("what", "what"),
    ("where", "article:span"),
]


def _mode(m: dict[str, Any]) -> str:
    return ("not " if m.get("negated") else "") + str(m.get("modality") or "")


@commands.command()
def events(
    ctx: typer.Context,
    type: Annotated[
        str | None,
        typer.Option(
            "--type",
            "-t",
            help="Event types, comma-separated: a type (release, ceasefire_start), a stem "
            "(ceasefire: start and end) or a family (truce, harm).",
        ),
    ] = None,
    actor: Annotated[
        str | None, typer.Option("--actor", help="Agent or patient name (substring).")
    ] = None,
    date_from: Annotated[
        str | None, date_option("--from", "Events dated on or after (YYYY[-MM[-DD]]).")
    ] = None,
    date_to: Annotated[
        str | None, date_option("--to", "Events dated on or before (YYYY[-MM[-DD]]).")
    ] = None,
    facts: Annotated[
        bool, typer.Option("--facts", help="Only asserted or reported, non-negated events.")
    ] = False,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """Typed events (who did what to whom, when, where) by event date, with their spans."""
    with open_store(ctx) as sl:
        found = sl.events(
            type=type, actor=actor, date_from=date_from, date_to=date_to, facts_only=facts
        )
        rows = ({**m, "mode": _mode(m), "where": where(m)} for m in found)
        emit_rows(rows, format, EVENT_COLUMNS, EVENT_FIELDS, title="events")


@commands.command()
def proposals(
    ctx: typer.Context,
    by: Annotated[
        str | None, typer.Option("--by", help="Proposer or responder name (substring).")
    ] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """Negotiation offers and demands: proposer, mediators, offer, what is asked in exchange
    and the answer."""
    with open_store(ctx) as sl:
        rows = (
            {
                **m,
                "answer": (m.get("response") or "")
                + (f" ({m['responder']})" if m.get("responder") else ""),
                "where": where(m),
            }
            for m in sl.proposals(by=by)
        )
        emit_rows(rows, format, PROPOSAL_COLUMNS, PROPOSAL_FIELDS, title="proposals")


@commands.command()
def negotiations(
    ctx: typer.Context,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """Negotiation threads: each proposal with its party, date and content, then the answers
    and counter-proposals that followed in time order, every step cited."""
    with open_store(ctx) as sl:
        threads = sl.negotiations()
    if format in (Format.json, Format.jsonl):
        if format is Format.json:
            render.write_json(threads)
        else:
            render.write_jsonl(threads)
        return
    rows = [row for t in threads for row in _thread_rows(t)]
    fields = [k for k, _ in NEGOTIATION_COLUMNS]
    emit_rows(rows, format, NEGOTIATION_COLUMNS, fields, title="negotiations")


def _thread_rows(t: dict[str, Any]) -> list[dict[str, Any]]:
    what = t.get("offer") or t.get("in_exchange_for") or t.get("plan") or ""
    if t.get("offer") and t.get("in_exchange_for"):
        what += f" (for {t['in_exchange_for']})"
    head = {
        "thread": t["id"],
        "date": t.get("date"),
        "step": t.get("form"),
        "party": t.get("proposer"),
        "what": what,
        "where": where(t["citation"]),
    }
    out = [head]
    for s in t["steps"]:
        c = s["citations"][0]
        more = f" +{len(s['citations']) - 1}" if len(s["citations"]) > 1 else ""
        out.append(
            {
                "thread": "",
                "date": s.get("date"),
                "step": f"  {s['response']}",
                "party": s.get("responder"),
                "what": c.get("sentence") or c.get("text"),
                "where": where(c) + more,
            }
        )
    return out
