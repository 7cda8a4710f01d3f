"""``dutygraph compare PLAN_A PLAN_B``: what changed from one plan to another.

Everything heavy (the parser, the comparison, tqdm, datasketch) is imported inside
the command, so ``dutygraph --help`` stays light.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:  # pragma: no cover
    from graph.analytics.compare import Comparison
    from graph.model import Plan

# The tables of graph.analytics.compare.TABLES (a test keeps the two lists equal).
TABLES = ("items", "targets", "leads", "responsible", "units", "functions")
FORMATS = ("table", "csv", "json")
STAGES = 8  # reading two plans, then graph.analytics.compare.STAGES (six)


def load_plan(spec: str, store: str | None = None) -> Plan:
    """The plan that a PLAN argument names: a plan file, or with ``store`` the id of
    a plan of that store (``wuhan-2023``), read again from the file it was added
    from (graph.store.recorded: checked to be there and unchanged)."""
    if store is None:
        from graph.parse.plan import parse_plan

        return parse_plan(spec)
    from graph.errors import OptionError
    from graph.parse.sources import parse_source
    from graph.store.local import disk_store, plan_ids, store_exists
    from graph.store.recorded import recorded_source

    if not store_exists(Path(store)):
        raise OptionError(f"{store} holds no dutygraph store")
    known = plan_ids(disk_store(store))
    return parse_source(recorded_source(store, spec, known))


def _progress_bar(quiet: bool) -> tuple[Callable[[str], None], Callable[[], None]]:
    """(tell, close) for a progress bar on stderr: a no-op when ``--quiet`` or when
    stderr is not a terminal (a pipe or a log file gets no bar characters)."""
    if quiet or not sys.stderr.isatty():
        return (lambda stage: None), (lambda: None)
    from tqdm import tqdm  # type: ignore[import-untyped]

    bar = tqdm(
        total=STAGES,
        file=sys.stderr,
        desc="compare",
        unit="step",
        leave=False,
        mininterval=0,  # few, uneven steps: draw each one
        miniters=1,
    )

    def tell(stage: str) -> None:
        bar.set_postfix_str(stage, refresh=False)
        bar.update(1)

    return tell, bar.close


@click.command()
@click.argument("plan_a", type=click.Path())
@click.argument("plan_b", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option(
    "--table",
    type=click.Choice(TABLES),
    default=None,
    help="Only this table. Default: a summary and every change (table), the items (csv), "
    "everything (json).",
)
@click.option("--all", "show_all", is_flag=True, help="table: list carried items too.")
@click.option(
    "--min-score",
    type=click.FloatRange(0.0, 1.0),
    default=0.5,
    show_default=True,
    help="Least score for two items to be the same item (0–1); below it, new and dropped.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write an offline HTML page (FILE.html) instead of printing.",
)
@click.option(
    "--store",
    "folder",
    default=None,
    type=click.Path(file_okay=False),
    help="PLAN_A and PLAN_B are ids of plans of this store (`dutygraph plans` lists them).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar on stderr.")
def compare(
    plan_a: str,
    plan_b: str,
    fmt: str,
    table: str | None,
    show_all: bool,
    min_score: float,
    output: str | None,
    folder: str | None,
    quiet: bool,
) -> None:
    """Compare two plans item by item: carried over, reworded, new, dropped; targets
    raised, lowered or with another unit; lead and responsible changes; load shift
    per unit and per agency function.

    PLAN_A is the earlier plan (or the reference), PLAN_B the later one; they may
    come from the same issuer (two years of one city) or from two issuers. Each is a
    plan file, or with --store the id of a plan that store holds.

    \b
    Examples:
      dutygraph compare wuhan-2022.txt wuhan-2023.txt
      dutygraph compare wuhan-2022 wuhan-2023 --store corpus/
      dutygraph compare a.txt b.txt --table targets --format csv > targets.csv
      dutygraph compare a.txt b.txt --format json > changes.json
      dutygraph compare a.txt b.txt -o changes.html
    """
    if output is not None and Path(output).suffix.lower() not in (".html", ".htm"):
        raise click.BadParameter("must end in .html", param_hint="-o/--output")
    from graph.analytics.compare import compare_plans

    tell, close = _progress_bar(quiet)
    try:
        tell("read A")
        first = load_plan(plan_a, folder)
        tell("read B")
        second = load_plan(plan_b, folder)
        result = compare_plans(first, second, min_score=min_score, progress=tell)
    finally:
        close()
    if output is not None:
        from graph.export.files import write_atomic
        from graph.views.view_compare import render_compare

        write_atomic(Path(output), render_compare(result).encode("utf-8"))
        counts = result.counts()
        click.echo(
            f"wrote comparison ({counts['reworded']} reworded, {counts['new']} new, "
            f"{counts['dropped']} dropped, {counts['targets']} target changes) to {output}",
            err=True,
        )
        return
    click.echo(_text(result, fmt, table, show_all), nl=False)


def _text(result: Comparison, fmt: str, table: str | None, show_all: bool) -> str:
    import json

    from graph.export.render import render

    if fmt == "json":
        data: Any = result.table(table)[1] if table else result.as_dict()
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        columns, rows = result.table(table or "items")
        return render(rows, columns, "csv")
    if table:
        columns, rows = result.table(table)
        return render(_shown(table, rows, show_all), columns, "table", max_width=40)
    return _summary(result, show_all)


def _shown(name: str, rows: list[dict[str, Any]], show_all: bool) -> list[dict[str, Any]]:
    """Rows worth reading in a terminal: carried items and unchanged loads left out."""
    if show_all:
        return rows
    if name == "items":
        return [r for r in rows if r["status"] != "carried"]
    if name in ("units", "functions"):
        return [r for r in rows if r["change"] or r["items_a"] != r["items_b"]]
    return rows


SECTIONS = (
    ("items", "Items (carried items left out; --all lists them)"),
    ("targets", "Target changes"),
    ("leads", "Lead changes"),
    ("responsible", "Responsible changes"),
    ("functions", "Load shift per agency function (changed only)"),
    ("units", "Load shift per unit (changed only)"),
)
BRIEF = {
    "items": ["status", "ref_a", "ref_b", "score", "nearest", "text_a", "text_b"],
    "targets": ["ref_a", "ref_b", "change", "value_a", "value_b", "unit_a", "unit_b", "counted"],
    "leads": ["ref_a", "ref_b", "lead_a", "lead_b"],
    "responsible": ["ref_a", "ref_b", "added", "removed"],
    "functions": ["function", "label", "lead_a", "lead_b", "items_a", "items_b", "change"],
    "units": ["unit", "function", "lead_a", "lead_b", "items_a", "items_b", "change"],
}


def _summary(result: Comparison, show_all: bool) -> str:
    from graph.export.render import render

    a, b = result.plan_a, result.plan_b
    counts = result.counts()

    def plan(p: Any) -> str:
        return f"{p.slug} ({', '.join(x for x in (p.doc_number, f'{p.items} items') if x)})"

    issuer = "same issuer" if result.same_issuer else "different issuers: units compared by name"
    lines = [
        f"{plan(a)} -> {plan(b)}; {issuer}",
        " · ".join(
            f"{label} {counts[key]}"
            for key, label in (
                ("carried", "carried"),
                ("reworded", "reworded"),
                ("new", "new"),
                ("dropped", "dropped"),
                ("targets", "target changes"),
                ("leads", "lead changes"),
                ("responsible", "responsible changes"),
            )
        ),
    ]
    if result.unchanged:
        lines.append(f"no change: all {counts['carried']} items carried over unchanged")
        return "\n".join(lines) + "\n"
    out = "\n".join(lines) + "\n"
    for name, heading in SECTIONS:
        rows = _shown(name, result.table(name)[1], show_all)
        out += f"\n{heading}\n"
        out += render(rows, BRIEF[name], "table", max_width=40) if rows else "(none)\n"
    return out
