"""Readable times (issue 13): every normalised value in words, by one function, on the record,
the reports, the web pages, the API and the exports; timelines without repeated rows."""

from __future__ import annotations

import csv

import pytest
from fastapi.testclient import TestClient

from newsgraph.record import Article, TimeExpr
from newsgraph.report.markdown import render_markdown
from newsgraph.report.sections import timeline
from newsgraph.store import open_store
from newsgraph.store.export import export
from newsgraph.times_text import time_text
from newsgraph.web.app import create_app


@pytest.mark.parametrize(
    "value, type_, anchor, text",
    [
        ("2023-07", "date", "2023-06-13", "next month (July 2023)"),
        ("2023-05", "date", "2023-06-13", "last month (May 2023)"),
        ("2023-09", "date", "2023-06-13", "September 2023"),
        ("2023-07", "date", None, "July 2023"),
        ("XXXX-WXX-5", "date", None, "a Friday of an unknown week"),
        ("XXXX-WXX-5", "set", None, "every Friday"),
        ("XXXX-WXX-2TNI", "set", None, "every Tuesday night"),
        ("P1D", "duration", None, "for a day"),
        ("P1D", "set", None, "every day"),
        ("PXDE", "duration", None, "for decades"),
        ("P1DE", "duration", None, "for a decade"),
        ("P9Y", "duration", None, "for 9 years"),
        ("PT2H", "duration", None, "for 2 hours"),
        ("PT1H", "duration", None, "for an hour"),
        ("P2W", "set", None, "every 2 weeks"),
        ("2023-06-12", "date", "2023-06-13", "yesterday (Monday, June 12, 2023)"),
        ("2023-06-16", "date", "2023-06-13", "Friday, June 16, 2023"),
        ("2023-06-13TMO", "time", None, "the morning of Tuesday, June 13, 2023"),
        ("2023-06-12TEV", "time", "2023-06-13", "yesterday evening (Monday, June 12, 2023)"),
        ("2023-06-13T20:00", "time", "2023-06-13", "20:00 today (Tuesday, June 13, 2023)"),
        ("2023", "date", "2023-06-13", "this year (2023)"),
        ("2024", "date", "2023-06-13", "next year (2024)"),
        ("2023-W25", "date", "2023-06-13", "next week (the week of Monday, June 19, 2023)"),
        ("2023-W24-WE", "date", None, "the weekend of June 17, 2023"),
        ("2023-SU", "date", None, "summer 2023"),
        ("2023-Q2", "date", None, "the second quarter of 2023"),
        ("2016-H1", "date", None, "the first half of 2016"),
        ("202", "date", None, "the 2020s"),
        ("19", "date", None, "the 20th century"),
        ("XXXX-06-13", "date", None, "June 13, year unknown"),
        ("2023-07-11/2023-07-12", "range", None, "from Tuesday, July 11, 2023 to Wednesday, July 12, 2023"),
        ("PAST_REF", "date", None, "in the past"),
        ("FUTURE_REF", "time", None, "in the future"),
        ("2023-13", "date", None, None),
        ("2023-02-30", "date", None, None),
        ("not a value", None, None, None),
    ],
)
def test_values_in_words(value, type_, anchor, text):
    assert time_text(value, type_, anchor) == text


def _article(times: list[dict], events: list[dict]) -> Article:
    text = "On Friday the mayor met the council and praised it. Talks went on for a day."
    return Article.model_validate(
        {
            "id": "t1",
            "text": text,
            "published": "2023-06-13",
            "times": times,
            "events": events,
            "entities": [],
        }
    )


def _time(text_: str, value: str, type_: str = "date", anchor: str | None = "2023-06-13") -> dict:
    start = "On Friday the mayor met the council and praised it. Talks went on for a day.".index(text_)
    return {
        "start": start,
        "end": start + len(text_),
        "text": text_,
        "type": type_,
        "value": value,
        "anchor": anchor,
    }


def test_the_record_carries_labels_and_timelines_have_no_repeated_rows():
    sentence = {"start": 0, "end": 51, "text": "On Friday the mayor met the council and praised it."}
    triggers = (("meet", "04", 20, 23, "met"), ("praise", "05", 40, 47, "praised"))
    events = [
        {
            "type": kind,
            "cameo": code,
            "trigger": {"start": s, "end": e, "text": w},
            "sentence": sentence,
            "time": 0,
        }
        for kind, code, s, e, w in triggers
    ]
    article = _article([_time("Friday", "2023-06-16"), _time("for a day", "P1D", "duration", None)], events)
    assert [t.label for t in article.times] == ["Friday, June 16, 2023", "for a day"]
    assert TimeExpr.model_validate(article.times[0].model_dump()).label == "Friday, June 16, 2023"
    rows = timeline(article)
    assert [(r.when, r.label, r.what) for r in rows] == [
        ("2023-06-16", "Friday, June 16, 2023", sentence["text"])
    ]
    assert "**Friday, June 16, 2023** (2023-06-16)" in render_markdown(article)


def test_labels_in_the_api_pages_and_exports(tmp_path):
    article = _article(
        [_time("Friday", "XXXX-WXX-5", anchor=None)],
        [
            {
                "type": "meet",
                "cameo": "04",
                "trigger": {"start": 20, "end": 23, "text": "met"},
                "sentence": {
                    "start": 0,
                    "end": 51,
                    "text": "On Friday the mayor met the council and praised it.",
                },
                "actor": {"name": "the mayor"},
                "target": None,
                "time": 0,
            }
        ],
    )
    db = tmp_path / "news.db"
    with open_store(db) as store, store.transaction():
        store.add_article(article)
    client = TestClient(create_app(db))
    record = client.get("/api/articles/t1").json()
    assert record["times"][0]["label"] == "a Friday of an unknown week"
    assert "a Friday of an unknown week" in client.get("/article/t1").text
    with open_store(db, readonly=True) as store:
        export(store, "csv", tmp_path / "out")
    with open(tmp_path / "out" / "times.csv", encoding="utf-8") as f:
        assert next(csv.DictReader(f))["label"] == "a Friday of an unknown week"
    with open(tmp_path / "out" / "events.csv", encoding="utf-8") as f:
        assert next(csv.DictReader(f))["time_label"] == "a Friday of an unknown week"
