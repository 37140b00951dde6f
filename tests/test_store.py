"""The store: schema and migrations, the write path (identity, idempotency, replacement), the
read API the CLI and web explorer use, stories and export — over hand-checked records."""

from __future__ import annotations

import csv
import hashlib
import json
import multiprocessing
import os
import sqlite3
from pathlib import Path

import pytest

from newsgraph.cli import main
from newsgraph.errors import NewsgraphError
from newsgraph.identity.names import name_key
from newsgraph.record import Article
from newsgraph.store import open_store, queries
from newsgraph.store.export import export
from newsgraph.store.filters import QuoteFilter, SearchFilter, StatementFilter
from newsgraph.store.migrations import LATEST_VERSION
from newsgraph.store.queries import fts_query
from newsgraph.store.stories import rebuild_stories

FIXTURES = Path(__file__).parent / "data" / "store" / "articles.json"


def _span(text: str, ref: str) -> dict:
    """'words#n' -> the n-th occurrence of 'words' in text (1 if no #n)."""
    words, _, nth = ref.partition("#")
    start = -1
    for _ in range(int(nth or 1)):
        start = text.index(words, start + 1)
    return {"start": start, "end": start + len(words), "text": words}


def _record(spec: dict) -> Article:
    text = spec["text"]
    entities = [
        {
            "id": f"E{i}",
            "name": e["name"],
            "type": e["type"],
            "titles": e.get("titles", []),
            "aliases": e.get("aliases", []),
            "mentions": [_span(text, m) for m in e["mentions"]],
        }
        for i, e in enumerate(spec["entities"], start=1)
    ]
    local = {e["name"]: e["id"] for e in entities}

    def party(name):
        return {"entity_id": local.get(name), "name": name} if name else None

    quotes = [
        {
            "kind": q["kind"],
            "content": [_span(text, q["content"])],
            "cue": [_span(text, q["cue"])],
            "source": [_span(text, q["source"])],
            "speaker": party(q["speaker"]),
        }
        for q in spec["quotes"]
    ]
    times = [
        {**_span(text, t["text"]), "type": t["type"], "value": t["value"]} for t in spec.get("times", [])
    ]
    quantities = [
        {**_span(text, q["text"]), **{k: v for k, v in q.items() if k != "text"}}
        for q in spec.get("quantities", [])
    ]
    events = []
    for ev in spec.get("events", []):
        trigger = _span(text, ev["trigger"])
        events.append(
            {
                "type": ev["type"],
                "cameo": ev["cameo"],
                "trigger": trigger,
                "sentence": trigger,
                "actor": party(ev.get("actor")),
                "target": party(ev.get("target")),
                "place": party(ev.get("place")),
                "time": ev.get("time"),
            }
        )
    return Article.model_validate(
        {
            "id": hashlib.sha256(text.encode()).hexdigest()[:16],
            "title": spec["title"],
            "published": spec["published"],
            "publisher": spec["publisher"],
            "url": spec["url"],
            "text": text,
            "language": "en",
            "entities": entities,
            "quotes": quotes,
            "times": times,
            "quantities": quantities,
            "events": events,
        }
    )


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return [_record(spec) for spec in json.loads(FIXTURES.read_text())["articles"]]


@pytest.fixture
def store(tmp_path, articles):
    with open_store(tmp_path / "news.db") as s:
        with s.transaction():
            for article in articles:
                s.add_article(article, source=article.url, input_hash=article.id)
            rebuild_stories(s.conn)
        yield s


def _count(store, table: str) -> int:
    return store.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


# -- schema ------------------------------------------------------------------------------------


def test_new_store_has_latest_schema_in_wal_mode(tmp_path):
    with open_store(tmp_path / "a.db") as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with open_store(tmp_path / "a.db") as s:  # reopening migrates nothing and loses nothing
        assert s.stats()["schema_version"] == LATEST_VERSION


def test_a_version_1_store_is_migrated_with_its_data(tmp_path, articles):
    from newsgraph.store.migrations import migrations
    from newsgraph.store.queries import pack_record

    path, article = tmp_path / "v1.db", articles[2]
    conn = sqlite3.connect(path)
    conn.executescript(migrations()[0][1] + "\nPRAGMA user_version = 1;")
    record = {k: v for k, v in article.to_dict().items() if k != "text"}
    conn.execute(
        "INSERT INTO articles(num, id, title, published, text, record, ingested_at) "
        "VALUES (1, ?, ?, ?, ?, ?, 'now')",
        (article.id, article.title, article.published, article.text, pack_record(record)),
    )
    conn.execute(
        "INSERT INTO entities(id, key, name, type) VALUES (7, 'PERSON|jens stoltenberg', "
        "'Jens Stoltenberg', 'PERSON')"
    )
    conn.execute("INSERT INTO entity_aliases VALUES ('stoltenberg', 7, 'Stoltenberg')")
    conn.execute(
        "INSERT INTO quotes(article, seq, kind, text, start, end, entity) "
        "VALUES (1, 0, 'direct', 'Every missile we send saves lives', 0, 10, 7)"
    )
    conn.commit()
    conn.close()
    with pytest.raises(NewsgraphError, match="older schema"):
        open_store(path, readonly=True)
    with open_store(path) as s:
        assert s.stats()["schema_version"] == LATEST_VERSION
        assert s.get_article(article.id) == article
        assert s.search(SearchFilter(q="missiles"))["hits"][0]["id"] == article.id
        assert (
            s.quotes(QuoteFilter(speaker="Stoltenberg", since="2023-06-20"))["quotes"][0]["published"]
            == "2023-06-20"
        )


def _open_when_released(path: Path, start, results) -> None:
    start.wait()
    try:
        with open_store(path) as store, store.transaction():
            store.add_failure(f"source-{os.getpid()}", "hash", "empty", "input is empty")
        results.put("ok")
    except Exception as exc:  # reported to the test, which names it
        results.put(f"{type(exc).__name__}: {exc}")


def test_processes_opening_a_new_store_at_once_wait_for_each_other(tmp_path):
    fork = multiprocessing.get_context("fork")
    for trial in range(3):  # the race is lost most times on today's machines: a few tries suffice
        path, start, results = tmp_path / f"new{trial}.db", fork.Barrier(4), fork.Queue()
        openers = [fork.Process(target=_open_when_released, args=(path, start, results)) for _ in range(4)]
        for opener in openers:
            opener.start()
        outcomes = [results.get(timeout=60) for _ in openers]
        for opener in openers:
            opener.join()
        assert outcomes == ["ok"] * 4
        with open_store(path, readonly=True) as store:
            assert store.stats()["counts"]["failures"] == 4


def test_store_from_a_newer_newsgraph_is_refused(tmp_path):
    path = tmp_path / "future.db"
    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()
    with pytest.raises(NewsgraphError, match="newer"):
        open_store(path)


def test_a_file_that_is_not_a_store_is_a_clear_error(tmp_path):
    (tmp_path / "notes.db").write_text("these are my notes, not a database" * 100)
    for readonly in (False, True):
        with pytest.raises(NewsgraphError, match="cannot open the store"):
            open_store(tmp_path / "notes.db", readonly=readonly)
    with pytest.raises(NewsgraphError, match="cannot open the store"):
        open_store(tmp_path / "no" / "such" / "folder.db")


def test_readonly_store_reads_but_cannot_write(store, articles):
    with open_store(store.path, readonly=True) as ro:
        assert ro.get_article(articles[0].id) == articles[0]
        with pytest.raises(sqlite3.OperationalError):
            ro.conn.execute("DELETE FROM articles")
    with pytest.raises(NewsgraphError):
        open_store(store.path.parent / "missing.db", readonly=True)


# -- write path --------------------------------------------------------------------------------


def test_article_round_trips_exactly(store, articles):
    for article in articles:
        assert store.get_article(article.id) == article
    assert store.get_article("no-such-id") is None


def test_one_person_across_articles_is_one_entity(store):
    ids = store.resolve("Jens Stoltenberg")
    assert len(ids) == 1
    assert store.resolve("stoltenberg") == ids == store.resolve("JENS STOLTENBERG.")
    profile = store.entity_profile("Stoltenberg")
    assert profile["articles"] == 3 and profile["mentions"] == 7
    assert {"Stoltenberg", "Jens Stoltenberg"} <= set(profile["aliases"])


def test_name_keys_ignore_case_accents_punctuation_and_honorifics():
    assert name_key("Jens Stoltenberg") == name_key("  JENS  stoltenberg. ")
    assert name_key("Volodymyr Zelenskyy") == name_key("Volódymyr Zelenskyy")
    assert name_key("the Pentagon") == name_key("Pentagon")
    assert name_key("U.S.") == name_key("US")
    assert name_key("Mr. Biden") == "biden"


def test_same_input_twice_adds_nothing(store, articles):
    before = {t: _count(store, t) for t in ("articles", "sources", "entities", "quotes", "mentions")}
    with store.transaction():
        store.add_article(articles[0], source=articles[0].url, input_hash=articles[0].id)
    assert {t: _count(store, t) for t in before} == before
    assert store.is_current(articles[0].url, articles[0].id)


def test_changed_content_at_a_source_replaces_its_article(store, articles):
    old = articles[3]
    new = old.model_copy(update={"id": "changed-floods", "text": old.text.replace("nine", "thirteen")})
    with store.transaction():
        store.add_article(new, source=old.url, input_hash="new-hash")
    assert store.get_article(old.id) is None
    assert store.sources_of("changed-floods") == [old.url]
    assert store.search(SearchFilter(q="thirteen"))["total"] == 1
    assert store.search(SearchFilter(q="nine"))["total"] == 0  # the full-text index forgot the old text
    assert store.quotes(QuoteFilter(speaker="Michele de Pascale"))["total"] == 1


def test_shared_content_survives_until_its_last_source_changes(store, articles):
    with store.transaction():
        store.add_article(articles[2], source="mirror/ap.html", input_hash=articles[2].id)
    assert sorted(store.sources_of(articles[2].id)) == sorted([articles[2].url, "mirror/ap.html"])
    with store.transaction():
        store.add_failure(articles[2].url, "other", "not_english", "input is not in English")
    assert store.sources_of(articles[2].id) == ["mirror/ap.html"]
    with store.transaction():
        store.add_failure("mirror/ap.html", "other", "empty", "input is empty")
    assert store.get_article(articles[2].id) is None
    assert _count(store, "quotes") == 7 - 2
    assert store.entities(q="volodymyr") == []  # the counts kept by triggers followed the deletion
    assert (
        store.quotes(QuoteFilter(speaker="Stoltenberg"))["total"]
        == 2
        == len(store.quotes(QuoteFilter(speaker="Stoltenberg"))["quotes"])
    )
    failures = store.stats()["failures_by_reason"]
    assert {f["reason"]: f["count"] for f in failures} == {"not_english": 1, "empty": 1}


def test_failed_transaction_leaves_nothing(tmp_path, articles):
    with open_store(tmp_path / "b.db") as s:
        with pytest.raises(RuntimeError):
            with s.transaction():
                s.add_article(articles[0], source="a")
                raise RuntimeError("crash in the middle of a batch")
        assert _count(s, "articles") == _count(s, "entities") == _count(s, "articles_fts") == 0
        with s.transaction():  # the entity cache must not point at rolled-back rows
            s.add_article(articles[0], source="a")
        assert s.entity_profile("Joe Biden")["articles"] == 1


# -- read API ----------------------------------------------------------------------------------


def test_search_is_ranked_with_marked_snippets_and_facets(store, articles):
    result = store.search(SearchFilter(q="defense missiles"))
    assert [h["id"] for h in result["hits"]] == [articles[2].id]
    result = store.search(SearchFilter(q="defense"))
    assert result["total"] == 3
    assert result["hits"][0]["score"] >= result["hits"][-1]["score"]
    assert all("<mark>" in h["snippet"].lower() for h in result["hits"])
    assert {f["name"]: f["count"] for f in result["facets"]["publisher"]} == {
        "AP": 1,
        "Reuters": 1,
        "Yahoo News": 1,
    }
    assert result["facets"]["speaker"][0]["name"] == "Jens Stoltenberg"
    assert result["facets"]["month"] == [{"name": "2023-06", "count": 3}]


def test_search_scores_of_a_common_word_are_relative_to_the_best_hit(store):
    hits = store.search(SearchFilter(q="the"))[
        "hits"
    ]  # in every article: SQLite floors its bm25 to about 1e-6
    scores = [h["score"] for h in hits]
    assert len(scores) == 4 and scores[0] == 1.0 and all(0 < s <= 1 for s in scores)
    assert scores == sorted(scores, reverse=True) and len(set(scores)) > 1
    assert [h["score"] for h in store.search(SearchFilter(q="the"), offset=1, limit=2)["hits"]] == scores[1:3]
    assert store.search(SearchFilter(q=""))["hits"][0]["score"] is None


def test_search_filters(store, articles):
    assert store.search(SearchFilter(q="missiles", speaker="Stoltenberg", since="2023-06-01"))["total"] == 1
    assert store.search(SearchFilter(q="missiles", speaker="Stoltenberg", until="2023-06-19"))["total"] == 0
    assert store.search(SearchFilter(q="defense", publisher="Reuters"))["hits"][0]["id"] == articles[0].id
    assert store.search(SearchFilter(q="", entity="Italy"))["total"] == 1
    assert store.search(SearchFilter(q="defense", speaker="Nobody Known"))["total"] == 0
    assert store.quotes(QuoteFilter(speaker="Nobody Known")) == {"total": 0, "quotes": [], "speakers": []}


def test_search_survives_query_syntax_in_user_input(store):
    for q in ["NATO's \"2%", "defense AND (", "OR", "-*:^", "near(NATO"]:
        store.search(SearchFilter(q=q))  # must not raise
    assert fts_query('"air defense" OR missiles') == '"air defense" OR "missiles"'
    assert store.search(SearchFilter(q='"air defense"'))["total"] == 1


def test_every_quote_by_a_person_across_articles(store, articles):
    result = store.quotes(QuoteFilter(speaker="Jens Stoltenberg"))
    assert result["total"] == 4
    dates = [q["published"] for q in result["quotes"]]
    assert dates == sorted(dates, reverse=True)  # newest first, as the pages and the export list them
    oldest_first = store.quotes(QuoteFilter(speaker="Jens Stoltenberg"), sort="date")["quotes"]
    assert [q["published"] for q in oldest_first] == sorted(dates)
    newest = store.quotes(QuoteFilter(speaker="Stoltenberg"), limit=1)["quotes"][0]
    assert newest["article_id"] == articles[2].id and newest["speaker_entity"] == "Jens Stoltenberg"
    assert (
        store.quotes(QuoteFilter(speaker="Biden", q="stronger"))["quotes"][0]["text"]
        == "NATO is stronger than it has ever been"
    )


def test_quotes_of_a_name_several_entities_answer_to_are_merged_in_date_order(store, articles):
    # An article that names a Biden by surname alone, in a collection with two Bidens and nothing
    # to place it by: its "Biden" is an entity of its own (no guess across articles), and
    # "Biden" answers to it, Joe and Jill Biden.
    joe = next(e for e in articles[0].entities if e.name == "Joe Biden")

    def naming(name: str, article_id: str, **more):
        biden = joe.model_copy(update={"name": name, "aliases": [], "titles": []})
        return articles[0].model_copy(
            update={"id": article_id, "published": "2023-07-01", "entities": [biden], **more}
        )

    with store.transaction():
        store.add_article(naming("Jill Biden", "jill-biden", quotes=[]), source="jill")
        store.add_article(naming("Biden", "biden-by-surname"), source="surname-only")
    assert len(store.resolve("Biden")) == 3
    result = store.quotes(QuoteFilter(speaker="Biden"), sort="-date", limit=3)
    assert result["total"] == 4
    assert [q["published"] for q in result["quotes"]] == ["2023-07-01", "2023-07-01", "2023-06-13"]
    assert store.quotes(QuoteFilter(speaker="Biden", since="2023-06-14"))["total"] == 2
    assert (
        store.quotes(QuoteFilter(speaker="Biden"), sort="date", limit=2, offset=2)["quotes"][0]["published"]
        == "2023-07-01"
    )


def test_entity_profile(store):
    profile = store.entity_profile("Joe Biden")
    assert profile["type"] == "PERSON"
    assert {t["title"] for t in profile["titles"]} == {"President"}
    assert profile["timeline"] == [{"month": "2023-06", "articles": 2, "mentions": 6}]
    assert profile["quotes"]["total"] == 2
    assert profile["cooccurring"][0]["name"] == "Jens Stoltenberg"
    assert profile["events"][0]["type"] == "meet" and profile["events"][0]["actor"] == "Jens Stoltenberg"
    assert store.entity_profile("Somebody Else") is None
    assert store.entity_profile(str(profile["id"]))["name"] == "Joe Biden"


def test_entities_listing(store):
    people = store.entities(type="PERSON")
    assert people[0]["name"] == "Jens Stoltenberg" and people[0]["articles"] == 3 and people[0]["quotes"] == 4
    assert [e["name"] for e in store.entities(q="giorg")] == ["Giorgia Meloni"]


def test_network_from_events_and_co_quotation(store):
    net = store.network()
    names = {n["id"]: n["name"] for n in net["nodes"]}
    edges = {(names[e["source"]], names[e["target"]], e["type"]) for e in net["edges"]}
    assert ("Jens Stoltenberg", "Joe Biden", "meet") in edges
    assert {
        ("Jens Stoltenberg", "Joe Biden", "co_quoted"),
        ("Joe Biden", "Jens Stoltenberg", "co_quoted"),
    } & edges
    meloni = store.resolve("Meloni")
    assert store.network(entity="Meloni") == {"nodes": [], "edges": [], "focus": meloni}
    assert store.network(entity="Nobody Known") == {"nodes": [], "edges": [], "focus": []}


def _edges(net: dict) -> dict[tuple, int]:
    return {(e["source"], e["target"], e["type"]): e["weight"] for e in net["edges"]}


def test_the_network_around_an_entity_is_the_whole_networks_edges_touching_it(store):
    # The focus's own index entries (its events from its oldest article on, its co-speakers,
    # what its quotes name and the quotes naming it) give the edges the whole network has.
    whole = _edges(store.network(limit=1000))
    for name in ("Jens Stoltenberg", "Joe Biden"):
        (entity,) = store.resolve(name)
        around = _edges(store.network(entity=str(entity), limit=1000))
        assert around and around == {k: w for k, w in whole.items() if entity in k[:2]}, name


def test_what_an_entitys_quotes_name_is_read_from_the_mentions_in_each_quotes_span(store):
    # Each of the focus's quotes reads the mentions starting inside it (a range of the article's
    # mentions by start), not every mention of its article (~70 a quote, 300 in a long report).
    run: list[str] = []
    store.conn.set_trace_callback(run.append)
    store.network(entity="Jens Stoltenberg", limit=1000)
    store.conn.set_trace_callback(None)
    statement = next(s for s in run if "quoted_about" in s)
    plan = [row[3] for row in store.conn.execute(f"EXPLAIN QUERY PLAN {statement}")]
    assert (
        "SEARCH m USING COVERING INDEX mentions_article_start (article=? AND start>? AND start<?)" in plan
    ), plan


def test_an_entitys_own_quotation_ties_are_read_from_the_latest_articles_quoting_it(store, monkeypatch):
    # The bound on a much-quoted entity's network: its co-speakers and what its quotes name come
    # from the latest NETWORK_QUOTED_DEPTH articles quoting it; events and others' quotes about
    # it from its latest NETWORK_DEPTH articles.
    (stoltenberg,) = store.resolve("Jens Stoltenberg")
    full = _edges(store.network(entity=str(stoltenberg), limit=1000))
    monkeypatch.setattr(queries, "NETWORK_QUOTED_DEPTH", 1)
    bounded = _edges(store.network(entity=str(stoltenberg), limit=1000))

    def own(edge: tuple) -> bool:  # a tie read from the articles quoting the focus
        return edge[2] == "co_quoted" or (edge[2] == "quoted_about" and edge[0] == stoltenberg)

    assert {k: w for k, w in bounded.items() if not own(k)} == {k: w for k, w in full.items() if not own(k)}
    latest = store.conn.execute(
        "SELECT article FROM quotes WHERE entity = ? ORDER BY published DESC LIMIT 1", (stoltenberg,)
    ).fetchone()[0]
    quoted_there = {
        r[0]
        for r in store.conn.execute(
            "SELECT entity FROM quotes WHERE article = ? AND entity IS NOT NULL", (latest,)
        )
    }
    ties = {k: w for k, w in bounded.items() if own(k)}
    assert ties and set(ties.values()) == {1}
    for edge in ties:  # co-speakers both quoted there; what the focus said there names the other
        assert edge[2] == "quoted_about" or set(edge[:2]) <= quoted_there
    assert len(ties) < len([k for k in full if own(k)]) or max(w for k, w in full.items() if own(k)) > 1


def test_article_entity_ids_link_local_to_collection_ids(store, articles):
    ids = store.article_entity_ids(articles[2].id)
    assert ids["E1"] == store.resolve("Jens Stoltenberg")[0] and len(ids) == 6


def test_list_articles_and_stats(store, articles):
    listing = store.list_articles(limit=2)
    assert listing["total"] == 4 and [a["published"] for a in listing["articles"]] == [
        "2023-06-20",
        "2023-06-13",
    ]
    stats = store.stats()
    assert stats["counts"]["articles"] == 4 and stats["counts"]["quotes"] == 7
    assert stats["top_speakers"][0]["name"] == "Jens Stoltenberg"
    assert stats["bytes_per_article"] > 0


def test_syndicated_copy_is_a_duplicate_in_one_story(store, articles):
    stories = store.stories()["stories"]
    assert len(stories) == 1
    members = {a["id"]: a for a in stories[0]["articles"]}
    assert set(members) == {articles[0].id, articles[1].id}
    assert members[articles[1].id]["duplicate_of"] == articles[0].id
    assert members[articles[0].id]["duplicate_of"] is None
    assert {"Jens Stoltenberg", "Joe Biden", "White House"} <= {e["name"] for e in stories[0]["entities"]}


def _story_members(store) -> dict[int, set[str]]:
    return {story["id"]: {a["id"] for a in story["articles"]} for story in store.stories()["stories"]}


def test_a_story_id_is_its_earliest_article_and_survives_rebuilds(tmp_path, articles):
    with open_store(tmp_path / "news.db") as s:
        with s.transaction():
            for article in (articles[2], articles[0], articles[1]):  # the story's first member is num 2
                s.add_article(article)
            rebuild_stories(s.conn)
        before = _story_members(s)
        with s.transaction():
            s.add_article(articles[3])
            rebuild_stories(s.conn)
        after = _story_members(s)
    assert before == {2: {articles[0].id, articles[1].id}}
    assert list(after) == [2] and after[2] >= before[2]


def test_jsonl_export_is_the_analyze_schema(store, articles, tmp_path):
    export(store, "jsonl", tmp_path / "out")
    lines = (tmp_path / "out" / "articles.jsonl").read_text().splitlines()
    assert [Article.model_validate_json(line) for line in lines] == articles


def test_csv_and_parquet_exports_hold_every_table(store, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    written = export(store, "csv", tmp_path / "csv")
    with open(tmp_path / "csv" / "quotes.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == written["quotes.csv"] == 7
    assert {r["speaker"] for r in rows} == {"Jens Stoltenberg", "Joe Biden", "Michele de Pascale"}
    export(store, "parquet", tmp_path / "pq")
    table = pq.read_table(tmp_path / "pq" / "events.parquet")
    assert table.num_rows == 2 and table.column("type").to_pylist() == ["meet", "criticize"]
    assert pq.read_table(tmp_path / "pq" / "failures.parquet").num_rows == 0


# -- command line ------------------------------------------------------------------------------


def _run(capsys, *argv) -> str:
    capsys.readouterr()
    assert main([str(a) for a in argv]) == 0
    return capsys.readouterr().out


def test_query_commands_print_tables_and_json(store, articles, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")  # rich tables wrap to the terminal width
    db = store.path
    hits = json.loads(
        _run(
            capsys,
            "search",
            "missiles",
            "--speaker",
            "Stoltenberg",
            "--since",
            "2023-06-01",
            "--db",
            db,
            "--format",
            "json",
        )
    )
    assert [h["id"] for h in hits["hits"]] == [articles[2].id]
    assert articles[2].id in _run(capsys, "search", "missiles", "--db", db)  # the table shows ids too
    assert "Every missile we send saves lives" in _run(
        capsys, "quotes", "--speaker", "Stoltenberg", "--db", db
    )
    quotes = json.loads(_run(capsys, "quotes", "--speaker", "Joe Biden", "--db", db, "--format", "json"))
    assert quotes["total"] == 2
    profile = _run(capsys, "entity", "Jens Stoltenberg", "--db", db)
    assert "NATO Secretary General" in profile and "Joe Biden" in profile
    assert "Yahoo News" in _run(capsys, "stories", "--db", db)
    assert "Jens Stoltenberg" in _run(capsys, "stats", "--db", db)
    assert "articles.jsonl: 4 rows" in _run(
        capsys, "export", "--db", db, "--format", "jsonl", "--out", db.parent / "x"
    )


def test_unknown_entity_is_a_clear_error(store, capsys):
    assert main(["entity", "Nobody Known", "--db", str(store.path)]) == 2
    assert "no entity called 'Nobody Known'" in capsys.readouterr().err


def test_data_version_changes_with_every_commit_from_any_connection(tmp_path, articles):
    path = tmp_path / "news.db"
    with open_store(path) as writer, open_store(path, readonly=True) as reader:
        other_reader = open_store(path, readonly=True)
        seen = [reader.data_version()]
        assert other_reader.data_version() == seen[0]  # comparable across connections
        for article in articles[:3]:
            with writer.transaction():
                writer.add_article(article)
            seen.append(reader.data_version())
            assert seen[-1] not in seen[:-1]
            assert other_reader.data_version() == seen[-1]
        assert reader.data_version() == seen[-1]  # reading changes nothing
        reader.search(SearchFilter(q="defense")), reader.stats()
        assert reader.data_version() == seen[-1]
        for _ in range(10):  # a checkpoint, then a commit within the same tick of the file clock
            writer.conn.execute("PRAGMA wal_checkpoint(RESTART)")
            with writer.transaction():
                writer.add_failure("feed.xml#1", str(len(seen)), "empty", "input is empty")
            seen.append(reader.data_version())
            assert seen[-1] not in seen[:-1]
        other_reader.close()


def test_a_quote_list_and_its_export_take_one_filter_and_default_to_one_order(store):
    for filters in (QuoteFilter(speaker="Biden"), QuoteFilter(statements=StatementFilter(everything=True))):
        listed = store.quotes(filters, limit=1000)["quotes"]
        assert listed and list(store.iter_quotes(filters)) == listed
    assert QuoteFilter(speaker="Biden", q="", statements=StatementFilter(kind="direct")).params() == {
        "speaker": "Biden",
        "kind": "direct",
    }


def test_a_speakers_quotes_are_read_through_the_speakers_own_index(store):
    # Without statistics the planner used to walk every statement of the collection in date
    # order until it had a page of one speaker's quotes: seconds on a large store.
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    store.quotes(QuoteFilter(speaker="Joe Biden"))
    store.conn.set_trace_callback(None)
    page = next(s for s in statements if s.startswith("SELECT a.id AS article_id") and "LIMIT" in s)
    plan = " ".join(row[3] for row in store.conn.execute(f"EXPLAIN QUERY PLAN {page}"))
    assert "SEARCH qu USING INDEX quotes_entity_published" in plan


def test_a_speakers_count_of_a_kind_reads_the_speakers_statement_index_alone(store):
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    listed = store.quotes(QuoteFilter(speaker="Joe Biden", statements=StatementFilter(kind="indirect")))
    store.conn.set_trace_callback(None)
    count = next(s for s in statements if s.startswith("SELECT COUNT(*)"))
    plan = " ".join(row[3] for row in store.conn.execute(f"EXPLAIN QUERY PLAN {count}"))
    assert "SEARCH qu USING COVERING INDEX quotes_entity_act" in plan, plan
    assert listed["total"] == len(listed["quotes"]) > 0


def test_words_in_a_quote_listing_are_looked_up_in_the_full_text_index_first(store):
    # Every query of a listing with words, its count included, starts from the full-text hits.
    # The count's columns all lie in the (act, substantive, published) index, so the planner used
    # to walk that index and ask the full-text index about each statement: minutes for a common
    # word on a large store.
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    store.quotes(QuoteFilter(q="defense"), sort="-date")
    store.conn.set_trace_callback(None)
    with_words = [s for s in statements if "MATCH" in s]
    assert any("COUNT(*)" in s for s in with_words) and any("LIMIT" in s for s in with_words)
    for statement in with_words:
        plan = [row[3] for row in store.conn.execute(f"EXPLAIN QUERY PLAN {statement}")]
        assert plan[0].startswith("SCAN quotes_fts VIRTUAL TABLE"), (statement, plan)
        # each hit's filters and date from the narrow index, not from the quote's row and text
        assert "SEARCH qu USING COVERING INDEX quotes_by_id" in plan[1], (statement, plan)


def test_a_speakers_quotes_with_words_are_read_through_the_speakers_index(store):
    # A common word has far more hits than a speaker has quotes: the speaker's index leads and
    # each quote is looked up among the word's hits (each of 200,000 hits was checked before).
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    listed = store.quotes(QuoteFilter(speaker="Joe Biden", q="the"), sort="-date", limit=1000)
    store.conn.set_trace_callback(None)
    with_words = [s for s in statements if "MATCH" in s]
    assert any("COUNT(*)" in s for s in with_words) and any("LIMIT" in s for s in with_words)
    for statement in with_words:
        plan = " ".join(row[3] for row in store.conn.execute(f"EXPLAIN QUERY PLAN {statement}"))
        assert "SEARCH qu USING INDEX quotes_entity_published" in plan, (statement, plan)
    # the same quotes as the full-text hits of the word kept for the speaker
    biden = {q["speaker_id"] for q in listed["quotes"]}
    hits = store.quotes(QuoteFilter(q="the"), sort="-date", limit=1000)["quotes"]
    expected = [q for q in hits if q["speaker_id"] in biden]
    assert listed["quotes"] == expected and listed["total"] == len(expected) > 0
