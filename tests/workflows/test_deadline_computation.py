"""Art. 35 working days: every day except Sundays and legal public holidays; Saturday counts;
counting starts the day after. Every expected date below was worked out by hand on a calendar."""

import datetime

import pytest

from workflows.deadlines import add_working_days, due_date, working_days_between
from workflows.models import DeadlineUnit

D = datetime.date


@pytest.mark.parametrize(
    ("knowledge", "expected", "why"),
    [
        (D(2026, 11, 20), D(2026, 11, 24), "Fri: Sat counts, Sun skipped, Mon, Tue"),
        (D(2026, 4, 2), D(2026, 4, 7), "Thu: Fri, Sat, Easter Sunday and Easter Monday skipped, Tue"),
        (D(2026, 5, 22), D(2026, 5, 27), "Fri: Sat, Sun and Whit Monday skipped, Tue, Wed"),
        (D(2026, 7, 20), D(2026, 7, 24), "Mon: 21 July skipped, Wed, Thu, Fri"),
        (D(2026, 11, 10), D(2026, 11, 14), "Tue: 11 November skipped, Thu, Fri, Sat"),
        (D(2026, 12, 24), D(2026, 12, 29), "Thu: Christmas and Sunday skipped, Sat, Mon, Tue"),
        (D(2026, 7, 10), D(2026, 7, 14), "Fri: 11 July (Flemish holiday) is a working day"),
        (D(2026, 12, 30), D(2027, 1, 4), "Wed: Thu 31, New Year skipped, Sat 2, Sun skipped, Mon 4"),
    ],
)
def test_three_working_days_after_knowledge(knowledge, expected, why):
    assert add_working_days(knowledge, 3) == expected, why


def test_dismissal_deadline_skips_sunday_and_easter_monday():
    # Saturday 4 April 2026 known; Sun 5 (Easter) and Mon 6 (Easter Monday) do not count.
    assert add_working_days(D(2026, 4, 4), 3) == D(2026, 4, 9)


def test_starting_day_itself_never_counts():
    assert add_working_days(D(2026, 11, 23), 1) == D(2026, 11, 24)


@pytest.mark.parametrize("count", [0, -1])
def test_no_working_day_to_add_leaves_the_starting_day(count):
    assert add_working_days(D(2026, 3, 2), count) == D(2026, 3, 2)


def test_no_working_days_lie_between_a_day_and_an_earlier_or_the_same_day():
    assert working_days_between(D(2026, 3, 9), D(2026, 3, 2)) == 0
    assert working_days_between(D(2026, 3, 9), D(2026, 3, 9)) == 0


def test_calendar_days_count_every_day():
    assert due_date(start=D(2026, 11, 25), length=60, unit=DeadlineUnit.CALENDAR_DAYS) == D(2027, 1, 24)


def test_months_end_on_the_same_day_or_the_month_end():
    assert due_date(start=D(2026, 8, 31), length=6, unit=DeadlineUnit.MONTHS) == D(2027, 2, 28)
