"""Geometry for the two server-drawn SVGs, so they render without JavaScript: the bar chart of
an entity's mentions over time and the force-directed layout of the network page. Templates
draw the shapes; every label stays text for Jinja2 to escape."""

from __future__ import annotations

import math

import numpy as np

CHART_WIDTH, CHART_HEIGHT, CHART_MARGIN = 720, 220, 30
GRAPH_SIZE = 900
LAYOUT_STEPS = 120


def bar_chart(rows: list[dict], label_key: str, value_key: str) -> dict:
    """Bars for ``rows`` in order: x, y, width, height, label, value; and a few axis labels."""
    values = [row[value_key] or 0 for row in rows]
    peak = max(values, default=0) or 1
    inner_w, inner_h = CHART_WIDTH - 2 * CHART_MARGIN, CHART_HEIGHT - 2 * CHART_MARGIN
    step = inner_w / max(len(rows), 1)
    bars = []
    for i, (row, value) in enumerate(zip(rows, values, strict=True)):
        height = inner_h * value / peak
        bars.append({"x": round(CHART_MARGIN + i * step + step * 0.1, 1), "width": round(step * 0.8, 1),
                     "y": round(CHART_MARGIN + inner_h - height, 1), "height": round(height, 1),
                     "label": row[label_key], "value": value})
    every = max(1, math.ceil(len(bars) / 8))  # at most ~8 axis labels
    ticks = [{"x": b["x"] + b["width"] / 2, "label": b["label"]} for b in bars[::every]]
    return {"width": CHART_WIDTH, "height": CHART_HEIGHT, "base": CHART_HEIGHT - CHART_MARGIN,
            "margin": CHART_MARGIN, "peak": peak, "bars": bars, "ticks": ticks}


def graph_layout(nodes: list[dict], edges: list[dict], size: int = GRAPH_SIZE, seed: int = 7) -> dict:
    """Positions for ``nodes`` (dicts with ``id``) by a Fruchterman-Reingold layout of ``edges``
    (``source``/``target`` ids, ``weight``), vectorised so a few hundred nodes take milliseconds.
    Deterministic for the same graph, so the picture does not jump between reloads."""
    n = len(nodes)
    if n == 0:
        return {"size": size, "nodes": [], "edges": []}
    index = {node["id"]: i for i, node in enumerate(nodes)}
    pairs = np.array([(index[e["source"]], index[e["target"]]) for e in edges
                      if e["source"] in index and e["target"] in index], dtype=int).reshape(-1, 2)
    rng = np.random.default_rng(seed)
    pos = rng.uniform(-1, 1, (n, 2))
    k = 1.6 / math.sqrt(n)  # ideal edge length in the unit square
    temperature = 0.2
    for _ in range(LAYOUT_STEPS):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=2), 1e-3)
        force = (delta / dist[..., None] * (k * k / dist)[..., None]).sum(axis=1)
        if len(pairs):
            d = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            length = np.maximum(np.linalg.norm(d, axis=1), 1e-3)
            pull = d * (length / k)[:, None]
            np.add.at(force, pairs[:, 0], -pull)
            np.add.at(force, pairs[:, 1], pull)
        force -= pos * 0.05 * n * k  # gravity keeps disconnected parts on screen
        step = np.linalg.norm(force, axis=1)
        pos += force / np.maximum(step, 1e-9)[:, None] * np.minimum(step, temperature)[:, None]
        temperature *= 0.97
    span = np.ptp(pos, axis=0)
    span[span == 0] = 1
    margin = size * 0.08
    xy = margin + (pos - pos.min(axis=0)) / span * (size - 2 * margin)
    degree = np.bincount(pairs.ravel(), minlength=n) if len(pairs) else np.zeros(n, dtype=int)
    placed = [{**node, "x": round(float(xy[i, 0]), 1), "y": round(float(xy[i, 1]), 1),
               "r": round(5 + 2.5 * math.sqrt(int(degree[i])), 1)} for i, node in enumerate(nodes)]
    drawn = [{**e, "x1": placed[index[e["source"]]]["x"], "y1": placed[index[e["source"]]]["y"],
              "x2": placed[index[e["target"]]]["x"], "y2": placed[index[e["target"]]]["y"]}
             for e in edges if e["source"] in index and e["target"] in index]
    return {"size": size, "nodes": placed, "edges": drawn}
