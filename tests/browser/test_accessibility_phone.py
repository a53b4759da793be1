"""On a 390 x 844 phone every page fits the screen: no sideways panning, for every role."""

import pytest
from playwright.sync_api import expect

from tests.browser.journeys import ENGLISH, browser_for
from tests.browser.test_accessibility import World

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
OPEN_EVERY_DISCLOSURE = "() => document.querySelectorAll('main details').forEach(d => { d.open = true; })"
PAGE_WIDTH = "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": ENGLISH}


def pages_of(world):
    heard, reported = world.heard.get_absolute_url(), world.reported.get_absolute_url()
    cases = [reported, heard, world.appeal_window.get_absolute_url(),
             world.closed.get_absolute_url()]
    return {
        world.manager: ["/", "/reports/", "/reports/new/",
                        f"/reports/{world.reported.incident.pk}/", "/help/"],
        world.hr: ["/", "/cases/", "/cases/deadlines/", f"{heard}documents/", *cases],
        world.lead: ["/", "/cases/", heard, f"{heard}access-log/"],
        world.legal: ["/", "/cases/", "/cases/deadlines/", heard],
        world.decider: ["/", "/cases/", "/cases/deadlines/", heard],
    }


def overflow_on(page, url):
    response = page.goto(url)
    assert response.status == 200, f"{url} answered {response.status}"
    page.evaluate(OPEN_EVERY_DISCLOSURE)
    size = page.evaluate(PAGE_WIDTH)
    return size if size["scroll"] > size["inner"] else None


def test_every_page_fits_a_phone_screen_for_every_role(page, live_server, login, new_context,
                                                      screenshot):
    world = World()
    page.set_viewport_size(PHONE)
    wide = {"login": overflow_on(page, "/login/")}
    for person, urls in pages_of(world).items():
        phone = browser_for(lambda: new_context(viewport=PHONE), login, live_server, person)
        for url in urls:
            wide[f"{person.username} {url}"] = overflow_on(phone, url)
            if person == world.decider and url == world.heard.get_absolute_url():
                screenshot(phone, "phone-case-page")
        if person == world.manager:
            overflow_on(phone, "/reports/new/")
            screenshot(phone, "phone-report-form", full_page=False)
    assert {where: size for where, size in wide.items() if size} == {}


def test_header_collapses_to_a_menu_on_a_phone(page, live_server, login, new_context):
    world = World()
    phone = browser_for(lambda: new_context(viewport=PHONE), login, live_server, world.hr)
    cases_link = phone.get_by_role("link", name="Cases")
    expect(cases_link).to_be_hidden()
    phone.get_by_text("Menu", exact=True).click()
    expect(cases_link).to_be_visible()
    with phone.expect_navigation():
        cases_link.click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Cases")


def test_every_page_of_every_role_passes_axe_on_a_phone(page, live_server, login, new_context,
                                                       axe_check):
    world = World()
    page.set_viewport_size(PHONE)
    found = {"login": violations_at_phone(page, axe_check, "/login/")}
    for person, urls in pages_of(world).items():
        phone = browser_for(lambda: new_context(viewport=PHONE), login, live_server, person)
        for url in urls:
            found[f"{person.username} {url}"] = violations_at_phone(phone, axe_check, url)
    assert {where: v for where, v in found.items() if v} == {}


def violations_at_phone(page, axe_check, url):
    response = page.goto(url)
    assert response.status == 200, f"{url} answered {response.status}"
    assert page.viewport_size == PHONE
    page.evaluate(OPEN_EVERY_DISCLOSURE)
    return axe_check(page)
