"""What a reader can work out from every release of a year, by any combination of its equations.

Each release publishes lines that add up (protection.Line). A reader who keeps every release and
knows which figures kept their value from one release to another (he knows every change: the
worst case) sees one unknown per hidden figure and value, (table, row, column, value), shared by
every release where the figure has that value, and one equation per line: its hidden cells add
up to what its shown cells leave. Subtracting one line from another (or any sum of them) works
out an unknown exactly when the unknown's own unit row lies in the span of these equations; the
reduced row echelon form of the equations holds it then as a row of one unknown (`determined`).

Only the coefficients are kept, not the values: whether an unknown can be worked out does not
depend on them. The reduced form of every release so far is stored with the year's release
(`StatisticsSnapshot.release["equations"]`), so that a release is checked against all earlier
ones by reading one row; its size grows with the number of hidden figures, not of cases.
"""

import json
from fractions import Fraction

from workflows.statistics.protection import NOTHING_SEEN


class Equations:
    """The equations of the hidden figures, in reduced row echelon form: pivot -> row, a row
    being {unknown: coefficient} with the pivot's coefficient 1 and no other row's pivot in it."""

    def __init__(self, rows: dict | None = None):
        self.rows = rows or {}

    @classmethod
    def from_json(cls, data: list) -> "Equations":
        return cls({_unknown(pivot): {_unknown(u): Fraction(c) for u, c in row}
                    for pivot, row in data})

    def as_json(self) -> list:
        return [[json.dumps(pivot), [[json.dumps(u), str(c)] for u, c in sorted(row.items())]]
                for pivot, row in sorted(self.rows.items())]

    def extended(self, equations: list[dict]) -> "Equations":
        """These equations and `equations` ({unknown: coefficient} each) together."""
        reduced = Equations({pivot: dict(row) for pivot, row in self.rows.items()})
        for equation in equations:
            reduced._add(equation)
        return reduced

    def determined(self) -> set:
        """The unknowns that some combination of the equations gives on their own."""
        return {pivot for pivot, row in self.rows.items() if len(row) == 1}

    def _add(self, equation: dict) -> None:
        row = {u: Fraction(c) for u, c in equation.items() if c}
        for pivot in [u for u in row if u in self.rows]:
            _subtract(row, self.rows[pivot], row.get(pivot, 0))
        if not row:
            return  # nothing new: the earlier equations already say it
        pivot = min(row)
        row = {u: c / row[pivot] for u, c in row.items()}
        for other in self.rows.values():
            _subtract(other, row, other.get(pivot, 0))
        self.rows[pivot] = row


def _subtract(row: dict, pivot_row: dict, factor: Fraction) -> None:
    if not factor:
        return
    for unknown, coefficient in pivot_row.items():
        value = row.get(unknown, 0) - factor * coefficient
        if value:
            row[unknown] = value
        else:
            row.pop(unknown, None)


def _unknown(text: str) -> tuple:
    return tuple(json.loads(text))


def release_equations(tables: list, seen: dict) -> list[dict]:
    """One release's lines over its unknowns: the cells hidden and not known from an earlier
    release (`seen`: table key -> cell -> Seen)."""
    equations = []
    for table in tables:
        known = seen.get(table.key, {})

        def unknown(cell):
            value = table.values.get(cell, 0)
            if not table.hidden.get(cell) or known.get(cell, NOTHING_SEEN).knows(value):
                return None
            return (table.owner(cell), *cell, value)

        for line in table.lines():
            equation = {}
            total = [(line.total, -1)] if line.total is not None else []
            for cell, sign in [*((part, 1) for part in line.parts), *total]:
                name = unknown(cell)
                if name is not None:
                    equation[name] = equation.get(name, 0) + sign
            if any(equation.values()):
                equations.append(equation)
    return equations
