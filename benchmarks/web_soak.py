"""Load and soak test of the web explorer while an ingest writes to the same store (issue 16): 50
concurrent connections on the home page, searches, article pages, entity pages and quote pages,
against the 100,000-article store that ``benchmarks/store_scale.py --db PATH`` builds. Loopback
only and bounded: the server, the ingest and the client are this script's children or itself,
and all stop at the end. The ingest WRITES TO THE STORE (PolNeAR texts marked with the run's
time, so every run adds new articles): run it on a copy you can spare.

    python benchmarks/web_soak.py --db bench.db [--duration 120] [--connections 50] [--ingest-docs 200]

The issue's target is memory flat "after the first minute": the load runs ``--duration`` seconds
(120 by default), the first minute warms caches up and the memory at its end is the baseline
that the end of the run is compared with (``memory_growth_after_first_minute``, target <= 0.10).
Errors and latencies count the whole run (target: error rate 0).

Prints one JSON line: per page kind the requests, errors (any status but 200, timeouts, refused
or dropped connections; by kind) and p50/p95 latency in ms; the error rate and the first errors
(when, which page, what); the server's private memory (MB) before the load, at 60 s and at the
end, and its whole RSS, which also counts the mapped store; its threads and open store
connections (most seen); error lines in its log; and how many articles the ingest stored
meanwhile. The client runs in this process (asyncio + httpx), so it shares the machine with the
server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import IO
from urllib.parse import quote

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import POLNEAR_TEXTS  # noqa: E402
from web_load import _free_port, _get_json, sample_paths, start_server  # noqa: E402

KINDS = ("home", "search", "article", "entity", "quotes")
RSS_EVERY_SECONDS = 5
REQUEST_TIMEOUT_SECONDS = 30
FIRST_MINUTE = 60.0
ERROR_EXAMPLES = 10


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


def process_tree(pid: int) -> list[int]:
    """The server process and its children (uvicorn workers), those still running."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:  # it ended meanwhile
            continue
        found.append(current)
        pending += [int(child) for child in children]
    return found


def status_field(pid: int, field: str) -> int:
    """A number from /proc/PID/status (memory fields in kB); 0 for a process that ended."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return next(int(line.split()[1]) for line in status.splitlines() if line.startswith(field + ":"))


def open_store_files(pid: int, db: Path) -> int:
    """How many times the process holds the store's file open: once per SQLite connection."""
    try:
        links = [os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()]
    except OSError:
        return 0
    return links.count(str(db.resolve()))


def server_sample(pid: int, db: Path, elapsed: float) -> dict:
    """Memory (MB), threads and store connections of the server's processes, ``elapsed`` s into
    the load. Private memory (RssAnon) is what a leak or a page cache grows; the whole RSS also
    counts the store's pages each connection maps (``mmap_size``), which are the OS's file cache,
    shared, not the server's own."""
    pids = process_tree(pid)
    return {
        "t": round(elapsed, 1),
        "private_mb": round(sum(status_field(p, "RssAnon") for p in pids) / 1024, 1),
        "rss_mb": round(sum(status_field(p, "VmRSS") for p in pids) / 1024, 1),
        "threads": sum(status_field(p, "Threads") for p in pids),
        "store_connections": sum(open_store_files(p, db) for p in pids),
    }


def soak_texts(docs: int, folder: Path) -> None:
    """The last ``docs`` PolNeAR train texts (the synthetic store is built from the first ones),
    each ending with a line naming this run: a store that already holds them from an earlier run
    gets new articles, so the ingest writes throughout every run."""
    marker = f"\n\n(newsgraph soak run {time.strftime('%Y-%m-%d %H:%M:%S')})\n"
    for text in sorted((POLNEAR_TEXTS / "train" / "text").glob("*.txt"))[-docs:]:
        (folder / text.name).write_text(text.read_text(encoding="utf-8") + marker, encoding="utf-8")


def start_ingest(db: str, folder: Path) -> subprocess.Popen:
    """``newsgraph ingest`` of the texts in ``folder``, committing every 8 documents so that it
    writes throughout the run."""
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


class Load:
    """What the client saw: per page kind (latency s, error or None), and the first errors."""

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.results: dict[str, list[tuple[float, str | None]]] = {kind: [] for kind in KINDS}
        self.first_errors: list[dict] = []

    def record(self, kind: str, path: str, latency: float, failed: str | None, detail: str = "") -> None:
        self.results[kind].append((latency, failed))
        if failed and len(self.first_errors) < ERROR_EXAMPLES:
            at = round(time.monotonic() - self.start, 1)
            self.first_errors.append(
                {
                    "at_s": at,
                    "path": path,
                    "error": failed,
                    "after_ms": round(latency * 1000),
                    "detail": detail,
                }
            )


async def connection(
    client: httpx.AsyncClient,
    paths: dict[str, list[str]],
    first: int,
    deadline: float,
    rng: random.Random,
    load: Load,
) -> None:
    """One client connection: requests one kind after another until the deadline."""
    turn = first
    while time.monotonic() < deadline:
        kind = KINDS[turn % len(KINDS)]
        turn += 1
        path = rng.choice(paths[kind])
        start = time.perf_counter()
        try:
            response = await client.get(path)
            failed = None if response.status_code == 200 else str(response.status_code)  # every page exists
            detail = ""
        except httpx.HTTPError as exc:
            failed, detail = type(exc).__name__, repr(exc.__context__ or exc)[:200]
        load.record(kind, path, time.perf_counter() - start, failed, detail)


async def sample_server(pid: int, db: Path, deadline: float, load: Load, samples: list[dict]) -> None:
    while time.monotonic() < deadline:
        samples.append(server_sample(pid, db, time.monotonic() - load.start))
        await asyncio.sleep(RSS_EVERY_SECONDS)


async def soak(
    base: str, paths: dict[str, list[str]], pid: int, db: Path, args: argparse.Namespace
) -> tuple[Load, list[dict]]:
    load, samples = Load(), []
    deadline = load.start + args.duration
    limits = httpx.Limits(max_connections=args.connections, max_keepalive_connections=args.connections)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=REQUEST_TIMEOUT_SECONDS) as client:
        clients = [
            connection(client, paths, i, deadline, random.Random(args.seed + i), load)
            for i in range(args.connections)
        ]
        await asyncio.gather(sample_server(pid, db, deadline, load, samples), *clients)
    samples.append(server_sample(pid, db, time.monotonic() - load.start))
    return load, samples


def page_summary(samples: list[tuple[float, str | None]]) -> dict:
    latencies = sorted(latency * 1000 for latency, _ in samples)
    errors = Counter(failed for _, failed in samples if failed)
    return {
        "requests": len(samples),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 1) if latencies else None,
    }


def memory_summary(samples: list[dict]) -> dict:
    """Private memory before the load, at the end of the first minute (the first sample at or
    after it; the end when the run is shorter) and at the end, and the growth between the last
    two: what the issue's "flat after the first minute" is about."""
    first_minute = next((s for s in samples if s["t"] >= FIRST_MINUTE), samples[-1])
    end = samples[-1]
    return {
        "server_private_mb": {
            "before": samples[0]["private_mb"],
            "after_first_minute": first_minute["private_mb"],
            "end": end["private_mb"],
            "peak": max(s["private_mb"] for s in samples),
        },
        "memory_growth_after_first_minute": round(end["private_mb"] / first_minute["private_mb"] - 1, 3),
        "first_minute_sampled_at_s": first_minute["t"],
        "server_rss_mb_with_mapped_store": {"before": samples[0]["rss_mb"], "end": end["rss_mb"]},
        "server_threads_most": max(s["threads"] for s in samples),
        "store_connections_most": max(s["store_connections"] for s in samples),
    }


def summary(load: Load, samples: list[dict], seconds: int) -> dict:
    pages = {kind: page_summary(results) for kind, results in load.results.items()}
    requests = sum(p["requests"] for p in pages.values())
    errors = sum(p["errors"] for p in pages.values())
    return {
        "seconds": seconds,
        "requests": requests,
        "requests_per_s": round(requests / seconds, 1),
        "error_rate": round(errors / requests, 5) if requests else None,
        "pages": pages,
        "first_errors": load.first_errors,
        **memory_summary(samples),
    }


def log_errors(log: IO[bytes]) -> list[str]:
    """The server log's error lines (it logs warnings and errors only)."""
    log.seek(0)
    lines = log.read().decode(errors="replace").splitlines()
    return [line for line in lines if "Error" in line or "ERROR" in line or "Traceback" in line]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="the store to serve; the ingest writes to it too")
    parser.add_argument(
        "--duration", type=int, default=120, help="seconds of load (memory is compared at 60 s)"
    )
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--ingest-docs", type=int, default=200, help="PolNeAR train texts the ingest writes")
    parser.add_argument("--paths", type=int, default=300, help="distinct article and search URLs")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = tempfile.TemporaryFile()
    server = start_server(args.db, port, workers=1, log=log)
    ingest = None
    try:
        paths = page_paths(base, args.paths, args.seed)
        with tempfile.TemporaryDirectory() as folder:
            soak_texts(args.ingest_docs, Path(folder))
            before = article_count(args.db)
            ingest = start_ingest(args.db, Path(folder))
            wait_for_first_write(args.db, before, ingest)
            before = article_count(args.db)
            load, samples = asyncio.run(soak(base, paths, server.pid, Path(args.db), args))
            stored = article_count(args.db) - before
            ingest.terminate()
            ingest.wait(timeout=60)
        report = {
            "articles_in_store": before,
            "connections": args.connections,
            "ingest_stored_meanwhile": stored,
            **summary(load, samples, args.duration),
            "server_log_errors": log_errors(log)[:ERROR_EXAMPLES],
            "server_samples": samples,
        }
        print(json.dumps(report))
    finally:
        for child in (ingest, server):
            if child is not None and child.poll() is None:
                child.terminate()
                child.wait(timeout=60)
    return 0


if __name__ == "__main__":
    sys.exit(main())
