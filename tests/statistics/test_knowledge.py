"""What a reader works out from every release (workflows/statistics/knowledge.py), rule by rule:
the equations a release gives, and what protects a figure that combining them gives away."""

from workflows.statistics.knowledge import Equations, release_equations, remedies
from workflows.statistics.protection import COMPLEMENTARY, PRIMARY, Seen
from workflows.statistics.tables import ALL, TOTAL, RowSpec, Table

COLUMNS = ["x", "y", "z"]


def table(values: dict, hidden: dict, *, key="breaches", total_of=None, total_label="") -> Table:
    """A table of rows a and b over the entities x, y and z; `values` and `hidden` by cell."""
    return Table(key, "", [RowSpec("a", "A"), RowSpec("b", "B")], values, hidden, 5,
                 total_label, columns=COLUMNS, total_of=total_of)


def row_a(x, y, z) -> dict:
    return {("a", "x"): x, ("a", "y"): y, ("a", "z"): z, ("a", ALL): x + y + z}


class TestTheEquationsOfARelease:
    def test_a_line_adds_its_hidden_parts_and_subtracts_its_hidden_total(self):
        # a_x + a_y + a_z = a_all, with a_y shown: a_x - a_all = -a_y.
        published = table(row_a(1, 6, 0), {("a", "x"): PRIMARY, ("a", ALL): COMPLEMENTARY,
                                           ("a", "z"): COMPLEMENTARY})
        assert release_equations([published], {}) == [{
            ("breaches", "a", "x", 1): 1, ("breaches", "a", "z", 0): 1,
            ("breaches", "a", ALL, 7): -1}]

    def test_a_hidden_figure_known_from_an_earlier_release_is_no_unknown(self):
        published = table(row_a(1, 2, 6), {("a", "x"): PRIMARY, ("a", "y"): PRIMARY})
        seen = {"breaches": {("a", "y"): Seen(frozenset({2}))}}
        assert release_equations([published], seen) == [{("breaches", "a", "x", 1): 1}]

    def test_the_total_of_one_line_and_a_part_of_another_work_out_the_figure_together(self):
        # Subtracting the lines: a_x + a_y - a_all = 0 and a_all = 4 (known) give nothing alone;
        # with a_y = 3 they give a_x. The sign of the total is what makes them cancel.
        unknowns = [("breaches", "a", cell, value) for cell, value in (("x", 1), ("y", 3),
                                                                        (ALL, 4))]
        equations = Equations().extended([{unknowns[0]: 1, unknowns[1]: 1, unknowns[2]: -1},
                                          {unknowns[2]: 1, unknowns[1]: -1}])
        assert equations.determined() == {unknowns[0]}
        assert Equations().extended([{unknowns[0]: 1, unknowns[1]: 1, unknowns[2]: 1},
                                     {unknowns[2]: 1, unknowns[1]: -1}]).determined() == set()


class TestRemedies:
    def test_a_complement_worked_out_anyway_is_to_be_shown_not_protected_further(self):
        published = table(row_a(1, 6, 9), {("a", "x"): PRIMARY, ("a", "y"): COMPLEMENTARY})
        given = {("breaches", "a", "y", 6)}
        assert remedies([published], {}, given) == {"breaches": (set(), {("a", "y")})}

    def test_a_complement_hidden_before_with_this_value_is_protected_not_shown(self):
        published = table(row_a(1, 6, 9), {("a", "x"): PRIMARY, ("a", "y"): COMPLEMENTARY})
        seen = {"breaches": {("a", "y"): Seen(frozenset(), {6: COMPLEMENTARY})}}
        also, away = remedies([published], seen, {("breaches", "a", "y", 6)})["breaches"]
        assert (also, away) == ({("a", "z")}, set())

    def test_a_small_figure_given_away_gets_the_smallest_shown_non_zero_cell_of_its_line(self):
        # Row a: x (1) and y (6) hidden; z is 0 and the total 7: the total, not the zero.
        published = table(row_a(1, 6, 0), {("a", "x"): PRIMARY, ("a", "y"): COMPLEMENTARY})
        given = {("breaches", "a", "x", 1)}
        assert remedies([published], {}, given) == {"breaches": ({("a", ALL)}, set())}

    def test_the_one_more_cell_is_one_the_reader_does_not_know_already(self):
        published = table(row_a(1, 6, 9), {("a", "x"): PRIMARY, ("a", "y"): COMPLEMENTARY})
        seen = {"breaches": {("a", "z"): Seen(frozenset({9}))}}
        given = {("breaches", "a", "x", 1)}
        assert remedies([published], seen, given) == {"breaches": ({("a", ALL)}, set())}

    def test_a_cell_of_the_shared_total_row_is_never_hidden_by_this_table(self):
        # The total row belongs to the cases table: in the column line of x, a_x and b_x are
        # hidden and the total is the cases table's, so that line offers nothing.
        values = {**row_a(1, 6, 9), ("b", "x"): 2, ("b", "y"): 8, ("b", "z"): 4, ("b", ALL): 14,
                  (TOTAL, "x"): 3, (TOTAL, "y"): 14, (TOTAL, "z"): 13, (TOTAL, ALL): 30}
        published = table(values, {("a", "x"): PRIMARY, ("b", "x"): PRIMARY,
                                   ("a", "y"): COMPLEMENTARY, ("b", "y"): COMPLEMENTARY},
                          total_of="cases", total_label="Total")
        given = {("breaches", "a", "x", 1)}
        assert remedies([published], {}, given) == {"breaches": ({("a", "z")}, set())}

    def test_nothing_to_do_when_nothing_is_given_away(self):
        published = table(row_a(1, 6, 9), {("a", "x"): PRIMARY, ("a", "y"): COMPLEMENTARY})
        assert remedies([published], {}, set()) == {}
