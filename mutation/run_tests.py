"""The test command cosmic-ray runs for each mutant: only the tests that cover the changed lines.

cosmic-ray has already written the mutant to disk. The changed lines are found by comparing the
module with its pristine copy in the source checkout (MUTATION_SOURCE); the coverage map built
by `python -m mutation` (pytest-cov, one context per test) names the tests that run those lines.
A mutant on a line that no test runs survives without running anything.
"""

import difflib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from coverage.numbits import numbits_to_nums

PYTEST = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:randomly", "--no-header",
          "-p", "no:cacheprovider", "-o", "addopts="]


def changed_lines(module: str) -> set[int]:
    """Line numbers of the pristine module that the mutant changed (or inserted before)."""
    pristine = (Path(os.environ["MUTATION_SOURCE"]) / module).read_text().splitlines()
    mutant = Path(module).read_text().splitlines()
    lines = set()
    matcher = difflib.SequenceMatcher(a=pristine, b=mutant, autojunk=False)
    for tag, a_start, a_end, _b_start, _b_end in matcher.get_opcodes():
        if tag != "equal":
            lines.update(range(a_start + 1, max(a_end, a_start + 1) + 1))
    return lines


def covering_tests(module: str, lines: set[int]) -> list[str]:
    """pytest node ids whose run executed one of `lines` of `module`, from the coverage map.

    A line that runs only when the module is imported (a decorator, a module-level constant, a
    `def`) belongs to no test's context: a mutant there can change what every test of the module
    sees, so all of them run.
    """
    database = sqlite3.connect(os.environ["MUTATION_COVERAGE"])
    path = str(Path(os.environ["MUTATION_SOURCE"]) / module)
    rows = database.execute(
        "select context.context, line_bits.numbits from line_bits"
        " join file on file.id = line_bits.file_id join context on context.id = line_bits.context_id"
        " where file.path = ?", (path,)).fetchall()
    hits = [(context.split("|")[0], bool(lines.intersection(numbits_to_nums(bits))))
            for context, bits in rows]
    tests = {test for test, hit in hits if test and hit}
    if not tests and any(hit for test, hit in hits if not test):
        tests = {test for test, _hit in hits if test}
    return sorted(tests)


def main(module: str) -> int:
    tests = covering_tests(module, changed_lines(module))
    if not tests:
        print(f"no test runs the changed lines of {module}")
        return 0
    return subprocess.run(PYTEST + tests, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
