"""The header's "to do" counter: what waits for each user, only on cases they can see, counted in
one query whatever the number of cases, each number linking to its list."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.roles import user_roles
from tests import factories
from tests.workflows.conftest import submitted_case
from tests.workflows.test_dismissal_track import heard_case
from workflows.models import Case, CaseDeadline, CaseExclusion
from workflows.services.reviews import review_request
from workflows.services.steps import case_open_dismissal, case_take_in_triage
from workflows.todo import todo_counts

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def counts(user):
    return {entry.key: count for entry, count in todo_counts(user, user_roles(user))}


def open_with_deadline_due_in(case, hr, days):
    case = case_open_dismissal(case=case, user=hr, knowledge_date=TODAY())
    CaseDeadline.objects.filter(case=case).update(due_date=TODAY() + datetime.timedelta(days=days))
    return case


def test_hr_counts_the_triage_queue_but_not_a_restricted_report(hr_user):
    submitted_case()
    hidden = submitted_case()
    Case.objects.filter(pk=hidden.pk).update(restricted=True)
    assert counts(hr_user)["triage"] == 1


def test_hr_counts_deadlines_due_soon_on_their_own_cases_only(hr_user):
    colleague = factories.hr()
    mine = open_with_deadline_due_in(case_take_in_triage(case=submitted_case(), user=hr_user),
                                     hr_user, 1)
    open_with_deadline_due_in(case_take_in_triage(case=submitted_case(), user=colleague),
                              colleague, 1)
    open_with_deadline_due_in(case_take_in_triage(case=submitted_case(), user=hr_user),
                              hr_user, 30)
    assert mine.handler == hr_user
    assert counts(hr_user)["deadlines"] == 1
    assert counts(colleague)["deadlines"] == 1


def test_an_hr_lead_who_sees_every_case_counts_the_deadlines_of_own_cases_only(hr_user):
    lead = factories.hr_lead()
    open_with_deadline_due_in(case_take_in_triage(case=submitted_case(), user=lead), lead, 1)
    open_with_deadline_due_in(case_take_in_triage(case=submitted_case(), user=hr_user),
                              hr_user, 1)
    assert counts(lead)["deadlines"] == 1


def test_legal_counts_only_the_open_requests_addressed_to_them(contractual_case, hr_user,
                                                              legal_user):
    other_reviewer = factories.legal()
    review_request(case=contractual_case, user=hr_user, reviewer=legal_user, question="Eén")
    review_request(case=contractual_case, user=hr_user, reviewer=legal_user, question="Twee")
    review_request(case=contractual_case, user=hr_user, reviewer=other_reviewer, question="Drie")
    assert counts(legal_user) == {"reviews": 2}
    assert counts(other_reviewer) == {"reviews": 1}


def test_the_authority_never_counts_a_case_it_is_excluded_from(hr_user, decider_user):
    other_decider = factories.decider()
    first = heard_case(case_take_in_triage(case=submitted_case(), user=hr_user), hr_user,
                       knowledge=TODAY())
    heard_case(case_take_in_triage(case=submitted_case(), user=hr_user), hr_user,
               knowledge=TODAY())
    CaseExclusion.objects.create(case=first, user=other_decider, reason="Familie")
    assert counts(decider_user) == {"decisions": 2}
    assert counts(other_decider) == {"decisions": 1}


def test_a_manager_counts_their_own_drafts():
    reporter = factories.manager()
    factories.IncidentFactory(reporter=reporter)
    factories.IncidentFactory()
    assert counts(reporter) == {"drafts": 1}


def test_every_list_is_counted_in_one_query_whatever_the_number_of_cases(hr_user):
    lead = factories.hr_lead()
    for _ in range(4):
        submitted_case()
    todo_counts(lead, user_roles(lead))  # reads the user's permissions once per request
    with CaptureQueriesContext(connection) as queries:
        result = todo_counts(lead, user_roles(lead))
    assert len(queries) == 1
    assert dict((entry.key, count) for entry, count in result) == {"triage": 4, "deadlines": 0}


def test_the_header_counter_runs_the_same_queries_for_1_or_6_cases(client, hr_user):
    submitted_case()
    client.force_login(hr_user)
    client.get("/help/")
    with CaptureQueriesContext(connection) as few:
        page = client.get("/help/").content.decode()
    assert 'class="todo-counter"' in page and "<mark>1</mark>" in page
    for _ in range(5):
        submitted_case()
    with CaptureQueriesContext(connection) as many:
        page = client.get("/help/").content.decode()
    assert "<mark>6</mark>" in page
    assert len(many) == len(few)


def test_the_home_page_links_each_number_to_its_list(client, contractual_case, hr_user,
                                                     legal_user):
    review_request(case=contractual_case, user=hr_user, reviewer=legal_user, question="Vraag")
    client.force_login(legal_user)
    page = client.get("/").content.decode()
    assert 'href="/#review-heading">Review requests waiting for your opinion</a>: <strong>1' in page


def test_a_user_without_a_role_sees_no_counter(client):
    client.force_login(factories.UserFactory())
    assert 'class="todo-counter"' not in client.get("/help/").content.decode()


def test_nothing_is_counted_nor_linked_before_the_second_factor_is_given(
        client, hr_user, second_factor):
    submitted_case()
    factories.authenticator_app(hr_user)
    client.post("/login/", {"username": hr_user.username, "password": factories.PASSWORD})
    code_step = client.get("/login/second-factor/").content.decode()
    assert 'class="todo-counter"' not in code_step and 'href="/preferences/"' not in code_step
    for url in ("/preferences/", "/hearings/"):
        assert client.get(url).url.startswith("/login/second-factor/"), url


def test_a_count_stops_beyond_its_bound_and_shows_as_more_than_the_bound(client, monkeypatch):
    monkeypatch.setattr("workflows.todo.COUNT_BOUND", 2)
    lead = factories.hr_lead()
    for _ in range(4):
        submitted_case()
    assert counts(lead) == {"triage": 3, "deadlines": 0}
    client.force_login(lead)
    assert "<mark>2+</mark>" in client.get("/help/").content.decode()
    assert "Reports to triage</a>: <strong>2+</strong>" in client.get("/").content.decode()


def test_a_count_at_its_bound_is_shown_as_it_is(client, monkeypatch):
    monkeypatch.setattr("workflows.todo.COUNT_BOUND", 2)
    lead = factories.hr_lead()
    for _ in range(2):
        submitted_case()
    client.force_login(lead)
    assert "<mark>2</mark>" in client.get("/help/").content.decode()
