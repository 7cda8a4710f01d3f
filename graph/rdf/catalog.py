"""The DCAT description of a built dataset, for open-data portals.

Meets the mandatory properties of DCAT-AP 3 (catalogue and dataset with title,
description and a publisher that is an agent with foaf:name; each distribution
with an access URL) and adds what portals reward: issue date, licence, keywords,
spatial and temporal coverage, media type, byte size and download URL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pyoxigraph as ox

from graph.model import Plan
from graph.rdf.build import ZH, GraphBuilder
from graph.rdf.namespaces import DCAT, DCT, FOAF, ONTOLOGY_IRI, RDF, RDFS, XSD
from graph.read.registry import cities

DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
MEDIA_TYPES = {
    ".ttl": ("text/turtle", "TURTLE"),
    ".nt": ("application/n-triples", "RDF_N_TRIPLES"),
    ".jsonld": ("application/ld+json", "JSON_LD"),
    ".csv": ("text/csv", "CSV"),
}
IANA = "http://www.iana.org/assignments/media-types/"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
EU_LANGUAGE_ZH = "http://publications.europa.eu/resource/authority/language/ZHO"
KEYWORDS_ZH = ("政府工作报告", "目标任务", "责任分解", "牵头单位", "责任单位")
KEYWORDS_EN = (
    "government work report",
    "responsibility decomposition",
    "lead unit",
    "linked open data",
)


@dataclass(frozen=True)
class Distribution:
    filename: str
    title: str
    size: int


def add_publisher(b: GraphBuilder, plans: Sequence[Plan]) -> str:
    """The publisher agent: the first plan's issuer, named by that issuer alone.

    DCAT-AP allows one publisher; naming it with every plan's issuer would give one
    agent the names of several offices when plans come from different cities.
    """
    issuer = next((p.issuer for p in plans if p.issuer), "")
    publisher = b.unit(issuer) if issuer else f"{b.iris.base}agent/dutygraph"
    b.link(publisher, RDF + "type", FOAF + "Agent")
    b.text(publisher, FOAF + "name", issuer or "dutygraph", ZH if issuer else None)
    return publisher


def catalog_triples(
    builder: GraphBuilder,
    plans: Sequence[Plan],
    files: Sequence[Distribution],
    *,
    download_url: str,
    license_iri: str = DEFAULT_LICENSE,
) -> None:
    """Add the catalogue, dataset and one distribution per file to ``builder``."""
    iris = builder.iris
    slugs = [p.slug for p in plans]
    catalog = iris.catalog()
    dataset = iris.dataset(slugs)
    b = builder
    publisher = add_publisher(b, plans)

    b.link(catalog, RDF + "type", DCAT + "Catalog")
    b.text(catalog, DCT + "title", "责任分解方案关联数据目录")
    b.text(catalog, DCT + "title", "Responsibility-decomposition plans as linked data", "en")
    b.text(catalog, DCT + "description", "政府工作报告目标任务责任分解方案的关联数据与表格。")
    b.text(
        catalog,
        DCT + "description",
        "Government work-report responsibility-decomposition plans as RDF and CSV.",
        "en",
    )
    b.link(catalog, DCT + "publisher", publisher)
    b.link(catalog, DCAT + "dataset", dataset)
    b.link(catalog, DCT + "language", EU_LANGUAGE_ZH)

    titles = "、".join(p.plan_title for p in plans)
    b.link(dataset, RDF + "type", DCAT + "Dataset")
    b.text(dataset, DCT + "title", titles)
    en = ", ".join(f"{cities().get(p.city, {}).get('name_en', p.city)} {p.year}" for p in plans)
    b.text(dataset, DCT + "title", f"Responsibility-decomposition plan: {en}", "en")
    items = sum(len(p.items) for p in plans)
    # Cooperating units are named only where a plan has them, so that the description
    # of a plan with lead and responsible units alone stays as it was.
    cooperating = any(item.cooperating for p in plans for item in p.items)
    roles_zh = "牵头单位、责任单位、配合单位" if cooperating else "牵头单位、责任单位"
    roles_en = (
        "lead, responsible and cooperating units" if cooperating else "lead and responsible units"
    )
    b.text(
        dataset,
        DCT + "description",
        f"{titles}的{items}项目标任务及其{roles_zh},含单位集合展开与无牵头单位规则推导。",
    )
    b.text(
        dataset,
        DCT + "description",
        f"The {items} numbered items of {en} with their {roles_en}, as written and derived (group expansion, no-lead rule).",
        "en",
    )
    b.link(dataset, DCT + "publisher", publisher)
    b.text(dataset, DCT + "identifier", "+".join(slugs), None)
    b.link(dataset, DCT + "license", license_iri)
    b.link(dataset, DCT + "conformsTo", ONTOLOGY_IRI)
    b.link(dataset, DCT + "language", EU_LANGUAGE_ZH)
    issued = max((p.issued for p in plans if p.issued), default=None)
    if issued:
        b.typed(dataset, DCT + "issued", issued.isoformat(), "date")
    for word in KEYWORDS_ZH + (("配合单位",) if cooperating else ()):
        b.text(dataset, DCAT + "keyword", word)
    for word in KEYWORDS_EN:
        b.text(dataset, DCAT + "keyword", word, "en")
    for plan in plans:
        b.link(dataset, DCT + "source", iris.plan(plan.slug))
        geo = cities().get(plan.city, {}).get("geonames")
        if geo:
            b.link(dataset, DCT + "spatial", geo)
    years = sorted({p.year for p in plans if p.year})
    if years:
        period = f"{dataset}/period"
        b.link(dataset, DCT + "temporal", period)
        b.link(period, RDF + "type", DCT + "PeriodOfTime")
        b.typed(period, DCAT + "startDate", date(years[0], 1, 1).isoformat(), "date")
        b.typed(period, DCAT + "endDate", date(years[-1], 12, 31).isoformat(), "date")
    for f in files:
        dist = f"{dataset}/distribution/{f.filename}"
        suffix = "." + f.filename.rsplit(".", 1)[-1]
        media, file_type = MEDIA_TYPES.get(suffix, ("application/octet-stream", "BIN"))
        url = download_url + f.filename
        b.link(dataset, DCAT + "distribution", dist)
        b.link(dist, RDF + "type", DCAT + "Distribution")
        b.text(dist, DCT + "title", f.title, "en")
        b.text(dist, RDFS + "label", f.filename, None)
        b.link(dist, DCAT + "accessURL", url)
        b.link(dist, DCAT + "downloadURL", url)
        b.link(dist, DCAT + "mediaType", IANA + media)
        b.link(dist, DCT + "format", EU_FILE_TYPE + file_type)
        b.link(dist, DCT + "license", license_iri)
        b.add(
            dist,
            DCAT + "byteSize",
            ox.Literal(str(f.size), datatype=b.node(XSD + "nonNegativeInteger")),
        )
