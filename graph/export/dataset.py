"""Build the dataset: parse plans, make the RDF, write every export atomically.

This is the main job (``dutygraph build``). Everything is computed in memory first;
then the files are written into a staged folder that takes the output folder's
place in one step (:func:`graph.export.files.write_folder_atomic`), so a failure or
a kill at any moment leaves the complete old set (``catalog.ttl`` included, which
states the sizes of the others) or the complete new one, never a mix, and never a
half-written file.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.data import ontology_dir
from graph.export.query_catalog import query_catalog_turtle
from graph.model import Plan
from graph.model.units import Registry
from graph.parse.sources import parse_sources, registry_for_plans
from graph.rdf.iris import check_base
from graph.rdf.namespaces import DEFAULT_BASE, prefixes_for

DATA_FILES = {
    "dutygraph.ttl": "The plan graph as Turtle",
    "dutygraph.nt": "The plan graph as N-Triples",
    "dutygraph.jsonld": "The plan graph as JSON-LD",
    "context.jsonld": "JSON-LD context for dutygraph.jsonld",
    "items.csv": "Items: one row per numbered task",
    "units.csv": "Units: one row per unit or group",
    "assignments.csv": "Assignments: one row per item, unit, role and derivation",
    "targets.csv": "Targets: one row per quantitative target of an item (value, unit, comparator, kind)",
    "ontology.ttl": "The dutygraph ontology (OWL)",
    "shapes.ttl": "SHACL shapes the data conforms to",
    "queries.ttl": "The named SPARQL queries as sh:SPARQLSelectExecutable",
}
CATALOG_FILE = "catalog.ttl"


@dataclass
class BuildResult:
    out: Path
    plans: list[Plan]
    triples: int
    files: dict[str, int] = field(default_factory=dict)


@dataclass
class Exports:
    """The files of a dataset, each rendered only when asked for.

    ``dutygraph export --format ttl`` needs the Turtle alone; ``build`` asks for all.
    The graph is built and sorted once.
    """

    plans: Sequence[Plan]
    registry: Registry
    builder: Any
    triples: list
    prefixes: dict[str, str]

    def quads(self) -> list[tuple[str, list]]:
        """(graph name, sorted triples) for each named graph a store would hold: each
        plan's, each jurisdiction's units; what N-Quads export writes."""
        from graph.rdf.build import sort_triples

        iris = self.builder.iris
        graphs = [
            (iris.plan_graph(slug), sort_triples(triples))
            for slug, triples in sorted(self.builder.plan_triples.items())
        ]
        graphs += [
            (iris.units_graph(scope), sort_triples(triples))
            for scope, triples in sorted(self.builder.unit_triples.items())
        ]
        return graphs

    def render(self, name: str) -> bytes:
        from graph.export.tables import assignments_csv, items_csv, targets_csv, units_csv
        from graph.rdf.serialise import context, jsonld, nquads, ntriples, turtle

        iris = self.builder.iris
        renderers = {
            "dutygraph.ttl": lambda: turtle(self.triples, self.prefixes),
            "dutygraph.nt": lambda: ntriples(self.triples),
            "dutygraph.nq": lambda: nquads(self.quads()),
            "dutygraph.jsonld": lambda: jsonld(self.triples, self.prefixes),
            "context.jsonld": lambda: (
                json.dumps(context(self.prefixes), ensure_ascii=False, indent=1) + "\n"
            ).encode("utf-8"),
            "items.csv": lambda: items_csv(self.plans, iris),
            "units.csv": lambda: units_csv(self.builder.described, iris, self.builder.registries),
            "assignments.csv": lambda: assignments_csv(self.plans, iris, self.registry),
            "targets.csv": lambda: targets_csv(self.plans, iris),
            "ontology.ttl": lambda: (ontology_dir() / "dutygraph.ttl").read_bytes(),
            "shapes.ttl": lambda: (ontology_dir() / "shapes.ttl").read_bytes(),
            "queries.ttl": lambda: query_catalog_turtle(iris, self.registry, self.prefixes),
        }
        return renderers[name]()

    def all(self) -> dict[str, bytes]:
        """Every data file (not the catalogue, which needs their sizes)."""
        return {name: self.render(name) for name in DATA_FILES}


def prepare_exports(plans: Sequence[Plan], base: str, registry: Registry) -> Exports:
    """Build and sort the graph of ``plans`` once; render files from it on demand."""
    from graph.rdf.build import build_graph, sort_triples

    builder = build_graph(plans, base)  # each plan's units with its own registry
    scopes = sorted(builder.unit_triples)
    return Exports(
        plans, registry, builder, sort_triples(builder.triples), prefixes_for(base, scopes)
    )


def render_catalog(
    plans: Sequence[Plan],
    files: dict[str, bytes],
    builder,
    registry: Registry,
    *,
    base: str,
    license_iri: str,
    download_url: str,
) -> bytes:
    """catalog.ttl: the DCAT description, one distribution per data file (real sizes)."""
    from graph.rdf.build import GraphBuilder, sort_triples
    from graph.rdf.catalog import Distribution, catalog_triples
    from graph.rdf.serialise import turtle

    distributions = [
        Distribution(name, DATA_FILES[name], len(data)) for name, data in files.items()
    ]
    catalog = GraphBuilder(builder.iris, registry)
    catalog_triples(
        catalog, plans, distributions, download_url=download_url, license_iri=license_iri
    )
    return turtle(sort_triples(catalog.triples), prefixes_for(base))


def write_dataset(
    plans: Sequence[Plan],
    out: str | Path,
    *,
    base: str = DEFAULT_BASE,
    license_iri: str | None = None,
    download_url: str | None = None,
    registry: Registry | None = None,
) -> BuildResult:
    """Render every file of already parsed ``plans`` and write them all atomically."""
    from graph.export.files import check_folder_name, ensure_writable_dir, write_folder_atomic
    from graph.rdf.catalog import DEFAULT_LICENSE

    license_iri, download_url = check_options(base, license_iri, download_url)
    folder = ensure_writable_dir(check_folder_name(out))
    registry = registry or registry_for_plans(plans)
    exports = prepare_exports(plans, base, registry)
    files = exports.all()
    files[CATALOG_FILE] = render_catalog(
        plans,
        files,
        exports.builder,
        registry,
        base=base,
        license_iri=license_iri or DEFAULT_LICENSE,
        download_url=download_url,
    )
    write_folder_atomic(folder, files)
    return BuildResult(
        folder, list(plans), len(exports.triples), {name: len(data) for name, data in files.items()}
    )


def check_options(
    base: str, license_iri: str | None, download_url: str | None
) -> tuple[str | None, str]:
    """Check every IRI option before any work; the download URL ends with '/'."""
    from graph.rdf.iris import check_folder_url, check_iri

    check_base(base)
    if license_iri is not None:
        check_iri(license_iri, "licence IRI")
    return license_iri, check_folder_url(download_url or f"{base}download/", "download URL")


def build(
    sources: Sequence[str | Path] | None = None,
    out: str | Path = "dutygraph-out",
    *,
    base: str = DEFAULT_BASE,
    license_iri: str | None = None,
    download_url: str | None = None,
    errata: Sequence[str | Path] = (),
) -> BuildResult:
    """Build the dataset for ``sources`` (default: the bundled plan) into ``out``.

    Options and the output folder are checked before parsing, so a typo or an
    unwritable folder fails at once and writes nothing.
    """
    from graph.export.files import check_folder_name, ensure_writable_dir

    check_options(base, license_iri, download_url)
    ensure_writable_dir(check_folder_name(out))
    plans = parse_sources(sources, errata)
    return write_dataset(plans, out, base=base, license_iri=license_iri, download_url=download_url)
