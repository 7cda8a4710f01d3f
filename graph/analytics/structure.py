"""Structure of the unit networks: degree, brokers, influence and communities.

* degree and weighted degree on the co-assignment graph;
* betweenness on the co-assignment graph with distance = 1 / shared items, so that
  units bridging otherwise separate clusters score high (brokers);
* PageRank on the coordination graph (lead → responsible), reversed so that
  units many leads rely on, and leads of well-connected units, rank high;
* Louvain communities with a fixed seed, each labelled by the sections whose items
  dominate it.
"""

from __future__ import annotations

from collections import Counter

from graph.analytics.networks import coassignment_graph, coordination_graph
from graph.analytics.tables import Tables

SEED = 42
CENTRALITY_COLUMNS = (
    "unit",
    "kind",
    "degree",
    "weighted_degree",
    "betweenness",
    "pagerank",
    "community",
)


def communities(tables: Tables, *, expand: bool = False, seed: int = SEED) -> list[set[str]]:
    """Louvain communities of the co-assignment graph, largest first (ties by name)."""

    def make():
        import networkx as nx

        graph = coassignment_graph(tables, expand=expand)
        found = nx.community.louvain_communities(graph, weight="weight", seed=seed)
        return sorted((set(c) for c in found), key=lambda c: (-len(c), sorted(c)[0]))

    return tables.cached(("communities", expand, seed), make)


def community_table(tables: Tables, *, expand: bool = False, seed: int = SEED):
    """One row per community: its number, size, the sections that dominate its
    items, and its members (most connected first)."""
    import pandas as pd

    graph = coassignment_graph(tables, expand=expand)
    view = tables.view(expand)
    sections = tables.items.set_index("item")
    rows = []
    for number, members in enumerate(communities(tables, expand=expand, seed=seed), start=1):
        items = view[view["unit"].isin(members)]["item"].unique()
        counter: Counter[str] = Counter()
        for item in items:
            row = sections.loc[item]
            title = row["section_title"]
            label = (
                f"{int(row['part'])}.({int(row['section'])}) {title}"
                if not _missing(title)
                else f"part {int(row['part'])}"
            )
            counter[label] += 1
        top = [
            f"{label} ({count})"
            for label, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        ]
        ordered = sorted(members, key=lambda m: (-graph.degree(m, weight="weight"), m))
        rows.append(
            {
                "community": number,
                "size": len(members),
                "label": "; ".join(top),
                "members": "、".join(ordered),
            }
        )
    return pd.DataFrame(rows, columns=["community", "size", "label", "members"])


def _missing(value) -> bool:
    return value is None or str(value) in ("<NA>", "nan", "None")


def centrality(tables: Tables, *, expand: bool = False, seed: int = SEED):
    """Per unit: degree, weighted degree, betweenness, PageRank and community."""
    import networkx as nx
    import pandas as pd

    graph = coassignment_graph(tables, expand=expand)
    weighted = nx.Graph()
    weighted.add_nodes_from(graph)
    weighted.add_weighted_edges_from(
        ((a, b, 1.0 / d["weight"]) for a, b, d in graph.edges(data=True)), weight="distance"
    )
    betweenness = nx.betweenness_centrality(weighted, weight="distance", normalized=True)
    coordination = coordination_graph(tables, expand=expand)
    pagerank = (
        nx.pagerank(coordination.reverse(copy=True), weight="weight")
        if coordination.number_of_edges()
        else {}
    )
    membership = {
        unit: n
        for n, members in enumerate(communities(tables, expand=expand, seed=seed), start=1)
        for unit in members
    }
    rows = [
        {
            "unit": unit,
            "kind": graph.nodes[unit].get("kind", ""),
            "degree": graph.degree(unit),
            "weighted_degree": graph.degree(unit, weight="weight"),
            "betweenness": round(betweenness.get(unit, 0.0), 4),
            "pagerank": round(pagerank.get(unit, 0.0), 4),
            "community": membership.get(unit, 0),
        }
        for unit in graph
    ]
    frame = pd.DataFrame(rows, columns=list(CENTRALITY_COLUMNS))
    return frame.sort_values(
        ["weighted_degree", "unit"], ascending=[False, True], kind="mergesort"
    ).reset_index(drop=True)
