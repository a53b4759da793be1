import datetime
from datetime import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests import factories
from tests.incidents.test_evidence import PDF, png_bytes
from tests.workflows.conftest import submitted_case
from incidents.models import LegalStatus
from workflows.defence.models import HoldBasis
from workflows.models import Case, Hearing, NotificationMethod
from workflows.services import disciplinary, steps
from workflows.states import Regime

TODAY = timezone.localdate


def pdf_upload(name="verweer.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png_upload(name="ontvangstbewijs.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def reload(case):
    return Case.objects.get(pk=case.pk)


def run_to_hearing(case, hr, decider):
    case = steps.case_open_disciplinary(case=case, user=hr, knowledge_date=TODAY(),
                                        investigator=factories.legal(),
                                        reason="De melding bereikte de tuchtoverheid later.")
    case = disciplinary.case_take_note_of_report(case=case, user=hr, noted_on=TODAY())
    case = disciplinary.case_decide_to_prosecute(case=reload(case), user=decider,
                                                 reason="Feiten bewezen",
                                                 body=factories.deciding_body(reload(case)))
    case = steps.case_convene_hearing(case=case, user=hr, scheduled_at=timezone.now(),
                                      place="Raadzaal", facts_summary="Vertrouwelijke info gedeeld",
                                      summoned_on=TODAY() - datetime.timedelta(days=14),
                                      confirm_unusual_time=True)
    return steps.case_record_hearing(case=case, user=hr, outcome=Hearing.Outcome.HELD,
                                     start_time=time(10), end_time=time(11, 15),
                                     held_on=TODAY(), minutes="Verweer gevoerd.")


@pytest.fixture
def heard_case(db, hr_user, decider_user):
    case = submitted_case(status=LegalStatus.STATUTORY, facts=TODAY() - datetime.timedelta(days=3),
                          knowledge=TODAY() - datetime.timedelta(days=2))
    case = steps.case_take_in_triage(case=case, user=hr_user)
    return run_to_hearing(case, hr_user, decider_user)


def sanction_and_notify(case, hr, decider, *, sanction, method=NotificationMethod.REGISTERED_LETTER,
                        sent_on=None, **extra):
    case = factories.propose(reload(case), hr)
    case = disciplinary.case_decide_sanction(case=case, user=decider, sanction=sanction,
                                             reason="Ernstige fout",
                                             body=factories.deciding_body(case), **extra)
    return disciplinary.case_notify_decision(case=case, user=hr, method=method,
                                             sent_on=sent_on or TODAY(), received_on=TODAY())


def hold_basis(case):
    """The rulebook's legal basis for a hold in the case's regime (statutory when not chosen yet)."""
    return HoldBasis.objects.filter(code="criminal_case_same_facts",
                                    regime=case.regime or Regime.LOCAL_GOVERNMENT).first()
