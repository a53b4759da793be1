"""Small-number protection (statistical disclosure control) of every published figure.

A count below the threshold could point at a colleague, so it is hidden ("primary" suppression).
Hiding it alone is not enough: a total minus the other cells of its row or column would give it
back. So every line (a set of cells and the total they add up to) that has a hidden cell gets at
least a second one ("complementary" suppression), the smallest other cell, until no line has
exactly one. Every view (an employing entity, or all of them) is a column of the same protected
table, so that two views cannot be subtracted either.

A reader also keeps every earlier release. What they know of a cell is what every release so far
published of it (`Seen`): a value shown in any of them is known while the cell still has it, and
a value hidden in any of them stays hidden while the cell has it again. A hidden cell is safe only
if each of its lines holds a second cell that is hidden and not known; a line whose other cells
are all known gives its one hidden cell away whatever else is hidden (`exposed`).
"""

from dataclasses import dataclass, field

from django.conf import settings

PRIMARY = "primary"
COMPLEMENTARY = "complementary"


def threshold() -> int:
    return settings.STATISTICS_MIN_COUNT


@dataclass
class Line:
    """Cells that add up to `total` (a cell key); `total` is None where they do not add up."""

    parts: list
    total: object = None

    def cells(self) -> list:
        """Its parts, and its total where it has one."""
        return list(self.parts) + ([self.total] if self.total is not None else [])


@dataclass(frozen=True)
class Seen:
    """What the releases so far published of one cell: the values it was shown with, and the
    values it was hidden with (value -> the state it had)."""

    shown: frozenset = frozenset()
    hidden: dict = field(default_factory=dict)

    def knows(self, value: int) -> bool:
        return value in self.shown

    def after(self, value: int, state: str | None) -> "Seen":
        """This cell's knowledge once `value` is released with `state`."""
        if state:
            return Seen(self.shown, self.hidden | {value: self.hidden.get(value, state)})
        return Seen(self.shown | {value}, self.hidden)


NOTHING_SEEN = Seen()


def protect(values: dict, lines: list[Line], *, minimum: int, fixed: dict | None = None,
            seen: dict | None = None, also: frozenset = frozenset(),
            given_away: frozenset = frozenset()) -> dict:
    """Which cells to hide: key -> PRIMARY or COMPLEMENTARY.

    `fixed` holds cells whose state was decided in another table (e.g. the number of cases per
    entity, shared by every table): they keep that state and are never chosen as a complement.
    `seen` holds what every earlier release published (key -> `Seen`): a cell hidden with its
    present value stays hidden, and a cell shown with its present value is no complement.
    A complement that its line gives away (the line's other cells all known) is no complement
    either: it is shown, and another cell is chosen for the line that needed it. `also` and
    `given_away` name more cells to hide as complements and cells known to be given away by
    combining releases (snapshots.protected_release).
    """
    fixed, seen = fixed or {}, seen or {}
    given_away = set(given_away)
    while True:
        hidden = _suppress(values, lines, minimum, fixed, seen, given_away, also)
        # Complements given away, not known to be so before. One that stays hidden all the same
        # (it was hidden with this value before, `Seen`) is left as it is: `exposed` keeps
        # reporting it and the table is held back. Each round grows `given_away` or returns.
        lone = {key for key in exposed(values, lines, hidden, seen)
                if key not in fixed and hidden[key] == COMPLEMENTARY} - given_away
        if not lone:
            return hidden
        given_away |= lone


def exposed(values: dict, lines: list[Line], hidden: dict, seen: dict) -> set:
    """Hidden cells that a line gives away: the one cell of it hidden and not known."""
    found = set()
    for line in lines:
        unknown = [key for key in line.cells() if _unknown(key, values, hidden, seen)]
        if line.total is not None and len(unknown) == 1:
            found.add(unknown[0])
    return found


def _suppress(values, lines, minimum, fixed, seen, given_away, also) -> dict:
    hidden = {key: state for key, state in fixed.items() if state}
    hidden |= {key: COMPLEMENTARY for key in also if key not in fixed and key not in given_away}
    # A cell absent from the counts is a zero, and may have been hidden as one.
    for key in [*values, *(key for key in seen if key not in values)]:
        value = values.get(key, 0)
        if key in fixed:
            continue
        if 0 < value < minimum:
            hidden[key] = PRIMARY
        elif value in seen.get(key, NOTHING_SEEN).hidden:
            hidden[key] = seen[key].hidden[value]
    known = {key for key, known in seen.items() if known.knows(values.get(key, 0))}
    no_complement = known | given_away | set(fixed)
    changed = True
    while changed:
        changed = False
        for line in lines:
            complement = _complement_needed(line, values, hidden, no_complement, seen)
            if complement is not None:
                hidden[complement] = COMPLEMENTARY
                changed = True
    return hidden


def _unknown(key, values, hidden, seen) -> bool:
    return key in hidden and not seen.get(key, NOTHING_SEEN).knows(values.get(key, 0))


def _complement_needed(line: Line, values: dict, hidden: dict, no_complement: set, seen: dict):
    unknown = [key for key in line.cells() if _unknown(key, values, hidden, seen)]
    if line.total is None or len(unknown) != 1:
        return None
    candidates = [key for key in line.parts if key not in hidden and key not in no_complement]
    if not candidates:
        total = line.total
        return total if total not in no_complement and total not in hidden else None
    # The smallest non-zero cell costs least information; a zero only if nothing else is left.
    return min(candidates, key=lambda key: (values.get(key, 0) == 0, values.get(key, 0)))
