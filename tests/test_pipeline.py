"""The Python API: analyze, analyze_many, and the record they return."""

import json
import pickle

import pytest

import newsgraph
from newsgraph.errors import InputError
from newsgraph.pipeline import load_pipeline
from newsgraph.record import Article, Failure

SHORT = "Senator Jane Smith said on Monday that the bill would pass. Smith spoke in Boston."


def test_pipeline_loads_once_per_process():
    assert load_pipeline() is load_pipeline()


def test_every_component_fills_its_record_section():
    from newsgraph.pipeline import COMPONENTS

    nlp = load_pipeline()
    doc = nlp("Senator Jane Smith said on Monday that the bill would pass.")
    for factory, extension, section in COMPONENTS:
        assert factory in nlp.pipe_names
        assert section in Article.model_fields
        assert getattr(doc._, extension) is not None, extension


def test_analyze_returns_a_complete_record(example_text):
    article = newsgraph.analyze(example_text, date="2023-06-13")
    assert isinstance(article, Article)
    assert article.published == "2023-06-13" and article.date_source == "user"
    assert article.language == "en"
    assert len(article.id) >= 16
    data = article.to_dict()
    for key in (
        "title",
        "published",
        "date_source",
        "publisher",
        "origin_publisher",
        "authors",
        "contributors",
        "language",
        "url",
        "text",
        "removed",
        "entities",
        "quotes",
        "quantities",
        "times",
        "events",
        "summary",
    ):
        assert key in data


def test_spans_map_back_to_the_plain_text_input(example_text):
    article = newsgraph.analyze(example_text)
    mentions = [m for e in article.entities for m in e.mentions]
    assert mentions
    for m in mentions:
        assert article.text[m.start : m.end] == m.text
        start = article.source_offset(m.start)
        assert example_text[start : start + len(m.text)] == m.text


def test_analyze_is_a_pure_function_of_its_input():
    first = newsgraph.analyze(SHORT).to_dict()
    newsgraph.analyze("Something else entirely happened in Paris.")
    assert newsgraph.analyze(SHORT).to_dict() == first


def test_analyze_refuses_empty_input():
    with pytest.raises(InputError) as err:
        newsgraph.analyze("   \n ")
    assert err.value.reason == "empty"


def test_analyze_many_keeps_order_and_reports_failures():
    items = [
        SHORT,
        "",
        {"text": SHORT, "url": "https://example.com/a", "source": "a.txt"},
        42,
        {"html": "", "source": "empty.html"},
    ]
    results = list(newsgraph.analyze_many(items))
    assert [type(r).__name__ for r in results] == ["Article", "Failure", "Article", "Failure", "Failure"]
    assert results[1].reason == "empty" and results[1].index == 1
    assert results[2].url == "https://example.com/a"
    assert results[4].source == "empty.html"


def test_analyze_many_in_two_processes_matches_one():
    items = [SHORT, "", "The president visited Ohio on Friday. He said jobs were coming."] * 2
    single = [r.to_dict() for r in newsgraph.analyze_many(items, n_process=1)]
    double = [r.to_dict() for r in newsgraph.analyze_many(items, n_process=2, batch_size=2)]
    assert single == double
    assert sum(isinstance(r, Failure) for r in newsgraph.analyze_many(items)) == 2


def test_sentences_never_cross_a_line_break():
    nlp = load_pipeline()
    doc = nlp(
        "Biden Hosts NATO Chief Amid War\nPresident Joe Biden met Jens Stoltenberg on Tuesday.\n\n"
        "Photo by Jane Roe\nThe two leaders spoke for an hour."
    )
    for sent in doc.sents:
        assert "\n" not in sent.text.strip(), sent.text
    assert [s.text.strip() for s in doc.sents][0] == "Biden Hosts NATO Chief Amid War"


# An article about web security: its words look like markup, but its source says it is text.
MARKUP_WORDS = (
    "Researchers warned on Tuesday that a comment box on the city council website accepted "
    "<svg onload=alert(1)>, <img src=x onerror=alert(2)> and <script>steal()</script> "
    "without escaping them. The council said the form was taken offline and that no "
    "resident data had been exposed. "
    "Mayor Ann Lee said an outside firm would audit every public form before it returns."
)


def test_declared_text_keeps_its_markup_like_words(tmp_path):
    from newsgraph.ingest.readers import read_sources

    (tmp_path / "items.jsonl").write_text(json.dumps({"text": MARKUP_WORDS}) + "\n")
    (tmp_path / "story.txt").write_text(MARKUP_WORDS)
    articles = list(newsgraph.analyze_many(read_sources([tmp_path])))
    assert [a.input_format for a in articles] == ["text", "text"]
    for article in articles:
        assert article.text.split() == MARKUP_WORDS.split()


def test_declared_html_is_parsed_and_undeclared_input_is_sniffed():
    page = f"<html><body><article><p>{SHORT}</p><p>{SHORT}</p></article></body></html>"
    assert newsgraph.analyze_many([{"html": page}]).__next__().input_format == "html"
    assert [r.input_format for r in newsgraph.analyze_many([page, SHORT])] == ["html", "text"]


def test_an_item_that_cannot_reach_a_worker_is_an_error_not_a_hang():
    results = newsgraph.analyze_many([SHORT, SHORT, lambda: SHORT], n_process=2, batch_size=1)
    with pytest.raises((AttributeError, TypeError, pickle.PicklingError)):
        list(results)
