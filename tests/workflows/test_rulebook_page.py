"""The rulebook in the application: legal and the HR lead read, confirm and correct rules."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests import factories
from workflows.legal_sources import gloss_in_english
from tests.workflows.conftest import submitted_case
from incidents.models import LegalStatus
from workflows import selectors
from workflows.access import grant_case_permissions
from workflows.models import DeadlineRule, RuleChange
from workflows.services import disciplinary, steps
from workflows.services.rulebook import NOT_LATEST, REASON_REQUIRED, rule_confirm, rule_correct

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
URL = "/rulebook/"


def flagged_rule():
    return DeadlineRule.objects.get(code="start_proceedings", regime="local_government")


def disciplinary_case(hr):
    from incidents.models import LegalStatus

    case = steps.case_take_in_triage(case=submitted_case(status=LegalStatus.STATUTORY), user=hr)
    return steps.case_open_disciplinary(case=case, user=hr, knowledge_date=TODAY(),
                                        investigator=factories.legal())


class TestRuleConfirm:
    def test_confirming_writes_an_unflagged_version_and_logs_who_and_why(self, legal_user):
        rule = flagged_rule()
        new = rule_confirm(rule=rule, user=legal_user, reason="Art. 203 DLB gelezen.")
        assert (new.version, new.to_be_confirmed, new.length) == (rule.version + 1, False, 6)
        assert DeadlineRule.objects.get(pk=rule.pk).to_be_confirmed
        change = RuleChange.objects.get()
        assert (change.actor, change.reason, change.action) == (
            legal_user, "Art. 203 DLB gelezen.", "confirmed")

    def test_a_running_case_keeps_the_version_it_was_computed_with(self, hr_user, legal_user):
        case = disciplinary_case(hr_user)
        rule = flagged_rule()
        new = rule_confirm(rule=rule, user=legal_user, reason="Bevestigd.")
        later = disciplinary_case(hr_user)
        assert case.deadlines.get(code="start_proceedings").rule == rule
        assert later.deadlines.get(code="start_proceedings").rule == new

    def test_reason_is_required(self, legal_user):
        with pytest.raises(ValidationError) as error:
            rule_confirm(rule=flagged_rule(), user=legal_user, reason="  ")
        assert error.value.message_dict["reason"] == [str(REASON_REQUIRED)]
        assert not RuleChange.objects.exists()

    def test_only_the_latest_version_can_be_confirmed(self, legal_user):
        rule = flagged_rule()
        rule_correct(rule=rule, user=legal_user, reason="Zeven maanden.", length=7,
                     unit=rule.unit, legal_source=rule.legal_source)
        with pytest.raises(ValidationError, match=str(NOT_LATEST)):
            rule_confirm(rule=rule, user=legal_user, reason="x")

    def test_a_decider_may_not_confirm(self, decider_user):
        with pytest.raises(PermissionDenied):
            rule_confirm(rule=flagged_rule(), user=decider_user, reason="x")


class TestRuleCorrect:
    def test_corrected_time_limit_applies_to_new_cases(self, hr_user):
        lead = factories.hr_lead()
        rule = flagged_rule()
        new = rule_correct(rule=rule, user=lead, reason="Nieuwe rechtspositieregeling.",
                           length=4, unit=rule.unit, legal_source="RPR art. 12")
        case = disciplinary_case(hr_user)
        assert case.deadlines.get(code="start_proceedings").rule == new
        assert new.length == 4 and new.created_by == lead


class TestRulebookPage:
    def test_manager_is_refused(self, client):
        client.force_login(factories.manager())
        assert client.get(URL).status_code == 403

    def test_legal_sees_source_version_flag_and_the_confirm_form(self, client, legal_user):
        client.force_login(legal_user)
        html = client.get(URL).content.decode()
        rule = flagged_rule()
        assert gloss_in_english(rule.legal_source) in html
        assert "<mark>to be confirmed</mark>" in html
        assert f"/rulebook/deadline/{rule.pk}/confirm/" in html
        assert "Decision whether to prosecute" in html  # competence rules are listed too

    def test_on_a_phone_every_table_stacks_its_rows_and_names_each_cell(self, client,
                                                                        legal_user):
        client.force_login(legal_user)
        html = client.get(URL).content.decode()
        tables = re.findall(r"<table[^>]*>", html)
        assert len(tables) == 7 and all('class="stack"' in table for table in tables)
        cells = re.findall(r"<td[^>]*>", html)
        assert cells and all("data-label=" in cell for cell in cells)

    def test_confirm_through_the_page(self, client, legal_user):
        client.force_login(legal_user)
        rule = flagged_rule()
        response = client.post(f"/rulebook/deadline/{rule.pk}/confirm/",
                               {"reason": "Bevestigd door de juridische dienst."})
        assert response.status_code == 302
        assert DeadlineRule.objects.filter(code=rule.code, regime=rule.regime,
                                           to_be_confirmed=False).exists()

    def test_correction_form_refuses_an_empty_reason_and_keeps_the_input(self, client, legal_user):
        client.force_login(legal_user)
        rule = flagged_rule()
        response = client.post(f"/rulebook/deadline/{rule.pk}/correct/", {
            "length": "9", "unit": rule.unit, "legal_source": "RPR", "reason": "",
            "effective_from": rule.effective_from.isoformat()})
        assert response.status_code == 400
        assert 'value="9"' in response.content.decode()
        assert DeadlineRule.objects.filter(code=rule.code, regime=rule.regime).count() == 1

    def test_running_cases_show_only_when_visible_to_the_reader(self, client, hr_user):
        seen, hidden = disciplinary_case(hr_user), disciplinary_case(hr_user)
        reader = factories.legal()
        from workflows.access import grant_case_permissions

        grant_case_permissions(case=seen, who=reader, codenames=["view_case"])
        client.force_login(reader)
        html = client.get(URL).content.decode()
        assert seen.reference in html
        assert hidden.reference not in html

    def test_page_runs_a_constant_number_of_queries(self, client, hr_user):
        lead = factories.hr_lead()
        client.force_login(lead)
        disciplinary_case(hr_user)
        client.get(URL)
        with CaptureQueriesContext(connection) as few:
            client.get(URL)
        for _ in range(3):
            disciplinary_case(hr_user)
        with CaptureQueriesContext(connection) as many:
            client.get(URL)
        assert len(many) == len(few)


def test_the_header_menu_links_the_rulebook_for_legal_only_not_for_an_hr_officer_or_a_decider(
        client, legal_user, hr_user, decider_user):
    link = f'href="{URL}"'
    client.force_login(legal_user)
    assert link in client.get("/help/").content.decode()
    for user in (hr_user, decider_user):
        client.force_login(user)
        assert link not in client.get("/help/").content.decode()


class TestRulesInUse:
    """The cases a rule is used on are listed only when the reader may see them."""

    def prosecuted(self, hr, decider):
        from tests.workflows.test_competence import reload, reported

        case = reported(steps.case_take_in_triage(
            case=submitted_case(status=LegalStatus.STATUTORY), user=hr), hr)
        return disciplinary.case_decide_to_prosecute(
            case=reload(case), user=decider, reason="Bewezen",
            body=factories.deciding_body(reload(case)))

    def in_use(self, user):
        return {decision.case.reference
                for rule in selectors.rulebook_entries(user)["competence"]
                for decision in rule.in_use}

    def test_a_competence_rule_lists_only_the_decisions_of_visible_cases(
            self, hr_user, decider_user):
        seen, hidden = (self.prosecuted(hr_user, decider_user) for _ in range(2))
        reader = factories.legal()
        grant_case_permissions(case=seen, who=reader, codenames=["view_case"])
        assert self.in_use(reader) == {seen.reference}
        assert self.in_use(factories.hr_lead()) == {seen.reference, hidden.reference}

    def test_a_suspension_rule_lists_only_the_suspensions_of_visible_cases(
            self, hr_user, decider_user):
        from tests.workflows.test_suspension_rules import opened, suspend

        seen, hidden = (opened(steps.case_take_in_triage(
            case=submitted_case(status=LegalStatus.STATUTORY), user=hr_user), hr_user)
            for _ in range(2))
        for case in (seen, hidden):
            suspend(case, decider_user)
        reader = factories.legal()
        grant_case_permissions(case=seen, who=reader, codenames=["view_case"])

        def in_use(user):
            return {suspension.case.reference
                    for rule in selectors.rulebook_entries(user)["suspension"]
                    for suspension in rule.in_use}

        assert in_use(reader) == {seen.reference}
        assert in_use(factories.hr_lead()) == {seen.reference, hidden.reference}

    def test_a_closed_case_no_longer_counts_as_using_a_rule(self, hr_user, decider_user):
        from workflows.models import Case
        from workflows.states import CaseState

        running, closed = (self.prosecuted(hr_user, decider_user) for _ in range(2))
        Case.objects.filter(pk=closed.pk).update(state=CaseState.CLOSED)
        assert self.in_use(factories.hr_lead()) == {running.reference}


def test_no_rule_gives_as_its_reason_a_file_the_repository_does_not_have(client, legal_user):
    reasons = set(DeadlineRule.objects.values_list("change_reason", flat=True))
    assert "Eerste versie, uit docs/legal-sources.md (november 2026)" in reasons
    assert not [reason for reason in reasons if "legal-rules.md" in reason]
    client.force_login(legal_user)
    assert "legal-rules.md" not in client.get(URL).content.decode()
