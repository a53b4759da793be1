"""A pytest plugin for the tests of one mutant (mutation/run_tests.py, mutation/server.py): a test
that runs far longer than it did in the coverage-map run fails, naming itself.

A mutant that makes the code loop for ever (`changed = True` at the end of every pass of a loop
`while changed`) is then killed by the test it hangs. Without it, only cosmic-ray's time limit
for the whole run of a mutant stopped such a test, and cosmic-ray counts reaching that limit as
killed: so was a survivor whose many covering tests merely took longer than the limit on a loaded
machine. The driver now counts a run that reaches the limit as timed out, never as killed.

A test's limit is ten times its recorded duration (mutation/durations.py, MUTATION_DURATIONS), and
at least 15 s: a unit test of the deadline rules that a mutant sends into an endless loop is
stopped after 15 s rather than two minutes. A test without a recorded duration gets 120 s;
MUTATION_TEST_SECONDS, when set, is every test's limit.
"""

import json
import math
import os
import signal
from functools import cache
from pathlib import Path

import pytest

UNRECORDED_SECONDS = 120
SHORTEST_SECONDS = 15
TIMES_RECORDED = 10


class TestHung(Exception):
    """The test ran longer than a test of this suite ever does: the mutant made it hang."""


@cache
def _recorded() -> dict[str, float]:
    path = os.environ.get("MUTATION_DURATIONS")
    return json.loads(Path(path).read_text()) if path and Path(path).exists() else {}


def limit(nodeid: str) -> int:
    """The seconds `nodeid` may run before it counts as hung."""
    if os.environ.get("MUTATION_TEST_SECONDS"):
        return int(os.environ["MUTATION_TEST_SECONDS"])
    recorded = _recorded().get(nodeid)
    if recorded is None:
        return UNRECORDED_SECONDS
    return max(SHORTEST_SECONDS, math.ceil(TIMES_RECORDED * recorded))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    seconds = limit(item.nodeid)

    def hung(_signum, _frame):
        raise TestHung(f"{item.nodeid} ran longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
