"""Downloads of what a list page shows: the same filters and order, every page, as CSV or JSON
(and the network as GraphML). Rows stream from one cursor of a connection the export opens for
itself, so memory stays constant however large the collection, and a long download never holds
a connection that pages use."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Literal

import networkx as nx
from fastapi.responses import StreamingResponse

from newsgraph.store import Store, open_store
from newsgraph.store.browse import Rows
from newsgraph.web.stores import ReadOnlyStores

Format = Literal["csv", "json"]
NetworkFormat = Literal["csv", "json", "graphml"]
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "graphml": "application/graphml+xml",
}
ROWS_PER_CHUNK = 200  # rows per write: fewer, larger chunks than one per row


def csv_chunks(columns: list[str], rows: Iterable[dict]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for i, row in enumerate(rows, 1):
        writer.writerow(row)
        if i % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_chunks(rows: Iterable[dict]) -> Iterator[str]:
    """A JSON array, written one element at a time."""
    yield "["
    for i, row in enumerate(rows):
        yield ("," if i else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]\n"


def _attachment(name: str, fmt: str) -> dict:
    return {"Content-Disposition": f'attachment; filename="newsgraph-{name}.{fmt}"'}


def stream_rows(
    stores: ReadOnlyStores, query: Callable[[Store], Rows], fmt: Format, name: str
) -> StreamingResponse:
    """``query``'s rows as a download. The query runs now (a bad one fails before the response
    starts); its rows are read as the client takes them."""
    store = open_store(stores.path, readonly=True)
    try:
        rows = query(store)
    except BaseException:
        store.close()
        raise

    def chunks() -> Iterator[str]:
        try:
            yield from (csv_chunks(rows.columns, rows) if fmt == "csv" else json_chunks(rows))
        finally:
            store.close()

    return StreamingResponse(chunks(), media_type=MEDIA_TYPES[fmt], headers=_attachment(name, fmt))


def network_graph(graph: dict) -> nx.MultiDiGraph:
    """The network as a networkx graph: names and types on nodes, type and weight on edges."""
    g: nx.MultiDiGraph = nx.MultiDiGraph()
    for node in graph["nodes"]:
        g.add_node(node["id"], name=node["name"], type=node["type"])
    for edge in graph["edges"]:
        g.add_edge(edge["source"], edge["target"], type=edge["type"], weight=edge["weight"])
    return g


def network_response(graph: dict, fmt: NetworkFormat, name: str) -> StreamingResponse:
    if fmt == "graphml":
        chunks: Iterable[str] = (line + "\n" for line in nx.generate_graphml(network_graph(graph)))
    else:
        names = {node["id"]: node["name"] for node in graph["nodes"]}
        edges = [
            {
                "source": e["source"],
                "source_name": names[e["source"]],
                "type": e["type"],
                "target": e["target"],
                "target_name": names[e["target"]],
                "weight": e["weight"],
            }
            for e in graph["edges"]
        ]
        columns = ["source", "source_name", "type", "target", "target_name", "weight"]
        chunks = (
            csv_chunks(columns, edges)
            if fmt == "csv"
            else iter([json.dumps({"nodes": graph["nodes"], "edges": edges}, ensure_ascii=False)])
        )
    return StreamingResponse(chunks, media_type=MEDIA_TYPES[fmt], headers=_attachment(name, fmt))
