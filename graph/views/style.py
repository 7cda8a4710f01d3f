"""Labels and colours the views, charts and report share.

Colours are set explicitly on every node and edge, and groups are never used
(pyvis, which once built the networks, dropped ``color`` from a node that also had
a ``group``). Kind and zone labels follow the ontology's ``@zh-Hans`` labels.
"""

from __future__ import annotations

KIND_LABELS = {
    "municipal_department": "市直部门",
    "district_government": "区人民政府",
    "management_committee": "功能区管委会",
    "group": "单位集合",
    "state_owned_enterprise": "市属国有企业",
    "peoples_organisation": "人民团体",
    "party_organ": "党委机构",
    "central_or_provincial": "驻市中央或省属单位",
    "leading_group": "领导小组及其办公室",
    "command_post": "指挥部机构",
    "other": "其他",
    "unknown": "未知",
}
KIND_COLOURS = {
    "municipal_department": "#4e79a7",
    "district_government": "#59a14f",
    "management_committee": "#f28e2b",
    "group": "#8c8c8c",
    "state_owned_enterprise": "#b07aa1",
    "peoples_organisation": "#ff9da7",
    "party_organ": "#e15759",
    "central_or_provincial": "#76b7b2",
    "leading_group": "#edc948",
    "command_post": "#9c755f",
    "other": "#bab0ac",
    "unknown": "#555555",
}
DISTRICT_KINDS = ("district_government", "management_committee")

# Districts by zone: 中心城区, 新城区, and the committees of the functional areas.
ZONE_LABELS = {
    "central": "中心城区",
    "new": "新城区",
    "committee": "功能区管委会",
    "other": "其他区(未分城区类型)",
}
ZONE_COLOURS = {"central": "#2f6db5", "new": "#2e9b4f", "committee": "#e07b16", "other": "#7f7f7f"}
ZONE_LIGHT = {"central": "#a9c6ea", "new": "#a8dcb6", "committee": "#f6c99a", "other": "#cfcfcf"}
ZONE_ORDER = ("central", "new", "committee", "other")

# Item boxes by part of the plan: light fill, darker border.
PART_FILL = {1: "#fde9c4", 2: "#dbe8f6", 3: "#e9def5", 4: "#dcf1d6"}
PART_BORDER = {1: "#c98a12", 2: "#3b6ea8", 3: "#7a52a8", 4: "#3f8f2f"}
PART_DEFAULT = ("#eeeeee", "#777777")

LEAD_COLOUR = "#c0392b"
RESPONSIBLE_COLOUR = "#8a959e"
COOPERATING_COLOUR = "#3c9a5f"
GROUP_EDGE_COLOUR = "#b8b8b8"
AGREE_COLOUR = "#2e9b4f"
DIFFER_COLOUR = "#d35400"

ROLE_LABELS = {"lead": "牵头单位", "responsible": "责任单位", "cooperating": "配合单位"}
DERIVATION_LABELS = {
    "written": "原文所写",
    "no_lead_rule": "按无牵头单位规则",
    "group": "经单位集合展开",
}


def _text(value) -> str:
    """``value`` as text; '' for None, pandas' NA and NaN."""
    if value is None or type(value).__name__ == "NAType" or value != value:
        return ""
    return str(value)


def kind_label(kind) -> str:
    key = _text(kind) or "unknown"
    return KIND_LABELS.get(key, key)


def kind_colour(kind) -> str:
    return KIND_COLOURS.get(_text(kind) or "unknown", KIND_COLOURS["unknown"])


def zone_of(kind, zone) -> str:
    """``central``, ``new`` or ``committee`` for a district-level unit."""
    zone = _text(zone)
    if zone in ("central", "new"):
        return zone
    return "committee" if _text(kind) == "management_committee" else "other"


def chinese_number(n: int) -> str:
    """A part or section number as pages print it (3 -> 三); outside 1-999, digits."""
    # Imported here: the CLI reads this module's labels for its --help.
    from graph.parse.numerals import int_to_chinese

    return int_to_chinese(n) if 0 < n < 1000 else str(n)


def part_colours(part: int | None) -> tuple[str, str]:
    if part is None:
        return PART_DEFAULT
    return PART_FILL.get(part, PART_DEFAULT[0]), PART_BORDER.get(part, PART_DEFAULT[1])


def node_colour(background: str, border: str | None = None) -> dict:
    """A vis-network colour object with matching highlight and hover colours."""
    border = border or background
    return {
        "background": background,
        "border": border,
        "highlight": {"background": background, "border": "#111111"},
        "hover": {"background": background, "border": "#111111"},
    }


def short(text: str, limit: int = 40) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
