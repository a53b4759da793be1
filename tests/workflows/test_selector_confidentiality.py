"""Each selector behind a list, queue or dashboard shows exactly what it should: two users, two
cases, and the one that must stay hidden is asserted absent. Each test here kills a mutant that
survived the rest of the suite (docs/testing.md)."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from incidents.models import LegalStatus
from tests import factories
from tests.workflows.conftest import submitted_case
from tests.workflows.test_competence import awaiting_the_authority
from workflows import selectors
from workflows.models import Case, CaseDeadline, CaseEvent
from workflows.services import disciplinary, steps
from workflows.services.deadlines import deadline_close
from workflows.states import CaseState, Track

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def refs(items):
    return [item.reference for item in items]


@pytest.fixture
def officers():
    return factories.hr(username="ann"), factories.hr(username="bob")


@pytest.fixture
def two_dismissals(officers):
    """Ann and Bob each handle a dismissal case; Bob's deadline runs out first."""
    ann, bob = officers
    anns = steps.case_take_in_triage(case=submitted_case(), user=ann)
    bobs = steps.case_take_in_triage(case=submitted_case(), user=bob)
    anns = steps.case_open_dismissal(case=anns, user=ann, knowledge_date=TODAY())
    bobs = steps.case_open_dismissal(case=bobs, user=bob,
                                     knowledge_date=TODAY() - datetime.timedelta(days=1))
    return anns, bobs


class TestRunningDeadlines:
    def test_an_officer_sees_the_deadlines_of_own_cases_only(self, officers, two_dismissals):
        ann, _bob = officers
        anns, bobs = two_dismissals
        listed = [d.case.reference for d in selectors.running_deadlines(ann)]
        assert listed == [anns.reference]
        assert bobs.reference not in listed

    def test_a_case_named_to_a_group_brings_its_deadline_to_the_group_only(self, two_dismissals):
        anns, bobs = two_dismissals
        decider, outsider = factories.decider(), factories.legal()
        listed = [d.case.reference for d in selectors.running_deadlines(decider)]
        assert sorted(listed) == sorted([anns.reference, bobs.reference])
        assert list(selectors.running_deadlines(outsider)) == []

    def test_a_deadline_of_a_case_in_triage_reaches_every_officer_but_not_legal(self, officers):
        ann, _bob = officers
        reported = submitted_case()
        other = factories.hr()
        named_elsewhere = steps.case_open_dismissal(
            case=steps.case_take_in_triage(case=submitted_case(), user=other), user=other,
            knowledge_date=TODAY())
        deadline = named_elsewhere.deadlines.get()
        deadline.pk, deadline.case = None, reported  # a running deadline on a reported case
        deadline.save()
        assert [d.case.reference for d in selectors.running_deadlines(ann)] == [reported.reference]
        assert list(selectors.running_deadlines(factories.legal())) == []

    def test_a_closed_deadline_leaves_the_dashboard(self, officers, two_dismissals):
        lead = factories.hr_lead()
        anns, bobs = two_dismissals
        deadline_close(case=anns, code="dismissal", on=TODAY())
        assert [d.case.reference for d in selectors.running_deadlines(lead)] == [bobs.reference]

    def test_a_closed_case_leaves_the_dashboard_even_with_a_deadline_kept_running(
            self, two_dismissals):
        # A lapsed deadline stays running on the closed case, to show the right that was lost.
        anns, bobs = two_dismissals
        Case.objects.filter(pk=anns.pk).update(state=CaseState.CLOSED)
        listed = [d.case.reference for d in selectors.running_deadlines(factories.hr_lead())]
        assert listed == [bobs.reference]

    def test_deadlines_are_listed_by_due_date(self, two_dismissals):
        anns, bobs = two_dismissals
        listed = [d.case.reference for d in selectors.running_deadlines(factories.hr_lead())]
        assert listed == [bobs.reference, anns.reference]

    def test_a_deactivated_handler_sees_not_even_the_deadlines_of_own_case(self, officers,
                                                                           two_dismissals):
        ann, _bob = officers
        assert [d.case.reference for d in selectors.running_deadlines(ann)] == [
            two_dismissals[0].reference]
        ann.is_active = False
        ann.save()
        assert list(selectors.running_deadlines(ann)) == []


class TestWhereTheDeadlinesStartFrom:
    """The running deadlines of a user who does not see every case are read from the cases that
    user is named on (and the triage queue), not checked one by one across the organisation: a
    list too long costs the deadlines page its budget at 100,000 cases (docs/performance.md)."""

    @staticmethod
    def starts(user):
        return sorted(d.case.reference for d in CaseDeadline.objects.filter(
            selectors._cases_to_start_from(user)))

    def test_an_officer_starts_from_own_cases_only(self, officers, two_dismissals):
        ann, bob = officers
        anns, bobs = two_dismissals
        assert self.starts(ann) == [anns.reference]
        assert self.starts(bob) == [bobs.reference]

    def test_a_group_starts_from_the_cases_named_to_it_and_an_outsider_from_none(
            self, two_dismissals):
        anns, bobs = two_dismissals
        assert self.starts(factories.decider()) == sorted([anns.reference, bobs.reference])
        assert self.starts(factories.legal()) == []

    def test_an_officer_who_triages_starts_from_the_reported_cases_too(self, officers,
                                                                      two_dismissals):
        ann, _bob = officers
        anns, bobs = two_dismissals
        reported = submitted_case()
        deadline = bobs.deadlines.get()
        deadline.pk, deadline.case = None, reported  # a running deadline on a reported case
        deadline.save()
        assert self.starts(ann) == sorted([anns.reference, reported.reference])


class TestReportsOfReporter:
    def test_a_manager_sees_own_reports_only_newest_first(self):
        mia, tom = factories.manager(username="mia"), factories.manager(username="tom")
        older = factories.IncidentFactory(reporter=mia)
        toms = factories.IncidentFactory(reporter=tom)
        newer = factories.IncidentFactory(reporter=mia)
        listed = list(selectors.reports_of_reporter(mia))
        assert listed == [newer, older]
        assert toms not in listed


class TestCasesVisibleTo:
    def test_an_anonymous_visitor_sees_no_case_and_costs_no_query(
            self, two_dismissals, django_assert_num_queries):
        with django_assert_num_queries(0):
            assert list(selectors.cases_visible_to(AnonymousUser())) == []

    def test_a_deactivated_handler_sees_not_even_own_case(self, officers, two_dismissals,
                                                         django_assert_num_queries):
        ann, _bob = officers
        assert refs(selectors.cases_visible_to(ann)) == [two_dismissals[0].reference]
        ann.is_active = False
        ann.save()
        with django_assert_num_queries(0):
            assert list(selectors.cases_visible_to(ann)) == []


class TestCaseListFilters:
    """Every filter of the case list keeps the matching case and drops the other one."""

    @pytest.fixture
    def lead(self):
        return factories.hr_lead()

    def test_newest_case_first(self, lead, two_dismissals):
        anns, bobs = two_dismissals
        assert refs(selectors.case_search(lead)) == [bobs.reference, anns.reference]

    def test_state_filter(self, lead, two_dismissals):
        anns, _bobs = two_dismissals
        reported = submitted_case()
        assert refs(selectors.case_search(lead, state=CaseState.REPORTED)) == [reported.reference]
        assert reported.reference not in refs(
            selectors.case_search(lead, state=CaseState.DISMISSAL_OPENED))

    def test_track_filter(self, lead, two_dismissals):
        anns, bobs = two_dismissals
        triage = steps.case_take_in_triage(case=submitted_case(), user=lead)
        assert refs(selectors.case_search(lead, track=Track.TRIAGE)) == [triage.reference]
        assert triage.reference not in refs(selectors.case_search(lead, track=Track.DISMISSAL))

    def test_department_filter(self, lead, two_dismissals):
        anns, bobs = two_dismissals
        finance = factories.DepartmentFactory(name="Dienst Financiën")
        employee = bobs.incident.employee
        employee.department = finance
        employee.save()
        assert refs(selectors.case_search(lead, department=finance)) == [bobs.reference]

    def test_provision_filter(self, lead, two_dismissals):
        anns, bobs = two_dismissals
        provision = anns.provisions.first()
        assert refs(selectors.case_search(lead, provision=provision)) == [anns.reference]

    def test_handler_filter(self, lead, officers, two_dismissals):
        ann, _bob = officers
        anns, _bobs = two_dismissals
        assert refs(selectors.case_search(lead, handler=ann)) == [anns.reference]

    def test_overdue_filter(self, lead, two_dismissals):
        anns, _bobs = two_dismissals
        late = steps.case_take_in_triage(case=submitted_case(), user=lead)
        late = steps.case_open_dismissal(case=late, user=lead,
                                         knowledge_date=TODAY() - datetime.timedelta(days=30))
        assert refs(selectors.case_search(lead, overdue=True)) == [late.reference]

    def test_each_case_of_the_list_carries_only_its_running_deadlines(self, lead, two_dismissals):
        anns, bobs = two_dismissals
        deadline_close(case=anns, code="dismissal", on=TODAY())
        listed = {case.reference: [d.code for d in case.running_deadlines]
                  for case in selectors.case_search(lead)}
        assert listed == {anns.reference: [], bobs.reference: ["dismissal"]}

    def test_a_cases_running_deadlines_come_nearest_first_those_on_hold_last(self, lead,
                                                                          two_dismissals):
        anns, _bobs = two_dismissals
        [dismissal] = anns.deadlines.all()
        due = dismissal.due_date
        added = (("held", -5, TODAY()), ("later", 9, None), ("sooner", 3, None))
        for code, shift, on_hold in added:
            CaseDeadline.objects.create(case=anns, rule=dismissal.rule, code=code,
                                        start_date=dismissal.start_date,
                                        due_date=due + datetime.timedelta(days=shift),
                                        on_hold_since=on_hold)
        [listed] = [case for case in selectors.case_search(lead) if case.pk == anns.pk]
        codes = [deadline.code for deadline in listed.running_deadlines]
        assert codes == ["dismissal", "sooner", "later", "held"]

    def test_query_matches_the_employee_name(self, lead, two_dismissals):
        anns, bobs = two_dismissals
        employee = anns.incident.employee
        employee.last_name = "Vandersmissen-Uniek"
        employee.save()
        assert refs(selectors.case_search(lead, query="smissen-uniek")) == [anns.reference]

    def test_query_matches_the_reference(self, lead, two_dismissals):
        anns, bobs = two_dismissals
        assert refs(selectors.case_search(lead, query=bobs.reference)) == [bobs.reference]


class TestHomeQueues:
    def test_triage_queue_holds_reported_cases_oldest_first(self, officers):
        ann, _bob = officers
        first, second = submitted_case(), submitted_case()
        taken = steps.case_take_in_triage(case=submitted_case(), user=ann)
        assert refs(selectors.triage_queue(ann)) == [first.reference, second.reference]
        assert taken.reference not in refs(selectors.triage_queue(factories.hr_lead()))

    def test_my_cases_are_the_open_cases_i_handle(self, officers, two_dismissals):
        ann, _bob = officers
        lead = factories.hr_lead()
        anns, _bobs = two_dismissals
        leads = steps.case_take_in_triage(case=submitted_case(), user=lead)
        closed = steps.case_take_in_triage(case=submitted_case(), user=lead)
        steps.case_close_without_follow_up(case=closed, user=lead, reason="Geen inbreuk.")
        assert refs(selectors.cases_handled_by(lead)) == [leads.reference]
        assert refs(selectors.cases_handled_by(ann)) == [anns.reference]

    def test_the_authority_queue_holds_cases_awaiting_its_decision(self, hr_user):
        decider = factories.decider()
        waiting = submitted_case(status=LegalStatus.STATUTORY)
        waiting = steps.case_take_in_triage(case=waiting, user=hr_user)
        waiting = steps.case_open_disciplinary(case=waiting, user=hr_user, knowledge_date=TODAY(),
                                               investigator=factories.hr())
        running = submitted_case(status=LegalStatus.STATUTORY)
        running = steps.case_take_in_triage(case=running, user=hr_user)
        running = steps.case_open_disciplinary(case=running, user=hr_user, knowledge_date=TODAY(),
                                               investigator=factories.hr())
        disciplinary.case_take_note_of_report(case=waiting, user=hr_user, noted_on=TODAY())
        assert refs(selectors.cases_visible_to(decider)) != []
        assert refs(selectors.awaiting_decision(decider)) == [waiting.reference]

    def test_the_authority_queue_needs_the_right_to_decide_that_case(self, hr_user):
        lead = factories.hr_lead()
        waiting = awaiting_the_authority(hr_user)
        assert waiting.reference in refs(selectors.cases_visible_to(lead))
        assert refs(selectors.awaiting_decision(lead)) == []


class TestCasePermissionIds:
    def test_a_permission_of_the_same_name_on_another_model_grants_nothing_on_cases(
            self, hr_user):
        """The rights on a case are looked up by their ids among the case's permissions only: a
        permission with the same codename on another model (listed after the case's) must not
        take its place."""
        decider = factories.decider()
        waiting = awaiting_the_authority(hr_user)
        Permission.objects.create(codename="decide_case", name="Same name, another model",
                                  content_type=ContentType.objects.get_for_model(CaseEvent))
        assert refs(selectors.awaiting_decision(decider)) == [waiting.reference]
