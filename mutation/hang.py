"""A pytest plugin for the tests of one mutant (mutation/run_tests.py): a test that runs longer
than MUTATION_TEST_SECONDS (120 by default) fails, naming itself.

A mutant that makes the code loop for ever (`changed = True` at the end of every pass of a loop
`while changed`) is then killed by the test it hangs. Without it, only cosmic-ray's time limit
for the whole run of a mutant stopped such a test, and cosmic-ray counts reaching that limit as
killed: so was a survivor whose many covering tests merely took longer than the limit on a loaded
machine. The driver now counts a run that reaches the limit as timed out, never as killed.
"""

import os
import signal

import pytest


class TestHung(Exception):
    """The test ran longer than a test of this suite ever does: the mutant made it hang."""


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    seconds = int(os.environ.get("MUTATION_TEST_SECONDS", "120"))

    def hung(_signum, _frame):
        raise TestHung(f"{item.nodeid} ran longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
