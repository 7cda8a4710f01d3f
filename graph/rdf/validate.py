"""SHACL validation of built data against the project's shapes (``ontology/shapes.ttl``).

The data is loaded into a pyoxigraph store together with the ontology
(``ontology/dutygraph.ttl``), so that the concepts it defines (unit kinds, roles,
derivations, units of measure) count as typed and its ``rdfs:subClassOf`` axioms
make, say, a ``dg:DistrictGovernment`` an ``org:Organization`` when a shape checks
``sh:class``; no other inference is done. The shapes are then checked by
:mod:`graph.rdf.shacl`, our engine for the part of SHACL the shapes use, in well
under a second; pySHACL, which took half a minute, is kept as the reference the
tests compare it with.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from graph.data import ontology_dir
from graph.errors import InputError
from graph.rdf.shacl import Result, Shapes, text

RDF_FORMATS = {
    ".ttl": ("turtle", ox.RdfFormat.TURTLE),
    ".nt": ("nt", ox.RdfFormat.N_TRIPLES),
    ".jsonld": ("json-ld", getattr(ox.RdfFormat, "JSON_LD", None)),
    ".json": ("json-ld", getattr(ox.RdfFormat, "JSON_LD", None)),
    ".rdf": ("xml", ox.RdfFormat.RDF_XML),
    ".owl": ("xml", ox.RdfFormat.RDF_XML),
}


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    severity: str
    value: str = ""


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: list[Violation]
    triples: int

    def text(self) -> str:
        if self.conforms:
            return f"conforms: {self.triples} triples checked against the dutygraph shapes\n"
        lines = [f"does not conform: {len(self.violations)} violation(s) in {self.triples} triples"]
        for v in self.violations:
            value = f" (value {v.value})" if v.value else ""
            lines.append(f"- {v.severity}: {v.focus} {v.path}: {v.message}{value}")
        return "\n".join(lines) + "\n"


@lru_cache(maxsize=1)
def project_shapes() -> Shapes:
    """The shapes of ``ontology/shapes.ttl``, read (and checked) once per process."""
    return Shapes.load(ontology_dir() / "shapes.ttl")


def load_store(path: str | Path) -> ox.Store:
    """An RDF file (Turtle, N-Triples, JSON-LD, RDF/XML) in a new store.

    Only the default graph is validated, so a file with named graphs is refused
    rather than half checked."""
    path = Path(path)
    name, fmt = RDF_FORMATS.get(path.suffix.lower(), (None, None))
    if fmt is None:
        raise InputError(
            f"unknown RDF file type {path.suffix!r}; use .ttl, .nt or .jsonld",
            path=str(path),
            line=0,
            column=0,
        )
    from graph.read.formats import read_input  # bounded: never a FIFO or /dev/zero

    data = read_input(path, str(path), what="an RDF file")
    store = ox.Store()
    try:
        store.load(data, format=fmt)
    except FileNotFoundError:
        raise InputError("no such file", path=str(path), line=0, column=0) from None
    except IsADirectoryError:
        raise InputError("is a directory", path=str(path), line=0, column=0) from None
    except SyntaxError as exc:
        reason = re.sub(r"^Parser error (?:at|between) .*?: ", "", exc.msg or str(exc))
        raise InputError(
            f"not valid {name}: {reason}",
            path=str(path),
            line=exc.lineno or 0,
            column=exc.offset or 0,
        ) from None
    if any(True for _ in store.named_graphs()):
        raise InputError(
            "the file has named graphs; only a single default graph can be validated",
            path=str(path),
            line=0,
            column=0,
        )
    return store


def _data_store(data_graph: object) -> ox.Store:
    """A fresh store with the data's triples, from any of the inputs we accept."""
    store = ox.Store()
    if isinstance(data_graph, ox.Store):
        # every graph's triples (a corpus store keeps each plan in its named graph)
        store.extend(
            ox.Quad(q.subject, q.predicate, q.object)
            for q in data_graph.quads_for_pattern(None, None, None)
        )
    elif isinstance(data_graph, bytes | str):
        store.load(data_graph, format=ox.RdfFormat.N_TRIPLES)
    elif hasattr(data_graph, "serialize"):
        # An rdflib graph, or anything else that writes N-Triples; we do not import
        # rdflib for it.
        store.load(
            data_graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES
        )
    elif isinstance(data_graph, Iterable):
        store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in data_graph)
    else:
        raise TypeError(f"cannot validate a {type(data_graph).__name__}")
    return store


def validate_graph(data_graph: object, *, shapes: Shapes | None = None) -> ValidationReport:
    """Validate a graph against ``ontology/shapes.ttl`` (or other compiled ``shapes``).

    ``data_graph`` is a pyoxigraph store (its default graph; the store is left
    unchanged), N-Triples as bytes or text, an iterable of pyoxigraph triples or
    quads, or an rdflib graph (anything with ``serialize(format="nt")``)."""
    return _report(_data_store(data_graph), shapes)


def validate_file(path: str | Path, *, shapes: Shapes | None = None) -> ValidationReport:
    """Validate an RDF file (Turtle, N-Triples, JSON-LD, RDF/XML)."""
    return _report(load_store(path), shapes)


def shacl_results(data_graph: object, *, shapes: Shapes | None = None) -> list[Result]:
    """The engine's results (with source shape and constraint component) for what
    :func:`validate_graph` accepts: what the reference tests compare with pySHACL."""
    return _results(_data_store(data_graph), shapes)


def _results(store: ox.Store, shapes: Shapes | None) -> list[Result]:
    """``store`` holds the data only; the ontology is added to it here."""
    shapes = shapes or project_shapes()  # refuses unsupported shapes before any work
    store.load(path=ontology_dir() / "dutygraph.ttl", format=ox.RdfFormat.TURTLE)
    return shapes.validate(store)


def _report(store: ox.Store, shapes: Shapes | None) -> ValidationReport:
    size = len(store)
    results = _results(store, shapes)
    violations = sorted(
        (_violation(r) for r in results),
        key=lambda v: (v.focus, v.path, v.message, v.value, v.severity),
    )
    return ValidationReport(not results, violations, size)


def _violation(result: Result) -> Violation:
    return Violation(
        focus=text(result.focus),
        path="" if result.path is None else result.path.value,
        message=result.message,
        severity=result.severity.value.rsplit("#", 1)[-1],
        value="" if result.value is None else text(result.value),
    )
