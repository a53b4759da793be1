"""The defects of the legal review of November 2026 (shared findings, defects 1-4, 6, 8-10, 13, 14
and the gaps on informal measures and protected employees), each as the rule a lawyer checks."""

import datetime
from datetime import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.html import escape

from incidents.models import Employee, LegalStatus, Protection
from tests import factories
from tests.workflows.conftest import submitted_case
from workflows.deadlines import due_date
from workflows.forms import HearingRecordForm
from workflows.legal_sources import gloss_in_english
from workflows.models import Case, CaseDeadline, DeadlineRule
from workflows.services import disciplinary, errors, steps
from workflows.services.assignment import case_add_co_handler
from workflows.services.deadlines import (
    deadline_correct_start,
    deadline_proceed_late,
    deadline_start,
)
from workflows.services.reviews import opinion_file, review_request
from workflows.states import CaseState

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def days_ago(n):
    return TODAY() - datetime.timedelta(days=n)


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def reload(case):
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def lead(db):
    return factories.hr_lead()


def opened(case, hr, knowledge):
    return steps.case_open_dismissal(case=case, user=hr, knowledge_date=knowledge)


def heard(case, hr, knowledge):
    case = opened(case, hr, knowledge)
    case = steps.case_convene_hearing(case=case, user=hr, scheduled_at=at(knowledge),
                                      summoned_on=knowledge - datetime.timedelta(days=7),
                                      place="Zaal 1", facts_summary="Feiten.",
                                      confirm_unusual_time=True)
    return steps.case_record_hearing(case=case, user=hr, outcome="held", held_on=knowledge,
                                     start_time=time(10), end_time=time(11, 15),
                                     minutes="Verklaring.")


def reported(case, hr, *, knowledge, noted):
    case = steps.case_open_disciplinary(case=case, user=hr, knowledge_date=knowledge,
                                        investigator=factories.legal())
    return disciplinary.case_take_note_of_report(case=case, user=hr, noted_on=noted)


class TestDeadlineStatusIsComputed:
    """Defect 1: a deadline is never "met" after it passed."""

    def test_step_taken_after_the_due_date_is_late_never_met(self, contractual_case, hr_user,
                                                              decider_user, lead):
        case = heard(contractual_case, hr_user, days_ago(10))
        deadline = case.deadlines.get(code="dismissal")
        assert deadline.state == "overdue"
        deadline_proceed_late(deadline=deadline, user=lead, justification="Toch doorgaan.")
        case = steps.case_decide_dismissal(case=reload(case), user=decider_user, reason="Fout",
                                           body=factories.deciding_body(reload(case)))
        case = steps.case_notify_dismissal(case=case, user=hr_user, method="registered_letter",
                                           sent_on=TODAY())
        deadline = case.deadlines.get(code="dismissal")
        assert deadline.status == CaseDeadline.Status.TAKEN and deadline.state == "late"

    def test_states_running_due_soon_met_follow_the_dates(self, contractual_case, hr_user):
        case = opened(contractual_case, hr_user, TODAY())
        deadline = case.deadlines.get(code="dismissal")
        assert deadline.state_on(deadline.due_date - datetime.timedelta(days=10)) == "running"
        assert deadline.state_on(deadline.due_date) == "due_soon"
        assert deadline.state_on(deadline.due_date + datetime.timedelta(days=1)) == "overdue"
        deadline.status, deadline.met_on = CaseDeadline.Status.TAKEN, deadline.due_date
        assert deadline.state == "met"

    def test_proceed_although_late_is_refused_to_an_hr_officer_and_without_justification(
            self, contractual_case, hr_user, lead):
        deadline = heard(contractual_case, hr_user, days_ago(10)).deadlines.get(code="dismissal")
        with pytest.raises(PermissionDenied):
            deadline_proceed_late(deadline=deadline, user=hr_user, justification="x")
        with pytest.raises(ValidationError):
            deadline_proceed_late(deadline=deadline, user=lead, justification="  ")
        assert not CaseDeadline.objects.get(pk=deadline.pk).overridden

    def test_case_page_shows_late_with_the_legal_consequence(self, client, contractual_case,
                                                             hr_user, lead):
        deadline = heard(contractual_case, hr_user, days_ago(10)).deadlines.get(code="dismissal")
        deadline_proceed_late(deadline=deadline, user=lead, justification="Doorgaan.")
        client.force_login(hr_user)
        page = client.get(contractual_case.get_absolute_url()).content.decode()
        assert "deadline-overdue" in page and "<strong>Overdue</strong>" in page
        assert "<strong>Met</strong>" not in page
        assert "Step allowed although late by" in page
        assert "the employer must give notice or pay an indemnity" in page

    def test_correcting_the_starting_date_recomputes_and_keeps_both_dates(
            self, contractual_case, hr_user, lead):
        case = opened(contractual_case, hr_user, days_ago(10))
        deadline = case.deadlines.get(code="dismissal")
        first_start, first_due = deadline.start_date, deadline.due_date
        with pytest.raises(PermissionDenied):
            deadline_correct_start(deadline=deadline, user=hr_user, start=days_ago(1),
                                   justification="Typfout")
        deadline = deadline_correct_start(deadline=deadline, user=lead, start=days_ago(1),
                                          justification="De datum van de melding werd ingevuld.")
        assert deadline.start_date == days_ago(1) and deadline.state != "overdue"
        assert (deadline.original_start_date, deadline.original_due_date) == (first_start,
                                                                              first_due)
        event = case.events.get(kind="deadline_start_corrected")
        assert event.actor == lead and "melding" in event.note

    def test_case_page_shows_both_the_first_and_the_corrected_dates_with_the_reason(
            self, client, contractual_case, hr_user, lead):
        case = opened(contractual_case, hr_user, days_ago(10))
        deadline = case.deadlines.get(code="dismissal")
        first_start, first_due = deadline.start_date, deadline.due_date
        deadline = deadline_correct_start(deadline=deadline, user=lead, start=days_ago(1),
                                          justification="De datum van de melding werd ingevuld.")
        client.force_login(hr_user)
        page = client.get(case.get_absolute_url()).content.decode()
        short = "%d/%m/%Y"
        assert (f"first entered: start {first_start.strftime(short)}, "
                f"due {first_due.strftime(short)}") in page
        assert deadline.due_date.strftime(short) in page
        assert "De datum van de melding werd ingevuld." in page


class TestLapsesCannotBeOverridden:
    """Defects 6 and 3: the 60 days to decide on prosecution; the 6 months to start."""

    def test_prosecution_lapsed_after_60_days_allows_only_closing(self, statutory_case, hr_user,
                                                                  decider_user, lead):
        case = reported(statutory_case, hr_user, knowledge=days_ago(90), noted=days_ago(70))
        deadline = case.deadlines.get(code="prosecution_decision")
        assert deadline.state == "lapsed"
        with pytest.raises(ValidationError, match="no override is possible"):
            deadline_proceed_late(deadline=deadline, user=lead, justification="Toch vervolgen")
        with pytest.raises(ValidationError, match="no override is possible"):
            deadline_correct_start(deadline=deadline, user=lead, start=days_ago(5),
                                   justification="Andere datum")
        for service in (disciplinary.case_decide_to_prosecute,
                        disciplinary.case_decide_not_to_prosecute):
            with pytest.raises(errors.WorkflowError, match="presumed abandoned"):
                service(case=reload(case), user=decider_user, reason="x", body=factories.deciding_body(reload(case)))
        case = disciplinary.case_close_time_barred(case=reload(case), user=hr_user,
                                                   reason="Termijn van 60 dagen verstreken.")
        assert case.state == CaseState.CLOSED
        assert case.outcome == Case.Outcome.PROSECUTION_LAPSED

    def test_case_page_says_prosecution_lapsed(self, client, statutory_case, hr_user):
        reported(statutory_case, hr_user, knowledge=days_ago(90), noted=days_ago(70))
        client.force_login(hr_user)
        page = client.get(statutory_case.get_absolute_url()).content.decode()
        assert "Prosecution lapsed" in page and "cannot be overridden" in page
        assert "Proceed although late" not in page
        rule = statutory_case.deadlines.get(code="prosecution_decision").rule
        assert f"({escape(gloss_in_english(rule.legal_source))}). It cannot" in page

    def test_six_months_to_start_proceedings_is_enforced_and_shows_its_flag(
            self, client, statutory_case, hr_user):
        case = steps.case_open_disciplinary(case=statutory_case, user=hr_user,
                                            knowledge_date=days_ago(200),
                                            investigator=factories.legal())
        deadline = case.deadlines.get(code="start_proceedings")
        assert deadline.rule.to_be_confirmed and deadline.state == "lapsed"
        with pytest.raises(errors.WorkflowError, match="start disciplinary proceedings"):
            disciplinary.case_take_note_of_report(case=reload(case), user=hr_user,
                                                  noted_on=TODAY())
        client.force_login(hr_user)
        page = client.get(case.get_absolute_url()).content.decode()
        assert "Time limit lapsed" in page and "rule to be confirmed by the legal service" in page
        case = disciplinary.case_close_time_barred(case=reload(case), user=hr_user,
                                                   reason="Verjaard.")
        assert case.outcome == Case.Outcome.PROCEEDINGS_TIME_BARRED


class TestHearingAndCertainKnowledge:
    """Defect 2: a hearing moves the art. 35 start only with justification and the HR lead."""

    def scheduled(self, case, hr, knowledge):
        case = opened(case, hr, knowledge)
        return steps.case_convene_hearing(case=case, user=hr, scheduled_at=at(TODAY()),
                                          summoned_on=days_ago(7),
                                          place="Zaal", facts_summary="Feiten.",
                                          confirm_unusual_time=True, confirm_after_deadline=True)

    def test_an_hr_officer_cannot_move_the_start_to_the_hearing(self, contractual_case, hr_user):
        case = self.scheduled(contractual_case, hr_user, days_ago(1))
        with pytest.raises(PermissionDenied):
            steps.case_record_hearing(case=case, user=hr_user, outcome="held", held_on=TODAY(),
                                      start_time=time(10), end_time=time(11, 15),
                                      minutes="V.", gave_certain_knowledge=True,
                                      knowledge_justification="Bekentenis")
        assert reload(case).state == CaseState.DISMISSAL_HEARING_SCHEDULED

    def test_a_passed_deadline_is_only_moved_after_the_warning_is_confirmed(
            self, contractual_case, hr_user, lead):
        case = self.scheduled(contractual_case, hr_user, days_ago(20))
        case_add_co_handler(case=case, user=lead, actor=lead)
        first = case.deadlines.get(code="dismissal")
        arguments = dict(outcome="held", held_on=TODAY(), minutes="V.",
                         start_time=time(10), end_time=time(11, 15), gave_certain_knowledge=True)
        with pytest.raises(ValidationError) as error:
            steps.case_record_hearing(case=case, user=lead, **arguments,
                                      knowledge_justification="")
        assert "knowledge_justification" in error.value.message_dict
        with pytest.raises(ValidationError) as error:
            steps.case_record_hearing(case=case, user=lead, **arguments,
                                      knowledge_justification="Pas nu bekend wie postte.")
        assert "does not revive a passed deadline" in error.value.messages[0]
        assert reload(case).deadlines.get(code="dismissal").start_date == first.start_date
        case = steps.case_record_hearing(case=case, user=lead, **arguments,
                                         knowledge_justification="Pas nu bekend wie postte.",
                                         confirm_late_knowledge=True)
        moved = case.deadlines.get(code="dismissal")
        assert moved.start_date == TODAY() and moved.original_due_date == first.due_date

    def test_convening_after_the_running_deadline_warns_before_saving(self, contractual_case,
                                                                      hr_user):
        case = opened(contractual_case, hr_user, TODAY())
        later = at(TODAY() + datetime.timedelta(days=10), 10)
        with pytest.raises(ValidationError) as error:
            steps.case_convene_hearing(case=case, user=hr_user, scheduled_at=later, place="Zaal",
                                       facts_summary="F", confirm_unusual_time=True)
        assert "confirm_after_deadline" in error.value.message_dict
        assert not reload(case).hearings.exists()


class TestHearingOutcomesPerTrack:
    """Defect 4: in the tuchtprocedure "did not appear although duly summoned", never
    "impossible"."""

    def summoned(self, case, hr, decider):
        case = reported(case, hr, knowledge=TODAY(), noted=TODAY())
        case = disciplinary.case_decide_to_prosecute(case=case, user=decider, reason="x",
                                                     body=factories.deciding_body(reload(case)))
        return steps.case_convene_hearing(case=case, user=hr, scheduled_at=at(days_ago(1)),
                                          place="Raadzaal", facts_summary="F",
                                          summoned_on=days_ago(15), confirm_unusual_time=True)

    @pytest.mark.parametrize("outcome", ["impossible", "refused"])
    def test_contract_law_outcomes_are_refused(self, statutory_case, hr_user, decider_user,
                                               outcome):
        case = self.summoned(statutory_case, hr_user, decider_user)
        with pytest.raises(ValidationError) as error:
            steps.case_record_hearing(case=case, user=hr_user, outcome=outcome,
                                      held_on=days_ago(1), outcome_reason="Dringend")
        assert "outcome" in error.value.message_dict
        assert reload(case).state == CaseState.SUMMONED

    def test_the_form_offers_held_and_did_not_appear_only(self, statutory_case, hr_user,
                                                          decider_user):
        case = self.summoned(statutory_case, hr_user, decider_user)
        choices = [value for value, _label in HearingRecordForm(case=case).fields["outcome"].choices]
        assert choices == ["held", "did_not_appear"]

    def test_no_show_needs_the_proof_of_summons_and_the_page_does_not_say_heard(
            self, client, statutory_case, hr_user, decider_user):
        case = self.summoned(statutory_case, hr_user, decider_user)
        with pytest.raises(ValidationError, match="duly summoned"):
            steps.case_record_hearing(case=case, user=hr_user, outcome="did_not_appear",
                                      held_on=days_ago(1))
        steps.case_record_hearing(case=case, user=hr_user, outcome="did_not_appear",
                                  held_on=days_ago(1), outcome_reason="Aangetekend opgeroepen.")
        client.force_login(hr_user)
        page = client.get(case.get_absolute_url()).content.decode()
        assert "Did not appear although duly summoned" in page
        assert "The employee was heard" not in page


class TestHearingDates:
    """Defects 9 and 14."""

    def prosecuted(self, case, hr, decider):
        case = reported(case, hr, knowledge=TODAY(), noted=TODAY())
        return disciplinary.case_decide_to_prosecute(case=case, user=decider, reason="x",
                                                     body=factories.deciding_body(reload(case)))

    def test_summons_for_the_next_day_is_refused_with_the_flagged_rule(
            self, statutory_case, hr_user, decider_user):
        case = self.prosecuted(statutory_case, hr_user, decider_user)
        tomorrow = at(TODAY() + datetime.timedelta(days=1))
        with pytest.raises(ValidationError, match="at least 10 days after the summons.*to be "
                                                  "confirmed"):
            steps.case_convene_hearing(case=case, user=hr_user, scheduled_at=tomorrow,
                                       place="Zaal", facts_summary="F", confirm_unusual_time=True)
        assert not case.hearings.exists()

    @pytest.mark.parametrize("when", [datetime.datetime(2026, 11, 29, 10),  # a Sunday
                                      datetime.datetime(2026, 11, 27, 21)])  # Friday evening
    def test_sunday_or_night_needs_a_confirmation(self, contractual_case, hr_user, when):
        case = opened(contractual_case, hr_user, TODAY())
        with pytest.raises(ValidationError) as error:
            steps.case_convene_hearing(case=case, user=hr_user, place="Zaal", facts_summary="F",
                                       summoned_on=datetime.date(2026, 11, 16),
                                       scheduled_at=timezone.make_aware(when),
                                       confirm_after_deadline=True)
        assert "confirm_unusual_time" in error.value.message_dict

    def test_hearing_held_before_its_scheduled_date_needs_a_reason(self, contractual_case,
                                                                   hr_user):
        case = opened(contractual_case, hr_user, TODAY())
        case = steps.case_convene_hearing(case=case, user=hr_user, scheduled_at=at(TODAY()),
                                          summoned_on=days_ago(7),
                                          place="Zaal", facts_summary="F",
                                          confirm_unusual_time=True)
        with pytest.raises(ValidationError) as error:
            steps.case_record_hearing(case=case, user=hr_user, outcome="held",
                                      start_time=time(10), end_time=time(11, 15),
                                      held_on=days_ago(2), minutes="V.")
        assert "date_note" in error.value.message_dict
        case = steps.case_record_hearing(case=case, user=hr_user, outcome="held",
                                         start_time=time(10), end_time=time(11, 15),
                                         held_on=days_ago(2), minutes="V.",
                                         date_note="Op vraag van het personeelslid vervroegd.")
        assert case.hearings.get().date_note.startswith("Op vraag")

    def test_knowledge_later_than_the_managers_needs_an_explanation(self, hr_user):
        case = steps.case_take_in_triage(case=submitted_case(knowledge=days_ago(5)), user=hr_user)
        with pytest.raises(ValidationError) as error:
            steps.case_open_dismissal(case=case, user=hr_user, knowledge_date=TODAY())
        assert "reason" in error.value.message_dict
        case = steps.case_open_dismissal(case=reload(case), user=hr_user, knowledge_date=TODAY(),
                                         reason="De directeur las de melding pas vandaag.")
        assert case.knowledge_date == TODAY()

    def test_rulebook_holds_the_new_entries_flagged(self):
        for code in ("hearing_notice", "decision_after_hearing", "registered_letter_receipt"):
            for regime in ("local_government", "education"):
                rule = DeadlineRule.objects.in_force(code, regime, TODAY())
                assert rule is not None and rule.to_be_confirmed, (code, regime)


class TestPreventiveSuspension:
    """Defect 8."""

    def test_a_hearing_or_the_urgency_is_recorded_first(self, statutory_case, hr_user,
                                                        decider_user):
        case = reported(statutory_case, hr_user, knowledge=TODAY(), noted=TODAY())
        with pytest.raises(ValidationError) as error:
            disciplinary.case_impose_preventive_suspension(
                case=case, user=decider_user, starts_on=TODAY(), ends_on=TODAY(),
                reason="Onrust")
        assert "heard_on" in error.value.message_dict
        assert not case.suspensions.exists()

    def test_it_ends_when_the_case_closes(self, statutory_case, hr_user, decider_user):
        case = reported(statutory_case, hr_user, knowledge=TODAY(), noted=TODAY())
        disciplinary.case_impose_preventive_suspension(
            case=case, user=decider_user, starts_on=TODAY(), heard_on=TODAY(),
            ends_on=TODAY() + datetime.timedelta(days=90), reason="Onrust")
        case = disciplinary.case_decide_not_to_prosecute(case=reload(case), user=decider_user,
                                                         reason="Geen bewijs", body=factories.deciding_body(reload(case)))
        suspension = case.suspensions.get()
        assert suspension.last_day == TODAY() and suspension.ends_on > TODAY()
        assert case.deadlines.get(code="preventive_suspension_max").status == "cancelled"

    def test_it_ends_when_a_sanction_is_decided(self, statutory_case, hr_user, decider_user):
        case = reported(statutory_case, hr_user, knowledge=TODAY(), noted=TODAY())
        case = disciplinary.case_decide_to_prosecute(case=case, user=decider_user, reason="x",
                                                     body=factories.deciding_body(reload(case)))
        disciplinary.case_impose_preventive_suspension(
            case=case, user=decider_user, starts_on=TODAY(), heard_on=TODAY(),
            ends_on=TODAY() + datetime.timedelta(days=90), reason="Onrust")
        case = steps.case_convene_hearing(case=reload(case), user=hr_user, place="Raadzaal",
                                          scheduled_at=at(days_ago(1)), facts_summary="F",
                                          summoned_on=days_ago(15), confirm_unusual_time=True)
        case = steps.case_record_hearing(case=case, user=hr_user, outcome="held",
                                         start_time=time(10), end_time=time(11, 15),
                                         held_on=days_ago(1), minutes="V.")
        case = factories.propose(reload(case), hr_user)
        case = disciplinary.case_decide_sanction(case=reload(case), user=decider_user,
                                                 sanction="blaam", reason="x",
                                                 body=factories.deciding_body(reload(case)))
        assert case.suspensions.get().last_day == TODAY()
        assert case.events.filter(kind="suspension_ended").count() == 1

    def test_available_in_the_education_dismissal_track_not_for_contract_staff(
            self, contractual_case, hr_user, decider_user):
        teacher = steps.case_take_in_triage(
            case=submitted_case(status=LegalStatus.EDUCATION_TEMPORARY_FIXED), user=hr_user)
        teacher = opened(teacher, hr_user, TODAY())
        suspension = disciplinary.case_impose_preventive_suspension(
            case=teacher, user=decider_user, starts_on=TODAY(), ends_on=TODAY(),
            heard_on=TODAY(), reason="Onrust")
        assert suspension.pk
        clerk = opened(contractual_case, hr_user, TODAY())
        with pytest.raises(ValidationError, match="only possible during a disciplinary"):
            disciplinary.case_impose_preventive_suspension(
                case=clerk, user=decider_user, starts_on=TODAY(), ends_on=TODAY(),
                heard_on=TODAY(), reason="Onrust")


class TestNotifyingTheDecision:
    """Defects 10 and 13."""

    def sanctioned(self, case, hr, decider):
        case = reported(case, hr, knowledge=TODAY(), noted=TODAY())
        case = disciplinary.case_decide_to_prosecute(case=case, user=decider, reason="x",
                                                     body=factories.deciding_body(reload(case)))
        case = steps.case_convene_hearing(case=case, user=hr, place="Raadzaal",
                                          scheduled_at=at(days_ago(1)), facts_summary="F",
                                          summoned_on=days_ago(15), confirm_unusual_time=True)
        case = steps.case_record_hearing(case=case, user=hr, outcome="held",
                                         start_time=time(10), end_time=time(11, 15),
                                         held_on=days_ago(1), minutes="V.")
        case = factories.propose(reload(case), hr)
        return disciplinary.case_decide_sanction(case=reload(case), user=decider,
                                                 sanction="blaam", reason="x",
                                                 body=factories.deciding_body(reload(case)))

    @pytest.mark.parametrize("method", ["email", "ordinary_mail", "courier", "orally"])
    def test_a_method_that_does_not_prove_receipt_is_refused(self, statutory_case, hr_user,
                                                             decider_user, method):
        case = self.sanctioned(statutory_case, hr_user, decider_user)
        with pytest.raises(ValidationError, match="appeal period runs from receipt"):
            disciplinary.case_notify_decision(case=case, user=hr_user, method=method,
                                              sent_on=TODAY(), received_on=TODAY())
        assert reload(case).state == CaseState.SANCTION_DECIDED

    def test_uncollected_registered_letter_is_presumed_received_on_the_third_working_day(
            self, statutory_case, hr_user, decider_user):
        case = self.sanctioned(statutory_case, hr_user, decider_user)
        posted = datetime.date(2026, 11, 26)  # Thursday: Friday, (Saturday no), Monday, Tuesday
        case = disciplinary.case_notify_decision(case=case, user=hr_user, sent_on=posted,
                                                 method="registered_letter", received_on=None)
        notification = case.notifications.get()
        assert notification.receipt_presumed
        assert notification.received_on == datetime.date(2026, 12, 1)
        assert case.deadlines.get(code="appeal").start_date == datetime.date(2026, 12, 1)

    def test_appeal_period_ending_on_a_sunday_moves_to_monday_flagged(self, statutory_case,
                                                                      hr_user):
        case = steps.case_open_disciplinary(case=statutory_case, user=hr_user,
                                            knowledge_date=TODAY(),
                                            investigator=factories.legal())
        # 30 days after Friday 30 October 2026 is Sunday 29 November.
        deadline = deadline_start(case=case, code="appeal", start=datetime.date(2026, 10, 30),
                                  actor=hr_user)
        assert deadline.due_date == datetime.date(2026, 11, 30)
        assert deadline.rule.moves_to_next_working_day and deadline.rule.move_to_be_confirmed

    def test_working_day_periods_of_art_35_are_not_moved(self):
        # Art. 35 counts Saturdays: 3 working days after Wednesday 25 November is Saturday 28.
        assert due_date(start=datetime.date(2026, 11, 25), length=3,
                        unit="working_days") == datetime.date(2026, 11, 28)


class TestGaps:
    def test_written_warning_to_statutory_staff_warns_of_a_disguised_sanction(
            self, statutory_case, contractual_case, hr_user):
        with pytest.raises(ValidationError) as error:
            steps.case_take_informal_measure(case=statutory_case, user=hr_user,
                                             measure="written_warning", reason="Eerste keer")
        assert "disguised" in error.value.messages[0]
        case = steps.case_take_informal_measure(case=reload(statutory_case), user=hr_user,
                                                measure="written_warning", reason="Eerste keer",
                                                confirm_written_warning=True)
        assert case.state == CaseState.INFORMAL_MEASURE
        case = steps.case_take_informal_measure(case=contractual_case, user=hr_user,
                                                measure="written_warning", reason="Eerste keer")
        assert case.state == CaseState.INFORMAL_MEASURE

    def test_protected_employee_needs_a_legal_opinion_before_any_decision(
            self, hr_user, decider_user, legal_user, client):
        case = steps.case_take_in_triage(case=submitted_case(status=LegalStatus.STATUTORY),
                                         user=hr_user)
        Employee.objects.filter(pk=case.employee.pk).update(protection=Protection.UNION_MANDATE)
        case = reported(reload(case), hr_user, knowledge=TODAY(), noted=TODAY())
        client.force_login(hr_user)
        assert "Union mandate" in client.get(case.get_absolute_url()).content.decode()
        with pytest.raises(errors.WorkflowError, match="legal opinion"):
            disciplinary.case_decide_to_prosecute(case=reload(case), user=decider_user,
                                                  reason="x", body=factories.deciding_body(reload(case)))
        review_request(case=case, user=hr_user, reviewer=legal_user, question="Beschermd?")
        opinion_file(case=case, user=legal_user, text="Vervolging kan, mits motivering.")
        case = disciplinary.case_decide_to_prosecute(case=reload(case), user=decider_user,
                                                     reason="x", body=factories.deciding_body(reload(case)))
        assert case.state == CaseState.PROSECUTION
