"""`python -m mutation`: mutation testing of the core modules (see mutation/__init__.py).

    python -m mutation                      every module of modules.toml, 2 workers
    python -m mutation --ci                 the fast subset CI runs
    python -m mutation --module workflows/selectors.py --workers 1 --reuse-coverage

Writes var/mutation/report.md (every survivor with its diff) and the score table of
docs/testing.md; exits 1 when a survivor is not a listed equivalent mutant.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mutation.results import ModuleResult, read_session, write_reports

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "mutation"
SETTINGS = tomllib.loads((ROOT / "mutation" / "modules.toml").read_text())
BIN = Path(sys.executable).parent


def run(command: list[str], cwd: Path, env: dict | None = None) -> None:
    print("+", " ".join(command), flush=True)
    subprocess.run(command, cwd=cwd, env=env, check=True)


def coverage_map(modules: list[str], tests: list[str]) -> Path:
    """Run the non-browser suite (or only `tests`) once under coverage, one context per test."""
    database = WORK / ("coverage-ci.db" if tests else "coverage.db")
    database.unlink(missing_ok=True)
    # Every package of modules.toml, so that a map made for one module serves the others.
    packages = sorted({module.split("/")[0] for module in [*modules, *SETTINGS["modules"]]})
    env = dict(os.environ, COVERAGE_FILE=str(database))
    run([str(BIN / "python"), "-m", "pytest", "-q", "-m", "not browser", "-p", "no:randomly",
         *[f"--cov={package}" for package in packages], "--cov-context=test", "--cov-report=",
         *tests],
        cwd=ROOT, env=env)
    return database


def migrated_test_database() -> Path:
    """The test database, migrated once (pytest-django keeps it with --reuse-db): every mutant's
    test run starts from a copy of it (mutation/run_tests.py) instead of migrating again."""
    template = WORK / "test-template.sqlite3"
    template.unlink(missing_ok=True)
    env = dict(os.environ, TUCHT_TEST_DATABASE=str(template))
    env.pop("DATABASE_URL", None)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings_test"
    run([str(BIN / "python"), "-c", "import django; django.setup(); "
         "from django.test.utils import setup_databases; "
         "setup_databases(verbosity=1, interactive=False, keepdb=True)"], cwd=ROOT, env=env)
    return template


def copy_tree(target: Path) -> Path:
    """A copy of the checkout (tracked and untracked, not ignored files) for one worker."""
    shutil.rmtree(target, ignore_errors=True)
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    return target


def config_text(module: str, operators: list[str]) -> str:
    test_command = f"{BIN / 'python'} -m mutation.run_tests {module}"
    excluded = SETTINGS["exclude_operators"]
    if operators:
        excluded = [f"^(?!{'|'.join(re.escape(op) for op in operators)}$).*"]
    return "\n".join([
        "[cosmic-ray]", f'module-path = "{module}"', "timeout = 300.0", "excluded-modules = []",
        f'test-command = "{test_command}"', "", "[cosmic-ray.distributor]", 'name = "local"', "",
        "[cosmic-ray.filters.operators-filter]",
        "exclude-operators = [" + ", ".join(f"'{pattern}'" for pattern in excluded) + "]", ""])


def mutate_module(module: str, tree: Path, coverage: Path, operators: list[str]) -> ModuleResult:
    slug = module.replace("/", "_").removesuffix(".py")
    config, session = tree / f"{slug}.toml", tree / f"{slug}.sqlite"
    config.write_text(config_text(module, operators))
    env = dict(os.environ, MUTATION_SOURCE=str(ROOT), MUTATION_COVERAGE=str(coverage),
               MUTATION_TEST_TEMPLATE=str(WORK / "test-template.sqlite3"))
    run([str(BIN / "cosmic-ray"), "init", config.name, session.name], cwd=tree, env=env)
    run([str(BIN / "cr-filter-operators"), session.name, config.name], cwd=tree, env=env)
    run([str(BIN / "cosmic-ray"), "exec", config.name, session.name], cwd=tree, env=env)
    return read_session(module, session, tree / module)


def mutate_all(modules: list[str], workers: int, operators: list[str],
               reuse_coverage: bool, tests: list[str]) -> list[ModuleResult]:
    existing = WORK / "coverage.db"
    coverage = existing if reuse_coverage and existing.exists() else coverage_map(modules, tests)
    migrated_test_database()
    trees = [copy_tree(WORK / f"tree-{n}") for n in range(workers)]
    shares = [modules[n::workers] for n in range(workers)]

    def worker(n: int) -> list[ModuleResult]:
        return [mutate_module(module, trees[n], coverage, operators) for module in shares[n]]

    with ThreadPoolExecutor(workers) as pool:
        return [result for results in pool.map(worker, range(workers)) for result in results]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", action="append", help="a module path (default: all)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--ci", action="store_true", help="the fast subset CI runs")
    parser.add_argument("--reuse-coverage", action="store_true",
                        help="keep the coverage map of the previous run (the tests did not change)")
    args = parser.parse_args()
    modules = args.module or SETTINGS["ci_modules" if args.ci else "modules"]
    operators = SETTINGS["ci_operators"] if args.ci else []
    tests = SETTINGS["ci_tests"] if args.ci else []
    WORK.mkdir(parents=True, exist_ok=True)
    results = mutate_all(modules, max(1, min(args.workers, len(modules))), operators,
                         args.reuse_coverage and not args.ci, tests)
    command = "make mutate-ci" if args.ci else "make mutate"
    unexplained = write_reports(results, WORK / "report.md",
                                None if args.ci or args.module else ROOT / "docs" / "testing.md",
                                command)
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
