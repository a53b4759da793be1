"""F1: nobody can change who they are in the staff register. The employee↔user link of one's own
record cannot be changed by oneself (admin, import), and every change of that link is an event on
every case of that employee."""

import pytest
from django.urls import reverse

from incidents.importers import LINE_ERROR, employees_import
from incidents.models import Employee, LegalStatus
from incidents.services import OWN_RECORD_LINK, incident_save_draft, incident_submit
from tests import factories
from tests.security.conftest import current_provisions, report_fields
from workflows.integrity import chain_is_intact
from workflows.models import Case

pytestmark = pytest.mark.django_db
HEADER = ("personnel_number;last_name;first_name;department;entity;legal_status;status_since;"
          "job_title;left_on;username")


def case_about(employee) -> Case:
    reporter = factories.manager()
    incident = incident_save_draft(reporter=reporter, fields=report_fields(employee),
                                   provisions=current_provisions(), people=[])
    incident_submit(incident=incident, user=reporter)
    return Case.objects.get(incident=incident)


def change_form_data(employee: Employee, user) -> dict:
    period = employee.status_history.get()
    return {
        "personnel_number": employee.personnel_number, "first_name": employee.first_name,
        "last_name": employee.last_name, "department": employee.department_id,
        "job_title": employee.job_title, "address": employee.address,
        "user": user.pk if user else "", "left_on": "",
        "status_history-TOTAL_FORMS": "1", "status_history-INITIAL_FORMS": "1",
        "status_history-MIN_NUM_FORMS": "0", "status_history-MAX_NUM_FORMS": "1000",
        "status_history-0-id": period.pk, "status_history-0-employee": employee.pk,
        "status_history-0-legal_status": period.legal_status,
        "status_history-0-valid_from": period.valid_from.strftime("%d/%m/%Y"),
    }


def change_url(employee) -> str:
    return reverse("admin:incidents_employee_change", args=[employee.pk])


def test_an_hr_lead_cannot_unlink_their_own_record_in_the_admin_nor_then_read_their_case(client):
    lead = factories.hr_lead(is_staff=True)
    own = factories.EmployeeFactory(user=lead, status=LegalStatus.CONTRACTUAL)
    case = case_about(own)
    client.force_login(lead)
    response = client.post(change_url(own), change_form_data(own, None))
    assert response.status_code == 200
    assert str(OWN_RECORD_LINK) in response.content.decode()
    own.refresh_from_db()
    assert own.user == lead
    assert client.get(case.get_absolute_url()).status_code == 404
    assert not case.events.filter(kind="employee_link_changed").exists()


def test_an_hr_lead_cannot_link_their_own_account_to_another_record(client):
    lead = factories.hr_lead(is_staff=True)
    factories.EmployeeFactory(user=lead)
    other = factories.EmployeeFactory(status=LegalStatus.CONTRACTUAL)
    client.force_login(lead)
    response = client.post(change_url(other), change_form_data(other, lead))
    assert response.status_code == 200 and str(OWN_RECORD_LINK) in response.content.decode()
    other.refresh_from_db()
    assert other.user is None


def test_changing_someone_elses_link_is_an_event_on_every_case_of_that_employee(client):
    lead = factories.hr_lead(is_staff=True)
    old_account, new_account = factories.UserFactory(username="oud"), factories.UserFactory(
        username="nieuw")
    employee = factories.EmployeeFactory(user=old_account, status=LegalStatus.CONTRACTUAL)
    first, second = case_about(employee), case_about(employee)
    unrelated = case_about(factories.EmployeeFactory(status=LegalStatus.CONTRACTUAL))
    client.force_login(lead)
    response = client.post(change_url(employee), change_form_data(employee, new_account))
    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.user == new_account
    for case in (first, second):
        event = case.events.get(kind="employee_link_changed")
        assert event.actor == lead
        assert event.payload["from"] == "oud" and event.payload["to"] == "nieuw"
        assert chain_is_intact(case)
    assert not unrelated.events.filter(kind="employee_link_changed").exists()


def test_the_import_refuses_to_relink_the_importers_own_record():
    lead = factories.hr_lead()
    other_account = factories.UserFactory(username="iemand")
    own = factories.EmployeeFactory(user=lead, personnel_number="70001")
    row = f"70001;{own.last_name};{own.first_name};Dienst;municipality;contractual;01/01/2020;;;iemand"
    with pytest.raises(Exception) as refused:
        employees_import(rows_or_file=f"{HEADER}\n{row}".encode(), user=lead)
    assert LINE_ERROR % {"line": 2, "reason": OWN_RECORD_LINK} in refused.value.messages
    own.refresh_from_db()
    assert own.user == lead
    assert not Employee.objects.filter(user=other_account).exists()


def test_an_import_by_the_operator_that_relinks_records_the_event_on_the_cases():
    old_account, new_account = factories.UserFactory(username="oud"), factories.UserFactory(
        username="nieuw")
    employee = factories.EmployeeFactory(user=old_account, personnel_number="70002",
                                         status=LegalStatus.CONTRACTUAL)
    case = case_about(employee)
    row = (f"70002;{employee.last_name};{employee.first_name};Dienst Communicatie;municipality;"
           f"contractual;01/01/2020;;;nieuw")
    employees_import(rows_or_file=f"{HEADER}\n{row}".encode(), user=None)
    event = case.events.get(kind="employee_link_changed")
    assert event.actor is None and event.payload["to"] == "nieuw"


def test_deleting_the_linked_account_is_an_event_on_every_case_of_that_employee():
    account = factories.UserFactory(username="vertrokken")
    employee = factories.EmployeeFactory(user=account, status=LegalStatus.CONTRACTUAL)
    first, second = case_about(employee), case_about(employee)
    unrelated = case_about(factories.EmployeeFactory(status=LegalStatus.CONTRACTUAL))
    account.delete()
    employee.refresh_from_db()
    assert employee.user is None
    for case in (first, second):
        event = case.events.get(kind="employee_link_changed")
        assert event.payload["from"] == "vertrokken" and event.payload["to"] == ""
        assert event.payload["account_deleted"] is True
        assert chain_is_intact(case)
    assert not unrelated.events.filter(kind="employee_link_changed").exists()
