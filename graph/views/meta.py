"""The plan's title, document number and part titles, read from the store.

Falls back to generic names (第N部分) when the tables carry no store.
"""

from __future__ import annotations

from typing import Any

from graph.analytics.frames import Tables


def plan_info(tables: Tables) -> dict[str, Any]:
    """``{"title", "doc_number", "plan_title", "parts": {number: title}}``."""
    return tables.cached(("views-plan-info",), lambda: _plan_info(tables))


def _plan_info(tables: Tables) -> dict[str, Any]:
    info: dict[str, Any] = {"title": "", "doc_number": "", "plan_title": "", "parts": {}}
    store = tables.store
    if store is None:
        return info
    from graph.store.library import internal_query, library
    from graph.store.sparql import select

    rows = select(library()["plan-metadata"], _scope(tables), store=store).records()
    if len(rows) == 1:
        row = rows[0]
        info["title"] = str(row.get("title") or "")
        info["doc_number"] = str(row.get("doc_number") or "")
        info["plan_title"] = str(row.get("plan_title") or "")
    elif rows:
        info["plan_title"] = f"{len(rows)} 份方案"
    parts: dict[int, str] = {}
    for row in select(internal_query("part-titles"), _scope(tables), store=store).records():
        parts.setdefault(int(row["n"]), row["title"])
    info["parts"] = parts
    return info


def part_title(tables: Tables, part: int) -> str:
    return plan_info(tables)["parts"].get(part, "")


def plan_name(tables: Tables) -> str:
    """The plan's short title for headings (e.g. 2023年市《政府工作报告》…)."""
    info = plan_info(tables)
    return info["plan_title"] or info["title"] or "责任分解方案"


def plan_labels(tables: Tables, plans: list[str]) -> dict[str, str]:
    """A short label per plan IRI, for item keys when the tables hold several plans:
    the plan's year where the years differ, else its number in ``plans``' order
    (never read out of the IRI, whose layout is the store's business)."""
    years: dict[str, str] = {}
    if tables.store is not None:
        from graph.store.library import library
        from graph.store.sparql import select

        for row in select(library()["plan-metadata"], _scope(tables), store=tables.store).records():
            if row.get("year") is not None:
                years[str(row["plan"])] = str(row["year"])
    chosen = [years.get(plan, "") for plan in plans]
    if all(chosen) and len(set(chosen)) == len(chosen):
        return dict(zip(plans, chosen, strict=True))
    return {plan: f"方案{n}" for n, plan in enumerate(plans, start=1)}


def _scope(tables: Tables) -> dict[str, str]:
    """The query parameters that keep a page to the plan its tables are scoped to."""
    return {"plan": tables.plan} if tables.plan else {}
