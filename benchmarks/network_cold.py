"""The cold network around one entity: what the first visitor to ``/network?entity=X`` waits for
when neither the store (``network.save_network`` keeps the busiest ``SAVED_FOCUSES``) nor the
server holds it: the store's query, then the layout (issue 13's target: p95 < 300 ms).

    python benchmarks/network_cold.py --db bench.db [--entities 50] [--among 500] [--seed 1]

The store is opened read-only. ``--entities`` entities are drawn at random from the ``--among``
most covered after the saved ones; each network is computed once (no cache in between). Prints
one JSON line: p50/p95/max milliseconds of the query, of the layout and of both.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path

from newsgraph.network import SAVED_FOCUSES, layout
from newsgraph.settings import get_settings
from newsgraph.store import open_store


def summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000),
        "max_ms": round(ordered[-1] * 1000),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--entities", type=int, default=50)
    parser.add_argument("--among", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    edges = get_settings().web.network_edges
    with open_store(args.db, readonly=True) as store:
        candidates = [
            row[0]
            for row in store.conn.execute(
                "SELECT id FROM entities ORDER BY n_articles DESC LIMIT ? OFFSET ?",
                (args.among, SAVED_FOCUSES),
            )
        ]
        chosen = random.Random(args.seed).sample(candidates, min(args.entities, len(candidates)))
        queries, layouts, links = [], [], []
        for entity_id in chosen:
            started = time.perf_counter()
            graph = store.network(str(entity_id), limit=edges)
            queried = time.perf_counter()
            layout(graph)
            queries.append(queried - started)
            layouts.append(time.perf_counter() - queried)
            links.append(len(graph["edges"]))
    print(
        json.dumps(
            {
                "entities": len(chosen),
                "median_links": statistics.median(links),
                "query": summary(queries),
                "layout": summary(layouts),
                "total": summary([q + lay for q, lay in zip(queries, layouts, strict=True)]),
            }
        )
    )


if __name__ == "__main__":
    main()
