"""Small-number protection: hidden figures stay hidden, whatever a reader subtracts."""

import random
from collections import Counter
from dataclasses import FrozenInstanceError

import pytest

from incidents.models import Platform
from tests.statistics.attacker import Reader
from tests.statistics.conftest import YEAR, case_in
from workflows.statistics.figures import YearStatistics
from workflows.statistics.knowledge import Equations, release_equations, safeguarded
from workflows.statistics.protection import (
    COMPLEMENTARY, NOTHING_SEEN, PRIMARY, Line, Seen, exposed, protect)
from workflows.statistics.tables import (
    ALL, TOTAL, RowSpec, build_table, entity_columns, seen_from_json)

pytestmark = pytest.mark.django_db
VIEWS = entity_columns() + [ALL]


def published(tables) -> dict:
    """Everything a reader can collect from every view of every table: cell -> number."""
    known = {}
    for table in tables:
        for view in VIEWS:
            for row, figure in table.column(view):
                if figure.shown:
                    known[(table.key, row.key, view)] = figure.value
            if table.total(view) is not None and table.total(view).shown:
                known[("cases", TOTAL, view)] = table.total(view).value
    return known


def equations(table) -> list[tuple[list, object]]:
    """What a reader knows adds up: each row over the entities, each view's rows to the total,
    each group to its subtotal. The total of every additive table is the number of cases."""
    def cell(row, view):
        return ("cases", TOTAL, view) if row == TOTAL else (table.key, row, view)

    rows = [r.key for r in table.rows] + ([TOTAL] if table.total_label else [])
    result = [([cell(r, e) for e in entity_columns()], cell(r, ALL)) for r in rows]
    if table.total_label:
        for view in VIEWS:
            result.append(([cell(r.key, view) for r in table.rows if not r.group],
                           cell(TOTAL, view)))
            for sub in (r for r in table.rows if r.subtotal):
                result.append(([cell(r.key, view) for r in table.rows if r.group == sub.key],
                               cell(sub.key, view)))
    return result


def subtract_everything(tables, known) -> dict:
    """Solve every equation that has one unknown left, again and again."""
    known = dict(known)
    system = [eq for table in tables for eq in equations(table)]
    progress = True
    while progress:
        progress = False
        for parts, total in system:
            members = parts + [total]
            unknown = [m for m in members if m not in known]
            if len(unknown) != 1:
                continue
            missing = unknown[0]
            if missing == total:
                known[missing] = sum(known[p] for p in parts)
            else:
                known[missing] = known[total] - sum(known[p] for p in parts if p != missing)
            progress = True
    return known


class TestPrimaryAndComplementarySuppression:
    def test_a_count_under_the_threshold_reads_less_than_the_threshold(self):
        table = build_table("t", "T", [RowSpec("a", "A"), RowSpec("b", "B")],
                            Counter({("a", "municipality"): 3, ("b", "municipality"): 9}),
                            minimum=5)
        assert table.figure("a", "municipality").display == "< 5"
        assert table.figure("a", "municipality").state == PRIMARY

    def test_a_lone_hidden_cell_gets_a_complement_in_its_line(self):
        hidden = protect({"a": 3, "b": 9, "c": 20, "t": 32},
                         [Line(["a", "b", "c"], "t")], minimum=5)
        assert hidden == {"a": PRIMARY, "b": COMPLEMENTARY}

    def test_a_fixed_total_is_never_chosen_as_complement(self):
        hidden = protect({"a": 3, "b": 0, "t": 3}, [Line(["a", "b"], "t")], minimum=5,
                         fixed={"t": None})
        assert "t" not in hidden and hidden["b"] == COMPLEMENTARY

    def test_zero_is_published(self):
        table = build_table("t", "T", [RowSpec("a", "A")], Counter({("a", "ocmw"): 0}), minimum=5)
        assert table.figure("a", "ocmw").display == "0"


class TestNoViewGivesAHiddenCellAway:
    def test_subtracting_views_totals_and_tables_never_recovers_a_small_number(self, departments):
        # Hand-made to tempt a reader: 9 cases in the municipality, 2 at the OCMW, 0 at school,
        # one OCMW case on a blog, one municipality case on a microblog.
        for _ in range(8):
            case_in(departments["communication"])
        case_in(departments["works"], platform=Platform.MICROBLOG)
        case_in(departments["ocmw"])
        case_in(departments["ocmw"], platform=Platform.BLOG)
        stats = YearStatistics(YEAR, minimum=5)
        tables = [stats.cases] + [stats.tables[k] for k in
                                  ("months", "platforms", "accounts", "departments", "outcomes")]
        known = subtract_everything(tables, published(tables))
        small = [(t.key, key, view) for t in tables for (key, view), value in t.values.items()
                 if 0 < value < 5 and key != TOTAL]
        assert small, "the fixture must contain small numbers"
        assert not [cell for cell in small if cell in known]
        # The number of OCMW cases (2) cannot be worked out either.
        assert ("cases", TOTAL, "ocmw") not in known
        assert stats.cases.figure("cases", "ocmw").display == "< 5"

    def test_the_reader_does_recover_a_cell_when_complements_are_missing(self):
        # The attack works: without complementary suppression the OCMW figure comes back.
        rows = [RowSpec("a", "A"), RowSpec("b", "B")]
        table = build_table("t", "T", rows, Counter({("a", "ocmw"): 2, ("b", "ocmw"): 9}),
                            minimum=5)
        table.hidden = {key: state for key, state in table.hidden.items() if state == PRIMARY}
        known = subtract_everything([table], published([table]))
        assert known[("t", "a", "ocmw")] == 2


class TestWhichCellsAreHidden:
    """The rules of `protect` one by one, on hand-made lines (a line: cells and their total)."""

    def test_a_count_from_one_to_below_the_minimum_is_hidden_the_minimum_and_zero_are_shown(self):
        hidden = protect({"zero": 0, "one": 1, "four": 4, "five": 5}, [], minimum=5)
        assert hidden == {"one": PRIMARY, "four": PRIMARY}

    def test_the_complement_is_the_smallest_non_zero_cell_of_the_line(self):
        hidden = protect({"a": 3, "b": 0, "c": 9, "d": 7, "t": 19},
                         [Line(["a", "b", "c", "d"], "t")], minimum=5)
        assert hidden == {"a": PRIMARY, "d": COMPLEMENTARY}

    def test_a_cell_without_cases_absent_from_the_counts_is_a_zero_not_the_smallest_cell(self):
        hidden = protect({"a": 3, "c": 9, "t": 12}, [Line(["a", "b", "c"], "t")], minimum=5)
        assert hidden == {"a": PRIMARY, "c": COMPLEMENTARY}

    def test_a_zero_is_the_complement_only_when_no_other_cell_is_left(self):
        hidden = protect({"a": 3, "b": 0, "c": 9, "t": 12}, [Line(["a", "b", "c"], "t")],
                         minimum=5, fixed={"c": None})
        assert hidden == {"a": PRIMARY, "b": COMPLEMENTARY}

    def test_a_line_with_two_hidden_cells_needs_no_complement(self):
        hidden = protect({"a": 3, "b": 4, "c": 9, "t": 16}, [Line(["a", "b", "c"], "t")],
                         minimum=5)
        assert hidden == {"a": PRIMARY, "b": PRIMARY}

    def test_cells_that_do_not_add_up_to_a_total_need_no_complement(self):
        hidden = protect({"a": 3, "b": 9}, [Line(["a", "b"])], minimum=5)
        assert hidden == {"a": PRIMARY}

    def test_when_every_other_cell_is_hidden_or_fixed_the_total_is_hidden(self):
        hidden = protect({"a": 3, "b": 9, "t": 12}, [Line(["a", "b"], "t")], minimum=5,
                         fixed={"b": None})
        assert hidden == {"a": PRIMARY, "t": COMPLEMENTARY}

    def test_a_fixed_total_and_fixed_cells_leave_the_line_as_decided_elsewhere(self):
        hidden = protect({"a": 3, "b": 9, "t": 12}, [Line(["a", "b"], "t")], minimum=5,
                         fixed={"b": None, "t": None})
        assert hidden == {"a": PRIMARY}

    def test_a_small_fixed_cell_keeps_the_state_decided_in_its_own_table(self):
        hidden = protect({"a": 3, "b": 9, "t": 12}, [Line(["a", "b"], "t")], minimum=5,
                         fixed={"a": None})
        assert hidden == {}

    def test_a_total_hidden_in_another_table_gets_a_complement_among_its_cells(self):
        # Shown cells would add up to the hidden total: one of them is hidden as well.
        hidden = protect({"a": 6, "b": 9, "t": 15}, [Line(["a", "b"], "t")], minimum=5,
                         fixed={"t": PRIMARY})
        assert hidden == {"t": PRIMARY, "a": COMPLEMENTARY}

    def test_a_complement_hidden_in_one_line_is_protected_in_the_next_line_too(self):
        # The second line is checked before the first hides "b": a later pass must see it.
        hidden = protect({"a": 3, "b": 8, "c": 9, "t1": 11, "t2": 17},
                         [Line(["b", "c"], "t2"), Line(["a", "b"], "t1")], minimum=5)
        assert hidden == {"a": PRIMARY, "b": COMPLEMENTARY, "c": COMPLEMENTARY}

    def test_among_cells_of_equal_count_the_first_of_the_line_is_the_complement(self):
        # The same counts always publish the same table; a cell absent from the counts is a zero.
        hidden = protect({"a": 3, "c": 0, "d": 9, "t": 12}, [Line(["a", "b", "c", "d"], "t")],
                         minimum=5, fixed={"d": None})
        assert hidden == {"a": PRIMARY, "b": COMPLEMENTARY}

    def test_a_zero_in_the_counts_and_a_cell_absent_from_them_are_equal_zeros(self):
        # Both are zero cases: the first of the line is the complement, whichever of the two.
        hidden = protect({"a": 3, "c": 0, "d": 9, "t": 12}, [Line(["a", "c", "b", "d"], "t")],
                         minimum=5, fixed={"d": None})
        assert hidden == {"a": PRIMARY, "c": COMPLEMENTARY}


class TestTwoReleases:
    """What earlier releases published (`seen`): what they hid stays hidden while unchanged, and
    what they showed is known, so it cannot serve as a complement."""

    LINE = [Line(["a", "b", "c"], "t")]

    def test_a_cell_shown_before_with_the_same_value_is_no_complement(self):
        values = {"a": 3, "b": 6, "c": 7, "t": 16}
        assert protect(values, self.LINE, minimum=5) == {"a": PRIMARY, "b": COMPLEMENTARY}
        hidden = protect(values, self.LINE, minimum=5, seen={"b": Seen(frozenset({6}))})
        assert hidden == {"a": PRIMARY, "c": COMPLEMENTARY}

    def test_a_cell_hidden_before_stays_hidden_while_its_value_is_the_same(self):
        values = {"a": 8, "b": 6, "c": 7, "t": 21}
        assert protect(values, self.LINE, minimum=5) == {}
        hidden = protect(values, self.LINE, minimum=5,
                         seen={"b": Seen(hidden={6: COMPLEMENTARY}),
                               "c": Seen(hidden={5: COMPLEMENTARY})})
        # b kept; the line then needs a second hidden cell, as for any hidden one.
        assert hidden == {"b": COMPLEMENTARY, "c": COMPLEMENTARY}

    def test_a_cell_shown_before_with_another_value_may_be_the_complement(self):
        # Its new value is not known to a reader: it protects the small cell as any other would.
        values = {"a": 3, "b": 6, "c": 7, "t": 16}
        for earlier in (5, 7):
            hidden = protect(values, self.LINE, minimum=5, seen={"b": Seen(frozenset({earlier}))})
            assert hidden == {"a": PRIMARY, "b": COMPLEMENTARY}, earlier

    def test_a_large_count_shown_before_is_known_by_its_value(self):
        # Counts are compared by value: two equal counts of hundreds are different objects.
        values = {"a": 3, "b": 600, "c": 700, "t": 1303}
        hidden = protect(values, self.LINE, minimum=5, seen={"b": Seen(frozenset({int("600")}))})
        assert hidden == {"a": PRIMARY, "c": COMPLEMENTARY}

    def test_a_cell_absent_from_both_releases_is_a_zero_that_stays_hidden(self):
        # A complement of zero cases keeps its place while it is still zero (absent from the
        # counts); chosen afresh, the complement would be c.
        values = {"a": 3, "c": 6, "t": 9}
        hidden = protect(values, self.LINE, minimum=5, seen={"b": Seen(hidden={0: COMPLEMENTARY})})
        assert hidden == {"a": PRIMARY, "b": COMPLEMENTARY}
        assert protect(values, self.LINE, minimum=5) == {"a": PRIMARY, "c": COMPLEMENTARY}

    def test_a_cell_shown_as_zero_before_and_absent_now_is_known(self):
        # Still zero, so a reader knows it: the total is hidden instead.
        values = {"a": 3, "c": 9, "t": 12}
        hidden = protect(values, self.LINE, minimum=5, fixed={"c": None},
                         seen={"b": Seen(frozenset({0}))})
        assert hidden == {"a": PRIMARY, "t": COMPLEMENTARY}

    def test_a_zero_absent_now_that_one_release_showed_and_another_hid_is_known(self):
        # b was hidden as a zero once and shown as a zero another time: hidden again while still
        # zero, but a reader knows it, so a still needs a complement of its own (c).
        values = {"a": 3, "c": 9, "t": 12}
        seen = {"b": Seen(frozenset({0}), {0: COMPLEMENTARY})}
        hidden = protect(values, self.LINE, minimum=5, seen=seen)
        assert hidden == {"a": PRIMARY, "b": COMPLEMENTARY, "c": COMPLEMENTARY}
        assert exposed(values, self.LINE, hidden, seen) == set()


class TestEveryEarlierRelease:
    """`Seen` keeps what every release published, not only the last one."""

    LINE = [Line(["a", "b", "c"], "t")]

    def test_a_release_adds_what_it_showed_and_what_it_hid_to_what_was_seen(self):
        seen = Seen().after(5, None).after(6, COMPLEMENTARY).after(7, None)
        assert seen == Seen(frozenset({5, 7}), {6: COMPLEMENTARY})

    def test_what_was_seen_cannot_be_changed_afterwards(self):
        # NOTHING_SEEN stands for every cell without history: changing it would change them all.
        with pytest.raises(FrozenInstanceError):
            NOTHING_SEEN.shown = frozenset({5})
        seen = Seen().after(5, None)
        assert seen.after(6, None) is not seen and seen.shown == frozenset({5})

    def test_a_value_shown_two_releases_ago_is_still_known(self):
        # b: 5 shown, then 6 hidden, now 5 again; hiding b would only seem to protect a.
        seen = {"b": Seen().after(5, None).after(6, COMPLEMENTARY)}
        hidden = protect({"a": 3, "b": 5, "c": 7, "t": 15}, self.LINE, minimum=5, seen=seen)
        assert hidden == {"a": PRIMARY, "c": COMPLEMENTARY}

    def test_a_value_hidden_two_releases_ago_is_hidden_again(self):
        # b: 6 hidden, then 8 shown, now 6 again: showing it gives the first release's a back.
        seen = {"b": Seen().after(6, COMPLEMENTARY).after(8, None)}
        hidden = protect({"a": 9, "b": 6, "c": 7, "t": 22}, self.LINE, minimum=5, seen=seen)
        assert hidden == {"b": COMPLEMENTARY, "c": COMPLEMENTARY}

    def test_a_line_whose_other_cells_are_all_known_gives_its_hidden_cell_away(self):
        # b, c and the total were each shown with these values in some release: a = 15 - 5 - 7.
        values = {"a": 3, "b": 5, "c": 7, "t": 15}
        seen = {"b": Seen(frozenset({5})), "c": Seen(frozenset({7})), "t": Seen(frozenset({15}))}
        hidden = protect(values, self.LINE, minimum=5, seen=seen)
        assert hidden == {"a": PRIMARY}
        assert exposed(values, self.LINE, hidden, seen) == {"a"}
        assert exposed(values, self.LINE, hidden, {}) == {"a"}
        seen_less = {"b": Seen(frozenset({5})), "c": Seen(frozenset({7}))}
        assert exposed(values, self.LINE, protect(values, self.LINE, minimum=5, seen=seen_less),
                       seen_less) == set()

    def test_a_complement_its_other_line_gives_away_is_shown_and_another_is_chosen(self):
        # b (6) would protect a in the first line, but the second line gives b away: 13 - 7.
        lines = [Line(["a", "b", "d"], "t1"), Line(["b", "c"], "t2")]
        values = {"a": 3, "b": 6, "d": 9, "t1": 18, "c": 7, "t2": 13}
        seen = {"c": Seen(frozenset({7})), "t2": Seen(frozenset({13}))}
        assert protect(values, lines, minimum=5) == {"a": PRIMARY, "b": COMPLEMENTARY,
                                                     "c": COMPLEMENTARY}
        hidden = protect(values, lines, minimum=5, seen=seen)
        assert hidden == {"a": PRIMARY, "d": COMPLEMENTARY}
        assert exposed(values, lines, hidden, seen) == set()

    # b is absent from the counts (a zero) and is the only part left to protect a (d is known);
    # the second line gives it away (7 - 7).
    ZERO_LINES = [Line(["a", "b", "d"], "t1"), Line(["b", "c"], "t2")]
    ZERO_VALUES = {"a": 3, "d": 9, "t1": 12, "c": 7, "t2": 7}

    def protect_zero(self, b_seen: Seen) -> tuple[dict, set]:
        seen = {"d": Seen(frozenset({9})), "b": b_seen, "c": Seen(frozenset({7})),
                "t2": Seen(frozenset({7}))}
        hidden = protect(self.ZERO_VALUES, self.ZERO_LINES, minimum=5, seen=seen)
        return hidden, exposed(self.ZERO_VALUES, self.ZERO_LINES, hidden, seen)

    def test_a_zero_hidden_before_with_another_value_and_given_away_is_no_complement(self):
        # Without c and t2 known, b would be a's complement. An earlier release hid b when it
        # was 1; given away now, it cannot protect a: the first line's total is hidden instead.
        assert protect(self.ZERO_VALUES, self.ZERO_LINES, minimum=5,
                       seen={"d": Seen(frozenset({9}))}) == {
            "a": PRIMARY, "b": COMPLEMENTARY, "c": COMPLEMENTARY}
        assert self.protect_zero(Seen(hidden={1: PRIMARY})) == (
            {"a": PRIMARY, "t1": COMPLEMENTARY}, set())

    def test_a_zero_hidden_before_as_a_zero_stays_hidden_when_given_away_and_is_reported(self):
        # Hidden as a zero before, b stays hidden (showing it would tell no more than the second
        # line does). That line gives it away all the same, and `exposed` says so: such a table
        # is held back (tables.Table.exposed), it is not published.
        assert self.protect_zero(Seen(hidden={0: COMPLEMENTARY})) == (
            {"a": PRIMARY, "b": COMPLEMENTARY}, {"b"})


class TestMoreHiddenCells:
    """`also`: cells that combining releases asks to hide as well (knowledge.remedies)."""

    LINES = [Line(["a", "b", "d"], "t1"), Line(["b", "c"], "t2")]
    VALUES = {"a": 8, "b": 6, "d": 9, "t1": 23, "c": 7, "t2": 13}

    def test_a_cell_asked_for_is_hidden_with_a_second_hidden_cell_in_each_of_its_lines(self):
        hidden = protect(self.VALUES, self.LINES, minimum=5, also=frozenset({"b"}))
        assert hidden == {"b": COMPLEMENTARY, "a": COMPLEMENTARY, "c": COMPLEMENTARY}

    def test_a_cell_asked_for_that_a_line_gives_away_is_not_hidden(self):
        # c and t2 were shown with these values: b = 13 - 7 whatever is hidden.
        seen = {"c": Seen(frozenset({7})), "t2": Seen(frozenset({13}))}
        assert protect(self.VALUES, self.LINES, minimum=5, seen=seen,
                       also=frozenset({"b"})) == {}

    def test_a_cell_asked_for_that_another_table_decides_keeps_that_state(self):
        assert protect(self.VALUES, self.LINES, minimum=5, fixed={"t1": None},
                       also=frozenset({"t1"})) == {}


class TestManyReleases:
    """Random years of many releases, each protected knowing every earlier one, held back (the
    previous figures published again) where a line would give a hidden cell away. A reader who
    keeps them all and knows which figures did not change works nothing out."""

    ROWS = [RowSpec(key, key) for key in "abcd"]
    VALUES = [0, 0, 1, 3, 5, 6, 7, 9, 12]

    def release(self, counts: Counter, seen: dict, remedies: dict) -> tuple:
        totals = Counter()
        for (_row, entity), n in counts.items():
            totals[("cases", entity)] += n
        tables = []
        for key, rows, tally in (("cases", [RowSpec("cases", "Cases")], totals),
                                 ("platforms", self.ROWS, counts)):
            also, given_away = remedies.get(key, ((), ()))
            tables.append(build_table(key, key, rows, tally, minimum=5, seen=seen.get(key),
                                      base=tables[0] if tables else None,
                                      also=frozenset(also), given_away=frozenset(given_away)))
        return tables, tables

    def changed(self, counts: Counter, rng) -> Counter:
        return Counter({cell: rng.choice(self.VALUES) if rng.random() < 0.3 else n
                        for cell, n in counts.items()})

    def test_no_cell_hidden_in_any_release_is_worked_out_from_all_of_them(self):
        rng = random.Random(17)
        held = remedied = 0
        for _year in range(40):
            reader, seen, published, equations = Reader(), {}, None, Equations()
            counts = Counter({(row.key, entity): rng.choice(self.VALUES)
                              for row in self.ROWS for entity in entity_columns()})
            for _release in range(6):
                tables, extended, given = safeguarded(
                    lambda remedies: self.release(counts, seen, remedies), equations, seen)
                if given:  # held back: the previous figures again, as snapshots.py does
                    held += 1
                    tables, _tables = self.release(published, seen, {})
                    extended = equations.extended(release_equations(tables, seen))
                    assert not extended.determined()
                else:
                    published = counts
                    remedied += any(t.hidden != self.release(counts, seen, {})[0][i].hidden
                                    for i, t in enumerate(tables))
                equations = extended
                for table in tables:
                    reader.read_table(table)
                    seen[table.key] = seen_from_json(table.seen(seen.get(table.key, {})))
                counts = self.changed(counts, rng)
            assert reader.hidden & set(reader.subtract()) == set()
            assert reader.hidden & reader.eliminate() == set()
        assert held and remedied, "the random years must need both remedies and holding back"

    def test_the_reader_works_out_what_subtraction_alone_cannot(self):
        # a + b = 3, b + c = 5, a + c = 4: no line has one unknown, yet a = 1, b = 2, c = 3.
        reader = Reader()
        reader.hidden = {"a", "b", "c"}
        reader.shown = {"ab": 3, "bc": 5, "ac": 4}
        reader.equations = [(["a", "b"], "ab"), (["b", "c"], "bc"), (["a", "c"], "ac")]
        assert reader.hidden & set(reader.subtract()) == set()
        assert reader.eliminate() == {"a", "b", "c"}
