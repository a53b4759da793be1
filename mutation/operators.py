"""Mutation operators of our own, for what cosmic-ray's core operators cannot express.

A confidentiality rule in this project is usually one queryset call: `.filter(case__in=visible)`
or `.exclude(restricted=True)`. Dropping such a call is the mutation that matters most, and no
core operator makes it. Registered as the cosmic-ray operator provider "tucht" (pyproject.toml).
"""

from cosmic_ray.operators.operator import Example, Operator
from parso.python.tree import PythonNode

# Queryset methods whose removal changes which rows, or in which order, a page shows.
# select_related/prefetch_related only change the number of queries: dropping them is equivalent.
QUERY_METHODS = frozenset({"filter", "exclude", "order_by", "distinct"})


# The calls that decide which rows a user is shown: the confidentiality rule itself.
ROW_FILTERS = frozenset({"filter", "exclude"})


def _calls(node, methods=QUERY_METHODS):
    """Indexes i of `.method` trailers followed by their `(...)` trailer in an atom_expr."""
    children = node.children
    for i in range(1, len(children) - 1):
        name, args = children[i], children[i + 1]
        if (name.type == "trailer" and name.children[0] == "."
                and name.children[1].value in methods
                and args.type == "trailer" and args.children[0] == "("):
            yield i


class DropQueryMethod(Operator):
    """Removes one `.filter(...)`, `.exclude(...)`, `.order_by(...)` or `.distinct()` call."""

    methods = QUERY_METHODS

    def mutation_positions(self, node):
        if isinstance(node, PythonNode) and node.type == "atom_expr":
            # Listed before the first is yielded: cosmic-ray mutates the node while it iterates,
            # and a lazy walk of the shortened children would run past their end.
            yield from [(node.children[i].start_pos, node.children[i + 1].end_pos)
                        for i in list(_calls(node, self.methods))]

    def mutate(self, node, index):
        i = list(_calls(node, self.methods))[index]
        del node.children[i:i + 2]
        return node

    @classmethod
    def examples(cls):
        return (
            Example("x = qs.filter(a=1).order_by('b')", "x = qs.order_by('b')"),
            Example("x = qs.filter(a=1).order_by('b')", "x = qs.filter(a=1)", occurrence=1),
            Example("x = Case.objects.exclude(restricted=True)", "x = Case.objects"),
        )


class DropRowFilter(DropQueryMethod):
    """Removes one `.filter(...)` or `.exclude(...)` call: a user would see rows they may not
    (the fast subset CI runs)."""

    methods = ROW_FILTERS

    @classmethod
    def examples(cls):
        return (
            Example("x = qs.filter(a=1).order_by('b')", "x = qs.order_by('b')"),
            Example("x = Case.objects.exclude(restricted=True)", "x = Case.objects"),
        )


class OperatorProvider:
    """The "tucht" provider: cosmic-ray looks operators up by name here."""

    _OPERATORS = {"DropQueryMethod": DropQueryMethod, "DropRowFilter": DropRowFilter}

    def __iter__(self):
        return iter(self._OPERATORS)

    def __getitem__(self, name):
        return self._OPERATORS[name]
