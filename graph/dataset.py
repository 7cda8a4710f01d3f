"""Build the dataset: parse plans, make the RDF, write every export atomically.

This is the main job (``dutygraph build``). Everything is computed in memory first
and written file by file through a temporary name, so a failure never leaves a
half-written file behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import DataError
from graph.model import Plan
from graph.parse.plan import parse_plan
from graph.rdf.iris import check_base
from graph.rdf.namespaces import DEFAULT_BASE, prefixes_for
from graph.resources import ontology_dir
from graph.units import Registry, load_registry

DATA_FILES = {
    "dutygraph.ttl": "The plan graph as Turtle",
    "dutygraph.nt": "The plan graph as N-Triples",
    "dutygraph.jsonld": "The plan graph as JSON-LD",
    "context.jsonld": "JSON-LD context for dutygraph.jsonld",
    "items.csv": "Items: one row per numbered task",
    "units.csv": "Units: one row per unit or group",
    "assignments.csv": "Assignments: one row per item, unit, role and derivation",
    "ontology.ttl": "The dutygraph ontology (OWL)",
    "shapes.ttl": "SHACL shapes the data conforms to",
}
CATALOG_FILE = "catalog.ttl"


@dataclass
class BuildResult:
    out: Path
    plans: list[Plan]
    triples: int
    files: dict[str, int] = field(default_factory=dict)


def parse_sources(
    sources: Sequence[str | Path] | None, errata: Sequence[str | Path] = ()
) -> list[Plan]:
    """Parse each source (none: the bundled plan); plan slugs must be distinct."""
    plans = (
        [parse_plan(s, errata=list(errata)) for s in sources]
        if sources
        else [parse_plan(errata=list(errata))]
    )
    seen: dict[str, str] = {}
    for plan in plans:
        if plan.slug in seen:
            raise DataError(
                f"{plan.source} and {seen[plan.slug]} are the same plan ({plan.slug}); give each plan once"
            )
        seen[plan.slug] = plan.source
    return plans


def render_exports(
    plans: Sequence[Plan],
    base: str,
    registry: Registry,
) -> tuple[dict[str, bytes], object]:
    """Every data file's bytes, plus the builder (for the catalogue)."""
    from graph.rdf.build import build_graph, sort_triples
    from graph.rdf.serialise import context, jsonld, ntriples, turtle
    from graph.tables import assignments_csv, items_csv, units_csv

    builder = build_graph(plans, base, registry)
    triples = sort_triples(builder.triples)
    prefixes = prefixes_for(base)
    import json

    files = {
        "dutygraph.ttl": turtle(triples, prefixes),
        "dutygraph.nt": ntriples(triples),
        "dutygraph.jsonld": jsonld(triples, prefixes),
        "context.jsonld": (
            json.dumps(context(prefixes), ensure_ascii=False, indent=1) + "\n"
        ).encode("utf-8"),
        "items.csv": items_csv(plans, builder.iris),
        "units.csv": units_csv(builder.described, builder.iris, registry),
        "assignments.csv": assignments_csv(plans, builder.iris, registry),
        "ontology.ttl": (ontology_dir() / "dutygraph.ttl").read_bytes(),
        "shapes.ttl": (ontology_dir() / "shapes.ttl").read_bytes(),
    }
    return files, (builder, len(triples))


def build(
    sources: Sequence[str | Path] | None = None,
    out: str | Path = "dutygraph-out",
    *,
    base: str = DEFAULT_BASE,
    license_iri: str | None = None,
    download_url: str | None = None,
    errata: Sequence[str | Path] = (),
) -> BuildResult:
    """Build the dataset for ``sources`` (default: the bundled plan) into ``out``."""
    from graph.rdf.build import GraphBuilder
    from graph.rdf.catalog import DEFAULT_LICENSE, Distribution, catalog_triples
    from graph.rdf.files import ensure_writable_dir, write_atomic
    from graph.rdf.serialise import turtle

    check_base(base)
    folder = ensure_writable_dir(Path(out))
    registry = load_registry()
    plans = parse_sources(sources, errata)
    files, (builder, count) = render_exports(plans, base, registry)
    distributions = [
        Distribution(name, DATA_FILES[name], len(data)) for name, data in files.items()
    ]
    catalog = GraphBuilder(builder.iris, registry)
    catalog_triples(
        catalog,
        plans,
        distributions,
        download_url=download_url or f"{base}download/",
        license_iri=license_iri or DEFAULT_LICENSE,
    )
    from graph.rdf.build import sort_triples

    files[CATALOG_FILE] = turtle(sort_triples(catalog.triples), prefixes_for(base))
    for name, data in files.items():
        write_atomic(folder / name, data)
    return BuildResult(
        folder, list(plans), count, {name: len(data) for name, data in files.items()}
    )
