"""The disciplinary procedure (Decreet Lokaal Bestuur; decree of 27 March 1991 for education)."""

import datetime
from datetime import time
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from incidents.models import LegalStatus
from tests import factories
from tests.workflows.conftest import submitted_case
from workflows.models import Appeal, Case, Hearing, NotificationMethod, Sanction
from workflows.services import disciplinary, errors, steps
from workflows.competence import SANCTION_NOT_IN_CATALOGUE
from workflows.services.disciplinary import FRACTION_TOO_HIGH, RECEIPT_REQUIRED
from workflows.states import CaseState

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def reload(case):
    return Case.objects.get(pk=case.pk)


def heard(case, hr, decider, *, noted_on=None):
    """Investigated, prosecuted and heard."""
    investigator = factories.legal()
    case = steps.case_open_disciplinary(case=case, user=hr, knowledge_date=TODAY(),
                                        investigator=investigator,
                                        reason="The report reached the authority only today.")
    case = disciplinary.case_take_note_of_report(case=case, user=hr, noted_on=noted_on or TODAY())
    case = disciplinary.case_decide_to_prosecute(case=reload(case), user=decider,
                                                 reason="Feiten bewezen",
                                                 body=factories.deciding_body(reload(case)))
    case = steps.case_convene_hearing(case=case, user=hr, scheduled_at=timezone.now(),
                                      place="Raadzaal", facts_summary="Logo in privéprofiel",
                                      summoned_on=TODAY() - datetime.timedelta(days=14),
                                      confirm_unusual_time=True)
    case = steps.case_record_hearing(case=case, user=hr, outcome=Hearing.Outcome.HELD,
                                     start_time=time(10), end_time=time(11, 15),
                                     held_on=TODAY(), minutes="Verweer gevoerd met raadsman.")
    return case


def proposed(case, hr, decider, *, noted_on=None):
    """Heard, and the line manager's sanction proposal recorded."""
    return factories.propose(heard(case, hr, decider, noted_on=noted_on), hr)


class TestFullPath:
    def test_sanction_notified_appealed_and_annulled(self, statutory_case, hr_user, decider_user):
        case = proposed(statutory_case, hr_user, decider_user)
        case = disciplinary.case_decide_sanction(
            case=reload(case), user=decider_user, sanction=Sanction.REPRIMAND,
            reason="Ernstige schending art. 5.3", body=factories.deciding_body(reload(case)))
        case = disciplinary.case_notify_decision(
            case=case, user=hr_user, method=NotificationMethod.REGISTERED_LETTER,
            sent_on=TODAY(), received_on=TODAY())
        assert case.state == CaseState.APPEAL_WINDOW
        appeal_deadline = case.deadlines.get(code="appeal")
        assert appeal_deadline.due_date == TODAY() + datetime.timedelta(days=30)
        case = disciplinary.case_lodge_appeal(case=reload(case), user=hr_user, lodged_on=TODAY())
        assert case.appeals.get().body == "Beroepscommissie voor Tuchtzaken"
        case = disciplinary.case_record_appeal_outcome(
            case=case, user=hr_user, outcome=Appeal.Outcome.ANNULLED, outcome_on=TODAY(),
            reason="Sanctie vernietigd")
        assert case.state == CaseState.CLOSED
        assert case.outcome == Case.Outcome.SANCTION_ANNULLED

    def test_no_sanction_closes_the_case_when_notified(self, statutory_case, hr_user, decider_user):
        case = proposed(statutory_case, hr_user, decider_user)
        case = disciplinary.case_decide_sanction(case=reload(case), user=decider_user, sanction="",
                                                 reason="Geen fout",
                                                 body=factories.deciding_body(reload(case)))
        case = disciplinary.case_notify_decision(case=case, user=hr_user, sent_on=TODAY(),
                                                 method=NotificationMethod.REGISTERED_LETTER,
                                                 received_on=None)
        assert case.state == CaseState.CLOSED and case.outcome == Case.Outcome.NO_SANCTION

    def test_decision_not_to_prosecute_closes_the_case(self, statutory_case, hr_user, decider_user):
        case = steps.case_open_disciplinary(case=statutory_case, user=hr_user,
                                            knowledge_date=TODAY(), investigator=factories.legal())
        case = disciplinary.case_take_note_of_report(case=case, user=hr_user, noted_on=TODAY())
        case = disciplinary.case_decide_not_to_prosecute(case=reload(case), user=decider_user,
                                                         reason="Onvoldoende bewijs",
                                                         body=factories.deciding_body(reload(case)))
        assert case.state == CaseState.CLOSED and case.outcome == Case.Outcome.NOT_PROSECUTED
        assert case.deadlines.get(code="prosecution_decision").state == "met"

    def test_education_case_appeals_to_the_kamer_van_beroep(self, hr_user, decider_user):
        case = steps.case_take_in_triage(case=submitted_case(status=LegalStatus.EDUCATION_PERMANENT),
                                         user=hr_user)
        case = proposed(case, hr_user, decider_user)
        assert case.regime == "education"
        case = disciplinary.case_decide_sanction(
            case=reload(case), user=decider_user, sanction=Sanction.SUSPENSION, duration_months=2,
            reason="Herhaalde schending", body=factories.deciding_body(reload(case)))
        case = disciplinary.case_notify_decision(case=case, user=hr_user, sent_on=TODAY(),
                                                 method=NotificationMethod.REGISTERED_LETTER,
                                                 received_on=TODAY())
        case = disciplinary.case_lodge_appeal(case=reload(case), user=hr_user, lodged_on=TODAY())
        assert "Kamer van beroep" in case.appeals.get().body

    def test_window_can_only_be_closed_once_the_appeal_period_is_over(
            self, statutory_case, hr_user, decider_user):
        case = proposed(statutory_case, hr_user, decider_user)
        case = disciplinary.case_decide_sanction(case=reload(case), user=decider_user,
                                                 sanction=Sanction.REPRIMAND, reason="x",
                                                 body=factories.deciding_body(reload(case)))
        case = disciplinary.case_notify_decision(case=case, user=hr_user, sent_on=TODAY(),
                                                 method=NotificationMethod.REGISTERED_LETTER,
                                                 received_on=TODAY())
        with pytest.raises(errors.WorkflowError, match="appeal period has not ended"):
            disciplinary.case_close_after_appeal_period(case=reload(case), user=hr_user,
                                                        reason="Geen beroep")


class TestRefusals:
    def test_contractual_employee_cannot_enter_the_disciplinary_track(self, contractual_case,
                                                                      hr_user):
        with pytest.raises(errors.WorkflowError, match="only to statutory staff"):
            steps.case_open_disciplinary(case=contractual_case, user=hr_user,
                                         knowledge_date=TODAY(), investigator=factories.legal())

    def test_no_sanction_proposal_without_a_recorded_hearing_outcome(self, statutory_case,
                                                                     hr_user, decider_user):
        # The right of defence (BVR 20 July 2018): the proposal follows the hearing. A case in the
        # "heard" state whose hearing has no outcome (an edit outside the procedure) is refused.
        case = heard(statutory_case, hr_user, decider_user)
        case.hearings.update(outcome="")
        with pytest.raises(errors.WorkflowError,
                           match="sanction can only be proposed once the hearing has been recorded"):
            factories.propose(reload(case), hr_user)
        assert reload(case).state == CaseState.DISCIPLINARY_HEARD

    def test_an_appeal_after_the_30_days_is_refused_without_an_override(
            self, statutory_case, hr_user, decider_user):
        # Art. 214 DLB: the appeal is lodged within 30 days after receipt of the decision.
        case = proposed(statutory_case, hr_user, decider_user)
        case = disciplinary.case_decide_sanction(case=reload(case), user=decider_user,
                                                 sanction=Sanction.REPRIMAND, reason="x",
                                                 body=factories.deciding_body(reload(case)))
        received = TODAY() - datetime.timedelta(days=40)
        case = disciplinary.case_notify_decision(case=case, user=hr_user, sent_on=received,
                                                 method=NotificationMethod.REGISTERED_LETTER,
                                                 received_on=received)
        with pytest.raises(errors.WorkflowError, match="late appeal needs a recorded override"):
            disciplinary.case_lodge_appeal(case=reload(case), user=hr_user, lodged_on=TODAY())
        assert reload(case).state == CaseState.APPEAL_WINDOW and not case.appeals.exists()

    def test_closing_as_time_barred_is_refused_while_no_time_limit_has_lapsed(
            self, statutory_case, hr_user):
        # Only the 60 days to decide on prosecution (BVR 20 July 2018) or the 6 months to start
        # proceedings, once passed, close a case as time-barred.
        case = steps.case_open_disciplinary(case=statutory_case, user=hr_user,
                                            knowledge_date=TODAY(), investigator=factories.legal())
        with pytest.raises(errors.WorkflowError, match="once a time limit that lapses has passed"):
            disciplinary.case_close_time_barred(case=reload(case), user=hr_user, reason="Verjaard.")
        assert reload(case).state == CaseState.INVESTIGATION

    def test_sanction_outside_the_regime_catalogue_is_refused(self, statutory_case, hr_user,
                                                               decider_user):
        case = proposed(statutory_case, hr_user, decider_user)
        with pytest.raises(ValidationError) as error:
            disciplinary.case_decide_sanction(case=reload(case), user=decider_user,
                                              sanction=Sanction.AVAILABILITY, reason="x",
                                              body=factories.deciding_body(reload(case)))
        assert error.value.message_dict["sanction"] == [
            SANCTION_NOT_IN_CATALOGUE % {"sanction": Sanction.AVAILABILITY.label}]

    def test_suspension_longer_than_the_rulebook_maximum_is_refused(self, statutory_case, hr_user,
                                                                     decider_user):
        case = proposed(statutory_case, hr_user, decider_user)
        with pytest.raises(ValidationError, match="At most 3 months"):
            disciplinary.case_decide_sanction(case=reload(case), user=decider_user,
                                              sanction=Sanction.SUSPENSION, duration_months=4,
                                              reason="x",
                                              body=factories.deciding_body(reload(case)))

    def test_salary_withholding_above_one_fifth_is_refused(self, statutory_case, hr_user,
                                                           decider_user):
        case = proposed(statutory_case, hr_user, decider_user)
        with pytest.raises(ValidationError) as error:
            disciplinary.case_decide_sanction(
                case=reload(case), user=decider_user, sanction=Sanction.SALARY_WITHHOLDING,
                duration_months=2, withholding_fraction=Decimal("0.25"), reason="x",
                body=factories.deciding_body(reload(case)))
        assert error.value.message_dict["withholding_fraction"] == [FRACTION_TOO_HIGH]

    def test_sanction_handed_over_needs_the_receipt_date(self, statutory_case, hr_user,
                                                         decider_user):
        case = proposed(statutory_case, hr_user, decider_user)
        case = disciplinary.case_decide_sanction(case=reload(case), user=decider_user,
                                                 sanction=Sanction.REPRIMAND, reason="x",
                                                 body=factories.deciding_body(reload(case)))
        with pytest.raises(ValidationError) as error:
            disciplinary.case_notify_decision(case=case, user=hr_user, sent_on=TODAY(),
                                              method=NotificationMethod.HAND_DELIVERED,
                                              received_on=None)
        assert error.value.message_dict["received_on"] == [RECEIPT_REQUIRED]

    def test_prosecution_decided_after_60_days_is_refused(self, statutory_case, hr_user,
                                                          decider_user):
        case = steps.case_open_disciplinary(case=statutory_case, user=hr_user,
                                            knowledge_date=TODAY() - datetime.timedelta(days=90),
                                            investigator=factories.legal())
        case = disciplinary.case_take_note_of_report(
            case=case, user=hr_user, noted_on=TODAY() - datetime.timedelta(days=65))
        with pytest.raises(errors.WorkflowError, match="presumed abandoned"):
            disciplinary.case_decide_to_prosecute(case=reload(case), user=decider_user,
                                                  reason="x",
                                                  body=factories.deciding_body(reload(case)))


class TestPreventiveSuspension:
    def test_statutory_suspension_lasts_six_months_with_the_end_date_inclusive(
            self, statutory_case, hr_user, decider_user):
        """From 2 November the sixth month ends on 1 May: 2 May would be one day too many."""
        case = steps.case_open_disciplinary(case=statutory_case, user=hr_user,
                                            knowledge_date=TODAY(), investigator=factories.legal())
        start = datetime.date(2026, 11, 2)
        with pytest.raises(ValidationError, match="at most 6 months.*01/05/2027"):
            disciplinary.case_impose_preventive_suspension(
                case=case, user=decider_user, starts_on=start, ends_on=datetime.date(2027, 5, 2),
                reason="Onderzoek", heard_on=start)
        suspension = disciplinary.case_impose_preventive_suspension(
            case=reload(case), user=decider_user, starts_on=start, heard_on=start,
            ends_on=datetime.date(2027, 5, 1), reason="Onderzoek")
        assert suspension.ends_on == datetime.date(2027, 5, 1)
        assert reload(case).deadlines.get(code="preventive_suspension_max").due_date == \
            datetime.date(2027, 5, 1)

    def test_education_suspension_may_last_a_year(self, hr_user, decider_user):
        case = steps.case_take_in_triage(
            case=submitted_case(status=LegalStatus.EDUCATION_TEMPORARY_INDEFINITE), user=hr_user)
        case = steps.case_open_disciplinary(case=case, user=hr_user, knowledge_date=TODAY(),
                                            investigator=factories.legal())
        suspension = disciplinary.case_impose_preventive_suspension(
            case=case, user=decider_user, starts_on=datetime.date(2026, 11, 2),
            ends_on=datetime.date(2027, 11, 1), reason="Strafonderzoek",
            no_hearing_reason="Dringend: het personeelslid werd aangehouden.")
        assert suspension.ends_on == datetime.date(2027, 11, 1)

    def test_suspension_is_impossible_in_the_dismissal_track(self, contractual_case, hr_user,
                                                             decider_user):
        case = steps.case_open_dismissal(case=contractual_case, user=hr_user, knowledge_date=TODAY())
        with pytest.raises(ValidationError, match="only possible during a disciplinary"):
            disciplinary.case_impose_preventive_suspension(
                case=case, user=decider_user, starts_on=TODAY(), ends_on=TODAY(),
                reason="x")

    def test_only_the_deciding_authority_imposes_it(self, statutory_case, hr_user):
        case = steps.case_open_disciplinary(case=statutory_case, user=hr_user,
                                            knowledge_date=TODAY(), investigator=factories.legal())
        with pytest.raises(PermissionDenied):
            disciplinary.case_impose_preventive_suspension(
                case=case, user=hr_user, starts_on=TODAY(), ends_on=TODAY(),
                reason="x")
