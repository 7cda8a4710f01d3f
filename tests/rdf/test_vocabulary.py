"""The ontology: it parses, it declares every term the data uses, and every term
it defines has an English and a Chinese label and a comment.

Terms of reused vocabularies are checked against rdflib's ``DefinedNamespace``
classes (the published term lists of those vocabularies), not against a list of
our own. Language tags compare case-insensitively: pyoxigraph writes ``zh-hans``,
the ontology file and rdflib keep ``zh-Hans``.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
import rdflib.namespace as ns
from rdflib import Literal, URIRef

from graph.data import ontology_dir
from graph.rdf.namespaces import DG, DGKIND, ONTOLOGY_IRI


class QUDT(ns.DefinedNamespace):
    """The QUDT schema terms dutygraph uses, as published at http://qudt.org/schema/qudt/.

    rdflib ships no QUDT namespace; this one follows rdflib's DefinedNamespace form,
    so unknown names fail the same way. Only QUDT's own terms belong here.
    """

    _NS = rdflib.Namespace("http://qudt.org/schema/qudt/")
    _fail = True

    Quantity: URIRef
    QuantityKind: URIRef
    QuantityValue: URIRef
    Unit: URIRef
    unit: URIRef
    hasUnit: URIRef
    numericValue: URIRef
    value: URIRef
    quantityValue: URIRef
    hasQuantityKind: URIRef
    conversionMultiplier: URIRef
    symbol: URIRef
    ucumCode: URIRef


# Module attributes, not names here: pytest would probe DefinedNamespace classes at
# collection and rdflib would warn about the unknown attribute it asks for.
REUSED: tuple[type[ns.DefinedNamespace], ...] = (
    ns.RDF,
    ns.RDFS,
    ns.OWL,
    ns.XSD,
    ns.SKOS,
    ns.DCTERMS,
    ns.DCAT,
    ns.FOAF,
    ns.ORG,
    ns.PROV,
    QUDT,
)
RDF, RDFS, OWL = ns.RDF, ns.RDFS, ns.OWL
OURS = (DG, DGKIND)
PROPERTY_TYPES = {OWL.ObjectProperty, OWL.DatatypeProperty}


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_dir() / "dutygraph.ttl", format="turtle")


@pytest.fixture(scope="module")
def data(files) -> rdflib.Graph:
    """The data graph and the DCAT description together, as rdflib parses them."""
    graph = rdflib.Graph()
    graph.parse(data=files["dutygraph.nt"].decode("utf-8"), format="nt")
    graph.parse(data=files["catalog.ttl"].decode("utf-8"), format="turtle")
    return graph


def reused_vocabulary(iri: URIRef) -> type[ns.DefinedNamespace] | None:
    """The reused vocabulary whose namespace ``iri`` is in, longest namespace first."""
    for vocabulary in sorted(REUSED, key=lambda v: -len(str(v._NS))):
        if str(iri).startswith(str(vocabulary._NS)):
            return vocabulary
    return None


def is_reused_term(iri: URIRef) -> bool:
    """True when a reused vocabulary defines ``iri``.

    Membership, not attribute access: rdflib's DCAT and XSD only warn on unknown
    names, while ``in`` consults the term list of every DefinedNamespace.
    """
    vocabulary = reused_vocabulary(iri)
    return vocabulary is not None and iri in vocabulary


def is_ours(iri: URIRef) -> bool:
    return str(iri).startswith(OURS)


def test_reused_term_check_rejects_unknown_terms():
    assert is_reused_term(ns.ORG.hasMember)
    assert is_reused_term(URIRef(str(ns.DCAT._NS) + "byteSize"))
    assert not is_reused_term(URIRef(str(ns.ORG._NS) + "hasMembers"))
    assert not is_reused_term(URIRef(str(ns.DCAT._NS) + "bytesize"))
    assert not is_reused_term(URIRef(str(ns.XSD._NS) + "datetime"))
    assert not is_reused_term(URIRef("http://example.org/ns#Thing"))


def test_ontology_parses(ontology):
    assert (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) in ontology
    also = ox.parse(path=str(ontology_dir() / "dutygraph.ttl"), format=ox.RdfFormat.TURTLE)
    assert len(list(also)) == len(ontology)


def test_every_class_in_the_data_is_declared(data, ontology):
    classes = set(data.objects(None, RDF.type))
    assert URIRef(DG + "Assignment") in classes and ns.ORG.Organization in classes
    undeclared = sorted(
        str(c)
        for c in classes
        if not ((c, RDF.type, OWL.Class) in ontology if is_ours(c) else is_reused_term(c))
    )
    assert undeclared == []


def test_every_predicate_in_the_data_is_declared(data, ontology):
    predicates = set(data.predicates())
    assert URIRef(DG + "leadUnit") in predicates and ns.PROV.qualifiedAssociation in predicates
    undeclared = sorted(
        str(p)
        for p in predicates
        if not (
            set(ontology.objects(p, RDF.type)) & PROPERTY_TYPES if is_ours(p) else is_reused_term(p)
        )
    )
    assert undeclared == []


def test_every_datatype_in_the_data_is_declared(data):
    datatypes = {o.datatype for o in data.objects() if isinstance(o, Literal) and o.datatype}
    assert datatypes and all(is_reused_term(d) for d in datatypes), datatypes


def test_every_term_of_ours_in_the_data_is_defined(data, ontology):
    """Objects too: roles, derivations, unit kinds and zones are the ontology's."""
    used = {term for triple in data for term in triple if isinstance(term, URIRef)}
    ours = {term for term in used if is_ours(term)}
    assert URIRef(DG + "ByGroupExpansion") in ours and URIRef(DGKIND + "group") in ours
    assert sorted(str(t) for t in ours if (t, RDF.type, None) not in ontology) == []


def test_every_term_the_ontology_mentions_is_defined(ontology):
    """Catches typos in domains, ranges and superclasses."""
    imported = set(ontology.objects(None, OWL.imports))
    mentioned = {
        term
        for triple in ontology
        for term in triple
        if isinstance(term, URIRef) and term not in imported
    }
    missing = sorted(
        str(term)
        for term in mentioned
        if (is_ours(term) and (term, RDF.type, None) not in ontology)
        or (reused_vocabulary(term) is not None and not is_reused_term(term))
    )
    assert missing == []


def defined_terms(ontology: rdflib.Graph) -> list[URIRef]:
    """Every IRI the ontology types: classes, properties, concepts, schemes, the ontology."""
    return sorted(
        {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef) and is_ours(s)}
    )


def languages(ontology: rdflib.Graph, term: URIRef, predicate: URIRef) -> set[str]:
    return {
        (o.language or "").lower()
        for o in ontology.objects(term, predicate)
        if isinstance(o, Literal) and str(o).strip()
    }


def test_every_term_has_both_labels_and_a_comment(ontology):
    terms = defined_terms(ontology)
    kinds = {t for term in terms for t in ontology.objects(term, RDF.type)}
    assert {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, ns.SKOS.Concept} <= kinds
    assert len(terms) > 80
    lacking = []
    for term in terms:
        if not {"en", "zh-hans"} <= languages(ontology, term, RDFS.label):
            lacking.append(f"{term}: rdfs:label in en and zh-Hans")
        if "en" not in languages(ontology, term, RDFS.comment):
            lacking.append(f"{term}: rdfs:comment")
    assert lacking == []


def test_chinese_labels_are_tagged_zh_hans_in_the_file():
    """The shipped file spells the tag as BCP 47 does (``zh-Hans``), not ``zh``."""
    text = (ontology_dir() / "dutygraph.ttl").read_text(encoding="utf-8")
    assert '"@zh-Hans' in text
    assert "@zh " not in text and "@zh-hans" not in text and "@zh-CN" not in text


def test_shapes_target_declared_classes(ontology):
    shapes = rdflib.Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    targets = set(shapes.objects(None, sh.targetClass))
    assert URIRef(DG + "Item") in targets and URIRef(DG + "Assignment") in targets
    assert all(
        (t, RDF.type, OWL.Class) in ontology if is_ours(t) else is_reused_term(t) for t in targets
    )
