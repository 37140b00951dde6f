"""Normalised times in plain words: the one function (``time_text``) the record, the reports,
the web pages and the API use to show a TIMEX3-style value to people.

    time_text("2023-07", "date", anchor="2023-06-13")   -> "next month (July 2023)"
    time_text("XXXX-WXX-5", "date")                      -> "a Friday of an unknown week"
    time_text("XXXX-WXX-5", "set")                       -> "every Friday"
    time_text("P1D", "duration")                         -> "for a day"
    time_text("PXDE", "duration")                        -> "for decades"
    time_text("2023-06-13TMO", "time")                   -> "the morning of Tuesday, June 13, 2023"

``anchor`` is the reference date the value was resolved against (``TimeExpr.anchor``); with it,
a day, week, month or year next to it is named relative to it ("yesterday", "last week").
Values outside the grammar of ``newsgraph.nlp.times`` give None (show the value itself).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

MONTHS = list(calendar.month_name)
WEEKDAYS = list(calendar.day_name)  # Monday first, as ISO weekdays 1-7
UNITS = {
    "Y": "year",
    "M": "month",
    "W": "week",
    "D": "day",
    "DE": "decade",
    "CE": "century",
    "Q": "quarter",
    "WE": "weekend",
    "FN": "fortnight",
    "H": "hour",
    "S": "second",
    "TH": "hour",
    "TM": "minute",
    "TS": "second",
}
PLURALS = {"century": "centuries"}
DAY_PARTS = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night"}
SEASONS = {"SP": "spring", "SU": "summer", "FA": "fall", "WI": "winter"}
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth"}
REFERENCES = {"PAST_REF": "in the past", "PRESENT_REF": "now", "FUTURE_REF": "in the future"}
RELATIVE_DAYS = {-1: "yesterday", 0: "today", 1: "tomorrow"}
RELATIVE = {-1: "last", 0: "this", 1: "next"}

_PERIOD = re.compile(r"P(?P<clock>T?)(?P<count>\d+(?:\.\d+)?|X)(?P<unit>DE|CE|WE|FN|[YMWDHSQ])")
_CLOCK = re.compile(r"(?P<day>.+)T(?:(?P<part>MO|AF|EV|NI)|(?P<hour>\d{2}):(?P<minute>\d{2}))")
_WEEKDAY = re.compile(r"XXXX-WXX-(?P<weekday>[1-7])")
_DAY = re.compile(r"(?P<year>\d{4}|XXXX)-(?P<month>\d{2})-(?P<day>\d{2})")
_MONTH = re.compile(r"(?P<year>\d{4}|XXXX)-(?P<month>\d{2})")
_WEEK = re.compile(r"(?P<year>\d{4})-W(?P<week>\d{2})(?P<weekend>-WE)?")
_PART_OF_YEAR = re.compile(r"(?P<year>\d{4})-(?:(?P<season>SP|SU|FA|WI)|Q(?P<quarter>[1-4])|H(?P<half>[12]))")


def time_text(value: str | None, type: str | None = None, anchor: str | None = None) -> str | None:
    """``value`` (of ``type``: date, time, range, duration, set) in words; see the module doc."""
    if not value:
        return None
    if value in REFERENCES:
        return REFERENCES[value]
    if "/" in value:
        start, end = (time_text(part, "date") for part in value.split("/", 1))
        return f"from {start} to {end}" if start and end else None
    if (period := _PERIOD.fullmatch(value)) is not None:
        return _period(period, every=type == "set")
    if (clock := _CLOCK.fullmatch(value)) is not None:
        return _clock(clock, type, anchor)
    return _date(value, type, _anchor(anchor))


def _anchor(anchor: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(anchor[:10]) if anchor else None
    except ValueError:
        return None


def _unit(code: str, clock: bool, count: float | None) -> str:
    name = UNITS[("T" + code) if clock and code in "HMS" else code]
    return name if count == 1 else PLURALS.get(name, name + "s")


def _period(match: re.Match, every: bool) -> str:
    """P1D "for a day", P3Y "for 3 years", PXY "for years"; as a set "every day", "every 3 years"."""
    count = None if match["count"] == "X" else float(match["count"])
    unit = _unit(match["unit"], bool(match["clock"]), count)
    if count is None:
        return f"every few {unit}" if every else f"for {unit}"
    if count == 1:
        article = "an" if unit in ("hour", "hours") else "a"
        return f"every {unit}" if every else f"for {article} {unit}"
    amount = f"{count:g}"
    return f"every {amount} {unit}" if every else f"for {amount} {unit}"


def _clock(match: re.Match, type: str | None, anchor: str | None) -> str | None:
    """ "the morning of Tuesday, June 13, 2023", "yesterday evening (…)", "20:00 on …", "every
    Tuesday night"."""
    day = time_text(match["day"], type)
    if day is None:
        return None
    when = DAY_PARTS[match["part"]] if match["part"] else f"{match['hour']}:{match['minute']}"
    if day.startswith("every "):
        return f"{day} {when}" if match["part"] else f"{day} at {when}"
    reference, dated = _anchor(anchor), _DAY.fullmatch(match["day"])
    if reference and dated and dated["year"] != "XXXX":
        offset = (dt.date.fromisoformat(match["day"]) - reference).days
        if offset in RELATIVE_DAYS:
            day_word = RELATIVE_DAYS[offset]
            relative = (
                "tonight"
                if (offset, match["part"]) == (0, "NI")
                else f"{day_word} {when}"
                if match["part"]
                else f"{when} {day_word}"
            )
            return f"{relative} ({day})"
    return f"the {when} of {day}" if match["part"] else f"{when} on {day}"


def _date(value: str, type: str | None, anchor: dt.date | None) -> str | None:
    for pattern, words in (
        (_WEEKDAY, _weekday),
        (_DAY, _day),
        (_WEEK, _week),
        (_PART_OF_YEAR, _part_of_year),
        (_MONTH, _month),
    ):
        if (match := pattern.fullmatch(value)) is not None:
            return words(match, type, anchor)
    if re.fullmatch(r"\d{4}", value):
        return _relative(int(value) - anchor.year, "year", value) if anchor else value
    if re.fullmatch(r"\d{3}", value):
        return f"the {value}0s"
    if re.fullmatch(r"\d{2}", value):
        century = int(value) + 1
        suffix = "th" if 10 <= century % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(century % 10, "th")
        return f"the {century}{suffix} century"
    return None


def _relative(offset: int, unit: str, plain: str) -> str:
    """ "next month (July 2023)" for an offset of -1, 0 or 1 from the anchor, else the plain words."""
    return f"{RELATIVE[offset]} {unit} ({plain})" if offset in RELATIVE else plain


def _weekday(match: re.Match, type: str | None, anchor: dt.date | None) -> str:
    weekday = WEEKDAYS[int(match["weekday"]) - 1]
    return f"every {weekday}" if type == "set" else f"a {weekday} of an unknown week"


def _day(match: re.Match, type: str | None, anchor: dt.date | None) -> str | None:
    month = MONTHS[int(match["month"])]
    if match["year"] == "XXXX":
        return f"{month} {int(match['day'])}, year unknown"
    try:
        day = dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None
    plain = f"{WEEKDAYS[day.weekday()]}, {month} {day.day}, {day.year}"
    offset = (day - anchor).days if anchor else None
    return f"{RELATIVE_DAYS[offset]} ({plain})" if offset in RELATIVE_DAYS else plain


def _week(match: re.Match, type: str | None, anchor: dt.date | None) -> str | None:
    try:
        monday = dt.date.fromisocalendar(int(match["year"]), int(match["week"]), 1)
    except ValueError:
        return None
    if match["weekend"]:
        saturday = monday + dt.timedelta(days=5)
        return f"the weekend of {MONTHS[saturday.month]} {saturday.day}, {saturday.year}"
    plain = f"the week of Monday, {MONTHS[monday.month]} {monday.day}, {monday.year}"
    if anchor is None:
        return plain
    offset = (monday - (anchor - dt.timedelta(days=anchor.weekday()))).days // 7
    return _relative(offset, "week", plain)


def _month(match: re.Match, type: str | None, anchor: dt.date | None) -> str | None:
    month = MONTHS[int(match["month"])] if 1 <= int(match["month"]) <= 12 else None
    if month is None:
        return None
    if match["year"] == "XXXX":
        return f"{month}, year unknown"
    plain = f"{month} {match['year']}"
    if anchor is None:
        return plain
    offset = (int(match["year"]) - anchor.year) * 12 + int(match["month"]) - anchor.month
    return _relative(offset, "month", plain)


def _part_of_year(match: re.Match, type: str | None, anchor: dt.date | None) -> str:
    year = match["year"]
    if match["season"]:
        return f"{SEASONS[match['season']]} {year}"
    if match["quarter"]:
        return f"the {ORDINALS[int(match['quarter'])]} quarter of {year}"
    return f"the {ORDINALS[int(match['half'])]} half of {year}"
