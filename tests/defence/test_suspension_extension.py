"""Subsidised education staff: a preventive suspension lasts at most one year, and runs beyond it
only while criminal proceedings about the facts run, by at most the rulebook's extension at a time.
The Decreet Lokaal Bestuur allows no extension beyond its six months (art. 209)."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError

from incidents.models import LegalStatus
from tests import factories
from tests.defence.conftest import reload
from tests.defence.test_proceedings import investigated, record_proceeding
from tests.workflows.conftest import submitted_case
from workflows.defence import extension, proceedings
from workflows.legal_sources import gloss_in_english
from workflows.models import DeadlineRule
from workflows.services import disciplinary, steps, suspensions

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
# Suspended 330 days ago for the whole year: its last day is about a month away.
STARTS = TODAY - datetime.timedelta(days=330)
ONE_YEAR_LAST_DAY = STARTS + relativedelta(months=12) - datetime.timedelta(days=1)


def education_case(hr):
    case = steps.case_take_in_triage(case=submitted_case(
        status=LegalStatus.EDUCATION_PERMANENT, facts=STARTS - datetime.timedelta(days=10),
        knowledge=STARTS - datetime.timedelta(days=9)), user=hr)
    return steps.case_open_disciplinary(case=case, user=hr, knowledge_date=STARTS,
                                        investigator=factories.legal(),
                                        reason="De melding bereikte de inrichtende macht later.")


def suspend(case, decider, *, starts_on, ends_on):
    return disciplinary.case_impose_preventive_suspension(
        case=reload(case), user=decider, starts_on=starts_on, ends_on=ends_on,
        salary_reduction_percent=0, reason="Ordemaatregel", heard_on=starts_on)


@pytest.fixture
def suspended(hr_user, decider_user):
    case = education_case(hr_user)
    suspend(case, decider_user, starts_on=STARTS, ends_on=ONE_YEAR_LAST_DAY)
    return case


def extend(case, decider, ends_on):
    return extension.preventive_suspension_extend(case=reload(case), user=decider,
                                                  ends_on=ends_on, reason="Strafonderzoek loopt")


class TestEducationExtension:
    def test_the_extension_is_a_flagged_rulebook_entry_of_the_education_regime_only(self, db):
        rules = DeadlineRule.objects.filter(code=suspensions.EXTENSION_CODE)
        assert {r.regime for r in rules} == {"education"}
        rule = rules.get()
        assert rule.to_be_confirmed and rule.length == 6 and rule.unit == "months"
        assert "27 maart 1991" in rule.legal_source

    def test_during_a_criminal_case_the_suspension_runs_beyond_one_year(
            self, suspended, hr_user, decider_user):
        record_proceeding(suspended, hr_user, TODAY)
        new_last = ONE_YEAR_LAST_DAY + relativedelta(months=6)
        suspension = extend(suspended, decider_user, new_last)
        assert suspension.ends_on == new_last
        assert suspended.deadlines.get(code="preventive_suspension_max").due_date == new_last
        event = suspended.events.get(kind="suspension_extended")
        assert event.payload["previous_ends_on"] == ONE_YEAR_LAST_DAY.isoformat()
        assert event.payload["to_be_confirmed"] is True

    def test_without_criminal_proceedings_it_cannot_run_beyond_one_year(
            self, suspended, decider_user):
        with pytest.raises(ValidationError) as error:
            extend(suspended, decider_user, ONE_YEAR_LAST_DAY + datetime.timedelta(days=1))
        assert "only while criminal proceedings about the facts run" in error.value.messages[0]
        assert reload(suspended).suspensions.get().ends_on == ONE_YEAR_LAST_DAY

    def test_once_the_criminal_case_ended_it_cannot_run_beyond_one_year(
            self, suspended, hr_user, decider_user):
        proceeding = record_proceeding(suspended, hr_user, TODAY - datetime.timedelta(days=60))
        proceedings.criminal_proceeding_end(case=suspended, user=hr_user, proceeding=proceeding,
                                            ended_on=TODAY - datetime.timedelta(days=1))
        with pytest.raises(ValidationError) as error:
            extend(suspended, decider_user, ONE_YEAR_LAST_DAY + datetime.timedelta(days=1))
        assert "only while criminal proceedings about the facts run" in error.value.messages[0]
        assert reload(suspended).suspensions.get().ends_on == ONE_YEAR_LAST_DAY
        # Nor by a new suspension that continues the chain.
        assert not suspensions.criminal_proceedings_run(reload(suspended))

    def test_an_extension_longer_than_the_rule_allows_is_refused(
            self, suspended, hr_user, decider_user):
        record_proceeding(suspended, hr_user, TODAY)
        limit = ONE_YEAR_LAST_DAY + relativedelta(months=6)
        with pytest.raises(ValidationError) as error:
            extend(suspended, decider_user, limit + datetime.timedelta(days=1))
        assert error.value.message_dict["ends_on"] == [str(suspensions.EXTENSION_TOO_LONG % {
            "length": "6 months", "source": gloss_in_english(DeadlineRule.objects.get(
                code=suspensions.EXTENSION_CODE).legal_source),
            "last": limit.strftime("%d/%m/%Y")})]
        assert reload(suspended).suspensions.get().ends_on == ONE_YEAR_LAST_DAY

    def test_within_the_year_no_criminal_case_is_needed(self, hr_user, decider_user):
        case = education_case(hr_user)
        suspend(case, decider_user, starts_on=STARTS, ends_on=STARTS + relativedelta(months=11))
        assert extend(case, decider_user, ONE_YEAR_LAST_DAY).ends_on == ONE_YEAR_LAST_DAY

    def test_a_suspension_that_ended_cannot_be_extended(self, hr_user, decider_user):
        case = education_case(hr_user)
        record_proceeding(case, hr_user, TODAY)
        suspend(case, decider_user, starts_on=STARTS, ends_on=TODAY - datetime.timedelta(days=1))
        with pytest.raises(ValidationError) as error:
            extend(case, decider_user, TODAY + datetime.timedelta(days=30))
        assert error.value.messages == [str(extension.EXTENSION_NOT_RUNNING)]

    def test_only_the_deciding_authority_extends(self, suspended, hr_user):
        with pytest.raises(Exception) as error:
            extend(suspended, hr_user, ONE_YEAR_LAST_DAY + datetime.timedelta(days=1))
        assert str(error.value) == str(extension.EXTENSION_NOT_ALLOWED)


class TestLocalGovernment:
    def test_no_extension_beyond_six_months_even_during_a_criminal_case(
            self, hr_user, decider_user):
        starts = TODAY - datetime.timedelta(days=150)
        case = investigated(hr_user, on=starts)
        record_proceeding(case, hr_user, starts)
        last = starts + relativedelta(months=6) - datetime.timedelta(days=1)
        suspend(case, decider_user, starts_on=starts, ends_on=last)
        with pytest.raises(ValidationError) as error:
            extend(case, decider_user, last + datetime.timedelta(days=1))
        assert "allows no extension beyond it" in error.value.message_dict["ends_on"][0]
        assert "art. 209" in error.value.message_dict["ends_on"][0]

    def test_extending_a_second_suspension_cannot_pass_the_maximum_counted_from_the_first(
            self, hr_user, decider_user):
        first_start = TODAY - datetime.timedelta(days=150)
        case = investigated(hr_user, on=first_start)
        suspend(case, decider_user, starts_on=first_start,
                ends_on=TODAY - datetime.timedelta(days=60))
        chain_last = first_start + relativedelta(months=6) - datetime.timedelta(days=1)
        suspend(case, decider_user, starts_on=TODAY - datetime.timedelta(days=59),
                ends_on=chain_last)
        with pytest.raises(ValidationError) as error:
            extend(case, decider_user, chain_last + datetime.timedelta(days=1))
        assert "allows no extension beyond it" in error.value.message_dict["ends_on"][0]
        assert reload(case).suspensions.order_by("starts_on").last().ends_on == chain_last


class TestOnTheCasePage:
    def test_the_refusal_is_a_clear_message_and_the_input_is_kept(
            self, client, suspended, decider_user):
        client.force_login(decider_user)
        page = client.get(suspended.get_absolute_url()).content.decode()
        assert "Extend the preventive suspension" in page
        wanted = ONE_YEAR_LAST_DAY + datetime.timedelta(days=10)
        response = client.post(
            f"/cases/{suspended.reference}/action/suspension_extend/",
            {"ends_on": wanted.isoformat(), "reason": "Strafonderzoek loopt"}, follow=True)
        body = response.content.decode()
        assert response.status_code in (200, 400)
        assert "only while criminal proceedings about the facts run" in body
        assert "Strafonderzoek loopt" in body
        assert reload(suspended).suspensions.get().ends_on == ONE_YEAR_LAST_DAY
