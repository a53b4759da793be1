"""While the procedure waits for a criminal case its deadlines are "on hold", never overdue: not in
the urgent lists, not in the reminder mails, not counted as overdue in the case list. On resume
they count again from their due date moved by the days on hold."""

import datetime
import io
import zipfile

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from tests import factories
from tests.defence.conftest import hold_basis
from tests.defence.test_proceedings import investigated, record_proceeding
from workflows import selectors
from workflows.deadlines import next_judicial_working_day
from workflows.defence import proceedings
from workflows.models.rulebook import DeadlineState
from workflows.retention.export import INDEX_NAME, subject_access_export
from workflows.statistics.selectors import year_counts

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
# Taken note of the report 70 days ago: the 60 days to decide on prosecution passed 10 days ago.
NOTED = TODAY - datetime.timedelta(days=70)
HOLD_FROM = NOTED + datetime.timedelta(days=5)


def held_case(hr):
    case = investigated(hr, on=NOTED)
    proceeding = record_proceeding(case, hr, NOTED)
    proceedings.case_hold_start(case=case, user=hr, proceeding=proceeding, starts_on=HOLD_FROM,
                                basis=hold_basis(case))
    return case


def decision_deadline(case):
    return case.deadlines.get(code="prosecution_decision")


class TestOnHold:
    def test_a_held_deadline_past_its_original_due_date_is_on_hold_not_overdue(self, hr_user):
        deadline = decision_deadline(held_case(hr_user))
        assert deadline.due_date < TODAY
        assert deadline.state == DeadlineState.ON_HOLD
        assert deadline.on_hold_since == HOLD_FROM
        assert not deadline.is_overdue and not deadline.is_lapsed
        assert not deadline.case.deadline_blocks("prosecution_decision")

    def test_held_deadlines_are_not_in_the_urgent_list_nor_overdue_in_the_case_list(self, hr_user):
        case = held_case(hr_user)
        assert case.deadlines.filter(on_hold_since=HOLD_FROM).exists()
        assert not selectors.urgent_deadlines(hr_user).filter(case=case).exists()
        assert not selectors.case_search(hr_user, overdue=True).filter(pk=case.pk).exists()
        # The dashboard still lists them, with their status.
        assert selectors.running_deadlines(hr_user).filter(case=case).exists()

    def test_no_reminder_mail_for_a_held_case(self, hr_user):
        hr_user.email = "hr@example.org"
        hr_user.save()
        held_case(hr_user)
        mail.outbox.clear()
        output = io.StringIO()
        call_command("send_deadline_reminders", "--days", "400", stdout=output)
        # The job ran (not stopped by its daily lock) and found nothing to send.
        assert "Reminders sent: 0" in output.getvalue()
        assert mail.outbox == []

    def test_the_pages_show_on_hold_with_the_holds_start(self, client, hr_user):
        case = held_case(hr_user)
        client.force_login(hr_user)
        since = HOLD_FROM.strftime("%d/%m/%Y")
        for url in (case.get_absolute_url(), reverse("workflows:deadlines"),
                    reverse("workflows:case_list")):
            page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
            assert f"on hold since {since}" in page, url
            assert "overdue by" not in page, url
        home = client.get(reverse("home")).content.decode()
        urgent = home.split('id="urgent-heading"')[1].split("</section>")[0]
        assert case.reference not in urgent

    def test_the_statistics_count_a_held_deadline_as_neither_met_nor_missed(self, hr_user):
        case = held_case(hr_user)

        def results():
            return {row["result"]: row["n"] for row in year_counts(case.opened_at.year).deadlines
                    if row["code"] == "prosecution_decision"}

        assert results() == {}
        proceedings.case_hold_end(case=case, user=hr_user,
                                  ends_on=HOLD_FROM + datetime.timedelta(days=3))
        assert results() == {"missed": 1}  # resumed and lapsed: now it is missed

    def test_the_subject_access_export_shows_the_deadline_on_hold(self, hr_user):
        case = held_case(hr_user)
        with translation.override("en"):
            data = subject_access_export(employee=case.employee, user=factories.hr_lead())
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            index = archive.read(INDEX_NAME).decode()
        assert f"on hold since {HOLD_FROM:%d/%m/%Y}" in index

    def test_a_deadline_passed_before_the_hold_stays_passed(self, hr_user):
        case = investigated(hr_user, on=NOTED)
        proceeding = record_proceeding(case, hr_user, NOTED)
        late_start = decision_deadline(case).due_date + datetime.timedelta(days=1)
        proceedings.case_hold_start(case=case, user=hr_user, proceeding=proceeding,
                                    starts_on=late_start, basis=hold_basis(case))
        deadline = decision_deadline(case)
        assert deadline.on_hold_since is None
        assert deadline.state == DeadlineState.LAPSED


class TestResume:
    def test_after_resume_the_deadline_counts_from_the_shifted_date(self, hr_user):
        case = held_case(hr_user)
        original_due = decision_deadline(case).due_date
        proceedings.case_hold_end(case=case, user=hr_user, ends_on=TODAY)
        deadline = decision_deadline(case)
        assert deadline.on_hold_since is None
        assert original_due == next_judicial_working_day(NOTED + datetime.timedelta(days=60))
        assert deadline.due_date == next_judicial_working_day(
            NOTED + datetime.timedelta(days=60) + (TODAY - HOLD_FROM))
        assert deadline.state in (DeadlineState.RUNNING, DeadlineState.DUE_SOON)
        assert selectors.urgent_deadlines(hr_user).filter(pk=deadline.pk).exists()

    def test_a_short_hold_leaves_the_deadline_passed_after_resume(self, hr_user):
        case = held_case(hr_user)
        proceedings.case_hold_end(case=case, user=hr_user,
                                  ends_on=HOLD_FROM + datetime.timedelta(days=3))
        deadline = decision_deadline(case)
        assert deadline.due_date == next_judicial_working_day(
            NOTED + datetime.timedelta(days=63)) < TODAY
        # The time to decide on prosecution lapses (rulebook): the right is lost.
        assert deadline.state == DeadlineState.LAPSED
