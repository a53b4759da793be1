"""The result of an action on the case page is where the user looks, on a phone too: a document
issued is reported in the Documents section the page comes back to, not at its top, screens away;
a refused step lists its errors at the top, each a link to its field further down."""

import pytest
from playwright.sync_api import expect

from tests.browser.journeys import ENGLISH, browser_for
from tests.browser.test_accessibility import World
from workflows.services import steps

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 900}}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": ENGLISH}


@pytest.mark.parametrize("size", SIZES)
def test_the_issued_document_s_message_is_in_view_where_the_user_is_on_a_phone_too(
        live_server, login, new_context, tmp_path, size):
    world = World()
    page = browser_for(lambda: new_context(viewport=SIZES[size]), login, live_server, world.hr)
    page.goto(world.heard.get_absolute_url() + "#documents")
    documents = page.locator("section#documents")
    with page.expect_navigation():
        documents.get_by_role("button", name="Incident report", exact=True).click()

    assert page.url.endswith("#documents")
    message = documents.get_by_role("status")
    expect(message).to_contain_text("Incident report issued as version 2.")
    expect(message).to_be_in_viewport()
    expect(page.locator(".case-summary").get_by_role("status")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(tmp_path / f"issued-{size}.png"))


@pytest.mark.parametrize("size", SIZES)
def test_a_refused_step_lists_its_errors_at_the_top_and_leads_to_the_field(
        live_server, login, new_context, tmp_path, size):
    world = World()
    page = browser_for(lambda: new_context(viewport=SIZES[size]), login, live_server, world.hr)
    triaged = steps.case_take_in_triage(case=world.reported, user=world.hr)
    page.goto(triaged.get_absolute_url())
    form = page.locator("form[action$='/step/close_without_follow_up/']")
    page.locator("summary", has_text="Close without follow-up").click()
    with page.expect_navigation():
        form.get_by_role("button", name="Close without follow-up").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_in_viewport()
    page.screenshot(path=str(tmp_path / f"summary-{size}.png"))
    summary.get_by_role("link").first.click()
    field = page.locator(":target")
    expect(field).to_be_in_viewport()
    expect(field).to_have_attribute("name", "reason")
    cover = page.locator(".case-summary").bounding_box()  # stays in view on a laptop
    assert field.bounding_box()["y"] >= cover["y"] + cover["height"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(tmp_path / f"refused-{size}.png"))
