"""Cases built through the real services, and the rights this app defines.

The rights are granted here to the role groups the way core/roles.py will grant them once the lead
adds them there: HR leads export, set legal holds and change retention periods; legal sets holds.
"""

import datetime
import hashlib
import io
from datetime import time

import pytest

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.utils import timezone
from PIL import Image

from incidents.models import AccountKind, Communication, LegalStatus, Platform, Provision
from incidents.services import (
    addendum_add,
    evidence_add_file,
    evidence_add_url,
    incident_save_draft,
    incident_submit,
)
from tests import factories
from workflows.access import log_access
from workflows.models import AccessLog, Case, Hearing, NotificationMethod, Sanction
from workflows.retention.models import RetentionPolicy
from workflows.services import disciplinary, steps
from workflows.services.assignment import case_exclude_person
from workflows.services.reviews import opinion_file, review_request

TODAY = timezone.localdate()
WITNESS = "Pieter De Smet"
DESCRIPTION = "Zij deelde op Facebook een interne nota over de herstructurering van de dienst."

def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def png_bytes(colour=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def reload(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def submitted_case(*, employee=None, status=LegalStatus.CONTRACTUAL, screenshot=None) -> Case:
    """A report with a witness, a screenshot and a link, written and submitted by a manager."""
    reporter = factories.manager(first_name="Marleen", last_name="Peeters")
    employee = employee or factories.EmployeeFactory(
        status=status, first_name="Joëlle", last_name="Van Den Brïel")
    incident = incident_save_draft(
        reporter=reporter, provisions=list(Provision.objects.filter(article="5.3",
                                                                    applies_to="personal")[:1]),
        fields={
            "employee": employee, "facts_date": days_ago(30), "knowledge_date": days_ago(28),
            "platform": Platform.ONLINE_NETWORK, "platform_name": "Facebook",
            "account_kind": AccountKind.PRIVATE, "account_name": "joelle.vdb",
            "communication": Communication.PERSONAL, "description": DESCRIPTION,
            "content_urls": "https://www.facebook.com/joelle.vdb/posts/1", "still_online": True,
        },
        people=[{"name": WITNESS, "role": "witness", "details": "collega, dienst ICT"}],
    )
    upload = SimpleUploadedFile("scherm afdruk.png", screenshot or png_bytes(), "image/png")
    evidence_add_file(incident=incident, uploaded=upload, user=reporter, note="schermafdruk")
    evidence_add_url(incident=incident, url="https://www.facebook.com/joelle.vdb/posts/1",
                     captured_at=timezone.now(), user=reporter)
    incident_submit(incident=incident, user=reporter)
    incident.refresh_from_db()
    return incident.case


def closed_without_follow_up(*, hr, employee=None) -> Case:
    case = steps.case_take_in_triage(case=submitted_case(employee=employee), user=hr)
    return steps.case_close_without_follow_up(case=case, user=hr,
                                              reason="De feiten zijn niet bewezen.")


def _prepare_disciplinary(case, *, hr, lead, legal, decider) -> Case:
    incident = case.incident
    addendum_add(incident=incident, user=incident.reporter, text="Het bericht werd ook gedeeld.",
                 files=[SimpleUploadedFile("tweede.png", png_bytes((0, 90, 0)), "image/png")])
    case_exclude_person(case=case, user=factories.hr(), actor=lead, reason="Naaste collega")
    review_request(case=case, user=hr, reviewer=legal, question="Is een schorsing mogelijk?")
    opinion_file(case=case, user=legal, text="Een preventieve schorsing is verantwoord.")
    log_access(request=_request(hr), case=case, action=AccessLog.Action.VIEW_CASE,
               target=case.reference)
    case = steps.case_open_disciplinary(case=reload(case), user=hr, knowledge_date=days_ago(20),
                                        investigator=hr, reason="Pas later gemeld.")
    disciplinary.case_impose_preventive_suspension(
        case=reload(case), user=decider, starts_on=TODAY, heard_on=TODAY,
        ends_on=TODAY + datetime.timedelta(days=30), reason="Onderzoek")
    return reload(case)


def _run_disciplinary(case, *, hr, decider) -> Case:
    case = disciplinary.case_take_note_of_report(case=case, user=hr, noted_on=days_ago(10))
    case = disciplinary.case_decide_to_prosecute(case=reload(case), user=decider,
                                                 reason="Feiten bewezen",
                                                 body=factories.deciding_body(reload(case)))
    case = steps.case_convene_hearing(case=case, user=hr, scheduled_at=timezone.now(),
                                      place="Raadzaal", facts_summary="Interne nota gedeeld",
                                      summoned_on=TODAY - datetime.timedelta(days=14),
                                      confirm_unusual_time=True)
    case = steps.case_record_hearing(case=case, user=hr, outcome=Hearing.Outcome.HELD,
                                     start_time=time(10), end_time=time(11, 15),
                                     held_on=TODAY, minutes="Verweer gevoerd met raadsman.")
    case = factories.propose(reload(case), hr)
    case = disciplinary.case_decide_sanction(case=reload(case), user=decider,
                                             sanction=Sanction.REPRIMAND,
                                             reason="Ernstige schending art. 5.3",
                                             body=factories.deciding_body(reload(case)))
    return disciplinary.case_notify_decision(case=case, user=hr, sent_on=TODAY,
                                             method=NotificationMethod.REGISTERED_LETTER,
                                             received_on=TODAY)


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def full_procedure_case(*, hr, lead, legal, decider, employee=None) -> Case:
    """A statutory case taken through the whole disciplinary procedure and an appeal, so that it
    has a row in every table a case can fill, an issued PDF and two evidence files."""
    case = submitted_case(employee=employee, status=LegalStatus.STATUTORY)
    case = steps.case_take_in_triage(case=case, user=hr)
    case = _prepare_disciplinary(case, hr=hr, lead=lead, legal=legal, decider=decider)
    case = _run_disciplinary(case, hr=hr, decider=decider)
    if apps.is_installed("workflows.documents"):
        from workflows.documents.services import document_issue

        document_issue(case=reload(case), kind="disciplinary_decision", user=hr,
                       delivery="hand_delivered")
    case = disciplinary.case_lodge_appeal(case=reload(case), user=hr, lodged_on=TODAY)
    return disciplinary.case_record_appeal_outcome(
        case=case, user=hr, outcome="rejected", outcome_on=TODAY, reason="Beroep verworpen")


def first_purge_day(case: Case) -> datetime.date:
    """The day the case's retention period is over: the first day `apply_retention` purges it."""
    policy = RetentionPolicy.objects.get(outcome=case.outcome)
    return policy.ends_on(timezone.localdate(case.closed_at)) + datetime.timedelta(days=1)


@pytest.fixture
def lead_user(db):
    return factories.hr_lead(username="hrlead", first_name="Lotte", last_name="Janssens")


@pytest.fixture
def full_case(hr_user, lead_user, legal_user, decider_user):
    return full_procedure_case(hr=hr_user, lead=lead_user, legal=legal_user, decider=decider_user)


@pytest.fixture
def client():
    """A browser whose user chose English, so pages can be compared with the code's msgids."""
    return factories.english_client()
