"""The figures of a year change only in steps, so that two views of the statistics page, before
and after a refresh, never differ by one case (differencing attack, issue #17).

Every view of a year is a column of one table: an employing entity, or all of them, which is the
sum of the entities. So the figures are published per employing entity, in four parts that do
not depend on each other: the cases (per month, platform, account, department, outcome, and the
durations), the provisions, the legal deadlines and the appeals. A part of an entity is published
anew only when, since its last publication, every figure of it that moved has moved by at least
the threshold (`STATISTICS_MIN_COUNT`) of changed cases, and then takes all of them at once.
Until then it keeps the figures it had; the page says so (`Release.held`).

The number of changed cases is not known from grouped counts, only bounded from below: a case
that enters a table adds one to a cell, a case that moves takes one from a cell and adds one to
another. A figure has moved by at least `max(|change of its total|, ceil(sum of |changes| / 2))`
cases; the step is taken only when that lower bound reaches the threshold. What the step does not
prevent is named in statistics/README.md.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from incidents.models import EmployingEntity

# The figures of each part, with what identifies a cell of them (never a label: a provision's
# text corrected in the rulebook moves no case).
PARTS = {
    "cases": {"months": ("key",), "platforms": ("key",), "accounts": ("key",),
              "departments": ("key",), "outcomes": ("track", "regime", "outcome", "sanction"),
              "spreads": ()},
    "provisions": {"provisions": ("key",)},
    "deadlines": {"deadlines": ("code", "result")},
    "appeals": {"appeals": ("key",)},
}
# Cells that a case only moves into when something happens to it (it is decided, its appeal
# is): checked on their own as well, so that five new cases cannot carry one older case's
# outcome along (their total change would otherwise count the five).
SETTLED = {"outcomes": "outcome", "appeals": "key"}
# Figures that count a case more than once (several provisions, deadlines, appeals): moved by
# at least the lower bound divided by the most that one case counts (`most_per_case`).
COUNTED_PER_CASE = {"provisions": "provisions", "deadlines": "deadlines", "appeals": "appeals",
                    "appeals:settled": "appeals"}


@dataclass
class Release:
    """What the page shows of a year: the published summary, when each part was counted, and the
    parts whose newer changes are held back until enough have accumulated (None: since the start
    of the year)."""

    summary: dict
    counted_at: dict  # part name "entity|part" -> ISO time
    held: dict  # part name -> ISO time of its publication, or None when never published
    most_per_case: dict  # entity -> the most any case counted in a figure, over every count
    fresh: frozenset = frozenset()  # the parts published anew by this release

    def parts_to_hold(self, table: str, column: str) -> set[str]:
        """The parts published anew whose figures make up `column` of `table` (every entity's
        for "all" or when the column's own entity is not new), to hold back (snapshots.py)."""
        part = "cases" if table == "cases" else next(
            name for name, figures in PARTS.items() if table in figures)
        names = {f"{entity}|{part}" for entity in EmployingEntity.values
                 if column in (entity, "all")} & self.fresh
        return names or {f"{entity}|{part}" for entity in EmployingEntity.values} & self.fresh

    def as_json(self) -> dict:
        return {"summary": self.summary, "counted_at": self.counted_at, "held": self.held,
                "most_per_case": self.most_per_case}


def part_of(summary: dict, entity: str, part: str) -> dict:
    """The figures of one part of one employing entity."""
    found = {}
    for key in PARTS[part]:
        if key == "spreads":
            found[key] = {measure: {cell: days for cell, days in cells.items()
                                    if cell.split("|")[1] == entity}
                          for measure, cells in summary["spreads"].items()}
        else:
            found[key] = [row for row in summary[key] if row["entity"] == entity]
    return found


def _tallies(part: dict, part_name: str) -> dict[str, Counter]:
    """Per figure of the part, the number of cases per cell."""
    tallies = {}
    for key, identity in PARTS[part_name].items():
        if key == "spreads":
            for measure, cells in part[key].items():
                tallies[measure] = Counter({(cell, d): n for cell, days in cells.items()
                                            for d, n in days.items()})
            continue
        tally = Counter()
        for row in part[key]:
            tally[tuple(row.get(field) for field in identity)] += row["n"]
        tallies[key] = tally
        if key in SETTLED:
            position = identity.index(SETTLED[key])
            tallies[f"{key}:settled"] = Counter({cell: n for cell, n in tally.items()
                                                 if cell[position]})
    return tallies


def changed_cases(before: Counter, after: Counter) -> int:
    """At least this many cases changed between two tallies of one figure."""
    changes = [after.get(cell, 0) - before.get(cell, 0) for cell in set(before) | set(after)]
    moved = sum(abs(change) for change in changes)
    return max(abs(sum(changes)), (moved + 1) // 2)


def step_due(published: dict, counted: dict, part_name: str, minimum: int,
             most: dict | None = None) -> bool | None:
    """True when the part may be published anew, False when its changes are held back, None
    when nothing changed. `most`: the most one case counts in each figure (COUNTED_PER_CASE)."""
    before, after = _tallies(published, part_name), _tallies(counted, part_name)
    changes = []
    for key in set(before) | set(after):
        per_case = max(1, (most or {}).get(COUNTED_PER_CASE.get(key), 1))
        cells = changed_cases(before.get(key, Counter()), after.get(key, Counter()))
        changes.append(-(-cells // per_case))
    if not any(changes):
        return None
    return all(change == 0 or change >= minimum for change in changes)


def empty_summary() -> dict:
    figures = [key for part in PARTS.values() for key in part]
    return {key: ({"to_decision": {}, "to_dismissal": {}} if key == "spreads" else [])
            for key in figures}


def _most_per_case(counted: dict, previous: dict) -> dict:
    """Per entity and figure, the most one case counted, in this count or any before: a case
    purged since may have counted more than any left."""
    most = {}
    for entity in EmployingEntity.values:
        now = counted.get("most_per_case", {}).get(entity) or {}
        before = previous.get("most_per_case", {}).get(entity) or {}
        most[entity] = {field: max(now.get(field) or 0, before.get(field) or 0)
                        for field in set(COUNTED_PER_CASE.values())}
    return most


def release(counted: dict, previous: dict | None, counted_at: datetime,
            minimum: int, hold: frozenset = frozenset()) -> Release:
    """The year's figures to publish, given the summary just `counted` and the `previous`
    release (`Release.as_json`, None before the first one). The parts named in `hold` keep their
    figures, as if their changes were still too few: their protection would give a hidden
    figure away (snapshots.py)."""
    previous = previous or {"summary": empty_summary(), "counted_at": {}, "held": {}}
    summary, times, held, fresh_parts = empty_summary(), {}, {}, set()
    most = _most_per_case(counted, previous)
    for entity in EmployingEntity.values:
        for part_name in PARTS:
            name = f"{entity}|{part_name}"
            published = part_of(previous["summary"], entity, part_name)
            fresh = part_of(counted, entity, part_name)
            due = step_due(published, fresh, part_name, minimum, most[entity])
            if due and name in hold:
                due = False
            chosen = fresh if due else published
            if due:
                times[name] = counted_at.isoformat()
                fresh_parts.add(name)
            elif name in previous["counted_at"]:
                times[name] = previous["counted_at"][name]
            if due is False:
                held[name] = times.get(name)
            _add(summary, chosen)
    return Release(summary, times, held, most, frozenset(fresh_parts))


def _add(summary: dict, part: dict) -> None:
    for key, value in part.items():
        if key == "spreads":
            for measure, cells in value.items():
                summary[key].setdefault(measure, {}).update(cells)
        else:
            summary[key].extend(value)
