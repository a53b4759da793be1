"""Mutants listed as equivalent in modules.toml are recorded without running their tests.

An equivalent mutant survives by definition, and a survivor runs every test that covers its line
(up to a few hundred for a condition of the procedure), so running it costs the most and shows
nothing: its entry in modules.toml already says why no test can kill it. Before `cosmic-ray exec`,
each pending mutant of the session is made in memory with cosmic-ray's own operator; one that a
listed entry names (module, operator, line and, where given, the changed line) gets a result
without a test run: survived, with its diff and the output LISTED. `python -m mutation
--run-equivalents` runs them all the same. A line that changed no longer matches its entry, so
its mutants run again.
"""

import difflib
from pathlib import Path

from cosmic_ray.mutating import mutate_code
from cosmic_ray.plugins import get_operator
from cosmic_ray.work_db import WorkDB, use_db
from cosmic_ray.work_item import TestOutcome, WorkerOutcome, WorkResult

from mutation import results
from mutation.results import LISTED


def mutant_diff(original: str, mutated: str, module: str) -> str:
    """The diff of a mutant in cosmic-ray's own form (its `_make_diff`)."""
    return "\n".join(["--- mutation diff ---", *difflib.unified_diff(
        original.split("\n"), mutated.split("\n"), fromfile=f"a/{module}", tofile=f"b/{module}",
        lineterm="")])


def record_listed_equivalents(session: Path, module: str, source: Path) -> int:
    """Give every pending mutant of `session` that modules.toml lists as equivalent its result
    without running it; returns how many."""
    code = source.read_text()
    lines = code.splitlines()
    recorded = 0
    with use_db(str(session), WorkDB.Mode.open) as database:
        for item in database.pending_work_items:
            mutation = item.mutations[0]
            operator = get_operator(mutation.operator_name)(**mutation.operator_args)
            try:
                mutated = mutate_code(code, operator, mutation.occurrence)
            except Exception:  # noqa: BLE001 - cosmic-ray's exec records it as not applied
                mutated = None
            if mutated is None:
                continue
            diff = mutant_diff(code, mutated, module)
            line = lines[mutation.start_pos[0] - 1].strip()
            if results.equivalent_reason(module, mutation.operator_name, line,
                                         results.mutated_line(diff)):
                database.set_result(item.job_id, WorkResult(
                    worker_outcome=WorkerOutcome.SKIPPED, output=LISTED,
                    test_outcome=TestOutcome.SURVIVED, diff=diff))
                recorded += 1
    return recorded
