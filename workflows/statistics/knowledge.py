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

from workflows.statistics.protection import COMPLEMENTARY, NOTHING_SEEN


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


def remedies(tables: list, seen: dict, given: set) -> dict[str, tuple[set, set]]:
    """Per table, what may protect the hidden figures that combining lines gives away (`given`,
    unknowns): a complement chosen for this release is shown instead and another one chosen
    (`given_away`: it is worked out anyway); a figure that must stay hidden gets one more hidden
    cell, the smallest unknown one, in each of its lines that has one to offer (`also`)."""
    found = {}
    for table in tables:
        known = seen.get(table.key, {})
        also, away = set(), set()
        for cell, value in table.values.items():
            if not table.hidden.get(cell) or (table.owner(cell), *cell, value) not in given:
                continue
            if (table.owner(cell) == table.key and table.hidden[cell] == COMPLEMENTARY
                    and value not in known.get(cell, NOTHING_SEEN).hidden):
                away.add(cell)
                continue
            also |= _one_more_per_line(table, cell, known)
        if also or away:
            found[table.key] = (also, away)
    return found


def _one_more_per_line(table, cell: tuple, known: dict) -> set:
    more = set()
    for line in table.lines():
        members = line.cells()
        if cell not in members:
            continue
        candidates = [m for m in members if not table.hidden.get(m)
                      and table.owner(m) == table.key
                      and not known.get(m, NOTHING_SEEN).knows(table.values.get(m, 0))]
        if candidates:
            more.add(min(candidates, key=lambda m: (table.values.get(m, 0) == 0,
                                                   table.values.get(m, 0))))
    return more


def safeguarded(build, before: "Equations", seen: dict) -> tuple:
    """A release that lets no reader work out a hidden figure from it and every earlier one
    (`before`), if remedies can make one: `build(remedies)` protects the release with them and
    returns it and its tables. Returns (release, equations with it, what it still gives away:
    empty when it may be published; else it must be held back)."""
    chosen = {}
    while True:
        built, tables = build(chosen)
        equations = before.extended(release_equations(tables, seen))
        given = equations.determined() | {(table.owner(cell), *cell, table.values.get(cell, 0))
                                          for table in tables for cell in table.exposed}
        if not given:
            return built, equations, given
        more = dict(chosen)
        for key, (also, away) in remedies(tables, seen, given).items():
            before_also, before_away = chosen.get(key, (set(), set()))
            more[key] = (before_also | also, before_away | away)
        if more == chosen:
            return built, equations, given
        chosen = more
