"""Computing legal deadlines from rulebook entries.

Working days follow labour law (art. 35 Arbeidsovereenkomstenwet): every day except Sundays and the
legal public holidays; Saturday counts (law of 26 December 2022 keeps Saturday a working day in
labour law). Counting starts the day after the starting day.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta

from workflows.models.rulebook import DeadlineUnit

SUNDAY = 6


@lru_cache(maxsize=64)
def belgian_public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.BE(years=year, categories=("public",)).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() != SUNDAY and day not in belgian_public_holidays(day.year)


def add_working_days(start: date, count: int) -> date:
    """The `count`-th working day after `start` (the starting day itself never counts)."""
    day = start
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not after `start`)."""
    day, count = start, 0
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count


def due_date(*, start: date, length: int, unit: str) -> date:
    if unit == DeadlineUnit.WORKING_DAYS:
        return add_working_days(start, length)
    if unit == DeadlineUnit.CALENDAR_DAYS:
        return start + timedelta(days=length)
    if unit == DeadlineUnit.MONTHS:
        return start + relativedelta(months=length)
    raise ValueError(f"Unknown deadline unit: {unit}")
