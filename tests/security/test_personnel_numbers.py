"""F2: one rule for personnel numbers, at import, in the admin and in URLs, so that every employee's
case page and GDPR export link work; numbers stored before the rule are migrated or refused."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from incidents.importers import INVALID_NUMBER, LINE_ERROR, employees_import
from incidents.models import Employee
from incidents.models.staff import PERSONNEL_NUMBER_INVALID
from tests import factories

pytestmark = pytest.mark.django_db
HEADER = "personnel_number;last_name;first_name;department;entity;legal_status;status_since"
migration = importlib.import_module("incidents.migrations.0006_personnel_number_rule")


@pytest.mark.parametrize("number", ["12 34", "Ö123", "12/34", "a" * 31])
def test_the_import_refuses_a_number_that_could_not_appear_in_a_link(number):
    row = f"{number};Peeters;An;Dienst;municipality;statutory;01/03/2012"
    with pytest.raises(ValidationError) as refused:
        employees_import(rows_or_file=f"{HEADER}\n{row}".encode())
    assert len(refused.value.messages) == 1
    assert refused.value.messages[0].startswith("line 2: personnel")
    assert not Employee.objects.exists()


def test_the_import_message_names_the_number_and_the_rule():
    row = "12 34;Peeters;An;Dienst;municipality;statutory;01/03/2012"
    with pytest.raises(ValidationError) as refused:
        employees_import(rows_or_file=f"{HEADER}\n{row}".encode())
    reason = INVALID_NUMBER % {"value": "12 34", "rule": PERSONNEL_NUMBER_INVALID}
    assert refused.value.messages == [LINE_ERROR % {"line": 2, "reason": reason}]


@pytest.mark.parametrize("number", ["12 34", "Ö123", "12/34"])
def test_the_admin_refuses_the_same_numbers(client, number):
    employee = factories.EmployeeFactory()
    employee.personnel_number = number
    with pytest.raises(ValidationError) as refused:
        employee.full_clean()
    assert refused.value.message_dict["personnel_number"] == [str(PERSONNEL_NUMBER_INVALID)]


@pytest.mark.parametrize("number", ["P00012", "AB-12.3_x", "9" * 30])
def test_every_number_the_rule_accepts_has_a_subject_access_link(number):
    employee = factories.EmployeeFactory(personnel_number=number)
    employee.full_clean()
    url = reverse("retention:subject_access_export", args=[number])
    assert url.endswith(f"/{number}/export/")


def test_the_migration_rewrites_numbers_stored_before_the_rule():
    keep = factories.EmployeeFactory(personnel_number="P1")
    spaced, accented = factories.EmployeeFactory(), factories.EmployeeFactory()
    Employee.objects.filter(pk=spaced.pk).update(personnel_number="12 34/B")
    Employee.objects.filter(pk=accented.pk).update(personnel_number="Ö12")
    migration.apply_the_rule(apps, None)
    numbers = dict(Employee.objects.values_list("pk", "personnel_number"))
    assert numbers == {keep.pk: "P1", spaced.pk: "12-34-B", accented.pk: "O12"}


def test_the_migration_stops_and_names_numbers_it_cannot_correct():
    factories.EmployeeFactory(personnel_number="12-34")
    clash = factories.EmployeeFactory()
    Employee.objects.filter(pk=clash.pk).update(personnel_number="12 34")
    with pytest.raises(RuntimeError, match="“12 34” -> “12-34”"):
        migration.apply_the_rule(apps, None)
    assert Employee.objects.filter(personnel_number="12 34").exists()
