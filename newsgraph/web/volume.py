"""Articles per day, week or month on a continuous time axis: every period between the first and
the last dated article is present (a quiet period is a zero, not a missing bar), and undated
articles are counted apart, for the chart's note. Several series share one axis (comparing
entities)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

Unit = Literal["day", "week", "month"]
UNITS: tuple[Unit, ...] = ("day", "week", "month")
# "auto" picks the finest unit that keeps a chart readable: at most ~3 months of days, ~3 years of weeks.
AUTO_DAYS: dict[Unit, int] = {"day": 92, "week": 3 * 366}


def parse_day(value: str | None) -> date | None:
    """'2016-03-05', '2016-03' or '2016' (a period's first day); None for anything else."""
    if not value:
        return None
    parts = value[:10].split("-") + ["01", "01"]
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def period_start(day: date, unit: Unit) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())  # ISO weeks start on Monday
    if unit == "month":
        return day.replace(day=1)
    return day


def next_period(start: date, unit: Unit) -> date:
    if unit == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start + timedelta(days=7 if unit == "week" else 1)


def choose_unit(first: date, last: date) -> Unit:
    span = (last - first).days
    return next((unit for unit, limit in AUTO_DAYS.items() if span <= limit), "month")


def volume(counts: list[tuple[str, dict]], unit: Unit | Literal["auto"] = "auto") -> dict:
    """``counts``: (series name, {day or None: articles}) pairs. Returns ``{unit, dates,
    series: [{name, counts, undated, total}]}`` with one count per period in ``dates``."""
    dated = [(name, [(parse_day(day), n) for day, n in by_day.items()]) for name, by_day in counts]
    days = [day for _, pairs in dated for day, _ in pairs if day is not None]
    if not days:
        return {
            "unit": "month" if unit == "auto" else unit,
            "dates": [],
            "series": [
                {"name": name, "counts": [], "undated": sum(n for _, n in pairs), "total": 0}
                for name, pairs in dated
            ],
        }
    chosen: Unit = choose_unit(min(days), max(days)) if unit == "auto" else unit
    periods = []
    current, last = period_start(min(days), chosen), period_start(max(days), chosen)
    while current <= last:
        periods.append(current)
        current = next_period(current, chosen)
    position = {period: i for i, period in enumerate(periods)}
    series = []
    for name, pairs in dated:
        values = [0] * len(periods)
        undated = 0
        for day, n in pairs:
            if day is None:
                undated += n
            else:
                values[position[period_start(day, chosen)]] += n
        series.append({"name": name, "counts": values, "undated": undated, "total": sum(values)})
    return {"unit": chosen, "dates": [p.isoformat() for p in periods], "series": series}
