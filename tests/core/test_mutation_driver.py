"""Issue 19: the mutation driver reuses its coverage map only while it describes the checkout, and
a run of some modules keeps the other modules' scores."""

import subprocess

import pytest

pytest.importorskip("cosmic_ray")

from mutation import __main__ as driver  # noqa: E402
from mutation.results import ModuleResult, score_table  # noqa: E402


@pytest.fixture
def checkout(tmp_path, monkeypatch):
    """A git checkout with one module, one test and the documentation; the driver pointed at it,
    its coverage command recorded instead of run."""
    for name, text in {"workflows/rules.py": "LIMIT = 60\n", "tests/test_rules.py": "x = 1\n",
                       "docs/testing.md": "scores\n"}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    monkeypatch.setattr(driver, "ROOT", tmp_path)
    monkeypatch.setattr(driver, "WORK", tmp_path / "var")
    (tmp_path / "var").mkdir()
    builds = []

    def coverage_run(command, cwd, env=None):
        builds.append(command)
        (tmp_path / "var" / "coverage.db").write_text("map")

    monkeypatch.setattr(driver, "run", coverage_run)
    monkeypatch.setattr(driver, "update_map", lambda command, database, changed, removed:
                        builds.append(("update", changed, removed)))
    return tmp_path, builds


class TestCoverageMap:
    def test_a_map_of_the_same_checkout_is_reused(self, checkout):
        _root, builds = checkout
        driver.coverage_map(["workflows/rules.py"], [], fresh=False)
        driver.coverage_map(["workflows/rules.py"], [], fresh=False)
        assert len(builds) == 1

    @pytest.mark.parametrize("changed", ["workflows/rules.py", "tests/conftest.py",
                                         "tests/helpers.py"])
    def test_a_map_older_than_the_code_or_the_test_helpers_is_built_anew(self, checkout, changed):
        root, builds = checkout
        driver.coverage_map(["workflows/rules.py"], [], fresh=False)
        (root / "tests" / "test_new.py").write_text("x = 2\n")
        (root / changed).write_text("LIMIT = 61\n")
        driver.coverage_map(["workflows/rules.py"], [], fresh=False)
        assert len(builds) == 2 and builds[1][0] != "update"

    def test_only_the_tests_of_changed_new_and_removed_test_files_are_mapped_anew(self, checkout):
        root, builds = checkout
        (root / "tests" / "test_old.py").write_text("x = 3\n")
        driver.coverage_map(["workflows/rules.py"], [], fresh=False)
        (root / "var" / "coverage.durations.json").write_text("{}")
        (root / "tests" / "test_rules.py").write_text("x = 2\n")
        (root / "tests" / "test_new.py").write_text("x = 2\n")
        (root / "tests" / "test_old.py").unlink()
        driver.coverage_map(["workflows/rules.py"], [], fresh=False)
        assert builds[1] == ("update", ["tests/test_new.py", "tests/test_rules.py"],
                             ["tests/test_old.py"])
        # The map now stands for the checkout as it is.
        driver.coverage_map(["workflows/rules.py"], [], fresh=False)
        assert len(builds) == 2

    def test_a_map_of_some_tests_is_built_anew_when_a_test_file_changes(self, checkout):
        root, builds = checkout
        driver.coverage_map(["workflows/rules.py"], ["tests/test_rules.py"], fresh=False)
        (root / "var" / "coverage.db").rename(root / "var" / "coverage-ci.db")
        (root / "tests" / "test_rules.py").write_text("x = 2\n")
        driver.coverage_map(["workflows/rules.py"], ["tests/test_rules.py"], fresh=False)
        assert len(builds) == 2 and builds[1][0] != "update"

    def test_a_map_kept_with_a_stamp_of_an_older_form_is_built_anew(self, checkout):
        root, builds = checkout
        driver.coverage_map(["workflows/rules.py"], [], fresh=False)
        (root / "var" / "coverage.fingerprint").write_text("3f" * 32)
        (root / "tests" / "test_rules.py").write_text("x = 2\n")
        driver.coverage_map(["workflows/rules.py"], [], fresh=False)
        assert len(builds) == 2 and builds[1][0] != "update"

    def test_the_documentation_does_not_make_a_map_stale(self, checkout):
        root, builds = checkout
        driver.coverage_map(["workflows/rules.py"], [], fresh=False)
        (root / "docs" / "testing.md").write_text("new scores\n")
        driver.coverage_map(["workflows/rules.py"], [], fresh=False)
        assert len(builds) == 1

    def test_fresh_builds_anew_even_when_nothing_changed(self, checkout):
        _root, builds = checkout
        driver.coverage_map(["workflows/rules.py"], [], fresh=False)
        driver.coverage_map(["workflows/rules.py"], [], fresh=True)
        assert len(builds) == 2

    def test_a_map_of_other_tests_is_not_reused(self, checkout):
        _root, builds = checkout
        driver.coverage_map(["workflows/rules.py"], [], fresh=False)
        (checkout[0] / "var" / "coverage.db").rename(checkout[0] / "var" / "coverage-ci.db")
        driver.coverage_map(["workflows/rules.py"], ["tests/test_rules.py"], fresh=False)
        assert len(builds) == 2


class TestCoverageMapInParts:
    def test_every_test_file_is_in_one_part_and_the_parts_are_of_about_the_same_size(
            self, tmp_path, monkeypatch):
        monkeypatch.setattr(driver, "ROOT", tmp_path)
        sizes = {"tests/a/test_big.py": 900, "tests/test_mid.py": 500, "tests/b/test_small.py": 400,
                 "tests/test_tiny.py": 100, "tests/helpers.py": 5000}
        for name, size in sizes.items():
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name).write_text("#" * size)
        parts = driver.test_files_in_parts(2)
        assert sorted(sum(parts, [])) == sorted(name for name in sizes if "test_" in name)
        assert [sum(sizes[name] for name in part) for part in parts] == [1000, 900]
        assert driver.test_files_in_parts(8) == [[name] for name in sizes if "test_" in name]

    def test_the_recorded_durations_balance_the_parts_where_known(self, tmp_path, monkeypatch):
        monkeypatch.setattr(driver, "ROOT", tmp_path)
        for name in ("test_slow.py", "test_quick.py", "test_mid.py", "test_new.py"):
            (tmp_path / "tests" / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / "tests" / name).write_text("#" * 100)
        durations = {"tests/test_slow.py::test_a": 50.0, "tests/test_slow.py::test_b": 40.0,
                     "tests/test_quick.py::test_c": 10.0, "tests/test_mid.py::test_d": 30.0}
        # Same sizes, very different durations; the new file counts as the known files' average
        # per byte (130 s for 300 bytes: 43 s), so the slow file (90 s) is a part on its own.
        assert driver.test_files_in_parts(2, durations) == [
            ["tests/test_slow.py"], ["tests/test_new.py", "tests/test_mid.py",
                                     "tests/test_quick.py"]]

    def test_the_parts_maps_and_durations_are_combined_into_one_and_updated(self, tmp_path,
                                                                           monkeypatch):
        import json
        import sqlite3
        import sys

        from coverage.numbits import numbits_to_nums

        (tmp_path / "rules").mkdir()
        (tmp_path / "rules" / "__init__.py").write_text("def one():\n    return 1\n\n\n"
                                                        "def two():\n    return 2\n")
        (tmp_path / "tests").mkdir()
        for name in ("one", "two"):
            (tmp_path / "tests" / f"test_{name}.py").write_text(
                f"from rules import {name}\n\n\ndef test_{name}():\n    assert {name}()\n")
        monkeypatch.setattr(driver, "ROOT", tmp_path)
        monkeypatch.setenv("PYTHONPATH", f"{tmp_path}:{driver.__file__.rsplit('/', 2)[0]}")
        monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:django",
                   "-p", "no:cacheprovider", "-p", "mutation.durations", "--cov=rules",
                   "--cov-context=test", "--cov-report="]
        database = tmp_path / "coverage.db"
        driver.parallel_coverage(command, driver.test_files_in_parts(2), database)

        contexts = {row[0] for row in sqlite3.connect(database).execute(
            "select context from context")}
        assert {"tests/test_one.py::test_one|run", "tests/test_two.py::test_two|run"} <= contexts
        assert set(json.loads(driver.durations_file(database).read_text())) == {
            "tests/test_one.py::test_one", "tests/test_two.py::test_two"}
        assert sorted(path.name for path in tmp_path.iterdir()) == [
            "coverage.db", "coverage.durations.json", "rules", "tests"]

        # test_one.py removed, test_two.py changed: their old tests leave the map, the new one
        # joins it, and nothing else runs.
        (tmp_path / "tests" / "test_one.py").unlink()
        (tmp_path / "tests" / "test_two.py").write_text(
            "from rules import one\n\n\ndef test_again():\n    assert one()\n")
        driver.update_map(command, database, ["tests/test_two.py"], ["tests/test_one.py"])
        data = sqlite3.connect(database)
        contexts = {row[0].split("|")[0] for row in data.execute(
            "select context from context join line_bits on line_bits.context_id = context.id")}
        # "": the lines run at import, by no test.
        assert contexts == {"", "tests/test_two.py::test_again"}
        # No lines left of a context removed: a new context may take its number.
        assert data.execute("select count(*) from line_bits where context_id not in"
                            " (select id from context)").fetchone() == (0,)
        [(bits,)] = data.execute("select numbits from line_bits join context on context.id ="
                                 " line_bits.context_id where context.context like '%|run'")
        assert numbits_to_nums(bits) == [2]
        assert set(json.loads(driver.durations_file(database).read_text())) == {
            "tests/test_two.py::test_again"}
        assert sorted(path.name for path in tmp_path.iterdir()) == [
            "coverage.db", "coverage.durations.json", "rules", "tests"]


class TestScoreTable:
    def result(self, module, killed):
        return ModuleResult(module, killed=killed, finished="2026-11-30 10:00 UTC", minutes=5,
                            load=(1.0, 2.5))

    def test_a_run_of_one_module_keeps_the_other_modules_rows_in_the_order_of_the_list(self):
        order = ["workflows/deadlines.py", "workflows/conditions.py", "incidents/evidence.py"]
        earlier = score_table([self.result("incidents/evidence.py", 7),
                               self.result("workflows/conditions.py", 3)], "first run")
        table = score_table([self.result("workflows/conditions.py", 9)], "second run", earlier,
                            order)
        rows = [line for line in table.splitlines() if line.startswith("| `")]
        assert [row.split("`")[1] for row in rows] == ["workflows/conditions.py",
                                                       "incidents/evidence.py"]
        assert "| 9 | 9 |" in rows[0] and "`second run`" in rows[0]
        assert "| 7 | 7 |" in rows[1] and "`first run`" in rows[1]

    def test_each_row_says_when_how_long_and_under_what_load_it_ran(self):
        table = score_table([self.result("workflows/conditions.py", 9)], "python -m mutation")
        assert "`python -m mutation`, 2026-11-30 10:00 UTC, 5 min, load 1.0 to 2.5" in table


class TestOperatorsAndScore:
    @pytest.mark.parametrize("occurrence, mutant", [
        (0, "x = case.hearings.exclude(outcome='').exists()\n"),
        (1, "x = case.hearings.filter(held=True).exists()\n"),
    ])
    def test_any_call_of_a_chain_is_dropped_not_only_the_last(self, occurrence, mutant):
        from cosmic_ray.mutating import mutate_code

        from mutation.operators import DropQueryMethod

        source = "x = case.hearings.filter(held=True).exclude(outcome='').exists()\n"
        assert mutate_code(source, DropQueryMethod(), occurrence) == mutant

    def test_a_mutant_that_could_not_be_applied_is_not_counted_as_killed(self):
        result = ModuleResult("workflows/conditions.py", killed=3, incompetent=1)
        assert result.score == 75.0
        assert "| 4 | 3 | 0 | 0 | 1 | 0 | 75.0 % |" in score_table([result], "python -m mutation")

    def test_an_equivalent_entry_with_becomes_names_one_mutant_of_its_line(self, monkeypatch):
        from mutation import results
        from mutation.results import equivalent_reason

        line = 'return case.hearings.filter(outcome__isnull=False).exclude(outcome="").exists()'
        module, operator = "workflows/conditions.py", "tucht/DropQueryMethod"
        monkeypatch.setattr(results, "EQUIVALENT", [{
            "module": module, "operator": operator, "line": line,
            "becomes": 'return case.hearings.exclude(outcome="").exists()',
            "reason": "outcome is NOT NULL"}])
        assert equivalent_reason(module, operator, line,
                                 'return case.hearings.exclude(outcome="").exists()')
        dropped_exclude = "return case.hearings.filter(outcome__isnull=False).exists()"
        assert equivalent_reason(module, operator, line, dropped_exclude) is None


class TestTimeLimit:
    """cosmic-ray counts a mutant whose test run reached its time limit as killed; on a loaded
    machine a survivor covered by a few hundred tests reached the limit of 300 s."""

    def test_a_run_stopped_by_the_time_limit_is_not_counted_as_killed(self):
        from cosmic_ray.work_item import TestOutcome, WorkerOutcome, WorkResult

        from mutation.results import outcome_kind

        def outcome(test_outcome, output):
            return WorkResult(worker_outcome=WorkerOutcome.NORMAL, output=output,
                              test_outcome=test_outcome)

        assert outcome_kind(outcome(TestOutcome.KILLED, "timeout")) == "timed out"
        assert outcome_kind(outcome(TestOutcome.KILLED, "1 failed in 3.2s")) == "killed"
        assert outcome_kind(outcome(TestOutcome.INCOMPETENT, "Traceback")) == "not applied"
        assert outcome_kind(outcome(TestOutcome.SURVIVED, "3 passed")) == "survived"
        result = ModuleResult("workflows/conditions.py", killed=3, timed_out=1)
        assert result.score == 75.0
        assert "| 4 | 3 | 0 | 0 | 0 | 1 | 75.0 % |" in score_table([result], "python -m mutation")

    def test_a_test_that_hangs_fails_and_the_others_run(self, tmp_path):
        import os
        import sys

        (tmp_path / "test_loop.py").write_text(
            "def test_hangs():\n    while True:\n        pass\n\n\ndef test_ends():\n    pass\n")
        (tmp_path / "pytest.ini").write_text("[pytest]\n")
        env = {key: value for key, value in os.environ.items()
               if key != "DJANGO_SETTINGS_MODULE"} | {"MUTATION_TEST_SECONDS": "1"}
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider",
             "-p", "no:django", "-p", "mutation.hang", "-o", "addopts=", "--rootdir", tmp_path,
             "-c", tmp_path / "pytest.ini", tmp_path / "test_loop.py"],
            cwd=driver.ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert run.returncode == 1
        assert "test_hangs ran longer than 1 s" in run.stdout
        assert "1 failed, 1 passed" in run.stdout


    def test_a_test_may_run_ten_times_its_recorded_duration_and_at_least_15_seconds(
            self, tmp_path, monkeypatch):
        from mutation import hang

        durations = tmp_path / "durations.json"
        durations.write_text(
            '{"tests/test_a.py::test_quick": 0.2, "tests/test_a.py::test_slow": 4.03}')
        monkeypatch.setenv("MUTATION_DURATIONS", str(durations))
        monkeypatch.delenv("MUTATION_TEST_SECONDS", raising=False)
        hang._recorded.cache_clear()
        assert hang.limit("tests/test_a.py::test_quick") == 15
        assert hang.limit("tests/test_a.py::test_slow") == 41
        assert hang.limit("tests/test_a.py::test_new") == 120
        monkeypatch.setenv("MUTATION_TEST_SECONDS", "3")
        assert hang.limit("tests/test_a.py::test_slow") == 3
        hang._recorded.cache_clear()


class TestFastestFirst:
    """A mutant's tests run fastest first, by the durations of the coverage-map run, so that a
    killed mutant stops (-x) at its cheapest failing test; the durations never change which tests
    run."""

    def test_a_mutants_tests_run_in_order_of_duration_unknown_ones_last(self, tmp_path,
                                                                        monkeypatch):
        import json

        from coverage import CoverageData

        from mutation.run_tests import select_tests

        source, tree = tmp_path / "source", tmp_path / "tree"
        for root, limit in ((source, "60"), (tree, "61")):
            (root / "workflows").mkdir(parents=True)
            (root / "workflows" / "rules.py").write_text(f"NAME = 'x'\nLIMIT = {limit}\n")
        data = CoverageData(basename=str(tmp_path / "coverage.db"))
        covered = {"tests/test_a.py::test_slow": [1, 2], "tests/test_b.py::test_fast": [2],
                   "tests/test_c.py::test_middle": [1, 2], "tests/test_d.py::test_new": [2],
                   "tests/test_e.py::test_elsewhere": [1]}
        for test, lines in covered.items():
            data.set_context(f"{test}|run")
            data.add_lines({str(source / "workflows" / "rules.py"): lines})
        data.write()
        durations = {"tests/test_a.py::test_slow": 9.5, "tests/test_b.py::test_fast": 0.2,
                     "tests/test_c.py::test_middle": 1.5, "tests/test_e.py::test_elsewhere": 0.1}
        (tmp_path / "durations.json").write_text(json.dumps(durations))
        monkeypatch.chdir(tree)
        monkeypatch.setenv("MUTATION_SOURCE", str(source))
        monkeypatch.setenv("MUTATION_COVERAGE", str(tmp_path / "coverage.db"))
        monkeypatch.setenv("MUTATION_DURATIONS", str(tmp_path / "durations.json"))
        assert select_tests("workflows/rules.py") == [
            "tests/test_b.py::test_fast", "tests/test_c.py::test_middle",
            "tests/test_a.py::test_slow", "tests/test_d.py::test_new"]
        monkeypatch.delenv("MUTATION_DURATIONS")
        assert select_tests("workflows/rules.py") == [
            "tests/test_a.py::test_slow", "tests/test_b.py::test_fast",
            "tests/test_c.py::test_middle", "tests/test_d.py::test_new"]
        # A test that killed an earlier mutant of the module comes first.
        (tmp_path / "kills.json").write_text(json.dumps({"tests/test_d.py::test_new": 1}))
        monkeypatch.setenv("MUTATION_KILLS", str(tmp_path / "kills.json"))
        assert select_tests("workflows/rules.py") == [
            "tests/test_d.py::test_new", "tests/test_a.py::test_slow",
            "tests/test_b.py::test_fast", "tests/test_c.py::test_middle"]

    def test_the_coverage_run_records_each_tests_duration(self, tmp_path):
        import json
        import os
        import sys

        (tmp_path / "test_pace.py").write_text(
            "import time\n\n\ndef test_slow():\n    time.sleep(0.3)\n\n\n"
            "def test_fast():\n    pass\n")
        (tmp_path / "pytest.ini").write_text("[pytest]\n")
        env = {key: value for key, value in os.environ.items()
               if key != "DJANGO_SETTINGS_MODULE"} | {
            "MUTATION_DURATIONS": str(tmp_path / "durations.json")}
        subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider",
             "-p", "no:django", "-p", "mutation.durations", "-o", "addopts=", "--rootdir",
             tmp_path, "-c", tmp_path / "pytest.ini", tmp_path / "test_pace.py"],
            cwd=driver.ROOT, env=env, check=True, capture_output=True, timeout=60)
        durations = json.loads((tmp_path / "durations.json").read_text())
        assert sorted(durations) == ["test_pace.py::test_fast", "test_pace.py::test_slow"]
        assert durations["test_pace.py::test_slow"] >= 0.3 > durations["test_pace.py::test_fast"]

    def test_the_durations_of_a_stale_map_are_discarded_with_it(self, checkout):
        root, builds = checkout
        driver.coverage_map(["workflows/rules.py"], [], fresh=False)
        durations = root / "var" / "coverage.durations.json"
        durations.write_text("{}")
        driver.coverage_map(["workflows/rules.py"], [], fresh=False)
        assert durations.exists()
        (root / "workflows" / "rules.py").write_text("LIMIT = 61\n")
        driver.coverage_map(["workflows/rules.py"], [], fresh=False)
        assert len(builds) == 2 and not durations.exists()


def mutant_session(tmp_path, module: str, text: str, mutants: list) -> tuple:
    """`module` written with `text`, and a cosmic-ray session of its `mutants` (job, operator,
    start and end positions): the source and the session."""
    from cosmic_ray.work_db import use_db
    from cosmic_ray.work_item import MutationSpec, WorkItem

    source = tmp_path / module
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(text)
    session = tmp_path / "session.sqlite"
    with use_db(str(session)) as database:
        database.add_work_items([WorkItem.single(job, MutationSpec(module, operator, 0, start, end))
                                 for job, operator, start, end in mutants])
    return source, session


LATE = "def late(days):\n    return days > 30\n"


class TestListedEquivalents:
    """A mutant listed as equivalent survives by definition and would run every test of its line:
    it is recorded from its listing without a test run, and the others still run."""

    def test_a_listed_mutant_is_recorded_as_equivalent_and_the_others_stay_to_run(
            self, tmp_path, monkeypatch):
        from cosmic_ray.work_db import WorkDB, use_db

        from mutation import results
        from mutation.equivalents import record_listed_equivalents
        from mutation.results import read_session, survivor_section

        module = "workflows/rules.py"
        source, session = mutant_session(tmp_path, module, LATE, [
            (job, f"core/ReplaceComparisonOperator_Gt_{kind}", (2, 11), (2, 20))
            for job, kind in (("a", "GtE"), ("b", "NotEq"))])
        monkeypatch.setattr(results, "EQUIVALENT", [{
            "module": module, "operator": "core/ReplaceComparisonOperator_Gt_NotEq",
            "line": "return days > 30", "becomes": "return days != 30", "reason": "never below"}])

        assert record_listed_equivalents(session, module, source) == 1
        with use_db(str(session), WorkDB.Mode.open) as database:
            assert [item.job_id for item in database.pending_work_items] == ["a"]
        result = read_session(module, session, source)
        assert result.killed == 0 and len(result.survivors) == 1
        [survivor] = result.equivalent
        assert (survivor.reason, survivor.run) == ("never below", False)
        assert "+    return days != 30" in survivor.diff
        assert "equivalent, listed, not run: never below" in survivor_section([result])
        assert result.score == 100.0

    def test_a_listing_whose_changed_line_differs_names_no_mutant(self, tmp_path, monkeypatch):
        from cosmic_ray.work_db import WorkDB, use_db

        from mutation import results
        from mutation.equivalents import record_listed_equivalents

        module = "workflows/rules.py"
        source, session = mutant_session(tmp_path, module, LATE, [
            ("a", "core/ReplaceComparisonOperator_Gt_GtE", (2, 11), (2, 20))])
        monkeypatch.setattr(results, "EQUIVALENT", [{
            "module": module, "operator": "core/ReplaceComparisonOperator_Gt_GtE",
            "line": "return days > 30", "becomes": "return days >= 31", "reason": "whole days"}])

        assert record_listed_equivalents(session, module, source) == 0
        with use_db(str(session), WorkDB.Mode.open) as database:
            assert len(database.pending_work_items) == 1


class TestWorkers:
    def test_a_free_worker_takes_the_next_module_while_the_other_is_busy(self, monkeypatch):
        import threading

        others_done = threading.Event()
        ran = []

        def mutate_module(module, tree, coverage, operators, run_equivalents, server):
            if module == "slow.py":
                others_done.wait(timeout=5)
            ran.append((module, tree, others_done.is_set()))
            if module == "b.py":
                others_done.set()
            return ModuleResult(module)

        monkeypatch.setattr(driver, "coverage_map", lambda *args, **kwargs: "map")
        monkeypatch.setattr(driver, "migrated_test_database", lambda: None)
        monkeypatch.setattr(driver, "copy_tree", lambda target: target.name)
        monkeypatch.setattr(driver, "mutate_module", mutate_module)
        results = driver.mutate_all(["slow.py", "a.py", "b.py"], 2, [], False, [],
                                    report=lambda done: 0, fork=False)

        assert {result.module for result in results} == {"slow.py", "a.py", "b.py"}
        # Whichever worker took the slow module, the other one took both of the others meanwhile.
        (first, free, early), (second, same, also_early), (last, busy, late) = ran
        assert (first, second, last) == ("a.py", "b.py", "slow.py")
        assert free == same != busy and not early and not also_early and late


    def test_each_worker_sends_its_mutants_to_its_own_server_and_every_server_is_stopped(
            self, monkeypatch):
        sent, stopped = [], []

        def mutate_module(module, tree, coverage, operators, run_equivalents, server):
            sent.append((tree, server))
            if module == "b.py":
                raise RuntimeError("cosmic-ray failed")
            return ModuleResult(module)

        monkeypatch.setattr(driver, "coverage_map", lambda *args, **kwargs: "map")
        monkeypatch.setattr(driver, "migrated_test_database", lambda: None)
        monkeypatch.setattr(driver, "copy_tree", lambda target: target.name)
        monkeypatch.setattr(driver, "start_server",
                            lambda tree, coverage: ("process", f"{tree}.sock"))
        monkeypatch.setattr(driver, "stop_server", stopped.append)
        monkeypatch.setattr(driver, "mutate_module", mutate_module)
        with pytest.raises(RuntimeError):
            driver.mutate_all(["a.py", "b.py", "c.py"], 2, [], False, [], report=lambda done: 0)
        assert sent and all(server == f"{tree}.sock" for tree, server in sent)
        assert sorted(stopped) == [("process", "tree-0.sock"), ("process", "tree-1.sock")]


    def test_a_run_of_one_module_still_maps_the_suite_in_as_many_parts_as_workers(
            self, monkeypatch, tmp_path):
        calls, maps = {}, []
        mutate_all = driver.mutate_all

        def recorded(modules, workers, *args, parts=0, **kwargs):
            calls.update(modules=modules, workers=workers, parts=parts)
            return []

        monkeypatch.setattr(driver, "WORK", tmp_path)
        monkeypatch.setattr(driver, "write_reports", lambda *args: 0)
        monkeypatch.setattr(driver, "mutate_all", recorded)
        monkeypatch.setattr(driver.sys, "argv", ["mutation", "--module", "workflows/rules.py",
                                                 "--workers", "2"])
        assert driver.main() == 0
        assert calls == {"modules": ["workflows/rules.py"], "workers": 1, "parts": 2}

        monkeypatch.setattr(driver, "coverage_map",
                            lambda modules, tests, fresh, parts: maps.append(parts))
        monkeypatch.setattr(driver, "migrated_test_database", lambda: None)
        monkeypatch.setattr(driver, "copy_tree", lambda target: target.name)
        monkeypatch.setattr(driver, "mutate_module", lambda module, *args: ModuleResult(module))
        mutate_all(["workflows/rules.py"], 1, [], False, [], report=lambda done: 0, fork=False,
                   parts=2)
        assert maps == [2]


class TestKillersFirst:
    """Tests that killed earlier mutants of the module run first: the fastest tests that run a
    line are often pages that do not look at what it computes. The set of tests is unchanged."""

    def test_the_tests_that_killed_most_come_first_then_the_others_in_their_order(self):
        from mutation.run_tests import killers_first

        tests = ["t/fast.py::a", "t/page.py::b", "t/rules.py::c", "t/rules.py::d"]
        kills = {"t/rules.py::d": 1, "t/rules.py::c": 3, "t/elsewhere.py::e": 9}
        assert killers_first(tests, kills) == [
            "t/rules.py::c", "t/rules.py::d", "t/fast.py::a", "t/page.py::b"]
        assert killers_first(tests, {}) == tests

    def test_the_failing_test_of_a_run_is_counted_for_the_next_mutants(self, tmp_path,
                                                                       monkeypatch):
        from mutation.run_tests import record_kill, recorded_kills

        monkeypatch.setenv("MUTATION_KILLS", str(tmp_path / "kills.json"))
        output = ("F\n=== short test summary info ===\n"
                  "FAILED tests/test_rules.py::TestLimit::test_sixty - assert 61 == 60\n"
                  "!!! stopping after 1 failures !!!\n1 failed, 3 passed in 0.4s\n")
        record_kill(output)
        record_kill(output)
        record_kill("4 passed in 0.5s\n")
        assert recorded_kills() == {"tests/test_rules.py::TestLimit::test_sixty": 2}

    def test_pytest_names_the_failing_test_in_the_form_read(self, tmp_path, monkeypatch):
        import os
        import sys

        from mutation.run_tests import PYTEST, record_kill, recorded_kills

        (tmp_path / "test_limit.py").write_text(
            "def test_passes():\n    pass\n\n\ndef test_fails():\n    assert 61 == 60\n")
        (tmp_path / "pytest.ini").write_text("[pytest]\n")
        env = {key: value for key, value in os.environ.items()
               if key != "DJANGO_SETTINGS_MODULE"}
        run = subprocess.run(
            [*PYTEST, "-p", "no:django", "--rootdir", tmp_path, "-c", tmp_path / "pytest.ini",
             tmp_path / "test_limit.py"],
            cwd=driver.ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert run.returncode == 1 and PYTEST[0] == sys.executable
        monkeypatch.setenv("MUTATION_KILLS", str(tmp_path / "kills.json"))
        record_kill(run.stdout)
        assert list(recorded_kills().values()) == [1]
        assert list(recorded_kills())[0].endswith("test_limit.py::test_fails")


def test_every_listed_equivalent_names_a_line_of_its_module_and_a_module_of_the_run():
    # An entry whose line has changed names no mutant any more: its mutants run again and the
    # entry is only misleading, so it is mended or removed with the change.
    from mutation.results import EQUIVALENT

    modules = set(driver.SETTINGS["modules"]) | set(driver.SETTINGS["ci_modules"])
    stale = [(entry["module"], entry["line"]) for entry in EQUIVALENT
             if entry["module"] not in modules or entry["line"] not in
             {line.strip() for line in (driver.ROOT / entry["module"]).read_text().splitlines()}]
    assert EQUIVALENT and stale == []


class TestImportTimeLines:
    """A line that runs only at import (a decorator, a signature, a constant) is covered by no
    test's context; the tests that stand for it are those of the code it defines or feeds."""

    SOURCE = ("from dataclasses import dataclass\n"   # 1
              "\n"                                     # 2
              "LIMIT = 60\n"                           # 3
              "\n"                                     # 4
              "@dataclass(frozen=True)\n"              # 5
              "class Finding:\n"                       # 6
              "    case: str\n"                        # 7
              "\n"                                     # 8
              "\n"                                     # 9
              "def check(case):\n"                     # 10
              "    if case > LIMIT:\n"                 # 11
              "        return [Finding(case)]\n"       # 12
              "    return []\n")                       # 13

    def test_a_dataclass_decorator_stands_for_every_line_that_uses_the_class(self):
        from mutation.run_tests import import_time_neighbours

        assert import_time_neighbours(self.SOURCE, {5}) == {7, 12}

    def test_a_constant_stands_for_the_lines_that_use_it_and_a_signature_for_its_body(self):
        from mutation.run_tests import import_time_neighbours

        assert import_time_neighbours(self.SOURCE, {3}) == {11}
        assert import_time_neighbours(self.SOURCE, {10}) == {11, 12, 13}


def test_a_mutant_cosmic_ray_cannot_make_is_left_for_its_run_to_record(tmp_path, monkeypatch):
    # cosmic-ray's ExceptionReplacer fails on a dotted exception name; the run records such a
    # mutant as not applied, and looking for listed equivalents must not stop the run.
    from cosmic_ray.work_db import WorkDB, use_db

    from mutation import results
    from mutation.equivalents import record_listed_equivalents

    module = "incidents/images.py"
    source, session = mutant_session(
        tmp_path, module, "try:\n    load()\nexcept (Image.DecompressionBombError, OSError):\n"
        "    refuse()\n", [("a", "core/ExceptionReplacer", (3, 8), (3, 36))])
    monkeypatch.setattr(results, "EQUIVALENT", [])
    assert record_listed_equivalents(session, module, source) == 0
    with use_db(str(session), WorkDB.Mode.open) as database:
        assert len(database.pending_work_items) == 1


class TestTime:
    """Each mutant's output ends with how long its tests took and where they ran; the report adds
    them up per module and names the slowest mutants, to show what a run's minutes went to."""

    def test_each_mutant_s_output_ends_with_its_seconds_and_where_its_tests_ran(
            self, monkeypatch, capsys):
        from mutation import run_tests
        from mutation.results import timing

        clock = iter([100.0, 112.5])
        monkeypatch.setattr(run_tests.time, "monotonic", lambda: next(clock))
        monkeypatch.setattr(run_tests, "run", lambda module: (1, "fork"))
        assert run_tests.main("workflows/rules.py") == 1
        assert timing(capsys.readouterr().out) == (12.5, "fork")

    def test_a_mutant_no_test_covers_says_so_in_its_timing(self, monkeypatch, capsys):
        from mutation import run_tests
        from mutation.results import timing

        monkeypatch.setattr(run_tests, "select_tests", lambda module: [])
        assert run_tests.main("workflows/rules.py") == 0
        output = capsys.readouterr().out
        assert output.startswith("no test runs the changed lines of workflows/rules.py\n")
        assert timing(output)[1] == "no test"

    def test_the_report_adds_up_each_module_s_seconds_and_names_the_slowest_mutants(
            self, tmp_path):
        from cosmic_ray.work_db import WorkDB, use_db
        from cosmic_ray.work_item import TestOutcome, WorkerOutcome, WorkResult

        from mutation.results import read_session, slowest_section

        module = "workflows/rules.py"
        source, session = mutant_session(tmp_path, module, LATE, [
            (job, f"core/ReplaceComparisonOperator_Gt_{kind}", (2, 11), (2, 20))
            for job, kind in (("a", "GtE"), ("b", "NotEq"), ("c", "Lt"))])
        took = "this mutant's tests took {} s ({})\n"
        with use_db(str(session), WorkDB.Mode.open) as database:
            for job, seconds, where, outcome in (("a", 4.0, "fork", TestOutcome.KILLED),
                                                 ("b", 95.5, "fresh process", TestOutcome.KILLED),
                                                 ("c", 30.0, "fresh process",
                                                  TestOutcome.SURVIVED)):
                database.set_result(job, WorkResult(
                    worker_outcome=WorkerOutcome.NORMAL, test_outcome=outcome,
                    output="FAILED t::x - no\n" + took.format(seconds, where), diff="-a\n+b"))
        section = slowest_section([read_session(module, session, source)])
        assert f"| `{module}` | 3 | 130 | 4 | 126 |" in section
        assert section.splitlines()[-3:] == [
            f"| 96 | `{module}:2` core/ReplaceComparisonOperator_Gt_NotEq | fresh process | killed |",
            f"| 30 | `{module}:2` core/ReplaceComparisonOperator_Gt_Lt | fresh process | survived |",
            f"| 4 | `{module}:2` core/ReplaceComparisonOperator_Gt_GtE | fork | killed |"]
