"""The test command cosmic-ray runs for each mutant: only the tests that cover the changed lines.

cosmic-ray has already written the mutant to disk. The changed lines are found by comparing the
module with its pristine copy in the source checkout (MUTATION_SOURCE); the coverage map built
by `python -m mutation` (pytest-cov, one context per test) names the tests that run those lines.

A line that runs only when the module is imported (a decorator, a signature, a module constant)
belongs to no test's context. For those, the tests are the ones that run the body of the function
or class the line belongs to, or the lines that use the constant.

The selected tests run fastest first, by the durations recorded when the coverage map was built
(mutation/durations.py): pytest stops at the first failure (-x), so a killed mutant costs its
cheapest failing test. Tests that killed earlier mutants of the same module in this run come
before the others (those that killed most first): the few tests written for a module's rules
kill most of its mutants, and the fastest tests that run a line are often pages that do not look
at what it computes. The order is the only thing the durations and the kills change, never which
tests run.

When the worker's pytest server runs (mutation/server.py), the tests first run in a fork of it,
which has imported Django and collected the suite already; a fresh process runs them only when
the fork finds no failing test or cannot apply the mutant.
"""

import ast
import difflib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from coverage.numbits import numbits_to_nums

# mutation.hang fails a test that hangs, so that a mutant looping for ever is killed by a test.
# -rf names the failing test, so that the next mutants of the module try it first.
# mutation.order runs the tests in the order given, the transactional ones last.
PYTEST = [sys.executable, "-m", "pytest", "-x", "-q", "-rf", "-p", "no:randomly", "--no-header",
          "-p", "no:cacheprovider", "-p", "mutation.hang", "-p", "mutation.order",
          "-o", "addopts="]


def changed_lines(pristine: list[str], mutant: list[str]) -> set[int]:
    """Line numbers of the pristine module that the mutant changed (or inserted before)."""
    lines = set()
    matcher = difflib.SequenceMatcher(a=pristine, b=mutant, autojunk=False)
    for tag, a_start, a_end, _b_start, _b_end in matcher.get_opcodes():
        if tag != "equal":
            lines.update(range(a_start + 1, max(a_end, a_start + 1) + 1))
    return lines


def coverage_by_test(path: str) -> dict[str, set[int]]:
    """For one file of the coverage map: pytest node id -> the lines its run executed."""
    database = sqlite3.connect(os.environ["MUTATION_COVERAGE"])
    rows = database.execute(
        "select context.context, line_bits.numbits from line_bits"
        " join file on file.id = line_bits.file_id join context on context.id = line_bits.context_id"
        " where file.path = ?", (path,)).fetchall()
    by_test: dict[str, set[int]] = {}
    for context, bits in rows:
        by_test.setdefault(context.split("|")[0], set()).update(numbits_to_nums(bits))
    return by_test


def _statements(tree: ast.Module):
    for node in tree.body:
        yield node
        if isinstance(node, ast.ClassDef):
            yield from node.body


def import_time_neighbours(source: str, lines: set[int]) -> set[int]:
    """The lines whose tests stand for an import-time line: the body it decorates or defines
    (and, for a class, every line that uses it: a dataclass's body runs only at import), or every
    line that uses the name it assigns."""
    text = source.splitlines()

    def users(names: set[str], after: int) -> set[int]:
        return {number for number, line in enumerate(text, 1) if number > after
                and any(re.search(rf"\b{re.escape(name)}\b", line) for name in names)}

    for node in _statements(ast.parse(source)):
        start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        if not any(start <= line <= node.end_lineno for line in lines):
            continue
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = set(range(node.body[0].lineno, node.end_lineno + 1))
            if isinstance(node, ast.ClassDef):
                return body | users({node.name}, node.end_lineno)
            return body
        names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        return users(names, node.end_lineno)
    return set()


def select_tests(module: str) -> list[str]:
    source_path = Path(os.environ["MUTATION_SOURCE"]) / module
    source = source_path.read_text()
    lines = changed_lines(source.splitlines(), Path(module).read_text().splitlines())
    by_test = coverage_by_test(str(source_path))
    tests = {test for test, ran in by_test.items() if test and ran & lines}
    if not tests:
        neighbours = import_time_neighbours(source, lines)
        tests = {test for test, ran in by_test.items() if test and ran & neighbours}
    return killers_first(fastest_first(tests, recorded_durations()), recorded_kills())


def _recorded(variable: str) -> dict:
    """The JSON file named by the environment variable `variable`; empty if none was recorded."""
    path = os.environ.get(variable)
    if not path or not Path(path).exists():
        return {}
    return json.loads(Path(path).read_text())


def recorded_durations() -> dict[str, float]:
    """Each test's duration in the coverage-map run (mutation/durations.py)."""
    return _recorded("MUTATION_DURATIONS")


def fastest_first(tests: set[str], durations: dict[str, float]) -> list[str]:
    """The tests in the order of their recorded duration, those without one last (by name): with
    -x, a killed mutant stops at its cheapest failing test."""
    return sorted(tests, key=lambda test: (test not in durations, durations.get(test, 0.0), test))


def killers_first(tests: list[str], kills: dict[str, int]) -> list[str]:
    """The tests that killed earlier mutants of the module, those that killed most first, then
    the others in the order given (a stable sort: ties keep it)."""
    return sorted(tests, key=lambda test: -kills.get(test, 0))


def recorded_kills() -> dict[str, int]:
    """How many mutants of this module each test has killed so far in this run."""
    return _recorded("MUTATION_KILLS")


def record_kill(output: str) -> None:
    """Count the test that failed (pytest's "FAILED node - reason" line) as a killer."""
    path = os.environ.get("MUTATION_KILLS")
    failed = [line.split(" ", 1)[1].split(" - ", 1)[0] for line in output.splitlines()
              if line.startswith("FAILED ")]
    if not path or not failed:
        return
    kills = recorded_kills()
    kills[failed[0]] = kills.get(failed[0], 0) + 1
    Path(path).write_text(json.dumps(kills))


def fresh_test_database() -> dict:
    """A copy of the migrated test database made once per run (MUTATION_TEST_TEMPLATE): each mutant
    starts from the same freshly migrated rows without running the migrations again."""
    template = os.environ.get("MUTATION_TEST_TEMPLATE")
    if not template:
        return {}
    copy = Path.cwd() / "test-database.sqlite3"
    shutil.copyfile(template, copy)
    return {"TUCHT_TEST_DATABASE": str(copy)}


def in_fork(module: str, tests: list[str]) -> int:
    """The tests run in a fork of the worker's pytest server (mutation/server.py), if it runs:
    their exit status when one failed, else 0 (all passed, or the fork declined the mutant)."""
    address = os.environ.get("MUTATION_SERVER")
    if not address or not Path(address).exists():
        return 0
    from mutation.server import ask

    try:
        answer = ask(address, {"module": module, "tests": tests})
    except (OSError, ValueError) as error:
        # A server that died or answered nothing decides nothing: this process's exit status
        # must come from the tests, or cosmic-ray would count the error as a kill.
        print(f"not run in a fork: the pytest server did not answer ({error})")
        return 0
    if answer.get("returncode"):
        print("killed in a fork of the pytest server")
        sys.stdout.write(answer["output"])
        record_kill(answer["output"])
        return answer["returncode"]
    if "declined" in answer:
        print(f"not run in a fork: {answer['declined'].strip().splitlines()[-1]}")
    else:
        print("every test passed in a fork: run again in a fresh process")
    return 0


def run(module: str) -> tuple[int, str]:
    """The mutant's tests run: their exit status, and where they ran."""
    tests = select_tests(module)
    if not tests:
        print(f"no test runs the changed lines of {module}")
        return 0, "no test"
    if killed := in_fork(module, tests):
        return killed, "fork"
    database = fresh_test_database()
    command = PYTEST + (["--reuse-db"] if database else []) + tests
    process = subprocess.run(command, env=dict(os.environ, **database), check=False,
                             capture_output=True, text=True)
    sys.stdout.write(process.stdout)
    sys.stderr.write(process.stderr)
    if process.returncode:
        record_kill(process.stdout)
    return process.returncode, "fresh process"


# The last line of each mutant's output, read by results.timing: what a run's minutes went to.
TOOK = "this mutant's tests took {seconds:.1f} s ({where})"


def main(module: str) -> int:
    started = time.monotonic()
    status, where = run(module)
    print(TOOK.format(seconds=time.monotonic() - started, where=where))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
