"""Computing legal deadlines from rulebook entries.

Working days follow labour law (art. 35 Arbeidsovereenkomstenwet): every day except Sundays and the
legal public holidays; Saturday counts (law of 26 December 2022 keeps Saturday a working day in
labour law). Counting starts the day after the starting day.

Judicial Code working days (art. 53bis Ger.W., e.g. a registered letter's presumed receipt) also
leave out Saturdays. A rule may move a last day that falls on a Saturday, Sunday or public holiday
to the next such working day (Civil Code, Book 1, art. 1.7): `moves_to_next_working_day`.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta

from workflows.models.rulebook import DeadlineUnit

SATURDAY, SUNDAY = 5, 6


@lru_cache(maxsize=64)
def belgian_public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.BE(years=year, categories=("public",)).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() != SUNDAY and day not in belgian_public_holidays(day.year)


def is_judicial_working_day(day: date) -> bool:
    return day.weekday() != SATURDAY and is_working_day(day)


def add_working_days(start: date, count: int, *, is_working=is_working_day) -> date:
    """The `count`-th working day after `start` (the starting day itself never counts)."""
    day = start
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if is_working(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date, *, is_working=is_working_day) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not after `start`)."""
    day, count = start, 0
    while day < end:
        day += timedelta(days=1)
        count += is_working(day)
    return count


def next_judicial_working_day(day: date) -> date:
    """`day` itself, or the first day after it that is not a Saturday, Sunday or holiday."""
    while not is_judicial_working_day(day):
        day += timedelta(days=1)
    return day


def due_date(*, start: date, length: int, unit: str, moves: bool = False) -> date:
    if unit == DeadlineUnit.WORKING_DAYS:
        return add_working_days(start, length)
    if unit == DeadlineUnit.JUDICIAL_WORKING_DAYS:
        return add_working_days(start, length, is_working=is_judicial_working_day)
    if unit == DeadlineUnit.CALENDAR_DAYS:
        end = start + timedelta(days=length)
    elif unit == DeadlineUnit.MONTHS:
        end = start + relativedelta(months=length)
    else:
        raise ValueError(f"Unknown deadline unit: {unit}")
    return next_judicial_working_day(end) if moves else end


def rule_due_date(rule, start: date) -> date:
    return due_date(start=start, length=rule.length, unit=rule.unit,
                    moves=rule.moves_to_next_working_day)
