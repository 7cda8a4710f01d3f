"""catalog.ttl: the DCAT description meets DCAT-AP 3's mandatory properties and
describes every exported file with its real size. ``--license`` is covered by
tests/cli/test_build_cli.py."""

from __future__ import annotations

import pytest
import rdflib
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF

from graph.export.dataset import CATALOG_FILE
from graph.rdf.namespaces import DCAT as DCAT_NS
from graph.rdf.namespaces import XSD as XSD_NS

# Plain namespaces: pytest probes module-level names at collection, and rdflib's
# DefinedNamespace DCAT and XSD would warn about the attribute it asks for.
DCAT = Namespace(DCAT_NS)
XSD = Namespace(XSD_NS)

MEDIA = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "csv": "text/csv",
}
IANA = "http://www.iana.org/assignments/media-types/"


def one(graph: rdflib.Graph, subject, predicate):
    found = list(graph.objects(subject, predicate))
    assert len(found) == 1, (subject, predicate, found)
    return found[0]


def languages(graph: rdflib.Graph, subject, predicate) -> set[str]:
    return {(o.language or "").lower() for o in graph.objects(subject, predicate)}


@pytest.fixture(scope="module")
def catalog_node(catalog):
    (node,) = catalog.subjects(RDF.type, DCAT.Catalog)
    return node


@pytest.fixture(scope="module")
def dataset_node(catalog, catalog_node):
    node = one(catalog, catalog_node, DCAT.dataset)
    assert (node, RDF.type, DCAT.Dataset) in catalog
    return node


@pytest.fixture(scope="module")
def distributions(catalog, dataset_node) -> dict[str, URIRef]:
    """Distributions by the file name their download URL ends with."""
    found = {}
    for dist in catalog.objects(dataset_node, DCAT.distribution):
        assert (dist, RDF.type, DCAT.Distribution) in catalog
        name = str(one(catalog, dist, DCAT.downloadURL)).rsplit("/", 1)[-1]
        assert name not in found
        found[name] = dist
    return found


@pytest.mark.parametrize("which", ["catalog_node", "dataset_node"])
def test_title_description_publisher(catalog, request, which):
    node = request.getfixturevalue(which)
    assert {"en", "zh-hans"} <= languages(catalog, node, DCTERMS.title)
    assert {"en", "zh-hans"} <= languages(catalog, node, DCTERMS.description)
    publisher = one(catalog, node, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in catalog
    assert str(one(catalog, publisher, FOAF.name)) == "武汉市人民政府办公厅"


def test_dataset_describes_the_plan(catalog, dataset_node):
    description = " ".join(str(d) for d in catalog.objects(dataset_node, DCTERMS.description))
    assert "322" in description
    assert str(one(catalog, dataset_node, DCTERMS.identifier)) == "wuhan-2023"
    assert one(catalog, dataset_node, DCTERMS.source) == URIRef(
        "https://w3id.org/dutygraph/id/plan/wuhan-2023"
    )


def test_what_portals_reward(catalog, dataset_node):
    assert one(catalog, dataset_node, DCTERMS.issued) == Literal("2023-01-12", datatype=XSD.date)
    assert one(catalog, dataset_node, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    keywords = {str(k) for k in catalog.objects(dataset_node, DCAT.keyword)}
    assert {"责任分解", "牵头单位", "lead unit"} <= keywords
    assert isinstance(one(catalog, dataset_node, DCTERMS.spatial), URIRef)
    period = one(catalog, dataset_node, DCTERMS.temporal)
    assert one(catalog, period, DCAT.startDate) == Literal("2023-01-01", datatype=XSD.date)
    assert one(catalog, period, DCAT.endDate) == Literal("2023-12-31", datatype=XSD.date)


def test_one_distribution_per_exported_file(distributions, out):
    exported = {path.name for path in out.iterdir()} - {CATALOG_FILE}
    assert {"dutygraph.ttl", "dutygraph.nt", "dutygraph.jsonld", "items.csv"} <= exported
    assert set(distributions) == exported


def test_distribution_properties(catalog, distributions, out):
    for name, dist in distributions.items():
        access = one(catalog, dist, DCAT.accessURL)
        download = one(catalog, dist, DCAT.downloadURL)
        assert isinstance(access, URIRef) and access == download
        assert str(download) == f"https://w3id.org/dutygraph/id/download/{name}"
        media = one(catalog, dist, DCAT.mediaType)
        assert media == URIRef(IANA + MEDIA[name.rsplit(".", 1)[-1]])
        size = one(catalog, dist, DCAT.byteSize)
        assert size.datatype == XSD.nonNegativeInteger
        assert int(size) == (out / name).stat().st_size > 0, name
        assert one(catalog, dist, DCTERMS.license) == one(
            catalog, next(catalog.subjects(DCAT.distribution, dist)), DCTERMS.license
        )
