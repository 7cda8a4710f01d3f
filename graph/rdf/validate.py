"""SHACL validation of built data with pySHACL and the project's shapes.

The ontology's triples are added to a copy of the data so that the concepts it
defines (unit kinds, roles, derivations) count as typed when shapes check classes.
The copy lives in an Oxigraph-backed rdflib store (oxrdflib): pySHACL's SPARQL
constraints then run on Oxigraph's engine, which turns a four-minute validation
with rdflib's own engine into seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graph.data import ontology_dir
from graph.errors import InputError

OX_FORMATS = {"turtle": "ox-turtle", "nt": "ox-nt", "xml": "ox-xml"}
RDF_FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
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


def oxigraph_graph():
    import rdflib

    return rdflib.Graph(store="Oxigraph")


def load_rdflib_graph(path: Path):
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            f"unknown RDF file type {path.suffix!r}; use .ttl, .nt or .jsonld",
            path=str(path),
            line=0,
            column=0,
        )
    graph = oxigraph_graph()
    try:
        graph.parse(path, format=OX_FORMATS.get(fmt, fmt))
    except FileNotFoundError:
        raise InputError("no such file", path=str(path), line=0, column=0) from None
    except Exception as exc:  # rdflib raises many types; report one clean line
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        line = getattr(exc, "lines", 0) or 0
        raise InputError(
            f"not valid {fmt}: {message}", path=str(path), line=line, column=0
        ) from None
    return graph


def validate_graph(data_graph) -> ValidationReport:
    """Validate an rdflib graph against ``ontology/shapes.ttl``."""
    import rdflib
    from pyshacl import validate
    from rdflib.namespace import SH

    shapes = rdflib.Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    size = len(data_graph)
    graph = oxigraph_graph()
    for triple in data_graph:
        graph.add(triple)
    graph.parse(ontology_dir() / "dutygraph.ttl", format="ox-turtle")
    conforms, results, _ = validate(
        graph,
        shacl_graph=shapes,
        inference="none",
        inplace=True,
        allow_warnings=True,
    )
    violations = []
    for result in results.subjects(rdflib.RDF.type, SH.ValidationResult):

        def one(pred, result=result):
            value = results.value(result, pred)
            return "" if value is None else str(value)

        violations.append(
            Violation(
                focus=one(SH.focusNode),
                path=one(SH.resultPath),
                message=one(SH.resultMessage),
                severity=one(SH.resultSeverity).rsplit("#", 1)[-1],
                value=one(SH.value),
            )
        )
    violations.sort(key=lambda v: (v.focus, v.path, v.message))
    return ValidationReport(bool(conforms), violations, size)


def validate_file(path: str | Path) -> ValidationReport:
    return validate_graph(load_rdflib_graph(Path(path)))
