"""A manager saves an incomplete report as a draft, with its evidence, comes back to it, completes
and submits it, or deletes it. Nobody but its author ever sees a draft."""

import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents.models import REQUIRED_TO_SUBMIT, Incident
from tests import factories
from tests.incidents.test_evidence import png_bytes
from tests.incidents.test_report_views import (
    CREATE,
    MY_REPORTS,
    messages_of,
    report_data,
    screenshot,
)
from workflows.statistics.figures import YearStatistics

pytestmark = pytest.mark.django_db

ALMOST_EMPTY = {
    "employee": "", "facts_date": "", "facts_time": "", "knowledge_date": "", "platform": "",
    "platform_name": "", "account_kind": "", "account_name": "", "communication": "",
    "provisions": [], "content_urls": "", "still_online": "unknown",
    "description": "Gezien op Facebook; de rest vul ik morgen aan.",
}


@pytest.fixture
def reporter(client):
    user = factories.manager(first_name="Marie", last_name="Claes")
    client.force_login(user)
    return user


@pytest.fixture
def employee():
    return factories.EmployeeFactory(first_name="Jan", last_name="Peeters")


def incomplete(employee, *, button="save", files=(), **overrides) -> dict:
    return report_data(employee, button=button, files=files) | ALMOST_EMPTY | overrides


def save_incomplete(client, employee, **extra):
    return client.post(CREATE, incomplete(employee, **extra))


def edit_url(incident):
    return reverse("incidents:report_edit", args=[incident.pk])


class TestSavingAnIncompleteDraft:
    def test_a_draft_with_only_a_description_and_a_screenshot_is_saved(
        self, client, reporter, employee
    ):
        response = save_incomplete(client, employee, files=[screenshot("shot.png")])
        incident = Incident.objects.get()
        assert response["Location"] == edit_url(incident)
        assert incident.status == Incident.Status.DRAFT and incident.employee is None
        assert incident.description == ALMOST_EMPTY["description"]
        evidence = incident.evidence.get()
        assert evidence.sha256 == hashlib.sha256(png_bytes()).hexdigest()
        assert evidence.original_name == "shot.png"

    def test_a_format_error_still_refuses_the_draft_and_keeps_the_screenshot(
        self, client, reporter, employee
    ):
        tomorrow = (timezone.localdate() + timezone.timedelta(days=1)).isoformat()
        response = save_incomplete(client, employee, facts_date=tomorrow,
                                   files=[screenshot("shot.png")])
        assert response.status_code == 400
        assert "facts_date" in response.context["form"].errors
        assert not Incident.objects.exists()
        assert [d.original_name for d in response.context["kept_uploads"]] == ["shot.png"]

    def test_the_form_marks_the_required_fields_again_after_a_refused_draft(
        self, client, reporter, employee
    ):
        tomorrow = (timezone.localdate() + timezone.timedelta(days=1)).isoformat()
        page = save_incomplete(client, employee, facts_date=tomorrow).content.decode()
        assert '<label for="id_employee" class="required">' in page

    def test_the_draft_is_listed_in_my_reports_as_a_draft(self, client, reporter, employee):
        save_incomplete(client, employee)
        page = client.get(MY_REPORTS).content.decode()
        incident = Incident.objects.get()
        assert f'href="{edit_url(incident)}"' in page
        assert "Employee not chosen yet" in page and "Draft" in page

    def test_the_draft_reopens_with_what_was_filled_in(self, client, reporter, employee):
        save_incomplete(client, employee)
        page = client.get(edit_url(Incident.objects.get()))
        assert page.status_code == 200
        assert page.context["form"]["description"].value() == ALMOST_EMPTY["description"]


class TestCompletingAndSubmittingTheDraft:
    def test_submitting_it_incomplete_applies_every_rule_and_changes_nothing(
        self, client, reporter, employee
    ):
        save_incomplete(client, employee)
        incident = Incident.objects.get()
        response = client.post(edit_url(incident),
                               incomplete(employee, button="submit"))
        assert response.status_code == 400
        errors = response.context["form"].errors
        assert {"employee", "facts_date", "platform", "provisions"} <= set(errors)
        incident.refresh_from_db()
        assert incident.status == Incident.Status.DRAFT and not hasattr(incident, "case")

    def test_the_submit_button_of_the_report_page_names_what_is_missing(
        self, client, reporter, employee
    ):
        save_incomplete(client, employee)
        incident = Incident.objects.get()
        response = client.post(reverse("incidents:report_submit", args=[incident.pk]),
                               follow=True)
        message = messages_of(response)[-1]
        assert "employee" in message and "platform" in message
        assert str(REQUIRED_TO_SUBMIT) not in message
        incident.refresh_from_db()
        assert incident.status == Incident.Status.DRAFT

    def test_once_completed_it_is_submitted_with_the_evidence_of_the_draft(
        self, client, reporter, employee
    ):
        save_incomplete(client, employee, files=[screenshot("shot.png")])
        incident = Incident.objects.get()
        response = client.post(edit_url(incident), report_data(employee, button="submit"))
        assert response["Location"] == reverse("incidents:report_detail", args=[incident.pk])
        incident.refresh_from_db()
        assert incident.status == Incident.Status.SUBMITTED and incident.employee == employee
        assert incident.case.state == "reported"
        assert [e.original_name for e in incident.evidence.all()] == ["shot.png"]


class TestDeletingTheDraft:
    def test_its_author_deletes_it(self, client, reporter, employee):
        save_incomplete(client, employee, files=[screenshot("shot.png")])
        incident = Incident.objects.get()
        response = client.post(reverse("incidents:report_delete", args=[incident.pk]),
                               follow=True)
        assert response.redirect_chain[-1][0] == MY_REPORTS
        assert not Incident.objects.exists()
        assert "The draft was deleted." in messages_of(response)

    def test_the_edit_page_offers_it(self, client, reporter, employee):
        save_incomplete(client, employee)
        incident = Incident.objects.get()
        page = client.get(edit_url(incident)).content.decode()
        assert f'action="{reverse("incidents:report_delete", args=[incident.pk])}"' in page

    def test_another_manager_cannot(self, client, employee):
        incident = factories.IncidentFactory()
        client.force_login(factories.manager())
        response = client.post(reverse("incidents:report_delete", args=[incident.pk]))
        assert response.status_code == 404
        assert Incident.objects.filter(pk=incident.pk).exists()

    def test_a_submitted_report_is_kept(self, client, reporter, employee):
        client.post(CREATE, report_data(employee, button="submit"))
        incident = Incident.objects.get()
        response = client.post(reverse("incidents:report_delete", args=[incident.pk]),
                               follow=True)
        assert Incident.objects.filter(pk=incident.pk, status="submitted").exists()
        assert response.redirect_chain[-1][0] == reverse("incidents:report_detail",
                                                         args=[incident.pk])


class TestHrNeverSeesDrafts:
    """Two managers, two reports: one submitted, one a draft. The draft is absent everywhere HR
    looks."""

    @pytest.fixture
    def reports(self, client):
        first = factories.EmployeeFactory(first_name="Sofie", last_name="Submitted")
        second = factories.EmployeeFactory(first_name="Dirk", last_name="Drafted")
        for employee, button in ((first, "submit"), (second, "save")):
            client.force_login(factories.manager())
            client.post(CREATE, report_data(employee, button=button))
        submitted = Incident.objects.get(status="submitted")
        draft = Incident.objects.get(status="draft")
        client.force_login(factories.hr_lead(is_staff=True, is_superuser=True))
        return submitted, draft

    def test_the_case_list_and_home_page(self, client, reports):
        for url in ("/cases/", "/", "/cases/?state=reported"):
            page = client.get(url).content.decode()
            assert "Submitted" in page, url
            assert "Drafted" not in page, url

    def test_the_exports(self, client, reports):
        for url in ("/cases/export.csv", "/cases/export.xlsx"):
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert response.status_code == 200
            if url.endswith(".csv"):
                assert "Submitted" in body.decode("utf-8-sig") and "Drafted" not in body.decode(
                    "utf-8-sig")

    def test_the_statistics_count_one_report(self, reports):
        stats = YearStatistics(timezone.localdate().year, minimum=1)
        assert stats.cases.total().number == 1

    def test_the_admin_lists_only_the_submitted_report(self, client, reports):
        submitted, draft = reports
        page = client.get(reverse("admin:incidents_incident_changelist")).content.decode()
        assert "Submitted" in page and "Drafted" not in page
        change = reverse("admin:incidents_incident_change", args=[draft.pk])
        assert client.get(change).status_code == 302
