"""Issue 19: the pytest server runs a mutant's tests in a fork with the mutant's code in every
live function of the module, declines what it cannot express that way, and leaves itself
pristine for the next mutant."""

import importlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("cosmic_ray")

from mutation import order, server  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]

PRISTINE = '''\
import functools

LIMIT = 10


def below(value, limit=LIMIT):
    return value < limit


@functools.lru_cache
def cached_below(value):
    return value < LIMIT


class Gate:
    def opens(self, value):
        return value < LIMIT

    def sorted_keys(self, values):
        return sorted(values, key=lambda v: -v)
'''


@pytest.fixture
def module(tmp_path, monkeypatch):
    """A package `rules_<n>` with the module `gate.py`, imported; returns (path in the package,
    the imported module, a function bound elsewhere by `from ... import`)."""
    name = f"rules_{tmp_path.name.replace('-', '_')}"
    (tmp_path / name).mkdir()
    (tmp_path / name / "__init__.py").write_text("")
    (tmp_path / name / "gate.py").write_text(PRISTINE)
    monkeypatch.syspath_prepend(str(tmp_path))
    imported = importlib.import_module(f"{name}.gate")
    yield f"{name}/gate.py", imported
    for loaded in [key for key in sys.modules if key.startswith(name)]:
        del sys.modules[loaded]


def mutated(old: str, new: str) -> str:
    assert PRISTINE.count(old) == 1
    return PRISTINE.replace(old, new)


class TestApplyMutant:
    def test_a_changed_function_body_reaches_every_reference_to_the_function(self, module):
        path, gate = module
        imported_elsewhere = gate.below
        assert imported_elsewhere(10) is False
        assert server.apply_mutant(path, PRISTINE, mutated("value < limit", "value <= limit")) == ""
        assert imported_elsewhere(10) is True
        assert gate.below(9) is True and gate.below(11) is False

    def test_a_decorated_function_gets_the_mutant_and_the_others_keep_their_code(self, module):
        path, gate = module
        text = mutated("    return value < LIMIT\n\n\nclass",
                       "    return value <= LIMIT\n\n\nclass")
        assert server.apply_mutant(path, PRISTINE, text) == ""
        assert gate.cached_below(10) is True
        assert gate.Gate().opens(10) is False

    def test_a_method_gets_the_mutant(self, module):
        path, gate = module
        assert server.apply_mutant(path, PRISTINE, mutated(
            "        return value < LIMIT\n", "        return value <= LIMIT\n")) == ""
        assert gate.Gate().opens(10) is True
        assert gate.cached_below(10) is False

    def test_a_lazy_object_alive_in_the_process_is_left_unevaluated(self, module):
        from django.utils.functional import SimpleLazyObject

        evaluated = []
        lazy = SimpleLazyObject(lambda: evaluated.append("evaluated") or "value")
        path, gate = module
        assert server.apply_mutant(path, PRISTINE, mutated("value < limit", "value <= limit")) == ""
        assert evaluated == [] and gate.below(10) is True
        assert str(lazy) == "value"

    def test_a_lambda_inside_a_method_changes_with_the_method(self, module):
        path, gate = module
        assert gate.Gate().sorted_keys([1, 3, 2]) == [3, 2, 1]
        assert server.apply_mutant(path, PRISTINE, mutated("-v", "+v")) == ""
        assert gate.Gate().sorted_keys([1, 3, 2]) == [1, 2, 3]

    @pytest.mark.parametrize(("old", "new", "why"), [
        ("LIMIT = 10", "LIMIT = 11", "runs at import"),
        ("def below(value, limit=LIMIT):", "def below(value, limit=11):", "runs at import"),
        ("@functools.lru_cache\n", "\n", "runs at import"),
        ("class Gate:", "class Gate(object):", "runs at import"),
        ("        return sorted(values, key=lambda v: -v)\n",
         "        return sorted(values, key=lambda v: -v)\n\n", "moves lines"),
    ])
    def test_a_line_that_runs_at_import_is_declined_and_nothing_changes(self, module, old, new,
                                                                        why):
        path, gate = module
        assert why in server.apply_mutant(path, PRISTINE, mutated(old, new))
        assert gate.LIMIT == 10 and gate.below(10) is False and gate.cached_below(10) is False

    def test_a_module_not_imported_is_declined(self, module):
        path, _gate = module
        mutant = mutated("value < limit", "value > limit")
        assert "not imported" in server.apply_mutant(path.replace("gate.py", "other.py"),
                                                     PRISTINE, mutant)

    def test_a_function_whose_live_code_is_not_the_pristine_source_is_declined(self, module):
        path, gate = module
        changed_on_disk = mutated("value < limit", "value != limit")
        assert "is not the code of the pristine module" in server.apply_mutant(
            path, changed_on_disk, mutated("value < limit", "value > limit"))
        assert gate.below(11) is False


TEST_TEXT = '''\
from rules.gate import below


def test_ten_is_not_below_the_limit():
    assert below(10) is False


def test_nine_is_below_the_limit():
    assert below(9) is True


def test_the_urls_are_ready():
    import sys

    assert "config.urls" in sys.modules


def test_with_a_session_resource(resource):
    assert below(10) is False


def test_broken():
    assert below(9) == "yes"
'''


# pytest-django orders tests by the fixtures they ask for (database, transactional, none); these
# stand-ins have the names without a database, and each test writes its name to order.txt.
# Without mutation.order, pytest-django runs them as "database transactional none".
ORDER_CONFTEST = '''\
from pathlib import Path

import pytest


@pytest.fixture
def db():
    pass


@pytest.fixture
def transactional_db():
    pass


@pytest.fixture
def record():
    return lambda name: Path("order.txt").open("a").write(name + " ")


@pytest.fixture(scope="session")
def resource():
    yield
    Path("torn-down.txt").write_text("yes")
'''

ORDER_TESTS = '''\
def test_none(record):
    record("none")


def test_transactional(transactional_db, record):
    record("transactional")


def test_database(db, record):
    record("database")
'''


@pytest.fixture(scope="module")
def running_server(tmp_path_factory):
    """A pytest server in a worker's copy (`tree`) of a checkout (`source`) with one module and
    its tests, under the project's test settings: one for the module's tests, each of which
    writes its own mutant to the copy before its request."""
    tmp_path = tmp_path_factory.mktemp("server")
    source, tree = tmp_path / "source", tmp_path / "tree"
    for root in (source, tree):
        (root / "rules").mkdir(parents=True)
        (root / "rules" / "__init__.py").write_text("")
        (root / "rules" / "gate.py").write_text(PRISTINE)
    (tree / "tests").mkdir()
    (tree / "tests" / "test_gate.py").write_text(TEST_TEXT)
    (tree / "tests" / "conftest.py").write_text(ORDER_CONFTEST)
    (tree / "tests" / "test_order.py").write_text(ORDER_TESTS)
    (tree / "template.sqlite3").write_bytes(b"")
    address = str(tmp_path / "s.sock")
    env = dict(os.environ, MUTATION_SERVER=address, MUTATION_SOURCE=str(source),
               MUTATION_TEST_TEMPLATE=str(tree / "template.sqlite3"),
               PYTHONPATH=os.pathsep.join([str(tree), str(ROOT)]),
               DJANGO_SETTINGS_MODULE="config.settings_test")
    with (tree / "server.log").open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider",
             "-o", "addopts=", "-p", "mutation.server", "--rootdir", str(tree),
             "--basetemp", str(tmp_path / "basetemp"), "tests"],
            cwd=tree, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while not Path(address).exists():
        assert process.poll() is None and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.1)
    yield tree, address
    server.ask(address, {"stop": True}, timeout=30)
    process.wait(timeout=30)


ORDER = ["tests/test_order.py::test_none", "tests/test_order.py::test_transactional",
         "tests/test_order.py::test_database"]

TESTS = ["tests/test_gate.py::test_ten_is_not_below_the_limit",
         "tests/test_gate.py::test_nine_is_below_the_limit"]


class TestServer:
    def test_a_killed_mutant_names_its_failing_test_and_the_next_fork_starts_pristine(
            self, running_server):
        tree, address = running_server
        (tree / "rules" / "gate.py").write_text(mutated("value < limit", "value <= limit"))
        killed = server.ask(address, {"module": "rules/gate.py", "tests": TESTS})
        assert killed["returncode"] == 1
        assert f"FAILED {TESTS[0]} - " in killed["output"]
        # Had the first fork's change reached the server, this one would be declined
        # (below's code no longer pristine) or killed (below(10) still true).
        (tree / "rules" / "gate.py").write_text(mutated("    return value < LIMIT\n\n\nclass",
                                                        "    return value > LIMIT\n\n\nclass"))
        assert server.ask(address, {"module": "rules/gate.py", "tests": TESTS}) == {
            "returncode": 0, "output": "2 passed\n"}

    def test_the_forks_start_with_the_urls_imported_and_resolved(self, running_server):
        tree, address = running_server
        (tree / "rules" / "gate.py").write_text(mutated("value < limit", "value <= limit"))
        assert server.ask(address, {
            "module": "rules/gate.py", "tests": ["tests/test_gate.py::test_the_urls_are_ready"]}
        ) == {"returncode": 0, "output": "1 passed\n"}

    def test_the_tests_run_as_given_with_the_transactional_ones_last(self, running_server):
        tree, address = running_server
        (tree / "rules" / "gate.py").write_text(mutated("value < limit", "value <= limit"))
        (tree / "order.txt").unlink(missing_ok=True)
        assert server.ask(address, {"module": "rules/gate.py", "tests": ORDER}) == {
            "returncode": 0, "output": "3 passed\n"}
        assert (tree / "order.txt").read_text() == "none database transactional "

    def test_a_fresh_process_runs_them_in_the_same_order(self, running_server):
        tree, _address = running_server
        (tree / "order.txt").unlink(missing_ok=True)
        subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                        "-p", "mutation.order", "--rootdir", str(tree), *ORDER], cwd=tree,
                       env=dict(os.environ, PYTHONPATH=os.pathsep.join([str(tree), str(ROOT)]),
                                DJANGO_SETTINGS_MODULE="config.settings_test"), check=True,
                       capture_output=True)
        assert (tree / "order.txt").read_text() == "none database transactional "

    def test_a_test_that_fails_without_the_mutant_too_kills_nothing(self, running_server):
        tree, address = running_server
        (tree / "rules" / "gate.py").write_text(mutated("value < limit", "value <= limit"))
        answer = server.ask(address, {"module": "rules/gate.py",
                                      "tests": ["tests/test_gate.py::test_broken", *TESTS]})
        assert answer == {"declined": "tests/test_gate.py::test_broken fails in a fork without "
                                      "the mutant too"}

    def test_a_killed_mutant_s_fork_tears_down_the_session_fixtures(self, running_server):
        tree, address = running_server
        (tree / "torn-down.txt").unlink(missing_ok=True)
        (tree / "rules" / "gate.py").write_text(mutated("value < limit", "value <= limit"))
        tests = ["tests/test_gate.py::test_with_a_session_resource", TESTS[1]]
        # The first request also runs the control, which ends with that test and so tears down;
        # the second finds the control's outcome kept and runs the killed fork alone.
        for _ in range(2):
            (tree / "torn-down.txt").unlink(missing_ok=True)
            answer = server.ask(address, {"module": "rules/gate.py", "tests": tests})
            assert answer["returncode"] == 1
            assert (tree / "torn-down.txt").read_text() == "yes"

    def test_a_mutant_that_is_not_valid_python_is_killed_without_running_a_test(
            self, running_server):
        tree, address = running_server
        (tree / "rules" / "gate.py").write_text(mutated("def below(value, limit=LIMIT):",
                                                        "def below(-, value, limit=LIMIT):"))
        answer = server.ask(address, {"module": "rules/gate.py", "tests": TESTS})
        assert answer["returncode"] == 2
        assert answer["output"].startswith("the mutant is not valid Python")

    def test_the_forks_write_nothing_to_the_server_s_log(self, running_server):
        tree, address = running_server
        log = tree / "server.log"
        (tree / "rules" / "gate.py").write_text(mutated("value < limit", "value <= limit"))
        before = log.read_text()
        assert server.ask(address, {"module": "rules/gate.py", "tests": TESTS})["returncode"] == 1
        assert server.ask(address, {"module": "rules/gate.py", "tests": TESTS[1:]}) == {
            "returncode": 0, "output": "1 passed\n"}
        assert log.read_text() == before

    def test_a_mutant_no_selected_test_notices_passes(self, running_server):
        tree, address = running_server
        (tree / "rules" / "gate.py").write_text(mutated("value < limit", "value <= limit"))
        answer = server.ask(address, {"module": "rules/gate.py", "tests": TESTS[1:]})
        assert answer == {"returncode": 0, "output": "1 passed\n"}

    def test_a_mutant_it_cannot_express_and_a_test_it_has_not_collected_are_declined(
            self, running_server):
        tree, address = running_server
        (tree / "rules" / "gate.py").write_text(mutated("LIMIT = 10", "LIMIT = 9"))
        assert "runs at import" in server.ask(
            address, {"module": "rules/gate.py", "tests": TESTS})["declined"]
        assert "not collected here" in server.ask(
            address, {"module": "rules/gate.py", "tests": ["tests/test_gate.py::test_other"]}
        )["declined"]


class Item:
    """What mutation.order reads of a collected test."""

    def __init__(self, nodeid, marker=None, fixtures=(), cls=None):
        self.nodeid, self.marker, self.fixturenames, self.cls = nodeid, marker, list(fixtures), cls

    def get_closest_marker(self, name):
        return self.marker if name == "django_db" else None


class TestOrder:
    @pytest.mark.parametrize(("item", "expected"), [
        (Item("t", pytest.mark.django_db(transaction=True).mark), True),
        (Item("t", pytest.mark.django_db(True).mark), True),
        (Item("t", pytest.mark.django_db(reset_sequences=True, transaction=True).mark), True),
        (Item("t", pytest.mark.django_db.mark), False),
        (Item("t", pytest.mark.django_db(databases=["default"]).mark), False),
        (Item("t", fixtures=["db"]), False),
        (Item("t", fixtures=["transactional_db"]), True),
        (Item("t", fixtures=["live_server"]), True),
        (Item("t"), False),
    ])
    def test_a_test_is_transactional_as_pytest_django_says(self, item, expected):
        assert order.transactional(item) is expected

    def test_django_test_classes_are_transactional_unless_test_cases(self):
        from django.test import SimpleTestCase, TestCase, TransactionTestCase

        assert order.transactional(Item("t", cls=TransactionTestCase)) is True
        assert order.transactional(Item("t", cls=TestCase)) is False
        assert order.transactional(Item("t", cls=SimpleTestCase)) is False

    def test_the_given_order_is_kept_but_for_the_transactional_tests(self):
        items = [Item("a", fixtures=["transactional_db"]), Item("b"), Item("c", fixtures=["db"]),
                 Item("d", pytest.mark.django_db(transaction=True).mark), Item("e")]
        given = ["e", "d", "c", "b", "a"]
        assert [item.nodeid for item in order.in_given_order(items, given)] == [
            "e", "c", "b", "d", "a"]


def test_a_server_that_does_not_answer_leaves_the_mutant_to_a_fresh_process(tmp_path, monkeypatch,
                                                                             capsys):
    from mutation import run_tests

    dead = tmp_path / "dead.sock"
    dead.write_text("")  # the socket file of a server that is gone
    monkeypatch.setenv("MUTATION_SERVER", str(dead))
    assert run_tests.in_fork("rules/gate.py", TESTS) == 0
    assert "the pytest server did not answer" in capsys.readouterr().out
