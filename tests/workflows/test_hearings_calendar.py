"""The hearings calendar of HR and the deciding authority: planned hearings per week, a month
table and a private .ics feed, each with only the hearings of cases the user can see; the feed
names the case reference, never the employee."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from tests import factories
from tests.workflows.conftest import submitted_case
from workflows.hearings_calendar import planned_hearings
from workflows.models import NotificationPreference
from workflows.services.preferences import calendar_token_renew, calendar_token_revoke
from workflows.services.steps import case_convene_hearing, case_open_dismissal, case_take_in_triage

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def at(days_ahead, hour=10):
    day = TODAY() + datetime.timedelta(days=days_ahead)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def convened(hr, *, days_ahead, place="Gemeentehuis, zaal 2"):
    case = case_take_in_triage(case=submitted_case(), user=hr)
    case = case_open_dismissal(case=case, user=hr, knowledge_date=TODAY())
    case = case_convene_hearing(case=case, user=hr, scheduled_at=at(days_ahead), place=place,
                                facts_summary="Bericht met vertrouwelijke informatie.",
                                summoned_on=TODAY() - datetime.timedelta(days=7),
                                confirm_after_deadline=True, confirm_unusual_time=True)
    return case


def month_url(when):
    return f"/hearings/{when.year}/{when.month}/"


@pytest.fixture
def colleague(db):
    return factories.hr()


class TestWhoSeesWhat:
    def test_hr_sees_the_hearings_of_their_own_cases_only(self, client, hr_user, colleague):
        mine = convened(hr_user, days_ahead=2)
        theirs = convened(colleague, days_ahead=2)
        client.force_login(hr_user)
        listed = client.get("/hearings/").content.decode()
        month = client.get(month_url(at(2))).content.decode()
        for page in (listed, month):
            assert mine.reference in page
            assert theirs.reference not in page

    @pytest.mark.parametrize("role", ["manager", "legal"])
    def test_the_calendar_is_not_for_managers_or_legal(self, client, role):
        client.force_login(getattr(factories, role)())
        assert client.get("/hearings/").status_code == 403
        assert client.get("/hearings/2026/12/").status_code == 403

    def test_anonymous_is_sent_to_login(self, client):
        response = client.get("/hearings/")
        assert response.status_code == 302 and response.url.startswith("/login/")


class TestList:
    def test_upcoming_hearings_first_grouped_per_week_past_ones_left_out(self, client, hr_user):
        later = convened(hr_user, days_ahead=15)
        sooner = convened(hr_user, days_ahead=1)
        past = convened(hr_user, days_ahead=-2)
        client.force_login(hr_user)
        page = client.get("/hearings/").content.decode()
        assert page.index(sooner.reference) < page.index(later.reference)
        assert past.reference not in page
        assert page.count("<h2 id=\"week-") >= 2

    @pytest.mark.parametrize("opened_first", ["sooner", "later"])
    def test_hearings_come_earliest_first_whichever_case_was_opened_first(self, hr_user,
                                                                       opened_first):
        days = {"sooner": 1, "later": 15}
        order = [opened_first, *(name for name in days if name != opened_first)]
        cases = {name: convened(hr_user, days_ahead=days[name]) for name in order}
        assert [hearing.case for hearing in planned_hearings(hr_user)] == [
            cases["sooner"], cases["later"]]

    def test_the_list_runs_the_same_queries_for_1_or_5_hearings(self, client, hr_user):
        convened(hr_user, days_ahead=3)
        client.force_login(hr_user)
        client.get("/hearings/")
        with CaptureQueriesContext(connection) as few:
            client.get("/hearings/")
        for days in range(4, 8):
            convened(hr_user, days_ahead=days)
        with CaptureQueriesContext(connection) as many:
            page = client.get("/hearings/").content.decode()
        assert page.count("/cases/TD-") >= 5
        assert len(many) == len(few)


class TestMonth:
    def test_a_hearing_is_shown_on_its_day(self, client, hr_user):
        case = convened(hr_user, days_ahead=3)
        client.force_login(hr_user)
        page = client.get(month_url(at(3))).content.decode()
        cell = page.split(f'data-label="{at(3):%A} {at(3).day} {at(3):%B}"')[1].split("</td>")[0]
        assert case.reference in cell and "10:00" in cell

    def test_the_month_runs_the_same_queries_for_1_or_5_hearings(self, client, hr_user):
        convened(hr_user, days_ahead=0)
        client.force_login(hr_user)
        client.get(month_url(at(0)))
        with CaptureQueriesContext(connection) as few:
            client.get(month_url(at(0)))
        for _ in range(4):
            convened(hr_user, days_ahead=0)
        with CaptureQueriesContext(connection) as many:
            client.get(month_url(at(0)))
        assert len(many) == len(few)

    @pytest.mark.parametrize("url", ["/hearings/2026/13/", "/hearings/1/1/", "/hearings/9999/12/"])
    def test_an_impossible_month_is_404(self, client, hr_user, url):
        client.force_login(hr_user)
        assert client.get(url).status_code == 404


def feed_of(client, token):
    response = client.get(f"/hearings/feed/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return response.content, Calendar.from_ical(response.content)


class TestFeed:
    def test_the_feed_holds_the_user_s_hearings_with_start_end_and_place(
            self, client, hr_user, colleague, settings):
        settings.HEARING_DURATION_MINUTES = 90
        mine = convened(hr_user, days_ahead=4, place="Stadhuis, zaal Schepen")
        theirs = convened(colleague, days_ahead=4)
        raw, feed = feed_of(client, calendar_token_renew(user=hr_user))
        [event] = feed.walk("VEVENT")
        assert event.decoded("dtstart") == at(4)
        assert event.decoded("dtend") - event.decoded("dtstart") == datetime.timedelta(minutes=90)
        assert str(event["location"]) == "Stadhuis, zaal Schepen"
        assert mine.reference in str(event["summary"])
        assert theirs.reference.encode() not in raw

    def test_the_feed_never_names_the_employee_nor_the_facts(self, client, hr_user):
        case = convened(hr_user, days_ahead=4)
        employee = case.incident.employee
        raw, _feed = feed_of(client, calendar_token_renew(user=hr_user))
        for secret in (employee.last_name, employee.first_name, "vertrouwelijke"):
            assert secret.encode() not in raw

    def test_a_new_address_makes_the_old_one_404(self, client, hr_user):
        convened(hr_user, days_ahead=4)
        old = calendar_token_renew(user=hr_user)
        new = calendar_token_renew(user=hr_user)
        assert client.get(f"/hearings/feed/{old}.ics").status_code == 404
        feed_of(client, new)

    def test_a_revoked_or_unknown_address_is_404(self, client, hr_user):
        token = calendar_token_renew(user=hr_user)
        calendar_token_revoke(user=hr_user)
        assert client.get(f"/hearings/feed/{token}.ics").status_code == 404
        assert client.get("/hearings/feed/not-a-token.ics").status_code == 404

    def test_only_a_hash_of_the_secret_is_stored(self, hr_user):
        token = calendar_token_renew(user=hr_user)
        stored = NotificationPreference.objects.get(user=hr_user)
        assert token not in stored.calendar_token_hash and len(stored.calendar_token_hash) == 64

    def test_a_user_who_lost_the_role_loses_the_feed(self, client, hr_user):
        token = calendar_token_renew(user=hr_user)
        hr_user.groups.clear()
        assert client.get(f"/hearings/feed/{token}.ics").status_code == 404


class TestAddressOnThePreferencePage:
    def test_hr_makes_an_address_and_sees_it_once(self, client, hr_user):
        client.force_login(hr_user)
        response = client.post("/preferences/calendar/new/")
        page = response.content.decode()
        assert response.status_code == 200 and "/hearings/feed/" in page
        assert "/hearings/feed/" not in client.get("/preferences/").content.decode()
        assert "Revoke and make a new address" in client.get("/preferences/").content.decode()

    def test_legal_has_no_calendar_address(self, client, legal_user):
        client.force_login(legal_user)
        assert client.post("/preferences/calendar/new/").status_code == 403
        assert 'id="calendar"' not in client.get("/preferences/").content.decode()
