"""``dutygraph load``, ``overlaps``, ``structure``, ``network`` and ``show``."""

from __future__ import annotations

import json

import click

from graph.cli.excel import EXCEL, emit, table_format
from graph.cli.inputs import EXPAND_GROUPS, PLAN, graph_inputs, open_tables, remembered
from graph.export.render import render

TABLE_FORMATS = click.Choice(["table", "csv", "json", "markdown"])

# Each command computes its output inside a function handed to ``remembered``: a
# second run with the same options on the same graph prints the kept text without
# importing pandas or networkx (see graph.cli.inputs).


def _rendered(frame, fmt: str) -> str:
    import pandas as pd

    rows = [
        {k: (None if pd.isna(v) else v) for k, v in row.items()} for row in frame.to_dict("records")
    ]
    return render(rows, list(frame.columns), fmt)


@click.command()
@graph_inputs
@PLAN
@click.option(
    "--by",
    type=click.Choice(["lead", "responsible", "total", "weighted", "plan"]),
    default="total",
    show_default=True,
    help="Rank units by this column; plan: a leaderboard per plan of the store (a corpus by year).",
)
@EXPAND_GROUPS
@click.option(
    "--kind",
    default=None,
    help="Only units of this kind (municipal_department, district_government, …).",
)
@click.option("--top", type=int, default=None, help="Only the first N rows.")
@click.option(
    "--per",
    type=click.Choice(["unit", "section", "kind", "zone", "district"]),
    default="unit",
    show_default=True,
    help="Load per unit, per unit and section, per unit kind, per zone (中心城区/新城区) or per district.",
)
@click.option("--format", "fmt", type=TABLE_FORMATS, default="table", show_default=True)
@EXCEL
def load(sources, store, plan, by, expand, kind, top, per, fmt, excel) -> None:
    """Who carries the load: items led, responsible, total and weighted per unit.

    lead counts the items a unit leads with the no-lead rule applied; responsible
    the items where it is responsible and not lead; total the distinct items it is
    on; weighted gives a lead 1 and lets the responsible units share 1.

    \b
    Examples:
      dutygraph load --top 10
      dutygraph load --expand-groups --kind district_government --format csv
      dutygraph load --per zone
    """

    fmt = table_format(fmt, excel)

    def answer() -> str:
        from graph.analytics import load as analytics

        tables = open_tables(sources, store).only_plan(plan)
        if kind:
            from graph.errors import OptionError

            kinds = sorted({str(k) for k in tables.assignments["kind"].dropna()})
            if kind not in kinds:
                raise OptionError(f"no unit kind {kind!r}; kinds are {', '.join(kinds)}")
        if by == "plan":
            frame = analytics.load_by_plan(tables, expand=expand)
            if kind:
                frame = frame[frame["kind"] == kind]
            if top:  # the first N units of each plan
                frame = frame.groupby("plan", sort=False).head(top)
        elif per == "unit":
            frame = analytics.unit_load(tables, expand=expand, by=by, kind=kind, top=top)
        elif per == "section":
            frame = analytics.load_by_section(tables, expand=expand)
        elif per == "kind":
            frame = analytics.load_by_kind(tables, expand=expand)
        elif per == "zone":
            frame = analytics.load_by_zone(tables, expand=True)
        else:
            frame = analytics.district_load(tables)
        if per != "unit" and top:
            frame = frame.head(top)
        return _rendered(frame, fmt)

    emit(remembered(answer), excel)


@click.command()
@graph_inputs
@PLAN
@click.option(
    "--kind",
    "what",
    type=click.Choice(["duplicates", "co-assignment", "multi-lead", "shared-target"]),
    default="duplicates",
    show_default=True,
)
@click.option(
    "--min-score", type=float, default=0.55, show_default=True, help="Least duplicate score (0–1)."
)
@click.option(
    "--min-shared",
    type=int,
    default=5,
    show_default=True,
    help="Least shared items, for co-assignment.",
)
@EXPAND_GROUPS
@click.option("--format", "fmt", type=TABLE_FORMATS, default="table", show_default=True)
@EXCEL
def overlaps(sources, store, plan, what, min_score, min_shared, expand, fmt, excel) -> None:
    """Where duties overlap: restated items, unit pairs, several leads, shared figures.

    \b
    Examples:
      dutygraph overlaps                       # duplicate items and how their units differ
      dutygraph overlaps --kind co-assignment --min-shared 10
      dutygraph overlaps --kind multi-lead --format json
    """

    fmt = table_format(fmt, excel)

    def answer() -> str:
        from graph.analytics import overlaps as analytics

        tables = open_tables(sources, store).only_plan(plan)
        if what == "duplicates":
            frame = analytics.duplicates(tables, min_score=min_score)
            if fmt == "table":
                frame = frame.drop(columns=["text_a", "text_b"])
        elif what == "co-assignment":
            frame = analytics.co_assignment(tables, expand=expand, min_shared=min_shared)
        elif what == "multi-lead":
            frame = analytics.multi_lead(tables)
        else:
            frame = analytics.shared_targets(tables)
        return _rendered(frame, fmt)

    emit(remembered(answer), excel)


@click.command()
@graph_inputs
@PLAN
@click.option(
    "--view",
    type=click.Choice(["centrality", "communities"]),
    default="centrality",
    show_default=True,
)
@EXPAND_GROUPS
@click.option(
    "--seed", type=int, default=42, show_default=True, help="Seed for Louvain community detection."
)
@click.option("--format", "fmt", type=TABLE_FORMATS, default="table", show_default=True)
@EXCEL
def structure(sources, store, plan, view, expand, seed, fmt, excel) -> None:
    """Degree, betweenness (brokers), PageRank and Louvain communities of the units."""
    fmt = table_format(fmt, excel)

    def answer() -> str:
        from graph.analytics.structure import centrality, community_table

        tables = open_tables(sources, store).only_plan(plan)
        frame = (
            centrality(tables, expand=expand, seed=seed)
            if view == "centrality"
            else community_table(tables, expand=expand, seed=seed)
        )
        return _rendered(frame, fmt)

    emit(remembered(answer), excel)


@click.command()
@graph_inputs
@PLAN
@click.option(
    "--graph",
    "which",
    type=click.Choice(["coassignment", "coordination", "bipartite", "districts"]),
    default="coassignment",
    show_default=True,
)
@EXPAND_GROUPS
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["graphml", "gexf", "json", "cytoscape"]),
    default="graphml",
    show_default=True,
    help="graphml, gexf (Gephi); cytoscape (Cytoscape.js elements JSON); json (networkx node-link).",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="File to write (for Gephi or Cytoscape).",
)
def network(sources, store, plan, which, expand, fmt, output) -> None:
    """Write a unit network for Gephi (GEXF, GraphML) or Cytoscape (GraphML, Cytoscape.js JSON).

    Nodes carry type, kind, role and their load (lead, responsible, total,
    weighted …); edges carry role, kind and load (the items they stand for).
    """
    import base64
    from pathlib import Path

    from graph.export.files import write_atomic

    def answer() -> list:
        from graph.export.networks import network_bytes

        tables = open_tables(sources, store).only_plan(plan)
        data, nodes, edges = network_bytes(tables, which, expand=expand, fmt=fmt)
        return [base64.b64encode(data).decode("ascii"), nodes, edges]

    encoded, nodes, edges = remembered(answer, ignore=("output",))
    write_atomic(Path(output), base64.b64decode(encoded))
    click.echo(f"wrote {which} network ({nodes} nodes, {edges} edges) to {output}", err=True)


@click.command()
@click.argument("what")
@graph_inputs
@PLAN
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def show(what, sources, store, plan, fmt) -> None:
    """Show a unit's profile (市水务局) or an item with its units and overlaps (2.201).

    With several plans in the store, cite an item as PLAN:REF (wuhan-2023:2.201).
    """

    def answer() -> str:
        from graph.analytics.profile import REF
        from graph.analytics.profile import show as profile
        from graph.views.scope import resolve_unit

        tables = open_tables(sources, store).only_plan(plan)
        cited = what.rpartition(":")[2]
        if REF.match(cited):  # an item: PLAN:REF, or REF while one plan is in view
            cited_plan, ref = tables.item_key(what)
            data = profile(tables.only_plan(cited_plan), ref)
        else:
            data = profile(tables, resolve_unit(tables, what))
        if fmt == "json":
            return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
        return _text(data)

    click.echo(remembered(answer), nl=False)


def _text(data: dict) -> str:
    lines: list[str] = []
    if "unit" in data:
        load = data["load"]
        lines.append(f"{data['unit']}  {data.get('name_en') or ''}  [{data['kind']}]")
        if load:
            lines.append(
                f"lead {load['lead']} (by rule {load['lead_by_rule']}), responsible {load['responsible']}, total {load['total']}, weighted {load['weighted']}"
            )
        lines.append("")
        lines.append("items:")
        lines += [
            f"  {r['ref']:<7} {r['role']:<11} {r['how']:<12} {r['via_group'] or '':<10} {r['text'][:50]}"
            for r in data["items"]
        ]
        lines.append(
            "main partners: " + "、".join(f"{p['unit']} ({p['shared']})" for p in data["partners"])
        )
        if data["targets_as_lead"]:
            lines.append("targets as lead:")
            lines += [f"  {t['item']:<7} {t['text']}" for t in data["targets_as_lead"]]
    else:
        lines.append(f"{data['ref']}  {data['text']}")
        lines.append(
            f"part {data['part']}, section {data['section'] or '-'} {data['section_title'] or ''}, theme {data['theme'] or '-'}, line {data['line']}"
        )
        for key, title in (
            ("written", "as written"),
            ("by_rule", "by the no-lead rule"),
            ("through_groups", "through groups"),
        ):
            entries = data[key]
            if entries:
                shown = "、".join(
                    f"{a['unit']} ({a['role']}{', via ' + a['via_group'] if a.get('via_group') else ''})"
                    for a in entries
                )
                lines.append(f"{title}: {shown}")
        for t in data["targets"]:
            lines.append(
                f"target: {_number(t['value'])} {t['unit'] or ''} {t['comparator']} — {t['text']}"
            )
        for o in data["overlaps"]:
            other = o["item_b"] if o["item_a"] == data["ref"] else o["item_a"]
            agree = "same units" if o["assignments_agree"] else o["difference"]
            lines.append(f"restated in {other} (score {o['score']}): {agree}")
    return "\n".join(lines) + "\n"


def _number(value) -> str:
    """A target value as the plan would write it: 7, 11.4, 12000 (not 7.0, 12000.0)."""
    number = float(value)
    return str(int(number)) if number.is_integer() else str(value)
