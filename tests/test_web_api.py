"""The web explorer through the ASGI test client: every page and API route over a small store of
hand-checked records (tests/data/web/articles.jsonl: a city-council story with quotes, events
and figures, and one article whose title, text, quotes, entity names, publisher and URL are XSS
payloads), plus the Analyse page over the bundled example article."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsgraph.cli import build_parser
from newsgraph.record import Article
from newsgraph.store import open_store
from newsgraph.store.filters import ArticleFilter
from newsgraph.store.stories import rebuild_stories
from newsgraph.web.app import create_app
from newsgraph.web.limits import MAX_UPLOAD_BYTES, PAGE_SIZE
from newsgraph.web.stores import MAX_SUMMARIES

DATA = Path(__file__).parent / "data" / "web"
PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']
XSS_ID = "xss0000000000001"
PAGES = [
    "/",
    "/search?q=budget",
    "/search?q=mayor",
    f"/article/{XSS_ID}",
    "/quotes",
    "/stories",
    "/network",
    "/search?q=critics",
]


def fixture_articles() -> list[Article]:
    lines = (DATA / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [Article.model_validate_json(line) for line in lines]


def namesake_article() -> Article:
    """A second Park (Mia Park, quoted once) beside the fixture's Lee Park: "Park" alone is then
    ambiguous."""
    text = "Harbour plan\n\n“The harbour will reopen in May,” Mia Park said on Friday."
    content, source = "“The harbour will reopen in May,”", "Mia Park"
    span = {"start": text.index(content), "end": text.index(content) + len(content), "text": content}
    mention = {"start": text.index(source), "end": text.index(source) + len(source), "text": source}
    cue = {"start": text.index("said"), "end": text.index("said") + 4, "text": "said"}
    return Article.model_validate(
        {
            "id": "harbor0000000001",
            "title": "Harbour plan",
            "text": text,
            "published": "2024-04-12",
            "publisher": "Harbor Times",
            "entities": [{"id": "E1", "name": source, "type": "PERSON", "mentions": [mention]}],
            "quotes": [
                {
                    "kind": "direct",
                    "content": [span],
                    "cue": [cue],
                    "source": [mention],
                    "speaker": {"entity_id": "E1", "name": source},
                }
            ],
        }
    )


def build_store(path: Path, articles: list[Article]) -> Path:
    with open_store(path) as store, store.transaction():
        for article in articles:
            store.add_article(article)
        rebuild_stories(store.conn)
    return path


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("web") / "news.db", fixture_articles())


@pytest.fixture(scope="module")
def client(store_path) -> TestClient:
    return TestClient(create_app(store_path))


def entity_id(client: TestClient, name: str) -> int:
    return client.get(f"/api/entities/{name}").json()["id"]


# -- pages -----------------------------------------------------------------------------------


def test_home_shows_counts_top_speakers_and_latest(client):
    page = client.get("/").text
    assert "<strong>3</strong>articles" in page and "<strong>7</strong>quotes" in page
    speakers = re.search(r'<table id="top-speakers">(.*?)</table>', page, re.S).group(1)
    assert speakers.index("Lee Park") < speakers.index("Ana Ruiz")  # 3 quotes before 2
    latest = re.search(r'<table id="latest">(.*?)</table>', page, re.S).group(1)
    assert latest.index("Transit riders welcome") < latest.index("Council approves")  # newest first


def test_article_page_highlights_quotes_by_speaker_and_links_entities(client):
    page = client.get("/article/city000000000002").text
    park, ruiz = entity_id(client, "Lee Park"), entity_id(client, "Ana Ruiz")
    quote = re.search(r'<span class="q-content (spk-\d)" data-quote="0">([^<]*)</span>', page)
    assert quote.group(2) == "This is a good day for riders,"
    other = re.search(r'<span class="q-content (spk-\d)" data-quote="1">', page)
    assert other and other.group(1) != quote.group(1)  # two speakers, two colours
    assert f'<a class="ent ent-PERSON" href="/entity/{park}"' in page
    assert f'href="/entity/{ruiz}"' in page
    assert "Transit chief" in page  # who's who titles
    assert "$12 million" in re.search(r'<ul class="figures">(.*?)</ul>', page, re.S).group(1)
    assert "2024-03-05" in re.search(r'<table class="timeline">(.*?)</table>', page, re.S).group(1)
    assert '<details class="removed">' in page and "newsletter" in page
    assert 'href="/api/articles/city000000000002"' in page
    assert 'href="https://ledger.example/transit-budget"' in page


def test_unknown_article_is_a_404_page(client):
    response = client.get("/article/does-not-exist")
    assert response.status_code == 404 and "No article with id" in response.text


def test_search_ranks_filters_and_facets(client):
    page = client.get("/search", params={"q": "budget"}).text
    assert '<p class="muted" id="result-count">3 articles' in page
    assert "<mark>budget</mark>" in page
    speakers = re.search(r'<ul class="facet-speaker">(.*?)</ul>', page, re.S).group(1)
    assert "Lee Park" in speakers and "Sam Ortiz" in speakers
    filtered = client.get("/search", params={"q": "budget", "speaker": "Sam Ortiz"}).text
    assert 'id="result-count">1 article' in filtered and "Transit riders welcome" in filtered
    dated = client.get("/search", params={"q": "budget", "since": "2024-03-03", "until": "2024-03-31"}).text
    assert 'id="result-count">1 article' in dated and "Council approves" in dated


def test_search_paginates(tmp_path):
    base = fixture_articles()[1]
    copies = [
        base.model_copy(
            update={
                "id": f"copy{i:012d}",
                "title": f"{base.title} part {i}",
                "url": f"https://ledger.example/{i}",
                "published": f"2024-02-{i + 1:02d}",
            }
        )
        for i in range(PAGE_SIZE + 5)
    ]
    paged = TestClient(create_app(build_store(tmp_path / "many.db", copies)))
    first = paged.get("/search", params={"q": "transit"}).text
    assert f"1–{PAGE_SIZE} of {PAGE_SIZE + 5}" in first
    next_link = re.search(r'<a rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    second = paged.get(next_link).text
    assert f"{PAGE_SIZE + 1}–{PAGE_SIZE + 5} of {PAGE_SIZE + 5}" in second
    assert second.count('class="hit"') == 5


def test_entity_page_titles_quotes_chart_cooccurrence_events(client):
    park = entity_id(client, "Lee Park")
    page = client.get(f"/entity/{park}").text
    assert "Councillor" in page
    quotes = re.search(r'<table id="entity-quotes">(.*?)</table>', page, re.S).group(1)
    assert quotes.count("<blockquote") == 3
    assert f'data-src="/api/volume/entities?entity={park}"' in page  # drawn from the API (test_web_explorer)
    assert "Ana Ruiz" in re.search(r'<table id="cooccurring">(.*?)</table>', page, re.S).group(1)
    events = re.search(r'<table id="events">(.*?)</table>', page, re.S).group(1)
    assert ">met</a>" in events and ">praised</a>" in events
    by_topic = client.get(f"/entity/{park}", params={"q": "riders"}).text
    assert (
        re.search(r'<table id="entity-quotes">(.*?)</table>', by_topic, re.S).group(1).count("<blockquote")
        == 1
    )
    by_date = client.get(f"/entity/{park}", params={"since": "2024-04-01"}).text
    assert "review the budget again" in by_date and "good day for riders" not in by_date


def test_entity_page_by_name_and_unknown_name(client):
    assert "Transit chief" in client.get("/entity/Ana%20Ruiz").text
    assert client.get("/entity/Nobody%20Here").status_code == 404


def test_quotes_table_sorts_and_filters(client):
    newest = client.get("/quotes", params={"sort": "-date"}).text
    oldest = client.get("/quotes", params={"sort": "date"}).text
    assert newest.index("reliable service") < newest.index("good day for riders")
    assert oldest.index("good day for riders") < oldest.index("reliable service")
    by_speaker = client.get("/quotes", params={"speaker": "Ana Ruiz"}).text
    assert 'id="result-count">2 quotes' in by_speaker
    by_words = client.get("/quotes", params={"q": "buses"}).text
    assert 'id="result-count">1 quote' in by_words


def test_stories_page_matches_store_clusters(client):
    stories = client.get("/api/stories").json()
    page = client.get("/stories").text
    assert page.count('<section class="story">') == len(stories["stories"])
    for story in stories["stories"]:
        for article in story["articles"]:
            assert f'href="/article/{article["id"]}"' in page


def test_network_draws_events_and_co_quotes_as_links_to_entities(client):
    page = client.get("/network").text
    park, ruiz = entity_id(client, "Lee Park"), entity_id(client, "Ana Ruiz")
    assert (
        f'<a href="/entity/{park}" class="node"' in page and f'<a href="/entity/{ruiz}" class="node"' in page
    )
    assert 'data-kind="met"' in page  # an event edge: Lee Park met Dana Vo
    assert 'data-kind="quoted_together"' in page
    assert "<h1>Network</h1>" in page
    around = client.get("/network", params={"entity": "Sam Ortiz"}).text
    assert "<h1>Network around Sam Ortiz</h1>" in around
    assert f'href="/entity/{park}" class="node"' in around  # co-quoted in the riders article


def test_bad_parameters_get_a_clear_error(client):
    response = client.get("/search", params={"since": "last week"})
    assert response.status_code == 422 and "since" in response.text
    assert client.get("/api/search", params={"limit": 10_000}).status_code == 422


def test_fts_syntax_in_user_input_is_only_words(client):
    for q in ['" OR 1=1 --', "budget)*", "NEAR(", "'; DROP TABLE articles; --"]:
        assert client.get("/search", params={"q": q}).status_code == 200
    assert client.get("/api/stats").json()["counts"]["articles"] == 3


# -- security --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", PAGES + ["/entity/" + "Dana%20Vo%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"]
)
def test_untrusted_content_is_escaped_everywhere(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    for payload in PAYLOADS:
        assert payload not in response.text
    assert 'href="javascript:' not in response.text.lower()
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_xss_article_shows_its_payloads_as_text(client):
    page = client.get(f"/article/{XSS_ID}").text
    assert "Mayor &lt;script&gt;alert(1)&lt;/script&gt; answers critics &#34;&gt;&lt;img" in page
    assert "source-link" not in page  # its javascript: URL is not made a link


def test_store_is_opened_read_only(client):
    with (
        client.app.state.stores.connection() as store,
        pytest.raises(sqlite3.OperationalError, match="readonly"),
    ):
        store.conn.execute("DELETE FROM articles")


# -- API -------------------------------------------------------------------------------------


def test_api_mirrors_the_pages(client):
    record = client.get("/api/articles/city000000000002").json()
    assert Article.model_validate(record).quotes[0].speaker.name == "Lee Park"
    assert client.get("/api/articles/nope").json() == {"detail": "no article with id 'nope'"}
    assert (
        client.get("/api/articles", params={"limit": 1, "offset": 1}).json()["articles"][0]["id"]
        == "city000000000002"
    )  # newest first
    hits = client.get("/api/search", params={"q": "buses"}).json()
    assert {h["id"] for h in hits["hits"]} == {"city000000000002", "city000000000003"}
    assert {e["name"] for e in client.get("/api/entities").json()} >= {"Lee Park", "Ana Ruiz"}
    assert client.get("/api/quotes", params={"speaker": "Lee Park"}).json()["total"] == 3
    assert "entities" in client.get("/api/stories").json()["stories"][0]
    assert client.get("/api/network").json()["edges"]


def test_openapi_spec_lists_the_api(client):
    spec = client.get("/api/openapi.json").json()
    for path in (
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/search",
        "/api/entities",
        "/api/quotes",
        "/api/stories",
        "/api/network",
        "/api/analyse",
    ):
        assert path in spec["paths"], path
    assert not any(p in spec["paths"] for p in ("/", "/search"))  # pages stay out of the spec


# -- Analyse ---------------------------------------------------------------------------------


def test_analyse_pasted_text_renders_the_article_without_storing(client, example_text):
    response = client.post("/analyse", data={"text": example_text})
    assert response.status_code == 200
    assert "NATO Chief Meets Biden" in response.text
    assert '<a class="ent ent-PERSON" href="/entity/' in response.text
    assert '<pre class="json">' in response.text  # no stored record to link to
    assert client.get("/api/stats").json()["counts"]["articles"] == 3


def test_analyse_upload_and_api(client, example_text):
    html = (
        f"<html><head><title>Upload test</title></head><body><article><h1>Upload test</h1>"
        f"{''.join(f'<p>{p}</p>' for p in example_text.split(chr(10)) if p.strip())}</article></body></html>"
    )
    response = client.post("/api/analyse", files={"file": ("page.html", html.encode(), "text/html")})
    assert response.status_code == 200
    record = Article.model_validate(response.json())
    assert record.input_format == "html" and "Stoltenberg" in record.text


def test_analyse_rejects_bad_input_clearly(client):
    empty = client.post("/analyse", data={"text": "   "})
    assert empty.status_code == 422 and "nothing to analyse" in empty.text
    too_big = client.post("/analyse", files={"file": ("big.txt", b"a " * (MAX_UPLOAD_BYTES // 2 + 1))})
    assert too_big.status_code == 413 and f"{MAX_UPLOAD_BYTES // 1024} KiB" in too_big.text
    binary = client.post("/api/analyse", files={"file": ("x.bin", bytes(range(256)) * 20)})
    assert binary.status_code == 422 and binary.json()["detail"]


def test_analyse_without_a_store(example_text):
    bare = TestClient(create_app())
    assert bare.get("/").status_code == 404 and "newsgraph serve --db" in bare.get("/").text
    assert bare.post("/analyse", data={"text": example_text}).status_code == 200


def test_serve_binds_to_localhost_by_default():
    args = build_parser().parse_args(["serve"])
    assert args.host == "127.0.0.1" and args.db is None and args.port == 8000


def test_search_date_facet_narrows_to_a_month(client):
    page = client.get("/search", params={"q": "budget"}).text
    months = re.search(r'<ul class="facet-month">(.*?)</ul>', page, re.S).group(1)
    assert months.index("2024-04") < months.index("2024-03")  # newest first
    link = re.search(r'href="([^"]+)">2024-03</a><span class="muted">2</span>', months).group(1)
    narrowed = client.get(link.replace("&amp;", "&")).text
    assert 'id="result-count">2 articles' in narrowed and "Transit riders welcome" not in narrowed
    assert client.get("/api/search", params={"q": "budget"}).json()["facets"]["month"][0] == {
        "name": "2024-04",
        "count": 1,
    }


def test_serve_without_a_store_shows_the_examples(tmp_path):
    from newsgraph.collection import EXAMPLES, examples_store

    folder = tmp_path / "examples"
    folder.mkdir()
    (folder / "nato.txt").write_bytes((EXAMPLES / "nato-chief-meets-biden.txt").read_bytes())
    path = examples_store(folder, cache=tmp_path / "cache")
    assert examples_store(folder, cache=tmp_path / "cache") == path  # kept: later starts reuse it
    home = TestClient(create_app(path)).get("/")
    assert "<strong>1</strong>articles" in home.text and "NATO Chief Meets Biden" in home.text


def test_collection_summaries_are_reused_until_the_store_changes(tmp_path):
    articles = fixture_articles()
    path = build_store(tmp_path / "growing.db", articles[:2])
    app = TestClient(create_app(path))
    assert app.get("/api/stats").json()["counts"]["articles"] == 2
    stores = app.app.state.stores
    calls = []
    stats = stores.summary(("stats",), lambda store: calls.append(1))
    assert stats["counts"]["articles"] == 2 and not calls  # unchanged store: reused, not recomputed
    with open_store(path) as store, store.transaction():  # an ingest adds an article meanwhile
        store.add_article(articles[2])
    assert app.get("/api/articles").json()["total"] == 3  # pages read the store live
    assert app.get("/api/stats").json()["counts"]["articles"] == 3  # and so do the summaries
    assert "<strong>3</strong>articles" in app.get("/").text


def test_summaries_and_their_locks_stay_bounded(client):
    stores = client.app.state.stores
    for publisher in range(MAX_SUMMARIES + 20):  # one summary per facet filter a visitor tries
        stores.article_facets(ArticleFilter(publisher=str(publisher)))
    assert len(stores._summaries) <= MAX_SUMMARIES and len(stores._key_locks) <= MAX_SUMMARIES


def test_streamed_upload_without_length_is_cut_at_the_limit(client):
    boundary = "xyz"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode()

    def body():  # chunked: no Content-Length for the up-front check to see
        yield head
        for _ in range(MAX_UPLOAD_BYTES // 65536 + 4):
            yield b"a " * 32768
        yield f"\r\n--{boundary}--\r\n".encode()

    response = client.post(
        "/api/analyse", content=body(), headers={"content-type": f"multipart/form-data; boundary={boundary}"}
    )
    assert response.status_code == 413


def test_a_failing_analysis_is_reported_on_the_page(client, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("a stage bug")

    monkeypatch.setattr("newsgraph.pipeline.analyze", broken)
    response = client.post("/analyse", data={"text": "Officials met in Paris on Monday."})
    assert response.status_code == 500 and "the analysis failed (KeyError)" in response.text


@pytest.mark.parametrize("ref", ["9223372036854775808", "9223372036854775807", "1" * 40, "²"])
def test_out_of_range_or_odd_entity_ids_find_nothing(client, ref):
    assert client.get(f"/entity/{ref}").status_code == 404
    assert client.get(f"/api/entities/{ref}").status_code == 404
    assert client.get("/api/quotes", params={"speaker": ref}).json()["total"] == 0
    assert client.get("/api/search", params={"entity": ref}).json()["total"] == 0


def test_search_hits_show_their_article_id(client):
    page = client.get("/search", params={"q": "budget"}).text
    hits = client.get("/api/search", params={"q": "budget"}).json()["hits"]
    shown = re.findall(r'<code class="article-id">([^<]+)</code>', page)
    assert shown == [hit["id"] for hit in hits] and len(shown) == 3
