"""A one-page report: headline numbers, the load leaderboard, the charts, the
duplicate items, and links to the four interactive views written next to it.

``index.html`` is self-contained and works offline: the stylesheet
(``static/report.css``, in the skeleton ``templates/report.html``) is inline, the
charts are PNG ``data:`` URIs, there is no script at all, and a
Content-Security-Policy forbids any fetch. Every text from the plan is escaped.
The views (``load.html``, ``tasks.html``, ``districts.html``, ``overlaps.html``) and
the charts as files (``chart-*.png``, for slides) are written into the same folder;
all files are staged first and renamed into place together.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import Any, cast

from graph.analytics.frames import Tables
from graph.views import style
from graph.views.assets import static_text, template
from graph.views.meta import plan_info

VIEW_FILES = {
    "load": ("load.html", "责任单位任务负荷网络", "单位大小 = 加权任务量,连线 = 共同承担的事项"),
    "tasks": ("tasks.html", "任务分工网络(全部事项)", "单位与事项,牵头与责任分工"),
    "districts": (
        "districts.html",
        "各区及功能区任务负荷",
        "中心城区、新城区与功能区:点名事项与经单位集合到达的事项",
    ),
    "overlaps": ("overlaps.html", "重复任务与分工差异", "疑似重复的事项对及其分工差异"),
}
CHARTS = {
    "load": "任务最多的 20 个单位",
    "districts": "各区及功能区任务量",
    "sections": "各区及功能区 × 章节",
}


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _missing(value: Any) -> bool:
    return value is None or str(value) in ("<NA>", "nan", "None")


def headline(tables: Tables) -> dict[str, Any]:
    """Items per part, units, groups and no-lead items."""
    items = tables.items
    info = plan_info(tables)
    per_part = []
    for part, count in items.groupby("part", sort=True).size().items():
        number = int(cast(int, part))  # a part number: the column holds integers
        per_part.append((number, info["parts"].get(number, ""), int(count)))
    written = tables.view(False)
    units = written.drop_duplicates("unit")
    groups = units[units["kind"] == "group"]["unit"].tolist()
    given = written[written["kind"] == "group"].groupby("unit")["item"].nunique()
    return {
        "items": len(items),
        "per_part": per_part,
        "units": int((units["kind"] != "group").sum()),
        "groups": [
            (g, int(given.get(g, 0))) for g in sorted(groups, key=lambda g: -given.get(g, 0))
        ],
        "no_lead": int(items["lead_by_rule"].fillna(False).astype(bool).sum()),
        "assignments": int(len(written.drop_duplicates(["unit", "item"]))),
    }


def render_report(tables: Tables, charts: dict[str, bytes], *, expand: bool = False) -> str:
    """``index.html`` for ``tables`` with the PNG ``charts`` embedded."""
    from graph.analytics.load import district_load, unit_load
    from graph.analytics.overlaps import duplicates

    info = plan_info(tables)
    facts = headline(tables)
    title = info["plan_title"] or info["title"] or "责任分解方案"
    out: list[str] = []
    add = out.append
    add('<section><h2>概况</h2><div class="cards">')
    add(_card(facts["items"], "目标任务事项"))
    for part, name, count in facts["per_part"]:
        add(_card(count, f"第{style.chinese_number(part)}部分 {name}".strip()))
    add(_card(facts["units"], "责任单位(不含单位集合)"))
    add(_card(len(facts["groups"]), "单位集合(如 各区人民政府)"))
    add(_card(facts["no_lead"], "未写牵头单位的事项(责任单位牵头)"))
    add("</div>")
    if facts["groups"]:
        add('<p class="small">单位集合及写给它们的事项数:')
        add("、".join(f"{_e(g)}({n})" for g, n in facts["groups"]))
        add("</p>")
    add("</section>")

    add('<section><h2>交互式网络图</h2><ul class="views">')
    for name, (file, label, note) in VIEW_FILES.items():
        add(f'<li><a href="{_e(file)}" data-view="{_e(name)}">{_e(label)}</a> — {_e(note)}</li>')
    add(
        '</ul><p class="small">每个网络图都是独立的 HTML 文件,可离线打开;悬停或点击节点查看详情。</p></section>'
    )

    board = unit_load(tables, expand=expand, by="total", top=20)
    add("<section><h2>任务负荷排行(前 20)</h2><table><thead><tr>")
    headers = [
        ("单位", ""),
        ("类型", ""),
        ("牵头", "num"),
        ("其中按规则", "num"),
        ("责任(非牵头)", "num"),
        ("合计", "num"),
        *([("经单位集合", "num")] if expand else []),
        ("加权", "num"),
    ]
    add("".join(f'<th class="{c}">{_e(h)}</th>' for h, c in headers) + "</tr></thead><tbody>")
    for row in board.itertuples(index=False):
        en = "" if _missing(row.unit_en) else str(row.unit_en)
        cells = [
            f'<td>{_e(row.unit)}<div class="small">{_e(en)}</div></td>',
            f"<td>{_e(style.kind_label(row.kind))}</td>",
            *(
                f'<td class="num">{_e(v)}</td>'
                for v in (
                    row.lead,
                    row.lead_by_rule,
                    row.responsible,
                    row.total,
                    *([row.via_groups] if expand else []),
                    f"{float(row.weighted):g}",
                )
            ),
        ]
        add("<tr>" + "".join(cells) + "</tr>")
    how = "单位集合按成员展开" if expand else "按原文分工,单位集合计为一个单位"
    add(
        f'</tbody></table><p class="small">{_e(how)};加权:牵头计 1,各责任单位共分 1。</p></section>'
    )

    add("<section><h2>图表</h2>")
    for kind, caption in CHARTS.items():
        data = charts.get(kind)
        if data is None:
            continue
        uri = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
        add(
            f'<figure><img src="{uri}" alt="{_e(caption)}" data-chart="{_e(kind)}">'
            f"<figcaption>{_e(caption)}</figcaption></figure>"
        )
    add("</section>")

    districts = district_load(tables)
    add("<section><h2>各区及功能区</h2><table><thead><tr>")
    add(
        "".join(
            f'<th class="{c}">{_e(h)}</th>'
            for h, c in (
                ("区/功能区", ""),
                ("城区类型", ""),
                ("点名", "num"),
                ("经单位集合", "num"),
                ("合计", "num"),
                ("牵头", "num"),
            )
        )
        + "</tr></thead><tbody>"
    )
    for row in districts.itertuples(index=False):
        zone = style.zone_of(row.kind, row.zone)
        add(
            f"<tr><td>{_e(row.unit)}</td><td>{_e(style.ZONE_LABELS[zone])}</td>"
            + "".join(
                f'<td class="num">{_e(v)}</td>'
                for v in (row.named, row.via_groups, row.total, row.lead)
            )
            + "</tr>"
        )
    add("</tbody></table></section>")

    pairs = duplicates(tables)
    add(f"<section><h2>疑似重复事项({len(pairs)} 对)</h2><table><thead><tr>")
    add(
        "".join(
            f'<th class="{c}">{_e(h)}</th>'
            for h, c in (
                ("事项", ""),
                ("重复于", ""),
                ("相似度", "num"),
                ("分工", ""),
                ("差异", ""),
                ("原文", ""),
            )
        )
        + "</tr></thead><tbody>"
    )
    for row in pairs.itertuples(index=False):
        agree = bool(row.assignments_agree)
        add(
            f"<tr><td>{_e(row.item_a)}</td><td>{_e(row.item_b)}</td>"
            f'<td class="num">{_e(row.score)}</td>'
            f'<td class="{"agree" if agree else "differ"}">{"一致" if agree else "不一致"}</td>'
            f"<td>{_e(row.difference)}</td>"
            f"<td><div>{_e(row.item_a)}:{_e(style.short(row.text_a, 70))}</div>"
            f"<div>{_e(row.item_b)}:{_e(style.short(row.text_b, 70))}</div></td></tr>"
        )
    add("</tbody></table></section>")

    meta = " · ".join(x for x in (info["doc_number"], info["title"]) if x)
    return template("report.html").substitute(
        title=_e(title), css=static_text("report.css"), meta=_e(meta), body="".join(out)
    )


def _card(number: Any, label: str) -> str:
    return (
        f'<div class="card"><div class="n">{_e(number)}</div><div class="l">{_e(label)}</div></div>'
    )


def report_files(tables: Tables, folder: Path, *, expand: bool = False) -> dict[Path, bytes]:
    """Every file of the report, by path (nothing written yet)."""
    from graph.views import render_view
    from graph.views.charts import chart_bytes

    charts = {kind: chart_bytes(tables, kind, "png", expand=expand) for kind in CHARTS}
    files: dict[Path, bytes] = {}
    for view, (name, _, _) in VIEW_FILES.items():
        files[folder / name] = render_view(tables, view, expand=expand).encode("utf-8")
    for kind, data in charts.items():
        files[folder / f"chart-{kind}.png"] = data
    files[folder / "index.html"] = render_report(tables, charts, expand=expand).encode("utf-8")
    return files
