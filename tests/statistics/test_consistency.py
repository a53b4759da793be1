"""The consistency panel: how comparable closed cases ended, protected, for the decision."""

import datetime
from datetime import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from incidents.models import Employee, LegalStatus
from tests import factories
from tests.statistics.conftest import case_in, closed_with_sanction
from tests.workflows.test_disciplinary_track import reload
from workflows.models import Case, ComparisonRelease, Decision, Sanction
from workflows.retention.purge import purge_case_rows
from workflows.services import disciplinary, steps
from workflows.services.steps import case_take_in_triage
from workflows.statistics.consistency import (
    DEVIATION_REASON_REQUIRED,
    comparable_outcomes,
    comparison_release_advance,
)

pytestmark = pytest.mark.django_db


def reprimands(departments, provision, number=5):
    """`number` comparable cases closed with a reprimand (five: one whole published step)."""
    return [closed_with_sanction(departments["ocmw"], Sanction.REPRIMAND, [provision])
            for _ in range(number)]


class TestComparableOutcomes:
    def test_counts_closed_cases_with_the_same_provisions_seriousness_regime_and_track(
            self, pending, departments, provision):
        reprimands(departments, provision)
        closed_with_sanction(departments["ocmw"], Sanction.SUSPENSION,
                             [provision, factories.ProvisionFactory()])  # other provisions
        closed_with_sanction(departments["ocmw"], Sanction.SUSPENSION, [provision],
                             seriousness=Case.Seriousness.MINOR)  # other seriousness
        distribution = comparable_outcomes(pending)
        assert distribution.total.display == "5"
        assert [(key, figure.display) for key, _label, figure in distribution.rows] == [
            ("sanction:blaam", "5")]

    def test_a_rare_outcome_reads_less_than_five_and_cannot_be_subtracted(
            self, pending, departments, provision):
        reprimands(departments, provision, 9)
        closed_with_sanction(departments["ocmw"], Sanction.SUSPENSION, [provision])
        distribution = comparable_outcomes(pending)
        figures = {key: figure for key, _label, figure in distribution.rows}
        assert figures["sanction:schorsing"].display == "< 5"
        # Total 10 is shown: the reprimands are hidden too, or 10 - 9 would give the suspension.
        assert not figures["sanction:blaam"].shown

    def test_fewer_comparable_cases_than_the_threshold_show_nothing(self, pending, departments,
                                                                     provision):
        closed_with_sanction(departments["ocmw"], Sanction.REPRIMAND, [provision])
        assert not comparable_outcomes(pending).enough


class TestDecisionOutsideComparableOutcomes:
    def test_a_sanction_comparable_cases_never_received_needs_a_reason(
            self, pending, departments, provision, decider_user):
        reprimands(departments, provision)
        with pytest.raises(ValidationError) as error:
            disciplinary.case_decide_sanction(
                case=pending, user=decider_user, sanction=Sanction.SUSPENSION, duration_months=1,
                reason="Ernstig", body=factories.deciding_body(pending))
        assert error.value.message_dict["deviation_reason"] == [str(DEVIATION_REASON_REQUIRED)]

    def test_with_a_reason_the_decision_is_recorded_with_it(self, pending, departments,
                                                             provision, decider_user):
        reprimands(departments, provision)
        disciplinary.case_decide_sanction(
            case=pending, user=decider_user, sanction=Sanction.SUSPENSION, duration_months=1,
            reason="Ernstig", body=factories.deciding_body(pending), deviation_reason="Herhaling na eerdere blaam")
        decision = Decision.objects.get(case=pending, sanction=Sanction.SUSPENSION)
        assert decision.deviation_reason == "Herhaling na eerdere blaam"

    def test_the_usual_outcome_needs_no_extra_reason(self, pending, departments, provision,
                                                     decider_user):
        reprimands(departments, provision)
        case = disciplinary.case_decide_sanction(
            case=pending, user=decider_user, sanction=Sanction.REPRIMAND, reason="Ernstig",
            body=factories.deciding_body(pending))
        assert case.outcome == Case.Outcome.SANCTION


class TestPanelOnTheCasePage:
    def test_the_deciding_authority_sees_numbers_but_no_reference_or_name(
            self, client, pending, departments, provision, decider_user):
        others = reprimands(departments, provision)
        for index, other in enumerate(others):
            Employee.objects.filter(pk=other.incident.employee_id).update(
                last_name=f"Vergelijkbaar{index}")
        client.force_login(decider_user)
        response = client.get(pending.get_absolute_url())
        assert response.context["consistency"].total.value == 5
        page = response.content.decode()
        assert "How comparable cases ended" in page
        assert "Vergelijkbaar" not in page
        for other in others:
            assert other.reference not in page
            assert other.incident.employee.personnel_number not in page

    def test_the_hr_handler_does_not_see_the_panel(self, client, pending, departments, provision,
                                                   hr_user):
        reprimands(departments, provision)
        client.force_login(hr_user)
        response = client.get(pending.get_absolute_url())
        assert response.context["consistency"] is None
        assert "How comparable cases ended" not in response.content.decode()

    def test_the_panel_runs_the_same_queries_for_more_comparable_cases(
            self, client, pending, departments, provision, decider_user):
        reprimands(departments, provision)
        client.force_login(decider_user)
        client.get(pending.get_absolute_url())
        with CaptureQueriesContext(connection) as few:
            client.get(pending.get_absolute_url())
        reprimands(departments, provision)
        with CaptureQueriesContext(connection) as many:
            client.get(pending.get_absolute_url())
        assert len(many) == len(few)


def reported_serious_case(departments, provision, hr_user) -> Case:
    """A statutory case of the group of `reprimands`, taken in through the services up to the
    investigation report, waiting for the decision whether to prosecute."""
    case = case_take_in_triage(case=case_in(departments["communication"],
                                            provisions=[provision],
                                            status=LegalStatus.STATUTORY,
                                            knowledge_date=timezone.localdate()),
                               user=hr_user)
    case = steps.case_open_disciplinary(case=case, user=hr_user,
                                        knowledge_date=timezone.localdate(),
                                        investigator=factories.legal())
    case = disciplinary.case_take_note_of_report(case=case, user=hr_user,
                                                 noted_on=timezone.localdate())
    Case.objects.filter(pk=case.pk).update(seriousness=Case.Seriousness.SERIOUS)
    return reload(case)


def post_sanction(client, case, **extra):
    """A suspension decided through the decision form."""
    # "confirmed": the decision's summary was read and confirmed (the confirmation step).
    data = {"sanction": Sanction.SUSPENSION, "duration_months": "1", "reason": "Ernstig",
            "body": factories.deciding_body(case).pk, "confirmed": "1", **extra}
    return client.post(reverse("workflows:case_step", args=[case.reference, "decide_sanction"]),
                       data)


class TestDecisionForm:
    def test_the_form_asks_for_the_reason_and_keeps_what_was_typed(
            self, client, pending, departments, provision, decider_user):
        reprimands(departments, provision)
        client.force_login(decider_user)
        response = post_sanction(client, pending)
        assert response.status_code == 400
        form = next(s["form"] for s in response.context["step_forms"]
                    if s["name"] == "decide_sanction")
        assert form.errors["deviation_reason"] == [str(DEVIATION_REASON_REQUIRED)]
        assert form["reason"].value() == "Ernstig"
        assert reload(pending).state == pending.state

    def test_with_the_reason_the_form_records_the_decision(self, client, pending, departments,
                                                          provision, decider_user):
        reprimands(departments, provision)
        client.force_login(decider_user)
        response = post_sanction(client, pending, deviation_reason="Herhaling")
        assert response.status_code == 302
        assert Decision.objects.get(case=pending, sanction=Sanction.SUSPENSION).deviation_reason \
            == "Herhaling"


class TestDismissalTrack:
    def test_other_measure_outside_comparable_cases_needs_a_reason(self, departments, provision,
                                                                   hr_user, decider_user):
        from workflows.models import Hearing
        from workflows.services import steps
        from workflows.states import Regime, Track

        for _ in range(5):
            comparison_release_advance(case=case_in(
                departments["ocmw"], provisions=[provision], state="closed",
                track=Track.DISMISSAL, regime=Regime.CONTRACT, outcome=Case.Outcome.DISMISSED,
                closed_at=timezone.now()))
        case = case_take_in_triage(case=case_in(departments["communication"],
                                                provisions=[provision]), user=hr_user)
        case = steps.case_open_dismissal(case=case, user=hr_user,
                                         knowledge_date=timezone.localdate(),
                                         reason="Het college hoorde pas vandaag van de feiten.")
        case = steps.case_convene_hearing(case=case, user=hr_user, scheduled_at=timezone.now(),
                                          summoned_on=timezone.localdate() - datetime.timedelta(days=7),
                                          place="Raadzaal", facts_summary="Bericht",
                                          confirm_unusual_time=True)
        case = steps.case_record_hearing(case=case, user=hr_user, outcome=Hearing.Outcome.HELD,
                                         start_time=time(10), end_time=time(11, 15),
                                         held_on=timezone.localdate(), minutes="Gehoord")
        with pytest.raises(ValidationError) as error:
            steps.case_decide_other_measure(case=reload(case), user=decider_user,
                                            measure=Case.Outcome.WARNING, reason="Licht",
                                            body=factories.deciding_body(reload(case)))
        assert "deviation_reason" in error.value.message_dict
        decided = steps.case_decide_dismissal(case=reload(case), user=decider_user,
                                              reason="Zwaar",
                                              body=factories.deciding_body(reload(case)))
        assert decided.decisions.get().kind == "dismissal"


def panel_text(client, case) -> str:
    """The consistency panel as the deciding authority reads it on the case page."""
    page = client.get(case.get_absolute_url()).content.decode()
    start = page.index('<section aria-labelledby="consistency-heading"')
    return page[start:page.index("</section>", start)]


def shown(distribution) -> dict:
    return {key: figure.display for key, _label, figure in distribution.rows} | {
        "total": distribution.total.display}


class TestDifferencingAttack:
    """An attacker views the panel, closes one more comparable case whose outcome they know (or
    watches one close), views again, and subtracts."""

    def test_one_more_comparable_case_closing_leaves_the_panel_unchanged(
            self, client, pending, departments, provision, decider_user):
        reprimands(departments, provision)
        client.force_login(decider_user)
        before = panel_text(client, pending)
        closed_with_sanction(departments["ocmw"], Sanction.SUSPENSION, [provision])
        after = panel_text(client, pending)
        assert after == before
        assert "Suspension" not in after and "Schorsing" not in after

    def test_two_views_never_differ_by_fewer_cases_than_the_threshold(
            self, pending, departments, provision):
        reprimands(departments, provision)
        views = [comparable_outcomes(pending)]
        for sanction in [Sanction.SUSPENSION] + [Sanction.REPRIMAND] * 8:
            closed_with_sanction(departments["ocmw"], sanction, [provision])
            views.append(comparable_outcomes(pending))
        totals = [view.total.value for view in views]
        assert totals == [5, 5, 5, 5, 5, 10, 10, 10, 10, 10]
        steps = [after - before for before, after in zip(totals, totals[1:])]
        assert all(step == 0 or step >= 5 for step in steps)
        # The suspension the attacker knows of joined with four other cases at once, and the
        # view that shows it hides it as fewer than five (and its complement), as any cell.
        assert shown(views[4]) == shown(views[0])
        assert shown(views[5]) == {"sanction:blaam": "×", "sanction:schorsing": "< 5",
                                   "total": "10"}

    def test_the_panel_says_up_to_when_closed_cases_are_counted(
            self, client, pending, departments, provision, decider_user):
        counted = reprimands(departments, provision)
        closed_with_sanction(departments["ocmw"], Sanction.SUSPENSION, [provision])
        last = Case.objects.get(pk=counted[-1].pk).closed_at
        assert comparable_outcomes(pending).counted_until == last
        client.force_login(decider_user)
        text = panel_text(client, pending)
        assert "closed up to" in text
        assert formats.date_format(timezone.localtime(last), "DATETIME_FORMAT") in text


class TestPublishedCutOff:
    """The cut-off is kept per comparison group when a case closes, as a time: cases leaving the
    comparison later (retention purge) do not let a newer case slip in."""

    def test_a_purged_old_case_does_not_let_the_next_closed_case_in(
            self, pending, departments, provision):
        closed = reprimands(departments, provision, 10)
        newest = closed_with_sanction(departments["ocmw"], Sanction.SUSPENSION, [provision])
        comparison_release_advance(case=newest)  # as closing through the services does
        assert shown(comparable_outcomes(pending)) == {"sanction:blaam": "10", "total": "10"}
        with transaction.atomic():
            purge_case_rows(Case.objects.get(pk=closed[0].pk))
        after = shown(comparable_outcomes(pending))
        assert after == {"sanction:blaam": "9", "total": "9"}

    def test_closing_a_case_through_the_services_publishes_its_groups_cut_off(
            self, departments, provision, hr_user, decider_user):
        others = reprimands(departments, provision, 4)
        case = reported_serious_case(departments, provision, hr_user)
        assert not ComparisonRelease.objects.exists()
        case = disciplinary.case_decide_not_to_prosecute(
            case=reload(case), user=decider_user, reason="Onvoldoende bewijs",
            body=factories.deciding_body(reload(case)))
        # The fifth comparable case closed: a whole step, published up to its closing.
        release = ComparisonRelease.objects.get()
        assert release.counted_until == reload(case).closed_at
        assert release.counted_until > reload(others[-1]).closed_at
