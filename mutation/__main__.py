"""`python -m mutation`: mutation testing of the core modules (see mutation/__init__.py).

    python -m mutation                      every module of modules.toml, 2 workers
    python -m mutation --ci                 the fast subset CI runs
    python -m mutation --module workflows/selectors.py --workers 1
    python -m mutation --no-fork            every mutant's tests in a fresh pytest process

The coverage map (the non-browser suite run once under coverage) is kept in var/mutation with
fingerprints of the code and tests it describes; a later run reuses it while they still match,
maps anew only the tests of the test files that changed if nothing else did, and builds it anew
as soon as any other file it describes has changed.

Writes var/mutation/report.md (every survivor with its diff) and the score table of
docs/testing.md; exits 1 when a survivor is not a listed equivalent mutant.
"""

import argparse
import hashlib
import json
import os
import queue
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import threading
import tomllib
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from mutation.equivalents import record_listed_equivalents
from mutation.results import ModuleResult, read_session, write_reports

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "mutation"
SETTINGS = tomllib.loads((ROOT / "mutation" / "modules.toml").read_text())
BIN = Path(sys.executable).parent


def run(command: list[str], cwd: Path, env: dict | None = None) -> None:
    print("+", " ".join(command), flush=True)
    subprocess.run(command, cwd=cwd, env=env, check=True)


# What a coverage map does not depend on: the documentation, this driver's list of equivalent
# mutants and its reports. Any other file (code, templates, tests, settings) can change which
# test runs which line.
NOT_DESCRIBED = ("docs/", "mutation/", "var/")


def is_test_file(name: str) -> bool:
    """A file of tests (tests/**/test_*.py): its own tests are all it adds to a coverage map."""
    return name.startswith("tests/") and Path(name).name.startswith("test_") and name.endswith(".py")


def checkout_fingerprints(command: list[str]) -> dict[str, str]:
    """What a coverage map describes: a hash of each test file, and under "" a hash of the coverage
    command and of every other file (code, templates, settings, conftest and test helpers)."""
    rest = hashlib.sha256("\0".join(command).encode())
    found = {}
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in sorted(filter(None, listed)):
        if name.startswith(NOT_DESCRIBED) or not (ROOT / name).is_file():
            continue
        if is_test_file(name):
            found[name] = hashlib.sha256((ROOT / name).read_bytes()).hexdigest()
        else:
            rest.update(name.encode() + b"\0" + (ROOT / name).read_bytes() + b"\0")
    return {"": rest.hexdigest(), **found}


def recorded_fingerprints(stamp: Path) -> dict[str, str]:
    """The fingerprints a map was made with; empty if none (or of an older form) were kept."""
    try:
        recorded = json.loads(stamp.read_text())
    except (OSError, ValueError):
        return {}
    return recorded if isinstance(recorded, dict) else {}


def coverage_map(modules: list[str], tests: list[str], fresh: bool, parts: int = 1) -> Path:
    """Run the non-browser suite (or only `tests`) once under coverage, one context per test, the
    suite's files split over `parts` processes; reuse the map of an earlier run if it was made by
    the same command on the same files. If only test files changed since (edited, added or
    removed), only their tests are mapped anew: a test's lines depend on the code and on the test
    itself, and the code is unchanged."""
    database = WORK / ("coverage-ci.db" if tests else "coverage.db")
    stamp, durations = database.with_suffix(".fingerprint"), durations_file(database)
    # Every package of modules.toml, so that a map made for one module serves the others.
    packages = sorted({module.split("/")[0] for module in [*modules, *SETTINGS["modules"]]})
    command = [str(BIN / "python"), "-m", "pytest", "-q", "-m", "not browser", "-p", "no:randomly",
               "-p", "mutation.durations", *[f"--cov={package}" for package in packages],
               "--cov-context=test", "--cov-report=", *tests]
    fingerprints = checkout_fingerprints(command[1:])
    recorded = recorded_fingerprints(stamp)
    if not fresh and database.exists() and recorded:
        if recorded == fingerprints:
            print(f"coverage map {database} is up to date with the checkout: reused", flush=True)
            return database
        if not tests and durations.exists() and recorded.get("") == fingerprints[""]:
            changed = sorted(name for name, digest in fingerprints.items()
                             if name and recorded.get(name) != digest)
            removed = sorted(name for name in recorded if name and name not in fingerprints)
            print(f"coverage map {database}: only test files changed; the tests of "
                  f"{len(changed)} changed or new and {len(removed)} removed file(s) mapped anew",
                  flush=True)
            update_map(command, database, changed, removed)
            stamp.write_text(json.dumps(fingerprints, indent=0, sort_keys=True))
            return database
    # The durations of the map being replaced, if any, balance the parts of the new one.
    previous = json.loads(durations.read_text()) if durations.exists() else {}
    for stale in (database, stamp, durations):
        stale.unlink(missing_ok=True)
    groups = [] if tests else test_files_in_parts(parts, previous)
    if len(groups) > 1:
        parallel_coverage(command, groups, database)
    else:
        run(command, cwd=ROOT, env=dict(os.environ, COVERAGE_FILE=str(database),
                                        MUTATION_DURATIONS=str(durations)))
    stamp.write_text(json.dumps(fingerprints, indent=0, sort_keys=True))
    return database


def update_map(command: list[str], database: Path, changed: list[str], removed: list[str]) -> None:
    """The map `database` without the tests of the files `changed` and `removed` (their contexts
    and durations), and with the tests of `changed` as they run now."""
    gone = set(changed) | set(removed)
    kept = {test: seconds for test, seconds in
            json.loads(durations_file(database).read_text()).items()
            if test.split("::")[0] not in gone}
    with sqlite3.connect(database) as data:
        stale = [(number,) for number, context in data.execute("select id, context from context")
                 if context.split("::")[0] in gone]
        for table in ("line_bits", "arc"):
            data.executemany(f"delete from {table} where context_id = ?", stale)  # noqa: S608
        data.executemany("delete from context where id = ?", stale)
    data.close()
    if changed:
        parallel_coverage(command, [changed], database, kept=kept)
    else:
        durations_file(database).write_text(json.dumps(kept, indent=0, sort_keys=True))


def test_files_in_parts(parts: int, durations: dict[str, float] | None = None) -> list[list[str]]:
    """The suite's test files in at most `parts` groups that take about as long each: by the
    recorded durations of their tests where known, else by their size in bytes (at the seconds
    per byte of the files whose durations are known)."""
    files = sorted((ROOT / "tests").rglob("test_*.py"))
    names = [str(path.relative_to(ROOT)) for path in files]
    seconds: dict[str, float] = {}
    for test, duration in (durations or {}).items():
        name = test.split("::")[0]
        seconds[name] = seconds.get(name, 0.0) + duration
    sizes = {name: path.stat().st_size for name, path in zip(names, files)}
    known = [name for name in names if name in seconds]
    rate = (sum(seconds[n] for n in known) / max(1, sum(sizes[n] for n in known))) if known else 1.0
    weight = {name: seconds.get(name, sizes[name] * rate) for name in names}
    groups: list[list[str]] = [[] for _ in range(max(1, parts))]
    loads = [0.0] * len(groups)
    for name in sorted(names, key=lambda n: -weight[n]):
        lightest = loads.index(min(loads))
        groups[lightest].append(name)
        loads[lightest] += weight[name]
    return [group for group in groups if group]


def parallel_coverage(command: list[str], groups: list[list[str]], database: Path,
                      kept: dict[str, float] | None = None) -> None:
    """The coverage command run on each group of test files at once, each process with its own
    data and durations files (and, by config/settings_test.py, its own test database); then the
    data combined into `database` (contexts kept) and the durations into one file. With `kept`
    (the durations of the tests `database` already holds), they are added to the map instead of
    replacing it."""
    pieces = [database.with_name(f"{database.name}.part{n}") for n in range(len(groups))]
    processes = []
    for piece, group in zip(pieces, groups):
        print("+", " ".join(command), f"({len(group)} test files)", flush=True)
        processes.append(subprocess.Popen(
            command + group, cwd=ROOT, env=dict(os.environ, COVERAGE_FILE=str(piece),
                                                MUTATION_DURATIONS=f"{piece}.durations.json")))
    failed = [process.args for process in processes if process.wait()]
    if failed:
        raise subprocess.CalledProcessError(1, failed[0])
    timings = dict(kept or {})
    for piece in pieces:
        timings.update(json.loads(Path(f"{piece}.durations.json").read_text()))
        Path(f"{piece}.durations.json").unlink()
    durations_file(database).write_text(json.dumps(timings, indent=0, sort_keys=True))
    append = ["--append"] if kept is not None else []
    run([str(BIN / "python"), "-m", "coverage", "combine", *append, *map(str, pieces)], cwd=ROOT,
        env=dict(os.environ, COVERAGE_FILE=str(database)))


def durations_file(database: Path) -> Path:
    """Each test's duration in the run that built the coverage map `database`
    (mutation/durations.py), kept next to it: built, reused and discarded with it, under the same
    fingerprint."""
    return database.with_suffix(".durations.json")


def test_template() -> Path:
    """Where the migrated test database that every mutant's tests start from is kept."""
    return WORK / "test-template.sqlite3"


def migrated_test_database() -> Path:
    """The test database, migrated once (pytest-django keeps it with --reuse-db): every mutant's
    test run starts from a copy of it (mutation/run_tests.py) instead of migrating again."""
    template = test_template()
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


# cosmic-ray's limit for the whole test run of one mutant. A hang fails its test long before
# (mutation/hang.py); this only stops a run gone wrong, and such a run counts as timed out.
RUN_TIMEOUT = 3600.0


def config_text(module: str, operators: list[str]) -> str:
    test_command = f"{BIN / 'python'} -m mutation.run_tests {module}"
    excluded = SETTINGS["exclude_operators"]
    if operators:
        excluded = [f"^(?!{'|'.join(re.escape(op) for op in operators)}$).*"]
    return "\n".join([
        "[cosmic-ray]", f'module-path = "{module}"', f"timeout = {RUN_TIMEOUT}",
        "excluded-modules = []",
        f'test-command = "{test_command}"', "", "[cosmic-ray.distributor]", 'name = "local"', "",
        "[cosmic-ray.filters.operators-filter]",
        "exclude-operators = [" + ", ".join(f"'{pattern}'" for pattern in excluded) + "]", ""])


def start_server(tree: Path, coverage: Path) -> tuple[subprocess.Popen, str] | None:
    """The worker's pytest server (mutation/server.py), started in its copy of the checkout; None
    (and the reason printed) if it does not come up: each mutant then runs in a fresh process."""
    address = str(Path(tempfile.mkdtemp(prefix="mutation-")) / "server.sock")
    env = dict(os.environ, MUTATION_SERVER=address, MUTATION_SOURCE=str(ROOT),
               MUTATION_TEST_TEMPLATE=str(test_template()),
               MUTATION_DURATIONS=str(durations_file(coverage)),
               TUCHT_TEST_DATABASE=str(tree / "server-database.sqlite3"))
    # Each fork copies the migrated SQLite test database (mutation/server.py).
    env.pop("DATABASE_URL", None)
    command = [str(BIN / "python"), "-m", "pytest", "-q", "-m", "not browser", "-p", "no:randomly",
               "-p", "no:cacheprovider", "-o", "addopts=", "-p", "mutation.hang",
               "-p", "mutation.server", "--reuse-db", "--basetemp", str(tree / "pytest-tmp"),
               "tests"]
    log = (tree / "pytest-server.log").open("w")
    process = subprocess.Popen(command, cwd=tree, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 300
    while not Path(address).exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            print(f"the pytest server of {tree} did not start (see {log.name}): "
                  "every mutant runs in a fresh process", flush=True)
            return None
        time.sleep(0.2)
    print(f"pytest server of {tree} listening", flush=True)
    return process, address


def stop_server(server: tuple[subprocess.Popen, str] | None) -> None:
    if server is None:
        return
    process, address = server
    from mutation.server import ask

    try:
        ask(address, {"stop": True}, timeout=30)
        process.wait(timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        process.kill()
    shutil.rmtree(Path(address).parent, ignore_errors=True)


def mutate_module(module: str, tree: Path, coverage: Path, operators: list[str],
                  run_equivalents: bool = False, server: str = "") -> ModuleResult:
    slug = module.replace("/", "_").removesuffix(".py")
    config, session, kills = (tree / f"{slug}.toml", tree / f"{slug}.sqlite",
                              tree / f"{slug}.kills.json")
    config.write_text(config_text(module, operators))
    env = dict(os.environ, MUTATION_SOURCE=str(ROOT), MUTATION_COVERAGE=str(coverage),
               MUTATION_DURATIONS=str(durations_file(coverage)),
               MUTATION_TEST_TEMPLATE=str(test_template()),
               MUTATION_KILLS=str(kills), MUTATION_SERVER=server)
    kills.unlink(missing_ok=True)
    run([str(BIN / "cosmic-ray"), "init", config.name, session.name], cwd=tree, env=env)
    run([str(BIN / "cr-filter-operators"), session.name, config.name], cwd=tree, env=env)
    if not run_equivalents:
        listed = record_listed_equivalents(session, module, tree / module)
        print(f"{module}: {listed} mutant(s) listed as equivalent, recorded without a test run",
              flush=True)
    started, load = time.monotonic(), os.getloadavg()[0]
    run([str(BIN / "cosmic-ray"), "exec", config.name, session.name], cwd=tree, env=env)
    result = read_session(module, session, tree / module)
    result.finished = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    result.minutes = round((time.monotonic() - started) / 60)
    result.load = (load, os.getloadavg()[0])
    return result


def mutate_all(modules: list[str], workers: int, operators: list[str], fresh_coverage: bool,
               tests: list[str], report, run_equivalents: bool = False,
               fork: bool = True, parts: int = 0) -> list[ModuleResult]:
    """Mutate `modules` with `workers` threads; `report(results)` is called, one thread at a time,
    after each module, so that an interrupted run keeps the scores of the modules it finished."""
    # One map for every module of the run: built once, or reused if the checkout has not changed.
    # The map in `parts` processes (--workers), even when fewer modules keep fewer workers busy.
    coverage = coverage_map(modules, tests, fresh_coverage, parts=max(parts, workers))
    migrated_test_database()
    trees = [copy_tree(WORK / f"tree-{n}") for n in range(workers)]
    servers = [start_server(tree, coverage) if fork else None for tree in trees]
    # Each worker takes the next module as soon as it is free, in the order of the list.
    pending: queue.SimpleQueue[str] = queue.SimpleQueue()
    for module in modules:
        pending.put(module)
    done: list[ModuleResult] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        while True:
            try:
                module = pending.get_nowait()
            except queue.Empty:
                return
            result = mutate_module(module, trees[n], coverage, operators, run_equivalents,
                                   servers[n][1] if servers[n] else "")
            with lock:
                done.append(result)
                report(done)

    try:
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(worker, range(workers)))
    finally:
        for server in servers:
            stop_server(server)
    return done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", action="append", help="a module path (default: all)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--ci", action="store_true", help="the fast subset CI runs")
    parser.add_argument("--fresh-coverage", action="store_true",
                        help="build the coverage map anew even if the checkout has not changed")
    parser.add_argument("--run-equivalents", action="store_true",
                        help="run the mutants listed as equivalent too (mutation/equivalents.py)")
    parser.add_argument("--no-fork", action="store_true",
                        help="run every mutant's tests in a fresh pytest process "
                             "(no pytest server, mutation/server.py)")
    args = parser.parse_args()
    modules = args.module or SETTINGS["ci_modules" if args.ci else "modules"]
    operators = SETTINGS["ci_operators"] if args.ci else []
    tests = SETTINGS["ci_tests"] if args.ci else []
    WORK.mkdir(parents=True, exist_ok=True)
    command = " ".join(["python -m mutation", *sys.argv[1:]])

    def report(results: list[ModuleResult]) -> int:
        # A run of some modules replaces their rows of the table and keeps the others' rows.
        return write_reports(results, WORK / "report.md",
                             None if args.ci else ROOT / "docs" / "testing.md",
                             command, SETTINGS["modules"])

    results = mutate_all(modules, max(1, min(args.workers, len(modules))), operators,
                         args.fresh_coverage, tests, report, args.run_equivalents,
                         fork=not args.no_fork, parts=args.workers)
    return 1 if report(results) else 0


if __name__ == "__main__":
    sys.exit(main())
