"""The Spark job (issue 14) in local[2]: over WARCs built from newspaper4k pages (a duplicate, a
non-HTML record, a Spanish page, a truncated last record) and a JSONL file, its tables hold what
`newsgraph ingest` stores for the same inputs, row for row; a second run changes nothing; the
Parquet reads back with pyarrow and DuckDB; `newsgraph load` gives the store `ingest` gives."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest

pyspark = pytest.importorskip("pyspark")

import duckdb  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.dataset as ds  # noqa: E402
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from newsgraph.cli import main  # noqa: E402
from newsgraph.errors import NewsgraphError  # noqa: E402
from newsgraph.record import Article  # noqa: E402
from newsgraph.spark.tables import ARTICLE_TABLES  # noqa: E402

pytestmark = pytest.mark.spark

EXAMPLES = Path(__file__).parents[1] / "newsgraph" / "examples"
CNN = "https://www.cnn.com/2013/11/27/justice/tucson-arizona-captive-girls/"
TABLES = ("articles", "sources", "failures", "quotes", "entities", "events", "times", "quantities")


def _response(writer: WARCWriter, uri: str, content_type: str, body: bytes) -> None:
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)
    )


def _warc(path: Path, records: list[tuple[str, str, bytes]], truncate_last: bool = False) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for uri, content_type, body in records:
        size_before = buffer.tell()
        _response(writer, uri, content_type, body)
    data = buffer.getvalue()
    path.write_bytes(data[: size_before + (buffer.tell() - size_before) // 2] if truncate_last else data)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, shared_dir) -> list[str]:
    pages = shared_dir / "data" / "newspaper4k" / "html"
    folder = tmp_path_factory.mktemp("crawl")
    html = "text/html; charset=utf-8"
    cnn, fox = (pages / "cnn_001.html").read_bytes(), (pages / "fox13now_001.html").read_bytes()
    first = folder / "crawl-a.warc.gz"
    _warc(
        first,
        [
            (CNN, html, cnn),
            ("https://example.org/logo.png", "image/png", b"\x89PNG\r\n\x1a\n"),
            ("https://www.fox13now.com/news/local-news/", html, fox),
        ],
    )
    with open(first, "ab") as f:  # a request record: not a response, skipped and counted
        writer = WARCWriter(f, gzip=True)
        request = io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
        writer.write_record(writer.create_warc_record(CNN, "request", payload=request))
    second = folder / "crawl-b.warc.gz"  # a re-crawl of the CNN page, a Spanish page, then a cut record
    spanish = (pages / "spanish_article.html").read_bytes()
    _warc(
        second,
        [
            (CNN, html, cnn),
            ("https://elpais.com/x", html, spanish),
            ("https://www.fox13now.com/other", html, fox + b"<!-- cut -->"),
        ],
        truncate_last=True,
    )
    lines = [
        json.dumps(
            {
                "text": (EXAMPLES / "nato-chief-meets-biden.txt").read_text(),
                "title": "NATO chief",
                "url": "https://example.org/nato",
                "published": "2023-06-13",
            }
        ),
        "{not json",
        json.dumps({"text": (EXAMPLES / "yonhap-north-korea-drill.txt").read_text()}),
    ]
    jsonl = folder / "items.jsonl"
    jsonl.write_text("\n".join(lines) + "\n")
    return [str(first), str(second), str(jsonl)]


@pytest.fixture(scope="module")
def spark():
    from newsgraph.spark.job import session

    spark = session("local[2]", ["spark.sql.shuffle.partitions=2"])
    yield spark
    spark.stop()


@pytest.fixture(scope="module")
def runs(spark, inputs, tmp_path_factory) -> tuple[Path, dict, dict, dict]:
    """(OUT, first run's summary, its tables, the second run's tables) into the same OUT."""
    from newsgraph.spark.job import run

    out = tmp_path_factory.mktemp("spark") / "out"
    first = run(spark, inputs, str(out))
    tables = _tables(out)
    run(spark, inputs, str(out))
    return out, first, tables, _tables(out)


@pytest.fixture(scope="module")
def ingested(inputs, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("store") / "ingest.db"
    assert main(["ingest", *inputs, "--db", str(db), "--quiet"]) == 0
    return db


def _tables(out: Path) -> dict[str, list[dict]]:
    """Every table as sorted rows, read with pyarrow (hive partitions become columns)."""
    result = {}
    for table in TABLES:
        rows = ds.dataset(out / table, format="parquet", partitioning="hive").to_table().to_pylist()
        result[table] = sorted(rows, key=lambda row: json.dumps(row, sort_keys=True, default=str))
    return result


def _sorted(rows) -> list[tuple]:
    return sorted(map(tuple, rows), key=repr)


def _query(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return _sorted(conn.execute(sql).fetchall())


def test_articles_and_quotes_equal_what_ingest_stores(runs, ingested):
    _out, _summary, tables, _again = runs
    stored = _query(
        ingested,
        "SELECT a.id, a.url, a.title, a.published, a.publisher, a.language, b.text "
        "FROM articles a JOIN article_bodies b ON b.article = a.num",
    )
    assert len(stored) == 4  # CNN (twice in the crawl), Fox, and the two JSONL articles
    assert (
        _sorted(
            (r["id"], r["url"], r["title"], r["published"], r["publisher"], r["language"], r["text"])
            for r in tables["articles"]
        )
        == stored
    )
    stored_quotes = _query(
        ingested,
        "SELECT a.id, q.seq, q.kind, q.text, q.start, q.end, q.cue, q.speaker "
        "FROM quotes q JOIN articles a ON a.num = q.article",
    )
    assert len(stored_quotes) > 10
    columns = ("article_id", "seq", "kind", "text", "start", "end", "cue", "speaker")
    assert _sorted(tuple(q[c] for c in columns) for q in tables["quotes"]) == stored_quotes
    for row in tables["articles"]:  # the whole record rides along, and is the one the columns came from
        assert Article.model_validate_json(row["record"]).id == row["id"]


def test_failures_hold_the_bad_inputs_with_reasons(runs, ingested, inputs):
    _out, summary, tables, _again = runs
    failures = _sorted((f["source"], f["reason"], f["input_hash"], f["error"]) for f in tables["failures"])
    assert failures == _query(ingested, "SELECT source, reason, input_hash, error FROM failures")
    reasons = {source.rsplit("/", 1)[-1]: reason for source, reason, *_ in failures}
    assert reasons["crawl-b.warc.gz"] == "bad_warc"  # the truncated last record
    assert reasons["items.jsonl#L2"] == "bad_json"
    in_crawl_b = [reason for source, reason in reasons.items() if source.startswith("crawl-b.warc.gz#")]
    assert in_crawl_b == ["not_english"]
    counters = summary["counters"]
    assert (counters["skipped_not_html"], counters["skipped_not_response"]) == (1, 1)
    assert (counters["analysed"], counters["articles"], counters["duplicates"]) == (5, 4, 1)
    assert counters["not_english"] == 1 and counters["failed"] == 3
    volatile = ("seconds", "analysis_seconds", "peak_worker_rss_mb", "model_loads")  # the 2nd run's
    written = json.loads((runs[0] / "_run.json").read_text())["counters"]
    assert {k: v for k, v in written.items() if k not in volatile} == {
        k: v for k, v in counters.items() if k not in volatile
    }


def test_each_record_is_analysed_once_by_workers_that_load_spacy_once(runs):
    """Counted as records enter the analysis: writing eight tables from the analysed rows must not
    run the analysis again. Reading and analysing share one Python worker per task, so local[2]
    loads spaCy in at most two workers (a worker that only read records would load it later)."""
    counters = runs[1]["counters"]
    assert counters["records_read"] == counters["analysed"] + counters["failed"] == 8
    assert 1 <= counters["model_loads"] <= 2


def test_a_local_run_starts_its_jvm_with_the_quick_compiler_and_keeps_the_settings_given(spark, runs):
    """In local mode the JVM shares the cores with the Python workers: it runs with C1 only and no
    web UI; the shuffle partitions given to the session (2) are kept, not replaced by the job's."""
    jvm = spark.sparkContext._jvm
    arguments = list(jvm.java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())
    assert "-XX:TieredStopAtLevel=1" in arguments
    assert spark.sparkContext.uiWebUrl is None
    assert spark.conf.get("spark.sql.shuffle.partitions") == "2"


def test_local_defaults_yield_to_the_settings_given_and_stay_off_clusters():
    from newsgraph.spark.job import LOCAL_DEFAULTS, session_settings

    given = ["spark.driver.extraJavaOptions=-Xss4m", "spark.executor.cores=4"]
    assert session_settings("local[2]", given) == {
        **LOCAL_DEFAULTS,
        "spark.driver.extraJavaOptions": "-Xss4m",
        "spark.executor.cores": "4",
    }
    assert session_settings("yarn", given) == {
        "spark.driver.extraJavaOptions": "-Xss4m",
        "spark.executor.cores": "4",
    }
    assert session_settings(None, []) == {}
    with pytest.raises(NewsgraphError, match="KEY=VALUE"):
        session_settings("local[1]", ["spark.ui.enabled"])


def test_the_records_of_few_warcs_are_spread_over_the_tasks(spark, inputs):
    """Two WARC files, four tasks wanted: their five records are dealt one by one over four
    partitions; with as many files as tasks wanted, each file stays one task."""
    from newsgraph.spark.inputs import expand, item_rdds

    found = expand(spark.sparkContext, inputs)
    for partitions, sizes in ((4, [1, 1, 1, 2]), (2, [2, 3])):
        warcs = item_rdds(spark.sparkContext, found, lambda reason: None, partitions)[0]
        assert sorted(len(part) for part in warcs.glom().collect()) == sizes


def test_the_duplicate_is_one_article_with_two_sources(runs, ingested):
    _out, _summary, tables, _again = runs
    cnn = [
        s["article_id"]
        for s in tables["sources"]
        if s["source"].rsplit("/", 1)[-1].startswith("crawl-")
        and any(a["id"] == s["article_id"] and a["url"] == CNN for a in tables["articles"])
    ]
    assert len(cnn) == 2 and len(set(cnn)) == 1
    assert _sorted((s["source"], s["input_hash"], s["article_id"]) for s in tables["sources"]) == _query(
        ingested, "SELECT s.source, s.input_hash, a.id FROM sources s JOIN articles a ON a.num = s.article"
    )


def test_a_second_run_into_the_same_out_adds_nothing(runs):
    _out, _summary, first, second = runs
    assert {table: len(rows) for table, rows in second.items()} == {
        table: len(rows) for table, rows in first.items()
    }
    assert second == first


def test_articles_are_partitioned_by_month_and_read_back_with_duckdb(runs):
    out, summary, tables, _again = runs
    months = sorted(path.name for path in (out / "articles").iterdir() if path.is_dir())
    assert "month=2023-06" in months  # the JSONL article dated 2023-06-13
    articles = f"read_parquet('{out}/articles/*/*.parquet', hive_partitioning = true)"
    rows = duckdb.sql(f"SELECT id, month FROM {articles}").fetchall()
    assert sorted(rows) == sorted((a["id"], a["month"]) for a in tables["articles"])
    top = f"read_parquet('{out}/aggregates/top_speakers/*.parquet')"
    speakers = duckdb.sql(f"SELECT speaker, quotes FROM {top} ORDER BY quotes DESC, speaker").fetchall()
    by_speaker: dict[str, int] = {}
    for quote in tables["quotes"]:
        if quote["speaker"]:
            by_speaker[quote["speaker"]] = by_speaker.get(quote["speaker"], 0) + 1
    assert dict(speakers) == by_speaker
    assert summary["counters"]["rows_written"] == {table: len(tables[table]) for table in ARTICLE_TABLES}


def test_column_types_come_from_the_record(runs):
    out = runs[0]
    quotes = ds.dataset(out / "quotes", format="parquet", partitioning="hive").schema
    entities = ds.dataset(out / "entities", format="parquet", partitioning="hive").schema
    quantities = ds.dataset(out / "quantities", format="parquet", partitioning="hive").schema
    assert quotes.field("start").type == pa.int64() and quotes.field("kind").type == pa.string()
    assert pa.types.is_list(entities.field("titles").type)
    assert entities.field("titles").type.value_type == pa.string()
    assert quantities.field("value").type == pa.float64()
    # Optional in the record, nullable in Parquet; required fields are not
    assert quotes.field("speaker_entity").nullable and quantities.field("unit").nullable
    assert not entities.field("name").nullable and not quotes.field("start").nullable


def _store_dump(db: Path) -> dict[str, list[tuple]]:
    """The store's content with its own numbering (article nums, entity ids, row ids, times) left out."""
    keyed = {
        "articles": "SELECT id, title, published, publisher, url, language FROM articles",
        "article_bodies": "SELECT a.id, b.title, b.text, b.record FROM article_bodies b "
        "JOIN articles a ON a.num = b.article",
        "sources": "SELECT s.source, s.input_hash, a.id FROM sources s JOIN articles a ON a.num = s.article",
        "failures": "SELECT source, input_hash, reason, error FROM failures",
        "article_entities": "SELECT a.id, x.local_id, x.name, x.titles, x.n_mentions "
        "FROM article_entities x JOIN articles a ON a.num = x.article",
        "quotes": "SELECT a.id, q.seq, q.kind, q.text, q.start, q.end, q.cue, q.speaker FROM quotes q "
        "JOIN articles a ON a.num = q.article",
        "events": "SELECT a.id, v.seq, v.type, v.trigger, v.actor, v.target, v.place FROM events v "
        "JOIN articles a ON a.num = v.article",
        "times": "SELECT a.id, t.seq, t.text, t.value FROM times t JOIN articles a ON a.num = t.article",
        "quantities": "SELECT a.id, q.seq, q.text, q.value FROM quantities q "
        "JOIN articles a ON a.num = q.article",
    }
    # Cross-article entities are left out: incremental identity assigns each article's entities
    # against what the store holds when it is written, and load writes in Parquet's order, not in
    # ingest's (newsgraph/store/README.md: clusters follow write order).
    return {table: _query(db, sql) for table, sql in keyed.items()}


def test_load_gives_the_store_ingest_gives_and_is_idempotent(runs, ingested, tmp_path, capsys):
    out = runs[0]
    db = tmp_path / "loaded.db"
    capsys.readouterr()
    assert main(["load", str(out), "--db", str(db), "--format", "json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert (first["stored"], first["failed"]) == (5, 3)
    assert _store_dump(db) == _store_dump(ingested)
    assert main(["load", str(out), "--db", str(db), "--format", "json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["stored"], again["failed"], again["unchanged"]) == (0, 0, 8)
