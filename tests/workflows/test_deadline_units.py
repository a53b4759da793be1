"""A rulebook entry with a unit the calculator does not know is refused, never computed as if it
were working days or months (a mutant that survived the rest of the suite, docs/testing.md)."""

import datetime

import pytest

from workflows.deadlines import due_date


@pytest.mark.parametrize("unit", ["years", "weeks", ""])
def test_an_unknown_unit_is_refused(unit):
    with pytest.raises(ValueError, match="Unknown deadline unit"):
        due_date(start=datetime.date(2026, 11, 30), length=3, unit=unit)
