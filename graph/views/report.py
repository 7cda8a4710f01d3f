"""A one-page report: headline numbers, the load leaderboard, the charts, the
duplicate items, and links to the four interactive views written next to it.

``index.html`` is in one language throughout (Chinese, or English with
``lang="en"``: headings, labels, kinds, zones, differences, chart titles; plan
text stays as written). It is self-contained and works offline: the stylesheet
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
from graph.views.words import check_lang, difference, kind_label, say, unit_name, zone_label

VIEW_FILES = {
    "load": ("load.html", "view_load", "view_load_note"),
    "tasks": ("tasks.html", "view_tasks", "view_tasks_note"),
    "districts": ("districts.html", "view_districts", "view_districts_note"),
    "overlaps": ("overlaps.html", "view_overlaps", "view_overlaps_note"),
}
CHARTS = {"load": "chart_load", "districts": "chart_districts", "sections": "chart_sections"}
BOARD = 20


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


def render_report(
    tables: Tables, charts: dict[str, bytes], *, expand: bool = False, lang: str = "zh"
) -> str:
    """``index.html`` for ``tables`` with the PNG ``charts`` embedded, in ``lang``
    (``zh`` or ``en``) throughout; plan text stays as written."""
    from graph.analytics.load import district_load, unit_load
    from graph.analytics.overlaps import duplicates

    check_lang(lang)
    info = plan_info(tables)
    facts = headline(tables)
    title = info["plan_title"] or info["title"] or say("plan", lang)
    out: list[str] = []
    add = out.append
    add(f'<section><h2>{_e(say("overview", lang))}</h2><div class="cards">')
    add(_card(facts["items"], say("items", lang)))
    for part, name, count in facts["per_part"]:
        number = style.chinese_number(part) if lang == "zh" else str(part)
        label = say("part", lang, n=number) + (f" {name}" if lang == "zh" else "")
        add(_card(count, label.strip()))
    add(_card(facts["units"], say("units", lang)))
    add(_card(len(facts["groups"]), say("groups", lang)))
    add(_card(facts["no_lead"], say("no_lead", lang)))
    add("</div>")
    if facts["groups"]:
        add(f'<p class="small">{_e(say("group_items", lang))}')
        add("、".join(f"{_e(g)}({n})" for g, n in facts["groups"]))
        add("</p>")
    add("</section>")

    add(f'<section><h2>{_e(say("views", lang))}</h2><ul class="views">')
    for name, (file, label, note) in VIEW_FILES.items():
        add(
            f'<li><a href="{_e(file)}" data-view="{_e(name)}">{_e(say(label, lang))}</a>'
            f" — {_e(say(note, lang))}</li>"
        )
    add(f'</ul><p class="small">{_e(say("views_note", lang))}</p></section>')

    board = unit_load(tables, expand=expand, by="total", top=BOARD)
    add(f"<section><h2>{_e(say('board', lang, n=BOARD))}</h2><table><thead><tr>")
    headers = [
        (say("unit", lang), ""),
        (say("kind", lang), ""),
        (say("lead", lang), "num"),
        (say("by_rule", lang), "num"),
        (say("responsible", lang), "num"),
        (say("total", lang), "num"),
        *([(say("via_groups", lang), "num")] if expand else []),
        (say("weighted", lang), "num"),
    ]
    add("".join(f'<th class="{c}">{_e(h)}</th>' for h, c in headers) + "</tr></thead><tbody>")
    for row in board.itertuples(index=False):
        cells = [
            f"<td>{_e(unit_name(row.unit, row.unit_en, lang))}</td>",
            f"<td>{_e(kind_label(row.kind, lang))}</td>",
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
    how = say("how_expand" if expand else "how_written", lang)
    add(f'</tbody></table><p class="small">{_e(how)}{_e(say("weighting", lang))}</p></section>')

    add(f"<section><h2>{_e(say('charts', lang))}</h2>")
    for kind, caption in CHARTS.items():
        data = charts.get(kind)
        if data is None:
            continue
        text = say(caption, lang, n=BOARD)
        uri = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
        add(
            f'<figure><img src="{uri}" alt="{_e(text)}" data-chart="{_e(kind)}">'
            f"<figcaption>{_e(text)}</figcaption></figure>"
        )
    add("</section>")

    districts = district_load(tables)
    add(f"<section><h2>{_e(say('districts', lang))}</h2><table><thead><tr>")
    add(
        "".join(
            f'<th class="{c}">{_e(say(h, lang))}</th>'
            for h, c in (
                ("district", ""),
                ("zone", ""),
                ("named", "num"),
                ("via_groups", "num"),
                ("total", "num"),
                ("lead", "num"),
            )
        )
        + "</tr></thead><tbody>"
    )
    for row in districts.itertuples(index=False):
        zone = style.zone_of(row.kind, row.zone)
        add(
            f"<tr><td>{_e(unit_name(row.unit, _english(tables, row.unit), lang))}</td>"
            f"<td>{_e(zone_label(zone, lang))}</td>"
            + "".join(
                f'<td class="num">{_e(v)}</td>'
                for v in (row.named, row.via_groups, row.total, row.lead)
            )
            + "</tr>"
        )
    add("</tbody></table></section>")

    pairs = duplicates(tables)
    add(f"<section><h2>{_e(say('duplicates', lang, n=len(pairs)))}</h2><table><thead><tr>")
    add(
        "".join(
            f'<th class="{c}">{_e(say(h, lang))}</th>'
            for h, c in (
                ("item", ""),
                ("restated", ""),
                ("score", "num"),
                ("assignment", ""),
                ("difference", ""),
                ("text", ""),
            )
        )
        + "</tr></thead><tbody>"
    )
    for row in pairs.itertuples(index=False):
        agree = bool(row.assignments_agree)
        add(
            f"<tr><td>{_e(row.item_a)}</td><td>{_e(row.item_b)}</td>"
            f'<td class="num">{_e(row.score)}</td>'
            f'<td class="{"agree" if agree else "differ"}">'
            f"{_e(say('agree' if agree else 'differ', lang))}</td>"
            f"<td>{_e(difference(row.difference, lang))}</td>"
            f"<td><div>{_e(row.item_a)}:{_e(style.short(row.text_a, 70))}</div>"
            f"<div>{_e(row.item_b)}:{_e(style.short(row.text_b, 70))}</div></td></tr>"
        )
    add("</tbody></table></section>")

    if lang == "zh":
        heading = f"{title} · {say('report', lang)}"
        meta = " · ".join(x for x in (info["doc_number"], info["title"]) if x)
    else:  # the plan's own title is Chinese: data, kept beneath an English heading
        heading = say("report", lang)[:1].upper() + say("report", lang)[1:]
        meta = " · ".join(x for x in (title, info["doc_number"]) if x)
    return template("report.html").substitute(
        heading=_e(heading),
        css=static_text("report.css"),
        meta=_e(meta),
        body="".join(out),
        lang="zh-CN" if lang == "zh" else "en",
    )


def _english(tables: Tables, unit: str) -> object:
    a = tables.assignments
    found = a.loc[a["unit"] == unit, "unit_en"]
    return found.iloc[0] if len(found) else None


def _card(number: Any, label: str) -> str:
    return (
        f'<div class="card"><div class="n">{_e(number)}</div><div class="l">{_e(label)}</div></div>'
    )


def report_files(
    tables: Tables, folder: Path, *, expand: bool = False, lang: str = "zh"
) -> dict[Path, bytes]:
    """Every file of the report, by path (nothing written yet)."""
    from graph.views import render_view
    from graph.views.charts import chart_bytes

    check_lang(lang)
    charts = {kind: chart_bytes(tables, kind, "png", expand=expand, lang=lang) for kind in CHARTS}
    files: dict[Path, bytes] = {}
    for view, (name, _, _) in VIEW_FILES.items():
        files[folder / name] = render_view(tables, view, expand=expand).encode("utf-8")
    for kind, data in charts.items():
        files[folder / f"chart-{kind}.png"] = data
    files[folder / "index.html"] = render_report(tables, charts, expand=expand, lang=lang).encode(
        "utf-8"
    )
    return files
