"""Issue 16: the pages cost the same at 100,000 cases as at 1,000. What a test can pin down: the
rewritten visibility rule shows exactly what it showed before, no list repeats a case, lists stop
counting at a bound, and the case page does not grow with the number of accounts."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import roles
from incidents.services import addendum_add
from tests import factories
from tests.defence.test_suspension_extension import (
    ONE_YEAR_LAST_DAY,
    STARTS,
    education_case,
    suspend,
)
from tests.workflows.conftest import submitted_case
from tests.workflows.test_dismissal_track import heard_case
from workflows import conditions, selectors
from workflows.access import grant_group_case_permissions
from workflows.models import CaseDeadline, CaseExclusion, Hearing
from workflows.states import CaseState
from workflows.services import assignment, reviews, steps

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
# The case page's queries on a rich case, for every role, with the session's three (in a test the
# session is saved inside a savepoint; docs/performance.md): the issue asks for at most 25.
CASE_PAGE_QUERIES = 25


def refs(rows):
    return {row.reference for row in rows}


def opened(user):
    """A case in the dismissal procedure, handled by `user`, with a running deadline."""
    case = steps.case_take_in_triage(case=submitted_case(), user=user)
    return steps.case_open_dismissal(case=case, user=user,
                                     knowledge_date=TODAY() - datetime.timedelta(days=1))


def rich(handler, lead, lawyer):
    """A heard dismissal case with a co-handler, an open legal question and three addenda."""
    case = steps.case_take_in_triage(case=submitted_case(), user=handler)
    case = heard_case(case, handler, knowledge=TODAY())
    assignment.case_add_co_handler(case=case, user=factories.hr(), actor=lead)
    reviews.review_request(case=case, user=handler, reviewer=lawyer, question="Zware fout?")
    for number in range(3):
        addendum_add(incident=case.incident, user=case.incident.reporter,
                     text=f"Aanvulling {number}.")
    return case


def add_accounts(count):
    start = get_user_model().objects.count()
    get_user_model().objects.bulk_create(
        get_user_model()(username=f"extra{n:05d}") for n in range(start, start + count))


def rows_read(queries, table):
    return sum(q["sql"].startswith(f'SELECT "{table}".') for q in queries.captured_queries)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


class TestVisibilityPerRow:
    def test_each_hr_officer_sees_the_deadlines_of_their_own_case_only(self):
        ann, bob = factories.hr(username="ann"), factories.hr(username="bob")
        anns, bobs = opened(ann), opened(bob)
        assert {d.case.reference for d in selectors.running_deadlines(ann)} == {anns.reference}
        assert {d.case.reference for d in selectors.running_deadlines(bob)} == {bobs.reference}

    def test_an_excluded_lead_sees_neither_the_case_nor_its_deadline(self):
        lead, other_lead = factories.hr_lead(), factories.hr_lead()
        kept, hidden = opened(lead), opened(lead)
        assignment.case_exclude_person(case=hidden, user=other_lead, actor=lead, reason="Familie")
        assert refs(selectors.cases_visible_to(other_lead)) == {kept.reference}
        assert {d.case.reference for d in selectors.running_deadlines(other_lead)} == {
            kept.reference}

    def test_a_case_about_the_user_is_hidden_even_from_a_lead(self):
        lead, concerned = factories.hr_lead(), factories.hr_lead()
        about, other = opened(lead), opened(lead)
        about.incident.employee.user = concerned
        about.incident.employee.save()
        assert refs(selectors.cases_visible_to(concerned)) == {other.reference}

    def test_a_right_given_to_a_group_shows_the_case_to_its_members_only(self):
        member, outsider = factories.manager(), factories.manager()
        shared, private = submitted_case(), submitted_case()
        Group.objects.create(name="Externe juristen").user_set.add(member)
        grant_group_case_permissions(case=shared, group_name="Externe juristen",
                                     codenames=["view_case"])
        assert refs(selectors.cases_visible_to(member)) == {shared.reference}
        assert private.reference not in refs(selectors.cases_visible_to(member))
        assert refs(selectors.cases_visible_to(outsider)) == set()

    def test_a_user_right_on_one_case_does_not_open_another(self):
        handler, other = factories.hr(), factories.hr()
        mine, theirs = opened(handler), opened(other)
        lawyer = factories.legal()
        reviews.review_request(case=mine, user=handler, reviewer=lawyer, question="Termijn?")
        assert refs(selectors.cases_visible_to(lawyer)) == {mine.reference}
        assert theirs.reference not in refs(selectors.cases_visible_to(lawyer))
        assert [r.case.reference for r in selectors.review_queue(lawyer)] == [mine.reference]

    def test_a_deciding_authority_awaits_only_cases_it_may_decide(self):
        handler, decider = factories.hr(), factories.decider()
        awaited = opened(handler)
        restricted = opened(handler)
        assignment.case_set_restricted(case=restricted, restricted=True,
                                       actor=factories.hr_lead(), reason="Collega")
        CaseExclusion.objects.create(case=restricted, user=decider, reason="Familie")
        visible = refs(selectors.cases_visible_to(decider))
        assert awaited.reference in visible and restricted.reference not in visible
        assert restricted.reference not in refs(selectors.awaiting_decision(decider))


class TestNoCaseTwice:
    def test_a_case_with_two_overdue_deadlines_is_listed_once(self):
        lead = factories.hr_lead()
        case = opened(lead)
        first = case.deadlines.get(status=CaseDeadline.Status.RUNNING)
        CaseDeadline.objects.filter(pk=first.pk).update(due_date=TODAY() - datetime.timedelta(days=2))
        CaseDeadline.objects.create(case=case, code="second", rule=first.rule,
                                    start_date=first.start_date,
                                    due_date=TODAY() - datetime.timedelta(days=1))
        found = list(selectors.case_search(lead, overdue=True))
        assert [c.reference for c in found] == [case.reference]

    def test_a_case_is_listed_once_for_its_provision(self):
        lead = factories.hr_lead()
        case = opened(lead)
        provision = case.provisions.first()
        assert provision is not None
        assert [c.reference for c in selectors.case_search(lead, provision=provision)] == [
            case.reference]
        assert "DISTINCT" not in str(selectors.case_search(lead, provision=provision).query)


class TestBoundedCounts:
    def test_the_case_list_counts_exactly_below_the_bound(self, client, monkeypatch):
        monkeypatch.setattr("core.pagination.BoundedPaginator.bound", 10)
        lead = factories.hr_lead()
        for _ in range(3):
            opened(lead)
        client.force_login(lead)
        html = client.get("/cases/").content.decode()
        assert "3 resultaten" in html or "3 results" in html
        assert "More than" not in html and "Meer dan" not in html

    def test_beyond_the_bound_the_list_says_more_than_and_offers_no_page_past_it(
            self, client, monkeypatch):
        monkeypatch.setattr("core.pagination.BoundedPaginator.bound", 3)
        monkeypatch.setattr("core.pagination.PAGE_SIZE", 2)
        lead = factories.hr_lead()
        cases = [opened(lead) for _ in range(5)]
        client.force_login(lead)
        response = client.get("/cases/", {"page": "99"})
        page = response.context["page"]
        assert page.paginator.beyond_bound and page.paginator.num_pages == 2
        assert page.number == 2 and not page.has_next()
        shown = {c.reference for c in page.object_list}
        assert shown == {cases[2].reference, cases[1].reference}
        html = response.content.decode()
        assert "Meer dan 3" in html or "More than 3" in html

    def test_the_bounded_count_sorts_nothing_even_for_a_list_by_nearest_deadline(self, client):
        lead = factories.hr_lead()
        for _ in range(2):
            opened(lead)
        client.force_login(lead)
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/cases/", {"sort": "deadline"}).content.decode()
        assert "2 resultaten" in html or "2 results" in html
        counts = [q["sql"] for q in queries.captured_queries
                  if q["sql"].startswith("SELECT COUNT(*)")]
        assert counts and all(not re.search(r"ORDER BY [^)]*LIMIT 1001\)", sql) for sql in counts)

    def test_my_reports_come_in_pages(self, client):
        manager = factories.manager()
        for _ in range(27):
            factories.IncidentFactory(reporter=manager)
        client.force_login(manager)
        first = client.get("/reports/")
        assert len(first.context["rows"]) == 25 and first.context["page"].has_next()
        assert len(client.get("/reports/", {"page": "2"}).context["rows"]) == 2


class TestCasePageDoesNotGrowWithAccounts:
    def test_same_queries_and_no_list_of_accounts_with_few_or_many_users(self, client):
        lead = factories.hr_lead()
        case = opened(lead)
        client.force_login(lead)
        client.get(case.get_absolute_url())
        few, _html = count_queries(client, case.get_absolute_url())
        get_user_model().objects.bulk_create(
            get_user_model()(username=f"collega{n:04d}") for n in range(500))
        many, html = count_queries(client, case.get_absolute_url())
        assert many == few
        assert "collega0007" not in html

    def test_permissions_are_read_once_per_case_page(self, client):
        lead = factories.hr_lead()
        case = opened(lead)
        client.force_login(lead)
        client.get(case.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            client.get(case.get_absolute_url())
        sql = [q["sql"] for q in queries.captured_queries]
        prefetches = [q for q in sql if q.startswith((
            'SELECT "workflows_caseuserobjectpermission"."id"',
            'SELECT "workflows_casegroupobjectpermission"."id"'))]
        # guardian's checker asks this once per `has_perm(..., case)` when nothing is prefetched.
        single_checks = [q for q in sql if q.startswith(
            'SELECT "auth_permission"."codename" AS "codename" FROM "auth_permission" INNER JOIN '
            '"django_content_type"')]
        assert len(prefetches) == 2 and single_checks == []

    def test_the_case_page_reads_each_relation_once_and_an_empty_one_not_at_all(self, client):
        lead = factories.hr_lead()
        case = opened(lead)
        client.force_login(lead)
        client.get(case.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            client.get(case.get_absolute_url())
        # Rows read from the table (the header's to-do counter only counts in a subquery).
        for table in ("workflows_caseevent", "workflows_casedeadline"):
            assert rows_read(queries, table) == 1, table
        for table in ("defence_casehold", "workflows_preventivesuspension", "workflows_appeal",
                      "workflows_hearing", "documents_issueddocument",
                      "defence_priorsanction", "defence_caseattachment"):
            assert rows_read(queries, table) == 0, table
        sql = [q["sql"] for q in queries.captured_queries]
        # The step conditions, the documents on offer and the hold read the fetched rows.
        assert [q for q in sql if q.startswith("SELECT 1 AS")] == []
        assert len(sql) <= CASE_PAGE_QUERIES

    @pytest.mark.parametrize("reader", ["lead", "handler", "lawyer", "decider"])
    def test_a_rich_case_page_stays_within_the_bound_for_every_role_whatever_the_accounts(
            self, client, reader):
        people = {"lead": factories.hr_lead(), "handler": factories.hr(),
                  "lawyer": factories.legal(), "decider": factories.decider()}
        case = rich(people["handler"], people["lead"], people["lawyer"])
        client.force_login(people[reader])
        client.get(case.get_absolute_url())
        add_accounts(100)
        few, html = count_queries(client, case.get_absolute_url())
        add_accounts(900)
        many, _html = count_queries(client, case.get_absolute_url())
        assert few == many <= CASE_PAGE_QUERIES
        assert "Zware fout?" in html and "Aanvulling 2." in html

    def test_a_case_without_suspension_never_reads_the_suspension_table(
            self, client, hr_user, decider_user):
        plain, suspended = education_case(hr_user), education_case(hr_user)
        suspend(suspended, decider_user, starts_on=STARTS, ends_on=ONE_YEAR_LAST_DAY)
        lead = factories.hr_lead()
        client.force_login(lead)
        counts = {}
        for case in (plain, suspended):
            client.get(case.get_absolute_url())
            with CaptureQueriesContext(connection) as queries:
                assert client.get(case.get_absolute_url()).status_code == 200
            counts[case.pk] = len(queries), rows_read(queries, "workflows_preventivesuspension")
        assert counts[plain.pk][1] == 0 and counts[suspended.pk][1] == 1
        assert counts[plain.pk][0] < counts[suspended.pk][0]

    def test_a_step_after_the_page_read_its_rows_decides_on_the_fresh_ones(self, decider_user):
        handler = factories.hr()
        case = steps.case_take_in_triage(case=submitted_case(), user=handler)
        case = heard_case(case, handler, knowledge=TODAY())
        hearing = Hearing.objects.filter(case=case)
        hearing.update(outcome="")  # as the page finds it
        selectors.prefetch_case_page(case)
        assert not conditions.hearing_recorded(case)  # the page's rows: not held yet
        # Meanwhile (in the same request) the hearing is recorded as held.
        hearing.update(outcome=Hearing.Outcome.HELD)
        decided = steps.case_decide_dismissal(case=case, user=decider_user, reason="Zware fout",
                                              body=factories.deciding_body(case))
        assert decided.state == CaseState.DISMISSAL_DECIDED
        # The page drawn again on the same case shows the decision the step recorded.
        selectors.prefetch_case_page(decided)
        assert [d.kind for d in decided.decisions.all()] == ["dismissal"]

    def test_the_case_page_still_warns_of_an_altered_history(self, client):
        lead = factories.hr_lead()
        case = opened(lead)
        target = case.events.get(kind="take_in_triage")
        with connection.cursor() as cursor:
            cursor.execute("UPDATE workflows_caseevent SET note = %s WHERE id = %s",
                           ["rewritten", target.pk])
        client.force_login(lead)
        html = client.get(case.get_absolute_url()).content.decode()
        assert "message message-error" in html and "verify_case_history" in html

    def test_a_person_is_excluded_by_typing_their_user_name(self, client):
        lead = factories.hr_lead()
        case = opened(lead)
        friend = factories.manager(username="vriend.van.betrokkene")
        client.force_login(lead)
        url = f"/cases/{case.reference}/action/exclude/"
        response = client.post(url, {"user": "vriend.van.betrokkene", "reason": "Vriend"})
        assert response.status_code == 302
        assert CaseExclusion.objects.filter(case=case, user=friend).exists()

    def test_an_unknown_or_inactive_user_name_is_refused_with_a_message(self, client):
        lead = factories.hr_lead()
        case = opened(lead)
        factories.manager(username="oud.account", is_active=False)
        client.force_login(lead)
        url = f"/cases/{case.reference}/action/exclude/"
        for typed in ("bestaat.niet", "oud.account"):
            response = client.post(url, {"user": typed, "reason": "Vriend"})
            assert response.status_code == 400
            assert "No active account" in response.content.decode() or \
                "Geen actief account" in response.content.decode()
        assert not CaseExclusion.objects.filter(case=case).exists()


class TestSearch:
    def test_a_name_a_personnel_number_or_a_reference_finds_only_visible_cases(self):
        ann, bob = factories.hr(username="ann"), factories.hr(username="bob")
        anns, bobs = opened(ann), opened(bob)
        employee = anns.incident.employee
        employee.first_name, employee.last_name = "Griet", "Vandevelde"
        employee.save()
        for typed in ("vandevelde", "GRIET", employee.personnel_number.lower(),
                      anns.reference.lower(), anns.reference[:-1]):
            assert refs(selectors.case_search(ann, query=typed)) == {anns.reference}, typed
        assert refs(selectors.case_search(bob, query="Vandevelde")) == set()
        assert refs(selectors.case_search(bob, query=anns.reference)) == set()
        assert refs(selectors.case_search(bob, query="TD-")) == {bobs.reference}
        lead = factories.hr_lead()
        for typed in ("Vandevelde", anns.reference, employee.personnel_number):
            assert refs(selectors.case_search(lead, query=typed)) == {anns.reference}, typed
        assert refs(selectors.case_search(lead, query="TD-")) == {anns.reference, bobs.reference}

    def test_a_name_with_few_cases_is_looked_up_by_their_ids_and_many_by_a_nested_query(
            self, monkeypatch):
        lead = factories.hr_lead()
        first, second = opened(lead), opened(lead)
        for case in (first, second):
            case.incident.employee.last_name = "Vandevelde"
            case.incident.employee.save()
        nested = '"incident_id" IN (SELECT'
        few = str(selectors.case_search(lead, query="Vandevelde").query)
        assert nested not in few
        ids = sorted([first.incident_id, second.incident_id])
        assert any(f'"incident_id" IN ({a}, {b})' in few for a, b in (ids, ids[::-1]))
        monkeypatch.setattr(selectors, "COUNT_BOUND", 2)  # exactly as many as the bound
        at_bound = selectors.case_search(lead, query="Vandevelde")
        assert nested not in str(at_bound.query)
        assert refs(at_bound) == {first.reference, second.reference}
        monkeypatch.setattr(selectors, "COUNT_BOUND", 1)
        many = selectors.case_search(lead, query="Vandevelde")
        assert nested in str(many.query)
        assert refs(many) == {first.reference, second.reference}

    def test_a_superuser_sees_every_case_restricted_ones_included(self):
        from workflows.models import Case

        ann, bob = factories.hr(username="ann"), factories.hr(username="bob")
        anns, bobs = opened(ann), opened(bob)
        Case.objects.filter(pk=bobs.pk).update(restricted=True)
        superuser = factories.UserFactory(is_staff=True, is_superuser=True)
        assert refs(selectors.case_search(superuser)) == {anns.reference, bobs.reference}
        assert refs(selectors.case_search(ann)) == {anns.reference}
        deadlines = selectors.running_deadlines
        assert refs(d.case for d in deadlines(superuser)) == {anns.reference, bobs.reference}
        assert refs(d.case for d in deadlines(ann)) == {anns.reference}

    def test_digits_of_a_reference_are_matched_as_text_and_a_name_is_not(self):
        lead = factories.hr_lead()
        case = opened(lead)
        number = case.reference.rsplit("-", 1)[1]
        assert refs(selectors.case_search(lead, query=number)) == {case.reference}
        case.incident.employee.last_name = "Vandevelde"
        case.incident.employee.save()
        by_name = str(selectors.case_search(lead, query="Vandevelde").query)
        assert '"reference" LIKE' not in by_name

    def test_a_whole_reference_is_looked_up_by_its_index_not_matched_as_text(self):
        lead = factories.hr_lead()
        case = opened(lead)
        sql = str(selectors.case_search(lead, query=case.reference).query)
        assert "LIKE" not in sql.upper()
