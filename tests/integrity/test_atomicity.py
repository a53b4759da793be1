"""Nothing lost, nothing half-written: a failure in the middle of a service leaves the case exactly
as it was, and mail goes out only after the commit."""

import smtplib

import pytest
from django.core import mail
from django.core.files.storage import FileSystemStorage
from django.utils import timezone

from incidents.models import Incident
from incidents.services import incident_submit
from tests import factories
from workflows.documents.models import IssuedDocument
from workflows.documents.services import document_issue
from workflows.integrity import chain_is_intact
from workflows.models import Case, CaseDeadline, DeadlineRule
from workflows.services import steps
from workflows.states import CaseState

pytestmark = pytest.mark.django_db


def snapshot(case):
    case = Case.objects.get(pk=case.pk)
    return (case.state, case.knowledge_date, case.events.count(), case.deadlines.count(),
            IssuedDocument.objects.filter(case=case).count())


def test_a_pdf_that_cannot_be_written_leaves_no_document_and_no_event(triaged_case, hr_user,
                                                                      monkeypatch):
    before = snapshot(triaged_case)

    def disk_full(self, name, content, max_length=None):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "save", disk_full)
    with pytest.raises(OSError):
        document_issue(case=triaged_case, kind="incident_report", user=hr_user)
    assert snapshot(triaged_case) == before
    assert chain_is_intact(triaged_case)


def test_a_step_failing_half_way_rolls_the_transition_back(triaged_case, hr_user):
    """Opening the procedure starts a deadline; without a rule in the rulebook that fails, and the
    state change made just before it must not survive."""
    before = snapshot(triaged_case)
    DeadlineRule.objects.filter(code="dismissal").delete()
    with pytest.raises(Exception, match="No rule in the rulebook"):
        steps.case_open_dismissal(case=triaged_case, user=hr_user,
                                  knowledge_date=timezone.localdate())
    assert snapshot(triaged_case) == before
    assert Case.objects.get(pk=triaged_case.pk).state == CaseState.TRIAGE
    assert not CaseDeadline.objects.filter(case=triaged_case).exists()


def test_submission_survives_a_mail_server_that_is_down(monkeypatch,
                                                        django_capture_on_commit_callbacks):
    factories.hr(email="hr@example.org")
    incident = factories.IncidentFactory()

    def refused(*args, **kwargs):
        raise smtplib.SMTPConnectError(421, "mail server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refused)
    with django_capture_on_commit_callbacks(execute=True):
        incident_submit(incident=incident, user=incident.reporter)
    incident = Incident.objects.get(pk=incident.pk)
    assert incident.is_submitted and incident.case.state == CaseState.REPORTED


def test_mail_is_sent_only_after_the_commit(django_capture_on_commit_callbacks):
    factories.hr(email="hr@example.org")
    incident = factories.IncidentFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        incident_submit(incident=incident, user=incident.reporter)
    assert mail.outbox == [] and len(callbacks) == 1
    callbacks[0]()
    assert [m.to for m in mail.outbox] == [["hr@example.org"]]


@pytest.fixture
def triaged_case(hr_user):
    from tests.workflows.conftest import submitted_case

    return steps.case_take_in_triage(case=submitted_case(), user=hr_user)
