"""After an ordinary dismissal with notice the employer's obligations run from the end of the notice
period, which starts when the notice letter takes effect (rulebook, flagged)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests import factories
from tests.defence.conftest import reload
from tests.workflows.conftest import submitted_case
from workflows.defence import proceedings
from workflows.defence.forms import ChecklistForm
from workflows.defence.models import DismissalTask
from workflows.models import Case, NotificationMethod, NotificationRule
from workflows.services import rulebook, steps
from workflows.services.common import NO_NOTIFICATION_RULE

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
# Thursday 26 November 2026: a registered letter posted then takes effect on Monday 30 November
# (third working day, Saturday counting, Sunday not: art. 53bis Ger.W. by analogy, flagged).
POSTED = datetime.date(2026, 11, 26)


@pytest.fixture
def with_notice(hr_user, decider_user):
    case = steps.case_take_in_triage(case=submitted_case(facts=TODAY - datetime.timedelta(days=3)),
                                     user=hr_user)
    case = steps.case_open_dismissal(case=case, user=hr_user, knowledge_date=TODAY)
    case = steps.case_convene_hearing(case=case, user=hr_user, scheduled_at=timezone.now(),
                                      place="Gemeentehuis", facts_summary="Bericht",
                                      summoned_on=TODAY - datetime.timedelta(days=7),
                                      confirm_unusual_time=True)
    case = steps.case_record_hearing(case=case, user=hr_user, outcome="held", held_on=TODAY,
                                     start_time=datetime.time(10), end_time=datetime.time(11),
                                     minutes="Verklaring")
    return steps.case_decide_other_measure(
        case=reload(case), user=decider_user, measure=Case.Outcome.DISMISSAL_WITH_NOTICE,
        reason="Geen dringende reden, wel ontslag", body=factories.deciding_body(reload(case)))


def employer_notice_rule(case):
    return NotificationRule.objects.version_in_force(
        TODAY, subject=NotificationRule.Subject.EMPLOYER_NOTICE, regime=case.regime)


def checklist(case, hr, **notice):
    return proceedings.dismissal_checklist_create(case=case, user=hr, **notice)


class TestDismissalWithNotice:
    def test_the_tasks_run_from_the_last_day_of_the_notice_period(self, with_notice, hr_user):
        tasks = checklist(with_notice, hr_user, notice_method=NotificationMethod.REGISTERED_LETTER,
                          notice_sent_on=POSTED, notice_weeks=13)
        period = with_notice.dismissal_notice
        assert period.starts_on == datetime.date(2026, 11, 30)
        # 13 weeks from Monday 30 November: the last day is Sunday 28 February 2027.
        assert period.ends_on == datetime.date(2027, 2, 28)
        assert {t.kind: t.due_on for t in tasks} == {
            DismissalTask.Kind.C4: datetime.date(2027, 2, 28),
            DismissalTask.Kind.FINAL_PAY: datetime.date(2027, 3, 28),
            DismissalTask.Kind.SOCIAL_DOCUMENTS: datetime.date(2027, 4, 28),
        }
        assert all(t.rule.to_be_confirmed for t in tasks)
        letter = with_notice.notifications.get()
        assert (letter.subject, letter.sent_on) == ("dismissal", POSTED)
        event = with_notice.events.get(kind="dismissal_checklist_created")
        assert event.payload["notice"]["starts_on"] == "2026-11-30"
        assert event.payload["employment_ends"] == "2027-02-28"

    def test_a_notice_served_by_bailiff_starts_the_same_day(self, with_notice, hr_user):
        checklist(with_notice, hr_user, notice_method=NotificationMethod.BAILIFF,
                  notice_sent_on=POSTED, notice_weeks=1)
        assert with_notice.dismissal_notice.starts_on == POSTED
        assert with_notice.dismissal_notice.ends_on == datetime.date(2026, 12, 2)

    def test_a_notice_handed_over_is_null_and_refused_with_nothing_written(self, with_notice,
                                                                          hr_user):
        with pytest.raises(ValidationError) as error:
            checklist(with_notice, hr_user, notice_method=NotificationMethod.HAND_DELIVERED,
                      notice_sent_on=POSTED, notice_weeks=1)
        (message,) = error.value.message_dict["notice_method"]
        assert "Registered letter, Bailiff's writ (" in message
        assert "37, §1" in message and "Arbeidsovereenkomstenwet" in message
        assert "to be confirmed" in message
        assert not with_notice.dismissal_tasks.exists()
        assert not with_notice.notifications.exists()

    def test_a_notice_by_ordinary_mail_is_refused_and_nothing_is_written(self, with_notice,
                                                                        hr_user):
        with pytest.raises(ValidationError) as error:
            checklist(with_notice, hr_user, notice_method=NotificationMethod.ORDINARY_MAIL,
                      notice_sent_on=POSTED, notice_weeks=13)
        assert "is null" in error.value.message_dict["notice_method"][0]
        assert not with_notice.dismissal_tasks.exists()
        assert not with_notice.notifications.exists()

    def test_the_forms_of_notice_are_the_rulebook_s_and_its_correction_applies_at_once(
            self, with_notice, hr_user, legal_user):
        rule = employer_notice_rule(with_notice)
        assert (rule.method_list, rule.to_be_confirmed) == (["registered_letter", "bailiff"], True)
        form = ChecklistForm(case=with_notice)
        assert [m for m, _label in form.fields["notice_method"].choices] == rule.method_list
        rulebook.rule_correct(
            rule=rule, user=legal_user, methods="registered_letter,bailiff,hand_delivered",
            reason="Een opzegging tegen ontvangstbewijs volstaat volgens de juridische dienst.")
        assert "hand_delivered" in dict(
            ChecklistForm(case=with_notice).fields["notice_method"].choices)
        checklist(with_notice, hr_user, notice_method=NotificationMethod.HAND_DELIVERED,
                  notice_sent_on=POSTED, notice_weeks=1)
        assert with_notice.notifications.get().method == NotificationMethod.HAND_DELIVERED

    def test_without_a_rule_in_force_no_notice_is_recorded(self, with_notice, hr_user):
        NotificationRule.objects.filter(subject="employer_notice").delete()
        with pytest.raises(ValidationError) as error:
            checklist(with_notice, hr_user, notice_method=NotificationMethod.REGISTERED_LETTER,
                      notice_sent_on=POSTED, notice_weeks=1)
        assert error.value.message_dict["notice_method"] == [str(NO_NOTIFICATION_RULE)]
        assert not with_notice.notifications.exists()

    def test_without_the_notice_no_checklist(self, with_notice, hr_user):
        with pytest.raises(ValidationError) as error:
            checklist(with_notice, hr_user)
        assert error.value.messages == [str(proceedings.NOTICE_REQUIRED)]

    def test_the_form_asks_for_the_notice_only_after_a_dismissal_with_notice(
            self, with_notice, heard_case):
        assert {"notice_method", "notice_sent_on", "notice_weeks"} <= set(
            ChecklistForm(case=with_notice).fields)
        assert ChecklistForm(case=heard_case).fields == {}
        assert "ordinary_mail" not in dict(ChecklistForm(case=with_notice).fields[
            "notice_method"].choices)

    def test_the_case_page_shows_the_notice_period_and_the_tasks(self, client, with_notice,
                                                                 hr_user):
        client.force_login(hr_user)
        page = client.get(with_notice.get_absolute_url()).content.decode()
        assert "Make the checklist of the employer" in page
        response = client.post(f"/cases/{with_notice.reference}/action/checklist/", {
            "notice_method": "registered_letter", "notice_sent_on": POSTED.isoformat(),
            "notice_weeks": "13"})
        assert response.status_code == 302
        page = client.get(with_notice.get_absolute_url()).content.decode()
        assert "Notice period of 13 weeks, from 30/11/2026" in page
        assert "28/02/2027, the last day of the employment" in page
        assert "registered letter posted on 26/11/2026 takes effect on 30/11/2026" in page


@pytest.mark.parametrize("weeks", ["0", "-3", "100000", "dertien", ""])
def test_a_notice_period_that_is_not_a_number_of_weeks_is_refused_and_nothing_written(
        client, with_notice, hr_user, weeks):
    client.force_login(hr_user)
    response = client.post(f"/cases/{with_notice.reference}/action/checklist/", {
        "notice_method": "registered_letter", "notice_sent_on": POSTED.isoformat(),
        "notice_weeks": weeks})
    assert response.status_code == 400
    assert not with_notice.dismissal_tasks.exists()
    assert not with_notice.notifications.exists()
