"""The words the report and the charts print, in Chinese and in English.

A report is in one language throughout (``report --lang zh`` or ``--lang en``):
headings, labels, kinds, zones, the duplicate items' differences, the chart titles
and axes. Plan text (item texts, part titles, unit names with no English name in
the registry) is data and stays as the plan writes it.
"""

from __future__ import annotations

import re

from graph.errors import OptionError

LANGS = ("zh", "en")

WORDS: dict[str, tuple[str, str]] = {
    "report": ("任务分工报告", "task allocation report"),
    "plan": ("责任分解方案", "Responsibility plan"),
    "overview": ("概况", "Overview"),
    "items": ("目标任务事项", "items (tasks)"),
    "part": ("第{n}部分", "Part {n}"),
    "units": ("责任单位(不含单位集合)", "responsible units (groups not counted)"),
    "groups": ("单位集合(如 各区人民政府)", "groups of units (e.g. all districts)"),
    "no_lead": (
        "未写牵头单位的事项(责任单位牵头)",
        "items naming no lead (responsible units lead)",
    ),
    "group_items": ("单位集合及写给它们的事项数:", "Groups and the items given to them: "),
    "views": ("交互式网络图", "Interactive networks"),
    "views_note": (
        "每个网络图都是独立的网页文件,可离线打开;悬停或点击节点查看详情。",
        "Each network is a self-contained HTML file that opens offline; hover or click a node for details.",
    ),
    "board": ("任务负荷排行(前 {n})", "Load ranking (top {n})"),
    "unit": ("单位", "Unit"),
    "kind": ("类型", "Kind"),
    "lead": ("牵头", "Lead"),
    "by_rule": ("其中按规则", "of which by rule"),
    "responsible": ("责任(非牵头)", "Responsible (not lead)"),
    "total": ("合计", "Total"),
    "via_groups": ("经单位集合", "Through groups"),
    "weighted": ("加权", "Weighted"),
    "how_expand": ("单位集合按成员展开", "groups expanded to their members"),
    "how_written": ("按原文分工,单位集合计为一个单位", "as written, a group counted as one unit"),
    "weighting": (
        ";加权:牵头计 1,各责任单位共分 1。",
        "; weighted: a lead counts 1, the responsible units share 1.",
    ),
    "charts": ("图表", "Charts"),
    "districts": ("各区及功能区", "Districts and functional zones"),
    "district": ("区/功能区", "District or zone"),
    "zone": ("城区类型", "Zone"),
    "named": ("点名", "Named"),
    "duplicates": ("疑似重复事项({n} 对)", "Likely duplicate items ({n} pairs)"),
    "item": ("事项", "Item"),
    "restated": ("重复于", "Restated in"),
    "score": ("相似度", "Score"),
    "assignment": ("分工", "Assignment"),
    "difference": ("差异", "Difference"),
    "text": ("原文", "Text"),
    "agree": ("一致", "same"),
    "differ": ("不一致", "differs"),
    "view_load": ("责任单位任务负荷网络", "Load network of the responsible units"),
    "view_load_note": (
        "圆面积与任务量成正比,连线 = 共同承担的事项",
        "disc area proportional to load; lines join units sharing items",
    ),
    "view_tasks": ("任务分工网络(按部分和节)", "Units and items (by part and section)"),
    "view_tasks_note": ("单位与事项,牵头与责任分工", "units and items, lead and responsible"),
    "view_districts": ("各区及功能区任务负荷", "Load of the districts and functional zones"),
    "view_districts_note": (
        "中心城区、新城区与功能区:点名事项与经单位集合到达的事项",
        "central and new districts and zones: items naming them and items reaching them through groups",
    ),
    "view_overlaps": ("重复任务与分工差异", "Duplicate items and their differences"),
    "view_overlaps_note": (
        "疑似重复的事项对及其分工差异",
        "likely restated items and how their units differ",
    ),
    "chart_load": ("任务最多的 {n} 个单位", "The {n} units on most items"),
    "chart_districts": ("各区及功能区任务量", "Items per district and zone"),
    "chart_sections": ("各区及功能区 × 章节", "Districts and zones × sections"),
    "lead_items": ("牵头事项", "items led"),
    "responsible_items": ("责任事项(非牵头)", "items responsible for (not lead)"),
    "item_count": ("事项数", "items"),
    "load_title": (
        "任务最多的 {n} 个单位:牵头与责任事项 · {how}",
        "Top {n} units by items: led and responsible ({how})",
    ),
    "chart_how_expand": ("单位集合按成员展开", "groups expanded"),
    "chart_how_written": ("按原文分工(单位集合计为一个单位)", "as written, a group is one unit"),
    "named_items": ("点名", "named"),
    "via_items": ("经单位集合", "through groups"),
    "districts_title": (
        "各区及功能区任务量:点名事项与经单位集合(各区人民政府等)到达的事项",
        "Items per district and zone: named, and reached through groups",
    ),
    "sections_axis": ("部分.节(如 2.5 = 第二部分第五节)", "part.section (2.5 = part 2, section 5)"),
    "sections_title": (
        "各区及功能区 × 章节:到达的事项数(含经单位集合;蓝 = 中心城区,绿 = 新城区,橙 = 功能区管委会)",
        "Districts × sections: items reaching them, through groups included "
        "(blue central, green new, orange zones)",
    ),
}

ZONES_EN = {
    "central": "central urban district",
    "new": "new urban district",
    "committee": "functional-zone committee",
    "other": "other district",
}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise OptionError(f"unknown language {lang!r}; choose from {', '.join(LANGS)}")
    return lang


def say(key: str, lang: str = "zh", **values: object) -> str:
    """The phrase ``key`` in ``lang``, with ``{name}`` fields filled from ``values``."""
    zh, en = WORDS[key]
    return (en if check_lang(lang) == "en" else zh).format(**values)


def kind_label(kind: object, lang: str = "zh") -> str:
    """A unit kind's label: the views' Chinese one, or the registry's English one."""
    from graph.model.units import KINDS
    from graph.views import style

    if lang != "en":
        return style.kind_label(kind)
    key = style._text(kind) or "unknown"
    return KINDS.get(key, (key, key))[1]


def zone_label(zone_key: str, lang: str = "zh") -> str:
    from graph.views import style

    return ZONES_EN[zone_key] if lang == "en" else style.ZONE_LABELS[zone_key]


_PREFIXES = ("Wuhan Municipal ", "Wuhan ")
_DISTRICT = re.compile(r"^(.*) District People's Government$")
_COMMITTEE = re.compile(r"^Administrative Committee of (?:Wuhan )?(.*)$")


def unit_name(unit: str, name_en: object, lang: str = "zh", limit: int = 48) -> str:
    """A unit as the report names it: the short Chinese name, or in English the
    registry's English name without the city's prefix (the short name where the
    registry has none)."""
    from graph.views import style

    if lang != "en":
        return unit
    english = style._text(name_en)
    if not english:
        return unit
    english = _DISTRICT.sub(r"\1 District", english)
    english = _COMMITTEE.sub(r"\1 Committee", english)
    for prefix in _PREFIXES:
        if english.startswith(prefix):
            english = english[len(prefix) :]
            break
    english = english[:1].upper() + english[1:]
    return english if len(english) <= limit else english[: limit - 1] + "…"


_LEAD = re.compile(r"^lead changed: (.*) \((.+?)\) vs (.*) \((.+?)\)$")
_ONLY = re.compile(r"^only in (.+?): (.*)$")
_ROLE = re.compile(r"^role changed: (.*)$")


def difference(text: object, lang: str = "zh") -> str:
    """A duplicate pair's difference (``graph.analytics.overlaps``), in ``lang``: the
    analytics write it in English, in three fixed forms."""
    from graph.views import style

    text = style._text(text)
    if lang == "en" or not text:
        return text
    out = []
    for part in text.split("; "):
        if m := _LEAD.match(part):
            out.append(f"牵头单位不同:{m[1]}({m[2]})与 {m[3]}({m[4]})")
        elif m := _ONLY.match(part):
            out.append(f"仅 {m[1]} 有:{m[2]}")
        elif m := _ROLE.match(part):
            out.append(f"角色不同:{m[1]}")
        else:
            out.append(part)
    return ";".join(out)
