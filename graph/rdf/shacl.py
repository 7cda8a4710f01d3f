"""A SHACL engine for the part of SHACL that dutygraph's shapes use, over pyoxigraph.

Why our own engine: pySHACL answers the same question in half a minute on the
bundled plan, mostly because it runs every SPARQL-based constraint once per focus
node through rdflib. Here the shapes are read at run time from the shapes graph
(knowledge stays data), compiled once, and checked in bulk: the core constraints
in Python over pyoxigraph quads, the SPARQL-based constraints as one Oxigraph query
each for all focus nodes.

What is implemented, exactly (SHACL 1.0, https://www.w3.org/TR/shacl/):

* node shapes (``sh:NodeShape``) with ``sh:targetClass`` (SHACL instances: an
  ``rdf:type`` that is the class or an ``rdfs:subClassOf*`` of it in the data graph);
* property shapes (``sh:property``) whose ``sh:path`` is a plain IRI, with
  ``sh:minCount``, ``sh:maxCount``, ``sh:datatype``, ``sh:class``, ``sh:nodeKind``,
  ``sh:in``, ``sh:pattern``, ``sh:minLength``, ``sh:maxLength``, ``sh:minInclusive``
  (numeric values) and ``sh:message``; ``sh:name``, ``sh:description`` and
  ``sh:order`` are accepted and ignored, as SHACL says;
* SPARQL-based constraints (``sh:sparql`` on node shapes) with ``sh:select``,
  ``sh:message`` and ``sh:prefixes`` (``sh:declare``), ``$this`` pre-bound,
  ``$currentShape`` bound, ``?value`` and ``?path`` read from the solutions.

Anything else the shapes graph says in the SHACL namespace (``sh:or``, ``sh:node``,
``sh:severity``, a property path, a target other than ``sh:targetClass``, …) is
refused with :class:`UnsupportedShapes` before any data is looked at, so a new
shape can never be silently ignored.

Two evaluation strategies keep the SPARQL constraints fast without changing what
they mean. A query whose ``$this`` is bound by the first triple pattern of every
group that mentions it (and that has no sub-query, aggregate, ``LIMIT`` …) gives
the same solutions for a focus node whether ``$this`` is pre-bound or the query is
run once and its solutions are filtered on ``$this``; such queries run once, the
others once per focus node. And a ``FILTER [NOT] EXISTS`` whose body is a plain
basic graph pattern is rewritten into nested single-pattern ``EXISTS`` (the same
existential statement), because Oxigraph 0.5 evaluates a multi-pattern EXISTS
body with hash joins rebuilt for every solution, seconds instead of milliseconds.

Where this engine and pySHACL (its reference in the tests) can differ, knowingly:
``sh:pattern`` is run with Python's ``re`` (as pySHACL does), not XPath regular
expressions; ``sh:datatype`` checks lexical forms against XSD 1.1 for the types in
:func:`well_formed`, so it also rejects a malformed xsd:gYear or "1e3"^^xsd:decimal,
which rdflib lets through; and values are reported in the canonical form Oxigraph
stores them in ("007"^^xsd:integer is reported as 7).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.errors import DataError, InputError

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"

RDF_TYPE = ox.NamedNode(RDF + "type")
RDF_FIRST = ox.NamedNode(RDF + "first")
RDF_REST = ox.NamedNode(RDF + "rest")
RDF_NIL = ox.NamedNode(RDF + "nil")
RDF_LANGSTRING = RDF + "langString"
SUBCLASS_OF = ox.NamedNode(RDFS + "subClassOf")
VIOLATION = ox.NamedNode(SH + "Violation")
DEFAULT_GRAPH = ox.DefaultGraph()


def sh(name: str) -> ox.NamedNode:
    return ox.NamedNode(SH + name)


NODE_SHAPE = sh("NodeShape")
PROPERTY_SHAPE = sh("PropertyShape")
SPARQL_CONSTRAINT = sh("SPARQLConstraint")
SPARQL_COMPONENT = sh("SPARQLConstraintComponent")

# SHACL predicates that never change what validates (SHACL 2.3.2 and 5.2.1): they
# are accepted wherever they appear and otherwise ignored.
NON_VALIDATING = {sh(n) for n in ("name", "description", "order", "declare", "prefix", "namespace")}

NODE_KINDS = {
    sh("IRI"): (ox.NamedNode,),
    sh("BlankNode"): (ox.BlankNode,),
    sh("Literal"): (ox.Literal,),
    sh("BlankNodeOrIRI"): (ox.BlankNode, ox.NamedNode),
    sh("BlankNodeOrLiteral"): (ox.BlankNode, ox.Literal),
    sh("IRIOrLiteral"): (ox.NamedNode, ox.Literal),
}


class UnsupportedShapes(InputError):
    """The shapes graph asks for something this engine does not do, or is ill-formed.

    Raised while the shapes are read, before any data is validated: validating with
    part of the shapes skipped would report "conforms" for data that does not."""


@dataclass(frozen=True)
class Result:
    """One validation result (an ``sh:ValidationResult``), with pyoxigraph terms."""

    focus: ox.NamedNode | ox.BlankNode | ox.Literal
    path: ox.NamedNode | None
    value: ox.NamedNode | ox.BlankNode | ox.Literal | None
    component: ox.NamedNode  # sh:sourceConstraintComponent
    shape: ox.NamedNode | ox.BlankNode  # sh:sourceShape
    message: str
    constraint: ox.NamedNode | ox.BlankNode | None = None  # sh:sourceConstraint (SPARQL)
    severity: ox.NamedNode = VIOLATION

    def sort_key(self) -> tuple[str, ...]:
        return (
            text(self.focus),
            "" if self.path is None else self.path.value,
            self.message,
            "" if self.value is None else text(self.value),
            self.component.value,
        )


def text(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    """A term as the report prints it: an IRI or a literal's lexical form; ``_:id``."""
    if isinstance(term, ox.BlankNode):
        return str(term)
    return term.value


# -- literal checks --------------------------------------------------------------------

_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_FLOAT = re.compile(r"(?:[+-]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|INF)|NaN)")
_TZ = r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_YEAR = r"-?(?:[1-9][0-9]{3,}|0[0-9]{3})"
_DATE = re.compile(rf"({_YEAR})-(0[1-9]|1[0-2])-([0-3][0-9]){_TZ}")
_TIME = r"(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?|24:00:00(?:\.0+)?)"
_DATETIME = re.compile(rf"({_YEAR})-(0[1-9]|1[0-2])-([0-3][0-9])T{_TIME}{_TZ}")
_LEXICAL = {
    XSD + "boolean": re.compile(r"true|false|1|0"),
    XSD + "decimal": _DECIMAL,
    XSD + "float": _FLOAT,
    XSD + "double": _FLOAT,
    XSD + "time": re.compile(_TIME + _TZ),
    XSD + "gYear": re.compile(_YEAR + _TZ),
    XSD + "hexBinary": re.compile(r"(?:[0-9a-fA-F]{2})*"),
}
# xsd:integer and the types derived from it, with their value ranges.
_INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    XSD + "integer": (None, None),
    XSD + "nonNegativeInteger": (0, None),
    XSD + "positiveInteger": (1, None),
    XSD + "nonPositiveInteger": (None, 0),
    XSD + "negativeInteger": (None, -1),
    XSD + "long": (-(2**63), 2**63 - 1),
    XSD + "int": (-(2**31), 2**31 - 1),
    XSD + "short": (-(2**15), 2**15 - 1),
    XSD + "byte": (-(2**7), 2**7 - 1),
    XSD + "unsignedLong": (0, 2**64 - 1),
    XSD + "unsignedInt": (0, 2**32 - 1),
    XSD + "unsignedShort": (0, 2**16 - 1),
    XSD + "unsignedByte": (0, 2**8 - 1),
}
_NUMERIC = set(_INTEGER_RANGES) | {XSD + "decimal", XSD + "float", XSD + "double"}


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def well_formed(lexical: str, datatype: str) -> bool:
    """Whether ``lexical`` is in the lexical space of ``datatype`` (XSD 1.1).

    SHACL's sh:datatype rejects ill-typed literals ("seven"^^xsd:integer); datatypes
    not listed here (xsd:string, xsd:anyURI, other vocabularies) accept any form."""
    if datatype in _INTEGER_RANGES:
        if not _INTEGER.fullmatch(lexical):
            return False
        low, high = _INTEGER_RANGES[datatype]
        number = int(lexical)
        return (low is None or number >= low) and (high is None or number <= high)
    if datatype in (XSD + "date", XSD + "dateTime"):
        match = (_DATE if datatype == XSD + "date" else _DATETIME).fullmatch(lexical)
        if not match:
            return False
        year, month, day = (int(g) for g in match.groups())
        return 1 <= day <= _days_in_month(year, month)
    pattern = _LEXICAL.get(datatype)
    return pattern is None or pattern.fullmatch(lexical) is not None


def _number(term: object) -> Decimal | float | None:
    """The numeric value of a well-formed numeric literal, else None."""
    if not isinstance(term, ox.Literal) or term.language is not None:
        return None
    datatype = term.datatype.value
    if datatype not in _NUMERIC or not well_formed(term.value, datatype):
        return None
    if datatype in (XSD + "float", XSD + "double"):
        return float(term.value.replace("INF", "inf"))
    try:
        return Decimal(term.value)
    except InvalidOperation:  # pragma: no cover - the lexical check comes first
        return None


def _at_least(value: object, minimum: Decimal | float) -> bool:
    """SPARQL ``value >= minimum`` for numbers; False when they cannot be compared
    (a string, an IRI, an ill-typed literal), as a SPARQL type error would be."""
    number = _number(value)
    if number is None:
        return False
    if isinstance(number, float) or isinstance(minimum, float):
        return float(number) >= float(minimum)
    return number >= minimum


# -- SPARQL text ----------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][0-9A-Za-z_\u00b7\u00c0-\uffff]+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<bnode>_:[0-9A-Za-z_\-\u00b7\u00c0-\uffff]+)
  | (?P<pname>(?:[A-Za-z\u00c0-\uffff][\w\-.\u00b7]*)?:(?:[\w\-:%\u00b7]|\\.|\.(?=[\w\-:%\\]))*)
  | (?P<number>[0-9]*\.[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+\.?[0-9]*[eE][+-]?[0-9]+|[0-9]+)
  | (?P<word>[A-Za-z_][0-9A-Za-z_]*)
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|[{}()\[\].;,=<>!+\-*/|^?])
  | (?P<other>.)
    """,
    re.X | re.S,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    end: int

    def word(self) -> str:
        return self.text.upper() if self.kind == "word" else ""


def tokens(query: str) -> list[Token]:
    """SPARQL tokens, without whitespace and comments (enough to see the structure)."""
    out = []
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup or "other"
        if kind not in ("ws", "comment"):
            out.append(Token(kind, match.group(), match.start(), match.end()))
    return out


def _is_this(token: Token) -> bool:
    return token.kind == "var" and token.text[1:] == "this"


def _matching(toks: list[Token], open_index: int) -> int:
    """Index of the ``}`` that closes the ``{`` at ``open_index`` (-1 if none)."""
    depth = 0
    for i in range(open_index, len(toks)):
        if toks[i].text == "{":
            depth += 1
        elif toks[i].text == "}":
            depth -= 1
            if depth == 0:
                return i
    return -1


# Words after which a group's leading triple block ends.
_BLOCK_END = {"FILTER", "OPTIONAL", "BIND", "MINUS", "UNION", "GRAPH", "SERVICE", "VALUES"}
# Words that make the solutions for one focus node depend on the others.
_NOT_BATCHABLE = {
    "GROUP",
    "HAVING",
    "LIMIT",
    "OFFSET",
    "VALUES",
    "MINUS",
    "SERVICE",
    "GRAPH",
    "FROM",
    "COUNT",
    "SUM",
    "MIN",
    "MAX",
    "AVG",
    "SAMPLE",
    "GROUP_CONCAT",
}


def batchable(query: str) -> bool:
    """Whether running ``query`` once and keeping the solutions whose ``$this`` is a
    focus node gives, for every focus node, what pre-binding ``$this`` would give.

    True when the query projects ``$this``, has one SELECT (no sub-query), nothing
    that computes across solutions (aggregates, LIMIT, …), and every group that
    mentions ``$this`` outside an EXISTS body binds it in its leading triple block:
    then ``$this`` is bound in every solution of every such group before anything
    else (BIND, OPTIONAL, FILTER, UNION branches) sees it, and joining on it is the
    same as substituting it. Conservative: False only costs one query per focus node.
    """
    toks = tokens(query)
    words = [t.word() for t in toks]
    if words.count("SELECT") != 1 or _NOT_BATCHABLE & set(words):
        return False
    if any(t.kind == "iri" and re.search(r"[?$]this\b", t.text) for t in toks):
        return False  # '<' read as an IRI inside an expression: do not guess
    select = words.index("SELECT")
    body = next((i for i in range(select, len(toks)) if toks[i].text == "{"), -1)
    if body < 0:
        return False
    projection = toks[select + 1 : body]
    if not any(_is_this(t) or t.text == "*" for t in projection):
        return False
    for i, tok in enumerate(toks):
        if tok.text != "{" or (i > 0 and toks[i - 1].word() == "EXISTS"):
            continue
        close = _matching(toks, i)
        if close < 0:
            return False
        if not any(_is_this(t) for t in toks[i + 1 : close]):
            continue
        leading = []
        for t in toks[i + 1 : close]:
            if t.text in ("{", "}") or t.word() in _BLOCK_END:
                break
            leading.append(t)
        if not any(_is_this(t) for t in leading):
            return False
    return True


def _bgp_triples(toks: list[Token]) -> list[str] | None:
    """The triple patterns of a plain basic graph pattern, or None if ``toks`` is
    anything else (blank nodes, paths, expressions, nested groups …)."""
    n = len(toks)

    def term(i: int) -> tuple[str, int] | None:
        if i >= n:
            return None
        t = toks[i]
        if t.kind in ("var", "iri", "pname", "number") or t.word() in ("TRUE", "FALSE"):
            return t.text, i + 1
        if t.kind == "string":
            if i + 1 < n and toks[i + 1].kind == "lang":
                return t.text + toks[i + 1].text, i + 2
            if i + 2 < n and toks[i + 1].text == "^^" and toks[i + 2].kind in ("iri", "pname"):
                return t.text + "^^" + toks[i + 2].text, i + 3
            return t.text, i + 1
        return None

    def verb(i: int) -> tuple[str, int] | None:
        if i < n and (toks[i].kind in ("var", "iri", "pname") or toks[i].text == "a"):
            return toks[i].text, i + 1
        return None

    triples: list[str] = []
    i = 0
    while i < n:
        subject = term(i)
        if subject is None:
            return None
        s, i = subject
        while True:
            predicate = verb(i)
            if predicate is None:
                return None
            p, i = predicate
            while True:
                obj = term(i)
                if obj is None:
                    return None
                o, i = obj
                triples.append(f"{s} {p} {o}")
                if i < n and toks[i].text == ",":
                    i += 1
                    continue
                break
            if i < n and toks[i].text == ";":
                while i < n and toks[i].text == ";":
                    i += 1
                if i >= n or toks[i].text == ".":
                    break
                continue
            break
        if i < n:
            if toks[i].text != ".":
                return None
            i += 1
    return triples


def nest_exists(query: str) -> str:
    """Rewrite each ``EXISTS { t1 . t2 . … }`` with a plain BGP body into
    ``EXISTS { t1 FILTER EXISTS { t2 FILTER EXISTS { … } } }``.

    Both say "some solution matches all the triple patterns" (EXISTS substitutes
    the bindings it is evaluated with, at every level), so the answers are the
    same; Oxigraph 0.5 then looks each pattern up by index instead of rebuilding a
    hash join per solution. Bodies with anything else are left as written."""
    toks = tokens(query)
    edits: list[tuple[int, int, str]] = []
    for i, tok in enumerate(toks[:-1]):
        if tok.word() != "EXISTS" or toks[i + 1].text != "{":
            continue
        close = _matching(toks, i + 1)
        if close < 0:
            return query
        triples = _bgp_triples(toks[i + 2 : close])
        if triples is None or len(triples) < 2:
            continue
        nested = triples[-1]
        for triple in reversed(triples[:-1]):
            nested = f"{triple} FILTER EXISTS {{ {nested} }}"
        edits.append((toks[i + 1].start, toks[close].end, f"{{ {nested} }}"))
    for start, end, replacement in reversed(edits):
        query = query[:start] + replacement + query[end:]
    return query


def _check_query(query: str, where: str, path: str) -> None:
    """What SHACL forbids in SPARQL-based constraints (5.3.1), and what we do not bind."""
    toks = tokens(query)
    words = [t.word() for t in toks]
    forms = [w for w in words if w in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")]
    if not forms or forms[0] != "SELECT":
        raise UnsupportedShapes(f"{where}: sh:select must be a SELECT query", path=path)
    for forbidden in ("MINUS", "VALUES", "SERVICE"):
        if forbidden in words:
            raise UnsupportedShapes(
                f"{where}: a SPARQL constraint must not use {forbidden} (SHACL 5.3.1)", path=path
            )
    for a, b in zip(toks, toks[1:], strict=False):
        if a.word() == "AS" and _is_this(b):
            raise UnsupportedShapes(
                f"{where}: a SPARQL constraint must not bind $this (SHACL 5.3.1)", path=path
            )
    if any(t.kind == "var" and t.text[1:] in ("shapesGraph", "PATH") for t in toks):
        raise UnsupportedShapes(
            f"{where}: $shapesGraph and $PATH are not supported in SPARQL constraints", path=path
        )


# -- the shapes graph -----------------------------------------------------------------


@dataclass(frozen=True)
class Constraint:
    """One core constraint of a property shape: component IRI and its parameter."""

    component: ox.NamedNode
    parameter: Any  # int, datatype IRI, class, node kinds, members, regex, number
    shown: str  # the parameter as default messages print it


@dataclass(frozen=True)
class PropertyShape:
    node: ox.NamedNode | ox.BlankNode
    path: ox.NamedNode
    constraints: tuple[Constraint, ...]
    message: str | None


@dataclass(frozen=True)
class SparqlConstraint:
    node: ox.NamedNode | ox.BlankNode
    select: str  # sh:select as written
    query: str  # what runs: with the PREFIX lines, and EXISTS bodies nested
    batch: bool
    projects_this: bool  # else $this is pre-bound by writing the focus node in
    message: str | None


@dataclass(frozen=True)
class NodeShape:
    node: ox.NamedNode | ox.BlankNode
    targets: tuple[ox.NamedNode, ...]
    properties: tuple[PropertyShape, ...]
    sparql: tuple[SparqlConstraint, ...]


class _Reader:
    """The shapes graph as an index, remembering which triples have been used."""

    def __init__(self, triples: list[ox.Triple], prefixes: dict[str, str], path: str):
        self.triples = triples
        self.prefixes = prefixes
        self.path = path
        self.index: dict[tuple[object, object], list] = {}
        for t in triples:
            self.index.setdefault((t.subject, t.predicate), []).append(t.object)
        self.used: set[tuple[object, object, object]] = set()

    def error(self, message: str) -> UnsupportedShapes:
        return UnsupportedShapes(message, path=self.path)

    def name(self, term: object) -> str:
        """A term as a person reads it: ``dgsh:ItemShape``, ``<iri>``, a literal."""
        if isinstance(term, ox.NamedNode):
            best = max(
                (p for p, ns in self.prefixes.items() if term.value.startswith(ns)),
                key=lambda p: len(self.prefixes[p]),
                default=None,
            )
            if best is not None:
                local = term.value[len(self.prefixes[best]) :]
                if re.fullmatch(r"[\w\-]+(?:\.[\w\-]+)*|", local):
                    return f"{best}:{local}"
            return f"<{term.value}>"
        if isinstance(term, ox.Literal):
            datatype = term.datatype.value
            if term.language or datatype == XSD + "string":
                return str(term)
            return f'"{term.value}"^^{self.name(term.datatype)}'
        return str(term)

    def take(self, subject: object, predicate: ox.NamedNode) -> list[Any]:
        objects = self.index.get((subject, predicate), [])
        for o in objects:
            self.used.add((subject, predicate, o))
        return objects

    def one(self, subject: object, predicate: ox.NamedNode, owner: str) -> Any:
        objects = self.take(subject, predicate)
        if len(objects) > 1:
            raise self.error(
                f"{owner} has {len(objects)} values for {self.name(predicate)}; SHACL allows one"
            )
        return objects[0] if objects else None

    def iri(self, subject: object, predicate: ox.NamedNode, owner: str) -> ox.NamedNode | None:
        value = self.one(subject, predicate, owner)
        if value is not None and not isinstance(value, ox.NamedNode):
            raise self.error(
                f"{owner}: {self.name(predicate)} must be an IRI, not {self.name(value)}"
            )
        return value

    def count(self, subject: object, predicate: ox.NamedNode, owner: str) -> int | None:
        value = self.one(subject, predicate, owner)
        if value is None:
            return None
        if (
            not isinstance(value, ox.Literal)
            or value.datatype.value != XSD + "integer"
            or not _INTEGER.fullmatch(value.value)
            or int(value.value) < 0
        ):
            raise self.error(f"{owner}: {self.name(predicate)} must be a non-negative xsd:integer")
        return int(value.value)

    def message(self, subject: object) -> str | None:
        """sh:message, one per language; the one without a language tag (then
        English, then the first by tag) when there are several."""
        values = self.take(subject, sh("message"))
        for value in values:
            if not isinstance(value, ox.Literal):
                raise self.error(f"{self.name(subject)}: sh:message must be a literal")
        if not values:
            return None

        def rank(v: ox.Literal) -> tuple[int, str, str]:
            lang = v.language or ""
            return (0 if not lang else 1 if lang.startswith("en") else 2, lang, v.value)

        return min(values, key=rank).value

    def rdf_list(self, head: object, owner: str) -> list:
        items, node, seen = [], head, set()
        while node != RDF_NIL:
            if node in seen or not isinstance(node, ox.BlankNode | ox.NamedNode):
                raise self.error(f"{owner}: sh:in is not a well-formed RDF list")
            seen.add(node)
            first = self.take(node, RDF_FIRST)
            rest = self.take(node, RDF_REST)
            if len(first) != 1 or len(rest) != 1:
                raise self.error(f"{owner}: sh:in is not a well-formed RDF list")
            items.append(first[0])
            node = rest[0]
        return items

    def leftovers(self) -> list[str]:
        """What the shapes graph says in the SHACL namespace that nothing read."""
        out = []
        for t in self.triples:
            if (t.subject, t.predicate, t.object) in self.used or t.predicate in NON_VALIDATING:
                continue
            if t.predicate.value.startswith(SH):
                out.append(f"{self.name(t.predicate)} on {self.name(t.subject)}")
            elif (
                t.predicate == RDF_TYPE
                and isinstance(t.object, ox.NamedNode)
                and t.object.value.startswith(SH)
            ):
                out.append(f"{self.name(t.subject)} a {self.name(t.object)}")
        return sorted(set(out))


def _core_constraints(reader: _Reader, node: object, owner: str) -> list[Constraint]:
    out = []
    for name in ("minCount", "maxCount", "minLength", "maxLength"):
        value = reader.count(node, sh(name), owner)
        if value is not None:
            out.append(
                Constraint(
                    sh(name[0].upper() + name[1:] + "ConstraintComponent"), value, str(value)
                )
            )
    datatype = reader.iri(node, sh("datatype"), owner)
    if datatype is not None:
        out.append(
            Constraint(sh("DatatypeConstraintComponent"), datatype.value, reader.name(datatype))
        )
    for cls in reader.take(node, sh("class")):
        if not isinstance(cls, ox.NamedNode):
            raise reader.error(f"{owner}: sh:class must be an IRI")
        out.append(Constraint(sh("ClassConstraintComponent"), cls, reader.name(cls)))
    kind = reader.iri(node, sh("nodeKind"), owner)
    if kind is not None:
        if kind not in NODE_KINDS:
            raise reader.error(f"{owner}: {reader.name(kind)} is not a SHACL node kind")
        out.append(
            Constraint(sh("NodeKindConstraintComponent"), NODE_KINDS[kind], reader.name(kind))
        )
    members = reader.one(node, sh("in"), owner)
    if members is not None:
        items = reader.rdf_list(members, owner)
        shown = "(" + " ".join(reader.name(i) for i in items) + ")"
        out.append(Constraint(sh("InConstraintComponent"), frozenset(items), shown))
    pattern = reader.one(node, sh("pattern"), owner)
    if pattern is not None:
        if not isinstance(pattern, ox.Literal):
            raise reader.error(f"{owner}: sh:pattern must be a string literal")
        try:
            compiled = re.compile(pattern.value)
        except re.error as exc:
            raise reader.error(
                f"{owner}: sh:pattern {pattern.value!r} is not a regular expression we can run: {exc}"
            ) from None
        out.append(Constraint(sh("PatternConstraintComponent"), compiled, pattern.value))
    minimum = reader.one(node, sh("minInclusive"), owner)
    if minimum is not None:
        number = _number(minimum)
        if number is None:
            raise reader.error(
                f"{owner}: sh:minInclusive is supported for numeric literals only, not {reader.name(minimum)}"
            )
        out.append(Constraint(sh("MinInclusiveConstraintComponent"), number, reader.name(minimum)))
    return out


def _prefix_lines(reader: _Reader, constraint: object, owner: str) -> str:
    declared: dict[str, str] = {}
    for source in reader.take(constraint, sh("prefixes")):
        for declaration in reader.index.get((source, sh("declare")), []):
            prefix = reader.index.get((declaration, sh("prefix")), [])
            namespace = reader.index.get((declaration, sh("namespace")), [])
            if len(prefix) != 1 or len(namespace) != 1:
                raise reader.error(
                    f"{owner}: an sh:declare needs one sh:prefix and one sh:namespace"
                )
            p, ns = prefix[0].value, namespace[0].value
            if declared.get(p, ns) != ns:
                raise reader.error(f"{owner}: prefix {p!r} is declared twice, differently")
            declared[p] = ns
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(declared.items()))


def projected(query: str) -> set[str]:
    """The variable names the outermost SELECT projects ("*" for ``SELECT *``)."""
    toks = tokens(query)
    words = [t.word() for t in toks]
    if "SELECT" not in words:
        return set()
    out: set[str] = set()
    depth, previous = 0, None
    for t in toks[words.index("SELECT") + 1 :]:
        if t.text == "{" or (depth == 0 and t.word() in ("WHERE", "FROM")):
            break
        depth += (t.text == "(") - (t.text == ")")
        if depth == 0 and t.text == "*":
            out.add("*")
        elif t.kind == "var" and (depth == 0 or (previous is not None and previous.word() == "AS")):
            out.add(t.text[1:])
        previous = t
    return out


def prebind(query: str, name: str, term: ox.NamedNode | ox.Literal) -> str:
    """``query`` with the variable ``name`` written as ``term`` (SHACL pre-binding
    for a variable the query does not project; Oxigraph's substitution needs it
    projected)."""
    out, last = [], 0
    for t in tokens(query):
        if t.kind == "var" and t.text[1:] == name:
            out += [query[last : t.start], str(term)]
            last = t.end
    return "".join(out) + query[last:]


def _sparql_constraint(reader: _Reader, node: Any, shape: Any, owner: str) -> SparqlConstraint:
    where = f"SPARQL constraint {reader.name(node)} of {owner}"
    types = reader.take(node, RDF_TYPE)
    if any(
        t != SPARQL_CONSTRAINT
        for t in types
        if isinstance(t, ox.NamedNode) and t.value.startswith(SH)
    ):
        raise reader.error(f"{where}: unexpected type")
    select = reader.one(node, sh("select"), where)
    if not isinstance(select, ox.Literal):
        raise reader.error(f"{where}: needs one sh:select string")
    message = reader.message(node)
    query = _prefix_lines(reader, node, where) + select.value
    _check_query(query, where, reader.path)
    names = projected(query)
    if "currentShape" in names:
        raise reader.error(f"{where}: $currentShape may be used but not selected")
    if isinstance(shape, ox.NamedNode):
        query = prebind(query, "currentShape", shape)
    elif any(t.kind == "var" and t.text[1:] == "currentShape" for t in tokens(query)):
        raise reader.error(f"{where}: $currentShape is supported on node shapes with an IRI only")
    projects_this = "this" in names  # SELECT * may leave it out of scope: write it in
    runs = nest_exists(query)
    try:  # a syntax error is found here, before any data is looked at
        ox.Store().query(runs)
    except SyntaxError as exc:
        raise reader.error(f"{where} is not valid SPARQL: {exc}") from None
    return SparqlConstraint(node, select.value, runs, batchable(query), projects_this, message)


def _node_shape(reader: _Reader, node: Any) -> NodeShape:
    owner = reader.name(node)
    for t in reader.take(node, RDF_TYPE):
        if t in (ox.NamedNode(RDFS + "Class"), ox.NamedNode(OWL + "Class")):
            raise reader.error(f"{owner} is also a class: implicit class targets are not supported")
    targets = []
    for target in reader.take(node, sh("targetClass")):
        if not isinstance(target, ox.NamedNode):
            raise reader.error(f"{owner}: sh:targetClass must be an IRI")
        targets.append(target)
    properties = []
    for prop in reader.take(node, sh("property")):
        where = f"property shape {reader.name(prop)} of {owner}"
        for t in reader.take(prop, RDF_TYPE):
            if t != PROPERTY_SHAPE and isinstance(t, ox.NamedNode) and t.value.startswith(SH):
                raise reader.error(f"{where}: unexpected type {reader.name(t)}")
        paths = reader.take(prop, sh("path"))
        if len(paths) != 1:
            raise reader.error(f"{where} needs exactly one sh:path")
        if not isinstance(paths[0], ox.NamedNode):
            raise reader.error(
                f"{where}: sh:path must be a plain IRI; property paths (inverse, sequence, "
                "alternative, zero-or-more …) are not supported"
            )
        where = f"property shape {reader.name(paths[0])} of {owner}"
        constraints = _core_constraints(reader, prop, where)
        properties.append(PropertyShape(prop, paths[0], tuple(constraints), reader.message(prop)))
    sparql = tuple(
        _sparql_constraint(reader, c, node, owner) for c in reader.take(node, sh("sparql"))
    )
    return NodeShape(node, tuple(targets), tuple(properties), sparql)


@dataclass(frozen=True)
class Shapes:
    """The compiled shapes graph: node shapes in a stable order."""

    node_shapes: tuple[NodeShape, ...]
    prefixes: dict[str, str] = field(default_factory=dict, compare=False)
    source: str = "<shapes>"

    @classmethod
    def parse(cls, data: bytes | str, *, path: str = "<shapes>") -> Shapes:
        """Read and compile a Turtle shapes graph; refuse what we do not implement."""
        try:
            parser = ox.parse(data, format=ox.RdfFormat.TURTLE)
            triples = [q.triple for q in parser]
        except SyntaxError as exc:
            raise InputError(
                f"not valid turtle: {exc.msg}", path=path, line=exc.lineno or 0
            ) from None
        # Through a store, so that literals are in the canonical form the data is in
        # when it is read back from the store (sh:in compares terms).
        store = ox.Store()
        store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
        triples = [q.triple for q in store]
        reader = _Reader(triples, dict(parser.prefixes), path)
        candidates = {
            t.subject for t in triples if t.predicate == RDF_TYPE and t.object == NODE_SHAPE
        }
        candidates |= {t.subject for t in triples if t.predicate == sh("targetClass")}
        for subject in candidates:
            if reader.index.get((subject, sh("path"))):
                raise reader.error(
                    f"{reader.name(subject)}: property shapes with targets are not supported"
                )
        shapes = []
        for node in sorted(candidates, key=str):
            shapes.append(_node_shape(reader, node))
        leftovers = reader.leftovers()
        if leftovers:
            raise reader.error(
                "SHACL features this validator does not implement: " + "; ".join(leftovers)
            )
        return cls(tuple(shapes), reader.prefixes, path)

    @classmethod
    def load(cls, path: str | Path) -> Shapes:
        path = Path(path)
        return cls.parse(path.read_bytes(), path=str(path))

    def validate(self, store: ox.Store) -> list[Result]:
        """Every validation result for the default graph of ``store``, sorted."""
        data = _Data(store)
        results: list[Result] = []
        for shape in self.node_shapes:
            focus = data.instances_of_any(shape.targets)
            if not focus:
                continue
            ordered = sorted(focus, key=str)
            for prop in shape.properties:
                results.extend(self._check_property(data, prop, ordered))
            for constraint in shape.sparql:
                results.extend(self._check_sparql(store, shape, constraint, focus))
        results.sort(key=Result.sort_key)
        return results

    def _check_property(self, data: _Data, prop: PropertyShape, focus: list) -> Iterator[Result]:
        values = data.values(prop.path)
        checks = [(c, c.component.value[len(SH) :]) for c in prop.constraints]
        for f in focus:
            vals = values.get(f, ())
            for c, component in checks:
                if component == "MinCountConstraintComponent":
                    failing = [None] if len(vals) < c.parameter else []
                elif component == "MaxCountConstraintComponent":
                    failing = [None] if len(vals) > c.parameter else []
                else:
                    failing = [v for v in vals if not _value_ok(component, c.parameter, v, data)]
                for v in failing:
                    message = prop.message or self._default_message(component, c, f, prop.path)
                    yield Result(f, prop.path, v, c.component, prop.node, message)

    def _default_message(
        self, component: str, constraint: Constraint, focus: Any, path: ox.NamedNode
    ) -> str:
        """pySHACL's wording, for a property shape without sh:message."""
        if component == "MinCountConstraintComponent":
            return f"Less than {constraint.shown} values on <{text(focus)}>->{self._name(path)}"
        if component == "MaxCountConstraintComponent":
            return f"More than {constraint.shown} values on <{text(focus)}>->{self._name(path)}"
        return _DEFAULTS[component].format(constraint.shown)

    def _check_sparql(
        self, store: ox.Store, shape: NodeShape, constraint: SparqlConstraint, focus: set
    ) -> Iterator[Result]:
        runs: Iterable[tuple[Any, str, dict]]
        if constraint.batch:
            runs = [(None, constraint.query, {})]
        else:
            runs = (self._prebound(constraint, f) for f in sorted(focus, key=str))
        seen = set()
        for bound, query, substitutions in runs:
            try:
                solutions = store.query(query, substitutions=substitutions)
                assert isinstance(solutions, ox.QuerySolutions)  # checked a SELECT
            except (SyntaxError, RuntimeError) as exc:
                raise UnsupportedShapes(
                    f"SPARQL constraint {self._name(constraint.node)} of {self._name(shape.node)} "
                    f"cannot run: {exc}",
                    path=self.source,
                ) from None
            names = [v.value for v in solutions.variables]
            for solution in solutions:
                row = {n: solution[n] for n in names}
                this = row.get("this")
                if this is None:
                    this = bound
                if this is None or (bound is None and this not in focus):
                    continue
                failure = row.get("failure")
                if isinstance(failure, ox.Literal) and failure.value in ("true", "1"):
                    raise DataError(
                        f"SPARQL constraint {self._name(constraint.node)} reported a failure "
                        f"on {text(this)}"
                    )
                key = (this, tuple(sorted((k, str(v)) for k, v in row.items() if k != "this")))
                if key in seen:
                    continue
                seen.add(key)
                value = row.get("value")
                if value is None:
                    value = this
                path = row.get("path")
                message = constraint.message or (
                    f"SPARQL constraint {self._name(constraint.node)} of "
                    f"{self._name(shape.node)} matched"
                )
                message = _fill(message, {**row, "this": this})
                yield Result(
                    this,
                    path if isinstance(path, ox.NamedNode) else None,
                    value,
                    SPARQL_COMPONENT,
                    shape.node,
                    message,
                    constraint=constraint.node,
                )

    @staticmethod
    def _prebound(constraint: SparqlConstraint, focus: Any) -> tuple[Any, str, dict]:
        """The query for one focus node: Oxigraph's substitution when ``$this`` is
        selected, else the node written into the text (an IRI or literal)."""
        if constraint.projects_this:
            return focus, constraint.query, {ox.Variable("this"): focus}
        if isinstance(focus, ox.BlankNode):
            raise DataError(
                f"blank node {focus} cannot be pre-bound in a query that does not select $this"
            )
        return focus, prebind(constraint.query, "this", focus), {}

    def _name(self, term: object) -> str:
        return _Reader([], self.prefixes, "").name(term)


_DEFAULTS = {
    "DatatypeConstraintComponent": "Value is not Literal with datatype {}",
    "ClassConstraintComponent": "Value does not have class {}",
    "NodeKindConstraintComponent": "Value is not of Node Kind {}",
    "InConstraintComponent": "Value not in list {}",
    "PatternConstraintComponent": "Value does not match pattern '{}'",
    "MinLengthConstraintComponent": "String length not >= {}",
    "MaxLengthConstraintComponent": "String length not <= {}",
    "MinInclusiveConstraintComponent": "Value is not >= {}",
}


def _fill(message: str, row: dict) -> str:
    """SHACL message templates: ``{?name}`` and ``{$name}`` become the bound values."""

    def one(match: re.Match) -> str:
        value = row.get(match.group(1))
        return match.group(0) if value is None else text(value)

    return re.sub(r"\{[?$]([A-Za-z_][0-9A-Za-z_]*)\}", one, message)


def _value_ok(component: str, parameter: Any, value: Any, data: _Data) -> bool:
    """Whether one value node passes one value-type or string constraint."""
    if component == "DatatypeConstraintComponent":
        if not isinstance(value, ox.Literal):
            return False
        if parameter == RDF_LANGSTRING:
            return value.language is not None
        return (
            value.language is None
            and value.datatype.value == parameter
            and well_formed(value.value, parameter)
        )
    if component == "ClassConstraintComponent":
        return not isinstance(value, ox.Literal) and value in data.instances(parameter)
    if component == "NodeKindConstraintComponent":
        return isinstance(value, parameter)
    if component == "InConstraintComponent":
        return value in parameter
    if component == "MinInclusiveConstraintComponent":
        return _at_least(value, parameter)
    if isinstance(value, ox.BlankNode):  # string constraints: blank nodes never pass
        return False
    if component == "PatternConstraintComponent":
        return parameter.search(value.value) is not None
    if component == "MinLengthConstraintComponent":
        return len(value.value) >= parameter
    if component == "MaxLengthConstraintComponent":
        return len(value.value) <= parameter
    raise AssertionError(component)  # pragma: no cover - every compiled component is here


class _Data:
    """Cached reads of the data graph: values per predicate, instances per class."""

    def __init__(self, store: ox.Store):
        self.store = store
        self._values: dict[ox.NamedNode, dict] = {}
        self._instances: dict[ox.NamedNode, frozenset] = {}

    def values(self, path: ox.NamedNode) -> dict:
        if path not in self._values:
            out: dict = {}
            for quad in self.store.quads_for_pattern(None, path, None, DEFAULT_GRAPH):
                out.setdefault(quad.subject, []).append(quad.object)
            self._values[path] = out
        return self._values[path]

    def instances(self, cls: ox.NamedNode) -> frozenset:
        """SHACL instances of ``cls``: typed with it or with a subclass of it
        (``rdfs:subClassOf*``, as the data graph says)."""
        if cls not in self._instances:
            classes: set[Any] = {cls}
            todo: list[Any] = [cls]
            while todo:
                for quad in self.store.quads_for_pattern(
                    None, SUBCLASS_OF, todo.pop(), DEFAULT_GRAPH
                ):
                    if quad.subject not in classes:
                        classes.add(quad.subject)
                        todo.append(quad.subject)
            members: set[Any] = set()
            for c in classes:
                members.update(
                    q.subject
                    for q in self.store.quads_for_pattern(None, RDF_TYPE, c, DEFAULT_GRAPH)
                )
            self._instances[cls] = frozenset(members)
        return self._instances[cls]

    def instances_of_any(self, classes: Iterable[ox.NamedNode]) -> set:
        out: set = set()
        for cls in classes:
            out |= self.instances(cls)
        return out
