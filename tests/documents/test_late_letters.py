"""No document claims a step was in time unless its dates prove it (legal review, defect 1).

Each letter is rendered on a late case and read back from the PDF."""

from datetime import time

import pytest
from django.core.exceptions import ValidationError

from tests import factories
from tests.documents.conftest import (
    LATER_KNOWLEDGE,
    LETTER_DELIVERY,
    TODAY,
    at,
    days_ago,
    flat,
    pdf_text,
    submitted_case,
)
from workflows.documents.builders import LETTERS
from workflows.documents.models import IssuedDocument
from workflows.documents.selectors import documents_available
from workflows.documents.services import document_issue
from workflows.models import Case
from workflows.services import disciplinary, steps
from workflows.services.assignment import case_add_co_handler
from workflows.services.deadlines import deadline_proceed_late

pytestmark = pytest.mark.django_db
Kind = IssuedDocument.Kind
IN_TIME_CLAIM = "binnen de wettelijke termijn"
LATE_DISMISSAL = "Een ontslag na de termijn van drie werkdagen is geen ontslag om dringende reden"


def text_of(case, kind, user) -> str:
    delivery = LETTER_DELIVERY if kind in LETTERS else ""
    return flat(pdf_text(document_issue(case=case, kind=kind, user=user, delivery=delivery)))


def reload(case):
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def lead(db):
    return factories.hr_lead(username="hrlead", first_name="Sara", last_name="Peeters")


@pytest.fixture
def late_dismissal_decided(db, hr_user, decider_user, lead):
    """Knowledge ten days ago, hearing the same day, decision today after "proceed although late"."""
    case = steps.case_take_in_triage(case=submitted_case(), user=hr_user)
    case = steps.case_open_dismissal(case=case, user=hr_user, knowledge_date=days_ago(10),
                                     reason=LATER_KNOWLEDGE)
    case = steps.case_convene_hearing(case=case, user=hr_user, scheduled_at=at(days_ago(10), 10),
                                      summoned_on=days_ago(17),
                                      place="Zaal 2", facts_summary="Bericht op Facebook.",
                                      confirm_unusual_time=True)
    case = steps.case_record_hearing(case=case, user=hr_user, outcome="held",
                                     start_time=time(10), end_time=time(11, 15),
                                     held_on=days_ago(10), minutes="Het personeelslid erkent.")
    deadline_proceed_late(deadline=case.deadlines.get(code="dismissal"), user=lead,
                          justification="Het bestuur betwist de laattijdigheid niet maar gaat door.")
    return steps.case_decide_dismissal(case=reload(case), user=decider_user,
                                       body=factories.deciding_body(reload(case)),
                                       reason="Zware fout.")


class TestLateDismissal:
    def test_dismissal_letter_before_notification_says_late_with_the_consequence(
            self, late_dismissal_decided, hr_user):
        text = text_of(late_dismissal_decided, Kind.DISMISSAL_LETTER, hr_user)
        assert IN_TIME_CLAIM not in text
        assert "Dit ontslag wordt gegeven na het verstrijken van de wettelijke termijn" in text
        assert LATE_DISMISSAL in text
        assert "zonder opzeggingstermijn en zonder opzeggingsvergoeding" not in text

    def test_every_document_after_a_late_dismissal_says_so_and_none_claims_timeliness(
            self, late_dismissal_decided, hr_user):
        case = steps.case_notify_dismissal(case=late_dismissal_decided, user=hr_user,
                                           method="registered_letter", sent_on=TODAY)
        case = steps.case_notify_reason(case=reload(case), user=hr_user,
                                        method="registered_letter", sent_on=TODAY)
        assert case.deadlines.get(code="dismissal").state == "late"
        # The convocation of a hearing already held cannot be drawn up any more (it would reach
        # the employee after the hearing); every other document can.
        with pytest.raises(ValidationError):
            text_of(case, Kind.CONVOCATION, hr_user)
        # The case file first, so that it does not embed the letters issued below.
        kinds = [Kind.CASE_FILE] + [k for k in documents_available(case)
                                    if k not in (Kind.CASE_FILE, Kind.CONVOCATION)]
        texts = {kind: text_of(case, kind, hr_user) for kind in kinds}
        assert {Kind.DISMISSAL_LETTER, Kind.REASON_NOTICE, Kind.HEARING_MINUTES,
                Kind.CASE_FILE} <= set(texts)
        # The reason notice was itself in time (its own 3 days): the only claim the dates prove.
        reason_notice = texts.pop(Kind.REASON_NOTICE)
        assert reason_notice.count(IN_TIME_CLAIM) == 1
        assert f"Deze kennisgeving gebeurt {IN_TIME_CLAIM}: kennisgeving van de dringende" in \
            reason_notice
        assert "Het ontslag werd gegeven na het verstrijken van de wettelijke termijn" in \
            reason_notice
        for kind, text in texts.items():
            assert IN_TIME_CLAIM not in text, kind
        assert LATE_DISMISSAL in texts[Kind.DISMISSAL_LETTER]
        assert "laattijdig" in texts[Kind.CASE_FILE]
        assert "Ondanks laattijdigheid toegestaan door Sara Peeters" in texts[Kind.CASE_FILE]

    def test_reason_notified_late_says_so_in_its_own_letter(self, late_dismissal_decided,
                                                            hr_user, lead):
        case = steps.case_notify_dismissal(case=late_dismissal_decided, user=hr_user,
                                           method="registered_letter", sent_on=days_ago(8))
        deadline_proceed_late(deadline=case.deadlines.get(code="reason_notice"), user=lead,
                              justification="Aangetekende zending kwam terug; opnieuw verstuurd.")
        case = steps.case_notify_reason(case=reload(case), user=hr_user,
                                        method="registered_letter", sent_on=TODAY)
        text = text_of(case, Kind.REASON_NOTICE, hr_user)
        assert IN_TIME_CLAIM not in text
        assert "Deze kennisgeving gebeurt na het verstrijken van de wettelijke termijn" in text
        assert "maakt het ontslag om dringende reden onregelmatig" in text


class TestInTimeDismissal:
    def test_the_claim_is_only_made_once_the_dismissal_was_given_in_time(
            self, heard_dismissal_case, hr_user, decider_user):
        case = steps.case_decide_dismissal(case=heard_dismissal_case, user=decider_user,
                                           body=factories.deciding_body(heard_dismissal_case),
                                           reason="Zware fout.")
        before = text_of(case, Kind.DISMISSAL_LETTER, hr_user)
        assert IN_TIME_CLAIM not in before
        assert "De wettelijke termijn: ontslag om dringende reden uiterlijk op" in before
        case = steps.case_notify_dismissal(case=case, user=hr_user, method="registered_letter",
                                           sent_on=TODAY)
        assert f"Dit ontslag wordt gegeven {IN_TIME_CLAIM}" in text_of(
            case, Kind.DISMISSAL_LETTER, hr_user)


class TestLateDisciplinaryDecision:
    def test_decision_after_the_time_to_decide_says_it_is_late(self, prosecuted_case, hr_user,
                                                               decider_user, lead):
        case = steps.case_convene_hearing(
            case=prosecuted_case, user=hr_user, scheduled_at=at(days_ago(75), 10),
            place="Raadzaal", facts_summary="Feiten.", summoned_on=days_ago(90),
            confirm_unusual_time=True)
        case = steps.case_record_hearing(case=case, user=hr_user, outcome="held",
                                         start_time=time(10), end_time=time(11, 15),
                                         held_on=days_ago(75), minutes="Verweer gevoerd.")
        deadline = case.deadlines.get(code="decision_after_hearing")
        assert deadline.state == "overdue"
        deadline_proceed_late(deadline=deadline, user=lead, justification="Raad pas nu samen.")
        case = factories.propose(reload(case), hr_user)
        case = disciplinary.case_decide_sanction(case=reload(case), user=decider_user,
                                                 sanction="blaam", reason="Herhaald.",
                                                 body=factories.deciding_body(reload(case)))
        text = text_of(case, Kind.DISCIPLINARY_DECISION, hr_user)
        assert IN_TIME_CLAIM not in text
        assert "Deze beslissing wordt genomen na het verstrijken van de wettelijke termijn" in text


class TestHearingThatDidNotTakePlace:
    def test_minutes_of_a_no_show_do_not_say_the_employee_was_heard(self, prosecuted_case,
                                                                    hr_user):
        case = steps.case_convene_hearing(
            case=prosecuted_case, user=hr_user, scheduled_at=at(days_ago(3), 10),
            place="Raadzaal", facts_summary="Feiten.", summoned_on=days_ago(20))
        case = steps.case_record_hearing(
            case=case, user=hr_user, outcome="did_not_appear", held_on=days_ago(3),
            outcome_reason="Aangetekend opgeroepen; niet verschenen, geen bericht.")
        text = text_of(case, Kind.HEARING_MINUTES, hr_user)
        assert "verscheen niet, hoewel het regelmatig werd opgeroepen" in text
        assert "Gehoord personeelslid" not in text
        assert "Bij het begin van het verhoor werd het personeelslid gewezen" not in text
