"""The query library as RDF: each named query a ``sh:SPARQLSelectExecutable``
with its text, labels, description and keywords, so a portal can list it."""

from __future__ import annotations

from collections.abc import Sequence

from graph.model.units import Registry
from graph.rdf.build import GraphBuilder, sort_triples
from graph.rdf.namespaces import DCAT, DCT, DG, RDF, RDFS, SH
from graph.rdf.serialise import turtle
from graph.store.library import NamedQuery, library


def query_catalog_triples(builder: GraphBuilder, queries: Sequence[NamedQuery]) -> None:
    base = builder.iris.base
    catalog = f"{base}queries"
    builder.link(catalog, RDF + "type", DCAT + "Catalog")
    builder.text(catalog, DCT + "title", "dutygraph 命名查询")
    builder.text(catalog, DCT + "title", "dutygraph named SPARQL queries", "en")
    for query in queries:
        node = f"{base}query/{query.name}"
        builder.link(catalog, DCT + "hasPart", node)
        builder.link(node, RDF + "type", SH + "SPARQLSelectExecutable")
        builder.text(node, SH + "select", query.text, None)
        builder.text(node, DCT + "identifier", query.name, None)
        builder.text(node, RDFS + "label", query.title, "en")
        if query.title_zh:
            builder.text(node, RDFS + "label", query.title_zh)
        builder.text(node, RDFS + "comment", query.description, "en")
        for keyword in query.keywords:
            is_chinese = any("\u4e00" <= ch <= "\u9fff" for ch in keyword)
            builder.text(node, DCAT + "keyword", keyword, "zh-Hans" if is_chinese else "en")
        for param in query.params:
            p = f"{node}/param/{param.name}"
            builder.link(node, DG + "parameter", p)
            builder.text(p, RDFS + "label", param.name, None)
            builder.text(p, RDFS + "comment", param.description, "en")
            builder.text(p, DG + "parameterType", param.type, None)
            builder.text(p, DG + "defaultValue", param.default, None)
        for column in query.columns:
            builder.text(node, DG + "resultColumn", column, None)


def query_catalog_turtle(iris, registry: Registry, prefixes: dict[str, str]) -> bytes:
    """``queries.ttl``: every named query of the library, sorted by name."""
    builder = GraphBuilder(iris, registry)
    query_catalog_triples(builder, [library()[name] for name in sorted(library())])
    return turtle(sort_triples(builder.triples), prefixes)
