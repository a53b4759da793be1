"""The case page reads like a file: a summary with the next deadline, sections with anchors, the
deciding authority's decision after the facts, and no empty heading."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from tests import factories
from tests.workflows.conftest import submitted_case
from tests.workflows.test_dismissal_track import heard_case
from workflows.deadlines import working_days_between
from workflows.models import CaseDeadline
from workflows.services.assignment import SUBJECT_OF_CASE
from workflows.services.reviews import review_request
from workflows.services.steps import case_take_in_triage

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def page_of(client, user, case):
    client.force_login(user)
    response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def section_anchors(html):
    menu = re.search(r'<nav class="case-sections".*?</nav>', html, re.S).group(0)
    return re.findall(r'href="#([\w-]+)"', menu)


@pytest.fixture
def heard(contractual_case, hr_user, legal_user):
    case = heard_case(contractual_case, hr_user, knowledge=today())
    review_request(case=case, user=hr_user, reviewer=legal_user, question="Volledig genoeg?")
    return case


def test_the_summary_names_the_handler_and_the_next_deadline_in_working_days(
        client, heard, hr_user):
    html = page_of(client, hr_user, heard)
    summary = re.search(r'<header class="case-summary">.*?</header>', html, re.S).group(0)
    assert heard.reference in summary and "Hanne Claes" in summary
    deadline = heard.deadlines.get(status=CaseDeadline.Status.RUNNING)
    assert deadline.due_date.strftime("%d/%m/%Y") in summary
    assert re.search(r"\d working days? left", summary)


def error_summary_of(html):
    found = re.search(r'<div class="message message-error error-summary".*?</div>', html, re.S)
    return found.group(0) if found else ""


def test_a_refused_step_lists_its_errors_at_the_top_each_linked_to_its_field(client, hr_user):
    case = case_take_in_triage(case=submitted_case(), user=hr_user)
    client.force_login(hr_user)
    response = client.post(f"/cases/{case.reference}/step/close_without_follow_up/",
                           {"reason": ""})
    html = response.content.decode()
    summary = error_summary_of(html)
    assert response.status_code == 400 and summary
    [anchor] = re.findall(r'href="#([\w-]+)"', summary)
    assert f'id="{anchor}"' in html and "reason" in anchor
    assert html.index(summary) < html.index('id="facts"')  # above the sections, not among them


def test_a_page_without_a_refused_form_shows_no_error_summary(client, hr_user):
    case = case_take_in_triage(case=submitted_case(), user=hr_user)
    assert error_summary_of(page_of(client, hr_user, case)) == ""


def test_every_section_in_the_menu_has_its_anchor_on_the_page(client, heard, hr_user):
    html = page_of(client, hr_user, heard)
    anchors = section_anchors(html)
    assert anchors[:2] == ["overview", "facts"]
    for anchor in anchors:
        assert f'<section id="{anchor}"' in html


def test_the_authority_decides_after_the_facts_the_minutes_and_the_legal_question(
        client, heard, decider_user):
    html = page_of(client, decider_user, heard)
    facts = html.index('id="facts"')
    minutes = html.index("Het personeelslid erkent de feiten.")
    question = html.index("Volledig genoeg?")
    decision_form = html.index("/step/decide_dismissal/")
    assert facts < minutes < decision_form and question < decision_form
    assert "decide" in section_anchors(html)


def test_hr_finds_the_next_steps_in_the_overview_not_in_a_decision_section(
        client, heard, hr_user):
    html = page_of(client, hr_user, heard)
    assert "decide" not in section_anchors(html)
    assert 'id="decide"' not in html


def test_the_authority_sees_no_empty_access_section(client, heard, decider_user):
    html = page_of(client, decider_user, heard)
    assert "access" not in section_anchors(html)
    assert 'id="access"' not in html
    assert "Case management" not in html


def test_the_hr_lead_manages_access_in_the_access_section(client, heard):
    lead = factories.hr_lead(first_name="Hilde", last_name="Lemmens")
    html = page_of(client, lead, heard)
    access = html[html.index('<section id="access"'):html.index('<section id="timeline"')]
    assert "Assign an HR handler" in access and "Exclude a person from this case" in access


class TestDeadlineAtAGlance:
    def deadline(self, heard, due):
        deadline = heard.deadlines.get(status=CaseDeadline.Status.RUNNING)
        CaseDeadline.objects.filter(pk=deadline.pk).update(due_date=due)
        return deadline

    def test_a_deadline_due_within_the_reminder_days_is_amber(self, client, heard, hr_user,
                                                              settings):
        settings.DEADLINE_REMINDER_DAYS = 5
        self.deadline(heard, today() + datetime.timedelta(days=3))
        assert 'class="deadline deadline-due_soon"' in page_of(client, hr_user, heard)

    def test_a_deadline_further_away_is_not_amber(self, client, heard, hr_user, settings):
        settings.DEADLINE_REMINDER_DAYS = 5
        self.deadline(heard, today() + datetime.timedelta(days=30))
        html = page_of(client, hr_user, heard)
        assert "deadline-due_soon" not in html and 'class="deadline deadline-running"' in html

    def test_an_overdue_deadline_is_red_and_says_by_how_many_days(self, client, heard, hr_user):
        self.deadline(heard, today() - datetime.timedelta(days=2))
        html = page_of(client, hr_user, heard)
        assert re.search(r'class="deadline deadline-overdue">overdue by 2 days<', html)

    def test_working_days_left_skip_sundays_and_public_holidays(self, heard):
        deadline = self.deadline(heard, datetime.date(2026, 12, 28))
        deadline.refresh_from_db()
        # From Wednesday 23 December: 24, 26 and 28 December count; Christmas and Sunday do not.
        assert deadline.counts_working_days
        assert working_days_between(datetime.date(2026, 12, 23), deadline.due_date) == 3

    def test_a_met_deadline_leaves_the_urgent_list_on_the_home_page(self, client, heard,
                                                                   hr_user):
        client.force_login(hr_user)
        assert heard.reference in client.get("/").content.decode().split("urgent-heading")[-1]
        CaseDeadline.objects.filter(case=heard).update(status=CaseDeadline.Status.TAKEN,
                                                       met_on=today())
        urgent = client.get("/").content.decode().split("urgent-heading")[-1]
        assert heard.reference not in urgent


class TestDecisionsAreConfirmed:
    REASON = "Zware fout (art. 6 gedragscode)."

    def dismissal(self, case):
        return {"reason": self.REASON, "body": factories.deciding_body(case).pk}

    def post(self, client, user, case, data):
        client.force_login(user)
        return client.post(f"/cases/{case.reference}/step/decide_dismissal/", data)

    def test_a_decision_first_shows_its_summary_and_records_nothing(self, client, heard,
                                                                  decider_user):
        body = factories.deciding_body(heard)
        response = self.post(client, decider_user, heard, self.dismissal(heard))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Confirm the decision" in html
        assert "Zware fout (art. 6 gedragscode)." in html
        # The summary names the competent body that will decide.
        assert "Deciding body" in html and escape(str(body)) in html
        assert "The employment ends without notice or compensation" in html
        # The deadline the notification starts, from the rulebook, with its source.
        assert "Deadlines this decision starts" in html and "art. 35" in html
        heard.refresh_from_db()
        assert heard.state == "dismissal_heard" and not heard.decisions.exists()

    def test_confirming_records_the_decision(self, client, heard, decider_user):
        data = {**self.dismissal(heard), "confirmed": "1"}
        response = self.post(client, decider_user, heard, data)
        assert response.status_code == 302
        heard.refresh_from_db()
        assert heard.state == "dismissal_decided" and heard.decisions.count() == 1
        assert heard.decisions.get().body_id == data["body"]

    def test_change_goes_back_to_the_filled_in_form_without_recording(self, client, heard,
                                                                     decider_user):
        response = self.post(client, decider_user, heard,
                             {**self.dismissal(heard), "change": "1"})
        html = response.content.decode()
        assert response.status_code == 200 and "Zware fout (art. 6 gedragscode).</textarea>" in html
        assert not heard.decisions.exists()

    def test_an_incomplete_decision_shows_its_errors_not_a_summary(self, client, heard,
                                                                  decider_user):
        response = self.post(client, decider_user, heard,
                             {"body": factories.deciding_body(heard).pk})
        assert response.status_code == 400
        assert "Confirm the decision" not in response.content.decode()

    def test_hr_cannot_reach_the_summary_of_a_decision(self, client, heard, hr_user):
        assert self.post(client, hr_user, heard, self.dismissal(heard)).status_code == 403


def test_people_appear_by_full_name_in_choices_and_in_the_legal_section_never_by_login(
        client, heard, hr_user, legal_user):
    html = page_of(client, hr_user, heard)
    legal = html[html.index('<section id="legal"'):html.index('<section id="documents"')]
    assert "Hanne Claes asked Lies Maes" in legal
    assert re.search(r'<option value="\d+">Lies Maes</option>', legal)
    assert ">jurist<" not in html and ">hanne<" not in html and " jurist " not in html


class TestTheAuthoritysQueue:
    def heard_due_in(self, hr_user, days):
        case = heard_case(case_take_in_triage(case=submitted_case(), user=hr_user), hr_user,
                          knowledge=today())
        CaseDeadline.objects.filter(case=case, status=CaseDeadline.Status.RUNNING).update(
            due_date=today() + datetime.timedelta(days=days))
        return case

    def queue(self, client, decider_user):
        client.force_login(decider_user)
        html = client.get("/").content.decode()
        return html[html.index('id="decision-heading"'):]

    def test_the_nearest_deadline_comes_first_and_is_shown(self, client, hr_user, decider_user):
        # Opened in an order that neither the newest nor the oldest first would sort right.
        middle, urgent, later = (self.heard_due_in(hr_user, days) for days in (20, 2, 57))
        queue = self.queue(client, decider_user)
        assert (queue.index(urgent.reference) < queue.index(middle.reference)
                < queue.index(later.reference))
        assert (today() + datetime.timedelta(days=2)).strftime("%d/%m/%Y") in queue
        assert "deadline-due_soon" in queue

    def test_the_queue_costs_the_same_queries_for_two_or_five_cases(
            self, client, hr_user, decider_user):
        for days in (3, 9):
            self.heard_due_in(hr_user, days)
        client.force_login(decider_user)
        client.get("/")  # the first page after logging in also updates the session
        with CaptureQueriesContext(connection) as two:
            client.get("/")
        for days in (4, 5, 6):
            self.heard_due_in(hr_user, days)
        with CaptureQueriesContext(connection) as five:
            html = client.get("/").content.decode()
        assert html[html.index('id="decision-heading"'):].count("/cases/TD-") == 5
        assert len(five) == len(two)


class TestSortableCaseList:
    def test_sorting_by_next_deadline_puts_the_nearest_first_and_back(self, client, hr_user):
        lead = factories.hr_lead()
        later = TestTheAuthoritysQueue().heard_due_in(hr_user, 40)
        urgent = TestTheAuthoritysQueue().heard_due_in(hr_user, 1)
        client.force_login(lead)
        html = client.get("/cases/", {"sort": "deadline"}).content.decode()
        assert html.index(urgent.reference) < html.index(later.reference)
        assert 'aria-sort="ascending"' in html and "sort=-deadline" in html
        html = client.get("/cases/", {"sort": "-deadline"}).content.decode()
        assert html.index(later.reference) < html.index(urgent.reference)

    def test_an_unknown_sort_falls_back_to_the_newest_case_first(self, client, hr_user):
        first = TestTheAuthoritysQueue().heard_due_in(hr_user, 3)
        second = TestTheAuthoritysQueue().heard_due_in(hr_user, 3)
        client.force_login(factories.hr_lead())
        response = client.get("/cases/", {"sort": "password"})
        html = response.content.decode()
        assert response.status_code == 200
        assert html.index(second.reference) < html.index(first.reference)


class TestBulkAssignment:
    def test_the_hr_lead_assigns_two_triage_cases_at_once(self, client, hr_user):
        lead = factories.hr_lead()
        first, second, left = submitted_case(), submitted_case(), submitted_case()
        client.force_login(lead)
        assert "Assign several cases to one handler" in client.get("/").content.decode()
        response = client.post("/cases/assign/", {"cases": [first.pk, second.pk],
                                                  "handler": hr_user.pk})
        assert response.status_code == 302
        first.refresh_from_db(), second.refresh_from_db(), left.refresh_from_db()
        assert first.handler == hr_user and second.handler == hr_user and left.handler is None
        assert hr_user.has_perm("workflows.handle_case", first)

    def test_the_home_offers_the_cases_it_lists_and_any_case_of_the_queue_can_be_assigned(
            self, client, hr_user, monkeypatch):
        monkeypatch.setattr("core.views.HOME_ROWS", 2)
        oldest, second, newest = submitted_case(), submitted_case(), submitted_case()
        client.force_login(factories.hr_lead())
        home = client.get("/").content.decode()
        offered = set(re.findall(r'name="cases" value="(\d+)"', home))
        assert offered == {str(oldest.pk), str(second.pk)}
        response = client.post("/cases/assign/", {"cases": [newest.pk], "handler": hr_user.pk})
        assert response.status_code == 302
        newest.refresh_from_db()
        assert newest.handler == hr_user

    def test_one_refused_case_assigns_none(self, client, hr_user):
        lead = factories.hr_lead()
        own = submitted_case()
        own.incident.employee.user = hr_user
        own.incident.employee.save()
        other = submitted_case()
        client.force_login(lead)
        response = client.post("/cases/assign/", {"cases": [other.pk, own.pk],
                                                  "handler": hr_user.pk}, follow=True)
        assert str(SUBJECT_OF_CASE % {"user": "Hanne Claes"}) in response.content.decode()
        other.refresh_from_db()
        assert other.handler is None

    def test_an_hr_officer_may_not_assign(self, client, hr_user):
        case = submitted_case()
        client.force_login(hr_user)
        response = client.post("/cases/assign/", {"cases": [case.pk], "handler": hr_user.pk})
        assert response.status_code == 403
        case.refresh_from_db()
        assert case.handler is None
        assert "Assign several cases" not in client.get("/").content.decode()


class TestSortableDeadlines:
    """The deadlines list: the nearest first, or by case or handler, both ways; the export too."""

    def two_handlers_cases(self):
        zeger = factories.hr(first_name="Zeger", last_name="Wouters")
        anna = factories.hr(first_name="Anna", last_name="Aerts")
        near = TestTheAuthoritysQueue().heard_due_in(zeger, 2)
        far = TestTheAuthoritysQueue().heard_due_in(anna, 30)
        return near, far

    def test_by_handler_the_list_follows_the_handlers_names_and_back(self, client):
        near, far = self.two_handlers_cases()
        client.force_login(factories.hr_lead())
        html = client.get("/cases/deadlines/").content.decode()
        assert html.index(near.reference) < html.index(far.reference)  # the nearest first
        html = client.get("/cases/deadlines/", {"sort": "handler"}).content.decode()
        assert html.index(far.reference) < html.index(near.reference)  # Aerts before Wouters
        assert 'aria-sort="ascending"' in html and "sort=-handler" in html
        html = client.get("/cases/deadlines/", {"sort": "-handler"}).content.decode()
        assert html.index(near.reference) < html.index(far.reference)

    def test_the_export_follows_the_sort_of_the_list(self, client):
        near, far = self.two_handlers_cases()
        client.force_login(factories.hr_lead())
        csv = b"".join(client.get("/cases/deadlines/export.csv", {"sort": "-due"})).decode(
            "utf-8-sig")
        assert csv.index(far.reference) < csv.index(near.reference)

    def test_an_unknown_sort_falls_back_to_the_nearest_first(self, client):
        near, far = self.two_handlers_cases()
        client.force_login(factories.hr_lead())
        response = client.get("/cases/deadlines/", {"sort": "rule__legal_source"})
        html = response.content.decode()
        assert response.status_code == 200 and 'aria-sort="ascending"' not in html
        assert html.index(near.reference) < html.index(far.reference)


def test_the_decision_form_reads_the_competent_bodies_in_a_constant_number_of_queries(
        client, heard, decider_user):
    from incidents.models import Body

    employer = heard.employee.employer
    page_of(client, decider_user, heard)  # the first page after logging in also updates the session
    with CaptureQueriesContext(connection) as one:
        page_of(client, decider_user, heard)
    for name in ("de algemeen directeur a.i.", "de waarnemend algemeen directeur"):
        Body.objects.create(employer=employer, kind=Body.Kind.GENERAL_DIRECTOR, name=name)
    with CaptureQueriesContext(connection) as three:
        html = page_of(client, decider_user, heard)
    assert "de algemeen directeur a.i." in html and "de waarnemend algemeen directeur" in html
    assert len(three) == len(one)
