"""The report form is light: required fields marked, the employee found by name, number or
department, provisions tagged with the kind of communication they cover."""

import re

import pytest

from incidents.models import Provision
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def form_html(client):
    factories.EmployeeFactory(first_name="Jan", last_name="Xavierssen", personnel_number="P01234")
    client.force_login(factories.manager())
    return client.get("/reports/new/").content.decode()


def test_required_fields_are_marked_and_optional_ones_are_not(form_html):
    assert re.search(r'<label for="id_employee" class="required">', form_html)
    assert re.search(r'<label for="id_description" class="required">', form_html)
    assert not re.search(r'<label for="id_facts_time" class="required">', form_html)
    assert "Fields marked * are required to submit" in form_html


def test_each_employee_option_names_the_department(form_html):
    option = re.search(r"<option value=\"\d+\">(Xavierssen Jan \(P01234\)[^<]*)</option>",
                       form_html).group(1)
    assert option.startswith("Xavierssen Jan (P01234) — ") and len(option) > 28


def test_each_provision_box_says_which_communication_it_covers(form_html):
    for provision in Provision.objects.filter(code_version__is_current=True)[:10]:
        assert re.search(rf'value="{provision.pk}"[^>]*data-applies="{provision.applies_to}"'
                         rf'|data-applies="{provision.applies_to}"[^>]*value="{provision.pk}"',
                         form_html), provision


def test_the_form_script_is_a_static_file_never_inline(form_html):
    assert re.search(r'<script src="/static/js/report-form\.js" defer></script>', form_html)
    assert "<script>" not in form_html


def test_department_names_never_nest_parentheses():
    department = factories.EmployeeFactory().department
    assert "((" not in str(department) and "))" not in str(department)
    assert str(department).count("(") <= 1


def test_my_reports_search_finds_my_report_by_personnel_number_and_never_anothers(client):
    mine = factories.IncidentFactory(
        employee=factories.EmployeeFactory(last_name="Xavierssen", personnel_number="P04321"))
    other_reporter = factories.manager()
    factories.IncidentFactory(
        reporter=other_reporter,
        employee=factories.EmployeeFactory(last_name="Xavierssen", personnel_number="P09999"))
    unrelated = factories.IncidentFactory(
        reporter=mine.reporter, employee=factories.EmployeeFactory(last_name="Zoete"))
    client.force_login(mine.reporter)
    html = client.get("/reports/", {"q": "P04321"}).content.decode()
    assert "Xavierssen" in html and "Zoete" not in html and "P09999" not in html
    html = client.get("/reports/", {"q": "xavier"}).content.decode()
    assert html.count("Xavierssen") == 1
    assert unrelated.employee.last_name in client.get("/reports/").content.decode()
