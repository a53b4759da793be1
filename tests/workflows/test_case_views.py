"""The case pages walk the permission matrix: anonymous -> login, not visible -> 404,
visible but not allowed -> 403 with a message, allowed -> 200 or redirect."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from incidents.models import Provision
from tests import factories
from tests.workflows.conftest import submitted_case
from workflows.filters import CaseFilterForm
from workflows.models import AccessLog, Case
from workflows.services import steps
from workflows.services.assignment import case_assign_handler
from workflows.states import CaseState

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def step_url(case, name):
    return f"/cases/{case.reference}/step/{name}/"


class TestVisibility:
    def test_anonymous_is_sent_to_login(self, client, contractual_case):
        response = client.get(contractual_case.get_absolute_url())
        assert response.status_code == 302 and response.url.startswith("/login/")

    def test_manager_cannot_open_a_case_page(self, client, contractual_case):
        client.force_login(contractual_case.incident.reporter)
        assert client.get(contractual_case.get_absolute_url()).status_code == 404

    def test_hr_officer_sees_the_triage_queue_but_not_a_colleague_s_case(self, client,
                                                                        contractual_case):
        other_hr = factories.hr()
        reported = submitted_case()
        client.force_login(other_hr)
        assert client.get(reported.get_absolute_url()).status_code == 200
        assert client.get(contractual_case.get_absolute_url()).status_code == 404

    def test_handler_sees_the_case_and_the_view_is_logged(self, client, contractual_case, hr_user):
        client.force_login(hr_user)
        response = client.get(contractual_case.get_absolute_url(), REMOTE_ADDR="10.1.2.3")
        assert response.status_code == 200
        entry = AccessLog.objects.get(case=contractual_case, action=AccessLog.Action.VIEW_CASE)
        assert entry.user == hr_user and entry.ip_address == "10.1.2.3"

    def test_nobody_sees_a_case_about_themselves(self, client):
        lead = factories.hr_lead()
        case = submitted_case()
        case.incident.employee.user = lead
        case.incident.employee.save()
        client.force_login(lead)
        assert client.get(case.get_absolute_url()).status_code == 404
        assert case.reference not in client.get("/cases/").content.decode()

    def test_restricted_case_is_hidden_from_hr_leads_not_named_on_it(self, client, contractual_case):
        Case.objects.filter(pk=contractual_case.pk).update(restricted=True)
        client.force_login(factories.hr_lead())
        assert client.get(contractual_case.get_absolute_url()).status_code == 404

    def test_reassignment_takes_effect_at_once(self, client, contractual_case, hr_user):
        new_handler = factories.hr()
        case_assign_handler(case=contractual_case, handler=new_handler, actor=factories.hr_lead())
        client.force_login(hr_user)
        assert client.get(contractual_case.get_absolute_url()).status_code == 404
        client.force_login(new_handler)
        assert client.get(contractual_case.get_absolute_url()).status_code == 200


class TestSteps:
    def test_handler_opens_the_dismissal_procedure_from_the_page(self, client, contractual_case,
                                                                 hr_user):
        client.force_login(hr_user)
        response = client.post(step_url(contractual_case, "open_dismissal_procedure"),
                               {"knowledge_date": TODAY().isoformat()})
        assert response.status_code == 302
        assert Case.objects.get(pk=contractual_case.pk).state == CaseState.DISMISSAL_OPENED

    def test_the_message_after_a_step_says_what_was_recorded(self, client, contractual_case,
                                                             hr_user):
        client.force_login(hr_user)
        response = client.post(step_url(contractual_case, "open_dismissal_procedure"),
                               {"knowledge_date": TODAY().isoformat()}, follow=True)
        shown = [str(m) for m in response.context["messages"]]
        assert shown == ["Recorded: Open the dismissal procedure for serious reason."]

    def test_the_message_after_an_action_names_the_action(self, client, contractual_case, hr_user):
        client.force_login(hr_user)
        response = client.post(f"/cases/{contractual_case.reference}/action/review/",
                               {"reviewer": factories.legal().pk, "question": "Termijn ok?"},
                               follow=True)
        assert [str(m) for m in response.context["messages"]] == [
            "Recorded: Legal review requested."]

    def test_buttons_show_only_the_steps_the_user_may_take(self, client, contractual_case, hr_user):
        client.force_login(hr_user)
        html = client.get(contractual_case.get_absolute_url()).content.decode()
        assert step_url(contractual_case, "open_dismissal_procedure") in html
        assert step_url(contractual_case, "open_disciplinary_procedure") not in html
        assert step_url(contractual_case, "decide_dismissal") not in html

    def test_crafted_post_of_a_decision_by_hr_is_forbidden(self, client, contractual_case, hr_user):
        client.force_login(hr_user)
        response = client.post(step_url(contractual_case, "decide_dismissal"),
                               {"reason": "x", "authority": "Algemeen directeur"})
        assert response.status_code == 403
        assert "right" in response.content.decode()

    def test_step_in_the_wrong_state_answers_409_with_the_reason(self, client, contractual_case,
                                                                 hr_user):
        client.force_login(hr_user)
        response = client.post(step_url(contractual_case, "convene_hearing"),
                               {"scheduled_at": "2026-12-01T10:00", "place": "x",
                                "facts_summary": "y"})
        assert response.status_code == 409
        assert "not possible while the case is in the state" in response.content.decode()
        assert Case.objects.get(pk=contractual_case.pk).hearings.count() == 0

    def test_track_the_status_forbids_answers_409(self, client, contractual_case, hr_user):
        client.force_login(hr_user)
        response = client.post(step_url(contractual_case, "open_disciplinary_procedure"),
                               {"knowledge_date": TODAY().isoformat(), "investigator": hr_user.pk})
        assert response.status_code == 409
        assert "only to statutory staff" in response.content.decode()

    def test_missing_reason_shows_the_form_again(self, client, contractual_case, hr_user):
        client.force_login(hr_user)
        response = client.post(step_url(contractual_case, "close_without_follow_up"), {"reason": ""})
        assert response.status_code == 400
        assert "This field is required" in response.content.decode()
        assert Case.objects.get(pk=contractual_case.pk).state == CaseState.TRIAGE

    def test_unknown_step_is_404_and_get_is_405(self, client, contractual_case, hr_user):
        client.force_login(hr_user)
        assert client.post(step_url(contractual_case, "delete_everything")).status_code == 404
        assert client.get(step_url(contractual_case, "close")).status_code == 405

    def test_invalid_date_is_a_form_error_not_a_crash(self, client, contractual_case, hr_user):
        client.force_login(hr_user)
        response = client.post(step_url(contractual_case, "open_dismissal_procedure"),
                               {"knowledge_date": "31/02/2026"})
        assert response.status_code == 400
        assert "Enter a valid date" in response.content.decode()
        assert Case.objects.get(pk=contractual_case.pk).state == CaseState.TRIAGE


def _count_queries(client, url, *, listed=()):
    """The number of queries `url` runs; every reference of `listed` must be on the page."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert [ref for ref in listed if ref not in response.content.decode()] == []
    return len(queries)


class TestConstantQueries:
    def test_case_list_runs_the_same_queries_for_2_or_12_cases(self, client):
        lead = factories.hr_lead()
        handler = factories.hr()
        client.force_login(lead)

        def add_cases(n):
            for _ in range(n):
                case = steps.case_take_in_triage(case=submitted_case(), user=handler)
                yield steps.case_open_dismissal(case=case, user=handler, knowledge_date=TODAY())

        cases = list(add_cases(2))
        few = _count_queries(client, "/cases/", listed=[c.reference for c in cases])
        cases += add_cases(10)
        many = _count_queries(client, "/cases/", listed=[c.reference for c in cases])
        assert few == many

    def test_deadline_dashboard_runs_the_same_queries_for_2_or_12_deadlines(self, client):
        lead = factories.hr_lead()
        client.force_login(lead)

        def add(n):
            for _ in range(n):
                case = steps.case_take_in_triage(case=submitted_case(), user=lead)
                yield steps.case_open_dismissal(
                    case=case, user=lead, knowledge_date=TODAY() - datetime.timedelta(days=1))

        cases = list(add(2))
        few = _count_queries(client, "/cases/deadlines/", listed=[c.reference for c in cases])
        cases += add(10)
        listed = [c.reference for c in cases]
        assert _count_queries(client, "/cases/deadlines/", listed=listed) == few


class TestFilterOptions:
    @pytest.mark.parametrize("language", ["nl-be", "en"])
    def test_no_two_states_read_the_same(self, language):
        with translation.override(language):
            labels = [str(label) for _value, label in CaseFilterForm().fields["state"].choices]
        assert len(labels) == len(set(labels)), sorted(labels)

    def test_a_provision_option_is_its_article_and_the_start_of_its_text(self):
        field = CaseFilterForm().fields["provision"]
        labels = [str(label) for value, label in field.choices if value != ""]
        provision = Provision.objects.filter(code_version__is_current=True).first()
        assert labels and all(len(label) <= 72 for label in labels), max(labels, key=len)
        assert any(label.startswith(f"{provision.article} {provision.text[:20]}")
                   for label in labels)
