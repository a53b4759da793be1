"""An HR lead exports everything held about an employee (GDPR art. 15) as one ZIP; the export is
logged, refused to everyone else, and leaves out the cases the lead may not see."""

import hashlib
import io
import zipfile

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests import factories
from tests.retention.conftest import (
    DESCRIPTION,
    WITNESS,
    closed_without_follow_up,
    png_bytes,
    sha256,
    submitted_case,
)
from workflows.models import AccessLog
from workflows.retention.export import EXPORT_NOT_ALLOWED, INDEX_NAME, subject_access_export
from workflows.retention.models import SubjectAccessExport
from workflows.services.assignment import case_set_restricted

pytestmark = pytest.mark.django_db


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def export_url(employee) -> str:
    return reverse("retention:subject_access_export", args=[employee.personnel_number])


class TestSubjectAccessExport:
    def test_zip_holds_the_index_and_every_evidence_file_byte_for_byte(self, full_case, lead_user):
        employee = full_case.incident.employee
        files = unzip(subject_access_export(employee=employee, user=lead_user))

        index = files[INDEX_NAME].decode()
        for evidence in full_case.incident.evidence.exclude(file=""):
            path = f"{full_case.reference}/evidence/{evidence.pk}-{evidence.original_name}".replace(
                " ", "_")
            assert sha256(files[path]) == evidence.sha256
            assert path in index
        screenshot = next(p for p in files if p.endswith("scherm_afdruk.png"))
        assert files[screenshot] == png_bytes()

    def test_index_lists_the_report_the_case_and_its_whole_procedure(self, full_case, lead_user):
        employee = full_case.incident.employee
        index = unzip(subject_access_export(employee=employee, user=lead_user))[INDEX_NAME].decode()
        for expected in (employee.personnel_number, employee.last_name, full_case.reference,
                         DESCRIPTION, WITNESS, "Het bericht werd ook gedeeld.",
                         "Verweer gevoerd met raadsman.", "Ernstige schending art. 5.3",
                         "Beroepscommissie voor Tuchtzaken", "Onderzoek",
                         "Een preventieve schorsing is verantwoord.", "Review before handing over"):
            assert expected in index, expected

    @pytest.mark.skipif(not apps.is_installed("workflows.documents"),
                        reason="the documents app is not installed")
    def test_zip_holds_the_issued_documents_as_issued(self, full_case, lead_user):
        files = unzip(subject_access_export(employee=full_case.incident.employee, user=lead_user))
        document = apps.get_model("documents", "IssuedDocument").objects.get(case=full_case)
        pdf = files[f"{full_case.reference}/documents/{document.download_name}"]
        assert pdf.startswith(b"%PDF-") and sha256(pdf) == document.sha256

    def test_every_case_about_the_employee_and_only_theirs_is_exported(self, hr_user, lead_user):
        first = closed_without_follow_up(hr=hr_user)
        employee = first.incident.employee
        second = submitted_case(employee=employee)
        someone_else = submitted_case(employee=factories.EmployeeFactory())
        index = unzip(subject_access_export(employee=employee, user=lead_user))[INDEX_NAME].decode()
        assert first.reference in index and second.reference in index
        assert someone_else.reference not in index

    def test_a_plain_hr_officer_may_not_export(self, hr_user):
        case = closed_without_follow_up(hr=hr_user)
        with pytest.raises(PermissionDenied, match=str(EXPORT_NOT_ALLOWED)):
            subject_access_export(employee=case.incident.employee, user=hr_user)
        assert not SubjectAccessExport.objects.exists()
        assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()

    def test_the_export_is_logged_on_every_case_and_in_the_register(self, hr_user, lead_user):
        first = closed_without_follow_up(hr=hr_user)
        employee = first.incident.employee
        second = submitted_case(employee=employee)
        data = subject_access_export(employee=employee, user=lead_user)

        logged = AccessLog.objects.filter(action=AccessLog.Action.EXPORT, user=lead_user)
        assert set(logged.values_list("case", flat=True)) == {first.pk, second.pk}
        entry = SubjectAccessExport.objects.get()
        assert (entry.employee, entry.personnel_number, entry.user) == (
            employee, employee.personnel_number, lead_user)
        assert (entry.cases_included, entry.cases_withheld, entry.files_included) == (2, 0, 2)
        assert entry.sha256 == hashlib.sha256(data).hexdigest()

    def test_a_restricted_case_is_exported_only_by_someone_named_on_it(self, hr_user, lead_user):
        case = closed_without_follow_up(hr=hr_user)
        employee = case.incident.employee
        restricting_lead = factories.hr_lead(username="andere-lead")
        case_set_restricted(case=case, restricted=True, actor=restricting_lead,
                            reason="Dossier over een collega van HR")

        index = unzip(subject_access_export(employee=employee, user=lead_user))[INDEX_NAME].decode()
        assert case.reference not in index
        assert "1 case about this employee is not in this export." in index
        assert SubjectAccessExport.objects.get(user=lead_user).cases_withheld == 1

        index = unzip(subject_access_export(employee=employee, user=restricting_lead))[
            INDEX_NAME].decode()
        assert case.reference in index


class TestSubjectAccessExportView:
    def test_anonymous_visitors_are_sent_to_the_login_page(self, client, hr_user):
        case = closed_without_follow_up(hr=hr_user)
        response = client.get(export_url(case.incident.employee))
        assert response.status_code == 302 and reverse("login") in response.url

    def test_a_plain_hr_officer_is_refused(self, client, hr_user):
        case = closed_without_follow_up(hr=hr_user)
        client.force_login(hr_user)
        assert client.get(export_url(case.incident.employee)).status_code == 403
        assert client.post(export_url(case.incident.employee)).status_code == 403

    def test_an_unknown_employee_is_not_found(self, client, lead_user):
        client.force_login(lead_user)
        response = client.get(reverse("retention:subject_access_export", args=["P-UNKNOWN"]))
        assert response.status_code == 404

    def test_the_lead_confirms_what_will_be_exported_and_what_is_left_out(
            self, client, hr_user, lead_user):
        case = closed_without_follow_up(hr=hr_user)
        employee = case.incident.employee
        submitted_case(employee=employee)
        case_set_restricted(case=case, restricted=True, actor=factories.hr_lead(),
                            reason="Dossier over een collega van HR")
        client.force_login(lead_user)
        response = client.get(export_url(employee))
        assert response.status_code == 200
        assert "retention/export_confirm.html" in [t.name for t in response.templates]
        page = response.content.decode()
        assert "1 case will be exported." in page
        assert "1 case about this employee will be left out." in page
        assert not SubjectAccessExport.objects.exists(), "looking at the page exports nothing"

    def test_posting_downloads_the_zip(self, client, hr_user, lead_user):
        case = closed_without_follow_up(hr=hr_user)
        client.force_login(lead_user)
        response = client.post(export_url(case.incident.employee))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/zip"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Cache-Control"] == "no-store"
        assert INDEX_NAME in unzip(response.content)
        assert AccessLog.objects.get(action=AccessLog.Action.EXPORT).ip_address == "127.0.0.1"
