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


def turtle(triples: Sequence[ox.Triple], prefixes: dict[str, str]) -> bytes:
    body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    lines = body.decode("utf-8").split("\n")
    head = sorted(line for line in lines if line.startswith("@prefix "))
    rest = [line for line in lines if not line.startswith("@prefix ")]
    return ("\n".join(head) + "\n\n" + "\n".join(rest)).encode("utf-8")


def ntriples(triples: Sequence[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


class _Compactor:
    def __init__(self, prefixes: dict[str, str]):
        # Longest namespace first, so dgunit: wins over a shorter match.
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

    def __call__(self, iri: str) -> str:
        for prefix, ns in self.prefixes:
            if iri.startswith(ns) and len(iri) > len(ns):
                local = iri[len(ns) :]
                if "/" not in local and "#" not in local:
                    return f"{prefix}:{local}"
        return iri


def context(prefixes: dict[str, str]) -> dict:
    return {"@context": dict(sorted(prefixes.items()))}


def jsonld(triples: Sequence[ox.Triple], prefixes: dict[str, str]) -> bytes:
    """Compact JSON-LD: one node object per subject, with the prefixes as context."""
    compact = _Compactor(prefixes)
    nodes: dict[str, dict] = {}
    order: list[str] = []
    for t in triples:
        s = t.subject.value
        node = nodes.get(s)
        if node is None:
            node = nodes[s] = {"@id": compact(s)}
            order.append(s)
        if t.predicate.value == RDF + "type" and isinstance(t.object, ox.NamedNode):
            node.setdefault("@type", []).append(compact(t.object.value))
            continue
        key = compact(t.predicate.value)
        obj = t.object
        if isinstance(obj, ox.NamedNode):
            value: object = {"@id": compact(obj.value)}
        elif obj.language:
            value = {"@value": obj.value, "@language": obj.language}
        elif obj.datatype.value == XSD + "string":
            value = obj.value
        else:
            value = {"@value": obj.value, "@type": compact(obj.datatype.value)}
        node.setdefault(key, []).append(value)
    document = {**context(prefixes), "@graph": [nodes[s] for s in order]}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
