"""RDF in and out of the web app: media types, content negotiation, what a SPARQL
text is, and answers written with pyoxigraph's own serialisers.

A SPARQL text is looked at lexically (comments, strings and IRIs skipped) only for
what the engine cannot be asked without running it: which keyword opens it after
the prologue (an UPDATE is refused before anything runs), and whether it names
``SERVICE`` or ``LOAD``: pyoxigraph would fetch those URLs itself, and this server
makes no requests of its own. Whether a text is a well-formed query is the engine's
call alone: it is parsed when it is run, and a syntax error is a 400.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True)
class Format:
    """One serialisation a client can ask for: by ``?format=KEY``, by file suffix
    (``.KEY``) or by media type in ``Accept``."""

    key: str
    media_type: str
    aliases: tuple[str, ...] = ()

    def matches(self, media_range: str) -> bool:
        if media_range == "*/*":
            return True
        if media_range.endswith("/*"):
            return self.media_type.startswith(media_range[:-1])
        return media_range == self.media_type or media_range in self.aliases


RESULTS = (
    Format("json", "application/sparql-results+json", ("application/json",)),
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml")),
    Format("csv", "text/csv"),
    Format("tsv", "text/tab-separated-values"),
)
GRAPHS = (
    Format("ttl", "text/turtle", ("application/x-turtle",)),
    Format("nt", "application/n-triples", ("text/plain",)),
    Format("jsonld", "application/ld+json", ("application/json",)),
    Format("rdf", "application/rdf+xml", ("application/xml", "text/xml")),
)
HTML = Format("html", "text/html", ("application/xhtml+xml",))

_RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_GRAPH_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML,
}


def by_key(key: str, formats: Sequence[Format]) -> Format | None:
    return next((f for f in formats if f.key == key), None)


def parse_accept(header: str) -> list[tuple[str, float]]:
    """Media ranges with their q-values, best first (ties: more specific first, then
    as written)."""
    ranges: list[tuple[str, float, int, int]] = []
    for position, part in enumerate(header.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media or "/" not in media:
            continue
        q = 1.0
        for piece in pieces[1:]:
            name, _, value = piece.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
        ranges.append((media, q, specificity, position))
    ranges.sort(key=lambda r: (-r[1], -r[2], r[3]))
    return [(media, q) for media, q, _, _ in ranges]


def negotiate(accept: str | None, formats: Sequence[Format]) -> Format | None:
    """The format to answer with: the client's most preferred one we have, the
    first of ``formats`` when ``Accept`` is missing or says ``*/*``, ``None`` when
    nothing acceptable is on offer (a 406)."""
    if not accept or not accept.strip():
        return formats[0]
    ranges = parse_accept(accept)
    refused = {media for media, q in ranges if q <= 0}
    for media, q in ranges:
        if q <= 0:
            continue
        for candidate in formats:
            if candidate.matches(media) and candidate.media_type not in refused:
                return candidate
    return None


# -- what a SPARQL text is ----------------------------------------------------------

_SKIP = re.compile(
    r'#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>',
    re.S,
)
_WORD = re.compile(r"(?<![\w:?$@_-])[A-Za-z]+(?![\w:-])")
QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_FORMS = (
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "CREATE",
    "DROP",
    "COPY",
    "MOVE",
    "ADD",
    "WITH",
)


def keywords(text: str) -> list[str]:
    """The bare words of a SPARQL text, upper-cased, in order: no word inside a
    comment, a string or an IRI, and no part of a prefixed name or a variable."""
    return [w.upper() for w in _WORD.findall(_SKIP.sub(" ", text))]


def lexical_form(text: str) -> str | None:
    """``query`` or ``update`` by the first keyword after the prologue (BASE and
    PREFIX), ``None`` when it is neither (the engine then says what is wrong)."""
    for word in keywords(text):
        if word in ("BASE", "PREFIX"):
            continue
        if word in QUERY_FORMS:
            return "query"
        if word in UPDATE_FORMS:
            return "update"
        return None
    return None


def outbound(text: str) -> str | None:
    """The keyword that would make the engine fetch a URL (``SERVICE``, ``LOAD``),
    or ``None``."""
    words = set(keywords(text))
    return next((w for w in ("SERVICE", "LOAD") if w in words), None)


def names_dataset(text: str) -> bool:
    """Whether the text has its own dataset clause (``FROM``/``FROM NAMED``), which
    the union default graph must not override."""
    return "FROM" in keywords(text)


# -- answers -------------------------------------------------------------------------

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def term_json(term: Term) -> dict:
    """A term as the SPARQL 1.1 JSON results format writes it."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": term_json(term.subject),
                "predicate": term_json(term.predicate),
                "object": term_json(term.object),
            },
        }
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
        out["datatype"] = term.datatype.value
    return out


def solutions_json(columns: Sequence[str], rows: Iterable[Sequence[Term | None]]) -> bytes:
    """SPARQL JSON for rows already read (and cut at the row cap)."""
    bindings = [
        {name: term_json(term) for name, term in zip(columns, row, strict=True) if term is not None}
        for row in rows
    ]
    document = {"head": {"vars": list(columns)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_solutions(
    columns: Sequence[str], rows: Sequence[Sequence[Term | None]], key: str
) -> bytes:
    """Rows in the results format ``key``: JSON written here, the others by
    pyoxigraph from that JSON, so every format says exactly the same."""
    data = solutions_json(columns, rows)
    if key == "json":
        return data
    parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=_RESULT_FORMATS[key]) or b""


def write_boolean(value: ox.QueryBoolean, key: str) -> bytes:
    return value.serialize(format=_RESULT_FORMATS[key]) or b""


def write_triples(triples: Iterable[ox.Triple], key: str, prefixes: dict[str, str]) -> bytes:
    """Triples in the graph format ``key`` (prefixes where the format has them)."""
    fmt = _GRAPH_FORMATS[key]
    uses_prefixes = key in ("ttl", "rdf")
    return (
        ox.serialize(list(triples), format=fmt, prefixes=prefixes if uses_prefixes else None) or b""
    )


def describe(store: ox.Store, iri: str, *, limit: int = 20_000) -> list[ox.Triple]:
    """The concise bounded description of ``iri`` in every graph of the store: its
    own triples, and those of the blank nodes they lead to, sorted, each once."""
    seen: set[ox.Triple] = set()
    todo: list[ox.NamedNode | ox.BlankNode] = [ox.NamedNode(iri)]
    visited: set[ox.NamedNode | ox.BlankNode] = set()
    while todo and len(seen) < limit:
        subject = todo.pop()
        if subject in visited:
            continue
        visited.add(subject)
        for quad in store.quads_for_pattern(subject, None, None):
            seen.add(ox.Triple(quad.subject, quad.predicate, quad.object))
            if isinstance(quad.object, ox.BlankNode):
                todo.append(quad.object)
    return sorted(seen, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
