"""Entity identity at scale: the full re-cluster and incremental assignment on the synthetic
100,000-article store of ``store_scale.py``.

    python benchmarks/identity_scale.py [--articles 100000] [--seeds 100] [--db PATH] [--reuse]

1. Builds the store as ``store_scale.py`` does (every article's entities go through incremental
   assignment in ``Store.add_article``), unless ``--reuse`` names an existing ``--db``.
2. Times ``recluster`` over the whole store (one transaction) and prints the article entities,
   the entities before and after, the seconds and the peak memory of the process.
3. Times incremental assignment alone: ``Identity.assign`` for the entities of 1,000 of the
   store's articles (rolled back), in ms per article.
"""

from __future__ import annotations

import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from store_scale import scale_parser, scale_store  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_recluster(db: Path) -> None:
    from newsgraph.identity.cluster import recluster
    from newsgraph.store import open_store

    with open_store(db) as store:
        started = time.perf_counter()
        with store.transaction():
            report = recluster(store.conn)
        print(
            f"re-cluster: {report.locals:,} article entities, {report.entities_before:,} -> "
            f"{report.entities_after:,} entities in {time.perf_counter() - started:.0f} s "
            f"(peak RSS {peak_mb():.0f} MB)",
            flush=True,
        )


def time_incremental(db: Path, articles: int = 1000) -> None:
    from newsgraph.store import open_store

    with open_store(db) as store:
        ids = [
            r[0] for r in store.conn.execute("SELECT id FROM articles ORDER BY num DESC LIMIT ?", (articles,))
        ]
        records = [store.get_article(article_id) for article_id in ids]
        store.conn.execute("BEGIN IMMEDIATE")
        started = time.perf_counter()
        for num, record in enumerate(records, start=10_000_000):
            store.identity.assign(num, [e for e in record.entities if e.type != "CARDINAL"])
        seconds = time.perf_counter() - started
        store.conn.execute("ROLLBACK")
    print(
        f"incremental assignment: {seconds / len(records) * 1000:.2f} ms per article "
        f"({sum(len(r.entities) for r in records) / len(records):.0f} entities each)",
        flush=True,
    )


def main() -> None:
    args = scale_parser(__doc__, "use an existing --db without rebuilding it").parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = scale_store(args, tmp, random.Random(13))
        time_recluster(db)
        time_incremental(db)


if __name__ == "__main__":
    main()
