"""Cases built through the real services, at dates relative to today (so the legal deadlines that
the steps check are always still open), and helpers to read issued PDFs back."""

import datetime
import io
from datetime import time
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from core.demo_employers import demo_employers
from incidents.models import AccountKind, Communication, LegalStatus, Platform, Provision
from incidents.services import (
    evidence_add_file,
    evidence_add_url,
    incident_save_draft,
    incident_submit,
)
from tests import factories
from workflows.deadlines import is_working_day
from workflows.models import Remedy
from workflows.services import disciplinary, steps
from workflows.services.assignment import case_add_co_handler
from workflows.services.reviews import opinion_file, review_request

BRUSSELS = ZoneInfo("Europe/Brussels")
TODAY = timezone.localdate()
DUTCH_TEXT = (
    "Zij schreef „de schepen is naïef” en vroeg € 50 voor de foto’s van het café; "
    "ĳverig gedeeld."
)
LATER_KNOWLEDGE = "De algemeen directeur kreeg het verslag van de leidinggevende pas later."
MARKUP_TEXT = "<b>x</b><script>alert(1)</script> & co"
# Letters name their delivery; the employees of these cases have a postal address.
LETTER_DELIVERY = "registered_letter"


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=BRUSSELS)


def weekday_ahead(days: int) -> datetime.date:
    """A working weekday at least `days` ahead: a hearing the convocation can still precede."""
    day = TODAY + datetime.timedelta(days=days)
    while day.weekday() >= 5 or not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


HEARING_DAY = weekday_ahead(12)


def png_upload(name: str = "screenshot.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def submitted_case(*, status=LegalStatus.CONTRACTUAL, description=DUTCH_TEXT, employee=None,
                   facts=None, knowledge=None):
    """A report written and submitted by a manager, with people and evidence; returns its case."""
    reporter = factories.manager(first_name="Marleen", last_name="Peeters")
    employee = employee or factories.EmployeeFactory(
        status=status, first_name="Joëlle", last_name="Van Den Brïel", job_title="Deskundige",
        address="Kerkstraat 1, 9000 Gent", form_of_address="mevrouw")
    provisions = list(Provision.objects.filter(article="5.3", applies_to="personal")[:2])
    incident = incident_save_draft(
        reporter=reporter, provisions=provisions,
        fields={
            "employee": employee, "facts_date": facts or days_ago(30),
            "facts_time": datetime.time(21, 15), "knowledge_date": knowledge or days_ago(28),
            "platform": Platform.ONLINE_NETWORK, "platform_name": "Facebook",
            "account_kind": AccountKind.PRIVATE, "account_name": "joelle.vdb",
            "communication": Communication.PERSONAL, "description": description,
            "content_urls": "https://www.facebook.com/joelle.vdb/posts/1", "still_online": True,
        },
        people=[{"name": "Pieter De Smet", "role": "witness", "details": "collega, dienst ICT"}],
    )
    evidence_add_file(incident=incident, uploaded=png_upload(), user=reporter, note="schermafdruk")
    evidence_add_url(incident=incident, url="https://www.facebook.com/joelle.vdb/posts/1",
                     captured_at=at(days_ago(28), 9), user=reporter)
    incident_submit(incident=incident, user=reporter)
    incident.refresh_from_db()
    return incident.case


@pytest.fixture(autouse=True)
def employers(db):
    """The municipality, its OCMW and a school with their bodies and named signatories; the
    employees created afterwards belong to the first entity of their department's kind."""
    return demo_employers()


@pytest.fixture
def remedies_confirmed(db):
    """The legal service confirmed the remedies of the rulebook (the seed marks them to confirm)."""
    Remedy.objects.update(to_be_confirmed=False)


@pytest.fixture
def triaged_case(db, hr_user):
    return steps.case_take_in_triage(case=submitted_case(), user=hr_user)


@pytest.fixture
def heard_dismissal_case(triaged_case, hr_user):
    """Dismissal track: knowledge two days ago, hearing yesterday that gave certain knowledge."""
    case = steps.case_open_dismissal(case=triaged_case, user=hr_user, knowledge_date=days_ago(2),
                                     reason=LATER_KNOWLEDGE)
    case = steps.case_convene_hearing(
        summoned_on=days_ago(8),
        case=case, user=hr_user, scheduled_at=at(days_ago(1), 10), place="Gemeentehuis, zaal 2",
        facts_summary=f"Bericht op Facebook. {DUTCH_TEXT}", confirm_unusual_time=True)
    lead = factories.hr_lead(username="hrlead", first_name="Sara", last_name="Peeters")
    case_add_co_handler(case=case, user=lead, actor=lead)
    return steps.case_record_hearing(
        case=case, user=lead, outcome="held", held_on=days_ago(1),
        start_time=time(10), end_time=time(11, 15),
        attendees="Joëlle Van Den Brïel\nHanne Claes (personeelsdienst)",
        minutes=f"Het personeelslid verklaart: {DUTCH_TEXT}", gave_certain_knowledge=True,
        knowledge_justification="Pas op het verhoor gaf het personeelslid toe het bericht te "
                                "hebben geplaatst.")


@pytest.fixture
def convened_dismissal_case(triaged_case, hr_user):
    """Dismissal track with a hearing ahead, at 10.00 on a weekday: the convocation can go out.
    The hearing falls after the three working days; HR confirms it will give certain knowledge."""
    case = steps.case_open_dismissal(case=triaged_case, user=hr_user, knowledge_date=TODAY,
                                     reason=LATER_KNOWLEDGE)
    return steps.case_convene_hearing(
        case=case, user=hr_user, scheduled_at=at(HEARING_DAY, 10), place="Gemeentehuis, zaal 2",
        facts_summary=f"Bericht op Facebook. {DUTCH_TEXT}", confirm_after_deadline=True)


@pytest.fixture
def dismissed_case(heard_dismissal_case, hr_user, decider_user):
    case = steps.case_decide_dismissal(
        case=heard_dismissal_case, user=decider_user,
        body=factories.deciding_body(heard_dismissal_case),
        reason="Verspreiding van vertrouwelijke informatie ondanks eerdere waarschuwing.")
    return steps.case_notify_dismissal(case=case, user=hr_user, method="registered_letter",
                                       sent_on=TODAY)


@pytest.fixture
def prosecuted_case(db, hr_user, decider_user):
    case = steps.case_take_in_triage(case=submitted_case(status=LegalStatus.STATUTORY),
                                     user=hr_user)
    case = steps.case_open_disciplinary(case=case, user=hr_user, knowledge_date=days_ago(20),
                                        investigator=hr_user, reason=LATER_KNOWLEDGE)
    case = disciplinary.case_take_note_of_report(case=case, user=hr_user, noted_on=days_ago(10))
    return disciplinary.case_decide_to_prosecute(
        case=case, user=decider_user, body=factories.deciding_body(case),
        reason="Het onderzoeksverslag bevestigt de feiten.")


@pytest.fixture
def not_prosecuted_case(db, hr_user, decider_user):
    case = steps.case_take_in_triage(case=submitted_case(status=LegalStatus.STATUTORY),
                                     user=hr_user)
    case = steps.case_open_disciplinary(case=case, user=hr_user, knowledge_date=days_ago(20),
                                        investigator=hr_user, reason=LATER_KNOWLEDGE)
    case = disciplinary.case_take_note_of_report(case=case, user=hr_user, noted_on=days_ago(10))
    return disciplinary.case_decide_not_to_prosecute(
        case=case, user=decider_user, body=factories.deciding_body(case),
        reason="Het onderzoek kon niet aantonen dat het personeelslid het bericht plaatste.")


@pytest.fixture
def sanctioned_case(prosecuted_case, hr_user, decider_user):
    case = steps.case_convene_hearing(
        case=prosecuted_case, user=hr_user, scheduled_at=at(days_ago(3), 14, 30),
        place="Gemeentehuis, raadzaal", facts_summary="Vertrouwelijke informatie gedeeld.",
        summoned_on=days_ago(14), confirm_unusual_time=True)
    case = steps.case_record_hearing(case=case, user=hr_user, outcome="held", held_on=days_ago(3),
                                     start_time=time(10), end_time=time(11, 15),
                                     minutes="Het personeelslid erkent de feiten.")
    case = factories.propose(case, hr_user)
    return disciplinary.case_decide_sanction(
        case=case, user=decider_user, sanction="schorsing", duration_months=2,
        body=factories.deciding_body(case),
        reason="De feiten zijn ernstig en werden herhaald.")


@pytest.fixture
def closed_case(triaged_case, hr_user):
    return steps.case_close_without_follow_up(
        case=triaged_case, user=hr_user, reason="De feiten zijn niet bewezen.")


@pytest.fixture
def reviewed_case(dismissed_case, hr_user, legal_user):
    review_request(case=dismissed_case, user=hr_user, reviewer=legal_user,
                   question="Is de termijn van artikel 35 nageleefd?")
    opinion_file(case=dismissed_case, user=legal_user,
                 text="De termijn van drie werkdagen is nageleefd.")
    return dismissed_case


def pdf_reader(document) -> PdfReader:
    with document.file.open("rb") as handle:
        return PdfReader(io.BytesIO(handle.read()))


def pdf_text(document) -> str:
    return "\n".join(page.extract_text() for page in pdf_reader(document).pages)


def flat(text: str) -> str:
    """Extracted text with line breaks joined, for phrases that may wrap."""
    return " ".join(text.split())
