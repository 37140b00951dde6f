"""Temporal expressions with TIMEX3-style values resolved against the article's reference date.

Detection: the rules of ``data/time_patterns.json`` (regular expressions over the text, built
from the vocabulary in ``data/time_words.json``); bare years, months and seasons, which are
often something else ("May", "2016 votes"), count only inside a spaCy DATE/TIME entity or
after a temporal preposition. Where accepted matches overlap, the longest wins.

Values: ``2023-06-13`` (day), ``2023-06`` (month), ``2023`` (year), ``2023-W24`` (ISO week),
``2023-SU`` (season), ``2023-Q2`` (quarter), ``202`` (decade), ``2023-06-13T20:00`` and
``2023-06-13TMO`` (clock time, part of day), ``2023-07-11/2023-07-12`` (range), ``P9Y``/``PT2H``
(duration, ``PXY`` when the count is vague), ``P1W``/``XXXX-WXX-2`` (set). Modifiers ("the end
of", "early") keep the value of what they modify.

Anchoring (the rule for unstated years and weekdays): the tense of the governing verb decides.
Future means an auxiliary will/shall/'ll, "going/scheduled/expected/set to", or a present
progressive ("is meeting Tuesday"); past means a past-tense verb; an expression that hangs off
a noun ("the summit on July 11") has no tense. A weekday is the closest such day on or before
the reference date (past or no tense: news reports what happened) or on or after it (future);
"last"/"next" make it strictly before/after, "this" keeps it in the same ISO week. A month or
month-day without a year takes the nearest year (previous, same or next) to the reference
date, where a date on the side the tense contradicts counts as three times as far: in a
June article, "was ahead of the summit on July 11" is next month, "met on December 5" last
December.

Reference date: ``doc._.reference_date``; without one, the latest full date written in the
text, recorded as ``inferred``. The date used and its source go to ``doc._.times_reference``
(``{"date", "source"}``; the input extensions are left as given). Without any date, relative
expressions are still returned, their value underspecified ("XXXX-06-13", "XXXX-WXX-2") or
None, and no anchor.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsgraph.nlp import shapes
from newsgraph.nlp.numbers import NUMBER_WORDS_FILE, NumberWords
from newsgraph.nlp.util import alternation

for _name in ("times", "times_reference"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

DEFAULT_RULES = Path(__file__).parent / "data"
WORDS_FILE, PATTERNS_FILE = "time_words.json", "time_patterns.json"
TEMPORAL_PREPOSITIONS = {
    "in",
    "since",
    "until",
    "till",
    "by",
    "from",
    "to",
    "through",
    "during",
    "before",
    "after",
    "of",
    "for",
    "between",
    "and",
    "or",
    "on",
    "early",
    "late",
    "mid",
    "throughout",
    "around",
    "circa",
    "as",
    "last",
    "this",
    "next",
    "fiscal",
    "year",
}
# Units that take a T in ISO durations, and what each unit is worth for "N units ago".
# A date on the side the verb's tense contradicts ("was … on July 11" in June) is still the
# likelier reading if it is much nearer: style guides drop the year for dates of this year.
TENSE_PENALTY = 3
_CLOCK_UNITS = {"H": "H", "MIN": "M", "S": "S"}
_DURATION_UNITS = {"MIN": "M", "FN": "W"}
# A fraction of these units reads better in a smaller one: "half a century" P50Y, "half an
# hour" PT30M.
_SMALLER_UNIT = {"DE": (10, "Y"), "CE": (100, "Y"), "H": (60, "MIN")}
_PLACEHOLDER = re.compile(r"\{([A-Z_0-9]+)\}")
DAY_VALUE = re.compile(r"\d{4}-\d\d-\d\d(?:T[A-Z]{2})?")  # a day, or a part of one


@dataclass(frozen=True)
class Rule:
    name: str
    resolver: str
    regex: re.Pattern


class TimeRules:
    """The vocabulary (``time_words.json``, ``number_words.json``) and the detection rules
    (``time_patterns.json``), compiled: what the component reads from its files and passes to the
    functions below."""

    def __init__(self, words: dict, patterns: dict, numbers: NumberWords):
        self.words, self.patterns, self.numbers = words, patterns, numbers
        self.months: dict[str, int] = words["months"]
        self.weekdays: dict[str, int] = words["weekdays"]
        self.units: dict[str, str] = words["units"]
        self.holidays = {k: v for k, v in words["holidays"].items() if not k.startswith("_")}
        self.not_times = set(words["not_times"])
        self.future_aux = set(words["future_auxiliaries"])
        self.future_verbs = set(words["future_verbs"])
        self.reporting_verbs = set(words["reporting_verbs"])
        subpatterns = self._subpatterns()
        self.rules = [
            Rule(
                r["name"],
                r["resolver"],
                re.compile(
                    _PLACEHOLDER.sub(lambda m: f"(?:{subpatterns[m[1]]})", r["pattern"]), re.IGNORECASE
                ),
            )
            for r in patterns["rules"]
        ]
        self.lead_words = self._lead_words()
        joins = patterns["joins"]
        self.join_date_time = re.compile(joins["date_time"], re.IGNORECASE)
        self.join_range = re.compile(joins["range"], re.IGNORECASE)
        self.range_lead = re.compile(joins["range_lead"], re.IGNORECASE)

    @classmethod
    def from_dir(cls, path: Path) -> TimeRules:
        words, patterns = (
            json.loads((path / name).read_text(encoding="utf-8")) for name in (WORDS_FILE, PATTERNS_FILE)
        )
        return cls(words, patterns, NumberWords.from_file(path / NUMBER_WORDS_FILE))

    def to_dir(self, path: Path) -> None:
        for name, data in ((WORDS_FILE, self.words), (PATTERNS_FILE, self.patterns)):
            (path / name).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        self.numbers.to_file(path / NUMBER_WORDS_FILE)

    def _month_pattern(self, group: str) -> str:
        # Case-sensitive: month names are capitalised, the verbs "may"/"march" are not. A short
        # form (a prefix of a full name: "Sept", "Jan") may end with a full stop.
        months = self.months
        short = [m for m in months if any(n != m and n.startswith(m) for n in months)]
        stop_after_short = "|".join(f"(?<={re.escape(m)})" for m in short)
        return rf"(?-i:(?P<{group}>{alternation(months)})\b(?:(?:{stop_after_short})\.)?)"

    def _subpatterns(self) -> dict[str, str]:
        words = self.words
        return {
            "MONTH": self._month_pattern("month"),
            "MONTH2": self._month_pattern("month2"),
            "WEEKDAY": rf"(?-i:{alternation(self.weekdays)})",
            "HOLIDAY": rf"(?-i:{alternation(self.holidays)})",
            "DAY": r"[12]\d|3[01]|0?[1-9]",
            "YEAR": r"1[6-9]\d\d|20\d\d",
            "MOD": alternation(words["part_modifiers"]),
            "SHIFT": alternation(words["relative_shift"]),
            "SEASON": alternation(words["seasons"]),
            "DAYPART": alternation(words["day_parts"]),
            "ORDINAL": alternation(words["ordinals"]),
            "UNIT": alternation(self.units),
            "SET_ADVERB": rf"(?-i:{alternation(words['set_adverbs'])})",
            "NUM": self.numbers.pattern,
            "VAGUE": alternation(self.numbers.vague_counts),
            "BOUND": alternation(words["bounds"]),
        }

    def _lead_words(self) -> set[str]:
        """Lower-case words an expression can begin with: the first word of every vocabulary
        entry. Tokens starting with a digit or an apostrophe ("'90s") can begin one too."""
        words, numbers = self.words, self.numbers
        entries = [
            *self.months,
            *self.weekdays,
            *self.holidays,
            *words["part_modifiers"],
            *words["relative_shift"],
            *words["seasons"],
            *words["day_parts"],
            *words["ordinals"],
            *words["set_adverbs"],
            *words["deictic_days"],
            *words["clock_words"],
            *words["bounds"],
            *words["pattern_lead_words"],
            *numbers.word_values,
            *numbers.scale_words,
            *numbers.vague_counts,
        ]
        entries += [unit + "s" for unit in self.units]
        return {re.split(r"[\s'’]", entry)[0].lower() for entry in entries}

    def unit_code(self, word: str) -> str:
        word = word.lower()
        units = self.units
        return units.get(word) or units.get(word.rstrip("s")) or units[word[:-2]]  # centuries


@dataclass
class Context:
    """What resolvers need besides the match: the doc, the reference date, NER time spans."""

    doc: Doc
    text: str  # doc.text, which spaCy rebuilds from the tokens at every access
    ref: dt.date | None
    ner_chars: set[int]
    rules: TimeRules
    tense_penalty: float = TENSE_PENALTY  # no reference date, no year to choose: any value does

    def tense(self, start: int, end: int) -> str | None:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return governing_tense(span, self.rules) if span is not None else None

    def in_ner(self, start: int, end: int) -> bool:
        return any(i in self.ner_chars for i in range(start, end))

    def word_before(self, start: int) -> str:
        words = self.text[max(0, start - 20) : start].split()
        return words[-1].lower() if words else ""


# ---------------------------------------------------------------- tense and anchoring


def governing_tense(span: Span, rules: TimeRules) -> str | None:
    """'future', 'past', 'present' (a simple present that schedules: "they meet Monday") or
    None (no verb governs the expression, or a tense that says nothing about it)."""
    token, names_a_thing = span.root, False
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        if token.dep_ == "pobj" and token.head.head.pos_ in ("NOUN", "PROPN"):
            return None  # "the summit on July 11": hangs off a noun
        if token.dep_ in ("poss", "compound", "nmod", "amod") and token.head.pos_ in ("NOUN", "PROPN"):
            names_a_thing = True  # "Monday's debate": only an explicit future moves it ahead
        token = token.head
    if token.pos_ not in ("VERB", "AUX"):
        return None
    for verb in (token, token.head):
        tense = _verb_tense(verb, rules)
        if tense:
            return tense if tense == "future" or not names_a_thing else None
    return None


def _verb_tense(verb: Token, rules: TimeRules) -> str | None:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in rules.future_aux for a in auxes):
        return "future"
    if verb.lemma_ in rules.future_verbs and any(c.dep_ == "xcomp" for c in verb.children):
        return "future" if verb.tag_ in ("VBG", "VBN", "VBZ", "VBP", "JJ") else None
    if verb.tag_ == "VBG" and any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "present"  # "is meeting Tuesday"
    if verb.tag_ in ("VBZ", "VBP") and not auxes and verb.lemma_ not in rules.reporting_verbs:
        return "present"  # "the leaders meet Monday"; "Trump says Friday" reports the past
    if (
        verb.tag_ == "VBD"
        or any(a.tag_ == "VBD" for a in auxes)
        or (verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxes))
    ):
        return "past"
    return None


def year_for(
    ref: dt.date, month: int, day: int | None, tense: str | None, tense_penalty: float = TENSE_PENALTY
) -> int:
    """The year of an unstated-year month(-day): the nearest occurrence to the reference date,
    where one on the side the tense contradicts counts as ``tense_penalty`` times as far."""

    def cost(year: int) -> float:
        when = dt.date(year, month, min(day or 15, 28))
        distance = abs((when - ref).days) if day else abs((year - ref.year) * 12 + month - ref.month)
        contradicts = (tense == "past" and when > ref) or (tense == "future" and when < ref)
        return distance * (tense_penalty if contradicts else 1) + (0.5 if contradicts else 0)

    return min((ref.year - 1, ref.year, ref.year + 1), key=cost)


def weekday_date(ref: dt.date, weekday: int, direction: str | None, strict: bool = False) -> dt.date:
    """The ``weekday`` (ISO 1-7) closest to ``ref`` backwards, or forwards when future."""
    if direction == "this":
        return ref + dt.timedelta(days=weekday - ref.isoweekday())
    if direction == "future":
        delta = (weekday - ref.isoweekday()) % 7 or (7 if strict else 0)
        return ref + dt.timedelta(days=delta)
    delta = (ref.isoweekday() - weekday) % 7 or (7 if strict else 0)
    return ref - dt.timedelta(days=delta)


def season_year(ref: dt.date, start: int, shift: int) -> int:
    """The year of "last/this/next summer" (a season starting in month ``start``), a season
    being named by the year it starts in (winter 2022 runs from December 2022 to February 2023)."""
    latest_start = ref.year if ref.month >= start else ref.year - 1  # latest one begun by ref
    inside = (ref.month - start) % 12 < 3
    if shift < 0:  # the latest one that is over
        return latest_start - 1 if inside else latest_start
    if shift > 0:  # the next one that has not begun
        return latest_start + 1
    return latest_start if inside or start != 12 and ref.month > start else ref.year


def add_months(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def holiday_date(rule: dict, year: int) -> dt.date:
    if "fixed" in rule:
        return dt.date(year, *rule["fixed"])
    month, weekday, n = rule["nth"]
    first = dt.date(year, month, 1)
    day = first + dt.timedelta(days=(weekday - first.isoweekday()) % 7)
    if n < 0:
        while (day + dt.timedelta(days=7)).month == month:
            day += dt.timedelta(days=7)
    else:
        day += dt.timedelta(days=7 * (n - 1))
    return day + dt.timedelta(days=rule.get("plus_days", 0))


def fmt_day(day: dt.date) -> str:
    return day.isoformat()


def fmt_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def fmt_number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def duration_value(count: float | None, unit_code: str) -> str:
    """ISO 8601/TIMEX3 duration: P9Y, P1DE, PT30M; X for a vague count."""
    if count is not None and count != int(count) and unit_code in _SMALLER_UNIT:
        factor, unit_code = _SMALLER_UNIT[unit_code]
        count *= factor
    amount = "X" if count is None else fmt_number(count)
    if unit_code == "FN":
        amount = "X" if count is None else fmt_number(2 * count)
    if unit_code in _CLOCK_UNITS:
        return f"PT{amount}{_CLOCK_UNITS[unit_code]}"
    return f"P{amount}{_DURATION_UNITS.get(unit_code, unit_code)}"


# ---------------------------------------------------------------- resolvers
# Each takes (groups, context, start, end) and returns (type, value, relative) or None to
# reject the match; ``relative`` says whether the value depends on the reference date. With
# no reference date a relative expression is still found, its value left unresolved (None)
# or underspecified as TIMEX3 allows ("XXXX-06-13", "XXXX-WXX-2").

UNANCHORED = ("date", None, True)


def _month_of(groups: dict, rules: TimeRules, key: str = "month") -> int | None:
    name = groups.get(key)
    return rules.months[name] if name else None


def _year(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    return year + (2000 if year < 50 else 1900) if year < 100 else year


def resolve_calendar(g, ctx, start, end):
    month = _month_of(g, ctx.rules) or (int(g["month_num"]) if g.get("month_num") else None)
    day = int(g["day"]) if g.get("day") else None
    year = _year(g.get("year"))
    if month is None:
        return None
    if year is None:
        if ctx.ref is None:
            return "date", f"XXXX-{month:02d}" + (f"-{day:02d}" if day else ""), True
        year = year_for(ctx.ref, month, day, ctx.tense(start, end), ctx.tense_penalty)
    try:
        value = fmt_day(dt.date(year, month, day)) if day else f"{year:04d}-{month:02d}"
    except ValueError:
        return None
    return "date", value, not g.get("year")


def resolve_day_range(g, ctx, start, end):
    first = resolve_calendar(g, ctx, start, end)
    if first is None or not first[1][8:]:
        return None
    month2 = _month_of(g, ctx.rules, "month2") or int(first[1][5:7])
    try:
        last = dt.date(int(first[1][:4]), month2, int(g["day2"]))
    except ValueError:
        return None
    if last.isoformat() <= first[1]:
        return None
    return "range", f"{first[1]}/{last.isoformat()}", first[2]


def resolve_year_range(g, ctx, start, end):
    first = int(g["year"])
    second = int(g["year2"]) if len(g["year2"]) == 4 else first // 100 * 100 + int(g["year2"])
    if second <= first or not (g.get("dash") or ctx.word_before(start) in ("from", "between")):
        return None
    return "range", f"{first}/{second}", False


def resolve_season(g, ctx, start, end):
    return "date", f"{int(g['year']):04d}-{ctx.rules.words['seasons'][g['season'].lower()]}", False


def resolve_quarter(g, ctx, start, end):
    if g.get("q"):
        return "date", f"{g['qyear']}-Q{g['q']}", False
    number = ctx.rules.words["ordinals"][g["ordinal"].lower()]
    year = _year(g.get("year")) or (ctx.ref.year if ctx.ref else None)
    if number < 0 or year is None or not (g.get("year") or ctx.in_ner(start, end)):
        return None
    return "date", f"{year}-Q{number}", not g.get("year")


def resolve_relative_named(g, ctx, start, end):
    if ctx.ref is None:
        return UNANCHORED
    shift = ctx.rules.words["relative_shift"][g["shift"].lower()]
    if g.get("weekday"):
        direction = {-1: "past", 1: "future", 0: "this"}[shift]
        day = weekday_date(ctx.ref, ctx.rules.weekdays[g["weekday"]], direction, strict=True)
        return _with_day_part(fmt_day(day), g, ctx.rules)
    if g.get("season"):
        code = ctx.rules.words["seasons"][g["season"].lower()]
        start_month = ctx.rules.words["season_start_months"][code]
        return "date", f"{season_year(ctx.ref, start_month, shift)}-{code}", True
    month = ctx.rules.months[g["month"]]
    year = ctx.ref.year
    if shift < 0 and month >= ctx.ref.month or shift > 0 and month <= ctx.ref.month:
        year += shift  # "last March" is strictly before, "next March" strictly after
    return "date", f"{year}-{month:02d}", True


def resolve_month_of_relative_year(g, ctx, start, end):
    """'March of next year', 'December this year'."""
    if ctx.ref is None:
        return UNANCHORED
    year = ctx.ref.year + ctx.rules.words["relative_shift"][g["shift"].lower()]
    return "date", f"{year}-{ctx.rules.months[g['month']]:02d}", True


def _with_day_part(day_value: str, g: dict, rules: TimeRules):
    part = g.get("part")
    if part:
        return "time", f"{day_value}T{rules.words['day_parts'][part.lower()]}", True
    return "date", day_value, True


def resolve_relative_unit(g, ctx, start, end):
    shift = ctx.rules.words["relative_shift"][g["shift"].lower()]
    if g["shift"].lower() == "past" and not g.get("mod"):
        return None  # "past year" without "the" is rare and vague
    if ctx.ref is None:
        return UNANCHORED
    unit = g["unit"].lower()
    if unit == "year":
        return "date", _shifted(ctx.ref, unit, shift) + _half_of_year(g, ctx.rules), True
    if unit == "weekend" and shift == 0 and ctx.ref.isoweekday() < 6 and ctx.tense(start, end) == "past":
        shift = -1  # said on a weekday, "this weekend" in the past tense is the one just gone
    return "date", _shifted(ctx.ref, unit, shift), True


def _shifted(ref: dt.date, unit: str, shift: int) -> str:
    if unit == "year":
        return str(ref.year + shift)
    if unit == "month":
        year, month = add_months(ref, shift)
        return f"{year:04d}-{month:02d}"
    if unit in ("week", "weekend"):
        week = fmt_week(ref + dt.timedelta(weeks=shift))
        return week + ("-WE" if unit == "weekend" else "")
    if unit == "decade":
        return str(ref.year // 10 + shift)
    if unit == "century":
        return str(ref.year // 100 + shift)
    if unit == "quarter":
        index = ref.year * 4 + (ref.month - 1) // 3 + shift
        return f"{index // 4}-Q{index % 4 + 1}"
    return fmt_day(ref + dt.timedelta(days=shift))


def resolve_span_of_units(g, ctx, start, end):
    if not g.get("num") and g["shift"].lower() in ("first", "final", "following"):
        return None  # "the first day": anchored to an event, not to the calendar
    count = ctx.rules.numbers.parse(g["num"]) if g.get("num") else (None if g.get("plural") else 1.0)
    return "duration", duration_value(count, ctx.rules.unit_code(g["unit"])), False


def resolve_deictic(g, ctx, start, end):
    if g["deictic"].isupper():
        return None  # all capitals: a name ("USA TODAY") or a headline
    if ctx.ref is None:
        return UNANCHORED
    word = g["deictic"].lower()
    day = fmt_day(ctx.ref + dt.timedelta(days=ctx.rules.words["deictic_days"][word]))
    if word == "tonight":
        return "time", f"{day}TNI", True
    return _with_day_part(day, g, ctx.rules)


def resolve_day_part(g, ctx, start, end):
    shift = -1 if "last" in g["shift"].lower() else 0
    part = g["part"].lower()
    if shift == 0 and part == "night" or part == "overnight":
        return None
    if ctx.ref is None:
        return "time", None, True
    day = ctx.ref + dt.timedelta(days=shift)
    return "time", f"{fmt_day(day)}T{ctx.rules.words['day_parts'][part]}", True


def resolve_weekday(g, ctx, start, end):
    if g.get("plural"):
        return "set", f"XXXX-WXX-{ctx.rules.weekdays[g['weekday']]}", False
    if len(g["weekday"]) < 6 and not ctx.in_ner(start, end):
        return None  # "Sun", "Wed" need the NER's word that they are days
    if ctx.ref is None:
        return _with_day_part(f"XXXX-WXX-{ctx.rules.weekdays[g['weekday']]}", g, ctx.rules)
    tense = ctx.tense(start, end)
    ahead = tense in ("future", "present")
    day = weekday_date(ctx.ref, ctx.rules.weekdays[g["weekday"]], "future" if ahead else "past")
    return _with_day_part(fmt_day(day), g, ctx.rules)


def resolve_holiday(g, ctx, start, end):
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    if span is not None and span[-1].dep_ == "compound" and span[-1].head.i > span[-1].i:
        return None  # "Christmas trees", "Election Day polls" name things, not days
    rule = ctx.rules.holidays[g["holiday"]]
    year = _year(g.get("year"))
    if year is None:
        if ctx.ref is None:
            return UNANCHORED
        probe = holiday_date(rule, ctx.ref.year)
        year = year_for(ctx.ref, probe.month, probe.day, ctx.tense(start, end), ctx.tense_penalty)
    return "date", fmt_day(holiday_date(rule, year)), not g.get("year")


def resolve_month(g, ctx, start, end):
    # "May", "March" are often a verb or a name: they need a date context.
    if g["month"] in ctx.rules.words["ambiguous_months"] and not (
        g.get("mod") or ctx.in_ner(start, end) or ctx.word_before(start) in TEMPORAL_PREPOSITIONS
    ):
        return None
    return resolve_calendar(g, ctx, start, end)


def resolve_decade(g, ctx, start, end):
    if g.get("short"):
        century = "19" if int(g["short"]) > (ctx.ref.year % 100 // 10 if ctx.ref else 2) else "20"
        return "date", century + g["short"], False
    return "date", g["decade"], False


def resolve_year(g, ctx, start, end):
    if not (
        g.get("mod")
        or g.get("fiscal")
        or ctx.in_ner(start, end)
        or ctx.word_before(start) in TEMPORAL_PREPOSITIONS
    ):
        return None
    return "date", g["year"] + _half_of_year(g, ctx.rules), False


def _half_of_year(g: dict, rules: TimeRules) -> str:
    """'the first half of 2016' is 2016-H1; other modifiers keep the year."""
    half = rules.words["half_year_modifiers"].get((g.get("mod") or "").lower())
    return f"-{half}" if half else ""


def resolve_ago(g, ctx, start, end):
    if ctx.ref is None:
        return UNANCHORED
    count = ctx.rules.numbers.parse(g["num"]) if g.get("num") else None
    sign = 1 if g["direction"].lower() == "from now" else -1
    if count is None or count != int(count):
        return "date", "FUTURE_REF" if sign > 0 else "PAST_REF", True
    unit = ctx.rules.unit_code(g["unit"])
    shifts = {
        "Y": ("year", 1),
        "DE": ("year", 10),
        "M": ("month", 1),
        "W": ("week", 1),
        "D": ("day", 1),
        "FN": ("week", 2),
    }
    if unit not in shifts:
        return "time", "FUTURE_REF" if sign > 0 else "PAST_REF", True
    name, factor = shifts[unit]
    return "date", _shifted(ctx.ref, name, sign * int(count) * factor), True


def resolve_duration(g, ctx, start, end):
    count = None if g["num"].lower() in ctx.rules.numbers.vague_counts else ctx.rules.numbers.parse(g["num"])
    if count is not None and g.get("half"):
        count += 0.5
    unit = ctx.rules.unit_code(g["unit"])
    if unit in ("Q", "WE") or (count is not None and count > 200 and unit != "MIN"):
        return None
    return "duration", duration_value(count, unit), False


def resolve_vague_units(g, ctx, start, end):
    return "duration", duration_value(None, ctx.rules.unit_code(g["unit"])), False


def resolve_set_every(g, ctx, start, end):
    if g.get("weekday"):
        return "set", f"XXXX-WXX-{ctx.rules.weekdays[g['weekday']]}", False
    count = ctx.rules.numbers.parse(g["num"]) if g.get("num") else 1.0
    if count is None:
        return None
    if g.get("other"):
        count *= 2
    return "set", duration_value(count, ctx.rules.unit_code(g["unit"])), False


def resolve_set_per(g, ctx, start, end):
    if g["per"].lower() != "per" and not _follows_amount(ctx.text[max(0, start - 30) : start]):
        return None
    return "set", duration_value(1.0, ctx.rules.unit_code(g["unit"])), False


_AMOUNT_END = re.compile(
    r"(?:\d|%|percent|cents?|dollars?|times|twice|once|thrice|"
    r"million|billion|thousand|hundred)[\s-]*$",
    re.IGNORECASE,
)


def _follows_amount(text_before: str) -> bool:
    return bool(_AMOUNT_END.search(text_before))


def resolve_set_adverb(g, ctx, start, end):
    return "set", ctx.rules.words["set_adverbs"][g["adverb"].lower()], False


def resolve_clock(g, ctx, start, end):
    if g.get("clockword"):
        clock = ctx.rules.words["clock_words"][g["clockword"].lower()]
    elif g.get("oclock"):
        hour = ctx.rules.numbers.parse(g["oclock"])
        if hour is None or not 1 <= hour <= 12:
            return None
        clock = f"{int(hour):02d}:00"
    else:
        hour = int(g["hour"]) % 12 + (12 if g["ampm"].lower().startswith("p") else 0)
        clock = f"{hour:02d}:{g.get('minute') or '00'}"
    day = fmt_day(ctx.ref) if ctx.ref else "XXXX-XX-XX"
    return "time", f"{day}T{clock}", True


RESOLVERS = {name[len("resolve_") :]: fn for name, fn in globals().items() if name.startswith("resolve_")}


# ---------------------------------------------------------------- the component


@Language.factory(
    "newsgraph_times",
    assigns=["doc._.times", "doc._.times_reference"],
    requires=["doc.ents", "token.dep", "token.head", "token.lemma", "token.tag"],
    # tense_penalty: how many times as far a month-day on the side the verb's tense contradicts counts.
    default_config={"tense_penalty": TENSE_PENALTY},
)
def make_times(nlp: Language, name: str, tense_penalty: float) -> TimeTagger:
    return TimeTagger(tense_penalty=tense_penalty)


class TimeTagger:
    """The spaCy component. Its vocabulary and rules are read when it is made and saved with the
    pipeline (``to_disk``/``from_disk``)."""

    def __init__(self, rules_dir: Path = DEFAULT_RULES, tense_penalty: float = TENSE_PENALTY):
        self.rules = TimeRules.from_dir(rules_dir)
        self.tense_penalty = tense_penalty

    def __call__(self, doc: Doc) -> Doc:
        ref, doc._.times_reference = _reference_date(doc, self.rules)
        ner_chars = {
            i
            for ent in doc.ents
            if ent.label_ in ("DATE", "TIME")
            for i in range(ent.start_char, ent.end_char)
        }
        text = doc.text
        ctx = Context(doc, text, ref, ner_chars, self.rules, self.tense_penalty)
        found = _join(_select(_candidates(ctx)), text, self.rules)
        anchor = ref.isoformat() if ref else None
        doc._.times = [
            shapes.time_expression(text, s, e, kind, value, anchor if relative else None)
            for s, e, kind, value, relative in found
        ]
        return doc

    def to_disk(self, path: str | Path, exclude: tuple = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.rules.to_dir(path)

    def from_disk(self, path: str | Path, exclude: tuple = ()) -> TimeTagger:
        self.rules = TimeRules.from_dir(Path(path))
        return self


def _reference_date(doc: Doc, rules: TimeRules) -> tuple[dt.date | None, shapes.TimesReference]:
    """The given reference date, else the latest full date in the text (marked 'inferred'); and
    the ``{"date", "source"}`` record of it."""
    given: shapes.TimesReference = {"date": doc._.reference_date, "source": doc._.reference_date_source}
    if given["date"]:
        try:
            return dt.date.fromisoformat(str(given["date"])[:10]), given
        except ValueError:
            pass
    ctx = Context(doc, doc.text, None, set(), rules)
    dates = [
        value
        for _s, _e, kind, value, relative in _candidates(ctx)
        if kind == "date" and not relative and DAY_VALUE.fullmatch(value)
    ]
    if not dates:
        return None, given
    return dt.date.fromisoformat(max(dates)), {"date": max(dates), "source": "inferred"}


def _candidates(ctx: Context) -> list[tuple]:
    """Every accepted rule match: (start, end, type, value, relative, rule index)."""
    found = []
    # Expressions start at a number or at a word of the vocabulary: trying the rules only at
    # such tokens is many times cheaper than scanning every character.
    starts = [
        t.idx
        for t in ctx.doc
        if t.text[0].isdigit()
        or t.text[0] in "'’‘"
        or t.lower_.split("-")[0].rstrip(".") in ctx.rules.lead_words
    ]  # "mid-2016", "Nov."
    for index, rule in enumerate(ctx.rules.rules):
        for match in filter(None, (rule.regex.match(ctx.text, pos) for pos in starts)):
            start, end = match.span()
            if start == end or not _on_word_edges(ctx.text, start, end):
                continue
            if ctx.text[start:end].lower() in ctx.rules.not_times:
                continue
            groups = {k: v for k, v in match.groupdict().items() if v is not None}
            resolved = RESOLVERS[rule.resolver](groups, ctx, start, end)
            if resolved:
                found.append((start, end, *resolved, index))
    return [c[:5] for c in sorted(found, key=lambda c: (c[0] - c[1], c[5]))]


def _on_word_edges(text: str, start: int, end: int) -> bool:
    """A match must not start or end inside a word ("Mayor", "2016a")."""
    inside = lambda i: 0 < i < len(text) and text[i - 1].isalnum() and text[i].isalnum()  # noqa: E731
    return not inside(start) and not inside(end)


def _select(candidates: list[tuple]) -> list[tuple]:
    """Longest first (rule order breaks ties); drop whatever overlaps a chosen match."""
    chosen: list[tuple] = []
    for cand in candidates:
        if all(cand[1] <= c[0] or cand[0] >= c[1] for c in chosen):
            chosen.append(cand)
    return sorted(chosen)


def _join(found: list[tuple], text: str, rules: TimeRules) -> list[tuple]:
    """Merge neighbours that make one expression: a date and its clock time ("Tuesday at
    8 p.m."), or the ends of a range ("from March to May", "between 2001 and 2005")."""
    merged: list[tuple] = []
    for item in found:
        if merged:
            prev = merged[-1]
            joined = _join_pair(prev, item, text, rules)
            if joined:
                merged[-1] = joined
                continue
        merged.append(item)
    return merged


def _join_pair(first: tuple, second: tuple, text: str, rules: TimeRules) -> tuple | None:
    if first[3] is None or second[3] is None:
        return None
    between = text[first[1] : second[0]]
    if rules.join_date_time.match(between):
        clock, day = (first, second) if _is_clock(first) else (second, first)
        if _is_clock(clock) and not _is_clock(day) and DAY_VALUE.fullmatch(day[3]):
            return (first[0], second[1], "time", _at_clock(day[3], clock[3][11:]), True)
    if (
        first[2] == second[2] == "date"
        and rules.join_range.match(between)
        and len(first[3]) == len(second[3])
    ):
        lead = rules.range_lead.search(text[max(0, first[0] - 9) : first[0]])
        if (lead or between.strip() in "-–—") and first[3] < second[3]:
            return (first[0], second[1], "range", f"{first[3]}/{second[3]}", first[4] or second[4])
    return None


def _is_clock(item: tuple) -> bool:
    return item[2] == "time" and item[3][11:12].isdigit()


def _at_clock(day_value: str, clock: str) -> str:
    """A day ("2016-09-12" or "2016-09-12TAF") at a clock time; an afternoon, evening or
    night makes "6 o'clock" 18:00."""
    day, _, part = day_value.partition("T")
    hour = int(clock[:2])
    if part in ("AF", "EV", "NI") and hour < 12:
        clock = f"{hour + 12:02d}{clock[2:]}"
    return f"{day}T{clock}"
