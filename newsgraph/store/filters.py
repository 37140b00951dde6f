"""The filters of the store's listings: one definition for the CLI, the web explorer and the store.

- ``ArticleFilter``: which articles (publisher, dates, month, language, an entity named, a
  speaker quoted); ``SearchFilter`` adds the search's words ``q``.
- ``QuoteFilter``: which quotes (speaker, words, dates) and ``StatementFilter``: which kinds of
  attribution (act, kind, resolved speaker; statements unless told otherwise).

Each is a frozen dataclass (hashable: a cache key) whose ``params()`` are the query parameters
that reproduce it, for links and exports that keep a view's filters. ``FilterError`` is a value
the store does not know (the API answers 400 with its message).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from newsgraph.acts import ACTS
from newsgraph.errors import NewsgraphError


def _set(values: dict) -> dict[str, str]:
    """The values that are set (an empty form field is not a filter)."""
    return {k: v for k, v in values.items() if v not in (None, "")}


class _Filter:
    """A WHERE clause over ``articles a`` built from parameters, never from string pasting."""

    def __init__(self):
        self.clauses: list[str] = []
        self.params: list = []

    def add(self, clause: str, *params) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def sql(self) -> str:
        return " AND ".join(self.clauses) or "1"


@dataclass(frozen=True)
class QuoteColumns:
    """Where a quote list's filters read whether the speaker is resolved (the clauses for yes
    and no) and the dates (since, until)."""

    resolved: tuple[str, str]
    since: str
    until: str


# On ``quotes qu``: the quote's own copy of its article's date, whose indexes serve the range.
ON_QUOTES = QuoteColumns(
    ("qu.entity IS NOT NULL", "qu.entity IS NULL"), "qu.published >= ?", "substr(qu.published, 1, 10) <= ?"
)
# On ``quote_counts qu``, the counts kept per statement filter and day (migration 8): ``day`` is
# '' for undated quotes, which no date range takes in.
ON_COUNTS = QuoteColumns(
    ("qu.resolved = 1", "qu.resolved = 0"), "qu.day >= ?", "qu.day <= ? AND qu.day != ''"
)


class FilterError(NewsgraphError, ValueError):
    """A filter value the store does not know (the API answers 400 with this message)."""

    reason = "bad_filter"


QUOTE_KINDS = ("direct", "indirect", "mixed")
ANY_ACT = "all"  # act=all: quotes of every act (with real content unless ``everything``)
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def _flag(name: str, value: str | bool | None) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    lowered = str(value).strip().lower()
    if lowered in _TRUE or lowered in _FALSE:
        return lowered in _TRUE
    raise FilterError(f"unknown {name} value {value!r}: use 1 or 0 (true or false)")


def _choice(name: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    if value is None or value in allowed:
        return value
    raise FilterError(f"unknown {name} value {value!r}: use one of {', '.join(allowed)}")


@dataclass(frozen=True)
class StatementFilter:
    """Which quotes a view lists. By default, statements: speech acts (``act='speech'``) with
    real content (``quotes.substantive``: attributed, not a bare pronoun or a one-word topic; see
    ``newsgraph.acts``). ``act`` picks another act (``ANY_ACT``: every act), ``kind`` a kind
    (direct, indirect, mixed), ``resolved`` speakers resolved to an entity (True) or not (False);
    ``everything`` drops the defaults (any act, any content) and keeps only the filters given."""

    act: str | None = None
    kind: str | None = None
    resolved: bool | None = None
    everything: bool = False

    @classmethod
    def parse(
        cls,
        act: str | None = None,
        kind: str | None = None,
        resolved: str | bool | None = None,
        everything: str | bool | None = None,
    ) -> StatementFilter:
        """From user input (query parameters, CLI options); an unknown value is a ``FilterError``."""
        return cls(
            act=_choice("act", act, (*ACTS, ANY_ACT)),
            kind=_choice("kind", kind, QUOTE_KINDS),
            resolved=_flag("resolved", resolved),
            everything=bool(_flag("all", everything)),
        )

    @property
    def shown_act(self) -> str:
        """The act listed: the one given, else speech (statements), or every act with ``everything``."""
        return self.act or (ANY_ACT if self.everything else "speech")

    def add_to(self, where: _Filter, on: QuoteColumns = ON_QUOTES) -> None:
        if self.shown_act != ANY_ACT:
            where.add("qu.act = ?", self.shown_act)
        if not self.everything:
            where.add("qu.substantive = 1")
        if self.kind:
            where.add("qu.kind = ?", self.kind)
        if self.resolved is not None:
            where.add(on.resolved[0] if self.resolved else on.resolved[1])

    @property
    def counted_column(self) -> str | None:
        """The per-entity count that equals this filter's count of a speaker's quotes, if any."""
        if self.kind is not None or self.resolved is False:
            return None
        if self.shown_act == ANY_ACT:
            return "n_quotes" if self.everything else None
        return "n_statements" if self.shown_act == "speech" and not self.everything else None

    def params(self) -> dict[str, str]:
        """The filter as query parameters (for links that keep it)."""
        values = {
            "act": self.act,
            "kind": self.kind,
            "resolved": None if self.resolved is None else str(int(self.resolved)),
            "all": "1" if self.everything else None,
        }
        return {k: v for k, v in values.items() if v is not None}


DEFAULT_STATEMENTS = StatementFilter()


@dataclass(frozen=True)
class ArticleFilter:
    """Which articles a listing covers: all of the filters given. ``entity``: articles naming
    it; ``speaker``: articles quoting it (names as ``Store.resolve`` reads them); ``since`` and
    ``until``: inclusive ISO dates; ``month``: YYYY-MM or 'undated'."""

    publisher: str | None = None
    since: str | None = None
    until: str | None = None
    entity: str | None = None
    speaker: str | None = None
    month: str | None = None
    language: str | None = None

    def params(self) -> dict[str, str]:
        return _set(asdict(self))


@dataclass(frozen=True)
class SearchFilter(ArticleFilter):
    """A search: the articles of an ``ArticleFilter`` that match the words ``q`` (all words,
    "phrases", OR; none: every article, newest first)."""

    q: str | None = None


@dataclass(frozen=True)
class QuoteFilter:
    """Which quotes a listing covers: by ``speaker`` (a name or id), with the words ``q``, from
    ``since`` to ``until``, of the attributions ``statements`` lets through."""

    speaker: str | None = None
    q: str | None = None
    since: str | None = None
    until: str | None = None
    statements: StatementFilter = field(default_factory=StatementFilter)

    def add_to(self, where: _Filter, on: QuoteColumns = ON_QUOTES) -> None:
        """The dates and the statement filter (not the speaker, not the words)."""
        if self.since:
            where.add(on.since, self.since)
        if self.until:
            where.add(on.until, self.until)
        self.statements.add_to(where, on)

    def params(self) -> dict[str, str]:
        words = _set({"speaker": self.speaker, "q": self.q, "since": self.since, "until": self.until})
        return {**words, **self.statements.params()}


# The defaults of the store's listings (immutable, so one instance serves every call).
NO_ARTICLE_FILTER = ArticleFilter()
NO_SEARCH_FILTER = SearchFilter()
DEFAULT_QUOTE_FILTER = QuoteFilter()
