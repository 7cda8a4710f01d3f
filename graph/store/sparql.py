"""Run SPARQL: on the embedded Oxigraph store or on any SPARQL 1.1 endpoint.

Parameters become typed RDF terms and are bound by the engine, so a value holding
quotes, braces or ``}`` cannot change the query. Query files write a parameter as
``$name`` in an expression (FILTER, BIND, IF, HAVING). On the embedded store each
``$name`` token becomes a call of a parameter function, ``<urn:dutygraph:param:name>()``,
and pyoxigraph calls back into Python for the value: the value itself never enters
the query text. (pyoxigraph's SEP-0007 ``substitutions`` would be the obvious tool,
but it only binds variables the SELECT projects.)

A remote endpoint has no binding mechanism in the SPARQL protocol. There, and only
there, each ``$name`` token (found by a lexer that skips strings, IRIs and comments)
is replaced by the term as pyoxigraph serialises it, escaped, and the rewritten
query is parsed again before it is sent.
"""

from __future__ import annotations

import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

import pyoxigraph as ox

from graph.errors import DataError, InputError, OptionError
from graph.store.library import NamedQuery, Param

XSD = "http://www.w3.org/2001/XMLSchema#"
PARAM_FUNCTION = "urn:dutygraph:param:"
_POSITION = re.compile(r"error at (\d+):(\d+)")


@dataclass
class Result:
    """A SELECT result: column names in SELECT order and rows of RDF terms."""

    columns: list[str]
    rows: list[list[ox.NamedNode | ox.BlankNode | ox.Literal | None]]

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts of plain Python values (ints, Decimals, dates, strings)."""
        return [
            {c: to_python(t) for c, t in zip(self.columns, row, strict=True)} for row in self.rows
        ]


def to_python(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if not isinstance(term, ox.Literal):
        return str(term)
    dtype = term.datatype.value[len(XSD) :] if term.datatype.value.startswith(XSD) else ""
    try:
        if dtype in (
            "integer",
            "int",
            "long",
            "short",
            "nonNegativeInteger",
            "positiveInteger",
            "negativeInteger",
            "nonPositiveInteger",
            "unsignedInt",
            "unsignedLong",
        ):
            return int(term.value)
        if dtype == "decimal":
            return Decimal(term.value)
        if dtype in ("double", "float"):
            return float(term.value)
        if dtype == "boolean":
            return term.value in ("true", "1")
        if dtype == "date":
            return date.fromisoformat(term.value[:10])
    except ValueError:
        return term.value
    return term.value


def to_term(param: Param, value: str) -> ox.NamedNode | ox.Literal:
    """Turn a parameter value (from the command line) into a typed RDF term."""
    kind = param.type
    try:
        if kind == "string":
            return ox.Literal(value)
        if kind == "integer":
            return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
        if kind == "decimal":
            return ox.Literal(str(Decimal(value)), datatype=ox.NamedNode(XSD + "decimal"))
        if kind == "boolean":
            lowered = value.strip().lower()
            if lowered not in ("true", "false", "1", "0", "yes", "no"):
                raise ValueError(value)
            return ox.Literal(
                "true" if lowered in ("true", "1", "yes") else "false",
                datatype=ox.NamedNode(XSD + "boolean"),
            )
        if kind == "date":
            return ox.Literal(
                date.fromisoformat(value).isoformat(), datatype=ox.NamedNode(XSD + "date")
            )
        if kind == "iri":
            iri = value[1:-1] if value.startswith("<") and value.endswith(">") else value
            if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri):
                raise ValueError(value)
            return ox.NamedNode(iri)
    except (ValueError, ArithmeticError):
        raise OptionError(
            f"parameter {param.name} must be {'an' if kind[0] in 'aeiou' else 'a'} {kind}, not {value!r}"
        ) from None
    raise OptionError(f"parameter {param.name} has unknown type {kind}")


def bind(query: NamedQuery, given: dict[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
    """Typed terms for every parameter: given values, else the declared defaults.

    A query without a header (a file or stdin) takes any parameter; its values are
    strings, or IRIs when written in angle brackets.
    """
    declared = {p.name: p for p in query.params}
    if declared:
        unknown = sorted(set(given) - set(declared))
        if unknown:
            raise OptionError(
                f"query {query.name} has no parameter {', '.join(unknown)}; it takes {', '.join(declared)}"
            )
        return {name: to_term(p, given.get(name, p.default)) for name, p in declared.items()}
    out: dict[str, ox.NamedNode | ox.Literal] = {}
    for name, value in given.items():
        kind = "iri" if value.startswith("<") and value.endswith(">") else "string"
        out[name] = to_term(Param(name, kind, value), value)
    return out


def _syntax_error(query: NamedQuery, message: str) -> InputError:
    """One line naming the query and the position; the engine's long list of
    expected tokens is cut short."""
    match = _POSITION.search(message)
    line, column = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
    detail = " ".join(_POSITION.sub("", message).split()).strip(" :") or "invalid query"
    if len(detail) > 160:
        detail = detail[:157].rstrip(", ") + "…"
    return InputError(
        f"SPARQL syntax error in query {query.name}: {detail}",
        path=query.path or query.name,
        line=line,
        column=column,
    )


def form(query: NamedQuery) -> str:
    """'query' or 'update'; raises InputError naming the position of a syntax error."""
    kind, message = _form_of(query.text)
    if kind is None:
        raise _syntax_error(query, message)
    return kind


@lru_cache(maxsize=512)
def _form_of(text: str) -> tuple[str | None, str]:
    """The form of a query text, and the engine's message when it is neither form.

    Parsing (on an empty scratch store) costs 0.3-1.8 ms, as much as running a small
    named query, and every ``select`` asks it: the answer depends on the text alone,
    so each text is parsed once per process.
    """
    try:
        ox.Store().query(text)
        return "query", ""
    except SyntaxError as error:
        query_error = str(error)
    try:
        ox.Store().update(text)
        return "update", ""
    except SyntaxError:
        pass
    return None, query_error


def _run_with_timeout(fn, timeout: float | None, what: str):
    if not timeout:
        return fn()
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed back to the caller below
            box["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise DataError(f"{what} did not finish within {timeout:g} s")
    if "error" in box:
        raise box["error"]
    return box["value"]


def _collect(solutions) -> Result:
    columns = [v.value for v in solutions.variables]
    # A solution iterates over its values in SELECT order: reading them by position
    # is about twice as fast as looking each one up by name (large answers).
    rows = [list(solution) for solution in solutions]
    return Result(columns, rows)


def select(
    query: NamedQuery,
    params: dict[str, str] | None = None,
    *,
    store: ox.Store | None = None,
    endpoint: str | None = None,
    graph: str | None = None,
    timeout: float | None = None,
) -> Result:
    """Run a SELECT query embedded (``store``) or remotely (``endpoint``)."""
    if form(query) == "update":
        raise _refused_update(query)
    terms = bind(query, params or {})
    if endpoint:
        return remote_select(query, terms, endpoint, graph=graph, timeout=timeout)
    return _embedded(query, terms, store, timeout, _collect)


def _refused_update(query: NamedQuery) -> OptionError:
    """A SELECT was asked of an update: refused here; the caller decides whether (and
    how) updates may run, and says so."""
    return OptionError(f"query {query.name} is a SPARQL UPDATE, not a SELECT query; refused")


def select_strings(
    query: NamedQuery,
    params: dict[str, str] | None = None,
    *,
    store: ox.Store,
    timeout: float | None = None,
):
    """Run a SELECT query on the embedded store; the answer as a DataFrame of text.

    The engine writes the answer as SPARQL CSV and pandas reads it: IRIs and lexical
    forms as ``string`` columns, an unbound value (or an empty literal, which CSV
    cannot tell apart) as ``<NA>``. For a large answer whose column types the caller
    knows (the analytics' assignments table, some 4,000 rows), this is several times
    faster than turning every term into a Python object (``select`` and ``frame``).
    """
    if form(query) == "update":
        raise _refused_update(query)

    def read(solutions):
        import io

        import pandas as pd

        data = solutions.serialize(format=ox.QueryResultsFormat.CSV)
        return pd.read_csv(io.BytesIO(data), dtype="string", keep_default_na=False, na_values=[""])

    return _embedded(query, bind(query, params or {}), store, timeout, read)


def _embedded(query: NamedQuery, terms, store: ox.Store | None, timeout: float | None, read):
    """Run ``query`` on the embedded store with its parameters as functions; ``read``
    turns the solutions into the answer."""
    if store is None:
        raise OptionError("no store and no endpoint to query")
    text = _embedded_text(query.text, tuple(terms))
    functions = {
        ox.NamedNode(PARAM_FUNCTION + name): (lambda term=term: term)
        for name, term in terms.items()
    }

    def run():
        solutions = store.query(text, custom_functions=functions)
        if not isinstance(solutions, ox.QuerySolutions):
            raise OptionError(f"query {query.name} is not a SELECT query")
        return read(solutions)

    try:
        return _run_with_timeout(run, timeout, f"query {query.name}")
    except SyntaxError as error:
        raise _syntax_error(query, str(error)) from None
    except OSError as error:
        raise DataError(f"query {query.name} failed: {error}") from None


@lru_cache(maxsize=512)
def _embedded_text(text: str, names: tuple[str, ...]) -> str:
    """The query text with each ``$name`` a call of its parameter function; the same
    for every value, so it is worked out once per text."""
    return substitute_text(text, {name: f"<{PARAM_FUNCTION}{name}>()" for name in names})


def update(
    query: NamedQuery,
    *,
    store: ox.Store | None = None,
    endpoint: str | None = None,
    timeout: float | None = None,
) -> None:
    """Run a SPARQL UPDATE (only when the user asked for it with --allow-update)."""
    if endpoint:
        _post(endpoint, {"update": query.text}, "application/sparql-results+json", timeout)
        return
    assert store is not None
    try:
        store.update(query.text)
    except SyntaxError as error:
        raise _syntax_error(query, str(error)) from None


# -- remote ---------------------------------------------------------------------------

_TOKEN = re.compile(
    r'(?P<comment>#[^\n]*)|(?P<long>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\')'
    r'|(?P<string>"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')|(?P<iri><[^<>"{}|^`\\\s]*>)'
    r"|(?P<var>\$[A-Za-z_][A-Za-z0-9_]*)",
    re.S,
)


def substitute_text(text: str, replacements: dict[str, object]) -> str:
    """Replace ``$name`` variable tokens (outside strings, IRIs and comments) by the
    text of ``replacements[name]`` (a parameter-function call, or a serialised term)."""

    def replace(match: re.Match) -> str:
        if match.lastgroup == "var":
            name = match.group("var")[1:]
            if name in replacements:
                return str(replacements[name])
        return match.group(0)

    return _TOKEN.sub(replace, text)


def _post(endpoint: str, form_data: dict[str, str], accept: str, timeout: float | None) -> bytes:
    body = urllib.parse.urlencode(form_data).encode("utf-8")
    request = urllib.request.Request(endpoint, data=body, method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    request.add_header("Accept", accept)
    return _send(request, endpoint, timeout)


def _send(request: urllib.request.Request, endpoint: str, timeout: float | None) -> bytes:
    try:
        with urllib.request.urlopen(request, timeout=timeout or 60) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        detail = error.read().decode("utf-8", "replace").strip().splitlines()
        raise DataError(
            f"{endpoint} answered {error.code}: {detail[0] if detail else error.reason}"
        ) from None
    except urllib.error.URLError as error:
        raise DataError(f"cannot reach {endpoint}: {error.reason}") from None
    except TimeoutError:
        raise DataError(f"{endpoint} did not answer within {timeout or 60:g} s") from None


def remote_select(
    query: NamedQuery, terms, endpoint: str, *, graph: str | None, timeout: float | None
) -> Result:
    text = substitute_text(query.text, terms)
    # Still one well-formed query, and still a query (never an update).
    if form(NamedQuery(query.name, text, path=query.path)) != "query":
        raise OptionError(f"query {query.name} with its parameters is not a query; refused")
    data = {"query": text}
    if graph:
        data["default-graph-uri"] = graph
    payload = _post(endpoint, data, "application/sparql-results+json", timeout)
    try:
        solutions = ox.parse_query_results(payload, format=ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as error:
        raise DataError(f"{endpoint} sent results that are not SPARQL JSON: {error}") from None
    return _collect(solutions)


def push(
    data: bytes,
    endpoint: str,
    *,
    graph: str | None = None,
    replace: bool = False,
    timeout: float | None = None,
) -> None:
    """Upload N-Triples with the SPARQL 1.1 Graph Store Protocol (PUT replaces)."""
    target = graph and urllib.parse.urlencode({"graph": graph})
    url = f"{endpoint}{'&' if '?' in endpoint else '?'}{target or 'default'}"
    request = urllib.request.Request(url, data=data, method="PUT" if replace else "POST")
    request.add_header("Content-Type", "application/n-triples")
    _send(request, endpoint, timeout)


def frame(result: Result):
    """The result as a pandas DataFrame with typed columns, in SELECT order.

    Integers become ``Int64``, decimals and doubles ``Float64``, booleans
    ``boolean``, text and IRIs ``string``; dates stay ``datetime.date`` objects. Each
    distinct term is converted once, which matters for large tables (the
    assignments table has some 4,000 rows).
    """
    import pandas as pd

    df = pd.DataFrame(index=pd.RangeIndex(len(result.rows)))
    by_column = zip(*result.rows, strict=True) if result.rows else (() for _ in result.columns)
    for column, terms in zip(result.columns, by_column, strict=True):
        memo = {term: to_python(term) for term in set(terms)}
        values = list(map(memo.__getitem__, terms))
        present = [v for v in memo.values() if v is not None]
        if not present:
            df[column] = pd.Series(values, dtype=object)
        elif all(isinstance(v, bool) for v in present):
            df[column] = pd.array(values, dtype="boolean")
        elif all(isinstance(v, int) and not isinstance(v, bool) for v in present):
            df[column] = pd.array(values, dtype="Int64")
        elif all(isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) for v in present):
            df[column] = pd.array(
                [None if v is None else float(v) for v in values], dtype="Float64"
            )
        elif all(isinstance(v, str) for v in present):
            df[column] = pd.array(values, dtype="string")
        else:
            df[column] = pd.Series(values, dtype=object)
    return df
