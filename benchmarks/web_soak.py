"""Load and soak test of the web explorer while an ingest writes to the same store: 50 concurrent
connections for 60 s on the home page, searches, article pages, entity pages and quote pages,
against the 100,000-article store that ``benchmarks/store_scale.py --db PATH`` builds. Loopback
only and bounded: the server, the ingest and the client are this script's children or itself,
and all stop at the end.

    python benchmarks/web_soak.py --db bench.db [--duration 60] [--connections 50] [--ingest-docs 200]

Prints one JSON line: per page kind the requests, errors (any status but 200, timeouts, refused
connections; by kind) and p50/p95 latency in ms; the error rate; the server's private memory
before the load, at the end of the first minute and at the end (MB), and its whole RSS, which
also counts the mapped store; and how many articles the ingest stored meanwhile.
The client runs in this process (asyncio + httpx), so it shares the machine with the server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import POLNEAR_TEXTS  # noqa: E402
from web_load import _free_port, _get_json, sample_paths, start_server  # noqa: E402

KINDS = ("home", "search", "article", "entity", "quotes")
RSS_EVERY_SECONDS = 5
REQUEST_TIMEOUT_SECONDS = 30


def page_paths(base: str, n: int, seed: int) -> dict[str, list[str]]:
    """Sampled URLs of every kind: web_load's articles and searches, plus the most covered
    entities' pages and quote pages (by speaker and unfiltered)."""
    paths = sample_paths(base, n, seed)
    entities = _get_json(f"{base}/api/entities?limit=100")
    speakers = [e for e in entities if e["quotes"]] or entities
    paths["home"] = ["/"]
    paths["entity"] = [f"/entity/{e['id']}" for e in entities]
    paths["quotes"] = ["/quotes"] + [f"/quotes?speaker={quote(str(e['id']))}" for e in speakers]
    return paths


def server_rss_mb(pid: int, field: str = "RssAnon:") -> float:
    """Memory of the server process and its children (uvicorn workers), in MB: by default its
    private memory (heap: what a leak grows). Its whole RSS also counts the store's pages that
    each thread's SQLite connection maps (``mmap_size``), once per connection, so it reaches
    several times the file's size without using that much memory."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:  # it ended meanwhile
            continue
        total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith(field))
        pending += [int(child) for child in children]
    return round(total / 1024, 1)


def start_ingest(db: str, docs: int, folder: Path) -> subprocess.Popen:
    """``newsgraph ingest`` of PolNeAR train texts the synthetic store does not hold (it is built
    from the first ones), committing every 8 documents so that it writes throughout the run."""
    texts = sorted((POLNEAR_TEXTS / "train" / "text").glob("*.txt"))[-docs:]
    for text in texts:  # copied: sources are paths, so a re-run stores them again under new ones
        (folder / text.name).write_bytes(text.read_bytes())
    command = [
        sys.executable,
        "-m",
        "newsgraph.cli",
        "ingest",
        str(folder),
        "--db",
        db,
        "--workers",
        "1",
        "--quiet",
        "--no-stories",
        "--commit-every",
        "8",
    ]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_for_first_write(db: str, before: int, ingest: subprocess.Popen, seconds: int = 300) -> None:
    """Load starts once the ingest has committed (its model load takes a while on a busy machine)."""
    deadline = time.monotonic() + seconds
    while article_count(db) == before:
        if ingest.poll() is not None:
            raise SystemExit(f"the ingest exited: {ingest.stderr.read().decode()}")
        if time.monotonic() > deadline:
            raise SystemExit(f"the ingest wrote nothing within {seconds} s")
        time.sleep(1)


def article_count(db: str) -> int:
    with sqlite3.connect(f"{Path(db).resolve().as_uri()}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]


async def connection(
    client: httpx.AsyncClient,
    paths: dict[str, list[str]],
    first: int,
    deadline: float,
    rng: random.Random,
    results: dict[str, list],
) -> None:
    """One client connection: requests one kind after another until the deadline."""
    turn = first
    while time.monotonic() < deadline:
        kind = KINDS[turn % len(KINDS)]
        turn += 1
        start = time.perf_counter()
        try:
            response = await client.get(rng.choice(paths[kind]))
            failed = None if response.status_code == 200 else str(response.status_code)  # every page exists
        except httpx.HTTPError as exc:
            failed = type(exc).__name__
        results[kind].append((time.perf_counter() - start, failed))


async def sample_rss(pid: int, deadline: float, samples: list[tuple[float, float, float]]) -> None:
    start = time.monotonic()
    while time.monotonic() < deadline:
        samples.append((time.monotonic() - start, server_rss_mb(pid), server_rss_mb(pid, "VmRSS:")))
        await asyncio.sleep(RSS_EVERY_SECONDS)


async def soak(
    base: str, paths: dict[str, list[str]], pid: int, seconds: int, connections: int, seed: int
) -> tuple[dict[str, list], list[tuple[float, float]]]:
    results: dict[str, list] = {kind: [] for kind in KINDS}
    rss: list[tuple[float, float]] = []
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=REQUEST_TIMEOUT_SECONDS) as client:
        clients = [
            connection(client, paths, i, deadline, random.Random(seed + i), results)
            for i in range(connections)
        ]
        await asyncio.gather(sample_rss(pid, deadline, rss), *clients)
    rss.append((float(seconds), server_rss_mb(pid), server_rss_mb(pid, "VmRSS:")))
    return results, rss


def summary(results: dict[str, list], rss: list[tuple[float, float]], seconds: int) -> dict:
    pages = {}
    for kind, samples in results.items():
        latencies = sorted(latency * 1000 for latency, _ in samples)
        errors = Counter(failed for _, failed in samples if failed)
        pages[kind] = {
            "requests": len(samples),
            "errors": sum(errors.values()),
            "error_kinds": dict(errors),
            "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
            "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 1) if latencies else None,
        }
    requests = sum(p["requests"] for p in pages.values())
    errors = sum(p["errors"] for p in pages.values())
    after_first_minute = next((mb for t, mb, _ in rss if t >= 60), rss[-1][1])
    return {
        "seconds": seconds,
        "requests": requests,
        "requests_per_s": round(requests / seconds, 1),
        "error_rate": round(errors / requests, 5) if requests else None,
        "pages": pages,
        "server_private_mb": {
            "before": rss[0][1],
            "after_first_minute": after_first_minute,
            "end": rss[-1][1],
            "peak": max(mb for _, mb, _ in rss),
        },
        "server_rss_mb_with_mapped_store": {"before": rss[0][2], "end": rss[-1][2]},
        "rss_growth_after_first_minute": round(rss[-1][1] / after_first_minute - 1, 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="the store to serve; the ingest writes to it too")
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--ingest-docs", type=int, default=200, help="PolNeAR train texts the ingest writes")
    parser.add_argument("--paths", type=int, default=300, help="distinct article and search URLs")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(args.db, port, workers=1)
    ingest = None
    try:
        paths = page_paths(base, args.paths, args.seed)
        with tempfile.TemporaryDirectory() as folder:
            before = article_count(args.db)
            ingest = start_ingest(args.db, args.ingest_docs, Path(folder))
            wait_for_first_write(args.db, before, ingest)
            before = article_count(args.db)
            load = soak(base, paths, server.pid, args.duration, args.connections, args.seed)
            results, rss = asyncio.run(load)
            stored = article_count(args.db) - before
            ingest.terminate()
            ingest.wait(timeout=60)
        report = summary(results, rss, args.duration)
        print(
            json.dumps(
                {
                    "articles_in_store": before,
                    "connections": args.connections,
                    "ingest_stored_meanwhile": stored,
                    **report,
                }
            )
        )
    finally:
        for child in (ingest, server):
            if child is not None and child.poll() is None:
                child.terminate()
                child.wait(timeout=60)
    return 0


if __name__ == "__main__":
    sys.exit(main())
