"""The embedded store: Oxigraph (pyoxigraph), in memory or persisted on disk.

Plan files (default: the bundled plan) are parsed and built into an in-memory
store, or a folder opens a store persisted earlier (built there first if the folder
is empty), so repeated queries do not rebuild. The command line goes through
:mod:`graph.store.cache` first, which keeps built stores keyed by what went into
them. The ontology is loaded alongside the data so queries can use the labels and
notations of kinds, roles and derivations.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from graph.data import ontology_dir
from graph.errors import DataError, InputError
from graph.rdf.namespaces import DEFAULT_BASE

_MARKER = "dutygraph-store.txt"


def _fill(store: ox.Store, sources: Sequence[str | Path] | None, base: str) -> None:
    from graph.parse.sources import parse_sources

    fill_store(store, parse_sources(sources), base)


def fill_store(store: ox.Store, plans: Sequence, base: str = DEFAULT_BASE) -> None:
    """Add the graph of ``plans`` (already parsed) and the ontology to ``store``.

    Shared by the in-memory, persisted and cached stores, so all three hold the
    same triples.
    """
    from graph.parse.sources import registry_for_plans
    from graph.rdf.build import build_graph

    builder = build_graph(plans, base, registry_for_plans(plans))
    store.bulk_extend(
        ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in builder.triples
    )
    store.bulk_load(path=str(ontology_dir() / "dutygraph.ttl"), format=ox.RdfFormat.TURTLE)


def store_from_plans(plans: Sequence, *, base: str = DEFAULT_BASE) -> ox.Store:
    """An in-memory store holding plans already parsed (no second parse)."""
    store = ox.Store()
    fill_store(store, plans, base)
    return store


def memory_store(
    sources: Sequence[str | Path] | None = None, *, base: str = DEFAULT_BASE
) -> ox.Store:
    """A fresh in-memory store holding ``sources`` (default: the bundled plan)."""
    store = ox.Store()
    _fill(store, sources, base)
    return store


def disk_store(
    folder: str | Path,
    sources: Sequence[str | Path] | None = None,
    *,
    base: str = DEFAULT_BASE,
    rebuild: bool = False,
) -> ox.Store:
    """Open the store persisted in ``folder``; build it there first if it is new.

    Giving ``sources`` (or ``rebuild``) replaces what the folder holds.
    """
    path = Path(folder)
    marker = path / _MARKER
    if path.exists() and not path.is_dir():
        raise InputError("a store location must be a folder", path=str(path), line=0, column=0)
    if path.is_dir() and any(path.iterdir()) and not marker.exists():
        raise DataError(
            f"{path} is not empty and holds no dutygraph store; choose an empty or new folder"
        )
    try:
        store = ox.Store(str(path))
    except OSError as exc:
        raise DataError(f"cannot open store in {path}: {exc}") from None
    if sources or rebuild or not marker.exists():
        store.clear()
        _fill(store, sources, base)
        store.flush()
        store.optimize()  # compacted once after building: every later query reads faster
        marker.write_text(f"dutygraph store\nbase {base}\n", encoding="utf-8")
    return store


def open_store(
    sources: Sequence[str | Path] | None = None,
    store_dir: str | Path | None = None,
    *,
    base: str = DEFAULT_BASE,
) -> ox.Store:
    """The one way commands get the graph: a persisted store or an in-memory build."""
    if store_dir is not None:
        return disk_store(store_dir, sources, base=base)
    return memory_store(sources, base=base)


def to_rdflib(store: ox.Store):
    """Copy the store's default graph into an rdflib ``Graph`` (for rdflib users)."""
    import rdflib

    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) or b""
    return rdflib.Graph().parse(data=data.decode("utf-8"), format="nt")


def from_rdflib(graph) -> ox.Store:
    """A new in-memory Oxigraph store holding an rdflib ``Graph``'s triples."""
    store = ox.Store()
    data = graph.serialize(format="nt", encoding="utf-8")
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
    return store
