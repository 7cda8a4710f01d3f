"""What the pages hold: the search index, the tasks view's scopes, honest sizes,
the unit profile, the report in one language, charts with real text from zero."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from graph.views import build_view, render_view
from graph.views.search import t2s_pairs


def _data(html: str) -> dict:
    block = re.search(
        r'<script type="application/json" id="dutygraph-data">(.*?)</script>', html, re.S
    )
    return json.loads(block.group(1))


# --- search --------------------------------------------------------------------------


def test_search_entries_carry_every_name_a_unit_is_known_by(tables):
    view = build_view(tables, "load")
    entries = {e[0]: e for e in view.data["search"]}
    assert len(entries) == len(view.nodes) == 88
    publicity = entries["unit:市委宣传部"]
    assert publicity[1:3] == ["市委宣传部", "unit"]
    assert "市文明办" in publicity[3]  # the alias
    ndrc = entries["unit:市发改委"][3]
    assert ndrc == [
        "市发改委",
        "武汉市发展和改革委员会",
        "Wuhan Municipal Development and Reform Commission",
    ]


def test_search_of_the_tasks_view_covers_every_scope(tables):
    view = build_view(tables, "tasks")
    entries = {e[0]: e for e in view.data["search"]}
    items = [e for e in entries.values() if e[2] == "item"]
    assert len(items) == 322  # every item, not only the first section's
    assert entries["item:2.101"][3:] == [
        ["2.101"],
        [tables.items.set_index("ref").loc["2.101", "text"]],
    ]


def test_traditional_pairs_cover_the_page_text():
    pairs = t2s_pairs(["市发改委", "各区人民政府"])
    table = {pairs[i]: pairs[i + 1] for i in range(0, len(pairs), 2)}
    assert table["發"] == "发" and table["區"] == "区"
    assert set(table.values()) <= set("市发改委各区人民政府")
    assert "门" not in table.values()  # only what the page's names hold


def test_hostile_unit_names_travel_as_data(hostile_names_tables):
    """#16.16: unit names that are also names of object properties (__proto__,
    constructor, toString) or close a script (</script>) reach the page as plain
    JSON strings; the page's lookups are Maps (the browser test searches them)."""
    html = render_view(hostile_names_tables, "tasks", section="2.1")
    assert "</script><b>" not in html
    data = _data(html)
    names = {e[1] for e in data["search"] if e[2] == "unit"}
    assert {"__proto__", "constructor", "toString", "</script><b>x"} <= names
    script = re.findall(r"<script>(.*?)</script>", html, flags=re.S)[1]
    assert "new Map()" in script and "byLabel" not in script and " in byLabel" not in script


# --- the tasks view opens on one section -------------------------------------------


def test_tasks_view_opens_on_the_first_big_section_with_a_chooser(tables):
    view = build_view(tables, "tasks")
    scopes = view.data["scopes"]
    chooser = scopes["list"]
    keys = [s["key"] for s in chooser]
    # Part 1 (5 items, no sections), part 2's ten sections, parts 3 and 4 as a whole
    # and by section, and everything last.
    assert keys[:3] == ["1", "2.1", "2.2"]
    assert keys[-1] == "all" and chooser[-1]["label"] == "全部(节点较多) · 322 项"
    assert "3" in keys and "4" in keys and "4.20" in keys and "2" not in keys  # part 2: 241
    assert len(chooser) == 1 + 10 + (1 + 5) + (1 + 20) + 1
    first = chooser[scopes["initial"]]
    assert first["key"] == "2.1" and first["items"] == 25
    items = {n["id"] for n in view.nodes if n["id"].startswith("item:")}
    assert len(items) == 25 and all(i.startswith("item:2.") for i in items)
    # every node of every scope is in the page once: shown first, or in the pool
    pool = {n["id"] for n in view.nodes} | {n["id"] for n in scopes["nodes"]}
    assert len(pool) == len(view.nodes) + len(scopes["nodes"]) == 408
    assert len(view.edges) + len(scopes["edges"]) == 983


def test_tasks_view_of_one_section_or_unit_opens_on_it(tables):
    section = build_view(tables, "tasks", section="2.5")
    assert [s["key"] for s in section.data["scopes"]["list"]] == ["2.5"]
    water = build_view(tables, "tasks", unit="市水务局")
    chooser = water.data["scopes"]["list"]
    assert chooser[water.data["scopes"]["initial"]]["key"] == "all"
    assert chooser[-1]["label"] == "全部 · 29 项"  # the unit's 29 items


def test_scope_layouts_have_no_overlapping_boxes(tables):
    from graph.views.layout import box_box, boxes_overlap, dot_box
    from graph.views.view_tasks import ITEM_FONT, ITEM_MARGIN, UNIT_FONT

    view = build_view(tables, "tasks")
    labels = {n["id"]: n["label"] for n in view.nodes} | {
        n["id"]: n["label"] for n in view.data["scopes"]["nodes"]
    }
    for scope in view.data["scopes"]["list"]:
        positions = {n: (x, y) for n, x, y, _ in scope["nodes"]}
        boxes = {
            n: dot_box(size, labels[n], UNIT_FONT)
            if size is not None
            else box_box(labels[n], ITEM_FONT, ITEM_MARGIN)
            for n, _, _, size in scope["nodes"]
        }
        assert boxes_overlap(positions, boxes) == [], scope["key"]


# --- honest sizes ----------------------------------------------------------------------


def test_district_sizes_are_proportional_to_their_items(tables):
    from graph.analytics.load import district_load

    view = build_view(tables, "districts")
    totals = dict(zip(district_load(tables)["unit"], district_load(tables)["total"], strict=True))
    sizes = {n["name"]: n["size"] for n in view.nodes if "name" in n}
    assert totals["新洲区人民政府"] == 164 and totals["东湖风景区管委会"] == 139
    # Area ratio is the item ratio: 139 / 164 = 0.85, not the 14 px against 44 px of
    # a scale from the least to the most.
    ratio = (sizes["东湖风景区管委会"] / sizes["新洲区人民政府"]) ** 2
    assert ratio == pytest.approx(139 / 164, abs=0.002)
    scale = next(e for e in view.legend if e["type"] == "scale")
    assert scale["top"] == 164 and scale["high"] == 40.0


# --- the unit page ---------------------------------------------------------------------


def test_unit_page_lists_items_by_role_partners_and_targets(tables):
    html = render_view(tables, "unit", unit="市水务局")
    text = re.sub(r"<[^>]+>", " ", html)
    assert "<h1>市水务局 · 任务概况</h1>" in html
    assert "牵头事项(17 项)" in text and "责任事项(非牵头)(12 项)" in text
    assert "配合事项" not in text and "经单位集合到达的事项" not in text
    view = build_view(tables, "unit", unit="市水务局")
    profile = view.data["profile"]
    written = profile["loads"][0][0]
    assert (written["total"], written["lead"], written["responsible"]) == (29, 17, 12)
    assert [r["key"] for r in profile["sections"]["lead"]][:3] == ["2.75", "2.99", "2.103"]
    assert profile["sections"]["lead"][0]["how"] == "按无牵头单位规则"
    assert profile["partners"][0]["unit"] == "各区人民政府"
    assert len(profile["partners"]) == 15
    assert {t["key"] for t in profile["targets"]} >= {"2.99", "4.25"}
    assert profile["by_plan"] == []  # one plan in the graph
    # self-contained: one inline script, allowed by its hash; no request leaves it
    assert html.count("<script>") == 1 and "default-src 'none'" in unescape(html)
    assert re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:|//)""", html) is None


def test_unit_page_of_a_group_lists_what_reaches_its_members(tables):
    view = build_view(tables, "unit", unit="各区人民政府")
    assert len(view.data["profile"]["sections"]["responsible"]) == 134


def test_unit_page_needs_a_known_unit(tables):
    from graph.errors import OptionError

    with pytest.raises(OptionError, match="needs a unit"):
        build_view(tables, "unit")
    with pytest.raises(OptionError, match="did you mean 市水务局"):
        build_view(tables, "unit", unit="市水物局")


# --- the report in one language ---------------------------------------------------------

CJK = re.compile(r"[\u3400-\u9fff]")
LATIN_WORD = re.compile(r"\b[A-Za-z]{3,}\b")


def _visible(html: str) -> list[str]:
    body = html[html.index("<body>") :]
    body = re.sub(r"<style>.*?</style>", "", body, flags=re.S)
    return [t.strip() for t in re.split(r"<[^>]+>", body) if t.strip()]


def test_chinese_report_has_no_english_cells(tables):
    from graph.views.report import render_report

    cells = _visible(render_report(tables, {}))
    english = [c for c in cells if LATIN_WORD.search(c)]
    assert english == []
    assert "牵头单位不同" in " ".join(cells) or "仅 2.91 有:各区人民政府" in cells


def test_english_report_is_english_but_for_plan_text(tables):
    from graph.views.report import render_report

    html = render_report(tables, {}, lang="en")
    assert '<html lang="en">' in html
    cells = _visible(html)
    assert "Load ranking (top 20)" in cells and "Development and Reform Commission" in cells
    # Chinese only where the plan speaks: its title and document number, item texts
    # (shortened with …), unit names the registry gives no English name.
    names = set(tables.assignments["unit"]) | {"2023年市《政府工作报告》目标任务责任分解方案"}
    texts = list(tables.items["text"])
    left = []
    for cell in cells:
        rest = cell
        for name in sorted(names, key=len, reverse=True):
            rest = rest.replace(name, "")
        shortened = rest.split(":", 1)[-1].rstrip("…")
        if shortened and any(shortened in text for text in texts):
            continue
        if CJK.search(rest.replace("武政办〔2023〕1号", "")):
            left.append(cell)
    assert left == []
    assert "only in 2.91: 各区人民政府" in cells


# --- charts ---------------------------------------------------------------------------


def test_svg_chart_keeps_its_text_as_text(tables):
    from graph.views.charts import chart_bytes

    svg = chart_bytes(tables, "load", "svg").decode("utf-8")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "市发改委" in texts and "牵头事项" in texts
    assert "139" in texts  # the figure beside the longest bar
    assert "<path" in svg  # bars are still shapes


@pytest.mark.parametrize("kind", ["load", "districts"])
def test_bars_start_at_zero(tables, kind):
    import matplotlib

    from graph.views import charts

    with matplotlib.rc_context(charts.rc(charts.cjk_font())):
        figure = charts.make_figure(tables, kind)
    ax = figure.axes[0]
    assert ax.get_xlim()[0] == 0
    lefts = {round(p.get_x(), 6) for p in ax.patches if p.get_width() > 0}
    assert 0.0 in lefts


def test_heat_map_colours_start_at_zero(tables):
    import matplotlib

    from graph.views import charts

    with matplotlib.rc_context(charts.rc(charts.cjk_font())):
        figure = charts.make_figure(tables, "sections")
    image = figure.axes[0].images[0]
    assert image.get_clim()[0] == 0


def test_english_chart_names_units_in_english(tables):
    import matplotlib
    from matplotlib.text import Text

    from graph.views import charts

    with matplotlib.rc_context(charts.rc(charts.cjk_font())):
        figure = charts.make_figure(tables, "load", lang="en")
        figure.canvas.draw()
        texts = [t.get_text() for t in figure.findobj(Text)]
    assert "Development and Reform Commission" in texts
    assert not [t for t in texts if CJK.search(t)]
