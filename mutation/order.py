"""The order a mutant's tests run in, in a fresh pytest process (mutation/run_tests.py, as a pytest
plugin) and in a fork of the pytest server (mutation/server.py): the order they were given in
(killers first, then fastest first), except that the transactional tests come last.

pytest-django sorts a session's tests into database tests, then transactional tests, then the
rest, because a transactional test's teardown empties every table (the rulebook, the roles and
permissions of the data migrations included) under any database test after it. Only that order
matters: a database test's changes are rolled back, and a test without the database cannot see
it. So the unit tests that kill most mutants of the deadline rules no longer wait behind every
database test that runs the same lines.
"""

import pytest


def transactional(item) -> bool:
    """Whether pytest-django runs `item` as a transactional test (its own rule)."""
    from django.test import TestCase, TransactionTestCase
    from pytest_django.plugin import validate_django_db

    test_class = getattr(item, "cls", None)
    if test_class and issubclass(test_class, TransactionTestCase):
        return not issubclass(test_class, TestCase)
    marker = item.get_closest_marker("django_db")
    if marker:
        transaction, reset_sequences, *_others = validate_django_db(marker)
        if transaction or reset_sequences:
            return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


def in_given_order(items: list, given: list[str]) -> list:
    """`items` in the order of the node ids `given`, the transactional ones last."""
    place = {node: n for n, node in enumerate(given)}
    return sorted(items, key=lambda item: (transactional(item), place.get(item.nodeid, len(place))))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    items[:] = in_given_order(items, config.args)
