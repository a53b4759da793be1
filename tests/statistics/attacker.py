"""A reader who keeps every release of the statistics and subtracts (issue #17): what can he
work out of the hidden figures?"""

from collections import Counter
from fractions import Fraction

from workflows.statistics.tables import ALL, TOTAL, entity_columns

COLUMNS = [ALL, *entity_columns()]
# The tables whose total is the number of cases (shared with the cases table).
COUNTING_CASES = {"cases", "months", "platforms", "accounts", "departments", "outcomes"}


def cell_id(table, row: str, view: str) -> tuple:
    if row == TOTAL and table.key in COUNTING_CASES:
        return ("cases", TOTAL, view)
    return (table.key, row, view)


def lines_of(table) -> list[tuple[list, tuple | None]]:
    """What a reader knows adds up in `table`: each row over the entities to "all"; each view's
    rows to its total, each group to its subtotal."""
    rows = [r.key for r in table.rows] + ([TOTAL] if table.total_label else [])
    found = [([(r, e) for e in entity_columns()], (r, ALL)) for r in rows]
    if table.total_label:
        for view in COLUMNS:
            found.append(([(r.key, view) for r in table.rows if not r.group], (TOTAL, view)))
            found.extend(([(r.key, view) for r in table.rows if r.group == sub.key],
                          (sub.key, view)) for sub in table.rows if sub.subtotal)
    return found


class Reader:
    """Someone who kept every release, and who knows which figures kept their value from one
    release to another (he knows every change, the worst case): a figure is then one unknown
    in every release where it has that value, (table, row, view, value)."""

    def __init__(self):
        self.shown, self.hidden, self.equations = {}, set(), []

    def read(self, stats) -> None:
        """Every table of a year's release (`YearStatistics`)."""
        for table in [stats.cases, *stats.tables.values()]:
            self.read_table(table)

    def read_table(self, table) -> None:
        def unknown(cell):
            return (*cell_id(table, *cell), table.values.get(cell, 0))
        for cell, value in table.values.items():
            if table.hidden.get(cell):
                self.hidden.add(unknown(cell))
            else:
                self.shown[unknown(cell)] = value
        self.equations.extend(([unknown(p) for p in parts], unknown(total))
                              for parts, total in lines_of(table))

    def subtract(self) -> dict:
        """Every equation with one unknown left solved, again and again, across releases."""
        known = dict(self.shown)
        progress = True
        while progress:
            progress = False
            for parts, total in self.equations:
                unknown = [m for m in [*parts, total] if m not in known]
                if len(unknown) != 1:
                    continue
                missing = unknown[0]
                rest = sum(known[p] for p in parts if p != missing)
                known[missing] = rest if missing == total else known[total] - rest
                progress = True
        return known

    def eliminate(self) -> set:
        """The unknowns that any combination of the equations determines (exact elimination)."""
        known = self.shown
        rows = []
        for parts, total in self.equations:
            row = Counter()
            for part in parts:
                row[part] += 1
            row[total] -= 1
            constant = -sum(c * known[v] for v, c in row.items() if v in known)
            row = {v: Fraction(c) for v, c in row.items() if v not in known and c}
            if row:
                rows.append((row, Fraction(constant)))
        return determined(rows)


def determined(rows: list) -> set:
    """Gauss-Jordan: a variable is determined when a reduced row holds it alone."""
    pivots = []
    for row, constant in rows:
        row = dict(row)
        for pivot, (prow, pconst) in pivots:
            if row.get(pivot):
                factor = row[pivot]
                for v, c in prow.items():
                    row[v] = row.get(v, 0) - factor * c
                constant -= factor * pconst
                row = {v: c for v, c in row.items() if c}
        if not row:
            continue
        pivot = next(iter(sorted(row, key=str)))
        factor = row[pivot]
        row = {v: c / factor for v, c in row.items()}
        constant /= factor
        for i, (other, (orow, oconst)) in enumerate(pivots):
            if orow.get(pivot):
                f = orow[pivot]
                orow = {v: orow.get(v, 0) - f * row.get(v, 0) for v in set(orow) | set(row)}
                pivots[i] = (other, ({v: c for v, c in orow.items() if c}, oconst - f * constant))
        pivots.append((pivot, (row, constant)))
    return {pivot for pivot, (row, _constant) in pivots if len(row) == 1}
