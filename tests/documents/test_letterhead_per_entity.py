"""Each employing entity writes on its own letterhead, set in the admin: logo, name, address,
contact and the place where its files can be inspected; settings.ORGANISATION is only the fallback
(findings L1, L8)."""

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from incidents.evidence import NOT_A_LOGO
from incidents.models import Body, Employee, Employer, EmployingEntity
from tests import factories
from tests.documents.conftest import HEARING_DAY, LATER_KNOWLEDGE, TODAY, at, flat, pdf_reader
from tests.documents.conftest import submitted_case
from workflows.documents.models import IssuedDocument
from workflows.documents.services import document_issue
from workflows.services import steps

pytestmark = pytest.mark.django_db
Kind = IssuedDocument.Kind
MUNICIPAL_PLACE = "personeelsdienst, Marktplein 1, 9999 Voorbeeld, op dinsdag van 9 tot 12 uur"
OCMW_PLACE = "sociaal huis, Kerkplein 4, 9999 Voorbeeld, op donderdag van 13 tot 16 uur"


def image_file(name: str, colour: str, image_format: str = "PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), colour).save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue())


def set_letterhead(employer: Employer, *, colour: str, place: str) -> None:
    employer.logo = image_file(f"logo-{colour}.png", colour)
    employer.inspection = place
    employer.full_clean()
    employer.save()


def convocation_for(employer: Employer, hr_user) -> IssuedDocument:
    employee = factories.EmployeeFactory(
        first_name="Joëlle", last_name="Van Den Brïel", address="Kerkstraat 1, 9000 Gent")
    Employee.objects.filter(pk=employee.pk).update(employer=employer)
    employee.refresh_from_db()
    case = steps.case_take_in_triage(case=submitted_case(employee=employee), user=hr_user)
    case = steps.case_open_dismissal(case=case, user=hr_user, knowledge_date=TODAY,
                                     reason=LATER_KNOWLEDGE)
    case = steps.case_convene_hearing(
        case=case, user=hr_user, scheduled_at=at(HEARING_DAY, 10), place="Zaal 2",
        facts_summary="Bericht op Facebook.", confirm_after_deadline=True)
    return document_issue(case=case, kind=Kind.CONVOCATION, user=hr_user,
                          delivery="registered_letter")


def logo_digests(document) -> list[str]:
    page = pdf_reader(document).pages[0]
    return [hashlib.sha256(image.image.tobytes()).hexdigest() for image in page.images]


@pytest.fixture
def two_entities(employers):
    municipality = employers[EmployingEntity.MUNICIPALITY]
    ocmw = employers[EmployingEntity.OCMW]
    set_letterhead(municipality, colour="red", place=MUNICIPAL_PLACE)
    set_letterhead(ocmw, colour="blue", place=OCMW_PLACE)
    return municipality, ocmw


def test_each_entity_letter_carries_its_own_logo_and_place_of_inspection(two_entities, hr_user):
    municipality, ocmw = two_entities
    municipal = convocation_for(municipality, hr_user)
    social = convocation_for(ocmw, hr_user)
    municipal_text = flat(pdf_reader(municipal).pages[0].extract_text())
    social_text = flat(" ".join(page.extract_text() for page in pdf_reader(social).pages))
    assert "Gemeente Voorbeeld" in municipal_text and "OCMW Voorbeeld" in social_text
    municipal_text = flat(" ".join(page.extract_text() for page in pdf_reader(municipal).pages))
    assert MUNICIPAL_PLACE in municipal_text and OCMW_PLACE not in municipal_text
    assert OCMW_PLACE in social_text and MUNICIPAL_PLACE not in social_text
    municipal_logo, social_logo = logo_digests(municipal), logo_digests(social)
    assert len(municipal_logo) == 1 and len(social_logo) == 1
    assert municipal_logo != social_logo


def test_without_a_logo_or_place_the_settings_are_the_fallback(employers, hr_user, settings):
    settings.ORGANISATION = {**settings.ORGANISATION,
                             "inspection": "stadhuis, loket 3, na afspraak"}
    letter = convocation_for(employers[EmployingEntity.MUNICIPALITY], hr_user)
    text = flat(" ".join(page.extract_text() for page in pdf_reader(letter).pages))
    assert "stadhuis, loket 3, na afspraak" in text
    assert logo_digests(letter) == []


class TestTheAdmin:
    def change_url(self, employer):
        return reverse("admin:incidents_employer_change", args=[employer.pk])

    def post(self, client, employer, logo):
        return client.post(self.change_url(employer), {
            "kind": employer.kind, "name": employer.name, "address": employer.address,
            "phone": "", "email": "", "website": "", "place": employer.place,
            "logo": logo, "inspection": OCMW_PLACE,
            "bodies-TOTAL_FORMS": "0", "bodies-INITIAL_FORMS": "0",
        })

    def test_an_administrator_sets_the_logo_and_the_place_of_inspection(self, admin_client,
                                                                          employers):
        ocmw = employers[EmployingEntity.OCMW]
        response = self.post(admin_client, ocmw, image_file("logo.jpg", "green", "JPEG"))
        assert response.status_code == 302
        ocmw.refresh_from_db()
        assert ocmw.inspection == OCMW_PLACE
        assert ocmw.logo.read(3) == b"\xff\xd8\xff"

    def test_a_logo_is_judged_by_its_content_not_its_name(self, admin_client, employers):
        ocmw = employers[EmployingEntity.OCMW]
        disguised = image_file("logo.png", "green", "GIF")
        response = self.post(admin_client, ocmw, disguised)
        assert response.status_code == 200
        assert str(NOT_A_LOGO % {"name": "logo.png"}) in response.content.decode()
        ocmw.refresh_from_db()
        assert not ocmw.logo and ocmw.inspection == ""


def letter_text(letter) -> str:
    return flat(" ".join(page.extract_text() for page in pdf_reader(letter).pages))


def test_a_school_letter_is_signed_by_name_for_its_governing_body_on_its_own_letterhead(
        employers, hr_user):
    school = employers[EmployingEntity.SCHOOL]
    letter = convocation_for(school, hr_user)
    assert school.name in flat(pdf_reader(letter).pages[0].extract_text())
    text = letter_text(letter)
    assert "Namens het college," in text
    assert "Anna Vermeulen" in text and "Jan De Clercq" in text
    assert "algemeen directeur" in text and "burgemeester" in text
    assert "Gemeente Voorbeeld" not in text


def test_the_signatories_an_administrator_names_sign_the_next_letter(admin_client, employers,
                                                                     hr_user):
    school = employers[EmployingEntity.SCHOOL]
    body = school.bodies.get(kind=Body.Kind.GOVERNING_BODY)
    signatories = list(body.signatories.order_by("order"))
    form = {"employer": body.employer_id, "kind": body.kind, "name": body.name,
            "on_behalf": body.on_behalf, "grade": body.grade,
            "signatories-TOTAL_FORMS": str(len(signatories)),
            "signatories-INITIAL_FORMS": str(len(signatories)),
            "signatories-MIN_NUM_FORMS": "0", "signatories-MAX_NUM_FORMS": "1000"}
    for index, signatory in enumerate(signatories):
        form.update({f"signatories-{index}-id": signatory.pk,
                     f"signatories-{index}-body": body.pk,
                     f"signatories-{index}-order": signatory.order,
                     f"signatories-{index}-name": signatory.name,
                     f"signatories-{index}-capacity": signatory.capacity})
    form["signatories-0-name"] = "Bram Claes"
    response = admin_client.post(reverse("admin:incidents_body_change", args=[body.pk]), form)
    assert response.status_code == 302
    text = letter_text(convocation_for(school, hr_user))
    assert "Bram Claes" in text and "Anna Vermeulen" not in text
