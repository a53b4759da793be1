"""Cron jobs started at the same moment by two application servers: one run works, the other
stops quietly, so no reminder is mailed twice and no case is purged twice."""

import io
import os
import threading
from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from core.operations import cron_lock
from core.operations.cron_lock import single_run
from tests import factories
from tests.retention.conftest import closed_without_follow_up, first_purge_day
from tests.workflows.conftest import submitted_case
from workflows import notifications
from workflows.models import Case
from workflows.retention import services as retention_services
from workflows.retention.models import RetentionLog
from workflows.services import steps

# Other threads only see committed rows; the migrations' reference rows come back after the flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
WAIT = 20
ALREADY_RUNNING = "is already running elsewhere; this run stops."


def run(command: str, *args) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


class InThread:
    """Runs `target` in a thread with its own database connection, keeping its result or error."""

    def __init__(self, target):
        self.result = self.error = None
        self.thread = threading.Thread(target=self._run, args=(target,))

    def _run(self, target):
        try:
            self.result = target()
        except Exception as error:  # noqa: BLE001 - the test reports it
            self.error = error
        finally:
            connection.close()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.thread.join(timeout=WAIT)
        assert not self.thread.is_alive(), "the first run hung"
        assert self.error is None, self.error


def paused_at(module, name: str):
    """Replaces `module.name` so that each call waits for `release` after setting `reached`."""
    real = getattr(module, name)
    reached, release = threading.Event(), threading.Event()

    def paused(*args, **kwargs):
        reached.set()
        assert release.wait(WAIT), "never released"
        return real(*args, **kwargs)

    return paused, reached, release


@contextmanager
def lock_held_elsewhere(name: str):
    """Another server's run holding the job's lock while the test runs the command here."""
    taken, done = threading.Event(), threading.Event()

    def hold():
        with single_run(name) as acquired:
            assert acquired
            taken.set()
            done.wait(WAIT)

    with InThread(hold):
        assert taken.wait(WAIT)
        try:
            yield
        finally:
            done.set()


def test_second_run_of_a_job_gets_the_lock_only_after_the_first_released_it():
    with lock_held_elsewhere("some_job"):
        with single_run("some_job") as acquired:
            assert acquired is False
    with single_run("some_job") as acquired:
        assert acquired is True


def test_different_jobs_do_not_block_each_other():
    with lock_held_elsewhere("send_deadline_reminders"):
        with single_run("apply_retention") as acquired:
            assert acquired is True


def test_reminders_started_twice_at_once_are_mailed_once(monkeypatch):
    hr = factories.hr(email="hr@example.org")
    case = steps.case_take_in_triage(case=submitted_case(), user=hr)
    steps.case_open_dismissal(case=case, user=hr, knowledge_date=timezone.localdate())
    mail.outbox.clear()
    paused, reached, release = paused_at(notifications, "send_mail")
    monkeypatch.setattr(notifications, "send_mail", paused)
    with InThread(lambda: run("send_deadline_reminders", "--days", "10")) as first:
        assert reached.wait(WAIT)
        second = run("send_deadline_reminders", "--days", "10")
        release.set()
    assert f"send_deadline_reminders {ALREADY_RUNNING}" in second
    assert "Reminders sent: 1" in first.result
    assert len(mail.outbox) == 1


def test_reminders_started_after_the_other_servers_run_ended_are_not_mailed_again(monkeypatch):
    """The timers of two servers are a second or two apart: the later run finds the day done."""
    hr = factories.hr(email="hr@example.org")
    case = steps.case_take_in_triage(case=submitted_case(), user=hr)
    steps.case_open_dismissal(case=case, user=hr, knowledge_date=timezone.localdate())
    mail.outbox.clear()
    assert "Reminders sent: 1" in run("send_deadline_reminders", "--days", "10")
    later = run("send_deadline_reminders", "--days", "10")
    assert later.strip() == (f"send_deadline_reminders already ran today "
                             f"({timezone.localdate():%d/%m/%Y}); this run stops.")
    assert len(mail.outbox) == 1
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(cron_lock.timezone, "localdate", lambda: tomorrow)
    assert "Reminders sent: 1" in run("send_deadline_reminders", "--days", "10")
    assert len(mail.outbox) == 2


def test_a_daily_run_that_failed_may_be_run_again_the_same_day(monkeypatch):
    hr = factories.hr(email="hr@example.org")
    case = steps.case_take_in_triage(case=submitted_case(), user=hr)
    steps.case_open_dismissal(case=case, user=hr, knowledge_date=timezone.localdate())
    mail.outbox.clear()
    monkeypatch.setattr(notifications, "send_mail",
                        mock.Mock(side_effect=ConnectionRefusedError("no mail server")))
    with pytest.raises(ConnectionRefusedError):
        run("send_deadline_reminders", "--days", "10")
    monkeypatch.undo()
    assert "Reminders sent: 1" in run("send_deadline_reminders", "--days", "10")
    assert len(mail.outbox) == 1


def test_retention_started_twice_at_once_purges_each_case_once(monkeypatch):
    case = closed_without_follow_up(hr=factories.hr())
    day = first_purge_day(case).isoformat()
    paused, reached, release = paused_at(retention_services, "retention_decisions")
    monkeypatch.setattr(retention_services, "retention_decisions", paused)
    with InThread(lambda: run("apply_retention", "--today", day)) as first:
        assert reached.wait(WAIT)
        second = run("apply_retention", "--today", day)
        release.set()
    assert f"apply_retention {ALREADY_RUNNING}" in second
    assert "1 case(s) purged" in first.result
    assert not Case.objects.filter(pk=case.pk).exists()
    assert list(RetentionLog.objects.values_list("reference", flat=True)) == [case.reference]


def test_orphan_cleaning_while_another_server_cleans_removes_nothing(settings):
    orphan = settings.MEDIA_ROOT / "evidence" / "2020" / "orphan.png"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"x")
    timestamp = timezone.now().timestamp() - 7200
    os.utime(orphan, (timestamp, timestamp))
    with lock_held_elsewhere("clean_orphan_files"):
        output = run("clean_orphan_files")
    assert output.strip() == f"clean_orphan_files {ALREADY_RUNNING}"
    assert orphan.exists()
    assert "1 orphan file(s) removed" in run("clean_orphan_files")
    assert not orphan.exists()


@pytest.fixture
def checkpoint_file(settings, tmp_path):
    settings.INTEGRITY_CHECKPOINT_KEY = "checkpoint-key-for-the-lock-tests-0123456789"
    settings.INTEGRITY_CHECKPOINT_FILE = str(tmp_path / "checkpoints.jsonl")
    settings.INTEGRITY_CHECKPOINT_EMAIL = []
    return tmp_path / "checkpoints.jsonl"


def test_checkpoint_while_another_server_signs_one_appends_nothing(checkpoint_file):
    steps.case_take_in_triage(case=submitted_case(), user=factories.hr())
    with lock_held_elsewhere("verify_case_history"):
        output = run("verify_case_history", "--checkpoint")
    assert output.strip() == f"verify_case_history {ALREADY_RUNNING}"
    assert not checkpoint_file.exists()
    assert "Checkpoint of 1 case head(s)" in run("verify_case_history", "--checkpoint")
    assert len(checkpoint_file.read_text().splitlines()) == 1


def test_a_plain_check_runs_even_while_a_checkpoint_is_being_signed(checkpoint_file):
    steps.case_take_in_triage(case=submitted_case(), user=factories.hr())
    with lock_held_elsewhere("verify_case_history"):
        output = run("verify_case_history")
    assert "All 1 case(s) intact." in output
