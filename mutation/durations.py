"""A pytest plugin for the coverage-map run (`python -m mutation`): writes how long each test took
(setup, call and teardown, in seconds) to the JSON file named by MUTATION_DURATIONS.

mutation/run_tests.py runs a mutant's tests fastest first with these durations: most mutants are
killed, and the first failing test stops the run (-x), so a killed mutant then costs its cheapest
failing test instead of every slower test sorted before it by name.
"""

import json
import os
from pathlib import Path

_durations: dict[str, float] = {}


def pytest_runtest_logreport(report):
    _durations[report.nodeid] = _durations.get(report.nodeid, 0.0) + report.duration


def pytest_sessionfinish(session):
    target = os.environ.get("MUTATION_DURATIONS")
    if target:
        Path(target).write_text(json.dumps(_durations, indent=0, sort_keys=True))
