"""Namespace IRIs and the prefixes every serialisation declares."""

from __future__ import annotations

from collections.abc import Sequence

DG = "https://w3id.org/dutygraph/ontology#"
DGKIND = "https://w3id.org/dutygraph/kind/"
DGFN = "https://w3id.org/dutygraph/function/"
DEFAULT_BASE = "https://w3id.org/dutygraph/id/"
ONTOLOGY_IRI = "https://w3id.org/dutygraph/ontology"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
DCAT = "http://www.w3.org/ns/dcat#"
FOAF = "http://xmlns.com/foaf/0.1/"
QUDT = "http://qudt.org/schema/qudt/"
UNIT = "http://qudt.org/vocab/unit/"
SH = "http://www.w3.org/ns/shacl#"
VCARD = "http://www.w3.org/2006/vcard/ns#"

ZH = "zh-Hans"  # the language of every Chinese label the graph writes
EN = "en"

PREFIXES: dict[str, str] = {
    "dg": DG,
    "dgkind": DGKIND,
    "dgfn": DGFN,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "skos": SKOS,
    "dct": DCT,
    "org": ORG,
    "prov": PROV,
    "dcat": DCAT,
    "foaf": FOAF,
    "qudt": QUDT,
    "unit": UNIT,
    "sh": SH,
}


def prefixes_for(base: str, scopes: Sequence[str] = ()) -> dict[str, str]:
    r"""The standard prefixes plus ``dgunit:`` for the dataset's units.

    Units are minted per jurisdiction (``unit/wuhan/市发改委``): with one jurisdiction
    ``dgunit:`` is its folder; with several each gets ``dgunit-SCOPE:``. Items,
    assignments and the plan keep full IRIs: their paths hold '/', which a prefixed
    name could only write escaped (``item\/2.201``).
    """
    if len(scopes) == 1:
        return {**PREFIXES, "dgunit": f"{base}unit/{scopes[0]}/"}
    if scopes:
        return {**PREFIXES, **{f"dgunit-{s}": f"{base}unit/{s}/" for s in scopes}}
    return {**PREFIXES, "dgunit": f"{base}unit/"}
