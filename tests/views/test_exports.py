"""Files analysts open directly: the workbook, CSV for Excel, network files with
their attributes (GEXF reproducible whatever the date), Cytoscape.js JSON."""

from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner

from graph.cli.analytics_cmd import load, network
from graph.cli.build_cmd import export
from graph.export.networks import network_bytes
from graph.export.xlsx import BOM, csv_table, excel_csv, workbook_bytes

CHINESE_HEADER_CELL = "市发改委"


# --- CSV for Excel ----------------------------------------------------------------


def test_excel_csv_has_a_bom_crlf_and_the_same_cells():
    text = 'unit,text\n市发改委,"含,逗号与""引号"""\n'
    data = excel_csv(text)
    assert data.startswith(BOM.encode("utf-8"))
    assert data == (BOM + 'unit,text\r\n市发改委,"含,逗号与""引号"""\r\n').encode("utf-8")
    assert excel_csv(data) == data  # already for Excel: unchanged
    assert csv_table(data) == (["unit", "text"], [["市发改委", '含,逗号与"引号"']])


def test_load_excel_opens_in_pandas_with_the_chinese_text(tmp_path):
    import pandas as pd

    result = CliRunner().invoke(load, ["--top", "3", "--excel"])
    assert result.exit_code == 0, result.output
    raw = result.stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    frame = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert list(frame.columns[:3]) == ["unit", "unit_en", "kind"]  # no BOM in the name
    assert list(frame["unit"]) == ["各区人民政府", "市发改委", "市经信局"]
    assert list(frame["total"]) == [139, 73, 53]
    # the same rows as --format csv, only with the BOM and CRLF
    plain = CliRunner().invoke(load, ["--top", "3", "--format", "csv"])
    assert raw == excel_csv(plain.stdout_bytes)


def test_excel_with_another_format_is_a_usage_error():
    result = CliRunner().invoke(load, ["--excel", "--format", "json"])
    assert result.exit_code == 2
    assert "--excel writes CSV" in result.output


def test_export_table_for_excel(tmp_path):
    result = CliRunner().invoke(export, ["--table", "units", "--excel"])
    assert result.exit_code == 0, result.output
    columns, rows = csv_table(result.stdout_bytes)
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf")
    assert columns[:3] == ["name", "full_name", "name_en"]
    named = {row[0]: row[1] for row in rows}
    assert named["市发改委"] == "武汉市发展和改革委员会"


# --- the workbook -------------------------------------------------------------------


@pytest.fixture(scope="module")
def workbook_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "tables.xlsx"
    result = CliRunner().invoke(export, ["--format", "xlsx", "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_workbook_has_a_sheet_per_table_frozen_headers_and_widths(workbook_file):
    from openpyxl import load_workbook

    book = load_workbook(workbook_file)
    assert book.sheetnames == ["items", "units", "assignments", "targets"]
    items = book["items"]
    assert items.freeze_panes == "A2"
    assert items["A1"].font.bold and items["A1"].value == "plan"
    header = [c.value for c in items[1]]
    assert header[:4] == ["plan", "ref", "part", "part_title"]
    rows = {r[1]: r for r in items.iter_rows(min_row=2, values_only=True)}
    assert len(rows) == 322
    assert rows["2.10"][1] == "2.10"  # a ref stays text (not 2.1)
    assert rows["2.10"][2] == 2  # the part is a number
    text = rows["1.1"][header.index("text")]
    assert text == "地区生产总值增长6.5%以上。"
    width = items.column_dimensions["I"].width  # the text column: wide, but bounded
    assert header[8] == "text" and 40 <= width <= 60
    assert items.column_dimensions["B"].width < 12
    targets = book["targets"]
    values = [r[3] for r in targets.iter_rows(min_row=2, values_only=True)]
    assert len(values) == 210 and 220000 in values and 6.5 in values


def test_workbook_sheets_hold_exactly_the_csv_tables(workbook_file):
    """Cell for cell the CSV files' text (numbers aside, which Excel shows alike)."""
    from openpyxl import load_workbook

    from graph.export.dataset import prepare_exports
    from graph.parse.sources import parse_sources
    from graph.rdf.namespaces import DEFAULT_BASE
    from graph.read.registry import load_registry

    exports = prepare_exports(parse_sources(None), DEFAULT_BASE, load_registry())
    book = load_workbook(workbook_file)
    for name in ("items", "units", "assignments", "targets"):
        columns, rows = csv_table(exports.render(f"{name}.csv"))
        sheet = list(book[name].iter_rows(values_only=True))
        assert list(sheet[0]) == columns
        assert len(sheet) - 1 == len(rows)
        wrong = []
        for got, want in zip(sheet[1:], rows, strict=True):
            for column, value, text in zip(columns, got, want, strict=True):
                if isinstance(value, int | float):  # a count or figure: the same number
                    same = float(text) == float(value)
                else:
                    same = ("" if value is None else value) == text
                if not same:
                    wrong.append((name, column, value, text))
        assert wrong == []


def test_workbook_is_reproducible(workbook_file, tmp_path):
    again = tmp_path / "again.xlsx"
    result = CliRunner().invoke(export, ["--format", "xlsx", "-o", str(again)])
    assert result.exit_code == 0
    assert again.read_bytes() == workbook_file.read_bytes()
    data = workbook_bytes({"t": (["a"], [["1"]])})
    assert data == workbook_bytes({"t": (["a"], [["1"]])})


def test_workbook_needs_an_output_file():
    result = CliRunner().invoke(export, ["--format", "xlsx"])
    assert result.exit_code == 2 and "-o FILE.xlsx" in result.output


# --- network files ------------------------------------------------------------------


def test_gexf_nodes_and_edges_carry_load_kind_and_role_in_networkx(tables, tmp_path):
    import networkx as nx

    data, nodes, edges = network_bytes(tables, "coassignment", fmt="gexf")
    path = tmp_path / "n.gexf"
    path.write_bytes(data)
    graph = nx.read_gexf(path)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (nodes, edges) == (86, 634)
    ndrc = graph.nodes["市发改委"]
    assert ndrc["kind"] == "municipal_department" and ndrc["role"] == "lead"
    assert (ndrc["lead"], ndrc["responsible"], ndrc["total"]) == (41, 32, 73)
    assert ndrc["weighted"] == pytest.approx(49.472)
    assert graph.nodes["各区人民政府"]["role"] == "responsible"  # leads 5, supports 134
    edge = graph.edges["市发改委", "市经信局"]
    assert edge["role"] == "shared" and edge["load"] == int(edge["weight"]) > 0
    assert edge["kind"] == "municipal_department–municipal_department"


def test_graphml_bipartite_edges_carry_the_role(tables, tmp_path):
    import networkx as nx

    data, _, _ = network_bytes(tables, "bipartite", fmt="graphml")
    path = tmp_path / "b.graphml"
    path.write_bytes(data)
    graph = nx.read_graphml(path)
    assert graph.nodes["item:2.7"]["kind"] == "item"
    assert graph.nodes["unit:市经信局"]["total"] == 53
    assert graph.edges["unit:市经信局", "item:2.7"]["role"] == "lead"


def test_gexf_is_the_same_on_another_day(tables, monkeypatch):
    """#16.15: networkx stamps GEXF with time.strftime('%Y-%m-%d'); the file must not
    depend on the day it is written."""
    import time

    first, _, _ = network_bytes(tables, "coordination", fmt="gexf")
    real = time.strftime
    monkeypatch.setattr(
        time, "strftime", lambda f, *a: "1999-12-31" if f == "%Y-%m-%d" else real(f, *a)
    )
    second, _, _ = network_bytes(tables, "coordination", fmt="gexf")
    assert first == second
    assert b"lastmodifieddate" not in first and b"1999" not in second


def test_cytoscape_json_is_elements_with_data(tables):
    data, nodes, edges = network_bytes(tables, "coordination", fmt="cytoscape")
    doc = json.loads(data)
    assert doc["data"]["directed"] is True
    elements = doc["elements"]
    assert (len(elements["nodes"]), len(elements["edges"])) == (nodes, edges)
    ids = {n["data"]["id"] for n in elements["nodes"]}
    for edge in elements["edges"]:
        assert edge["data"]["source"] in ids and edge["data"]["target"] in ids
        assert edge["data"]["role"] == "leads"
    ndrc = next(n["data"] for n in elements["nodes"] if n["data"]["id"] == "市发改委")
    assert (
        ndrc["label"] == "市发改委"
        and ndrc["total"] == 73
        and ndrc["kind"] == "municipal_department"
    )


def test_network_command_writes_cytoscape(tmp_path):
    out = tmp_path / "n.cyjs"
    result = CliRunner().invoke(network, ["--format", "cytoscape", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "wrote coassignment network (86 nodes, 634 edges)" in result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["elements"]["nodes"]
