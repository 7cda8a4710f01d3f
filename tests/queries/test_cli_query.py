"""``dutygraph query``: updates refused, clear errors, formats, ``--store DIR``."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from tests.queries.conftest import invoke

ERROR = re.compile(r"^dutygraph: error: (?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+)$")
INSERT = "INSERT DATA { <urn:x:s> <urn:x:p> <urn:x:o> }"
COUNT_X = "SELECT (COUNT(*) AS ?n) WHERE { <urn:x:s> ?p ?o }"


def one_error_line(result, code: int = 2) -> str:
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("dutygraph: error: ")
    return line


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    """A store persisted by ``dutygraph query --store DIR`` (built on first use)."""
    folder = tmp_path_factory.mktemp("persisted") / "store"
    result = invoke("query", "plan-metadata", "--store", str(folder), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["items"] == 322
    return folder


# -- updates ----------------------------------------------------------------------------


def test_update_file_is_refused(fast_cli, tmp_path, store):
    path = tmp_path / "insert.rq"
    path.write_text(INSERT, encoding="utf-8")
    before = len(store)
    line = one_error_line(fast_cli("query", str(path)))
    assert "SPARQL UPDATE" in line and "--allow-update" in line and "insert" in line
    assert len(store) == before


@pytest.mark.parametrize("text", [INSERT, "DROP ALL", "CLEAR DEFAULT", "DELETE WHERE { ?s ?p ?o }"])
def test_update_on_stdin_is_refused(fast_cli, store, text):
    before = len(store)
    line = one_error_line(fast_cli("query", "-", input=text))
    assert "query <stdin> is a SPARQL UPDATE; pass --allow-update to run it" in line
    assert len(store) == before


def test_allow_update_changes_the_persisted_store(store_dir, tmp_path):
    path = tmp_path / "insert.rq"
    path.write_text(INSERT, encoding="utf-8")
    assert invoke("query", "-", "--store", str(store_dir), input=COUNT_X).stdout.split()[-1] == "0"
    result = invoke("query", str(path), "--store", str(store_dir), "--allow-update")
    assert result.exit_code == 0, result.output
    assert "update insert done" in result.stderr
    after = invoke("query", "-", "--store", str(store_dir), "--format", "csv", input=COUNT_X)
    assert after.stdout.splitlines() == ["n", "1"]
    undo = invoke(
        "query", "-", "--store", str(store_dir), "--allow-update",
        input="DELETE DATA { <urn:x:s> <urn:x:p> <urn:x:o> }",
    )  # fmt: skip
    assert undo.exit_code == 0, undo.output


# -- errors ---------------------------------------------------------------------------


def test_syntax_error_in_a_file_names_query_and_position(fast_cli, tmp_path):
    path = tmp_path / "broken.rq"
    path.write_text("# title: Broken\nSELECT ?s WHERE {\n  ?s ?p \n}\n", encoding="utf-8")
    line = one_error_line(fast_cli("query", str(path)))
    match = ERROR.match(line)
    assert match, line
    assert (match["path"], match["line"], match["col"]) == (str(path), "4", "2")
    assert match["msg"].startswith("SPARQL syntax error in query broken: ")
    assert len(line) < 300


def test_syntax_error_on_stdin(fast_cli):
    line = one_error_line(fast_cli("query", "-", input="SELECT ?s WHERE { ?s ?p ?o"))
    match = ERROR.match(line)
    assert match, line
    assert (match["path"], match["line"], match["col"]) == ("<stdin>", "1", "27")
    assert "query <stdin>" in match["msg"]


def test_syntax_error_in_a_copy_of_a_named_query(fast_cli, tmp_path):
    """A ")" left out of the SELECT clause: the error points into that line."""
    from graph.store.library import library

    text = library()["unit-load"].text.replace("(SUM(?isLead) AS ?lead)", "(SUM(?isLead) AS ?lead")
    path = tmp_path / "unit-load.rq"
    path.write_text(text, encoding="utf-8")
    line = one_error_line(fast_cli("query", str(path)))
    match = ERROR.match(line)
    assert match, line
    number, broken = next((n, t) for n, t in enumerate(text.splitlines(), 1) if "?lead (SUM" in t)
    assert int(match["line"]) == number
    assert broken.index("?lead (SUM") < int(match["col"]) <= len(broken)
    assert 'query unit-load: expected ")"' in match["msg"]


def test_unknown_query_name(fast_cli):
    line = one_error_line(fast_cli("query", "unit-loads"))
    assert "no query named 'unit-loads'" in line and "unit-load" in line


def test_missing_query_file(fast_cli, tmp_path):
    line = one_error_line(fast_cli("query", str(tmp_path / "nowhere.rq")))
    assert "nowhere.rq:0:0: no such file" in line


def test_unknown_param_name(fast_cli):
    line = one_error_line(fast_cli("query", "unit-pairs", "-p", "minimum=3"))
    assert "query unit-pairs has no parameter minimum; it takes min, expand" in line


def test_param_without_value(fast_cli):
    result = fast_cli("query", "unit-pairs", "-p", "min")
    assert result.exit_code == 2
    assert "expected name=value" in result.stderr


def test_not_a_select(fast_cli):
    line = one_error_line(fast_cli("query", "-", input="ASK { ?s ?p ?o }"))
    assert "not a SELECT query" in line


def test_graph_needs_endpoint(fast_cli):
    line = one_error_line(fast_cli("query", "unit-load", "--graph", "https://example.org/g"))
    assert "--graph needs --endpoint" in line


def test_timeout_is_accepted(fast_cli):
    result = fast_cli("query", "reporting-duties", "--timeout", "30", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 5


def test_timeout_gives_up(fast_cli):
    """A heavy query (every pair, groups expanded) cannot finish in a millisecond."""
    args = ("query", "unit-pairs", "-p", "expand=true", "-p", "min=1", "--timeout", "0.001")
    line = one_error_line(fast_cli(*args), code=1)
    assert "query unit-pairs did not finish within 0.001 s" in line


# -- output formats -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_delimited_output_follows_select(fast_cli, fmt):
    result = fast_cli("query", "reporting-duties", "--format", fmt)
    assert result.exit_code == 0
    reader = csv.reader(io.StringIO(result.stdout), delimiter="," if fmt == "csv" else "\t")
    header, *body = list(reader)
    assert header == [
        "plan",
        "duty",
        "description",
        "bearer_role",
        "report_to",
        "due",
        "recurrence",
    ]
    assert [r[5] for r in body] == ["2023-02-10", "2023-04-20", "2023-07-20", "2023-10-20"]


def test_json_output_types(fast_cli):
    result = fast_cli("query", "plan-metadata", "--format", "json")
    (row,) = json.loads(result.stdout)
    assert row["items"] == 322 and row["year"] == 2023 and row["no_lead_rule"] is True
    assert row["issued"] == "2023-01-12"


def test_markdown_and_table(fast_cli):
    md = fast_cli("query", "unit-pairs", "-p", "min=30", "--format", "markdown").stdout
    assert md.splitlines()[0].replace(" ", "") == "|unit_a|unit_b|shared|"
    assert "| 市发改委" in md and "34" in md
    table = fast_cli("query", "unit-pairs", "-p", "min=30").stdout
    assert table.split("\n")[0].split() == ["unit_a", "unit_b", "shared"]


# -- --store DIR ----------------------------------------------------------------------


def test_store_dir_is_not_rebuilt(store_dir, monkeypatch):
    """The second run opens the folder: the marker is not rewritten and nothing is
    built (building is made to fail here, and the query still answers)."""
    import graph.store.local

    marker = store_dir / "dutygraph-store.txt"
    before = marker.stat()

    def no_build(*args, **kwargs):
        raise AssertionError("the persisted store was rebuilt")

    monkeypatch.setattr(graph.store.local, "_rebuild", no_build)
    result = invoke("query", "unit-load", "--store", str(store_dir), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[2].startswith("市发改委,")
    after = marker.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert marker.read_text(encoding="utf-8").startswith("dutygraph store")


def test_store_dir_refuses_a_foreign_folder(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    line = one_error_line(invoke("query", "unit-load", "--store", str(tmp_path)), code=1)
    assert "holds no dutygraph store" in line
