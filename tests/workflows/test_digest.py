"""Each user chooses how notification mails reach them: immediately (one mail per event) or once a
day in a digest that `send_digests` sends, never twice, with only what the user may still see."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from tests import factories
from tests.workflows.conftest import submitted_case
from workflows.models import Case, DigestEntry, NotificationPreference
from workflows.services.preferences import UNKNOWN_DELIVERY, preference_update
from workflows.services.reviews import review_request
from workflows.services.steps import case_open_dismissal, case_take_in_triage

pytestmark = pytest.mark.django_db


def mails_to(outbox, user):
    return [m for m in outbox if user.email in m.to]


def digest(user):
    preference_update(user=user, delivery=NotificationPreference.Delivery.DIGEST)


def ask(case, hr, reviewer, question, capture):
    with capture(execute=True):
        review_request(case=case, user=hr, reviewer=reviewer, question=question)


def test_a_user_who_never_chose_is_mailed_immediately(
        contractual_case, hr_user, legal_user, mailoutbox, django_capture_on_commit_callbacks):
    ask(contractual_case, hr_user, legal_user, "Vraag", django_capture_on_commit_callbacks)
    assert len(mails_to(mailoutbox, legal_user)) == 1
    assert not DigestEntry.objects.exists()


def test_a_digest_reader_gets_no_immediate_mail_but_one_digest_with_everything(
        contractual_case, hr_user, legal_user, mailoutbox, django_capture_on_commit_callbacks):
    digest(legal_user)
    ask(contractual_case, hr_user, legal_user, "Eerste vraag", django_capture_on_commit_callbacks)
    ask(contractual_case, hr_user, legal_user, "Tweede vraag", django_capture_on_commit_callbacks)
    assert mails_to(mailoutbox, legal_user) == []

    call_command("send_digests")
    [mail] = mails_to(mailoutbox, legal_user)
    assert "Eerste vraag" in mail.body and "Tweede vraag" in mail.body
    assert "(2)" in mail.subject
    assert NotificationPreference.objects.get(user=legal_user).last_digest_at is not None


def test_a_second_run_the_same_day_sends_nothing_twice(
        contractual_case, hr_user, legal_user, mailoutbox, django_capture_on_commit_callbacks):
    digest(legal_user)
    ask(contractual_case, hr_user, legal_user, "Vraag", django_capture_on_commit_callbacks)
    call_command("send_digests")
    call_command("send_digests")
    assert len(mails_to(mailoutbox, legal_user)) == 1

    ask(contractual_case, hr_user, legal_user, "Nieuwe vraag", django_capture_on_commit_callbacks)
    call_command("send_digests")
    first, second = mails_to(mailoutbox, legal_user)
    assert "Nieuwe vraag" not in first.body
    assert "Nieuwe vraag" in second.body and second.body.count("Open the case") == 1


def test_the_digest_leaves_out_a_case_the_reader_can_no_longer_see(
        hr_user, legal_user, mailoutbox, django_capture_on_commit_callbacks):
    digest(legal_user)
    seen = case_take_in_triage(case=submitted_case(), user=hr_user)
    hidden = case_take_in_triage(case=submitted_case(), user=hr_user)
    ask(seen, hr_user, legal_user, "Over het zichtbare dossier", django_capture_on_commit_callbacks)
    ask(hidden, hr_user, legal_user, "Over het verborgen dossier",
        django_capture_on_commit_callbacks)
    hidden.exclusions.create(user=legal_user, reason="Familie van het personeelslid")

    call_command("send_digests")
    [mail] = mails_to(mailoutbox, legal_user)
    assert "Over het zichtbare dossier" in mail.body and seen.reference in mail.body
    assert "verborgen" not in mail.body and hidden.reference not in mail.body
    assert not DigestEntry.objects.filter(sent_at__isnull=True).exists()


def test_the_reporting_manager_s_digest_carries_the_plain_status_of_their_report(
        hr_user, mailoutbox, django_capture_on_commit_callbacks):
    case = submitted_case()
    reporter = case.incident.reporter
    digest(reporter)
    with django_capture_on_commit_callbacks(execute=True):
        case_take_in_triage(case=case, user=hr_user)
    assert mails_to(mailoutbox, reporter) == []
    call_command("send_digests")
    [mail] = mails_to(mailoutbox, reporter)
    assert "being handled" in mail.body.lower() and case.reference not in mail.body


def test_hr_on_the_digest_is_not_mailed_each_new_report(
        hr_user, mailoutbox, django_capture_on_commit_callbacks):
    colleague = factories.hr()
    digest(hr_user)
    with django_capture_on_commit_callbacks(execute=True):
        case = submitted_case()
    assert mails_to(mailoutbox, hr_user) == [] and len(mails_to(mailoutbox, colleague)) == 1
    Case.objects.filter(pk=case.pk).update(restricted=True)
    call_command("send_digests")
    assert mails_to(mailoutbox, hr_user) == []  # a restricted report is not for this officer


def test_deadline_reminders_follow_each_handler_s_choice_of_mail_or_digest(
        mailoutbox, django_capture_on_commit_callbacks):
    immediate, digest_reader = factories.hr(), factories.hr()
    digest(digest_reader)
    cases = {}
    for handler in (immediate, digest_reader):
        case = case_take_in_triage(case=submitted_case(), user=handler)
        cases[handler] = case_open_dismissal(case=case, user=handler,
                                             knowledge_date=timezone.localdate())
    call_command("send_digests")  # the new reports of this morning: not what is tested here
    mailoutbox.clear()

    call_command("send_deadline_reminders", "--days", "10")
    [reminder] = mailoutbox
    assert reminder.to == [immediate.email] and cases[immediate].reference in reminder.body
    assert cases[digest_reader].reference not in reminder.body

    call_command("send_digests")
    [reminder, held_back] = mailoutbox
    assert held_back.to == [digest_reader.email] and "(1)" in held_back.subject
    assert cases[digest_reader].reference in held_back.body
    assert cases[immediate].reference not in held_back.body
    assert "art. 35" in held_back.body  # the deadline with its legal source, as in the mail


def test_an_unknown_choice_is_refused(hr_user):
    with pytest.raises(ValidationError) as refused:
        preference_update(user=hr_user, delivery="weekly")
    assert refused.value.message_dict == {"delivery": [str(UNKNOWN_DELIVERY)]}


class TestPreferencePage:
    def test_every_role_reaches_it_from_the_header_menu(self, client):
        client.force_login(factories.manager())
        page = client.get("/").content.decode()
        assert 'href="/preferences/"' in page

    def test_choosing_the_digest_is_saved_and_shown_again(self, client, legal_user):
        client.force_login(legal_user)
        response = client.post("/preferences/", {"delivery": "digest"})
        assert response.status_code == 302
        assert NotificationPreference.objects.get(user=legal_user).delivery == "digest"
        page = client.get("/preferences/").content.decode()
        [digest_radio] = re.findall(r'<input[^>]*value="digest"[^>]*>', page)
        assert "checked" in digest_radio

    def test_a_forged_choice_is_a_form_error_not_a_crash(self, client, legal_user):
        client.force_login(legal_user)
        response = client.post("/preferences/", {"delivery": "hourly"})
        assert response.status_code == 400
        assert not NotificationPreference.objects.filter(user=legal_user).exists()
