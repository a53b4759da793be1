"""A pytest process that collects the suite once and runs each mutant's tests in a fork of itself.

Started by `python -m mutation` as a pytest plugin (`-p mutation.server`), one per worker, in the
worker's copy of the checkout; mutation/run_tests.py sends it each mutant's module and selected
tests over the Unix socket named by MUTATION_SERVER. A fresh pytest process per mutant spends
several seconds importing Django and collecting the tests before the first test runs; a fork of
this one starts with both done.

The fork cannot re-import the mutated module (its functions are already bound everywhere it was
imported from), so it changes the code of the live functions instead: every function of the
module whose compiled code differs in the mutant gets the mutant's code object. That reaches every
reference to the function, however it was imported or wrapped (decorators, django-fsm's
transitions, bound methods), because they all hold the same function object. A mutant that changes
anything else (a line that runs at import: a decorator, a signature, a default, a module or class
constant) cannot be expressed that way: the fork declines it, and the mutant's tests run in a
fresh pytest process as before.

Only a kill is taken from the fork, and only after a control: the tests that ran up to the failing
one run again in a fork on the pristine code and must pass there (the outcome of each sequence is
kept, so a test that kills many mutants is controlled once). A mutant whose tests all pass in the
fork runs again in a fresh process (mutation/run_tests.py), so that a cache filled before the fork
or a function the fork missed can never make a survivor: every survivor is decided the old way.
"""

import ast
import gc
import json
import os
import shutil
import signal
import socket
import sys
import tempfile
import time
import traceback
import types
from pathlib import Path

import pytest

from mutation.order import in_given_order
from mutation.run_tests import changed_lines

# The longest a mutant's tests may run in a fork before it is stopped and left to a fresh process.
FORK_TIMEOUT = 900.0


def function_body_lines(source: str) -> set[int]:
    """The lines of the bodies of the module's functions and methods (not their decorators,
    signatures or defaults, which run at import)."""
    lines = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            lines.update(range(node.body[0].lineno, node.end_lineno + 1))
    return lines


def _code_objects(code: types.CodeType):
    yield code
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            yield from _code_objects(constant)


def _compiled(source: str, filename: str) -> dict[str, list[types.CodeType]]:
    """Every code object of a module's source by qualified name, in the order of the source."""
    by_name: dict[str, list[types.CodeType]] = {}
    for code in _code_objects(compile(source, filename, "exec")):
        by_name.setdefault(code.co_qualname, []).append(code)
    return by_name


def apply_mutant(module_path: str, pristine: str, mutant: str) -> str:
    """Give the live functions of `module_path` (as imported in this process) the mutant's code.
    Returns "" when done, or why the mutant cannot be applied this way."""
    if len(pristine.splitlines()) != len(mutant.splitlines()):
        return "the mutant moves lines"
    lines = changed_lines(pristine.splitlines(), mutant.splitlines())
    if not lines <= function_body_lines(pristine):
        return "the mutant changes a line that runs at import"
    module = sys.modules.get(module_path.removesuffix(".py").replace("/", "."))
    if module is None:
        return "the module is not imported before the tests run"
    filename = module.__file__
    old, new = _compiled(pristine, filename), _compiled(mutant, filename)
    if {name: len(codes) for name, codes in old.items()} != {
            name: len(codes) for name, codes in new.items()}:
        return "the mutant adds or removes a function"
    patched = 0
    # type(), not isinstance(): isinstance reads __class__, which evaluates a lazy object (such as
    # a request's CSP nonce left by an earlier test) with whatever side effect that has.
    for function in [f for f in gc.get_objects()
                     if type(f) is types.FunctionType and f.__code__.co_filename == filename]:
        codes = old.get(function.__code__.co_qualname, [])
        place = next((n for n, code in enumerate(codes) if code == function.__code__), None)
        if place is None:
            return f"{function.__qualname__} is not the code of the pristine module"
        replacement = new[function.__code__.co_qualname][place]
        if replacement != function.__code__:
            try:
                function.__code__ = replacement
            except ValueError as error:
                return f"{function.__qualname__}: {error}"
            patched += 1
    return "" if patched else "no live function runs the changed lines"


class _Failures:
    """Collects the first failing report of the fork's run."""

    def __init__(self):
        self.failed: list[tuple[str, str]] = []

    def pytest_runtest_logreport(self, report):
        if report.failed:
            self.failed.append((report.nodeid, report.longreprtext[-4000:]))


class Server:
    def __init__(self, address: str):
        self.address = address
        # Whether a sequence of tests passes in a fork on the pristine code (the controls).
        self.controls: dict[tuple[str, ...], bool] = {}

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session):
        items = {item.nodeid: item for item in session.items}
        _warm_up()
        Path(self.address).unlink(missing_ok=True)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(self.address)
        listener.listen()
        while True:
            connection, _ = listener.accept()
            with connection:
                request = json.loads(_receive(connection))
                if request.get("stop"):
                    connection.sendall(b"{}")
                    break
                try:
                    answer = self.run(session, items, request)
                except Exception:  # noqa: BLE001 - any fault of the fork: a fresh process decides
                    answer = {"declined": traceback.format_exc()}
                connection.sendall(json.dumps(answer).encode())
        listener.close()
        Path(self.address).unlink(missing_ok=True)
        return True

    def run(self, session, items: dict, request: dict) -> dict:
        missing = [test for test in request["tests"] if test not in items]
        if missing:
            return {"declined": f"{len(missing)} test(s) not collected here, e.g. {missing[0]}"}
        tests = [items[test] for test in request["tests"]]
        answer = self.fork(session, request["module"], tests, mutated=True)
        if answer.get("returncode") != 1:
            return answer
        # The control: the same tests, up to the one that failed, on the pristine code in a fork.
        # A kill counts only if they pass there, so a test that fails in a fork for any other
        # reason (state of the server, an order of tests) can never make a kill.
        ran = tuple(answer.pop("ran"))
        if ran not in self.controls:
            control = self.fork(session, request["module"], [items[test] for test in ran],
                                mutated=False)
            self.controls[ran] = control.get("returncode") == 0
        if not self.controls[ran]:
            return {"declined": f"{ran[-1]} fails in a fork without the mutant too"}
        return answer

    def fork(self, session, module: str, items: list, mutated: bool) -> dict:
        """Run `items` in a fork of this process, with the mutant of `module` (read from the
        worker's copy) applied or on the pristine code; the fork's outcome."""
        from django.conf import settings

        scratch = Path(tempfile.mkdtemp(prefix="mutation-fork-"))
        outcome = scratch / "outcome.json"
        pid = os.fork()
        if pid == 0:
            status = 3
            try:
                status = _child(module, items, mutated, scratch, outcome)
            except BaseException:  # noqa: BLE001 - the fork must end here, whatever happened
                outcome.write_text(json.dumps({"declined": traceback.format_exc()}))
            finally:
                os._exit(status)
        try:
            if not _wait(pid, FORK_TIMEOUT):
                return {"declined": f"the fork ran longer than {FORK_TIMEOUT:.0f} s"}
            if not outcome.exists():
                return {"declined": "the fork ended without an outcome"}
            return json.loads(outcome.read_text())
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
            # What the fork wrote, removed: the next fork starts as a fresh process would, with
            # empty scratch directories (config/settings_test.py) and no pytest temporary files.
            for directory in (settings.MEDIA_ROOT, settings.STATIC_ROOT):
                shutil.rmtree(directory, ignore_errors=True)
                Path(directory).mkdir(parents=True, exist_ok=True)
            shutil.rmtree(session.config.option.basetemp, ignore_errors=True)


def _warm_up() -> None:
    """Done once here rather than in every fork: what the first request of any test process does,
    the same way each time. It imports the URLconf with every view it names and builds the URL
    resolver in each language (with the translation catalogues); in a fork of a server without
    it, this took longer than most tests."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            get_resolver().reverse_dict  # noqa: B018 - read for its side effect: the resolver built


def _child(module: str, items: list, mutated: bool, scratch: Path, outcome: Path) -> int:
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    # The terminal reporter writes through a copy of the server's own output (pytest's capture
    # keeps one), which the lines above do not reach: without it, the fork's progress would
    # fill the server's log. Its outcome is read from the reports (_Failures).
    config = items[0].config
    config.pluginmanager.unregister(name="terminalreporter")
    if mutated:
        pristine = (Path(os.environ["MUTATION_SOURCE"]) / module).read_text()
        mutant = Path(module).read_text()
        try:
            compile(mutant, module, "exec")
        except SyntaxError as error:
            # No test can import it: a fresh pytest process fails to collect them (status 2).
            outcome.write_text(json.dumps({"returncode": 2, "output": (
                f"the mutant is not valid Python, so no test can import {module}: {error}\n")}))
            return 0
        declined = apply_mutant(module, pristine, mutant)
        if declined:
            outcome.write_text(json.dumps({"declined": declined}))
            return 0
    # A copy of the migrated test database of its own, as a fresh process gets (run_tests.py).
    from django.db import connections

    copy = scratch / "test-database.sqlite3"
    shutil.copyfile(os.environ["MUTATION_TEST_TEMPLATE"], copy)
    connections["default"].settings_dict["TEST"]["NAME"] = str(copy)
    # The order a fresh process runs them in (mutation/order.py): as given, transactional last.
    items = in_given_order(items, [item.nodeid for item in items])
    failures = _Failures()
    config.pluginmanager.register(failures)
    ran = []
    for number, item in enumerate(items):
        following = items[number + 1] if number + 1 < len(items) else None
        ran.append(item.nodeid)
        item.config.hook.pytest_runtest_protocol(item=item, nextitem=following)
        if failures.failed:
            # Stopped before the last test: tear down every fixture still set up (the session's
            # included), as pytest does at the end of a run; a fixture's server process (the
            # object storage's, the identity provider's) would otherwise outlive the fork.
            # pytest has no public call for this; should a pytest release drop the attribute,
            # the error makes the fork decline, and a fresh process decides every mutant.
            item.session._setupstate.teardown_exact(None)
            break
    if failures.failed:
        test, text = failures.failed[0]
        reason = text.strip().splitlines()[-1] if text.strip() else ""
        # The FAILED line first: run_tests.record_kill counts the first one as the killer.
        outcome.write_text(json.dumps({"returncode": 1, "ran": ran,
                                       "output": f"FAILED {test} - {reason}\n\n{text}\n"}))
    else:
        outcome.write_text(json.dumps({"returncode": 0, "output": f"{len(items)} passed\n"}))
    return 0


def _wait(pid: int, seconds: float) -> bool:
    """Wait for the fork to end; stop it after `seconds`. True when it ended by itself."""
    deadline = time.monotonic() + seconds
    while True:
        done, _status = os.waitpid(pid, os.WNOHANG)
        if done:
            return True
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return False
        time.sleep(0.02)


def _receive(connection: socket.socket) -> bytes:
    chunks = []
    while chunk := connection.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def ask(address: str, request: dict, timeout: float = FORK_TIMEOUT + 60) -> dict:
    """Send one request to the server at `address` and return its answer (run_tests.py)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(timeout)
        connection.connect(address)
        connection.sendall(json.dumps(request).encode())
        connection.shutdown(socket.SHUT_WR)
        return json.loads(_receive(connection))


def pytest_configure(config):
    address = os.environ.get("MUTATION_SERVER")
    if address:
        if not config.option.basetemp:
            raise pytest.UsageError("the mutation server needs --basetemp: each fork's temporary "
                                    "files are removed after it")
        config.pluginmanager.register(Server(address), "mutation-server")
