"""Small-number protection (statistical disclosure control) of every published figure.

A count below the threshold could point at a colleague, so it is hidden ("primary" suppression).
Hiding it alone is not enough: a total minus the other cells of its row or column would give it
back. So every line (a set of cells and the total they add up to) that has a hidden cell gets at
least a second one ("complementary" suppression), the smallest other cell, until no line has
exactly one. Every view (an employing entity, or all of them) is a column of the same protected
table, so that two views cannot be subtracted either.
"""

from dataclasses import dataclass

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


def protect(values: dict, lines: list[Line], *, minimum: int, fixed: dict | None = None,
            before: dict | None = None) -> dict:
    """Which cells to hide: key -> PRIMARY or COMPLEMENTARY.

    `fixed` holds cells whose state was decided in another table (e.g. the number of cases per
    entity, shared by every table): they keep that state and are never chosen as a complement.
    `before` holds the cells of the previous release (key -> (value, state)): a cell hidden then
    stays hidden while its value is the same, and a cell shown then with the same value is no
    complement (its value is known), so that two releases together give nothing back.
    """
    fixed = fixed or {}
    hidden = {key: state for key, state in fixed.items() if state}
    known = set()
    for key, (value, state) in (before or {}).items():
        if key not in fixed and values.get(key, 0) == value:
            if state:
                hidden[key] = state
            else:
                known.add(key)
    for key, value in values.items():
        if key not in fixed and 0 < value < minimum:
            hidden[key] = PRIMARY
    no_complement = {**dict.fromkeys(known), **fixed}
    changed = True
    while changed:
        changed = False
        for line in lines:
            complement = _complement_needed(line, values, hidden, no_complement)
            if complement is not None:
                hidden[complement] = COMPLEMENTARY
                changed = True
    return hidden


def _complement_needed(line: Line, values: dict, hidden: dict, fixed: dict):
    members = list(line.parts) + ([line.total] if line.total is not None else [])
    if line.total is None or sum(1 for key in members if key in hidden) != 1:
        return None
    candidates = [key for key in line.parts if key not in hidden and key not in fixed]
    if not candidates:
        return line.total if line.total not in fixed and line.total not in hidden else None
    # The smallest non-zero cell costs least information; a zero only if nothing else is left.
    return min(candidates, key=lambda key: (values.get(key, 0) == 0, values.get(key, 0)))
