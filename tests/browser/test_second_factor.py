"""Issue 18 in a real browser: an HR officer who logs in with a local password links an
authenticator app on the first login, gives its code on the next one, and reaches the HR home."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.conftest import totp_now
from tests.factories import PASSWORD, authenticator_app, hr, totp_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def second_factor(settings):
    # The live server runs in this process and reads the setting at each request.
    settings.OTP_REQUIRED = True
    return settings


def enrol(page, live_server, login, give_code, axe_check, screenshot, user):
    login(page, live_server, user.username, PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/login/second-factor/enrol/?next=%2F")
    expect(page.locator(".qr-code svg")).to_be_visible()
    assert axe_check(page) == []
    screenshot(page, "second-factor-enrol")
    secret = page.locator("#totp-secret").inner_text()
    give_code(page, totp_now(secret))
    return secret


def test_hr_officer_enrols_on_first_login_then_gives_the_code_and_reaches_the_hr_home(
        page, live_server, login, give_code, login_with_second_factor, axe_check, screenshot,
        second_factor):
    user = hr(username="hanne.hr", first_name="Hanne", last_name="Claes")
    secret = enrol(page, live_server, login, give_code, axe_check, screenshot, user)

    expect(page.locator("h1")).to_have_text("Herstelcodes")
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    assert axe_check(page) == []
    screenshot(page, "second-factor-recovery-codes")
    with page.expect_navigation():
        page.get_by_role("button", name="Verdergaan").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("#triage-heading")).to_be_visible()

    with page.expect_navigation():
        page.locator(".nav-wide form[action$='/logout/'] button").click()
    # The enrolment's code is not taken twice: the next one the app shows is.
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    login_with_second_factor(page, live_server, user.username, PASSWORD, device)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("#triage-heading")).to_be_visible()


def test_a_wrong_code_keeps_the_officer_at_the_code_step(page, live_server, login, give_code,
                                                         axe_check, screenshot, second_factor):
    user = hr(username="wim.hr")
    device = authenticator_app(user)
    login(page, live_server, user.username, PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/login/second-factor/?next=%2F")
    expect(page.locator("h1")).to_have_text("Tweede stap: uw code")
    assert axe_check(page) == []
    screenshot(page, "second-factor-code")
    recent = {totp_code(device, steps) for steps in (-1, 0, 1)}
    wrong = next(code for code in ("000000", "111111") if code not in recent)
    give_code(page, wrong)
    expect(page.locator(".errorlist")).to_contain_text("Deze code klopt niet")
    page.goto("/cases/")
    expect(page).to_have_url(f"{live_server.url}/login/second-factor/?next=%2Fcases%2F")


@pytest.mark.browser_context_args(viewport={"width": 390, "height": 844})
def test_the_enrolment_page_fits_a_phone(page, live_server, login, second_factor, screenshot):
    user = hr(username="telefoon.hr")
    login(page, live_server, user.username, PASSWORD)
    expect(page.locator(".qr-code svg")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    screenshot(page, "second-factor-enrol-phone")
