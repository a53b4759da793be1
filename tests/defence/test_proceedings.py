"""Criminal proceedings put the disciplinary procedure on hold (no deadline time accrues, no step)
and it resumes; the effect of a registered dismissal letter; the checklist after a dismissal."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from incidents.models import LegalStatus
from tests import factories
from tests.defence.conftest import reload, sanction_and_notify
from tests.workflows.conftest import submitted_case
from workflows.defence import proceedings
from workflows.defence.models import CriminalProceeding, DismissalTask
from workflows.models import NotificationMethod, Sanction
from workflows.deadlines import next_judicial_working_day
from workflows.services import disciplinary, errors, steps
from workflows.services.cases import available_steps

pytestmark = pytest.mark.django_db
# Recent enough that the 6 months to start proceedings (a time limit that lapses) still run.
START = datetime.date.today() - datetime.timedelta(days=50)


def investigated(hr, *, on=START):
    case = steps.case_take_in_triage(case=submitted_case(
        status=LegalStatus.STATUTORY, facts=on - datetime.timedelta(days=5),
        knowledge=on - datetime.timedelta(days=4)), user=hr)
    case = steps.case_open_disciplinary(case=case, user=hr, knowledge_date=on,
                                        investigator=factories.legal(),
                                        reason="De melding bereikte de tuchtoverheid later.")
    return disciplinary.case_take_note_of_report(case=case, user=hr, noted_on=on)


def record_proceeding(case, hr, on):
    return proceedings.criminal_proceeding_record(
        case=case, user=hr, body=CriminalProceeding.Body.PROSECUTOR, reference="AN.12.34.5678/26",
        known_on=on)


class TestHold:
    def test_a_case_on_hold_accrues_no_deadline_time(self, hr_user):
        case = investigated(hr_user)
        due_before = case.deadlines.get(code="prosecution_decision").due_date
        start_before = case.deadlines.get(code="start_proceedings").due_date
        proceeding = record_proceeding(case, hr_user, START)
        proceedings.case_hold_start(case=case, user=hr_user, proceeding=proceeding,
                                    starts_on=START, legal_basis="Strafvordering")
        proceedings.case_hold_end(case=case, user=hr_user,
                                  ends_on=START + datetime.timedelta(days=45))
        # 60 days, a last day on a weekend or holiday moving to the next working day (rulebook).
        assert due_before == next_judicial_working_day(START + datetime.timedelta(days=60))
        assert case.deadlines.get(code="prosecution_decision").due_date == (
            due_before + datetime.timedelta(days=45))
        assert case.deadlines.get(code="start_proceedings").due_date == (
            start_before + datetime.timedelta(days=45))
        event = case.events.get(kind="hold_ended")
        assert event.payload["days"] == 45
        assert {d["code"] for d in event.payload["deadlines"]} == {
            "prosecution_decision", "start_proceedings"}

    def test_no_step_can_be_taken_while_on_hold(self, hr_user, decider_user):
        today = datetime.date.today()
        case = investigated(hr_user, on=today)
        proceeding = record_proceeding(case, hr_user, today)
        proceedings.case_hold_start(case=case, user=hr_user, proceeding=proceeding,
                                    starts_on=today, legal_basis="Strafvordering")
        with pytest.raises(errors.WorkflowError) as error:
            disciplinary.case_decide_to_prosecute(case=reload(case), user=decider_user,
                                                  reason="x",
                                                  body=factories.deciding_body(reload(case)))
        assert error.value.message == errors.ON_HOLD
        assert available_steps(case=case, user=decider_user) == []
        proceedings.case_hold_end(case=case, user=hr_user, ends_on=today)
        assert available_steps(case=case, user=decider_user) != []
        disciplinary.case_decide_to_prosecute(case=reload(case), user=decider_user,
                                              reason="x",
                                              body=factories.deciding_body(reload(case)))

    def test_a_preventive_suspension_remains_possible_during_the_criminal_investigation(
            self, hr_user, decider_user):
        case = investigated(hr_user)
        proceeding = record_proceeding(case, hr_user, START)
        proceedings.case_hold_start(case=case, user=hr_user, proceeding=proceeding,
                                    starts_on=START, legal_basis="Strafvordering")
        suspension = disciplinary.case_impose_preventive_suspension(
            case=reload(case), user=decider_user, starts_on=START,
            ends_on=START + datetime.timedelta(days=90), salary_reduction=False,
            reason="Onderzoek van het parket", heard_on=START)
        assert suspension.case == case
        # The suspension's own maximum (art. 209 DLB) is not moved by the hold.
        proceedings.case_hold_end(case=case, user=hr_user,
                                  ends_on=START + datetime.timedelta(days=10))
        assert case.deadlines.get(code="preventive_suspension_max").due_date == (
            START + datetime.timedelta(days=90))

    def test_only_a_running_disciplinary_procedure_can_be_put_on_hold(self, hr_user):
        case = steps.case_take_in_triage(case=submitted_case(), user=hr_user)
        proceeding = record_proceeding(case, hr_user, START)
        with pytest.raises(ValidationError) as error:
            proceedings.case_hold_start(case=case, user=hr_user, proceeding=proceeding,
                                        starts_on=START, legal_basis="x")
        assert error.value.messages == [str(proceedings.HOLD_ONLY_DISCIPLINARY)]

    def test_the_hold_and_its_legal_basis_show_on_the_case_page(self, client, hr_user):
        case = investigated(hr_user, on=datetime.date.today())
        proceeding = record_proceeding(case, hr_user, datetime.date.today())
        proceedings.case_hold_start(case=case, user=hr_user, proceeding=proceeding,
                                    starts_on=datetime.date.today(),
                                    legal_basis="Strafvordering over dezelfde feiten")
        client.force_login(hr_user)
        page = client.get(case.get_absolute_url()).content.decode()
        assert "pending the criminal case (Public prosecutor AN.12.34.5678/26)" in page
        assert "Legal basis: Strafvordering over dezelfde feiten" in page
        assert 'id="steps-heading"' not in page


@pytest.fixture
def dismissed(heard_case, hr_user, decider_user):
    """A statutory employee dismissed (ontslag), the decision posted by registered letter on
    Thursday 26 November 2026."""
    return sanction_and_notify(reload(heard_case), hr_user, decider_user,
                               sanction=Sanction.DISMISSAL, sent_on=datetime.date(2026, 11, 26))


class TestAfterTheDismissal:
    def test_a_registered_letter_takes_effect_on_the_third_working_day(self, dismissed):
        notice = dismissed.notifications.get()
        rule, effective = proceedings.registered_letter_effect(dismissed, notice)
        # Fri 27, Sat 28 count; Sunday 29 does not; Mon 30 November is the third working day.
        assert effective == datetime.date(2026, 11, 30)
        assert rule.to_be_confirmed and "53bis" in rule.legal_source

    def test_other_methods_have_no_presumed_effect(self, dismissed):
        notice = dismissed.notifications.get()
        notice.method = NotificationMethod.HAND_DELIVERED
        assert proceedings.registered_letter_effect(dismissed, notice) is None

    def test_the_checklist_is_dated_from_the_end_of_employment(self, dismissed, hr_user):
        tasks = proceedings.dismissal_checklist_create(case=dismissed, user=hr_user)
        due = {t.kind: t.due_on for t in tasks}
        assert due == {
            DismissalTask.Kind.C4: datetime.date(2026, 11, 30),
            DismissalTask.Kind.SOCIAL_DOCUMENTS: datetime.date(2027, 1, 30),
            DismissalTask.Kind.FINAL_PAY: datetime.date(2026, 12, 30),
        }
        assert all(t.rule.to_be_confirmed for t in tasks)
        event = dismissed.events.get(kind="dismissal_checklist_created")
        assert event.payload["employment_ends"] == "2026-11-30"

    def test_ticking_off_a_task_is_logged_once(self, dismissed, hr_user):
        proceedings.dismissal_checklist_create(case=dismissed, user=hr_user)
        task = dismissed.dismissal_tasks.get(kind=DismissalTask.Kind.C4)
        proceedings.dismissal_task_complete(task=task, user=hr_user,
                                            done_on=datetime.date(2026, 11, 30))
        task.refresh_from_db()
        assert task.done_by == hr_user and task.done_on == datetime.date(2026, 11, 30)
        event = dismissed.events.get(kind="dismissal_task_done")
        assert {key: event.payload[key] for key in ("task", "done_on", "late")} == {
            "task": "c4", "done_on": "2026-11-30", "late": False}
        with pytest.raises(ValidationError):
            proceedings.dismissal_task_complete(task=task, user=hr_user,
                                                done_on=datetime.date(2026, 11, 30))

    def test_no_checklist_without_a_dismissal(self, heard_case, hr_user, decider_user):
        case = sanction_and_notify(heard_case, hr_user, decider_user, sanction=Sanction.REPRIMAND)
        with pytest.raises(ValidationError) as error:
            proceedings.dismissal_checklist_create(case=case, user=hr_user)
        assert error.value.messages == [str(proceedings.NOT_DISMISSED)]
