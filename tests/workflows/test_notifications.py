"""Mail after commit: legal when asked for an opinion, the deciding authority when a decision
awaits, the reporting manager when the plain status changes; nothing when the change rolls back."""

import pytest
from django.db import transaction
from django.utils import timezone

from tests import factories
from tests.workflows.conftest import submitted_case
from tests.workflows.test_dismissal_track import heard_case
from workflows.services.reviews import review_request
from workflows.services.steps import case_take_in_triage

pytestmark = pytest.mark.django_db


def mails_to(outbox, address):
    return [m for m in outbox if address in m.to]


def test_legal_is_mailed_the_question_when_asked_for_an_opinion(
        contractual_case, hr_user, legal_user, mailoutbox, django_capture_on_commit_callbacks):
    legal_user.email = "lies@example.be"
    legal_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        review_request(case=contractual_case, user=hr_user, reviewer=legal_user,
                       question="Is de termijn nageleefd?")
    [mail] = mails_to(mailoutbox, "lies@example.be")
    assert contractual_case.reference in mail.subject
    assert "Is de termijn nageleefd?" in mail.body and "Hanne Claes" in mail.body


def test_the_deciding_authority_is_mailed_when_a_decision_awaits(
        contractual_case, hr_user, decider_user, mailoutbox, django_capture_on_commit_callbacks):
    decider_user.email = "dirk@example.be"
    decider_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        case = heard_case(contractual_case, hr_user, knowledge=timezone.localdate())
    [mail] = mails_to(mailoutbox, "dirk@example.be")
    assert "A decision awaits you" in mail.subject and case.reference in mail.subject


def test_the_reporting_manager_learns_the_plain_status_only(
        db, hr_user, mailoutbox, django_capture_on_commit_callbacks):
    case = submitted_case()
    reporter = case.incident.reporter
    reporter.email = "marleen@example.be"
    reporter.save()
    with django_capture_on_commit_callbacks(execute=True):
        case_take_in_triage(case=case, user=hr_user)
    [mail] = mails_to(mailoutbox, "marleen@example.be")
    assert "being handled" in mail.body.lower() or "in behandeling" in mail.body.lower()
    assert "triage" not in mail.body.lower() and case.reference not in mail.body


def test_no_mail_leaves_when_the_change_is_rolled_back(
        contractual_case, hr_user, legal_user, mailoutbox, django_capture_on_commit_callbacks):
    legal_user.email = "lies@example.be"
    legal_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            review_request(case=contractual_case, user=hr_user, reviewer=legal_user,
                           question="Vraag")
            raise RuntimeError("the database refused the change")
    assert mails_to(mailoutbox, "lies@example.be") == []


def test_a_colleague_without_an_address_is_skipped_not_an_error(
        contractual_case, hr_user, mailoutbox, django_capture_on_commit_callbacks):
    reviewer = factories.legal(email="")
    with django_capture_on_commit_callbacks(execute=True):
        review_request(case=contractual_case, user=hr_user, reviewer=reviewer, question="Vraag")
    assert all(reviewer.email not in m.to for m in mailoutbox)
