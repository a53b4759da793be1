"""Protected tables: counts per category (rows) and employing entity (columns, plus all entities).

A table is built once for the whole year, protected as a whole, and each view shows one of its
columns: what the municipality sees and what all entities together show come from the same
protected cells, so subtracting one view from another recovers nothing.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from incidents.models import EmployingEntity
from workflows.statistics.protection import (
    COMPLEMENTARY, NOTHING_SEEN, PRIMARY, Line, Seen, exposed, protect)

ALL = "all"
TOTAL = "total"
HIDDEN_MARK = "×"


def entity_columns() -> list[str]:
    return list(EmployingEntity.values)


@dataclass(frozen=True)
class RowSpec:
    key: str
    label: str
    group: str | None = None  # the subtotal row this row adds up to
    subtotal: bool = False


@dataclass(frozen=True)
class Figure:
    value: int
    state: str | None
    minimum: int

    @property
    def shown(self) -> bool:
        return self.state is None

    @property
    def display(self) -> str:
        if self.state == PRIMARY:
            return f"< {self.minimum}"
        if self.state == COMPLEMENTARY:
            return HIDDEN_MARK
        return str(self.value)

    @property
    def number(self) -> int | None:
        """The value where it may be published, for exports and charts; None where hidden."""
        return self.value if self.shown else None


@dataclass
class Table:
    key: str
    title: str
    rows: list[RowSpec]
    values: dict
    hidden: dict
    minimum: int
    total_label: str = ""
    columns: list[str] = field(default_factory=entity_columns)
    # Hidden cells that a line gives away, whatever is hidden: what earlier releases showed of
    # its other cells tells it (protection.exposed). Such a table must not be released.
    exposed: set = field(default_factory=set)
    # The table whose total row this one shares (the number of cases per entity), if any.
    total_of: str | None = None

    def figure(self, row: str, column: str = ALL) -> Figure:
        return Figure(self.values.get((row, column), 0), self.hidden.get((row, column)),
                      self.minimum)

    def column(self, column: str = ALL, *, subtotals_only: bool = False) -> list[tuple]:
        rows = [r for r in self.rows if r.subtotal] if subtotals_only else self.rows
        return [(row, self.figure(row.key, column)) for row in rows]

    def total(self, column: str = ALL) -> Figure | None:
        return self.figure(TOTAL, column) if self.total_label else None

    def owner(self, cell: tuple) -> str:
        """The table a cell belongs to: a shared total row is the cases table's."""
        return self.total_of if self.total_of and cell[0] == TOTAL else self.key

    def lines(self) -> list[Line]:
        return _lines(self.rows, self.columns, bool(self.total_label))

    def pattern(self) -> list[list]:
        """Every cell as [row, column, value, state], for the next release (as JSON)."""
        return [[row, column, value, self.hidden.get((row, column))]
                for (row, column), value in self.values.items()]

    def seen(self, before: dict) -> list[list]:
        """What every release up to this one published of each cell, `before` being what the
        earlier ones did (cell -> Seen), as JSON: [row, column, shown values, [value, state]]."""
        seen = dict(before)
        for cell, value in self.values.items():
            seen[cell] = seen.get(cell, NOTHING_SEEN).after(value, self.hidden.get(cell))
        return [[row, column, sorted(known.shown), sorted(known.hidden.items())]
                for (row, column), known in seen.items()]


def seen_from_json(cells: list[list]) -> dict:
    """`Table.seen` read back: cell -> Seen."""
    return {(row, column): Seen(frozenset(shown), {value: state for value, state in hidden})
            for row, column, shown, hidden in cells}


def seen_from_pattern(cells: list[list]) -> list[list]:
    """What one release's cells ([row, column, value, state], `Table.pattern`) published, as
    `Table.seen` (a release stored before every release's knowledge was kept)."""
    return [[row, column, [] if state else [value], [[value, state]] if state else []]
            for row, column, value, state in cells]


def build_table(key: str, title: str, rows: list[RowSpec], counts: Counter, *, minimum: int,
                additive: bool = True, base: "Table | None" = None,
                total_label: str = "", seen: dict | None = None,
                decided: dict | None = None, also: frozenset = frozenset(),
                given_away: frozenset = frozenset()) -> Table:
    """`counts` maps (row key, entity) to a number. Subtotal rows add up their group's rows; the
    total row (if `additive`) adds up the top-level rows. With `base`, the total row's cells keep
    the protection they have in `base` (the number of cases per entity, shared by all tables).
    `seen`: what earlier releases published (cell -> Seen); `decided`: the hidden cells of a
    release already protected (cell -> state), kept as they are; `also`, `given_away`: see
    protection.protect."""
    columns = entity_columns()
    values = _values(rows, counts, columns, additive)
    lines = _lines(rows, columns, additive)
    fixed = {(TOTAL, c): base.hidden.get((TOTAL, c)) for c in columns + [ALL]} if base else None
    label = total_label or (str(_("Total")) if additive else "")
    owner = base.key if base else None
    if decided is not None:
        return Table(key, str(title), rows, values, decided, minimum, str(label), total_of=owner)
    hidden = protect(values, lines, minimum=minimum, fixed=fixed, seen=seen, also=also,
                     given_away=given_away)
    return Table(key, str(title), rows, values, hidden, minimum, str(label),
                 exposed=exposed(values, lines, hidden, seen or {}), total_of=owner)


def _values(rows, counts, columns, additive) -> dict:
    values = {}
    for row in rows:
        if row.subtotal:
            continue
        for column in columns:
            values[(row.key, column)] = counts.get((row.key, column), 0)
    for row in rows:
        if row.subtotal:
            for column in columns:
                values[(row.key, column)] = sum(
                    values[(r.key, column)] for r in rows if r.group == row.key)
    if additive:
        for column in columns:
            values[(TOTAL, column)] = sum(values[(r.key, column)] for r in rows if not r.group)
    keys = [r.key for r in rows] + ([TOTAL] if additive else [])
    for key in keys:
        values[(key, ALL)] = sum(values[(key, column)] for column in columns)
    return values


def _lines(rows, columns, additive) -> list[Line]:
    keys = [r.key for r in rows] + ([TOTAL] if additive else [])
    lines = [Line([(key, c) for c in columns], (key, ALL)) for key in keys]
    if not additive:
        return lines
    for column in columns + [ALL]:
        top = [(r.key, column) for r in rows if not r.group]
        lines.append(Line(top, (TOTAL, column)))
        for row in rows:
            if row.subtotal:
                members = [(r.key, column) for r in rows if r.group == row.key]
                lines.append(Line(members, (row.key, column)))
    return lines
