"""Query parameters shared by the pages and the API, validated before they reach the store."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Query
from starlette.exceptions import HTTPException

from newsgraph.store.filters import (
    ANY_ACT,
    QUOTE_KINDS,
    ArticleFilter,
    FilterError,
    QuoteFilter,
    SearchFilter,
    StatementFilter,
)
from newsgraph.web.limits import MAX_PAGE_SIZE, PAGE_SIZE

ISO_DATE = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"  # empty: a form's date field left blank

Offset = Annotated[int, Query(ge=0, le=1_000_000, description="How many results to skip.")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="How many results to return.")]
Since = Annotated[str | None, Query(pattern=ISO_DATE, description="Published on or after (ISO date).")]
Until = Annotated[str | None, Query(pattern=ISO_DATE, description="Published on or before (ISO date).")]
Text = Annotated[str | None, Query(max_length=500)]
QuoteSort = Annotated[
    Literal["date", "-date", "rank"], Query(description="date, -date (newest first) or rank.")
]
DEFAULT_LIMIT = PAGE_SIZE


def statement_filter(
    act: Annotated[
        str | None,
        Query(max_length=50, description="speech (default), thought, intent, other or all (every act)."),
    ] = None,
    kind: Annotated[str | None, Query(max_length=50, description="direct, indirect or mixed.")] = None,
    resolved: Annotated[
        str | None, Query(max_length=50, description="1: speakers resolved to an entity; 0: the others.")
    ] = None,
    everything: Annotated[
        str | None,
        Query(
            alias="all",
            max_length=50,
            description="1: every quote, not only statements (speech with real content).",
        ),
    ] = None,
) -> StatementFilter:
    """Which quotes a list shows; an unknown value is a 400 that says what is allowed."""
    try:
        return StatementFilter.parse(act or None, kind or None, resolved or None, everything or None)
    except FilterError as exc:
        raise HTTPException(400, str(exc)) from exc


Statements = Annotated[StatementFilter, Depends(statement_filter)]

# The quote lists' filter controls: (value, label) per choice; "" leaves the filter out.
STATEMENT_CHOICES = {
    "act": [
        ("speech", "speech (said, told, wrote…)"),
        ("thought", "thought (believes, fears…)"),
        ("intent", "intent (plans, seeks…)"),
        ("other", "other"),
        (ANY_ACT, "any act"),
    ],
    "kind": [("", "any"), *((kind, kind) for kind in QUOTE_KINDS)],
    "resolved": [("", "anyone"), ("1", "resolved to an entity"), ("0", "not resolved")],
}


def clean(**params) -> dict:
    """The parameters that are set, for the store and for the links that keep them."""
    return {k: v for k, v in params.items() if v not in (None, "")}


def search_filters(
    q: Text = None,
    speaker: Text = None,
    entity: Text = None,
    publisher: Text = None,
    since: Since = None,
    until: Until = None,
) -> SearchFilter:
    """A search's filters: declared once for the search page, its API, volume and export."""
    return SearchFilter(
        **clean(q=q, speaker=speaker, entity=entity, publisher=publisher, since=since, until=until)
    )


def quote_filters(
    statements: Statements, speaker: Text = None, q: Text = None, since: Since = None, until: Until = None
) -> QuoteFilter:
    """A quote list's filters, shared by its page, API and export."""
    return QuoteFilter(**clean(speaker=speaker, q=q, since=since, until=until), statements=statements)


SearchFilters = Annotated[SearchFilter, Depends(search_filters)]
QuoteFilters = Annotated[QuoteFilter, Depends(quote_filters)]


ArticleSort = Annotated[
    Literal["-date", "date", "publisher", "-quotes"],
    Query(description="-date (newest first), date, publisher or -quotes (most quoted first)."),
]
EntitySort = Annotated[
    Literal["articles", "quotes", "name"], Query(description="articles, quotes (most first) or name.")
]
Month = Annotated[
    str | None,
    Query(pattern=r"^(\d{4}-\d{2}|undated)$", description="Published in this month (YYYY-MM), or 'undated'."),
]
Language = Annotated[str | None, Query(max_length=20, description="ISO 639-1 code, e.g. en.")]


def article_filters(
    publisher: Text = None,
    month: Month = None,
    language: Language = None,
    entity: Text = None,
    since: Since = None,
    until: Until = None,
) -> ArticleFilter:
    """The articles list's filters (its page, API and export)."""
    return ArticleFilter(
        **clean(publisher=publisher, month=month, language=language, entity=entity, since=since, until=until)
    )


ArticleFilters = Annotated[ArticleFilter, Depends(article_filters)]
Unit = Annotated[
    Literal["auto", "day", "week", "month"],
    Query(description="Period of the time axis; auto picks from the span of dates."),
]
PAGE_SIZES = (20, 50, 100)
EdgeKinds = Annotated[
    list[str] | None, Query(max_length=10, description="Network link kinds to show (all if none).")
]
MinWeight = Annotated[
    int, Query(ge=1, le=1_000_000, description="Network links seen in at least this many articles.")
]
