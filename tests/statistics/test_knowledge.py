"""What a reader works out from every release (workflows/statistics/knowledge.py), rule by rule:
the equations a release gives, and what protects a figure that combining them gives away."""

import pytest

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

    def test_each_pivot_is_scaled_to_one_so_that_later_equations_eliminate_it(self):
        # 2a + 2b = .. and a = .. give b; kept as rows whose pivot's coefficient is 1.
        a, b, c = ("t", "a", "x", 1), ("t", "a", "y", 2), ("t", "a", "z", 3)
        equations = Equations().extended([{a: 2, b: 2}, {a: 1}, {b: 1, c: 3}])
        assert equations.determined() == {a, b, c}
        assert all(row[pivot] == 1 for pivot, row in equations.rows.items())
        assert Equations.from_json(equations.as_json()).rows == equations.rows

    def test_the_reduced_form_holds_the_exact_equations(self):
        # a + 2b + c and a + b give b + c and a - c: nothing yet; with c, everything.
        a, b, c = ("t", "a", "x", 1), ("t", "a", "y", 2), ("t", "a", "z", 3)
        equations = Equations().extended([{a: 1, b: 2, c: 1}, {a: 1, b: 1}])
        assert equations.rows == {a: {a: 1, c: -1}, b: {b: 1, c: 1}}
        assert equations.determined() == set()
        assert equations.extended([{c: 1}]).determined() == {a, b, c}


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

    def test_every_complement_worked_out_anyway_is_to_be_shown(self):
        published = table(row_a(1, 6, 9), {("a", "x"): PRIMARY, ("a", "y"): COMPLEMENTARY,
                                           ("a", "z"): COMPLEMENTARY})
        given = {("breaches", "a", "y", 6), ("breaches", "a", "z", 9)}
        assert remedies([published], {}, given) == {"breaches": (set(), {("a", "y"), ("a", "z")})}

    def test_a_small_figure_gets_one_more_cell_in_each_of_its_lines(self):
        # a_x is in row a (x + y + z = all) and in column x (a + b = total): one cell of each.
        values = {**row_a(1, 6, 9), ("b", "x"): 7, ("b", "y"): 8, ("b", "z"): 4, ("b", ALL): 19,
                  (TOTAL, "x"): 8, (TOTAL, "y"): 14, (TOTAL, "z"): 13, (TOTAL, ALL): 35}
        published = table(values, {("a", "x"): PRIMARY, ("a", "y"): COMPLEMENTARY,
                                   (TOTAL, "x"): COMPLEMENTARY}, total_label="Total")
        given = {("breaches", "a", "x", 1)}
        assert remedies([published], {}, given) == {"breaches": ({("a", "z"), ("b", "x")}, set())}

    @pytest.mark.parametrize("key", ["breaches", "platforms"])  # before and after "cases"
    def test_a_complement_of_the_shared_total_row_is_not_this_tables_to_show(self, key):
        values = {**row_a(1, 6, 9), ("b", "x"): 7, ("b", "y"): 8, ("b", "z"): 4, ("b", ALL): 19,
                  (TOTAL, "x"): 8, (TOTAL, "y"): 14, (TOTAL, "z"): 13, (TOTAL, ALL): 35}
        published = table(values, {(TOTAL, "x"): COMPLEMENTARY}, key=key, total_of="cases",
                          total_label="Total")
        also, away = remedies([published], {}, {("cases", TOTAL, "x", 8)})[key]
        assert away == set() and also == {("a", "x")}

    @pytest.mark.parametrize("key", ["breaches", "platforms"])  # before and after "cases"
    def test_a_cell_of_the_shared_total_row_is_never_hidden_by_this_table(self, key):
        # The total row belongs to the cases table: in the column line of x, a_x and b_x are
        # hidden and the total is the cases table's, so that line offers nothing.
        values = {**row_a(1, 6, 9), ("b", "x"): 2, ("b", "y"): 8, ("b", "z"): 4, ("b", ALL): 14,
                  (TOTAL, "x"): 3, (TOTAL, "y"): 14, (TOTAL, "z"): 13, (TOTAL, ALL): 30}
        published = table(values, {("a", "x"): PRIMARY, ("b", "x"): PRIMARY,
                                   ("a", "y"): COMPLEMENTARY, ("b", "y"): COMPLEMENTARY},
                          key=key, total_of="cases", total_label="Total")
        given = {(key, "a", "x", 1)}
        assert remedies([published], {}, given) == {key: ({("a", "z")}, set())}

    def test_nothing_to_do_when_nothing_is_given_away(self):
        published = table(row_a(1, 6, 9), {("a", "x"): PRIMARY, ("a", "y"): COMPLEMENTARY})
        assert remedies([published], {}, set()) == {}


class TestSafeguarded:
    """The rounds of remedies: each round keeps what the earlier ones chose and adds its own,
    until nothing is given away or nothing more can be done (the part is then held back)."""

    @pytest.fixture
    def rounds(self, monkeypatch):
        from types import SimpleNamespace

        from workflows.statistics import knowledge

        calls = []

        def play(given_after: dict, remedy_for: dict):
            def build(chosen):
                calls.append(chosen)
                assert len(calls) < 6, "the rounds never end"
                also, away = chosen.get("t", (set(), set()))
                return f"release {len(calls)}", [SimpleNamespace(
                    gives=given_after[frozenset(also | away)], exposed=set())]

            monkeypatch.setattr(knowledge, "release_equations",
                                lambda tables, seen: [{u: 1} for u in tables[0].gives])
            monkeypatch.setattr(knowledge, "remedies",
                                lambda tables, seen, given: remedy_for.get(frozenset(given), {}))
            return knowledge.safeguarded(build, Equations(), {})

        return play, calls

    def test_the_remedies_of_every_round_are_kept_until_nothing_is_given_away(self, rounds):
        play, calls = rounds
        built, _equations, given = play(
            {frozenset(): {"x"}, frozenset({"c1"}): {"y"}, frozenset({"c1", "c2"}): set()},
            {frozenset({"x"}): {"t": ({"c1"}, set())}, frozenset({"y"}): {"t": ({"c2"}, set())}})
        assert (built, given) == ("release 3", set())
        assert calls == [{}, {"t": ({"c1"}, set())}, {"t": ({"c1", "c2"}, set())}]

    def test_the_complements_to_show_of_every_round_are_kept_too(self, rounds):
        play, calls = rounds
        built, _equations, given = play(
            {frozenset(): {"x"}, frozenset({"c1"}): {"y"}, frozenset({"c1", "c2"}): set()},
            {frozenset({"x"}): {"t": (set(), {"c1"})}, frozenset({"y"}): {"t": (set(), {"c2"})}})
        assert (built, given) == ("release 3", set())
        assert calls[-1] == {"t": (set(), {"c1", "c2"})}

    def test_when_no_remedy_is_left_what_is_still_given_away_is_returned(self, rounds):
        play, calls = rounds
        built, _equations, given = play({frozenset(): {"x"}}, {})
        assert (built, given, calls) == ("release 1", {"x"}, [{}])
