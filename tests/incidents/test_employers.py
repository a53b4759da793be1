"""Employing entities, their bodies and who signs a decision."""

import pytest

from incidents.models import Body, Employee, Employer, Signatory
from tests import factories
from workflows.models import Decision


def college_with_signatories():
    body = factories.BodyFactory()
    Signatory.objects.create(body=body, order=2, name="Jan De Clercq", capacity="burgemeester")
    Signatory.objects.create(body=body, order=1, name="Anna Vermeulen", capacity="algemeen directeur")
    return body


@pytest.mark.django_db
class TestSignatureBlock:
    def test_college_decision_is_signed_on_behalf_by_the_director_then_the_mayor(self):
        block = college_with_signatories().signature_block()
        assert block.on_behalf == "Namens het college"
        assert block.signatories == [("Anna Vermeulen", "algemeen directeur"),
                                     ("Jan De Clercq", "burgemeester")]

    def test_director_signs_own_decision_without_on_behalf_line(self):
        body = factories.BodyFactory(kind=Body.Kind.GENERAL_DIRECTOR, name="de algemeen directeur",
                                     on_behalf="")
        Signatory.objects.create(body=body, name="Anna Vermeulen", capacity="algemeen directeur")
        block = body.signature_block()
        assert (block.on_behalf, block.signatories) == ("", [("Anna Vermeulen", "algemeen directeur")])

    def test_decision_gives_the_signature_block_of_its_body(self):
        decision = Decision(kind="prosecute", reasons="x", authority="College",
                            body=college_with_signatories())
        assert decision.signature_block().on_behalf == "Namens het college"
        assert decision.signature_block().signatories[0] == ("Anna Vermeulen", "algemeen directeur")

    def test_decision_recorded_before_bodies_existed_names_its_authority(self):
        decision = Decision(kind="prosecute", reasons="x", authority="Het college")
        assert decision.signature_block().signatories == [("", "Het college")]

    def test_each_entity_has_its_own_bodies(self):
        ocmw = factories.EmployerFactory(name="OCMW Voorbeeld", kind="ocmw")
        factories.BodyFactory(employer=ocmw, kind=Body.Kind.STANDING_BUREAU, name="het vast bureau")
        college_with_signatories()
        assert list(ocmw.bodies.values_list("name", flat=True)) == ["het vast bureau"]


@pytest.mark.django_db
class TestEmployeeEmployer:
    def test_employee_without_employer_joins_the_entity_of_the_department_kind(self):
        school = factories.EmployerFactory(name="Basisschool De Regenboog", kind="school")
        employee = factories.EmployeeFactory(
            department=factories.DepartmentFactory(name="Basisschool", entity="school"))
        assert employee.employer == school

    def test_default_entity_is_created_when_none_of_that_kind_exists(self):
        employee = factories.EmployeeFactory(
            department=factories.DepartmentFactory(name="Sociale dienst", entity="ocmw"))
        assert employee.employer.kind == "ocmw"
        assert Employer.objects.filter(kind="ocmw").count() == 1
        assert Employee.objects.get(pk=employee.pk).employer_id == employee.employer_id
