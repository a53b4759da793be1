import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests import factories
from tests.workflows.conftest import submitted_case
from workflows.models import Case, CaseDeadline, DeadlineRule
from workflows.services import errors, steps
from workflows.states import CaseState

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


class TestConcurrentSteps:
    def test_second_of_two_simultaneous_steps_is_refused_and_names_who_won(self):
        case = submitted_case()
        first_hr = factories.hr(username="eva", first_name="Eva", last_name="Wouters")
        second_hr = factories.hr(username="tom")
        seen_by_eva = Case.objects.get(pk=case.pk)
        seen_by_tom = Case.objects.get(pk=case.pk)
        steps.case_take_in_triage(case=seen_by_eva, user=first_hr)
        with pytest.raises(errors.CaseChangedMeanwhile, match="changed by Eva Wouters"):
            steps.case_take_in_triage(case=seen_by_tom, user=second_hr)
        fresh = Case.objects.get(pk=case.pk)
        assert fresh.state == CaseState.TRIAGE and fresh.handler == first_hr
        assert fresh.events.filter(kind="take_in_triage").count() == 1

    def test_state_cannot_be_assigned_directly(self):
        case = submitted_case()
        with pytest.raises(AttributeError):
            case.state = CaseState.CLOSED


class TestRulebook:
    def test_a_corrected_rule_applies_to_new_cases_only(self, hr_user):
        old_case = steps.case_take_in_triage(case=submitted_case(), user=hr_user)
        old_case = steps.case_open_dismissal(case=old_case, user=hr_user, knowledge_date=TODAY())
        old_rule = DeadlineRule.objects.get(code="dismissal", regime="contract")
        new_rule = DeadlineRule.objects.create(
            code="dismissal", regime="contract", version=2, name_nl=old_rule.name_nl,
            name_en=old_rule.name_en, length=5, unit=old_rule.unit, starts_nl=old_rule.starts_nl,
            starts_en=old_rule.starts_en, legal_source="fictieve wetswijziging",
            effective_from=old_rule.effective_from, change_reason="test")
        new_case = steps.case_take_in_triage(case=submitted_case(), user=hr_user)
        new_case = steps.case_open_dismissal(case=new_case, user=hr_user, knowledge_date=TODAY())
        assert old_case.deadlines.get().rule == old_rule
        assert new_case.deadlines.get().rule == new_rule

    def test_every_unverified_rule_is_flagged_to_be_confirmed(self):
        flagged = set(DeadlineRule.objects.filter(to_be_confirmed=True).values_list("code", flat=True))
        assert {"start_proceedings", "salary_withholding_max", "disciplinary_suspension_max"} <= flagged
        assert not DeadlineRule.objects.get(code="dismissal", regime="contract").to_be_confirmed

    def test_admin_change_creates_a_new_version(self, client):
        admin = factories.UserFactory(is_staff=True, is_superuser=True)
        client.force_login(admin)
        rule = DeadlineRule.objects.get(code="appeal", regime="education")
        data = {f: getattr(rule, f) for f in ["code", "regime", "name_nl", "name_en", "length",
                                                 "unit", "starts_nl", "starts_en", "legal_source",
                                                 "on_expiry"]}
        data.update(length=30, effective_from="2026-01-01", to_be_confirmed="",
                    change_reason="Bevestigd door juridische dienst")
        response = client.post(f"/admin/workflows/deadlinerule/{rule.pk}/change/", data)
        assert response.status_code == 302
        rule.refresh_from_db()
        assert rule.length == 20 and rule.version == 1
        latest = DeadlineRule.objects.in_force("appeal", "education", TODAY())
        assert latest.version == 2 and latest.length == 30 and latest.created_by == admin


class TestReminders:
    def test_handlers_get_a_mail_for_deadlines_due_within_the_window(self, hr_user):
        hr_user.email = "hr@example.org"
        hr_user.save()
        case = steps.case_take_in_triage(case=submitted_case(), user=hr_user)
        steps.case_open_dismissal(case=case, user=hr_user, knowledge_date=TODAY())
        mail.outbox.clear()
        call_command("send_deadline_reminders", "--days", "10")
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["hr@example.org"]
        assert case.reference in mail.outbox[0].body

    def test_no_mail_for_deadlines_beyond_the_window(self, hr_user):
        hr_user.email = "hr@example.org"
        hr_user.save()
        case = steps.case_take_in_triage(case=submitted_case(), user=hr_user)
        steps.case_open_dismissal(case=case, user=hr_user, knowledge_date=TODAY())
        CaseDeadline.objects.filter(case=case).update(due_date=TODAY() + datetime.timedelta(days=30))
        mail.outbox.clear()
        call_command("send_deadline_reminders", "--days", "10")
        assert mail.outbox == []
