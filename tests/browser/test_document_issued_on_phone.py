"""Issuing a document from the case page on a phone: the result is shown in the Documents section
the page comes back to, not at its top, screens away from where the user is."""

import pytest
from playwright.sync_api import expect

from tests.browser.journeys import ENGLISH, browser_for
from tests.browser.test_accessibility import World

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
