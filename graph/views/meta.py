"""The plan's title, document number and part titles, read from the store.

Falls back to generic names (第N部分) when the tables carry no store.
"""

from __future__ import annotations

from typing import Any

from graph.analytics.frames import Tables

_PARTS = """
PREFIX dg: <https://w3id.org/dutygraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?n ?title WHERE { ?p a dg:Part ; dg:number ?n ; skos:prefLabel ?title }
"""


def plan_info(tables: Tables) -> dict[str, Any]:
    """``{"title", "doc_number", "plan_title", "parts": {number: title}}``."""
    return tables.cached(("views-plan-info",), lambda: _plan_info(tables))


def _plan_info(tables: Tables) -> dict[str, Any]:
    info: dict[str, Any] = {"title": "", "doc_number": "", "plan_title": "", "parts": {}}
    store = tables.store
    if store is None:
        return info
    from graph.store.library import library
    from graph.store.sparql import select

    rows = select(library()["plan-metadata"], {}, store=store).records()
    if len(rows) == 1:
        row = rows[0]
        info["title"] = str(row.get("title") or "")
        info["doc_number"] = str(row.get("doc_number") or "")
        info["plan_title"] = str(row.get("plan_title") or "")
    elif rows:
        info["plan_title"] = f"{len(rows)} 份方案"
    parts: dict[int, str] = {}
    for solution in store.query(_PARTS):
        number = int(solution["n"].value)
        parts.setdefault(number, solution["title"].value)
    info["parts"] = parts
    return info


def part_title(tables: Tables, part: int) -> str:
    return plan_info(tables)["parts"].get(part, "")


def plan_name(tables: Tables) -> str:
    """The plan's short title for headings (e.g. 2023年市《政府工作报告》…)."""
    info = plan_info(tables)
    return info["plan_title"] or info["title"] or "责任分解方案"
