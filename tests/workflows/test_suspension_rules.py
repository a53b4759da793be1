"""A preventive suspension within the rulebook's bounds: the salary reduction each regime allows,
no continuation beyond the maximum, and its lapse (art. 209 DLB; decree of 27 March 1991)."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from incidents.models import LegalStatus
from tests import factories
from workflows.legal_sources import gloss_in_english
from tests.workflows.conftest import submitted_case
from workflows.defence import proceedings
from workflows.defence.models import CriminalProceeding
from workflows.models import Case, CaseEvent, DeadlineRule, PreventiveSuspension, SuspensionRule
from workflows.services import disciplinary, steps
from workflows.services.rulebook import rule_correct
from workflows.services.suspensions import (
    EXTENSION_CODE,
    EXTENSION_TOO_LONG,
    NOT_BEYOND_MAXIMUM,
    REDUCTION_NEEDS_CRIMINAL_PROCEEDINGS,
    REDUCTION_NOT_ALLOWED,
    REDUCTION_TOO_HIGH,
    case_wind_down,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
START = datetime.date(2026, 11, 2)


def reload(case):
    return Case.objects.get(pk=case.pk)


def opened(case, hr):
    return steps.case_open_disciplinary(case=case, user=hr, knowledge_date=TODAY(),
                                        investigator=factories.legal())


def education_case(hr):
    case = steps.case_take_in_triage(
        case=submitted_case(status=LegalStatus.EDUCATION_TEMPORARY_INDEFINITE), user=hr)
    return opened(case, hr)


def criminal_proceedings(case, hr):
    proceedings.criminal_proceeding_record(case=case, user=hr,
                                           body=CriminalProceeding.Body.PROSECUTOR,
                                           reference="AN.12.34.5678/26", known_on=START)


def suspend(case, decider, *, percent=0, starts_on=START, ends_on=START + datetime.timedelta(90)):
    return disciplinary.case_impose_preventive_suspension(
        case=reload(case), user=decider, starts_on=starts_on, ends_on=ends_on, reason="Onderzoek",
        heard_on=START, salary_reduction_percent=percent)


def pay_error(error) -> str:
    return error.value.message_dict["salary_reduction_percent"][0]


class TestSalaryReduction:
    def test_statutory_reduction_needs_criminal_proceedings_on_the_same_facts(
            self, statutory_case, hr_user, decider_user):
        case = opened(statutory_case, hr_user)
        rule = SuspensionRule.objects.in_force(START, regime=case.regime)
        with pytest.raises(ValidationError) as error:
            suspend(case, decider_user, percent=10)
        assert pay_error(error) == REDUCTION_NEEDS_CRIMINAL_PROCEEDINGS % {
            "source": gloss_in_english(rule.legal_source), "flag": " (to be confirmed by the legal service)"}
        assert not PreventiveSuspension.objects.filter(case=case).exists()

    def test_statutory_reduction_is_at_most_one_fifth_of_net_pay(
            self, statutory_case, hr_user, decider_user):
        case = opened(statutory_case, hr_user)
        criminal_proceedings(case, hr_user)
        with pytest.raises(ValidationError) as error:
            suspend(case, decider_user, percent=21)
        assert "At most 20% of the net pay" in pay_error(error)
        suspension = suspend(case, decider_user, percent=20)
        assert suspension.salary_reduction_percent == 20
        assert suspension.salary_reduction
        assert suspension.rule.regime == case.regime

    def test_education_keeps_the_pay(self, hr_user, decider_user):
        case = education_case(hr_user)
        criminal_proceedings(case, hr_user)
        with pytest.raises(ValidationError) as error:
            suspend(case, decider_user, percent=5)
        rule = SuspensionRule.objects.in_force(START, regime=case.regime)
        assert pay_error(error) == REDUCTION_NOT_ALLOWED % {
            "source": gloss_in_english(rule.legal_source), "flag": " (to be confirmed by the legal service)"}
        assert suspend(case, decider_user).salary_reduction_percent == 0

    def test_a_corrected_bound_applies_from_its_new_version(
            self, statutory_case, hr_user, decider_user, legal_user):
        case = opened(statutory_case, hr_user)
        criminal_proceedings(case, hr_user)
        rule = SuspensionRule.objects.in_force(START, regime=case.regime)
        rule_correct(rule=rule, user=factories.hr_lead(), reason="Rechtspositieregeling art. 12",
                     max_reduction_percent=10)
        with pytest.raises(ValidationError) as error:
            suspend(case, decider_user, percent=20)
        assert "At most 10% of the net pay" in pay_error(error)
        assert suspend(case, decider_user, percent=10).rule.version == 2

    def test_the_form_refuses_a_reduction_beyond_the_bound_with_the_message(
            self, client, statutory_case, hr_user, decider_user):
        case = opened(statutory_case, hr_user)
        criminal_proceedings(case, hr_user)
        client.force_login(decider_user)
        url = reverse("workflows:case_action", args=[case.reference, "suspension"])
        response = client.post(url, {
            "starts_on": START.isoformat(),
            "ends_on": (START + datetime.timedelta(30)).isoformat(),
            "salary_reduction_percent": "50", "reason": "Onderzoek",
            "heard_on": START.isoformat()})
        assert "At most 20% of the net pay" in response.content.decode()
        assert not PreventiveSuspension.objects.filter(case=case).exists()


class TestLapse:
    def test_a_second_suspension_cannot_continue_beyond_the_first_ones_maximum(
            self, statutory_case, hr_user, decider_user):
        case = opened(statutory_case, hr_user)
        suspend(case, decider_user, ends_on=datetime.date(2027, 2, 1))
        with pytest.raises(ValidationError) as error:
            suspend(case, decider_user, starts_on=datetime.date(2027, 2, 2),
                    ends_on=datetime.date(2027, 6, 1))
        assert error.value.message_dict["ends_on"] == [NOT_BEYOND_MAXIMUM % {
            "first": "02/11/2026", "last": "01/05/2027",
            "source": "art. 209 Decreet Lokaal Bestuur (Local Government Decree) of "
                      "22 December 2017"}]
        suspend(case, decider_user, starts_on=datetime.date(2027, 2, 2),
                ends_on=datetime.date(2027, 5, 1))

    def test_education_may_extend_during_criminal_proceedings(self, hr_user, decider_user):
        case = education_case(hr_user)
        suspend(case, decider_user, ends_on=datetime.date(2027, 11, 1))
        later = dict(starts_on=datetime.date(2027, 11, 2), ends_on=datetime.date(2028, 3, 1))
        with pytest.raises(ValidationError):
            suspend(case, decider_user, **later)
        criminal_proceedings(case, hr_user)
        assert suspend(case, decider_user, **later).ends_on == datetime.date(2028, 3, 1)

    def test_during_criminal_proceedings_each_new_suspension_reaches_at_most_one_extension(
            self, hr_user, decider_user):
        # The same bound as extending a running suspension (six months in the rulebook, flagged):
        # a chain of new suspensions is not a way around it.
        case = education_case(hr_user)
        criminal_proceedings(case, hr_user)
        suspend(case, decider_user, ends_on=datetime.date(2027, 11, 1))
        rule = DeadlineRule.objects.in_force(EXTENSION_CODE, case.regime, TODAY())
        with pytest.raises(ValidationError) as error:
            suspend(case, decider_user, starts_on=datetime.date(2027, 11, 2),
                    ends_on=datetime.date(2028, 5, 2))
        assert error.value.message_dict["ends_on"] == [EXTENSION_TOO_LONG % {
            "length": rule.length_label, "source": gloss_in_english(rule.legal_source),
            "last": "01/05/2028"}]
        suspend(case, decider_user, starts_on=datetime.date(2027, 11, 2),
                ends_on=datetime.date(2028, 5, 1))
        # The next one counts from the last day the chain reached, not from the first maximum.
        with pytest.raises(ValidationError):
            suspend(case, decider_user, starts_on=datetime.date(2028, 5, 2),
                    ends_on=datetime.date(2028, 11, 2))
        suspend(case, decider_user, starts_on=datetime.date(2028, 5, 2),
                ends_on=datetime.date(2028, 11, 1))

    def test_without_an_extension_rule_the_chain_stops_at_the_maximum_even_in_a_criminal_case(
            self, hr_user, decider_user):
        case = education_case(hr_user)
        criminal_proceedings(case, hr_user)
        suspend(case, decider_user, ends_on=datetime.date(2027, 11, 1))
        DeadlineRule.objects.filter(code=EXTENSION_CODE).delete()
        with pytest.raises(ValidationError) as error:
            suspend(case, decider_user, starts_on=datetime.date(2027, 11, 2),
                    ends_on=datetime.date(2027, 12, 1))
        assert "01/11/2027" in error.value.message_dict["ends_on"][0]

    def test_a_passed_term_is_recorded_as_lapsed_with_its_consequence(
            self, statutory_case, hr_user, decider_user):
        case = opened(statutory_case, hr_user)
        start = TODAY() - datetime.timedelta(days=40)
        suspension = suspend(case, decider_user, starts_on=start,
                             ends_on=TODAY() - datetime.timedelta(days=10))
        assert suspension.lapsed
        case_wind_down(case=reload(case), on=TODAY(), actor=hr_user)
        suspension.refresh_from_db()
        assert suspension.end_reason == PreventiveSuspension.EndReason.LAPSED
        assert suspension.ended_on == TODAY() - datetime.timedelta(days=10)
        event = CaseEvent.objects.get(case=case, kind="suspension_lapsed")
        assert "vervalt van rechtswege" in event.note
        assert "art. 209 DLB" in event.note

    def test_a_running_suspension_is_not_lapsed(self, statutory_case, hr_user, decider_user):
        case = opened(statutory_case, hr_user)
        suspension = suspend(case, decider_user, starts_on=TODAY(),
                             ends_on=TODAY() + datetime.timedelta(days=10))
        case_wind_down(case=reload(case), on=TODAY(), actor=hr_user)
        suspension.refresh_from_db()
        assert not suspension.lapsed
        assert suspension.ended_on is None
        assert not CaseEvent.objects.filter(case=case, kind="suspension_lapsed").exists()

    def test_the_case_page_shows_the_lapse_and_the_pay(self, client, statutory_case, hr_user,
                                                       decider_user):
        case = opened(statutory_case, hr_user)
        suspend(case, decider_user, starts_on=TODAY() - datetime.timedelta(days=40),
                ends_on=TODAY() - datetime.timedelta(days=10))
        client.force_login(hr_user)
        page = client.get(case.get_absolute_url()).content.decode()
        assert "Vervallen na" in page or "Lapsed after" in page
        assert "vervalt van rechtswege" in page or "lapses by law" in page


    def test_the_case_page_states_that_the_last_day_is_included(self, client, statutory_case,
                                                                hr_user, decider_user):
        case = opened(statutory_case, hr_user)
        suspend(case, decider_user, ends_on=START + datetime.timedelta(30))
        client.force_login(hr_user)
        page = client.get(case.get_absolute_url()).content.decode()
        last = (START + datetime.timedelta(30)).strftime("%d/%m/%Y")
        assert f"{START:%d/%m/%Y} – {last} (last day included)" in page


class TestInTheRulebook:
    def test_legal_sees_the_pay_terms_with_source_and_flag_and_corrects_them(self, client,
                                                                              legal_user):
        rule = SuspensionRule.objects.get(regime="local_government", version=1)
        client.force_login(legal_user)
        html = client.get("/rulebook/").content.decode()
        assert "Salary reduction of at most 20% of net pay" in html
        assert gloss_in_english(rule.legal_source) in html
        assert f"/rulebook/suspension/{rule.pk}/confirm/" in html
        response = client.post(f"/rulebook/suspension/{rule.pk}/correct/", {
            "reduction_allowed": "on", "max_reduction_percent": "10",
            "only_with_criminal_proceedings": "on", "legal_source": "Rechtspositieregeling",
            "reason": "Eigen rechtspositieregeling, art. 12",
            "effective_from": rule.effective_from.isoformat()})
        assert response.status_code == 302
        new = SuspensionRule.objects.in_force(TODAY(), regime="local_government")
        assert (new.version, new.max_reduction_percent, new.to_be_confirmed) == (2, 10, False)

    def test_running_cases_using_a_suspension_rule_show_only_to_who_may_see_them(
            self, client, hr_user, decider_user, statutory_case):
        seen = opened(statutory_case, hr_user)
        hidden = opened(steps.case_take_in_triage(
            case=submitted_case(status=LegalStatus.STATUTORY), user=hr_user), hr_user)
        suspend(seen, decider_user)
        suspend(hidden, decider_user)
        reader = factories.legal()
        from workflows.access import grant_case_permissions

        grant_case_permissions(case=seen, who=reader, codenames=["view_case"])
        client.force_login(reader)
        html = client.get("/rulebook/").content.decode()
        assert seen.reference in html
        assert hidden.reference not in html


def test_the_daily_job_records_each_lapse_once(statutory_case, hr_user, decider_user):
    case = opened(statutory_case, hr_user)
    suspend(case, decider_user, starts_on=TODAY() - datetime.timedelta(days=40),
            ends_on=TODAY() - datetime.timedelta(days=1))
    running = opened(steps.case_take_in_triage(
        case=submitted_case(status=LegalStatus.STATUTORY), user=hr_user), hr_user)
    suspend(running, decider_user, starts_on=TODAY(), ends_on=TODAY() + datetime.timedelta(9))
    call_command("record_suspension_lapses", stdout=io.StringIO())
    call_command("record_suspension_lapses", stdout=io.StringIO())
    assert CaseEvent.objects.filter(case=case, kind="suspension_lapsed").count() == 1
    assert not CaseEvent.objects.filter(case=running, kind="suspension_lapsed").exists()


def test_a_salary_reduction_changed_behind_the_applications_back_is_caught(
        statutory_case, hr_user, decider_user):
    case = opened(statutory_case, hr_user)
    criminal_proceedings(case, hr_user)
    suspension = suspend(case, decider_user, percent=20)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE workflows_preventivesuspension SET salary_reduction_percent = 5 "
                       "WHERE id = %s", [suspension.pk])
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("verify_case_history", stdout=out, stderr=io.StringIO())
    assert any(line.startswith(f"{case.reference}: ") and "(salary_reduction_percent)" in line
               for line in out.getvalue().splitlines()), out.getvalue()


class TestSuspensionDeadlineSentence:
    def test_a_suspension_shorter_than_the_maximum_is_not_described_as_the_limit(
            self, statutory_case, hr_user, decider_user):
        from core.templatetags.dates_nl import long_date
        from workflows.deadlines import rule_due_date
        from workflows.services.deadlines import deadline_sentence

        case = opened(statutory_case, hr_user)
        suspension = suspend(case, decider_user)
        deadline = case.deadlines.get(code="preventive_suspension_max")
        assert deadline.due_date == suspension.ends_on
        sentence = deadline_sentence(deadline)
        assert "as decided; the limit is 6 months after" in sentence
        assert " by " not in sentence
        deadline.due_date = rule_due_date(deadline.rule, deadline.start_date)
        at_the_limit = deadline_sentence(deadline)
        assert f" by {long_date(deadline.due_date)} (6 months after" in at_the_limit
        assert "as decided" not in at_the_limit and "extended" not in at_the_limit

    def test_a_suspension_extended_beyond_the_maximum_is_not_described_as_the_limit(
            self, statutory_case, hr_user, decider_user):
        from django.utils import translation

        from core.templatetags.dates_nl import long_date
        from workflows.deadlines import rule_due_date
        from workflows.services.deadlines import deadline_sentence

        case = opened(statutory_case, hr_user)
        suspend(case, decider_user)
        deadline = case.deadlines.get(code="preventive_suspension_max")
        limit = rule_due_date(deadline.rule, deadline.start_date)
        deadline.due_date = limit + datetime.timedelta(days=30)
        sentence = deadline_sentence(deadline)
        assert "on " + long_date(deadline.due_date) in sentence
        assert "extended beyond the limit of 6 months after" in sentence
        assert " by " not in sentence and "as decided" not in sentence
        with translation.override("nl"):
            assert "verlengd voorbij de grens van" in deadline_sentence(deadline)
