"""The disciplinary record: prior sanctions with their erasure (doorhaling) date from the rulebook,
as the record stood on the date of the facts; erased sanctions cannot be cited."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from incidents.models import LegalStatus
from incidents.services import incident_submit
from tests import factories
from tests.defence.conftest import TODAY, reload, run_to_hearing, sanction_and_notify
from tests.workflows.conftest import submitted_case
from workflows.defence import services
from workflows.defence.models import DecisionCitation
from workflows.defence.record import case_record, record_of
from workflows.forms import SanctionForm
from workflows.models import CaseDeadline, DeadlineRule, Decision, Sanction
from workflows.services import disciplinary, steps

pytestmark = pytest.mark.django_db
LOCAL = "local_government"


def enter(case, hr, sanction, decided_on):
    return services.prior_sanction_enter(case=case, user=hr, sanction=sanction,
                                         decided_on=decided_on, authority="College",
                                         reference="CBS 2020/12")


class TestErasureFromTheRulebook:
    def test_erasure_periods_come_from_flagged_rulebook_entries(self):
        for code, months in [("erasure_blaam", 12), ("erasure_inhouding_salaris", 36),
                             ("erasure_schorsing", 48)]:
            rule = DeadlineRule.objects.in_force(code, LOCAL, datetime.date(2024, 1, 1))
            assert (rule.length, rule.unit, rule.to_be_confirmed) == (months, "months", True)

    def test_a_reprimand_is_erased_one_year_after_the_decision(self, heard_case, hr_user):
        enter(heard_case, hr_user, Sanction.REPRIMAND, datetime.date(2023, 2, 28))
        (entry,) = case_record(heard_case)
        assert entry.erasure_date == datetime.date(2024, 2, 28)
        assert entry.erased and entry.rule.legal_source.startswith("regeling van het vroegere")

    def test_a_new_rule_version_changes_the_erasure_date(self, heard_case, hr_user):
        rule = DeadlineRule.objects.in_force("erasure_schorsing", LOCAL, datetime.date(2024, 1, 1))
        DeadlineRule.objects.create(
            code=rule.code, regime=LOCAL, version=2, name_nl=rule.name_nl, name_en=rule.name_en,
            length=60, unit="months", starts_nl=rule.starts_nl, starts_en=rule.starts_en,
            legal_source="bevestigd door de juridische dienst", effective_from=rule.effective_from)
        enter(heard_case, hr_user, Sanction.SUSPENSION, datetime.date(2022, 5, 10))
        (entry,) = case_record(heard_case)
        assert entry.erasure_date == datetime.date(2027, 5, 10)
        assert not entry.erased

    def test_a_dismissal_has_no_erasure_and_stays_on_the_record(self, heard_case, hr_user):
        enter(heard_case, hr_user, Sanction.DISMISSAL, datetime.date(2001, 1, 1))
        (entry,) = case_record(heard_case)
        assert entry.erasure_date is None and not entry.erased


class TestRecordAsItStoodOnTheDateOfTheFacts:
    def test_erasure_is_judged_at_the_date_of_the_facts(self, hr_user):
        case = steps.case_take_in_triage(case=submitted_case(
            status=LegalStatus.STATUTORY, facts=datetime.date(2025, 6, 1)), user=hr_user)
        steps.case_open_disciplinary(case=case, user=hr_user, knowledge_date=TODAY(),
                                     investigator=factories.legal())
        enter(case, hr_user, Sanction.REPRIMAND, datetime.date(2024, 6, 2))  # erased 2/6/2025
        enter(case, hr_user, Sanction.REPRIMAND, datetime.date(2024, 5, 31))  # erased 31/5/2025
        enter(case, hr_user, Sanction.REPRIMAND, datetime.date(2025, 7, 1))  # after the facts
        record = case_record(case)
        assert [(e.decided_on, e.erased) for e in record] == [
            (datetime.date(2024, 5, 31), True), (datetime.date(2024, 6, 2), False)]

    def test_sanctions_of_closed_cases_of_the_same_employee_are_on_the_record(
            self, hr_user, decider_user):
        employee = factories.EmployeeFactory(status=LegalStatus.STATUTORY)
        first = earlier_sanction_case(employee, hr_user, decider_user)
        second = later_case(employee, hr_user)
        stranger = later_case(factories.EmployeeFactory(status=LegalStatus.STATUTORY), hr_user)
        (entry,) = case_record(second)
        assert entry.case == first and entry.sanction == Sanction.REPRIMAND
        assert case_record(stranger) == []
        assert case_record(first) == []  # a case never lists its own decision


def new_case(employee, hr, *, facts):
    incident = factories.IncidentFactory(employee=employee, facts_date=facts,
                                         knowledge_date=TODAY())
    incident_submit(incident=incident, user=incident.reporter)
    return steps.case_take_in_triage(case=incident.case, user=hr)


def earlier_sanction_case(employee, hr, decider):
    """A reprimand, notified, closed once the appeal period was over, and dated back to last
    month so that it precedes the facts of a new case."""
    case = run_to_hearing(new_case(employee, hr, facts=TODAY()), hr, decider)
    case = sanction_and_notify(case, hr, decider, sanction=Sanction.REPRIMAND)
    CaseDeadline.objects.filter(case=case, code="appeal").update(
        due_date=TODAY() - datetime.timedelta(days=1))
    case = disciplinary.case_close_after_appeal_period(case=reload(case), user=hr,
                                                       reason="Beroepstermijn verstreken")
    Decision.objects.filter(case=case).update(decided_on=TODAY() - datetime.timedelta(days=30))
    return case


def later_case(employee, hr):
    return new_case(employee, hr, facts=TODAY())


class TestCiting:
    @pytest.fixture
    def record(self, heard_case, hr_user):
        erased = enter(heard_case, hr_user, Sanction.REPRIMAND, datetime.date(2020, 1, 6))
        live = enter(heard_case, hr_user, Sanction.SUSPENSION, TODAY() - datetime.timedelta(days=400))
        return erased, live

    def test_the_decision_form_offers_only_live_sanctions(self, heard_case, record):
        erased, live = record
        keys = [key for key, _label in SanctionForm(case=heard_case).fields["cited_sanctions"].choices]
        assert keys == [f"p{live.pk}"]

    def test_an_erased_sanction_cannot_be_cited(self, heard_case, hr_user, decider_user, record):
        erased, _live = record
        with pytest.raises(ValidationError) as error:
            case = factories.propose(reload(heard_case), hr_user)
            disciplinary.case_decide_sanction(
                case=case, user=decider_user, sanction=Sanction.SUSPENSION,
                duration_months=1, reason="Herhaling", body=factories.deciding_body(case),
                cited_sanctions=[f"p{erased.pk}"])
        assert error.value.message_dict["cited_sanctions"] == [services.CITATION_ERASED]
        assert not heard_case.decisions.filter(kind=Sanction.SUSPENSION).exists()

    def test_a_live_sanction_is_cited_and_linked_from_the_decision(self, client, heard_case,
                                                                  hr_user, decider_user, record):
        _erased, live = record
        case = factories.propose(reload(heard_case), hr_user)
        disciplinary.case_decide_sanction(
            case=case, user=decider_user, sanction=Sanction.SUSPENSION,
            duration_months=1, reason="Herhaling", body=factories.deciding_body(case),
            cited_sanctions=[f"p{live.pk}"])
        citation = DecisionCitation.objects.get()
        assert citation.cited_entry == live and citation.decision.case == heard_case
        assert heard_case.events.filter(kind="decide_sanction").get().payload[
            "cited_sanctions"] == [f"p{live.pk}"]
        client.force_login(hr_user)
        page = client.get(heard_case.get_absolute_url()).content.decode()
        assert f'href="#record-p{live.pk}"' in page
        assert f'id="record-p{live.pk}"' in page

    def test_the_case_page_shows_the_erased_sanction_as_erased(self, client, heard_case,
                                                               decider_user, record):
        client.force_login(decider_user)
        page = client.get(heard_case.get_absolute_url()).content.decode()
        assert "<s>Reprimand (blaam)</s> <strong>erased</strong>" in page


def test_the_decision_form_shows_the_proposal_next_to_the_defence(client, heard_case, hr_user,
                                                                   decider_user):
    factories.propose(reload(heard_case), hr_user, sanction=Sanction.REPRIMAND,
                      motivation="Een blaam volstaat voor een eerste feit.")
    client.force_login(decider_user)
    page = client.get(heard_case.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    form = page.split('action="/cases/%s/step/decide_sanction/"' % heard_case.reference)[1]
    form = form.split("</form>")[0]
    proposal = form.split('id="decision-proposal-heading"')[1].split("</article>")[0]
    assert "Reprimand (blaam)" in proposal
    assert "Een blaam volstaat voor een eerste feit." in proposal
    assert form.index("decision-proposal-heading") < form.index("decision-defence-heading")


def test_entering_a_sanction_outside_the_regime_is_refused(heard_case, hr_user):
    with pytest.raises(ValidationError) as error:
        enter(heard_case, hr_user, Sanction.AVAILABILITY, datetime.date(2020, 1, 1))
    assert error.value.message_dict["sanction"] == [services.SANCTION_NOT_IN_REGIME]


def test_record_of_another_employee_is_empty(heard_case, hr_user):
    enter(heard_case, hr_user, Sanction.REPRIMAND, datetime.date(2024, 1, 1))
    other = factories.EmployeeFactory(status=LegalStatus.STATUTORY)
    assert record_of(other, on=TODAY()) == []
    assert len(record_of(heard_case.employee, on=TODAY())) == 1
