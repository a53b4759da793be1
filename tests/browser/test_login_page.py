"""The login page in a real browser: it loads, is accessible, and works with the keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory

# serialized_rollback like every other browser test: a plain transactional flush re-creates the
# role groups (post_migrate), which the next serialized test would then restore a second time.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def tab_to(page, selector, max_presses=25):
    """Press Tab until the element matching ``selector`` has the keyboard focus."""
    target = page.locator(selector)
    for _ in range(max_presses):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} not reached with {max_presses} presses of Tab")


def test_login_page_loads_and_is_accessible(page, live_server, axe_check, screenshot):
    response = page.goto("/login/")
    assert response is not None and response.status == 200
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("#id_username")).to_be_visible()
    expect(page.locator("#id_password")).to_have_attribute("type", "password")
    # The stylesheets are served by the live server, so axe judges the real colours.
    assert page.evaluate("() => document.styleSheets.length") >= 2
    assert axe_check(page) == []
    screenshot(page, "login")


def test_user_logs_in_with_the_keyboard_alone(page, live_server, axe_check):
    user = UserFactory(username="keyboard.user")
    page.goto("/login/")

    tab_to(page, "#id_username")
    page.keyboard.type(user.username)
    page.keyboard.press("Tab")
    expect(page.locator("#id_password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".nav-wide form[action$='/logout/'] button")).to_contain_text(
        user.get_full_name())
    assert axe_check(page) == []


def test_wrong_password_shows_an_error(page, live_server, login, axe_check, screenshot):
    user = UserFactory(username="forgetful.user")

    login(page, live_server, user.username, "not-the-password")

    expect(page).to_have_url(re.compile(r"/login/$"))
    error = page.get_by_role("alert")
    expect(error).to_be_visible()
    expect(error).not_to_be_empty()
    # The user name is kept, the password is not.
    expect(page.locator("#id_username")).to_have_value(user.username)
    expect(page.locator("#id_password")).to_have_value("")
    assert axe_check(page) == []
    screenshot(page, "login-error")


def test_login_helper_logs_in(page, live_server, login):
    user = UserFactory()
    login(page, live_server, user.username, PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")
