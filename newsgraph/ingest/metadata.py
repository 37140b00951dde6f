"""Metadata found in article text: full dates, datelines, dated captions, people's names."""

from __future__ import annotations

import functools
import re
import tomllib
from datetime import date
from pathlib import Path

from newsgraph.deprecation import renamed

NAME_WORDS = tomllib.loads((Path(__file__).parent / "data" / "names.toml").read_text(encoding="utf-8"))

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
MONTH_NUMBER = {
    name: i
    for i, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
# Only full dates (day, month and year): "June 13, 2023", "13 June 2023", "2023-06-13".
FULL_DATE = re.compile(
    rf"\b(?:(?P<m1>{MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{MONTH}),?\s+(?P<y2>\d{{4}})"
    rf"|(?P<y3>\d{{4}})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}}))\b"
)
# "WASHINGTON, June 13, 2023 —", "KYIV, Ukraine, June 13, 2023 (Reuters) -": a place in capitals
# (or title case before a comma), a full date, maybe an agency, then a dash.
DATELINE = re.compile(
    rf"^[A-Z][A-Za-z.'’ -]{{1,40}}(?:,\s*[A-Z][A-Za-z.' -]{{1,30}})?,\s*"
    rf"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?P<date>{FULL_DATE.pattern[2:-2]})"
    rf"\s*(?:\([^()]{{1,40}}\)\s*)?[-—–]"
)
NOT_NAME_STARTS = frozenset(NAME_WORDS["not_name_starts"])
NAME_PARTICLES = frozenset(NAME_WORDS["particles"])
NAME_SEPARATORS = re.compile(r"\s*(?:,|;|\band\b|&|\|)\s*")
# Capitalised words, initials, and quoted nicknames ('Amanda "Tania Mae" Tan').
NAME_TOKEN = re.compile(r"[\"“‘]?[A-Z][\w.'’-]*[\"”’]?|[A-Z]\.", re.U)
# Words around a name in credit lines: the outlet ("CNN's", "Fox News'"), the role ("Associated
# Press writer", "staff reporters") before it, and where the reporter was ("in London") after it.
OUTLET_POSSESSIVE = re.compile(r"^[A-Z][\w.&-]*(?: [A-Z][\w.&-]*){0,3}['’]s?\s+(?=[A-Z])")
ROLE_PREFIX = re.compile(
    r"^(?:[A-Z][\w.&]*(?: [A-Z][\w.&]*){{0,3}} )?(?i:(?:{}) )?(?i:{})s?\s+(?=[A-Z])".format(
        "|".join(NAME_WORDS["role_qualifiers"]), "|".join(NAME_WORDS["roles"])
    )
)
PLACE_SUFFIX = re.compile(r"\s+(?:in|from) [A-Z][\w.’' -]{1,40}$")


def full_dates(text: str) -> list[str]:
    """Every full date in ``text`` as ISO ``YYYY-MM-DD`` (impossible dates are skipped)."""
    return [iso for m in FULL_DATE.finditer(text) if (iso := _iso(m))]


def first_full_date(text: str) -> str | None:
    dates = full_dates(text)
    return dates[0] if dates else None


def dateline_date(paragraph: str) -> str | None:
    """The date of a dateline that opens ``paragraph``, if it is a full date."""
    match = DATELINE.match(paragraph)
    return first_full_date(match.group("date")) if match else None


def parse_date(value: str | None) -> str | None:
    """A date string from metadata or the user ("2023-06-13T10:00:00+02:00", "June 13, 2023")
    to ISO ``YYYY-MM-DD``; None if it is not a full date."""
    if not value:
        return None
    value = value.strip()
    iso = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if iso:
        return _checked(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    found = first_full_date(value)
    return found or _dateparser_date(value)


def split_names(text: str) -> list[str]:
    """ "Reuters and CNN's Jack Phillips" -> ["Reuters", "Jack Phillips"], "Associated Press
    writers Jane Doe in London and John Roe" -> ["Jane Doe", "John Roe"]; ALL-CAPS names
    title-cased."""
    names = []
    for part in NAME_SEPARATORS.split(text.strip().rstrip(".")):
        name = OUTLET_POSSESSIVE.sub("", part.strip(" ."))
        name = PLACE_SUFFIX.sub("", ROLE_PREFIX.sub("", name))
        if name:
            names.append(normalize_name(name))
    return names


def normalize_name(name: str) -> str:
    """ "JANE DOE" -> "Jane Doe"; short all-capitals names are acronyms ("CNN") and stay."""
    return name.title() if name.isupper() and len(name) > 4 else name


def looks_like_name(text: str) -> bool:
    """A person's or organisation's name: 1-6 capitalised words (particles allowed), no digits."""
    words = text.split()
    if not 1 <= len(words) <= 6 or any(ch.isdigit() for ch in text):
        return False
    if words[0].lower() in NOT_NAME_STARTS:
        return False
    return all(NAME_TOKEN.fullmatch(w) or w.lower() in NAME_PARTICLES for w in words)


def _iso(match: re.Match) -> str | None:
    groups = match.groupdict()
    if groups["y3"]:
        return _checked(int(groups["y3"]), int(groups["m3"]), int(groups["d3"]))
    year, month, day = (
        (groups["y1"], groups["m1"], groups["d1"])
        if groups["y1"]
        else (groups["y2"], groups["m2"], groups["d2"])
    )
    return _checked(int(year), MONTH_NUMBER[month[:3].lower()], int(day))


def _checked(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


@functools.lru_cache(maxsize=1)
def _dateparser():
    import dateparser  # slow to import: only when a date is in a form our patterns miss

    return dateparser


def _dateparser_date(value: str) -> str | None:
    parsed = _dateparser().parse(
        value,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"},
    )
    return parsed.date().isoformat() if parsed else None


__getattr__ = renamed(__name__, {"normalise_name": "normalize_name"})
