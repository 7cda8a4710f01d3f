"""``unit``: one unit's profile, a page a department can be handed.

``dutygraph viz --view unit --unit 市水务局`` writes it. Top to bottom: the unit's
names and kind; its load (lead, responsible, total, weighted; as written and with
groups expanded), and its load in each plan when the graph holds several; the items
it leads, is responsible for, cooperates on, and those that reach it only through a
group (各区人民政府 and the like), each with the plan's words; the units it shares
most items with, with bars that start at zero; and the quantitative targets of the
items it is on. A search box filters every list on the page (substring, alias,
Traditional input) and says when nothing matches.

The page is a document, not a network: self-contained, no request leaves it (a
Content-Security-Policy allows only its one inline script, by hash), every plan
text HTML-escaped, the search data as escaped JSON.
"""

from __future__ import annotations

import html
from typing import Any

from graph.analytics.frames import Tables
from graph.views import common, facts, style
from graph.views.meta import plan_name
from graph.views.scope import unit_loads, unit_resolver
from graph.views.view_load import figure

PARTNERS = 15
ROLE_ORDER = ("lead", "responsible", "cooperating")
ROLE_TITLES = {
    "lead": "牵头事项",
    "responsible": "责任事项(非牵头)",
    "cooperating": "配合事项",
    "group": "经单位集合到达的事项",
}
HOW = {"written": "原文所写", "no_lead_rule": "按无牵头单位规则", "group": "经单位集合"}


def build(tables: Tables, unit: str, *, expand: bool = False) -> common.View:
    """The profile of ``unit`` (a short name: resolve aliases first)."""
    known = facts.items(tables)
    a = tables.assignments
    mine = a[a["unit"] == unit]
    # Per item: the unit's best role and how it arises (lead > responsible >
    # cooperating; written > no-lead rule > group), and the groups it came through.
    best: dict[str, list[Any]] = {}
    rank_role = {"lead": 0, "responsible": 1, "cooperating": 2}
    rank_how = {"written": 0, "no_lead_rule": 1, "group": 2}
    for key, role, derivation, via in zip(
        facts.keys_of(tables, mine),
        mine["role"],
        mine["derivation"],
        mine["via_group"],
        strict=True,
    ):
        rank = (rank_role.get(role, 3), rank_how.get(derivation, 3))
        via = "" if via is None or str(via) in ("<NA>", "nan") else str(via)
        old = best.get(key)
        if old is None or rank < old[0]:
            best[key] = [rank, role, derivation, {via} if via else set()]
        elif rank == old[0] and via:
            old[3].add(via)
    order = {key: n for n, key in enumerate(known)}
    sections: dict[str, list[dict]] = {name: [] for name in (*ROLE_ORDER, "group")}
    for key in sorted(best, key=lambda k: order.get(k, len(order))):
        _, role, derivation, vias = best[key]
        item = known.get(key)
        if item is None:
            continue
        bucket = "group" if derivation == "group" else role
        sections.setdefault(bucket, []).append(
            {
                "key": key,
                "where": facts.where(tables, item),
                "text": item.text,
                "role": style.ROLE_LABELS.get(role, role),
                "how": HOW.get(derivation, derivation),
                "via": "、".join(sorted(vias)),
            }
        )
    names = unit_resolver(tables).units.get(unit)
    first = mine.iloc[0] if len(mine) else None
    kind = None if first is None else first["kind"]
    loads = [(_load_row(unit_loads(tables, e), unit), e) for e in (False, True)]
    profile = {
        "unit": unit,
        "name_en": names.name_en if names else "",
        "full_name": names.full_name if names else "",
        "aliases": list(names.aliases) if names else [],
        "kind": style.kind_label(kind),
        "loads": [(row, e) for row, e in loads if row is not None],
        "by_plan": _by_plan(tables, unit),
        "sections": sections,
        "partners": _partners(tables, unit, expand),
        "targets": _targets(tables, set(best)),
    }
    subtitle = f"{plan_name(tables)} · {profile['kind']}"
    view = common.View("unit", f"{unit} · 任务概况", subtitle, common.network(), [], tables=tables)
    view.data["profile"] = profile
    return view


def _load_row(loads, unit: str) -> dict | None:
    if unit not in loads.index:
        return None
    row = loads.loc[unit]
    return {
        "lead": int(row["lead"]),
        "lead_by_rule": int(row["lead_by_rule"]),
        "responsible": int(row["responsible"]),
        "total": int(row["total"]),
        "via_groups": int(row["via_groups"]),
        "weighted": float(row["weighted"]),
    }


def _by_plan(tables: Tables, unit: str) -> list[dict]:
    """The unit's load (as written) in each plan of the tables, when there are several."""
    from graph.analytics.load import unit_load

    items = tables.items
    if "plan" not in items or items["plan"].nunique() < 2:
        return []
    titles: dict[str, str] = {}
    if tables.store is not None:
        from graph.store.library import library
        from graph.store.sparql import select

        for row in select(library()["plan-metadata"], {}, store=tables.store).records():
            titles[str(row["plan"])] = str(row.get("plan_title") or row.get("title") or "")
    out = []
    a = tables.assignments
    for plan in dict.fromkeys(str(p) for p in items["plan"]):
        part = Tables(
            assignments=a[a["plan"] == plan].reset_index(drop=True),
            items=items[items["plan"] == plan].reset_index(drop=True),
            targets=tables.targets.iloc[0:0],
            store=None,
        )
        frame = unit_load(part)
        row = frame[frame["unit"] == unit]
        counts = (
            {"lead": 0, "responsible": 0, "total": 0, "weighted": 0.0}
            if row.empty
            else {
                "lead": int(row.iloc[0]["lead"]),
                "responsible": int(row.iloc[0]["responsible"]),
                "total": int(row.iloc[0]["total"]),
                "weighted": float(row.iloc[0]["weighted"]),
            }
        )
        out.append({"plan": titles.get(plan) or plan, **counts})
    return out


def _partners(tables: Tables, unit: str, expand: bool) -> list[dict]:
    from graph.analytics.networks import coassignment_graph

    graph = coassignment_graph(tables, expand=expand)
    if unit not in graph:
        return []
    names = unit_resolver(tables).units
    ranked = sorted(
        ((o, d["weight"]) for o, d in graph[unit].items()), key=lambda kv: (-kv[1], kv[0])
    )
    return [
        {
            "unit": other,
            "shared": int(weight),
            "also": [n for n in (*(names[other].aliases if other in names else ()),) if n],
        }
        for other, weight in ranked[:PARTNERS]
    ]


def _targets(tables: Tables, keys: set[str]) -> list[dict]:
    t = tables.targets
    out = []
    for ref, value, unit, text in zip(t["item"], t["value"], t["unit"], t["text"], strict=True):
        if str(ref) in keys:
            shown = "" if value is None or str(value) == "<NA>" else _number(float(value))
            out.append(
                {
                    "key": str(ref),
                    "value": shown + ("" if unit is None or str(unit) == "<NA>" else str(unit)),
                    "text": str(text),
                }
            )
    return out


def _number(value: float) -> str:
    """A target value as the plan writes it: 7, 11.4, 220000 (not 7.0 or 2.2e+05)."""
    return str(int(value)) if value.is_integer() else f"{value:f}".rstrip("0").rstrip(".")


# --- the page ----------------------------------------------------------------------


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def render(built: common.View) -> str:
    """The unit page's HTML (a ``str``; write it as UTF-8)."""
    from graph.views.assets import inline_safe, static_text, template
    from graph.views.page import FONT_STACK, csp, script_json
    from graph.views.search import t2s_pairs

    p = built.data["profile"]
    out: list[str] = []
    add = out.append
    names = [p["unit"], p["full_name"], p["name_en"], *p["aliases"]]
    add('<section class="who">')
    add(f'<p class="names">{_e(" · ".join(n for n in names[1:] if n))}</p>')
    add("</section>")

    add("<section><h2>任务量</h2>")
    for row, expanded in p["loads"]:
        how = "单位集合按成员展开" if expanded else "按原文分工(单位集合计为一个单位)"
        add(f'<h3>{_e(how)}</h3><div class="cards">')
        for label, value in (
            ("合计事项", row["total"]),
            (
                "牵头事项" + (f"(其中按规则 {row['lead_by_rule']})" if row["lead_by_rule"] else ""),
                row["lead"],
            ),
            ("责任事项(非牵头)", row["responsible"]),
            ("加权任务量(牵头计 1,责任单位共分 1)", figure(row["weighted"], "weighted")),
        ):
            add(
                f'<div class="card"><div class="n">{_e(value)}</div><div class="l">{_e(label)}</div></div>'
            )
        add("</div>")
    if p["by_plan"]:
        add('<h3>各方案中的任务量(按原文分工)</h3><table class="dg-list"><thead><tr>')
        add("<th>方案</th><th class=num>牵头</th><th class=num>责任(非牵头)</th>")
        add("<th class=num>合计</th><th class=num>加权</th></tr></thead><tbody>")
        for row in p["by_plan"]:
            add(
                f'<tr data-find="{_e(row["plan"])}"><td>{_e(row["plan"])}</td>'
                + "".join(
                    f'<td class="num">{_e(v)}</td>'
                    for v in (
                        row["lead"],
                        row["responsible"],
                        row["total"],
                        figure(row["weighted"], "weighted"),
                    )
                )
                + "</tr>"
            )
        add("</tbody></table>")
    add("</section>")

    for bucket in (*ROLE_ORDER, "group"):
        rows = p["sections"].get(bucket) or []
        if not rows:
            continue
        add(f"<section><h2>{_e(ROLE_TITLES[bucket])}({len(rows)} 项)</h2>")
        add(
            '<table class="dg-list"><thead><tr><th>事项</th><th>内容</th><th>来源</th></tr></thead><tbody>'
        )
        for row in rows:
            how = row["how"] + (f"(经{row['via']})" if row["via"] else "")
            find = " ".join((row["key"], row["text"], row["via"]))
            add(
                f'<tr data-find="{_e(find)}"><td class="ref">{_e(row["key"])}</td>'
                f'<td>{_e(row["text"])}<div class="small">{_e(row["where"])}</div></td>'
                f"<td>{_e(how)}</td></tr>"
            )
        add("</tbody></table></section>")

    if p["partners"]:
        top = max(r["shared"] for r in p["partners"]) or 1
        add(f"<section><h2>共同承担事项最多的单位(前 {len(p['partners'])} 个)</h2>")
        add('<table class="dg-list"><thead><tr><th>单位</th><th>共同事项</th></tr></thead><tbody>')
        for row in p["partners"]:
            width = 100.0 * row["shared"] / top
            find = " ".join((row["unit"], *row["also"]))
            add(
                f'<tr data-find="{_e(find)}"><td>{_e(row["unit"])}</td><td class="barcell">'
                f'<span class="bar" style="width:{width:.1f}%"></span>'
                f'<span class="barvalue">{_e(row["shared"])}</span></td></tr>'
            )
        add(
            '</tbody></table><p class="small">条形从零开始,长度与共同承担的事项数成正比。</p></section>'
        )

    if p["targets"]:
        add(f"<section><h2>量化目标({len(p['targets'])} 项)</h2>")
        add(
            '<table class="dg-list"><thead><tr><th>事项</th><th>目标值</th><th>原文</th></tr></thead><tbody>'
        )
        for row in p["targets"]:
            add(
                f'<tr data-find="{_e(row["key"] + " " + row["text"])}"><td class="ref">{_e(row["key"])}</td>'
                f'<td class="num">{_e(row["value"])}</td><td>{_e(row["text"])}</td></tr>'
            )
        add("</tbody></table></section>")

    texts = [n for n in names if n]
    texts += [r["text"] for rows in p["sections"].values() for r in rows]
    texts += [" ".join((r["unit"], *r["also"])) for r in p["partners"]]
    data = script_json({"t2s": t2s_pairs(texts)})
    app_js = inline_safe(static_text("unit.js"), "script")
    css = static_text("report.css") + static_text("unit.css").replace("__FONT__", FONT_STACK)
    return template("unit.html").substitute(
        csp=html.escape(csp([app_js])),
        title=_e(built.heading),
        subtitle=_e(built.subtitle),
        css=inline_safe(css, "style"),
        body="".join(out),
        data=data,
        app_js=app_js,
    )
