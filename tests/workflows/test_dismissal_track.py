"""The dismissal track for serious reason (art. 35 Arbeidsovereenkomstenwet)."""

import datetime
from datetime import time

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from incidents.models import LegalStatus
from tests import factories
from tests.workflows.conftest import submitted_case
from workflows.models import Case, CaseDeadline, Hearing, NotificationMethod
from workflows.models.rulebook import DeadlineState
from workflows.services import errors, steps
from workflows.services.assignment import case_add_co_handler
from workflows.services.deadlines import deadline_proceed_late
from workflows.states import CaseState

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def days_ago(n):
    return TODAY() - datetime.timedelta(days=n)


def reload(case):
    return Case.objects.get(pk=case.pk)


def heard_case(case, hr, *, knowledge):
    case = steps.case_open_dismissal(case=case, user=hr, knowledge_date=knowledge)
    case = steps.case_convene_hearing(
        summoned_on=knowledge - datetime.timedelta(days=7),
        case=case, user=hr, place="Gemeentehuis",
        scheduled_at=timezone.make_aware(datetime.datetime.combine(knowledge, datetime.time(10))),
        facts_summary="Bericht met vertrouwelijke informatie.", confirm_unusual_time=True,
        confirm_after_deadline=True)
    return steps.case_record_hearing(case=case, user=hr, outcome=Hearing.Outcome.HELD,
                                     start_time=time(10), end_time=time(11, 15),
                                     held_on=knowledge, minutes="Het personeelslid erkent de feiten.")


class TestHappyPath:
    def test_runs_from_triage_to_closure_with_every_event(self, contractual_case, hr_user,
                                                          decider_user):
        case = heard_case(contractual_case, hr_user, knowledge=TODAY())
        assert case.state == CaseState.DISMISSAL_HEARD
        case = steps.case_decide_dismissal(case=reload(case), user=decider_user,
                                           reason="Zware fout (art. 6)",
                                           body=factories.deciding_body(reload(case)))
        case = steps.case_notify_dismissal(case=case, user=hr_user,
                                           method=NotificationMethod.REGISTERED_LETTER, sent_on=TODAY())
        case = steps.case_notify_reason(case=reload(case), user=hr_user,
                                        method=NotificationMethod.BAILIFF, sent_on=TODAY())
        case = steps.case_close(case=case, user=hr_user, reason="Procedure afgerond")
        assert case.state == CaseState.CLOSED
        assert case.outcome == Case.Outcome.DISMISSED
        kinds = list(case.events.values_list("kind", flat=True))
        # What a step writes after its own event (the hearing, the decision, the notification)
        # is sealed by a "content_sealed" event right after it, in the same transaction.
        assert kinds == [
            "opened", "take_in_triage", "open_dismissal_procedure", "deadline_started",
            "convene_hearing", "content_sealed", "record_hearing", "content_sealed",
            "decide_dismissal", "content_sealed", "notify_dismissal", "deadline_started",
            "notify_reason", "content_sealed", "close",
        ]
        statuses = dict(case.deadlines.values_list("code", "status"))
        assert statuses == {"dismissal": "taken", "reason_notice": "taken"}

    def test_other_measure_ends_the_dismissal_deadline(self, contractual_case, hr_user, decider_user):
        case = heard_case(contractual_case, hr_user, knowledge=TODAY())
        case = steps.case_decide_other_measure(case=reload(case), user=decider_user,
                                               measure=Case.Outcome.WARNING, reason="Eerste fout",
                                               body=factories.deciding_body(reload(case)))
        assert case.state == CaseState.OTHER_MEASURE_DECIDED
        assert case.deadlines.get(code="dismissal").status == CaseDeadline.Status.CANCELLED

    def test_hearing_that_gives_certain_knowledge_moves_the_deadline_keeping_the_first_dates(
            self, contractual_case, hr_user):
        lead = factories.hr_lead()
        case_add_co_handler(case=contractual_case, user=lead, actor=lead)
        case = steps.case_open_dismissal(case=contractual_case, user=hr_user,
                                         knowledge_date=days_ago(1))
        first = case.deadlines.get(code="dismissal")
        case = steps.case_convene_hearing(case=case, user=hr_user, scheduled_at=timezone.now(),
                                          summoned_on=TODAY() - datetime.timedelta(days=7),
                                          place="Zaal 1", facts_summary="Feiten",
                                          confirm_unusual_time=True)
        case = steps.case_record_hearing(
            case=case, user=lead, outcome=Hearing.Outcome.HELD, held_on=TODAY(),
            start_time=time(10), end_time=time(11, 15),
            minutes="Verklaring", gave_certain_knowledge=True,
            knowledge_justification="Pas op het verhoor bleek wie het bericht plaatste.")
        deadline = reload(case).deadlines.get(code="dismissal")
        assert deadline.start_date == TODAY() and deadline.due_date > first.due_date
        assert (deadline.original_start_date, deadline.original_due_date) == (
            first.start_date, first.due_date)
        assert reload(case).knowledge_date == TODAY()
        assert case.events.filter(kind="deadline_start_corrected").count() == 1


class TestRefusals:
    def test_statutory_employee_cannot_enter_the_dismissal_track(self, statutory_case, hr_user):
        with pytest.raises(errors.WorkflowError, match="only to contractual staff"):
            steps.case_open_dismissal(case=statutory_case, user=hr_user, knowledge_date=TODAY())
        assert reload(statutory_case).state == CaseState.TRIAGE

    def test_fixed_term_teacher_follows_the_dismissal_track(self, hr_user):
        case = submitted_case(status=LegalStatus.EDUCATION_TEMPORARY_FIXED)
        case = steps.case_take_in_triage(case=case, user=hr_user)
        case = steps.case_open_dismissal(case=case, user=hr_user, knowledge_date=TODAY())
        assert case.regime == "education"
        assert case.deadlines.get().rule.to_be_confirmed

    def test_no_hearing_is_convened_without_the_date_of_certain_knowledge(self, contractual_case,
                                                                          hr_user):
        # Art. 35: the three working days run from certain knowledge; without its date no hearing
        # can be planned against the deadline. Cleared outside the procedure, it is asked for first.
        case = steps.case_open_dismissal(case=contractual_case, user=hr_user, knowledge_date=TODAY())
        Case.objects.filter(pk=case.pk).update(knowledge_date=None)
        with pytest.raises(errors.WorkflowError,
                           match="date of certain knowledge of the facts must be recorded first"):
            steps.case_convene_hearing(
                case=reload(case), user=hr_user, place="Gemeentehuis",
                scheduled_at=timezone.now() + datetime.timedelta(days=7),
                facts_summary="Bericht.", confirm_unusual_time=True, confirm_after_deadline=True)
        assert reload(case).state == CaseState.DISMISSAL_OPENED

    def test_no_decision_without_a_recorded_hearing_outcome(self, contractual_case, hr_user,
                                                           decider_user):
        # The hearing comes before the decision (art. 35; right of defence). A case in the "heard"
        # state whose hearing has no outcome (an edit outside the procedure) is refused.
        case = heard_case(contractual_case, hr_user, knowledge=TODAY())
        case.hearings.update(outcome="")
        with pytest.raises(errors.WorkflowError,
                           match="decision can only be taken once the hearing has been recorded"):
            steps.case_decide_dismissal(case=reload(case), user=decider_user, reason="Zware fout",
                                        body=factories.deciding_body(reload(case)))
        assert reload(case).state == CaseState.DISMISSAL_HEARD

    def test_decision_before_the_hearing_is_refused(self, contractual_case, hr_user, decider_user):
        case = steps.case_open_dismissal(case=contractual_case, user=hr_user, knowledge_date=TODAY())
        with pytest.raises(errors.WorkflowError, match="not possible while the case is in the state"):
            steps.case_decide_dismissal(case=case, user=decider_user, reason="x",
                                        body=factories.deciding_body(case))

    def test_hr_handler_cannot_take_the_decision(self, contractual_case, hr_user):
        case = heard_case(contractual_case, hr_user, knowledge=TODAY())
        with pytest.raises(errors.StepNotAllowed):
            steps.case_decide_dismissal(case=case, user=hr_user, reason="x",
                                        body=factories.deciding_body(case))

    def test_decision_needs_a_written_reason(self, contractual_case, hr_user, decider_user):
        case = heard_case(contractual_case, hr_user, knowledge=TODAY())
        with pytest.raises(ValidationError) as error:
            steps.case_decide_dismissal(case=case, user=decider_user, reason="  ",
                                        body=factories.deciding_body(case))
        assert "reason" in error.value.message_dict
        assert reload(case).state == CaseState.DISMISSAL_HEARD

    def test_closing_without_follow_up_needs_a_reason(self, contractual_case, hr_user):
        with pytest.raises(ValidationError):
            steps.case_close_without_follow_up(case=contractual_case, user=hr_user, reason="")

    @pytest.mark.parametrize("method", [NotificationMethod.ORDINARY_MAIL, NotificationMethod.EMAIL,
                                        NotificationMethod.COURIER, NotificationMethod.ORALLY])
    def test_reason_by_an_invalid_method_is_refused_with_the_legal_reason(
            self, contractual_case, hr_user, decider_user, method):
        case = heard_case(contractual_case, hr_user, knowledge=TODAY())
        case = steps.case_decide_dismissal(case=reload(case), user=decider_user, reason="Zware fout",
                                           body=factories.deciding_body(reload(case)))
        case = steps.case_notify_dismissal(case=case, user=hr_user,
                                           method=NotificationMethod.REGISTERED_LETTER, sent_on=TODAY())
        with pytest.raises(ValidationError, match="art. 35 al. 5"):
            steps.case_notify_reason(case=reload(case), user=hr_user, method=method, sent_on=TODAY())
        assert reload(case).state == CaseState.DISMISSAL_NOTIFIED

    def test_future_knowledge_date_is_refused(self, contractual_case, hr_user):
        with pytest.raises(ValidationError):
            steps.case_open_dismissal(case=contractual_case, user=hr_user,
                                      knowledge_date=TODAY() + datetime.timedelta(days=1))


def dismissal_notified_ten_days_ago(case, hr, decider):
    """Dismissed (late, allowed by the HR lead) and notified ten days ago: the three working days
    for the reason have passed."""
    case = heard_case(case, hr, knowledge=days_ago(12))
    deadline_proceed_late(deadline=case.deadlines.get(code="dismissal"), user=factories.hr_lead(),
                          justification="Kennis pas zeker na het verhoor")
    case = steps.case_decide_dismissal(case=reload(case), user=decider, reason="Zware fout",
                                       body=factories.deciding_body(reload(case)))
    return steps.case_notify_dismissal(case=case, user=hr, sent_on=days_ago(10),
                                       method=NotificationMethod.REGISTERED_LETTER)


class TestDeadlineEnforcement:
    def test_decision_after_the_deadline_is_refused(self, contractual_case, hr_user, decider_user):
        case = heard_case(contractual_case, hr_user, knowledge=days_ago(10))
        with pytest.raises(errors.WorkflowError, match="deadline for this step has passed"):
            steps.case_decide_dismissal(case=reload(case), user=decider_user, reason="Zware fout",
                                        body=factories.deciding_body(reload(case)))
        assert reload(case).state == CaseState.DISMISSAL_HEARD

    def test_hr_lead_override_lets_the_step_through_and_is_logged(
            self, contractual_case, hr_user, decider_user):
        case = heard_case(contractual_case, hr_user, knowledge=days_ago(10))
        lead = factories.hr_lead()
        deadline = case.deadlines.get(code="dismissal")
        deadline_proceed_late(deadline=deadline, user=lead,
                          justification="Kennis pas zeker na strafdossier (cass. 2024)")
        case = steps.case_decide_dismissal(case=reload(case), user=decider_user, reason="Zware fout",
                                           body=factories.deciding_body(reload(case)))
        assert case.state == CaseState.DISMISSAL_DECIDED
        event = case.events.get(kind="deadline_proceed_late")
        assert event.actor == lead and "strafdossier" in event.note

    def test_override_by_an_ordinary_hr_officer_is_refused(self, contractual_case, hr_user):
        case = heard_case(contractual_case, hr_user, knowledge=days_ago(10))
        from django.core.exceptions import PermissionDenied

        with pytest.raises(PermissionDenied):
            deadline_proceed_late(deadline=case.deadlines.get(), user=hr_user, justification="x")

    def test_reason_posted_on_time_and_recorded_later_is_in_time_without_override(
            self, contractual_case, hr_user, decider_user):
        # Art. 35 al. 4: what counts is the day the reason was sent, not the day it is recorded.
        case = dismissal_notified_ten_days_ago(contractual_case, hr_user, decider_user)
        due = case.deadlines.get(code="reason_notice").due_date
        assert due < TODAY()
        case = steps.case_notify_reason(case=reload(case), user=hr_user, sent_on=due,
                                        method=NotificationMethod.REGISTERED_LETTER)
        assert case.state == CaseState.REASON_NOTIFIED
        deadline = case.deadlines.get(code="reason_notice")
        assert not deadline.overridden
        assert deadline.state_on(TODAY()) == DeadlineState.MET

    def test_reason_posted_after_its_deadline_is_refused(self, contractual_case, hr_user,
                                                         decider_user):
        case = dismissal_notified_ten_days_ago(contractual_case, hr_user, decider_user)
        due = case.deadlines.get(code="reason_notice").due_date
        with pytest.raises(ValidationError, match="too late"):
            steps.case_notify_reason(case=reload(case), user=hr_user, sent_on=due + datetime.timedelta(days=1),
                                     method=NotificationMethod.REGISTERED_LETTER)
        assert reload(case).state == CaseState.DISMISSAL_NOTIFIED
