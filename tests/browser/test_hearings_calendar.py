"""The hearings calendar, the preference page and the "to do" counter in Chromium: no serious or
critical accessibility violations, the month table on a desk and stacked on a phone."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.journeys import ENGLISH, browser_for
from tests.browser.test_accessibility import LATER_KNOWLEDGE, World
from tests.browser.test_accessibility_phone import PHONE
from workflows.services import steps

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
DESK = {"width": 1366, "height": 900}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": ENGLISH}


def planned_hearing(world, *, days_ahead=2):
    """A hearing planned in a few days on a new case of the HR officer."""
    case = world._triaged("contractual")
    case = steps.case_open_dismissal(case=case, user=world.hr, knowledge_date=timezone.localdate(),
                                     reason=LATER_KNOWLEDGE)
    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    return steps.case_convene_hearing(
        case=case, user=world.hr, place="Town hall, room 2", facts_summary="Posts about a client.",
        scheduled_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(14))),
        confirm_after_deadline=True, confirm_unusual_time=True)


def calendar_pages(when):
    return ["/hearings/", f"/hearings/{when.year}/{when.month}/", "/preferences/"]


def test_calendar_and_preferences_have_no_serious_or_critical_violations(
        live_server, login, new_context, axe_check, screenshot):
    world = World()
    case = planned_hearing(world)
    when = case.hearings.get().scheduled_at
    found = {}
    for person in (world.hr, world.decider):
        desk = browser_for(lambda: new_context(viewport=DESK), login, live_server, person)
        for url in calendar_pages(when):
            assert desk.goto(url).status == 200
            found[f"{person.username} {url}"] = axe_check(desk)
            if person == world.hr and url == "/hearings/":
                screenshot(desk, "hearings-list")
    hr = browser_for(lambda: new_context(viewport=DESK), login, live_server, world.hr)
    hr.goto(f"/hearings/{when.year}/{when.month}/")
    expect(hr.locator("table.month")).to_contain_text(case.reference)
    screenshot(hr, "hearings-month")
    hr.goto("/preferences/")
    hr.get_by_role("button", name="Make my private address").click()
    assert "/hearings/feed/" in hr.get_by_label("Private calendar address").input_value()
    found["hr address made"] = axe_check(hr)
    screenshot(hr, "preferences")
    assert {where: v for where, v in found.items() if v} == {}


def test_the_month_is_stacked_on_a_phone_and_shows_only_days_with_a_hearing(
        live_server, login, new_context, screenshot):
    world = World()
    case = planned_hearing(world)
    when = case.hearings.get().scheduled_at
    phone = browser_for(lambda: new_context(viewport=PHONE), login, live_server, world.hr)
    phone.goto(f"/hearings/{when.year}/{when.month}/")
    visible_days = phone.locator("table.month td:visible")
    expect(visible_days.filter(has_text=case.reference)).to_have_count(1)
    assert visible_days.count() < 7
    screenshot(phone, "phone-hearings-month")


def test_the_to_do_counter_leads_legal_to_the_review_request(live_server, login, new_context):
    world = World()
    desk = browser_for(lambda: new_context(viewport=PHONE), login, live_server, world.legal)
    counter = desk.locator("a.todo-counter")
    expect(counter).to_be_visible()
    expect(counter).to_contain_text("1")
    counter.click()
    desk.get_by_role("link", name="Review requests waiting for your opinion").click()
    expect(desk.locator("#review-heading")).to_be_in_viewport()
    expect(desk.locator("section[aria-labelledby=review-heading]")).to_contain_text(
        world.heard.reference)
