"""The comparison of two plans as one offline HTML page (``dutygraph compare -o``).

Built like the report (:mod:`graph.views.report`): the skeleton is
``templates/compare.html`` with the report's stylesheet (``static/report.css``)
inlined, there is no script at all, and a Content-Security-Policy
(``default-src 'none'``) forbids any fetch, so the page opens anywhere, offline.
Every text from the plans is HTML-escaped.

What a reader sees, top down: the two plans and the counts; the items that changed
(reworded, new, dropped, with their scores); target, lead and responsible changes;
the load shift per agency function and per unit; the carried items, folded away.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any

from graph.analytics.compare import Comparison, LoadShift, PlanSummary
from graph.views.assets import static_text, template

STATUS_LABELS = {"carried": "沿用", "reworded": "改写", "new": "新增", "dropped": "删除"}
CHANGE_LABELS = {
    "raised": "提高",
    "lowered": "降低",
    "unit": "计量单位变化",
    "comparator": "约束词变化",
    "added": "新增指标",
    "removed": "删除指标",
}
COMPARATOR_LABELS = {"at_least": "以上", "about": "左右", "exactly": "", "at_most": "以内"}


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _plan(p: PlanSummary) -> str:
    bits = [p.slug, p.doc_number, f"{p.items} 项"]
    return " · ".join(b for b in bits if b)


def _table(headers: Sequence[tuple[str, str]], rows: Iterable[Sequence[tuple[str, str]]]) -> str:
    """A table: headers as (label, class); each row's cells as (html, class)."""
    out = ["<table><thead><tr>"]
    out += [f'<th class="{c}">{_e(h)}</th>' for h, c in headers]
    out.append("</tr></thead><tbody>")
    count = 0
    for row in rows:
        count += 1
        out.append("<tr>" + "".join(f'<td class="{c}">{cell}</td>' for cell, c in row) + "</tr>")
    if not count:
        out.append(f'<tr><td colspan="{len(headers)}" class="small">无</td></tr>')
    out.append("</tbody></table>")
    return "".join(out)


def _units(names: Sequence[str]) -> str:
    return _e("、".join(names) or "-")


def _figure(value: Any, unit: str, comparator: str, snippet: str) -> str:
    """The figure as the plan writes it (5000亿元以上), the value it reads as below."""
    if value is None:
        return "-"
    read = f"{value}{unit}{COMPARATOR_LABELS.get(comparator, '')}"
    if snippet and snippet != read:
        return f'{_e(snippet)}<div class="small">{_e(read)}</div>'
    return _e(read)


def _load_rows(shifts: Sequence[LoadShift], functions: bool) -> Iterable[list[tuple[str, str]]]:
    for s in shifts:
        if not s.change and (s.a.items == s.b.items):
            continue
        name = f"{_e(s.function)}" if functions else _e(s.name)
        sub = _e(s.name) if functions else _e(s.function)
        change = s.change
        cls = "num up" if change > 0 else "num down" if change < 0 else "num"
        yield [
            (f'{name}<div class="small">{sub}</div>', ""),
            *((_e(v), "num") for v in (s.a.lead, s.b.lead, s.a.items, s.b.items)),
            (_e(f"{s.a.weighted:.3g}"), "num"),
            (_e(f"{s.b.weighted:.3g}"), "num"),
            (_e(f"{change:+.3g}"), cls),
        ]


def render_compare(comparison: Comparison) -> str:
    """The complete HTML page (a ``str``; write it as UTF-8)."""
    c = comparison
    a, b = c.plan_a, c.plan_b
    counts = c.counts()
    out: list[str] = []
    add = out.append
    add('<section><h2>概况</h2><div class="cards">')
    for key in ("carried", "reworded", "new", "dropped"):
        add(_card(counts[key], f"{STATUS_LABELS[key]}事项"))
    add(_card(counts["targets"], "指标变化"))
    add(_card(counts["leads"], "牵头单位变化"))
    add(_card(counts["responsible"], "责任单位变化"))
    add("</div>")
    issuer = (
        "同一发文机关:同名单位视为同一单位。"
        if c.same_issuer
        else "不同发文机关:同名单位是两个不同的单位,请看按职能的比较。"
    )
    add(f'<p class="small">A:{_e(_plan(a))};B:{_e(_plan(b))}。{_e(issuer)}')
    add(f"事项按文本相似度与共同数字对齐,低于 {_e(c.min_score)} 视为新增或删除。</p></section>")
    if c.unchanged:
        add(f'<p class="agree">两份方案的 {counts["carried"]} 项事项完全一致,没有任何变化。</p>')

    changed = [m for m in c.items if m.status != "carried"]
    add(f"<section><h2>事项变化({len(changed)} 项)</h2>")
    add(
        _table(
            [("变化", ""), ("A 事项", ""), ("B 事项", ""), ("相似度", "num"), ("原文", "")],
            (
                [
                    (_e(STATUS_LABELS[m.status]), f"status-{m.status}"),
                    (_e(m.ref_a or "-"), ""),
                    (_e(m.ref_b or (f"(最近:{m.nearest})" if m.nearest else "-")), ""),
                    (_e(m.score if m.ref_a and m.ref_b or m.nearest else "-"), "num"),
                    (_texts(m.text_a, m.text_b, m.status), "text"),
                ]
                for m in changed
            ),
        )
    )
    add("</section>")

    add(f"<section><h2>指标变化({len(c.targets)} 项)</h2>")
    add(
        _table(
            [("A 事项", ""), ("B 事项", ""), ("变化", ""), ("A", "num"), ("B", "num"), ("指标", "")],
            (
                [
                    (_e(t.ref_a), ""),
                    (_e(t.ref_b), ""),
                    (
                        _e(CHANGE_LABELS[t.change]),
                        "up" if t.change in ("raised", "added") else "down"
                        if t.change in ("lowered", "removed") else "",
                    ),
                    (_figure(t.value_a, t.unit_a, t.comparator_a, t.snippet_a), "num"),
                    (_figure(t.value_b, t.unit_b, t.comparator_b, t.snippet_b), "num"),
                    (_e(t.counted or t.snippet_b or t.snippet_a), ""),
                ]
                for t in c.targets
            ),
        )
    )  # fmt: skip
    add("</section>")

    add(f"<section><h2>牵头单位变化({len(c.leads)} 项)</h2>")
    add(
        _table(
            [("A 事项", ""), ("B 事项", ""), ("A 牵头", ""), ("B 牵头", ""), ("事项", "")],
            (
                [
                    (_e(x.ref_a), ""),
                    (_e(x.ref_b), ""),
                    (_units(x.lead_a), ""),
                    (_units(x.lead_b), ""),
                    (_e(_short(x.text_b)), "text"),
                ]
                for x in c.leads
            ),
        )
    )
    add("</section>")

    add(f"<section><h2>责任单位变化({len(c.responsible)} 项)</h2>")
    add(
        _table(
            [("A 事项", ""), ("B 事项", ""), ("新增责任单位", ""), ("不再负责", ""), ("事项", "")],
            (
                [
                    (_e(x.ref_a), ""),
                    (_e(x.ref_b), ""),
                    (_units(x.added), "up"),
                    (_units(x.removed), "down"),
                    (_e(_short(x.text_b)), "text"),
                ]
                for x in c.responsible
            ),
        )
    )
    add("</section>")

    load_headers = [
        ("", ""),
        ("A 牵头", "num"),
        ("B 牵头", "num"),
        ("A 事项", "num"),
        ("B 事项", "num"),
        ("A 加权", "num"),
        ("B 加权", "num"),
        ("加权变化", "num"),
    ]
    add("<section><h2>任务负荷变化:按职能</h2>")
    add(_table([("职能", ""), *load_headers[1:]], _load_rows(c.functions, True)))
    add("<h2>任务负荷变化:按单位</h2>")
    add(_table([("单位", ""), *load_headers[1:]], _load_rows(c.units, False)))
    add(
        '<p class="small">按原文分工计(单位集合不展开);加权:牵头计 1,各责任单位共分 1。'
        "只列有变化的职能与单位。</p></section>"
    )

    carried = [m for m in c.items if m.status == "carried"]
    add(f"<details><summary>沿用事项({len(carried)} 项)</summary>")
    add(
        _table(
            [("A 事项", ""), ("B 事项", ""), ("原文", "")],
            ([(_e(m.ref_a), ""), (_e(m.ref_b), ""), (_e(m.text_b), "text")] for m in carried),
        )
    )
    add("</details>")

    title = f"{a.title or a.slug} → {b.title or b.slug}"
    meta = f"A:{_plan(a)} → B:{_plan(b)}"
    return template("compare.html").substitute(
        title=_e(title), css=static_text("report.css"), meta=_e(meta), body="".join(out)
    )


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _texts(text_a: str, text_b: str, status: str) -> str:
    if status == "reworded":
        return f"<div>A:{_e(text_a)}</div><div>B:{_e(text_b)}</div>"
    return _e(text_a or text_b)


def _card(number: Any, label: str) -> str:
    return (
        f'<div class="card"><div class="n">{_e(number)}</div><div class="l">{_e(label)}</div></div>'
    )
