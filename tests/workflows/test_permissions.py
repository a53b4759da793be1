"""Issue 5: each person sees exactly the cases their role and assignment give them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests import factories
from tests.workflows.conftest import submitted_case
from workflows import selectors
from workflows.models import HistoryIsAppendOnly, LegalOpinion
from workflows.services import assignment, reviews, steps

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def world():
    """Three cases: one reported, one handled by Ann, one handled by Bob and restricted."""
    ann, bob, lead = factories.hr(username="ann"), factories.hr(username="bob"), factories.hr_lead()
    reported = submitted_case()
    anns = steps.case_take_in_triage(case=submitted_case(), user=ann)
    bobs = steps.case_take_in_triage(case=submitted_case(), user=bob)
    assignment.case_set_restricted(case=bobs, restricted=True, actor=lead, reason="HR-collega")
    return {"ann": ann, "bob": bob, "lead": lead, "reported": reported, "anns": anns, "bobs": bobs}


def refs(cases):
    return {c.reference for c in cases}


class TestOneRuleForEveryList:
    def test_hr_officer_sees_the_triage_queue_and_own_cases_only(self, world):
        visible = refs(selectors.cases_visible_to(world["ann"]))
        assert visible == {world["reported"].reference, world["anns"].reference}
        assert refs(selectors.case_search(world["ann"], query="TD-")) == visible
        anns, bobs = world["anns"].reference, world["bobs"].reference
        assert refs(selectors.case_search(world["ann"], query=anns)) == {anns}
        assert refs(selectors.case_search(world["ann"], query=bobs)) == set()
        assert {d.case.reference for d in selectors.running_deadlines(world["ann"])} <= visible

    def test_hr_lead_sees_all_but_restricted_cases_not_naming_them(self, world):
        other_lead = factories.hr_lead()
        assert world["bobs"].reference not in refs(selectors.cases_visible_to(other_lead))
        assert world["bobs"].reference in refs(selectors.cases_visible_to(world["lead"]))

    def test_manager_sees_no_case(self, world):
        manager = world["reported"].incident.reporter
        assert refs(selectors.cases_visible_to(manager)) == set()

    def test_list_page_never_shows_an_invisible_case(self, world, client):
        client.force_login(world["ann"])
        html = client.get("/cases/?query=TD").content.decode()
        assert world["anns"].reference in html and world["bobs"].reference not in html
        html = client.get(f"/cases/?query={world['reported'].reference}").content.decode()
        assert world["reported"].reference in html and world["anns"].reference not in html
        assert world["bobs"].reference not in client.get("/").content.decode()

    def test_decider_sees_only_cases_in_a_formal_procedure(self, world):
        decider = factories.decider()
        assert refs(selectors.cases_visible_to(decider)) == set()
        steps.case_open_dismissal(case=world["anns"], user=world["ann"], knowledge_date=TODAY())
        assert refs(selectors.cases_visible_to(decider)) == {world["anns"].reference}


class TestAssignment:
    def test_co_handler_gets_the_case_and_loses_it_when_removed(self, world):
        carl = factories.hr(username="carl")
        assignment.case_add_co_handler(case=world["anns"], user=carl, actor=world["lead"])
        assert world["anns"].reference in refs(selectors.cases_visible_to(carl))
        assert carl.has_perm("workflows.handle_case", world["anns"])
        assignment.case_remove_co_handler(case=world["anns"], user=carl, actor=world["lead"])
        carl = type(carl).objects.get(pk=carl.pk)
        assert world["anns"].reference not in refs(selectors.cases_visible_to(carl))

    def test_only_an_hr_lead_assigns(self, world):
        with pytest.raises(PermissionDenied):
            assignment.case_assign_handler(case=world["anns"], handler=world["bob"],
                                           actor=world["ann"])

    def test_the_employee_concerned_can_never_be_assigned(self, world):
        hr_colleague = factories.hr()
        case = submitted_case()
        case.incident.employee.user = hr_colleague
        case.incident.employee.save()
        with pytest.raises(ValidationError, match="employee concerned"):
            assignment.case_assign_handler(case=case, handler=hr_colleague, actor=world["lead"])

    def test_excluded_person_loses_every_right_at_once(self, world):
        carl = factories.hr(username="carl")
        assignment.case_add_co_handler(case=world["anns"], user=carl, actor=world["lead"])
        assignment.case_exclude_person(case=world["anns"], user=carl, actor=world["lead"],
                                       reason="Partner van het personeelslid")
        carl = type(carl).objects.get(pk=carl.pk)
        assert world["anns"].reference not in refs(selectors.cases_visible_to(carl))
        assert world["anns"].events.filter(kind="exclusion_added").exists()

    def test_excluded_hr_lead_does_not_see_the_case(self, world):
        other_lead = factories.hr_lead()
        assignment.case_exclude_person(case=world["anns"], user=other_lead, actor=world["lead"],
                                       reason="Familie")
        assert world["anns"].reference not in refs(selectors.cases_visible_to(other_lead))


class TestLegalReview:
    def test_reviewer_sees_only_cases_sent_for_review_and_files_an_immutable_opinion(self, world):
        lawyer = factories.legal()
        assert refs(selectors.cases_visible_to(lawyer)) == set()
        reviews.review_request(case=world["anns"], user=world["ann"], reviewer=lawyer,
                               question="Is dit een zware fout?")
        assert refs(selectors.cases_visible_to(lawyer)) == {world["anns"].reference}
        assert [r.case for r in selectors.review_queue(lawyer)] == [world["anns"]]
        opinion = reviews.opinion_file(case=world["anns"], user=lawyer, text="Ja, art. 6.")
        assert list(selectors.review_queue(lawyer)) == []
        opinion.text = "Nee"
        with pytest.raises(HistoryIsAppendOnly):
            opinion.save()
        assert LegalOpinion.objects.get(pk=opinion.pk).text == "Ja, art. 6."

    def test_a_lawyer_not_asked_cannot_file_an_opinion(self, world):
        with pytest.raises(PermissionDenied):
            reviews.opinion_file(case=world["anns"], user=factories.legal(), text="x")


class TestAccessLog:
    def test_hr_lead_reads_it_and_an_hr_officer_may_not(self, world, client):
        client.force_login(world["ann"])
        client.get(world["anns"].get_absolute_url())
        assert client.get(f"/cases/{world['anns'].reference}/access-log/").status_code == 403
        client.force_login(world["lead"])
        response = client.get(f"/cases/{world['anns'].reference}/access-log/")
        assert response.status_code == 200
        assert world["ann"].get_full_name() in response.content.decode()

    def test_admin_offers_no_change_or_delete(self, world, client):
        from workflows.models import AccessLog

        client.get("/")
        superuser = factories.UserFactory(is_staff=True, is_superuser=True)
        client.force_login(world["ann"])
        client.get(world["anns"].get_absolute_url())
        entry = AccessLog.objects.first()
        client.force_login(superuser)
        assert client.post(f"/admin/workflows/accesslog/{entry.pk}/delete/",
                           {"post": "yes"}).status_code == 403
        assert AccessLog.objects.filter(pk=entry.pk).exists()


class TestActionsFromThePage:
    def test_hr_lead_assigns_from_the_case_page(self, world, client):
        client.force_login(world["lead"])
        response = client.post(f"/cases/{world['anns'].reference}/action/assign/",
                               {"handler": world["bob"].pk, "note": ""})
        assert response.status_code == 302
        world["anns"].refresh_from_db()
        assert world["anns"].handler == world["bob"]

    def test_hr_officer_posting_an_assignment_gets_403(self, world, client):
        client.force_login(world["ann"])
        response = client.post(f"/cases/{world['anns'].reference}/action/assign/",
                               {"handler": world["bob"].pk, "note": ""})
        assert response.status_code == 403

    def test_unknown_action_is_404(self, world, client):
        client.force_login(world["lead"])
        assert client.post(f"/cases/{world['anns'].reference}/action/nuke/").status_code == 404


class TestRequalification:
    def test_handler_requalifies_with_a_logged_reason_and_the_report_is_unchanged(self, world,
                                                                                   client):
        from incidents.models import Provision

        case = world["anns"]
        reported = set(case.incident.provisions.values_list("pk", flat=True))
        new = Provision.objects.filter(code_version__is_current=True, article="5.3")[:2]
        client.force_login(world["ann"])
        response = client.post(f"/cases/{case.reference}/action/requalify/", {
            "provisions": [p.pk for p in new], "seriousness": "very_serious",
            "reason": "Vertrouwelijke gegevens van cliënten"})
        assert response.status_code == 302
        case.refresh_from_db()
        assert set(case.provisions.values_list("pk", flat=True)) == {p.pk for p in new}
        assert case.seriousness == "very_serious"
        assert set(case.incident.provisions.values_list("pk", flat=True)) == reported
        event = case.events.get(kind="requalified")
        assert event.note == "Vertrouwelijke gegevens van cliënten" and event.payload["before"]

    def test_requalification_without_a_reason_is_refused(self, world, client):
        client.force_login(world["ann"])
        response = client.post(f"/cases/{world['anns'].reference}/action/requalify/", {
            "provisions": [world["anns"].provisions.first().pk], "seriousness": "minor",
            "reason": ""})
        assert response.status_code == 400
        assert not world["anns"].events.filter(kind="requalified").exists()

    def test_someone_not_handling_the_case_cannot_requalify(self, world):
        with pytest.raises(PermissionDenied):
            assignment.case_requalify(case=world["anns"], actor=world["bob"],
                                      provisions=list(world["anns"].provisions.all()),
                                      seriousness="minor", reason="x")
