"""Parameters cannot change a query.

Embedded, a parameter is a call of a custom function whose value pyoxigraph asks
Python for: the value never enters the text. Remotely, ``substitute_text`` writes the
term as pyoxigraph serialises it (escaped) and the rewritten text is parsed again.
A hostile value must come back as plain text: no results where nothing matches, the
exact value where the query echoes it, and never a widened or rewritten query.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from graph.errors import OptionError
from graph.store.library import Param, library, parse_query_file
from graph.store.sparql import PARAM_FUNCTION, bind, form, select, substitute_text, to_term
from tests.queries.conftest import run

HOSTILE = [
    '"',
    "'",
    "}",
    '"""',
    "'''",
    '") || true || ("',
    '" || "1" = "1',
    "a\nb",
    "a\r\n} ; DROP ALL",
    "> } ; DROP ALL",
    '"} ; DROP ALL ; SELECT * WHERE { ?s ?p ?o',
    "\\",
    '\\" ) } #',
    "$keyword",
    "?text",
    "<urn:x>",
    "# comment",
    "燃气'''\"\"\"}}",
]

ECHO = "SELECT ?x WHERE { BIND ($v AS ?x) }"


# -- embedded -----------------------------------------------------------------------


@pytest.mark.parametrize("value", HOSTILE)
def test_string_param_is_literal_text_embedded(store, value):
    """Spliced in, '") || true || ("' would list all 322 items; bound, none match."""
    assert run(store, "keyword-items", keyword=value) == []
    assert run(store, "group-items", group=value) == []
    assert run(store, "unit-items", unit=value) == []


@pytest.mark.parametrize("value", HOSTILE)
def test_string_param_echoes_exactly(store, value):
    query = parse_query_file(ECHO, "echo")
    answer = select(query, {"v": value}, store=store)
    if value == "<urn:x>":  # a query without a header reads <…> as an IRI (checked)
        assert answer.rows == [[ox.NamedNode("urn:x")]]
    else:
        assert answer.rows == [[ox.Literal(value)]]


def test_quotes_in_a_value_still_match_exactly(store):
    """The plan's text holds curly quotes: a value with them is an exact substring."""
    got = run(store, "keyword-items", keyword="专精特新“小巨人”")
    assert [r["ref"] for r in got] == ["2.22"]
    assert run(store, "keyword-items", keyword='专精特新"小巨人"') == []


def test_the_value_never_enters_the_query_text(store, monkeypatch):
    seen: list[str] = []
    original = ox.Store.query

    class Spy:
        def __init__(self, inner):
            self.inner = inner

        def query(self, text, **kwargs):
            seen.append(text)
            return original(self.inner, text, **kwargs)

    marker = 'MARKER"} DROP ALL'
    select(library()["keyword-items"], {"keyword": marker}, store=Spy(store))
    assert seen and all("MARKER" not in text for text in seen)
    assert f"<{PARAM_FUNCTION}keyword>()" in seen[-1]


# -- remote substitution ----------------------------------------------------------------


@pytest.mark.parametrize("value", HOSTILE)
def test_substitute_text_keeps_the_value_inside_one_literal(store, value):
    query = library()["keyword-items"]
    term = bind(query, {"keyword": value})["keyword"]
    literal = str(term)
    text = substitute_text(query.text, {"keyword": literal})
    # parses, is still a query, and outside the one literal nothing changed
    assert form(parse_query_file(text, "rewritten")) == "query"
    assert text.count(literal) == query.text.count("$keyword") == 1
    assert text.replace(literal, "$keyword") == query.text
    # run as rewritten (what an endpoint receives): nothing matches
    assert list(store.query(text, use_default_graph_as_union=True)) == []


@pytest.mark.parametrize("value", HOSTILE)
def test_substitute_text_echo_round_trips(store, value):
    literal = str(ox.Literal(value))
    text = substitute_text(ECHO, {"v": literal})
    assert text.replace(literal, "$v") == ECHO
    (solution,) = list(store.query(text))
    assert solution["x"] == ox.Literal(value)


def test_substitute_text_touches_only_parameter_tokens():
    text = (
        "SELECT * WHERE {\n"
        "  # $k in a comment\n"
        '  ?s <urn:p/$k> "$k", \'$k\', """$k\n$k""" .\n'
        "  FILTER ($k = ?k && $kk = $k)\n"
        "}"
    )
    out = substitute_text(text, {"k": "X"})
    assert out == (
        "SELECT * WHERE {\n"
        "  # $k in a comment\n"
        '  ?s <urn:p/$k> "$k", \'$k\', """$k\n$k""" .\n'
        "  FILTER (X = ?k && $kk = X)\n"
        "}"
    )


def test_typed_terms_serialise_safely():
    literal = to_term(Param("k", "string", ""), 'a"b\\c\nd')
    assert str(literal) == r'"a\"b\\c\nd"'
    assert str(to_term(Param("n", "integer", "0"), " 07 ")) == (
        '"7"^^<http://www.w3.org/2001/XMLSchema#integer>'
    )
    assert str(to_term(Param("b", "boolean", "false"), "yes")) == (
        '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'
    )
    assert str(to_term(Param("i", "iri", ""), "<https://example.org/a>")) == (
        "<https://example.org/a>"
    )
    # a label is the name as the graph writes it, quotes and all only a value
    assert str(to_term(Param("u", "label", ""), '市"发改委')) == r'"市\"发改委"@zh-hans'


def test_a_label_finds_the_unit_by_its_name_or_alias(graph_store):
    """unit-items looks the name up as the label it is: the short name and an alias
    find the same unit; a name that is only part of one, or a label of no unit,
    finds nothing."""
    from graph.store.library import library

    def refs(unit: str) -> list[str]:
        rows = select(library()["unit-items"], {"unit": unit}, store=graph_store).records()
        return [row["ref"] for row in rows]

    assert refs("市文明办") == refs("市委宣传部") == ["2.193", "2.238"]  # an alias, the name
    assert refs("武昌区政府") == refs("武昌区人民政府")
    assert len(refs("武昌区政府")) == 147
    assert refs("文明办") == []
    assert refs("社会事业") == []  # a section's title, not a unit


# -- typed parameters: a bad value is a usage error ------------------------------------


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("integer", "5 } DROP ALL"),
        ("integer", "5.5"),
        ("integer", '5"'),
        ("decimal", "1.5) || (true"),
        ("boolean", "true) || (true"),
        ("boolean", "maybe"),
        ("date", "2023-02-10} "),
        ("iri", "https://example.org/a> } ; DROP ALL ; <urn:b"),
        ("iri", "not an iri"),
        ("iri", 'urn:a"b'),
        ("iri", "urn:{x}"),
    ],
)
def test_bad_typed_value_is_refused(kind, value):
    with pytest.raises(OptionError, match=rf"^parameter p must be an? {kind}, not "):
        to_term(Param("p", kind, ""), value)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["unit-pairs", "-p", "min=5 } ; DROP ALL"], "parameter min must be an integer"),
        (["unit-pairs", "-p", "min=5\n} DROP ALL"], "parameter min must be an integer"),
        (["unit-pairs", "-p", "expand=true) || (true"], "parameter expand must be a boolean"),
        (["unit-load", "-p", "expand=1 ; DROP ALL"], "parameter expand must be a boolean"),
        (["-", "-p", "v=<urn:a> } DROP ALL <urn:b>"], "parameter v must be an iri"),
    ],
)
def test_bad_typed_value_exits_2_with_one_line(fast_cli, args, message):
    result = fast_cli("query", *args, input=ECHO)
    assert result.exit_code == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("dutygraph: error: ") and message in line


def test_hostile_string_on_the_command_line(fast_cli):
    value = '燃气") || true || ("'
    result = fast_cli("query", "keyword-items", "-p", f"keyword={value}", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "ref,text,lead,responsible,plan"
    echoed = fast_cli("query", "-", "-p", f"v={value}", "--format", "json", input=ECHO)
    assert echoed.exit_code == 0
    assert re.sub(r"\s", "", echoed.stdout) == re.sub(
        r"\s", "", '[{"x": "燃气\\") || true || (\\""}]'
    )
