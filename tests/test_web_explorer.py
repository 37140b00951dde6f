"""Issue 13's explorer features through the ASGI test client: exports that equal the views they
come from, /articles and /entities (facets, sort, page size), volume charts on a continuous time
axis with undated articles counted, /compare, and the network (saved at ingest, link kinds, the
minimum weight, GraphML). The store is the web fixture (tests/data/web) plus one undated copy of
an article."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from datetime import date

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from newsgraph.network import SUMMARY_KEY, layout, network_with_layout, save_network, summary_key
from newsgraph.store import open_store
from newsgraph.web.app import create_app
from newsgraph.web.volume import choose_unit, volume
from test_web_api import build_store, fixture_articles, namesake_article

UNDATED_ID = "undated000000001"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    articles = fixture_articles()
    undated = articles[1].model_copy(
        update={
            "id": UNDATED_ID,
            "published": None,
            "publisher": "City Ledger",
            "title": "Council budget, an undated copy",
            "url": None,
        }
    )
    return build_store(tmp_path_factory.mktemp("explorer") / "news.db", [*articles, undated])


@pytest.fixture(scope="module")
def client(store_path) -> TestClient:
    return TestClient(create_app(store_path))


def _csv(response) -> list[dict]:
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith("attachment")
    return list(csv.DictReader(io.StringIO(response.text)))


def _id(client, name: str) -> int:
    return client.get(f"/api/entities/{name}").json()["id"]


# -- the time axis ---------------------------------------------------------------------------


def test_volume_fills_gaps_with_zeros_and_counts_undated_apart():
    chart = volume([("a", {"2024-01-30": 2, "2024-04-02": 1, None: 3})], "month")
    assert chart["dates"] == ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"]
    assert chart["series"] == [{"name": "a", "counts": [2, 0, 0, 1], "undated": 3, "total": 3}]
    weekly = volume([("a", {"2024-03-03": 1, "2024-03-04": 1, "2024-03-17": 2})], "week")
    assert weekly["dates"] == ["2024-02-26", "2024-03-04", "2024-03-11"]  # ISO weeks start on Monday
    assert weekly["series"][0]["counts"] == [1, 1, 2]
    across_year = volume([("a", {"2023-12-05": 1}), ("b", {"2024-01-09": 4})], "month")
    assert across_year["dates"] == ["2023-12-01", "2024-01-01"]  # two series on one axis
    assert [s["counts"] for s in across_year["series"]] == [[1, 0], [0, 4]]
    assert volume([("a", {None: 2})])["series"][0] == {"name": "a", "counts": [], "undated": 2, "total": 0}


def test_auto_unit_follows_the_span():
    assert choose_unit(date(2024, 1, 1), date(2024, 3, 1)) == "day"
    assert choose_unit(date(2024, 1, 1), date(2025, 6, 1)) == "week"
    assert choose_unit(date(2015, 1, 1), date(2016, 12, 1)) == "week"
    assert choose_unit(date(2013, 1, 1), date(2024, 1, 1)) == "month"


def test_volume_api_for_the_collection_a_search_an_entity_and_a_story(client):
    whole = client.get("/api/volume", params={"unit": "month"}).json()
    assert whole["dates"] == ["2024-03-01", "2024-04-01"]
    assert whole["series"][0]["counts"] == [2, 1] and whole["series"][0]["undated"] == 1
    daily = client.get("/api/volume", params={"unit": "day"}).json()
    assert len(daily["dates"]) == 40 and sum(daily["series"][0]["counts"]) == 3  # 2 March to 10 April
    riders = client.get("/api/volume", params={"q": "riders", "unit": "month"}).json()["series"][0]
    assert riders["counts"] == [1, 1]  # the search's filters, the same axis logic
    assert (
        riders["total"] + riders["undated"]
        == client.get("/api/search", params={"q": "riders"}).json()["total"]
    )
    park = _id(client, "Lee Park")
    both = client.get("/api/volume/entities", params={"entity": [park, "Ana Ruiz"], "unit": "month"}).json()
    assert [s["name"] for s in both["series"]] == ["Lee Park", "Ana Ruiz"]
    assert [s["total"] + s["undated"] for s in both["series"]] == [
        client.get(f"/api/entities/{park}").json()["articles"],
        client.get("/api/entities/Ana Ruiz").json()["articles"],
    ]
    assert client.get("/api/volume/entities", params={"entity": "Nobody"}).status_code == 404
    story = client.get("/api/stories").json()["stories"][0]
    timeline = client.get(f"/api/volume/stories/{story['id']}", params={"unit": "day"}).json()
    assert sum(timeline["series"][0]["counts"]) + timeline["series"][0]["undated"] == story["size"]
    assert client.get("/api/volume/stories/999").status_code == 404
    assert client.get("/api/volume", params={"unit": "year"}).status_code == 422


def test_pages_name_their_charts_data(client):
    assert 'data-src="/api/volume"' in client.get("/").text
    assert 'data-src="/api/volume?q=budget"' in client.get("/search", params={"q": "budget"}).text
    page = client.get("/compare", params={"entity": ["Lee Park", "Ana Ruiz", "Nobody"]}).text
    assert "<h1>Compare coverage: Lee Park, Ana Ruiz</h1>" in page
    park, ruiz = _id(client, "Lee Park"), _id(client, "Ana Ruiz")
    assert f'data-src="/api/volume/entities?entity={park}&amp;entity={ruiz}&amp;unit=auto"' in page
    assert "No person, organisation or place called “Nobody”" in page
    story = client.get("/api/stories").json()["stories"][0]
    assert f'data-src="/api/volume/stories/{story["id"]}"' in client.get("/stories").text


# -- exports ---------------------------------------------------------------------------------


def test_quote_exports_equal_the_list_with_the_same_filters(client):
    for params in (
        {},
        {"speaker": "Lee Park"},
        {"q": "budget", "sort": "date"},
        {"since": "2024-04-01"},
        {"kind": "direct"},
        {"all": "1"},
        {"act": "thought", "all": "1"},
    ):
        shown = client.get("/api/quotes", params={**params, "limit": 100}).json()
        rows = _csv(client.get("/api/export/quotes.csv", params=params))
        assert [(r["article_id"], int(r["seq"])) for r in rows] == [
            (q["article_id"], q["seq"]) for q in shown["quotes"]
        ]
        assert len(rows) == shown["total"]
        as_json = client.get("/api/export/quotes.json", params=params).json()
        assert as_json == shown["quotes"]


def test_search_article_entity_and_story_exports_equal_their_views(client):
    for params in ({"q": "budget"}, {"q": "riders OR critics"}, {"publisher": "City Ledger"}, {}):
        hits = client.get("/api/search", params={**params, "limit": 100}).json()["hits"]
        exported = client.get("/api/export/search.json", params=params).json()
        assert [(h["id"], h["score"]) for h in exported] == [(h["id"], h["score"]) for h in hits]
    for params in ({"sort": "-quotes"}, {"sort": "publisher", "month": "2024-03"}, {"month": "undated"}):
        listed = client.get("/api/articles", params={**params, "limit": 100}).json()["articles"]
        assert client.get("/api/export/articles.json", params=params).json() == listed
    entities = client.get("/api/entities", params={"sort": "quotes", "limit": 100}).json()
    assert [
        int(r["id"]) for r in _csv(client.get("/api/export/entities.csv", params={"sort": "quotes"}))
    ] == [e["id"] for e in entities]
    stories = client.get("/api/stories").json()["stories"]
    rows = _csv(client.get("/api/export/stories.csv"))
    assert [(int(r["story"]), r["article_id"]) for r in rows] == [
        (s["id"], a["id"]) for s in stories for a in s["articles"]
    ]


def test_every_list_page_links_its_exports_with_its_filters(client):
    park = _id(client, "Lee Park")
    for path, export in [
        ("/quotes?speaker=Lee+Park&sort=date", "/api/export/quotes.csv?speaker=Lee+Park&amp;sort=date"),
        ("/search?q=budget&offset=20", "/api/export/search.csv?q=budget"),
        (f"/entity/{park}?q=riders", f"/api/export/quotes.json?q=riders&amp;speaker={park}"),
        (
            "/articles?publisher=City+Ledger&limit=50",
            "/api/export/articles.csv?publisher=City+Ledger&amp;sort=-date",
        ),
        ("/entities?type=PERSON", "/api/export/entities.json?type=PERSON&amp;sort=articles"),
        ("/stories", "/api/export/stories.csv"),
        ("/network?kind=met", "/api/export/network.graphml?kind=met"),
    ]:
        assert f'href="{export}"' in client.get(path).text, path


def test_an_export_with_bad_filters_is_refused_before_it_starts(client):
    assert client.get("/api/export/quotes.csv", params={"sort": "loudest"}).status_code == 422
    assert client.get("/api/export/quotes.xml").status_code == 422
    assert client.get("/api/export/articles.csv", params={"month": "March"}).status_code == 422


# -- browsing --------------------------------------------------------------------------------


def test_articles_page_sorts_filters_by_facet_and_pages(client):
    page = client.get("/articles").text
    assert "4 articles" in page
    facets = re.search(r'<ul class="facet-publisher">(.*?)</ul>', page, re.S).group(1)
    assert 'City Ledger</a><span class="muted">2' in facets
    months = re.search(r'<ul class="facet-month">(.*?)</ul>', page, re.S).group(1)
    assert re.findall(r">([\d-]+|undated)</a>", months) == ["2024-04", "2024-03", "undated"]
    by_publisher = client.get("/articles", params={"publisher": "City Ledger"}).text
    assert "2 articles" in by_publisher and "Transit riders" not in by_publisher
    undated = client.get("/articles", params={"month": "undated"}).text
    assert re.search(r'id="result-count">1 article\b', undated) and "an undated copy" in undated
    most_quoted = client.get("/api/articles", params={"sort": "-quotes"}).json()["articles"]
    assert [a["quotes"] for a in most_quoted] == sorted((a["quotes"] for a in most_quoted), reverse=True)
    first_page = client.get("/articles", params={"limit": 20}).text
    assert 'rel="next"' not in first_page
    assert (
        client.get("/api/articles", params={"limit": 2, "offset": 2}).json()["articles"][0]["id"]
        == client.get("/api/articles", params={"limit": 4}).json()["articles"][2]["id"]
    )
    assert client.get("/articles", params={"sort": "size"}).status_code == 422


def test_entities_page_filters_by_type_and_name_and_sorts(client):
    page = client.get("/entities", params={"type": "PERSON", "sort": "quotes"}).text
    names = re.findall(r'class="ent ent-PERSON" href="/entity/\d+">([^<]+)</a>', page)
    assert names[0] == "Lee Park"  # 3 quotes
    assert "Ana" in client.get("/entities", params={"q": "ana"}).text
    assert "Lee Park" not in re.search(
        r'<table id="entities-table">(.*?)</table>', client.get("/entities", params={"q": "ana"}).text, re.S
    ).group(1)
    by_name = client.get("/api/entities", params={"sort": "name"}).json()
    assert [e["name"] for e in by_name] == sorted(e["name"] for e in by_name)


# -- network ---------------------------------------------------------------------------------


def test_network_heading_names_the_entity_and_controls_mark_links(client):
    park = _id(client, "Lee Park")
    page = client.get("/network", params={"entity": park}).text
    assert "<h1>Network around Lee Park</h1>" in page
    only_met = client.get("/network", params={"kind": "met"}).text
    lines = re.findall(r'<line class="edge( off)?"[^>]*data-kind="(\w+)"', only_met)
    assert lines and all((off == "") == (kind == "met") for off, kind in lines)
    heavy = client.get("/network", params={"min_weight": 2}).text
    shown = re.findall(r'<line class="edge"[^>]*data-weight="(\d+)"', heavy)
    assert shown and all(int(w) >= 2 for w in shown)
    assert client.get("/network", params={"kind": "hugged"}).status_code == 400
    assert (
        "unknown link kind 'hugged'" in client.get("/api/export/network.csv", params={"kind": "hugged"}).text
    )
    assert client.get("/network", params={"entity": "Nobody"}).status_code == 404


def test_network_exports_what_the_controls_show(client):
    graph = client.get("/api/network").json()
    read = nx.read_graphml(io.BytesIO(client.get("/api/export/network.graphml").content))
    assert read.number_of_nodes() == len(graph["nodes"]) and read.number_of_edges() == len(graph["edges"])
    assert {d["name"] for _, d in read.nodes(data=True)} == {n["name"] for n in graph["nodes"]}
    met = _csv(client.get("/api/export/network.csv", params={"kind": "met"}))
    assert met and {r["type"] for r in met} == {"meet"}
    heavy = client.get("/api/export/network.json", params={"min_weight": 2}).json()
    assert heavy["edges"] and all(e["weight"] >= 2 for e in heavy["edges"])
    assert {n["id"] for n in heavy["nodes"]} == {
        e[end] for e in heavy["edges"] for end in ("source", "target")
    }


def test_the_network_saved_at_write_time_is_served_without_recomputing(tmp_path):
    db = build_store(tmp_path / "news.db", fixture_articles())
    with open_store(db) as store, store.transaction():
        saved = network_with_layout(store)
        saved["edges"] = saved["edges"][:1]  # marked, so the test can tell it was read, not computed
        store.save_summary(SUMMARY_KEY, saved)
    served = TestClient(create_app(db)).get("/api/network").json()
    assert served == {**json.loads(json.dumps(saved)), "ambiguous": {}}
    with open_store(db) as store, store.transaction():
        save_network(store)
        assert store.summary(SUMMARY_KEY) == network_with_layout(store)
        top = store.browse_entities(limit=1)["entities"][0]["id"]  # the most covered: saved too
        assert store.summary(summary_key(top)) == network_with_layout(store, str(top))
    nodes = served["nodes"]
    assert all(0 <= n["x"] <= 1 and 0 <= n["y"] <= 1 for n in nodes)


# -- API documentation ------------------------------------------------------------------------


def test_api_docs_are_served_locally(client):
    page = client.get("/api/docs").text
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert scripts and all(s.startswith("/static/") for s in scripts)
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page):
        assert client.get(asset).status_code == 200, asset
    assert 'href="/api/docs"' in client.get("/").text
    spec = client.get("/api/openapi.json").json()
    for path in (
        "/api/export/quotes.{fmt}",
        "/api/export/network.{fmt}",
        "/api/volume",
        "/api/volume/entities",
    ):
        assert path in spec["paths"], path


def test_article_quote_counts_follow_the_quotes_table(store_path):
    statement = "q.act = 'speech' AND q.substantive = 1"
    with open_store(store_path, readonly=True) as store:
        mismatched = store.conn.execute(
            "SELECT COUNT(*) FROM articles a"
            " WHERE n_quotes != (SELECT COUNT(*) FROM quotes q WHERE q.article = a.num)"
            f" OR n_statements != (SELECT COUNT(*) FROM quotes q WHERE q.article = a.num AND {statement})"
        ).fetchone()[0]
        statements = store.conn.execute("SELECT SUM(n_statements) FROM articles").fetchone()[0]
        assert mismatched == 0 and statements > 0


def test_quote_exports_keep_the_statement_filters_and_refuse_unknown_ones(client):
    page = client.get("/quotes", params={"kind": "direct", "all": "1"}).text
    assert 'href="/api/export/quotes.csv?kind=direct&amp;all=1&amp;sort=-date"' in page
    assert client.get("/api/export/quotes.csv", params={"kind": "shouted"}).status_code == 400


def _selected(page: str, name: str) -> str:
    """The value a page's quote filter control shows for ``name``."""
    control = re.search(rf'<select name="{name}">(.*?)</select>', page, re.S).group(1)
    return re.search(r'<option value="([^"]*)" selected>', control).group(1)


def test_quote_lists_show_their_filters_as_controls_with_the_current_values(client):
    park = _id(client, "Lee Park")
    for path in ("/quotes", f"/entity/{park}"):
        default = client.get(path).text
        assert [_selected(default, name) for name in ("act", "kind", "resolved")] == ["speech", "", ""]
        assert 'name="all" value="1">' in default  # unchecked
        page = client.get(path, params={"kind": "indirect", "resolved": "1", "all": "1"}).text
        # all=1 without an act lists every act: the act control says so
        assert [_selected(page, name) for name in ("act", "kind", "resolved")] == ["all", "indirect", "1"]
        assert 'name="all" value="1" checked>' in page
        # a form sent with its fields blank is the unfiltered view
        blank = client.get(path, params={"q": "", "since": "", "until": "", "kind": "", "resolved": ""})
        assert blank.status_code == 200
    # act=all keeps the real-content rule: between statements and every quote
    counts = {
        params: client.get("/api/quotes", params=dict(params)).json()["total"]
        for params in ((), (("act", "all"),), (("all", "1"),), (("act", "thought"),))
    }
    assert counts[()] <= counts[(("act", "all"),)] <= counts[(("all", "1"),)]
    assert counts[(("act", "thought"),)] == 0


def test_every_listed_quote_links_to_its_anchor_in_the_article(client):
    park = _id(client, "Lee Park")
    for path in ("/quotes?all=1", f"/entity/{park}"):
        links = re.findall(r'class="quote-link" href="/article/([^"#]+)#q-(\d+)"', client.get(path).text)
        assert links, path
        for article_id, seq in links:
            article = client.get(f"/article/{article_id}").text
            anchors = re.findall(rf'<span id="q-{seq}" [^>]*data-quote="(\d+)"', article)
            assert anchors == [seq], (article_id, seq)  # one element per quote carries its id


def test_ambiguous_names_answer_with_their_candidates(tmp_path):
    client = TestClient(
        create_app(build_store(tmp_path / "news.db", [*fixture_articles(), namesake_article()]))
    )
    lee, mia = _id(client, "Lee Park"), _id(client, "Mia Park")
    candidates = [
        {"id": lee, "name": "Lee Park", "type": "PERSON", "articles": 3, "quotes": 3},
        {"id": mia, "name": "Mia Park", "type": "PERSON", "articles": 1, "quotes": 1},
    ]
    profile = client.get("/api/entities/Park")
    assert profile.status_code == 300
    assert profile.json()["ambiguous"] == {"entity": {"name": "Park", "candidates": candidates}}
    assert "could be several entities" in profile.json()["detail"]
    page = client.get("/entity/Park")
    assert page.status_code == 300
    assert [f"/entity/{lee}", f"/entity/{mia}"] == re.findall(r'href="(/entity/\d+)"', page.text)
    assert client.get("/entity", params={"name": "Park"}, follow_redirects=False).headers["location"] == (
        "/entity/Park"
    )
    found = {"speaker": {"name": "Park", "candidates": candidates}}
    quotes = client.get("/api/quotes", params={"speaker": "Park"}).json()
    assert quotes["ambiguous"] == found and quotes["total"] == 4
    assert client.get("/api/search", params={"speaker": "Park"}).json()["ambiguous"] == found
    assert client.get("/api/network", params={"entity": "Park"}).json()["ambiguous"] == {
        "entity": found["speaker"]
    }
    for path in ("/quotes?speaker=Park&kind=direct", "/search?speaker=Park", "/network?entity=Park"):
        notice = re.search(r'<p class="notice" id="ambiguous-\w+">(.*?)</p>', client.get(path).text).group(1)
        assert notice.startswith("“Park” could be: "), path
        links = re.findall(r'<a href="([^"]+)">(\w+ Park)</a>', notice)
        assert [name for _, name in links] == ["Lee Park", "Mia Park"]
        assert f"={mia}" in links[1][0] and ("kind=direct" in links[1][0]) == ("kind" in path)
    # an unambiguous name: nothing to say
    assert client.get("/api/quotes", params={"speaker": "Lee Park"}).json()["ambiguous"] == {}
    assert client.get("/api/entities/Mia Park").json()["name"] == "Mia Park"


def test_the_network_around_an_entity_is_laid_out_on_rings_around_it():
    nodes = [{"id": i, "name": f"N{i}", "type": "PERSON"} for i in range(1, 302)]
    # every link touches the focus (1); weights 1 to 5
    edges = [{"source": 1, "target": i, "type": "co_quoted", "weight": 1 + i % 5} for i in range(2, 302)]
    laid = {n["id"]: n for n in layout({"nodes": nodes, "edges": edges, "focus": [1]})["nodes"]}
    assert (laid[1]["x"], laid[1]["y"]) == (0.5, 0.5)

    def distance(a: dict, b: dict) -> float:
        return math.hypot(a["x"] - b["x"], a["y"] - b["y"])

    strongest = [distance(laid[i], laid[1]) for i in range(2, 302) if i % 5 == 4]
    weakest = [distance(laid[i], laid[1]) for i in range(2, 302) if i % 5 == 0]
    assert max(strongest) < min(weakest)  # the strongest ties nearest
    assert all(0 <= n["x"] <= 1 and 0 <= n["y"] <= 1 for n in laid.values())
    points = list(laid.values())
    assert min(distance(a, b) for i, a in enumerate(points) for b in points[i + 1 :]) > 0.03
