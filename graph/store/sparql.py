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

What a text is (query or update; whether it calls ``SERVICE`` or fetches with
``LOAD``; which variables it selects) is learnt by parsing it, never by running it
(:func:`shape`): an update or a ``SERVICE`` call runs only where the caller allowed
it. Remote requests go through :mod:`graph.store.http` (one deadline for the whole
request, no redirects, only 2xx, credentials never shown); embedded runs get the same
deadline through a worker thread.
"""

from __future__ import annotations

import re
import threading
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from graph.errors import DataError, InputError, OptionError
from graph.rdf.namespaces import ZH
from graph.store.library import PLAN_PARAM, NamedQuery, Param

if TYPE_CHECKING:  # pragma: no cover - httpx is imported only for remote work
    from graph.store.http import Credentials

XSD = "http://www.w3.org/2001/XMLSchema#"
PARAM_FUNCTION = "urn:dutygraph:param:"
_POSITION = re.compile(r"error at (\d+):(\d+)")
DEFAULT_TIMEOUT = 60.0  # seconds, for work that opens connections, when none is given


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
        if kind == "label":  # a name as the graph writes it: matched as a term, by index
            return ox.Literal(value, language=ZH)
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
        unknown = sorted(set(given) - set(declared) - {PLAN_PARAM.name})
        if unknown:
            raise OptionError(
                f"query {query.name} has no parameter {', '.join(unknown)}; it takes {', '.join(declared)}"
            )
        terms = {name: to_term(p, given.get(name, p.default)) for name, p in declared.items()}
        if PLAN_PARAM.name in given and PLAN_PARAM.name not in declared:
            terms[PLAN_PARAM.name] = to_term(PLAN_PARAM, given[PLAN_PARAM.name])
        return terms
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


QUERY_VERBS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
UPDATE_VERBS = (
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "DROP",
    "CREATE",
    "ADD",
    "MOVE",
    "COPY",
    "WITH",
)


@dataclass(frozen=True)
class Shape:
    """What a SPARQL text is, learnt without running it.

    ``kind`` is ``"query"`` or ``"update"``; ``verb`` the query form (SELECT, ASK,
    CONSTRUCT, DESCRIBE) or the first operation of an update (INSERT, LOAD, …);
    ``service`` whether it calls another endpoint (``SERVICE``); ``load`` whether it
    fetches a document (``LOAD``); ``projection`` the variables a SELECT names, in
    order (None for ``SELECT *`` and the other forms).
    """

    kind: str
    verb: str
    service: bool = False
    load: bool = False
    projection: tuple[str, ...] | None = None

    @property
    def network(self) -> bool:
        """Whether running it makes the engine itself open connections."""
        return self.service or self.load


def form(query: NamedQuery) -> str:
    """'query' or 'update'; raises InputError naming the position of a syntax error."""
    return shape(query).kind


def shape(query: NamedQuery) -> Shape:
    """The :class:`Shape` of a query; raises InputError naming the position of a
    syntax error in a query."""
    found, message = _form_of(query.text)
    if found is None:
        raise _syntax_error(query, message)
    return found


@lru_cache(maxsize=512)
def _form_of(text: str) -> tuple[Shape | None, str]:
    """The shape of a text, or None and the parser's message when it is not one.

    A text is never run to learn what it is: running it (even on an empty scratch
    store) would fetch what a ``LOAD`` names and call what a ``SERVICE`` names,
    before anything was refused. pyoxigraph exposes its query parser only through
    ``Store.query``, which parses the whole text first and then checks its dataset
    arguments; given both ``use_default_graph_as_union`` and ``default_graph``, it
    stops with a ValueError after a successful parse and before evaluating anything
    (a SyntaxError means the parse failed). That is the syntax check, about 10 µs.

    pyoxigraph gives no way to parse an update without running it, so an update is
    recognised by its first keyword (after ``PREFIX``/``BASE``) and checked by the
    engine that runs it, once the caller has allowed updates. Which keywords a
    parsed text holds (``SERVICE``, ``LOAD``, the SELECT's variables) is read from
    its tokens outside strings, IRIs and comments; each answer is kept per text.
    """
    tokens = list(_tokens(text))
    try:
        _PARSER.query(text, use_default_graph_as_union=True, default_graph=ox.DefaultGraph())
    except SyntaxError as error:
        verb = _first_keyword(tokens)
        if verb in UPDATE_VERBS:
            return _shape("update", verb, tokens), ""
        return None, str(error)
    except ValueError:
        pass  # parsed; refused before evaluation, as asked
    else:  # pragma: no cover - pyoxigraph changed: it must never get here
        raise RuntimeError("pyoxigraph ran a query it was only asked to parse")
    return _shape("query", _first_keyword(tokens), tokens), ""


_PARSER = ox.Store()  # never holds data and never runs a text: see _form_of
_LEXER = re.compile(
    r"(?P<ws>\s+)|(?P<comment>#[^\n]*)"
    r'|(?P<long>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\')'
    r'|(?P<string>"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\')'
    r"|(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)"
    r"|(?P<var>[?$][\w\u00b7]+)|(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)"
    r"|(?P<pname>(?:[^\W\d_][\w.\-\u00b7]*)?:(?:[\w\-.:%\u00b7]|\\.)*|_:[\w.\-\u00b7]+)"
    r"|(?P<word>[A-Za-z_]\w*)|(?P<other>.)",
    re.S,
)


def _tokens(text: str):
    """(kind, text) for each token, white space and comments left out. Prefixed
    names, blank nodes, variables and language tags are tokens of their own, so a
    word such as ``service`` in ``ex:service``, ``?service`` or ``"x"@service`` is
    never taken for the keyword."""
    for match in _LEXER.finditer(text):
        kind = match.lastgroup
        if kind not in ("ws", "comment"):
            yield kind, match.group(0)


def _first_keyword(tokens) -> str:
    """The first keyword after the prologue (PREFIX p: <iri>, BASE <iri>)."""
    for kind, value in tokens:
        if kind == "word" and value.upper() not in ("PREFIX", "BASE"):
            return value.upper()
        if kind not in ("word", "pname", "iri"):
            return ""
    return ""


def _shape(kind: str, verb: str, tokens) -> Shape:
    words = {value.upper() for k, value in tokens if k == "word"}
    return Shape(
        kind,
        verb,
        service="SERVICE" in words,
        load=kind == "update" and "LOAD" in words,
        projection=_projection(tokens) if verb == "SELECT" else None,
    )


def _projection(tokens) -> tuple[str, ...] | None:
    """The variables of the first SELECT clause, in order; None for ``SELECT *``."""
    names: list[str] = []
    depth = 0
    started = False
    previous = ""
    for kind, value in tokens:
        upper = value.upper() if kind == "word" else ""
        if not started:
            started = upper == "SELECT"
            continue
        if depth == 0 and (value == "{" or upper in ("WHERE", "FROM")):
            break
        if value == "*" and depth == 0:
            return None
        if value == "(":
            depth += 1
        elif value == ")":
            depth -= 1
        elif kind == "var" and (depth == 0 or previous == "AS"):
            names.append(value[1:])
        previous = upper
    return tuple(names)


def _run_with_timeout(fn, timeout: float | None, what: str):
    """``fn()``, given up on after ``timeout`` seconds (the caller returns; the engine's
    thread is left to finish on its own, as pyoxigraph cannot be interrupted)."""
    if not timeout:
        return fn()
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed back to the caller below
            # pyoxigraph's solutions must be dropped on the thread that made them:
            # free what the traceback's frames hold here, not in the caller's thread.
            traceback.clear_frames(exc.__traceback__)
            box["error"] = exc.with_traceback(None)

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
    graph: str | Sequence[str] | None = None,
    timeout: float | None = None,
    allow_service: bool = False,
    credentials: Credentials | None = None,
) -> Result:
    """Run a SELECT query embedded (``store``) or remotely (``endpoint``).

    The text is classified first (:func:`shape`, without running it): an update is
    refused, and so is a query that calls another endpoint (``SERVICE``) unless
    ``allow_service``. ``timeout`` bounds the whole run; a remote request, or an
    embedded one that opens connections itself, gets 60 s when none is given.
    """
    found = _selectable(query, allow_service)
    terms = bind(query, params or {})
    if endpoint is not None:
        plan = terms.get(PLAN_PARAM.name)
        if plan is not None and plan.value and not graph:
            # one plan of a corpus at the endpoint: its graphs, as default-graph-uri
            from graph.store.scope import remote_plan_graphs

            def ask(internal: NamedQuery, given: dict[str, str]) -> Result:
                return remote_select(
                    internal, bind(internal, given), endpoint, graph=None,
                    timeout=timeout, credentials=credentials,
                )  # fmt: skip

            graph = remote_plan_graphs(ask, plan.value)
        return remote_select(
            query, terms, endpoint, graph=graph, timeout=timeout, credentials=credentials
        )
    return _embedded(query, terms, store, _deadline(timeout, found), _collect)


class Refused(OptionError):
    """A text the caller did not allow: ``reason`` is ``"update"`` (an update where a
    query was asked, or updates not allowed) or ``"service"`` (a ``SERVICE`` call).
    The command line adds which option allows it."""

    def __init__(self, message: str, *, reason: str):
        self.reason = reason
        super().__init__(message)


def _selectable(query: NamedQuery, allow_service: bool) -> Shape:
    found = shape(query)
    if found.kind == "update":
        raise _refused_update(query)
    if found.verb != "SELECT":
        raise OptionError(f"query {query.name} is not a SELECT query ({found.verb or 'no form'})")
    if found.service and not allow_service:
        raise _refused_service(query)
    return found


def _deadline(timeout: float | None, found: Shape) -> float | None:
    if timeout is not None and (not timeout > 0 or timeout != timeout):
        raise OptionError(f"a timeout must be a positive number of seconds, not {timeout!r}")
    return DEFAULT_TIMEOUT if timeout is None and found.network else timeout


def _refused_update(query: NamedQuery) -> Refused:
    """A SELECT was asked of an update: refused here; the caller decides whether (and
    how) updates may run, and says so."""
    return Refused(
        f"query {query.name} is a SPARQL UPDATE, not a SELECT query; refused", reason="update"
    )


def _refused_service(query: NamedQuery) -> Refused:
    return Refused(
        f"query {query.name} calls another endpoint (SERVICE); refused unless services are allowed",
        reason="service",
    )


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
    found = _selectable(query, allow_service=False)

    def read(solutions):
        import io

        import pandas as pd

        data = solutions.serialize(format=ox.QueryResultsFormat.CSV)
        return pd.read_csv(io.BytesIO(data), dtype="string", keep_default_na=False, na_values=[""])

    return _embedded(query, bind(query, params or {}), store, _deadline(timeout, found), read)


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

    plan = terms.get("plan")
    scope: dict = {"use_default_graph_as_union": True}
    if plan is not None and plan.value:  # one plan of a corpus: its graphs only
        from graph.store.scope import plan_graphs

        scope = {"default_graph": plan_graphs(store, plan.value)}

    def run():
        solutions = store.query(text, custom_functions=functions, **scope)
        if not isinstance(solutions, ox.QuerySolutions):
            raise OptionError(f"query {query.name} is not a SELECT query")
        return read(solutions)

    try:
        return _run_with_timeout(run, timeout, f"query {query.name}")
    except SyntaxError as error:
        raise _syntax_error(query, str(error)) from None
    except (OSError, RuntimeError) as error:  # a SERVICE that failed, a store fault
        raise DataError(f"query {query.name} failed: {_one_line(str(error))}") from None


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
    allow_service: bool = False,
    credentials: Credentials | None = None,
) -> None:
    """Run a SPARQL UPDATE, which the caller has allowed (the command line asks for
    it explicitly). A ``SERVICE`` call in it needs ``allow_service`` as well;
    ``timeout`` bounds the run (60 s by default for an endpoint, or for an update
    that fetches a document with ``LOAD``)."""
    found = shape(query)
    if found.kind != "update":
        raise OptionError(f"query {query.name} is not a SPARQL UPDATE")
    if found.service and not allow_service:
        raise _refused_service(query)
    if endpoint is not None:
        from graph.store import http

        target = http.check_endpoint(endpoint, credentials)
        http.request("POST", target, form=[("update", query.text)], timeout=timeout)
        return
    if store is None:
        raise OptionError("no store and no endpoint to update")
    try:
        _run_with_timeout(
            lambda: store.update(query.text), _deadline(timeout, found), f"update {query.name}"
        )
    except SyntaxError as error:
        raise _syntax_error(query, str(error)) from None
    except (OSError, RuntimeError) as error:  # LOAD of a missing file, a failed SERVICE
        raise DataError(f"update {query.name} failed: {_one_line(str(error))}") from None


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300] or "no reason given"


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


RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.5"


def remote_select(
    query: NamedQuery,
    terms,
    endpoint: str,
    *,
    graph: str | Sequence[str] | None,
    timeout: float | None,
    credentials: Credentials | None = None,
) -> Result:
    """Send the query, its parameters written in as terms, by the SPARQL Protocol.

    ``graph`` (one IRI or several) is sent as ``default-graph-uri``: the merge of
    those graphs is the query's default graph. The answer must be a table of exactly
    the variables the query's SELECT names (a server answering another question, or
    with garbage part-way through, is an error, not an empty or short answer).
    """
    from graph.store import http

    target = http.check_endpoint(endpoint, credentials)
    original = shape(query)
    text = substitute_text(query.text, terms)
    # Still one well-formed SELECT query: a value can neither end it nor add to it.
    rewritten = shape(NamedQuery(query.name, text, path=query.path))
    if (rewritten.kind, rewritten.verb, rewritten.service) != (
        "query",
        "SELECT",
        original.service,
    ):
        raise OptionError(f"query {query.name} with its parameters is not a query; refused")
    graphs = [graph] if isinstance(graph, str) else list(graph or ())
    reply = http.request(
        "POST",
        target,
        form=[("query", text)] + [("default-graph-uri", g) for g in graphs],
        headers={"Accept": ACCEPT},
        timeout=timeout,
    )
    return _read_results(reply, rewritten.projection, target, query.name)


def _read_results(reply, projection: tuple[str, ...] | None, target, name: str) -> Result:
    from graph.store.http import one_line

    media = reply.content_type.split(";")[0].strip().lower()
    fmt = RESULT_FORMATS.get(media, ox.QueryResultsFormat.JSON)
    what = f"{target.shown} sent an answer to query {name} that is not SPARQL results"
    result, problem = _parse_results(reply.body, fmt)
    if problem is not None:
        raise DataError(f"{what} ({media or 'no type'}): {one_line(problem, target.secrets)}")
    if result is None:
        raise DataError(f"{target.shown} answered query {name} with a boolean, not a table")
    if projection is not None and result.columns != list(projection):
        if sorted(result.columns) != sorted(projection):
            got = ", ".join(one_line(c, target.secrets, 40) for c in result.columns) or "none"
            raise DataError(
                f"{target.shown} answered query {name} with the variables {got}, "
                f"not {', '.join(projection) or 'none'}"
            )
        order = [result.columns.index(c) for c in projection]
        result = Result(list(projection), [[row[i] for i in order] for row in result.rows])
    return result


def _parse_results(body: bytes, fmt) -> tuple[Result | None, str | None]:
    """The table in ``body`` (None for a boolean answer), or the parser's complaint.

    pyoxigraph's solutions object may only be dropped by the thread that made it; an
    exception raised while it is alive would keep it in a traceback's frame until the
    garbage collector frees it, possibly on another thread (the HTTP worker), so the
    complaint is returned as text and nothing holds the object past this function.
    """
    try:
        solutions = ox.parse_query_results(body, format=fmt)
        if not isinstance(solutions, ox.QuerySolutions):
            return None, None
        return _collect(solutions), None
    except (SyntaxError, ValueError, UnicodeError) as error:
        problem = str(error)
    return None, problem or "unreadable"


def push(
    store: ox.Store,
    endpoint: str,
    *,
    graph: str | None = None,
    replace: bool = False,
    timeout: float | None = None,
    credentials: Credentials | None = None,
) -> list[tuple[str | None, int]]:
    """Upload the store with the SPARQL 1.1 Graph Store Protocol; ``(graph, triples)``
    for each graph sent (None: the default graph).

    Each named graph of the store goes to the graph of the same name (``?graph=IRI``)
    and the default graph's triples, if any, to the server's default graph
    (``?default``); with ``graph``, everything goes into that one graph. ``replace``
    uses PUT (the graph's content is replaced), else POST (added to). ``timeout``
    bounds the whole upload, every graph included. A failure part-way names the
    graphs already sent.
    """
    from graph.store import http

    target = http.check_endpoint(endpoint, credentials)
    seconds = http.DEFAULT_TIMEOUT if timeout is None else timeout
    if not seconds > 0 or seconds != seconds:
        raise OptionError(f"a timeout must be a positive number of seconds, not {seconds!r}")
    deadline = time.monotonic() + seconds if timeout is not None else None
    sent: list[tuple[str | None, int]] = []
    parts = graph_payloads(store, into=graph)
    for name, data in parts:
        where: list[tuple[str, str | None]] = (
            [("graph", name)] if name is not None else [("default", None)]
        )
        try:
            http.request(
                "PUT" if replace else "POST",
                target,
                params=where,
                content=data,
                headers={"Content-Type": "application/n-triples"},
                timeout=seconds,
                deadline=deadline,
            )
        except http.HttpError as error:
            if sent:
                raise http.HttpError(
                    f"{error} ({len(sent)} of {len(parts)} graphs were sent before: "
                    f"{', '.join(g or 'the default graph' for g, _ in sent[:3])}"
                    f"{', …' if len(sent) > 3 else ''})",
                    status=error.status,
                ) from None
            raise
        sent.append((name, data.count(b"\n")))
    return sent


def graph_payloads(store: ox.Store, *, into: str | None = None) -> list[tuple[str | None, bytes]]:
    """N-Triples of each graph of the store: the default graph first (when it holds
    anything), then the named graphs by IRI; with ``into``, all of them as one
    payload for that graph."""
    named = sorted(
        (g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value
    )
    default = _dump(store, ox.DefaultGraph())
    parts: list[tuple[str | None, bytes]] = [(None, default)] if default or not named else []
    parts += [(g.value, _dump(store, g)) for g in named]
    if into is not None:
        return [(into, b"".join(data for _, data in parts))]
    return parts


def _dump(store: ox.Store, graph) -> bytes:
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
    return data or b""


def frame(result: Result):
    """The result as a pandas DataFrame with typed columns, in SELECT order.

    Integers become ``Int64``, decimals and doubles ``Float64``, booleans
    ``boolean``, text and IRIs ``string``; dates stay ``datetime.date`` objects. Each
    distinct term is converted once, which matters for large tables (the
    assignments table has some 4,000 rows).
    """
    return frame_of(result.columns, python_columns(result))


def python_columns(result: Result) -> list[list[Any]]:
    """Each column of the result as a list of plain Python values (None: unbound),
    each distinct term converted once; :func:`frame_of` types them. Kept apart so
    that several answers' columns can be put one below the other before typing
    (graph.store.answers), without pandas."""
    by_column = zip(*result.rows, strict=True) if result.rows else (() for _ in result.columns)
    columns = []
    for terms in by_column:
        memo = {term: to_python(term) for term in set(terms)}
        columns.append(list(map(memo.__getitem__, terms)))
    return columns


def text_columns(result: Result) -> list[list[str | None]]:
    """Each column of the result as text, as the engine's CSV writes it and
    :func:`select_strings` reads it: an IRI or a literal's lexical form; unbound or
    empty, None."""
    by_column = zip(*result.rows, strict=True) if result.rows else (() for _ in result.columns)
    return [
        [None if t is None else (to_python_text(t) or None) for t in terms] for terms in by_column
    ]


def to_python_text(term: Any) -> str:
    """A term as the SPARQL CSV results format writes it."""
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else str(term.value)


def frame_of(names: Sequence[str], columns: Sequence[list[Any]]):
    """A DataFrame of Python value columns (from :func:`python_columns`), typed as
    :func:`frame` types an answer: a column's type is decided by every value in it."""
    import pandas as pd

    df = pd.DataFrame(index=pd.RangeIndex(len(columns[0]) if columns else 0))
    for name, values in zip(names, columns, strict=True):
        df[name] = _typed(values, set(map(type, values)))
    return df


def _typed(values: list, types: set[type]) -> Any:
    """A column of Python values (None: unbound) as :func:`frame` types it, from the
    ``types`` of its values (a set: deciding from the types alone is one pass in C
    over a column of a million values, not a Python loop)."""
    import pandas as pd

    present = types - {type(None)}
    if not present:
        return pd.Series(values, dtype=object)
    if all(issubclass(t, bool) for t in present):
        return pd.array(values, dtype="boolean")
    if all(issubclass(t, int) and not issubclass(t, bool) for t in present):
        return pd.array(values, dtype="Int64")
    if all(issubclass(t, (int, float, Decimal)) and not issubclass(t, bool) for t in present):
        return pd.array([None if v is None else float(v) for v in values], dtype="Float64")
    if all(issubclass(t, str) for t in present):
        return pd.array(values, dtype="string")
    return pd.Series(values, dtype=object)
