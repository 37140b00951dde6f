"""Summary: 3-5 valid sentences in text order, the lead kept, no captions or bare quotes, a digest."""

import pytest

from newsgraph.nlp.summary import _is_quote_only, _starts_inside_quote, summary_size
from newsgraph.pipeline import analyze
from newsgraph.record import Summary

POLNEAR_ARTICLES = [
    "politico_2016-09-22_house-panel-votes-to-hold-clinto",
    "nyt_2016-09-19_obama-sees-personal-insult-if-bl",
    "wash-post_2016-09-16_burma-leader-s-visit-to-washingt",
]


def check_sentences(article) -> None:
    summary = article.summary
    assert isinstance(summary, Summary)
    assert 3 <= len(summary.sentences) <= 5
    starts = [s.start for s in summary.sentences]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    for sentence in summary.sentences:
        assert article.text[sentence.start : sentence.end] == sentence.text
        assert "\n" not in sentence.text


@pytest.fixture(scope="module")
def example(example_text):
    return analyze(example_text)


def test_example_summary_keeps_the_lead_and_skips_captions(example):
    check_sentences(example)
    first = example.summary.sentences[0].text
    assert first.startswith("NATO Secretary General Jens Stoltenberg met with President Joe Biden")
    assert not any("Getty Images" in s.text or "contributed" in s.text for s in example.summary.sentences)


def test_example_digest(example):
    digest = example.summary.digest
    assert {"Jens Stoltenberg", "Joe Biden"} <= set(digest.who)
    assert "met" in digest.what
    assert digest.when is not None
    assert digest.where and all(isinstance(place, str) for place in digest.where)
    assert any(figure.startswith("$325 million in") for figure in digest.figures)


@pytest.mark.parametrize("name", POLNEAR_ARTICLES)
def test_polnear_summaries_start_with_the_lead_not_the_headline(shared_dir, name):
    text = (shared_dir / "data" / "polnear" / "dev" / "text" / f"{name}.txt").read_text(encoding="utf-8")
    article = analyze(text, language="en")
    check_sentences(article)
    headline, body = text.split("\n", 1)
    lead = next(line for line in body.split("\n") if len(line.split()) >= 6)  # not "ABSTRACT."
    assert article.summary.sentences[0].text != headline.strip()
    assert lead.startswith(article.summary.sentences[0].text)
    assert not any(_is_quote_only(s.text) for s in article.summary.sentences)


def test_a_short_text_gives_what_it_has():
    article = analyze(
        "The council approved the budget on Monday after a long debate. "
        "Members voted nine to two for the plan, which raises fees."
    )
    assert [s.text for s in article.summary.sentences] == [
        "The council approved the budget on Monday after a long debate.",
        "Members voted nine to two for the plan, which raises fees.",
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("\u201cIt has to be a minimum,\u201d Stoltenberg said of the target.", False),
        ('"Subpoenas are not optional," panel Chairman Jason Chaffetz said.', False),
        ('"Mr. Pagliano is a crucial fact witness in this investigation.', True),
        ("\u201cIt\u2019s still early days, but we know what to do.\u201d", True),
        ("Biden said: \u201cGod willing, we\u2019ll keep this unity up.\u201d", False),
    ],
)
def test_quote_only_sentences(text, expected):
    assert _is_quote_only(text) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("But being friendly doesn\u2019t make you friends,\u201d Gates said in an interview.", True),
        ("\u201cIt has to be a minimum,\u201d Stoltenberg said of the target.", False),
        ("Biden said the U.S. commitment to NATO was rock solid.", False),
    ],
)
def test_the_tail_of_a_quotation_is_no_summary_sentence(text, expected):
    assert _starts_inside_quote(text) is expected


def test_summary_size_grows_with_the_article():
    assert [summary_size(n) for n in (2, 15, 16, 30, 31, 200)] == [3, 3, 4, 4, 5, 5]
