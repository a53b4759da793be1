"""Every list, queue, dashboard and search page, opened by two users over two cases: each sees
their own case and never the other one."""

import pytest
from django.utils import timezone

from tests import factories
from tests.confidentiality import assert_shows_only
from tests.workflows.conftest import submitted_case
from tests.workflows.test_competence import awaiting_the_authority
from workflows.services import reviews, steps

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def world():
    """Ann and Bob (HR) each handle a dismissal case; each case has its own reporting manager."""
    ann, bob = factories.hr(username="ann"), factories.hr(username="bob")
    anns = steps.case_take_in_triage(case=submitted_case(), user=ann)
    bobs = steps.case_take_in_triage(case=submitted_case(), user=bob)
    anns = steps.case_open_dismissal(case=anns, user=ann, knowledge_date=TODAY())
    bobs = steps.case_open_dismissal(case=bobs, user=bob, knowledge_date=TODAY())
    # Names no factory generates, so that one can never be found inside the other case's row.
    for case, name in ((anns, "Annaertsma"), (bobs, "Bobbaertsma")):
        case.incident.employee.last_name = name
        case.incident.employee.save()
    return {"ann": ann, "bob": bob, "anns": anns, "bobs": bobs}


@pytest.mark.parametrize("url", ["/", "/cases/", "/cases/deadlines/", "/cases/?query=TD"])
def test_an_officer_sees_own_case_and_never_a_colleagues(client, world, url):
    assert_shows_only(client, world["ann"], url,
                      shown=[world["anns"].reference], hidden=[world["bobs"].reference])
    assert_shows_only(client, world["bob"], url,
                      shown=[world["bobs"].reference], hidden=[world["anns"].reference])


def test_searching_for_a_colleagues_case_finds_nothing(client, world):
    bobs = world["bobs"]
    employee = bobs.incident.employee
    # The search box repeats the query: what must stay hidden is what only a result would show.
    assert_shows_only(client, world["ann"], f"/cases/?query={bobs.reference}",
                      shown=[], hidden=[employee.last_name])
    assert_shows_only(client, world["ann"], f"/cases/?query={employee.last_name}",
                      shown=[], hidden=[bobs.reference])


@pytest.mark.parametrize("url", ["/", "/reports/"])
def test_a_manager_sees_own_reports_and_never_another_managers(client, world, url):
    anns_report, bobs_report = world["anns"].incident, world["bobs"].incident
    assert_shows_only(client, anns_report.reporter, url,
                      shown=[anns_report.employee.last_name],
                      hidden=[bobs_report.employee.last_name])


def test_a_reviewer_sees_only_the_reviews_asked_of_them(client, world):
    lies, jan = factories.legal(username="lies"), factories.legal(username="jan")
    reviews.review_request(case=world["anns"], user=world["ann"], reviewer=lies,
                           question="Is de termijn gehaald?")
    reviews.review_request(case=world["bobs"], user=world["bob"], reviewer=jan,
                           question="Is de termijn gehaald?")
    assert_shows_only(client, lies, "/", shown=[world["anns"].reference],
                      hidden=[world["bobs"].reference])


@pytest.mark.parametrize("url", ["/cases/deadlines/", "/cases/deadlines/export.csv"])
def test_a_reviewer_sees_the_deadlines_of_the_reviewed_case_only(client, world, url):
    lies, jan = factories.legal(username="lies"), factories.legal(username="jan")
    reviews.review_request(case=world["anns"], user=world["ann"], reviewer=lies,
                           question="Is de termijn gehaald?")
    reviews.review_request(case=world["bobs"], user=world["bob"], reviewer=jan,
                           question="Is de termijn gehaald?")
    assert_shows_only(client, lies, url, shown=[world["anns"].reference],
                      hidden=[world["bobs"].reference])
    assert_shows_only(client, jan, url, shown=[world["bobs"].reference],
                      hidden=[world["anns"].reference])


def test_legal_finds_the_deadlines_in_the_menu(client):
    client.force_login(factories.legal())
    assert 'href="/cases/deadlines/"' in client.get("/").content.decode()


@pytest.mark.parametrize("url", ["/cases/", "/cases/deadlines/", "/cases/export.csv",
                                 "/cases/deadlines/export.xlsx"])
def test_a_manager_is_refused_the_case_list_and_told_where_to_go(client, world, url):
    client.force_login(world["anns"].incident.reporter)
    response = client.get(url)
    assert response.status_code == 403
    assert "My reports" in response.content.decode()
    assert world["anns"].reference not in response.content.decode()


def test_the_authority_home_lists_only_the_cases_it_may_decide(client, hr_user):
    decider = factories.decider()
    waiting = awaiting_the_authority(hr_user)
    never_opened = steps.case_take_in_triage(case=submitted_case(), user=hr_user)
    assert_shows_only(client, decider, "/", shown=[waiting.reference],
                      hidden=[never_opened.reference])


def test_the_page_of_each_of_two_visible_cases_is_that_case(client, world):
    lead = factories.hr_lead()
    for shown, other in ((world["anns"], world["bobs"]), (world["bobs"], world["anns"])):
        assert_shows_only(client, lead, shown.get_absolute_url(),
                          shown=[shown.incident.employee.last_name],
                          hidden=[other.incident.employee.last_name])


def test_a_case_read_elsewhere_learns_which_relations_it_holds_from_its_own_rows(world):
    """The case page's relations, read for a case loaded without them: only this case's rows
    count (Ann's case has a hearing, Bob's none)."""
    from workflows.models import Case, Hearing
    from workflows.selectors import PAGE_RELATION_PATHS, relations_present

    Hearing.objects.create(case=world["anns"], scheduled_at=timezone.now(), place="Stadhuis",
                           facts_summary="Bericht op Facebook")
    hearings = PAGE_RELATION_PATHS.index("hearings")
    for case, has_hearing in ((world["anns"], True), (world["bobs"], False)):
        assert relations_present(Case.objects.get(pk=case.pk))[hearings] is has_hearing


def test_a_case_without_a_row_holds_none_of_the_page_relations(world):
    """A case removed after it was read (by the retention purge, say) has no rows to show: none of
    its relations is read, rather than every one of them."""
    from workflows.models import Case
    from workflows.selectors import PAGE_RELATION_PATHS, relations_present

    gone = Case(pk=Case.objects.order_by("-pk").values_list("pk", flat=True).first() + 1)
    assert relations_present(gone) == [False] * len(PAGE_RELATION_PATHS)
