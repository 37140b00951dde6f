"""The network picture, drawn on the server so it shows without JavaScript: nodes at the layout
the store keeps (``newsgraph.network``) scaled to pixels, edges grouped into the legend's kinds
(``data/edge_kinds.json``), and labels placed so that none overlaps another label or a node (a
label with no free place is shown on hover only). Templates draw the shapes; every label stays
text for Jinja2 to escape. The volume charts are drawn in the browser (``static/charts.js``)."""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path

from starlette.exceptions import HTTPException

GRAPH_SIZE = 900
MARGIN = 60  # room for labels at the edges
CHAR_WIDTH, LABEL_HEIGHT = 6.4, 12  # 11px system-ui, generously
EDGE_KINDS_FILE = Path(__file__).resolve().parent / "data" / "edge_kinds.json"


@functools.lru_cache(maxsize=1)
def edge_kinds() -> list[dict]:
    return json.loads(EDGE_KINDS_FILE.read_text(encoding="utf-8"))["kinds"]


def kind_of(edge_type: str) -> dict:
    kinds = edge_kinds()
    return next((k for k in kinds if edge_type in k["types"]), next(k for k in kinds if k.get("default")))


def selected_kinds(kind: list[str] | None) -> set[str] | None:
    """The link kinds asked for (None: all); an unknown one is a 400 naming the known ones."""
    if not kind:
        return None
    known = [k["key"] for k in edge_kinds()]
    unknown = sorted(set(kind) - set(known))
    if unknown:
        raise HTTPException(400, f"unknown link kind {unknown[0]!r}: use one of {', '.join(known)}")
    return set(kind)


def is_shown(edge: dict, kinds: set[str] | None, min_weight: int) -> bool:
    """Whether the page's controls show ``edge``: one of ``kinds`` (None: all), at least ``min_weight``."""
    return edge["weight"] >= min_weight and (kinds is None or kind_of(edge["type"])["key"] in kinds)


def shown_graph(graph: dict, kinds: set[str] | None, min_weight: int) -> dict:
    """The edges the controls show and the nodes they link (what the network export writes)."""
    edges = [e for e in graph["edges"] if is_shown(e, kinds, min_weight)]
    linked = {e[end] for e in edges for end in ("source", "target")}
    return {"nodes": [n for n in graph["nodes"] if n["id"] in linked], "edges": edges}


def _label_box(x: float, y: float, r: float, width: float, side: str) -> tuple[dict, tuple]:
    """Where a label goes on ``side`` of a node: its text attributes and its box."""
    if side == "right":
        return {"x": x + r + 3, "y": y + 4, "anchor": "start"}, (x + r + 3, y - 8, x + r + 3 + width, y + 4)
    if side == "left":
        return {"x": x - r - 3, "y": y + 4, "anchor": "end"}, (x - r - 3 - width, y - 8, x - r - 3, y + 4)
    if side == "above":
        return {"x": x, "y": y - r - 4, "anchor": "middle"}, (
            x - width / 2,
            y - r - 4 - LABEL_HEIGHT,
            x + width / 2,
            y - r - 4,
        )
    return {"x": x, "y": y + r + 12, "anchor": "middle"}, (x - width / 2, y + r, x + width / 2, y + r + 12)


def _overlaps(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(nodes: list[dict]) -> None:
    """Give each node (most linked first) a label beside it that overlaps no placed label and
    no node; ``label.shown`` is False where none fits."""
    taken = [(n["x"] - n["r"], n["y"] - n["r"], n["x"] + n["r"], n["y"] + n["r"]) for n in nodes]
    for node in sorted(nodes, key=lambda n: -n["r"]):
        width = CHAR_WIDTH * len(node["name"])
        own = (node["x"] - node["r"], node["y"] - node["r"], node["x"] + node["r"], node["y"] + node["r"])
        for side in ("right", "left", "above", "below"):
            label, box = _label_box(node["x"], node["y"], node["r"], width, side)
            if not any(_overlaps(box, other) for other in taken if other != own):
                node["label"] = {**label, "shown": True}
                taken.append(box)
                break
        else:
            node["label"] = {**_label_box(node["x"], node["y"], node["r"], width, "right")[0], "shown": False}


def _spread_parallel(edges: list[dict], gap: float = 4.0) -> None:
    """Shift the edges between one pair of nodes (met and quoted together, say) apart,
    perpendicular to the pair, so each stays visible and clickable."""
    pairs: dict[frozenset, list[dict]] = {}
    for edge in edges:
        pairs.setdefault(frozenset((edge["source"], edge["target"])), []).append(edge)
    for group in pairs.values():
        for i, edge in enumerate(group):
            shift = (i - (len(group) - 1) / 2) * gap
            dx, dy = edge["x2"] - edge["x1"], edge["y2"] - edge["y1"]
            length = math.hypot(dx, dy) or 1
            if edge["source"] > edge["target"]:  # the same perpendicular whichever way the edge points
                shift = -shift
            ox, oy = -dy / length * shift, dx / length * shift
            edge.update(
                x1=round(edge["x1"] + ox, 1),
                y1=round(edge["y1"] + oy, 1),
                x2=round(edge["x2"] + ox, 1),
                y2=round(edge["y2"] + oy, 1),
            )


def network_picture(
    graph: dict, kinds: set[str] | None = None, min_weight: int = 1, size: int = GRAPH_SIZE
) -> dict:
    """Pixel positions, radii, labels and edge kinds for the network template. Every edge is
    drawn; those not of ``kinds`` (None: all) or below ``min_weight`` are marked not ``shown``
    (the page's controls show them again without a reload), and so are nodes left without a
    shown edge."""
    inner = size - 2 * MARGIN
    nodes = [
        {
            **n,
            "x": round(MARGIN + n["x"] * inner, 1),
            "y": round(MARGIN + n["y"] * inner, 1),
            "r": round(5 + 2.2 * math.sqrt(n.get("degree", 0)), 1),
        }
        for n in graph["nodes"]
    ]
    place_labels(nodes)
    at = {n["id"]: n for n in nodes}
    edges = []
    for e in graph["edges"]:
        if e["source"] in at and e["target"] in at:
            edges.append(
                {
                    **e,
                    "kind": kind_of(e["type"]),
                    "shown": is_shown(e, kinds, min_weight),
                    "x1": at[e["source"]]["x"],
                    "y1": at[e["source"]]["y"],
                    "x2": at[e["target"]]["x"],
                    "y2": at[e["target"]]["y"],
                }
            )
    _spread_parallel(edges)
    linked = {e[end] for e in edges if e["shown"] for end in ("source", "target")}
    for node in nodes:
        node["shown"] = node["id"] in linked
    return {
        "size": size,
        "nodes": nodes,
        "edges": edges,
        "names": {n["id"]: n["name"] for n in nodes},
        "shown": sum(e["shown"] for e in edges),
        "max_weight": max((e["weight"] for e in edges), default=1),
    }
