"""The network of a collection with its layout: who met, aided, criticised, is quoted with or
quoted about whom (``Store.network``), each node placed by networkx's force-directed layout.
``ingest`` saves the whole collection's network in the store when it writes, so the explorer
shows it at once; a network around one entity is small enough to lay out per request."""

from __future__ import annotations

import networkx as nx

from newsgraph.settings import get_settings
from newsgraph.store import Store

SUMMARY_KEY = "network"
SAVED_FOCUSES = 50
LAYOUT_SEED = 7  # the same graph gets the same picture on every reload


def layout(graph: dict) -> dict:
    """``graph`` ({nodes, edges}) with ``x``, ``y`` in [0, 1] on every node: a spring layout
    of the undirected, weighted graph (a stronger tie pulls harder)."""
    g: nx.Graph = nx.Graph()
    g.add_nodes_from(node["id"] for node in graph["nodes"])
    for edge in graph["edges"]:
        previous = g.get_edge_data(edge["source"], edge["target"], {"weight": 0})["weight"]
        g.add_edge(edge["source"], edge["target"], weight=previous + edge["weight"])
    if len(g) == 0:
        return {**graph, "nodes": []}
    positions = nx.spring_layout(
        g,
        weight="weight",
        seed=LAYOUT_SEED,
        iterations=100,
        scale=0.5,
        center=(0.5, 0.5),
        k=1.5 / max(len(g), 1) ** 0.5,
    )
    degree = dict(g.degree())
    nodes = [
        {
            **node,
            "x": round(float(positions[node["id"]][0]), 4),
            "y": round(float(positions[node["id"]][1]), 4),
            "degree": degree[node["id"]],
        }
        for node in graph["nodes"]
    ]
    return {**graph, "nodes": nodes}


def network_with_layout(store: Store, entity: str | None = None) -> dict:
    return layout(store.network(entity=entity, limit=get_settings().web.network_edges))


def summary_key(entity_id: int | None = None) -> str:
    """Where the network (around ``entity_id``) is kept in the store's summaries."""
    return SUMMARY_KEY if entity_id is None else f"{SUMMARY_KEY}:{entity_id}"


def save_network(store: Store, top: int = SAVED_FOCUSES) -> None:
    """Compute the whole collection's network, and those around its ``top`` most covered
    entities (the ones visited most; up to a second each on a large store), and keep them in the
    store: called at the end of a write, so the explorer shows them at once."""
    store.save_summary(summary_key(), network_with_layout(store))
    for entity in store.browse_entities(limit=top)["entities"]:
        store.save_summary(summary_key(entity["id"]), network_with_layout(store, str(entity["id"])))
