"""The preventive suspension letter states its pay terms and their legal basis (rulebook)."""

import pytest

from tests.documents.conftest import days_ago, flat, pdf_text
from workflows.defence import proceedings
from workflows.defence.models import CriminalProceeding
from workflows.documents.models import IssuedDocument
from workflows.documents.services import document_issue
from workflows.services import disciplinary

pytestmark = pytest.mark.django_db


def suspension_letter(case, hr, decider, percent):
    disciplinary.case_impose_preventive_suspension(
        case=case, user=decider, starts_on=days_ago(-2), ends_on=days_ago(-40),
        reason="Rust op de dienst.", heard_on=days_ago(1), salary_reduction_percent=percent)
    document = document_issue(case=case, kind=IssuedDocument.Kind.PREVENTIVE_SUSPENSION, user=hr,
                              delivery="registered_letter")
    return flat(pdf_text(document))


def test_the_letter_states_the_reduction_its_bound_and_its_legal_basis(
        prosecuted_case, hr_user, decider_user):
    proceedings.criminal_proceeding_record(
        case=prosecuted_case, user=hr_user, body=CriminalProceeding.Body.PROSECUTOR,
        reference="AN.12.34.5678/26", known_on=days_ago(5))
    text = suspension_letter(prosecuted_case, hr_user, decider_user, 15)
    assert "met inhouding van 15% van het nettosalaris" in text
    assert "een inhouding van ten hoogste 20% van het nettosalaris, enkel wanneer de feiten ook " \
           "het voorwerp zijn van een strafrechtelijke vervolging" in text
    assert "art. 209 Decreet Lokaal Bestuur 22 december 2017; grens van een vijfde" in text
    assert "Te bevestigen door de juridische dienst: de regeling van het salaris" in text
    assert "vervalt van rechtswege zodra haar termijn verstreken is" in text


def test_the_letter_without_reduction_says_the_pay_is_kept(prosecuted_case, hr_user,
                                                           decider_user):
    text = suspension_letter(prosecuted_case, hr_user, decider_user, 0)
    assert "met behoud van salaris" in text
    assert "inhouding van 0%" not in text
