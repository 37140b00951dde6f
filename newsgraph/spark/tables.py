"""The output tables: their columns (typed from the record, see ``schema``) and how one analysed
article becomes rows of each. Pure Python, no Spark: the job applies ``article_rows`` in its
tasks, and the tests can call it directly.

Every per-article table carries ``article_id`` and the article's publication ``month`` (the
partition column, ``unknown`` when the article has no date), so a month's folder of every table
is replaced together when a run is repeated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from newsgraph.record import Article, Entity, Event, Participant, Quantity, Quote, Span, Speaker, TimeExpr
from newsgraph.spark.schema import Column, field

Row = dict

MONTH = Column("month", str)
_ARTICLE_ID = Column("article_id", field(Article, "id"))
_SEQ = Column("seq", int)  # the item's index in its record list, as in the store
_ISO_MONTH = re.compile(r"^(\d{4}-\d{2})")


def month_of(published: str | None) -> str:
    match = _ISO_MONTH.match(published or "")
    return match.group(1) if match else "unknown"


_ARTICLE_FIELDS = ("url", "title", "published", "publisher", "language", "text")
ARTICLES = [
    Column("id", field(Article, "id")),
    *(Column(name, field(Article, name)) for name in _ARTICLE_FIELDS),
    Column("record", str),
    MONTH,
]

SOURCES = [Column("source", str), Column("input_hash", str), _ARTICLE_ID, MONTH]

FAILURES = [
    Column("source", str),
    Column("input_hash", str),
    Column("reason", str),
    Column("error", str),
    Column("input", str),
]  # input: the file the record came from, the partition column

QUOTES = [
    _ARTICLE_ID,
    _SEQ,
    Column("kind", field(Quote, "kind")),
    Column("speaker", field(Speaker, "name") | None),
    Column("speaker_entity", field(Speaker, "entity_id")),
    Column("cue", str | None),
    Column("text", str),
    Column("start", field(Span, "start")),
    Column("end", field(Span, "end")),
    MONTH,
]

ENTITIES = [
    _ARTICLE_ID,
    Column("local_id", field(Entity, "id")),
    Column("name", field(Entity, "name")),
    Column("type", field(Entity, "type")),
    Column("titles", field(Entity, "titles")),
    Column("aliases", field(Entity, "aliases")),
    Column("mentions", int),
    MONTH,
]

_PARTY: Any = field(Participant, "name") | None  # a value (an annotation object), not an alias
_PARTY_ENTITY = field(Participant, "entity_id")
EVENTS = [
    _ARTICLE_ID,
    _SEQ,
    Column("type", field(Event, "type")),
    Column("cameo", field(Event, "cameo")),
    Column("trigger", field(Span, "text")),
    Column("sentence", field(Span, "text")),
    Column("actor", _PARTY),
    Column("actor_entity", _PARTY_ENTITY),
    Column("target", _PARTY),
    Column("target_entity", _PARTY_ENTITY),
    Column("place", _PARTY),
    Column("place_entity", _PARTY_ENTITY),
    Column("time_value", field(TimeExpr, "value")),
    MONTH,
]

_TIME_FIELDS = ("start", "end", "text", "type", "value", "anchor")
TIMES = [_ARTICLE_ID, _SEQ, *(Column(name, field(TimeExpr, name)) for name in _TIME_FIELDS), MONTH]

_QUANTITY_FIELDS = ("start", "end", "text", "kind", "value", "unit", "bound")
QUANTITIES = [
    _ARTICLE_ID,
    _SEQ,
    *(Column(name, field(Quantity, name)) for name in _QUANTITY_FIELDS),
    Column("counted", field(Span, "text") | None),
    MONTH,
]


def _quotes(article: Article) -> Iterator[Row]:
    for seq, quote in enumerate(article.quotes):
        if not quote.content:  # nothing said: the store keeps no such row either
            continue
        speaker = quote.speaker
        yield {
            "seq": seq,
            "kind": quote.kind,
            "speaker": speaker.name if speaker else None,
            "speaker_entity": speaker.entity_id if speaker else None,
            "cue": " ".join(s.text for s in quote.cue) or None,
            "text": " … ".join(s.text for s in quote.content),
            "start": min(s.start for s in quote.content),
            "end": max(s.end for s in quote.content),
        }


def _entities(article: Article) -> Iterator[Row]:
    for ent in article.entities:
        yield {
            "local_id": ent.id,
            "name": ent.name,
            "type": ent.type,
            "titles": ent.titles,
            "aliases": ent.aliases,
            "mentions": len(ent.mentions),
        }


def _party(role: str, participant: Participant | None) -> Row:
    return {
        role: participant.name if participant else None,
        f"{role}_entity": participant.entity_id if participant else None,
    }


def _events(article: Article) -> Iterator[Row]:
    for seq, event in enumerate(article.events):
        yield {
            "seq": seq,
            "type": event.type,
            "cameo": event.cameo,
            "trigger": event.trigger.text,
            "sentence": event.sentence.text,
            **_party("actor", event.actor),
            **_party("target", event.target),
            **_party("place", event.place),
            "time_value": _time_value(article, event.time),
        }


def _time_value(article: Article, index: int | None) -> str | None:
    """The value of the time expression an event points to (None without one)."""
    return article.times[index].value if index is not None and 0 <= index < len(article.times) else None


def _times(article: Article) -> Iterator[Row]:
    for seq, time in enumerate(article.times):
        yield {"seq": seq, **time.model_dump(include=set(_TIME_FIELDS))}


def _quantities(article: Article) -> Iterator[Row]:
    for seq, quantity in enumerate(article.quantities):
        yield {
            "seq": seq,
            **quantity.model_dump(include=set(_QUANTITY_FIELDS)),
            "counted": quantity.counted.text if quantity.counted else None,
        }


def _article(article: Article) -> Iterator[Row]:
    yield {
        "id": article.id,
        "url": article.url,
        "title": article.title,
        "published": article.published,
        "publisher": article.publisher,
        "language": article.language,
        "text": article.text,
        "record": article.to_json(indent=None),
    }


# table name -> (its columns, the rows one article gives it). ``sources`` and ``failures`` come
# from the inputs, not from a record, and are built by the job.
ARTICLE_TABLES: dict[str, tuple[list[Column], Callable[[Article], Iterator[Row]]]] = {
    "articles": (ARTICLES, _article),
    "quotes": (QUOTES, _quotes),
    "entities": (ENTITIES, _entities),
    "events": (EVENTS, _events),
    "times": (TIMES, _times),
    "quantities": (QUANTITIES, _quantities),
}


def as_tuple(row: Row, columns: list[Column]) -> tuple:
    """The row's values in column order (a KeyError names a column a row function forgot)."""
    return tuple(row[column.name] for column in columns)


def article_rows(article: Article) -> list[list[tuple]]:
    """The rows ``article`` gives each per-article table, in the order of ``ARTICLE_TABLES``."""
    shared = {"article_id": article.id, "month": month_of(article.published)}
    return [
        [as_tuple({**shared, **row}, columns) for row in rows(article)]
        for columns, rows in ARTICLE_TABLES.values()
    ]


# Every output table's columns, for whoever reads OUT back (the aggregates, tests).
TABLES: dict[str, list[Column]] = {
    **{name: columns for name, (columns, _rows) in ARTICLE_TABLES.items()},
    "sources": SOURCES,
    "failures": FAILURES,
}
