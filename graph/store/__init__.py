"""The store: open the graph, run named or ad-hoc SPARQL, get typed frames.

One facade over an embedded Oxigraph store (in memory or on disk) and remote SPARQL
endpoints; the query library (``queries/*.rq``) and parameter binding live here too.
"""

from graph.store.local import (
    disk_store,
    from_rdflib,
    memory_store,
    open_store,
    store_from_plans,
    to_rdflib,
)

__all__ = [
    "disk_store",
    "from_rdflib",
    "memory_store",
    "open_store",
    "store_from_plans",
    "to_rdflib",
]
