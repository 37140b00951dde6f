"""The network of a collection with its layout: who met, aided, criticised, is quoted with or
quoted about whom (``Store.network``), each node placed by networkx's force-directed layout.
``ingest`` saves the whole collection's network in the store when it writes, so the explorer
shows it at once; a network around one entity is laid out on rings around it, fast enough to
compute per request."""

from __future__ import annotations

import math

import networkx as nx

from newsgraph.settings import get_settings
from newsgraph.store import Store

SUMMARY_KEY = "network"
SAVED_FOCUSES = 50
LAYOUT_SEED = 7  # the same graph gets the same picture on every reload
# Rings around a focus, in units of the picture's width: the first ring's radius, the distance
# between rings and between neighbours on a ring (about 45 and 40 pixels on the 900-pixel picture).
FIRST_RING, RING_STEP, RING_SPACING = 0.16, 0.058, 0.052
CENTRE_SPREAD = 0.05


def layout(graph: dict) -> dict:
    """``graph`` ({nodes, edges}, with ``focus`` ids when it is the network around them) with
    ``x``, ``y`` in [0, 1] and ``degree`` on every node: rings around the focus
    (``ego_positions``), or for the whole collection a spring layout of the undirected, weighted
    graph (a stronger tie pulls harder)."""
    g: nx.Graph = nx.Graph()
    g.add_nodes_from(node["id"] for node in graph["nodes"])
    for edge in graph["edges"]:
        previous = g.get_edge_data(edge["source"], edge["target"], {"weight": 0})["weight"]
        g.add_edge(edge["source"], edge["target"], weight=previous + edge["weight"])
    if len(g) == 0:
        return {**graph, "nodes": []}
    focus = set(graph.get("focus") or ()) & set(g)
    positions = ego_positions(g, focus) if focus else spring_positions(g)
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


def spring_positions(g: nx.Graph) -> dict:
    return nx.spring_layout(
        g,
        weight="weight",
        seed=LAYOUT_SEED,
        iterations=100,
        scale=0.5,
        center=(0.5, 0.5),
        k=1.5 / max(len(g), 1) ** 0.5,
    )


def ego_positions(g: nx.Graph, focus: set[int]) -> dict[int, tuple[float, float]]:
    """The network around ``focus``: every link touches it, so a force layout would only spread
    the others on a ring, at a cost growing with the square of their number per iteration
    (seconds for 300 under load). The focus sits at the centre (several entities a name means
    close around it) and the others on rings around it, the most strongly tied on the inner
    ones, each ring as full as its circumference allows."""
    positions: dict[int, tuple[float, float]] = {}
    centre = sorted(focus)
    for i, node in enumerate(centre):
        positions[node] = _polar(CENTRE_SPREAD if len(centre) > 1 else 0.0, i / len(centre))
    others = sorted(set(g) - focus, key=lambda node: (-g.degree(node, weight="weight"), node))
    radius, placed = FIRST_RING, 0
    while placed < len(others):
        ring = others[placed : placed + max(1, int(2 * math.pi * radius / RING_SPACING))]
        stagger = (placed % 7) / 7 / len(ring)  # rings start at different angles: labels interleave
        for j, node in enumerate(ring):
            positions[node] = _polar(radius, j / len(ring) + stagger)
        placed += len(ring)
        radius += RING_STEP
    outer = max(radius - RING_STEP, FIRST_RING)
    shrink = min(1.0, 0.5 / outer)  # the outer ring on the picture's edge at most
    return {node: (0.5 + (x - 0.5) * shrink, 0.5 + (y - 0.5) * shrink) for node, (x, y) in positions.items()}


def _polar(radius: float, turn: float) -> tuple[float, float]:
    angle = 2 * math.pi * turn
    return 0.5 + radius * math.cos(angle), 0.5 + radius * math.sin(angle)


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
