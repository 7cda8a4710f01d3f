"""Serialise sorted triples: Turtle, N-Triples (pyoxigraph) and compact JSON-LD.

Output is byte-identical for the same input: triples arrive sorted, prefix lines
are sorted, and the JSON-LD writer walks the same sorted list.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import pyoxigraph as ox

from graph.rdf.namespaces import RDF, XSD

FORMATS = {"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json"}


def _written(data: bytes | None) -> bytes:
    """pyoxigraph returns the bytes when given no output file; its stubs say
    ``bytes | None`` for both cases."""
    assert data is not None
    return data


def turtle(triples: Sequence[ox.Triple], prefixes: dict[str, str]) -> bytes:
    body = _written(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes))
    lines = body.decode("utf-8").split("\n")
    head = sorted(line for line in lines if line.startswith("@prefix "))
    rest = [line for line in lines if not line.startswith("@prefix ")]
    return ("\n".join(head) + "\n\n" + "\n".join(rest)).encode("utf-8")


def nquads(graphs: Sequence[tuple[str, Sequence[ox.Triple]]]) -> bytes:
    """N-Quads of named graphs, in the order given (each graph's triples sorted by the
    caller): what a SPARQL server's bulk loader reads to keep each plan apart."""
    quads = (
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name))
        for name, triples in graphs
        for t in triples
    )
    return _written(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))


def ntriples(triples: Sequence[ox.Triple]) -> bytes:
    return _written(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))


def store_ntriples(store: ox.Store) -> bytes:
    """The triples of an Oxigraph store (the union of its graphs) as N-Triples.

    Here, so that callers above the graph layers (the command line) need not import
    pyoxigraph to name the format and the graph.
    """
    from graph.rdf.build import sort_triples

    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in store}
    return _written(ox.serialize(sort_triples(triples), format=ox.RdfFormat.N_TRIPLES))


class _Compactor:
    """IRI -> ``prefix:local`` where a declared prefix covers it, else the IRI itself.

    Results are remembered: the same few thousand IRIs recur across 40 000 triples.
    """

    def __init__(self, prefixes: dict[str, str]):
        # Longest namespace first, so dgunit: wins over a shorter match.
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self.seen: dict[str, str] = {}

    def __call__(self, iri: str) -> str:
        found = self.seen.get(iri)
        if found is None:
            found = self.seen[iri] = self._compact(iri)
        return found

    def _compact(self, iri: str) -> str:
        for prefix, ns in self.prefixes:
            if iri.startswith(ns) and len(iri) > len(ns):
                local = iri[len(ns) :]
                if "/" not in local and "#" not in local:
                    return f"{prefix}:{local}"
        return iri


def context(prefixes: dict[str, str]) -> dict:
    return {"@context": dict(sorted(prefixes.items()))}


def _node_objects(triples: Sequence[ox.Triple], compact: _Compactor) -> list[dict]:
    """One JSON-LD node object per subject, in the order the (sorted) triples give."""
    nodes: dict[str, dict] = {}
    for t in triples:
        if isinstance(t.subject, ox.Triple):
            raise TypeError(f"JSON-LD output has no quoted triples as subjects: {t}")
        s = t.subject.value
        node = nodes.get(s)
        if node is None:
            node = nodes[s] = {"@id": compact(s)}
        if t.predicate.value == RDF + "type" and isinstance(t.object, ox.NamedNode):
            node.setdefault("@type", []).append(compact(t.object.value))
            continue
        key = compact(t.predicate.value)
        obj = t.object
        if isinstance(obj, ox.NamedNode):
            value: object = {"@id": compact(obj.value)}
        elif not isinstance(obj, ox.Literal):  # the builder makes no blank nodes
            raise TypeError(f"JSON-LD output takes IRIs and literals as objects: {t}")
        elif obj.language:
            value = {"@value": obj.value, "@language": obj.language}
        elif obj.datatype.value == XSD + "string":
            value = obj.value
        else:
            value = {"@value": obj.value, "@type": compact(obj.datatype.value)}
        node.setdefault(key, []).append(value)
    return list(nodes.values())


def jsonld(triples: Sequence[ox.Triple], prefixes: dict[str, str]) -> bytes:
    """Compact JSON-LD: one node object per subject, with the prefixes as context.

    The context is indented; each node object is one line. ``json.dumps`` with
    ``indent`` runs the pure-Python encoder, which took most of the build's JSON-LD
    time; one line per node uses the C encoder and still diffs line by line.
    """
    head = json.dumps(context(prefixes)["@context"], ensure_ascii=False, indent=1)
    body = ",\n".join(
        json.dumps(node, ensure_ascii=False)
        for node in _node_objects(triples, _Compactor(prefixes))
    )
    return f'{{"@context": {head},\n"@graph": [\n{body}\n]}}\n'.encode()
