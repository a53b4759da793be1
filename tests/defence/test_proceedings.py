"""Criminal proceedings put the disciplinary procedure on hold (no deadline time accrues, no step)
and it resumes; the effect of a registered dismissal letter; the checklist after a dismissal."""

import datetime
import io
import zipfile

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import translation

from incidents.models import LegalStatus
from tests import factories
from workflows.legal_sources import gloss_in_english
from tests.documents.conftest import flat, pdf_text
from workflows.documents.models import IssuedDocument
from workflows.documents.services import document_issue
from tests.defence.conftest import hold_basis, reload, sanction_and_notify
from tests.workflows.conftest import submitted_case
from workflows.defence import proceedings
from workflows.defence.forms import HoldStartForm
from workflows.defence.models import CriminalProceeding, DismissalTask, HoldBasis
from workflows.models import NotificationMethod, Sanction
from workflows.retention.export import INDEX_NAME, subject_access_export
from core.templatetags.dates_nl import long_date_nl
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


def saturday_after(*, days):
    """The latest day at least 50 days ago (so 45 days on hold have ended) that is `days` days
    before a Saturday."""
    day = datetime.date.today() - datetime.timedelta(days=50)
    while (day + datetime.timedelta(days=days)).weekday() != 5:
        day -= datetime.timedelta(days=1)
    return day


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
                                    starts_on=START, basis=hold_basis(case))
        proceedings.case_hold_end(case=case, user=hr_user,
                                  ends_on=START + datetime.timedelta(days=45))
        # 60 days, a last day on a weekend or holiday moving to the next working day (rulebook).
        assert due_before == next_judicial_working_day(START + datetime.timedelta(days=60))
        # The days on hold lengthen the period itself; its last day moves again if it must.
        assert case.deadlines.get(code="prosecution_decision").due_date == (
            next_judicial_working_day(START + datetime.timedelta(days=60 + 45)))
        assert start_before == next_judicial_working_day(START + relativedelta(months=6))
        assert case.deadlines.get(code="start_proceedings").due_date == (
            next_judicial_working_day(START + relativedelta(months=6) + datetime.timedelta(days=45)))
        event = case.events.get(kind="hold_ended")
        assert event.payload["days"] == 45
        assert {d["code"] for d in event.payload["deadlines"]} == {
            "prosecution_decision", "start_proceedings"}

    def test_the_days_on_hold_lengthen_the_period_not_its_last_day_moved_past_a_weekend(
            self, hr_user):
        """60 days ending on a Saturday run to Monday (Civil Code art. 1.7, rulebook); 45 days on
        hold then end them on the Saturday + 45, moved if need be: not on the Monday + 45."""
        start = saturday_after(days=60)
        case = investigated(hr_user, on=start)
        proceeding = record_proceeding(case, hr_user, start)
        own_last_day = start + datetime.timedelta(days=60)
        assert case.deadlines.get(code="prosecution_decision").due_date > own_last_day
        proceedings.case_hold_start(case=case, user=hr_user, proceeding=proceeding,
                                    starts_on=start, basis=hold_basis(case))
        proceedings.case_hold_end(case=case, user=hr_user,
                                  ends_on=start + datetime.timedelta(days=45))
        assert case.deadlines.get(code="prosecution_decision").due_date == (
            next_judicial_working_day(own_last_day + datetime.timedelta(days=45)))

    def test_a_second_hold_adds_its_days_to_those_of_the_first(self, hr_user):
        start = saturday_after(days=70)
        case = investigated(hr_user, on=start)
        proceeding = record_proceeding(case, hr_user, start)
        for first, last in ((0, 10), (20, 40)):
            proceedings.case_hold_start(case=reload(case), user=hr_user, proceeding=proceeding,
                                        starts_on=start + datetime.timedelta(days=first),
                                        basis=hold_basis(case))
            proceedings.case_hold_end(case=reload(case), user=hr_user,
                                      ends_on=start + datetime.timedelta(days=last))
        # 60 days + 10 + 20 on hold; after the first hold they ended on a Saturday (moved).
        assert case.deadlines.get(code="prosecution_decision").due_date == (
            next_judicial_working_day(start + datetime.timedelta(days=90)))

    def test_a_hold_cannot_start_before_the_criminal_proceedings_were_known(self, hr_user):
        """Otherwise a backdated hold would stop, and revive, the 60 days to decide on
        prosecution that lapsed while the employer knew of no criminal case."""
        case = investigated(hr_user)
        known = START + datetime.timedelta(days=20)
        proceeding = record_proceeding(case, hr_user, known)
        with pytest.raises(ValidationError) as error:
            proceedings.case_hold_start(case=case, user=hr_user, proceeding=proceeding,
                                        starts_on=known - datetime.timedelta(days=1),
                                        basis=hold_basis(case))
        assert error.value.message_dict["starts_on"] == [proceedings.HOLD_BEFORE_PROCEEDINGS % {
            "known": known.strftime("%d/%m/%Y")}]
        assert not case.holds.exists()
        assert not case.deadlines.filter(on_hold_since__isnull=False).exists()
        assert proceedings.case_hold_start(case=case, user=hr_user, proceeding=proceeding,
                                           starts_on=known, basis=hold_basis(case))

    def test_the_end_of_the_criminal_case_is_recorded_once_and_not_before_it_was_known(
            self, hr_user):
        case = investigated(hr_user)
        proceeding = record_proceeding(case, hr_user, START)
        with pytest.raises(ValidationError) as error:
            proceedings.criminal_proceeding_end(case=case, user=hr_user, proceeding=proceeding,
                                                ended_on=START - datetime.timedelta(days=1))
        assert error.value.message_dict["ended_on"] == [proceedings.ENDED_BEFORE_KNOWN % {
            "known": START.strftime("%d/%m/%Y")}]
        ended = proceedings.criminal_proceeding_end(case=case, user=hr_user,
                                                    proceeding=proceeding, ended_on=START)
        assert ended.ended_on == START
        assert case.events.get(kind="criminal_proceeding_ended").payload["ended_on"] == (
            START.isoformat())
        with pytest.raises(ValidationError) as error:
            proceedings.criminal_proceeding_end(case=case, user=hr_user, proceeding=ended,
                                                ended_on=START)
        assert error.value.messages == [str(proceedings.PROCEEDINGS_ENDED)]

    def test_no_hold_pending_criminal_proceedings_after_they_ended(self, hr_user):
        case = investigated(hr_user)
        proceeding = record_proceeding(case, hr_user, START)
        proceedings.criminal_proceeding_end(case=case, user=hr_user, proceeding=proceeding,
                                            ended_on=START + datetime.timedelta(days=5))
        proceeding.refresh_from_db()
        with pytest.raises(ValidationError) as error:
            proceedings.case_hold_start(case=case, user=hr_user, proceeding=proceeding,
                                        starts_on=START + datetime.timedelta(days=6),
                                        basis=hold_basis(case))
        assert error.value.message_dict["starts_on"] == [proceedings.HOLD_AFTER_PROCEEDINGS % {
            "ended": (START + datetime.timedelta(days=5)).strftime("%d/%m/%Y")}]
        assert not case.holds.exists()

    def test_the_handler_records_the_end_on_the_case_page(self, client, hr_user):
        case = investigated(hr_user)
        proceeding = record_proceeding(case, hr_user, START)
        client.force_login(hr_user)
        page = client.get(case.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Record the end of the criminal proceedings" in page
        response = client.post(f"/cases/{case.reference}/action/criminal_end/", {
            "proceeding": proceeding.pk, "ended_on": START.isoformat()},
            HTTP_ACCEPT_LANGUAGE="en", follow=True)
        page = response.content.decode()
        assert f"ended on {START:%d/%m/%Y}" in page
        assert "Record the end of the criminal proceedings" not in page
        proceeding.refresh_from_db()
        assert proceeding.ended_on == START
        with translation.override("en"):
            data = subject_access_export(employee=case.employee, user=factories.hr_lead())
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert f"ended on {START:%d/%m/%Y}" in archive.read(INDEX_NAME).decode()
        case_file = document_issue(case=reload(case), kind=IssuedDocument.Kind.CASE_FILE,
                                   user=hr_user)
        text = flat(pdf_text(case_file))
        assert "Strafvordering: " in text and "(AN.12.34.5678/26)" in text
        assert f"beëindigd op {long_date_nl(START)}" in text

    def test_no_step_can_be_taken_while_on_hold(self, hr_user, decider_user):
        today = datetime.date.today()
        case = investigated(hr_user, on=today)
        proceeding = record_proceeding(case, hr_user, today)
        proceedings.case_hold_start(case=case, user=hr_user, proceeding=proceeding,
                                    starts_on=today, basis=hold_basis(case))
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
                                    starts_on=START, basis=hold_basis(case))
        suspension = disciplinary.case_impose_preventive_suspension(
            case=reload(case), user=decider_user, starts_on=START,
            ends_on=START + datetime.timedelta(days=90),
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
                                        starts_on=START, basis=hold_basis(case))
        assert error.value.messages == [str(proceedings.HOLD_ONLY_DISCIPLINARY)]

    def test_the_hold_and_its_legal_basis_show_on_the_case_page(self, client, hr_user):
        case = investigated(hr_user, on=datetime.date.today())
        proceeding = record_proceeding(case, hr_user, datetime.date.today())
        basis = hold_basis(case)
        proceedings.case_hold_start(case=case, user=hr_user, proceeding=proceeding,
                                    starts_on=datetime.date.today(), basis=basis,
                                    note="Parket vraagt uitstel")
        client.force_login(hr_user)
        page = client.get(case.get_absolute_url()).content.decode()
        assert "pending the criminal case (Public prosecutor AN.12.34.5678/26)" in page
        assert f"Legal basis: {basis.text_en}" in page
        assert f"{gloss_in_english(basis.legal_source)}, v1; rule to be confirmed by the legal service" in page
        assert "Note: Parket vraagt uitstel" in page
        assert 'id="steps-heading"' not in page


class TestHoldBasis:
    def test_the_legal_basis_is_a_flagged_rulebook_entry_per_regime(self, db):
        bases = HoldBasis.objects.filter(code="criminal_case_same_facts")
        assert {b.regime for b in bases} == {"local_government", "education"}
        assert all(b.to_be_confirmed and "le criminel tient le civil" in b.legal_source
                   for b in bases)

    def test_a_basis_of_another_regime_is_refused(self, hr_user):
        case = investigated(hr_user)
        proceeding = record_proceeding(case, hr_user, START)
        education = HoldBasis.objects.get(regime="education")
        with pytest.raises(ValidationError) as error:
            proceedings.case_hold_start(case=case, user=hr_user, proceeding=proceeding,
                                        starts_on=START, basis=education)
        assert error.value.message_dict == {"basis": [str(proceedings.BASIS_NOT_APPLICABLE)]}
        assert not case.holds.exists()

    def test_the_hold_form_offers_only_the_cases_regime(self, hr_user):
        case = investigated(hr_user)
        form = HoldStartForm(case=case)
        offered = list(form.fields["basis"].queryset)
        assert offered == [HoldBasis.objects.get(regime="local_government")]

    def test_a_newer_version_replaces_the_older_from_its_date(self, hr_user):
        case = investigated(hr_user)
        old = hold_basis(case)
        new = HoldBasis.objects.create(
            code=old.code, regime=old.regime, version=2, effective_from=START,
            text_nl="Nieuw", text_en="New", legal_source="art. X", to_be_confirmed=False)
        assert proceedings.hold_bases(case, START) == [new]
        assert proceedings.hold_bases(case, START - datetime.timedelta(days=1)) == [old]

    def test_legal_confirms_and_corrects_the_basis_on_the_rulebook_page(self, client,
                                                                      legal_user, hr_user):
        basis = HoldBasis.objects.get(regime="local_government")
        client.force_login(legal_user)
        page = client.get("/rulebook/").content.decode()
        assert f"/rulebook/hold_basis/{basis.pk}/confirm/" in page
        response = client.post(f"/rulebook/hold_basis/{basis.pk}/correct/", {
            "text_nl": "Nieuwe tekst", "text_en": "New text", "legal_source": "art. 4 V.T.Sv.",
            "reason": "Nagelezen.", "effective_from": basis.effective_from.isoformat()})
        assert response.status_code == 302
        latest = HoldBasis.objects.get(regime="local_government", version=2)
        assert (latest.text_nl, latest.to_be_confirmed) == ("Nieuwe tekst", False)
        # The hold form now offers the new version only.
        case = investigated(hr_user)
        assert list(HoldStartForm(case=case).fields["basis"].queryset) == [latest]

    def test_the_event_and_the_case_file_carry_the_basis(self, hr_user):
        case = investigated(hr_user)
        proceeding = record_proceeding(case, hr_user, START)
        basis = hold_basis(case)
        proceedings.case_hold_start(case=case, user=hr_user, proceeding=proceeding,
                                    starts_on=START, basis=basis)
        event = case.events.get(kind="hold_started")
        assert event.payload["basis"] == basis.pk and event.payload["to_be_confirmed"] is True
        assert event.payload["legal_source"] == basis.legal_source
        case_file = document_issue(case=reload(case), kind=IssuedDocument.Kind.CASE_FILE,
                                   user=hr_user)
        text = flat(pdf_text(case_file))
        assert "Opgeschort in afwachting van de strafzaak" in text
        assert "Rechtsgrond: De tuchtoverheid wacht de afloop van de strafvordering" in text
        assert "versie 1; te bevestigen door de juridische dienst" in text


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


class TestHoldIsSealed:
    def test_moving_the_start_of_a_hold_behind_the_applications_back_is_caught(self, hr_user):
        from django.db import connection

        from workflows.integrity import check_case

        case = investigated(hr_user)
        proceeding = record_proceeding(case, hr_user, START)
        hold = proceedings.case_hold_start(case=case, user=hr_user, proceeding=proceeding,
                                           starts_on=START, basis=hold_basis(case))
        assert check_case(case) == []
        with connection.cursor() as cursor:
            cursor.execute("UPDATE defence_casehold SET starts_on = %s WHERE id = %s",
                           [START - datetime.timedelta(days=30), hold.pk])
        assert any("(starts_on)" in finding.problem for finding in check_case(case))
