"""Statements first (issue 13): every attribution's act, what counts as real content, the
store's default statement views with their filters, one count everywhere, and the filters
through the CLI and the JSON API (unknown values are clear errors)."""

from __future__ import annotations

import hashlib
import itertools
import json
import sqlite3

import pytest
from fastapi.testclient import TestClient

from newsgraph.acts import ACTS, act_of, act_of_cue, has_real_content
from newsgraph.cli import main
from newsgraph.record import Article, Quote
from newsgraph.store import open_store
from newsgraph.store.filters import QUOTE_KINDS, FilterError, QuoteFilter, StatementFilter, _Filter
from newsgraph.store.migrations import migrations
from newsgraph.web.app import create_app

TEXT = (
    "Clinton on Libya: ‘We came, we saw, he died’\n"
    "Hillary Clinton said the deal would protect American workers. She denounced it, which "
    "Republicans mocked. Clinton believes the plan can pass the Senate. Clinton is seeking to "
    "prove her credentials on trade. Clinton tweeted about the state.\n"
    "“We will not back down,” Clinton told reporters. The photos show a crowded room.\n"
    "“Nondisclosure pacts govern words of the staff”\n"
    "A spokesman said the campaign would respond on Monday."
)


def _span(ref: str) -> dict:
    start = TEXT.index(ref)
    return {"start": start, "end": start + len(ref), "text": ref}


# (kind, content, cue, source, resolved to Clinton?)
QUOTES = [
    ("direct", "‘We came, we saw, he died’", ":", "Clinton", True),
    ("indirect", "the deal would protect American workers", "said", "Hillary Clinton", True),
    ("indirect", "it", "denounced", "She", True),
    ("indirect", "which", "mocked", "Republicans", False),
    ("indirect", "the plan can pass the Senate", "believes", "Clinton#2", True),
    ("indirect", "her credentials on trade", "is seeking to prove", "Clinton#3", True),
    ("indirect", "the state", "tweeted about", "Clinton#4", True),
    ("direct", "“We will not back down,”", "told", "Clinton#5", True),
    ("indirect", "a crowded room", "show", "The photos", False),
    ("direct", "“Nondisclosure pacts govern words of the staff”", None, None, False),
    ("indirect", "the campaign would respond on Monday", "said#2", "A spokesman", False),
]


def _nth(ref: str) -> dict:
    words, _, nth = ref.partition("#")
    start = -1
    for _ in range(int(nth or 1)):
        start = TEXT.index(words, start + 1)
    return {"start": start, "end": start + len(words), "text": words}


def article(text_id: str = "a") -> Article:
    clinton = {
        "id": "E1",
        "name": "Hillary Clinton",
        "type": "PERSON",
        "aliases": ["Clinton"],
        "mentions": [_nth("Hillary Clinton")],
    }
    quotes = [
        {
            "kind": kind,
            "content": [_span(content)],
            "cue": [_nth(cue)] if cue else [],
            "source": [_nth(source)] if source else [],
            "speaker": (
                {"entity_id": "E1", "name": "Hillary Clinton"}
                if resolved
                else {"name": _nth(source)["text"]}
                if source
                else None
            ),
        }
        for kind, content, cue, source, resolved in QUOTES
    ]
    return Article.model_validate(
        {
            "id": hashlib.sha256((TEXT + text_id).encode()).hexdigest()[:16],
            "title": "Clinton on Libya",
            "published": "2016-05-02",
            "text": TEXT,
            "language": "en",
            "entities": [clinton],
            "quotes": quotes,
        }
    )


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "news.db"
    with open_store(path) as store, store.transaction():
        store.add_article(article("a"), "a.txt", "a")
        store.add_article(article("b").model_copy(update={"published": "2016-06-01"}), "b.txt", "b")
    return path


# -- acts and content ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cue, kind, act",
    [
        ("said", "indirect", "speech"),
        ("told", "direct", "speech"),
        ("tweeted", "indirect", "speech"),
        ("denies", "indirect", "speech"),
        ("according to", "indirect", "speech"),
        (":", "direct", "speech"),
        ("has only issued a tweet about", "indirect", "speech"),
        ("in a statement", "indirect", "speech"),
        ("believes", "indirect", "thought"),
        ("fears", "indirect", "thought"),
        ("thinks", "indirect", "thought"),
        ("plans", "indirect", "intent"),
        ("is seeking to prove", "indirect", "intent"),
        ("push", "indirect", "intent"),
        ("tried", "indirect", "intent"),
        ("show", "indirect", "other"),
        ("appears", "indirect", "other"),
        ("riffed", "direct", "speech"),
        ("riffed", "indirect", "other"),
        ("", "direct", "speech"),
        ("did not reply to", "indirect", "other"),
        ("didn't say", "direct", "other"),
        ("never said", "indirect", "other"),
    ],
)
def test_a_cue_text_says_what_act_it_reports(cue, kind, act):
    assert act_of_cue(cue, kind) == act


def test_spacy_lemmas_head_first_decide_past_light_verbs():
    assert act_of(["issue", "have", "only", "a", "tweet", "about"]) == "speech"
    assert act_of(["continue"], "indirect") == "other"  # a light verb alone, not listed with an act
    assert act_of(["make", "claim"]) == "speech"


@pytest.mark.parametrize(
    "kind, content, attributed, real",
    [
        ("indirect", "which", True, False),
        ("indirect", "it", True, False),
        ("indirect", "the state", True, False),
        ("indirect", "he would win the vote", True, True),
        ("direct", "“Sad!”", True, True),
        ("direct", "“It”", True, False),
        ("direct", "“We will win”", False, False),
    ],
)
def test_real_content_is_attributed_and_more_than_a_pronoun_or_a_topic(kind, content, attributed, real):
    assert has_real_content(kind, [content], attributed) is real


def test_a_record_without_acts_gets_them_from_its_cues():
    quote = Quote.model_validate(
        {
            "kind": "indirect",
            "content": [{"start": 0, "end": 1, "text": "x"}],
            "cue": [{"start": 2, "end": 9, "text": "fears"}],
        }
    )
    assert quote.act == "thought"
    assert Quote.model_validate({**quote.model_dump(), "act": "speech"}).act == "speech"  # given: kept
    assert [q.act for q in article().quotes] == [
        "speech",
        "speech",
        "speech",
        "speech",
        "thought",
        "intent",
        "speech",
        "speech",
        "other",
        "speech",
        "speech",
    ]


# -- the store's views ------------------------------------------------------------------------


def test_default_views_list_statements_and_filters_narrow_or_widen(db):
    with open_store(db, readonly=True) as store:
        texts = [
            q["text"] for q in store.quotes(QuoteFilter(speaker="Hillary Clinton"), sort="date")["quotes"]
        ]
        assert (
            texts
            == [
                "‘We came, we saw, he died’",
                "the deal would protect American workers",
                "“We will not back down,”",
            ]
            * 2
        )
        assert all(q["act"] == "speech" for q in store.quotes()["quotes"])
        everything = store.quotes(QuoteFilter(statements=StatementFilter(everything=True)))
        assert everything["total"] == 2 * len(QUOTES)
        # The headline quotation without a source is never a statement: only with all=1.
        headline = "“Nondisclosure pacts govern words of the staff”"
        assert headline not in {q["text"] for q in store.quotes(limit=100)["quotes"]}
        assert headline in {q["text"] for q in everything["quotes"]}
        thought = store.quotes(QuoteFilter(statements=StatementFilter(act="thought")))
        assert {q["text"] for q in thought["quotes"]} == {"the plan can pass the Senate"}
        assert {
            q["text"] for q in store.quotes(QuoteFilter(statements=StatementFilter(act="intent")))["quotes"]
        } == {"her credentials on trade"}
        direct = store.quotes(QuoteFilter(statements=StatementFilter(kind="direct")))["quotes"]
        assert {q["kind"] for q in direct} == {"direct"} and len(direct) == 4
        unresolved = store.quotes(QuoteFilter(statements=StatementFilter(resolved=False)))["quotes"]
        assert {q["text"] for q in unresolved} == {"the campaign would respond on Monday"}
        assert (
            store.quotes(QuoteFilter(statements=StatementFilter(everything=True, resolved=False)))["total"]
            == 8
        )


def test_one_count_on_every_view(db):
    with open_store(db) as store:
        clinton = store.resolve("Hillary Clinton")[0]
        listed = store.quotes(QuoteFilter(speaker=str(clinton)))["total"]
        profile = store.entity_profile(clinton)["quotes"]["total"]
        top = {s["id"]: s["quotes"] for s in store.stats()["top_speakers"]}[clinton]
        entity = next(e for e in store.entities() if e["id"] == clinton)["quotes"]
        counted = store.conn.execute(
            "SELECT COUNT(*) FROM quotes WHERE entity = ? AND act = 'speech' AND substantive = 1", (clinton,)
        ).fetchone()[0]
        assert listed == profile == top == entity == counted == 6
        # A name two entities answer to (a surname two people bear): the total is the sum of
        # their shares, each the count its own entity page shows.
        crooked = article("crooked")
        crooked.entities[0].name, crooked.entities[0].aliases = "Bill Clinton", []
        with store.transaction():
            store.add_article(crooked, "crooked.txt", "crooked")
        other = store.resolve("Bill Clinton")[0]
        by_name = store.quotes(QuoteFilter(speaker="Clinton"))
        shares = {s["id"]: s["quotes"] for s in by_name["speakers"]}
        assert shares == {clinton: 6, other: 3} and by_name["total"] == 9
        profile_total = store.entity_profile(other)["quotes"]["total"]
        assert profile_total == store.quotes(QuoteFilter(speaker=str(other)))["total"] == 3
        with store.transaction():
            store.conn.execute("DELETE FROM articles WHERE id = ?", (crooked.id,))
        # A date filter counts rows; without one the kept count answers: the two agree.
        assert store.quotes(QuoteFilter(speaker=str(clinton), since="2016-01-01"))["total"] == 6
        everything = StatementFilter(everything=True)
        assert (
            store.quotes(QuoteFilter(speaker=str(clinton), statements=everything))["total"]
            == store.quotes(QuoteFilter(speaker=str(clinton), since="2016-01-01", statements=everything))[
                "total"
            ]
            == 14
        )
        # The kept counts follow a replaced article.
        with store.transaction():
            store.add_article(article("c"), "b.txt", "c")
            store.add_article(article("d"), "a.txt", "d")
            store.add_article(article("e"), "a.txt", "e")
        assert (
            store.quotes(QuoteFilter(speaker=str(clinton)))["total"]
            == store.quotes(QuoteFilter(speaker=str(clinton), since="2000-01-01"))["total"]
            == 6
        )


# Every filter of the whole collection's quote list: act, kind, resolved, all, dates.
COLLECTION_FILTERS = [
    QuoteFilter(
        since=since,
        until=until,
        statements=StatementFilter(act=act, kind=kind, resolved=resolved, everything=everything),
    )
    for act, kind, resolved, everything, (since, until) in itertools.product(
        (None, *ACTS, "all"),
        (None, *QUOTE_KINDS),
        (None, True, False),
        (False, True),
        ((None, None), ("2016-06-01", None), (None, "2016-05-31"), ("2016-06-01", "2016-06-01")),
    )
]


def _counted_rows(store, filters: QuoteFilter) -> int:
    where = _Filter()
    filters.add_to(where)
    return store.conn.execute(f"SELECT COUNT(*) FROM quotes qu WHERE {where.sql()}", where.params).fetchone()[
        0
    ]


def test_the_collections_kept_counts_equal_the_rows_of_every_filter(db):
    with open_store(db) as store:

        def mismatches() -> list[QuoteFilter]:
            return [
                f for f in COLLECTION_FILTERS if store.quotes(f, limit=1)["total"] != _counted_rows(store, f)
            ]

        assert not mismatches() and store.quotes(COLLECTION_FILTERS[0])["total"] > 0
        with store.transaction():  # a replaced, a new and a deleted article; a speaker unresolved
            store.add_article(article("c"), "b.txt", "c")
            store.add_article(article("d").model_copy(update={"published": "2016-05-31"}), "d.txt", "d")
            store.add_article(article("e").model_copy(update={"published": None}), "e.txt", "e")
            store.conn.execute("DELETE FROM articles WHERE id = ?", (article("c").id,))
            store.conn.execute("UPDATE quotes SET entity = NULL WHERE seq = 1")
            store.conn.execute("UPDATE quotes SET kind = 'mixed', act = 'thought' WHERE seq = 2")
        # the undated article is in the collection's counts, never in a dated one
        assert store.conn.execute("SELECT COUNT(*) FROM quotes WHERE published IS NULL").fetchone()[0]
        assert not mismatches()


def test_the_collections_quote_list_counts_from_kept_counts_and_pages_a_kind_from_its_index(db):
    # A count over the whole collection with a kind, an unresolved speaker or a date used to read
    # every statement's row (about 1 s on a 100,000-article store), and a page of a rare kind
    # walked every quote of its act in date order, reading each row for its kind.
    statements: list[str] = []
    with open_store(db, readonly=True) as store:
        store.conn.set_trace_callback(statements.append)
        store.quotes(
            QuoteFilter(since="2016-01-01", statements=StatementFilter(act="thought", kind="direct"))
        )
        store.conn.set_trace_callback(None)
        assert not any("COUNT(*)" in s for s in statements), statements
        assert any("FROM quote_counts" in s for s in statements)
        page = next(s for s in statements if s.startswith("SELECT a.id AS article_id"))
        plan = " ".join(row[3] for row in store.conn.execute(f"EXPLAIN QUERY PLAN {page}"))
        assert "SEARCH qu USING INDEX quotes_act_kind" in plan and "TEMP B-TREE" not in plan, plan


def test_unknown_filter_values_are_clear_errors():
    for params, message in (
        ({"act": "shouting"}, "unknown act value 'shouting': use one of speech, thought"),
        ({"kind": "quoted"}, "unknown kind value 'quoted'"),
        ({"resolved": "maybe"}, "unknown resolved value 'maybe'"),
        ({"everything": "lots"}, "unknown all value 'lots'"),
    ):
        with pytest.raises(FilterError, match=message):
            StatementFilter.parse(**params)


def test_a_version_3_store_gets_acts_and_statement_counts(tmp_path):
    path = tmp_path / "v3.db"
    conn = sqlite3.connect(path)
    for number, sql in migrations()[:3]:
        conn.executescript(f"{sql}\nPRAGMA user_version = {number};")
    conn.execute(
        "INSERT INTO articles(num, id, title, published, ingested_at) VALUES (1, 'x', 't', '2016', 'now')"
    )
    conn.execute("INSERT INTO entities(id, key, name, type) VALUES (7, 'PERSON|jo doe', 'Jo Doe', 'PERSON')")
    rows = [
        (0, "indirect", "the bill will pass", "said"),
        (1, "indirect", "which", "denied"),
        (2, "indirect", "the bill will pass", "believes"),
        (3, "direct", "“No deal”", "riffed"),
    ]
    conn.executemany(
        "INSERT INTO quotes(article, seq, kind, text, start, end, cue, speaker, entity) "
        "VALUES (1, ?, ?, ?, 0, 1, ?, 'Jo Doe', 7)",
        rows,
    )
    conn.commit()
    conn.close()
    with open_store(path) as store:
        acts = store.conn.execute("SELECT act, substantive FROM quotes ORDER BY seq").fetchall()
        assert [tuple(r) for r in acts] == [("speech", 1), ("speech", 0), ("thought", 1), ("speech", 1)]
        assert (
            store.quotes(QuoteFilter(speaker="7"))["total"]
            == len(store.quotes(QuoteFilter(speaker="7"))["quotes"])
            == 2
        )
        assert store.stats()["top_speakers"][0]["quotes"] == 2


# -- CLI and API ---------------------------------------------------------------------------------


def test_cli_filters_and_rejects_unknown_values(db, capsys):
    assert main(["quotes", "--db", str(db), "--act", "thought", "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["total"] == 2 and {q["act"] for q in shown["quotes"]} == {"thought"}
    assert main(["quotes", "--db", str(db), "--all", "--unresolved", "--kind", "direct"]) == 0
    assert "Nondisclosure" in capsys.readouterr().out
    assert main(["entity", "Hillary Clinton", "--db", str(db), "--act", "intent", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["quotes"]["total"] == 2
    with pytest.raises(SystemExit) as exit_:
        main(["quotes", "--db", str(db), "--kind", "quoted"])
    assert exit_.value.code == 2 and "invalid choice: 'quoted'" in capsys.readouterr().err


def test_api_filters_counts_and_400s(db):
    client = TestClient(create_app(db))
    default = client.get("/api/quotes", params={"speaker": "Hillary Clinton"}).json()
    clinton = client.get("/api/entities/Hillary Clinton").json()
    assert default["total"] == clinton["quotes"]["total"] == 6
    top = {s["name"]: s["quotes"] for s in client.get("/api/stats").json()["top_speakers"]}
    assert top["Hillary Clinton"] == 6
    assert client.get("/api/quotes", params={"act": "thought"}).json()["total"] == 2
    assert client.get("/api/quotes", params={"kind": "direct", "all": "1"}).json()["total"] == 6
    assert client.get("/api/quotes", params={"resolved": "0"}).json()["total"] == 2
    assert client.get("/api/entities/Hillary Clinton", params={"all": "true"}).json()["quotes"]["total"] == 14
    for params in ({"act": "yelling"}, {"kind": "quoted"}, {"resolved": "perhaps"}, {"all": "2"}):
        response = client.get("/api/quotes", params=params)
        assert response.status_code == 400, params
        assert f"unknown {next(iter(params))} value" in response.json()["detail"]
    page = client.get("/quotes", params={"kind": "quoted"})
    assert page.status_code == 400 and "use one of direct, indirect, mixed" in page.text
    assert client.get("/entity/Hillary Clinton", params={"act": "x"}).status_code == 400


def test_the_attribution_component_gives_each_attribution_its_act():
    from newsgraph.pipeline import analyze

    article = analyze(
        "Senator Jane Smith said on Monday that the bill would pass the Senate this week.\n\n"
        "Smith believes that the governor will sign the bill into law.\n\n"
        "“We have the votes,” Smith riffed."
    )
    acts = {" ".join(c.text for c in q.cue): q.act for q in article.quotes}
    assert acts.get("said") == "speech" and acts.get("believes") == "thought"
    assert acts.get("riffed") == "speech"  # an unknown cue of a quotation


@pytest.fixture
def dated_db(tmp_path):
    """Six days of the same article: a word in most statements and one in a few."""
    path = tmp_path / "dated.db"
    with open_store(path) as store, store.transaction():
        for day in range(1, 7):
            dated = article(str(day)).model_copy(update={"published": f"2016-05-0{day}"})
            store.add_article(dated, f"{day}.txt", str(day))
    return path


def _page_statement(store, filters: QuoteFilter, sort: str, offset: int) -> tuple[dict, str]:
    """A page of ``filters`` and the plan of the statement that chose its quotes."""
    run: list[str] = []
    store.conn.set_trace_callback(run.append)
    listed = store.quotes(filters, sort=sort, limit=2, offset=offset)
    store.conn.set_trace_callback(None)
    page = next(s for s in run if "MATCH" in s and "LIMIT" in s)
    return listed, " ".join(row[3] for row in store.conn.execute(f"EXPLAIN QUERY PLAN {page}"))


@pytest.mark.parametrize(
    ("word", "statements"),
    [
        ("the", StatementFilter()),
        ("we", StatementFilter(kind="direct")),
        ("the", StatementFilter(kind="indirect", resolved=True)),
    ],
)
def test_a_common_words_page_in_date_order_walks_the_date_index_with_the_same_quotes(
    dated_db, word, statements
):
    # A word in most statements: its page in date order walks the act's date-ordered index and
    # looks each entry up among the word's hits, instead of sorting every hit (190,000 for
    # "trump" on a 100k store: 400 ms, where the walk reads 500 entries).
    with open_store(dated_db, readonly=True) as store:
        hits = {
            r[0] for r in store.conn.execute("SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?", (word,))
        }
        for sort in ("-date", "date"):
            ids = store.conn.execute(
                "SELECT qu.id, a.id, qu.seq FROM quotes qu JOIN articles a ON a.num = qu.article"
            ).fetchall()
            with_word = {(article_id, seq) for num, article_id, seq in ids if num in hits}
            every = store.quotes(QuoteFilter(statements=statements), sort=sort, limit=1000)["quotes"]
            expected = [q for q in every if (q["article_id"], q["seq"]) in with_word]
            assert len(expected) >= 6  # one a day at least
            for offset in (0, 1, 3):
                listed, plan = _page_statement(
                    store, QuoteFilter(q=word, statements=statements), sort, offset
                )
                assert listed["quotes"] == expected[offset : offset + 2]
                assert listed["total"] == len(expected)
                assert "USING COVERING INDEX quotes_act_" in plan and "TEMP B-TREE" not in plan, plan
            # the last page: a walk longer than the hits, which are sorted instead, as before
            listed, plan = _page_statement(
                store, QuoteFilter(q=word, statements=statements), sort, len(expected) - 1
            )
            assert listed["quotes"] == expected[-1:] and "SCAN quotes_fts" in plan


def test_a_rare_words_page_sorts_its_hits(dated_db):
    # Few hits among many statements: a walk of the date index would read most of it for them.
    with open_store(dated_db, readonly=True) as store:
        listed, plan = _page_statement(store, QuoteFilter(q="monday"), "-date", 0)
    assert [q["published"] for q in listed["quotes"]] == ["2016-05-06", "2016-05-05"]
    assert "SCAN quotes_fts" in plan and "quotes_act_" not in plan, plan
