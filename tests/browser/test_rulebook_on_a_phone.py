"""The rulebook page on a phone: its tables become stacked rows, each cell named by its column,
instead of columns squeezed to a word per line; on a laptop they stay tables."""

import os

import pytest

from tests.browser.journeys import ENGLISH, browser_for
from tests.browser.test_accessibility import World

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 900}}
FIRST_CELL = "section[aria-labelledby='deadline-rules'] tbody tr:first-child td:first-child"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": ENGLISH}


@pytest.mark.parametrize("size", SIZES)
def test_the_rulebook_stacks_its_rows_on_a_phone_and_keeps_its_tables_on_a_laptop(
        live_server, login, new_context, tmp_path, size):
    world = World()
    page = browser_for(lambda: new_context(viewport=SIZES[size]), login, live_server, world.legal)
    assert page.goto(f"{live_server.url}/rulebook/").status == 200
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    cell = page.locator(FIRST_CELL)
    width = cell.bounding_box()["width"]
    label = cell.evaluate("td => getComputedStyle(td, '::before').content")
    if size == "phone":
        assert width > 300 and label == '"Rule: "'
    else:
        assert width < 600 and label in ("none", "normal")
    page.screenshot(path=str(os.environ.get("SCREENSHOT_DIR", tmp_path)) + f"/rulebook-{size}.png",
                    full_page=False)
