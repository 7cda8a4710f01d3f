"""``dutygraph viz``, ``chart`` and ``report``: pictures for leaders."""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli.inputs import EXPAND_GROUPS, graph_inputs, open_tables, remembered
from graph.views import VIEWS
from graph.views.style import KIND_LABELS

CHARTS = ("load", "districts", "sections")
UNIT_KINDS = tuple(KIND_LABELS)


@click.command()
@graph_inputs
@click.option("--view", type=click.Choice(VIEWS), required=True, help="Which picture.")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="HTML file to write (one self-contained page).",
)
@click.option("--part", type=int, default=None, help="Only items of this part (1, 2, …).")
@click.option(
    "--section",
    default=None,
    help="Only items of this section: 2.5 (part 2, section 5), or 5 (of --part, else part 2).",
)
@click.option(
    "--unit", default=None, help="Only the items this unit is on (short name, e.g. 市水务局)."
)
@click.option(
    "--kind", type=click.Choice(UNIT_KINDS), default=None, help="Only units of this kind."
)
@click.option(
    "--min-load",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Only units on at least N items (within the filters).",
)
@EXPAND_GROUPS
@click.option(
    "--min-score",
    type=float,
    default=0.55,
    show_default=True,
    help="overlaps: least duplicate score (0–1).",
)
def viz(sources, store, view, output, part, section, unit, kind, min_load, expand, min_score):
    """Write an interactive network page that works offline.

    \b
    Views:
      load       units sized by load, coloured by kind, linked by shared items
      tasks      units and items, lead and responsible edges (--section, --unit)
      districts  districts and committees with what reaches them through groups
      overlaps   duplicate items and the units they involve, differences highlighted

    \b
    Examples:
      dutygraph viz --view load -o load.html
      dutygraph viz --view tasks --section 2.5 -o tasks-2.5.html
      dutygraph viz --view tasks --unit 市水务局 -o water.html
      dutygraph viz --view load --kind district_government --expand-groups -o d.html
    """
    from graph.export.files import write_atomic

    def answer() -> tuple[str, int, int]:
        from graph.views import build_view, page_html

        tables = open_tables(sources, store)
        filters = dict(
            part=part, section=section, unit=unit, kind=kind, min_load=min_load, expand=expand
        )
        if view == "overlaps":
            filters["min_score"] = min_score
        built = build_view(tables, view, **filters)
        return page_html(built), len(built.nodes), len(built.edges)

    # The page is kept with the graph's cache entry: the same view of the same plan
    # is written again without loading tables or laying the network out.
    page, nodes, edges = remembered(answer, ignore=("output",))
    write_atomic(Path(output), page.encode("utf-8"))
    click.echo(f"wrote {view} view ({nodes} nodes, {edges} edges) to {output}", err=True)


@click.command()
@graph_inputs
@click.option("--kind", type=click.Choice(CHARTS), required=True, help="Which chart.")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="Image to write: FILE.png or FILE.svg.",
)
@EXPAND_GROUPS
def chart(sources, store, kind, output, expand):
    """Write a static chart (PNG or SVG) for reports and slides.

    \b
    Charts:
      load       the 20 units on most items: lead and responsible items, stacked
      districts  items per district and committee: named vs through groups
      sections   district × section heat map

    Chinese labels need a CJK font (e.g. fonts-wqy-microhei or fonts-noto-cjk).
    """
    import base64

    from graph.export.files import write_atomic
    from graph.views.charts import FORMATS

    suffix = Path(output).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise click.BadParameter("must end in .png or .svg", param_hint="-o/--output")

    def answer() -> str:
        from graph.views.charts import chart_bytes

        data = chart_bytes(open_tables(sources, store), kind, suffix, expand=expand)
        return base64.b64encode(data).decode("ascii")

    image = remembered(answer, ignore=("output",), key={"format": suffix})
    write_atomic(Path(output), base64.b64decode(image))
    click.echo(f"wrote {kind} chart to {output}", err=True)


@click.command()
@graph_inputs
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder to write index.html and the four views into.",
)
@EXPAND_GROUPS
def report(sources, store, output, expand):
    """Write a one-page offline report (index.html) with the views next to it."""
    import base64

    from graph.export.files import ensure_writable_dir, write_all_atomic

    folder = ensure_writable_dir(Path(output))

    def answer() -> dict[str, str]:
        from graph.views.report import report_files

        files = report_files(open_tables(sources, store), Path("."), expand=expand)
        return {str(path): base64.b64encode(data).decode("ascii") for path, data in files.items()}

    kept = remembered(answer, ignore=("output",))
    files = {folder / name: base64.b64decode(data) for name, data in kept.items()}
    write_all_atomic(files)
    click.echo(f"wrote report ({len(files)} files) to {folder / 'index.html'}", err=True)
