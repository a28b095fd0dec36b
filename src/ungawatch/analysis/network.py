"""Co-sponsorship network of a session: states linked by the drafts they sponsored together.

Nodes are states; an edge's weight is the number of drafts of the session both sponsored
(original or additional sponsors; withdrawn sponsors are left out). Communities are found by
greedy modularity maximisation (Clauset, Newman and Moore 2004) on the weighted graph, which
is deterministic, unlike Louvain. Drafts are assigned to a session by their symbol.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pandas as pd
from networkx.algorithms.community import greedy_modularity_communities

from ungawatch.countries import state
from ungawatch.errors import NotFound
from ungawatch.store import Store


@dataclass(frozen=True, slots=True)
class SponsorNetwork:
    """The graph, and its nodes and edges as tidy tables."""

    graph: nx.Graph[str]
    nodes: pd.DataFrame
    edges: pd.DataFrame


def sponsorship_network(store: Store, session: int) -> SponsorNetwork:
    """The weighted co-sponsorship graph of `session` with a community per state."""
    edges = store.frame(
        "WITH s AS (SELECT DISTINCT s.draft_symbol, s.state_code FROM sponsorships s "
        "JOIN documents d ON d.source_kind = s.source_kind AND d.record_id = s.record_id "
        "WHERE d.regular_session = ? AND s.role <> 'withdrawn') "
        "SELECT a.state_code AS source, b.state_code AS target, count(*) AS weight "
        "FROM s a JOIN s b ON a.draft_symbol = b.draft_symbol AND a.state_code < b.state_code "
        "GROUP BY 1, 2 ORDER BY 1, 2",
        [session],
    )
    if edges.empty:
        raise NotFound(f"a draft of session {session} with two or more sponsors")
    graph: nx.Graph[str] = nx.Graph()
    graph.add_weighted_edges_from(edges.itertuples(index=False, name=None))
    communities = greedy_modularity_communities(graph, weight="weight")
    community = {code: number for number, members in enumerate(communities) for code in members}
    nodes = pd.DataFrame(
        {
            "state_code": sorted(graph.nodes),
            "state": [state(code).name for code in sorted(graph.nodes)],
            "community": [community[code] for code in sorted(graph.nodes)],
            "partners": [graph.degree(code) for code in sorted(graph.nodes)],
            "strength": [graph.degree(code, weight="weight") for code in sorted(graph.nodes)],
        }
    )
    for code, number in community.items():
        graph.nodes[code]["community"] = number
        graph.nodes[code]["state"] = state(code).name
    return SponsorNetwork(graph, nodes, edges)


def write_graphml(network: SponsorNetwork, path: Path) -> None:
    """The graph with `community` and `state` node attributes, for Gephi or igraph."""
    nx.write_graphml(network.graph, path)
