"""Leadership views: interactive network pages that work offline, charts, a report.

* :func:`render_view` / :func:`write_view` – one self-contained HTML page per view:
  ``load`` (the unit network), ``tasks`` (units and items, one part or section at a
  time), ``districts`` (what reaches districts and committees, through groups
  included), ``overlaps`` (duplicate items and how their units differ) and ``unit``
  (one unit's profile: its items by role, partners, targets, load by plan);
* :mod:`graph.views.charts` – static PNG/SVG charts (matplotlib);
* :mod:`graph.views.report` – a one-page HTML report linking the four views.

Start from :func:`graph.analytics.frames.load_tables`::

    from graph.analytics.frames import load_tables
    from graph.store import memory_store
    from graph.export.pages import write_view

    tables = load_tables(memory_store())
    write_view(tables, "tasks", "tasks.html", section="2.5")
"""

from __future__ import annotations

from typing import Any

from graph.errors import OptionError

VIEWS = ("load", "tasks", "districts", "overlaps")  # the network pages of the report
ALL_VIEWS = (*VIEWS, "unit")  # ``unit`` needs a unit


def build_view(tables: Any, view: str, **filters: Any):
    """The :class:`graph.views.common.View` (network, heading, legend)."""
    from graph.views import view_districts, view_load, view_overlaps, view_tasks
    from graph.views.scope import Filters, resolve_unit

    builders = {
        "load": view_load.build,
        "tasks": view_tasks.build,
        "districts": view_districts.build,
        "overlaps": view_overlaps.build,
    }
    if view not in builders and view != "unit":
        raise OptionError(f"unknown view {view!r}; choose from {', '.join(ALL_VIEWS)}")
    extra = {}
    if view == "overlaps" and "min_score" in filters:
        extra["min_score"] = float(filters.pop("min_score"))
    filters.pop("min_score", None)
    heading = filters.pop("heading", None)
    if filters.get("unit"):  # an alias, official or English name, Traditional input
        filters["unit"] = resolve_unit(tables, str(filters["unit"]))
    if view == "unit":
        from graph.views import view_unit

        if not filters.get("unit"):
            raise OptionError("the unit view needs a unit")
        built = view_unit.build(tables, str(filters["unit"]), expand=bool(filters.get("expand")))
    else:
        try:
            chosen = Filters(**{k: v for k, v in filters.items() if v is not None})
        except TypeError as exc:
            raise OptionError(f"unknown filter: {exc}") from None
        built = builders[view](tables, chosen, **extra)
    if heading is not None:
        built.heading = str(heading)
    if view != "unit":
        from graph.views.search import search_data

        pool = list(built.nodes)
        if "scopes" in built.data:
            pool += built.data["scopes"]["nodes"]
        built.data.update(search_data(built.tables if built.tables is not None else tables, pool))
    return built


def render_view(tables: Any, view: str, **filters: Any) -> str:
    """The HTML page of ``view`` as a string.

    Filters: ``part`` (int), ``section`` (``"2.5"`` or ``"5"``), ``unit`` (a unit's
    short name, alias, official or English name; the ``unit`` view's subject),
    ``kind`` (unit kind), ``min_load`` (least items), ``expand`` (group expansion;
    the districts view always expands, overlaps never), ``min_score`` (overlaps
    only) and ``heading`` (replaces the page's heading).
    """
    return page_html(build_view(tables, view, **filters))


def page_html(built: Any) -> str:
    """The HTML page of a view returned by :func:`build_view`."""
    from graph.views.common import options
    from graph.views.page import render_page

    if built.name == "unit":
        from graph.views.view_unit import render as render_unit

        return render_unit(built)
    return render_page(
        view=built.name,
        heading=built.heading,
        subtitle=built.subtitle,
        nodes=built.nodes,
        edges=built.edges,
        options=options(len(built.nodes), len(built.edges)),
        legend=built.legend,
        extra=built.data,
    )
