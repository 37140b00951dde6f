"""Load test of the web explorer: every page kind, measured with wrk from another process
against ``newsgraph serve`` over an existing store (e.g. the 100,000-article one that
``benchmarks/store_scale.py`` builds), which the server opens read-only: the run never writes to
it (the last line says whether its file is unchanged). Page kinds: article, search, home, entity,
quotes (with their filters), /articles, /entities, /compare, stories, /network and the charts'
JSON. Targets: article page p95 < 150 ms, search p95 < 200 ms, every other page p95 < 300 ms
(issue 13); whole exports streamed with the server's peak memory unchanged.

    python benchmarks/web_load.py --db bench.db [--duration 20] [--connections 4] [--workers 1]
        [--pages quotes,network] [--no-exports]

Prints one JSON line per page kind with requests/s and p50/p95/p99 latency in milliseconds, one
per export, and last the p95 of every page kind.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import IO
from urllib.parse import quote, urlencode

# wrk runs this per thread: rotate through the sampled paths, report percentiles as JSON.
WRK_SCRIPT = """
local paths = {%s}
local i = math.random(#paths)
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %%d, "seconds": %%.2f, "p50_ms": %%.1f, "p95_ms": %%.1f, ' ..
    '"p99_ms": %%.1f, "max_ms": %%.1f, "socket_errors": %%d, "non_2xx": %%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""
WORD = re.compile(r"[A-Za-z]{4,}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get_json(url: str):
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


def start_server(db: str, port: int, workers: int, log: IO[bytes] | None = None) -> subprocess.Popen:
    """``newsgraph serve`` on ``port``, once it answers; its log goes to ``log`` (a temporary
    file by default: an unread pipe fills with log lines and stalls the server)."""
    command = [
        sys.executable,
        "-m",
        "newsgraph.cli",
        "serve",
        "--db",
        db,
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    log = log or tempfile.TemporaryFile()
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise SystemExit(f"server exited: {log.read().decode()}")
        try:
            _get_json(f"http://127.0.0.1:{port}/api/stats")
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("server did not start within 60 s")


def sample_paths(base: str, n: int, seed: int) -> dict[str, list[str]]:
    """Article pages spread over the collection, and searches for words from their titles
    (one and two words, some with a publisher or date filter, as people search)."""
    rng = random.Random(seed)
    total = _get_json(f"{base}/api/articles?limit=1")["total"]
    articles = []
    for offset in rng.sample(range(max(total - 100, 1)), k=min(n // 20 + 1, max(total // 100, 1))):
        articles += _get_json(f"{base}/api/articles?limit=100&offset={offset}")["articles"]
    rng.shuffle(articles)
    articles = articles[:n]
    words = [w.lower() for a in articles for w in WORD.findall(a["title"] or "")] or ["news"]
    searches = []
    for article in articles:
        params = {"q": " ".join(rng.sample(words, k=rng.choice((1, 1, 2))))}
        if rng.random() < 0.2 and article["publisher"]:
            params["publisher"] = article["publisher"]
        if rng.random() < 0.2 and article["published"]:
            params["since"] = article["published"][:7]
        searches.append("/search?" + urlencode(params))
    return {
        "article": [f"/article/{quote(a['id'], safe='')}" for a in articles],
        "search": searches,
        **browsing_paths(base, articles, rng),
    }


def browsing_paths(base: str, articles: list[dict], rng: random.Random) -> dict[str, list[str]]:
    """Every other page kind: home, entity pages, the quotes list with its filters, /articles
    and /entities with their facets, sorts and page sizes, /compare, stories, the network (whole,
    and around an entity) and the charts' JSON."""
    people = _get_json(f"{base}/api/entities?type=PERSON&limit=100")
    names = [e["name"] for e in people] or ["Smith"]
    ids = [e["id"] for e in people] or [1]
    stories = _get_json(f"{base}/api/stories?limit=100")["stories"]
    months = sorted({a["published"][:7] for a in articles if a["published"]}) or [None]
    words = [w.lower() for a in articles for w in WORD.findall(a["title"] or "")] or ["news"]
    paths: dict[str, list[str]] = {kind: [] for kind in BROWSING}
    for article in articles:
        pair = rng.sample(names, k=min(2, len(names)))
        paths["home"].append("/")
        paths["entity"].append(f"/entity/{rng.choice(ids)}")
        paths["quotes"].append("/quotes?" + urlencode(_quote_params(rng, names, words)))
        paths["articles"].append("/articles?" + urlencode(_article_params(rng, article, months)))
        paths["entities"].append("/entities?" + urlencode(_entity_params(rng, names)))
        paths["compare"].append("/compare?" + urlencode({"entity": pair}, doseq=True))
        paths["stories"].append(f"/stories?offset={20 * rng.randrange(max(len(stories) // 20, 1))}")
        around = rng.random() < 0.8
        paths["network"].append(
            "/network?" + urlencode({"entity": rng.choice(names)}) if around else "/network"
        )
        charts = [
            "/api/volume/entities?" + urlencode({"entity": pair}, doseq=True),
            "/api/volume?" + urlencode({"q": rng.choice(words)}),
        ]
        if stories:
            charts.append(f"/api/volume/stories/{rng.choice(stories)['id']}")
        paths["charts"].append(rng.choice(charts))
    return paths


STATEMENT_VALUES = {
    "act": ["thought", "intent", "all"],
    "kind": ["direct", "indirect"],
    "resolved": ["0", "1"],
}
BROWSING = ("home", "entity", "quotes", "articles", "entities", "compare", "stories", "network", "charts")


def _quote_params(rng: random.Random, names: list[str], words: list[str]) -> dict:
    params: dict = {"sort": rng.choice(["-date", "date", "rank"])}
    if rng.random() < 0.6:
        params["speaker"] = rng.choice(names)
    if rng.random() < 0.3:
        params["q"] = rng.choice(words)
    if rng.random() < 0.3:
        name, values = rng.choice(list(STATEMENT_VALUES.items()))
        params[name] = rng.choice(values)
    return params


def _article_params(rng: random.Random, article: dict, months: list) -> dict:
    params: dict = {
        "sort": rng.choice(["-date", "date", "publisher", "-quotes"]),
        "limit": rng.choice([20, 50, 100]),
    }
    if rng.random() < 0.3 and article["publisher"]:
        params["publisher"] = article["publisher"]
    if rng.random() < 0.3 and months[0]:
        params["month"] = rng.choice(months)
    return params


def _entity_params(rng: random.Random, names: list[str]) -> dict:
    params = {"sort": rng.choice(["articles", "quotes", "name"]), "type": rng.choice(["", "PERSON", "ORG"])}
    if rng.random() < 0.5:
        params["q"] = rng.choice(names)[:3]
    return {k: v for k, v in params.items() if v}


def export_figures(base: str, server: subprocess.Popen, path: str) -> dict:
    """Stream one whole export while sampling the server's anonymous memory (its heap: the
    store's file pages, mapped by SQLite, are not the export's doing): an export streamed from a
    cursor keeps it flat, whatever the number of rows."""

    def anon_mb() -> float:
        status = Path(f"/proc/{server.pid}/status").read_text()
        return int(re.search(r"RssAnon:\s+(\d+)", status).group(1)) / 1024

    before = anon_mb()
    peak = before
    started = time.perf_counter()
    size = rows = 0
    with urllib.request.urlopen(base + path, timeout=600) as response:
        for line in response:
            size += len(line)
            rows += 1
            if rows % 5000 == 0:
                peak = max(peak, anon_mb())
    seconds = time.perf_counter() - started
    return {
        "scenario": "export",
        "path": path,
        "rows": rows - 1,
        "mb": round(size / 1e6, 1),
        "seconds": round(seconds, 1),
        "rows_per_s": round((rows - 1) / seconds),
        "server_anon_mb_before": round(before),
        "server_anon_mb_peak": round(peak),
    }


def run_wrk(base: str, paths: list[str], duration: int, connections: int, threads: int) -> dict:
    script = WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths)  # URL-encoded: plain ASCII
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    threads = min(threads, connections)  # wrk refuses more threads than connections
    output = subprocess.run(
        [
            "wrk",
            "-t",
            str(threads),
            "-c",
            str(connections),
            "-d",
            f"{duration}s",
            "--timeout",
            "10s",
            "-s",
            f.name,
            base,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    Path(f.name).unlink()
    result = json.loads(output.stdout.split("RESULT ", 1)[1].splitlines()[0])
    result["requests_per_s"] = round(result["requests"] / result["seconds"], 1)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="the store to serve (read-only)")
    parser.add_argument("--duration", type=int, default=20, help="seconds per scenario")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--paths", type=int, default=500, help="distinct URLs per scenario")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pages", help="only these page kinds, comma-separated (e.g. quotes,network)")
    parser.add_argument("--no-exports", action="store_true", help="skip the whole exports")
    args = parser.parse_args()
    kinds = args.pages.split(",") if args.pages else None
    if kinds and set(kinds) - {"article", "search", *BROWSING}:
        parser.error(f"unknown page kind in {args.pages!r}: use article, search, {', '.join(BROWSING)}")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    before = _file_state(args.db)
    server = start_server(args.db, port, args.workers)
    p95 = {}
    try:
        stats = _get_json(f"{base}/api/stats")
        paths = sample_paths(base, args.paths, args.seed)
        for scenario, urls in paths.items():
            if kinds and scenario not in kinds:
                continue
            run_wrk(base, urls[:20], 2, args.connections, args.threads)  # warm caches and workers
            result = run_wrk(base, urls, args.duration, args.connections, args.threads)
            p95[scenario] = result["p95_ms"]
            print(
                json.dumps(
                    {
                        "scenario": scenario,
                        "articles_in_store": stats["counts"]["articles"],
                        "connections": args.connections,
                        "workers": args.workers,
                        **result,
                    }
                )
            )
        if args.workers == 1 and not args.no_exports:  # one process: its memory is the server's
            for path in ("/api/export/quotes.csv", "/api/export/articles.csv"):
                print(json.dumps(export_figures(base, server, path)))
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(json.dumps({"p95_ms_per_page": p95, "store_unchanged": _file_state(args.db) == before}))
    return 0


def _file_state(db: str) -> tuple[int, int]:
    """The store file's size and modification time: the server opens it read-only, so the run
    must leave both as they were."""
    stat = Path(db).stat()
    return stat.st_size, stat.st_mtime_ns


if __name__ == "__main__":
    sys.exit(main())
