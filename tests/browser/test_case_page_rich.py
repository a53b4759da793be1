"""The case page after issue #16 (relations fetched only when they hold rows, forms built only
when shown, one HR-staff list for three forms): on a rich case nothing it shows has gone, on a
laptop and on a phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.journeys import ENGLISH, browser_for
from tests.browser.test_accessibility import World
from workflows.services import assignment

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TEXTS = "options => options.map(o => o.textContent.trim())"
SIZES = {"laptop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": ENGLISH}


@pytest.mark.parametrize("size", SIZES)
def test_a_rich_case_page_shows_every_section_and_every_picker_for_the_lead_and_the_authority(
        live_server, login, new_context, tmp_path, size):
    world = World()
    assignment.case_add_co_handler(case=world.heard, user=world.lead, actor=world.lead)
    for person in (world.lead, world.decider):
        page = browser_for(lambda: new_context(viewport=SIZES[size]), login, live_server, person)
        assert page.goto(world.heard.get_absolute_url()).status == 200
        anchors = [href for href in page.locator("nav.case-sections a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))") if href.startswith("#")]
        assert "#facts" in anchors and "#timeline" in anchors
        for anchor in anchors:
            expect(page.locator(f"section{anchor}")).to_be_attached()
        main = page.locator("main")
        expect(main).to_contain_text("The employee admits the facts.")
        expect(main).to_contain_text("Is the hearing's record complete enough to decide?")
        if person == world.lead:
            # The three assignment forms each offer the HR staff, read once for the page.
            for form in ("assign", "co_handler_add", "co_handler_remove"):
                options = page.locator(f"form[action$='/action/{form}/'] select option")
                assert "Hanne Claes" in options.evaluate_all(TEXTS), form
        else:
            bodies = page.locator("form[action$='/step/decide_dismissal/'] select option")
            assert [b for b in bodies.evaluate_all(TEXTS) if re.search(r"\w", b)
                    and not b.startswith("---")], "no competent body offered"
        page.screenshot(path=str(tmp_path / f"{person.username}-{size}.png"), full_page=True)
