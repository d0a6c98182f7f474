"""`storyline eval …`: score the project against gold data; `--json` prints one object."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from .. import render
from .common import FileInputGroup

commands = typer.Typer(
    cls=FileInputGroup,
    help="Score extraction and normalization against gold data.",
    no_args_is_help=True,
)

# the options every eval command shares
Model = Annotated[str | None, typer.Option("--model", "-m")]
AsJson = Annotated[bool, typer.Option("--json", help="One JSON object with all scores.")]
Shared = Annotated[
    Path | None, typer.Option("--shared", help="Folder the gold's corpus path is under.")
]


@commands.command("extract")
def eval_extract(
    gold: Annotated[Path, typer.Option("--gold", help="Gold file (seeds-gold.json format).")],
    kinds: Annotated[
        list[str] | None, typer.Option("--kind", help="timexes, statements (repeatable).")
    ] = None,
    model: Model = None,
    misses: Annotated[int, typer.Option("--misses", help="Misses listed per kind.")] = 20,
    as_json: AsJson = False,
) -> None:
    """Ingest the gold articles with the real pipeline and score what comes out."""
    from ...eval.extract import evaluate_extraction

    result = evaluate_extraction(gold, kinds=kinds or None, model=model)
    if as_json:
        render.write_json(result)
        return
    console = render.console()
    t = Table(title=f"extraction vs {gold}", title_justify="left")
    for col in ("kind", "P", "R", "F1", "value / speaker", "gold", "predicted"):
        t.add_column(col, justify="right" if col not in ("kind",) else "left")
    for kind in result["kinds"]:
        sc = result[kind]
        extra = sc.get("values", {}).get("f1") if "values" in sc else sc.get("speaker_accuracy")
        sp = sc["spans"]
        t.add_row(
            kind,
            _f(sp["precision"]),
            _f(sp["recall"]),
            _f(sp["f1"]),
            _f(extra),
            str(sc["gold"]),
            str(sc["predicted"]),
        )
    console.print(t)
    for kind in result["kinds"]:
        for name, items in result[kind]["misses"].items():
            _print_misses(console, f"{kind} {name}", items, misses)


@commands.command("timex")
def eval_timex(
    path: Annotated[Path, typer.Argument(help="A folder of TimeML .tml files (searched deeply).")],
    limit: Annotated[int | None, typer.Option("--limit", help="At most this many files.")] = None,
    with_parse: Annotated[
        bool, typer.Option("--with-parse", help="Give the rules the spaCy parse (tense).")
    ] = False,
    as_json: AsJson = False,
) -> None:
    """TempEval-3 Task A: strict/relaxed extraction F1, value F1, type accuracy (0-1), speed."""
    from ...eval.timeml import evaluate_timeml

    nlp = None
    if with_parse:
        from ...extract.nlp import load_pipeline

        nlp = load_pipeline(components=[])
    result = evaluate_timeml(path, limit=limit, use_parse=with_parse, nlp=nlp)
    if as_json:
        render.write_json(result)
        return
    console = render.console()
    t = Table(title=f"TimeML scores on {path}", title_justify="left")
    for col in ("corpus", "docs", "strict F1", "relaxed F1", "value F1", "type acc", "ms/doc"):
        t.add_column(col, justify="left" if col == "corpus" else "right")
    for name, sc in _corpora(result):
        t.add_row(
            name,
            str(sc.get("n_docs", "")),
            _f(sc["strict"]["f1"]),
            _f(sc["relaxed"]["f1"]),
            _f(sc["value"]["f1"]),
            _f(sc.get("type_accuracy")),
            _f(1000 * sc.get("sec_per_doc", 0.0)),
        )
    console.print(t)


@commands.command("tls")
def eval_tls(
    path: Annotated[
        Path, typer.Argument(help="A topic folder (articles.jsonl, timelines.jsonl) or a parent.")
    ],
    model: Model = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object with per-task and mean scores.")
    ] = False,
    system: Annotated[
        str,
        typer.Option(
            "--system",
            help="summarize, or timeline: the key events of `timeline --key K` as a TLS output.",
        ),
    ] = "summarize",
    leave_one_out: Annotated[
        bool,
        typer.Option(
            "--leave-one-out",
            help="Also choose summarize's knobs on all topics but one and score that one.",
        ),
    ] = False,
) -> None:
    """Timeline summarization, news-tls protocol: ROUGE-1/2 (concat, agreement, align+ m:1)
    and date F1 per task, per topic and averaged over tasks."""
    from ...eval.tls import REPORTED_METRICS, SYSTEMS, evaluate_tls, iter_rows

    chosen = next((s for s in SYSTEMS if s == system), None)
    if chosen is None:
        raise typer.BadParameter(f"one of {', '.join(SYSTEMS)}", param_hint="--system")
    err = render.console(stderr=True, quiet=as_json)
    result = evaluate_tls(
        path,
        model=model,
        progress=lambda msg: err.print(msg),
        system=chosen,
        leave_one_out=leave_one_out,
    )
    if as_json:
        render.write_json(result)
        return
    t = Table(title=f"timeline summarization on {path} (ROUGE F1)", title_justify="left")
    t.add_column("topic")
    t.add_column("tasks", justify="right")
    for metric in REPORTED_METRICS:
        for order in ("1", "2"):
            t.add_column(f"{metric} R{order}", justify="right")
    t.add_column("date F1", justify="right")
    t.add_column("s/task", justify="right")
    for row in iter_rows(result):
        t.add_row(*(_f(v) for v in row.values()))
    render.console().print(t)


@commands.command("quantities")
def eval_quantities(
    path: Annotated[Path, typer.Argument(help="A folder of CQE-shaped *.json quantity sets.")],
    model: Model = None,
    misses: Annotated[int, typer.Option("--misses", help="Missed sentences listed.")] = 20,
    as_json: AsJson = False,
) -> None:
    """Figure values against gold quantities: every sentence ingested as an article, the
    stored figures' values (scale words applied) matched one to one; P/R/F1 per set."""
    from ...eval.quantities import evaluate_quantities

    result = evaluate_quantities(path, model=model)
    if as_json:
        render.write_json(result)
        return
    console = render.console()
    t = Table(title=f"figure values vs {path}", title_justify="left")
    for col in ("set", "P", "R", "F1"):
        t.add_column(col, justify="left" if col == "set" else "right")
    for name, sc in [*result["by_file"].items(), ("overall", result["values"])]:
        t.add_row(name, _f(sc["precision"]), _f(sc["recall"]), _f(sc["f1"]))
    console.print(t)
    _print_misses(console, "miss", result["misses"], misses)


@commands.command("findings")
def eval_findings(
    gold: Annotated[Path, typer.Option("--gold", help="Findings gold (gold/findings/*.json).")],
    shared: Shared = None,
    model: Model = None,
    misses: Annotated[int, typer.Option("--misses", help="Wrong and missed findings.")] = 20,
    as_json: AsJson = False,
) -> None:
    """Figures as measurements, series purity and discrepancy P/R on a real topic's window."""
    from ...eval.findings import evaluate_findings

    result = evaluate_findings(gold, shared=shared, model=model)
    if as_json:
        render.write_json(result)
        return
    console = render.console()
    fig, ser, dis = result["figures"], result["series"], result["discrepancies"]
    console.print(
        f"figures: span P {_f(fig['spans']['precision'])} R {_f(fig['spans']['recall'])} "
        f"F1 {_f(fig['spans']['f1'])} ({fig['gold']} gold, {fig['predicted']} predicted)"
    )
    console.print("fields: " + ", ".join(f"{k} {_f(v)}" for k, v in fig["field_accuracy"].items()))
    console.print(
        f"series: {ser['series']}, purity {_f(ser['purity'])}, {ser['mixed_series']} mixed, "
        f"{ser['split_frames']} gold frames split"
    )
    console.print(
        f"discrepancies: P {_f(dis['precision'])} R {_f(dis['recall'])} "
        f"({dis['right']} of {dis['predicted']} right, {dis['found']} of {dis['gold']} found)"
    )
    _print_misses(console, "wrong", dis["wrong"], misses)
    _print_misses(console, "missed", dis["missed"], misses)


@commands.command("proposals")
def eval_proposals(
    gold: Annotated[Path, typer.Option("--gold", help="Proposals gold (gold/proposals/*.json).")],
    shared: Shared = None,
    model: Model = None,
    misses: Annotated[int, typer.Option("--misses", help="Wrong and missed items listed.")] = 20,
    as_json: AsJson = False,
) -> None:
    """Negotiation proposals and answers on a real topic's window: proposal P/R, proposer,
    form and offer accuracy, answers right of those given, answers linked to the right plan;
    for the whole window, its first half (development) and its second (held out)."""
    from ...eval.negotiations import evaluate_negotiations

    result = evaluate_negotiations(gold, shared=shared, model=model)
    if as_json:
        render.write_json(result)
        return
    console = render.console()
    t = Table(title=f"negotiations vs {gold}", title_justify="left")
    cols = ("part", "P", "R", "proposer", "form", "offer", "answers right", "answers R", "linked")
    for col in cols:
        t.add_column(col, justify="left" if col == "part" else "right")
    for name, sc in [("all", result), *result["halves"].items()]:
        p, a = sc["proposals"], sc["answers"]
        t.add_row(
            name,
            _f(p["spans"]["precision"]),
            _f(p["spans"]["recall"]),
            _f(p["proposer_accuracy"]),
            _f(p["form_accuracy"]),
            _f(p["offer_accuracy"]),
            _f(a["right"]["precision"]),
            _f(a["right"]["recall"]),
            _f(a["link_accuracy"]),
        )
    console.print(t)
    p, a = result["proposals"], result["answers"]
    lists = [("missed", p["missed"]), ("extra", p["extra"]), ("wrong", p["wrong_fields"])]
    lists += [("answer wrong", a["wrong"]), ("answer missed", a["missed"])]
    for name, items in lists:
        _print_misses(console, name, items, misses)


@commands.command("attribution")
def eval_attribution(
    path: Annotated[
        Path, typer.Argument(help="A brat folder: text/<name>.txt, attributions/<name>_*.ann.")
    ],
    model: Model = None,
    misses: Annotated[int, typer.Option("--misses", help="Misses listed per kind.")] = 20,
    as_json: AsJson = False,
) -> None:
    """Who said what (PolNeAR layout): content P/R/F1 (overlap and exact), speaker accuracy,
    direct/indirect/sourceless, a development and a held-out half, and the misses."""
    from ...eval.attribution import evaluate_attribution

    result = evaluate_attribution(path, model=model)
    if as_json:
        render.write_json(result)
        return
    console = render.console()
    t = Table(title=f"attribution vs {path}", title_justify="left")
    for col in ("part", "P", "R", "F1", "exact F1", "speaker", "gold", "predicted"):
        t.add_column(col, justify="left" if col == "part" else "right")
    parts = [*result["halves"].items(), ("all", result)]
    for name, sc in parts:
        c = sc["content"]
        t.add_row(
            name,
            _f(c["precision"]),
            _f(c["recall"]),
            _f(c["f1"]),
            _f(sc["exact"]["f1"]),
            _f(sc["speaker_accuracy"]),
            str(sc["gold"]),
            str(sc["predicted"]),
        )
    console.print(t)
    for kind, sc in result["by_kind"].items():
        extra = f", speaker {_f(sc['speaker_accuracy'])}" if "speaker_accuracy" in sc else ""
        console.print(f"{kind}: {sc['found']} of {sc['gold']} found (R {_f(sc['recall'])}){extra}")
    for name, items in result["misses"].items():
        _print_misses(console, name, items, misses)


def _corpora(result: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    out = [(name, sc) for name, sc in (result.get("corpora") or {}).items()]
    out.append(("overall", result["overall"]))
    return out


def _f(value: Any) -> str:
    if value is None:
        return ""
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _print_misses(console: Any, label: str, items: list[dict[str, Any]], n: int) -> None:
    for item in items[:n]:
        console.print(f"[dim]{escape(label)}:[/dim] {_brief(item)}", soft_wrap=True)


def _brief(item: dict[str, Any]) -> str:
    """One gold or predicted item on a line, its text escaped: printed inside rich markup."""
    return escape(", ".join(f"{k}={v!r}" for k, v in item.items() if v not in (None, "")))
