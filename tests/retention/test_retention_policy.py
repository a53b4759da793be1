"""One retention period per outcome, loaded as placeholders for the archivist to confirm, changed
only by HR leads; the logs are read-only in the admin."""

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.urls import reverse

from workflows.models import Case
from workflows.retention.models import (
    PERIOD_REQUIRED,
    RetentionLog,
    RetentionPolicy,
    SubjectAccessExport,
)
from workflows.retention.services import POLICY_NOT_ALLOWED, retention_policy_save

pytestmark = pytest.mark.django_db


class TestDefaultPolicies:
    def test_every_outcome_has_a_placeholder_period_to_be_confirmed(self):
        policies = RetentionPolicy.objects.all()
        assert {p.outcome for p in policies} == set(Case.Outcome.values)
        assert all(p.to_be_confirmed and "Placeholder" in p.legal_source for p in policies)

    def test_dismissals_and_sanctions_are_kept_ten_years_and_no_follow_up_two(self):
        periods = {p.outcome: (p.years, p.months) for p in RetentionPolicy.objects.all()}
        for outcome in ("dismissed", "dismissal_with_notice", "sanction", "work_rules_sanction"):
            assert periods[outcome] == (10, 0)
        assert periods["no_follow_up"] == (2, 0)


class TestRetentionPolicySave:
    def test_an_hr_lead_changes_a_period_and_is_recorded(self, lead_user):
        policy = RetentionPolicy.objects.get(outcome=Case.Outcome.NO_FOLLOW_UP)
        policy.years, policy.months, policy.to_be_confirmed = 1, 6, False
        retention_policy_save(policy=policy, user=lead_user)
        policy.refresh_from_db()
        assert (policy.period_label, policy.updated_by) == ("1 year 6 months", lead_user)

    def test_a_plain_hr_officer_may_not(self, hr_user):
        policy = RetentionPolicy.objects.get(outcome=Case.Outcome.NO_FOLLOW_UP)
        policy.years = 50
        with pytest.raises(PermissionDenied, match=str(POLICY_NOT_ALLOWED)):
            retention_policy_save(policy=policy, user=hr_user)

    def test_a_period_of_nothing_is_refused(self, lead_user):
        policy = RetentionPolicy.objects.get(outcome=Case.Outcome.NO_FOLLOW_UP)
        policy.years = policy.months = 0
        with pytest.raises(ValidationError) as error:
            retention_policy_save(policy=policy, user=lead_user)
        assert error.value.message_dict == {"years": [str(PERIOD_REQUIRED)]}


class TestAdmin:
    def test_logs_are_read_only_and_periods_cannot_be_deleted(self, lead_user):
        request = RequestFactory().get("/")
        request.user = lead_user
        for model in (RetentionLog, SubjectAccessExport):
            model_admin = admin.site._registry[model]
            assert not model_admin.has_add_permission(request)
            assert not model_admin.has_change_permission(request)
            assert not model_admin.has_delete_permission(request)
        assert not admin.site._registry[RetentionPolicy].has_delete_permission(request)

    def test_a_staff_hr_lead_changes_a_period_in_the_admin(self, client, lead_user):
        lead_user.is_staff = True
        lead_user.save()
        policy = RetentionPolicy.objects.get(outcome=Case.Outcome.WARNING)
        client.force_login(lead_user)
        url = reverse("admin:retention_retentionpolicy_change", args=[policy.pk])
        page = client.get(url)
        assert page.status_code == 200 and "placeholders" in page.content.decode()
        response = client.post(url, {"years": 3, "months": 0, "legal_source": "Selectielijst 2027",
                                     "note": "", "to_be_confirmed": ""})
        assert response.status_code == 302
        policy.refresh_from_db()
        assert (policy.years, policy.to_be_confirmed, policy.updated_by) == (3, False, lead_user)
