"""Static charts for reports and slides (matplotlib, Agg; PNG or SVG).

* ``load`` – the 20 units on most items, lead and responsible items as stacked bars;
* ``districts`` – each district's and committee's items, named directly vs reached
  through groups, 中心城区 / 新城区 / 功能区管委会 in their own colours;
* ``sections`` – a district × section heat map of the items that reach each district.

Chinese labels need a font with CJK glyphs: :func:`cjk_font` finds one among the
installed fonts (Noto Sans CJK, Source Han Sans, WenQuanYi, …) and fails with a
one-line :class:`~graph.errors.DataError` when there is none, rather than drawing
empty boxes. SVG keeps its text as text (``svg.fonttype = "none"``): labels can be
searched, selected and copied, and the viewer draws them with the font named (the
CJK family first, then generic sans-serif). Output is deterministic: fixed sizes,
no timestamps, a fixed SVG hash salt.

Honest scales: every bar starts at zero (the axis is pinned there, not left to
autoscaling), and the heat map's colours run from zero. Titles and axes are in
Chinese, or in English with ``lang="en"`` (units then by their English names).
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from typing import Any

from graph.analytics.frames import Tables
from graph.errors import DataError, OptionError
from graph.views import style
from graph.views.words import check_lang, say, unit_name, zone_label

KINDS = ("load", "districts", "sections")
FORMATS = ("png", "svg")
DPI = 100
SIZES = {"load": (10.0, 8.0), "districts": (10.0, 7.0), "sections": (14.0, 7.0)}
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Serif CJK SC",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "AR PL UKai CN",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
)
PROBE = "中心城区新城区责任单位牵头事项数"
NO_FONT = (
    "no font with Chinese glyphs is installed, so chart labels would be empty boxes; "
    "install one (e.g. apt-get install fonts-wqy-microhei or fonts-noto-cjk)"
)


@dataclass(frozen=True)
class Font:
    name: str
    path: str


def size_px(kind: str) -> tuple[int, int]:
    """The pixel size of a PNG chart of ``kind``."""
    w, h = SIZES[kind]
    return int(round(w * DPI)), int(round(h * DPI))


def _covers(path: str, text: str = PROBE) -> bool:
    try:
        from matplotlib.ft2font import FT2Font

        charmap = FT2Font(path).get_charmap()
    except Exception:  # unreadable font files are simply not candidates
        return False
    return all(ord(ch) in charmap for ch in text)


@functools.cache
def cjk_font() -> Font:
    """An installed font that has Chinese glyphs (preferred families first)."""
    from matplotlib import font_manager

    manager = font_manager.fontManager
    found = _search(manager)
    if found is None:
        # Fonts installed after matplotlib built its font cache are not in it yet.
        known = {entry.fname for entry in manager.ttflist}
        for path in sorted(font_manager.findSystemFonts()):
            if path not in known:
                try:
                    manager.addfont(path)
                except Exception:
                    continue
        found = _search(manager)
    if found is None:
        raise DataError(NO_FONT)
    return found


def _search(manager) -> Font | None:
    by_name: dict[str, list[str]] = {}
    for entry in manager.ttflist:
        by_name.setdefault(entry.name, []).append(entry.fname)
    for family in CJK_FAMILIES:
        for path in sorted(by_name.get(family, [])):
            if _covers(path):
                return Font(family, path)
    for name in sorted(by_name):
        for path in sorted(by_name[name]):
            if _covers(path):
                return Font(name, path)
    return None


def rc(font: Font) -> dict[Any, Any]:
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [font.name, "DejaVu Sans"],
        "axes.unicode_minus": False,
        "svg.hashsalt": "dutygraph",
        "svg.fonttype": "none",
        "figure.dpi": DPI,
        "savefig.dpi": DPI,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def chart_bytes(
    tables: Tables, kind: str, fmt: str = "png", *, expand: bool = False, lang: str = "zh"
) -> bytes:
    """The chart ``kind`` as PNG or SVG bytes, its words in ``lang`` (zh or en)."""
    if kind not in KINDS:
        raise OptionError(f"unknown chart {kind!r}; choose from {', '.join(KINDS)}")
    if fmt not in FORMATS:
        raise OptionError(f"charts are written as PNG or SVG, not {fmt!r}")
    import matplotlib

    with matplotlib.rc_context(rc(cjk_font())):
        figure = make_figure(tables, kind, expand=expand, lang=lang)
        # tight_layout() leaves a placeholder layout engine behind, and savefig then
        # draws the whole figure once more, invisibly, before drawing it: a third of
        # its time, for nothing (the layout is done; no engine means no pre-draw).
        figure.set_layout_engine(None)
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        figure.savefig(buffer, format=fmt, dpi=DPI, metadata=metadata)
    return buffer.getvalue()


def make_figure(tables: Tables, kind: str, *, expand: bool = False, lang: str = "zh"):
    """The matplotlib Figure (Agg canvas) of chart ``kind``; draw or save it inside
    ``matplotlib.rc_context(rc(cjk_font()))`` so its labels find the CJK font."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if kind not in KINDS:
        raise OptionError(f"unknown chart {kind!r}; choose from {', '.join(KINDS)}")
    check_lang(lang)
    figure = Figure(figsize=SIZES[kind], dpi=DPI)
    FigureCanvasAgg(figure)
    draw = {"load": _load, "districts": _districts, "sections": _sections}[kind]
    draw(figure, tables, expand, lang)
    return figure


def _load(figure, tables: Tables, expand: bool, lang: str = "zh") -> None:
    from graph.analytics.load import unit_load

    frame = unit_load(tables, expand=expand, by="total", top=20).iloc[::-1]
    ax = figure.add_subplot()
    names = [unit_name(u, e, lang) for u, e in zip(frame["unit"], frame["unit_en"], strict=True)]
    positions = list(range(len(names)))
    lead = [int(v) for v in frame["lead"]]
    responsible = [int(v) for v in frame["responsible"]]
    ax.barh(positions, lead, color=style.LEAD_COLOUR, label=say("lead_items", lang))
    ax.barh(
        positions, responsible, left=lead, color="#9fb3c8", label=say("responsible_items", lang)
    )
    ax.set_yticks(positions)
    ax.set_yticklabels(names)
    for y, (a, b) in enumerate(zip(lead, responsible, strict=True)):
        ax.text(a + b + 1, y, str(a + b), va="center", fontsize=9, color="#333333")
    ax.set_xlim(0, max((a + b for a, b in zip(lead, responsible, strict=True)), default=1) * 1.08)
    ax.set_xlabel(say("item_count", lang))
    how = say("chart_how_expand" if expand else "chart_how_written", lang)
    ax.set_title(say("load_title", lang, n=len(frame), how=how), fontsize=13)
    ax.legend(loc="lower right", frameon=False)
    ax.tick_params(axis="y", labelsize=10)
    figure.tight_layout()


def _english_names(tables: Tables) -> dict[str, object]:
    a = tables.assignments.drop_duplicates("unit")
    return dict(zip(a["unit"], a["unit_en"], strict=True))


def _district_frame(tables: Tables):
    from graph.analytics.load import district_load

    frame = district_load(tables).copy()
    frame["zone_key"] = [
        style.zone_of(kind, zone) for kind, zone in zip(frame["kind"], frame["zone"], strict=True)
    ]
    order = {zone: n for n, zone in enumerate(style.ZONE_ORDER)}
    frame["zone_order"] = frame["zone_key"].map(order)
    return frame.sort_values(
        ["zone_order", "total", "unit"], ascending=[True, False, True], kind="mergesort"
    ).reset_index(drop=True)


def _districts(figure, tables: Tables, expand: bool, lang: str = "zh") -> None:
    from matplotlib.patches import Patch

    frame = _district_frame(tables).iloc[::-1]
    ax = figure.add_subplot()
    english = _english_names(tables)
    names = [unit_name(u, english.get(u), lang) for u in frame["unit"]]
    named = [int(v) for v in frame["named"]]
    via = [int(v) for v in frame["via_groups"]]
    dark = [style.ZONE_COLOURS[z] for z in frame["zone_key"]]
    light = [style.ZONE_LIGHT[z] for z in frame["zone_key"]]
    rows = list(range(len(names)))
    ax.barh(rows, named, color=dark)
    ax.barh(rows, via, left=named, color=light)
    ax.set_yticks(rows)
    ax.set_yticklabels(names)
    for y, (a, b) in enumerate(zip(named, via, strict=True)):
        ax.text(a + b + 1, y, str(a + b), va="center", fontsize=9, color="#333333")
    handles = []
    for zone in style.ZONE_ORDER:
        if zone in set(frame["zone_key"]):
            label = zone_label(zone, lang)
            named_label = f"{label} · {say('named_items', lang)}"
            via_label = f"{label} · {say('via_items', lang)}"
            handles.append(Patch(color=style.ZONE_COLOURS[zone], label=named_label))
            handles.append(Patch(color=style.ZONE_LIGHT[zone], label=via_label))
    ax.set_xlim(0, max((a + b for a, b in zip(named, via, strict=True)), default=1) * 1.38)
    ax.legend(handles=handles, loc="center right", frameon=False, fontsize=9)
    ax.set_xlabel(say("item_count", lang))
    ax.set_title(say("districts_title", lang), fontsize=13)
    figure.tight_layout()


def _sections(figure, tables: Tables, expand: bool, lang: str = "zh") -> None:
    import numpy as np

    from graph.analytics.load import load_by_section

    districts = _district_frame(tables)
    per = load_by_section(tables, expand=True)
    per = per[per["unit"].isin(set(districts["unit"]))]
    items = tables.items
    columns = sorted(
        {
            (int(p), None if str(s) == "<NA>" else int(s))
            for p, s in zip(items["part"], items["section"], strict=True)
        },
        key=lambda c: (c[0], -1 if c[1] is None else c[1]),
    )
    rows = list(districts["unit"])
    index = {c: n for n, c in enumerate(columns)}
    row_index = {u: n for n, u in enumerate(rows)}
    grid = np.zeros((len(rows), len(columns)), dtype=int)
    for unit, part, section, total in zip(
        per["unit"], per["part"], per["section"], per["total"], strict=True
    ):
        key = (int(part), None if str(section) == "<NA>" else int(section))
        if key in index:
            grid[row_index[unit], index[key]] = int(total)
    ax = figure.add_subplot()
    top = int(grid.max()) if grid.size else 0
    # Colours from zero: a pale cell holds few items, not merely the fewest shown.
    image = ax.imshow(
        grid, aspect="auto", cmap="YlOrRd", interpolation="nearest", vmin=0, vmax=max(top, 1)
    )
    ax.set_xticks(range(len(columns)))
    ax.set_xticklabels(
        [f"{p}" if s is None else f"{p}.{s}" for p, s in columns], fontsize=8, rotation=90
    )
    ax.set_yticks(range(len(rows)))
    english = _english_names(tables)
    ax.set_yticklabels([unit_name(u, english.get(u), lang, 24) for u in rows], fontsize=9)
    for label, zone in zip(ax.get_yticklabels(), districts["zone_key"], strict=True):
        label.set_color(style.ZONE_COLOURS[zone])
    for (r, c), value in np.ndenumerate(grid):
        if value:
            # Out of the tight layout: each label sits in the middle of its cell, inside
            # the axes, so it cannot move the layout, and measuring hundreds of them
            # took a fifth of the chart's time.
            ax.text(
                c,
                r,
                str(value),
                ha="center",
                va="center",
                fontsize=6.5,
                color="white" if value > top * 0.6 else "#333333",
                in_layout=False,
            )
    ax.set_xlabel(say("sections_axis", lang))
    ax.set_title(say("sections_title", lang), fontsize=12)
    ax.spines[:].set_visible(False)
    figure.colorbar(image, ax=ax, label=say("item_count", lang), fraction=0.025, pad=0.01)
    figure.tight_layout()
