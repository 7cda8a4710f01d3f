"""``dutygraph viz``, ``chart`` and ``report``: pictures for leaders."""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli.inputs import EXPAND_GROUPS, PLAN, graph_inputs, open_tables, remembered
from graph.views import ALL_VIEWS
from graph.views.style import KIND_LABELS

CHARTS = ("load", "districts", "sections")
UNIT_KINDS = tuple(KIND_LABELS)


@click.command()
@graph_inputs
@PLAN
@click.option("--view", type=click.Choice(ALL_VIEWS), required=True, help="Which picture.")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(),
    help="HTML file to write (one self-contained page).",
)
@click.option("--part", type=int, default=None, help="Only items of this part (1, 2, …).")
@click.option(
    "--section",
    default=None,
    help="Only items of this section: 2.5 (part 2, section 5), or 5 (of --part, else part 2).",
)
@click.option(
    "--unit",
    default=None,
    help="Only the items this unit is on; the unit view's unit. Short name, alias, "
    "official or English name (市水务局, 市文明办).",
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
def viz(sources, store, plan, view, output, part, section, unit, kind, min_load, expand, min_score):
    """Write an interactive network page that works offline.

    \b
    Views:
      load       units sized by load, coloured by kind, linked by shared items
      tasks      units and items, lead and responsible edges (--section, --unit)
      districts  districts and committees with what reaches them through groups
      overlaps   duplicate items and the units they involve, differences highlighted
      unit       one unit's profile: items by role, partners, targets (--unit)

    \b
    Examples:
      dutygraph viz --view load -o load.html
      dutygraph viz --view tasks --section 2.5 -o tasks-2.5.html
      dutygraph viz --view tasks --unit 市水务局 -o water.html
      dutygraph viz --view unit --unit 市水务局 -o water-profile.html
      dutygraph viz --view load --kind district_government --expand-groups -o d.html
    """
    from graph.export.files import write_atomic

    def answer() -> tuple[str, int, int]:
        from graph.views import build_view, page_html

        tables = open_tables(sources, store).only_plan(plan)
        filters = dict(
            part=part, section=section, unit=unit, kind=kind, min_load=min_load, expand=expand
        )
        if view == "overlaps":
            filters["min_score"] = min_score
        built = build_view(tables, view, **filters)
        if view == "unit":
            return page_html(built), built.data["profile"]["unit"], 0
        return page_html(built), len(built.nodes), len(built.edges)

    if view == "unit" and not unit:
        raise click.UsageError("--view unit needs --unit NAME")
    # The page is kept with the graph's cache entry: the same view of the same plan
    # is written again without loading tables or laying the network out.
    page, nodes, edges = remembered(answer, ignore=("output",))
    write_atomic(Path(output), page.encode("utf-8"))
    if view == "unit":
        click.echo(f"wrote unit view of {nodes} to {output}", err=True)
    else:
        click.echo(f"wrote {view} view ({nodes} nodes, {edges} edges) to {output}", err=True)


@click.command()
@graph_inputs
@PLAN
@click.option("--kind", type=click.Choice(CHARTS), required=True, help="Which chart.")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(),
    help="Image to write: FILE.png or FILE.svg.",
)
@EXPAND_GROUPS
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Language of titles and labels.",
)
def chart(sources, store, plan, kind, output, expand, lang):
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

        data = chart_bytes(
            open_tables(sources, store).only_plan(plan), kind, suffix, expand=expand, lang=lang
        )
        return base64.b64encode(data).decode("ascii")

    image = remembered(answer, ignore=("output",), key={"format": suffix})
    write_atomic(Path(output), base64.b64decode(image))
    click.echo(f"wrote {kind} chart to {output}", err=True)


@click.command()
@graph_inputs
@PLAN
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(),
    help="Folder to write index.html and the four views into.",
)
@EXPAND_GROUPS
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Language of the report and its charts, throughout (plan text stays as written).",
)
def report(sources, store, plan, output, expand, lang):
    """Write a one-page offline report (index.html) with the views next to it."""
    import base64

    from graph.export.files import check_folder_name, ensure_writable_dir, write_folder_atomic

    folder = ensure_writable_dir(check_folder_name(output))

    def answer() -> dict[str, str]:
        from graph.views.report import report_files

        files = report_files(
            open_tables(sources, store).only_plan(plan), Path("."), expand=expand, lang=lang
        )
        return {str(path): base64.b64encode(data).decode("ascii") for path, data in files.items()}

    kept = remembered(answer, ignore=("output",))
    # One set: the page embeds its charts, so it switches in as a whole.
    files = {name: base64.b64decode(data) for name, data in kept.items()}
    write_folder_atomic(folder, files)
    click.echo(f"wrote report ({len(files)} files) to {folder / 'index.html'}", err=True)
