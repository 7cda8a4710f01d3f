"""Static charts: files of the right size, Chinese labels drawn with a CJK font."""

from __future__ import annotations

import re
import warnings

import pytest
from click.testing import CliRunner

from graph.cli.views_cmd import chart
from graph.errors import DataError
from graph.export.pages import write_chart
from graph.views import charts
from tests.views.pixels import drawn_fraction, png_size

CJK = re.compile(r"[\u3400-\u9fff]")


def _glyph_warnings(caught) -> list[str]:
    return [
        str(w.message)
        for w in caught
        if "missing from" in str(w.message) or "Glyph" in str(w.message)
    ]


@pytest.mark.parametrize("kind", charts.KINDS)
def test_png_chart_has_size_and_no_missing_glyphs(tables, tmp_path, kind):
    path = tmp_path / f"{kind}.png"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        write_chart(tables, kind, path)
    assert _glyph_warnings(caught) == []
    data = path.read_bytes()
    assert png_size(data) == charts.size_px(kind)
    assert drawn_fraction(data) > 0.05


@pytest.mark.parametrize("kind", charts.KINDS)
def test_chinese_labels_use_a_font_with_their_glyphs(tables, kind):
    """Every text with Chinese in it resolves (matplotlib's findfont, with the
    chart's settings) to a font file whose character map holds all its CJK
    characters: the labels are drawn, not boxes."""
    import matplotlib
    from fontTools.ttLib import TTCollection, TTFont
    from matplotlib.font_manager import findfont
    from matplotlib.text import Text

    font = charts.cjk_font()
    with matplotlib.rc_context(charts.rc(font)), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure = charts.make_figure(tables, kind)
        figure.canvas.draw()
        texts = [t for t in figure.findobj(Text) if CJK.search(t.get_text())]
        found = {findfont(t.get_fontproperties(), fallback_to_default=False) for t in texts}
    assert _glyph_warnings(caught) == []
    assert len(texts) >= 10
    assert {str(f) for f in found} == {font.path}
    face = getattr(next(iter(found)), "face_index", 0)
    if font.path.lower().endswith(".ttc"):
        loaded = TTCollection(font.path).fonts[face]
    else:
        loaded = TTFont(font.path)
    cmap = loaded.getBestCmap()
    family = loaded["name"].getDebugName(1)
    assert family == font.name
    missing = {ch for t in texts for ch in CJK.findall(t.get_text()) if ord(ch) not in cmap}
    assert missing == set()


def test_svg_is_deterministic(tables):
    first = charts.chart_bytes(tables, "districts", "svg")
    second = charts.chart_bytes(tables, "districts", "svg")
    assert first == second
    assert first.lstrip().startswith(b"<?xml")
    assert b"<dc:date>" not in first


def test_cli_writes_chart(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(chart, ["--kind", "load", "-o", "load.svg"])
    assert result.exit_code == 0, result.output
    assert "wrote load chart" in result.stderr
    assert (tmp_path / "load.svg").read_bytes().startswith(b"<?xml")
    bad = CliRunner().invoke(chart, ["--kind", "load", "-o", "load.gif"])
    assert bad.exit_code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["load.svg"]


def test_no_cjk_font_is_a_one_line_error(tables, tmp_path, monkeypatch):
    from matplotlib import font_manager

    monkeypatch.setattr(font_manager.fontManager, "ttflist", [])
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    charts.cjk_font.cache_clear()
    try:
        with pytest.raises(DataError, match="no font with Chinese glyphs") as info:
            write_chart(tables, "load", tmp_path / "load.png")
        assert "\n" not in str(info.value)
        assert not (tmp_path / "load.png").exists()
    finally:
        charts.cjk_font.cache_clear()
